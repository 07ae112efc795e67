//! The verdict on a token: signature (RFC 8725 rules), time claims, warnings.

use rust_i18n::t;

use super::alg::{Alg, KeyFamily};
use super::claims::{self, Clock, TimeReport};
use super::crypto;
use super::error::Error;
use super::keys::{Key, KeySet};
use super::token::Token;

/// Whether the signature holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// No key was given: nothing is claimed about trust.
    NotChecked,
    /// The signature holds with this key (a description safe to show).
    Verified {
        /// e.g. "RSA 2048-bit public key from PEM PUBLIC KEY".
        key: String,
        /// Position of that key in the [`KeySet`] (which JWKS entry or profile it was).
        index: usize,
    },
    /// The token must not be trusted; the reason is one plain sentence.
    Failed {
        /// Why, e.g. "signature does not match".
        reason: String,
        /// True when the signature was checked and does not match; false when the token or
        /// the keys did not allow a check. Callers tell the two apart by this, not by the
        /// reason's words, which depend on the language.
        mismatch: bool,
    },
}

impl Verification {
    /// `Some(true)` verified, `Some(false)` failed, `None` not checked.
    pub fn verified(&self) -> Option<bool> {
        match self {
            Verification::NotChecked => None,
            Verification::Verified { .. } => Some(true),
            Verification::Failed { .. } => Some(false),
        }
    }
}

/// Everything known about a token after decoding (and verifying, when keys were given).
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The decoded token.
    pub token: Token,
    /// The signature verdict.
    pub verification: Verification,
    /// `exp`, `nbf`, `iat`.
    pub time: TimeReport,
    /// Risky but legitimate things, in plain words.
    pub warnings: Vec<String>,
}

impl Decoded {
    /// The command-line exit status: 0 fine, 1 when a key was given and the signature or
    /// the time claims fail. (Malformed input never gets here: it is an [`Error`], exit 2.)
    pub fn exit_code(&self) -> u8 {
        match self.verification {
            Verification::NotChecked => 0,
            Verification::Failed { .. } => 1,
            Verification::Verified { .. } => u8::from(self.time.valid() == Some(false)),
        }
    }
}

/// Decodes pasted text and, when keys are given, verifies it.
pub fn decode(input: &str, keys: Option<&KeySet>, clock: &Clock) -> Result<Decoded, Error> {
    let token = Token::parse(input)?;
    let mut warnings = token.warnings();
    let verification = match keys {
        None => Verification::NotChecked,
        Some(keys) => {
            let (verdict, key_warnings) = verify(&token, keys);
            warnings.extend(key_warnings);
            verdict
        }
    };
    let time = token
        .payload
        .claims()
        .map(|c| claims::evaluate(c, clock))
        .unwrap_or_default();
    warnings.extend(time.problems());
    Ok(Decoded {
        token,
        verification,
        time,
        warnings,
    })
}

/// Verifies the signature with the keys allowed for the token's algorithm. Returns the
/// verdict and warnings about the key (short secrets, small RSA keys, `kid` mismatches).
pub fn verify(token: &Token, keys: &KeySet) -> (Verification, Vec<String>) {
    let fail = |reason: String| {
        let failed = Verification::Failed {
            reason,
            mismatch: false,
        };
        (failed, Vec::new())
    };
    let alg = match token.alg() {
        Ok(alg) => alg,
        Err(reason) => return fail(reason),
    };
    if alg == Alg::None {
        return fail(
            t!(
                "engine.verify.unsigned",
                alg = token.alg_text().unwrap_or("none").escape_debug()
            )
            .into_owned(),
        );
    }
    if let Some(problem) = token.crit_problem() {
        return fail(problem);
    }
    let candidates = match candidates(token, keys, alg) {
        Ok(c) => c,
        Err(reason) => return fail(reason),
    };
    let mut warnings = candidates.warnings;
    for key in &candidates.keys {
        for warning in key_warnings(key, alg) {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
    }
    let signing_input = token.signing_input();
    let mut problem = None;
    for key in &candidates.keys {
        match crypto::verify(alg, key, signing_input.as_bytes(), &token.signature) {
            Ok(true) => {
                let index = keys
                    .keys
                    .iter()
                    .position(|k| std::ptr::eq(k, *key))
                    .unwrap_or_default();
                return (
                    Verification::Verified {
                        key: describe_with_origin(key),
                        index,
                    },
                    warnings,
                );
            }
            Ok(false) => {}
            Err(why) => problem = Some(why),
        }
    }
    let (reason, mismatch) = match problem {
        Some(why) if candidates.keys.len() == 1 => {
            (t!("engine.verify.cannot_match", why = why), false)
        }
        _ if candidates.keys.len() == 1 => (t!("engine.verify.no_match"), true),
        _ => (
            t!(
                "engine.verify.no_match_any",
                count = candidates.keys.len(),
                alg = alg
            ),
            true,
        ),
    };
    let reason = reason.into_owned();
    (Verification::Failed { reason, mismatch }, warnings)
}

fn describe_with_origin(key: &Key) -> String {
    let described = key.describe();
    // A plain secret's origin would only repeat its description.
    if key.origin == t!("engine.keys.origin_hmac") {
        described
    } else {
        t!(
            "engine.verify.from_origin",
            key = described,
            origin = key.origin
        )
        .into_owned()
    }
}

struct Candidates<'a> {
    keys: Vec<&'a Key>,
    warnings: Vec<String>,
}

