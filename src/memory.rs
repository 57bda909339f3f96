//! The memory allocator: mimalloc, set to give freed memory back to the system at once. Each
//! program declares it (`#[global_allocator]` belongs to a program, not to this library, so a
//! benchmark can count allocations with its own) and calls [`set_up`] first.
//!
//! Reading a large map makes and frees millions of small strings (titles, labels, ids), and
//! hands memory between two threads. The system allocator spent a tenth of the time on it (its
//! `malloc`, `free` and the consolidation of freed chunks); with mimalloc a million-node map
//! opens a tenth to a fifth sooner. Two of its defaults are changed, both for memory:
//! - freed memory is given back at once, not kept for a second: kept, it would raise the peak
//!   while a reader frees what it read and builds the map (by a third for an Argdown file);
//! - memory is committed as it is used, not a whole arena at once, so a small map costs what
//!   it did with the system allocator (the built-in map's TUI 7 MB, not 14 MB). mimalloc reads
//!   that option before `main` runs, so it is set where its C is compiled: in
//!   `.cargo/config.toml`.

/// `mi_option_purge_delay`, by its place in that enum in the `mimalloc.h` of the mimalloc
/// that `libmimalloc-sys` (pinned in Cargo.toml) builds, as the bindings do not name it: how
/// many milliseconds freed memory is kept before it is given back.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets mimalloc up as above. Call it first thing in a program that uses it.
pub fn set_up() {
    // SAFETY: setting an option takes no pointers; mimalloc reads its options atomically.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
}
