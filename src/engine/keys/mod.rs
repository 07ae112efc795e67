//! Keys as people have them: HMAC secrets (text or base64), PEM (SPKI, PKCS#1, PKCS#8, SEC1,
//! X.509 certificates), DER, JWK and JWKS.
//!
//! Every key is parsed into a typed form first, so the key's *type* is known and can decide
//! which algorithms it may verify (RFC 8725 §3.1): an RSA public key is never an HMAC secret.
//!
//! [`pem`] reads PEM text into DER blocks, [`der`] reads the ASN.1 structures, [`jwk`] reads
//! JWK and JWKS; this module holds the key types.

mod der;
pub mod export;
pub mod generate;
mod jwk;
mod pem;

use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

use super::alg::{Alg, Curve, KeyFamily};
use super::b64;
use super::error::{Error, KeyError, KeyProblem};
use super::secret::Secret;

/// The cryptographic part of a key.
#[derive(Clone)]
pub(crate) enum Material {
    Hmac(Secret),
    Rsa {
        public: RsaPublicKey,
        private: Option<Box<RsaPrivateKey>>,
    },
    Ec {
        curve: Curve,
        /// Uncompressed SEC1 point `04 || x || y`.
        point: Vec<u8>,
        /// Big-endian scalar, exactly `curve.scalar_len()` bytes.
        scalar: Option<Zeroizing<Vec<u8>>>,
    },
    Ed25519 {
        public: ed25519_dalek::VerifyingKey,
        private: Option<Box<ed25519_dalek::SigningKey>>,
    },
}

/// Where a key came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyOrigin {
    /// An HMAC secret given as such.
    Secret,
    /// A PEM block with this label ("PUBLIC KEY", ...).
    Pem(String),
    /// DER read as this structure.
    Der(String),
    /// A single JWK.
    Jwk,
    /// The n-th key (1-based) of a JWKS.
    JwksEntry(usize),
    /// A stored profile, by name.
    Profile(String),
}

/// What a key is, safe to show: type, size, public or private, and its `kid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDescription {
    /// The key's type and size.
    pub shape: KeyShape,
    /// JWK `kid`, when the key came with one.
    pub kid: Option<String>,
}

/// A key's type and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum KeyShape {
    Hmac { bytes: usize },
    Rsa { bits: usize, private: bool },
    Ec { curve: Curve, private: bool },
    Ed25519 { private: bool },
}

/// A key's description with where it came from: what a verdict names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    /// What the key is.
    pub description: KeyDescription,
    /// Where it came from.
    pub origin: KeyOrigin,
}

/// Why a key may not be used with an algorithm.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyRefusal {
    /// `alg: none` takes no key at all.
    NoneTakesNoKey,
    /// The key type is not the one the algorithm needs (RFC 8725 §3.1).
    WrongFamily {
        /// The key's type.
        family: KeyFamily,
        /// The algorithm asked for.
        alg: Alg,
    },
    /// The JWK's `alg` names another algorithm.
    JwkAlg {
        /// The JWK's `alg`.
        jwk_alg: String,
        /// The algorithm asked for.
        alg: Alg,
    },
    /// The JWK's `use` is not `sig`.
    JwkUse(String),
}

impl KeyRefusal {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            KeyRefusal::NoneTakesNoKey => "alg-none-no-key",
            KeyRefusal::WrongFamily { .. } => "key-alg-mismatch",
            KeyRefusal::JwkAlg { .. } => "jwk-alg-mismatch",
            KeyRefusal::JwkUse(_) => "jwk-use-not-sig",
        }
    }
}

/// One usable key with what its container said about it (JWK `kid`, `alg`, `use`).
#[derive(Clone)]
pub struct Key {
    pub(crate) material: Material,
    /// JWK `kid`, when the key came with one.
    pub kid: Option<String>,
    /// JWK `alg`, when present: the key may then only be used with that algorithm.
    pub jwk_alg: Option<String>,
    /// JWK `use`, when present (`sig` or `enc`).
    pub jwk_use: Option<String>,
    /// Where the key came from.
    pub origin: KeyOrigin,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key material; a description is all anyone needs in a debug print.
        f.debug_struct("Key")
            .field("kind", &self.describe())
            .field("kid", &self.kid)
            .field("origin", &self.origin)
            .finish()
    }
}

