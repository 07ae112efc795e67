//! The window's document, without the window: one token and the header, payload and key it is
//! made from, kept consistent in both directions.
//!
//! Pasting a token decodes it (and verifies it with the current key); editing the header or
//! payload re-signs it. Work happens only when an input changes, never per frame, so the
//! egui layer can call the getters every frame for free. Nothing here knows about egui.

use serde_json::Value;

use crate::engine::broken::Broken;
use crate::engine::cpf::{self, CpfProblem};
use crate::engine::error::Error;
use crate::engine::{
    Alg, Clock, Decoded, KeySet, Payload, Signed, Verification, decode, json, sign::SignRequest,
};

/// Which side the user last edited: it decides what a key or algorithm change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A token was pasted or typed: keep it, verify it.
    Token,
    /// Header or payload was edited: sign them.
    Parts,
}

/// A JSON editor's problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonProblem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// The key in use, already resolved (a profile's secret fetched, a PEM parsed).
#[derive(Debug, Clone, Default)]
pub struct KeyInUse {
    /// The keys; `None` when there is no usable key.
    pub keys: Option<KeySet>,
    /// Where it comes from, for the verdict: "profile \"Caf beta\"", "session secret".
    pub label: String,
    /// Why the chosen key cannot be used, if it cannot (shown under the key box).
    pub problem: Option<String>,
    /// For keys gathered from several owners (every profile): each key's owner, in the
    /// order of `keys`, so the verdict names the one that verified.
    pub owners: Vec<String>,
    /// Keys for checking only: authored tokens are left unsigned rather than signed with
    /// whichever owner's key happens to come first.
    pub verify_only: bool,
}

impl KeyInUse {
    /// The key that signs authored and broken tokens: none for verify-only keys.
    pub fn signer(&self) -> Option<&crate::engine::Key> {
        if self.verify_only {
            return None;
        }
        self.keys.as_ref().and_then(KeySet::signing_key)
    }

    /// The keys, or why there are none, under `label`.
    pub fn from_result<E: std::fmt::Display>(label: String, keys: Result<KeySet, E>) -> Self {
        match keys {
            Ok(keys) => KeyInUse {
                keys: Some(keys),
                label,
                ..KeyInUse::default()
            },
            Err(e) => KeyInUse {
                keys: None,
                label,
                problem: Some(e.to_string()),
                ..KeyInUse::default()
            },
        }
    }
}

/// The state of the signature segment as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureState {
    /// Signed with the current key by this app.
    Signed,
    /// No key: the segment is empty and marked "not signed".
    NotSigned,
    /// `alg: none`: unsigned by design.
    Unsecured,
    /// A pasted token's own signature, judged by the verdict.
    AsPasted,
}

/// The document.
#[derive(Debug, Clone)]
pub struct Workbench {
    token: String,
    header: String,
    payload: String,
    alg: Alg,
    key: KeyInUse,
    origin: Origin,
    /// Last decode of the token (the pasted one, or the one just signed).
    decoded: Option<Result<Decoded, Error>>,
    header_problem: Option<JsonProblem>,
    payload_problem: Option<JsonProblem>,
    sign_problem: Option<String>,
    sign_warnings: Vec<String>,
    signature: SignatureState,
    /// The payload's members while it is a valid object; parsed once per edit, so the
    /// test-data panel can read claims every frame for free.
    claims: Option<serde_json::Map<String, Value>>,
}

/// The example shown on first start: an HS256 header and a small payload with iat/exp.
pub fn example(now: i64) -> (String, String) {
    let header = "{\n  \"alg\": \"HS256\",\n  \"typ\": \"JWT\"\n}".to_owned();
    let payload = format!(
        "{{\n  \"iss\": \"my-client-id\",\n  \"sub\": \"1234567890\",\n  \"personId\": \"52998224725\",\n  \"iat\": {now},\n  \"exp\": {}\n}}",
        now + 15 * 60
    );
    (header, payload)
}

