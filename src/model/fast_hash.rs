//! A fast hasher for the maps a load builds (ids, titles, edges): foldhash, with a fixed seed
//! so a run is repeatable.
//!
//! The standard SipHash resists keys chosen to collide, which a server taking input from
//! strangers needs; a map file can at worst slow its own loading, and SipHash was a tenth of
//! the time of loading a large map.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

/// A `HashMap` with foldhash.
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
/// A `HashSet` with foldhash.
pub type FastSet<T> = HashSet<T, foldhash::fast::FixedState>;

/// The hash of `value` as the fast maps compute it.
pub fn hash_one(value: impl std::hash::Hash) -> u64 {
    foldhash::fast::FixedState::default().hash_one(value)
}
