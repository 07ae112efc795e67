//! Engine errors as data. Each carries what went wrong and where, and a stable machine code
//! ([`Error::code`]); the words come only from `Display` (see `messages.rs`), in the language
//! in force when the error is shown. No message ever holds key or secret bytes.

use serde_json::Value;

use super::alg::{Alg, Curve, UnknownAlg};
use super::keys::KeyRefusal;

/// The part of the input an error refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The token as a whole (segment count, emptiness).
    Token,
    /// The first segment.
    Header,
    /// The second segment.
    Payload,
    /// The third segment.
    Signature,
}

/// Everything the engine can refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The token cannot be read at all.
    Malformed {
        /// Where the problem is.
        part: Part,
        /// What is wrong.
        problem: TokenProblem,
    },
    /// JSON the user supplied (header, payload, JWK) is not acceptable.
    Json(JsonError),
    /// A key could not be read.
    Key(KeyError),
    /// Signing is impossible: no key, a key that does not fit, an unsupported algorithm.
    Sign(SignProblem),
    /// A time such as `+15m` or an RFC 3339 date could not be understood.
    Time(TimeSpecProblem),
}

impl Error {
    /// The stable machine code of the most specific problem, e.g. `base64-padding`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Malformed { problem, .. } => problem.code(),
            Error::Json(e) => e.issue.problem.code(),
            Error::Key(e) => e.problem.code(),
            Error::Sign(p) => p.code(),
            Error::Time(p) => p.code(),
        }
    }

    pub(crate) fn malformed(part: Part, problem: TokenProblem) -> Self {
        Error::Malformed { part, problem }
    }
}

impl std::error::Error for Error {}
impl std::error::Error for KeyError {}
impl std::error::Error for JsonError {}
impl std::error::Error for SignProblem {}
impl std::error::Error for TimeSpecProblem {}

impl From<KeyError> for Error {
    fn from(e: KeyError) -> Self {
        Error::Key(e)
    }
}

impl From<KeyProblem> for Error {
    fn from(problem: KeyProblem) -> Self {
        Error::Key(KeyError { at: None, problem })
    }
}

impl From<SignProblem> for Error {
    fn from(p: SignProblem) -> Self {
        Error::Sign(p)
    }
}

impl From<JsonError> for Error {
    fn from(e: JsonError) -> Self {
        Error::Json(e)
    }
}

/// Why a token cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenProblem {
    /// Nothing was pasted.
    Empty,
    /// Five segments: an encrypted token.
    Jwe,
    /// Not three segments; this many were found.
    SegmentCount(usize),
    /// A segment is not base64url.
    Base64(B64Problem),
    /// The header segment decodes to nothing.
    HeaderEmpty,
    /// The header is not UTF-8; the valid prefix is this many bytes.
    HeaderNotUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The header is not a JSON object.
    HeaderNotJson(JsonIssue),
}

impl TokenProblem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            TokenProblem::Empty => "empty-input",
            TokenProblem::Jwe => "jwe-not-supported",
            TokenProblem::SegmentCount(_) => "segment-count",
            TokenProblem::Base64(p) => p.code(),
            TokenProblem::HeaderEmpty => "header-empty",
            TokenProblem::HeaderNotUtf8 { .. } => "header-not-utf8",
            TokenProblem::HeaderNotJson(_) => "header-not-json",
        }
    }
}

/// What is wrong with base64 text. Positions are 1-based characters. For secret text the
/// character itself is never kept (`None`): even a `+` is part of the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum B64Problem {
    /// `=` padding, which JWS forbids.
    Padding {
        /// 1-based position.
        position: usize,
    },
    /// `+` or `/` from the standard alphabet.
    StandardChar {
        /// The character, unless it belongs to a secret.
        ch: Option<char>,
        /// 1-based position.
        position: usize,
    },
    /// Not a base64url character at all.
    BadChar {
        /// The character, unless it belongs to a secret.
        ch: Option<char>,
        /// 1-based position.
        position: usize,
    },
    /// A length no base64url text can have.
    Length(usize),
    /// The last character has stray low bits (not canonical).
    StrayBits {
        /// 1-based position of the last character.
        position: usize,
    },
    /// A base64 secret is empty.
    SecretEmpty,
    /// A base64 secret mixes the standard and URL-safe alphabets.
    SecretMixed,
    /// A base64 secret has a non-base64 character here.
    SecretBadChar {
        /// 1-based position.
        position: usize,
    },
    /// A base64 secret does not decode (length or padding).
    SecretInvalid,
}