/// Whether key text may hold private material and so must be masked on screen: anything
/// that is not plainly a public key, a certificate or a public JWK. Half-pasted or unreadable
/// text counts as private, because masking a public key costs less than showing a private one.
pub fn may_be_private(text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() {
        return false;
    }
    let private = text.contains("PRIVATE") || text.contains("\"d\"") || text.contains("\"k\"");
    let public = text.contains("PUBLIC KEY")
        || text.contains("CERTIFICATE")
        || (text.starts_with('{') && text.contains("\"kty\""));
    private || !public
}

impl Workbench {
    /// A document made from header and payload JSON, signed with `key` (if any).
    pub fn from_parts(header: String, payload: String, key: KeyInUse, clock: &Clock) -> Self {
        let alg = json::parse_object(&header, "header JSON")
            .ok()
            .and_then(|h| {
                h.get("alg")
                    .and_then(Value::as_str)
                    .and_then(|a| a.parse().ok())
            })
            .unwrap_or(Alg::HS256);
        let mut wb = Workbench {
            token: String::new(),
            header,
            payload,
            alg,
            key,
            origin: Origin::Parts,
            decoded: None,
            header_problem: None,
            payload_problem: None,
            sign_problem: None,
            sign_warnings: Vec::new(),
            signature: SignatureState::NotSigned,
            claims: None,
        };
        wb.resign(clock);
        wb
    }

    /// The token text as shown in the encoded pane.
    pub fn token(&self) -> &str {
        &self.token
    }
    /// The header JSON text.
    pub fn header(&self) -> &str {
        &self.header
    }
    /// The payload JSON text.
    pub fn payload(&self) -> &str {
        &self.payload
    }
    /// The algorithm used for signing.
    pub fn alg(&self) -> Alg {
        self.alg
    }
    /// The key in use.
    pub fn key(&self) -> &KeyInUse {
        &self.key
    }
    /// Which side was edited last.
    pub fn origin(&self) -> Origin {
        self.origin
    }
    /// The decoded token, or why it does not decode.
    pub fn decoded(&self) -> Option<&Result<Decoded, Error>> {
        self.decoded.as_ref()
    }
    /// The header editor's JSON problem.
    pub fn header_problem(&self) -> Option<&JsonProblem> {
        self.header_problem.as_ref()
    }
    /// The payload editor's JSON problem.
    pub fn payload_problem(&self) -> Option<&JsonProblem> {
        self.payload_problem.as_ref()
    }
    /// Why signing failed (e.g. the key does not fit the algorithm).
    pub fn sign_problem(&self) -> Option<&str> {
        self.sign_problem.as_deref()
    }
    /// Warnings from the last signing.
    pub fn sign_warnings(&self) -> &[String] {
        &self.sign_warnings
    }
    /// How the signature segment should be presented.
    pub fn signature_state(&self) -> &SignatureState {
        &self.signature
    }

    /// The user pasted or typed a token: decode and verify it; fill header and payload.
    pub fn set_token(&mut self, text: String, clock: &Clock) {
        self.origin = Origin::Token;
        self.token = text;
        self.signature = SignatureState::AsPasted;
        self.sign_problem = None;
        self.sign_warnings.clear();
        self.header_problem = None;
        self.payload_problem = None;
        let result = decode(&self.token, self.key.keys.as_ref(), clock);
        if let Ok(decoded) = &result {
            self.header = serde_json::to_string_pretty(&decoded.token.header).unwrap_or_default();
            self.payload = decoded.token.payload.pretty();
            if let Ok(alg) = decoded.token.alg() {
                self.alg = alg;
            }
        }
        // A token that does not decode leaves the editors as they were: nothing typed is lost.
        self.claims = match &result {
            Ok(decoded) => decoded.token.payload.claims().cloned(),
            Err(_) => match json::parse_strict(&self.payload, "payload JSON") {
                Ok(Value::Object(map)) => Some(map),
                _ => None,
            },
        };
        self.decoded = Some(result);
    }

