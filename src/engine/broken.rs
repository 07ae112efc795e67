//! Deliberately broken tokens for negative tests: each one fails exactly one check, so a
//! server that accepts it has exactly one bug to look for.
//!
//! Expired, not-yet-valid and missing-claim tokens carry a correct signature (the key is
//! required): a test must see the server refuse them for their time or claims, not for their
//! signature.

use std::fmt;
use std::str::FromStr;

use rust_i18n::t;
use serde_json::{Map, Value};

use super::alg::Alg;
use super::b64;
use super::error::Error;
use super::keys::Key;
use super::sign::{SignRequest, Signed, sign};

/// How long an expired token has been expired, and how far ahead a not-yet-valid one starts.
pub const OFFSET_SECS: i64 = 3600;

/// The lifetime kept when a token's own (`exp - iat`) is unknown.
const DEFAULT_LIFETIME: i64 = 15 * 60;

/// One way to break a token.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Broken {
    /// `exp` an hour ago; `iat` moved back with it, the lifetime kept.
    Expired,
    /// `nbf` an hour from now; `exp` moved out so it stays after `nbf`.
    NotYetValid,
    /// Correct header and payload, signature with one bit changed.
    WrongSignature,
    /// This claim removed from the payload.
    MissingClaim(String),
    /// `alg: none` and no signature.
    AlgNone,
}

impl Broken {
    /// The variants that need no argument, in the order the window lists them.
    pub const SIMPLE: [Broken; 4] = [
        Broken::Expired,
        Broken::NotYetValid,
        Broken::WrongSignature,
        Broken::AlgNone,
    ];

    /// What a server should do with this token, in plain words.
    pub fn expectation(&self) -> String {
        match self {
            Broken::Expired => t!("engine.broken.expired_expect"),
            Broken::NotYetValid => t!("engine.broken.not_yet_valid_expect"),
            Broken::WrongSignature => t!("engine.broken.wrong_signature_expect"),
            Broken::MissingClaim(name) => t!("engine.broken.missing_claim_expect", claim = name),
            Broken::AlgNone => t!("engine.broken.alg_none_expect"),
        }
        .into_owned()
    }
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Broken::Expired => t!("engine.broken.expired"),
            Broken::NotYetValid => t!("engine.broken.not_yet_valid"),
            Broken::WrongSignature => t!("engine.broken.wrong_signature"),
            Broken::MissingClaim(name) => t!("engine.broken.missing_claim", claim = name),
            Broken::AlgNone => t!("engine.broken.alg_none"),
        };
        f.write_str(&text)
    }
}

/// The command line's names: `expired`, `not-yet-valid`, `wrong-signature`, `alg-none`,
/// `missing:CLAIM`.
impl FromStr for Broken {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "expired" => Ok(Broken::Expired),
            "not-yet-valid" | "nbf" => Ok(Broken::NotYetValid),
            "wrong-signature" | "bad-signature" => Ok(Broken::WrongSignature),
            "alg-none" | "none" => Ok(Broken::AlgNone),
            other => match other.strip_prefix("missing:") {
                Some(claim) if !claim.is_empty() => Ok(Broken::MissingClaim(claim.to_owned())),
                _ => Err(t!("engine.broken.unknown", name = other.escape_debug()).into_owned()),
            },
        }
    }
}

