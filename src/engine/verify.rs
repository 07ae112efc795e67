//! The verdict on a token: signature (RFC 8725 rules), time claims, warnings.

use super::alg::{Alg, KeyFamily};
use super::claims::{self, Clock, TimeReport};
use super::crypto;
use super::error::{AlgProblem, CryptoProblem, Error};
use super::hints::Hint;
use super::keys::{Key, KeyDescription, KeyInfo, KeyRefusal, KeySet};
use super::token::Token;
use super::warning::{CritProblem, Warning};

/// Whether the signature holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// No key was given: nothing is claimed about trust.
    NotChecked,
    /// The signature holds with this key.
    Verified {
        /// The key that verified, and where it came from.
        key: KeyInfo,
        /// Position of that key in the [`KeySet`] (which JWKS entry or profile it was).
        index: usize,
    },
    /// The token must not be trusted.
    Failed(FailReason),
}

/// Why a token is not verified.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailReason {
    /// `alg: none` (in any letter case): unsigned, so nothing verifies it.
    Unsigned {
        /// The `alg` as written.
        alg: String,
    },
    /// The header's `alg` cannot be used.
    Alg(AlgProblem),
    /// A critical extension jwtpad does not implement.
    Crit(CritProblem),
    /// The one key given may not verify this algorithm.
    KeyRefused(KeyRefusal),
    /// None of several keys may verify this algorithm.
    NoKeyFits {
        /// The algorithm.
        alg: Alg,
        /// The keys given.
        keys: Vec<KeyDescription>,
    },
    /// No key of the set has the token's `kid`.
    KidNotFound {
        /// The algorithm.
        alg: Alg,
        /// The token's kid.
        kid: String,
    },
    /// The signature could not even be checked (e.g. its length is impossible).
    Uncheckable(CryptoProblem),
    /// The signature was checked and does not match the one key.
    Mismatch,
    /// The signature was checked and matches none of these keys.
    MismatchAny {
        /// How many keys were tried.
        count: usize,
        /// The algorithm.
        alg: Alg,
    },
}

impl FailReason {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            FailReason::Unsigned { .. } => "alg-none",
            FailReason::Alg(p) => p.code(),
            FailReason::Crit(c) => c.code(),
            FailReason::KeyRefused(r) => r.code(),
            FailReason::NoKeyFits { .. } => "key-alg-mismatch",
            FailReason::KidNotFound { .. } => "kid-not-found",
            FailReason::Uncheckable(c) => c.code(),
            FailReason::Mismatch | FailReason::MismatchAny { .. } => "signature-mismatch",
        }
    }

    /// True when the signature was checked and does not match; false when the token or
    /// the keys did not allow a check.
    pub fn is_mismatch(&self) -> bool {
        matches!(self, FailReason::Mismatch | FailReason::MismatchAny { .. })
    }
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
    /// `exp`, `nbf`, `iat`. Their problems are in here, not in `warnings`.
    pub time: TimeReport,
    /// Risky but legitimate things about the token and the key.
    pub warnings: Vec<Warning>,
    /// Likely reasons why it does not verify (or why its time fails by a little); empty
    /// when it verifies and its time holds, or when no likely mistake explains it.
    pub hints: Vec<Hint>,
}

/// Decodes pasted text and, when keys are given, verifies it.
pub fn decode(input: &str, keys: Option<&KeySet>, clock: &Clock) -> Result<Decoded, Error> {
    Ok(judge(Token::parse(input)?, keys, clock))
}

/// [`decode`] of a token already read: verified when keys are given, its time claims judged
/// at `clock`. The window judges the token it just signed without reading it back.
pub fn judge(token: Token, keys: Option<&KeySet>, clock: &Clock) -> Decoded {
    let mut warnings = token.warnings();
    let mut hints = Vec::new();
    let verification = match keys {
        None => Verification::NotChecked,
        Some(keys) => {
            let (verdict, key_warnings) = verify(&token, keys);
            warnings.extend(key_warnings);
            if let Verification::Failed(reason) = &verdict {
                hints = super::hints::for_failure(&token, keys, reason);
            }
            verdict
        }
    };
    let time = match token.payload.claims() {
        Some(c) => claims::evaluate(c, clock),
        None => TimeReport {
            claims: Vec::new(),
            clock: *clock,
        },
    };
    if matches!(verification, Verification::Verified { .. }) && time.valid() == Some(false) {
        hints = super::hints::for_time(&time, clock);
    }
    Decoded {
        token,
        verification,
        time,
        warnings,
        hints,
    }
}

