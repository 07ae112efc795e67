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
        doc["error"].as_str().unwrap().starts_with("token A: "),
        "{doc}"
    );
    assert!(doc["error_code"].is_string());
    assert_eq!(doc["input"], "A");
}

/// The report, built by the one builder the window shares, gives its verdict with the hints
/// (tests/it/report.rs pins the rest of it).
#[test]
fn the_report_gives_the_verdict_with_its_hints() {
    // Signed with the base64-decoded secret, checked with its text: the classic mistake.
    let b64 = "c2VjcmV0LWtleS1mb3ItdGVzdHMtMTIzNDU2Nzg5MDEyMzQ1Njc4OTA=";
    let mut cmd = jwtpad();
    cmd.env("B64", b64).args([
        "encode",
        "--secret-base64-env",
        "B64",
        "--payload",
        r#"{"sub":"1","exp":1796120100}"#,
    ]);
    let token = run(cmd, None).stdout.trim_end().to_owned();
    let report = |format: &str| {
        let mut cmd = jwtpad();
        cmd.env("B64", b64).args([
            "report",
            &token,
            "--secret-env",
            "B64",
            "--now",
            "1796119200",
            "--format",
            format,
        ]);
        run(cmd, None)
    };
    let text = report("text");
    assert_eq!(text.code, 1, "{}", text.stderr);
    let lines: Vec<&str> = text.stdout.lines().collect();
    assert!(
        lines[2].starts_with("Verdict:   NOT VERIFIED: "),
        "{}",
        text.stdout
    );
    assert!(
        lines[3].starts_with("Why:       it verifies when the secret is read as base64")
            && lines[3].ends_with("(secret-is-base64)"),
        "{}",
        text.stdout
    );
    let md = report("markdown").stdout;
    assert!(md.contains("\n- **Why:** it verifies when"), "{md}");
    let json = report("json").json();
    assert_eq!(json["verdict"]["hints"][0]["code"], "secret-is-base64");
    assert!(json["verdict"]["hints"][0]["message"].is_string());
}

