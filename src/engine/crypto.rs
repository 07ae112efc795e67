//! The signature primitives: jsonwebtoken's RustCrypto backend for everything it implements,
//! RustCrypto's P-521 directly for ES512 (which jsonwebtoken lacks).

use std::borrow::Cow;

use hmac::{Hmac, Mac};
use jsonwebtoken::{DecodingKey, EncodingKey};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use sha2::{Sha256, Sha384, Sha512};
use zeroize::Zeroizing;

use super::alg::{Alg, Curve};
use super::b64;
use super::error::{CryptoProblem, EncodeWhat, SigHint, SignProblem};
use super::keys::{Key, Material};

/// Checks `signature` over `signing_input`. `Ok(false)` is a signature that does not match;
/// `Err` explains why it could not even be checked (wrong length, unusable key).
pub(crate) fn verify(
    alg: Alg,
    key: &Key,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<bool, CryptoProblem> {
    verify_parts(alg, key, &[signing_input], signature)
}

/// [`verify`] over a signing input given in pieces (`header`, `.`, `payload`), so a large
/// token's is not copied into one buffer to be checked with HMAC.
pub(crate) fn verify_parts(
    alg: Alg,
    key: &Key,
    signing_input: &[&[u8]],
    signature: &[u8],
) -> Result<bool, CryptoProblem> {
    if let Some(expected) = expected_signature_len(alg, key)
        && signature.len() != expected
    {
        let hint = match alg {
            Alg::ES256 | Alg::ES384 | Alg::ES512 if signature.first() == Some(&0x30) => {
                Some(SigHint::Der)
            }
            Alg::ES256 | Alg::ES384 | Alg::ES512 => Some(SigHint::Raw),
            _ => None,
        };
        return Err(CryptoProblem::WrongLength {
            alg,
            expected,
            found: signature.len(),
            hint,
        });
    }
    if let Material::Hmac(secret) = &key.material {
        // The same RustCrypto HMAC that jsonwebtoken's backend runs, fed piece by piece,
        // with its constant-time comparison.
        let secret = secret.expose();
        let holds = match alg {
            Alg::HS256 => Some(
                Hmac::<Sha256>::new_from_slice(secret)
                    .map(|mac| mac_holds(mac, signing_input, signature)),
            ),
            Alg::HS384 => Some(
                Hmac::<Sha384>::new_from_slice(secret)
                    .map(|mac| mac_holds(mac, signing_input, signature)),
            ),
            Alg::HS512 => Some(
                Hmac::<Sha512>::new_from_slice(secret)
                    .map(|mac| mac_holds(mac, signing_input, signature)),
            ),
            // Another algorithm with a secret goes on to be refused as before.
            _ => None,
        };
        if let Some(holds) = holds {
            // An HMAC takes a key of any length: the same kind jsonwebtoken would name.
            return holds.map_err(|_| CryptoProblem::KeyUnusable("InvalidKeyFormat".to_owned()));
        }
    }
    // The other algorithms take one buffer: a whole input is used as it is.
    let signing_input: Cow<'_, [u8]> = match signing_input {
        [whole] => Cow::Borrowed(whole),
        pieces => Cow::Owned(pieces.concat()),
    };
    let signing_input = signing_input.as_ref();
    if alg == Alg::ES512 {
        let Material::Ec { point, .. } = &key.material else {
            return Err(CryptoProblem::Es512Key { private: false });
        };
        use p521::ecdsa::signature::Verifier;
        let verifying = p521::ecdsa::VerifyingKey::from_sec1_bytes(point)
            .map_err(|_| CryptoProblem::P521Invalid { private: false })?;
        // from_slice refuses zero or out-of-range R and S.
        let Ok(sig) = p521::ecdsa::Signature::from_slice(signature) else {
            return Ok(false);
        };
        return Ok(verifying.verify(signing_input, &sig).is_ok());
    }
    let jalg = alg.to_jsonwebtoken().ok_or(CryptoProblem::Unsupported {
        alg,
        signing: false,
    })?;
    let decoding = decoding_key(key);
    // The backend turns a signature that does not verify into Ok(false); errors are about
    // the key, which the caller has already matched to the algorithm.
    jsonwebtoken::crypto::verify(&b64::encode_url(signature), signing_input, &decoding, jalg)
        .map_err(|e| CryptoProblem::KeyUnusable(format!("{:?}", e.kind())))
}

