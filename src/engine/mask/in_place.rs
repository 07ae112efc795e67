//! The masking rules rendered without moving a character: each hidden character becomes
//! `*` and everything else stays where it was, so an editor showing the masked text keeps
//! its cursor, selection and error marks meaningful. Demo mode shows JSON and tokens this way;
//! which values are masked is decided by the same rules as the report's ([`super::mask`]).
//!
//! `529.982.247-25` → `529.***.***-25`, `john.doe@example.com` → `j*******@example.com`,
//! `John Doe` → `J*** D**`, `+55 11 98765-4321` → `+** ** *****-**21`.

use std::ops::Range;

use super::{
    CPF_CLAIMS, Rule, address_in_word, cpf_in_word, is_phone_claim, keep_last_two_digits,
    map_words, rule,
};
use crate::engine::b64;

/// What replaces each hidden character.
pub const HIDDEN_CHAR: char = '*';

/// `text` masked in place as the value of member `claim`, or `None` when it shows nothing
/// personal. The answer has as many characters as `text`.
pub fn string(text: &str, claim: Option<&str>) -> Option<String> {
    let kept = match rule(text, claim)? {
        Rule::Cpf => cpf(text),
        Rule::Name => name(text),
        Rule::Phone => keep_last_two_digits(text),
        Rule::Hidden => hide(text),
        Rule::Words => words(text).unwrap_or_else(|| text.to_owned()),
    };
    // As in the report: an address in what a claim's rule kept is masked too.
    Some(map_words(&kept, address).unwrap_or(kept))
}

/// Free text (a payload that is not JSON) with the e-mail addresses and CPFs written in it
/// masked in place; `None` when it holds neither.
pub fn text(text: &str) -> Option<String> {
    words(text)
}

/// JSON text, masked in place, and the byte ranges (into the text given) of the values that
/// were masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The text to show: as many characters as the text given.
    pub text: String,
    /// Each masked value's characters (a string's without its quotes), in text order.
    pub spans: Vec<Range<usize>>,
}

/// JSON text, whole or half typed, with its personal data masked in place; `extra` names
/// claims to mask whole, as in [`super::mask`]. `None` when nothing in it is masked.
///
/// The text is read as far as it is JSON-like, never parsed: an editor's text is often
/// invalid while the user types, and what is personal must stay hidden then too. A string
/// left open runs to the end of its line.
pub fn json(text: &str, extra: &[String]) -> Option<Shown> {
    let bytes = text.as_bytes();
    let mut frames: Vec<Frame> = Vec::new();
    let mut out = String::new();
    let mut copied = 0;
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let masked = match bytes[i] {
            b'{' => {
                frames.push(Frame::Object {
                    key: None,
                    expecting_key: true,
                });
                i += 1;
                None
            }
            b'[' => {
                frames.push(Frame::Array);
                i += 1;
                None
            }
            b'}' | b']' => {
                frames.pop();
                i += 1;
                None
            }
            b':' | b',' => {
                if let Some(Frame::Object { expecting_key, .. }) = frames.last_mut() {
                    *expecting_key = bytes[i] == b',';
                }
                i += 1;
                None
            }
            b'"' => {
                let literal = read_string(text, i);
                i = literal.next;
                // A member name is what a colon follows, or what an object expects next;
                // half-typed JSON often lacks the comma before it.
                let colon_follows = text[i..].trim_start().starts_with(':');
                if let Some(Frame::Object { key, expecting_key }) = frames.last_mut()
                    && (colon_follows || *expecting_key)
                {
                    let raw = literal.raw(text);
                    *key = Some(literal.value.unwrap_or_else(|| raw.to_owned()));
                    None
                } else {
                    let (claim, whole) = context(&frames, extra);
                    let raw = literal.raw(text);
                    let masked = if whole {
                        Some(hide(raw))
                    } else if literal.escaped {
                        // Shown escaped, judged decoded: hide all of it rather than guess
                        // which characters of `\u0040` stand for what.
                        let value = literal.value.as_deref().unwrap_or(raw);
                        string(value, claim).map(|_| hide(raw))
                    } else {
                        string(raw, claim)
                    };
                    masked.map(|m| (literal.inner, m))
                }
            }
            b'-' | b'0'..=b'9' => {
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let (claim, whole) = context(&frames, extra);
                let number = &text[start..i];
                // As the report: a number is personal only in a CPF or phone claim.
                let masked = if whole {
                    Some(hide(number))
                } else if claim.is_some_and(|c| CPF_CLAIMS.contains(&c) || is_phone_claim(c)) {
                    string(number, claim)
                } else {
                    None
                };
                masked.map(|m| (start..i, m))
            }
            b't' | b'f' => {
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                // `null` stays null in the report; `true` and `false` become `"***"`.
                context(&frames, extra)
                    .1
                    .then(|| (start..i, hide(&text[start..i])))
            }
            _ => {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                None
            }
        };
        if let Some((range, shown)) = masked
            && !range.is_empty()
        {
            out.push_str(&text[copied..range.start]);
            out.push_str(&shown);
            copied = range.end;
            spans.push(range);
        }
    }
    if spans.is_empty() {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(Shown { text: out, spans })
}

