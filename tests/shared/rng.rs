//! A small deterministic random generator for the tests that try many inputs: a failing
//! sequence reproduces from its seed, and no crate is needed.

/// xorshift64*.
pub struct Rng(u64);

impl Rng {
    /// A generator whose sequence is fixed by `seed` (not 0: xorshift would stay at 0).
    pub fn new(seed: u64) -> Self {
        assert_ne!(seed, 0, "xorshift needs a seed other than 0");
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap()
    }
}
