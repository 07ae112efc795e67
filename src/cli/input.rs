//! Reading tokens and JSON from arguments, files and stdin.

use anyhow::{Context, Result, bail};
use std::io::{IsTerminal, Read};

/// Stdin is read up to this size; beyond it something is wrong (a wrong file piped in).
const MAX_STDIN: u64 = 64 * 1024 * 1024;

/// Reads all of stdin as UTF-8 text. `what` names the input in messages.
pub fn stdin_text(what: &str) -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("jwtpad: reading the {what} from standard input (end with Ctrl+D)");
    }
    let mut bytes = Vec::new();
    stdin
        .lock()
        .take(MAX_STDIN + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the {what} from standard input"))?;
    if bytes.len() as u64 > MAX_STDIN {
        bail!(
            "the {what} on standard input is larger than {} MiB",
            MAX_STDIN >> 20
        );
    }
    into_text(bytes, what)
}

/// Reads a file as UTF-8 text.
pub fn file_text(path: &std::path::Path, what: &str) -> Result<String> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read {what} file {}", path.display()))?;
    into_text(bytes, &format!("{what} file {}", path.display()))
}

fn into_text(bytes: Vec<u8>, what: &str) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "the {what} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// `JSON`, `@FILE`, or `-` for stdin (when `allow_stdin`).
pub fn json_arg(value: &str, what: &str, allow_stdin: bool) -> Result<String> {
    if value == "-" && allow_stdin {
        return stdin_text(what);
    }
    if let Some(path) = value.strip_prefix('@') {
        return file_text(std::path::Path::new(path), what);
    }
    Ok(value.to_owned())
}
