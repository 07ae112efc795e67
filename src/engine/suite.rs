//! The negative-test suite: the valid baseline token plus every token a strict server must
//! refuse, each labelled with what it tests and why, and a few controls it must accept.
//!
//! Every case fails for exactly its own reason: the rest of the token is signed with the
//! real key and is otherwise valid. [`judge`] is the strict server the suite is checked
//! against (and that a QA team can read as the rules it tests).

use rsa::traits::PublicKeyParts;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::alg::{Alg, Curve, KeyFamily};
use super::b64;
use super::broken::{self, Broken};
use super::claims::{self, Clock};
use super::cpf;
use super::crypto;
use super::error::Error;
use super::keys::{Key, KeyOrigin, KeySet, Material};
use super::secret::Secret;
use super::sign::place_alg;
use super::template::{Template, TemplateWarning};
use super::token::Token;
use super::verify::{FailReason, Verification, verify};

/// Tokens longer than this are refused by [`judge`] before they are read: far above any
/// real token (even one with a certificate chain), far below the 1 MiB case.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// Size of the oversized case's payload.
pub const HUGE_PAYLOAD_BYTES: usize = 1024 * 1024;

/// RSA size of the fresh attacker key (embedded JWK, `jku`, `x5u`).
const FRESH_RSA_BITS: usize = 2048;

/// Where the `jku` and `x5u` cases point: a reserved name that never resolves (RFC 2606).
pub const ATTACKER_JKU: &str = "https://attacker.invalid/.well-known/jwks.json";
/// See [`ATTACKER_JKU`].
pub const ATTACKER_X5U: &str = "https://attacker.invalid/cert.pem";
/// The `kid` of the attacker's key in the `jku` case.
pub const ATTACKER_KID: &str = "attacker-key";
/// The path-traversal `kid` (a key file that reads as empty).
pub const KID_PATH: &str = "../../../../dev/null";
/// The SQL-injection `kid`, whose query would return the key `1`.
pub const KID_SQL: &str = "x' UNION SELECT '1';--";

/// What the suite is built from: the token a server accepts, and the rules it holds.
#[derive(Debug, Clone)]
pub struct Baseline<'a> {
    /// Header members of the valid token (`alg` is set to [`Baseline::alg`]).
    pub header: Map<String, Value>,
    /// Claims of the valid token; `exp`, when present, must be in the future.
    pub payload: Map<String, Value>,
    /// The key that signs (an HMAC secret or a private key).
    pub key: &'a Key,
    /// The algorithm the server expects.
    pub alg: Alg,
    /// Rules of the server under test.
    pub rules: Rules,
}

/// What a strict server checks beyond the signature: the template's rules (required
/// claims, `iss`, the CPF claim, its algorithm; [`Template::check`], the one place they
/// live) with the profile's clientId.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// The template; its `alg` is the only algorithm accepted.
    pub template: Template,
    /// The value `iss` must have (the profile's clientId), when there is one.
    pub client_id: Option<String>,
}

impl Rules {
    /// Rules for `template` signed with `alg` (the template's own algorithm, when it names
    /// none, becomes `alg`).
    pub fn new(mut template: Template, alg: Alg, client_id: Option<String>) -> Self {
        template.alg = Some(template.alg.unwrap_or(alg));
        Rules {
            template,
            client_id,
        }
    }

    fn requires(&self, claim: &str) -> bool {
        self.template.required.iter().any(|c| c == claim)
    }
}

/// A group of cases, as the window and the exports list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Category {
    /// Tokens a server must accept.
    Control,
    /// Signature and key attacks.
    Signature,
    /// Time claims.
    Time,
    /// Other claims.
    Claims,
    /// The compact serialization itself.
    Structure,
}

impl Category {
    /// All categories, in the order cases are listed.
    pub const ALL: [Category; 5] = [
        Category::Control,
        Category::Signature,
        Category::Time,
        Category::Claims,
        Category::Structure,
    ];

    /// The stable machine code.
    pub fn code(self) -> &'static str {
        match self {
            Category::Control => "control",
            Category::Signature => "signature",
            Category::Time => "time",
            Category::Claims => "claims",
            Category::Structure => "structure",
        }
    }
}

/// What a correct server does with a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expect {
    /// Refuses it.
    Reject,
    /// Accepts it (a control).
    Accept,
}

impl Expect {
    /// `reject` or `accept`.
    pub fn code(self) -> &'static str {
        match self {
            Expect::Reject => "reject",
            Expect::Accept => "accept",
        }
    }
}

/// One case of the suite: what it is, without the token. Its `Display` is the one-sentence
/// description.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CaseKind {
    /// The valid token itself.
    Baseline,
    /// An extra claim nobody asked for.
    ExtraClaim,
    /// The same header with other whitespace, signed again.
    HeaderWhitespace,
    /// One bit of the signature changed.
    BitFlip,
    /// Signed with another, random key of the same type.
    OtherKey,
    /// The signature segment empty.
    EmptySignature,
    /// The signature cut in half.
    TruncatedSignature,
    /// `alg` set to this spelling of `none`, no signature.
    AlgNone(&'static str),
    /// The same key under another algorithm of its family.
    OtherAlg {
        /// The algorithm used.
        alg: Alg,
        /// The one the server expects.
        expected: Alg,
    },
    /// HS256 with an empty secret.
    EmptyHmac,
    /// HS256 keyed with the public key's PEM text.
    PemHmac {
        /// Whether the PEM keeps its final newline.
        final_newline: bool,
    },
    /// Signed by a fresh key whose public JWK is in the header.
    EmbeddedJwk,
    /// `jku` naming the attacker's JWKS, signed by the attacker's key.
    Jku,
    /// `x5u` naming the attacker's certificate, signed by the attacker's key.
    X5u,
    /// `kid` a path to an empty file, HMAC with an empty key.
    KidPath,
    /// `kid` an SQL injection returning `1`, HMAC with the secret `1`.
    KidSql,
    /// ECDSA signature with r = s = 0.
    Psychic,
    /// `exp` an hour ago.
    Expired,
    /// `exp` one second past the leeway.
    ExpiredPastLeeway {
        /// The leeway, in seconds.
        leeway: i64,
    },
    /// `nbf` an hour ahead.
    NotYetValid,
    /// `iat` an hour ahead.
    IatFuture,
    /// `exp` a string of digits.
    ExpString,
    /// No `exp`, which the rules require.
    ExpAbsent,
    /// `exp` negative.
    ExpNegative,
    /// `exp` far beyond the year 9999.
    ExpFar,
    /// This required claim removed.
    Missing(String),
    /// `iss` not the clientId.
    IssWrong,
    /// `iss` an array holding the clientId.
    IssArray,
    /// The CPF claim with wrong check digits.
    CpfCheckDigits(String),
    /// The CPF claim one repeated digit.
    CpfRepeated(String),
    /// The CPF claim a JSON number.
    CpfNumber(String),
    /// `iss` twice in the payload.
    DuplicateClaim,
    /// `null` in this string claim.
    NullClaim(String),
    /// Two segments.
    TwoSegments,
    /// Four segments.
    FourSegments,
    /// `=` padding on a segment.
    Padding,
    /// The standard `+` `/` alphabet in a segment.
    StandardAlphabet,
    /// A 1 MiB payload.
    Huge,
}

