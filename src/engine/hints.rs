//! Why a token does not verify: the likely mistakes, tried locally with the keys given and
//! nothing else (no brute force). Each hit is a [`Hint`]; hints never change the verdict.
//! Words come from `Display` (`messages.rs`).

use super::alg::{Alg, KeyFamily};
use super::b64;
use super::claims::{Clock, TimeReport, TimeStatus};
use super::crypto;
use super::error::{CryptoProblem, SigHint};
use super::keys::{Key, KeyRefusal, KeySet};
use super::secret::Secret;
use super::token::Token;
use super::verify::{FailReason, Verification};

/// How far past the leeway a time claim may be and still be called clock skew.
pub const SKEW_LIMIT_SECS: i64 = 300;

/// One likely reason why a token does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hint {
    /// It verifies when the secret text is read as base64.
    SecretIsBase64,
    /// It verifies when the base64 secret is used as the text it is.
    SecretIsText,
    /// It verifies once trailing whitespace is removed from the secret, or added to it.
    SecretWhitespace {
        /// The whitespace.
        what: Whitespace,
        /// True when it had to be added, false when removed.
        added: bool,
    },
    /// The token's `kid` matches no key, but another key of the set verifies it.
    KidMismatch {
        /// The token's kid.
        token_kid: String,
        /// The kid of the key that verifies (none when that key has no kid).
        key_kid: Option<String>,
    },
    /// The signature was made with a sibling algorithm, not the header's.
    AlgVariant {
        /// The header's algorithm.
        header: Alg,
        /// The algorithm that verifies.
        signed: Alg,
    },
    /// An ECDSA signature in DER form where JWS needs raw R‖S.
    EcdsaDer {
        /// The algorithm.
        alg: Alg,
    },
    /// The key cannot verify this algorithm at all.
    KeyFamily {
        /// The algorithm.
        alg: Alg,
        /// The key given.
        given: KeyFamily,
        /// The kind of key that would.
        needed: KeyFamily,
    },
    /// The signature holds and a time claim fails only by a little.
    ClockSkew {
        /// `exp` or `nbf`.
        claim: &'static str,
        /// Seconds between now and the claim.
        off_secs: i64,
        /// The leeway in force.
        leeway: i64,
        /// The smallest leeway, in seconds, that accepts the token.
        needed: i64,
    },
    /// The key given fails, but the keys of another stored profile verify the token.
    OtherProfile {
        /// That profile's name.
        name: String,
    },
}

/// Trailing whitespace a secret may have gained or lost on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Whitespace {
    Newline,
    CrLf,
    Space,
    /// Several whitespace characters.
    Several,
}

impl Hint {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Hint::SecretIsBase64 => "secret-is-base64",
            Hint::SecretIsText => "secret-is-text",
            Hint::SecretWhitespace { .. } => "secret-whitespace",
            Hint::KidMismatch { .. } => "kid-mismatch",
            Hint::AlgVariant { .. } => "alg-variant",
            Hint::EcdsaDer { .. } => "ecdsa-der",
            Hint::KeyFamily { .. } => "key-family",
            Hint::ClockSkew { .. } => "clock-skew",
            Hint::OtherProfile { .. } => "other-profile",
        }
    }
}