    /// The header editor changed.
    pub fn set_header(&mut self, text: String, clock: &Clock) {
        self.header = text;
        self.origin = Origin::Parts;
        // The algorithm follows a valid header's "alg".
        if let Ok(h) = json::parse_object(&self.header, "header JSON")
            && let Some(alg) = h
                .get("alg")
                .and_then(Value::as_str)
                .and_then(|a| a.parse().ok())
        {
            self.alg = alg;
        }
        self.resign(clock);
    }

    /// The payload editor changed.
    pub fn set_payload(&mut self, text: String, clock: &Clock) {
        self.payload = text;
        self.origin = Origin::Parts;
        self.resign(clock);
    }

    /// The algorithm picker changed: the header's "alg" follows, and the token is re-signed.
    pub fn set_alg(&mut self, alg: Alg, clock: &Clock) {
        self.alg = alg;
        if let Ok(mut header) = json::parse_object(&self.header, "header JSON") {
            header.insert("alg".into(), Value::String(alg.name().into()));
            let mut ordered = serde_json::Map::new();
            // Keep "alg" first when the header had it first (it usually does).
            ordered.insert("alg".into(), Value::String(alg.name().into()));
            ordered.extend(header);
            self.header = serde_json::to_string_pretty(&ordered).unwrap_or_default();
        }
        self.origin = Origin::Parts;
        self.resign(clock);
    }

    /// The key changed: a pasted token is verified again; an authored one is re-signed.
    pub fn set_key(&mut self, key: KeyInUse, clock: &Clock) {
        self.key = key;
        self.refresh(clock);
    }

    /// Recomputes from the current inputs (e.g. after the clock moved on).
    pub fn refresh(&mut self, clock: &Clock) {
        match self.origin {
            Origin::Token => {
                let token = std::mem::take(&mut self.token);
                let (header, payload) = (self.header.clone(), self.payload.clone());
                self.set_token(token, clock);
                if !matches!(self.decoded, Some(Ok(_))) {
                    self.header = header;
                    self.payload = payload;
                }
            }
            Origin::Parts => self.resign(clock),
        }
    }

    /// Sets claims in the payload and re-signs; other members keep their order. Returns
    /// false, changing nothing, while the payload is not a valid JSON object.
    pub fn set_claims(&mut self, claims: &[(&str, Value)], clock: &Clock) -> bool {
        let Ok(Value::Object(mut map)) = json::parse_strict(&self.payload, "payload JSON") else {
            return false;
        };
        for (name, value) in claims {
            map.insert((*name).to_owned(), value.clone());
        }
        self.payload = serde_json::to_string_pretty(&Value::Object(map)).unwrap_or_default();
        self.origin = Origin::Parts;
        self.resign(clock);
        true
    }

    /// `iat` now and `exp` `lifetime` seconds later: the "+15 min" buttons.
    pub fn set_lifetime(&mut self, lifetime: i64, clock: &Clock) -> bool {
        let now = clock.now.timestamp();
        self.set_claims(
            &[
                ("iat", Value::from(now)),
                ("exp", Value::from(now.saturating_add(lifetime))),
            ],
            clock,
        )
    }

    /// A fresh valid test CPF as `personId`, written like the one it replaces (with or
    /// without dots).
    pub fn new_person_id(&mut self, clock: &Clock) -> bool {
        let formatted = self
            .claim("personId")
            .and_then(Value::as_str)
            .is_some_and(|old| old.contains('.'));
        let number = cpf::generate();
        let number = if formatted {
            cpf::format(&number)
        } else {
            number
        };
        self.set_claims(&[("personId", Value::String(number))], clock)
    }

    /// The payload's claim `name`, when the payload is a valid object holding it.
    pub fn claim(&self, name: &str) -> Option<&Value> {
        self.claims.as_ref()?.get(name)
    }

    /// Whether the payload is a valid JSON object, so claims can be set.
    pub fn claims_ready(&self) -> bool {
        self.claims.is_some()
    }

