//! `jwtpad report`, run against the real binary: what a report to share says, the exit codes
//! it shares with `decode`, and above all what it never shows.

use crate::shared::binary::{Run, jwtpad, run};
use serde_json::Value;
use sha2::{Digest, Sha256};

const SECRET: &str = "a-string-secret-at-least-256-bits-long";
/// 2026-12-01T10:00:00Z, the instant every report here is judged at.
const NOW: &str = "1796119200";

/// Personal data of every kind, at the top level and nested.
const PERSONAL: &str = r#"{"iss":"my-client-id","aud":"vendor","sub":"u-7781",
    "personId":"52998224725","email":"john.doe@example.com","name":"John Doe",
    "phone_number":"+55 11 91234-5634","given_name":"John","family_name":"Doe",
    "profile":{"contacts":[{"email":"ana.lima@corp.example.org"},"(11) 3456-7890"],
        "doc":"111.444.777-35"},
    "note":"write to john.doe@example.com, please","roles":["qa"]}"#;

fn jwtpad_with_secret(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = jwtpad();
    cmd.env("TEST_SECRET", SECRET).args(args);
    run(cmd, stdin)
}

/// A token signed with [`SECRET`], exp 15 min after [`NOW`].
fn token(payload: &str, exp: &str) -> String {
    let out = jwtpad_with_secret(
        &[
            "encode",
            "--secret-env",
            "TEST_SECRET",
            "--payload",
            payload,
            "--exp",
            exp,
            "--iat",
            NOW,
        ],
        None,
    );
    assert_eq!(out.code, 0, "encode failed: {}", out.stderr);
    out.stdout.trim_end().to_owned()
}

fn report(token: &str, extra: &[&str]) -> Run {
    let mut args = vec!["report", token, "--now", NOW];
    args.extend_from_slice(extra);
    jwtpad_with_secret(&args, None)
}

const KEY: [&str; 2] = ["--secret-env", "TEST_SECRET"];

