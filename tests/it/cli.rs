//! The command-line contract, run against the real binary: exit codes, messages, RFC 8725
//! rules, time claims, signing for every algorithm, and bad input of every kind.

use crate::shared::JWTIO;
use crate::shared::binary::{Run, jwtpad, jwtpad_args, run};
use crate::shared::fixtures::key_path;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use serde_json::{Value, json};

const SECRET: &str = "a-string-secret-at-least-256-bits-long";

/// `jwtpad ARGS` with `TEST_SECRET` set in its environment.
fn with_secret(secret: &str, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = jwtpad();
    cmd.env("TEST_SECRET", secret).args(args);
    run(cmd, stdin)
}

fn encode_hs256(payload: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "encode",
        "--secret-env",
        "TEST_SECRET",
        "--payload",
        payload,
    ];
    args.extend_from_slice(extra);
    let out = with_secret(SECRET, &args, None);
    assert_eq!(out.code, 0, "encode failed: {}", out.stderr);
    out.stdout.trim_end().to_owned()
}

fn decode_json(token: &str, key_args: &[&str], secret: &str) -> (i32, Value) {
    let mut args = vec!["decode", "--json", token];
    args.extend_from_slice(key_args);
    let out = with_secret(secret, &args, None);
    (out.code, out.json())
}

fn segment_json(segment: &str) -> String {
    String::from_utf8(B64.decode(segment).unwrap()).unwrap()
}

fn token_with(header: &str, payload: &str, signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        B64.encode(header),
        B64.encode(payload),
        B64.encode(signature)
    )
}

// ---------- reading what people paste ----------

