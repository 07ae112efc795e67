//! Signing exactly what the user wrote: member order and custom header members are kept.

use serde_json::{Map, Value};

use super::alg::Alg;
use super::b64;
use super::crypto;
use super::error::{Error, JsonDoc, JsonKind, SignProblem};
use super::json;
use super::keys::Key;
use super::verify::key_warnings;
use super::warning::Warning;

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
    /// Risky choices that were honoured.
    pub warnings: Vec<Warning>,
}

/// Parses header and payload JSON text (refusing duplicate members) and signs them.
pub fn sign_json(
    header: &str,
    payload: &str,
    alg: Alg,
    key: Option<&Key>,
) -> Result<Signed, Error> {
    let header = json::parse_object(header, JsonDoc::Header)?;
    let payload = json::parse_strict(payload, JsonDoc::Payload)?;
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

    let (header, changed) = place_alg(header, alg);
    warnings.extend(changed);
    match &payload {
        Value::Object(claims) if !claims.contains_key("exp") => warnings.push(Warning::NoExp),
        Value::Object(_) => {}
        other => warnings.push(Warning::SignPayloadNotObject(JsonKind::of(other))),
    }
    let signing_input = signing_input(&header, &payload);

    let signature = if alg == Alg::None {
        warnings.push(Warning::AlgNone);
        if key.is_some() {
            warnings.push(Warning::NoneIgnoresKey);
        }
        String::new()
    } else {
        let key = key.ok_or(SignProblem::NeedsKey(alg))?;
        if let Some(why) = key.refuses(alg) {
            return Err(SignProblem::Refused(why).into());
        }
        if !key.can_sign() {
            return Err(SignProblem::PublicKey.into());
        }
        warnings.extend(key_warnings(key, alg));
        crypto::sign(alg, key, signing_input.as_bytes())?
    };

    Ok(Signed {
        token: format!("{signing_input}.{signature}"),
        header,
        warnings,
    })
}

/// What the token would be without a key: `header.payload.` with `alg` placed as
/// [`sign`] places it, clearly not signed. Nothing is refused or warned about.
pub fn unsigned(request: SignRequest<'_>) -> Signed {
    let (header, _) = place_alg(request.header, request.alg);
    let token = format!("{}.", signing_input(&header, &request.payload));
    Signed {
        token,
        header,
        warnings: Vec::new(),
    }
}

/// The one rule for `alg` in a header: set in place when present (with a warning when it
/// said something else), first otherwise.
pub fn place_alg(
    mut header: Map<String, Value>,
    alg: Alg,
) -> (Map<String, Value>, Option<Warning>) {
    let wanted = Value::String(alg.name().to_owned());
    match header.get_mut("alg") {
        Some(current) if *current == wanted => (header, None),
        Some(current) => {
            let warning = Warning::AlgChanged {
                current: current.to_string(),
                alg,
            };
            *current = wanted;
            (header, Some(warning))
        }
        None => {
            header.shift_insert(0, "alg".to_owned(), wanted);
            (header, None)
        }
    }
}

fn signing_input(header: &Map<String, Value>, payload: &Value) -> String {
    // Serialising a `Value` cannot fail: its keys are strings and it holds no non-finite
    // numbers.
    let header = serde_json::to_string(header).unwrap_or_default();
    let payload = serde_json::to_string(payload).unwrap_or_default();
    format!(
        "{}.{}",
        b64::encode_url(header.as_bytes()),
        b64::encode_url(payload.as_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> Map<String, Value> {
        json::parse_object(text, JsonDoc::Header).unwrap()
    }

    #[test]
    fn alg_goes_in_place_or_first() {
        let (h, w) = place_alg(header(r#"{"typ":"JWT","alg":"HS256"}"#), Alg::HS512);
        assert_eq!(
            serde_json::to_string(&h).unwrap(),
            r#"{"typ":"JWT","alg":"HS512"}"#
        );
        assert_eq!(
            w,
            Some(Warning::AlgChanged {
                current: "\"HS256\"".into(),
                alg: Alg::HS512
            })
        );
        let (h, w) = place_alg(header(r#"{"typ":"JWT"}"#), Alg::RS256);
        assert_eq!(
            serde_json::to_string(&h).unwrap(),
            r#"{"alg":"RS256","typ":"JWT"}"#
        );
        assert_eq!(w, None);
    }

    #[test]
    fn the_unsigned_preview_has_an_empty_signature() {
        let request = SignRequest {
            header: header(r#"{"typ":"JWT"}"#),
            payload: serde_json::json!({"sub":"1"}),
            alg: Alg::HS256,
            key: None,
        };
        let preview = unsigned(request);
        assert_eq!(
            preview.token,
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0."
        );
    }

    #[test]
    fn signing_problems_have_codes() {
        let err = sign_json("{}", "{}", Alg::HS256, None).unwrap_err();
        assert_eq!(err, Error::Sign(SignProblem::NeedsKey(Alg::HS256)));
        assert_eq!(err.code(), "sign-needs-key");
        let public =
            crate::engine::KeySet::from_pem(&crate::test_support::key_fixture("ec-p256.spki.pem"))
                .unwrap();
        let err = sign_json("{}", "{}", Alg::ES256, public.signer()).unwrap_err();
        assert_eq!(err.code(), "sign-public-key");
    }
}