/// Whether `signature` is the MAC of the pieces.
fn mac_holds(mut mac: impl Mac, pieces: &[&[u8]], signature: &[u8]) -> bool {
    for piece in pieces {
        mac.update(piece);
    }
    mac.verify_slice(signature).is_ok()
}

/// Signs and returns the base64url signature segment.
pub(crate) fn sign(alg: Alg, key: &Key, signing_input: &[u8]) -> Result<String, SignProblem> {
    if alg == Alg::ES512 {
        let Material::Ec {
            curve: Curve::P521,
            scalar: Some(scalar),
            ..
        } = &key.material
        else {
            return Err(SignProblem::Crypto(CryptoProblem::Es512Key {
                private: true,
            }));
        };
        use p521::ecdsa::signature::Signer;
        let signing = p521::ecdsa::SigningKey::from_slice(scalar)
            .map_err(|_| SignProblem::Crypto(CryptoProblem::P521Invalid { private: true }))?;
        let sig: p521::ecdsa::Signature = signing.sign(signing_input);
        return Ok(b64::encode_url(&sig.to_bytes()));
    }
    let jalg = alg
        .to_jsonwebtoken()
        .ok_or(SignProblem::Crypto(CryptoProblem::Unsupported {
            alg,
            signing: true,
        }))?;
    let encoding = encoding_key(key)?;
    jsonwebtoken::crypto::sign(signing_input, &encoding, jalg)
        .map_err(|e| SignProblem::Crypto(CryptoProblem::SignFailed(format!("{:?}", e.kind()))))
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

fn encoding_key(key: &Key) -> Result<EncodingKey, SignProblem> {
    let public_only = || SignProblem::PublicKey;
    let encode = |what: EncodeWhat| {
        move |e: &dyn std::fmt::Display| {
            SignProblem::Crypto(CryptoProblem::Encode {
                what,
                error: e.to_string(),
            })
        }
    };
    match &key.material {
        Material::Hmac(secret) => Ok(EncodingKey::from_secret(secret.expose())),
        Material::Rsa { private, .. } => {
            let private = private.as_ref().ok_or_else(public_only)?;
            let der = private
                .to_pkcs1_der()
                .map_err(|e| encode(EncodeWhat::Rsa)(&e))?;
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
            .ok_or(SignProblem::Crypto(CryptoProblem::EcUnusable(*curve)))?;
            Ok(EncodingKey::from_ec_der(&der))
        }
        Material::Ed25519 { private, .. } => {
            let private = private.as_ref().ok_or_else(public_only)?;
            use pkcs8::EncodePrivateKey;
            let der = private
                .to_pkcs8_der()
                .map_err(|e| encode(EncodeWhat::Ed25519)(&e))?;
            Ok(EncodingKey::from_ed_der(der.as_bytes()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Secret;

    #[test]
    fn hmac_verifies_as_jsonwebtoken_does() {
        let secret = b"a-string-secret-at-least-256-bits-long";
        let key = Key::hmac(Secret::new(secret.to_vec()));
        let input = b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0";
        for (alg, jalg) in [
            (Alg::HS256, jsonwebtoken::Algorithm::HS256),
            (Alg::HS384, jsonwebtoken::Algorithm::HS384),
            (Alg::HS512, jsonwebtoken::Algorithm::HS512),
        ] {
            let segment =
                jsonwebtoken::crypto::sign(input, &EncodingKey::from_secret(secret), jalg).unwrap();
            let sig = b64::decode_segment(&segment).unwrap();
            // Whole or in pieces, the same verdict as jsonwebtoken's; a changed byte is a
            // mismatch, not an error.
            let theirs = |sig: &[u8]| {
                jsonwebtoken::crypto::verify(
                    &b64::encode_url(sig),
                    input,
                    &DecodingKey::from_secret(secret),
                    jalg,
                )
                .unwrap()
            };
            assert_eq!(verify(alg, &key, input, &sig), Ok(theirs(&sig)), "{alg}");
            assert_eq!(verify(alg, &key, input, &sig), Ok(true), "{alg}");
            let (head, tail) = input.split_at(10);
            assert_eq!(verify_parts(alg, &key, &[head, tail], &sig), Ok(true));
            let mut bad = sig.clone();
            bad[0] ^= 1;
            assert_eq!(verify(alg, &key, input, &bad), Ok(theirs(&bad)), "{alg}");
            assert_eq!(verify(alg, &key, input, &bad), Ok(false), "{alg}");
        }
    }
}
