//! The signature primitives: jsonwebtoken's RustCrypto backend for everything it implements,
//! RustCrypto's P-521 directly for ES512 (which jsonwebtoken lacks).

use jsonwebtoken::{DecodingKey, EncodingKey};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use rust_i18n::t;
use zeroize::Zeroizing;

use super::alg::{Alg, Curve};
use super::b64;
use super::keys::{Key, Material};

/// Checks `signature` over `signing_input`. `Ok(false)` is a signature that does not match;
/// `Err` explains why it could not even be checked (wrong length, unusable key).
pub(crate) fn verify(
    alg: Alg,
    key: &Key,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    if let Some(expected) = expected_signature_len(alg, key)
        && signature.len() != expected
    {
        let hint = match alg {
            Alg::ES256 | Alg::ES384 | Alg::ES512 if signature.first() == Some(&0x30) => {
                t!("engine.crypto.hint_der")
            }
            Alg::ES256 | Alg::ES384 | Alg::ES512 => t!("engine.crypto.hint_raw"),
            _ => "".into(),
        };
        return Err(t!(
            "engine.crypto.wrong_length",
            alg = alg,
            expected = expected,
            found = signature.len(),
            hint = hint
        )
        .into_owned());
    }
    if alg == Alg::ES512 {
        let Material::Ec { point, .. } = &key.material else {
            return Err(t!("engine.crypto.es512_key").into_owned());
        };
        use p521::ecdsa::signature::Verifier;
        let verifying = p521::ecdsa::VerifyingKey::from_sec1_bytes(point)
            .map_err(|_| t!("engine.crypto.p521_public_invalid").into_owned())?;
        // from_slice refuses zero or out-of-range R and S.
        let Ok(sig) = p521::ecdsa::Signature::from_slice(signature) else {
            return Ok(false);
        };
        return Ok(verifying.verify(signing_input, &sig).is_ok());
    }
    let jalg = alg
        .to_jsonwebtoken()
        .ok_or_else(|| t!("engine.crypto.cannot_verify", alg = alg).into_owned())?;
    let decoding = decoding_key(key);
    // The backend turns a signature that does not verify into Ok(false); errors are about
    // the key, which the caller has already matched to the algorithm.
    jsonwebtoken::crypto::verify(&b64::encode_url(signature), signing_input, &decoding, jalg)
        .map_err(|e| {
            t!(
                "engine.crypto.key_unusable",
                kind = format!("{:?}", e.kind())
            )
            .into_owned()
        })
}

/// Signs and returns the base64url signature segment.
pub(crate) fn sign(alg: Alg, key: &Key, signing_input: &[u8]) -> Result<String, String> {
    if alg == Alg::ES512 {
        let Material::Ec {
            curve: Curve::P521,
            scalar: Some(scalar),
            ..
        } = &key.material
        else {
            return Err(t!("engine.crypto.es512_private_key").into_owned());
        };
        use p521::ecdsa::signature::Signer;
        let signing = p521::ecdsa::SigningKey::from_slice(scalar)
            .map_err(|_| t!("engine.crypto.p521_private_invalid").into_owned())?;
        let sig: p521::ecdsa::Signature = signing.sign(signing_input);
        return Ok(b64::encode_url(&sig.to_bytes()));
    }
    let jalg = alg
        .to_jsonwebtoken()
        .ok_or_else(|| t!("engine.crypto.cannot_sign", alg = alg).into_owned())?;
    let encoding = encoding_key(key)?;
    jsonwebtoken::crypto::sign(signing_input, &encoding, jalg).map_err(|e| {
        t!(
            "engine.crypto.sign_failed",
            kind = format!("{:?}", e.kind())
        )
        .into_owned()
    })
}

fn expected_signature_len(alg: Alg, key: &Key) -> Option<usize> {
    match (&key.material, alg) {
        (Material::Ec { curve, .. }, _) => Some(curve.scalar_len() * 2),
        (Material::Ed25519 { .. }, _) => Some(64),
        (Material::Rsa { public, .. }, _) => Some(public.size()),
        (Material::Hmac(_), Alg::HS256) => Some(32),
        (Material::Hmac(_), Alg::HS384) => Some(48),
        (Material::Hmac(_), Alg::HS512) => Some(64),
        (Material::Hmac(_), _) => None,
    }
}

fn decoding_key(key: &Key) -> DecodingKey {
    match &key.material {
        Material::Hmac(secret) => DecodingKey::from_secret(secret.expose()),
        Material::Rsa { public, .. } => DecodingKey::from_rsa_raw_components(
            &public.n().to_bytes_be(),
            &public.e().to_bytes_be(),
        ),
        Material::Ec { point, .. } => DecodingKey::from_ec_der(point),
        Material::Ed25519 { public, .. } => DecodingKey::from_ed_der(public.as_bytes()),
    }
}

fn encoding_key(key: &Key) -> Result<EncodingKey, String> {
    let public_only = || t!("engine.sign.public_key").into_owned();
    match &key.material {
        Material::Hmac(secret) => Ok(EncodingKey::from_secret(secret.expose())),
        Material::Rsa { private, .. } => {
            let private = private.as_ref().ok_or_else(public_only)?;
            let der = private
                .to_pkcs1_der()
                .map_err(|e| t!("engine.crypto.rsa_encode", error = e).into_owned())?;
            Ok(EncodingKey::from_rsa_der(der.as_bytes()))
        }
        Material::Ec { curve, scalar, .. } => {
            let scalar = scalar.as_ref().ok_or_else(public_only)?;
            use pkcs8::EncodePrivateKey;
            let der: Zeroizing<Vec<u8>> = match curve {
                Curve::P256 => p256::SecretKey::from_slice(scalar)
                    .ok()
                    .and_then(|k| k.to_pkcs8_der().ok()),
                Curve::P384 => p384::SecretKey::from_slice(scalar)
                    .ok()
                    .and_then(|k| k.to_pkcs8_der().ok()),
                Curve::P521 => None,
            }
            .map(|doc| Zeroizing::new(doc.as_bytes().to_vec()))
            .ok_or_else(|| t!("engine.crypto.ec_unusable", curve = curve.name()).into_owned())?;
            Ok(EncodingKey::from_ec_der(&der))
        }
        Material::Ed25519 { private, .. } => {
            let private = private.as_ref().ok_or_else(public_only)?;
            use pkcs8::EncodePrivateKey;
            let der = private
                .to_pkcs8_der()
                .map_err(|e| t!("engine.crypto.ed25519_encode", error = e).into_owned())?;
            Ok(EncodingKey::from_ed_der(der.as_bytes()))
        }
    }
}
