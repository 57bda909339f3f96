//! Using a second core: two pieces of work at once, for the readers of large files.

use std::sync::OnceLock;

/// Whether this machine has a second core to give work to.
pub fn has_two_cores() -> bool {
    static TWO: OnceLock<bool> = OnceLock::new();
    *TWO.get_or_init(|| std::thread::available_parallelism().is_ok_and(|n| n.get() > 1))
}

/// Runs `first` here and `second` on another thread at once, and returns both results. With
/// one core, or when no thread can be had, runs them here one after the other. A panic in
/// `second` goes on in this thread, as if it had run here.
pub fn both<A, B: Send>(first: impl FnOnce() -> A, second: impl FnOnce() -> B + Send) -> (A, B) {
    if !has_two_cores() {
        return (first(), second());
    }
    let mut second = Some(second);
    let mut second_result = None;
    let first_result = std::thread::scope(|scope| {
        let other = std::thread::Builder::new()
            .name("argscope-second-core".into())
            .spawn_scoped(scope, || second.take().map(|work| work()));
        let first_result = first();
        if let Ok(other) = other {
            second_result = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
        first_result
    });
    let second_result = match (second_result, second) {
        (Some(result), _) => result,
        // No thread was to be had: the work is still here.
        (None, Some(work)) => work(),
        (None, None) => unreachable!("the second work ran and returned its result"),
    };
    (first_result, second_result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_returns_each_result_in_its_place() {
        let (a, b) = both(|| "first", || 2);
        assert_eq!((a, b), ("first", 2));
    }

    #[test]
    fn both_can_lend_each_work_its_own_half() {
        let mut numbers = vec![1, 2, 3, 4, 5];
        let (left, right) = numbers.split_at_mut(2);
        both(
            || left.iter_mut().for_each(|n| *n *= 10),
            || right.iter_mut().for_each(|n| *n += 1),
        );
        assert_eq!(numbers, [10, 20, 4, 5, 6]);
    }

    #[test]
    #[should_panic(expected = "from the second")]
    fn a_panic_in_the_second_work_goes_on_in_the_caller() {
        both(|| (), || panic!("from the second"));
    }
}