/// Verifies the signature with the keys allowed for the token's algorithm. Returns the
/// verdict and warnings about the key (short secrets, small RSA keys, `kid` mismatches).
pub fn verify(token: &Token, keys: &KeySet) -> (Verification, Vec<Warning>) {
    let fail = |reason: FailReason| (Verification::Failed(reason), Vec::new());
    let alg = match token.alg() {
        Ok(alg) => alg,
        Err(problem) => return fail(FailReason::Alg(problem)),
    };
    if alg == Alg::None {
        return fail(FailReason::Unsigned {
            alg: token.alg_text().unwrap_or("none").to_owned(),
        });
    }
    if let Some(problem) = token.crit_problem() {
        return fail(FailReason::Crit(problem));
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
    // HMAC reads the signing input in its pieces; the other algorithms need it in one
    // buffer, joined once however many keys are tried.
    let pieces = token.signing_input_parts();
    let joined = std::cell::OnceCell::new();
    let mut problem = None;
    for key in &candidates.keys {
        let checked = if key.hmac_secret().is_some() {
            crypto::verify_parts(alg, key, &pieces, &token.signature)
        } else {
            let joined: &Vec<u8> = joined.get_or_init(|| pieces.concat());
            crypto::verify(alg, key, joined, &token.signature)
        };
        match checked {
            Ok(true) => {
                let index = keys
                    .keys
                    .iter()
                    .position(|k| std::ptr::eq(k, *key))
                    .unwrap_or_default();
                let verdict = Verification::Verified {
                    key: key.info(),
                    index,
                };
                return (verdict, warnings);
            }
            Ok(false) => {}
            Err(why) => problem = Some(why),
        }
    }
    let reason = match problem {
        Some(why) if candidates.keys.len() == 1 => FailReason::Uncheckable(why),
        _ if candidates.keys.len() == 1 => FailReason::Mismatch,
        _ => FailReason::MismatchAny {
            count: candidates.keys.len(),
            alg,
        },
    };
    (Verification::Failed(reason), warnings)
}

struct Candidates<'a> {
    keys: Vec<&'a Key>,
    warnings: Vec<Warning>,
}

/// Picks the keys that may verify `alg`: by key type first (never by what the token claims),
/// then by `kid` (a JWKS may hold an RSA and an EC key with the same `kid`).
fn candidates<'a>(token: &Token, keys: &'a KeySet, alg: Alg) -> Result<Candidates<'a>, FailReason> {
    let usable: Vec<&Key> = keys
        .keys
        .iter()
        .filter(|k| k.refuses(alg).is_none())
        .collect();
    if usable.is_empty() {
        return Err(match keys.keys.as_slice() {
            [only] => {
                FailReason::KeyRefused(only.refuses(alg).unwrap_or(KeyRefusal::NoneTakesNoKey))
            }
            all => FailReason::NoKeyFits {
                alg,
                keys: all.iter().map(Key::describe).collect(),
            },
        });
    }
    let found = |keys: Vec<&'a Key>| {
        Ok(Candidates {
            keys,
            warnings: Vec::new(),
        })
    };
    let Some(kid) = token.kid() else {
        return found(usable);
    };
    let by_kid: Vec<&Key> = usable
        .iter()
        .copied()
        .filter(|k| k.kid.as_deref() == Some(kid))
        .collect();
    if !by_kid.is_empty() {
        return found(by_kid);
    }
    let without_kid: Vec<&Key> = usable.iter().copied().filter(|k| k.kid.is_none()).collect();
    if !without_kid.is_empty() {
        return found(without_kid);
    }
    if !keys.is_jwks && usable.len() == 1 {
        let warning = Warning::KidDiffers {
            key_kid: usable[0].kid.clone().unwrap_or_default(),
            token_kid: kid.to_owned(),
        };
        return Ok(Candidates {
            keys: usable,
            warnings: vec![warning],
        });
    }
    Err(FailReason::KidNotFound {
        alg,
        kid: kid.to_owned(),
    })
}

/// Weaknesses of a key used with `alg` that deserve a warning but not a refusal.
pub fn key_warnings(key: &Key, alg: Alg) -> Vec<Warning> {
    let mut out = Vec::new();
    if let (Some(min), Some(secret)) = (alg.hmac_min_key_len(), key.hmac_secret())
        && secret.len() < min
    {
        out.push(Warning::ShortSecret {
            bytes: secret.len(),
            min,
            alg,
        });
    }
    if key.family() == KeyFamily::Rsa && key.bits() < 2048 {
        out.push(Warning::SmallRsa { bits: key.bits() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Secret, sign_json};

    fn reason(v: &Verification) -> &FailReason {
        match v {
            Verification::Failed(reason) => reason,
            other => panic!("not failed: {other:?}"),
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
        let verdict = verify(&token, &KeySet::from(other)).0;
        assert_eq!(reason(&verdict), &FailReason::Mismatch);
        assert!(reason(&verdict).is_mismatch());
        assert_eq!(reason(&verdict).code(), "signature-mismatch");
        let unsigned = Token::parse("eyJhbGciOiJub25lIn0.e30.").unwrap();
        let verdict = verify(&unsigned, &KeySet::from(key.clone())).0;
        assert!(!reason(&verdict).is_mismatch());
        assert_eq!(reason(&verdict).code(), "alg-none");
        let short = Token::parse(&format!("{}.AAAA", token.signing_input())).unwrap();
        let verdict = verify(&short, &KeySet::from(key)).0;
        assert_eq!(reason(&verdict).code(), "signature-length");
    }

    #[test]
    fn the_key_type_decides_and_kid_selects() {
        let rsa = KeySet::from_pem(&crate::test_support::key_fixture("rsa2048.spki.pem")).unwrap();
        let token = Token::parse(crate::test_support::JWTIO).unwrap();
        let verdict = verify(&token, &rsa).0;
        assert_eq!(reason(&verdict).code(), "key-alg-mismatch");
        // {"alg":"HS256","kid":"b"} against a JWKS whose only key has kid "a".
        let jwks = KeySet::from_jwk_json(r#"{"keys":[{"kty":"oct","k":"AQ","kid":"a"}]}"#).unwrap();
        let kid_b = Token::parse("eyJhbGciOiJIUzI1NiIsImtpZCI6ImIifQ.e30.AAAA").unwrap();
        let verdict = verify(&kid_b, &jwks).0;
        assert_eq!(
            reason(&verdict),
            &FailReason::KidNotFound {
                alg: Alg::HS256,
                kid: "b".into()
            }
        );
    }
}
