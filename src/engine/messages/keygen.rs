//! Words of generated keys, exported public keys and batches (`assets/locales/keygen.*.yml`).

use std::fmt::{self, Display, Formatter};

use rust_i18n::t;

use crate::engine::batch::BatchError;
use crate::engine::keys::export::ExportProblem;
use crate::engine::keys::generate::{KeygenError, RSA_BITS};

words!(KeygenError, |e| match e {
    KeygenError::AlgNone => t!("keygen.alg_none"),
    KeygenError::BitsNotRsa(alg) => t!("keygen.bits_not_rsa", alg = alg),
    KeygenError::RsaBits(bits) => t!(
        "keygen.rsa_bits",
        bits = bits,
        sizes = RSA_BITS.map(|b| b.to_string()).join(", ")
    ),
    KeygenError::NoRandomness(error) => t!("keygen.no_randomness", error = error),
    KeygenError::Failed(error) => t!("keygen.failed", error = error),
});

words!(ExportProblem, |e| match e {
    ExportProblem::Symmetric => t!("keygen.export_symmetric"),
    ExportProblem::Encode(error) => t!("keygen.export_encode", error = error),
});

words!(BatchError, |e| match e {
    BatchError::TooMany { count, max } => t!("keygen.batch_too_many", count = count, max = max),
    BatchError::Template { seq, error } => t!("keygen.batch_template", seq = seq, error = error),
    BatchError::Sign(error) => error.to_string().into(),
});
