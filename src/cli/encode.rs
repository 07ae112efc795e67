//! `jwtpad encode`.

use anyhow::{Result, anyhow, bail};
use chrono::Utc;
use clap::Args;
use serde_json::{Map, Value};

use super::input;
use super::keyargs::KeyArgs;
use crate::engine::broken::{self, Broken};
use crate::engine::{Alg, SignRequest, json, sign, timespec};

/// Arguments of `jwtpad encode`.
#[derive(Debug, Args)]
pub struct EncodeArgs {
    /// The claims: JSON text, @FILE, or - for stdin
    #[arg(long, value_name = "JSON|@FILE|-", default_value = "{}")]
    pub payload: String,
    /// Extra header members, merged over {"alg":..,"typ":"JWT"} with their order kept
    #[arg(long, value_name = "JSON|@FILE")]
    pub header: Option<String>,
    /// Signing algorithm [default: HS256, or what the key implies]
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Option<Alg>,
    /// Set "exp": +15m, -1h, +7d, unix seconds or RFC 3339
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub exp: Option<String>,
    /// Set "nbf" (same forms as --exp)
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub nbf: Option<String>,
    /// Set "iat" (same forms as --exp; "now" is usual)
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    pub iat: Option<String>,
    /// Make a deliberately broken token for a negative test: expired, not-yet-valid,
    /// wrong-signature, alg-none, or missing:CLAIM (applied after --exp/--nbf/--iat)
    #[arg(long, value_name = "KIND", value_parser = parse_broken)]
    pub broken: Option<Broken>,
    /// Where the key comes from.
    #[command(flatten)]
    pub key: KeyArgs,
}

fn parse_broken(text: &str) -> Result<Broken, String> {
    text.parse()
}

fn parse_alg(text: &str) -> Result<Alg, String> {
    text.parse()
        .map_err(|e: crate::engine::alg::UnknownAlg| e.to_string())
}

pub fn run(args: &EncodeArgs) -> Result<u8> {
    let keys = args.key.load()?;
    let payload_text = input::json_arg(&args.payload, "payload", true)?;
    let mut payload = json::parse_strict(&payload_text, "payload JSON")?;

    let now = Utc::now();
    for (name, spec) in [("exp", &args.exp), ("nbf", &args.nbf), ("iat", &args.iat)] {
        let Some(spec) = spec else { continue };
        let at = timespec::parse(spec, now).map_err(|e| anyhow!("--{name}: {e}"))?;
        let Value::Object(claims) = &mut payload else {
            bail!("--{name} needs the payload to be a JSON object");
        };
        claims.insert(name.to_owned(), Value::from(at));
    }

    let user_header = match &args.header {
        Some(text) => json::parse_object(&input::json_arg(text, "header", false)?, "header JSON")?,
        None => Map::new(),
    };
    let key = match &keys {
        Some(loaded) => Some(
            loaded
                .set
                .signing_key()
                .or(loaded.set.keys.first())
                .ok_or_else(|| anyhow!("no key found"))?,
        ),
        None => None,
    };
    let header_alg = user_header
        .get("alg")
        .and_then(Value::as_str)
        .and_then(|a| a.parse().ok());
    // An explicit --alg wins, then the profile's algorithm, then the header's, then the key's.
    let alg = args
        .alg
        .or(keys.as_ref().and_then(|k| k.alg))
        .or(header_alg)
        .or_else(|| key.map(|k| k.default_alg()))
        .unwrap_or(Alg::HS256);

    let mut header = Map::new();
    header.insert("alg".into(), Value::String(alg.name().into()));
    header.insert("typ".into(), Value::String("JWT".into()));
    // Existing members keep their place; new ones follow in the user's order.
    header.extend(user_header);

    let signed = match &args.broken {
        Some(kind) => broken::make(kind, header, payload, alg, key, now.timestamp())?,
        None => sign(SignRequest {
            header,
            payload,
            alg,
            key,
        })?,
    };
    for warning in &signed.warnings {
        eprintln!("warning: {warning}");
    }
    println!("{}", signed.token);
    Ok(0)
}
