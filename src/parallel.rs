//! Two independent jobs at once: the one place the crate starts and joins a thread
//! for work it could do in turn.

/// Runs `a` here and `b` on a thread of its own, and returns both results once both
/// are done. A panic in `b` is raised again here, as if `b` had run in turn.
pub fn both<A, B: Send>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B) {
    std::thread::scope(|s| {
        let b = s.spawn(b);
        let a = a();
        match b.join() {
            Ok(b) => (a, b),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::both;

    #[test]
    fn both_results_come_back_in_their_places() {
        assert_eq!(both(|| 1 + 1, || "two".len()), (2, 3));
    }

    #[test]
    #[should_panic(expected = "the second job")]
    fn a_panic_on_the_other_thread_is_raised_again_here() {
        fn second() -> u8 {
            panic!("the second job")
        }
        let _ = both(|| (), second);
    }
}
