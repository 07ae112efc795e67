//! Reading a compact JWS: tolerant of what people paste, strict about what it contains.

use rust_i18n::t;
use serde_json::{Map, Value};

use super::alg::{Alg, UnknownAlg};
use super::b64;
use super::error::{Error, Part};
use super::json;
use super::normalize::{Normalized, normalize};

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
    pub removed: Vec<String>,
    /// The three base64url segments exactly as decoded (header, payload, signature).
    pub segments: [String; 3],
    /// The header object, member order kept.
    pub header: Map<String, Value>,
    /// The payload.
    pub payload: Payload,
    /// Why a UTF-8 payload is not shown as JSON, when it is not.
    pub payload_not_json: Option<String>,
    /// Claim names that appear more than once in the payload (the last one counts).
    pub payload_duplicates: Vec<String>,
    /// The raw signature bytes.
    pub signature: Vec<u8>,
}

impl Token {
    /// Normalizes pasted text and decodes it. Errors name the segment and the problem.
    pub fn parse(input: &str) -> Result<Token, Error> {
        let Normalized { token, removed } = normalize(input);
        if token.is_empty() {
            return Err(Error::malformed(Part::Token, t!("engine.token.empty")));
        }
        let parts: Vec<&str> = token.split('.').collect();
        match parts.len() {
            3 => {}
            5 => {
                return Err(Error::malformed(Part::Token, t!("engine.token.jwe")));
            }
            n => {
                return Err(Error::malformed(
                    Part::Token,
                    t!("engine.token.segment_count", found = n),
                ));
            }
        }

        let header_bytes =
            b64::decode_segment(parts[0]).map_err(|e| Error::malformed(Part::Header, e))?;
        let payload_bytes =
            b64::decode_segment(parts[1]).map_err(|e| Error::malformed(Part::Payload, e))?;
        let signature =
            b64::decode_segment(parts[2]).map_err(|e| Error::malformed(Part::Signature, e))?;

        if header_bytes.is_empty() {
            return Err(Error::malformed(
                Part::Header,
                t!("engine.token.header_empty"),
            ));
        }
        let header_text = std::str::from_utf8(&header_bytes).map_err(|e| {
            Error::malformed(
                Part::Header,
                t!("engine.token.header_not_utf8", offset = e.valid_up_to()),
            )
        })?;
        // The document name is never shown: a problem is reworded as the header segment's.
        let header = match json::parse_object(header_text, "header JSON") {
            Ok(map) => map,
            Err(Error::Json {
                detail,
                line,
                column,
                ..
            }) => {
                return Err(Error::malformed(
                    Part::Header,
                    t!(
                        "engine.token.header_not_json",
                        detail = detail,
                        line = line,
                        column = column
                    ),
                ));
            }
            Err(other) => return Err(other),
        };

        let (payload, payload_not_json, payload_duplicates) =
            match std::str::from_utf8(&payload_bytes) {
                Err(_) => (Payload::Binary(payload_bytes), None, Vec::new()),
                // As for the header, only the detail and position of a problem are kept.
                Ok(text) => match json::parse_keep_last(text, "payload") {
                    Ok((value, dups)) => (Payload::Json(value), None, dups),
                    Err(Error::Json {
                        detail,
                        line,
                        column,
                        ..
                    }) => (
                        Payload::Text(text.to_owned()),
                        Some(
                            t!(
                                "engine.token.payload_not_json",
                                detail = detail,
                                line = line,
                                column = column
                            )
                            .into_owned(),
                        ),
                        Vec::new(),
                    ),
                    Err(other) => (
                        Payload::Text(text.to_owned()),
                        Some(other.to_string()),
                        Vec::new(),
                    ),
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

    /// The `alg` the header names. An error says what is wrong with it.
    pub fn alg(&self) -> Result<Alg, String> {
        match self.header.get("alg") {
            None => Err(t!("engine.token.no_alg").into_owned()),
            Some(Value::String(s)) => s.parse().map_err(|e: UnknownAlg| e.to_string()),
            Some(other) => {
                Err(t!("engine.token.alg_not_string", kind = json::kind_of(other)).into_owned())
            }
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

    /// The compact token, normalized.
    pub fn compact(&self) -> String {
        self.segments.join(".")
    }

    /// Why `crit` makes this token unverifiable, if it does. jwtpad implements no JWS
    /// extensions, so any critical one means "cannot be trusted" (RFC 7515 §4.1.11).
    pub fn crit_problem(&self) -> Option<String> {
        let crit = self.header.get("crit")?;
        let Value::Array(items) = crit else {
            return Some(
                t!("engine.token.crit_not_array", kind = json::kind_of(crit)).into_owned(),
            );
        };
        if items.is_empty() {
            return Some(t!("engine.token.crit_empty").into_owned());
        }
        let names: Vec<String> = items
            .iter()
            .map(|v| match v {
                Value::String(s) => format!("\"{}\"", s.escape_debug()),
                other => other.to_string(),
            })
            .collect();
        Some(t!("engine.token.crit", names = names.join(", ")).into_owned())
    }

    /// Risky but legitimate things about the token itself, in plain words.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self.alg_text() {
            Some("none") => out.push(t!("engine.token.alg_none").into_owned()),
            Some(s) if s.eq_ignore_ascii_case("none") => {
                out.push(t!("engine.token.alg_none_case", alg = s).into_owned());
            }
            _ => {}
        }
        if matches!(self.alg(), Ok(Alg::None)) && !self.signature.is_empty() {
            out.push(t!("engine.token.none_with_signature").into_owned());
        }
        for member in ["jku", "x5u", "jwk", "x5c"] {
            if !self.header.contains_key(member) {
                continue;
            }
            let what = match member {
                "jku" => t!("engine.token.jku"),
                "x5u" => t!("engine.token.x5u"),
                "jwk" => t!("engine.token.jwk"),
                _ => t!("engine.token.x5c"),
            };
            out.push(t!("engine.token.key_in_header", member = member, what = what).into_owned());
        }
        if let Some(problem) = self.crit_problem() {
            out.push(problem);
        }
        if let Payload::Json(value) = &self.payload
            && !value.is_object()
        {
            out.push(
                t!(
                    "engine.token.payload_not_object",
                    kind = json::kind_of(value)
                )
                .into_owned(),
            );
        }
        for name in &self.payload_duplicates {
            out.push(t!("engine.token.duplicate_claim", name = name.escape_debug()).into_owned());
        }
        if let Some(claims) = self.payload.claims()
            && !claims.contains_key("exp")
        {
            out.push(t!("engine.token.no_exp").into_owned());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWTIO: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    #[test]
    fn parses_the_jwtio_token() {
        let t = Token::parse(JWTIO).unwrap();
        assert_eq!(t.alg(), Ok(Alg::HS256));
        assert_eq!(t.header["typ"], "JWT");
        assert_eq!(t.payload.claims().unwrap()["name"], "John Doe");
        assert_eq!(t.signature.len(), 32);
        assert_eq!(t.compact(), JWTIO);
        assert!(t.warnings().iter().any(|w| w.contains("no \"exp\"")));
    }

    #[test]
    fn errors_name_the_segment() {
        let cases = [
            ("", "token: the input is empty"),
            ("a.b", "token: expected 3 segments"),
            (
                "a.b.c.d.e",
                "token: 5 segments: this is an encrypted token (JWE)",
            ),
            ("e30.e30=.", "payload segment: padding '=' at position 4"),
            ("e3+.e30.", "header segment: '+' at position 3"),
            (
                "e30.e30.ab*c",
                "signature segment: invalid base64url character '*' at position 3",
            ),
            (".e30.", "header segment: empty"),
            (
                "W10.e30.",
                "header segment: not a valid JSON object: expected a JSON object",
            ),
            ("_w.e30.", "header segment: not UTF-8"),
            (
                "eyJhIjoxLCJhIjoyfQ.e30.",
                "header segment: not a valid JSON object: duplicate member name \"a\"",
            ),
        ];
        for (input, want) in cases {
            let err = Token::parse(input).unwrap_err().to_string();
            assert!(err.starts_with(want), "{input:?}: {err}");
        }
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
        assert_eq!(t.alg().unwrap_err(), "the header has no \"alg\"");
        // {"alg":"NONE"}
        let t = Token::parse("eyJhbGciOiJOT05FIn0.e30.").unwrap();
        assert_eq!(t.alg(), Ok(Alg::None));
        assert!(t.warnings()[0].contains("letter-case variant"));
    }
}
