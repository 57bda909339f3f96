//! The allocator gives freed memory back at once: what a reader frees while it builds a large
//! map does not add to the peak. (Alone in its own test binary, so no other test's memory is
//! counted.)

/// mimalloc, as the shipped program uses it (see `argscope::memory`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// This process's resident memory, in MiB.
fn resident_mib() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux has /proc");
    let kib: usize = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS is in kB");
    kib / 1024
}

#[test]
fn memory_freed_by_many_small_strings_is_given_back_at_once() {
    argscope::memory::set_up();
    let before = resident_mib();
    // What a reader makes: a great many short strings.
    let strings: Vec<String> = (0..2_000_000)
        .map(|i| format!("statement {i:>90}"))
        .collect();
    let holding = resident_mib();
    drop(std::hint::black_box(strings));
    let after = resident_mib();
    assert!(holding >= before + 150, "{before} MiB, then {holding} MiB");
    assert!(
        after <= before + 20,
        "{before} MiB before, {holding} MiB holding the strings, {after} MiB after freeing them"
    );
}