/// A token as the token box shows it in demo mode: the base64url characters that carry a
/// masked value of the header or payload become `*` (with their neighbours in the same
/// 4-character group). `None` when nothing is masked or the text is not a bare token.
pub fn token(text: &str, extra: &[String]) -> Option<String> {
    let body = text.trim();
    if !crate::engine::extract::is_compact_token(body) {
        return None;
    }
    let lead = text.len() - text.trim_start().len();
    let mut shown: Vec<u8> = text.as_bytes().to_vec();
    let mut masked = false;
    let mut at = lead;
    for (index, segment) in body.split('.').enumerate() {
        if index < 2
            && let Ok(bytes) = b64::decode_segment(segment)
            && let Ok(json_text) = std::str::from_utf8(&bytes)
            && let Some(found) = json(json_text, extra)
        {
            for span in found.spans {
                let chars = segment_chars(&span, segment.len());
                shown[at + chars.start..at + chars.end].fill(HIDDEN_CHAR as u8);
                masked = true;
            }
        }
        at += segment.len() + 1;
    }
    // Only ASCII was replaced by ASCII.
    masked.then(|| String::from_utf8(shown).unwrap_or_else(|_| text.to_owned()))
}

/// The base64url characters of a segment (of `len` shown) that carry the decoded bytes
/// `span`: bytes 3k..3k+2 are characters 4k..4k+3, so whole groups of four are hidden.
fn segment_chars(span: &std::ops::Range<usize>, len: usize) -> std::ops::Range<usize> {
    let from = span.start / 3 * 4;
    let to = (span.end.max(span.start + 1).div_ceil(3) * 4).min(len);
    from.min(to)..to
}

/// The first `chars` characters of each segment of a token as [`token`] shows them, with
/// only as much of its header and payload decoded and read as those characters need: the
/// explanation quotes a segment's start, and a 137 KiB token's payload was decoded and
/// masked whole for 24 characters of it at each keystroke. `None` when nothing in them is
/// masked or the text is not a bare token.
pub fn token_starts(text: &str, extra: &[String], chars: usize) -> Option<Vec<String>> {
    let body = text.trim();
    if !crate::engine::extract::is_compact_token(body) {
        return None;
    }
    let mut masked = false;
    let starts = body
        .split('.')
        .enumerate()
        .map(|(index, segment)| {
            // Only ASCII here (checked above): a character is a byte.
            let len = chars.min(segment.len());
            let mut shown = segment.as_bytes()[..len].to_vec();
            let spans = if index < 2 {
                spans_of_start(segment, extra, len)
            } else {
                None
            };
            for span in spans.into_iter().flatten() {
                let chars = segment_chars(&span, len);
                if !chars.is_empty() {
                    shown[chars].fill(HIDDEN_CHAR as u8);
                    masked = true;
                }
            }
            String::from_utf8(shown).unwrap_or_default()
        })
        .collect();
    masked.then_some(starts)
}

