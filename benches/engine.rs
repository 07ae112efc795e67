//! Engine speed: decoding and verifying the tokens people paste, signing, and a 1 MiB payload,
//! each beside its anchor in the same run (issue 13's engine goals, see BENCHMARKS.md):
//! jsonwebtoken's own `decode` of the same small token, and for 1 MiB the floor of the work
//! any verifier must do, with the same crates jwtpad uses.
//! Run with `cargo bench --bench engine`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use sha2::Sha256;
use std::hint::black_box;

use jwtpad::engine::{Alg, Clock, Key, KeySet, Secret, Token, decode, sign_json};

const SECRET: &[u8] = b"a-string-secret-at-least-256-bits-long";
/// A far `exp`: jsonwebtoken checks it against the real clock, jwtpad against `CLOCK_AT`.
const PAYLOAD: &str =
    r#"{"iss":"client-123","personId":"52998224725","iat":1700000000,"exp":4102444800}"#;
const CLOCK_AT: i64 = 1_700_000_000;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/keys/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// What jwtpad checks by default: `exp` (and `nbf` when present) with 60 s of leeway, no
/// audience or issuer.
fn validation(alg: Algorithm) -> Validation {
    let mut v = Validation::new(alg);
    v.leeway = 60;
    v.validate_exp = true;
    v.validate_nbf = true;
    v.validate_aud = false;
    v
}