    /// The payload's claim names, in order (empty unless it is a valid object).
    pub fn claim_names(&self) -> impl Iterator<Item = &str> {
        self.claims
            .iter()
            .flat_map(|map| map.keys().map(String::as_str))
    }

    /// The `personId` claim and whether it is a valid CPF, when there is one.
    pub fn person_id_check(&self) -> Option<(String, Result<(), CpfProblem>)> {
        let shown = match self.claim("personId")? {
            Value::String(s) => s.clone(),
            // A number loses leading zeros; judge it as written.
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        let verdict = cpf::validate(&shown);
        Some((shown, verdict))
    }

    /// The deliberately broken variant of the current header and payload, signed with the
    /// current key where the variant needs one. `now` is unix seconds.
    pub fn broken(&self, broken: &Broken, now: i64) -> Result<Signed, Error> {
        let header = json::parse_object(&self.header, "header JSON")?;
        let payload = json::parse_strict(&self.payload, "payload JSON")?;
        crate::engine::broken::make(broken, header, payload, self.alg, self.key.signer(), now)
    }

    /// Formats both editors' JSON (when valid), keeping member order.
    pub fn format(&mut self, clock: &Clock) {
        for text in [&mut self.header, &mut self.payload] {
            if let Ok(v) = json::parse_strict(text, "JSON") {
                *text = serde_json::to_string_pretty(&v).unwrap_or_else(|_| text.clone());
            }
        }
        if self.origin == Origin::Parts {
            self.resign(clock);
        }
    }

    /// Signs header and payload with the current key. While either JSON is invalid the last
    /// good token stays and the problem is shown.
    fn resign(&mut self, clock: &Clock) {
        let header = json::parse_object(&self.header, "header JSON");
        let payload = json::parse_strict(&self.payload, "payload JSON");
        self.header_problem = problem(header.as_ref().err().cloned());
        self.payload_problem = problem(payload.as_ref().err().cloned());
        self.claims = payload.as_ref().ok().and_then(Value::as_object).cloned();
        let (Ok(header), Ok(payload)) = (header, payload) else {
            return;
        };
        let key = self
            .key
            .keys
            .as_ref()
            .filter(|_| !self.key.verify_only)
            .and_then(|set| set.signing_key().or(set.keys.first()));
        let request = SignRequest {
            header,
            payload,
            alg: self.alg,
            key,
        };
        let signed = if self.alg != Alg::None && key.is_none() {
            // No key: show the parts with an empty signature, clearly marked as not signed.
            Self::unsigned(request)
        } else {
            crate::engine::sign(request)
        };
        match signed {
            Ok(signed) => {
                self.sign_problem = None;
                self.signature = match (self.alg, key) {
                    (Alg::None, _) => SignatureState::Unsecured,
                    (_, None) => SignatureState::NotSigned,
                    _ => SignatureState::Signed,
                };
                self.sign_warnings = signed.warnings;
                self.token = signed.token;
                self.decoded = Some(decode(&self.token, self.key.keys.as_ref(), clock));
            }
            Err(e) => {
                // Keep the last good token; say why this one could not be made.
                self.sign_problem = Some(e.to_string());
            }
        }
    }

    /// `header.payload.` with the chosen alg: what the token would be, not signed.
    fn unsigned(request: SignRequest<'_>) -> Result<crate::engine::Signed, Error> {
        let mut header = request.header;
        header.insert("alg".into(), Value::String(request.alg.name().into()));
        let sign_error = |e: serde_json::Error| Error::Sign(e.to_string());
        let h = serde_json::to_string(&header).map_err(sign_error)?;
        let p = serde_json::to_string(&request.payload).map_err(sign_error)?;
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        Ok(crate::engine::Signed {
            token: format!("{}.{}.", b64.encode(h), b64.encode(p)),
            header,
            warnings: Vec::new(),
        })
    }

    /// The one-line verdict everyone can read.
    pub fn verdict(&self) -> Verdict {
        match &self.decoded {
            None => Verdict::Empty,
            Some(Err(e)) => Verdict::Malformed(e.to_string()),
            Some(Ok(d)) => {
                if matches!(d.token.alg(), Ok(Alg::None)) {
                    return Verdict::Unsigned;
                }
                if self.signature == SignatureState::NotSigned {
                    return Verdict::NoKey;
                }
                match &d.verification {
                    Verification::NotChecked => Verdict::NoKey,
                    Verification::Verified { index, .. } => Verdict::Verified(
                        self.key
                            .owners
                            .get(*index)
                            .unwrap_or(&self.key.label)
                            .clone(),
                    ),
                    Verification::Failed {
                        reason,
                        mismatch: true,
                    } => Verdict::Invalid(reason.clone()),
                    Verification::Failed { reason, .. } => Verdict::NotVerified(reason.clone()),
                }
            }
        }
    }

    /// Whether a live countdown is on screen (then the window repaints once a second).
    pub fn has_countdown(&self) -> bool {
        matches!(&self.decoded, Some(Ok(d)) if d.time.get("exp").is_some() || d.time.get("nbf").is_some())
    }

    /// Non-JSON payload text, when the token's payload is not JSON.
    pub fn payload_is_json(&self) -> bool {
        !matches!(&self.decoded, Some(Ok(d)) if !matches!(d.token.payload, Payload::Json(_)))
    }
}

/// The verdict line's meaning; the UI turns it into words and colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing to judge yet.
    Empty,
    /// The token does not decode.
    Malformed(String),
    /// `alg: none`.
    Unsigned,
    /// No key to check with.
    NoKey,
    /// Verified with the key described.
    Verified(String),
    /// The signature does not match.
    Invalid(String),
    /// Cannot be trusted for another reason (key type, crit, unsupported alg).
    NotVerified(String),
}

