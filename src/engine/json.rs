//! JSON parsing that refuses what serde_json would silently accept: duplicate member names.
//!
//! Member order is kept (`preserve_order`), so what the user wrote is what gets signed.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::fmt;

use super::error::{JsonDoc, JsonError, JsonIssue, JsonKind, JsonProblem};

/// serde_json's own nesting limit; deeper documents are refused, never recursed into.
pub const MAX_DEPTH: usize = 128;

/// Starts serde's custom error text for a duplicate member; the name follows.
const DUPLICATE_MARK: &str = "\u{0}jwtpad-duplicate:";

/// What to do with a member name that appears twice in one object.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Duplicates {
    Refuse,
    KeepLast,
}

struct Seed<'a> {
    duplicates: Duplicates,
    seen: &'a RefCell<Vec<String>>,
}

impl Clone for Seed<'_> {
    fn clone(&self) -> Self {
        Seed {
            duplicates: self.duplicates,
            seen: self.seen,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    // Never shown: deserialize_any reaches a visit_* for every JSON value.
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.clone())? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self.clone())?;
            if out.contains_key(&key) {
                if self.duplicates == Duplicates::Refuse {
                    // Carried through serde's error as a marker, then turned back into data.
                    return Err(de::Error::custom(format_args!("{DUPLICATE_MARK}{key}")));
                }
                self.seen.borrow_mut().push(key.clone());
            }
            // IndexMap::insert keeps the first position and takes the last value.
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// A document parsed with [`parse_keep_last`].
#[derive(Debug, Clone, PartialEq)]
pub struct KeptLast {
    /// The value, each duplicated member holding its last value.
    pub value: Value,
    /// The member names that appeared more than once, in order.
    pub duplicates: Vec<String>,
}

fn parse(text: &str, duplicates: Duplicates, doc: JsonDoc) -> Result<KeptLast, JsonError> {
    let seen = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Seed {
        duplicates,
        seen: &seen,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v))
    .map_err(|e| JsonError {
        doc,
        issue: issue(&e),
    })?;
    Ok(KeptLast {
        value,
        duplicates: seen.into_inner(),
    })
}

/// Parses JSON, refusing duplicate member names anywhere in the document.
pub fn parse_strict(text: &str, doc: JsonDoc) -> Result<Value, JsonError> {
    parse(text, Duplicates::Refuse, doc).map(|kept| kept.value)
}

/// Parses JSON the way RFC 7519 §4 permits for claims: the last duplicate wins, and the
/// duplicated names are returned so the caller can warn about them.
pub fn parse_keep_last(text: &str, doc: JsonDoc) -> Result<KeptLast, JsonError> {
    parse(text, Duplicates::KeepLast, doc)
}

/// Parses a JSON document that must be an object.
pub fn parse_object(text: &str, doc: JsonDoc) -> Result<Map<String, Value>, JsonError> {
    match parse_strict(text, doc)? {
        Value::Object(map) => Ok(map),
        other => Err(JsonError {
            doc,
            issue: JsonIssue {
                problem: JsonProblem::NotObject(JsonKind::of(&other)),
                line: 1,
                column: 1,
            },
        }),
    }
}