#[test]
fn a_report_shows_no_personal_data_and_no_part_of_the_token_in_any_format() {
    let token = token(PERSONAL, "1796120100");
    let forbidden: Vec<String> = [
        "52998224725",
        "529.982.247",
        "982.247",
        "11144477735",
        "111.444.777",
        "john.doe@",
        "ana.lima@",
        "John",
        "Doe",
        "Ana",
        "Lima",
        "+55",
        "91234",
        "5634",
        "3456",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain(token.split('.').map(str::to_owned))
    .chain([token.clone()])
    .collect();
    for format in ["text", "markdown", "json"] {
        let out = report(&token, &[KEY[0], KEY[1], "--format", format]);
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        for bad in &forbidden {
            assert!(
                !out.stdout.contains(bad.as_str()),
                "{format} shows {bad}:\n{}",
                out.stdout
            );
        }
        for masked in [
            "529.***.***-25",
            "j***@example.com",
            "J. D.",
            "+** ** *****-**34",
            "a***@corp.example.org",
            "111.***.***-35",
            "(**) ****-**90",
        ] {
            assert!(
                out.stdout.contains(masked),
                "{format} lacks {masked}:\n{}",
                out.stdout
            );
        }
    }
}

#[test]
fn the_json_report_has_stable_fields() {
    let token = token(PERSONAL, "1796120100");
    let out = report(
        &token,
        &[
            KEY[0], KEY[1], "--format", "json", "--mask", "sub", "--mask", "roles",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = out.json();
    let digest: String = Sha256::digest(token.as_bytes())[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(v["fingerprint"], digest.as_str());
    assert_eq!(v["verdict"]["status"], "verified");
    assert_eq!(v["verdict"]["code"], Value::Null);
    assert_eq!(v["header"]["alg"], "HS256");
    assert_eq!(v["header"]["typ"], "JWT");
    assert_eq!(v["header"]["kid"], Value::Null);
    assert_eq!(v["claims"]["iss"], "my-client-id");
    assert_eq!(v["claims"]["sub"], "***");
    assert_eq!(v["claims"]["roles"], serde_json::json!(["***"]));
    assert_eq!(v["claims"]["personId"], "529.***.***-25");
    assert_eq!(v["claims"]["note"], "write to j***@example.com, please");
    assert_eq!(v["time"]["exp"]["utc"], "2026-12-01T10:15:00Z");
    assert_eq!(v["time"]["exp"]["status"], "ok");
    assert!(v["time"]["exp"]["local"].is_string());
    assert_eq!(v["time"]["exp"]["relative"], "valid for 15 min");
    assert_eq!(v["warnings"], serde_json::json!([]));
    let masked: Vec<&str> = v["masked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(
        masked,
        [
            "/sub",
            "/personId",
            "/email",
            "/name",
            "/phone_number",
            "/given_name",
            "/family_name",
            "/profile/contacts/0/email",
            "/profile/contacts/1",
            "/profile/doc",
            "/note",
            "/roles"
        ]
    );
}

#[test]
fn the_text_and_markdown_reports_read_like_a_ticket() {
    let token = token(
        r#"{"iss":"my-client-id","personId":"52998224725"}"#,
        "1796120100",
    );
    let text = report(&token, &[]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    for line in [
        "Verdict:   not checked: no key given",
        "Header:    alg HS256 · kid (none) · typ JWT",
        "Issuer:    \"my-client-id\"",
        "Audience:  (none)",
        "exp  2026-12-01T10:15:00Z",
        "valid for 15 min [ok]",
        "personId  \"529.***.***-25\"",
        "Masked:    /personId",
    ] {
        assert!(
            text.stdout.contains(line),
            "{line} missing:\n{}",
            text.stdout
        );
    }
    let md = report(&token, &["--format", "markdown"]);
    for part in [
        "### Token report",
        "| `alg` | `HS256` |",
        "| claim | UTC | local (UTC) | relative | status |",
        "| `personId` | `\"529.***.***-25\"` |",
        "Masked: `/personId`",
    ] {
        assert!(md.stdout.contains(part), "{part} missing:\n{}", md.stdout);
    }
}

#[test]
fn exit_codes_and_reasons_are_those_of_decode() {
    let good = token(r#"{"sub":"1"}"#, "1796120100");
    // The wrong key: not verified, with the reason's code.
    let mut cmd = jwtpad();
    cmd.env("TEST_SECRET", "another-secret-of-thirty-two-bytes!!")
        .args(["report", &good, "--now", NOW, "--format", "json"])
        .args(KEY);
    let out = run(cmd, None);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = out.json();
    assert_eq!(v["verdict"]["status"], "not_verified");
    assert_eq!(v["verdict"]["code"], "signature-mismatch");
    // Verified but expired: 1, and the time claim says so.
    let expired = token(r#"{"sub":"1"}"#, "1796115600");
    let out = report(&expired, &[KEY[0], KEY[1], "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = out.json();
    assert_eq!(v["verdict"]["status"], "verified");
    assert_eq!(v["time"]["exp"]["status"], "expired");
    assert_eq!(v["time_valid"], false);
    let text = report(&expired, &KEY);
    assert!(
        text.stdout.contains("but the time claims fail"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("- [expired] "), "{}", text.stdout);
    // Without a key an expired token is fine: nothing was asked about trust.
    assert_eq!(report(&expired, &[]).code, 0);
    // Read from stdin like decode.
    let mut cmd = jwtpad();
    cmd.args(["report", "--now", NOW]);
    let out = run(cmd, Some(format!("Bearer {good}\n").as_bytes()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\"1\""), "{}", out.stdout);
}

#[test]
fn a_malformed_token_s_report_says_what_is_wrong() {
    for format in ["text", "markdown", "json"] {
        let out = report("abc.def", &["--format", format]);
        assert_eq!(out.code, 2, "{format}: {}", out.stderr);
        assert!(
            !out.stdout.contains("abc") && !out.stdout.contains("def"),
            "{}",
            out.stdout
        );
        if format == "json" {
            let v = out.json();
            assert_eq!(v["error_code"], "segment-count");
            assert_eq!(v["verdict"]["status"], "malformed");
            assert_eq!(v["fingerprint"], Value::Null);
        } else {
            assert!(out.stdout.contains("MALFORMED"), "{}", out.stdout);
            assert!(out.stdout.contains("(segment-count)"), "{}", out.stdout);
        }
    }
    let out = jwtpad_with_secret(
        &["report", "abc.def", "--now", "soon", "--format", "json"],
        None,
    );
    assert_eq!(out.code, 2);
    assert_eq!(out.json()["error_code"], "time-not-understood");
}

#[test]
fn a_payload_that_is_not_claims_is_not_shown() {
    // {"alg":"HS256"} . "John Doe 52998224725" . a fake signature
    let header = "eyJhbGciOiJIUzI1NiJ9";
    let payload = "Sm9obiBEb2UgNTI5OTgyMjQ3MjU";
    let token = format!("{header}.{payload}.AAAA");
    let out = report(&token, &["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("John") && !out.stdout.contains("52998224725"));
    let v = out.json();
    assert_eq!(v["claims"], serde_json::json!({}));
    let codes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"payload-not-shown"), "{codes:?}");
}