impl Key {
    fn new(material: Material, origin: KeyOrigin) -> Self {
        Key {
            material,
            kid: None,
            jwk_alg: None,
            jwk_use: None,
            origin,
        }
    }

    /// An HMAC secret from raw bytes.
    pub fn hmac(secret: Secret) -> Self {
        Key::new(Material::Hmac(secret), KeyOrigin::Secret)
    }

    /// An HMAC secret given as base64 (standard or URL-safe alphabet, padded or not).
    pub fn hmac_base64(text: &str) -> Result<Self, Error> {
        let bytes = Zeroizing::new(b64::decode_secret(text).map_err(KeyProblem::Base64Secret)?);
        Ok(Key::hmac(Secret::new(bytes.to_vec())))
    }

    /// The key type, which decides the algorithms this key may be used with.
    pub fn family(&self) -> KeyFamily {
        match &self.material {
            Material::Hmac(_) => KeyFamily::Hmac,
            Material::Rsa { .. } => KeyFamily::Rsa,
            Material::Ec { curve, .. } => KeyFamily::Ec(*curve),
            Material::Ed25519 { .. } => KeyFamily::Ed25519,
        }
    }

    /// True when the key can sign (a secret or a private key).
    pub fn can_sign(&self) -> bool {
        match &self.material {
            Material::Hmac(_) => true,
            Material::Rsa { private, .. } => private.is_some(),
            Material::Ec { scalar, .. } => scalar.is_some(),
            Material::Ed25519 { private, .. } => private.is_some(),
        }
    }

    /// Key size in bits: the RSA modulus, the curve size, or the secret length.
    pub fn bits(&self) -> usize {
        match &self.material {
            Material::Hmac(s) => s.len() * 8,
            Material::Rsa { public, .. } => public.size() * 8,
            Material::Ec { curve, .. } => match curve {
                Curve::P256 => 256,
                Curve::P384 => 384,
                Curve::P521 => 521,
            },
            Material::Ed25519 { .. } => 256,
        }
    }

    /// What the key is, safe to show.
    pub fn describe(&self) -> KeyDescription {
        let private = self.can_sign();
        let shape = match &self.material {
            Material::Hmac(s) => KeyShape::Hmac { bytes: s.len() },
            Material::Rsa { .. } => KeyShape::Rsa {
                bits: self.bits(),
                private,
            },
            Material::Ec { curve, .. } => KeyShape::Ec {
                curve: *curve,
                private,
            },
            Material::Ed25519 { .. } => KeyShape::Ed25519 { private },
        };
        KeyDescription {
            shape,
            kid: self.kid.clone(),
        }
    }

    /// The description with the origin, as a verdict names the key.
    pub fn info(&self) -> KeyInfo {
        KeyInfo {
            description: self.describe(),
            origin: self.origin.clone(),
        }
    }

    /// The algorithms this key may be used with, respecting a JWK `alg` restriction.
    pub fn algorithms(&self) -> Vec<Alg> {
        let family = self.family();
        Alg::ALL
            .into_iter()
            .filter(|a| a.family() == Some(family))
            .filter(|a| {
                self.jwk_alg
                    .as_deref()
                    .is_none_or(|j| alg_names_match(j, *a))
            })
            .collect()
    }

    /// The algorithm to sign with when the user chose none: HS256 for secrets, else the one
    /// the key type implies.
    pub fn default_alg(&self) -> Alg {
        if let Some(alg) = self.jwk_alg.as_deref().and_then(|a| a.parse().ok()) {
            return alg;
        }
        match self.family() {
            KeyFamily::Hmac => Alg::HS256,
            KeyFamily::Rsa => Alg::RS256,
            KeyFamily::Ec(curve) => curve.alg(),
            KeyFamily::Ed25519 => Alg::EdDSA,
        }
    }

