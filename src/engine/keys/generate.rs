//! Keys made on the spot: a random HMAC secret as long as the hash, or a fresh RSA, EC or
//! Ed25519 key pair, all from the operating system's randomness.
//!
//! What is kept is what jwtpad reads back as a profile's key: the raw secret for HMAC, a
//! PKCS#8 PEM for a private key. The public half is an SPKI PEM, not secret.

use p256::elliptic_curve::rand_core::OsRng;
use pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::RsaPrivateKey;
use zeroize::Zeroizing;

use super::{Key, KeyOrigin, Material, der};
use crate::engine::alg::{Alg, Curve, KeyFamily};
use crate::engine::secret::Secret;

/// The RSA sizes jwtpad makes; 2048 when none is asked for.
pub const RSA_BITS: [usize; 3] = [2048, 3072, 4096];

/// The RSA size used when none is given.
pub const DEFAULT_RSA_BITS: usize = 2048;

/// A key made on the spot.
pub struct Generated {
    /// The key, ready to sign.
    pub key: Key,
    /// What a profile keeps in the keyring: the HMAC secret's bytes, or a PKCS#8 PEM.
    pub stored: Secret,
    /// The public half as an SPKI PEM; `None` for an HMAC secret.
    pub public_pem: Option<String>,
}

impl std::fmt::Debug for Generated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generated").field("key", &self.key).finish()
    }
}

/// Why no key was made. Never carries key material.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeygenError {
    /// `alg: none` takes no key.
    AlgNone,
    /// Bits were given for an algorithm that is not RSA.
    BitsNotRsa(Alg),
    /// An RSA size jwtpad does not make.
    RsaBits(usize),
    /// The operating system gave no randomness.
    NoRandomness(String),
    /// The crypto library failed to make or encode the key.
    Failed(String),
}

impl std::error::Error for KeygenError {}

impl KeygenError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            KeygenError::AlgNone => "keygen-alg-none",
            KeygenError::BitsNotRsa(_) => "keygen-bits-not-rsa",
            KeygenError::RsaBits(_) => "keygen-rsa-bits",
            KeygenError::NoRandomness(_) => "keygen-no-randomness",
            KeygenError::Failed(_) => "keygen-failed",
        }
    }
}

/// Checks a request before any work: the algorithm takes a key, and `bits` is only for RSA
/// and one of [`RSA_BITS`].
pub fn check(alg: Alg, bits: Option<usize>) -> Result<(), KeygenError> {
    match (alg.family(), bits) {
        (None, _) => Err(KeygenError::AlgNone),
        (Some(KeyFamily::Rsa), Some(b)) if !RSA_BITS.contains(&b) => Err(KeygenError::RsaBits(b)),
        (Some(KeyFamily::Rsa), _) | (Some(_), None) => Ok(()),
        (Some(_), Some(_)) => Err(KeygenError::BitsNotRsa(alg)),
    }
}

/// Makes a key for `alg`: HS256/384/512 a random secret of 32/48/64 bytes, RS*/PS* an RSA
/// key of `bits` (2048 by default), ES256/384/512 a P-256/384/521 key, EdDSA an Ed25519 key.
pub fn generate(alg: Alg, bits: Option<usize>) -> Result<Generated, KeygenError> {
    check(alg, bits)?;
    // `OsRng` panics when the system has no randomness; asking first turns that into an
    // error (and a machine that just answered will answer again).
    random(1)?;
    let failed = |e: &dyn std::fmt::Display| KeygenError::Failed(e.to_string());
    let origin = KeyOrigin::Pem("PRIVATE KEY".to_owned());
    let (key, stored, public_pem) = match alg.family().ok_or(KeygenError::AlgNone)? {
        KeyFamily::Hmac => {
            let len = alg.hmac_min_key_len().unwrap_or(32);
            let bytes = random(len)?;
            let secret = Secret::new(bytes.to_vec());
            (Key::hmac(secret.clone()), secret, None)
        }
        KeyFamily::Rsa => {
            let bits = bits.unwrap_or(DEFAULT_RSA_BITS);
            let private = RsaPrivateKey::new(&mut OsRng, bits).map_err(|e| failed(&e))?;
            let pem = private
                .to_pkcs8_pem(LineEnding::LF)
                .map_err(|e| failed(&e))?;
            let public = private
                .to_public_key()
                .to_public_key_pem(LineEnding::LF)
                .map_err(|e| failed(&e))?;
            let key = Key::new(der::rsa_private(private), origin);
            (key, Secret::new(pem.as_bytes().to_vec()), Some(public))
        }
        KeyFamily::Ec(curve) => {
            macro_rules! ec {
                ($curve:ident) => {{
                    let secret = $curve::SecretKey::random(&mut OsRng);
                    let pem = secret
                        .to_pkcs8_pem(LineEnding::LF)
                        .map_err(|e| failed(&e))?;
                    let public = secret
                        .public_key()
                        .to_public_key_pem(LineEnding::LF)
                        .map_err(|e| failed(&e))?;
                    let scalar = Zeroizing::new(secret.to_bytes().to_vec());
                    (pem, public, scalar)
                }};
            }
            let (pem, public, scalar) = match curve {
                Curve::P256 => ec!(p256),
                Curve::P384 => ec!(p384),
                Curve::P521 => ec!(p521),
            };
            let material = der::ec_private(curve, scalar).map_err(|e| failed(&e))?;
            let key = Key::new(material, origin);
            (key, Secret::new(pem.as_bytes().to_vec()), Some(public))
        }
        KeyFamily::Ed25519 => {
            let seed = random(32)?;
            let mut bytes = Zeroizing::new([0u8; 32]);
            bytes.copy_from_slice(&seed);
            let signing = ed25519_dalek::SigningKey::from_bytes(&bytes);
            let pem = signing
                .to_pkcs8_pem(LineEnding::LF)
                .map_err(|e| failed(&e))?;
            let public = signing
                .verifying_key()
                .to_public_key_pem(LineEnding::LF)
                .map_err(|e| failed(&e))?;
            let material = Material::Ed25519 {
                public: signing.verifying_key(),
                private: Some(Box::new(signing)),
            };
            let key = Key::new(material, origin);
            (key, Secret::new(pem.as_bytes().to_vec()), Some(public))
        }
    };
    Ok(Generated {
        key,
        stored,
        public_pem,
    })
}