fn small(c: &mut Criterion) {
    let clock = Clock::at(CLOCK_AT, 60);
    let secret = Key::hmac(Secret::new(SECRET.to_vec()));
    let hs = sign_json(r#"{"typ":"JWT"}"#, PAYLOAD, Alg::HS256, Some(&secret))
        .unwrap()
        .token;
    let secret_set = KeySet::from(secret.clone());
    let hs_key = DecodingKey::from_secret(SECRET);
    let hs_validation = validation(Algorithm::HS256);
    both_accept(&hs, (&secret_set, &clock), &hs_key, &hs_validation);

    let mut group = c.benchmark_group("HS256 small");
    group.bench_function("jwtpad decode + verify", |b| {
        b.iter(|| decode(black_box(&hs), Some(&secret_set), &clock).unwrap())
    });
    group.bench_function("jsonwebtoken decode", |b| {
        b.iter(|| {
            jsonwebtoken::decode::<serde_json::Value>(black_box(&hs), &hs_key, &hs_validation)
                .unwrap()
        })
    });
    group.bench_function("jwtpad decode without key", |b| {
        b.iter(|| decode(black_box(&hs), None, &clock).unwrap())
    });
    group.bench_function("jwtpad sign", |b| {
        b.iter(|| {
            sign_json(
                r#"{"typ":"JWT"}"#,
                black_box(PAYLOAD),
                Alg::HS256,
                Some(&secret),
            )
            .unwrap()
        })
    });
    group.finish();

    for (alg, private, public, anchor) in [
        (
            Alg::RS256,
            "rsa2048.pkcs8.pem",
            "rsa2048.spki.pem",
            Some(Algorithm::RS256),
        ),
        (
            Alg::ES256,
            "ec-p256.pkcs8.pem",
            "ec-p256.spki.pem",
            Some(Algorithm::ES256),
        ),
        (Alg::ES512, "ec-p521.pkcs8.pem", "ec-p521.spki.pem", None),
        (
            Alg::EdDSA,
            "ed25519.pkcs8.pem",
            "ed25519.spki.pem",
            Some(Algorithm::EdDSA),
        ),
    ] {
        let public_pem = fixture(public);
        let private = KeySet::from_bytes(&fixture(private)).unwrap();
        let public = KeySet::from_bytes(&public_pem).unwrap();
        let key = private.signing_key().unwrap();
        let token = sign_json("{}", PAYLOAD, alg, Some(key)).unwrap().token;
        let mut group = c.benchmark_group(format!("{alg} small"));
        group.bench_function("jwtpad decode + verify", |b| {
            b.iter(|| decode(black_box(&token), Some(&public), &clock).unwrap())
        });
        if let Some(jalg) = anchor {
            let anchor_key = anchor_key(jalg, &public_pem);
            let anchor_validation = validation(jalg);
            jsonwebtoken::decode::<serde_json::Value>(&token, &anchor_key, &anchor_validation)
                .unwrap();
            bench_jsonwebtoken(&mut group, &token, &anchor_key, &anchor_validation);
        }
        group.bench_function("jwtpad sign", |b| {
            b.iter(|| sign_json("{}", black_box(PAYLOAD), alg, Some(key)).unwrap())
        });
        group.finish();
    }
}

/// The anchor: jsonwebtoken's own `decode` of the same token, in the same group.
fn bench_jsonwebtoken(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    token: &str,
    key: &DecodingKey,
    validation: &Validation,
) {
    group.bench_function("jsonwebtoken decode", |b| {
        b.iter(|| {
            jsonwebtoken::decode::<serde_json::Value>(black_box(token), key, validation).unwrap()
        })
    });
}

/// Both sides accept `token`, or a bench would measure an early error.
fn both_accept(
    token: &str,
    (keys, clock): (&KeySet, &Clock),
    key: &DecodingKey,
    validation: &Validation,
) {
    jsonwebtoken::decode::<serde_json::Value>(token, key, validation).unwrap();
    let verdict = decode(token, Some(keys), clock).unwrap().verification;
    assert_eq!(verdict.verified(), Some(true));
}

/// jsonwebtoken's key from the same PEM, read once as its `from_*_pem` would (that needs its
/// `use_pem` feature, which jwtpad does not build).
fn anchor_key(alg: Algorithm, pem: &[u8]) -> DecodingKey {
    use pkcs8::DecodePublicKey;
    use rsa::traits::PublicKeyParts;
    let pem = std::str::from_utf8(pem).unwrap();
    match alg {
        Algorithm::RS256 => {
            let key = rsa::RsaPublicKey::from_public_key_pem(pem).unwrap();
            DecodingKey::from_rsa_raw_components(&key.n().to_bytes_be(), &key.e().to_bytes_be())
        }
        Algorithm::ES256 => {
            use p256::elliptic_curve::sec1::ToEncodedPoint;
            let key = p256::PublicKey::from_public_key_pem(pem).unwrap();
            DecodingKey::from_ec_der(key.to_encoded_point(false).as_bytes())
        }
        _ => {
            let key = ed25519_dalek::VerifyingKey::from_public_key_pem(pem).unwrap();
            DecodingKey::from_ed_der(key.as_bytes())
        }
    }
}

/// The least any verifier does with a 1 MiB token: base64url-decode the payload, HMAC the
/// signing input, compare, parse the JSON.
fn floor_verify(token: &str, secret: &[u8]) -> serde_json::Value {
    let (signing_input, signature) = token.rsplit_once('.').unwrap();
    let payload = signing_input.split_once('.').unwrap().1;
    let signature = URL_SAFE_NO_PAD.decode(signature).unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
    mac.update(signing_input.as_bytes());
    mac.verify_slice(&signature).unwrap();
    let payload = URL_SAFE_NO_PAD.decode(payload).unwrap();
    serde_json::from_slice(&payload).unwrap()
}

/// The least any signer does with JSON text: parse it, serialise it, base64url-encode, HMAC.
fn floor_sign(header: &str, payload: &str, secret: &[u8]) -> String {
    let header: serde_json::Value = serde_json::from_str(header).unwrap();
    let payload: serde_json::Value = serde_json::from_str(payload).unwrap();
    let mut token = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap());
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(serde_json::to_vec(&payload).unwrap(), &mut token);
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
    mac.update(token.as_bytes());
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(mac.finalize().into_bytes(), &mut token);
    token
}

