//! The random source: `SplitMix64`, seeded by the spec, so a spec gives one document.

/// `SplitMix64` (Steele, Lea and Flood): tiny, fast and good enough for test data.
pub(super) struct SplitMix64(u64);

impl SplitMix64 {
    pub(super) fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), without modulo bias worth mentioning.
    pub(super) fn below(&mut self, n: usize) -> usize {
        // The high half of a 64 by `n` bit product is below `n`, so it fits a `usize`.
        usize::try_from((u128::from(self.next_u64()) * n as u128) >> 64).unwrap_or(0)
    }

    /// A number in `lo..=hi`.
    pub(super) fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// [`between`](Self::between) for a count stored as `u32`; the generator's ranges
    /// are small, so the saturation never happens.
    pub(super) fn between_u32(&mut self, lo: usize, hi: usize) -> u32 {
        u32::try_from(self.between(lo, hi)).unwrap_or(u32::MAX)
    }

    /// [`between`](Self::between) for seconds; the generator's ranges are small, so
    /// the saturation never happens.
    pub(super) fn between_i64(&mut self, lo: usize, hi: usize) -> i64 {
        i64::try_from(self.between(lo, hi)).unwrap_or(i64::MAX)
    }

    pub(super) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
}
