//! Batch throughput: small HS256 tokens from the vendor template, against an anchor measured
//! in the same run: raw HMAC-SHA256 and base64url of the same bytes, the least any signer
//! must do. The goal is at least 100,000 tokens a second on one core (release).
//! Run with `cargo bench --bench batch`.

use base64::Engine as _;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sha2::{Digest, Sha256};
use std::hint::black_box;

use jwtpad::engine::batch::{Batch, BatchSpec};
use jwtpad::engine::sign::{SignRequest, sign};
use jwtpad::engine::template::{Context, Source, Template};
use jwtpad::engine::{Alg, Key, Secret};

const TOKENS: u64 = 10_000;
const SECRET: &[u8] = b"a-string-secret-at-least-256-bits-long";

/// HMAC-SHA256 (RFC 2104) by hand, so the anchor depends on nothing jwtpad does.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    block[..key.len()].copy_from_slice(key);
    let ipad: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new()
        .chain_update(&ipad)
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(&opad)
        .chain_update(inner)
        .finalize()
        .into()
}

/// The same CPF and UUID every time: the parts below leave the batch's permutation out.
struct Fixed;

impl Source for Fixed {
    fn cpf(&mut self) -> String {
        "52998224725".to_owned()
    }
    fn uuid_bytes(&mut self) -> [u8; 16] {
        [7; 16]
    }
}

fn bench(c: &mut Criterion) {
    let template = Template::builtin("caf-smart-auth")
        .unwrap()
        .compile()
        .unwrap();
    let key = Key::hmac(Secret::new(SECRET.to_vec()));
    let spec = |seed| BatchSpec {
        template: &template,
        alg: Alg::HS256,
        key: &key,
        client_id: Some("client-123"),
        now: 1_700_000_000,
        exp: None,
        count: TOKENS,
        seed,
    };
    // The same signing input as the batch's tokens, to hash and encode raw.
    let sample = Batch::new(spec(1)).unwrap().next().unwrap().unwrap().token;
    let signing_input = sample.rsplit_once('.').unwrap().0.to_owned();
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;

    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(TOKENS));
    group.bench_function("anchor: raw HMAC-SHA256 + base64url", |b| {
        b.iter(|| {
            for _ in 0..TOKENS {
                let mac = hmac_sha256(SECRET, black_box(signing_input.as_bytes()));
                black_box(format!("{signing_input}.{}", b64.encode(mac)));
            }
        })
    });
    group.bench_function("batch of caf-smart-auth HS256 tokens", |b| {
        b.iter(|| {
            for item in Batch::new(spec(black_box(7))).unwrap() {
                black_box(item.unwrap());
            }
        })
    });
    // Where a token's time goes: rendering the template, then signing what it rendered.
    let render = || {
        let mut source = Fixed;
        let mut ctx = Context::new(Some("client-123"), 1_700_000_000, &mut source);
        template.render(&mut ctx).unwrap()
    };
    group.bench_function("part: render the template", |b| {
        b.iter(|| {
            for _ in 0..TOKENS {
                black_box(render());
            }
        })
    });
    group.bench_function("part: render + sign", |b| {
        b.iter(|| {
            for _ in 0..TOKENS {
                let rendered = render();
                black_box(
                    sign(SignRequest {
                        header: rendered.header,
                        payload: serde_json::Value::Object(rendered.payload),
                        alg: Alg::HS256,
                        key: Some(&key),
                    })
                    .unwrap(),
                );
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
