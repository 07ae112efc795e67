//! Finding the tokens in what people paste: an HTTP request, a `curl` command, a URL, an
//! OAuth token response, a cookie header or a log line.
//!
//! Extraction never repairs a token. It only cuts away what surrounds one (prefixes, quotes,
//! parameter names, whitespace); a run of text that goes on with characters a token cannot
//! hold (`=` padding, `+`, `/`, a fourth segment) is taken whole, so it fails to decode as
//! the malformed token it is instead of passing as a shorter valid one.

use std::ops::Range;

use serde_json::{Map, Value};

use super::alg::Alg;
use super::b64;
use super::claims::Clock;
use super::error::{AlgProblem, Error, JsonDoc, Part, TokenProblem};
use super::json;
use super::keys::KeySet;
use super::normalize::{Removed, normalize};
use super::token::{Payload, Token};
use super::verify::{self, Decoded};

/// Where in the pasted text a token was found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// The text is the token (perhaps with `Bearer `, quotes, whitespace or line breaks).
    Whole,
    /// An HTTP header line, e.g. `Authorization`, as the name was written.
    Header(String),
    /// A `-H`/`--header` option of a `curl` command, with the header's name.
    CurlHeader(String),
    /// A member of a JSON object (an OAuth token response), e.g. `id_token`.
    JsonMember(String),
    /// A cookie of a `Cookie:` or `Set-Cookie:` header, by its name.
    Cookie(String),
    /// A parameter of a URL's fragment (`#id_token=…`).
    UrlFragment(String),
    /// A parameter of a URL's query (`?token=…`).
    UrlQuery(String),
    /// Somewhere in other text, such as a log line.
    Text,
}

impl Source {
    /// The stable machine code of the kind of place.
    pub fn code(&self) -> &'static str {
        match self {
            Source::Whole => "whole",
            Source::Header(_) => "header",
            Source::CurlHeader(_) => "curl-header",
            Source::JsonMember(_) => "json-member",
            Source::Cookie(_) => "cookie",
            Source::UrlFragment(_) => "url-fragment",
            Source::UrlQuery(_) => "url-query",
            Source::Text => "text",
        }
    }

    /// The name of the header, member, cookie or parameter, when there is one.
    pub fn name(&self) -> Option<&str> {
        match self {
            Source::Header(n)
            | Source::CurlHeader(n)
            | Source::JsonMember(n)
            | Source::Cookie(n)
            | Source::UrlFragment(n)
            | Source::UrlQuery(n) => Some(n),
            Source::Whole | Source::Text => None,
        }
    }
}

/// One token found in pasted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The text to decode: the token as it stands in the input, never repaired.
    pub text: String,
    /// Where it was found.
    pub source: Source,
    /// What was cut away around it. For [`Source::Whole`] this is empty: decoding the text
    /// reports its own removals, exactly as before extraction existed.
    pub removed: Vec<Removed>,
    /// Its byte range in the input.
    pub span: Range<usize>,
}

/// Finds every token in `input`, in order. Text that is only a token (with the noise
/// [`normalize`] strips) gives one [`Source::Whole`], as does text where no token is found,
/// so that it fails to decode with today's precise error. Never empty.
pub fn extract(input: &str) -> Vec<Found> {
    let whole = || {
        vec![Found {
            text: input.to_owned(),
            source: Source::Whole,
            removed: Vec::new(),
            span: 0..input.len(),
        }]
    };
    let normalized = normalize(input).token;
    if is_bare_token(&normalized) {
        return whole();
    }
    let found = scan(input);
    match found.as_slice() {
        [] => whole(),
        // Only the noise normalizing strips was around it: decode it as before.
        [only] if only.text == normalized => whole(),
        _ => found,
    }
}

/// Decodes and judges one found token, as [`verify::decode`] does pasted text; what was cut
/// away around it comes first in `token.removed`.
pub fn decode(found: &Found, keys: Option<&KeySet>, clock: &Clock) -> Result<Decoded, Error> {
    let mut decoded = verify::decode(&found.text, keys, clock)?;
    if !found.removed.is_empty() {
        let own = std::mem::take(&mut decoded.token.removed);
        decoded.token.removed = found.removed.iter().copied().chain(own).collect();
    }
    Ok(decoded)
}