/// The reference a case tests (RFC section, CVE or rule); words in `Display`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Why<'a>(pub &'a CaseKind);

impl CaseKind {
    /// The stable kebab-case id.
    pub fn id(&self) -> String {
        let fixed = match self {
            CaseKind::Baseline => "baseline",
            CaseKind::ExtraClaim => "extra-claim",
            CaseKind::HeaderWhitespace => "header-whitespace",
            CaseKind::BitFlip => "signature-bit-flip",
            CaseKind::OtherKey => "signature-other-key",
            CaseKind::EmptySignature => "signature-empty",
            CaseKind::TruncatedSignature => "signature-truncated",
            CaseKind::AlgNone(spelling) => {
                return format!("alg-none-{}", spelling_id(spelling));
            }
            CaseKind::OtherAlg { alg, .. } => {
                return format!("alg-{}-same-key", alg.name().to_ascii_lowercase());
            }
            CaseKind::EmptyHmac => "hmac-empty-secret",
            CaseKind::PemHmac {
                final_newline: true,
            } => "hmac-public-pem",
            CaseKind::PemHmac {
                final_newline: false,
            } => "hmac-public-pem-no-newline",
            CaseKind::EmbeddedJwk => "embedded-jwk",
            CaseKind::Jku => "jku-attacker",
            CaseKind::X5u => "x5u-attacker",
            CaseKind::KidPath => "kid-path-traversal",
            CaseKind::KidSql => "kid-sql-injection",
            CaseKind::Psychic => "ecdsa-psychic-signature",
            CaseKind::Expired => "expired",
            CaseKind::ExpiredPastLeeway { .. } => "expired-past-leeway",
            CaseKind::NotYetValid => "not-yet-valid",
            CaseKind::IatFuture => "iat-in-future",
            CaseKind::ExpString => "exp-string",
            CaseKind::ExpAbsent => "exp-absent",
            CaseKind::ExpNegative => "exp-negative",
            CaseKind::ExpFar => "exp-beyond-9999",
            CaseKind::Missing(claim) => return format!("missing-{}", kebab(claim)),
            CaseKind::IssWrong => "iss-not-client-id",
            CaseKind::IssArray => "iss-array",
            CaseKind::CpfCheckDigits(_) => "cpf-check-digits",
            CaseKind::CpfRepeated(_) => "cpf-repeated-digit",
            CaseKind::CpfNumber(_) => "cpf-number",
            CaseKind::DuplicateClaim => "duplicate-claim",
            CaseKind::NullClaim(claim) => return format!("null-{}", kebab(claim)),
            CaseKind::TwoSegments => "two-segments",
            CaseKind::FourSegments => "four-segments",
            CaseKind::Padding => "base64-padding",
            CaseKind::StandardAlphabet => "base64-standard-alphabet",
            CaseKind::Huge => "payload-1mib",
        };
        fixed.to_owned()
    }

    /// Its group.
    pub fn category(&self) -> Category {
        use CaseKind as K;
        match self {
            K::Baseline | K::ExtraClaim | K::HeaderWhitespace => Category::Control,
            K::BitFlip
            | K::OtherKey
            | K::EmptySignature
            | K::TruncatedSignature
            | K::AlgNone(_)
            | K::OtherAlg { .. }
            | K::EmptyHmac
            | K::PemHmac { .. }
            | K::EmbeddedJwk
            | K::Jku
            | K::X5u
            | K::KidPath
            | K::KidSql
            | K::Psychic => Category::Signature,
            K::Expired
            | K::ExpiredPastLeeway { .. }
            | K::NotYetValid
            | K::IatFuture
            | K::ExpString
            | K::ExpAbsent
            | K::ExpNegative
            | K::ExpFar => Category::Time,
            K::Missing(_)
            | K::IssWrong
            | K::IssArray
            | K::CpfCheckDigits(_)
            | K::CpfRepeated(_)
            | K::CpfNumber(_)
            | K::DuplicateClaim
            | K::NullClaim(_) => Category::Claims,
            K::TwoSegments | K::FourSegments | K::Padding | K::StandardAlphabet | K::Huge => {
                Category::Structure
            }
        }
    }

    /// What a correct server does.
    pub fn expect(&self) -> Expect {
        match self.category() {
            Category::Control => Expect::Accept,
            _ => Expect::Reject,
        }
    }

    /// The reference it tests; `Display` gives it in words.
    pub fn why(&self) -> Why<'_> {
        Why(self)
    }
}

fn spelling_id(spelling: &str) -> &'static str {
    match spelling {
        "none" => "lower",
        "None" => "capitalized",
        "NONE" => "upper",
        _ => "mixed",
    }
}

/// `personId` as `person-id`: ids stay kebab-case whatever the claim is called.
fn kebab(name: &str) -> String {
    let mut out = String::new();
    let mut last_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if last_lower {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
            last_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            last_lower = true;
        } else if !out.ends_with('-') {
            out.push('-');
            last_lower = false;
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "claim".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// One case with its token.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// What it is.
    pub kind: CaseKind,
    /// The token to send.
    pub token: String,
    /// The one refusal [`judge`] gives it (its [`Refusal::code`]); `None` for controls.
    pub code: Option<&'static str>,
    /// For `jku`: the JWKS the URL would serve (the attacker's public key).
    pub serves: Option<Value>,
}

impl Case {
    /// [`CaseKind::id`].
    pub fn id(&self) -> String {
        self.kind.id()
    }
}

/// The whole suite, baseline first.
#[derive(Debug, Clone)]
pub struct Suite {
    /// The cases, grouped by category in [`Category::ALL`] order.
    pub cases: Vec<Case>,
    /// The rules the cases were made for.
    pub rules: Rules,
}

impl Suite {
    /// The cases of one category, in order.
    pub fn in_category(&self, category: Category) -> impl Iterator<Item = &Case> {
        self.cases
            .iter()
            .filter(move |c| c.kind.category() == category)
    }
}

/// How a suite is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One JSON document: `{"alg", "template", "cases": [...]}`.
    #[default]
    Json,
    /// One case per line, as JSON.
    Jsonl,
    /// `id,category,expect,description,why,token` (RFC 4180 quoting, CRLF line ends).
    Csv,
    /// A test-plan table for people, without the tokens.
    Markdown,
}

