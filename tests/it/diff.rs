//! `jwtpad diff`, run against the real binary: nested claims, JSON Pointer escaping, time
//! shifts, member order, and the exit codes it shares with `diff` (0 same, 1 differ, 2 bad).

use crate::shared::binary::{Run, jwtpad, jwtpad_args, run};
use serde_json::{Value, json};

const SECRET: &str = "a-string-secret-at-least-256-bits-long";

/// `payload` signed with [`SECRET`], the header as `encode` makes it.
fn token(payload: &str) -> String {
    let mut cmd = jwtpad();
    cmd.env("TEST_SECRET", SECRET).args([
        "encode",
        "--secret-env",
        "TEST_SECRET",
        "--payload",
        payload,
    ]);
    let out = run(cmd, None);
    assert_eq!(out.code, 0, "encode failed: {}", out.stderr);
    out.stdout.trim_end().to_owned()
}

const BEFORE: &str = r#"{"sub":"u-1","exp":1700000000,"iat":1699999000,
    "profile":{"roles":["qa","dev"],"team":"core","a/b~c":1},"old":true}"#;
const AFTER: &str = r#"{"iat":1699999000,"sub":"u-1","exp":1700000900,
    "profile":{"roles":["qa","ops","admin"],"team":"core","a/b~c":2},"scope":"x"}"#;

fn diff(args: &[&str]) -> Run {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    jwtpad_args(&all)
}

#[test]
fn nested_changes_in_json_with_pointers_and_shifts() {
    let (a, b) = (token(BEFORE), token(AFTER));
    let out = diff(&["--json", &a, &b]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let doc = out.json();
    assert_eq!(doc["same"], false);
    assert_eq!(doc["signature_differs"], true);
    assert_eq!(doc["header"], json!([]));
    assert_eq!(
        doc["payload"],
        json!([
            {"path": "/exp", "kind": "changed", "old": 1_700_000_000, "new": 1_700_000_900,
                "shift_seconds": 900},
            {"path": "/profile/roles/1", "kind": "changed", "old": "dev", "new": "ops"},
            {"path": "/profile/roles/2", "kind": "added", "new": "admin"},
            {"path": "/profile/a~1b~0c", "kind": "changed", "old": 1, "new": 2},
            {"path": "/old", "kind": "removed", "old": true},
            {"path": "/scope", "kind": "added", "new": "x"},
        ])
    );
}

#[test]
fn nested_changes_for_people() {
    let (a, b) = (token(BEFORE), token(AFTER));
    let out = diff(&[&a, &format!("Bearer {b}\n")]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "Header: no changes");
    assert_eq!(lines[1], "Payload:");
    assert!(
        lines.contains(&"  changed  /exp  1700000000 → 1700000900 (exp +15 min)"),
        "{}",
        out.stdout
    );
    assert!(lines.contains(&"  added    /profile/roles/2  \"admin\""));
    assert!(lines.contains(&"  removed  /old  true"));
    assert_eq!(lines.last(), Some(&"Signatures differ."));
    assert!(!out.stdout.contains(&a) && !out.stdout.contains(&b));
}

#[test]
fn member_order_alone_is_the_same_and_exits_0() {
    let a = token(r#"{"a":1,"b":{"x":[1,2],"y":"z"}}"#);
    let b = token(r#"{"b":{"y":"z","x":[1,2]},"a":1}"#);
    assert_ne!(a, b, "the tokens differ as text");
    let out = diff(&["--json", &a, &b]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let doc = out.json();
    assert_eq!(doc["same"], true);
    assert_eq!(doc["signature_differs"], true, "other bytes were signed");
    assert_eq!((&doc["header"], &doc["payload"]), (&json!([]), &json!([])));
    let same = diff(&[&a, &a]);
    assert_eq!(same.code, 0);
    assert!(same.stdout.contains("Signatures are the same."));
}

#[test]
fn header_changes_are_grouped_apart() {
    let a = token(r#"{"sub":"1"}"#);
    let mut cmd = jwtpad();
    cmd.env("TEST_SECRET", SECRET).args([
        "encode",
        "--secret-env",
        "TEST_SECRET",
        "--header",
        r#"{"kid":"k2"}"#,
        "--payload",
        r#"{"sub":"1"}"#,
    ]);
    let b = run(cmd, None).stdout.trim_end().to_owned();
    let out = diff(&["--json", &a, &b]);
    assert_eq!(out.code, 1);
    let header = out.json()["header"].clone();
    assert!(
        header
            .as_array()
            .unwrap()
            .contains(&json!({"path": "/kid", "kind": "added", "new": "k2"})),
        "{header}"
    );
    assert_eq!(out.json()["payload"], json!([]));
}

#[test]
fn stdin_is_one_of_the_two() {
    let (a, b) = (token(BEFORE), token(AFTER));
    let mut cmd = jwtpad();
    cmd.args(["diff", "--json", &a, "-"]);
    let out = run(cmd, Some(b.as_bytes()));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.json()["payload"][0]["path"], "/exp");
    let both = diff(&["-", "-"]);
    assert_eq!(both.code, 2);
    assert!(
        both.stderr.contains("only one of A and B"),
        "{}",
        both.stderr
    );
}

#[test]
fn a_malformed_token_exits_2_and_names_a_or_b() {
    let good = token(BEFORE);
    let out = diff(&[&good, "abc.def"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("token B"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let out = diff(&["--json", "h.p.s=", &good]);
    assert_eq!(out.code, 2);
    let doc: Value = out.json();
    assert_eq!(doc["same"], Value::Null);
    assert!(
        doc["error"].as_str().unwrap().starts_with("token A"),
        "{doc}"
    );
    assert!(doc["error_code"].is_string());
}
