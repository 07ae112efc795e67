//! Cleaning up what people paste: `Bearer` prefixes, quotes, line breaks.
//!
//! This is for reading only. Each removal is reported, so nothing is changed silently.

use std::borrow::Cow;

/// One thing stripped from pasted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Removed {
    /// Whitespace (or a byte-order mark) around the token.
    Whitespace,
    /// An `Authorization:` header name.
    Authorization,
    /// A `Bearer ` prefix.
    Bearer,
    /// Matching quotes around the token.
    Quotes,
    /// This many line breaks inside the token.
    LineBreaks(usize),
    /// This many spaces or tabs inside the token.
    Spaces(usize),
    /// The text around a token found inside other text: this many characters before it
    /// and after it.
    Around {
        /// Characters before the token.
        before: usize,
        /// Characters after it.
        after: usize,
    },
}

impl Removed {
    /// The stable machine code.
    pub fn code(self) -> &'static str {
        match self {
            Removed::Whitespace => "whitespace",
            Removed::Authorization => "authorization-header",
            Removed::Bearer => "bearer-prefix",
            Removed::Quotes => "quotes",
            Removed::LineBreaks(_) => "line-breaks",
            Removed::Spaces(_) => "spaces",
            Removed::Around { .. } => "surrounding-text",
        }
    }
}

/// The cleaned token text and a list of what was removed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalized {
    /// The compact token, ready to split on dots.
    pub token: String,
    /// What was stripped, in order.
    pub removed: Vec<Removed>,
}

/// Strips surrounding whitespace, an `Authorization:` / `Bearer` prefix, matching quotes, and
/// whitespace or line breaks inside the token.
pub fn normalize(input: &str) -> Normalized {
    let (token, removed) = normalize_borrowed(input);
    Normalized {
        token: token.into_owned(),
        removed,
    }
}

/// [`normalize`], borrowing the token from `input` when nothing inside it had to go: a
/// decode then reads a pasted 1 MiB token without copying it first.
pub(crate) fn normalize_borrowed(input: &str) -> (Cow<'_, str>, Vec<Removed>) {
    let (mut token, mut removed) = normalize_once(input);
    if removed.is_empty() {
        // A pass over text that loses nothing returns the same text: a clean token is done.
        return (token, removed);
    }
    // Dropping inner whitespace can join a prefix (`Authori zation: Bearer "…"`, found by
    // fuzzing), so go on until nothing more is removed: normalising a normalised token then
    // changes nothing. Each pass that removes something makes the text shorter, so it ends.
    loop {
        let (again, more) = normalize_once(&token);
        if more.is_empty() {
            return (token, removed);
        }
        token = Cow::Owned(again.into_owned());
        removed.extend(more);
    }
}

fn normalize_once(input: &str) -> (Cow<'_, str>, Vec<Removed>) {
    let mut removed = Vec::new();
    let mut text = input;

    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.len() != text.len() {
        removed.push(Removed::Whitespace);
        text = trimmed;
    }

    // Loop because people paste `"Bearer eyJ..."` as well as `Bearer "eyJ..."`.
    loop {
        if let Some(rest) = strip_prefix_ci(text, "authorization:") {
            removed.push(Removed::Authorization);
            text = rest.trim_start();
            continue;
        }
        if let Some(rest) = strip_prefix_ci(text, "bearer")
            && rest.starts_with(char::is_whitespace)
        {
            removed.push(Removed::Bearer);
            text = rest.trim_start();
            continue;
        }
        if let Some(inner) = strip_quotes(text) {
            removed.push(Removed::Quotes);
            text = inner.trim();
            continue;
        }
        break;
    }

    // A clean token (printable ASCII only) has nothing inside to drop: it is the text as it
    // stands, not a copy made char by char, which is most of a 1 MiB paste's cost otherwise.
    if printable_ascii(text) {
        return (Cow::Borrowed(text), removed);
    }
    // Whitespace inside: copy the runs between it whole, counting what is dropped.
    let mut token = String::with_capacity(text.len());
    let (mut breaks, mut spaces) = (0usize, 0usize);
    let mut rest = text;
    while let Some(at) = rest.find(char::is_whitespace) {
        token.push_str(&rest[..at]);
        let Some(c) = rest[at..].chars().next() else {
            break;
        };
        rest = &rest[at + c.len_utf8()..];
        match c {
            // CRLF counts once.
            '\r' if rest.starts_with('\n') => {}
            '\r' | '\n' => breaks += 1,
            _ => spaces += 1,
        }
    }
    token.push_str(rest);
    if breaks > 0 {
        removed.push(Removed::LineBreaks(breaks));
    }
    if spaces > 0 {
        removed.push(Removed::Spaces(spaces));
    }
    (Cow::Owned(token), removed)
}

