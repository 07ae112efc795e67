//! `jwtpad decode`.

use anyhow::{Result, anyhow};
use chrono::Utc;
use clap::Args;

use super::keyargs::{self, KeyArgs};
use super::{EXIT_BAD_INPUT, input, report};
use crate::engine::{Clock, Verification, cpf, decode, timespec};
use serde_json::Value;

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

pub fn run(args: &DecodeArgs) -> Result<u8> {
    let now = match &args.now {
        Some(t) => timespec::parse(t, Utc::now()).map_err(|e| anyhow!("--now: {e}"))?,
        None => Utc::now().timestamp(),
    };
    let clock = Clock::at(now, i64::from(args.leeway));
    let keys = if args.try_profiles {
        keyargs::load_all_profiles().map(Some)
    } else {
        args.key.load()
    };
    let text = match args.token.as_deref() {
        None | Some("-") => input::stdin_text("token"),
        Some(token) => Ok(token.to_owned()),
    };
    // In JSON mode even bad input yields one JSON object, so scripts always get something
    // to parse; the exit status still says 2.
    let (keys, text) = match (keys, text) {
        (Ok(keys), Ok(text)) => (keys, text),
        (Err(e), _) | (_, Err(e)) => {
            if args.json {
                report::print_json(&report::error_json(&format!("{e:#}")));
                return Ok(EXIT_BAD_INPUT);
            }
            return Err(e);
        }
    };
    match decode(&text, keys.as_ref().map(|k| &k.set), &clock) {
        Ok(mut decoded) => {
            let signed_by = match &decoded.verification {
                Verification::Verified { index, .. } => keys
                    .as_ref()
                    .and_then(|k| k.owner(*index))
                    .map(str::to_owned),
                _ => None,
            };
            if let Some(loaded) = &keys {
                decoded.warnings.extend(loaded.notes.iter().cloned());
                if let (Some(profile_alg), Ok(token_alg)) = (loaded.alg, decoded.token.alg())
                    && profile_alg != token_alg
                    && !args.try_profiles
                {
                    decoded.warnings.push(format!(
                        "the token says {token_alg}, the profile's algorithm is {profile_alg}"
                    ));
                }
            }
            // The vendor's personId is a CPF: a wrong one is the first thing support asks about.
            let person = decoded
                .token
                .payload
                .claims()
                .and_then(|c| c.get("personId"));
            if let Some(Value::String(person)) = person
                && let Err(why) = cpf::validate(person)
            {
                decoded
                    .warnings
                    .push(format!("personId is not a valid CPF: {why}"));
            }
            if args.json {
                report::print_json(&report::decoded_json(&decoded, signed_by.as_deref()));
            } else {
                print!("{}", report::human(&decoded, signed_by.as_deref()));
            }
            Ok(decoded.exit_code())
        }
        Err(e) if args.json => {
            report::print_json(&report::error_json(&e.to_string()));
            Ok(EXIT_BAD_INPUT)
        }
        Err(e) => Err(e.into()),
    }
}