impl Format {
    /// Every format, in the order they are offered.
    pub const ALL: [Format; 4] = [Format::Json, Format::Jsonl, Format::Csv, Format::Markdown];

    /// The name the command line takes (`json`, `jsonl`, `csv`, `markdown`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Markdown => "md",
        }
    }

    /// Whether the output holds the tokens (all but the Markdown plan do).
    pub fn has_tokens(self) -> bool {
        self != Format::Markdown
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "markdown" | "md" => Ok(Format::Markdown),
            other => Err(other.to_owned()),
        }
    }
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 6] = ["id", "category", "expect", "description", "why", "token"];

impl Case {
    /// The case as JSON: `id`, `category`, `expect`, `description`, `why`, `code` (the
    /// refusal jwtpad's strict check gives, `null` for controls), `token`, and `serves` for
    /// the `jku` case.
    pub fn to_json(&self) -> Value {
        let mut doc = serde_json::json!({
            "id": self.id(),
            "category": self.kind.category().code(),
            "expect": self.kind.expect().code(),
            "description": self.kind.to_string(),
            "why": self.kind.why().to_string(),
            "code": self.code,
            "token": self.token,
        });
        if let (Some(serves), Value::Object(members)) = (&self.serves, &mut doc) {
            members.insert("serves".into(), serves.clone());
        }
        doc
    }
}

impl Suite {
    /// The suite written in `format`, in the language in force.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => {
                let doc = serde_json::json!({
                    "alg": self.rules.template.alg.map(Alg::name),
                    "template": self.rules.template.name,
                    "cases": self.cases.iter().map(Case::to_json).collect::<Vec<_>>(),
                });
                let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
                text.push('\n');
                text
            }
            Format::Jsonl => self
                .cases
                .iter()
                .map(|c| format!("{}\n", c.to_json()))
                .collect(),
            Format::Csv => {
                let mut text = CSV_COLUMNS.join(",");
                text.push_str("\r\n");
                for case in &self.cases {
                    let fields = [
                        case.id(),
                        case.kind.category().code().to_owned(),
                        case.kind.expect().code().to_owned(),
                        case.kind.to_string(),
                        case.kind.why().to_string(),
                        case.token.clone(),
                    ];
                    let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
                    text.push_str(&row.join(","));
                    text.push_str("\r\n");
                }
                text
            }
            Format::Markdown => {
                let mut text = String::from(
                    "| id | category | expect | description | why |\n|---|---|---|---|---|\n",
                );
                for case in &self.cases {
                    let cells = [
                        format!("`{}`", case.id()),
                        case.kind.category().code().to_owned(),
                        case.kind.expect().code().to_owned(),
                        case.kind.to_string(),
                        case.kind.why().to_string(),
                    ];
                    let row: Vec<String> = cells.iter().map(|c| markdown_cell(c)).collect();
                    text.push_str(&format!("| {} |\n", row.join(" | ")));
                }
                text
            }
        }
    }
}

/// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A table cell: a `|` would end it, a line break the row.
fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// Why the suite cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SuiteProblem {
    /// A suite needs a signing algorithm, not `none`.
    AlgNone,
    /// The key cannot sign with the algorithm.
    Sign(Error),
    /// The baseline itself fails the rules.
    BaselineInvalid(Refusal),
    /// The operating system gave no randomness for the fresh keys.
    NoRandomness,
}

impl SuiteProblem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            SuiteProblem::AlgNone => "suite-alg-none",
            SuiteProblem::Sign(e) => e.code(),
            SuiteProblem::BaselineInvalid(_) => "suite-baseline-invalid",
            SuiteProblem::NoRandomness => "suite-no-randomness",
        }
    }
}

impl std::error::Error for SuiteProblem {}

impl From<Error> for SuiteProblem {
    fn from(e: Error) -> Self {
        SuiteProblem::Sign(e)
    }
}

/// Why [`judge`] refuses a token: one per broken rule, so a case can be shown to break one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// Longer than [`MAX_TOKEN_BYTES`].
    TooLarge {
        /// Its length.
        bytes: usize,
    },
    /// It cannot be read.
    Malformed(Error),
    /// The signature does not verify.
    Signature(FailReason),
    /// A time claim fails (its [`claims::TimeStatus::problem_code`]).
    Time {
        /// The claim.
        claim: &'static str,
        /// The code.
        code: &'static str,
    },
    /// The claims (or, once the signature holds, the algorithm) depart from the template.
    Template(TemplateWarning),
    /// A member name appears twice in the payload.
    DuplicateClaim(String),
}

impl Refusal {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::TooLarge { .. } => "token-too-large",
            Refusal::Malformed(e) => e.code(),
            Refusal::Signature(reason) => reason.code(),
            Refusal::Time { code, .. } => code,
            Refusal::Template(w) => w.code(),
            Refusal::DuplicateClaim(_) => "duplicate-claim",
        }
    }
}

