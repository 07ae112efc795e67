//! `jwtpad encode`.

use anyhow::{Context, Result, bail};
use chrono::Utc;
use clap::Args;
use serde_json::{Map, Value};

use super::keyargs::KeyArgs;
use super::{ExitStatus, Out, input};
use crate::engine::broken::{self, Broken};
use crate::engine::error::JsonDoc;
use crate::engine::sign::{self, SignRequest};
use crate::engine::{Alg, json, timespec};

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
    /// Render this template (jwtpad template list) instead of --payload
    #[arg(long, value_name = "NAME", conflicts_with_all = ["payload", "broken"])]
    pub template: Option<String>,
    /// With --template: set claim CLAIM to the string VALUE (repeat for more)
    #[arg(long, value_name = "CLAIM=VALUE", requires = "template")]
    pub set: Vec<String>,
    /// With --template: set claim CLAIM to any JSON value (repeat for more)
    #[arg(long, value_name = "CLAIM=JSON", requires = "template")]
    pub set_json: Vec<String>,
    /// With --template: the clientId for {{clientId}} [default: the profile's]
    #[arg(long, value_name = "ID", requires = "template")]
    pub client_id: Option<String>,
    /// With --template: the claim that holds the CPF, e.g. peopleId [default: the template's]
    #[arg(long, value_name = "CLAIM", requires = "template")]
    pub person_claim: Option<String>,
}

fn parse_broken(text: &str) -> Result<Broken, String> {
    text.parse()
        .map_err(|e: broken::UnknownBroken| e.to_string())
}

fn parse_alg(text: &str) -> Result<Alg, String> {
    text.parse()
        .map_err(|e: crate::engine::alg::UnknownAlg| e.to_string())
}

pub fn run(args: &EncodeArgs, out: Out<'_>) -> Result<ExitStatus> {
    if let Some(name) = &args.template {
        return super::template::encode(name, args, out);
    }
    let keys = args.key.load_signing()?;
    let payload_text = input::json_arg(&args.payload, "payload", true)?;
    let mut payload = json::parse_strict(&payload_text, JsonDoc::Payload)?;

    let now = Utc::now();
    for (name, spec) in [("exp", &args.exp), ("nbf", &args.nbf), ("iat", &args.iat)] {
        let Some(spec) = spec else { continue };
        let at = timespec::parse(spec, now).with_context(|| format!("--{name}"))?;
        let Value::Object(claims) = &mut payload else {
            bail!("--{name} needs the payload to be a JSON object");
        };
        claims.insert(name.to_owned(), Value::from(at));
    }

    let mut header = match &args.header {
        Some(text) => {
            json::parse_object(&input::json_arg(text, "header", false)?, JsonDoc::Header)?
        }
        None => Map::new(),
    };
    let key = match &keys {
        Some(loaded) => Some(loaded.set.signer().context("no key found")?),
        None => None,
    };
    let header_alg = header
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

    // The user's members are merged over the default header {"alg", "typ": "JWT"}, whose
    // "alg" the engine places by its one rule; existing members keep their place.
    let mut defaults = Map::new();
    defaults.insert("typ".into(), Value::String("JWT".into()));
    let (mut defaults, _) = sign::place_alg(defaults, alg);
    defaults.extend(std::mem::take(&mut header));
    let header = defaults;

    let signed = match &args.broken {
        Some(kind) => broken::make(kind, header, payload, alg, key, now.timestamp())?,
        None => sign::sign(SignRequest {
            header,
            payload,
            alg,
            key,
        })?,
    };
    for warning in &signed.warnings {
        eprintln!("warning: {warning}");
    }
    writeln!(out, "{}", signed.token)?;
    Ok(ExitStatus::Ok)
}