/// The likely mistakes behind a failed verification. Only called when it failed.
pub fn for_failure(token: &Token, keys: &KeySet, reason: &FailReason) -> Vec<Hint> {
    let Ok(alg) = token.alg() else {
        return Vec::new();
    };
    let input = token.signing_input();
    let input = input.as_bytes();
    let sig = token.signature.as_slice();
    let holds =
        |alg: Alg, key: &Key, sig: &[u8]| matches!(crypto::verify(alg, key, input, sig), Ok(true));
    let mut hints = Vec::new();
    match reason {
        FailReason::KeyRefused(KeyRefusal::WrongFamily { family, alg }) => {
            if let Some(needed) = alg.family() {
                hints.push(Hint::KeyFamily {
                    alg: *alg,
                    given: *family,
                    needed,
                });
            }
        }
        FailReason::NoKeyFits { alg, .. } => {
            let given = keys.keys.iter().find_map(|k| match k.refuses(*alg) {
                Some(KeyRefusal::WrongFamily { family, .. }) => Some(family),
                _ => None,
            });
            if let (Some(given), Some(needed)) = (given, alg.family()) {
                hints.push(Hint::KeyFamily {
                    alg: *alg,
                    given,
                    needed,
                });
            }
        }
        FailReason::KidNotFound { kid, .. } => {
            let other = keys
                .keys
                .iter()
                .filter(|k| k.refuses(alg).is_none())
                .find(|k| holds(alg, k, sig));
            if let Some(key) = other {
                hints.push(Hint::KidMismatch {
                    token_kid: kid.clone(),
                    key_kid: key.kid.clone(),
                });
            }
        }
        FailReason::Mismatch | FailReason::MismatchAny { .. } | FailReason::Uncheckable(_) => {
            let fitting: Vec<&Key> = keys
                .keys
                .iter()
                .filter(|k| alg.family() == Some(k.family()))
                .collect();
            if alg.family() == Some(KeyFamily::Hmac) {
                secret_hints(&fitting, alg, &holds, sig, &mut hints);
            }
            let der = matches!(
                reason,
                FailReason::Uncheckable(CryptoProblem::WrongLength {
                    hint: Some(SigHint::Der),
                    ..
                })
            ) || sig.first() == Some(&0x30);
            if matches!(alg, Alg::ES256 | Alg::ES384 | Alg::ES512)
                && der
                && let Some(KeyFamily::Ec(curve)) = alg.family()
                && let Some(raw) = der_to_raw(sig, curve.scalar_len())
                && fitting.iter().any(|k| holds(alg, k, &raw))
            {
                hints.push(Hint::EcdsaDer { alg });
            }
            let sibling = Alg::ALL
                .into_iter()
                .filter(|s| *s != alg && s.family() == alg.family() && s.family().is_some())
                .filter(|s| {
                    !matches!(
                        (alg, s),
                        (Alg::EdDSA, Alg::Ed25519) | (Alg::Ed25519, Alg::EdDSA)
                    )
                })
                .find(|s| fitting.iter().any(|k| holds(*s, k, sig)));
            if let Some(signed) = sibling {
                hints.push(Hint::AlgVariant {
                    header: alg,
                    signed,
                });
            }
        }
        _ => {}
    }
    hints
}

/// Secret read the other way (text vs base64) and trailing whitespace dropped or added.
fn secret_hints(
    keys: &[&Key],
    alg: Alg,
    holds: &dyn Fn(Alg, &Key, &[u8]) -> bool,
    sig: &[u8],
    hints: &mut Vec<Hint>,
) {
    let with = |bytes: &[u8]| {
        let key = Key::hmac(Secret::new(bytes.to_vec()));
        holds(alg, &key, sig)
    };
    let mut found = |hint: Hint| {
        if !hints.contains(&hint) {
            hints.push(hint);
        }
    };
    for key in keys {
        let Some(secret) = key.hmac_secret() else {
            continue;
        };
        let bytes = secret.expose();
        if let Ok(text) = std::str::from_utf8(bytes)
            && let Ok(decoded) = b64::decode_secret(text)
            && with(&decoded)
        {
            found(Hint::SecretIsBase64);
        }
        if b64::encodings(bytes)
            .iter()
            .any(|text| with(text.as_bytes()))
        {
            found(Hint::SecretIsText);
        }
        let trimmed = bytes.trim_ascii_end();
        let removed = [
            (&b"\r\n"[..], Whitespace::CrLf),
            (b"\n", Whitespace::Newline),
            (b" ", Whitespace::Space),
        ]
        .into_iter()
        .find_map(|(suffix, what)| bytes.strip_suffix(suffix).map(|s| (s, what)))
        .into_iter()
        .chain((trimmed.len() + 1 < bytes.len()).then_some((trimmed, Whitespace::Several)))
        .find(|(shorter, _)| with(shorter));
        if let Some((_, what)) = removed {
            found(Hint::SecretWhitespace { what, added: false });
        }
        let added = [
            (&b"\n"[..], Whitespace::Newline),
            (b"\r\n", Whitespace::CrLf),
            (b" ", Whitespace::Space),
        ]
        .into_iter()
        .find(|(suffix, _)| with(&[bytes, suffix].concat()));
        if let Some((_, what)) = added {
            found(Hint::SecretWhitespace { what, added: true });
        }
    }
}

