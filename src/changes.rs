//! What changed between two tokens, in words: the one wording of the engine's
//! [`TokenDiff`](crate::engine::diff::TokenDiff) that `jwtpad diff` prints and the window's
//! "Changes" and "Compare with…" views show, in the language in force.

use std::fmt::Write as _;

use rust_i18n::t;
use serde_json::Value;

use crate::engine::diff::{Change, ChangeKind, TokenDiff};
use crate::timefmt;

/// How many characters of a value a change line shows: a claim can be a 1 MiB blob.
const VALUE_CHARS: usize = 120;

/// "added", "removed" or "changed".
pub fn kind_word(kind: ChangeKind) -> String {
    match kind {
        ChangeKind::Added => t!("diff.added"),
        ChangeKind::Removed => t!("diff.removed"),
        _ => t!("diff.changed"),
    }
    .into_owned()
}

/// The path to show: the root pointer `""` is "(whole payload)".
pub fn path_text(change: &Change) -> String {
    if change.path.is_empty() {
        t!("diff.whole").into_owned()
    } else {
        change.path.clone()
    }
}

/// The values: `old → new` for a change, the one value for an addition or a removal, and a
/// time claim's shift after it: `1700000000 → 1700000900 (exp +15 min)`.
pub fn values_text(change: &Change) -> String {
    let show = |v: &Option<Value>| v.as_ref().map(value_text).unwrap_or_default();
    let mut text = match change.kind {
        ChangeKind::Added => show(&change.new),
        ChangeKind::Removed => show(&change.old),
        _ => t!(
            "diff.old_new",
            old = show(&change.old),
            new = show(&change.new)
        )
        .into_owned(),
    };
    if let Some(shift) = shift_text(change) {
        let _ = write!(text, " ({shift})");
    }
    text
}

/// A time claim's shift: "exp +15 min", "iat -2 h".
pub fn shift_text(change: &Change) -> Option<String> {
    let secs = change.shift_seconds?;
    let claim = change.path.trim_start_matches('/');
    Some(t!("diff.shift", claim = claim, shift = timefmt::shift(secs)).into_owned())
}

/// A value as compact JSON, cut to [`VALUE_CHARS`] characters.
pub fn value_text(value: &Value) -> String {
    // Only the start is shown: a 5 MiB claim is not written out whole (at every frame of
    // the window's "Compare with…") to keep its first characters.
    let mut capped = Capped(Vec::new());
    let _ = serde_json::to_writer(&mut capped, value);
    let text = String::from_utf8_lossy(&capped.0);
    match text.char_indices().nth(VALUE_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.into_owned(),
    }
}

/// A writer that takes enough bytes for [`VALUE_CHARS`] characters and one more (four bytes
/// at most each), then refuses the rest.
struct Capped(Vec<u8>);

impl std::io::Write for Capped {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let room = (VALUE_CHARS + 1) * 4 - self.0.len().min((VALUE_CHARS + 1) * 4);
        if room == 0 {
            return Err(std::io::Error::other("enough to show"));
        }
        let taken = bytes.len().min(room);
        self.0.extend_from_slice(&bytes[..taken]);
        Ok(taken)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The whole comparison for people, grouped header, payload, then the signatures:
///
/// ```text
/// Header: no changes
/// Payload:
///   changed  /exp  1700000000 → 1700000900 (exp +15 min)
///   added    /scope  "admin"
/// Signatures differ.
/// ```
pub fn text(diff: &TokenDiff) -> String {
    let mut out = String::new();
    for (title, changes) in [
        (t!("diff.header"), &diff.header),
        (t!("diff.payload"), &diff.payload),
    ] {
        if changes.is_empty() {
            let _ = writeln!(out, "{}", t!("diff.group_same", group = title));
            continue;
        }
        let _ = writeln!(out, "{}", t!("diff.group", group = title));
        let width = changes
            .iter()
            .map(|c| kind_word(c.kind).chars().count())
            .max()
            .unwrap_or(0);
        for change in changes {
            let kind = kind_word(change.kind);
            let _ = writeln!(
                out,
                "  {kind:<width$}  {}  {}",
                path_text(change),
                values_text(change)
            );
        }
    }
    let _ = writeln!(out, "{}", signature_text(diff));
    out
}

/// "Signatures differ." or "Signatures are the same."
pub fn signature_text(diff: &TokenDiff) -> String {
    if diff.signature_differs {
        t!("diff.signature_differs")
    } else {
        t!("diff.signature_same")
    }
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(path: &str, old: Value, new: Value, shift: Option<i64>) -> Change {
        Change {
            path: path.into(),
            kind: ChangeKind::Changed,
            old: Some(old),
            new: Some(new),
            shift_seconds: shift,
        }
    }

    #[test]
    fn a_time_claim_says_how_far_it_moved() {
        let c = change(
            "/exp",
            json!(1_700_000_000),
            json!(1_700_000_900),
            Some(900),
        );
        assert_eq!(values_text(&c), "1700000000 → 1700000900 (exp +15 min)");
        let back = change("/iat", json!(7_200), json!(0), Some(-7_200));
        assert_eq!(shift_text(&back).unwrap(), "iat -2 h");
    }

    #[test]
    fn long_values_are_cut() {
        let long = Value::String("x".repeat(1000));
        let text = value_text(&long);
        assert_eq!(text.chars().count(), VALUE_CHARS + 1);
        assert!(text.ends_with('…'));
        // Characters of four bytes, and a value far too big to write out: the same cut.
        let wide = json!({"groups": vec!["🦀ção"; 200_000]});
        let text = value_text(&wide);
        assert_eq!(text.chars().count(), VALUE_CHARS + 1);
        assert!(text.starts_with("{\"groups\":[\"🦀ção\""), "{text}");
        // Short ones whole.
        assert_eq!(value_text(&json!(["é", 1])), "[\"é\",1]");
    }
}
