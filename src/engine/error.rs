//! Engine errors. Messages name the part of the input that is wrong and never echo key or
//! secret bytes.

use std::fmt;

use rust_i18n::t;

/// The part of the input an error refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The token as a whole (segment count, emptiness).
    Token,
    /// The first segment.
    Header,
    /// The second segment.
    Payload,
    /// The third segment.
    Signature,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Part::Token => t!("engine.error.part_token"),
            Part::Header => t!("engine.error.part_header"),
            Part::Payload => t!("engine.error.part_payload"),
            Part::Signature => t!("engine.error.part_signature"),
        })
    }
}

/// Everything the engine can refuse. Each variant's message is one plain sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The token cannot be read at all.
    #[error(fmt = fmt_malformed)]
    Malformed {
        /// Where the problem is.
        part: Part,
        /// What is wrong, e.g. "invalid base64url character '*' at position 17".
        detail: String,
    },
    /// JSON the user supplied (header, payload, JWK) is not acceptable.
    #[error(fmt = fmt_json)]
    Json {
        /// Which document, e.g. "payload JSON".
        what: String,
        /// What is wrong.
        detail: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A key could not be read or is not usable.
    #[error(fmt = fmt_key)]
    Key(String),
    /// The key does not fit the chosen algorithm, or cannot sign.
    #[error("{0}")]
    KeyMismatch(String),
    /// A time such as `+15m` or an RFC 3339 date could not be understood.
    #[error("{0}")]
    Time(String),
    /// Signing is impossible for another reason (e.g. an unsupported algorithm).
    #[error("{0}")]
    Sign(String),
}

impl Error {
    pub(crate) fn malformed(part: Part, detail: impl Into<String>) -> Self {
        Error::Malformed {
            part,
            detail: detail.into(),
        }
    }

    pub(crate) fn key(detail: impl Into<String>) -> Self {
        Error::Key(detail.into())
    }
}

// The variants whose message adds words of its own get them from the locale.

fn fmt_malformed(part: &Part, detail: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(&t!("engine.error.malformed", part = part, detail = detail))
}

fn fmt_json(
    what: &str,
    detail: &str,
    line: &usize,
    column: &usize,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    f.write_str(&t!(
        "engine.error.json",
        what = what,
        detail = detail,
        line = line,
        column = column
    ))
}

fn fmt_key(detail: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(&t!("engine.error.key", detail = detail))
}