/// Builds the broken variant of the token made of `header` and `payload`. `now` is unix
/// seconds.
pub fn make(
    broken: &Broken,
    header: Map<String, Value>,
    mut payload: Value,
    alg: Alg,
    key: Option<&Key>,
    now: i64,
) -> Result<Signed, Error> {
    if *broken == Broken::AlgNone {
        return sign(SignRequest {
            header,
            payload,
            alg: Alg::None,
            key: None,
        });
    }
    if alg == Alg::None || key.is_none() {
        return Err(Error::Sign(t!("engine.broken.needs_key").into_owned()));
    }
    let Value::Object(claims) = &mut payload else {
        return Err(Error::Sign(t!("engine.broken.needs_object").into_owned()));
    };
    match broken {
        Broken::Expired => {
            let lifetime = lifetime(claims);
            let exp = now - OFFSET_SECS;
            claims.insert("exp".into(), exp.into());
            if claims.contains_key("iat") {
                claims.insert("iat".into(), (exp - lifetime).into());
            }
            // An nbf after the new exp would make the token fail for two reasons.
            if claims
                .get("nbf")
                .and_then(Value::as_i64)
                .is_some_and(|n| n > exp)
            {
                claims.insert("nbf".into(), (exp - lifetime).into());
            }
        }
        Broken::NotYetValid => {
            let lifetime = lifetime(claims);
            let nbf = now + OFFSET_SECS;
            claims.insert("nbf".into(), nbf.into());
            if claims
                .get("exp")
                .and_then(Value::as_i64)
                .is_some_and(|e| e <= nbf)
            {
                claims.insert("exp".into(), (nbf + lifetime).into());
            }
        }
        Broken::MissingClaim(name) => {
            if claims.shift_remove(name).is_none() {
                return Err(Error::Sign(
                    t!("engine.broken.no_such_claim", claim = name.escape_debug()).into_owned(),
                ));
            }
        }
        Broken::WrongSignature | Broken::AlgNone => {}
    }
    let mut signed = sign(SignRequest {
        header,
        payload,
        alg,
        key,
    })?;
    if *broken == Broken::WrongSignature {
        signed.token = flip_signature_bit(&signed.token);
    }
    Ok(signed)
}

/// `exp - iat` when both are numbers and the difference is positive.
fn lifetime(claims: &Map<String, Value>) -> i64 {
    match (
        claims.get("iat").and_then(Value::as_i64),
        claims.get("exp").and_then(Value::as_i64),
    ) {
        (Some(iat), Some(exp)) if exp > iat => exp - iat,
        _ => DEFAULT_LIFETIME,
    }
}

