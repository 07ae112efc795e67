//! JWS algorithms jwtpad signs and verifies, and which key type each one needs.

use std::fmt;
use std::str::FromStr;

/// A JWS `alg` value jwtpad knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // the variant names are the RFC 7518 / RFC 8037 names
pub enum Alg {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    /// RFC 8037 EdDSA; jwtpad supports the Ed25519 curve.
    EdDSA,
    /// The fully-specified name (RFC 9864) that jwt.io's newer debugger emits.
    Ed25519,
    /// Unsecured JWS: never verified.
    None,
}

/// The kind of key an algorithm needs. The key type, not the token, decides what may verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFamily {
    /// A shared secret.
    Hmac,
    /// An RSA key pair.
    Rsa,
    /// An EC key on this curve.
    Ec(Curve),
    /// An Ed25519 key pair.
    Ed25519,
}

/// NIST curves for ECDSA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    /// The JWK `crv` name.
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    /// Bytes of one coordinate or scalar; an ECDSA JWS signature is twice this (RFC 7518 §3.4).
    pub fn scalar_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    /// The ECDSA algorithm defined for this curve.
    pub fn alg(self) -> Alg {
        match self {
            Curve::P256 => Alg::ES256,
            Curve::P384 => Alg::ES384,
            Curve::P521 => Alg::ES512,
        }
    }
}

impl Alg {
    /// Every algorithm, in the order a picker shows them.
    pub const ALL: [Alg; 15] = [
        Alg::HS256,
        Alg::HS384,
        Alg::HS512,
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::ES512,
        Alg::EdDSA,
        Alg::Ed25519,
        Alg::None,
    ];

    /// The `alg` header value.
    pub fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::ES512 => "ES512",
            Alg::EdDSA => "EdDSA",
            Alg::Ed25519 => "Ed25519",
            Alg::None => "none",
        }
    }

    /// The key family that may sign and verify this algorithm; `None` for `alg: none`.
    pub fn family(self) -> Option<KeyFamily> {
        Some(match self {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => KeyFamily::Hmac,
            Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512 => {
                KeyFamily::Rsa
            }
            Alg::ES256 => KeyFamily::Ec(Curve::P256),
            Alg::ES384 => KeyFamily::Ec(Curve::P384),
            Alg::ES512 => KeyFamily::Ec(Curve::P521),
            Alg::EdDSA | Alg::Ed25519 => KeyFamily::Ed25519,
            Alg::None => return None,
        })
    }

    /// For HMAC: the hash output size, which RFC 7518 §3.2 sets as the minimum key size.
    pub fn hmac_min_key_len(self) -> Option<usize> {
        match self {
            Alg::HS256 => Some(32),
            Alg::HS384 => Some(48),
            Alg::HS512 => Some(64),
            _ => None,
        }
    }

    /// How this algorithm makes the signature.
    pub fn scheme(self) -> Scheme {
        match self {
            Alg::HS256 => Scheme::Hmac(Sha::Sha256),
            Alg::HS384 => Scheme::Hmac(Sha::Sha384),
            Alg::HS512 => Scheme::Hmac(Sha::Sha512),
            Alg::RS256 => Scheme::RsaPkcs1(Sha::Sha256),
            Alg::RS384 => Scheme::RsaPkcs1(Sha::Sha384),
            Alg::RS512 => Scheme::RsaPkcs1(Sha::Sha512),
            Alg::PS256 => Scheme::RsaPss(Sha::Sha256),
            Alg::PS384 => Scheme::RsaPss(Sha::Sha384),
            Alg::PS512 => Scheme::RsaPss(Sha::Sha512),
            Alg::ES256 => Scheme::Ecdsa(Curve::P256, Sha::Sha256),
            Alg::ES384 => Scheme::Ecdsa(Curve::P384, Sha::Sha384),
            Alg::ES512 => Scheme::Ecdsa(Curve::P521, Sha::Sha512),
            Alg::EdDSA | Alg::Ed25519 => Scheme::Ed25519,
            Alg::None => Scheme::Unsecured,
        }
    }

    /// The same algorithm as jsonwebtoken names it, where jsonwebtoken implements it.
    pub(crate) fn to_jsonwebtoken(self) -> Option<jsonwebtoken::Algorithm> {
        use jsonwebtoken::Algorithm as J;
        Some(match self {
            Alg::HS256 => J::HS256,
            Alg::HS384 => J::HS384,
            Alg::HS512 => J::HS512,
            Alg::RS256 => J::RS256,
            Alg::RS384 => J::RS384,
            Alg::RS512 => J::RS512,
            Alg::PS256 => J::PS256,
            Alg::PS384 => J::PS384,
            Alg::PS512 => J::PS512,
            Alg::ES256 => J::ES256,
            Alg::ES384 => J::ES384,
            Alg::EdDSA | Alg::Ed25519 => J::EdDSA,
            Alg::ES512 | Alg::None => return None,
        })
    }
}