/// Picks the keys that may verify `alg`: by key type first (never by what the token claims),
/// then by `kid` (a JWKS may hold an RSA and an EC key with the same `kid`).
fn candidates<'a>(token: &Token, keys: &'a KeySet, alg: Alg) -> Result<Candidates<'a>, String> {
    let usable: Vec<&Key> = keys
        .keys
        .iter()
        .filter(|k| k.refuses(alg).is_none())
        .collect();
    if usable.is_empty() {
        return Err(match keys.keys.as_slice() {
            [only] => only.refuses(alg).unwrap_or_default(),
            all => {
                let kinds: Vec<String> = all.iter().map(Key::describe).collect();
                t!(
                    "engine.verify.no_key_fits",
                    count = all.len(),
                    alg = alg,
                    family = alg
                        .family()
                        .map_or_else(String::new, |f: KeyFamily| f.to_string()),
                    keys = kinds.join(", ")
                )
                .into_owned()
            }
        });
    }
    let Some(kid) = token.kid() else {
        return Ok(Candidates {
            keys: usable,
            warnings: Vec::new(),
        });
    };
    let by_kid: Vec<&Key> = usable
        .iter()
        .copied()
        .filter(|k| k.kid.as_deref() == Some(kid))
        .collect();
    if !by_kid.is_empty() {
        return Ok(Candidates {
            keys: by_kid,
            warnings: Vec::new(),
        });
    }
    let without_kid: Vec<&Key> = usable.iter().copied().filter(|k| k.kid.is_none()).collect();
    if !without_kid.is_empty() {
        return Ok(Candidates {
            keys: without_kid,
            warnings: Vec::new(),
        });
    }
    if !keys.is_jwks && usable.len() == 1 {
        let warning = t!(
            "engine.verify.kid_differs",
            key_kid = usable[0].kid.as_deref().unwrap_or_default().escape_debug(),
            token_kid = kid.escape_debug()
        )
        .into_owned();
        return Ok(Candidates {
            keys: usable,
            warnings: vec![warning],
        });
    }
    Err(t!(
        "engine.verify.no_kid_match",
        alg = alg,
        kid = kid.escape_debug()
    )
    .into_owned())
}

/// Weaknesses of a key used with `alg` that deserve a warning but not a refusal.
pub fn key_warnings(key: &Key, alg: Alg) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(min), Some(secret)) = (alg.hmac_min_key_len(), key.hmac_secret())
        && secret.len() < min
    {
        out.push(
            t!(
                "engine.verify.short_secret",
                bytes = secret.len(),
                min = min,
                alg = alg
            )
            .into_owned(),
        );
    }
    if key.family() == KeyFamily::Rsa && key.bits() < 2048 {
        out.push(t!("engine.verify.small_rsa", bits = key.bits()).into_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Secret, sign_json};

    fn mismatch(v: &Verification) -> Option<bool> {
        match v {
            Verification::Failed { mismatch, .. } => Some(*mismatch),
            _ => None,
        }
    }

    #[test]
    fn a_changed_token_is_a_mismatch_an_uncheckable_one_is_not() {
        let key = Key::hmac(Secret::new(vec![7; 32]));
        let other = Key::hmac(Secret::new(vec![8; 32]));
        let token = sign_json("{}", r#"{"exp":4102444800}"#, Alg::HS256, Some(&key))
            .unwrap()
            .token;
        let token = Token::parse(&token).unwrap();
        assert_eq!(
            mismatch(&verify(&token, &KeySet::from(other)).0),
            Some(true)
        );
        let unsigned = Token::parse("eyJhbGciOiJub25lIn0.e30.").unwrap();
        assert_eq!(
            mismatch(&verify(&unsigned, &KeySet::from(key)).0),
            Some(false)
        );
    }
}
