//! JWK (RFC 7517) and JWKS: one reader per key type.

use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::der::{ec_private, ec_public, rsa_private, rsa_problem};
use super::{Key, KeyOrigin, KeySet, Material};
use crate::engine::alg::Curve;
use crate::engine::b64;
use crate::engine::error::{Error, JsonDoc, JsonKind, KeyError, KeyPlace, KeyProblem};
use crate::engine::json;
use crate::engine::secret::Secret;

type Jwk = Map<String, Value>;

/// A JWK, or a JWKS (`{"keys": [...]}`).
pub(super) fn key_set(text: &str) -> Result<KeySet, Error> {
    let object = json::parse_object(text, JsonDoc::Jwk)?;
    match object.get("keys") {
        Some(Value::Array(items)) => {
            if items.is_empty() {
                return Err(KeyProblem::JwksEmpty.into());
            }
            let mut keys = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let n = i + 1;
                let entry = KeyError::at(KeyPlace::JwksEntry(n));
                let Value::Object(jwk) = item else {
                    return Err(entry(KeyProblem::JwksNotObject(JsonKind::of(item))).into());
                };
                keys.push(key(jwk, KeyOrigin::JwksEntry(n)).map_err(entry)?);
            }
            Ok(KeySet {
                keys,
                is_jwks: true,
            })
        }
        Some(other) => Err(KeyProblem::KeysNotArray(JsonKind::of(other)).into()),
        None => Ok(key(&object, KeyOrigin::Jwk)?.into()),
    }
}

fn key(jwk: &Jwk, origin: KeyOrigin) -> Result<Key, KeyProblem> {
    let kty = member(jwk, "kty")?.ok_or(KeyProblem::NoKty)?;
    let material = match kty {
        "oct" => oct(jwk)?,
        "RSA" => rsa(jwk)?,
        "EC" => ec(jwk)?,
        "OKP" => okp(jwk)?,
        other => return Err(KeyProblem::KtyUnsupported(other.to_owned())),
    };
    let mut key = Key::new(material, origin);
    key.kid = member(jwk, "kid")?.map(str::to_owned);
    key.jwk_alg = member(jwk, "alg")?.map(str::to_owned);
    key.jwk_use = member(jwk, "use")?.map(str::to_owned);
    Ok(key)
}

fn member<'a>(jwk: &'a Jwk, name: &str) -> Result<Option<&'a str>, KeyProblem> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(KeyProblem::MemberNotString {
            name: name.to_owned(),
            kind: JsonKind::of(other),
        }),
    }
}

fn required<'a>(jwk: &'a Jwk, name: &str) -> Result<&'a str, KeyProblem> {
    member(jwk, name)?.ok_or_else(|| KeyProblem::MemberMissing {
        kty: member(jwk, "kty")
            .ok()
            .flatten()
            .unwrap_or_default()
            .to_owned(),
        name: name.to_owned(),
    })
}

/// A required base64url member, decoded. Problems name the member, never its content.
fn bytes(jwk: &Jwk, name: &str) -> Result<Zeroizing<Vec<u8>>, KeyProblem> {
    decode(required(jwk, name)?, name)
}

fn decode(value: &str, name: &str) -> Result<Zeroizing<Vec<u8>>, KeyProblem> {
    b64::decode_secret_segment(value)
        .map(Zeroizing::new)
        .map_err(|problem| KeyProblem::MemberNotBase64 {
            name: name.to_owned(),
            problem,
        })
}

fn oct(jwk: &Jwk) -> Result<Material, KeyProblem> {
    let k = bytes(jwk, "k")?;
    if k.is_empty() {
        return Err(KeyProblem::OctEmpty);
    }
    Ok(Material::Hmac(Secret::new(k.to_vec())))
}

fn rsa(jwk: &Jwk) -> Result<Material, KeyProblem> {
    let n = BigUint::from_bytes_be(&bytes(jwk, "n")?);
    let e = BigUint::from_bytes_be(&bytes(jwk, "e")?);
    let Some(d) = member(jwk, "d")? else {
        return Ok(Material::Rsa {
            public: RsaPublicKey::new(n, e).map_err(rsa_problem)?,
            private: None,
        });
    };
    let d = BigUint::from_bytes_be(&decode(d, "d")?);
    let mut primes = Vec::new();
    if let (Some(p), Some(q)) = (member(jwk, "p")?, member(jwk, "q")?) {
        primes.push(BigUint::from_bytes_be(&decode(p, "p")?));
        primes.push(BigUint::from_bytes_be(&decode(q, "q")?));
    }
    let private = RsaPrivateKey::from_components(n, e, d, primes).map_err(rsa_problem)?;
    Ok(rsa_private(private))
}

fn ec(jwk: &Jwk) -> Result<Material, KeyProblem> {
    let curve = match required(jwk, "crv")? {
        "P-256" => Curve::P256,
        "P-384" => Curve::P384,
        "P-521" => Curve::P521,
        "secp256k1" => return Err(KeyProblem::Secp256k1),
        other => return Err(KeyProblem::EcCurveUnsupported(other.to_owned())),
    };
    let x = bytes(jwk, "x")?;
    let y = bytes(jwk, "y")?;
    let len = curve.scalar_len();
    if x.len() != len || y.len() != len {
        return Err(KeyProblem::EcXyLen {
            curve,
            len,
            x: x.len(),
            y: y.len(),
        });
    }
    let mut point = vec![0x04];
    point.extend_from_slice(&x);
    point.extend_from_slice(&y);
    let public = ec_public(curve, &point)?;
    let Some(d) = member(jwk, "d")? else {
        return Ok(public);
    };
    let private = ec_private(curve, decode(d, "d")?)?;
    if let (Material::Ec { point: a, .. }, Material::Ec { point: b, .. }) = (&public, &private)
        && a != b
    {
        return Err(KeyProblem::EcDMismatch);
    }
    Ok(private)
}

fn okp(jwk: &Jwk) -> Result<Material, KeyProblem> {
    match required(jwk, "crv")? {
        "Ed25519" => {}
        "Ed448" => return Err(KeyProblem::Ed448),
        crv @ ("X25519" | "X448") => return Err(KeyProblem::KeyAgreementCurve(crv.to_owned())),
        other => return Err(KeyProblem::OkpCurveUnsupported(other.to_owned())),
    }
    let x = bytes(jwk, "x")?;
    let x: [u8; 32] = x
        .as_slice()
        .try_into()
        .map_err(|_| KeyProblem::Ed25519XLen(x.len()))?;
    let public =
        ed25519_dalek::VerifyingKey::from_bytes(&x).map_err(|_| KeyProblem::Ed25519XInvalid)?;
    let private = match member(jwk, "d")? {
        None => None,
        Some(d) => {
            let d = decode(d, "d")?;
            let d: &[u8; 32] = d
                .as_slice()
                .try_into()
                .map_err(|_| KeyProblem::Ed25519DLen(d.len()))?;
            let signing = ed25519_dalek::SigningKey::from_bytes(d);
            if signing.verifying_key() != public {
                return Err(KeyProblem::Ed25519DMismatch);
            }
            Some(Box::new(signing))
        }
    };
    Ok(Material::Ed25519 { public, private })
}