fn problem(error: Option<Error>) -> Option<JsonProblem> {
    match error? {
        Error::Json {
            detail,
            line,
            column,
            ..
        } => Some(JsonProblem {
            line,
            column,
            message: detail,
        }),
        other => Some(JsonProblem {
            line: 1,
            column: 1,
            message: other.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plainly_public_key_text_is_shown() {
        let keys = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/keys/");
        let read = |name: &str| std::fs::read_to_string(format!("{keys}{name}")).unwrap();
        for public in [
            "ec-p256.spki.pem",
            "rsa2048.cert.pem",
            "rsa2048.pkcs1-public.pem",
        ] {
            assert!(!may_be_private(&read(public)), "{public}");
        }
        for private in ["ec-p256.pkcs8.pem", "ec-p256.sec1.pem", "rsa2048.pkcs1.pem"] {
            assert!(may_be_private(&read(private)), "{private}");
        }
        assert!(!may_be_private(
            r#"{"kty":"EC","crv":"P-256","x":"a","y":"b"}"#
        ));
        assert!(may_be_private(
            r#"{"kty":"EC","crv":"P-256","x":"a","y":"b","d":"c"}"#
        ));
        assert!(may_be_private(r#"{"kty":"oct","k":"c2VjcmV0"}"#));
        assert!(
            may_be_private("MIIEvAIBADANBgkqhkiG9w0BAQEFAASC"),
            "unlabelled base64"
        );
        assert!(!may_be_private("  \n"));
    }
    use crate::engine::{Key, Secret};

    fn secret_key(s: &str) -> KeyInUse {
        KeyInUse {
            keys: Some(Key::hmac(Secret::new(s.as_bytes().to_vec())).into()),
            label: "session secret".into(),
            problem: None,
            ..KeyInUse::default()
        }
    }

    const JWTIO: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    #[test]
    fn editing_the_payload_resigns_and_the_token_verifies() {
        let clock = Clock::at(1_700_000_000, 60);
        let (h, p) = example(1_700_000_000);
        let mut wb = Workbench::from_parts(
            h,
            p,
            secret_key("a-string-secret-at-least-256-bits-long"),
            &clock,
        );
        assert_eq!(wb.verdict(), Verdict::Verified("session secret".into()));
        let before = wb.token().to_owned();
        wb.set_payload("{\"sub\":\"42\",\"exp\":1700000900}".into(), &clock);
        assert_ne!(wb.token(), before);
        assert_eq!(*wb.signature_state(), SignatureState::Signed);
        assert_eq!(wb.verdict(), Verdict::Verified("session secret".into()));
    }

    #[test]
    fn broken_json_keeps_the_last_good_token() {
        let clock = Clock::at(1_700_000_000, 60);
        let (h, p) = example(1_700_000_000);
        let mut wb = Workbench::from_parts(h, p, secret_key("k"), &clock);
        let good = wb.token().to_owned();
        wb.set_payload("{\n  \"sub\": \"42\",\n  \"exp\": \n}".into(), &clock);
        assert_eq!(wb.token(), good);
        let problem = wb.payload_problem().unwrap();
        assert_eq!((problem.line, problem.column), (4, 1));
        assert_eq!(
            wb.payload(),
            "{\n  \"sub\": \"42\",\n  \"exp\": \n}",
            "what was typed is kept"
        );
    }

    #[test]
    fn pasting_decodes_and_verifies_with_the_current_key() {
        let clock = Clock::at(1_700_000_000, 60);
        let (h, p) = example(1_700_000_000);
        let mut wb = Workbench::from_parts(h, p, secret_key("your-256-bit-secret"), &clock);
        wb.set_token(format!("Bearer {JWTIO}\n"), &clock);
        assert!(wb.payload().contains("John Doe"));
        assert_eq!(wb.verdict(), Verdict::Verified("session secret".into()));
        wb.set_key(secret_key("wrong"), &clock);
        assert!(
            matches!(wb.verdict(), Verdict::Invalid(_)),
            "{:?}",
            wb.verdict()
        );
        assert!(
            wb.token().starts_with("Bearer"),
            "a pasted token is never rewritten"
        );
        wb.set_key(KeyInUse::default(), &clock);
        assert_eq!(wb.verdict(), Verdict::NoKey);
    }

    #[test]
    fn no_key_means_not_signed_never_a_fake_signature() {
        let clock = Clock::at(1_700_000_000, 60);
        let (h, p) = example(1_700_000_000);
        let wb = Workbench::from_parts(h, p, KeyInUse::default(), &clock);
        assert_eq!(*wb.signature_state(), SignatureState::NotSigned);
        assert!(wb.token().ends_with('.'));
        assert_eq!(wb.verdict(), Verdict::NoKey);
        assert!(
            wb.token().starts_with("eyJhbGciOiJIUzI1NiIs"),
            "header keeps HS256"
        );
    }

    #[test]
    fn garbage_tokens_keep_the_editors() {
        let clock = Clock::at(1_700_000_000, 60);
        let (h, p) = example(1_700_000_000);
        let mut wb = Workbench::from_parts(h.clone(), p.clone(), secret_key("k"), &clock);
        wb.set_token("not a token".into(), &clock);
        assert!(matches!(wb.verdict(), Verdict::Malformed(m) if m.contains("expected 3 segments")));
        assert_eq!((wb.header(), wb.payload()), (h.as_str(), p.as_str()));
    }

    #[test]
    fn the_algorithm_picker_rewrites_alg_and_key_mismatch_is_explained() {
        let clock = Clock::at(1_700_000_000, 60);
        let (h, p) = example(1_700_000_000);
        let mut wb = Workbench::from_parts(
            h,
            p,
            secret_key("a-string-secret-at-least-256-bits-long"),
            &clock,
        );
        wb.set_alg(Alg::HS512, &clock);
        assert!(
            wb.header().contains("\"alg\": \"HS512\""),
            "{}",
            wb.header()
        );
        assert!(wb.sign_warnings().iter().any(|w| w.contains("RFC 7518")));
        let good = wb.token().to_owned();
        wb.set_alg(Alg::RS256, &clock);
        assert!(
            wb.sign_problem()
                .unwrap()
                .contains("cannot be used with RS256")
        );
        assert_eq!(wb.token(), good);
    }
}