impl B64Problem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            B64Problem::Padding { .. } => "base64-padding",
            B64Problem::StandardChar { .. } => "base64-standard-alphabet",
            B64Problem::BadChar { .. } => "base64-bad-character",
            B64Problem::Length(_) => "base64-length",
            B64Problem::StrayBits { .. } => "base64-stray-bits",
            B64Problem::SecretEmpty => "secret-empty",
            B64Problem::SecretMixed => "secret-mixed-alphabets",
            B64Problem::SecretBadChar { .. } => "secret-bad-character",
            B64Problem::SecretInvalid => "secret-not-base64",
        }
    }
}

/// Which JSON document a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonDoc {
    /// The header the user wrote.
    Header,
    /// The payload the user wrote.
    Payload,
    /// A JWK or JWKS.
    Jwk,
    /// Any other JSON (e.g. a formatter's input).
    Other,
}

/// A JSON document that is not acceptable, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Which document.
    pub doc: JsonDoc,
    /// What and where.
    pub issue: JsonIssue,
}

/// What is wrong in a JSON text, and at which 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonIssue {
    /// What is wrong.
    pub problem: JsonProblem,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// JSON problems. serde_json's fixed phrases each have a variant, so a translated window
/// says what is wrong in its own language.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // each variant is the serde_json phrase of the same name
pub enum JsonProblem {
    /// A member name appears twice.
    Duplicate(String),
    /// A JSON object was needed; this was found.
    NotObject(JsonKind),
    /// Deeper than [`super::json::MAX_DEPTH`].
    TooDeep,
    BareWord,
    EofValue,
    EofObject,
    EofList,
    EofString,
    ExpectedValue,
    ExpectedColon,
    ExpectedCommaBracket,
    ExpectedCommaBrace,
    ExpectedQuote,
    KeyNotString,
    TrailingComma,
    TrailingCharacters,
    InvalidEscape,
    InvalidNumber,
    NumberOutOfRange,
    InvalidCodePoint,
    ControlCharacter,
    LoneSurrogate,
    ShortHexEscape,
    /// A phrase a newer serde_json added, kept as it is (English).
    Other(String),
}

impl JsonProblem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            JsonProblem::Duplicate(_) => "json-duplicate-member",
            JsonProblem::NotObject(_) => "json-not-object",
            JsonProblem::TooDeep => "json-too-deep",
            _ => "json-syntax",
        }
    }
}

/// The kind of a JSON value, for messages ("found an array").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum JsonKind {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl JsonKind {
    /// The kind of `value`.
    pub fn of(value: &Value) -> Self {
        match value {
            Value::Null => JsonKind::Null,
            Value::Bool(_) => JsonKind::Boolean,
            Value::Number(_) => JsonKind::Number,
            Value::String(_) => JsonKind::String,
            Value::Array(_) => JsonKind::Array,
            Value::Object(_) => JsonKind::Object,
        }
    }
}

/// A key that cannot be read, and where in a bundle it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    /// The PEM block or JWKS entry, for bundles.
    pub at: Option<KeyPlace>,
    /// What is wrong.
    pub problem: KeyProblem,
}

/// Where in a bundle a key is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPlace {
    /// The n-th PEM block (1-based), whose label was read when known.
    PemBlock {
        /// 1-based.
        index: usize,
        /// "PUBLIC KEY", ...; `None` when the BEGIN line is unreadable.
        label: Option<String>,
    },
    /// The n-th key (1-based) of a JWKS.
    JwksEntry(usize),
}

/// Why a key cannot be read. Variants with a `String` keep a third-party parser's own
/// (English) words, which never contain key bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // the messages say it all; codes group them
pub enum KeyProblem {
    EmptyFile,
    UnknownFormat,
    PemUnclosed,
    PemNoEnd {
        end_marker: String,
    },
    PemInvalid(String),
    PemNoKey,
    NotAKeyBlock(String),
    DerUnknown,
    JwksEmpty,
    JwksNotObject(JsonKind),
    KeysNotArray(JsonKind),
    X509Invalid(String),
    CertSpki(String),
    Encrypted,
    OpenSsh,
    RsaInvalid(String),
    Secp256k1,
    CurveOidUnsupported(String),
    NoCurve,
    Ed448,
    X25519,
    RsaPss,
    OidUnsupported(String),
    SpkiInvalid(String),
    Ed25519PublicInvalid(String),
    Pkcs8Invalid(String),
    EcPrivateInvalid {
        curve: Curve,
        error: String,
    },
    Ed25519PrivateInvalid(String),
    Sec1Invalid(String),
    EcNotOnCurve(Curve),
    EcOutOfRange(Curve),
    EcPrivateLen {
        curve: Curve,
        len: usize,
        found: usize,
    },
    MemberNotString {
        name: String,
        kind: JsonKind,
    },
    MemberMissing {
        kty: String,
        name: String,
    },
    MemberNotBase64 {
        name: String,
        problem: B64Problem,
    },
    NoKty,
    OctEmpty,
    EcCurveUnsupported(String),
    EcXyLen {
        curve: Curve,
        len: usize,
        x: usize,
        y: usize,
    },
    EcDMismatch,
    KeyAgreementCurve(String),
    OkpCurveUnsupported(String),
    Ed25519XLen(usize),
    Ed25519XInvalid,
    Ed25519DLen(usize),
    Ed25519DMismatch,
    KtyUnsupported(String),
    /// An HMAC secret given as base64 that is not.
    Base64Secret(B64Problem),
}