    /// Why this key may not be used with `alg`, or `None` when it may.
    pub fn refuses(&self, alg: Alg) -> Option<KeyRefusal> {
        let Some(needed) = alg.family() else {
            return Some(KeyRefusal::NoneTakesNoKey);
        };
        let family = self.family();
        if family != needed {
            return Some(KeyRefusal::WrongFamily { family, alg });
        }
        if let Some(j) = &self.jwk_alg
            && !alg_names_match(j, alg)
        {
            return Some(KeyRefusal::JwkAlg {
                jwk_alg: j.clone(),
                alg,
            });
        }
        if let Some(u) = &self.jwk_use
            && u != "sig"
        {
            return Some(KeyRefusal::JwkUse(u.clone()));
        }
        None
    }

    /// The secret of an HMAC key; `None` for other keys.
    pub fn hmac_secret(&self) -> Option<&Secret> {
        match &self.material {
            Material::Hmac(s) => Some(s),
            _ => None,
        }
    }
}

/// `EdDSA` and `Ed25519` name the same thing for an Ed25519 key.
fn alg_names_match(jwk_alg: &str, alg: Alg) -> bool {
    jwk_alg == alg.name()
        || matches!(
            (jwk_alg, alg),
            ("EdDSA", Alg::Ed25519) | ("Ed25519", Alg::EdDSA)
        )
}

/// One or more keys: a single key file, a PEM bundle, or a JWKS.
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    /// The keys, in file order.
    pub keys: Vec<Key>,
    /// True when the keys came from a JWKS, where `kid` selects the key.
    pub is_jwks: bool,
}

impl From<Key> for KeySet {
    fn from(key: Key) -> Self {
        KeySet {
            keys: vec![key],
            is_jwks: false,
        }
    }
}

impl KeySet {
    /// Reads a key file's content of any supported format: PEM, JWK/JWKS JSON, or DER.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let text = std::str::from_utf8(bytes).ok();
        let trimmed = text.map(str::trim_start);
        match trimmed {
            Some(t) if t.starts_with("-----BEGIN") || t.contains("\n-----BEGIN") => {
                Self::from_pem(t)
            }
            Some(t) if t.starts_with('{') => Self::from_jwk_json(t),
            Some("") => Err(KeyProblem::EmptyFile.into()),
            _ if bytes.first() == Some(&0x30) => Self::from_der(bytes),
            _ => Err(KeyProblem::UnknownFormat.into()),
        }
    }

    /// Reads every key in a PEM text. `EC PARAMETERS` blocks are skipped.
    pub fn from_pem(text: &str) -> Result<Self, Error> {
        let keys = pem::keys(text).map_err(Error::Key)?;
        Ok(KeySet {
            keys,
            is_jwks: false,
        })
    }

    /// Reads DER: SPKI, PKCS#8, PKCS#1 (public or private), SEC1 or an X.509 certificate.
    pub fn from_der(bytes: &[u8]) -> Result<Self, Error> {
        der::any(bytes)
            .map(KeySet::from)
            .ok_or_else(|| KeyProblem::DerUnknown.into())
    }

    /// Reads a JWK, or a JWKS (`{"keys": [...]}`).
    pub fn from_jwk_json(text: &str) -> Result<Self, Error> {
        jwk::key_set(text)
    }

    /// The first key that can sign, if any.
    pub fn signing_key(&self) -> Option<&Key> {
        self.keys.iter().find(|k| k.can_sign())
    }

    /// The key that signs: the first that can, else the first key, so that signing with a
    /// public key says "a public key cannot sign" rather than "no key".
    pub fn signer(&self) -> Option<&Key> {
        self.signing_key().or(self.keys.first())
    }
}

