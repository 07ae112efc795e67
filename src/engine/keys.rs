//! Keys as people have them: HMAC secrets (text or base64), PEM (SPKI, PKCS#1, PKCS#8, SEC1,
//! X.509 certificates), DER, JWK and JWKS.
//!
//! Every key is parsed into a typed form first, so the key's *type* is known and can decide
//! which algorithms it may verify (RFC 8725 §3.1): an RSA public key is never an HMAC secret.

use pkcs8::DecodePrivateKey;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use rust_i18n::t;
use serde_json::{Map, Value};
use spki::{DecodePublicKey, ObjectIdentifier};
use zeroize::Zeroizing;

use super::alg::{Alg, Curve, KeyFamily};
use super::b64;
use super::error::Error;
use super::json;
use super::secret::Secret;

const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_RSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const OID_SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");
const OID_X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");

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
    /// Where the key came from, e.g. "PEM PUBLIC KEY" or "JWKS key #2".
    pub origin: String,
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
    fn new(material: Material, origin: impl Into<String>) -> Self {
        Key {
            material,
            kid: None,
            jwk_alg: None,
            jwk_use: None,
            origin: origin.into(),
        }
    }

    /// An HMAC secret from raw bytes.
    pub fn hmac(secret: Secret) -> Self {
        Key::new(Material::Hmac(secret), t!("engine.keys.origin_hmac"))
    }

    /// An HMAC secret given as base64 (standard or URL-safe alphabet, padded or not).
    pub fn hmac_base64(text: &str) -> Result<Self, Error> {
        let bytes = Zeroizing::new(b64::decode_secret(text).map_err(Error::Key)?);
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

    /// A short description that is safe to show: type, size, public or private.
    pub fn describe(&self) -> String {
        let part = if self.can_sign() {
            t!("engine.keys.private")
        } else {
            t!("engine.keys.public")
        };
        let mut text = match &self.material {
            Material::Hmac(s) => t!("engine.keys.describe_hmac", bytes = s.len()),
            Material::Rsa { .. } => t!("engine.keys.describe_rsa", bits = self.bits(), part = part),
            Material::Ec { curve, .. } => {
                t!("engine.keys.describe_ec", curve = curve.name(), part = part)
            }
            Material::Ed25519 { .. } => t!("engine.keys.describe_ed25519", part = part),
        }
        .into_owned();
        if let Some(kid) = &self.kid {
            text.push_str(&t!("engine.keys.kid", kid = kid.escape_debug()));
        }
        text
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
    pub fn refuses(&self, alg: Alg) -> Option<String> {
        let Some(needed) = alg.family() else {
            return Some(t!("engine.keys.none_takes_no_key").into_owned());
        };
        let family = self.family();
        if family != needed {
            return Some(
                t!(
                    "engine.keys.wrong_family",
                    family = capitalize(&family.to_string()),
                    alg = alg,
                    needed = needed
                )
                .into_owned(),
            );
        }
        if let Some(j) = &self.jwk_alg
            && !alg_names_match(j, alg)
        {
            return Some(
                t!("engine.keys.jwk_alg", jwk_alg = j.escape_debug(), alg = alg).into_owned(),
            );
        }
        if let Some(u) = &self.jwk_use
            && u != "sig"
        {
            return Some(t!("engine.keys.jwk_use", jwk_use = u.escape_debug()).into_owned());
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

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
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
#[derive(Clone, Debug)]
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
            Some("") => Err(Error::key(t!("engine.keys.empty_file"))),
            _ if bytes.first() == Some(&0x30) => Self::from_der(bytes),
            _ => Err(Error::key(t!("engine.keys.unknown_format"))),
        }
    }

    /// Reads every key in a PEM text. `EC PARAMETERS` blocks are skipped.
    pub fn from_pem(text: &str) -> Result<Self, Error> {
        let mut keys = Vec::new();
        let mut rest = text;
        let mut index = 0;
        while let Some(start) = rest.find("-----BEGIN ") {
            index += 1;
            let block = &rest[start..];
            let label_end = block[11..]
                .find("-----")
                .ok_or_else(|| Error::key(t!("engine.keys.pem_unclosed", index = index)))?;
            let label = &block[11..11 + label_end];
            let end_marker = format!("-----END {label}-----");
            let end = block.find(&end_marker).ok_or_else(|| {
                Error::key(t!(
                    "engine.keys.pem_no_end",
                    index = index,
                    label = label,
                    end_marker = end_marker
                ))
            })?;
            let pem_text = &block[..end + end_marker.len()];
            rest = &block[end + end_marker.len()..];
            if label == "EC PARAMETERS" {
                continue;
            }
            let (_, der) = der::pem::decode_vec(pem_text.as_bytes()).map_err(|e| {
                Error::key(t!(
                    "engine.keys.pem_invalid",
                    index = index,
                    label = label,
                    error = e
                ))
            })?;
            let der = Zeroizing::new(der);
            let origin = t!("engine.keys.origin_pem", label = label);
            let key = from_labelled_der(label, &der, &origin).map_err(|e| {
                Error::key(t!(
                    "engine.keys.pem_block",
                    index = index,
                    label = label,
                    problem = e
                ))
            })?;
            keys.push(key);
        }
        if keys.is_empty() {
            return Err(Error::key(t!("engine.keys.pem_no_key")));
        }
        Ok(KeySet {
            keys,
            is_jwks: false,
        })
    }

    /// Reads DER: SPKI, PKCS#8, PKCS#1 (public or private), SEC1 or an X.509 certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        for label in [
            "PUBLIC KEY",
            "PRIVATE KEY",
            "CERTIFICATE",
            "RSA PUBLIC KEY",
            "RSA PRIVATE KEY",
            "EC PRIVATE KEY",
        ] {
            let origin = t!("engine.keys.origin_der", label = label);
            if let Ok(key) = from_labelled_der(label, der, &origin) {
                return Ok(key.into());
            }
        }
        Err(Error::key(t!("engine.keys.der_unknown")))
    }

    /// Reads a JWK, or a JWKS (`{"keys": [...]}`).
    pub fn from_jwk_json(text: &str) -> Result<Self, Error> {
        let object = json::parse_object(text, &t!("engine.keys.jwk"))?;
        match object.get("keys") {
            Some(Value::Array(items)) => {
                if items.is_empty() {
                    return Err(Error::key(t!("engine.keys.jwks_empty")));
                }
                let mut keys = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let Value::Object(jwk) = item else {
                        return Err(Error::key(t!(
                            "engine.keys.jwks_not_object",
                            n = i + 1,
                            kind = json::kind_of(item)
                        )));
                    };
                    let origin = t!("engine.keys.origin_jwks", n = i + 1).into_owned();
                    let key = from_jwk(jwk, origin).map_err(|e| {
                        Error::key(t!("engine.keys.jwks_key", n = i + 1, problem = e))
                    })?;
                    keys.push(key);
                }
                Ok(KeySet {
                    keys,
                    is_jwks: true,
                })
            }
            Some(other) => Err(Error::key(t!(
                "engine.keys.keys_not_array",
                kind = json::kind_of(other)
            ))),
            None => Ok(from_jwk(&object, t!("engine.keys.jwk").into_owned())
                .map_err(Error::Key)?
                .into()),
        }
    }

    /// The first key that can sign, if any.
    pub fn signing_key(&self) -> Option<&Key> {
        self.keys.iter().find(|k| k.can_sign())
    }
}

