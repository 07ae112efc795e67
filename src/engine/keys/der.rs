//! ASN.1 DER key structures: SPKI, PKCS#8, PKCS#1, SEC1 and X.509 certificates.

use pkcs8::DecodePrivateKey;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::{RsaPrivateKey, RsaPublicKey};
use spki::{DecodePublicKey, ObjectIdentifier};
use zeroize::Zeroizing;

use super::{Key, KeyOrigin, Material};
use crate::engine::alg::Curve;
use crate::engine::error::KeyProblem;

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

/// The DER labels tried, in order, for DER of unknown structure.
const LABELS: [&str; 6] = [
    "PUBLIC KEY",
    "PRIVATE KEY",
    "CERTIFICATE",
    "RSA PUBLIC KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
];

/// DER of any structure jwtpad reads, or `None`.
pub(super) fn any(der: &[u8]) -> Option<Key> {
    LABELS
        .into_iter()
        .find_map(|label| labelled(label, der, KeyOrigin::Der(label.to_owned())).ok())
}

/// DER read as the structure a PEM label names.
pub(super) fn labelled(label: &str, der: &[u8], origin: KeyOrigin) -> Result<Key, KeyProblem> {
    let material = match label {
        "PUBLIC KEY" => from_spki(der)?,
        "RSA PUBLIC KEY" => Material::Rsa {
            public: RsaPublicKey::from_pkcs1_der(der).map_err(rsa_problem)?,
            private: None,
        },
        "PRIVATE KEY" => from_pkcs8(der)?,
        "RSA PRIVATE KEY" => rsa_private(RsaPrivateKey::from_pkcs1_der(der).map_err(rsa_problem)?),
        "EC PRIVATE KEY" => from_sec1(der)?,
        "CERTIFICATE" => {
            use ::der::{Decode, Encode};
            let cert = x509_cert::Certificate::from_der(der)
                .map_err(|e| KeyProblem::X509Invalid(e.to_string()))?;
            let spki = cert
                .tbs_certificate
                .subject_public_key_info
                .to_der()
                .map_err(|e| KeyProblem::CertSpki(e.to_string()))?;
            from_spki(&spki)?
        }
        "ENCRYPTED PRIVATE KEY" => return Err(KeyProblem::Encrypted),
        "OPENSSH PRIVATE KEY" => return Err(KeyProblem::OpenSsh),
        other => return Err(KeyProblem::NotAKeyBlock(other.to_owned())),
    };
    Ok(Key::new(material, origin))
}

pub(super) fn rsa_problem(e: impl std::fmt::Display) -> KeyProblem {
    KeyProblem::RsaInvalid(e.to_string())
}

pub(super) fn rsa_private(private: RsaPrivateKey) -> Material {
    Material::Rsa {
        public: private.to_public_key(),
        private: Some(Box::new(private)),
    }
}

fn curve_from_oid(oid: Option<ObjectIdentifier>) -> Result<Curve, KeyProblem> {
    match oid {
        Some(OID_P256) => Ok(Curve::P256),
        Some(OID_P384) => Ok(Curve::P384),
        Some(OID_P521) => Ok(Curve::P521),
        Some(OID_SECP256K1) => Err(KeyProblem::Secp256k1),
        Some(other) => Err(KeyProblem::CurveOidUnsupported(other.to_string())),
        None => Err(KeyProblem::NoCurve),
    }
}

fn unsupported_oid(oid: ObjectIdentifier) -> KeyProblem {
    match oid {
        OID_ED448 => KeyProblem::Ed448,
        OID_X25519 => KeyProblem::X25519,
        OID_RSA_PSS => KeyProblem::RsaPss,
        other => KeyProblem::OidUnsupported(other.to_string()),
    }
}

fn from_spki(der: &[u8]) -> Result<Material, KeyProblem> {
    let info = spki::SubjectPublicKeyInfoRef::try_from(der)
        .map_err(|e| KeyProblem::SpkiInvalid(e.to_string()))?;
    match info.algorithm.oid {
        OID_RSA => Ok(Material::Rsa {
            public: RsaPublicKey::from_public_key_der(der).map_err(rsa_problem)?,
            private: None,
        }),
        OID_EC => {
            let curve = curve_from_oid(info.algorithm.parameters_oid().ok())?;
            ec_public(curve, info.subject_public_key.raw_bytes())
        }
        OID_ED25519 => {
            let public = ed25519_dalek::VerifyingKey::from_public_key_der(der)
                .map_err(|e| KeyProblem::Ed25519PublicInvalid(e.to_string()))?;
            Ok(Material::Ed25519 {
                public,
                private: None,
            })
        }
        other => Err(unsupported_oid(other)),
    }
}

fn from_pkcs8(der: &[u8]) -> Result<Material, KeyProblem> {
    let info = pkcs8::PrivateKeyInfo::try_from(der)
        .map_err(|e| KeyProblem::Pkcs8Invalid(e.to_string()))?;
    match info.algorithm.oid {
        OID_RSA => Ok(rsa_private(
            RsaPrivateKey::from_pkcs8_der(der).map_err(rsa_problem)?,
        )),
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
                .map_err(|e| KeyProblem::Ed25519PrivateInvalid(e.to_string()))?;
            Ok(Material::Ed25519 {
                public: private.verifying_key(),
                private: Some(Box::new(private)),
            })
        }
        other => Err(unsupported_oid(other)),
    }
}

/// The problem for an EC private key the curve's crate refuses.
fn ec_private_invalid<E: std::fmt::Display>(curve: Curve) -> impl Fn(E) -> KeyProblem {
    move |e| KeyProblem::EcPrivateInvalid {
        curve,
        error: e.to_string(),
    }
}

fn from_sec1(der: &[u8]) -> Result<Material, KeyProblem> {
    let info =
        sec1::EcPrivateKey::try_from(der).map_err(|e| KeyProblem::Sec1Invalid(e.to_string()))?;
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
pub(super) fn ec_public(curve: Curve, bytes: &[u8]) -> Result<Material, KeyProblem> {
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
    .ok_or(KeyProblem::EcNotOnCurve(curve))?;
    Ok(Material::Ec {
        curve,
        point,
        scalar: None,
    })
}

/// Derives the public point from a scalar (validating the scalar on the way).
pub(super) fn ec_private(curve: Curve, scalar: Zeroizing<Vec<u8>>) -> Result<Material, KeyProblem> {
    if scalar.len() != curve.scalar_len() {
        return Err(KeyProblem::EcPrivateLen {
            curve,
            len: curve.scalar_len(),
            found: scalar.len(),
        });
    }
    macro_rules! public_of {
        ($curve:ident) => {{
            use $curve::elliptic_curve::sec1::ToEncodedPoint;
            let k = $curve::SecretKey::from_slice(&scalar)
                .map_err(|_| KeyProblem::EcOutOfRange(curve))?;
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
