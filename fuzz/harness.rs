//! What each fuzz target does with one input, shared by the targets (fuzz/fuzz_targets) and
//! the stable regression test (tests/it/fuzz_regressions.rs), so a crash input found by the
//! fuzzer is replayed by `cargo test` through exactly the same calls.
//!
//! Each function must never panic on any input; the `assert!`s are the cheap invariants a
//! wrong answer would break.

#![allow(dead_code)]

use egui::{Color32, FontId, Visuals};
use jwtpad::app::highlight;
use jwtpad::engine::b64;
use jwtpad::engine::claims::Clock;
use jwtpad::engine::error::JsonDoc;
use jwtpad::engine::extract::{self, Source};
use jwtpad::engine::json;
use jwtpad::engine::normalize::normalize;
use jwtpad::engine::{Decoded, Key, KeySet, Secret, cpf, mask};

/// What a target does with one input.
pub type Target = fn(&[u8]);

/// The targets, by name: the folder names under tests/fuzz_regressions/.
pub const TARGETS: [(&str, Target); 5] = [
    ("normalize_extract", normalize_extract),
    ("decode", decode),
    ("keys", keys),
    ("json_highlight", json_highlight),
    ("cpf", cpf),
];

/// A fixed clock, so a run does not depend on the day.
fn clock() -> Clock {
    Clock::at(1_700_000_000, 0)
}

/// The issuer JWKS of the test fixtures.
const JWKS: &str = include_str!("../tests/fixtures/keys/issuer.jwks.json");

/// Paste normalisation and token extraction.
pub fn normalize_extract(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let once = normalize(text);
    let twice = normalize(&once.token);
    assert_eq!(twice.token, once.token, "normalize is not idempotent");
    let found = extract::extract(text);
    assert!(
        !found.is_empty(),
        "extract found nothing, not even the whole text"
    );
    for f in &found {
        assert!(
            f.span.start <= f.span.end && f.span.end <= text.len(),
            "span outside the text"
        );
        assert!(
            text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end),
            "span inside a character"
        );
        if !matches!(f.source, Source::Whole) {
            assert!(
                text[f.span.clone()].contains(f.text.as_str()),
                "span does not hold the token"
            );
        }
        let _ = extract::decode(f, None, &clock());
    }
}

/// A decoded token's segments are canonical base64url of what was decoded.
fn check_decoded(decoded: &Decoded) {
    for segment in &decoded.token.segments[..2] {
        let bytes = b64::decode_segment(segment).expect("a decoded segment decodes");
        assert_eq!(
            &b64::encode_url(&bytes),
            segment,
            "segment does not re-encode"
        );
    }
    assert_eq!(
        b64::encode_url(&decoded.token.signature),
        decoded.token.segments[2]
    );
    let _ = decoded.verification.verified();
}

/// Token parsing and decoding: without a key, with an HMAC secret and with a JWKS.
pub fn decode(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let hmac = KeySet::from(Key::hmac(Secret::new(
        b"fuzzing-secret-of-32-bytes-long!".to_vec(),
    )));
    let jwks = KeySet::from_jwk_json(JWKS).expect("the fixture JWKS loads");
    for keys in [None, Some(&hmac), Some(&jwks)] {
        match jwtpad::engine::decode(text, keys, &clock()) {
            Ok(decoded) => check_decoded(&decoded),
            Err(error) => {
                let _ = error.to_string();
            }
        }
    }
}

/// Key parsing: PEM, DER, JWK and JWKS, and what is asked of a key once read.
pub fn keys(data: &[u8]) {
    let mut results = vec![KeySet::from_bytes(data), KeySet::from_der(data)];
    if let Ok(text) = std::str::from_utf8(data) {
        results.push(KeySet::from_pem(text));
        results.push(KeySet::from_jwk_json(text));
        results.push(Key::hmac_base64(text).map(KeySet::from));
    }
    for result in results {
        match result {
            Ok(set) => {
                let _ = set.signer();
                for key in &set.keys {
                    let _ = key.info();
                    let _ = key.describe();
                    let _ = key.bits();
                    for alg in key.algorithms() {
                        let _ = key.refuses(alg);
                        let _ = key.public_jwk(alg);
                    }
                    let _ = key.default_alg();
                    let _ = key.thumbprint();
                    let _ = key.public_pem();
                }
            }
            Err(error) => {
                let _ = error.to_string();
            }
        }
    }
}

/// The JSON editor: the engine's error positions, and the highlighting and error mark.
pub fn json_highlight(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split('\n').count();
    let check = |error: &jwtpad::engine::error::JsonError| {
        let issue = &error.issue;
        assert!(
            issue.line >= 1 && issue.line <= lines,
            "error line outside the text"
        );
        let _ = error.to_string();
    };
    for doc in [
        JsonDoc::Header,
        JsonDoc::Payload,
        JsonDoc::Jwk,
        JsonDoc::Other,
    ] {
        if let Err(e) = json::parse_strict(text, doc) {
            check(&e);
        }
        if let Err(e) = json::parse_keep_last(text, doc) {
            check(&e);
        }
        if let Err(e) = json::parse_object(text, doc) {
            check(&e);
        }
    }
    let font = FontId::monospace(13.0);
    for visuals in [Visuals::dark(), Visuals::light()] {
        let mut job = highlight::json_job(text, &visuals, font.clone(), 400.0);
        assert_eq!(job.text, text, "highlighting changed the text");
        let (line, column) = match json::parse_strict(text, JsonDoc::Payload) {
            Err(e) => (e.issue.line, e.issue.column),
            Ok(_) => (data.len() % 7, data.len() % 13),
        };
        highlight::mark_error(&mut job, line, column, Color32::RED);
        assert_eq!(job.text, text, "marking the error changed the text");
        let token = highlight::token_job(text, &visuals, font.clone(), 400.0);
        assert_eq!(token.text, text, "token highlighting changed the text");
    }
    demo_display(text);
}

/// Demo mode's display of an editor or the token box: the same number of characters, spans
/// on character boundaries and in order, and nothing put in but `*`.
fn demo_display(text: &str) {
    let extra = ["sub".to_owned()];
    if let Some(shown) = mask::in_place::json(text, &extra) {
        assert_eq!(
            shown.text.chars().count(),
            text.chars().count(),
            "demo mode moved a character"
        );
        let mut last = 0;
        for span in &shown.spans {
            assert!(span.start >= last && span.start < span.end && span.end <= text.len());
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            last = span.end;
        }
        let changed = text.chars().zip(shown.text.chars()).filter(|(a, b)| a != b);
        for (_, put) in changed {
            assert_eq!(
                put,
                mask::in_place::HIDDEN_CHAR,
                "demo mode put in another character"
            );
        }
    }
    if let Some(shown) = mask::in_place::token(text, &extra) {
        assert_eq!(shown.len(), text.len(), "demo mode resized the token");
    }
}

/// CPF parsing, formatting and masking.
pub fn cpf(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match cpf::validate(text) {
        Ok(()) => assert!(
            cpf::is_valid(&cpf::format(text)),
            "a formatted valid CPF is invalid"
        ),
        Err(problem) => {
            let _ = problem.to_string();
        }
    }
    let mut claims = serde_json::Map::new();
    claims.insert(
        cpf::CLAIM.to_owned(),
        serde_json::Value::String(text.to_owned()),
    );
    let _ = cpf::person_id(&claims);
    let masked = mask::cpf_like(text);
    assert!(!cpf::is_valid(&masked), "masking left a valid CPF");
    let _ = mask::emails(text);
    let _ = mask::mask(&serde_json::Value::Object(claims), &[]);
}