fn from_labelled_der(label: &str, der: &[u8], origin: &str) -> Result<Key, String> {
    let material = match label {
        "PUBLIC KEY" => from_spki(der)?,
        "RSA PUBLIC KEY" => {
            let public =
                RsaPublicKey::from_pkcs1_der(der).map_err(|e| rsa_problem(&e.to_string()))?;
            Material::Rsa {
                public,
                private: None,
            }
        }
        "PRIVATE KEY" => from_pkcs8(der)?,
        "RSA PRIVATE KEY" => {
            let private =
                RsaPrivateKey::from_pkcs1_der(der).map_err(|e| rsa_problem(&e.to_string()))?;
            rsa_private(private)
        }
        "EC PRIVATE KEY" => from_sec1(der)?,
        "CERTIFICATE" => {
            use der::{Decode, Encode};
            let cert = x509_cert::Certificate::from_der(der)
                .map_err(|e| t!("engine.keys.x509_invalid", error = e).into_owned())?;
            let spki = cert
                .tbs_certificate
                .subject_public_key_info
                .to_der()
                .map_err(|e| t!("engine.keys.cert_spki", error = e).into_owned())?;
            from_spki(&spki)?
        }
        "ENCRYPTED PRIVATE KEY" => {
            return Err(t!("engine.keys.encrypted").into_owned());
        }
        "OPENSSH PRIVATE KEY" => {
            return Err(t!("engine.keys.openssh").into_owned());
        }
        other => return Err(t!("engine.keys.not_a_key_block", label = other).into_owned()),
    };
    Ok(Key::new(material, origin))
}

