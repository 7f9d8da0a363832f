//! A quick hash for maps keyed by the platform's own ids and names.

use std::hash::{BuildHasherDefault, Hasher};

/// A quick hash (the multiply-rotate of rustc's `FxHasher`) for maps on the hot path
/// whose keys are the platform's own ids or names: `SipHash`'s resistance to chosen
/// collisions buys nothing there, and its cost shows in every `check`.
#[derive(Default, Clone, Copy)]
pub struct QuickHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl QuickHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for QuickHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            if let Ok(word) = <[u8; 8]>::try_from(chunk) {
                self.add(u64::from_le_bytes(word));
            }
        }
        let mut tail = [0u8; 8];
        for (t, b) in tail.iter_mut().zip(chunks.remainder()) {
            *t = *b;
        }
        self.add(u64::from_le_bytes(tail));
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap`'s `S` for [`QuickHasher`].
pub type QuickHash = BuildHasherDefault<QuickHasher>;