/// A strict server's verdict: every rule the token breaks, empty when it is accepted.
/// Claims are judged even when the signature fails, so a case can be shown to fail for
/// its own reason alone.
pub fn judge(token: &str, keys: &KeySet, rules: &Rules, clock: &Clock) -> Vec<Refusal> {
    if token.len() > MAX_TOKEN_BYTES {
        return vec![Refusal::TooLarge { bytes: token.len() }];
    }
    let parsed = match Token::parse(token) {
        Ok(t) => t,
        Err(e) => return vec![Refusal::Malformed(e)],
    };
    let mut out = Vec::new();
    let verified = match verify(&parsed, keys).0 {
        Verification::Failed(reason) => {
            out.push(Refusal::Signature(reason));
            false
        }
        Verification::Verified { .. } => true,
        Verification::NotChecked => false,
    };
    for name in &parsed.payload_duplicates {
        out.push(Refusal::DuplicateClaim(name.clone()));
    }
    let Some(claims) = parsed.payload.claims() else {
        return out;
    };
    for claim in claims::evaluate(claims, clock).claims {
        if let Some(code) = claim.status.problem_code() {
            out.push(Refusal::Time {
                claim: claim.name,
                code,
            });
        }
    }
    // The algorithm is judged once the signature holds: an alg-none or a wrong-key token
    // is refused for that, not also for its algorithm.
    let alg = parsed.alg_text().filter(|_| verified);
    let client_id = rules.client_id.as_deref();
    out.extend(
        rules
            .template
            .check(claims, alg, client_id)
            .into_iter()
            .map(Refusal::Template),
    );
    out
}

/// Makes the suite. `now` is unix seconds, `leeway` the server's clock tolerance (for the
/// "just past the leeway" case). Fresh keys are made once per suite.
pub fn make(baseline: &Baseline<'_>, now: i64, leeway: i64) -> Result<Suite, SuiteProblem> {
    if baseline.alg == Alg::None {
        return Err(SuiteProblem::AlgNone);
    }
    let maker = Maker::new(baseline)?;
    let rules = &baseline.rules;
    let keys = KeySet::from(baseline.key.clone());
    let clock = Clock::at(now, leeway);
    let base_token = maker.sign(&maker.header, &maker.payload)?;
    if let Some(problem) = judge(&base_token, &keys, rules, &clock).into_iter().next() {
        return Err(SuiteProblem::BaselineInvalid(problem));
    }

    let family = baseline.key.family();
    let mut out = Cases {
        family,
        list: Vec::new(),
    };
    out.add(CaseKind::Baseline, base_token.clone());
    let mut extra = maker.payload.clone();
    extra.insert("x-jwtpad-unknown".into(), "ignored".into());
    out.add(CaseKind::ExtraClaim, maker.sign(&maker.header, &extra)?);
    let pretty = serde_json::to_string_pretty(&maker.header).unwrap_or_default();
    out.add(
        CaseKind::HeaderWhitespace,
        maker.sign_text(&pretty, &compact(&maker.payload), maker.alg, baseline.key)?,
    );

    // Signature.
    let signed = |broken: Broken| {
        broken::make(
            &broken,
            maker.header.clone(),
            Value::Object(maker.payload.clone()),
            maker.alg,
            Some(baseline.key),
            now,
        )
        .map(|s| s.token)
    };
    out.add(CaseKind::BitFlip, signed(Broken::WrongSignature)?);
    out.add(
        CaseKind::OtherKey,
        maker.sign_with(&maker.header, &maker.payload, maker.alg, &maker.other_key)?,
    );
    let (input, signature) = base_token.rsplit_once('.').unwrap_or((&base_token, ""));
    out.add(CaseKind::EmptySignature, format!("{input}."));
    let sig_bytes = b64::decode_segment(signature).unwrap_or_default();
    let half = b64::encode_url(&sig_bytes[..sig_bytes.len() / 2]);
    out.add(CaseKind::TruncatedSignature, format!("{input}.{half}"));
    for spelling in ["none", "None", "NONE", "nOnE"] {
        let mut header = maker.header.clone();
        header.insert("alg".into(), spelling.into());
        let text = format!(
            "{}.{}.",
            b64::encode_url(compact(&header).as_bytes()),
            b64::encode_url(compact(&maker.payload).as_bytes())
        );
        out.add(CaseKind::AlgNone(spelling), text);
    }
    for alg in other_algs(maker.alg) {
        out.add(
            CaseKind::OtherAlg {
                alg,
                expected: maker.alg,
            },
            maker.sign_with(&maker.header, &maker.payload, alg, baseline.key)?,
        );
    }
    let empty = Key::hmac(Secret::new(Vec::new()));
    out.add(
        CaseKind::EmptyHmac,
        maker.sign_with(&maker.header, &maker.payload, Alg::HS256, &empty)?,
    );
    if let Some(pem) = public_pem(baseline.key) {
        for final_newline in [true, false] {
            let text = if final_newline {
                pem.clone()
            } else {
                pem.trim_end_matches('\n').to_owned()
            };
            let key = Key::hmac(Secret::new(text.into_bytes()));
            out.add(
                CaseKind::PemHmac { final_newline },
                maker.sign_with(&maker.header, &maker.payload, Alg::HS256, &key)?,
            );
        }
    }
    let fresh_alg = match maker.alg.family() {
        Some(KeyFamily::Rsa) => maker.alg,
        _ => Alg::RS256,
    };
    let jwk = rsa_jwk(&maker.fresh_rsa);
    let mut header = maker.header.clone();
    header.insert("jwk".into(), jwk.clone());
    out.add(
        CaseKind::EmbeddedJwk,
        maker.sign_with(&header, &maker.payload, fresh_alg, &maker.fresh_rsa)?,
    );
    let mut header = maker.header.clone();
    header.insert("kid".into(), ATTACKER_KID.into());
    header.insert("jku".into(), ATTACKER_JKU.into());
    let jku_token = maker.sign_with(&header, &maker.payload, fresh_alg, &maker.fresh_rsa)?;
    let mut served = jwk.clone();
    if let Value::Object(members) = &mut served {
        members.insert("kid".into(), ATTACKER_KID.into());
        members.insert("alg".into(), fresh_alg.name().into());
        members.insert("use".into(), "sig".into());
    }
    let jwks = serde_json::json!({ "keys": [served] });
    out.add_serving(CaseKind::Jku, jku_token, Some(jwks));
    let mut header = maker.header.clone();
    header.insert("x5u".into(), ATTACKER_X5U.into());
    out.add(
        CaseKind::X5u,
        maker.sign_with(&header, &maker.payload, fresh_alg, &maker.fresh_rsa)?,
    );
    let mut header = maker.header.clone();
    header.insert("kid".into(), KID_PATH.into());
    out.add(
        CaseKind::KidPath,
        maker.sign_with(&header, &maker.payload, Alg::HS256, &empty)?,
    );
    let mut header = maker.header.clone();
    header.insert("kid".into(), KID_SQL.into());
    let one = Key::hmac(Secret::new(b"1".to_vec()));
    out.add(
        CaseKind::KidSql,
        maker.sign_with(&header, &maker.payload, Alg::HS256, &one)?,
    );
    if let Some(curve) = ec_curve(baseline.key) {
        let zeros = vec![0u8; curve.scalar_len() * 2];
        out.add(
            CaseKind::Psychic,
            format!("{input}.{}", b64::encode_url(&zeros)),
        );
    }

    // Time.
    out.add(CaseKind::Expired, signed(Broken::Expired)?);
    let past = now.saturating_sub(leeway.saturating_add(1));
    let mut payload = maker.payload.clone();
    payload.insert("exp".into(), past.into());
    if let Some(iat) = payload.get("iat").and_then(Value::as_i64) {
        payload.insert("iat".into(), iat.min(past).into());
    }
    out.add(
        CaseKind::ExpiredPastLeeway { leeway },
        maker.sign(&maker.header, &payload)?,
    );
    out.add(CaseKind::NotYetValid, signed(Broken::NotYetValid)?);
    let mut payload = maker.payload.clone();
    let ahead = now.saturating_add(broken::OFFSET_SECS);
    payload.insert("iat".into(), ahead.into());
    if let Some(exp) = payload.get("exp").and_then(Value::as_i64) {
        payload.insert("exp".into(), exp.max(ahead + 900).into());
    }
    out.add(CaseKind::IatFuture, maker.sign(&maker.header, &payload)?);
    let exp = maker.payload.get("exp").cloned();
    let exp_secs = exp
        .as_ref()
        .and_then(Value::as_i64)
        .unwrap_or(now.saturating_add(900));
    let with_exp = |exp: Value| {
        let mut payload = maker.payload.clone();
        payload.insert("exp".into(), exp);
        maker.sign(&maker.header, &payload)
    };
    out.add(CaseKind::ExpString, with_exp(exp_secs.to_string().into())?);
    if rules.requires("exp") {
        let mut payload = maker.payload.clone();
        payload.shift_remove("exp");
        out.add(CaseKind::ExpAbsent, maker.sign(&maker.header, &payload)?);
    }
    out.add(CaseKind::ExpNegative, with_exp((-exp_secs).into())?);
    // Year 9999 ends at 253402300799; a thousand times that is no date at all.
    out.add(CaseKind::ExpFar, with_exp(253_402_300_799_000_i64.into())?);

    // Claims.
    for name in &rules.template.required {
        if name == "exp" {
            continue;
        }
        out.add(
            CaseKind::Missing(name.clone()),
            signed(Broken::MissingClaim(name.clone()))?,
        );
    }
    if let Some(client_id) = &rules.client_id {
        out.add(
            CaseKind::IssWrong,
            maker.with_claim("iss", format!("{client_id}-other").into())?,
        );
        out.add(
            CaseKind::IssArray,
            maker.with_claim("iss", Value::Array(vec![client_id.clone().into()]))?,
        );
    }
    let person = rules.template.person_claim.clone();
    if maker.payload.contains_key(&person) {
        let valid = maker
            .payload
            .get(&person)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(cpf::generate);
        out.add(
            CaseKind::CpfCheckDigits(person.clone()),
            maker.with_claim(&person, wrong_check_digits(&valid).into())?,
        );
        out.add(
            CaseKind::CpfRepeated(person.clone()),
            maker.with_claim(&person, "111.111.111-11".into())?,
        );
        let digits: String = valid.chars().filter(char::is_ascii_digit).collect();
        let number = digits
            .parse::<u64>()
            .map(Value::from)
            .unwrap_or_else(|_| 52_998_224_725_u64.into());
        out.add(
            CaseKind::CpfNumber(person.clone()),
            maker.with_claim(&person, number)?,
        );
    }
    let duplicate = duplicate_iss(&maker.payload, rules.client_id.as_deref());
    out.add(
        CaseKind::DuplicateClaim,
        maker.sign_text(&compact(&maker.header), &duplicate, maker.alg, baseline.key)?,
    );
    let null_claim = if maker.payload.contains_key(&person) {
        Some(person.clone())
    } else {
        rules.client_id.as_ref().map(|_| "iss".to_owned())
    };
    if let Some(claim) = null_claim {
        let token = maker.with_claim(&claim, Value::Null)?;
        out.add(CaseKind::NullClaim(claim), token);
    }

    // Structure.
    out.add(CaseKind::TwoSegments, input.to_owned());
    out.add(CaseKind::FourSegments, format!("{base_token}.{signature}"));
    out.add(
        CaseKind::Padding,
        maker.reshaped(|segments| {
            let i = segments.iter().position(|s| s.len() % 4 != 0)?;
            let mut out = segments.clone();
            out[i].push_str(&"=".repeat(4 - segments[i].len() % 4));
            Some(out.join("."))
        })?,
    );
    out.add(
        CaseKind::StandardAlphabet,
        maker.reshaped(|segments| {
            let i = segments.iter().position(|s| s.contains(['-', '_']))?;
            let mut out = segments.clone();
            out[i] = out[i].replace('-', "+").replace('_', "/");
            Some(out.join("."))
        })?,
    );
    let mut payload = maker.payload.clone();
    payload.insert("pad".into(), "x".repeat(HUGE_PAYLOAD_BYTES).into());
    out.add(CaseKind::Huge, maker.sign(&maker.header, &payload)?);

    Ok(Suite {
        cases: out.list,
        rules: rules.clone(),
    })
}