impl KeyProblem {
    /// The stable machine code; related problems share one.
    pub fn code(&self) -> &'static str {
        use KeyProblem as K;
        match self {
            K::EmptyFile | K::PemNoKey | K::JwksEmpty | K::OctEmpty => "key-empty",
            K::UnknownFormat | K::DerUnknown => "key-format-unknown",
            K::PemUnclosed | K::PemNoEnd { .. } | K::PemInvalid(_) | K::NotAKeyBlock(_) => {
                "pem-invalid"
            }
            K::Encrypted => "key-encrypted",
            K::OpenSsh => "key-openssh",
            K::Secp256k1
            | K::CurveOidUnsupported(_)
            | K::Ed448
            | K::X25519
            | K::RsaPss
            | K::OidUnsupported(_)
            | K::EcCurveUnsupported(_)
            | K::KeyAgreementCurve(_)
            | K::OkpCurveUnsupported(_)
            | K::KtyUnsupported(_) => "key-unsupported",
            K::EcDMismatch | K::Ed25519DMismatch => "key-pair-mismatch",
            K::JwksNotObject(_)
            | K::KeysNotArray(_)
            | K::MemberNotString { .. }
            | K::MemberMissing { .. }
            | K::NoKty => "jwk-invalid",
            K::MemberNotBase64 { .. } => "jwk-member-not-base64url",
            K::Base64Secret(p) => p.code(),
            K::X509Invalid(_)
            | K::CertSpki(_)
            | K::RsaInvalid(_)
            | K::NoCurve
            | K::SpkiInvalid(_)
            | K::Ed25519PublicInvalid(_)
            | K::Pkcs8Invalid(_)
            | K::EcPrivateInvalid { .. }
            | K::Ed25519PrivateInvalid(_)
            | K::Sec1Invalid(_)
            | K::EcNotOnCurve(_)
            | K::EcOutOfRange(_)
            | K::EcPrivateLen { .. }
            | K::EcXyLen { .. }
            | K::Ed25519XLen(_)
            | K::Ed25519XInvalid
            | K::Ed25519DLen(_) => "key-invalid",
        }
    }
}

/// Why a token cannot be signed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignProblem {
    /// The algorithm needs a key and none was given.
    NeedsKey(Alg),
    /// The key cannot sign: it is public.
    PublicKey,
    /// The key does not fit the algorithm.
    Refused(KeyRefusal),
    /// The signature primitive failed.
    Crypto(CryptoProblem),
    /// A broken test token needs a real key to fail for exactly one reason.
    BrokenNeedsKey,
    /// A broken test token needs claims to change.
    BrokenNeedsObject,
    /// The claim to leave out is not in the payload.
    NoSuchClaim(String),
}

impl SignProblem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            SignProblem::NeedsKey(_) => "sign-needs-key",
            SignProblem::PublicKey => "sign-public-key",
            SignProblem::Refused(r) => r.code(),
            SignProblem::Crypto(c) => c.code(),
            SignProblem::BrokenNeedsKey => "broken-needs-key",
            SignProblem::BrokenNeedsObject => "broken-needs-object",
            SignProblem::NoSuchClaim(_) => "broken-no-such-claim",
        }
    }
}

impl From<KeyRefusal> for SignProblem {
    fn from(r: KeyRefusal) -> Self {
        SignProblem::Refused(r)
    }
}

