//! The window's document, without the window: one token and the header, payload and key it is
//! made from, kept consistent in both directions.
//!
//! Pasting a token decodes it (and verifies it with the current key); editing the header or
//! payload re-signs it. Work happens only when an input changes, never per frame, so the
//! egui layer can call the getters every frame for free. Nothing here knows about egui.

use std::fmt;

use chrono::{DateTime, Utc};
use rust_i18n::t;
use serde_json::Value;

use crate::engine::broken::Broken;
use crate::engine::cpf::{self, PersonId};
use crate::engine::diff::{self, TokenDiff};
use crate::engine::error::{Error, JsonDoc, JsonIssue};
use crate::engine::extract::Partial;
use crate::engine::sign::{self, SignRequest};
use crate::engine::verify;
use crate::engine::{
    Alg, Clock, Decoded, FailReason, KeySet, Payload, Signed, Token, Verification, Warning, decode,
    json,
};
use crate::profiles::{Profile, ProfileError};

/// Which side the user last edited: it decides what a key or algorithm change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastEdit {
    /// A token was pasted or typed: keep it, verify it.
    Token,
    /// Header or payload was edited: sign them.
    Parts,
}

/// Where the key in use comes from, as the verdict names it. Words come from `Display`,
/// in the window's language at the time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum KeyLabel {
    /// No key.
    #[default]
    None,
    /// An HMAC secret typed into the window.
    SessionSecret,
    /// A PEM or JWK pasted into the window.
    SessionKey,
    /// A stored profile.
    Profile {
        /// Its name.
        name: String,
        /// Its environment label.
        env: Option<String>,
    },
    /// Every stored profile.
    AnyProfile,
}

impl KeyLabel {
    /// The label of a stored profile.
    pub fn of(profile: &Profile) -> Self {
        KeyLabel::Profile {
            name: profile.name.clone(),
            env: profile.env.clone(),
        }
    }
}

impl fmt::Display for KeyLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            KeyLabel::None => t!("key.none"),
            KeyLabel::SessionSecret => t!("key.session_secret"),
            KeyLabel::SessionKey => t!("key.session_pem"),
            KeyLabel::Profile {
                name,
                env: Some(env),
            } => t!("verdict.profile_env", name = name, env = env),
            KeyLabel::Profile { name, env: None } => t!("verdict.profile", name = name),
            KeyLabel::AnyProfile => t!("key.any_profile"),
        })
    }
}

/// Why the chosen key cannot be used, shown under the key box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyTrouble {
    /// The key text does not read.
    Key(Error),
    /// The profile's secret could not be had.
    Profile(ProfileError),
    /// "Any profile" with no profiles.
    NoProfiles,
    /// "Any profile": these profiles were left out.
    Skipped(Vec<(String, ProfileError)>),
}

impl fmt::Display for KeyTrouble {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyTrouble::Key(e) => e.fmt(f),
            KeyTrouble::Profile(e) => e.fmt(f),
            KeyTrouble::NoProfiles => f.write_str(&t!("key.no_profiles")),
            KeyTrouble::Skipped(skipped) => {
                let lines: Vec<String> = skipped
                    .iter()
                    .map(|(name, error)| {
                        t!("key.profile_skipped", name = name, error = error).into_owned()
                    })
                    .collect();
                f.write_str(&lines.join("; "))
            }
        }
    }
}

/// The key in use, already resolved (a profile's secret fetched, a PEM parsed).
#[derive(Debug, Clone, Default)]
pub struct KeyInUse {
    /// The keys; `None` when there is no usable key.
    pub keys: Option<KeySet>,
    /// Where it comes from, for the verdict.
    pub label: KeyLabel,
    /// Why the chosen key cannot be used, if it cannot.
    pub problem: Option<KeyTrouble>,
    /// For keys gathered from several owners (every profile): each key's owner, in the
    /// order of `keys`, so the verdict names the one that verified.
    pub owners: Vec<KeyLabel>,
    /// Keys for checking only: authored tokens are left unsigned rather than signed with
    /// whichever owner's key happens to come first.
    pub verify_only: bool,
}