/// The cases made so far, each with the refusal it must meet.
struct Cases {
    family: KeyFamily,
    list: Vec<Case>,
}

impl Cases {
    fn add(&mut self, kind: CaseKind, token: String) {
        self.add_serving(kind, token, None);
    }

    fn add_serving(&mut self, kind: CaseKind, token: String, serves: Option<Value>) {
        self.list.push(Case {
            code: expected_code(&kind, self.family),
            kind,
            token,
            serves,
        });
    }
}

/// The refusal [`judge`] gives a case made for a key of `family`: the attacks that change
/// the key type meet jwtpad's "the key type decides" rule (RFC 8725 §3.1) before any MAC.
fn expected_code(kind: &CaseKind, family: KeyFamily) -> Option<&'static str> {
    use CaseKind as K;
    let hmac = family == KeyFamily::Hmac;
    let rsa = family == KeyFamily::Rsa;
    Some(match kind {
        K::Baseline | K::ExtraClaim | K::HeaderWhitespace => return None,
        K::BitFlip | K::OtherKey | K::Psychic => "signature-mismatch",
        K::EmptySignature | K::TruncatedSignature => "signature-length",
        K::AlgNone(_) => "alg-none",
        K::OtherAlg { .. } => "template-alg-differs",
        K::EmptyHmac | K::KidPath | K::KidSql if hmac => "signature-mismatch",
        K::EmbeddedJwk | K::Jku | K::X5u if rsa => "signature-mismatch",
        K::EmptyHmac
        | K::KidPath
        | K::KidSql
        | K::PemHmac { .. }
        | K::EmbeddedJwk
        | K::Jku
        | K::X5u => "key-alg-mismatch",
        K::Expired | K::ExpiredPastLeeway { .. } | K::ExpNegative => "expired",
        K::NotYetValid => "not-yet-valid",
        K::IatFuture => "iat-in-future",
        K::ExpString | K::ExpFar => "time-invalid",
        K::ExpAbsent | K::Missing(_) => "template-claim-missing",
        K::IssWrong | K::IssArray => "template-iss-mismatch",
        K::NullClaim(claim) if claim == "iss" => "template-iss-mismatch",
        K::CpfNumber(_) | K::NullClaim(_) => "template-person-not-string",
        K::CpfCheckDigits(_) | K::CpfRepeated(_) => "template-person-not-cpf",
        K::DuplicateClaim => "duplicate-claim",
        K::TwoSegments | K::FourSegments => "segment-count",
        K::Padding => "base64-padding",
        K::StandardAlphabet => "base64-standard-alphabet",
        K::Huge => "token-too-large",
    })
}