/// The masked values' byte ranges in the JSON that `segment` is the base64url of, as far as
/// its first `chars` characters carry; `None` when it does not decode to text.
fn spans_of_start(segment: &str, extra: &[String], chars: usize) -> Option<Vec<Range<usize>>> {
    let needed = chars.div_ceil(4) * 3;
    // Whole 4-character groups decode on their own; start with some room past the start.
    let mut take = (chars.div_ceil(4) + 32) * 4;
    loop {
        let whole = take >= segment.len();
        let bytes = b64::decode_segment(if whole { segment } else { &segment[..take] }).ok()?;
        let cut = if whole {
            Some(bytes.len())
        } else {
            value_end_after(&bytes, needed)
        };
        if let Some(cut) = cut {
            let text = std::str::from_utf8(&bytes[..cut]).ok()?;
            return Some(
                json(text, extra)
                    .map(|shown| shown.spans)
                    .unwrap_or_default(),
            );
        }
        take *= 2;
    }
}

/// The first place at or after `from` in JSON text where a value has just ended (a `,`, `}`
/// or `]` outside any string, strings read as [`read_string`] reads them): [`json`] masks
/// each value before it as it would in the whole text. `None` when `bytes` ends first.
fn value_end_after(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && !matches!(bytes[j], b'"' | b'\n' | b'\r') {
                    if bytes[j] == b'\\' {
                        j += 1;
                    }
                    j += 1;
                }
                if j >= bytes.len() {
                    return None;
                }
                // A closing quote is part of the string; a line's end is not.
                i = if bytes[j] == b'"' { j + 1 } else { j };
            }
            b',' | b'}' | b']' if i >= from => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// A container the reader is inside, and for an object the member it is at.
enum Frame {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array,
}

/// The member name a value belongs to (the nearest object member; array elements inherit
/// it), and whether a claim it is inside is one to mask whole.
fn context<'a>(frames: &'a [Frame], extra: &[String]) -> (Option<&'a str>, bool) {
    let keys = frames.iter().rev().filter_map(|f| match f {
        Frame::Object { key, .. } => Some(key.as_deref()),
        Frame::Array => None,
    });
    let claim = keys.clone().next().flatten();
    let whole = keys.flatten().any(|k| extra.iter().any(|e| e == k));
    (claim, whole)
}

/// A string literal as read from JSON text.
struct Literal {
    /// Its characters, without the quotes.
    inner: Range<usize>,
    /// Where reading goes on.
    next: usize,
    /// It holds a backslash escape.
    escaped: bool,
    /// Its value, when it is closed and its escapes are valid.
    value: Option<String>,
}

impl Literal {
    fn raw<'t>(&self, text: &'t str) -> &'t str {
        &text[self.inner.clone()]
    }
}

/// The string literal whose opening quote is at `open`; one left open ends at its line's end.
fn read_string(text: &str, open: usize) -> Literal {
    let bytes = text.as_bytes();
    let mut j = open + 1;
    let mut escaped = false;
    while j < bytes.len() && !matches!(bytes[j], b'"' | b'\n' | b'\r') {
        if bytes[j] == b'\\' {
            escaped = true;
            j += 1;
        }
        j += 1;
    }
    // An escape's second byte may start a character of several: go on to its end.
    let mut end = j.min(bytes.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let closed = end < bytes.len() && bytes[end] == b'"';
    let next = if closed { end + 1 } else { end };
    let value = if escaped {
        closed
            .then(|| serde_json::from_str::<String>(&text[open..next]).ok())
            .flatten()
    } else {
        Some(text[open + 1..end].to_owned())
    };
    Literal {
        inner: open + 1..end,
        next,
        escaped,
        value,
    }
}

/// Every character but whitespace hidden.
fn hide(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { c } else { HIDDEN_CHAR })
        .collect()
}

/// A CPF's first 3 and last 2 digits; text without 11 digits keeps only its last 2.
fn cpf(text: &str) -> String {
    if text.chars().filter(char::is_ascii_digit).count() != 11 {
        return keep_last_two_digits(text);
    }
    let mut seen = 0;
    text.chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen <= 3 || seen > 9 {
                c
            } else {
                HIDDEN_CHAR
            }
        })
        .collect()
}

