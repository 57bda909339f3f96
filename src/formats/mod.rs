//! Map formats: one module per format, each reading into or writing from [`crate::model::ArgMap`].

pub mod markdown;
pub mod native;
pub mod outline;