fn rsa_problem(detail: &str) -> String {
    t!("engine.keys.rsa_invalid", error = detail).into_owned()
}

fn rsa_private(private: RsaPrivateKey) -> Material {
    Material::Rsa {
        public: private.to_public_key(),
        private: Some(Box::new(private)),
    }
}

fn curve_from_oid(oid: Option<ObjectIdentifier>) -> Result<Curve, String> {
    match oid {
        Some(OID_P256) => Ok(Curve::P256),
        Some(OID_P384) => Ok(Curve::P384),
        Some(OID_P521) => Ok(Curve::P521),
        Some(OID_SECP256K1) => Err(t!("engine.keys.secp256k1").into_owned()),
        Some(other) => Err(t!("engine.keys.curve_oid_unsupported", oid = other).into_owned()),
        None => Err(t!("engine.keys.no_curve").into_owned()),
    }
}

fn unsupported_oid(oid: ObjectIdentifier) -> String {
    match oid {
        OID_ED448 => t!("engine.keys.ed448"),
        OID_X25519 => t!("engine.keys.x25519_oid"),
        OID_RSA_PSS => t!("engine.keys.rsa_pss"),
        other => t!("engine.keys.oid_unsupported", oid = other),
    }
    .into_owned()
}

fn from_spki(der: &[u8]) -> Result<Material, String> {
    let info = spki::SubjectPublicKeyInfoRef::try_from(der)
        .map_err(|e| t!("engine.keys.spki_invalid", error = e).into_owned())?;
    match info.algorithm.oid {
        OID_RSA => {
            let public =
                RsaPublicKey::from_public_key_der(der).map_err(|e| rsa_problem(&e.to_string()))?;
            Ok(Material::Rsa {
                public,
                private: None,
            })
        }
        OID_EC => {
            let curve = curve_from_oid(info.algorithm.parameters_oid().ok())?;
            let bytes = info.subject_public_key.raw_bytes();
            ec_public(curve, bytes)
        }
        OID_ED25519 => {
            let public = ed25519_dalek::VerifyingKey::from_public_key_der(der)
                .map_err(|e| t!("engine.keys.ed25519_public_invalid", error = e).into_owned())?;
            Ok(Material::Ed25519 {
                public,
                private: None,
            })
        }
        other => Err(unsupported_oid(other)),
    }
}

fn from_pkcs8(der: &[u8]) -> Result<Material, String> {
    let info = pkcs8::PrivateKeyInfo::try_from(der)
        .map_err(|e| t!("engine.keys.pkcs8_invalid", error = e).into_owned())?;
    match info.algorithm.oid {
        OID_RSA => {
            let private =
                RsaPrivateKey::from_pkcs8_der(der).map_err(|e| rsa_problem(&e.to_string()))?;
            Ok(rsa_private(private))
        }
        OID_EC => {
            let curve = curve_from_oid(info.algorithm.parameters_oid().ok())?;
            let scalar = match curve {
                Curve::P256 => p256::SecretKey::from_pkcs8_der(der).map(|k| k.to_bytes().to_vec()),
                Curve::P384 => p384::SecretKey::from_pkcs8_der(der).map(|k| k.to_bytes().to_vec()),
                Curve::P521 => p521::SecretKey::from_pkcs8_der(der).map(|k| k.to_bytes().to_vec()),
            }
            .map_err(ec_private_invalid(curve))?;
            ec_private(curve, Zeroizing::new(scalar))
        }
        OID_ED25519 => {
            let private = ed25519_dalek::SigningKey::from_pkcs8_der(der)
                .map_err(|e| t!("engine.keys.ed25519_private_invalid", error = e).into_owned())?;
            Ok(Material::Ed25519 {
                public: private.verifying_key(),
                private: Some(Box::new(private)),
            })
        }
        other => Err(unsupported_oid(other)),
    }
}