impl KeyError {
    fn at(place: super::error::KeyPlace) -> impl FnOnce(KeyProblem) -> KeyError {
        move |problem| KeyError {
            at: Some(place),
            problem,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error::{B64Problem, KeyPlace};
    use crate::test_support::key_fixture as fixture;

    fn problem(result: Result<KeySet, Error>) -> KeyError {
        match result {
            Err(Error::Key(e)) => e,
            other => panic!("not a key error: {other:?}"),
        }
    }

    #[test]
    fn reads_every_pem_flavour() {
        let cases = [
            ("rsa2048.pkcs8.pem", KeyFamily::Rsa, true),
            ("rsa2048.pkcs1.pem", KeyFamily::Rsa, true),
            ("rsa2048.spki.pem", KeyFamily::Rsa, false),
            ("rsa2048.pkcs1-public.pem", KeyFamily::Rsa, false),
            ("rsa2048.cert.pem", KeyFamily::Rsa, false),
            ("ec-p256.pkcs8.pem", KeyFamily::Ec(Curve::P256), true),
            ("ec-p256.sec1.pem", KeyFamily::Ec(Curve::P256), true),
            ("ec-p256.spki.pem", KeyFamily::Ec(Curve::P256), false),
            ("ec-p256.cert.pem", KeyFamily::Ec(Curve::P256), false),
            ("ec-p384.sec1.pem", KeyFamily::Ec(Curve::P384), true),
            ("ec-p521.pkcs8.pem", KeyFamily::Ec(Curve::P521), true),
            ("ec-p521.sec1.pem", KeyFamily::Ec(Curve::P521), true),
            ("ec-p521.spki.pem", KeyFamily::Ec(Curve::P521), false),
            ("ed25519.pkcs8.pem", KeyFamily::Ed25519, true),
            ("ed25519.spki.pem", KeyFamily::Ed25519, false),
        ];
        for (file, family, private) in cases {
            let set = KeySet::from_bytes(fixture(file).as_bytes())
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(set.keys.len(), 1, "{file}");
            assert_eq!(set.keys[0].family(), family, "{file}");
            assert_eq!(set.keys[0].can_sign(), private, "{file}");
        }
        let rsa = &KeySet::from_pem(&fixture("rsa2048.pkcs1.pem"))
            .unwrap()
            .keys[0];
        assert_eq!(
            rsa.describe().shape,
            KeyShape::Rsa {
                bits: 2048,
                private: true
            }
        );
        assert_eq!(rsa.origin, KeyOrigin::Pem("RSA PRIVATE KEY".into()));
    }

    #[test]
    fn private_and_public_pem_agree() {
        let private = KeySet::from_pem(&fixture("ec-p256.sec1.pem")).unwrap();
        let public = KeySet::from_pem(&fixture("ec-p256.spki.pem")).unwrap();
        let (Material::Ec { point: a, .. }, Material::Ec { point: b, .. }) =
            (&private.keys[0].material, &public.keys[0].material)
        else {
            panic!()
        };
        assert_eq!(a, b);
    }

    #[test]
    fn unsupported_keys_say_what_they_are() {
        let pem_block = |label: &str| {
            Some(KeyPlace::PemBlock {
                index: 1,
                label: Some(label.into()),
            })
        };
        let err = problem(KeySet::from_bytes(fixture("ed448.pkcs8.pem").as_bytes()));
        assert_eq!(err.problem, KeyProblem::Ed448);
        assert_eq!(err.at, pem_block("PRIVATE KEY"));
        let err = problem(KeySet::from_bytes(
            fixture("ec-secp256k1.pkcs8.pem").as_bytes(),
        ));
        assert_eq!(err.problem, KeyProblem::Secp256k1);
        let err = problem(KeySet::from_bytes(b"just some text"));
        assert_eq!(err.problem, KeyProblem::UnknownFormat);
        let err = problem(KeySet::from_pem(
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        ));
        assert_eq!(err.at, pem_block("PUBLIC KEY"));
        assert!(matches!(err.problem, KeyProblem::SpkiInvalid(_)), "{err:?}");
        let err = problem(KeySet::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n"));
        assert!(
            matches!(err.problem, KeyProblem::PemNoEnd { .. }),
            "{err:?}"
        );
        let err = problem(KeySet::from_pem(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
        ));
        assert_eq!(err.problem, KeyProblem::Encrypted);
    }

    #[test]
    fn jwk_errors_name_the_member() {
        let err = problem(KeySet::from_jwk_json(
            r#"{"kty":"EC","crv":"P-256","x":"AAAA"}"#,
        ));
        assert_eq!(
            err.problem,
            KeyProblem::MemberMissing {
                kty: "EC".into(),
                name: "y".into()
            }
        );
        let err = problem(KeySet::from_jwk_json(r#"{"kty":"oct","k":"se*cret"}"#));
        assert_eq!(
            err.problem,
            KeyProblem::MemberNotBase64 {
                name: "k".into(),
                problem: B64Problem::BadChar {
                    ch: None,
                    position: 3
                }
            }
        );
        // Which standard-base64 character it was is not kept: it is part of the secret.
        let plus = problem(KeySet::from_jwk_json(r#"{"kty":"oct","k":"ab+cd"}"#));
        let slash = problem(KeySet::from_jwk_json(r#"{"kty":"oct","k":"ab/cd"}"#));
        assert_eq!(plus, slash);
        let err = problem(KeySet::from_jwk_json(
            r#"{"kty":"OKP","crv":"Ed25519","x":"AAAA"}"#,
        ));
        assert_eq!(err.problem, KeyProblem::Ed25519XLen(3));
        let err = problem(KeySet::from_jwk_json(
            r#"{"keys":[{"kty":"oct","k":"AQ"},{"kty":"XYZ"}]}"#,
        ));
        assert_eq!(err.at, Some(KeyPlace::JwksEntry(2)));
        assert_eq!(err.problem, KeyProblem::KtyUnsupported("XYZ".into()));
        let err = KeySet::from_jwk_json(r#"{"kty":"oct","k":"AQ","kty":"RSA"}"#).unwrap_err();
        assert_eq!(err.code(), "json-duplicate-member");
    }

    #[test]
    fn key_type_decides_algorithms() {
        let rsa = &KeySet::from_pem(&fixture("rsa2048.spki.pem")).unwrap().keys[0];
        assert_eq!(
            rsa.refuses(Alg::HS256),
            Some(KeyRefusal::WrongFamily {
                family: KeyFamily::Rsa,
                alg: Alg::HS256
            })
        );
        assert_eq!(rsa.refuses(Alg::HS256).unwrap().code(), "key-alg-mismatch");
        assert!(rsa.refuses(Alg::RS256).is_none());
        assert!(rsa.refuses(Alg::PS512).is_none());
        assert!(rsa.refuses(Alg::ES256).is_some());
        let secret = Key::hmac(Secret::new(b"s".to_vec()));
        for alg in [
            Alg::RS256,
            Alg::PS256,
            Alg::ES256,
            Alg::EdDSA,
            Alg::Ed25519,
            Alg::None,
        ] {
            assert!(secret.refuses(alg).is_some(), "{alg}");
        }
        let p384 = &KeySet::from_pem(&fixture("ec-p384.spki.pem")).unwrap().keys[0];
        assert!(p384.refuses(Alg::ES256).is_some());
        assert!(p384.refuses(Alg::ES384).is_none());
        assert_eq!(p384.algorithms(), vec![Alg::ES384]);
    }

    #[test]
    fn debug_never_prints_material() {
        let key = Key::hmac(Secret::new(b"top-secret-value".to_vec()));
        let shown = format!("{key:?}");
        assert!(!shown.contains("top-secret"), "{shown}");
        assert!(shown.contains("Hmac { bytes: 16 }"), "{shown}");
    }

    #[test]
    fn the_signer_is_the_private_key_else_the_first() {
        let public = KeySet::from_pem(&fixture("ec-p256.spki.pem")).unwrap();
        assert!(public.signing_key().is_none());
        assert!(public.signer().is_some_and(|k| !k.can_sign()));
        let mut both = public.clone();
        both.keys
            .extend(KeySet::from_pem(&fixture("ec-p256.sec1.pem")).unwrap().keys);
        assert!(both.signer().is_some_and(Key::can_sign));
        assert!(KeySet::default().signer().is_none());
    }
}
