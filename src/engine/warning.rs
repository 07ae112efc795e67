//! Risky but legitimate things about a token or a signing, as data with stable codes. Words
//! come from `Display` (`messages.rs`) when a warning is shown.

use super::alg::Alg;
use super::cpf::CpfProblem;
use super::error::JsonKind;

/// One warning.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// `alg: none`: unsigned.
    AlgNone,
    /// A letter-case variant of `none`, like `nOnE`.
    AlgNoneCase(String),
    /// `alg: none` with a signature segment anyway.
    NoneWithSignature,
    /// The header carries `jku`, `x5u`, `jwk` or `x5c`, which jwtpad never uses.
    HeaderUrlMember(HeaderMember),
    /// `crit` makes the token unverifiable.
    Crit(CritProblem),
    /// The payload is JSON but not an object (from a decoded token).
    PayloadNotObject(JsonKind),
    /// The payload to sign is not an object.
    SignPayloadNotObject(JsonKind),
    /// A claim appears twice; the last one is used.
    DuplicateClaim(String),
    /// No `exp`: the token never expires.
    NoExp,
    /// A single key's `kid` differs from the token's.
    KidDiffers {
        /// The key's kid.
        key_kid: String,
        /// The token's kid.
        token_kid: String,
    },
    /// An HMAC secret shorter than RFC 7518 §3.2 asks for.
    ShortSecret {
        /// Its length.
        bytes: usize,
        /// The minimum for `alg`.
        min: usize,
        /// The algorithm.
        alg: Alg,
    },
    /// An RSA key under 2048 bits.
    SmallRsa {
        /// Its size.
        bits: usize,
    },
    /// The header's `alg` was changed to the algorithm used for signing.
    AlgChanged {
        /// What the header said (JSON text).
        current: String,
        /// What was used.
        alg: Alg,
    },
    /// `alg: none` ignores the key it was given.
    NoneIgnoresKey,
    /// `personId` is not a valid CPF.
    PersonIdNotCpf(CpfProblem),
    /// The token's algorithm differs from the chosen profile's.
    ProfileAlgDiffers {
        /// The token's.
        token: Alg,
        /// The profile's.
        profile: Alg,
    },
}

impl Warning {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::AlgNone => "alg-none",
            Warning::AlgNoneCase(_) => "alg-none-case",
            Warning::NoneWithSignature => "alg-none-with-signature",
            Warning::HeaderUrlMember(_) => "header-url-member",
            Warning::Crit(c) => c.code(),
            Warning::PayloadNotObject(_) | Warning::SignPayloadNotObject(_) => "payload-not-object",
            Warning::DuplicateClaim(_) => "duplicate-claim",
            Warning::NoExp => "no-exp",
            Warning::KidDiffers { .. } => "kid-differs",
            Warning::ShortSecret { .. } => "hmac-secret-short",
            Warning::SmallRsa { .. } => "rsa-key-small",
            Warning::AlgChanged { .. } => "alg-changed",
            Warning::NoneIgnoresKey => "alg-none-key-ignored",
            Warning::PersonIdNotCpf(_) => "person-id-not-cpf",
            Warning::ProfileAlgDiffers { .. } => "profile-alg-differs",
        }
    }
}

/// Header members that point at keys jwtpad never fetches or trusts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum HeaderMember {
    Jku,
    X5u,
    Jwk,
    X5c,
}

impl HeaderMember {
    /// All of them, in the order they are checked.
    pub const ALL: [HeaderMember; 4] = [
        HeaderMember::Jku,
        HeaderMember::X5u,
        HeaderMember::Jwk,
        HeaderMember::X5c,
    ];

    /// The header member's name.
    pub fn name(self) -> &'static str {
        match self {
            HeaderMember::Jku => "jku",
            HeaderMember::X5u => "x5u",
            HeaderMember::Jwk => "jwk",
            HeaderMember::X5c => "x5c",
        }
    }
}

/// Why `crit` makes a token unverifiable (RFC 7515 §4.1.11).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CritProblem {
    /// `crit` is not an array.
    NotArray(JsonKind),
    /// `crit` is an empty array.
    Empty,
    /// Critical extensions jwtpad does not implement (each as its JSON text).
    Unknown(Vec<String>),
}

impl CritProblem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            CritProblem::NotArray(_) => "crit-not-array",
            CritProblem::Empty => "crit-empty",
            CritProblem::Unknown(_) => "crit-unknown",
        }
    }
}
