//! No input may panic: tokens and keys mutated many thousand ways go through the engine,
//! which must answer each with a value or an error, never a panic.

use crate::shared::fixtures;
use crate::shared::rng::Rng;
use jwtpad::engine::{Alg, Clock, Key, KeySet, Secret, decode, sign_json};

const ALPHABET: &[u8] = b"ABCxyz019-_+/=.\" \n\r\t*{}[]:,\\\x00\xff\xc3";

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
            2 if at < out.len() => {
                out.remove(at);
            }
            3 => out.truncate(at),
            4 => {
                let end = (at + rng.below(40)).min(out.len());
                let chunk = out[at..end].to_vec();
                let to = rng.below(out.len() + 1);
                out.splice(to..to, chunk);
            }
            _ if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] = ALPHABET[rng.below(ALPHABET.len())];
            }
            _ => {}
        }
    }
    out
}

fn keysets() -> Vec<KeySet> {
    let mut sets: Vec<KeySet> = [
        "keys/rsa2048.spki.pem",
        "keys/ec-p256.spki.pem",
        "keys/ec-p384.sec1.pem",
        "keys/ec-p521.spki.pem",
        "keys/ed25519.spki.pem",
    ]
    .iter()
    .map(|f| KeySet::from_bytes(&fixtures::read(f)).unwrap())
    .collect();
    sets.push(
        Key::hmac(Secret::new(
            b"a-string-secret-at-least-256-bits-long".to_vec(),
        ))
        .into(),
    );
    sets.push(Key::hmac(Secret::new(Vec::new())).into());
    sets
}

fn seed_tokens() -> Vec<String> {
    let payload = r#"{"iss":"client","exp":4102444800,"nbf":1.5,"iat":"x","aud":["a"]}"#;
    let mut tokens = Vec::new();
    for (alg, key_file) in [
        (Alg::RS256, "keys/rsa2048.pkcs8.pem"),
        (Alg::PS384, "keys/rsa2048.pkcs1.pem"),
        (Alg::ES256, "keys/ec-p256.pkcs8.pem"),
        (Alg::ES384, "keys/ec-p384.sec1.pem"),
        (Alg::ES512, "keys/ec-p521.pkcs8.pem"),
        (Alg::EdDSA, "keys/ed25519.pkcs8.pem"),
    ] {
        let keys = KeySet::from_bytes(&fixtures::read(key_file)).unwrap();
        let signed =
            sign_json(r#"{"kid":"k","crit":[]}"#, payload, alg, keys.signing_key()).unwrap();
        tokens.push(signed.token);
    }
    let secret = Key::hmac(Secret::new(
        b"a-string-secret-at-least-256-bits-long".to_vec(),
    ));
    tokens.push(
        sign_json("{}", payload, Alg::HS256, Some(&secret))
            .unwrap()
            .token,
    );
    tokens.push(
        sign_json(r#"{"typ":"JWT"}"#, "{}", Alg::None, None)
            .unwrap()
            .token,
    );
    tokens
}

#[test]
fn mutated_tokens_never_panic() {
    let mut rng = Rng::new(0x6a77_7470_6164);
    let keysets = keysets();
    let clock = Clock::at(1_700_000_000, 60);
    let seeds = seed_tokens();
    let (mut decoded, mut refused) = (0, 0);
    for round in 0..6000 {
        let seed = &seeds[round % seeds.len()];
        let bytes = mutate(&mut rng, seed.as_bytes());
        let text = String::from_utf8_lossy(&bytes);
        let keys = &keysets[rng.below(keysets.len())];
        match decode(&text, Some(keys), &clock) {
            Ok(d) => {
                decoded += 1;
                let _ = jwtpad::cli::ExitStatus::of(&d);
                for warning in &d.warnings {
                    assert!(is_code(warning.code()), "{warning:?}");
                }
            }
            Err(e) => {
                refused += 1;
                assert!(!e.to_string().is_empty());
                assert!(is_code(e.code()), "{e:?}");
            }
        }
    }
    // Both paths must have been exercised for the test to mean anything.
    assert!(
        decoded > 500 && refused > 500,
        "decoded {decoded}, refused {refused}"
    );
}

#[test]
fn mutated_keys_never_panic() {
    let mut rng = Rng::new(0x6b65_7973);
    let seeds: Vec<Vec<u8>> = [
        "keys/rsa2048.pkcs8.pem",
        "keys/rsa2048.pkcs1-public.pem",
        "keys/rsa2048.cert.pem",
        "keys/ec-p256.sec1.pem",
        "keys/ec-p521.spki.pem",
        "keys/ed25519.pkcs8.pem",
    ]
    .iter()
    .map(|f| fixtures::read(f))
    .chain([
        br#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cLSGtexRtDHJSWmmjUyfdQ"}"#.to_vec(),
        br#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#.to_vec(),
        br#"{"keys":[{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow","kid":"a"},{"kty":"RSA","n":"AQAB","e":"AQAB"}]}"#.to_vec(),
    ])
    .collect();
    let token = &seed_tokens()[0];
    let clock = Clock::at(1_700_000_000, 60);
    let (mut parsed, mut refused) = (0, 0);
    for round in 0..3000 {
        let bytes = mutate(&mut rng, &seeds[round % seeds.len()]);
        match KeySet::from_bytes(&bytes) {
            Ok(keys) => {
                parsed += 1;
                let _ = decode(token, Some(&keys), &clock).unwrap();
            }
            Err(e) => {
                refused += 1;
                assert!(
                    matches!(
                        e,
                        jwtpad::engine::Error::Key(_) | jwtpad::engine::Error::Json(_)
                    ),
                    "{e:?}"
                );
                assert!(is_code(e.code()) && !e.to_string().is_empty(), "{e:?}");
            }
        }
        let _ = Key::hmac_base64(&String::from_utf8_lossy(&bytes));
    }
    assert!(
        parsed > 20 && refused > 100,
        "parsed {parsed}, refused {refused}"
    );
}

/// A stable diagnostic code: kebab-case ASCII.
fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