/// A name's initials: each word's first letter, the rest hidden.
fn name(text: &str) -> String {
    let mut first_of_word = true;
    text.chars()
        .map(|c| {
            if c.is_whitespace() {
                first_of_word = true;
                c
            } else if first_of_word && c.is_alphabetic() {
                first_of_word = false;
                c
            } else {
                HIDDEN_CHAR
            }
        })
        .collect()
}

/// The addresses and CPFs written as words of `text`, masked in place.
fn words(text: &str) -> Option<String> {
    map_words(text, |word| cpf_word(word).or_else(|| address(word)))
}

fn cpf_word(word: &str) -> Option<String> {
    let (at, core) = cpf_in_word(word)?;
    Some(format!(
        "{}{}{}",
        &word[..at],
        cpf(core),
        &word[at + core.len()..]
    ))
}

/// An address keeps the first character of its local part and its domain.
fn address(word: &str) -> Option<String> {
    let a = address_in_word(word)?;
    let mut local = a.local.chars();
    let first = local.next()?;
    let hidden: String = local.map(|_| HIDDEN_CHAR).collect();
    Some(format!(
        "{}{first}{hidden}@{}{}",
        &word[..a.at],
        a.domain,
        &word[a.at + a.len..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::mask::mask;
    use serde_json::{Value, json};

    fn same_length(a: &str, b: &str) {
        assert_eq!(a.chars().count(), b.chars().count(), "{a:?} / {b:?}");
    }

    #[test]
    fn each_rule_keeps_what_the_report_keeps_in_its_place() {
        for (text, claim, shown) in [
            ("529.982.247-25", Some("personId"), "529.***.***-25"),
            ("52998224725", None, "529******25"),
            (
                "john.doe@example.com",
                Some("email"),
                "j*******@example.com",
            ),
            ("John Doe", Some("name"), "J*** D**"),
            ("José da Silva", Some("name"), "J*** d* S****"),
            ("+55 11 98765-4321", None, "+** ** *****-**21"),
            ("12345", Some("phone_number"), "***45"),
            ("42", Some("given_name"), "**"),
            (
                "CPF 529.982.247-25 of a@b.com",
                Some("note"),
                "CPF 529.***.***-25 of a@b.com",
            ),
        ] {
            let got = string(text, claim).unwrap_or_else(|| panic!("{text:?} not masked"));
            assert_eq!(got, shown);
            same_length(text, &got);
        }
        assert_eq!(string("1234567890", Some("sub")), None);
        assert_eq!(string("hello", None), None);
    }

    #[test]
    fn json_text_is_masked_where_the_report_masks_it() {
        let value = json!({
            "iss": "client-1",
            "personId": "529.982.247-25",
            "peopleId": 52_998_224_725_u64,
            "contact": {"email": "ana@example.com", "phones": ["+55 11 98765-4321"]},
            "name": "Ana Souza",
            "sub": "1234567890",
            "secretish": {"a": [1, true, null, "x"]},
        });
        let extra = vec!["secretish".to_owned()];
        for text in [
            serde_json::to_string(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap(),
        ] {
            let shown = json(&text, &extra).expect("masked");
            same_length(&text, &shown.text);
            let report = mask(&value, &extra);
            assert_eq!(shown.spans.len(), 8, "{shown:?}");
            // Whatever the report masked, the window hides too: no value of the original
            // that the report changed is still readable.
            for path in &report.paths {
                let original = value.pointer(path).unwrap();
                if let Value::String(s) = original {
                    assert!(!shown.text.contains(s.as_str()), "{path} shows {s}");
                }
            }
            assert!(shown.text.contains("\"client-1\""));
            assert!(shown.text.contains("\"1234567890\""));
            assert!(shown.text.contains("529.***.***-25"));
            assert!(shown.text.contains("a**@example.com"));
            assert!(shown.text.contains("A** S****"));
            assert!(shown.text.contains("null"));
            for span in &shown.spans {
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
        }
    }

    #[test]
    fn half_typed_and_escaped_json_stays_masked() {
        let typing = "{\n  \"personId\": \"529.982.2\n  \"email\": \"ana@exam";
        let shown = json(typing, &[]).expect("masked");
        assert!(!shown.text.contains("982"), "{}", shown.text);
        same_length(typing, &shown.text);
        let escaped = r#"{"email": "ana\u0040example.com", "n": "a\"b"}"#;
        let shown = json(escaped, &[]).expect("masked");
        let stars = "*".repeat(r"ana\u0040example.com".len());
        assert_eq!(
            shown.text,
            format!(r#"{{"email": "{stars}", "n": "a\"b"}}"#)
        );
        assert_eq!(json("{\"iss\": \"x\"}", &[]), None);
        assert_eq!(json("", &[]), None);
        // Nothing is ever cut inside a character, whatever the text.
        for text in [
            "\"\\é",
            "{\"name\":\"\\",
            "[\"a@b.co\\",
            "{\"personId\": -1e",
        ] {
            let _ = json(text, &[]);
        }
    }

    #[test]
    fn free_text_hides_its_addresses_and_cpfs() {
        let shown = text("sent by ana@example.com for 529.982.247-25").unwrap();
        assert_eq!(shown, "sent by a**@example.com for 529.***.***-25");
        assert_eq!(text("nothing here"), None);
    }

    #[test]
    fn a_token_start_is_masked_as_the_whole_token_is() {
        use crate::engine::b64::encode_url;
        let long = "x".repeat(3000);
        let payloads = [
            r#"{"personId":"52998224725","sub":"1"}"#.to_owned(),
            format!(r#"{{"note":"{long}","email":"maria@example.com"}}"#),
            format!(r#"{{"a":1,"team":["a","b"],"name":"Maria Silva","b":"{long}"}}"#),
            format!(r#"{{"d":"\u00e9 {long}","personId":52998224725,"x":[1,2,{{"y":"z"}}]}}"#),
            "not json at all".to_owned(),
            r#"{"open":"runs to the end"#.to_owned(),
        ];
        let extra = ["team".to_owned()];
        for payload in &payloads {
            let jwt = format!(
                "{}.{}.c2ln",
                encode_url(br#"{"alg":"HS256","email":"a@b.co"}"#),
                encode_url(payload.as_bytes())
            );
            let whole = token(&jwt, &extra).unwrap_or_else(|| jwt.clone());
            for chars in [1, 5, 24, 100, 4100, 10_000] {
                let expected: Vec<String> = whole
                    .split('.')
                    .map(|s| s.chars().take(chars).collect())
                    .collect();
                let unmasked: Vec<String> = jwt
                    .split('.')
                    .map(|s| s.chars().take(chars).collect())
                    .collect();
                let starts = token_starts(&jwt, &extra, chars).unwrap_or(unmasked);
                assert_eq!(starts, expected, "{payload:.40}, {chars} characters");
            }
        }
        assert_eq!(token_starts("not a token!", &extra, 24), None);
    }

    #[test]
    fn a_token_hides_the_characters_that_carry_a_masked_value() {
        let payload = r#"{"iss":"cid","personId":"529.982.247-25","exp":1700000000}"#;
        let signed = format!(
            "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
            b64::encode_url(payload.as_bytes())
        );
        let shown = token(&signed, &[]).expect("masked");
        assert_eq!(shown.len(), signed.len());
        let segment = shown.split('.').nth(1).unwrap();
        let from = payload.find("529").unwrap() + 1;
        assert!(segment[from / 3 * 4..].starts_with('*'));
        // The header, the start of the payload and the signature are left alone.
        assert!(shown.starts_with("eyJhbGciOiJIUzI1NiJ9.eyJpc3Mi"));
        assert!(shown.ends_with(".c2ln"));
        // The CPF's base64url is gone.
        let cpf_b64 = b64::encode_url(b"529.982.247-25");
        assert!(!shown.contains(&cpf_b64[..8]));
        assert_eq!(
            token("eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln", &[]),
            None
        );
        assert_eq!(token("Bearer x.y.z", &[]), None);
    }
}