/// The window's side: "Changes" after an edit, "Compare with…", "Copy report" and the
/// claims table's report masks, driven by label through egui_kittest.
mod window {
    use crate::shared::window_kit::type_into;

    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT as _, Queryable};

    use jwtpad::app::JwtpadApp;
    use jwtpad::engine::diff::ChangeKind;
    use jwtpad::engine::{Alg, Key, Secret, sign_json};

    const SECRET: &str = "a-string-secret-at-least-256-bits-long";
    const PAYLOAD: &str = r#"{"iss":"my-client-id","sub":"u-7781","personId":"52998224725",
        "email":"john.doe@example.com","exp":1700000900}"#;

    fn harness() -> Harness<'static, JwtpadApp> {
        crate::shared::window_kit::english_window()
    }

    fn signed(payload: &str) -> String {
        let key = Key::hmac(Secret::new(SECRET.as_bytes().to_vec()));
        sign_json(r#"{"typ":"JWT"}"#, payload, Alg::HS256, Some(&key))
            .unwrap()
            .token
    }

    /// A harness with the secret typed and `token` pasted into the token box.
    fn pasted(token: &str) -> Harness<'static, JwtpadApp> {
        let mut harness = harness();
        type_into(&mut harness, "Secret", SECRET);
        harness.get_by_label("Clear").click();
        harness.run();
        type_into(&mut harness, "Encoded token", token);
        harness.get_by_label("Signature verified · Session secret");
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
    fn copy_report_copies_no_token_no_signature_and_no_full_cpf() {
        let token = signed(PAYLOAD);
        let mut harness = pasted(&token);
        harness.get_by_label("Copy report").click();
        harness.step();
        let copied = copied(&harness);
        assert_eq!(copied.len(), 1, "{copied:?}");
        let report = &copied[0];
        assert!(
            report.starts_with("Token report · fingerprint "),
            "{report}"
        );
        assert!(report.contains("VERIFIED with"), "{report}");
        assert!(report.contains("\"529.***.***-25\""), "{report}");
        assert!(report.contains("Masked:    /personId, /email"), "{report}");
        let signature = token.rsplit('.').next().unwrap();
        for forbidden in [token.as_str(), signature, "52998224725", "john.doe"] {
            assert!(!report.contains(forbidden), "{forbidden} in:\n{report}");
        }
        harness.run();
        harness.get_by_label_contains("Copied the report");

        harness.get_by_label("Copy report as Markdown").click();
        harness.step();
        let markdown = &copied_once(&harness);
        assert!(markdown.starts_with("### Token report"), "{markdown}");
        assert!(!markdown.contains(signature) && !markdown.contains("52998224725"));
    }

    fn copied_once(harness: &Harness<'static, JwtpadApp>) -> String {
        let mut all = copied(harness);
        assert_eq!(all.len(), 1, "{all:?}");
        all.pop().unwrap()
    }

    #[test]
    fn a_mask_toggle_masks_the_chosen_claim_in_the_report() {
        let mut harness = pasted(&signed(PAYLOAD));
        // The engine's own masks are shown ticked, and cannot be unticked.
        let person = harness.get_by_label("Mask personId in the report");
        assert!(
            person.accesskit_node().is_disabled(),
            "personId is always masked"
        );
        assert_eq!(
            person.accesskit_node().toggled(),
            Some(egui::accesskit::Toggled::True)
        );
        harness.get_by_label("Mask sub in the report").click();
        harness.run();
        harness.get_by_label("Copy report").click();
        harness.step();
        let report = copied_once(&harness);
        assert!(!report.contains("u-7781"), "{report}");
        assert!(
            report.contains("Masked:    /sub, /personId, /email"),
            "{report}"
        );
        // Unticked again, the claim shows again.
        harness.run();
        harness.get_by_label("Mask sub in the report").click();
        harness.run();
        harness.get_by_label("Copy report").click();
        harness.step();
        assert!(copied_once(&harness).contains("\"u-7781\""));
    }

    #[test]
    fn changes_lists_exp_after_an_edit_of_the_pasted_token() {
        let mut harness = pasted(&signed(PAYLOAD));
        assert!(
            harness.query_by_label("Changes").is_none(),
            "nothing edited yet"
        );
        let edited = PAYLOAD.replace("1700000900", "1700001800");
        type_into(&mut harness, "Payload JSON", &edited);
        harness.get_by_label("Changes");
        harness.get_by_label("Payload /exp");
        harness.get_by_label("1700000900 → 1700001800 (exp +15 min)");
        let (edits, _) = harness.state().change_lists();
        let edits = edits.expect("the edits are listed");
        assert_eq!(edits.payload.len(), 1, "{edits:?}");
        assert_eq!(edits.payload[0].path, "/exp");
        assert_eq!(edits.payload[0].kind, ChangeKind::Changed);
        // Pasting another token starts again from it.
        type_into(&mut harness, "Encoded token", &signed(&edited));
        assert!(harness.state().change_lists().0.is_none());
        assert!(harness.query_by_label("Changes").is_none());
    }

    #[test]
    fn compare_with_lists_what_a_second_token_changes() {
        let mut harness = pasted(&signed(PAYLOAD));
        harness.get_by_label("Compare with…").click();
        harness.run();
        let second = signed(
            &PAYLOAD
                .replace("u-7781", "u-9")
                .replace("1700000900", "1700000840"),
        );
        type_into(&mut harness, "Second token", &format!("Bearer {second}"));
        harness.get_by_label("Payload /sub");
        harness.get_by_label("\"u-7781\" → \"u-9\"");
        harness.get_by_label("1700000900 → 1700000840 (exp -1 min)");
        harness.get_by_label("Signatures differ.");
        let (_, compared) = harness.state().change_lists();
        let paths: Vec<&str> = compared
            .unwrap()
            .payload
            .iter()
            .map(|c| c.path.as_str())
            .collect();
        assert_eq!(paths, ["/sub", "/exp"]);
        type_into(&mut harness, "Second token", "not a token");
        harness.get_by_label_contains("The second token does not decode");
    }
}
