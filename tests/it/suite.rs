//! The negative-test suite: `jwtpad suite` through the real binary, each case judged by the
//! engine (it must break exactly its own rule) and by PyJWT acting as a strict server, the
//! exports, and the window's suite panel.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::shared::binary::{Run, jwtpad, run};
use crate::shared::desktop::desktop_required;
use crate::shared::fixtures::key_path;
use crate::shared::window_kit::type_into;
use chrono::{TimeZone, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jwtpad::app::worker::{Backend, Worker};
use jwtpad::app::{JwtpadApp, LanguageChoice, Settings};
use jwtpad::engine::suite::{Refusal, Rules, judge};
use jwtpad::engine::template::{CAF_SMART_AUTH, Template};
use jwtpad::engine::{Alg, Clock, Key, KeySet, Secret};
use jwtpad::secrets::MemoryStore;
use serde_json::Value;
use std::sync::Arc;

const SECRET: &str = "a-string-secret-at-least-256-bits-long";
const CLIENT: &str = "my-client";

/// Every case the issue lists, for the vendor template (HS256, so no PEM or psychic cases).
const VENDOR_IDS: [&str; 41] = [
    "baseline",
    "extra-claim",
    "header-whitespace",
    "signature-bit-flip",
    "signature-other-key",
    "signature-empty",
    "signature-truncated",
    "alg-none-lower",
    "alg-none-capitalized",
    "alg-none-upper",
    "alg-none-mixed",
    "alg-hs384-same-key",
    "alg-hs512-same-key",
    "hmac-empty-secret",
    "embedded-jwk",
    "jku-attacker",
    "x5u-attacker",
    "kid-path-traversal",
    "kid-sql-injection",
    "expired",
    "expired-past-leeway",
    "not-yet-valid",
    "iat-in-future",
    "exp-string",
    "exp-absent",
    "exp-negative",
    "exp-beyond-9999",
    "missing-iss",
    "missing-person-id",
    "iss-not-client-id",
    "iss-array",
    "cpf-check-digits",
    "cpf-repeated-digit",
    "cpf-number",
    "duplicate-claim",
    "null-person-id",
    "two-segments",
    "four-segments",
    "base64-padding",
    "base64-standard-alphabet",
    "payload-1mib",
];

fn suite_run(extra: &[&str]) -> Run {
    let mut cmd = jwtpad();
    cmd.env("TEST_SECRET", SECRET).args([
        "suite",
        "--template",
        CAF_SMART_AUTH,
        "--secret-env",
        "TEST_SECRET",
        "--client-id",
        CLIENT,
    ]);
    cmd.args(extra);
    run(cmd, None)
}

fn vendor_rules(alg: Alg) -> Rules {
    let mut template = Template::builtin(CAF_SMART_AUTH).unwrap();
    template.alg = Some(alg);
    Rules::new(template, alg, Some(CLIENT.into()))
}

/// Judges every case of a `--format json` suite with the engine: each breaks exactly the one
/// rule its `code` names, controls none.
fn check_cases(doc: &Value, keys: &KeySet, rules: &Rules) -> Vec<String> {
    let clock = Clock::system();
    let mut ids = Vec::new();
    for case in doc["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap().to_owned();
        let token = case["token"].as_str().unwrap();
        let codes: Vec<&str> = judge(token, keys, rules, &clock)
            .iter()
            .map(Refusal::code)
            .collect();
        let want: Vec<&str> = case["code"].as_str().into_iter().collect();
        assert_eq!(codes, want, "{id}");
        let expect = if want.is_empty() { "accept" } else { "reject" };
        assert_eq!(case["expect"], expect, "{id}");
        for field in ["category", "description", "why"] {
            assert!(
                case[field].as_str().is_some_and(|s| !s.is_empty()),
                "{id} {field}"
            );
        }
        ids.push(id);
    }
    ids
}

#[test]
fn every_vendor_case_fails_for_exactly_its_own_reason() {
    let out = suite_run(&[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = out.json();
    assert_eq!(doc["alg"], "HS256");
    let keys = KeySet::from(Key::hmac(Secret::new(SECRET.as_bytes().to_vec())));
    let ids = check_cases(&doc, &keys, &vendor_rules(Alg::HS256));
    assert_eq!(ids, VENDOR_IDS);
    // Spot checks that do not lean on the suite's own codes.
    let by_id: BTreeMap<&str, &Value> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c))
        .collect();
    let clock = Clock::system();
    let rules = vendor_rules(Alg::HS256);
    let codes = |id: &str| -> Vec<&'static str> {
        judge(by_id[id]["token"].as_str().unwrap(), &keys, &rules, &clock)
            .iter()
            .map(Refusal::code)
            .collect()
    };
    assert_eq!(codes("alg-none-mixed"), ["alg-none"]);
    assert_eq!(codes("alg-hs512-same-key"), ["template-alg-differs"]);
    assert_eq!(codes("expired-past-leeway"), ["expired"]);
    assert_eq!(codes("cpf-repeated-digit"), ["template-person-not-cpf"]);
    assert_eq!(codes("payload-1mib"), ["token-too-large"]);
    assert!(codes("baseline").is_empty());
    let jku = by_id["jku-attacker"];
    assert_eq!(jku["serves"]["keys"][0]["kid"], "attacker-key");
}