fn issue(e: &serde_json::Error) -> JsonIssue {
    let text = e.to_string();
    // serde_json appends " at line L column C"; those are fields of their own.
    let detail = text
        .rfind(" at line ")
        .map_or(text.as_str(), |i| &text[..i]);
    // serde_json's messages are fixed English phrases; each gets a variant, so a translated
    // window says what is wrong in its own language. A phrase a newer serde_json adds is
    // kept as it is.
    let problem = match detail {
        "expected ident" => JsonProblem::BareWord,
        "recursion limit exceeded" => JsonProblem::TooDeep,
        "EOF while parsing a value" => JsonProblem::EofValue,
        "EOF while parsing an object" => JsonProblem::EofObject,
        "EOF while parsing a list" => JsonProblem::EofList,
        "EOF while parsing a string" => JsonProblem::EofString,
        "expected value" => JsonProblem::ExpectedValue,
        "expected `:`" => JsonProblem::ExpectedColon,
        "expected `,` or `]`" => JsonProblem::ExpectedCommaBracket,
        "expected `,` or `}`" => JsonProblem::ExpectedCommaBrace,
        "expected `\"`" => JsonProblem::ExpectedQuote,
        "key must be a string" => JsonProblem::KeyNotString,
        "trailing comma" => JsonProblem::TrailingComma,
        "trailing characters" => JsonProblem::TrailingCharacters,
        "invalid escape" => JsonProblem::InvalidEscape,
        "invalid number" => JsonProblem::InvalidNumber,
        "number out of range" => JsonProblem::NumberOutOfRange,
        "invalid unicode code point" => JsonProblem::InvalidCodePoint,
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            JsonProblem::ControlCharacter
        }
        "lone leading surrogate in hex escape" => JsonProblem::LoneSurrogate,
        "unexpected end of hex escape" => JsonProblem::ShortHexEscape,
        other => match other.strip_prefix(DUPLICATE_MARK) {
            Some(name) => JsonProblem::Duplicate(name.to_owned()),
            None => JsonProblem::Other(other.to_owned()),
        },
    };
    JsonIssue {
        problem,
        line: e.line().max(1),
        column: e.column().max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> JsonProblem {
        parse_strict(text, JsonDoc::Other)
            .unwrap_err()
            .issue
            .problem
    }

    /// Each serde_json phrase the engine maps still comes out of serde_json: a newer
    /// serde_json that rewords one fails here instead of showing English in another language.
    #[test]
    fn serde_json_phrases_are_the_ones_mapped() {
        use JsonProblem as P;
        let cases = [
            ("", P::EofValue),
            ("{", P::EofObject),
            ("[", P::EofList),
            ("\"abc", P::EofString),
            ("trux", P::BareWord),
            ("{\"a\":}", P::ExpectedValue),
            ("{\"a\" 1}", P::ExpectedColon),
            ("[1 2]", P::ExpectedCommaBracket),
            ("{\"a\":1 \"b\":2}", P::ExpectedCommaBrace),
            ("{1:2}", P::KeyNotString),
            ("[1,]", P::TrailingComma),
            ("1 2", P::TrailingCharacters),
            ("\"\\q\"", P::InvalidEscape),
            ("-x", P::InvalidNumber),
            ("1e999", P::NumberOutOfRange),
            ("\"\u{1}\"", P::ControlCharacter),
            ("\"\\uDC00\"", P::LoneSurrogate),
            ("\"\\uD800x\"", P::ShortHexEscape),
        ];
        for (input, expected) in cases {
            assert_eq!(problem(input), expected, "{input:?}");
        }
    }

    #[test]
    fn keeps_member_order() {
        let v = parse_strict(r#"{"z":1,"a":2,"m":{"y":1,"b":2}}"#, JsonDoc::Other).unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"z":1,"a":2,"m":{"y":1,"b":2}}"#
        );
    }

    #[test]
    fn refuses_duplicates_with_a_position() {
        let err =
            parse_strict("{\"alg\":\"HS256\",\n\"alg\":\"none\"}", JsonDoc::Header).unwrap_err();
        assert_eq!(err.issue.problem, JsonProblem::Duplicate("alg".into()));
        assert_eq!(err.issue.line, 2);
        assert_eq!(err.doc, JsonDoc::Header);
        assert_eq!(
            problem(r#"{"a":{"b":1,"b":2}}"#),
            JsonProblem::Duplicate("b".into())
        );
        // A name holding serde's own " at line " still comes back whole.
        assert_eq!(
            problem(r#"{"x at line 9":1,"x at line 9":2}"#),
            JsonProblem::Duplicate("x at line 9".into())
        );
    }

    #[test]
    fn keep_last_reports_duplicates() {
        let KeptLast {
            value: v,
            duplicates: dups,
        } = parse_keep_last(r#"{"exp":1,"sub":"a","exp":2}"#, JsonDoc::Other).unwrap();
        assert_eq!(v["exp"], 2);
        assert_eq!(dups, vec!["exp".to_string()]);
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"exp":2,"sub":"a"}"#);
    }

    #[test]
    fn errors_have_line_and_column() {
        let err = parse_strict("{\n  \"a\": 1,\n  \"b\": }", JsonDoc::Payload).unwrap_err();
        assert_eq!(err.issue.problem, JsonProblem::ExpectedValue);
        assert_eq!((err.issue.line, err.issue.column), (3, 8));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(problem(&deep), JsonProblem::TooDeep);
        let deep_obj = "{\"a\":".repeat(10_000) + "1" + &"}".repeat(10_000);
        assert!(parse_keep_last(&deep_obj, JsonDoc::Other).is_err());
    }

    #[test]
    fn object_required() {
        let err = parse_object("[1]", JsonDoc::Header).unwrap_err();
        assert_eq!(err.issue.problem, JsonProblem::NotObject(JsonKind::Array));
    }
}
