//! JSON parsing that refuses what serde_json would silently accept: duplicate member names.
//!
//! Member order is kept (`preserve_order`), so what the user wrote is what gets signed.

use rust_i18n::t;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::fmt;

use super::error::Error;

/// serde_json's own nesting limit; deeper documents are refused, never recursed into.
pub const MAX_DEPTH: usize = 128;

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

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&t!("engine.json.expecting"))
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
                    return Err(de::Error::custom(t!(
                        "engine.json.duplicate",
                        name = key.escape_debug()
                    )));
                }
                self.seen.borrow_mut().push(key.clone());
            }
            // IndexMap::insert keeps the first position and takes the last value.
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

fn parse(text: &str, duplicates: Duplicates, what: &str) -> Result<(Value, Vec<String>), Error> {
    let seen = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Seed {
        duplicates,
        seen: &seen,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v))
    .map_err(|e| json_error(&e, what))?;
    Ok((value, seen.into_inner()))
}

/// Parses JSON, refusing duplicate member names anywhere in the document.
pub fn parse_strict(text: &str, what: &str) -> Result<Value, Error> {
    parse(text, Duplicates::Refuse, what).map(|(v, _)| v)
}

/// Parses JSON the way RFC 7519 §4 permits for claims: the last duplicate wins, and the
/// duplicated names are returned so the caller can warn about them.
pub fn parse_keep_last(text: &str, what: &str) -> Result<(Value, Vec<String>), Error> {
    parse(text, Duplicates::KeepLast, what)
}

/// Parses a JSON document that must be an object.
pub fn parse_object(text: &str, what: &str) -> Result<Map<String, Value>, Error> {
    match parse_strict(text, what)? {
        Value::Object(map) => Ok(map),
        other => Err(Error::Json {
            what: what.to_owned(),
            detail: t!("engine.json.not_object", kind = kind_of(&other)).into_owned(),
            line: 1,
            column: 1,
        }),
    }
}

/// "a string", "an array", ... for messages.
pub fn kind_of(value: &Value) -> String {
    match value {
        Value::Null => t!("engine.json.kind_null"),
        Value::Bool(_) => t!("engine.json.kind_boolean"),
        Value::Number(_) => t!("engine.json.kind_number"),
        Value::String(_) => t!("engine.json.kind_string"),
        Value::Array(_) => t!("engine.json.kind_array"),
        Value::Object(_) => t!("engine.json.kind_object"),
    }
    .into_owned()
}

