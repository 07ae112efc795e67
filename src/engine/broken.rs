//! Deliberately broken tokens for negative tests: each one fails exactly one check, so a
//! server that accepts it has exactly one bug to look for.
//!
//! Expired, not-yet-valid and missing-claim tokens carry a correct signature (the key is
//! required): a test must see the server refuse them for their time or claims, not for their
//! signature.

use std::str::FromStr;

use chrono::DateTime;
use serde_json::{Map, Value};

use super::alg::Alg;
use super::b64;
use super::error::{Error, SignProblem};
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

    /// What a server should do with this token (its `Display` says it in words).
    pub fn expectation(&self) -> Expectation<'_> {
        Expectation(self)
    }

    /// The stable machine code, as the command line names the variant.
    pub fn code(&self) -> &'static str {
        match self {
            Broken::Expired => "expired",
            Broken::NotYetValid => "not-yet-valid",
            Broken::WrongSignature => "wrong-signature",
            Broken::MissingClaim(_) => "missing-claim",
            Broken::AlgNone => "alg-none",
        }
    }
}

/// What a correct server does with a [`Broken`] token; words in `Display`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expectation<'a>(pub &'a Broken);

/// A `--broken` name jwtpad does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownBroken(pub String);

impl std::error::Error for UnknownBroken {}

/// The command line's names: `expired`, `not-yet-valid`, `wrong-signature`, `alg-none`,
/// `missing:CLAIM`.
impl FromStr for Broken {
    type Err = UnknownBroken;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "expired" => Ok(Broken::Expired),
            "not-yet-valid" | "nbf" => Ok(Broken::NotYetValid),
            "wrong-signature" | "bad-signature" => Ok(Broken::WrongSignature),
            "alg-none" | "none" => Ok(Broken::AlgNone),
            other => match other.strip_prefix("missing:") {
                Some(claim) if !claim.is_empty() => Ok(Broken::MissingClaim(claim.to_owned())),
                _ => Err(UnknownBroken(other.to_owned())),
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
        return Err(SignProblem::BrokenNeedsKey.into());
    }
    let Value::Object(claims) = &mut payload else {
        return Err(SignProblem::BrokenNeedsObject.into());
    };
    match broken {
        Broken::Expired => {
            let exp = now.saturating_sub(OFFSET_SECS);
            let start = shifted(exp, -lifetime(claims));
            claims.insert("exp".into(), exp.into());
            if claims.contains_key("iat") {
                claims.insert("iat".into(), start.into());
            }
            // An nbf after the new exp would make the token fail for two reasons.
            if claims
                .get("nbf")
                .and_then(Value::as_i64)
                .is_some_and(|n| n > exp)
            {
                claims.insert("nbf".into(), start.into());
            }
        }
        Broken::NotYetValid => {
            let nbf = now.saturating_add(OFFSET_SECS);
            let end = shifted(nbf, lifetime(claims));
            claims.insert("nbf".into(), nbf.into());
            if claims
                .get("exp")
                .and_then(Value::as_i64)
                .is_some_and(|e| e <= nbf)
            {
                claims.insert("exp".into(), end.into());
            }
        }
        Broken::MissingClaim(name) => {
            if claims.shift_remove(name).is_none() {
                return Err(SignProblem::NoSuchClaim(name.clone()).into());
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

/// `exp - iat` when both are numbers and the difference is positive and no longer than
/// the dates a NumericDate can hold; the default lifetime otherwise. User numbers can be
/// anything, e.g. `{"iat": i64::MIN, "exp": i64::MAX}`.
fn lifetime(claims: &Map<String, Value>) -> i64 {
    match (
        claims.get("iat").and_then(Value::as_i64),
        claims.get("exp").and_then(Value::as_i64),
    ) {
        (Some(iat), Some(exp)) => exp
            .checked_sub(iat)
            .filter(|&l| l > 0 && l <= MAX_LIFETIME)
            .unwrap_or(DEFAULT_LIFETIME),
        _ => DEFAULT_LIFETIME,
    }
}

/// The longest lifetime kept: a century. Longer ones are surely test junk, and moving a
/// time claim by them could leave the dates that can be shown.
const MAX_LIFETIME: i64 = 100 * 366 * 86_400;

/// `at + by`, kept to the dates a NumericDate can be shown as (so that the broken token
/// fails for its one reason, not also for an unreadable date).
fn shifted(at: i64, by: i64) -> i64 {
    at.checked_add(by)
        .filter(|&t| DateTime::from_timestamp(t, 0).is_some())
        .unwrap_or(at)
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
    use crate::engine::error::JsonDoc;
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
            JsonDoc::Payload,
        )
        .unwrap()
    }

    fn header() -> Map<String, Value> {
        json::parse_object(r#"{"alg":"HS256","typ":"JWT"}"#, JsonDoc::Header).unwrap()
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
                Some(file) => KeySet::from_pem(&crate::test_support::key_fixture(file))
                    .unwrap()
                    .signing_key()
                    .unwrap()
                    .clone(),
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
        assert_eq!(
            missing.unwrap_err(),
            Error::Sign(SignProblem::NoSuchClaim("nope".into()))
        );
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
        assert_eq!(no_key.unwrap_err().code(), "broken-needs-key");
        let not_object = make(
            &Broken::Expired,
            header(),
            Value::from(3),
            Alg::HS256,
            Some(&secret()),
            NOW,
        );
        assert_eq!(not_object.unwrap_err().code(), "broken-needs-object");
    }

    /// User numbers meet our arithmetic here: extreme ones must neither overflow (a panic in
    /// debug builds) nor make a token whose iat is after its exp.
    #[test]
    fn extreme_claims_do_not_overflow() {
        let extreme = json::parse_strict(
            r#"{"iat":-9223372036854775808,"nbf":9223372036854775807,"exp":9223372036854775807}"#,
            JsonDoc::Payload,
        )
        .unwrap();
        for (broken, now) in [
            (Broken::Expired, NOW),
            (Broken::NotYetValid, NOW),
            (Broken::Expired, i64::MIN),
            (Broken::NotYetValid, i64::MAX),
        ] {
            let signed = make(
                &broken,
                header(),
                extreme.clone(),
                Alg::HS256,
                Some(&secret()),
                now,
            )
            .unwrap();
            let decoded = decode(&signed.token, None, &Clock::at(NOW, 0)).unwrap();
            let claims = decoded.token.payload.claims().unwrap();
            let (iat, exp) = (
                claims["iat"].as_i64().unwrap(),
                claims["exp"].as_i64().unwrap(),
            );
            assert!(iat <= exp, "{broken:?} at {now}: iat {iat} exp {exp}");
            if now == NOW {
                let nbf = claims["nbf"].as_i64().unwrap();
                assert!(nbf <= exp, "{broken:?}: nbf {nbf} exp {exp}");
            }
        }
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
