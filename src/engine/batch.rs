//! Batches of valid tokens for load and data-driven tests: one template rendered and
//! signed N times, each token with its own CPF (never repeated within a batch) and its
//! `{{seq}}`.
//!
//! A batch is an iterator: tokens are made one at a time as they are written, so a million
//! of them never sit in memory. A seed fixes every CPF and UUID, so the same seed, template,
//! key and `now` give the same batch.

use serde_json::Value;

use super::alg::Alg;
use super::cpf;
use super::error::Error;
use super::keys::Key;
use super::sign::{SignRequest, sign};
use super::template::{Compiled, Context, Source, TemplateError, process_env};

/// How many distinct CPFs there are to hand out: every 9-digit base, less the ten whose
/// digits are all the same (not valid CPFs).
pub const MAX_COUNT: u64 = 1_000_000_000 - 10;

/// What a batch signs.
pub struct BatchSpec<'a> {
    /// The template, compiled once.
    pub template: &'a Compiled,
    /// The algorithm to sign with.
    pub alg: Alg,
    /// The key that signs.
    pub key: &'a Key,
    /// `{{clientId}}`.
    pub client_id: Option<&'a str>,
    /// `{{now}}` for every token, unix seconds.
    pub now: i64,
    /// When set, every token's `exp`.
    pub exp: Option<i64>,
    /// How many tokens.
    pub count: u64,
    /// The seed of the CPFs and UUIDs.
    pub seed: u64,
}

/// One token of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchItem {
    /// Its `{{seq}}`, from 1.
    pub seq: u64,
    /// The CPF made for it (unformatted), when the template asked for one.
    pub cpf: Option<String>,
    /// The signed token.
    pub token: String,
}

/// Why a batch stopped or could not start.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BatchError {
    /// More tokens than there are distinct CPFs.
    TooMany {
        /// What was asked for.
        count: u64,
        /// The most a batch can make.
        max: u64,
    },
    /// The template did not render (for the token with this `seq`).
    Template {
        /// The token's sequence number.
        seq: u64,
        /// Why.
        error: TemplateError,
    },
    /// Signing failed.
    Sign(Error),
}

impl std::error::Error for BatchError {}

impl BatchError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            BatchError::TooMany { .. } => "batch-too-many",
            BatchError::Template { error, .. } => error.code(),
            BatchError::Sign(e) => e.code(),
        }
    }
}

/// The tokens of a batch, made as they are asked for.
pub struct Batch<'a> {
    spec: BatchSpec<'a>,
    next: u64,
    source: SeededSource,
    failed: bool,
}

impl<'a> Batch<'a> {
    /// A batch; nothing is signed until it is iterated.
    pub fn new(spec: BatchSpec<'a>) -> Result<Self, BatchError> {
        if spec.count > MAX_COUNT {
            return Err(BatchError::TooMany {
                count: spec.count,
                max: MAX_COUNT,
            });
        }
        let source = SeededSource::new(spec.seed);
        Ok(Batch {
            spec,
            next: 0,
            source,
            failed: false,
        })
    }

    fn make(&mut self, seq: u64) -> Result<BatchItem, BatchError> {
        self.source.last = None;
        let mut ctx = Context {
            client_id: self.spec.client_id,
            now: self.spec.now,
            exp: self.spec.exp,
            seq,
            env: &process_env,
            source: &mut self.source,
        };
        let rendered = self
            .spec
            .template
            .render(&mut ctx)
            .map_err(|error| BatchError::Template { seq, error })?;
        let signed = sign(SignRequest {
            header: rendered.header,
            payload: Value::Object(rendered.payload),
            alg: self.spec.alg,
            key: Some(self.spec.key),
        })
        .map_err(BatchError::Sign)?;
        Ok(BatchItem {
            seq,
            cpf: self.source.last.take(),
            token: signed.token,
        })
    }
}

impl Iterator for Batch<'_> {
    type Item = Result<BatchItem, BatchError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.next >= self.spec.count {
            return None;
        }
        self.next += 1;
        let item = self.make(self.next);
        // The same template fails the same way for every token: say it once.
        self.failed = item.is_err();
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.spec.count - self.next).unwrap_or(usize::MAX);
        (0, Some(left))
    }
}

/// CPFs from a seeded permutation of the 10⁹ nine-digit bases, so none repeats within a
/// batch, and UUIDs from the same seed.
struct SeededSource {
    keys: [u64; ROUNDS],
    index: u64,
    rng: u64,
    last: Option<String>,
}

const ROUNDS: usize = 4;
/// The permutation runs on 30 bits (2³⁰ > 10⁹); values past 10⁹ are walked on.
const HALF_BITS: u32 = 15;
const HALF_MASK: u64 = (1 << HALF_BITS) - 1;
const BASES: u64 = 1_000_000_000;