fn random(len: usize) -> Result<Zeroizing<Vec<u8>>, KeygenError> {
    let mut bytes = Zeroizing::new(vec![0u8; len]);
    getrandom::getrandom(&mut bytes).map_err(|e| KeygenError::NoRandomness(e.to_string()))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Clock, KeySet, decode, sign_json};

    fn round_trip(alg: Alg, bits: Option<usize>) {
        let made = generate(alg, bits).unwrap();
        assert!(made.key.can_sign(), "{alg}");
        assert!(made.key.refuses(alg).is_none(), "{alg}");
        // What the keyring keeps reads back as the same key.
        let stored = match &made.public_pem {
            Some(_) => KeySet::from_bytes(made.stored.expose()).unwrap(),
            None => KeySet::from(Key::hmac(made.stored.clone())),
        };
        let signed = sign_json("{}", r#"{"sub":"x"}"#, alg, stored.signing_key()).unwrap();
        let verifier = match &made.public_pem {
            Some(pem) => KeySet::from_pem(pem).unwrap(),
            None => KeySet::from(made.key.clone()),
        };
        let verdict = decode(&signed.token, Some(&verifier), &Clock::system()).unwrap();
        assert_eq!(verdict.verification.verified(), Some(true), "{alg}");
    }

    #[test]
    fn every_algorithm_makes_a_key_that_signs_and_verifies() {
        for alg in Alg::ALL {
            if alg.family().is_none() || alg.family() == Some(KeyFamily::Rsa) {
                continue;
            }
            round_trip(alg, None);
        }
        round_trip(Alg::RS256, None);
        round_trip(Alg::PS384, None);
    }

    #[test]
    fn hmac_secrets_are_as_long_as_the_hash_and_differ() {
        for (alg, len) in [(Alg::HS256, 32), (Alg::HS384, 48), (Alg::HS512, 64)] {
            let a = generate(alg, None).unwrap();
            let b = generate(alg, None).unwrap();
            assert_eq!(a.stored.len(), len);
            assert!(a.public_pem.is_none());
            assert_ne!(a.stored, b.stored);
        }
    }

    #[test]
    fn requests_are_checked_first() {
        assert_eq!(check(Alg::None, None), Err(KeygenError::AlgNone));
        assert_eq!(
            check(Alg::RS256, Some(1024)),
            Err(KeygenError::RsaBits(1024))
        );
        assert_eq!(
            check(Alg::ES256, Some(2048)).unwrap_err().code(),
            "keygen-bits-not-rsa"
        );
        assert!(check(Alg::PS512, Some(4096)).is_ok());
        assert_eq!(
            generate(Alg::None, None).unwrap_err().code(),
            "keygen-alg-none"
        );
    }

    #[test]
    fn debug_never_prints_material() {
        let made = generate(Alg::HS256, None).unwrap();
        let shown = format!("{made:?}");
        assert!(shown.contains("Hmac { bytes: 32 }"), "{shown}");
    }
}