/// The other stored profiles whose keys verify a token the chosen key failed, one
/// [`Hint::OtherProfile`] each, in the order given. Nothing when the token verified or was
/// not checked: a hint never changes the verdict. The window and the command line both
/// ask here, with each other profile's keys by name.
pub fn for_other_keys<'a>(
    token: &Token,
    verification: &Verification,
    others: impl IntoIterator<Item = (&'a str, &'a KeySet)>,
) -> Vec<Hint> {
    if !matches!(verification, Verification::Failed(_)) {
        return Vec::new();
    }
    others
        .into_iter()
        .filter(|(_, keys)| {
            matches!(
                super::verify::verify(token, keys).0,
                Verification::Verified { .. }
            )
        })
        .map(|(name, _)| Hint::OtherProfile {
            name: name.to_owned(),
        })
        .collect()
}

/// A DER `SEQUENCE { INTEGER r, INTEGER s }` as raw `r || s`, each `len` bytes.
fn der_to_raw(der: &[u8], len: usize) -> Option<Vec<u8>> {
    let (body, rest) = der_item(der, 0x30)?;
    if !rest.is_empty() {
        return None;
    }
    let (r, rest) = der_item(body, 0x02)?;
    let (s, rest) = der_item(rest, 0x02)?;
    if !rest.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(len * 2);
    for int in [r, s] {
        let int = match int {
            [0, tail @ ..] => tail,
            all => all,
        };
        if int.len() > len {
            return None;
        }
        out.extend(std::iter::repeat_n(0, len - int.len()));
        out.extend_from_slice(int);
    }
    Some(out)
}

/// One DER item with this tag: its content and what follows it.
fn der_item(bytes: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&first, rest) = bytes.split_first()?;
    if first != tag {
        return None;
    }
    let (&len, rest) = rest.split_first()?;
    let (len, rest) = match len {
        0..=0x7f => (usize::from(len), rest),
        0x81 => {
            let (&len, rest) = rest.split_first()?;
            (usize::from(len), rest)
        }
        _ => return None,
    };
    (rest.len() >= len).then(|| rest.split_at(len))
}