#[test]
fn an_rsa_profile_gets_the_pem_hmac_cases() {
    let key = key_path("rsa2048.pkcs8.pem");
    let mut cmd = jwtpad();
    cmd.args([
        "suite",
        "--template",
        CAF_SMART_AUTH,
        "--key",
        &key,
        "--alg",
        "RS256",
        "--client-id",
        CLIENT,
    ]);
    let out = run(cmd, None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let keys = KeySet::from_bytes(&std::fs::read(&key).unwrap()).unwrap();
    let ids = check_cases(&out.json(), &keys, &vendor_rules(Alg::RS256));
    for id in [
        "hmac-public-pem",
        "hmac-public-pem-no-newline",
        "alg-rs384-same-key",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} in {ids:?}");
    }
    assert!(!ids.iter().any(|i| i == "ecdsa-psychic-signature"));
}

#[test]
fn an_ec_profile_gets_the_psychic_signature() {
    let key = key_path("ec-p256.pkcs8.pem");
    let mut cmd = jwtpad();
    cmd.args([
        "suite",
        "--template",
        CAF_SMART_AUTH,
        "--key",
        &key,
        "--alg",
        "ES256",
        "--client-id",
        CLIENT,
    ]);
    let out = run(cmd, None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let keys = KeySet::from_bytes(&std::fs::read(&key).unwrap()).unwrap();
    let ids = check_cases(&out.json(), &keys, &vendor_rules(Alg::ES256));
    assert!(
        ids.iter().any(|i| i == "ecdsa-psychic-signature"),
        "{ids:?}"
    );
}

#[test]
fn the_exports_csv_jsonl_and_a_plan_without_tokens() {
    let csv = suite_run(&["--format", "csv"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let rows: Vec<&str> = csv.stdout.split_terminator("\r\n").collect();
    assert_eq!(rows[0], "id,category,expect,description,why,token");
    assert_eq!(rows.len(), VENDOR_IDS.len() + 1);
    for (row, id) in rows[1..].iter().zip(VENDOR_IDS) {
        assert!(row.starts_with(&format!("{id},")), "{row:.80}");
        let token = row.rsplit(',').next().unwrap();
        assert!(
            !token.contains('"'),
            "{id}: the token is the last, unquoted field"
        );
    }
    // A description with quotes is quoted, its quotes doubled (RFC 4180).
    assert!(
        csv.stdout
            .contains(r#","kid is an SQL injection returning '1'; HMAC with the secret ""1"".","#)
    );

    let jsonl = suite_run(&["--format", "jsonl"]);
    let lines: Vec<Value> = jsonl
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), VENDOR_IDS.len());
    assert_eq!(lines[3]["id"], "signature-bit-flip");

    let plan = suite_run(&["--format", "markdown"]);
    assert_eq!(plan.code, 0);
    assert!(
        plan.stdout
            .starts_with("| id | category | expect | description | why |\n")
    );
    assert!(!plan.stdout.contains("eyJ"), "the plan has no tokens");
    assert_eq!(plan.stdout.lines().count(), VENDOR_IDS.len() + 2);

    let bad = suite_run(&["--format", "xml"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("use json, jsonl, csv or markdown"),
        "{}",
        bad.stderr
    );
}

#[test]
fn out_writes_a_private_file_and_never_replaces_one_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("suite.csv");
    let file = path.to_str().unwrap();
    let first = suite_run(&["--format", "csv", "--out", file]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.is_empty(), "nothing on stdout with --out");
    assert!(
        first.stderr.contains("wrote 41 cases (csv)"),
        "{}",
        first.stderr
    );
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.starts_with("id,category,expect,description,why,token\r\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let again = suite_run(&["--format", "markdown", "--out", file]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("add --force to replace it"),
        "{}",
        again.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        written,
        "unchanged"
    );
    let forced = suite_run(&["--format", "markdown", "--out", file, "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("| id |")
    );
}

#[test]
fn a_suite_needs_a_key_and_a_known_template() {
    let mut cmd = jwtpad();
    cmd.args(["suite", "--template", CAF_SMART_AUTH, "--client-id", CLIENT]);
    let out = run(cmd, None);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("signed with the real key"),
        "{}",
        out.stderr
    );
    let out = suite_run(&["--template", "no-such-template"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

/// The Python that has PyJWT: `$JWTPAD_PYTHON`, else `$JWTPAD_VENV/bin/python` (default
/// /tmp/jwtpad-venv, as .ci/run makes it). Missing is a failure in CI, a skip elsewhere.
fn pyjwt_python() -> Option<PathBuf> {
    let python = std::env::var_os("JWTPAD_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let venv = std::env::var_os("JWTPAD_VENV").unwrap_or_else(|| "/tmp/jwtpad-venv".into());
            PathBuf::from(venv).join("bin").join("python")
        });
    let works = Command::new(&python)
        .args(["-c", "import jwt, cryptography"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if works {
        return Some(python);
    }
    let why = format!(
        "no Python with PyJWT at {} (python3 -m venv /tmp/jwtpad-venv && /tmp/jwtpad-venv/bin/pip install 'pyjwt[crypto]')",
        python.display()
    );
    let required = desktop_required() || std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    assert!(!required, "{why}");
    eprintln!("SKIPPED: pyjwt_strict_server: {why}");
    None
}

#[test]
fn pyjwt_as_a_strict_server_agrees_with_every_case() {
    let Some(python) = pyjwt_python() else {
        return;
    };
    let suite = suite_run(&["--format", "jsonl"]);
    assert_eq!(suite.code, 0, "{}", suite.stderr);
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pyjwt/strict_server.py");
    let mut cmd = Command::new(python);
    cmd.arg(script)
        .args(["--secret-env", "SERVER_SECRET", "--client-id", CLIENT])
        .env("SERVER_SECRET", SECRET);
    let server = run(cmd, Some(suite.stdout.as_bytes()));
    let verdicts: BTreeMap<String, Value> = server
        .stdout
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_owned(), v)
        })
        .collect();
    assert_eq!(verdicts.len(), VENDOR_IDS.len(), "{}", server.stderr);
    for id in VENDOR_IDS {
        let v = &verdicts[id];
        assert_eq!(v["verdict"], v["expect"], "{id}: {v}");
    }
    // Refused for the case's own reason, as PyJWT names it.
    let reason = |id: &str| {
        verdicts[id]["reason"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    for (id, why) in [
        ("signature-bit-flip", "InvalidSignatureError"),
        ("signature-other-key", "InvalidSignatureError"),
        ("hmac-empty-secret", "InvalidSignatureError"),
        ("kid-sql-injection", "InvalidSignatureError"),
        ("alg-none-mixed", "InvalidAlgorithmError"),
        ("alg-hs384-same-key", "InvalidAlgorithmError"),
        ("jku-attacker", "InvalidAlgorithmError"),
        ("expired", "ExpiredSignatureError"),
        ("expired-past-leeway", "ExpiredSignatureError"),
        ("not-yet-valid", "ImmatureSignatureError"),
        ("iat-in-future", "ImmatureSignatureError"),
        ("exp-absent", "MissingRequiredClaimError"),
        ("missing-iss", "MissingRequiredClaimError"),
        ("iss-not-client-id", "InvalidIssuerError"),
        ("iss-array", "InvalidIssuerError"),
        ("cpf-check-digits", "not a valid CPF"),
        ("cpf-number", "not a string"),
        ("duplicate-claim", "duplicate member iss"),
        ("payload-1mib", "size limit"),
    ] {
        assert!(reason(id).contains(why), "{id}: {}", reason(id));
    }
    assert_eq!(server.code, 0, "{}", server.stdout);
}

const NOW: i64 = 1_700_000_000;

fn harness() -> Harness<'static, JwtpadApp> {
    let dir = tempfile::tempdir().unwrap().keep();
    let backend = Backend::Memory(dir.join("profiles.json"), Arc::new(MemoryStore::default()));
    let worker = Worker::start(backend, || {});
    let settings = Settings {
        language: LanguageChoice::English,
        ..Settings::default()
    };
    let app = JwtpadApp::new(
        settings,
        worker,
        Box::new(|| Utc.timestamp_opt(NOW, 0).unwrap()),
    );
    let mut harness = Harness::builder()
        // Tall enough that the whole test-data panel is in view, open categories included.
        .with_size([1280.0, 4000.0])
        .with_max_steps(8)
        .build_ui_state(|ui, app: &mut JwtpadApp| app.frame(ui), app);
    harness.run();
    harness
}

fn copied(harness: &Harness<'static, JwtpadApp>) -> Vec<String> {
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_suite_panel_lists_categories_copies_a_case_and_exports() {
    let mut harness = harness();
    harness.get_by_label("Not made yet: Make suite signs every case with the key in use.");
    type_into(&mut harness, "Secret", SECRET);
    type_into(
        &mut harness,
        "Payload JSON",
        r#"{"iss":"my-client","exp":1700000900,"personId":"52998224725"}"#,
    );
    let good = harness.state().workbench().token().to_owned();
    harness.get_by_label("Make suite").click();
    harness.run();
    for category in [
        "Controls (must be accepted) (3)",
        "Signature and keys (16)",
        "Time claims (8)",
        "Claims (9)",
        "Structure (5)",
    ] {
        harness.get_by_label(category);
    }
    harness.get_by_label("Signature and keys (16)").click();
    harness.run();
    harness.get_by_label("signature-bit-flip").click();
    harness.run_steps(1);
    let tokens = copied(&harness);
    assert_eq!(tokens.len(), 1);
    let flipped = &tokens[0];
    let (good_input, _) = good.rsplit_once('.').unwrap();
    assert!(
        flipped.starts_with(&format!("{good_input}.")),
        "same header and payload"
    );
    let keys = KeySet::from(Key::hmac(Secret::new(SECRET.as_bytes().to_vec())));
    let rules = vendor_rules(Alg::HS256);
    let codes: Vec<_> = judge(flipped, &keys, &rules, &Clock::at(NOW, 60))
        .iter()
        .map(Refusal::code)
        .collect();
    assert_eq!(codes, ["signature-mismatch"]);
    harness.run();
    harness.get_by_label("Copied test case signature-bit-flip");

    harness.get_by_label("Export suite…").click();
    harness.run();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("window-suite.csv");
    type_into(&mut harness, "File", path.to_str().unwrap());
    assert!(!path.exists(), "nothing is written before Save");
    harness.get_by_label("Save").click();
    harness.run();
    let written = std::fs::read_to_string(&path).unwrap();
    let rows: Vec<&str> = written.split_terminator("\r\n").collect();
    assert_eq!(rows[0], "id,category,expect,description,why,token");
    assert_eq!(rows.len(), 42);
    assert!(rows[1].starts_with("baseline,control,accept,"));
    assert!(
        rows[1].ends_with(&good),
        "the baseline is the token being edited"
    );
    harness.get_by_label_contains("Wrote 41 cases to");
    // Save again: the file exists and Replace is not ticked.
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label_contains("exists: choose another file");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);

    assert!(
        harness
            .query_by_label_contains("changed since the suite was made")
            .is_none()
    );
    // Another token: the suite says it was made from an earlier one.
    type_into(
        &mut harness,
        "Payload JSON",
        r#"{"iss":"my-client","exp":1700000999,"personId":"52998224725"}"#,
    );
    harness.get_by_label_contains("changed since the suite was made");
}

#[test]
fn a_user_template_with_another_person_claim_names_its_cases() {
    let config = tempfile::tempdir().unwrap();
    let dir = config.path().join("jwtpad").join("templates");
    std::fs::create_dir_all(&dir).unwrap();
    let mut template = Template::builtin(CAF_SMART_AUTH)
        .unwrap()
        .with_person_claim("peopleId");
    template.name = "people".into();
    std::fs::write(dir.join("people.json"), template.to_json()).unwrap();
    let mut cmd = jwtpad();
    cmd.env("XDG_CONFIG_HOME", config.path())
        .env("TEST_SECRET", SECRET)
        .args([
            "suite",
            "--template",
            "people",
            "--secret-env",
            "TEST_SECRET",
        ])
        .args(["--client-id", CLIENT]);
    let out = run(cmd, None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let keys = KeySet::from(Key::hmac(Secret::new(SECRET.as_bytes().to_vec())));
    let rules = Rules::new(template, Alg::HS256, Some(CLIENT.into()));
    let ids = check_cases(&out.json(), &keys, &rules);
    for id in ["missing-people-id", "null-people-id", "cpf-number"] {
        assert!(ids.iter().any(|i| i == id), "{id} in {ids:?}");
    }
    assert!(!ids.iter().any(|i| i == "missing-person-id"), "{ids:?}");
}