/// Why a signature could not be made or checked at all (a mismatch is not a problem here:
/// it is a verdict).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CryptoProblem {
    /// A signature of impossible length for this key and algorithm.
    WrongLength {
        /// The algorithm.
        alg: Alg,
        /// Bytes this key's signatures have.
        expected: usize,
        /// Bytes found.
        found: usize,
        /// For ECDSA: what the bytes look like.
        hint: Option<SigHint>,
    },
    /// ES512 needs an EC P-521 key (public, to verify; private, to sign).
    Es512Key {
        /// Whether a private key was needed.
        private: bool,
    },
    /// The P-521 key material does not load.
    P521Invalid {
        /// Whether it was the private key.
        private: bool,
    },
    /// The algorithm cannot be verified or signed here.
    Unsupported {
        /// The algorithm.
        alg: Alg,
        /// Signing (true) or verifying.
        signing: bool,
    },
    /// jsonwebtoken refused the key; its error kind, as it names it.
    KeyUnusable(String),
    /// jsonwebtoken failed to sign; its error kind.
    SignFailed(String),
    /// The EC private key does not load for the backend.
    EcUnusable(Curve),
    /// A private key could not be re-encoded for the backend.
    Encode {
        /// Which key.
        what: EncodeWhat,
        /// The encoder's own words.
        error: String,
    },
}

/// What an ECDSA signature of the wrong length looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigHint {
    /// It starts like a DER SEQUENCE.
    Der,
    /// Otherwise: JWS needs raw R||S.
    Raw,
}

/// Which key could not be re-encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum EncodeWhat {
    Rsa,
    Ed25519,
}

impl CryptoProblem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            CryptoProblem::WrongLength { .. } => "signature-length",
            CryptoProblem::Es512Key { .. } => "key-alg-mismatch",
            CryptoProblem::P521Invalid { .. } | CryptoProblem::KeyUnusable(_) => "key-unusable",
            CryptoProblem::Encode { .. } | CryptoProblem::EcUnusable(_) => "key-unusable",
            CryptoProblem::Unsupported { .. } => "alg-unsupported",
            CryptoProblem::SignFailed(_) => "sign-failed",
        }
    }
}

/// A time expression that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeSpecProblem {
    /// Not one of the accepted forms.
    NotUnderstood(String),
    /// Beyond the dates that can be shown.
    TooFar(String),
    /// Not a time, where a wall-clock date and time was also accepted.
    NotUnderstoodInZone(String),
    /// A wall-clock time the clocks of `zone` jumped over (spring forward): from `from`
    /// (local, at offset `before`) they went straight to offset `after`.
    Skipped {
        /// What was typed.
        text: String,
        /// The zone's IANA name.
        zone: &'static str,
        /// The first local time that does not exist.
        from: chrono::NaiveDateTime,
        /// The offset before the jump.
        before: chrono::FixedOffset,
        /// The offset after it.
        after: chrono::FixedOffset,
    },
    /// A wall-clock time `zone` passed twice (fall back); an offset picks one.
    Ambiguous {
        /// What was typed.
        text: String,
        /// The zone's IANA name.
        zone: &'static str,
        /// The first time the clocks showed it.
        earlier: chrono::DateTime<chrono::FixedOffset>,
        /// The second time.
        later: chrono::DateTime<chrono::FixedOffset>,
    },
}

impl TimeSpecProblem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            TimeSpecProblem::NotUnderstood(_) | TimeSpecProblem::NotUnderstoodInZone(_) => {
                "time-not-understood"
            }
            TimeSpecProblem::TooFar(_) => "time-too-far",
            TimeSpecProblem::Skipped { .. } => "time-in-dst-gap",
            TimeSpecProblem::Ambiguous { .. } => "time-ambiguous",
        }
    }
}

/// A time zone that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ZoneProblem {
    /// Not an IANA name jwtpad knows, with the nearest names it does know.
    Unknown {
        /// What was given.
        name: String,
        /// Up to three known names close to it.
        suggestions: Vec<&'static str>,
    },
    /// The machine's zone could not be named, so UTC stands in for it (a note, not an error).
    SystemUnknown {
        /// What the system reported, when it reported a name jwtpad does not know.
        name: Option<String>,
    },
}

impl ZoneProblem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            ZoneProblem::Unknown { .. } => "zone-unknown",
            ZoneProblem::SystemUnknown { .. } => "zone-system-unknown",
        }
    }
}

impl std::error::Error for ZoneProblem {}

/// Why a header's `alg` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlgProblem {
    /// No `alg` member.
    Missing,
    /// `alg` is not a string.
    NotString(JsonKind),
    /// Not an algorithm jwtpad knows.
    Unknown(UnknownAlg),
}

impl AlgProblem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            AlgProblem::Missing => "no-alg",
            AlgProblem::NotString(_) => "alg-not-string",
            AlgProblem::Unknown(_) => "alg-unknown",
        }
    }
}