/// The header, payload and keys every case starts from.
struct Maker<'a> {
    header: Map<String, Value>,
    payload: Map<String, Value>,
    alg: Alg,
    key: &'a Key,
    /// Another key of the baseline's type.
    other_key: Key,
    /// The attacker's RSA key.
    fresh_rsa: Key,
}

impl<'a> Maker<'a> {
    fn new(baseline: &Baseline<'a>) -> Result<Self, SuiteProblem> {
        let (header, _) = place_alg(baseline.header.clone(), baseline.alg);
        let fresh_rsa = fresh_rsa()?;
        let other_key = match &baseline.key.material {
            Material::Hmac(secret) => {
                let mut bytes = Zeroizing::new(vec![0u8; secret.len().max(32)]);
                random(&mut bytes)?;
                Key::hmac(Secret::new(bytes.to_vec()))
            }
            Material::Rsa { .. } => fresh_rsa.clone(),
            Material::Ec { curve, .. } => fresh_ec(*curve)?,
            Material::Ed25519 { .. } => fresh_ed25519()?,
        };
        Ok(Maker {
            header,
            payload: baseline.payload.clone(),
            alg: baseline.alg,
            key: baseline.key,
            other_key,
            fresh_rsa,
        })
    }

    fn sign(
        &self,
        header: &Map<String, Value>,
        payload: &Map<String, Value>,
    ) -> Result<String, Error> {
        self.sign_with(header, payload, self.alg, self.key)
    }

    fn sign_with(
        &self,
        header: &Map<String, Value>,
        payload: &Map<String, Value>,
        alg: Alg,
        key: &Key,
    ) -> Result<String, Error> {
        let (header, _) = place_alg(header.clone(), alg);
        self.sign_text(&compact(&header), &compact(payload), alg, key)
    }

    /// Signs these exact texts: a case may need bytes no serializer writes.
    fn sign_text(&self, header: &str, payload: &str, alg: Alg, key: &Key) -> Result<String, Error> {
        let input = format!(
            "{}.{}",
            b64::encode_url(header.as_bytes()),
            b64::encode_url(payload.as_bytes())
        );
        let signature = crypto::sign(alg, key, input.as_bytes())?;
        Ok(format!("{input}.{signature}"))
    }

    fn with_claim(&self, name: &str, value: Value) -> Result<String, Error> {
        let mut payload = self.payload.clone();
        payload.insert(name.to_owned(), value);
        self.sign(&self.header, &payload)
    }

    /// A valid token changed by `reshape`; when no segment suits it, the payload gets
    /// trailing spaces (the same JSON) until one does.
    fn reshaped(&self, reshape: impl Fn(&[String; 3]) -> Option<String>) -> Result<String, Error> {
        let header = compact(&self.header);
        let payload = compact(&self.payload);
        let mut last = String::new();
        for spaces in 0..64 {
            let text = format!("{payload}{}", " ".repeat(spaces));
            last = self.sign_text(&header, &text, self.alg, self.key)?;
            let mut parts = last.splitn(3, '.').map(str::to_owned);
            let segments = [
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
            ];
            if let Some(changed) = reshape(&segments) {
                return Ok(changed);
            }
        }
        Ok(last)
    }
}

fn compact<T: serde::Serialize>(value: &T) -> String {
    // A map of JSON values always serializes.
    serde_json::to_string(value).unwrap_or_default()
}

/// The other algorithms of the baseline's family a server must not take in its place.
fn other_algs(alg: Alg) -> Vec<Alg> {
    let family: &[Alg] = match alg {
        Alg::HS256 | Alg::HS384 | Alg::HS512 => &[Alg::HS256, Alg::HS384, Alg::HS512],
        Alg::RS256 | Alg::RS384 | Alg::RS512 => &[Alg::RS256, Alg::RS384, Alg::RS512],
        Alg::PS256 | Alg::PS384 | Alg::PS512 => &[Alg::PS256, Alg::PS384, Alg::PS512],
        _ => &[],
    };
    family.iter().copied().filter(|a| *a != alg).collect()
}

