//! A decoded token's warnings in words, each with its stable code: the token's and the
//! key's, then the time claims' problems. The window and the command line list the same
//! notes in the same order.

use chrono::{DateTime, Utc};

use crate::engine::Decoded;
use crate::timefmt;

/// One warning line: its stable code and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// e.g. `no-exp`.
    pub code: &'static str,
    /// e.g. `no "exp" claim: the token never expires`.
    pub message: String,
}

impl Note {
    /// A note from a code and anything that has words.
    pub fn new(code: &'static str, message: impl std::fmt::Display) -> Self {
        Note {
            code,
            message: message.to_string(),
        }
    }
}

/// The warnings of `decoded`, with time problems phrased as they stand at `now` (a live
/// view passes the clock; a report passes the instant it judged at).
pub fn warnings(decoded: &Decoded, now: DateTime<Utc>) -> Vec<Note> {
    let mut notes: Vec<Note> = decoded
        .warnings
        .iter()
        .map(|w| Note::new(w.code(), w))
        .collect();
    let leeway = decoded.time.clock.leeway;
    for claim in &decoded.time.claims {
        let status = claim.standing_at(now, leeway).status;
        if let (Some(code), Some(message)) = (
            status.problem_code(),
            timefmt::problem_at(claim, now, leeway),
        ) {
            notes.push(Note { code, message });
        }
    }
    notes
}