/// Whether `text` is nothing but a compact token's own characters (base64url and dots):
/// stricter than the bare-token check of pasted text, which also allows base64 leftovers.
pub fn is_compact_token(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| is_token_char(c) || c == '.')
}

/// Characters a token is made of.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Characters that end a run of token text: whitespace, quotes, and what separates values
/// in URLs (`&`, `#`, `?`), cookies (`;`), JSON (`"`, `,`, brackets) and log lines.
fn ends_run(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '`'
                | ','
                | ';'
                | '&'
                | '#'
                | '?'
                | ':'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '<'
                | '>'
                | '|'
                | '\\'
                | '\u{201c}'
                | '\u{201d}'
        )
}

/// Whether normalized text is one token, well formed or not, with nothing around it: token
/// characters, dots and the base64 leftovers `+`, `/` and `=`, where `=` only ends a
/// segment (padding), never joins a name to a value.
fn is_bare_token(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '=' => {
                if !matches!(chars.peek(), None | Some('.' | '=')) {
                    return false;
                }
            }
            c if is_token_char(c) || matches!(c, '.' | '+' | '/') => {}
            _ => return false,
        }
    }
    true
}

/// How a token's base64url header may begin: `{"`, `{ "`, `{` and a line break, `{}`.
const STARTS: [&str; 5] = ["eyJ", "eyA", "ewo", "ew0", "e30"];