/// The CPF with its check digits changed (still eleven digits, never all one digit).
fn wrong_check_digits(valid: &str) -> String {
    let digits: Vec<u8> = valid
        .chars()
        .filter(char::is_ascii_digit)
        .map(|c| c as u8 - b'0')
        .collect();
    let mut digits = if digits.len() == 11 {
        digits
    } else {
        cpf::generate().bytes().map(|b| b - b'0').collect()
    };
    digits[9] = (digits[9] + 1) % 10;
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

/// The payload with a first `iss` that is not the clientId and the real one last, as
/// JSON text: last-wins parsers see a valid token, first-wins ones a wrong issuer.
fn duplicate_iss(payload: &Map<String, Value>, client_id: Option<&str>) -> String {
    let decoy = Value::String(format!("{}-decoy", client_id.unwrap_or("issuer")));
    let body = compact(payload);
    let inner = body.strip_prefix('{').unwrap_or(&body);
    let sep = if inner == "}" { "" } else { "," };
    let decoy = compact(&decoy);
    if payload.contains_key("iss") {
        format!("{{\"iss\":{decoy}{sep}{inner}")
    } else {
        format!("{{\"iss\":{decoy},\"iss\":{decoy}{sep}{inner}")
    }
}

fn random(bytes: &mut [u8]) -> Result<(), SuiteProblem> {
    getrandom::getrandom(bytes).map_err(|_| SuiteProblem::NoRandomness)
}

fn fresh_key(material: Material) -> Key {
    Key {
        material,
        kid: None,
        jwk_alg: None,
        jwk_use: None,
        origin: KeyOrigin::Der("fresh".into()),
    }
}

fn fresh_rsa() -> Result<Key, SuiteProblem> {
    let private = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, FRESH_RSA_BITS)
        .map_err(|_| SuiteProblem::NoRandomness)?;
    Ok(fresh_key(Material::Rsa {
        public: private.to_public_key(),
        private: Some(Box::new(private)),
    }))
}

fn fresh_ec(curve: Curve) -> Result<Key, SuiteProblem> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    loop {
        let mut scalar = Zeroizing::new(vec![0u8; curve.scalar_len()]);
        random(&mut scalar)?;
        if curve == Curve::P521 {
            // P-521's order fits in 521 bits: the top byte holds one bit.
            scalar[0] &= 0x01;
        }
        let point = match curve {
            Curve::P256 => p256::SecretKey::from_slice(&scalar)
                .ok()
                .map(|k| k.public_key().to_encoded_point(false).as_bytes().to_vec()),
            Curve::P384 => p384::SecretKey::from_slice(&scalar)
                .ok()
                .map(|k| k.public_key().to_encoded_point(false).as_bytes().to_vec()),
            Curve::P521 => p521::SecretKey::from_slice(&scalar)
                .ok()
                .map(|k| k.public_key().to_encoded_point(false).as_bytes().to_vec()),
        };
        if let Some(point) = point {
            return Ok(fresh_key(Material::Ec {
                curve,
                point,
                scalar: Some(scalar),
            }));
        }
    }
}

fn fresh_ed25519() -> Result<Key, SuiteProblem> {
    let mut seed = Zeroizing::new([0u8; 32]);
    random(seed.as_mut())?;
    let private = ed25519_dalek::SigningKey::from_bytes(&seed);
    Ok(fresh_key(Material::Ed25519 {
        public: private.verifying_key(),
        private: Some(Box::new(private)),
    }))
}

/// The public RSA key as a JWK (`kty`, `n`, `e`).
fn rsa_jwk(key: &Key) -> Value {
    let Material::Rsa { public, .. } = &key.material else {
        return Value::Null;
    };
    serde_json::json!({
        "kty": "RSA",
        "n": b64::encode_url(&public.n().to_bytes_be()),
        "e": b64::encode_url(&public.e().to_bytes_be()),
    })
}

/// The curve of an EC key.
fn ec_curve(key: &Key) -> Option<Curve> {
    match &key.material {
        Material::Ec { curve, .. } => Some(*curve),
        _ => None,
    }
}

