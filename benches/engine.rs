//! Engine speed: decoding and verifying the tokens people paste, signing, and a 1 MiB payload.
//! Run with `cargo bench`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use jwtpad::engine::{Alg, Clock, Key, KeySet, Secret, decode, sign_json};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/keys/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let clock = Clock::at(1_700_000_000, 60);
    let payload =
        r#"{"iss":"client-123","personId":"52998224725","iat":1700000000,"exp":1700000900}"#;
    let secret = Key::hmac(Secret::new(
        b"a-string-secret-at-least-256-bits-long".to_vec(),
    ));
    let hs = sign_json(r#"{"typ":"JWT"}"#, payload, Alg::HS256, Some(&secret))
        .unwrap()
        .token;
    let secret_set = KeySet::from(secret.clone());

    c.bench_function("decode HS256 without key", |b| {
        b.iter(|| decode(black_box(&hs), None, &clock).unwrap())
    });
    c.bench_function("decode + verify HS256", |b| {
        b.iter(|| decode(black_box(&hs), Some(&secret_set), &clock).unwrap())
    });
    c.bench_function("sign HS256", |b| {
        b.iter(|| {
            sign_json(
                r#"{"typ":"JWT"}"#,
                black_box(payload),
                Alg::HS256,
                Some(&secret),
            )
            .unwrap()
        })
    });

    for (alg, private, public) in [
        (Alg::RS256, "rsa2048.pkcs8.pem", "rsa2048.spki.pem"),
        (Alg::ES256, "ec-p256.pkcs8.pem", "ec-p256.spki.pem"),
        (Alg::ES512, "ec-p521.pkcs8.pem", "ec-p521.spki.pem"),
        (Alg::EdDSA, "ed25519.pkcs8.pem", "ed25519.spki.pem"),
    ] {
        let private = KeySet::from_bytes(&fixture(private)).unwrap();
        let public = KeySet::from_bytes(&fixture(public)).unwrap();
        let key = private.signing_key().unwrap();
        let token = sign_json("{}", payload, alg, Some(key)).unwrap().token;
        c.bench_function(&format!("decode + verify {alg}"), |b| {
            b.iter(|| decode(black_box(&token), Some(&public), &clock).unwrap())
        });
        c.bench_function(&format!("sign {alg}"), |b| {
            b.iter(|| sign_json("{}", black_box(payload), alg, Some(key)).unwrap())
        });
    }

    let big = format!(r#"{{"blob":"{}","exp":1700000900}}"#, "A".repeat(1 << 20));
    let big_token = sign_json("{}", &big, Alg::HS256, Some(&secret))
        .unwrap()
        .token;
    c.bench_function("decode + verify HS256, 1 MiB payload", |b| {
        b.iter(|| decode(black_box(&big_token), Some(&secret_set), &clock).unwrap())
    });
    let pasted = format!("  \"Bearer {}\"\n", big_token.replace('.', ".\n"));
    c.bench_function("normalize + decode, 1 MiB pasted with noise", |b| {
        b.iter(|| decode(black_box(&pasted), None, &clock).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