/// The message for an EC private key the curve's crate refuses.
fn ec_private_invalid<E: std::fmt::Display>(curve: Curve) -> impl Fn(E) -> String {
    move |e| {
        t!(
            "engine.keys.ec_private_invalid",
            curve = curve.name(),
            error = e
        )
        .into_owned()
    }
}

fn from_sec1(der: &[u8]) -> Result<Material, String> {
    let info = sec1::EcPrivateKey::try_from(der)
        .map_err(|e| t!("engine.keys.sec1_invalid", error = e).into_owned())?;
    let curve = curve_from_oid(info.parameters.and_then(|p| p.named_curve()))?;
    let scalar = match curve {
        Curve::P256 => p256::SecretKey::from_sec1_der(der).map(|k| k.to_bytes().to_vec()),
        Curve::P384 => p384::SecretKey::from_sec1_der(der).map(|k| k.to_bytes().to_vec()),
        Curve::P521 => p521::SecretKey::from_sec1_der(der).map(|k| k.to_bytes().to_vec()),
    }
    .map_err(ec_private_invalid(curve))?;
    ec_private(curve, Zeroizing::new(scalar))
}

/// Validates a SEC1 point (compressed or not) and stores it uncompressed.
fn ec_public(curve: Curve, bytes: &[u8]) -> Result<Material, String> {
    macro_rules! uncompressed {
        ($curve:ident) => {{
            use $curve::elliptic_curve::sec1::ToEncodedPoint;
            $curve::PublicKey::from_sec1_bytes(bytes)
                .map(|k| k.to_encoded_point(false).as_bytes().to_vec())
                .ok()
        }};
    }
    let point = match curve {
        Curve::P256 => uncompressed!(p256),
        Curve::P384 => uncompressed!(p384),
        Curve::P521 => uncompressed!(p521),
    }
    .ok_or_else(|| t!("engine.keys.ec_not_on_curve", curve = curve.name()).into_owned())?;
    Ok(Material::Ec {
        curve,
        point,
        scalar: None,
    })
}

/// Derives the public point from a scalar (validating the scalar on the way).
fn ec_private(curve: Curve, scalar: Zeroizing<Vec<u8>>) -> Result<Material, String> {
    let bad = || t!("engine.keys.ec_out_of_range", curve = curve.name()).into_owned();
    if scalar.len() != curve.scalar_len() {
        return Err(t!(
            "engine.keys.ec_private_len",
            curve = curve.name(),
            len = curve.scalar_len(),
            found = scalar.len()
        )
        .into_owned());
    }
    macro_rules! public_of {
        ($curve:ident) => {{
            use $curve::elliptic_curve::sec1::ToEncodedPoint;
            let k = $curve::SecretKey::from_slice(&scalar).map_err(|_| bad())?;
            k.public_key().to_encoded_point(false).as_bytes().to_vec()
        }};
    }
    let point = match curve {
        Curve::P256 => public_of!(p256),
        Curve::P384 => public_of!(p384),
        Curve::P521 => public_of!(p521),
    };
    Ok(Material::Ec {
        curve,
        point,
        scalar: Some(scalar),
    })
}

// ---------- JWK ----------

fn member<'a>(jwk: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, String> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(t!(
            "engine.keys.member_not_string",
            name = name,
            kind = json::kind_of(other)
        )
        .into_owned()),
    }
}

fn required<'a>(jwk: &'a Map<String, Value>, name: &str, kty: &str) -> Result<&'a str, String> {
    member(jwk, name)?
        .ok_or_else(|| t!("engine.keys.member_missing", kty = kty, name = name).into_owned())
}

/// Decodes a base64url JWK member. Messages name the member, never its content.
fn b64_member(value: &str, name: &str) -> Result<Zeroizing<Vec<u8>>, String> {
    b64::decode_secret_segment(value)
        .map(Zeroizing::new)
        .map_err(|e| t!("engine.keys.member_not_b64", name = name, problem = e).into_owned())
}

