//! Every standard vector in tests/fixtures/vectors goes through `jwtpad decode --json`, with
//! its key and without, and must give the exit code and fields the vector lists.

use crate::shared::binary::{jwtpad, run};
use crate::shared::fixtures;
use serde_json::Value;
use std::path::Path;

struct Case {
    id: String,
    token: String,
    key: Value,
    expect: Value,
}

fn load_vectors() -> Vec<Case> {
    let dir = fixtures::path("vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(doc["schema"], "token", "{}", file.display());
        for v in doc["vectors"].as_array().unwrap() {
            cases.push(Case {
                id: v["id"].as_str().unwrap().to_owned(),
                token: v["token"].as_str().unwrap().to_owned(),
                key: v["key"].clone(),
                expect: v["expect"].clone(),
            });
        }
    }
    assert!(cases.len() >= 40, "only {} vectors found", cases.len());
    cases
}

fn allowed(expect: &Value, field: &str) -> Vec<i64> {
    expect[field]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_i64().unwrap())
        .collect()
}

/// Adds the vector's key to the command, the way a user would give it.
fn with_key(cmd: &mut std::process::Command, key: &Value, dir: &Path, id: &str) -> bool {
    let value = &key["value"];
    match key["kind"].as_str().unwrap() {
        "secret" => {
            cmd.env("VECTOR_SECRET", value.as_str().unwrap())
                .args(["--secret-env", "VECTOR_SECRET"]);
        }
        "secret_b64" => {
            cmd.env("VECTOR_SECRET", value.as_str().unwrap())
                .args(["--secret-base64-env", "VECTOR_SECRET"]);
        }
        "jwk" => {
            let path = dir.join(format!("{id}.jwk.json"));
            std::fs::write(&path, serde_json::to_string(value).unwrap()).unwrap();
            cmd.arg("--key").arg(path);
        }
        "pem" => {
            let path = dir.join(format!("{id}.pem"));
            std::fs::write(&path, value.as_str().unwrap()).unwrap();
            cmd.arg("--key").arg(path);
        }
        "none" => return false,
        other => panic!("{id}: unknown key kind {other}"),
    }
    true
}

fn check_fields(case: &Case, out: &Value, with_key: bool) -> Vec<String> {
    let e = &case.expect;
    let mut problems = Vec::new();
    if out["header"] != e["header"] {
        problems.push(format!("header {} != {}", out["header"], e["header"]));
    }
    if out["payload"] != e["payload"] {
        problems.push(format!("payload {} != {}", out["payload"], e["payload"]));
    }
    let is_json = out["payload_kind"] == "json";
    if Some(is_json) != e["payload_is_json"].as_bool() {
        problems.push(format!("payload_kind {}", out["payload_kind"]));
    }
    let want_verified = if with_key {
        e["verifies"].clone()
    } else {
        Value::Null
    };
    // A vector whose token is unsigned lists `verifies: null` for "no key"; with any key
    // given it must fail, never verify.
    let want_verified = if with_key && want_verified.is_null() {
        Value::Bool(false)
    } else {
        want_verified
    };
    if out["verified"] != want_verified {
        problems.push(format!("verified {} != {want_verified}", out["verified"]));
    }
    if out["time_valid"] != e["time_valid"] {
        problems.push(format!(
            "time_valid {} != {}",
            out["time_valid"], e["time_valid"]
        ));
    }
    problems
}

#[test]
fn every_vector_decodes_with_the_listed_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let cases = load_vectors();
    for case in &cases {
        // With the vector's key.
        let mut cmd = jwtpad();
        cmd.args(["decode", "--json", &case.token]);
        let keyed = with_key(&mut cmd, &case.key, dir.path(), &case.id);
        let out = run(cmd, None);
        let codes = allowed(&case.expect, "exit");
        if !codes.contains(&i64::from(out.code)) {
            failures.push(format!(
                "{}: exit {} not in {codes:?}: {}",
                case.id, out.code, out.stdout
            ));
        } else if out.code != 2 {
            for p in check_fields(case, &out.json(), keyed) {
                failures.push(format!("{} (key): {p}", case.id));
            }
        }

        // Without any key, the token from stdin.
        let mut cmd = jwtpad();
        cmd.args(["decode", "--json"]);
        let out = run(cmd, Some(case.token.as_bytes()));
        let codes = allowed(&case.expect, "exit_nokey");
        if !codes.contains(&i64::from(out.code)) {
            failures.push(format!(
                "{}: no-key exit {} not in {codes:?}",
                case.id, out.code
            ));
        } else if out.code != 2 {
            for p in check_fields(case, &out.json(), false) {
                failures.push(format!("{} (no key): {p}", case.id));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn vectors_with_a_private_key_verify_their_token_too() {
    // Some vectors carry `key_private`: the private JWK must verify as well as the public one.
    let dir = tempfile::tempdir().unwrap();
    let root = fixtures::path("vectors");
    let mut checked = 0;
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for v in doc["vectors"].as_array().unwrap() {
            let Some(private) = v.get("key_private") else {
                continue;
            };
            let id = v["id"].as_str().unwrap();
            let mut cmd = jwtpad();
            cmd.args(["decode", "--json", v["token"].as_str().unwrap()]);
            // `key_private` is the bare JWK.
            let key = serde_json::json!({"kind": "jwk", "value": private});
            with_key(&mut cmd, &key, dir.path(), &format!("{id}-private"));
            let out = run(cmd, None);
            assert_eq!(out.json()["verified"], true, "{id}: {}", out.stdout);
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} private-key vectors");
}