/// Whether every byte is printable ASCII (`!` to `~`). Blocks are checked without an early
/// exit inside them, which the compiler turns into vector instructions.
fn printable_ascii(text: &str) -> bool {
    text.as_bytes()
        .chunks(64)
        .all(|block| block.iter().fold(true, |ok, b| ok & b.is_ascii_graphic()))
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
            [Removed::Whitespace, Removed::Bearer, Removed::LineBreaks(1)]
        );
        let n = normalize("\"Bearer a.b.c\"");
        assert_eq!(n.token, "a.b.c");
        assert_eq!(n.removed, [Removed::Quotes, Removed::Bearer]);
        let n = normalize("Authorization: bearer 'a.\n b.\n c'");
        assert_eq!(n.token, "a.b.c");
        assert_eq!(n.removed.len(), 5, "{:?}", n.removed);
    }

    #[test]
    fn a_prefix_joined_by_dropped_whitespace_is_stripped_too() {
        let text = "Authori zation: Bearer \"eyJhbGciOiJIUzI1NiJ9.###\n e29.cr2ln\"\n";
        let once = normalize(text);
        assert_eq!(once.token, "Bearer\"eyJhbGciOiJIUzI1NiJ9.###e29.cr2ln\"");
        let twice = normalize(&once.token);
        assert_eq!(twice.token, once.token);
        assert!(twice.removed.is_empty());
    }

    #[test]
    fn odd_characters_inside_take_the_careful_path() {
        // Not printable ASCII, so not copied whole: the vertical tab and the no-break space
        // are whitespace to drop, the NUL and the accent are kept for the decoder to refuse.
        let n = normalize("a.\u{b}b.\u{a0}c\0\u{e9}");
        assert_eq!(n.token, "a.b.c\0\u{e9}");
        assert_eq!(n.removed, [Removed::Spaces(2)]);
    }

    #[test]
    fn a_token_with_nothing_inside_to_drop_is_borrowed() {
        let (token, removed) = normalize_borrowed("  Bearer \"a.b.c\" ");
        assert!(matches!(token, Cow::Borrowed("a.b.c")), "{token:?}");
        assert_eq!(
            removed,
            [Removed::Whitespace, Removed::Bearer, Removed::Quotes]
        );
        let (token, removed) = normalize_borrowed("a.\nb.c");
        assert!(matches!(token, Cow::Owned(_)));
        assert_eq!(
            (token.as_ref(), removed),
            ("a.b.c", vec![Removed::LineBreaks(1)])
        );
    }

    #[test]
    fn the_block_check_agrees_with_a_byte_loop() {
        // Every position of a block and across block edges, with what must fail and what
        // must pass at the ends of the printable range.
        for len in [1, 2, 63, 64, 65, 129] {
            for at in 0..len {
                for odd in [' ', '\n', '\t', '\0', '\u{7f}', '\u{e9}', '!', '~'] {
                    let mut text = "a".repeat(len - 1);
                    text.insert(at, odd);
                    let want = text.bytes().all(|b| b.is_ascii_graphic());
                    assert_eq!(printable_ascii(&text), want, "{len} {at} {odd:?}");
                }
            }
        }
        assert!(printable_ascii(""));
    }

    /// The char-by-char cleaner this module used before it copied runs: the reference.
    fn clean_by_char(text: &str) -> (String, usize, usize) {
        let mut token = String::new();
        let (mut breaks, mut spaces) = (0, 0);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() != Some(&'\n') {
                        breaks += 1;
                    }
                }
                '\n' => breaks += 1,
                c if c.is_whitespace() => spaces += 1,
                c => token.push(c),
            }
        }
        (token, breaks, spaces)
    }

    #[test]
    fn copying_runs_drops_what_the_char_loop_dropped() {
        // Every string of up to 4 characters over letters, every kind of break and space
        // (CR, LF, CRLF, tab, vertical tab, NEL, no-break space, ideographic space) and a
        // non-ASCII letter, wrapped so the printable-ASCII path never takes it.
        let alphabet = [
            'a', '.', '\r', '\n', '\t', '\u{b}', ' ', '\u{85}', '\u{a0}', '\u{3000}', '\u{e9}',
        ];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        texts.sort();
        texts.dedup();
        for text in texts {
            let text = format!("x{text}\u{e9}");
            let (token, removed) = normalize_once(&text);
            let (want, breaks, spaces) = clean_by_char(&text);
            let mut want_removed = Vec::new();
            if breaks > 0 {
                want_removed.push(Removed::LineBreaks(breaks));
            }
            if spaces > 0 {
                want_removed.push(Removed::Spaces(spaces));
            }
            assert_eq!(
                (token.as_ref(), removed),
                (want.as_str(), want_removed),
                "{text:?}"
            );
        }
    }

    #[test]
    fn does_not_eat_tokens_that_start_like_bearer() {
        assert_eq!(normalize("bearerish.b.c").token, "bearerish.b.c");
        assert_eq!(normalize("\"").token, "\"");
        assert_eq!(normalize("").token, "");
    }
}