fn scan(input: &str) -> Vec<Found> {
    let total = input.chars().count();
    // Characters before `counted`, kept as the scan moves on, so each count is paid once.
    let (mut counted, mut chars_before) = (0usize, 0usize);
    // The line the scan is on, and whether it is a cookie header, found once per line.
    let mut line = Line {
        start: 0,
        cookie: None,
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < input.len() {
        let rest = &input[i..];
        let prev = input[..i].chars().next_back();
        let starts = STARTS.iter().any(|s| rest.starts_with(s))
            && !prev.is_some_and(|c| is_token_char(c) || c == '.');
        if !starts {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let len = rest.find(ends_run).unwrap_or(rest.len());
        let run = &rest[..len];
        let end = i + len;
        // A run without a dot is a word that happens to start like a header, not a token.
        if run.contains('.') {
            chars_before += input[counted..i].chars().count();
            if let Some(p) = input[counted..i].rfind(['\n', '\r']) {
                line = Line {
                    start: counted + p + 1,
                    cookie: None,
                };
            }
            counted = i;
            let cookie = *line
                .cookie
                .get_or_insert_with(|| is_cookie_line(&input[line.start..i]));
            let run_chars = run.chars().count();
            let around = (chars_before, total - chars_before - run_chars);
            found.push(place(input, i..end, (line.start, cookie), around));
        }
        i = end;
    }
    found
}

/// How far back the text before a token is read to name its place: a header name, a
/// parameter name and the start of its URL are close by.
const CONTEXT: usize = 2048;

struct Line {
    start: usize,
    cookie: Option<bool>,
}

/// Names where the run at `span` sits, and what surrounds it: `line` is where its line
/// starts and whether that line is a cookie header, `around` the characters before and after.
fn place(input: &str, span: Range<usize>, line: (usize, bool), around: (usize, usize)) -> Found {
    let mut from = span.start.saturating_sub(CONTEXT);
    while !input.is_char_boundary(from) {
        from += 1;
    }
    let before = &input[from..span.start];
    // A line longer than the context is no header line: only a curl -H can be in it.
    let (line_text, whole_line) = if line.0 >= from {
        (&input[line.0..span.start], true)
    } else {
        (before, false)
    };
    let after = &input[span.end..];
    let mut removed = Vec::new();
    let quoted = before.ends_with(['"', '\'', '`']) && after.starts_with(['"', '\'', '`']);
    if quoted {
        removed.push(Removed::Quotes);
    }
    let at = Context {
        all_before: &input[..span.start],
        before,
        line: line_text,
        whole_line,
        cookie_line: line.1,
    };
    let source = source_of(&at, quoted, &mut removed);
    removed.push(Removed::Around {
        before: around.0,
        after: around.1,
    });
    Found {
        text: input[span.clone()].to_owned(),
        source,
        removed,
        span,
    }
}

/// The text before a token, as far as it is read.
struct Context<'a> {
    /// All the text before it: read back only as far as the URL it is in goes.
    all_before: &'a str,
    /// Up to [`CONTEXT`] bytes before it.
    before: &'a str,
    /// Its line up to it (or `before`, when the line is longer).
    line: &'a str,
    /// Whether `line` starts at the line's start.
    whole_line: bool,
    /// Whether the line is a `Cookie:`/`Set-Cookie:` header (or a curl cookie option).
    cookie_line: bool,
}

fn source_of(at: &Context<'_>, quoted: bool, removed: &mut Vec<Removed>) -> Source {
    let (before, line) = (at.before, at.line);
    if quoted && let Some(name) = json_member(&before[..before.len() - 1]) {
        return Source::JsonMember(name);
    }
    if let Some(head) = before.strip_suffix('=')
        && let Some((name, sep)) = param_name(head)
    {
        // The URL the parameter belongs to may be longer than the context.
        let head = &at.all_before[..at.all_before.len() - 1 - name.len()];
        if at.cookie_line && matches!(sep, None | Some(';' | ' ' | ':' | '\'' | '"')) {
            return Source::Cookie(name.to_owned());
        }
        // The URL the parameter belongs to: back to the whitespace or quote before it.
        let url_start = after_last(head, ends_url);
        let url = &head[url_start..];
        match (url.rfind('#'), url.rfind('?')) {
            (Some(h), q) if q.is_none_or(|q| h > q) => {
                return Source::UrlFragment(name.to_owned());
            }
            (_, Some(_)) => return Source::UrlQuery(name.to_owned()),
            _ => {}
        }
        return Source::Text;
    }
    // A header: "Name: [Bearer ]token", at the start of a line or of a curl -H value.
    let mut head = line.trim_end_matches(['"', '\'']);
    let trimmed = head.trim_end();
    let mut bearer = false;
    if trimmed.len() < head.len()
        && trimmed
            .get(trimmed.len().saturating_sub(6)..)
            .is_some_and(|w| w.len() == 6 && w.eq_ignore_ascii_case("bearer"))
    {
        bearer = true;
        head = &trimmed[..trimmed.len() - 6];
        // `"authorization": "Bearer …"`, as browsers' "Copy as fetch" and HAR files write it.
        if let Some(open) = head.strip_suffix(['"', '\''])
            && let Some(name) = json_member(open)
        {
            removed.extend([Removed::Quotes, Removed::Bearer]);
            return Source::JsonMember(name);
        }
    }
    if let Some(head) = head.trim_end().strip_suffix(':') {
        let name_start = after_last(head, |c| !is_token_char(c));
        let name = &head[name_start..];
        let lead = head[..name_start].trim_end_matches(['"', '\'', '=']);
        let lead = lead.trim_end();
        let curl = lead.ends_with("-H") || lead.ends_with("--header");
        if !name.is_empty() && (curl || (at.whole_line && lead.trim().is_empty())) {
            if name.eq_ignore_ascii_case("authorization") {
                removed.push(Removed::Authorization);
            }
            if bearer {
                removed.push(Removed::Bearer);
            }
            return if curl {
                Source::CurlHeader(name.to_owned())
            } else {
                Source::Header(name.to_owned())
            };
        }
    }
    if bearer {
        removed.push(Removed::Bearer);
    }
    Source::Text
}

/// The byte index just past the last character of `text` that `stop` accepts, or 0. That
/// character may be several bytes long (a no-break space ends a URL too).
fn after_last(text: &str, stop: impl Fn(char) -> bool) -> usize {
    text.char_indices()
        .rev()
        .find(|&(_, c)| stop(c))
        .map_or(0, |(p, c)| p + c.len_utf8())
}

fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '(' | '[')
}

