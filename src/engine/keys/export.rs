//! The public half of a key, written out for a server to verify with: an SPKI PEM, a JWK
//! or a JWKS. Every JWK carries `kid` = its RFC 7638 thumbprint, `alg` and `use: "sig"`, so
//! the server under test can be configured with it at once.

use pkcs8::{EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::{Key, Material};
use crate::engine::alg::Alg;
use crate::engine::b64;

/// The shapes a public key is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicFormat {
    /// `-----BEGIN PUBLIC KEY-----` (SPKI).
    Pem,
    /// One JWK object.
    Jwk,
    /// `{"keys": [...]}`.
    Jwks,
}

/// Why a key has no public half to export.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportProblem {
    /// An HMAC secret is the same on both sides: it has no public half.
    Symmetric,
    /// The PEM encoder failed.
    Encode(String),
}

impl std::error::Error for ExportProblem {}

impl ExportProblem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            ExportProblem::Symmetric => "export-symmetric-key",
            ExportProblem::Encode(_) => "export-encode-failed",
        }
    }
}

impl Key {
    /// True when the key has a public half (RSA, EC, Ed25519), which may be exported.
    pub fn has_public_half(&self) -> bool {
        !matches!(self.material, Material::Hmac(_))
    }

    /// The RFC 7638 members of the public JWK, in the lexicographic order the thumbprint
    /// hashes them in.
    fn required_members(&self) -> Result<Map<String, Value>, ExportProblem> {
        let mut m = Map::new();
        match &self.material {
            Material::Hmac(_) => return Err(ExportProblem::Symmetric),
            Material::Rsa { public, .. } => {
                m.insert(
                    "e".into(),
                    b64::encode_url(&public.e().to_bytes_be()).into(),
                );
                m.insert("kty".into(), "RSA".into());
                m.insert(
                    "n".into(),
                    b64::encode_url(&public.n().to_bytes_be()).into(),
                );
            }
            Material::Ec { curve, point, .. } => {
                let len = curve.scalar_len();
                m.insert("crv".into(), curve.name().into());
                m.insert("kty".into(), "EC".into());
                m.insert("x".into(), b64::encode_url(&point[1..1 + len]).into());
                m.insert("y".into(), b64::encode_url(&point[1 + len..]).into());
            }
            Material::Ed25519 { public, .. } => {
                m.insert("crv".into(), "Ed25519".into());
                m.insert("kty".into(), "OKP".into());
                m.insert("x".into(), b64::encode_url(public.as_bytes()).into());
            }
        }
        Ok(m)
    }

    /// The RFC 7638 JWK thumbprint of the public key (SHA-256, base64url).
    pub fn thumbprint(&self) -> Result<String, ExportProblem> {
        // serde_json with `preserve_order` keeps the insertion order, which is already
        // lexicographic, and writes no whitespace: exactly the RFC's canonical form.
        let canonical = Value::Object(self.required_members()?).to_string();
        Ok(b64::encode_url(&Sha256::digest(canonical.as_bytes())))
    }

    /// The public JWK: the key's members, `kid` = thumbprint, `use: "sig"` and `alg`.
    pub fn public_jwk(&self, alg: Alg) -> Result<Value, ExportProblem> {
        let mut jwk = Map::new();
        let members = self.required_members()?;
        // kty first, as people read JWKs; the thumbprint does not depend on the order here.
        if let Some(kty) = members.get("kty") {
            jwk.insert("kty".into(), kty.clone());
        }
        for (name, value) in members {
            jwk.entry(name).or_insert(value);
        }
        jwk.insert("kid".into(), self.thumbprint()?.into());
        jwk.insert("use".into(), "sig".into());
        jwk.insert("alg".into(), alg.name().into());
        Ok(Value::Object(jwk))
    }

    /// The public key as an SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn public_pem(&self) -> Result<String, ExportProblem> {
        let encode = |e: &dyn std::fmt::Display| ExportProblem::Encode(e.to_string());
        match &self.material {
            Material::Hmac(_) => Err(ExportProblem::Symmetric),
            Material::Rsa { public, .. } => public
                .to_public_key_pem(LineEnding::LF)
                .map_err(|e| encode(&e)),
            Material::Ec { curve, point, .. } => {
                macro_rules! spki {
                    ($curve:ident) => {
                        $curve::PublicKey::from_sec1_bytes(point)
                            .map_err(|e| encode(&e))?
                            .to_public_key_pem(LineEnding::LF)
                            .map_err(|e| encode(&e))
                    };
                }
                match curve {
                    crate::engine::alg::Curve::P256 => spki!(p256),
                    crate::engine::alg::Curve::P384 => spki!(p384),
                    crate::engine::alg::Curve::P521 => spki!(p521),
                }
            }
            Material::Ed25519 { public, .. } => public
                .to_public_key_pem(LineEnding::LF)
                .map_err(|e| encode(&e)),
        }
    }
}

