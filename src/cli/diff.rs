//! `jwtpad diff A B`: what changed between two tokens. Exits like `diff`: 0 when the
//! headers and payloads say the same, 1 when they differ, 2 when a token is malformed.

use anyhow::{Result, bail};
use clap::Args;
use serde_json::{Value, json};

use super::report::write_json;
use super::{ExitStatus, Out, error_code, input};
use crate::changes;
use crate::engine::diff::{self, Change, TokenDiff};
use crate::engine::{Error, Token};

/// Arguments of `jwtpad diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first token, as pasted ("Bearer ", quotes, line breaks are fine); "-" reads stdin
    #[arg(value_name = "A")]
    pub a: String,
    /// The second token, as pasted; "-" reads stdin (for one of A and B only)
    #[arg(value_name = "B")]
    pub b: String,
    /// Print one JSON object: {"same", "signature_differs", "header": [...], "payload": [...]}
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &DiffArgs, out: Out<'_>) -> Result<ExitStatus> {
    let compared = match compare(args) {
        Ok(compared) => compared,
        // In JSON mode even bad input yields one JSON object; the status still says 2.
        Err(e) if args.json => {
            let input = e.downcast_ref::<BadToken>().map(|bad| bad.which);
            let doc = json!({"same": null, "error": format!("{e:#}"),
                "error_code": error_code(&e), "input": input, "header": [], "payload": []});
            write_json(out, &doc)?;
            return Ok(ExitStatus::BadInput);
        }
        Err(e) => return Err(e),
    };
    if args.json {
        write_json(out, &diff_json(&compared))?;
    } else {
        out.write_all(changes::text(&compared).as_bytes())?;
    }
    Ok(if compared.same() {
        ExitStatus::Ok
    } else {
        ExitStatus::Failed
    })
}

/// Reads and decodes both tokens; an error names the one that is wrong, A or B.
fn compare(args: &DiffArgs) -> Result<TokenDiff> {
    if args.a == "-" && args.b == "-" {
        bail!("only one of A and B can be read from standard input (\"-\")");
    }
    let read = |arg: &str, which: &'static str| -> Result<Token> {
        let text = match arg {
            "-" => input::stdin_text(&format!("token {which}"))?,
            text => text.to_owned(),
        };
        Token::parse(&text).map_err(|error| BadToken { which, error }.into())
    };
    let a = read(&args.a, "A")?;
    let b = read(&args.b, "B")?;
    Ok(diff::diff(&a, &b))
}

/// A token that does not decode, and which one it is.
#[derive(Debug)]
struct BadToken {
    /// `A` or `B`.
    which: &'static str,
    error: Error,
}

impl std::fmt::Display for BadToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The engine's words follow as the source: `{:#}` prints "token A: …".
        write!(f, "token {}", self.which)
    }
}

impl std::error::Error for BadToken {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// The `--json` document: `{"same", "signature_differs", "header": [...], "payload": [...]}`.
pub fn diff_json(d: &TokenDiff) -> Value {
    let list = |changes: &[Change]| -> Vec<Value> { changes.iter().map(change_json).collect() };
    json!({
        "same": d.same(),
        "signature_differs": d.signature_differs,
        "header": list(&d.header),
        "payload": list(&d.payload),
    })
}

/// `{"path", "kind", "old", "new", "shift_seconds"}`, leaving out what does not apply.
fn change_json(c: &Change) -> Value {
    let mut entry = serde_json::Map::new();
    entry.insert("path".into(), c.path.clone().into());
    entry.insert("kind".into(), c.kind.code().into());
    if let Some(old) = &c.old {
        entry.insert("old".into(), old.clone());
    }
    if let Some(new) = &c.new {
        entry.insert("new".into(), new.clone());
    }
    if let Some(shift) = c.shift_seconds {
        entry.insert("shift_seconds".into(), shift.into());
    }
    Value::Object(entry)
}
