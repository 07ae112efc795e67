//! Cleaning up what people paste: `Bearer` prefixes, quotes, line breaks.
//!
//! This is for reading only. Each removal is reported, so nothing is changed silently.

use rust_i18n::t;

/// The cleaned token text and a list of what was removed, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalized {
    /// The compact token, ready to split on dots.
    pub token: String,
    /// What was stripped, e.g. `"the \"Bearer \" prefix"`.
    pub removed: Vec<String>,
}

/// Strips surrounding whitespace, an `Authorization:` / `Bearer` prefix, matching quotes, and
/// whitespace or line breaks inside the token.
pub fn normalize(input: &str) -> Normalized {
    let mut removed = Vec::new();
    let mut text = input;

    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.len() != text.len() {
        removed.push(t!("engine.normalize.whitespace").into_owned());
        text = trimmed;
    }

    // Loop because people paste `"Bearer eyJ..."` as well as `Bearer "eyJ..."`.
    loop {
        if let Some(rest) = strip_prefix_ci(text, "authorization:") {
            removed.push(t!("engine.normalize.authorization").into_owned());
            text = rest.trim_start();
            continue;
        }
        if let Some(rest) = strip_prefix_ci(text, "bearer")
            && rest.starts_with(char::is_whitespace)
        {
            removed.push(t!("engine.normalize.bearer").into_owned());
            text = rest.trim_start();
            continue;
        }
        if let Some(inner) = strip_quotes(text) {
            removed.push(t!("engine.normalize.quotes").into_owned());
            text = inner.trim();
            continue;
        }
        break;
    }

    let mut token = String::with_capacity(text.len());
    let (mut breaks, mut spaces) = (0usize, 0usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                // CRLF counts once.
                if chars.peek() != Some(&'\n') {
                    breaks += 1;
                }
            }
            '\n' => breaks += 1,
            c if c.is_whitespace() => spaces += 1,
            c => token.push(c),
        }
    }
    match breaks {
        0 => {}
        1 => removed.push(t!("engine.normalize.line_break", n = breaks).into_owned()),
        n => removed.push(t!("engine.normalize.line_breaks", n = n).into_owned()),
    }
    match spaces {
        0 => {}
        1 => removed.push(t!("engine.normalize.space", n = spaces).into_owned()),
        n => removed.push(t!("engine.normalize.spaces", n = n).into_owned()),
    }
    Normalized { token, removed }
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn strip_quotes(text: &str) -> Option<&str> {
    ['"', '\'', '`', '\u{201c}'].into_iter().find_map(|open| {
        let close = if open == '\u{201c}' { '\u{201d}' } else { open };
        let inner = text.strip_prefix(open)?.strip_suffix(close)?;
        Some(inner)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_input_is_untouched() {
        let n = normalize("a.b.c");
        assert_eq!(n.token, "a.b.c");
        assert!(n.removed.is_empty());
    }

    #[test]
    fn strips_what_people_paste() {
        let n = normalize("  Bearer eyJa.eyJb\r\n.sig\n");
        assert_eq!(n.token, "eyJa.eyJb.sig");
        assert_eq!(
            n.removed,
            [
                "surrounding whitespace",
                "the \"Bearer \" prefix",
                "1 line break inside the token"
            ]
        );
        let n = normalize("\"Bearer a.b.c\"");
        assert_eq!(n.token, "a.b.c");
        assert_eq!(n.removed, ["surrounding quotes", "the \"Bearer \" prefix"]);
        let n = normalize("Authorization: bearer 'a.\n b.\n c'");
        assert_eq!(n.token, "a.b.c");
        assert_eq!(n.removed.len(), 5, "{:?}", n.removed);
    }

    #[test]
    fn does_not_eat_tokens_that_start_like_bearer() {
        assert_eq!(normalize("bearerish.b.c").token, "bearerish.b.c");
        assert_eq!(normalize("\"").token, "\"");
        assert_eq!(normalize("").token, "");
    }
}