/// The public halves of `keys` in `format`, each JWK with `alg` (a JWK's own `alg` when it
/// has one, else `alg`). A PEM of several keys is their blocks one after another; a JWK of
/// several keys is a JWKS, since one JWK cannot hold them. Secrets are refused.
pub fn export_public(
    keys: &[Key],
    alg: Alg,
    format: PublicFormat,
) -> Result<String, ExportProblem> {
    let alg_of = |k: &Key| {
        k.jwk_alg
            .as_deref()
            .and_then(|a| a.parse().ok())
            .unwrap_or(alg)
    };
    if keys.is_empty() || keys.iter().any(|k| !k.has_public_half()) {
        return Err(ExportProblem::Symmetric);
    }
    let text = match format {
        PublicFormat::Pem => {
            let mut out = String::new();
            for key in keys {
                out.push_str(&key.public_pem()?);
            }
            return Ok(out);
        }
        PublicFormat::Jwk if keys.len() == 1 => {
            serde_json::to_string_pretty(&keys[0].public_jwk(alg_of(&keys[0]))?)
        }
        PublicFormat::Jwk | PublicFormat::Jwks => {
            let jwks = keys
                .iter()
                .map(|k| k.public_jwk(alg_of(k)))
                .collect::<Result<Vec<_>, _>>()?;
            serde_json::to_string_pretty(&json!({ "keys": jwks }))
        }
    };
    text.map(|mut t| {
        t.push('\n');
        t
    })
    .map_err(|e| ExportProblem::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::KeySet;
    use crate::test_support::key_fixture as fixture;

    #[test]
    fn thumbprint_of_rfc_7638_example() {
        // RFC 7638 §3.1.
        let jwk = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;
        let key = &KeySet::from_jwk_json(jwk).unwrap().keys[0];
        assert_eq!(
            key.thumbprint().unwrap(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
        let exported = key.public_jwk(Alg::RS256).unwrap();
        assert_eq!(
            exported["kid"],
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
        assert_eq!(exported["use"], "sig");
        assert_eq!(exported["alg"], "RS256");
    }

    #[test]
    fn exported_public_keys_read_back_as_the_same_keys() {
        for (file, alg) in [
            ("rsa2048.pkcs8.pem", Alg::PS256),
            ("ec-p256.sec1.pem", Alg::ES256),
            ("ec-p384.sec1.pem", Alg::ES384),
            ("ec-p521.pkcs8.pem", Alg::ES512),
            ("ed25519.pkcs8.pem", Alg::EdDSA),
        ] {
            let key = &KeySet::from_pem(&fixture(file)).unwrap().keys[0];
            let want = key.thumbprint().unwrap();
            for format in [PublicFormat::Pem, PublicFormat::Jwk, PublicFormat::Jwks] {
                let text = export_public(std::slice::from_ref(key), alg, format).unwrap();
                assert!(
                    !text.contains("PRIVATE") && !text.contains("\"d\""),
                    "{file}"
                );
                let back = KeySet::from_bytes(text.as_bytes()).unwrap();
                assert_eq!(back.keys.len(), 1, "{file} {format:?}");
                assert!(!back.keys[0].can_sign(), "{file} {format:?}");
                assert_eq!(
                    back.keys[0].thumbprint().unwrap(),
                    want,
                    "{file} {format:?}"
                );
                if format != PublicFormat::Pem {
                    assert_eq!(back.keys[0].kid.as_deref(), Some(want.as_str()));
                    assert_eq!(back.keys[0].jwk_alg.as_deref(), Some(alg.name()));
                    assert_eq!(back.keys[0].jwk_use.as_deref(), Some("sig"));
                    assert_eq!(back.is_jwks, format == PublicFormat::Jwks);
                }
            }
        }
    }

    #[test]
    fn a_secret_has_no_public_half() {
        let key = Key::hmac(crate::engine::Secret::new(b"s3cret".to_vec()));
        assert_eq!(
            export_public(std::slice::from_ref(&key), Alg::HS256, PublicFormat::Jwk),
            Err(ExportProblem::Symmetric)
        );
        assert_eq!(key.public_pem(), Err(ExportProblem::Symmetric));
        assert_eq!(ExportProblem::Symmetric.code(), "export-symmetric-key");
    }
}