#[test]
fn pasted_noise_is_removed_and_reported() {
    let pasted = format!("  \"Bearer {}\n{}\"\n", &JWTIO[..40], &JWTIO[40..]);
    let mut cmd = jwtpad();
    cmd.args(["decode", "--json"]);
    let out = run(cmd, Some(pasted.as_bytes()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = out.json();
    assert_eq!(v["payload"]["name"], "John Doe");
    let removed = v["normalized"].to_string();
    for what in [
        "surrounding whitespace",
        "surrounding quotes",
        "Bearer",
        "1 line break",
    ] {
        assert!(removed.contains(what), "{what} missing from {removed}");
    }
    let human = jwtpad_args(&["decode", &format!("Bearer {JWTIO}")]);
    assert!(
        human
            .stdout
            .starts_with("Input:      removed the \"Bearer \" prefix"),
        "{}",
        human.stdout
    );
    let dash = {
        let mut c = jwtpad();
        c.args(["decode", "-", "--json"]);
        run(c, Some(JWTIO.as_bytes()))
    };
    assert_eq!(dash.code, 0);
}

#[test]
fn malformed_tokens_exit_2_with_a_sentence_naming_the_segment() {
    let star = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0*Y3ODkwIn0.c2ln";
    let cases = [
        ("", "token: the input is empty"),
        ("not a token", "token: expected 3 segments"),
        (
            "a.b.c.d.e",
            "token: 5 segments: this is an encrypted token (JWE)",
        ),
        (
            star,
            "payload segment: invalid base64url character '*' at position 17",
        ),
        (
            "eyJhbGciOiJIUzI1NiJ9.e30=.c2ln",
            "payload segment: padding '=' at position 4",
        ),
        (
            "eyJhbGciOiJIUzI1NiJ9.e30.ab+/",
            "signature segment: '+' at position 3 belongs to standard base64",
        ),
        (
            "bm90IGpzb24.e30.",
            "header segment: not a valid JSON object: unexpected word (only true, false and null may appear without quotes) at line 1, column 2",
        ),
        (
            &token_with(r#"{"alg":"HS256","alg":"none"}"#, "{}", b""),
            "header segment: not a valid JSON object: duplicate member name \"alg\"",
        ),
        (
            &token_with("[1,2]", "{}", b""),
            "header segment: not a valid JSON object: expected a JSON object {...}, found an array",
        ),
    ];
    for (token, want) in cases {
        let human = jwtpad_args(&["decode", token]);
        assert_eq!(human.code, 2, "{token}: {}", human.stdout);
        assert_eq!(
            human.stderr.trim_end(),
            format!(
                "jwtpad: {}",
                human.stderr.trim_end().trim_start_matches("jwtpad: ")
            )
        );
        assert!(
            human.stderr.starts_with(&format!("jwtpad: {want}")),
            "{token}: {}",
            human.stderr
        );
        assert_eq!(
            human.stderr.lines().count(),
            1,
            "one sentence: {}",
            human.stderr
        );
        assert!(human.stdout.is_empty());

        let json = jwtpad_args(&["decode", "--json", token]);
        assert_eq!(json.code, 2);
        let v = json.json();
        assert!(
            v["error"].as_str().unwrap().starts_with(want),
            "{}",
            v["error"]
        );
        assert_eq!(v["verified"], Value::Null);
    }
}

#[test]
fn invalid_utf8_and_huge_inputs_do_not_break_anything() {
    let mut cmd = jwtpad();
    cmd.args(["decode", "--json"]);
    let out = run(cmd, Some(b"eyJhbGciOiJIUzI1NiJ9.\xff\xfe.abc"));
    assert_eq!(out.code, 2, "stderr: {}", out.stderr);
    assert!(
        out.json()["error"].as_str().unwrap().contains("not UTF-8"),
        "{}",
        out.stdout
    );

    // 1 MiB of claims, signed from stdin and verified from stdin.
    let big =
        json!({"sub": "x", "blob": "A".repeat(1 << 20), "exp": 4_102_444_800_i64}).to_string();
    let signed = with_secret(
        SECRET,
        &["encode", "--secret-env", "TEST_SECRET", "--payload", "-"],
        Some(big.as_bytes()),
    );
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    assert!(signed.stdout.len() > 1_398_000);
    let verified = with_secret(
        SECRET,
        &["decode", "--json", "--secret-env", "TEST_SECRET"],
        Some(signed.stdout.as_bytes()),
    );
    assert_eq!(verified.code, 0, "{}", verified.stderr);
    assert_eq!(
        verified.json()["payload"]["blob"].as_str().unwrap().len(),
        1 << 20
    );

    // Binary payloads are shown as hex, not refused.
    let binary = format!(
        "{}.{}.",
        B64.encode(r#"{"alg":"none"}"#),
        B64.encode([0xff, 0x00, 0x10])
    );
    let out = jwtpad_args(&["decode", "--json", &binary]);
    assert_eq!(out.code, 0);
    assert_eq!(out.json()["payload"], "ff0010");
    assert_eq!(out.json()["payload_kind"], "hex");
}

#[test]
fn json_nested_ten_thousand_deep_is_refused_cleanly() {
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    // As a payload to sign: bad input, exit 2, with where.
    let out = with_secret(
        SECRET,
        &["encode", "--secret-env", "TEST_SECRET", "--payload", "-"],
        Some(deep.as_bytes()),
    );
    assert_eq!(out.code, 2, "stderr: {}", out.stderr);
    assert!(
        out.stderr
            .contains("payload JSON: nested more than 128 levels deep at line 1, column 128"),
        "{}",
        out.stderr
    );
    // Inside a token's payload: not JSON we can show as a tree, so it is shown as text.
    let token = token_with(r#"{"alg":"none"}"#, &deep, b"");
    let mut cmd = jwtpad();
    cmd.args(["decode", "--json"]);
    let out = run(cmd, Some(token.as_bytes()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["payload_kind"], "text");
    // Inside the header: malformed.
    let token = token_with(&deep, "{}", b"");
    let out = jwtpad_args(&["decode", &token]);
    assert_eq!(out.code, 2, "stderr: {}", out.stderr);
    assert!(
        out.stderr
            .contains("header segment: not a valid JSON object: nested more than 128"),
        "{}",
        out.stderr
    );
}

// ---------- RFC 8725: verification that cannot be fooled ----------

#[test]
fn alg_none_in_any_case_never_verifies() {
    for alg in ["none", "None", "NONE", "nOnE"] {
        let token = token_with(
            &format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#),
            r#"{"sub":"admin"}"#,
            b"",
        );
        let (code, v) = decode_json(&token, &["--secret-env", "TEST_SECRET"], SECRET);
        assert_eq!(code, 1, "{alg}");
        assert_eq!(v["verified"], false);
        assert!(
            v["error"].as_str().unwrap().contains("unsigned"),
            "{}",
            v["error"]
        );
        let (code, v) = decode_json(&token, &[], SECRET);
        assert_eq!(code, 0);
        assert_eq!(v["verified"], Value::Null);
        assert!(v["warnings"].to_string().contains("unsigned"));
    }
    // Even with a signature segment glued on.
    let token = token_with(r#"{"alg":"none"}"#, "{}", b"sig");
    assert_eq!(
        decode_json(&token, &["--secret-env", "TEST_SECRET"], SECRET).0,
        1
    );
}

#[test]
fn an_rsa_public_key_is_never_an_hmac_secret() {
    // The classic algorithm-confusion forgery: HS256 keyed with the server's public PEM.
    let mut cmd = jwtpad();
    cmd.args([
        "encode",
        "--alg",
        "HS256",
        "--payload",
        r#"{"sub":"admin"}"#,
        "--secret-file",
        &key_path("rsa2048.spki.pem"),
    ]);
    let forged = run(cmd, None);
    assert_eq!(forged.code, 0, "{}", forged.stderr);
    let (code, v) = decode_json(
        forged.stdout.trim(),
        &["--key", &key_path("rsa2048.spki.pem")],
        "",
    );
    assert_eq!(code, 1);
    assert_eq!(v["verified"], false);
    assert!(
        v["error"].as_str().unwrap().contains("algorithm-confusion"),
        "{}",
        v["error"]
    );

    // And a secret never verifies an asymmetric algorithm.
    let rs = jwtpad_args(&[
        "encode",
        "--alg",
        "RS256",
        "--key",
        &key_path("rsa2048.pkcs8.pem"),
        "--payload",
        "{}",
    ]);
    assert_eq!(rs.code, 0, "{}", rs.stderr);
    let (code, v) = decode_json(rs.stdout.trim(), &["--secret-env", "TEST_SECRET"], SECRET);
    assert_eq!(code, 1);
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("An HMAC secret cannot be used with RS256"),
        "{}",
        v["error"]
    );

    // An EC key cannot verify an RSA token either, and says why.
    let (code, v) = decode_json(
        rs.stdout.trim(),
        &["--key", &key_path("ec-p256.spki.pem")],
        "",
    );
    assert_eq!(code, 1);
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("An EC P-256 key cannot be used with RS256"),
        "{}",
        v["error"]
    );
}

#[test]
fn ecdsa_signatures_must_be_raw_r_and_s() {
    let es = jwtpad_args(&[
        "encode",
        "--alg",
        "ES256",
        "--key",
        &key_path("ec-p256.sec1.pem"),
        "--payload",
        r#"{"a":1}"#,
    ]);
    assert_eq!(es.code, 0, "{}", es.stderr);
    let token = es.stdout.trim();
    let public = key_path("ec-p256.spki.pem");
    assert_eq!(decode_json(token, &["--key", &public], "").0, 0);

    let (head, sig) = token.rsplit_once('.').unwrap();
    let raw = B64.decode(sig).unwrap();
    // The same R and S, DER-encoded as OpenSSL would emit them.
    let der_int = |x: &[u8]| {
        let x: Vec<u8> = x.iter().copied().skip_while(|&b| b == 0).collect();
        let mut v = if x[0] & 0x80 != 0 { vec![0] } else { vec![] };
        v.extend(x);
        let mut out = vec![0x02, u8::try_from(v.len()).unwrap()];
        out.extend(v);
        out
    };
    let mut body = der_int(&raw[..32]);
    body.extend(der_int(&raw[32..]));
    let mut der = vec![0x30, u8::try_from(body.len()).unwrap()];
    der.extend(body);
    let (code, v) = decode_json(
        &format!("{head}.{}", B64.encode(&der)),
        &["--key", &public],
        "",
    );
    assert_eq!(code, 1);
    assert!(
        v["error"].as_str().unwrap().contains("DER"),
        "{}",
        v["error"]
    );
    assert_eq!(v["verification"]["hints"][0]["code"], "ecdsa-der");

    let (code, v) = decode_json(
        &format!("{head}.{}", B64.encode([0u8; 64])),
        &["--key", &public],
        "",
    );
    assert_eq!(code, 1);
    assert_eq!(v["verified"], false);
    // P-521 as well (the signature there is 132 bytes).
    let es512 = jwtpad_args(&[
        "encode",
        "--alg",
        "ES512",
        "--key",
        &key_path("ec-p521.sec1.pem"),
        "--payload",
        "{}",
    ]);
    let (head, _) = es512.stdout.trim().rsplit_once('.').unwrap();
    let (code, _) = decode_json(
        &format!("{head}.{}", B64.encode([0u8; 132])),
        &["--key", &key_path("ec-p521.spki.pem")],
        "",
    );
    assert_eq!(code, 1);
}

#[test]
fn unknown_crit_means_not_verified() {
    let token = encode_hs256(
        r#"{"exp":4102444800}"#,
        &[
            "--header",
            r#"{"crit":["urn:example:ext"],"urn:example:ext":true}"#,
        ],
    );
    let (code, v) = decode_json(&token, &["--secret-env", "TEST_SECRET"], SECRET);
    assert_eq!(code, 1);
    assert!(
        v["error"].as_str().unwrap().contains("critical"),
        "{}",
        v["error"]
    );
}

#[test]
fn key_urls_and_embedded_keys_are_flagged_never_used() {
    let header = r#"{"jku":"https://attacker.example/keys.json","x5u":"https://attacker.example/c.pem","jwk":{"kty":"oct","k":"AQ"},"x5c":["MIIB"]}"#;
    let token = encode_hs256(r#"{"exp":4102444800}"#, &["--header", header]);
    let (code, v) = decode_json(&token, &["--secret-env", "TEST_SECRET"], SECRET);
    assert_eq!(code, 0, "the signature is fine with the real secret");
    let warnings = v["warnings"].to_string();
    for member in ["jku", "x5u", "jwk", "x5c"] {
        assert!(
            warnings.contains(&format!("carries \\\"{member}\\\"")),
            "{member}: {warnings}"
        );
    }
    // The embedded key is never used: with no key given, nothing is verified.
    let (code, v) = decode_json(&token, &[], "");
    assert_eq!((code, v["verified"].clone()), (0, Value::Null));
}

#[test]
fn jwks_chooses_by_kid_and_says_when_none_fits() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = dir.path().join("keys.json");
    let k = |s: &str| B64.encode(s);
    std::fs::write(
        &jwks,
        json!({"keys": [
            {"kty": "oct", "kid": "a", "k": k("secret-a-secret-a-secret-a-secret-a")},
            {"kty": "oct", "kid": "b", "k": k(SECRET)},
        ]})
        .to_string(),
    )
    .unwrap();
    let jwks = jwks.to_string_lossy().into_owned();
    let token_b = encode_hs256(r#"{"exp":4102444800}"#, &["--header", r#"{"kid":"b"}"#]);
    let (code, v) = decode_json(&token_b, &["--key", &jwks], "");
    assert_eq!(code, 0, "{v}");
    assert!(
        v["verification"]["key"]
            .as_str()
            .unwrap()
            .contains("kid \"b\"")
    );
    let token_c = encode_hs256(r#"{"exp":4102444800}"#, &["--header", r#"{"kid":"c"}"#]);
    let (code, v) = decode_json(&token_c, &["--key", &jwks], "");
    assert_eq!(code, 1);
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("no key for HS256 with kid \"c\""),
        "{}",
        v["error"]
    );
    // Without a kid, every fitting key is tried.
    let token = encode_hs256(r#"{"exp":4102444800}"#, &[]);
    assert_eq!(decode_json(&token, &["--key", &jwks], "").0, 0);
}

// ---------- time claims ----------

#[test]
fn time_claims_decide_the_exit_code_only_when_a_key_was_given() {
    let key = ["--secret-env", "TEST_SECRET"];
    let fresh = encode_hs256(r#"{"iss":"client"}"#, &["--exp", "+15m", "--iat", "now"]);
    let (code, v) = decode_json(&fresh, &key, SECRET);
    assert_eq!(code, 0);
    assert_eq!(v["time"]["exp"]["status"], "ok");
    let relative = v["time"]["exp"]["relative"].as_str().unwrap();
    assert!(
        relative == "valid for 15 min" || relative == "valid for 14 min",
        "{relative}"
    );
    assert_eq!(v["time_valid"], true);

    let expired = encode_hs256("{}", &["--exp", "-1h"]);
    let (code, v) = decode_json(&expired, &key, SECRET);
    assert_eq!(code, 1);
    assert_eq!(v["verified"], true);
    assert_eq!(v["time"]["exp"]["status"], "expired");
    assert!(
        v["error"].as_str().unwrap().contains("expired 1 h ago"),
        "{}",
        v["error"]
    );
    let (code, v) = decode_json(&expired, &[], SECRET);
    assert_eq!(code, 0, "without a key nothing was asked about trust");
    assert_eq!(v["time_valid"], false);

    let later = encode_hs256("{}", &["--nbf", "+2h", "--exp", "+3h"]);
    let (code, v) = decode_json(&later, &key, SECRET);
    assert_eq!(code, 1);
    assert_eq!(v["time"]["nbf"]["status"], "not_yet_valid");
}

#[test]
fn now_and_leeway_are_honoured() {
    let token = encode_hs256(r#"{"exp":1300819380}"#, &[]);
    let key = ["--secret-env", "TEST_SECRET"];
    let at = |now: &str, leeway: &str| {
        let mut args = key.to_vec();
        args.extend(["--now", now, "--leeway", leeway]);
        decode_json(&token, &args, SECRET)
    };
    assert_eq!(at("1300819350", "60").0, 0, "30 s before exp");
    assert_eq!(
        at("1300819400", "60").0,
        0,
        "20 s after exp, inside the leeway"
    );
    assert_eq!(at("1300819400", "0").0, 1, "20 s after exp, no leeway");
    let (code, v) = at("2011-03-22T18:00:00Z", "60");
    assert_eq!(code, 0);
    assert_eq!(v["time"]["exp"]["relative"], "valid for 43 min");
    assert_eq!(v["time"]["exp"]["utc"], "2011-03-22T18:43:00Z");
    assert_eq!(v["time"]["exp"]["local"], "2011-03-22 18:43:00 +00:00");
    let bad = jwtpad_args(&["decode", &token, "--now", "yesterday"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("--now: time \"yesterday\" not understood"),
        "{}",
        bad.stderr
    );
    let negative = jwtpad_args(&["decode", &token, "--leeway", "-5"]);
    assert_eq!(negative.code, 2);
}

#[test]
fn local_time_follows_the_time_zone() {
    let token = encode_hs256(r#"{"exp":1300819380}"#, &[]);
    let mut cmd = jwtpad();
    cmd.env("TZ", "BRT3").args(["decode", "--json", &token]);
    let v = run(cmd, None).json();
    assert_eq!(v["time"]["exp"]["local"], "2011-03-22 15:43:00 -03:00");
    let mut cmd = jwtpad();
    cmd.env("TZ", "BRT3").args(["decode", &token]);
    let human = run(cmd, None).stdout;
    assert!(
        human.contains("2011-03-22 15:43:00 -03:00 (local) · 2011-03-22T18:43:00Z · expired"),
        "{human}"
    );
}

#[test]
fn time_claims_that_are_not_numbers_are_invalid_not_coerced() {
    let token = encode_hs256(r#"{"exp":"1300819380"}"#, &[]);
    let (code, v) = decode_json(&token, &["--secret-env", "TEST_SECRET"], SECRET);
    assert_eq!(code, 1);
    assert_eq!(v["time"]["exp"]["status"], "invalid");
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("a NumericDate must be a JSON number"),
        "{}",
        v["error"]
    );
    let fractional = encode_hs256(r#"{"exp":4102444800.5}"#, &[]);
    let (code, v) = decode_json(&fractional, &["--secret-env", "TEST_SECRET"], SECRET);
    assert_eq!(code, 0);
    assert_eq!(v["time"]["exp"]["utc"], "2100-01-01T00:00:00.500Z");
}

// ---------- signing ----------

#[test]
fn every_algorithm_round_trips() {
    let rsa_private = key_path("rsa2048.pkcs1.pem");
    let cases: Vec<(&str, Vec<String>, Vec<String>)> = vec![
        (
            "HS256",
            vec!["--secret-env".into(), "TEST_SECRET".into()],
            vec!["--secret-env".into(), "TEST_SECRET".into()],
        ),
        (
            "HS384",
            vec!["--secret-file".into(), key_path("../vectors/README.md")],
            vec!["--secret-file".into(), key_path("../vectors/README.md")],
        ),
        (
            "HS512",
            vec!["--secret-base64-env".into(), "TEST_SECRET_B64".into()],
            vec!["--secret-base64-env".into(), "TEST_SECRET_B64".into()],
        ),
        (
            "RS256",
            vec!["--key".into(), rsa_private.clone()],
            vec!["--key".into(), key_path("rsa2048.spki.pem")],
        ),
        (
            "RS384",
            vec!["--key".into(), key_path("rsa2048.pkcs8.pem")],
            vec!["--key".into(), key_path("rsa2048.cert.pem")],
        ),
        (
            "RS512",
            vec!["--key".into(), rsa_private.clone()],
            vec!["--key".into(), key_path("rsa2048.pkcs1-public.pem")],
        ),
        (
            "PS256",
            vec!["--key".into(), rsa_private.clone()],
            vec!["--key".into(), key_path("rsa2048.spki.pem")],
        ),
        (
            "PS384",
            vec!["--key".into(), rsa_private.clone()],
            vec!["--key".into(), key_path("rsa2048.pkcs8.pem")],
        ),
        (
            "PS512",
            vec!["--key".into(), rsa_private],
            vec!["--key".into(), key_path("rsa2048.cert.pem")],
        ),
        (
            "ES256",
            vec!["--key".into(), key_path("ec-p256.pkcs8.pem")],
            vec!["--key".into(), key_path("ec-p256.cert.pem")],
        ),
        (
            "ES384",
            vec!["--key".into(), key_path("ec-p384.sec1.pem")],
            vec!["--key".into(), key_path("ec-p384.spki.pem")],
        ),
        (
            "ES512",
            vec!["--key".into(), key_path("ec-p521.pkcs8.pem")],
            vec!["--key".into(), key_path("ec-p521.spki.pem")],
        ),
        (
            "EdDSA",
            vec!["--key".into(), key_path("ed25519.pkcs8.pem")],
            vec!["--key".into(), key_path("ed25519.spki.pem")],
        ),
        (
            "Ed25519",
            vec!["--key".into(), key_path("ed25519.pkcs8.pem")],
            vec!["--key".into(), key_path("ed25519.spki.pem")],
        ),
    ];
    let payload = r#"{"iss":"client-123","personId":"52998224725","exp":4102444800}"#;
    for (alg, sign_key, verify_key) in cases {
        let mut cmd = jwtpad();
        cmd.env("TEST_SECRET", SECRET)
            .env("TEST_SECRET_B64", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==")
            .args(["encode", "--alg", alg, "--payload", payload])
            .args(&sign_key);
        let signed = run(cmd, None);
        assert_eq!(signed.code, 0, "{alg}: {}", signed.stderr);
        assert!(
            signed.stderr.is_empty(),
            "{alg} should sign without warnings: {}",
            signed.stderr
        );
        let token = signed.stdout.trim_end();
        assert_eq!(
            signed.stdout,
            format!("{token}\n"),
            "only the token and a newline"
        );
        assert_eq!(
            segment_json(token.split('.').next().unwrap()),
            format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#)
        );
        assert_eq!(
            segment_json(token.split('.').nth(1).unwrap()),
            payload,
            "{alg}: payload signed byte for byte"
        );

        let mut cmd = jwtpad();
        cmd.env("TEST_SECRET", SECRET)
            .env("TEST_SECRET_B64", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA")
            .args(["decode", "--json", token])
            .args(&verify_key);
        let verified = run(cmd, None);
        assert_eq!(verified.code, 0, "{alg}: {}", verified.stdout);
        assert_eq!(verified.json()["verified"], true, "{alg}");

        // One flipped bit in the payload and it must fail.
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = B64.encode(payload.replace("123", "124"));
        let mut cmd = jwtpad();
        cmd.env("TEST_SECRET", SECRET)
            .env("TEST_SECRET_B64", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA")
            .args(["decode", "--json", &parts.join(".")])
            .args(&verify_key);
        let tampered = run(cmd, None);
        assert_eq!(tampered.code, 1, "{alg}: tampered token must not verify");
    }
}

#[test]
fn the_header_is_signed_as_written_with_alg_set() {
    let out = with_secret(
        SECRET,
        &[
            "encode",
            "--secret-env",
            "TEST_SECRET",
            "--header",
            r#"{"kid":"k1","typ":"at+jwt","x-vendor":{"z":1,"a":2}}"#,
            "--payload",
            r#"{"z":1,"iss":"me","a":[3,2,1],"exp":4102444800}"#,
        ],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let token = out.stdout.trim();
    assert_eq!(
        segment_json(token.split('.').next().unwrap()),
        r#"{"alg":"HS256","typ":"at+jwt","kid":"k1","x-vendor":{"z":1,"a":2}}"#
    );
    assert_eq!(
        segment_json(token.split('.').nth(1).unwrap()),
        r#"{"z":1,"iss":"me","a":[3,2,1],"exp":4102444800}"#
    );

    let mismatch = with_secret(
        SECRET,
        &[
            "encode",
            "--secret-env",
            "TEST_SECRET",
            "--alg",
            "HS384",
            "--header",
            r#"{"alg":"HS256"}"#,
            "--payload",
            r#"{"exp":4102444800}"#,
        ],
        None,
    );
    assert_eq!(mismatch.code, 0);
    assert!(
        mismatch
            .stderr
            .contains(r#"warning: the header said "alg": "HS256"; set to "HS384""#),
        "{}",
        mismatch.stderr
    );
    assert!(
        segment_json(mismatch.stdout.split('.').next().unwrap()).starts_with(r#"{"alg":"HS384""#)
    );

    let dir = tempfile::tempdir().unwrap();
    let header_file = dir.path().join("h.json");
    std::fs::write(&header_file, r#"{"kid":"from-file"}"#).unwrap();
    let from_file = with_secret(
        SECRET,
        &[
            "encode",
            "--secret-env",
            "TEST_SECRET",
            "--header",
            &format!("@{}", header_file.display()),
            "--payload",
            "{}",
        ],
        None,
    );
    assert!(segment_json(from_file.stdout.split('.').next().unwrap()).contains("from-file"));
}

#[test]
fn the_algorithm_follows_the_key_when_not_given() {
    let out = jwtpad_args(&[
        "encode",
        "--key",
        &key_path("ec-p384.pkcs8.pem"),
        "--payload",
        r#"{"exp":4102444800}"#,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        segment_json(out.stdout.split('.').next().unwrap()),
        r#"{"alg":"ES384","typ":"JWT"}"#
    );
    let out = with_secret(
        SECRET,
        &["encode", "--secret-env", "TEST_SECRET", "--payload", "{}"],
        None,
    );
    assert!(segment_json(out.stdout.split('.').next().unwrap()).starts_with(r#"{"alg":"HS256""#));
}

#[test]
fn weak_but_legitimate_test_tokens_are_signed_with_warnings() {
    let short = with_secret(
        "your-256-bit-secret",
        &[
            "encode",
            "--secret-env",
            "TEST_SECRET",
            "--payload",
            r#"{"sub":"x"}"#,
        ],
        None,
    );
    assert_eq!(short.code, 0);
    assert!(
        short
            .stderr
            .contains("warning: the HMAC secret is 19 bytes; RFC 7518 §3.2 asks for at least 32"),
        "{}",
        short.stderr
    );
    assert!(
        short.stderr.contains("warning: no \"exp\" claim"),
        "{}",
        short.stderr
    );
    let small_rsa = jwtpad_args(&[
        "encode",
        "--alg",
        "RS256",
        "--key",
        &key_path("rsa1024.pkcs8.pem"),
        "--payload",
        r#"{"exp":4102444800}"#,
    ]);
    assert_eq!(small_rsa.code, 0, "{}", small_rsa.stderr);
    assert!(
        small_rsa.stderr.contains("the RSA key is 1024 bits"),
        "{}",
        small_rsa.stderr
    );
    let none = jwtpad_args(&[
        "encode",
        "--alg",
        "none",
        "--payload",
        r#"{"exp":4102444800}"#,
    ]);
    assert_eq!(none.code, 0, "{}", none.stderr);
    assert!(
        none.stdout.trim_end().ends_with('.'),
        "unsigned: empty signature"
    );
    assert!(none.stderr.contains("alg \"none\""));
}

#[test]
fn impossible_encodes_exit_2_with_a_clear_message() {
    let secret = ["encode", "--secret-env", "TEST_SECRET"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--payload", "{\"a\":1,\n\"b\":}"],
            "payload JSON: expected value at line 2, column 5",
        ),
        (
            vec!["--payload", r#"{"exp":1,"exp":2}"#],
            "payload JSON: duplicate member name \"exp\"",
        ),
        (
            vec!["--payload", "{}", "--header", "[]"],
            "header JSON: expected a JSON object",
        ),
        (
            vec!["--payload", "{}", "--alg", "RS256"],
            "An HMAC secret cannot be used with RS256",
        ),
        (
            vec!["--payload", "{}", "--alg", "HS999"],
            "unsupported algorithm \"HS999\"",
        ),
        (
            vec!["--payload", "[]", "--exp", "+15m"],
            "--exp needs the payload to be a JSON object",
        ),
        (
            vec!["--payload", "{}", "--exp", "soonish"],
            "--exp: time \"soonish\" not understood",
        ),
        (
            vec!["--payload", "@/nonexistent/p.json"],
            "cannot read payload file /nonexistent/p.json",
        ),
    ];
    for (extra, want) in cases {
        let mut args = secret.to_vec();
        args.extend(extra);
        let out = with_secret(SECRET, &args, None);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stdout);
        assert!(out.stderr.contains(want), "{args:?}: {}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    let public = jwtpad_args(&[
        "encode",
        "--alg",
        "ES256",
        "--key",
        &key_path("ec-p256.spki.pem"),
        "--payload",
        "{}",
    ]);
    assert_eq!(public.code, 2);
    assert!(
        public.stderr.contains("a public key cannot sign"),
        "{}",
        public.stderr
    );
    let no_key = jwtpad_args(&["encode", "--payload", "{}"]);
    assert_eq!(no_key.code, 2);
    assert!(
        no_key.stderr.contains("HS256 needs an HMAC secret"),
        "{}",
        no_key.stderr
    );
}

// ---------- keys and secrets ----------

#[test]
fn bad_keys_exit_2_and_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, content: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        p.to_string_lossy().into_owned()
    };
    let cases = [
        (
            write("garbage.txt", b"hello world"),
            "not a PEM key or certificate",
        ),
        (write("empty.pem", b""), "the key file is empty"),
        (
            write(
                "broken.pem",
                b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
            ),
            "PEM block 1 (PUBLIC KEY): not a valid public key",
        ),
        (
            write("jwk.json", br#"{"kty":"RSA","n":"AQAB"}"#),
            "a \"RSA\" JWK needs \"e\"",
        ),
        (
            write("bin.der", &[0x30, 0x03, 0x02, 0x01, 0x00]),
            "not a DER key or certificate",
        ),
        (key_path("ed448.pkcs8.pem"), "Ed448 keys are not supported"),
        (
            "/nonexistent/key.pem".to_owned(),
            "cannot read key file /nonexistent/key.pem",
        ),
    ];
    for (path, want) in cases {
        let out = jwtpad_args(&["decode", JWTIO, "--key", &path]);
        assert_eq!(out.code, 2, "{path}");
        assert!(out.stderr.contains(want), "{path}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        let json = jwtpad_args(&["decode", "--json", JWTIO, "--key", &path]);
        assert_eq!(json.code, 2);
        assert!(json.json()["error"].as_str().unwrap().contains(want));
    }
}

#[test]
fn secrets_come_only_from_env_or_file_and_never_show() {
    // No way to pass a secret as an argument.
    let out = jwtpad_args(&["decode", JWTIO, "--secret", "your-256-bit-secret"]);
    assert_eq!(out.code, 2, "stderr: {}", out.stderr);
    // Two sources at once is a usage error.
    let out = with_secret(
        SECRET,
        &[
            "decode",
            JWTIO,
            "--secret-env",
            "TEST_SECRET",
            "--key",
            "x.pem",
        ],
        None,
    );
    assert_eq!(out.code, 2, "stderr: {}", out.stderr);

    let canary = "CANARY-s3cr3t-zz!9";
    let runs = [
        with_secret(
            canary,
            &["decode", JWTIO, "--secret-env", "TEST_SECRET"],
            None,
        ),
        with_secret(
            canary,
            &["decode", "--json", JWTIO, "--secret-env", "TEST_SECRET"],
            None,
        ),
        with_secret(
            canary,
            &["decode", JWTIO, "--secret-base64-env", "TEST_SECRET"],
            None,
        ),
        with_secret(
            canary,
            &[
                "encode",
                "--secret-base64-env",
                "TEST_SECRET",
                "--payload",
                "{}",
            ],
            None,
        ),
        with_secret(
            canary,
            &[
                "encode",
                "--secret-env",
                "TEST_SECRET",
                "--alg",
                "ES256",
                "--payload",
                "{}",
            ],
            None,
        ),
        with_secret(
            canary,
            &["encode", "--secret-env", "TEST_SECRET", "--payload", "{bad"],
            None,
        ),
    ];
    for out in &runs {
        for needle in [canary, "s3cr3t", &B64.encode(canary), "!9"] {
            assert!(
                !out.stdout.contains(needle) && !out.stderr.contains(needle),
                "leaked {needle}: {}{}",
                out.stdout,
                out.stderr
            );
        }
    }
    assert!(runs[2].stderr.contains("--secret-base64-env TEST_SECRET: the base64 secret has a character that is not base64 at position 17"), "{}", runs[2].stderr);
    let unset = jwtpad_args(&["decode", JWTIO, "--secret-env", "JWTPAD_UNSET_VAR"]);
    assert_eq!(unset.code, 2);
    assert!(
        unset
            .stderr
            .contains("--secret-env JWTPAD_UNSET_VAR: the environment variable is not set")
    );
    let empty = with_secret("", &["decode", JWTIO, "--secret-env", "TEST_SECRET"], None);
    assert_eq!(empty.code, 2);
    assert!(empty.stderr.contains("is empty"));
}

#[test]
fn secret_file_ignores_one_trailing_newline() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secret");
    std::fs::write(&file, "your-256-bit-secret\n").unwrap();
    let (code, v) = decode_json(JWTIO, &["--secret-file", &file.to_string_lossy()], "");
    assert_eq!((code, v["verified"].clone()), (0, Value::Bool(true)));
    std::fs::write(&file, "your-256-bit-secret\n\n").unwrap();
    let (code, _) = decode_json(JWTIO, &["--secret-file", &file.to_string_lossy()], "");
    assert_eq!(code, 1, "only one newline is ignored");
    // Notepad ends a line with CRLF: one trailing CRLF is ignored too, and only one.
    std::fs::write(&file, "your-256-bit-secret\r\n").unwrap();
    let (code, v) = decode_json(JWTIO, &["--secret-file", &file.to_string_lossy()], "");
    assert_eq!((code, v["verified"].clone()), (0, Value::Bool(true)));
    std::fs::write(&file, "your-256-bit-secret\r\n\r\n").unwrap();
    let (code, _) = decode_json(JWTIO, &["--secret-file", &file.to_string_lossy()], "");
    assert_eq!(code, 1, "only one CRLF is ignored");
    std::fs::write(&file, "your-256-bit-secret\r").unwrap();
    let (code, _) = decode_json(JWTIO, &["--secret-file", &file.to_string_lossy()], "");
    assert_eq!(code, 1, "a lone CR is part of the secret");
}

/// `path` as a Windows program under Wine names it: drive `Z:` is the Unix root, and the
/// separators are backslashes (`Z:\work\tests\fixtures\keys\ed25519.pkcs8.pem`).
fn wine_path(path: &std::path::Path) -> String {
    let unix = path.to_str().expect("a UTF-8 path");
    assert!(unix.starts_with('/'), "{unix} is not absolute");
    format!("Z:{}", unix.replace('/', "\\"))
}

#[test]
fn windows_paths_with_a_drive_letter_and_backslashes_work() {
    // Only a Windows build understands `Z:\...`; on Unix that is a file name in the current
    // directory. This runs when the tests drive the Windows binary under Wine.
    if !crate::shared::binary::testing_windows_exe() {
        eprintln!(
            "SKIPPED: windows_paths_with_a_drive_letter_and_backslashes_work: not the Windows build"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let claims = dir.path().join("claims.json");
    std::fs::write(&claims, "{\"sub\":\"42\",\"exp\":4102444800}\r\n").unwrap();
    let header = dir.path().join("header.json");
    std::fs::write(&header, "{\"kid\":\"k1\"}").unwrap();
    let private = wine_path(&crate::shared::fixtures::path("keys/ed25519.pkcs8.pem"));
    let public = wine_path(&crate::shared::fixtures::path("keys/ed25519.spki.pem"));
    let payload_arg = format!("@{}", wine_path(&claims));
    let header_arg = format!("@{}", wine_path(&header));
    let out = jwtpad_args(&[
        "encode",
        "--key",
        &private,
        "--payload",
        &payload_arg,
        "--header",
        &header_arg,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let token = out.stdout.trim_end();
    let out = jwtpad_args(&["decode", "--json", "--key", &public, token]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = out.json();
    assert_eq!(v["verified"], true);
    assert_eq!(v["payload"]["sub"], "42");
    assert_eq!(v["header"]["kid"], "k1");

    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "your-256-bit-secret\r\n").unwrap();
    let (code, v) = decode_json(JWTIO, &["--secret-file", &wine_path(&secret)], "");
    assert_eq!((code, v["verified"].clone()), (0, Value::Bool(true)));

    // A missing file is named as the user wrote it, backslashes and all.
    let missing = format!("{}\\nope.pem", wine_path(dir.path()));
    let out = jwtpad_args(&["decode", "--key", &missing, JWTIO]);
    assert_eq!(out.code, 2, "stderr: {}", out.stderr);
    assert!(out.stderr.contains("nope.pem"), "{}", out.stderr);
}

#[test]
fn the_human_report_reads_well() {
    let out = with_secret(
        "your-256-bit-secret",
        &["decode", JWTIO, "--secret-env", "TEST_SECRET"],
        None,
    );
    assert_eq!(out.code, 0);
    for want in [
        "Header (HS256)\n{\n  \"alg\": \"HS256\",",
        "Payload\n{\n  \"sub\": \"1234567890\",",
        "Signature:  VERIFIED with HMAC secret (19 bytes)",
        "Time:       iat  2018-01-18 01:30:22 +00:00 (UTC) · 2018-01-18T01:30:22Z · issued",
        "Warnings:\n  - no \"exp\" claim",
    ] {
        assert!(
            out.stdout.contains(want),
            "missing {want:?} in\n{}",
            out.stdout
        );
    }
    let failed = with_secret(
        "wrong",
        &["decode", JWTIO, "--secret-env", "TEST_SECRET"],
        None,
    );
    assert_eq!(failed.code, 1);
    assert!(
        failed
            .stdout
            .contains("Signature:  NOT VERIFIED: signature does not match")
    );
    let none = jwtpad_args(&["decode", JWTIO]);
    assert!(
        none.stdout
            .contains("Signature:  not checked: no key given")
    );
    let unsigned = jwtpad_args(&["decode", &token_with(r#"{"alg":"none"}"#, "Payload", b"")]);
    assert!(
        unsigned
            .stdout
            .contains("Payload (text; not JSON: expected value at line 1, column 1)"),
        "{}",
        unsigned.stdout
    );
    assert!(
        unsigned
            .stdout
            .contains("Signature:  UNSIGNED (alg \"none\")"),
        "{}",
        unsigned.stdout
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(jwtpad_args(&["decode", "--frobnicate"]).code, 2);
    assert_eq!(jwtpad_args(&["bogus-command"]).code, 2);
    let help = jwtpad_args(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(
        help.stdout
            .contains("Run without arguments to open the window")
    );
}

#[test]
fn broken_tokens_fail_for_exactly_one_reason() {
    let payload = r#"{"iss":"client-1","personId":"52998224725"}"#;
    let secret_args = ["--secret-env", "TEST_SECRET"];

    let expired = encode_hs256(
        payload,
        &["--iat", "now", "--exp", "+15m", "--broken", "expired"],
    );
    let (code, out) = decode_json(&expired, &secret_args, SECRET);
    assert_eq!((code, &out["verified"]), (1, &json!(true)), "{out}");
    assert_eq!(out["time"]["exp"]["status"], "expired", "{out}");
    let exp = out["payload"]["exp"].as_i64().unwrap();
    assert_eq!(
        out["payload"]["iat"].as_i64().unwrap(),
        exp - 900,
        "lifetime kept"
    );

    let early = encode_hs256(payload, &["--exp", "+15m", "--broken", "not-yet-valid"]);
    let (code, out) = decode_json(&early, &secret_args, SECRET);
    assert_eq!((code, &out["verified"]), (1, &json!(true)), "{out}");
    assert_eq!(out["time"]["nbf"]["status"], "not_yet_valid", "{out}");

    let forged = encode_hs256(payload, &["--exp", "+15m", "--broken", "wrong-signature"]);
    let (code, out) = decode_json(&forged, &secret_args, SECRET);
    assert_eq!((code, &out["verified"]), (1, &json!(false)), "{out}");
    assert_eq!(out["time_valid"], json!(true), "{out}");

    let missing = encode_hs256(payload, &["--exp", "+15m", "--broken", "missing:personId"]);
    let (code, out) = decode_json(&missing, &secret_args, SECRET);
    assert_eq!((code, &out["verified"]), (0, &json!(true)), "{out}");
    assert_eq!(
        out["payload"],
        json!({"iss": "client-1", "exp": out["payload"]["exp"]})
    );

    let unsigned = encode_hs256(payload, &["--exp", "+15m", "--broken", "alg-none"]);
    assert!(unsigned.ends_with('.'), "{unsigned}");
    let (code, out) = decode_json(&unsigned, &secret_args, SECRET);
    assert_eq!((code, &out["verified"]), (1, &json!(false)), "{out}");

    let absent = with_secret(
        SECRET,
        &[
            "encode",
            "--secret-env",
            "TEST_SECRET",
            "--payload",
            payload,
            "--broken",
            "missing:sub",
        ],
        None,
    );
    assert_eq!(absent.code, 2);
    assert!(
        absent.stderr.contains("no \"sub\" claim"),
        "{}",
        absent.stderr
    );
    let unknown = jwtpad_args(&["encode", "--payload", payload, "--broken", "sideways"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("missing:CLAIM"),
        "{}",
        unknown.stderr
    );
    let keyless = jwtpad_args(&["encode", "--payload", payload, "--broken", "expired"]);
    assert_eq!(keyless.code, 2);
    assert!(
        keyless.stderr.contains("choose a key first"),
        "{}",
        keyless.stderr
    );
}

#[test]
fn cpf_makes_valid_numbers_and_checks_them() {
    let out = jwtpad_args(&["cpf", "--count", "20", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let made: Vec<String> = serde_json::from_value(out.json()).unwrap();
    assert_eq!(made.len(), 20);
    for number in &made {
        let check = jwtpad_args(&["cpf", "--check", number, "--json"]);
        assert_eq!(
            (check.code, &check.json()["valid"]),
            (0, &json!(true)),
            "{number}"
        );
    }
    let formatted = jwtpad_args(&["cpf", "--formatted"]);
    let text = formatted.stdout.trim();
    assert!(
        text.len() == 14 && &text[3..4] == "." && &text[11..12] == "-",
        "{text}"
    );

    // decode names a wrong personId; a right one passes quietly.
    let token = encode_hs256(r#"{"personId":"529.982.247-24","exp":4102444800}"#, &[]);
    let (_, out) = decode_json(&token, &[], SECRET);
    assert!(
        out["warnings"]
            .to_string()
            .contains("personId is not a valid CPF: check digits 24"),
        "{out}"
    );
    let token = encode_hs256(
        &format!(r#"{{"personId":"{}","exp":4102444800}}"#, made[0]),
        &[],
    );
    let (_, out) = decode_json(&token, &[], SECRET);
    assert!(!out["warnings"].to_string().contains("CPF"), "{out}");

    let bad = jwtpad_args(&["cpf", "--check", "529.982.247-24"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stdout.contains("call for 25"), "{}", bad.stdout);
    let zero = jwtpad_args(&["cpf", "--count", "0"]);
    assert_eq!(zero.code, 2);
}

// ---------- codes beside the words ----------

#[test]
fn json_carries_stable_codes_beside_the_words() {
    // Exit 0: no error, and each warning is a code with its message.
    let (code, out) = decode_json(JWTIO, &[], SECRET);
    assert_eq!(code, 0);
    assert_eq!(out["error"], Value::Null);
    assert_eq!(out["error_code"], Value::Null);
    assert_eq!(out["verification"]["code"], Value::Null);
    assert_eq!(
        out["warnings"],
        json!([{"code": "no-exp", "message": "no \"exp\" claim: the token never expires"}])
    );

    // Malformed: the most specific code, the words as before.
    for (token, want) in [
        ("a.b", "segment-count"),
        ("e30.e30=.", "base64-padding"),
        ("e3+.e30.", "base64-standard-alphabet"),
        ("a.b.c.d.e", "jwe-not-supported"),
        ("W10.e30.", "header-not-json"),
        ("", "empty-input"),
    ] {
        let (code, out) = decode_json(token, &[], SECRET);
        assert_eq!(code, 2, "{token:?}");
        assert_eq!(out["error_code"], want, "{token:?}: {out}");
        assert!(
            out["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{out}"
        );
    }

    // A signature that does not match.
    let token = encode_hs256(r#"{"exp":4102444800}"#, &[]);
    let (code, out) = decode_json(
        &token,
        &["--secret-env", "TEST_SECRET"],
        "another-secret-of-32-bytes-length",
    );
    assert_eq!(code, 1);
    assert_eq!(out["verification"]["code"], "signature-mismatch");
    assert_eq!(out["error_code"], "signature-mismatch");
    assert!(
        out["verification"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("signature does not match"),
        "{out}"
    );
    assert_eq!(out["warnings"], json!([]), "{out}");

    // Unsigned, expired, and a personId that is not a CPF (here a number).
    let none = format!("{}.{}.", B64.encode(r#"{"alg":"none"}"#), B64.encode("{}"));
    let (_, out) = decode_json(&none, &["--secret-env", "TEST_SECRET"], SECRET);
    assert_eq!(out["verification"]["code"], "alg-none");
    let expired = encode_hs256(r#"{"exp":1000,"personId":52998224724}"#, &[]);
    let (code, out) = decode_json(&expired, &["--secret-env", "TEST_SECRET"], SECRET);
    assert_eq!(code, 1);
    assert_eq!(out["verification"]["code"], Value::Null, "it verified");
    assert_eq!(out["error_code"], "expired");
    let codes: Vec<&str> = out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["person-id-not-cpf", "expired"], "{out}");

    // A key that cannot be read.
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.txt");
    std::fs::write(&key, "just some text").unwrap();
    let out = jwtpad_args(&["decode", "--json", "--key", key.to_str().unwrap(), JWTIO]);
    assert_eq!(out.code, 2, "stderr: {}", out.stderr);
    assert_eq!(out.json()["error_code"], "key-format-unknown");
    assert!(
        out.json()["error"]
            .as_str()
            .unwrap()
            .starts_with("key file "),
        "{}",
        out.stdout
    );
    let out = jwtpad_args(&["decode", "--json", "--now", "soon", JWTIO]);
    assert_eq!(out.json()["error_code"], "time-not-understood");
}

#[test]
fn cpf_check_json_has_a_code() {
    let out = jwtpad_args(&["cpf", "--check", "529.982.247-24", "--json"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.json()["code"], "cpf-check-digits");
    let out = jwtpad_args(&["cpf", "--check", "529.982.247-25", "--json"]);
    assert_eq!(out.code, 0);
    assert_eq!(out.json()["code"], Value::Null);
}

// ---------- a sturdy command line ----------

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    for args in [
        vec!["cpf", "--count", "10000"],
        vec!["cpf", "--count", "10000", "--json"],
    ] {
        let mut child = jwtpad()
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        // What `head -1` does: read one line and go away.
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn extreme_time_claims_make_broken_tokens_without_overflow() {
    let payload =
        r#"{"iat":-9223372036854775808,"nbf":-9223372036854775808,"exp":9223372036854775807}"#;
    for kind in ["expired", "not-yet-valid"] {
        let token = encode_hs256(payload, &["--broken", kind]);
        let claims: Value =
            serde_json::from_str(&segment_json(token.split('.').nth(1).unwrap())).unwrap();
        let (iat, exp) = (
            claims["iat"].as_i64().unwrap(),
            claims["exp"].as_i64().unwrap(),
        );
        assert!(iat <= exp, "{kind}: {claims}");
        let (code, out) = decode_json(&token, &["--secret-env", "TEST_SECRET"], SECRET);
        assert_eq!(code, 1, "{kind}: {out}");
        assert_eq!(out["verified"], true, "{kind}: only the time fails");
    }
}

// ---------- why a token does not verify ----------

#[test]
fn hints_say_why_it_does_not_verify_without_changing_the_verdict() {
    // A vendor secret in base64; the token was signed with its decoded bytes.
    let vendor = "c2VjcmV0LWZyb20tdGhlLXZlbmRvci1jb25zb2xlLTMyYnl0ZXM";
    let signed = with_secret(
        vendor,
        &[
            "encode",
            "--secret-base64-env",
            "TEST_SECRET",
            "--payload",
            r#"{"exp":4102444800}"#,
        ],
        None,
    );
    assert_eq!(signed.code, 0, "{}", signed.stderr);
    let token = signed.stdout.trim();
    let (code, v) = decode_json(token, &["--secret-env", "TEST_SECRET"], vendor);
    assert_eq!(code, 1);
    assert_eq!(v["verified"], false);
    assert_eq!(v["verification"]["code"], "signature-mismatch");
    let hints = v["verification"]["hints"].as_array().unwrap();
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert_eq!(hints[0]["code"], "secret-is-base64");
    assert!(hints[0]["message"].as_str().unwrap().contains("base64"));
    // The human report: a "Why:" line right under the verdict.
    let human = with_secret(
        vendor,
        &["decode", token, "--secret-env", "TEST_SECRET"],
        None,
    );
    assert_eq!(human.code, 1);
    let lines: Vec<&str> = human.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("Signature:"))
        .unwrap();
    assert!(lines[at + 1].starts_with("Why:"), "{}", human.stdout);
    assert!(lines[at + 1].contains("base64"), "{}", human.stdout);
    // A plain wrong secret: no likely cause, an empty list.
    let (code, v) = decode_json(
        JWTIO,
        &["--secret-env", "TEST_SECRET"],
        "some-other-secret-entirely-!!!!!",
    );
    assert_eq!(code, 1);
    assert_eq!(v["verification"]["hints"], json!([]));
    // Verified: empty too, and every other field is still there.
    let (code, v) = decode_json(token, &["--secret-base64-env", "TEST_SECRET"], vendor);
    assert_eq!(code, 0);
    assert_eq!(v["verification"]["hints"], json!([]));
    assert_eq!(v["verification"]["status"], "verified");
}

#[test]
fn clock_skew_is_a_hint_under_the_time_lines() {
    let token = encode_hs256(r#"{"exp":1800000000}"#, &[]);
    let args = [
        "decode",
        &token,
        "--secret-env",
        "TEST_SECRET",
        "--now",
        "1800000090",
    ];
    let human = with_secret(SECRET, &args, None);
    assert_eq!(human.code, 1);
    let lines: Vec<&str> = human.stdout.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("Why:")).unwrap();
    assert!(lines[at - 1].contains("exp"), "{}", human.stdout);
    assert!(lines[at].contains("91 s"), "{}", human.stdout);
    let mut json_args = args.to_vec();
    json_args.push("--json");
    let v = with_secret(SECRET, &json_args, None).json();
    assert_eq!(v["verified"], true);
    assert_eq!(v["verification"]["hints"][0]["code"], "clock-skew");
}

/// `jwtpad` with no subcommand hands over to the window program beside it
/// (src/cli/launch.rs); without one it says what is missing and where, and the command
/// line beside it still works.
#[test]
fn with_no_window_program_beside_it_jwtpad_says_so_and_its_commands_still_work() {
    let exe = crate::shared::binary::exe_under_test();
    let dir = tempfile::tempdir().unwrap();
    let alone = dir.path().join(exe.file_name().unwrap());
    std::fs::copy(&exe, &alone).unwrap();
    // Under Wine the .com needs the stand-in DLLs beside it (.ci/windows.sh).
    for entry in std::fs::read_dir(exe.parent().unwrap()).unwrap().flatten() {
        if entry.path().extension().is_some_and(|ext| ext == "dll") {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    for args in [&[][..], &["--demo"][..]] {
        let mut cmd = crate::shared::binary::jwtpad_from(&alone);
        cmd.args(args);
        let out = run(cmd, None);
        assert_eq!(out.code, 1, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("cannot open the window")
                && out.stderr.contains("jwtpad-window")
                && out.stderr.contains("is not beside"),
            "{args:?}: {}",
            out.stderr
        );
    }
    let mut cmd = crate::shared::binary::jwtpad_from(&alone);
    cmd.args(["decode", "--json", JWTIO]);
    let out = run(cmd, None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["payload"]["name"], "John Doe");
}