fn json_error(e: &serde_json::Error, what: &str) -> Error {
    let text = e.to_string();
    // serde_json appends " at line L column C"; we report those as fields instead.
    let detail = text
        .rfind(" at line ")
        .map_or(text.as_str(), |i| &text[..i])
        .to_owned();
    // serde_json's messages are fixed English phrases; each gets a text of ours, so a
    // translated window says what is wrong in its own language. Anything else (our own
    // duplicate-member message, or a phrase a newer serde_json adds) is shown as it is.
    let detail = match detail.as_str() {
        "expected ident" => t!("engine.json.bare_word"),
        "recursion limit exceeded" => t!("engine.json.too_deep", depth = MAX_DEPTH),
        "EOF while parsing a value" => t!("engine.json.eof_value"),
        "EOF while parsing an object" => t!("engine.json.eof_object"),
        "EOF while parsing a list" => t!("engine.json.eof_list"),
        "EOF while parsing a string" => t!("engine.json.eof_string"),
        "expected value" => t!("engine.json.expected_value"),
        "expected `:`" => t!("engine.json.expected_colon"),
        "expected `,` or `]`" => t!("engine.json.expected_comma_bracket"),
        "expected `,` or `}`" => t!("engine.json.expected_comma_brace"),
        "expected `\"`" => t!("engine.json.expected_quote"),
        "key must be a string" => t!("engine.json.key_not_string"),
        "trailing comma" => t!("engine.json.trailing_comma"),
        "trailing characters" => t!("engine.json.trailing_characters"),
        "invalid escape" => t!("engine.json.invalid_escape"),
        "invalid number" => t!("engine.json.invalid_number"),
        "number out of range" => t!("engine.json.number_out_of_range"),
        "invalid unicode code point" => t!("engine.json.invalid_code_point"),
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            t!("engine.json.control_character")
        }
        "lone leading surrogate in hex escape" => t!("engine.json.lone_surrogate"),
        "unexpected end of hex escape" => t!("engine.json.short_hex_escape"),
        _ => detail.into(),
    }
    .into_owned();
    Error::Json {
        what: what.to_owned(),
        detail,
        line: e.line().max(1),
        column: e.column().max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each serde_json phrase the engine translates still comes out of serde_json: a newer
    /// serde_json that rewords one fails here instead of showing English in another language.
    #[test]
    fn serde_json_phrases_are_the_ones_mapped() {
        let cases = [
            ("", "unexpected end of text (while parsing a value)"),
            ("{", "unexpected end of text (while parsing an object)"),
            ("[", "unexpected end of text (while parsing a list)"),
            ("\"abc", "unexpected end of text (while parsing a string)"),
            (
                "trux",
                "unexpected word (only true, false and null may appear without quotes)",
            ),
            ("{\"a\":}", "expected value"),
            ("{\"a\" 1}", "expected `:`"),
            ("[1 2]", "expected `,` or `]`"),
            ("{\"a\":1 \"b\":2}", "expected `,` or `}`"),
            ("{1:2}", "key must be a string"),
            ("[1,]", "trailing comma"),
            ("1 2", "trailing characters"),
            ("\"\\q\"", "invalid escape"),
            ("-x", "invalid number"),
            ("1e999", "number out of range"),
            (
                "\"\u{1}\"",
                "control character (\\u0000-\\u001F) found while parsing a string",
            ),
            ("\"\\uDC00\"", "lone leading surrogate in hex escape"),
            ("\"\\uD800x\"", "unexpected end of hex escape"),
        ];
        for (input, expected) in cases {
            let err = parse_strict(input, "x").unwrap_err();
            let Error::Json { detail, .. } = &err else {
                panic!("{input:?}: {err:?}")
            };
            assert_eq!(detail, expected, "{input:?}");
        }
    }

    #[test]
    fn keeps_member_order() {
        let v = parse_strict(r#"{"z":1,"a":2,"m":{"y":1,"b":2}}"#, "x").unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"z":1,"a":2,"m":{"y":1,"b":2}}"#
        );
    }

    #[test]
    fn refuses_duplicates_with_a_position() {
        let err =
            parse_strict("{\"alg\":\"HS256\",\n\"alg\":\"none\"}", "header JSON").unwrap_err();
        let Error::Json { detail, line, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(detail, "duplicate member name \"alg\"");
        assert_eq!(*line, 2);
        let nested = parse_strict(r#"{"a":{"b":1,"b":2}}"#, "x").unwrap_err();
        assert!(nested.to_string().contains("duplicate member name \"b\""));
    }

    #[test]
    fn keep_last_reports_duplicates() {
        let (v, dups) = parse_keep_last(r#"{"exp":1,"sub":"a","exp":2}"#, "x").unwrap();
        assert_eq!(v["exp"], 2);
        assert_eq!(dups, vec!["exp".to_string()]);
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"exp":2,"sub":"a"}"#);
    }

    #[test]
    fn errors_have_line_and_column() {
        let err = parse_strict("{\n  \"a\": 1,\n  \"b\": }", "payload JSON").unwrap_err();
        assert_eq!(
            err.to_string(),
            "payload JSON: expected value at line 3, column 8"
        );
        let err = parse_strict("{\"a\":1} x", "payload JSON").unwrap_err();
        assert!(err.to_string().contains("trailing characters"), "{err}");
        let err = parse_strict("{\"a\":", "payload JSON").unwrap_err();
        assert!(err.to_string().contains("unexpected end of text"), "{err}");
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let err = parse_strict(&deep, "payload JSON").unwrap_err();
        assert!(err.to_string().contains("nested more than 128"), "{err}");
        let deep_obj = "{\"a\":".repeat(10_000) + "1" + &"}".repeat(10_000);
        assert!(parse_keep_last(&deep_obj, "x").is_err());
    }

    #[test]
    fn object_required() {
        let err = parse_object("[1]", "header JSON").unwrap_err();
        assert!(err.to_string().contains("expected a JSON object"), "{err}");
    }
}