impl KeyInUse {
    /// The key that signs authored and broken tokens ([`KeySet::signer`]); none for
    /// verify-only keys.
    pub fn signer(&self) -> Option<&crate::engine::Key> {
        if self.verify_only {
            return None;
        }
        self.keys.as_ref().and_then(KeySet::signer)
    }

    /// The keys, or why there are none, under `label`.
    pub fn from_result(label: KeyLabel, keys: Result<KeySet, KeyTrouble>) -> Self {
        match keys {
            Ok(keys) => KeyInUse {
                keys: Some(keys),
                label,
                ..KeyInUse::default()
            },
            Err(trouble) => KeyInUse {
                keys: None,
                label,
                problem: Some(trouble),
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
    last_edit: LastEdit,
    /// Last decode of the token (the pasted one, or the one just signed).
    decoded: Option<Result<Decoded, Error>>,
    /// When a time claim of `decoded` next changes its standing.
    next_flip: Option<DateTime<Utc>>,
    header_problem: Option<JsonIssue>,
    payload_problem: Option<JsonIssue>,
    sign_problem: Option<Error>,
    sign_warnings: Vec<Warning>,
    signature: SignatureState,
    /// The payload's members while it is a valid object; parsed once per edit, so the
    /// test-data panel can read claims every frame for free.
    claims: Option<serde_json::Map<String, Value>>,
    /// The token as last pasted or typed, kept while its header and payload are edited so
    /// the window can say what the edits changed; `None` once a token does not decode.
    original: Option<Token>,
    /// Every stored profile's keys by name: when the key in use fails, the ones that
    /// verify are named by an `other-profile` hint.
    others: Vec<(String, KeySet)>,
    /// What a malformed pasted token still decodes to, and its wrong segment.
    partial: Option<Partial>,
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
        let alg = json::parse_object(&header, JsonDoc::Header)
            .ok()
            .and_then(|h| header_alg(&h))
            .unwrap_or(Alg::HS256);
        let mut wb = Workbench {
            token: String::new(),
            header,
            payload,
            alg,
            key,
            last_edit: LastEdit::Parts,
            decoded: None,
            next_flip: None,
            header_problem: None,
            payload_problem: None,
            sign_problem: None,
            sign_warnings: Vec::new(),
            signature: SignatureState::NotSigned,
            claims: None,
            original: None,
            others: Vec::new(),
            partial: None,
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
    pub fn last_edit(&self) -> LastEdit {
        self.last_edit
    }
    /// The decoded token, or why it does not decode.
    pub fn decoded(&self) -> Option<&Result<Decoded, Error>> {
        self.decoded.as_ref()
    }
    /// The header editor's JSON problem.
    pub fn header_problem(&self) -> Option<&JsonIssue> {
        self.header_problem.as_ref()
    }
    /// The payload editor's JSON problem.
    pub fn payload_problem(&self) -> Option<&JsonIssue> {
        self.payload_problem.as_ref()
    }
    /// Why signing failed (e.g. the key does not fit the algorithm).
    pub fn sign_problem(&self) -> Option<&Error> {
        self.sign_problem.as_ref()
    }
    /// Warnings from the last signing.
    pub fn sign_warnings(&self) -> &[Warning] {
        &self.sign_warnings
    }
    /// The token as last pasted or typed (while it decoded), whatever was edited since.
    pub fn original(&self) -> Option<&Token> {
        self.original.as_ref()
    }
    /// What the header and payload edits changed of the pasted token: `None` until a
    /// pasted token's parts are edited (or while the edited token does not decode).
    pub fn edits(&self) -> Option<TokenDiff> {
        let original = self.original.as_ref()?;
        let Some(Ok(current)) = &self.decoded else {
            return None;
        };
        (self.last_edit == LastEdit::Parts).then(|| diff::diff(original, &current.token))
    }
    /// How the signature segment should be presented.
    pub fn signature_state(&self) -> &SignatureState {
        &self.signature
    }
    /// What a malformed pasted token still decodes to (shown in the editors), if anything.
    pub fn partial(&self) -> Option<&Partial> {
        self.partial.as_ref()
    }

    /// The user pasted or typed a token: decode and verify it; fill header and payload.
    pub fn set_token(&mut self, text: String, clock: &Clock) {
        self.last_edit = LastEdit::Token;
        self.token = text;
        self.signature = SignatureState::AsPasted;
        self.sign_problem = None;
        self.sign_warnings.clear();
        self.header_problem = None;
        self.payload_problem = None;
        self.judge(clock);
        self.original = match &self.decoded {
            Some(Ok(decoded)) => Some(decoded.token.clone()),
            _ => None,
        };
        if let Some(Ok(decoded)) = &self.decoded {
            self.header = serde_json::to_string_pretty(&decoded.token.header).unwrap_or_default();
            self.payload = decoded.token.payload.pretty();
            if let Ok(alg) = decoded.token.alg() {
                self.alg = alg;
            }
        }
        // A malformed token shows the parts that decode; one that shows nothing leaves the
        // editors as they were, so nothing typed is lost.
        self.partial = match &self.decoded {
            Some(Err(e)) => Partial::of(&self.token, e),
            _ => None,
        };
        if let Some(partial) = &self.partial {
            if let Some(header) = &partial.header {
                self.header = serde_json::to_string_pretty(header).unwrap_or_default();
            }
            if let Some(payload) = &partial.payload {
                self.payload = payload.pretty();
            }
        }
        self.claims = match &self.decoded {
            Some(Ok(decoded)) => decoded.token.payload.claims().cloned(),
            _ => match json::parse_strict(&self.payload, JsonDoc::Payload) {
                Ok(Value::Object(map)) => Some(map),
                _ => None,
            },
        };
    }

    /// Decodes and verifies the token as it stands.
    fn judge(&mut self, clock: &Clock) {
        let result = decode(&self.token, self.key.keys.as_ref(), clock);
        self.judged(result, clock);
    }

    /// Takes the decoded token (or why it does not decode) as the one shown, with the hints
    /// naming the other profiles that verify it.
    fn judged(&mut self, mut result: Result<Decoded, Error>, clock: &Clock) {
        if let Ok(decoded) = &mut result
            && self.key.label != KeyLabel::AnyProfile
        {
            // The profile in use is not "another" profile.
            let current = match &self.key.label {
                KeyLabel::Profile { name, .. } => Some(name.as_str()),
                _ => None,
            };
            let others = self
                .others
                .iter()
                .filter(|(name, _)| Some(name.as_str()) != current)
                .map(|(name, keys)| (name.as_str(), keys));
            let found =
                crate::engine::hints::for_other_keys(&decoded.token, &decoded.verification, others);
            decoded.hints.extend(found);
        }
        self.next_flip = result
            .as_ref()
            .ok()
            .and_then(|d| d.time.next_flip(clock.now));
        self.decoded = Some(result);
    }

    /// Judges the token again when the clock has passed an instant at which a time claim
    /// changes its standing (expired, within the leeway, valid from), so the verdict and
    /// the warnings stay true while a countdown runs. The token itself is not touched.
    /// Returns whether it judged again.
    pub fn tick(&mut self, clock: &Clock) -> bool {
        match self.next_flip {
            Some(flip) if clock.now >= flip => {
                self.judge(clock);
                true
            }
            _ => false,
        }
    }

    /// Judges the token again at `clock`, which may be earlier than the last one (the
    /// window's "Check at" moved the clock).
    pub fn judge_at(&mut self, clock: &Clock) {
        self.judge(clock);
    }

    /// When the standing of a time claim next changes, if ever.
    pub fn next_flip(&self) -> Option<DateTime<Utc>> {
        self.next_flip
    }

    /// The header editor changed.
    pub fn set_header(&mut self, text: String, clock: &Clock) {
        self.header = text;
        self.last_edit = LastEdit::Parts;
        // The algorithm follows a valid header's "alg".
        if let Some(alg) = json::parse_object(&self.header, JsonDoc::Header)
            .ok()
            .and_then(|h| header_alg(&h))
        {
            self.alg = alg;
        }
        self.resign(clock);
    }

    /// The payload editor changed.
    pub fn set_payload(&mut self, text: String, clock: &Clock) {
        self.payload = text;
        self.last_edit = LastEdit::Parts;
        self.resign(clock);
    }

    /// The algorithm picker changed: the header's "alg" follows (placed by the engine's one
    /// rule), and the token is re-signed.
    pub fn set_alg(&mut self, alg: Alg, clock: &Clock) {
        self.alg = alg;
        if let Ok(header) = json::parse_object(&self.header, JsonDoc::Header) {
            let (header, _) = sign::place_alg(header, alg);
            self.header = serde_json::to_string_pretty(&header).unwrap_or_default();
        }
        self.last_edit = LastEdit::Parts;
        self.resign(clock);
    }

    /// Every stored profile's keys by name, for the `other-profile` hint; the token is
    /// judged again (the verdict itself cannot change).
    pub fn set_other_keys(&mut self, others: Vec<(String, KeySet)>, clock: &Clock) {
        self.others = others;
        if self.decoded.is_some() {
            self.judge(clock);
        }
    }

    /// Whether [`Self::set_other_keys`] has given any keys.
    pub fn has_other_keys(&self) -> bool {
        !self.others.is_empty()
    }

    /// The key changed: a pasted token is verified again; an authored one is re-signed.
    pub fn set_key(&mut self, key: KeyInUse, clock: &Clock) {
        self.key = key;
        self.refresh(clock);
    }

    /// Recomputes from the current inputs (e.g. after the clock moved on).
    pub fn refresh(&mut self, clock: &Clock) {
        match self.last_edit {
            LastEdit::Token => {
                let token = std::mem::take(&mut self.token);
                let (header, payload) = (self.header.clone(), self.payload.clone());
                self.set_token(token, clock);
                if !matches!(self.decoded, Some(Ok(_))) {
                    self.header = header;
                    self.payload = payload;
                }
            }
            LastEdit::Parts => self.resign(clock),
        }
    }

    /// Sets claims in the payload and re-signs; other members keep their order. Returns
    /// false, changing nothing, while the payload is not a valid JSON object.
    pub fn set_claims(&mut self, claims: &[(&str, Value)], clock: &Clock) -> bool {
        let Ok(Value::Object(mut map)) = json::parse_strict(&self.payload, JsonDoc::Payload) else {
            return false;
        };
        for (name, value) in claims {
            map.insert((*name).to_owned(), value.clone());
        }
        self.payload = serde_json::to_string_pretty(&Value::Object(map)).unwrap_or_default();
        self.last_edit = LastEdit::Parts;
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

    /// The `personId` claim and whether it is a valid CPF, when there is one (the engine's
    /// check, as the command line makes it).
    pub fn person_id_check(&self) -> Option<PersonId> {
        cpf::person_id(self.claims.as_ref()?)
    }

    /// The deliberately broken variant of the current header and payload, signed with the
    /// current key where the variant needs one. `now` is unix seconds.
    pub fn broken(&self, broken: &Broken, now: i64) -> Result<Signed, Error> {
        let header = json::parse_object(&self.header, JsonDoc::Header)?;
        let payload = json::parse_strict(&self.payload, JsonDoc::Payload)?;
        crate::engine::broken::make(broken, header, payload, self.alg, self.key.signer(), now)
    }

    /// Formats both editors' JSON (when valid), keeping member order.
    pub fn format(&mut self, clock: &Clock) {
        for text in [&mut self.header, &mut self.payload] {
            if let Ok(v) = json::parse_strict(text, JsonDoc::Other) {
                *text = serde_json::to_string_pretty(&v).unwrap_or_else(|_| text.clone());
            }
        }
        if self.last_edit == LastEdit::Parts {
            self.resign(clock);
        }
    }

    /// Signs header and payload with the current key. While either JSON is invalid the last
    /// good token stays and the problem is shown.
    fn resign(&mut self, clock: &Clock) {
        self.partial = None;
        let header = json::parse_object(&self.header, JsonDoc::Header);
        let payload = json::parse_strict(&self.payload, JsonDoc::Payload);
        self.header_problem = header.as_ref().err().map(|e| e.issue.clone());
        self.payload_problem = payload.as_ref().err().map(|e| e.issue.clone());
        self.claims = payload.as_ref().ok().and_then(Value::as_object).cloned();
        let (Ok(header), Ok(payload)) = (header, payload) else {
            return;
        };
        let key = self.key.signer();
        // Kept to judge the token by, instead of decoding and parsing back what is signed.
        let signed_payload = payload.clone();
        let request = SignRequest {
            header,
            payload,
            alg: self.alg,
            key,
        };
        let signed = if self.alg != Alg::None && key.is_none() {
            // No key: show the parts with an empty signature, clearly marked as not signed.
            Ok(sign::unsigned(request))
        } else {
            sign::sign(request)
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
                match Token::signed(&self.token, signed.header, signed_payload) {
                    Some(token) => {
                        let decoded = verify::judge(token, self.key.keys.as_ref(), clock);
                        self.judged(Ok(decoded), clock);
                    }
                    None => self.judge(clock),
                }
            }
            Err(e) => {
                // Keep the last good token; say why this one could not be made.
                self.sign_problem = Some(e);
            }
        }
    }

    /// The one-line verdict everyone can read.
    pub fn verdict(&self) -> Verdict {
        match &self.decoded {
            None => Verdict::Empty,
            Some(Err(e)) => Verdict::Malformed(e.clone()),
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
                    Verification::Failed(reason) if reason.is_mismatch() => {
                        Verdict::Invalid(reason.clone())
                    }
                    Verification::Failed(reason) => Verdict::NotVerified(reason.clone()),
                }
            }
        }
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
    Malformed(Error),
    /// `alg: none`.
    Unsigned,
    /// No key to check with.
    NoKey,
    /// Verified with the key so labelled.
    Verified(KeyLabel),
    /// The signature does not match.
    Invalid(FailReason),
    /// Cannot be trusted for another reason (key type, crit, unsupported alg).
    NotVerified(FailReason),
}

/// The header's `alg`, when it names an algorithm jwtpad knows.
fn header_alg(header: &serde_json::Map<String, Value>) -> Option<Alg> {
    header
        .get("alg")
        .and_then(Value::as_str)
        .and_then(|a| a.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_signed_here_is_judged_as_decoding_it_would_judge_it() {
        use crate::engine::{Key, Secret};
        let clock = Clock::at(1_700_000_000, 60);
        let hmac = || {
            KeyInUse::from_result(
                KeyLabel::SessionSecret,
                Ok(KeySet::from(Key::hmac(Secret::new(
                    b"a-secret-of-32-bytes-or-so-ok!!".to_vec(),
                )))),
            )
        };
        let payloads = [
            r#"{"sub": "1", "exp": 1700000900, "iat": 1699999000}"#,
            r#"{"f": 1.5e-7, "g": -0.0, "big": 18446744073709551615, "neg": -9223372036854775808}"#,
            r#"{"é": "\u00e9 \"q\" \\ \n \ud83d\ude00", "nbf": 1800000000, "nested": [[{}], []]}"#,
            r#"{"exp": "soon", "personId": "52998224725"}"#,
            r#"[1, 2, 3]"#,
            r#""just a string""#,
        ];
        for (header, key) in [
            (r#"{"alg": "HS256", "typ": "JWT", "kid": "k1"}"#, hmac()),
            (r#"{"alg": "HS256"}"#, KeyInUse::default()),
            (r#"{"alg": "none"}"#, hmac()),
        ] {
            for payload in payloads {
                let wb = Workbench::from_parts(header.into(), payload.into(), key.clone(), &clock);
                let read_back = decode(wb.token(), key.keys.as_ref(), &clock);
                assert_eq!(
                    format!("{:?}", wb.decoded()),
                    format!("{:?}", Some(&read_back)),
                    "{header} {payload}"
                );
            }
        }
    }

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
    use crate::engine::error::SignProblem;
    use crate::engine::keys::KeyRefusal;
    use crate::engine::{Key, Secret};

    fn secret_key(s: &str) -> KeyInUse {
        KeyInUse {
            keys: Some(Key::hmac(Secret::new(s.as_bytes().to_vec())).into()),
            label: KeyLabel::SessionSecret,
            problem: None,
            ..KeyInUse::default()
        }
    }

    use crate::test_support::JWTIO;

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
        assert_eq!(wb.verdict(), Verdict::Verified(KeyLabel::SessionSecret));
        let before = wb.token().to_owned();
        wb.set_payload("{\"sub\":\"42\",\"exp\":1700000900}".into(), &clock);
        assert_ne!(wb.token(), before);
        assert_eq!(*wb.signature_state(), SignatureState::Signed);
        assert_eq!(wb.verdict(), Verdict::Verified(KeyLabel::SessionSecret));
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
        assert_eq!(wb.verdict(), Verdict::Verified(KeyLabel::SessionSecret));
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
    fn edits_of_a_pasted_token_are_compared_with_it_until_another_is_pasted() {
        let clock = Clock::at(1_700_000_000, 60);
        let (h, p) = example(1_700_000_000);
        let mut wb = Workbench::from_parts(h, p, secret_key("your-256-bit-secret"), &clock);
        assert!(wb.original().is_none(), "nothing pasted yet");
        wb.set_token(JWTIO.into(), &clock);
        assert!(wb.edits().is_none(), "pasted, not edited");
        wb.set_payload(
            "{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"iat\":1516239022,\"exp\":1516240922}"
                .into(),
            &clock,
        );
        let edits = wb.edits().unwrap();
        assert_eq!(edits.payload.len(), 1, "{edits:?}");
        assert_eq!(edits.payload[0].path, "/exp");
        assert_eq!(
            edits.payload[0].kind,
            crate::engine::diff::ChangeKind::Added
        );
        assert!(edits.signature_differs);
        wb.set_token(String::new(), &clock);
        assert!(wb.original().is_none() && wb.edits().is_none(), "cleared");
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
        assert!(
            matches!(wb.verdict(), Verdict::Malformed(e) if e.code() == "segment-count"),
            "{:?}",
            wb.verdict()
        );
        assert_eq!((wb.header(), wb.payload()), (h.as_str(), p.as_str()));
    }

    #[test]
    fn a_partial_token_shows_the_parts_that_decode() {
        let clock = Clock::at(1_700_000_000, 60);
        let (h, p) = example(1_700_000_000);
        let mut wb = Workbench::from_parts(h.clone(), p.clone(), secret_key("k"), &clock);
        let two = crate::test_support::JWTIO
            .rsplit_once('.')
            .unwrap()
            .0
            .to_owned();
        wb.set_token(two, &clock);
        assert!(matches!(wb.verdict(), Verdict::Malformed(_)));
        let partial = wb.partial().unwrap();
        assert_eq!(partial.segment, crate::engine::Part::Signature);
        assert!(wb.header().contains("HS256") && wb.payload().contains("John Doe"));
        wb.set_payload(p, &clock);
        assert!(
            wb.partial().is_none(),
            "editing the parts signs a whole token again"
        );
    }

    #[test]
    fn statuses_are_judged_again_when_the_clock_passes_a_flip() {
        let clock = Clock::at(1_700_000_000, 60);
        let mut wb = Workbench::from_parts(
            "{\"alg\":\"HS256\"}".into(),
            "{\"exp\":1700000010}".into(),
            secret_key("a-string-secret-at-least-256-bits-long"),
            &clock,
        );
        let token = wb.token().to_owned();
        assert_eq!(wb.verdict(), Verdict::Verified(KeyLabel::SessionSecret));
        assert!(
            !wb.tick(&Clock::at(1_700_000_005, 60)),
            "nothing flipped yet"
        );
        // exp passed (within the leeway), then exp + leeway passed: expired.
        assert!(wb.tick(&Clock::at(1_700_000_011, 60)));
        assert!(wb.tick(&Clock::at(1_700_000_071, 60)));
        let Some(Ok(decoded)) = wb.decoded() else {
            panic!()
        };
        assert_eq!(
            decoded.time.get("exp").unwrap().status,
            crate::engine::TimeStatus::Expired
        );
        assert_eq!(wb.token(), token, "judging again never re-signs");
        assert_eq!(wb.next_flip(), None);
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
        assert!(
            wb.sign_warnings().iter().any(|w| matches!(
                w,
                Warning::ShortSecret {
                    min: 64,
                    alg: Alg::HS512,
                    ..
                }
            )),
            "{:?}",
            wb.sign_warnings()
        );
        let good = wb.token().to_owned();
        wb.set_alg(Alg::RS256, &clock);
        assert!(
            matches!(
                wb.sign_problem(),
                Some(Error::Sign(SignProblem::Refused(KeyRefusal::WrongFamily {
                    alg: Alg::RS256,
                    ..
                })))
            ),
            "{:?}",
            wb.sign_problem()
        );
        assert_eq!(wb.token(), good);
    }
}