/// The member name of `…"name": ` (the opening quote of the value already cut off).
fn json_member(before: &str) -> Option<String> {
    let head = before.trim_end().strip_suffix(':')?.trim_end();
    let head = head.strip_suffix('"')?;
    let open = head.rfind('"')?;
    let name = &head[open + 1..];
    (!name.is_empty() && !name.contains('\\')).then(|| name.to_owned())
}

/// The parameter or cookie name ending `head`, and the character before it.
fn param_name(head: &str) -> Option<(&str, Option<char>)> {
    let start = after_last(head, |c| !(is_token_char(c) || c == '.'));
    let name = &head[start..];
    (!name.is_empty()).then(|| (name, head[..start].chars().next_back()))
}

fn is_cookie_line(line: &str) -> bool {
    // Cheap first: most lines around a token say nothing of cookies.
    if !(line.contains("ookie") || line.contains("OOKIE") || line.contains(" -b ")) {
        return false;
    }
    let line = line.trim_start().to_ascii_lowercase();
    // In a curl command the header is inside -H '...' or is a -b/--cookie value.
    ["cookie:", "set-cookie:"].iter().any(|h| {
        line.starts_with(h) || line.contains(&format!("'{h}")) || line.contains(&format!("\"{h}"))
    }) || line.contains(" -b ")
        || line.contains("--cookie ")
}

/// The parts of a malformed token that still decode, to show instead of refusing it all.
#[derive(Debug, Clone, PartialEq)]
pub struct Partial {
    /// The header object, when the first segment decodes to one.
    pub header: Option<Map<String, Value>>,
    /// The payload, when the second segment exists and decodes.
    pub payload: Option<Payload>,
    /// The segment that is wrong or missing.
    pub segment: Part,
    /// Whether that segment is missing rather than wrong.
    pub missing: bool,
}

impl Partial {
    /// What decodes of `input`, which failed to decode with `error`. `None` when the error
    /// is not about the token's segments, or when not even the header decodes.
    pub fn of(input: &str, error: &Error) -> Option<Partial> {
        let Error::Malformed { part, problem } = error else {
            return None;
        };
        let token = normalize(input).token;
        let parts: Vec<&str> = token.split('.').collect();
        let (segment, missing) = match problem {
            TokenProblem::Empty => return None,
            TokenProblem::SegmentCount(1) => (Part::Payload, true),
            TokenProblem::SegmentCount(2) => (Part::Signature, true),
            _ => (*part, false),
        };
        let header = parts.first().and_then(|s| {
            let bytes = b64::decode_segment(s).ok()?;
            json::parse_object(std::str::from_utf8(&bytes).ok()?, JsonDoc::Header).ok()
        });
        // A JWE's second segment is an encrypted key, not a payload.
        let payload = match problem {
            TokenProblem::Jwe => None,
            _ => parts.get(1).and_then(|s| {
                let bytes = b64::decode_segment(s).ok()?;
                Some(match String::from_utf8(bytes) {
                    Err(e) => Payload::Binary(e.into_bytes()),
                    Ok(text) => match json::parse_keep_last(&text, JsonDoc::Payload) {
                        Ok(kept) => Payload::Json(kept.value),
                        Err(_) => Payload::Text(text),
                    },
                })
            }),
        };
        header.as_ref()?;
        Some(Partial {
            header,
            payload,
            segment,
            missing,
        })
    }
}

/// Something odd about a token that decodes: a segment that cannot be right whatever the
/// key. It does not make the token malformed; the verdict still comes from verification.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Oddity {
    /// The header's `alg` is missing, not a string, or unknown.
    Alg(AlgProblem),
    /// The signature has a length no key of its algorithm gives.
    SignatureLength {
        /// The header's algorithm.
        alg: Alg,
        /// Bytes every signature of that algorithm has.
        expected: usize,
        /// Bytes found.
        found: usize,
    },
}

impl Oddity {
    /// The segment it is about.
    pub fn segment(&self) -> Part {
        match self {
            Oddity::Alg(_) => Part::Header,
            Oddity::SignatureLength { .. } => Part::Signature,
        }
    }

