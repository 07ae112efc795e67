//! Reading a compact JWS: tolerant of what people paste, strict about what it contains.

use serde_json::{Map, Value};

use super::alg::Alg;
use super::b64;
use super::cpf;
use super::error::{AlgProblem, Error, JsonDoc, JsonIssue, JsonKind, Part, TokenProblem};
use super::json;
use super::normalize::{Removed, normalize_borrowed};
use super::warning::{CritProblem, HeaderMember, Warning};

/// The second segment, shown as it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// JSON; JWT claims when it is an object.
    Json(Value),
    /// UTF-8 text that is not JSON (legitimate in JWS, e.g. RFC 7520's examples).
    Text(String),
    /// Bytes that are not UTF-8, shown as hex.
    Binary(Vec<u8>),
}

impl Payload {
    /// The claims, when the payload is a JSON object.
    pub fn claims(&self) -> Option<&Map<String, Value>> {
        match self {
            Payload::Json(Value::Object(map)) => Some(map),
            _ => None,
        }
    }

    /// "json", "text" or "hex", for machine-readable output.
    pub fn kind(&self) -> &'static str {
        match self {
            Payload::Json(_) => "json",
            Payload::Text(_) => "text",
            Payload::Binary(_) => "hex",
        }
    }

    /// The payload as a JSON value: itself when JSON, else a string (hex for binary).
    pub fn to_json(&self) -> Value {
        match self {
            Payload::Json(v) => v.clone(),
            Payload::Text(t) => Value::String(t.clone()),
            Payload::Binary(b) => Value::String(hex(b)),
        }
    }

    /// Pretty text for people.
    pub fn pretty(&self) -> String {
        match self {
            Payload::Json(v) => serde_json::to_string_pretty(v).unwrap_or_default(),
            Payload::Text(t) => t.clone(),
            Payload::Binary(b) => hex(b),
        }
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A decoded but unverified token. Nothing here says the token can be trusted; see
/// [`super::verify::decode`] for the verdict.
#[derive(Debug, Clone)]
pub struct Token {
    /// What was stripped from the input before decoding.
    pub removed: Vec<Removed>,
    /// The three base64url segments exactly as decoded (header, payload, signature).
    pub segments: [String; 3],
    /// The header object, member order kept.
    pub header: Map<String, Value>,
    /// The payload.
    pub payload: Payload,
    /// Why a UTF-8 payload is not shown as JSON, when it is not.
    pub payload_not_json: Option<JsonIssue>,
    /// Claim names that appear more than once in the payload (the last one counts).
    pub payload_duplicates: Vec<String>,
    /// The raw signature bytes.
    pub signature: Vec<u8>,
}

impl Token {
    /// Normalizes pasted text and decodes it. Errors name the segment and the problem.
    pub fn parse(input: &str) -> Result<Token, Error> {
        // Borrowed when the input is already clean: the segments below are the only copy.
        let (token, removed) = normalize_borrowed(input);
        if token.is_empty() {
            return Err(Error::malformed(Part::Token, TokenProblem::Empty));
        }
        let parts: Vec<&str> = token.split('.').collect();
        match parts.len() {
            3 => {}
            5 => return Err(Error::malformed(Part::Token, TokenProblem::Jwe)),
            n => return Err(Error::malformed(Part::Token, TokenProblem::SegmentCount(n))),
        }
        let segment = |part: Part, text: &str| {
            b64::decode_segment(text).map_err(|p| Error::malformed(part, TokenProblem::Base64(p)))
        };
        let header_bytes = segment(Part::Header, parts[0])?;
        let payload_bytes = segment(Part::Payload, parts[1])?;
        let signature = segment(Part::Signature, parts[2])?;

        if header_bytes.is_empty() {
            return Err(Error::malformed(Part::Header, TokenProblem::HeaderEmpty));
        }
        let header_text = std::str::from_utf8(&header_bytes).map_err(|e| {
            Error::malformed(
                Part::Header,
                TokenProblem::HeaderNotUtf8 {
                    offset: e.valid_up_to(),
                },
            )
        })?;
        let header = json::parse_object(header_text, JsonDoc::Header)
            .map_err(|e| Error::malformed(Part::Header, TokenProblem::HeaderNotJson(e.issue)))?;

        let (payload, payload_not_json, payload_duplicates) =
            match std::str::from_utf8(&payload_bytes) {
                Err(_) => (Payload::Binary(payload_bytes), None, Vec::new()),
                Ok(text) => match json::parse_keep_last(text, JsonDoc::Payload) {
                    Ok(kept) => (Payload::Json(kept.value), None, kept.duplicates),
                    Err(e) => (Payload::Text(text.to_owned()), Some(e.issue), Vec::new()),
                },
            };

        Ok(Token {
            removed,
            segments: [
                parts[0].to_owned(),
                parts[1].to_owned(),
                parts[2].to_owned(),
            ],
            header,
            payload,
            payload_not_json,
            payload_duplicates,
            signature,
        })
    }

    /// The token [`super::sign::sign`] just made of `header` and `payload` (its `token` and
    /// `header`), as [`Token::parse`] reads it, without decoding and parsing back the JSON
    /// just written: a `Value` written by serde_json reads back as the same `Value`, and
    /// what was signed has no duplicate members. `None` when `compact` is not three segments
    /// with a base64url signature.
    pub fn signed(compact: &str, header: Map<String, Value>, payload: Value) -> Option<Token> {
        let mut parts = compact.split('.');
        let (Some(h), Some(p), Some(sig), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        Some(Token {
            removed: Vec::new(),
            segments: [h.to_owned(), p.to_owned(), sig.to_owned()],
            header,
            payload: Payload::Json(payload),
            payload_not_json: None,
            payload_duplicates: Vec::new(),
            signature: b64::decode_segment(sig).ok()?,
        })
    }

    /// The `alg` the header names, or what is wrong with it.
    pub fn alg(&self) -> Result<Alg, AlgProblem> {
        match self.header.get("alg") {
            None => Err(AlgProblem::Missing),
            Some(Value::String(s)) => s.parse().map_err(AlgProblem::Unknown),
            Some(other) => Err(AlgProblem::NotString(JsonKind::of(other))),
        }
    }

    /// The header's `alg` text, whatever it is.
    pub fn alg_text(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }

    /// The header's `kid`, when it is a string.
    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    /// `header.payload` as the signature covers it.
    pub fn signing_input(&self) -> String {
        format!("{}.{}", self.segments[0], self.segments[1])
    }

    /// [`Token::signing_input`] in its three pieces, borrowed: `header`, `.`, `payload`.
    pub(crate) fn signing_input_parts(&self) -> [&[u8]; 3] {
        [
            self.segments[0].as_bytes(),
            b".",
            self.segments[1].as_bytes(),
        ]
    }

    /// The compact token, normalized.
    pub fn compact(&self) -> String {
        self.segments.join(".")
    }

    /// Why `crit` makes this token unverifiable, if it does. jwtpad implements no JWS
    /// extensions, so any critical one means "cannot be trusted" (RFC 7515 §4.1.11).
    pub fn crit_problem(&self) -> Option<CritProblem> {
        let crit = self.header.get("crit")?;
        let Value::Array(items) = crit else {
            return Some(CritProblem::NotArray(JsonKind::of(crit)));
        };
        if items.is_empty() {
            return Some(CritProblem::Empty);
        }
        let names = items
            .iter()
            .map(|v| match v {
                Value::String(s) => format!("\"{}\"", s.escape_debug()),
                other => other.to_string(),
            })
            .collect();
        Some(CritProblem::Unknown(names))
    }

    /// Risky but legitimate things about the token itself.
    pub fn warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        match self.alg_text() {
            Some("none") => out.push(Warning::AlgNone),
            Some(s) if s.eq_ignore_ascii_case("none") => {
                out.push(Warning::AlgNoneCase(s.to_owned()));
            }
            _ => {}
        }
        if matches!(self.alg(), Ok(Alg::None)) && !self.signature.is_empty() {
            out.push(Warning::NoneWithSignature);
        }
        for member in HeaderMember::ALL {
            if self.header.contains_key(member.name()) {
                out.push(Warning::HeaderUrlMember(member));
            }
        }
        if let Some(problem) = self.crit_problem() {
            out.push(Warning::Crit(problem));
        }
        if let Payload::Json(value) = &self.payload
            && !value.is_object()
        {
            out.push(Warning::PayloadNotObject(JsonKind::of(value)));
        }
        for name in &self.payload_duplicates {
            out.push(Warning::DuplicateClaim(name.clone()));
        }
        if let Some(claims) = self.payload.claims() {
            if !claims.contains_key("exp") {
                out.push(Warning::NoExp);
            }
            if let Some(Err(problem)) = cpf::person_id(claims).map(|p| p.verdict) {
                out.push(Warning::PersonIdNotCpf(problem));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error::{B64Problem, JsonProblem};
    use crate::test_support::JWTIO;

    fn problem(input: &str) -> (Part, TokenProblem) {
        match Token::parse(input) {
            Err(Error::Malformed { part, problem }) => (part, problem),
            other => panic!("{input:?}: {other:?}"),
        }
    }

    #[test]
    fn parses_the_jwtio_token() {
        let t = Token::parse(JWTIO).unwrap();
        assert_eq!(t.alg(), Ok(Alg::HS256));
        assert_eq!(t.header["typ"], "JWT");
        assert_eq!(t.payload.claims().unwrap()["name"], "John Doe");
        assert_eq!(t.signature.len(), 32);
        assert_eq!(t.compact(), JWTIO);
        assert_eq!(t.warnings(), [Warning::NoExp]);
    }

    #[test]
    fn errors_name_the_segment() {
        use TokenProblem as T;
        let cases = [
            ("", Part::Token, T::Empty),
            ("a.b", Part::Token, T::SegmentCount(2)),
            ("a.b.c.d.e", Part::Token, T::Jwe),
            (
                "e30.e30=.",
                Part::Payload,
                T::Base64(B64Problem::Padding { position: 4 }),
            ),
            (
                "e3+.e30.",
                Part::Header,
                T::Base64(B64Problem::StandardChar {
                    ch: Some('+'),
                    position: 3,
                }),
            ),
            (
                "e30.e30.ab*c",
                Part::Signature,
                T::Base64(B64Problem::BadChar {
                    ch: Some('*'),
                    position: 3,
                }),
            ),
            (".e30.", Part::Header, T::HeaderEmpty),
            ("_w.e30.", Part::Header, T::HeaderNotUtf8 { offset: 0 }),
        ];
        for (input, part, want) in cases {
            assert_eq!(problem(input), (part, want), "{input:?}");
        }
        let (part, T::HeaderNotJson(issue)) = problem("W10.e30.") else {
            panic!()
        };
        assert_eq!(part, Part::Header);
        assert_eq!(issue.problem, JsonProblem::NotObject(JsonKind::Array));
        let (_, T::HeaderNotJson(issue)) = problem("eyJhIjoxLCJhIjoyfQ.e30.") else {
            panic!()
        };
        assert_eq!(issue.problem, JsonProblem::Duplicate("a".into()));
    }

    #[test]
    fn payload_that_is_not_json_is_text_or_hex() {
        let t = Token::parse("e30.UGF5bG9hZA.").unwrap();
        assert_eq!(t.payload, Payload::Text("Payload".into()));
        assert!(t.payload_not_json.is_some());
        let t = Token::parse("e30._w.").unwrap();
        assert_eq!(t.payload, Payload::Binary(vec![0xff]));
        assert_eq!(t.payload.to_json(), Value::String("ff".into()));
    }

    #[test]
    fn alg_problems_are_explained() {
        let t = Token::parse("e30.e30.").unwrap();
        assert_eq!(t.alg(), Err(AlgProblem::Missing));
        // {"alg":"NONE"}
        let t = Token::parse("eyJhbGciOiJOT05FIn0.e30.").unwrap();
        assert_eq!(t.alg(), Ok(Alg::None));
        assert_eq!(t.warnings()[0], Warning::AlgNoneCase("NONE".into()));
    }
}