/// A SHA-2 hash, as a signature scheme uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum Sha {
    Sha256,
    Sha384,
    Sha512,
}

impl Sha {
    /// The output size in bits: 256, 384 or 512.
    pub fn bits(self) -> u16 {
        match self {
            Sha::Sha256 => 256,
            Sha::Sha384 => 384,
            Sha::Sha512 => 512,
        }
    }
}

/// How an algorithm makes the signature segment from `header "." payload`: data for
/// explaining a token, the words are the caller's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scheme {
    /// HMAC with this hash, keyed by the shared secret (RFC 7518 §3.2).
    Hmac(Sha),
    /// RSASSA-PKCS1-v1_5 with this hash, by the RSA private key (RFC 7518 §3.3).
    RsaPkcs1(Sha),
    /// RSASSA-PSS with this hash and MGF1 with the same hash (RFC 7518 §3.5).
    RsaPss(Sha),
    /// ECDSA on this curve with this hash (RFC 7518 §3.4).
    Ecdsa(Curve, Sha),
    /// Ed25519 (RFC 8037).
    Ed25519,
    /// `alg: none`: the signature segment is empty and nothing protects the token.
    Unsecured,
}

impl Scheme {
    /// A stable kebab-case name for `--json` and tests: `hmac-sha256`, `ecdsa-p256-sha256`.
    pub fn code(self) -> &'static str {
        match self {
            Scheme::Hmac(Sha::Sha256) => "hmac-sha256",
            Scheme::Hmac(Sha::Sha384) => "hmac-sha384",
            Scheme::Hmac(Sha::Sha512) => "hmac-sha512",
            Scheme::RsaPkcs1(Sha::Sha256) => "rsassa-pkcs1-v1-5-sha256",
            Scheme::RsaPkcs1(Sha::Sha384) => "rsassa-pkcs1-v1-5-sha384",
            Scheme::RsaPkcs1(Sha::Sha512) => "rsassa-pkcs1-v1-5-sha512",
            Scheme::RsaPss(Sha::Sha256) => "rsassa-pss-sha256",
            Scheme::RsaPss(Sha::Sha384) => "rsassa-pss-sha384",
            Scheme::RsaPss(Sha::Sha512) => "rsassa-pss-sha512",
            Scheme::Ecdsa(Curve::P256, _) => "ecdsa-p256-sha256",
            Scheme::Ecdsa(Curve::P384, _) => "ecdsa-p384-sha384",
            Scheme::Ecdsa(Curve::P521, _) => "ecdsa-p521-sha512",
            Scheme::Ed25519 => "ed25519",
            Scheme::Unsecured => "unsecured",
        }
    }

    /// Whether the signer holds a shared secret (HMAC) rather than a private key; `false`
    /// for [`Scheme::Unsecured`], which needs neither.
    pub fn uses_secret(self) -> bool {
        matches!(self, Scheme::Hmac(_))
    }
}

impl fmt::Display for Alg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The `alg` text was not one jwtpad knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAlg(pub String);

impl FromStr for Alg {
    type Err = UnknownAlg;

    /// Exact, case-sensitive names as JWS requires; `none` is the exception and matches in any
    /// letter case, so that `NoNe` can never slip past as something other than "unsigned".
    fn from_str(s: &str) -> Result<Self, UnknownAlg> {
        if s.eq_ignore_ascii_case("none") {
            return Ok(Alg::None);
        }
        Alg::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| UnknownAlg(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for alg in Alg::ALL {
            assert_eq!(alg.name().parse::<Alg>(), Ok(alg));
        }
    }

    #[test]
    fn every_alg_has_a_scheme_with_its_own_code() {
        let codes: std::collections::BTreeSet<&str> =
            Alg::ALL.iter().map(|a| a.scheme().code()).collect();
        // EdDSA and Ed25519 are one scheme; every other alg its own.
        assert_eq!(codes.len(), Alg::ALL.len() - 1);
        assert_eq!(Alg::ES512.scheme(), Scheme::Ecdsa(Curve::P521, Sha::Sha512));
        assert_eq!(Alg::PS384.scheme().code(), "rsassa-pss-sha384");
        assert!(Alg::HS256.scheme().uses_secret());
        assert!(!Alg::RS256.scheme().uses_secret());
        for curve in [Curve::P256, Curve::P384, Curve::P521] {
            assert!(matches!(curve.alg().scheme(), Scheme::Ecdsa(c, _) if c == curve));
        }
    }

    #[test]
    fn none_in_any_case_is_none_and_others_are_case_sensitive() {
        for s in ["none", "None", "NONE", "nOnE"] {
            assert_eq!(s.parse::<Alg>(), Ok(Alg::None));
        }
        assert!("hs256".parse::<Alg>().is_err());
        assert_eq!("ES256K".parse::<Alg>(), Err(UnknownAlg("ES256K".into())));
    }
}