    /// The stable machine code (that of the same problem found by verification).
    pub fn code(&self) -> &'static str {
        match self {
            Oddity::Alg(p) => p.code(),
            // The code verification gives the same problem.
            Oddity::SignatureLength { .. } => "signature-length",
        }
    }

    /// What is odd about `token`, if anything. RSA signatures are as long as the key, so
    /// only the fixed lengths of HMAC, ECDSA and EdDSA are checked here.
    pub fn of(token: &Token) -> Option<Oddity> {
        let alg = match token.alg() {
            Ok(alg) => alg,
            Err(problem) => return Some(Oddity::Alg(problem)),
        };
        let expected = match alg {
            Alg::HS256 => 32,
            Alg::HS384 => 48,
            Alg::HS512 | Alg::ES256 | Alg::EdDSA | Alg::Ed25519 => 64,
            Alg::ES384 => 96,
            Alg::ES512 => 132,
            _ => return None,
        };
        let found = token.signature.len();
        (found != expected).then_some(Oddity::SignatureLength {
            alg,
            expected,
            found,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::JWTIO;

    fn one(input: &str) -> Found {
        let found = extract(input);
        assert_eq!(found.len(), 1, "{input:?}: {found:?}");
        found.into_iter().next().unwrap()
    }

    fn sources(input: &str) -> Vec<Source> {
        extract(input).into_iter().map(|f| f.source).collect()
    }

    #[test]
    fn what_decoded_before_is_whole_and_untouched() {
        for input in [
            JWTIO.to_owned(),
            format!("Bearer {JWTIO}"),
            format!("Authorization: Bearer {JWTIO}\n"),
            format!("\"{JWTIO}\""),
            format!("{}\n{}", &JWTIO[..30], &JWTIO[30..]),
            "h.p.s=".to_owned(),
            "a.b.c.d".to_owned(),
            "x+y.z".to_owned(),
            "e30.e30.ab*c".to_owned(),
            "hello world".to_owned(),
            String::new(),
        ] {
            let found = one(&input);
            assert_eq!(found.source, Source::Whole, "{input:?}");
            assert_eq!(found.text, input);
            assert!(found.removed.is_empty());
        }
    }

    #[test]
    fn an_http_request_and_a_curl_command() {
        let request = format!(
            "GET /api HTTP/1.1\r\nHost: example.com\r\nAuthorization: Bearer {JWTIO}\r\nAccept: */*\r\n"
        );
        let found = one(&request);
        assert_eq!(found.text, JWTIO);
        assert_eq!(found.source, Source::Header("Authorization".into()));
        assert!(found.removed.contains(&Removed::Bearer));
        assert!(found.removed.contains(&Removed::Authorization));
        for curl in [
            format!("curl -H 'authorization: bearer {JWTIO}' https://api.example.com/x"),
            format!("curl https://a.example --header \"Authorization: Bearer {JWTIO}\""),
            format!("curl -X POST \\\n  -H 'X-Api-Token: {JWTIO}' https://a.example"),
        ] {
            let found = one(&curl);
            assert_eq!(found.text, JWTIO, "{curl}");
            assert!(
                matches!(found.source, Source::CurlHeader(_)),
                "{curl}: {found:?}"
            );
        }
        assert_eq!(
            one(&format!("curl -H 'authorization: bearer {JWTIO}' x")).source,
            Source::CurlHeader("authorization".into())
        );
    }

    #[test]
    fn urls_json_cookies_and_log_lines() {
        let url = format!("https://app.example/cb#id_token={JWTIO}&state=xyz");
        assert_eq!(sources(&url), [Source::UrlFragment("id_token".into())]);
        assert_eq!(one(&url).text, JWTIO);
        let url = format!("https://app.example/cb?code=1#state=a&access_token={JWTIO}");
        assert_eq!(sources(&url), [Source::UrlFragment("access_token".into())]);
        let url = format!("https://api.example/x?a=1&token={JWTIO}");
        assert_eq!(sources(&url), [Source::UrlQuery("token".into())]);
        let json = format!(
            "{{\"access_token\": \"{JWTIO}\", \"refresh_token\": \"8xLOxBtZp8\", \"id_token\":\"{JWTIO}\", \"token_type\": \"Bearer\"}}"
        );
        assert_eq!(
            sources(&json),
            [
                Source::JsonMember("access_token".into()),
                Source::JsonMember("id_token".into())
            ]
        );
        assert!(extract(&json)[0].removed.contains(&Removed::Quotes));
        let cookie = format!("Cookie: theme=dark; session={JWTIO}; lang=pt");
        assert_eq!(sources(&cookie), [Source::Cookie("session".into())]);
        let cookie = format!("Set-Cookie: session={JWTIO}; Path=/; HttpOnly");
        assert_eq!(sources(&cookie), [Source::Cookie("session".into())]);
        assert_eq!(one(&cookie).text, JWTIO);
        for curl in [
            format!("curl -H \"Cookie: a=1; session={JWTIO}\" https://x.example"),
            format!("curl -b 'session={JWTIO}' https://x.example"),
        ] {
            assert_eq!(sources(&curl), [Source::Cookie("session".into())], "{curl}");
        }
        let log = format!("2026-12-01T10:00:00Z WARN auth rejected token {JWTIO}, user=42");
        let found = one(&log);
        assert_eq!((found.source, found.text.as_str()), (Source::Text, JWTIO));
        let fetch =
            format!("fetch(url, {{\"headers\": {{\"authorization\": \"Bearer {JWTIO}\"}}}})");
        let found = one(&fetch);
        assert_eq!(found.source, Source::JsonMember("authorization".into()));
        assert!(found.removed.contains(&Removed::Bearer));
        let log = format!("[auth] jwt=({JWTIO}) failed");
        assert_eq!(one(&log).text, JWTIO);
    }

    #[test]
    fn never_repairs_what_runs_on() {
        for (tail, want) in [
            ("=", "="),
            ("==", "=="),
            ("+x", "+x"),
            ("/x", "/x"),
            (".d", ".d"),
        ] {
            let input = format!("token: see {JWTIO}{tail} (failed)");
            let found = one(&input);
            assert_eq!(found.text, format!("{JWTIO}{want}"), "{input}");
            assert!(Token::parse(&found.text).is_err(), "{input}");
        }
        let url = format!("https://x.example/#id_token={JWTIO}=&state=1");
        assert_eq!(one(&url).text, format!("{JWTIO}="));
    }

    /// Found by the window's 5 MiB garbage paste (tests/it/stress.rs): a header name or a
    /// URL after a character of more than one byte cut that character in half.
    #[test]
    fn names_after_characters_of_several_bytes() {
        for input in [
            format!("🦀Authorization: Bearer {JWTIO}"),
            format!("é\u{a0}x: {JWTIO}"),
            format!("a\u{2003}https://example.com/cb?id_token={JWTIO}"),
            format!("€] ç}}ã%2E[🦀: {JWTIO} 🦀"),
        ] {
            let found = extract(&input);
            assert_eq!(found.len(), 1, "{input:?}: {found:?}");
            assert_eq!(found[0].text, JWTIO, "{input:?}");
        }
    }

    #[test]
    fn several_tokens_in_order() {
        let text = format!("access={JWTIO} id=\"{}\"", "eyJhbGciOiJub25lIn0.e30.");
        let found = extract(&text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, JWTIO);
        assert_eq!(found[1].text, "eyJhbGciOiJub25lIn0.e30.");
        assert!(found[0].span.end <= found[1].span.start);
    }

    #[test]
    fn any_text_is_safe_and_spans_point_at_the_text() {
        let pieces = [
            "eyJ",
            "e30",
            ".",
            "=",
            "&",
            "#",
            "?",
            ";",
            ":",
            "\"",
            "'",
            " ",
            "\n",
            "é",
            "💥",
            "Bearer ",
            "Authorization:",
            "Cookie:",
            "{\"a\":",
            "-H '",
            "token=",
            "x",
            "_",
            "+",
            "/",
            "\u{201c}",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 24) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let found = extract(&text);
            assert!(!found.is_empty());
            for f in found.iter().filter(|f| f.source != Source::Whole) {
                assert_eq!(&text[f.span.clone()], f.text, "{text:?}");
                assert!(f.text.contains('.'));
                let Some(Removed::Around { before, after }) = f.removed.last() else {
                    panic!("{f:?}")
                };
                assert_eq!(*before, text[..f.span.start].chars().count(), "{text:?}");
                assert_eq!(*after, text[f.span.end..].chars().count(), "{text:?}");
            }
            let _ = Token::parse(&found[0].text).map_err(|e| Partial::of(&found[0].text, &e));
        }
    }

    #[test]
    fn a_character_of_several_bytes_before_a_name_or_url() {
        // Found by cargo fuzz (normalize_extract): `ߋioerization: Bearer …` sliced inside `ߋ`.
        let found = one(&format!("\u{7cb}Authorization: Bearer {JWTIO}"));
        assert_eq!(found.text, JWTIO);
        // A no-break space ends a URL as a space does.
        let url = format!("see\u{a0}https://app.example/cb#id_token={JWTIO}");
        assert_eq!(sources(&url), [Source::UrlFragment("id_token".into())]);
        assert_eq!(after_last("a\u{a0}b", char::is_whitespace), 3);
        assert_eq!(after_last("ab", char::is_whitespace), 0);
    }

    #[test]
    fn many_tokens_on_one_line_are_all_found_with_their_names() {
        // Context is read once per line, not once per token: 20 000 tokens take a moment.
        let text: String = (0..20_000)
            .map(|i| format!("a{i}=eyJ9.e30.c2ln "))
            .collect();
        let found = extract(&text);
        assert_eq!(found.len(), 20_000);
        assert_eq!(found[19_999].source, Source::Text);
        let url = format!("https://x.example/#{}id_token={JWTIO}", "a=b&".repeat(1000));
        assert_eq!(one(&url).source, Source::UrlFragment("id_token".into()));
    }

    fn partial(input: &str) -> (Partial, Error) {
        let error = Token::parse(input).unwrap_err();
        (Partial::of(input, &error).expect(input), error)
    }

    #[test]
    fn partial_tokens_show_what_decodes() {
        let (h, p, _) = {
            let mut it = JWTIO.split('.');
            (it.next().unwrap(), it.next().unwrap(), it.next().unwrap())
        };
        let (two, error) = partial(&format!("{h}.{p}"));
        assert_eq!(error.code(), "segment-count");
        assert_eq!(two.header.as_ref().unwrap()["alg"], "HS256");
        assert_eq!(
            two.payload.as_ref().unwrap().claims().unwrap()["name"],
            "John Doe"
        );
        assert_eq!((two.segment, two.missing), (Part::Signature, true));
        let (alone, _) = partial(h);
        assert!(alone.header.is_some() && alone.payload.is_none());
        assert_eq!((alone.segment, alone.missing), (Part::Payload, true));
        let (bad_payload, error) = partial(&format!("{h}.{p}*.sig"));
        assert_eq!(error.code(), "base64-bad-character");
        assert!(bad_payload.header.is_some() && bad_payload.payload.is_none());
        assert_eq!(
            (bad_payload.segment, bad_payload.missing),
            (Part::Payload, false)
        );
        let (padded, _) = partial(&format!("{JWTIO}="));
        assert!(padded.payload.is_some());
        assert_eq!(padded.segment, Part::Signature);
        let error = Token::parse("%%.e30.").unwrap_err();
        assert_eq!(
            Partial::of("%%.e30.", &error),
            None,
            "no header, nothing to show"
        );
    }

    #[test]
    fn odd_segments_of_tokens_that_decode() {
        let t = Token::parse(JWTIO).unwrap();
        assert_eq!(Oddity::of(&t), None);
        let short = Token::parse(&format!("{}.AAAA", t.signing_input())).unwrap();
        let odd = Oddity::of(&short).unwrap();
        assert_eq!(
            (odd.segment(), odd.code()),
            (Part::Signature, "signature-length")
        );
        // {"alg":"XS999"}
        let unknown = Token::parse("eyJhbGciOiJYUzk5OSJ9.e30.AAAA").unwrap();
        let odd = Oddity::of(&unknown).unwrap();
        assert_eq!((odd.segment(), odd.code()), (Part::Header, "alg-unknown"));
    }
}
