//! `jwtpad decode`.

use anyhow::{Context, Result};
use chrono::Utc;
use clap::Args;

use super::keyargs::{self, KeyArgs};
use super::report::{self, Note};
use super::{ExitStatus, Out, error_code, input};
use crate::engine::{Clock, Verification, Warning, decode, timespec};

/// Arguments of `jwtpad decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token ("Bearer ", quotes and line breaks are fine); stdin when omitted or "-"
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,
    /// Where the key comes from.
    #[command(flatten)]
    pub key: KeyArgs,
    /// Print one JSON object instead of the human report
    #[arg(long)]
    pub json: bool,
    /// Clock leeway for exp/nbf, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub leeway: u32,
    /// Evaluate time claims at TIME (unix seconds or RFC 3339) instead of now
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Try the key of every stored profile; report which one verifies ("signed_by")
    #[arg(long, conflicts_with = "keysource")]
    pub try_profiles: bool,
}

pub fn run(args: &DecodeArgs, out: Out<'_>) -> Result<ExitStatus> {
    match decide(args) {
        Ok((text, status)) => {
            out.write_all(text.as_bytes())?;
            Ok(status)
        }
        // In JSON mode even bad input yields one JSON object, so scripts always get
        // something to parse; the exit status still says 2.
        Err(e) if args.json => {
            let doc = report::error_json(&format!("{e:#}"), error_code(&e));
            report::write_json(out, &doc)?;
            Ok(ExitStatus::BadInput)
        }
        Err(e) => Err(e),
    }
}

/// What to print and the exit status; nothing is written until it is all known, so an
/// error here is always about the input.
fn decide(args: &DecodeArgs) -> Result<(String, ExitStatus)> {
    let now = match &args.now {
        Some(t) => timespec::parse(t, Utc::now()).context("--now")?,
        None => Utc::now().timestamp(),
    };
    let clock = Clock::at(now, i64::from(args.leeway));
    let keys = if args.try_profiles {
        Some(keyargs::load_all_profiles()?)
    } else {
        args.key.load()?
    };
    let text = match args.token.as_deref() {
        None | Some("-") => input::stdin_text("token")?,
        Some(token) => token.to_owned(),
    };
    let decoded = decode(&text, keys.as_ref().map(|k| &k.set), &clock)?;
    let signed_by = match &decoded.verification {
        Verification::Verified { index, .. } => keys.as_ref().and_then(|k| k.owner(*index)),
        _ => None,
    };
    let mut notes = report::notes(&decoded);
    if let Some(loaded) = &keys {
        for (name, e) in &loaded.skipped {
            notes.push(Note::new(
                "profile-skipped",
                format_args!("profile \"{name}\" skipped: {e}"),
            ));
        }
        if let (Some(profile), Ok(token)) = (loaded.alg, decoded.token.alg())
            && profile != token
            && !args.try_profiles
        {
            let warning = Warning::ProfileAlgDiffers { token, profile };
            notes.push(Note::new(warning.code(), &warning));
        }
    }
    let text = if args.json {
        let doc = report::decoded_json(&decoded, signed_by, &notes);
        let mut text = serde_json::to_string_pretty(&doc)?;
        text.push('\n');
        text
    } else {
        report::human(&decoded, signed_by, &notes)
    };
    Ok((text, ExitStatus::of(&decoded)))
}