impl SeededSource {
    fn new(seed: u64) -> Self {
        let mut state = seed;
        let keys = std::array::from_fn(|_| splitmix64(&mut state));
        SeededSource {
            keys,
            index: 0,
            rng: splitmix64(&mut state),
            last: None,
        }
    }

    /// A Feistel network on 30 bits: a bijection, so distinct inputs give distinct outputs.
    fn permute(&self, value: u64) -> u64 {
        let (mut left, mut right) = (value >> HALF_BITS, value & HALF_MASK);
        for key in self.keys {
            let mut mixed = right ^ key;
            let f = splitmix64(&mut mixed) & HALF_MASK;
            (left, right) = (right, left ^ f);
        }
        (left << HALF_BITS) | right
    }

    /// The next base in the permutation of 0..10⁹ (cycle walking keeps it a permutation).
    fn next_base(&mut self) -> u64 {
        loop {
            let mut value = self.permute(self.index);
            self.index += 1;
            while value >= BASES {
                value = self.permute(value);
            }
            if !value.is_multiple_of(111_111_111) {
                // Not one of the ten all-same-digit bases.
                return value;
            }
        }
    }
}

impl Source for SeededSource {
    fn cpf(&mut self) -> String {
        let mut base = self.next_base();
        let mut digits = [0u8; 9];
        for d in digits.iter_mut().rev() {
            *d = (base % 10) as u8;
            base /= 10;
        }
        let cpf = cpf::from_base(digits);
        self.last = Some(cpf.clone());
        cpf
    }

    fn uuid_bytes(&mut self) -> [u8; 16] {
        let a = splitmix64(&mut self.rng).to_le_bytes();
        let b = splitmix64(&mut self.rng).to_le_bytes();
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&a);
        out[8..].copy_from_slice(&b);
        out
    }
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::template::Template;
    use crate::engine::{Clock, KeySet, Secret, decode};
    use std::collections::HashSet;

    fn key() -> Key {
        Key::hmac(Secret::new(b"batch-test-secret-0123456789abcdef".to_vec()))
    }

    fn batch_of(template: &Compiled, key: &Key, count: u64, seed: u64) -> Vec<BatchItem> {
        Batch::new(BatchSpec {
            template,
            alg: Alg::HS256,
            key,
            client_id: Some("client-123"),
            now: 1_700_000_000,
            exp: None,
            count,
            seed,
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    #[test]
    fn the_permutation_never_repeats_a_base() {
        let mut source = SeededSource::new(7);
        let mut seen = HashSet::new();
        for _ in 0..200_000 {
            let base = source.next_base();
            assert!(base < BASES);
            assert!(seen.insert(base), "repeated {base}");
        }
    }

    #[test]
    fn tokens_verify_with_their_own_cpf_and_seq() {
        let template = Template::builtin("caf-smart-auth")
            .unwrap()
            .compile()
            .unwrap();
        let key = key();
        let items = batch_of(&template, &key, 500, 42);
        assert_eq!(items.len(), 500);
        let keys = KeySet::from(key.clone());
        let clock = Clock::at(1_700_000_000, 0);
        let mut cpfs = HashSet::new();
        for (i, item) in items.iter().enumerate() {
            assert_eq!(item.seq, i as u64 + 1);
            let decoded = decode(&item.token, Some(&keys), &clock).unwrap();
            assert_eq!(decoded.verification.verified(), Some(true));
            let cpf = item.cpf.clone().unwrap();
            assert!(cpf::is_valid(&cpf), "{cpf}");
            assert!(cpfs.insert(cpf), "a CPF repeated");
        }
        // Same seed, same batch; another seed, other CPFs.
        assert_eq!(batch_of(&template, &key, 500, 42), items);
        let other = batch_of(&template, &key, 500, 43);
        assert_ne!(other[0].cpf, items[0].cpf);
    }

    #[test]
    fn a_bad_template_stops_the_batch_once() {
        let template = Template::builtin("caf-smart-auth")
            .unwrap()
            .compile()
            .unwrap();
        let key = key();
        let mut batch = Batch::new(BatchSpec {
            template: &template,
            alg: Alg::HS256,
            key: &key,
            client_id: None,
            now: 0,
            exp: None,
            count: 10,
            seed: 1,
        })
        .unwrap();
        let first = batch.next().unwrap().unwrap_err();
        assert_eq!(first.code(), "template-client-id-missing");
        assert!(batch.next().is_none());
        let too_many = Batch::new(BatchSpec {
            template: &template,
            alg: Alg::HS256,
            key: &key,
            client_id: None,
            now: 0,
            exp: None,
            count: MAX_COUNT + 1,
            seed: 1,
        });
        assert_eq!(too_many.err().map(|e| e.code()), Some("batch-too-many"));
    }
}