fn big(c: &mut Criterion) {
    let clock = Clock::at(CLOCK_AT, 60);
    let secret = Key::hmac(Secret::new(SECRET.to_vec()));
    let secret_set = KeySet::from(secret.clone());
    let big = format!(r#"{{"blob":"{}","exp":4102444800}}"#, "A".repeat(1 << 20));
    let header = r#"{"alg":"HS256"}"#;
    let big_token = sign_json(header, &big, Alg::HS256, Some(&secret))
        .unwrap()
        .token;
    // The floor signs the same bytes, so its token is jwtpad's.
    assert_eq!(floor_sign(header, &big, SECRET), big_token);
    floor_verify(&big_token, SECRET);

    let mut group = c.benchmark_group("HS256 1 MiB");
    group.sample_size(20);
    group.bench_function("jwtpad decode + verify", |b| {
        b.iter(|| decode(black_box(&big_token), Some(&secret_set), &clock).unwrap())
    });
    group.bench_function("floor verify", |b| {
        b.iter(|| floor_verify(black_box(&big_token), SECRET))
    });
    group.bench_function("jwtpad sign", |b| {
        b.iter(|| sign_json(header, black_box(&big), Alg::HS256, Some(&secret)).unwrap())
    });
    group.bench_function("floor sign", |b| {
        b.iter(|| floor_sign(header, black_box(&big), SECRET))
    });
    // The parts of jwtpad's decode, to see where its time goes beyond the floor.
    group.bench_function("part: normalize", |b| {
        b.iter(|| jwtpad::engine::normalize::normalize(black_box(&big_token)))
    });
    let payload_segment = big_token.split('.').nth(1).unwrap();
    group.bench_function("part: base64url payload", |b| {
        b.iter(|| jwtpad::engine::b64::decode_segment(black_box(payload_segment)).unwrap())
    });
    group.bench_function("part: Token::parse", |b| {
        b.iter(|| Token::parse(black_box(&big_token)).unwrap())
    });
    let parsed = Token::parse(&big_token).unwrap();
    group.bench_function("part: verify a parsed token", |b| {
        b.iter(|| jwtpad::engine::verify::verify(black_box(&parsed), &secret_set))
    });
    let pasted = format!("  \"Bearer {}\"\n", big_token.replace('.', ".\n"));
    group.bench_function("jwtpad normalize + decode, pasted with noise", |b| {
        b.iter(|| decode(black_box(&pasted), None, &clock).unwrap())
    });
    group.finish();
}

/// RS256 and ES256 with a 1 MiB payload against jsonwebtoken's `decode` of the same token:
/// hashing the signing input is most of it, beside the payload's base64url and JSON.
fn big_asymmetric(c: &mut Criterion) {
    let clock = Clock::at(CLOCK_AT, 60);
    let big = format!(r#"{{"blob":"{}","exp":4102444800}}"#, "A".repeat(1 << 20));
    for (alg, private, public, jalg) in [
        (
            Alg::RS256,
            "rsa2048.pkcs8.pem",
            "rsa2048.spki.pem",
            Algorithm::RS256,
        ),
        (
            Alg::ES256,
            "ec-p256.pkcs8.pem",
            "ec-p256.spki.pem",
            Algorithm::ES256,
        ),
    ] {
        let public_pem = fixture(public);
        let private = KeySet::from_bytes(&fixture(private)).unwrap();
        let public = KeySet::from_bytes(&public_pem).unwrap();
        let token = sign_json("{}", &big, alg, private.signing_key())
            .unwrap()
            .token;
        let anchor_key = anchor_key(jalg, &public_pem);
        let anchor_validation = validation(jalg);
        both_accept(&token, (&public, &clock), &anchor_key, &anchor_validation);
        let mut group = c.benchmark_group(format!("{alg} 1 MiB"));
        group.sample_size(20);
        group.bench_function("jwtpad decode + verify", |b| {
            b.iter(|| decode(black_box(&token), Some(&public), &clock).unwrap())
        });
        bench_jsonwebtoken(&mut group, &token, &anchor_key, &anchor_validation);
        group.finish();
    }
}

criterion_group!(benches, small, big, big_asymmetric);
criterion_main!(benches);