fn from_jwk(jwk: &Map<String, Value>, origin: String) -> Result<Key, String> {
    let kty = member(jwk, "kty")?.ok_or_else(|| t!("engine.keys.no_kty").into_owned())?;
    let material = match kty {
        "oct" => {
            let k = b64_member(required(jwk, "k", kty)?, "k")?;
            if k.is_empty() {
                return Err(t!("engine.keys.oct_empty").into_owned());
            }
            Material::Hmac(Secret::new(k.to_vec()))
        }
        "RSA" => {
            let n = b64_member(required(jwk, "n", kty)?, "n")?;
            let e = b64_member(required(jwk, "e", kty)?, "e")?;
            let (n, e) = (BigUint::from_bytes_be(&n), BigUint::from_bytes_be(&e));
            match member(jwk, "d")? {
                None => {
                    let public =
                        RsaPublicKey::new(n, e).map_err(|e| rsa_problem(&e.to_string()))?;
                    Material::Rsa {
                        public,
                        private: None,
                    }
                }
                Some(d) => {
                    let d = BigUint::from_bytes_be(&b64_member(d, "d")?);
                    let mut primes = Vec::new();
                    if let (Some(p), Some(q)) = (member(jwk, "p")?, member(jwk, "q")?) {
                        primes.push(BigUint::from_bytes_be(&b64_member(p, "p")?));
                        primes.push(BigUint::from_bytes_be(&b64_member(q, "q")?));
                    }
                    let private = RsaPrivateKey::from_components(n, e, d, primes)
                        .map_err(|e| rsa_problem(&e.to_string()))?;
                    rsa_private(private)
                }
            }
        }
        "EC" => {
            let crv = required(jwk, "crv", kty)?;
            let curve = match crv {
                "P-256" => Curve::P256,
                "P-384" => Curve::P384,
                "P-521" => Curve::P521,
                "secp256k1" => return Err(t!("engine.keys.secp256k1").into_owned()),
                other => {
                    return Err(t!(
                        "engine.keys.ec_curve_unsupported",
                        crv = other.escape_debug()
                    )
                    .into_owned());
                }
            };
            let x = b64_member(required(jwk, "x", kty)?, "x")?;
            let y = b64_member(required(jwk, "y", kty)?, "y")?;
            let len = curve.scalar_len();
            if x.len() != len || y.len() != len {
                return Err(t!(
                    "engine.keys.ec_xy_len",
                    curve = curve.name(),
                    len = len,
                    x = x.len(),
                    y = y.len()
                )
                .into_owned());
            }
            let mut point = vec![0x04];
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            let public = ec_public(curve, &point)?;
            match member(jwk, "d")? {
                None => public,
                Some(d) => {
                    let private = ec_private(curve, b64_member(d, "d")?)?;
                    if let (Material::Ec { point: a, .. }, Material::Ec { point: b, .. }) =
                        (&public, &private)
                        && a != b
                    {
                        return Err(t!("engine.keys.ec_d_mismatch").into_owned());
                    }
                    private
                }
            }
        }
        "OKP" => {
            let crv = required(jwk, "crv", kty)?;
            match crv {
                "Ed25519" => {}
                "Ed448" => return Err(t!("engine.keys.ed448").into_owned()),
                "X25519" | "X448" => {
                    return Err(t!("engine.keys.key_agreement_curve", crv = crv).into_owned());
                }
                other => {
                    return Err(t!(
                        "engine.keys.okp_curve_unsupported",
                        crv = other.escape_debug()
                    )
                    .into_owned());
                }
            }
            let x = b64_member(required(jwk, "x", kty)?, "x")?;
            let x: [u8; 32] = x
                .as_slice()
                .try_into()
                .map_err(|_| t!("engine.keys.ed25519_x_len", found = x.len()).into_owned())?;
            let public = ed25519_dalek::VerifyingKey::from_bytes(&x)
                .map_err(|_| t!("engine.keys.ed25519_x_invalid").into_owned())?;
            let private = match member(jwk, "d")? {
                None => None,
                Some(d) => {
                    let d = b64_member(d, "d")?;
                    let d: &[u8; 32] = d.as_slice().try_into().map_err(|_| {
                        t!("engine.keys.ed25519_d_len", found = d.len()).into_owned()
                    })?;
                    let signing = ed25519_dalek::SigningKey::from_bytes(d);
                    if signing.verifying_key() != public {
                        return Err(t!("engine.keys.ed25519_d_mismatch").into_owned());
                    }
                    Some(Box::new(signing))
                }
            };
            Material::Ed25519 { public, private }
        }
        other => {
            return Err(t!("engine.keys.kty_unsupported", kty = other.escape_debug()).into_owned());
        }
    };
    let mut key = Key::new(material, origin);
    key.kid = member(jwk, "kid")?.map(str::to_owned);
    key.jwk_alg = member(jwk, "alg")?.map(str::to_owned);
    key.jwk_use = member(jwk, "use")?.map(str::to_owned);
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = format!("{}/tests/fixtures/keys/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
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
        assert_eq!(
            KeySet::from_pem(&fixture("rsa2048.pkcs1.pem"))
                .unwrap()
                .keys[0]
                .describe(),
            "RSA 2048-bit private key"
        );
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
        let err = KeySet::from_bytes(fixture("ed448.pkcs8.pem").as_bytes()).unwrap_err();
        assert!(err.to_string().contains("Ed448"), "{err}");
        let err = KeySet::from_bytes(fixture("ec-secp256k1.pkcs8.pem").as_bytes()).unwrap_err();
        assert!(err.to_string().contains("secp256k1"), "{err}");
        let err = KeySet::from_bytes(b"just some text").unwrap_err();
        assert!(err.to_string().contains("not a PEM key"), "{err}");
        let err = KeySet::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
            .unwrap_err();
        assert!(
            err.to_string().starts_with("key: PEM block 1 (PUBLIC KEY)"),
            "{err}"
        );
        let err = KeySet::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n").unwrap_err();
        assert!(err.to_string().contains("no matching"), "{err}");
        let err = KeySet::from_pem(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
        )
        .unwrap_err();
        assert!(err.to_string().contains("password-protected"), "{err}");
    }

    #[test]
    fn jwk_errors_name_the_member() {
        let err = KeySet::from_jwk_json(r#"{"kty":"EC","crv":"P-256","x":"AAAA"}"#).unwrap_err();
        assert!(err.to_string().contains("needs \"y\""), "{err}");
        let err = KeySet::from_jwk_json(r#"{"kty":"oct","k":"se*cret"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "key: \"k\" is not base64url: invalid character at position 3"
        );
        // Which standard-base64 character it was is not said: it is part of the secret.
        let plus = KeySet::from_jwk_json(r#"{"kty":"oct","k":"ab+cd"}"#).unwrap_err();
        let slash = KeySet::from_jwk_json(r#"{"kty":"oct","k":"ab/cd"}"#).unwrap_err();
        assert_eq!(plus.to_string(), slash.to_string());
        assert!(plus.to_string().contains("position 3"), "{plus}");
        let err = KeySet::from_jwk_json(r#"{"kty":"OKP","crv":"Ed25519","x":"AAAA"}"#).unwrap_err();
        assert!(err.to_string().contains("32 bytes"), "{err}");
        let err = KeySet::from_jwk_json(r#"{"keys":[{"kty":"oct","k":"AQ"},{"kty":"XYZ"}]}"#)
            .unwrap_err();
        assert!(
            err.to_string().contains("JWKS key #2: key type \"XYZ\""),
            "{err}"
        );
        let err = KeySet::from_jwk_json(r#"{"kty":"oct","k":"AQ","kty":"RSA"}"#).unwrap_err();
        assert!(err.to_string().contains("duplicate member"), "{err}");
    }

    #[test]
    fn key_type_decides_algorithms() {
        let rsa = &KeySet::from_pem(&fixture("rsa2048.spki.pem")).unwrap().keys[0];
        assert!(
            rsa.refuses(Alg::HS256)
                .unwrap()
                .contains("algorithm-confusion")
        );
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
        assert!(shown.contains("HMAC secret (16 bytes)"));
    }
}