/// A verified token whose `exp` or `nbf` fails by at most [`SKEW_LIMIT_SECS`] beyond the
/// leeway at `clock`: the clocks probably disagree. A live view asks again as time moves.
pub fn for_time(time: &TimeReport, clock: &Clock) -> Vec<Hint> {
    time.claims
        .iter()
        .filter_map(|claim| {
            let standing = claim.standing(clock);
            let ms = standing.offset?.num_milliseconds();
            let (off_secs, needed) = match (standing.status, claim.name) {
                // Ok while -offset < leeway: one second more than the whole seconds passed.
                (TimeStatus::Expired, "exp") => (-ms / 1000, -ms / 1000 + 1),
                // Ok while offset <= leeway.
                (TimeStatus::NotYetValid, "nbf") => (ms / 1000, (ms + 999) / 1000),
                _ => return None,
            };
            (needed - clock.leeway <= SKEW_LIMIT_SECS).then_some(Hint::ClockSkew {
                claim: claim.name,
                off_secs,
                leeway: clock.leeway,
                needed,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::verify::{Decoded, Verification, decode};
    use crate::test_support::key_fixture;

    const NOW: i64 = 1_800_000_000;
    const TEXT: &str = "c2VjcmV0LWZyb20tdGhlLXZlbmRvci1jb25zb2xlLTMyYnl0ZXM";

    /// A token whose header says `header` and whose signature is made with `alg`.
    fn token(header: &str, payload: &str, alg: Alg, key: &Key) -> String {
        let input = format!(
            "{}.{}",
            b64::encode_url(header.as_bytes()),
            b64::encode_url(payload.as_bytes())
        );
        let sig = crypto::sign(alg, key, input.as_bytes()).unwrap();
        format!("{input}.{sig}")
    }

    fn secret(bytes: &[u8]) -> Key {
        Key::hmac(Secret::new(bytes.to_vec()))
    }

    fn check(token: &str, keys: &KeySet) -> Decoded {
        decode(token, Some(keys), &Clock::at(NOW, 60)).unwrap()
    }

    /// Decodes and checks that it still fails; returns the hints.
    fn hints(token: &str, keys: impl Into<KeySet>) -> Vec<Hint> {
        let decoded = check(token, &keys.into());
        assert!(
            matches!(decoded.verification, Verification::Failed(_)),
            "a hint never changes the verdict"
        );
        decoded.hints
    }

    fn pem(name: &str) -> Key {
        KeySet::from_pem(&key_fixture(name)).unwrap().keys.remove(0)
    }

    const HS256: &str = r#"{"alg":"HS256"}"#;

    #[test]
    fn a_secret_read_the_wrong_way_is_named() {
        let decoded_bytes = b64::decode_secret(TEXT).unwrap();
        // Signed with the base64-decoded bytes, checked with the text.
        let signed = token(HS256, "{}", Alg::HS256, &secret(&decoded_bytes));
        let found = hints(&signed, secret(TEXT.as_bytes()));
        assert_eq!(found, [Hint::SecretIsBase64]);
        assert_eq!(found[0].code(), "secret-is-base64");
        // Signed with the text, checked with the secret read as base64.
        let signed = token(HS256, "{}", Alg::HS256, &secret(TEXT.as_bytes()));
        let found = hints(&signed, Key::hmac_base64(TEXT).unwrap());
        assert_eq!(found, [Hint::SecretIsText]);
        assert_eq!(found[0].code(), "secret-is-text");
    }

    #[test]
    fn trailing_whitespace_dropped_or_added() {
        let text = b"a-secret-of-thirty-two-bytes-!!!";
        let signed = token(HS256, "{}", Alg::HS256, &secret(text));
        for (given, what) in [
            (&b"\n"[..], Whitespace::Newline),
            (b"\r\n", Whitespace::CrLf),
            (b" ", Whitespace::Space),
            (b" \n\n", Whitespace::Several),
        ] {
            let found = hints(&signed, secret(&[&text[..], given].concat()));
            assert_eq!(
                found,
                [Hint::SecretWhitespace { what, added: false }],
                "{what:?}"
            );
        }
        let with_newline = token(
            HS256,
            "{}",
            Alg::HS256,
            &secret(b"a-secret-with-newline-32-bytes!\n"),
        );
        let found = hints(&with_newline, secret(b"a-secret-with-newline-32-bytes!"));
        assert_eq!(
            found,
            [Hint::SecretWhitespace {
                what: Whitespace::Newline,
                added: true
            }]
        );
        assert_eq!(found[0].code(), "secret-whitespace");
    }

    #[test]
    fn another_key_of_the_set_verifies_a_wrong_kid() {
        let jwks = KeySet::from_jwk_json(
            r#"{"keys":[{"kty":"oct","k":"c2VjcmV0LWtleS1hLW9mLXRoaXJ0eS10d28tYnl0ZXM","kid":"a"}]}"#,
        )
        .unwrap();
        let signed = token(
            r#"{"alg":"HS256","kid":"b"}"#,
            "{}",
            Alg::HS256,
            &jwks.keys[0],
        );
        let decoded = check(&signed, &jwks);
        assert!(matches!(
            decoded.verification,
            Verification::Failed(FailReason::KidNotFound { .. })
        ));
        assert_eq!(
            decoded.hints,
            [Hint::KidMismatch {
                token_kid: "b".into(),
                key_kid: Some("a".into())
            }]
        );
        assert_eq!(decoded.hints[0].code(), "kid-mismatch");
    }

    #[test]
    fn a_sibling_algorithm_is_found() {
        let key = secret(b"a-secret-of-sixty-four-bytes-for-hs512-so-every-variant-fits-ok");
        let signed = token(HS256, "{}", Alg::HS256, &key);
        let hs384 = token(HS256, "{}", Alg::HS384, &key);
        assert!(signed.len() < hs384.len());
        assert_eq!(
            hints(&hs384, key.clone()),
            [Hint::AlgVariant {
                header: Alg::HS256,
                signed: Alg::HS384
            }]
        );
        let private = pem("rsa2048.pkcs8.pem");
        let public = pem("rsa2048.spki.pem");
        let rs256 = r#"{"alg":"RS256"}"#;
        for signed_with in [Alg::PS256, Alg::RS384, Alg::PS512] {
            let signed = token(rs256, "{}", signed_with, &private);
            let found = hints(&signed, public.clone());
            assert_eq!(
                found,
                [Hint::AlgVariant {
                    header: Alg::RS256,
                    signed: signed_with
                }],
                "{signed_with}"
            );
            assert_eq!(found[0].code(), "alg-variant");
        }
    }

    /// Raw `r || s` as DER, the way OpenSSL and most HSM libraries return it.
    fn raw_to_der(raw: &[u8]) -> Vec<u8> {
        let int = |half: &[u8]| {
            let mut v: Vec<u8> = half.iter().copied().skip_while(|b| *b == 0).collect();
            if v.first().is_some_and(|b| *b >= 0x80) {
                v.insert(0, 0);
            }
            let mut out = vec![0x02, u8::try_from(v.len()).unwrap()];
            out.extend(v);
            out
        };
        let (r, s) = raw.split_at(raw.len() / 2);
        let body = [int(r), int(s)].concat();
        let mut out = vec![0x30, u8::try_from(body.len()).unwrap()];
        out.extend(body);
        out
    }

    #[test]
    fn a_der_ecdsa_signature_is_recognised() {
        let private = pem("ec-p256.sec1.pem");
        let header = r#"{"alg":"ES256"}"#;
        let signed = token(header, "{}", Alg::ES256, &private);
        let (input, sig) = signed.rsplit_once('.').unwrap();
        let raw = b64::decode_segment(sig).unwrap();
        let der = raw_to_der(&raw);
        assert_eq!(der_to_raw(&der, 32).as_deref(), Some(&raw[..]));
        let der_token = format!("{input}.{}", b64::encode_url(&der));
        let found = hints(&der_token, pem("ec-p256.spki.pem"));
        assert_eq!(found, [Hint::EcdsaDer { alg: Alg::ES256 }]);
        assert_eq!(found[0].code(), "ecdsa-der");
    }

    #[test]
    fn a_key_of_the_wrong_kind_says_which_kind_would() {
        let rsa_token = token(
            r#"{"alg":"RS256"}"#,
            "{}",
            Alg::RS256,
            &pem("rsa2048.pkcs8.pem"),
        );
        let found = hints(&rsa_token, pem("ec-p256.spki.pem"));
        assert_eq!(
            found,
            [Hint::KeyFamily {
                alg: Alg::RS256,
                given: KeyFamily::Ec(super::super::alg::Curve::P256),
                needed: KeyFamily::Rsa
            }]
        );
        assert_eq!(found[0].code(), "key-family");
        let es_token = token(
            r#"{"alg":"ES256"}"#,
            "{}",
            Alg::ES256,
            &pem("ec-p256.sec1.pem"),
        );
        let found = hints(&es_token, secret(b"0123456789abcdef0123456789abcdef"));
        assert!(
            matches!(
                found.as_slice(),
                [Hint::KeyFamily {
                    needed: KeyFamily::Ec(_),
                    given: KeyFamily::Hmac,
                    ..
                }]
            ),
            "{found:?}"
        );
    }

    #[test]
    fn a_time_claim_off_by_a_little_is_clock_skew() {
        let key = secret(b"a-secret-of-thirty-two-bytes-!!!");
        let at = |payload: String| {
            check(
                &token(HS256, &payload, Alg::HS256, &key),
                &KeySet::from(key.clone()),
            )
        };
        let expired = at(format!(r#"{{"exp":{}}}"#, NOW - 100));
        assert!(matches!(
            expired.verification,
            Verification::Verified { .. }
        ));
        assert_eq!(
            expired.time.valid(),
            Some(false),
            "the hint changes nothing"
        );
        assert_eq!(
            expired.hints,
            [Hint::ClockSkew {
                claim: "exp",
                off_secs: 100,
                leeway: 60,
                needed: 101
            }]
        );
        assert_eq!(expired.hints[0].code(), "clock-skew");
        // The suggested leeway accepts it, one second less does not.
        let token = token(
            HS256,
            &format!(r#"{{"exp":{}}}"#, NOW - 100),
            Alg::HS256,
            &key,
        );
        let keys = KeySet::from(key.clone());
        let with = |leeway| {
            decode(&token, Some(&keys), &Clock::at(NOW, leeway))
                .unwrap()
                .time
                .valid()
        };
        assert_eq!((with(101), with(100)), (Some(true), Some(false)));
        let early = at(format!(r#"{{"nbf":{}}}"#, NOW + 200));
        assert_eq!(
            early.hints,
            [Hint::ClockSkew {
                claim: "nbf",
                off_secs: 200,
                leeway: 60,
                needed: 200
            }]
        );
        let long_expired = at(format!(r#"{{"exp":{}}}"#, NOW - 60 - SKEW_LIMIT_SECS - 2));
        assert_eq!(long_expired.time.valid(), Some(false));
        assert!(long_expired.hints.is_empty());
    }

    #[test]
    fn another_profile_that_verifies_is_named() {
        let rsa_token = token(
            r#"{"alg":"RS256"}"#,
            "{}",
            Alg::RS256,
            &pem("rsa2048.pkcs8.pem"),
        );
        let given = KeySet::from(pem("ec-p256.spki.pem"));
        let decoded = check(&rsa_token, &given);
        let others = [
            ("ec".to_owned(), KeySet::from(pem("ec-p384.spki.pem"))),
            ("issuer".to_owned(), KeySet::from(pem("rsa2048.spki.pem"))),
        ];
        let named = |list: &[(String, KeySet)]| {
            for_other_keys(
                &decoded.token,
                &decoded.verification,
                list.iter().map(|(n, k)| (n.as_str(), k)),
            )
        };
        let found = named(&others);
        assert_eq!(
            found,
            [Hint::OtherProfile {
                name: "issuer".into()
            }]
        );
        assert_eq!(found[0].code(), "other-profile");
        assert!(
            named(&others[..1]).is_empty(),
            "no profile verifies: no hint"
        );
        let verified = check(&rsa_token, &others[1].1);
        assert!(
            for_other_keys(
                &verified.token,
                &verified.verification,
                others.iter().map(|(n, k)| (n.as_str(), k))
            )
            .is_empty(),
            "a verified token needs no other profile"
        );
    }

    #[test]
    fn no_likely_cause_no_hint() {
        let key = secret(b"a-secret-of-thirty-two-bytes-!!!");
        let signed = token(HS256, "{}", Alg::HS256, &key);
        assert!(hints(&signed, secret(b"another-secret-of-thirty-two-by!")).is_empty());
        let rsa = token(
            r#"{"alg":"RS256"}"#,
            "{}",
            Alg::RS256,
            &pem("rsa2048.pkcs8.pem"),
        );
        let other = token(
            r#"{"alg":"RS256"}"#,
            r#"{"a":1}"#,
            Alg::RS256,
            &pem("rsa2048.pkcs8.pem"),
        );
        // The signature of another payload.
        let tampered = format!(
            "{}.{}",
            rsa.rsplit_once('.').unwrap().0,
            other.rsplit_once('.').unwrap().1
        );
        assert!(hints(&tampered, pem("rsa2048.spki.pem")).is_empty());
        let good = check(&signed, &KeySet::from(key));
        assert!(matches!(good.verification, Verification::Verified { .. }));
        assert!(good.hints.is_empty());
    }
}