/// The public key as SPKI PEM with LF line ends and a final newline, as a server's key
/// file has it; `None` for HMAC secrets.
fn public_pem(key: &Key) -> Option<String> {
    use pkcs8::EncodePublicKey;
    use pkcs8::LineEnding::LF;
    match &key.material {
        Material::Hmac(_) => None,
        Material::Rsa { public, .. } => public.to_public_key_pem(LF).ok(),
        Material::Ec { curve, point, .. } => match curve {
            Curve::P256 => p256::PublicKey::from_sec1_bytes(point)
                .ok()?
                .to_public_key_pem(LF)
                .ok(),
            Curve::P384 => p384::PublicKey::from_sec1_bytes(point)
                .ok()?
                .to_public_key_pem(LF)
                .ok(),
            Curve::P521 => p521::PublicKey::from_sec1_bytes(point)
                .ok()?
                .to_public_key_pem(LF)
                .ok(),
        },
        Material::Ed25519 { public, .. } => public.to_public_key_pem(LF).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error::JsonDoc;
    use crate::engine::json;

    const NOW: i64 = 1_800_000_000;

    fn rules(alg: Alg) -> Rules {
        let mut template = Template::builtin(crate::engine::template::CAF_SMART_AUTH).unwrap();
        template.alg = None;
        Rules::new(template, alg, Some("client-1".into()))
    }

    fn baseline(key: &Key, alg: Alg) -> Baseline<'_> {
        Baseline {
            header: json::parse_object(r#"{"alg":"HS256","typ":"JWT"}"#, JsonDoc::Header).unwrap(),
            payload: json::parse_object(
                r#"{"iss":"client-1","exp":1800000900,"personId":"52998224725"}"#,
                JsonDoc::Payload,
            )
            .unwrap(),
            key,
            alg,
            rules: rules(alg),
        }
    }

    fn hmac() -> Key {
        Key::hmac(Secret::new(
            b"a-string-secret-at-least-256-bits-long".to_vec(),
        ))
    }

    fn fixture(file: &str) -> Key {
        KeySet::from_pem(&crate::test_support::key_fixture(file))
            .unwrap()
            .signing_key()
            .unwrap()
            .clone()
    }

    /// Each case breaks exactly the one rule it names; controls break none.
    fn check_all(key: &Key, alg: Alg) -> Suite {
        let suite = make(&baseline(key, alg), NOW, 60).unwrap();
        let keys = KeySet::from(key.clone());
        let clock = Clock::at(NOW, 60);
        for case in &suite.cases {
            let codes: Vec<_> = judge(&case.token, &keys, &suite.rules, &clock)
                .iter()
                .map(Refusal::code)
                .collect();
            let want: Vec<_> = case.code.into_iter().collect();
            assert_eq!(codes, want, "{alg} {}", case.id());
        }
        suite
    }

    #[test]
    fn every_hmac_case_fails_for_its_own_reason() {
        let suite = check_all(&hmac(), Alg::HS256);
        let ids: Vec<_> = suite.cases.iter().map(Case::id).collect();
        for id in [
            "baseline",
            "alg-none-mixed",
            "alg-hs384-same-key",
            "alg-hs512-same-key",
            "hmac-empty-secret",
            "jku-attacker",
            "kid-sql-injection",
            "exp-absent",
            "missing-iss",
            "missing-person-id",
            "cpf-repeated-digit",
            "payload-1mib",
        ] {
            assert!(ids.contains(&id.to_owned()), "{id} in {ids:?}");
        }
        assert!(!ids.contains(&"hmac-public-pem".to_owned()));
        assert!(!ids.contains(&"ecdsa-psychic-signature".to_owned()));
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "ids are unique");
        assert_eq!(suite.cases[0].kind, CaseKind::Baseline);
    }

    #[test]
    fn every_asymmetric_case_fails_for_its_own_reason() {
        for (file, alg) in [
            ("rsa2048.pkcs8.pem", Alg::RS256),
            ("ec-p256.pkcs8.pem", Alg::ES256),
            ("ec-p521.pkcs8.pem", Alg::ES512),
            ("ed25519.pkcs8.pem", Alg::EdDSA),
        ] {
            let suite = check_all(&fixture(file), alg);
            let ids: Vec<_> = suite.cases.iter().map(Case::id).collect();
            assert!(ids.contains(&"hmac-public-pem".to_owned()), "{alg}");
            assert!(
                ids.contains(&"hmac-public-pem-no-newline".to_owned()),
                "{alg}"
            );
            let psychic = ids.contains(&"ecdsa-psychic-signature".to_owned());
            assert_eq!(psychic, matches!(alg, Alg::ES256 | Alg::ES512), "{alg}");
        }
    }

    #[test]
    fn the_pem_cases_differ_by_the_final_newline() {
        let key = fixture("ec-p256.pkcs8.pem");
        let pem = public_pem(&key).unwrap();
        assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n") && pem.ends_with("-----\n"));
        let suite = make(&baseline(&key, Alg::ES256), NOW, 60).unwrap();
        let with = suite
            .cases
            .iter()
            .find(|c| c.id() == "hmac-public-pem")
            .unwrap();
        let without = suite
            .cases
            .iter()
            .find(|c| c.id() == "hmac-public-pem-no-newline")
            .unwrap();
        let signing = |t: &str| t.rsplit_once('.').unwrap().0.to_owned();
        assert_eq!(signing(&with.token), signing(&without.token));
        assert_ne!(with.token, without.token);
        // Each verifies with exactly its own PEM text as the HMAC secret.
        for (case, secret) in [(with, pem.clone()), (without, pem.trim_end().to_owned())] {
            let set = KeySet::from(Key::hmac(Secret::new(secret.into_bytes())));
            let token = Token::parse(&case.token).unwrap();
            assert!(matches!(
                verify(&token, &set).0,
                Verification::Verified { .. }
            ));
        }
    }

    #[test]
    fn attacks_verify_with_the_attacker_s_own_key() {
        let key = hmac();
        let suite = make(&baseline(&key, Alg::HS256), NOW, 60).unwrap();
        let jku = suite
            .cases
            .iter()
            .find(|c| c.kind == CaseKind::Jku)
            .unwrap();
        let served = KeySet::from_jwk_json(&jku.serves.as_ref().unwrap().to_string()).unwrap();
        let token = Token::parse(&jku.token).unwrap();
        assert_eq!(token.header["jku"], ATTACKER_JKU);
        assert!(matches!(
            verify(&token, &served).0,
            Verification::Verified { .. }
        ));
        let embedded = suite
            .cases
            .iter()
            .find(|c| c.kind == CaseKind::EmbeddedJwk)
            .unwrap();
        let token = Token::parse(&embedded.token).unwrap();
        let jwk = KeySet::from_jwk_json(&token.header["jwk"].to_string()).unwrap();
        assert!(matches!(
            verify(&token, &jwk).0,
            Verification::Verified { .. }
        ));
        let sql = suite
            .cases
            .iter()
            .find(|c| c.kind == CaseKind::KidSql)
            .unwrap();
        let token = Token::parse(&sql.token).unwrap();
        let one = KeySet::from(Key::hmac(Secret::new(b"1".to_vec())));
        assert!(matches!(
            verify(&token, &one).0,
            Verification::Verified { .. }
        ));
    }

    #[test]
    fn a_baseline_that_breaks_the_rules_is_refused() {
        let key = hmac();
        let mut base = baseline(&key, Alg::HS256);
        base.payload.shift_remove("personId");
        let err = make(&base, NOW, 60).unwrap_err();
        assert_eq!(err.code(), "suite-baseline-invalid");
        assert_eq!(
            err,
            SuiteProblem::BaselineInvalid(Refusal::Template(TemplateWarning::ClaimMissing(
                "personId".into()
            )))
        );
        let mut base = baseline(&key, Alg::HS256);
        base.alg = Alg::None;
        assert_eq!(make(&base, NOW, 60).unwrap_err(), SuiteProblem::AlgNone);
    }

    #[test]
    fn csv_quotes_what_needs_it_and_markdown_has_no_tokens() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(markdown_cell("a|b\nc"), "a\\|b c");
        let key = hmac();
        let suite = make(&baseline(&key, Alg::HS256), NOW, 60).unwrap();
        let csv = suite.render(Format::Csv);
        let mut lines = csv.split("\r\n");
        assert_eq!(
            lines.next(),
            Some("id,category,expect,description,why,token")
        );
        assert_eq!(csv.matches("\r\n").count(), suite.cases.len() + 1);
        // The kid case's description holds quotes and a comma-free sentence; its row is quoted.
        assert!(csv.contains(
            "\"kid is an SQL injection returning '1'; HMAC with the secret \"\"1\"\".\""
        ));
        let plan = suite.render(Format::Markdown);
        assert_eq!(plan.lines().count(), suite.cases.len() + 2);
        for case in &suite.cases {
            assert!(!plan.contains(&case.token), "{}", case.id());
        }
        let jsonl = suite.render(Format::Jsonl);
        let first: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
        assert_eq!(first["id"], "baseline");
        assert_eq!(first["expect"], "accept");
        let doc: Value = serde_json::from_str(&suite.render(Format::Json)).unwrap();
        assert_eq!(doc["cases"].as_array().unwrap().len(), suite.cases.len());
        assert_eq!(doc["alg"], "HS256");
    }

    #[test]
    fn other_claim_names_give_other_ids() {
        assert_eq!(kebab("personId"), "person-id");
        assert_eq!(kebab("peopleId"), "people-id");
        assert_eq!(kebab("x_y.z"), "x-y-z");
        assert_eq!(kebab("??"), "claim");
    }
}
