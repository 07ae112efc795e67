//! Signing exactly what the user wrote: member order and custom header members are kept.

use rust_i18n::t;
use serde_json::{Map, Value};

use super::alg::Alg;
use super::b64;
use super::crypto;
use super::error::Error;
use super::json;
use super::keys::Key;
use super::verify::key_warnings;

/// What to sign.
#[derive(Debug, Clone)]
pub struct SignRequest<'a> {
    /// Header members; `alg` is set to [`SignRequest::alg`] (with a warning if it differed).
    pub header: Map<String, Value>,
    /// The payload, normally a claims object.
    pub payload: Value,
    /// The algorithm to sign with.
    pub alg: Alg,
    /// The key; `None` only for `alg: none`.
    pub key: Option<&'a Key>,
}

/// A freshly signed token.
#[derive(Debug, Clone, PartialEq)]
pub struct Signed {
    /// The compact token.
    pub token: String,
    /// The header exactly as signed.
    pub header: Map<String, Value>,
    /// Risky choices that were honoured, in plain words.
    pub warnings: Vec<String>,
}

/// Parses header and payload JSON text (refusing duplicate members) and signs them.
pub fn sign_json(
    header: &str,
    payload: &str,
    alg: Alg,
    key: Option<&Key>,
) -> Result<Signed, Error> {
    let header = json::parse_object(header, &t!("engine.sign.header_json"))?;
    let payload = json::parse_strict(payload, &t!("engine.sign.payload_json"))?;
    sign(SignRequest {
        header,
        payload,
        alg,
        key,
    })
}

/// Signs the request. Weak but legitimate choices (short HMAC secret, small RSA key, no
/// `exp`, `alg: none`) are signed with warnings; only impossible ones are errors.
pub fn sign(request: SignRequest<'_>) -> Result<Signed, Error> {
    let SignRequest {
        header,
        payload,
        alg,
        key,
    } = request;
    let mut warnings = Vec::new();

    let header = set_alg(header, alg, &mut warnings);
    match &payload {
        Value::Object(claims) if !claims.contains_key("exp") => {
            warnings.push(t!("engine.token.no_exp").into_owned());
        }
        Value::Object(_) => {}
        other => warnings.push(
            t!(
                "engine.sign.payload_not_object",
                kind = json::kind_of(other)
            )
            .into_owned(),
        ),
    }

    let header_json = serde_json::to_string(&header).map_err(|e| Error::Sign(e.to_string()))?;
    let payload_json = serde_json::to_string(&payload).map_err(|e| Error::Sign(e.to_string()))?;
    let signing_input = format!(
        "{}.{}",
        b64::encode_url(header_json.as_bytes()),
        b64::encode_url(payload_json.as_bytes())
    );

    let signature = if alg == Alg::None {
        warnings.push(t!("engine.token.alg_none").into_owned());
        if key.is_some() {
            warnings.push(t!("engine.sign.none_ignores_key").into_owned());
        }
        String::new()
    } else {
        let key = key.ok_or_else(|| {
            Error::KeyMismatch(
                t!(
                    "engine.sign.needs_key",
                    alg = alg,
                    family = alg.family().map(|f| f.to_string()).unwrap_or_default()
                )
                .into_owned(),
            )
        })?;
        if let Some(why) = key.refuses(alg) {
            return Err(Error::KeyMismatch(why));
        }
        if !key.can_sign() {
            return Err(Error::KeyMismatch(
                t!("engine.sign.public_key").into_owned(),
            ));
        }
        warnings.extend(key_warnings(key, alg));
        crypto::sign(alg, key, signing_input.as_bytes()).map_err(Error::Sign)?
    };

    Ok(Signed {
        token: format!("{signing_input}.{signature}"),
        header,
        warnings,
    })
}

/// Puts `alg` in the header: in place when present (warning if it differed), first otherwise.
fn set_alg(header: Map<String, Value>, alg: Alg, warnings: &mut Vec<String>) -> Map<String, Value> {
    let wanted = Value::String(alg.name().to_owned());
    match header.get("alg") {
        Some(current) if *current == wanted => header,
        Some(current) => {
            warnings.push(t!("engine.sign.alg_changed", current = current, alg = alg).into_owned());
            let mut header = header;
            header.insert("alg".to_owned(), wanted);
            header
        }
        None => {
            let mut out = Map::with_capacity(header.len() + 1);
            out.insert("alg".to_owned(), wanted);
            out.extend(header);
            out
        }
    }
}