/// Changes one bit in the middle of the signature bytes. Changing the bytes, not the text,
/// matters: the last base64url character can carry unused bits that decoders ignore.
fn flip_signature_bit(token: &str) -> String {
    let (signing_input, signature) = token.rsplit_once('.').expect("a signed token");
    let mut bytes = b64::decode_segment(signature).expect("our own signature decodes");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    format!("{signing_input}.{}", b64::encode_url(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Clock, KeySet, Secret, TimeStatus, decode, json};

    const NOW: i64 = 1_800_000_000;

    fn secret() -> Key {
        Key::hmac(Secret::new(
            b"a-string-secret-at-least-256-bits-long".to_vec(),
        ))
    }

    fn payload() -> Value {
        json::parse_strict(
            r#"{"iss":"client-1","personId":"52998224725","iat":1799999900,"exp":1800000800}"#,
            "payload JSON",
        )
        .unwrap()
    }

    fn header() -> Map<String, Value> {
        json::parse_object(r#"{"alg":"HS256","typ":"JWT"}"#, "header JSON").unwrap()
    }

    fn check(broken: &Broken, key: &Key, alg: Alg) -> crate::engine::Decoded {
        let signed = make(broken, header(), payload(), alg, Some(key), NOW).unwrap();
        decode(
            &signed.token,
            Some(&KeySet::from(key.clone())),
            &Clock::at(NOW, 0),
        )
        .unwrap()
    }

    #[test]
    fn expired_keeps_a_valid_signature_and_its_lifetime() {
        let decoded = check(&Broken::Expired, &secret(), Alg::HS256);
        assert_eq!(decoded.verification.verified(), Some(true));
        let claims = decoded.token.payload.claims().unwrap();
        assert_eq!(claims["exp"], NOW - OFFSET_SECS);
        assert_eq!(claims["iat"], NOW - OFFSET_SECS - 900);
        assert_eq!(claims["personId"], "52998224725");
        assert!(
            decoded
                .time
                .claims
                .iter()
                .any(|c| c.name == "exp" && c.status == TimeStatus::Expired)
        );
    }

    #[test]
    fn not_yet_valid_moves_exp_out() {
        let decoded = check(&Broken::NotYetValid, &secret(), Alg::HS256);
        assert_eq!(decoded.verification.verified(), Some(true));
        let claims = decoded.token.payload.claims().unwrap();
        assert_eq!(claims["nbf"], NOW + OFFSET_SECS);
        assert_eq!(claims["exp"], NOW + OFFSET_SECS + 900);
    }

    #[test]
    fn wrong_signature_fails_only_the_signature() {
        for (alg, file) in [
            (Alg::HS256, None),
            (Alg::RS256, Some("rsa2048.pkcs8.pem")),
            (Alg::ES256, Some("ec-p256.pkcs8.pem")),
            (Alg::EdDSA, Some("ed25519.pkcs8.pem")),
        ] {
            let key = match file {
                None => secret(),
                Some(file) => {
                    let path = format!("{}/tests/fixtures/keys/{file}", env!("CARGO_MANIFEST_DIR"));
                    KeySet::from_bytes(&std::fs::read(path).unwrap())
                        .unwrap()
                        .signing_key()
                        .unwrap()
                        .clone()
                }
            };
            let good = make(&Broken::Expired, header(), payload(), alg, Some(&key), NOW).unwrap();
            let decoded = check(&Broken::WrongSignature, &key, alg);
            assert_eq!(decoded.verification.verified(), Some(false), "{alg}");
            assert_eq!(
                decoded.token.payload.claims().unwrap()["exp"],
                1_800_000_800
            );
            assert_ne!(good.token, decoded.token.compact(), "{alg}");
        }
    }

    #[test]
    fn missing_claim_is_removed_and_order_kept() {
        let decoded = check(
            &Broken::MissingClaim("personId".into()),
            &secret(),
            Alg::HS256,
        );
        assert_eq!(decoded.verification.verified(), Some(true));
        let claims = decoded.token.payload.claims().unwrap();
        assert!(!claims.contains_key("personId"));
        let names: Vec<_> = claims.keys().map(String::as_str).collect();
        assert_eq!(names, ["iss", "iat", "exp"]);
        let missing = make(
            &Broken::MissingClaim("nope".into()),
            header(),
            payload(),
            Alg::HS256,
            Some(&secret()),
            NOW,
        );
        assert!(missing.unwrap_err().to_string().contains("\"nope\""));
    }

    #[test]
    fn alg_none_is_unsigned_and_needs_no_key() {
        let signed = make(&Broken::AlgNone, header(), payload(), Alg::HS256, None, NOW).unwrap();
        assert!(signed.token.ends_with('.'));
        assert_eq!(signed.header["alg"], "none");
        let decoded = decode(
            &signed.token,
            Some(&KeySet::from(secret())),
            &Clock::at(NOW, 0),
        )
        .unwrap();
        assert_ne!(decoded.verification.verified(), Some(true));
    }

    #[test]
    fn signed_variants_need_a_key_and_an_object() {
        let no_key = make(&Broken::Expired, header(), payload(), Alg::HS256, None, NOW);
        assert!(no_key.is_err());
        let not_object = make(
            &Broken::Expired,
            header(),
            Value::from(3),
            Alg::HS256,
            Some(&secret()),
            NOW,
        );
        assert!(not_object.is_err());
    }

    #[test]
    fn names_parse() {
        assert_eq!("expired".parse(), Ok(Broken::Expired));
        assert_eq!(
            "missing:personId".parse(),
            Ok(Broken::MissingClaim("personId".into()))
        );
        assert!("missing:".parse::<Broken>().is_err());
        assert!("sideways".parse::<Broken>().is_err());
    }
}
