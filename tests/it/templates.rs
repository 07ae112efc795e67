//! Templates on the command line: `template add|show|list|rm` round trips, every
//! placeholder, clear errors for bad ones, `encode --template` (the vendor's
//! caf-smart-auth with a session secret and with a real keyring profile) and
//! `decode --template` warnings.

use crate::shared::binary::{self, Run, run};
use crate::shared::desktop;
use jwtpad::engine::cpf;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

const SECRET: &str = "a-string-secret-at-least-256-bits-long";

/// jwtpad with a throwaway config dir, a session secret in `TEST_SECRET` and no keyring.
fn cmd(home: &Path) -> Command {
    let mut cmd = binary::jwtpad();
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .env("JWTPAD_KEYRING_TIMEOUT", "2")
        .env("TEST_SECRET", SECRET);
    cmd
}

fn jwtpad_in(home: &Path, args: &[&str]) -> Run {
    let mut c = cmd(home);
    c.args(args);
    run(c, None)
}

fn ok(run: &Run, what: &str) {
    assert_eq!(
        run.code, 0,
        "{what} failed:\nstdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Decodes `token` with the session secret and returns the JSON report.
fn decode(home: &Path, token: &str, extra: &[&str]) -> Value {
    let mut args = vec!["decode", "--json", "--secret-env", "TEST_SECRET", token];
    args.extend_from_slice(extra);
    jwtpad_in(home, &args).json()
}

fn warning_codes(report: &Value) -> Vec<String> {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_owned())
        .filter(|c| c.starts_with("template-"))
        .collect()
}

#[test]
fn a_template_is_added_shown_listed_and_removed() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let added = jwtpad_in(
        home,
        &[
            "template",
            "add",
            "load-test",
            "--payload",
            r#"{"sub":"{{uuid}}","n":"{{seq}}","iss":"{{clientId}}"}"#,
            "--alg",
            "HS384",
            "--profile",
            "staging",
            "--require",
            "sub",
            "--require",
            "iss",
        ],
    );
    ok(&added, "template add");
    let file = home.join("config/jwtpad/templates/load-test.json");
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved["alg"], "HS384");
    assert_eq!(saved["payload"]["n"], "{{seq}}");

    let shown = jwtpad_in(home, &["template", "show", "load-test", "--json"]);
    ok(&shown, "template show");
    let shown = shown.json();
    assert_eq!(shown["name"], "load-test");
    assert_eq!(shown["builtin"], false);
    assert_eq!(shown["profile"], "staging");
    assert_eq!(shown["required"], json!(["sub", "iss"]));
    assert_eq!(shown["person_claim"], "personId");
    assert_eq!(shown["payload"], saved["payload"]);

    let again = jwtpad_in(home, &["template", "add", "load-test", "--payload", "{}"]);
    assert_eq!(again.code, 2, "a second add without --force is refused");
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);

    let listed = jwtpad_in(home, &["template", "list", "--json"]);
    ok(&listed, "template list");
    let names: Vec<_> = listed.json()["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap().to_owned(), t["builtin"].clone()))
        .collect();
    assert_eq!(
        names,
        [
            ("caf-smart-auth".to_owned(), json!(true)),
            ("load-test".to_owned(), json!(false))
        ]
    );
    let human = jwtpad_in(home, &["template", "list"]);
    assert!(human.stdout.contains("caf-smart-auth  (built-in)  [HS256]"));

    ok(&jwtpad_in(home, &["template", "rm", "load-test"]), "rm");
    assert!(!file.exists());
    let gone = jwtpad_in(home, &["template", "show", "load-test"]);
    assert_eq!(gone.code, 2);
    assert!(gone.stderr.contains("no template named \"load-test\""));

    let builtin = jwtpad_in(home, &["template", "rm", "caf-smart-auth"]);
    assert_eq!(builtin.code, 2);
    assert!(builtin.stderr.contains("built-in"), "{}", builtin.stderr);
    let shown = jwtpad_in(home, &["template", "show", "caf-smart-auth", "--json"]).json();
    assert_eq!(shown["builtin"], true);
    assert_eq!(shown["header"], json!({"alg": "HS256", "typ": "JWT"}));
    assert_eq!(shown["required"], json!(["iss", "exp", "personId"]));
}

#[test]
fn a_template_file_round_trips_through_add() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    ok(
        &jwtpad_in(home, &["template", "show", "caf-smart-auth", "--json"]),
        "show",
    );
    let file = home.join("vendor-copy.json");
    let shown = jwtpad_in(home, &["template", "show", "caf-smart-auth", "--json"]).stdout;
    std::fs::write(&file, shown).unwrap();
    ok(
        &jwtpad_in(
            home,
            &[
                "template",
                "add",
                "mine",
                "--file",
                file.to_str().unwrap(),
                "--person-claim",
                "peopleId",
            ],
        ),
        "add --file",
    );
    let mine = jwtpad_in(home, &["template", "show", "mine", "--json"]).json();
    assert_eq!(mine["name"], "mine");
    assert_eq!(mine["alg"], "HS256");
    assert_eq!(mine["person_claim"], "peopleId");
    assert_eq!(mine["payload"]["iss"], "{{clientId}}");
}

#[test]
fn every_placeholder_is_filled_and_numbers_stay_numbers() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let payload = json!({
        "iss": "{{clientId}}",
        "iat": "{{now}}",
        "exp": "{{now+15m}}",
        "nbf": "{{now-1h}}",
        "later": "{{now+2d}}",
        "personId": "{{cpf}}",
        "shown": "{{cpf.formatted}}",
        "jti": "{{uuid}}",
        "n": "{{seq}}",
        "tenant": "{{env:TENANT}}",
        "label": "run {{seq}} for {{env:TENANT}}",
    })
    .to_string();
    ok(
        &jwtpad_in(home, &["template", "add", "all", "--payload", &payload]),
        "template add",
    );
    let before = now();
    let mut c = cmd(home);
    c.env("TENANT", "acme").args([
        "encode",
        "--template",
        "all",
        "--secret-env",
        "TEST_SECRET",
        "--client-id",
        "client-7",
    ]);
    let out = run(c, None);
    ok(&out, "encode --template all");
    let report = decode(home, out.stdout.trim(), &[]);
    assert_eq!(report["verified"], true, "{report}");
    let p = &report["payload"];
    assert_eq!(p["iss"], "client-7");
    let iat = p["iat"].as_i64().expect("iat is a number");
    assert!((before..=before + 5).contains(&iat), "iat {iat}");
    assert_eq!(p["exp"].as_i64(), Some(iat + 900));
    assert_eq!(p["nbf"].as_i64(), Some(iat - 3600));
    assert_eq!(p["later"].as_i64(), Some(iat + 2 * 86_400));
    let person = p["personId"].as_str().expect("the CPF is a string");
    assert!(cpf::is_valid(person), "{person}");
    assert_eq!(p["shown"], cpf::format(person));
    let jti = p["jti"].as_str().unwrap();
    assert_eq!(jti.len(), 36);
    assert_eq!(&jti[14..15], "4", "a v4 UUID: {jti}");
    assert_eq!(p["n"], 1);
    assert_eq!(p["tenant"], "acme");
    assert_eq!(p["label"], "run 1 for acme");
}

#[test]
fn a_bad_placeholder_gets_a_clear_error_naming_it_and_where() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let bad = jwtpad_in(
        home,
        &[
            "template",
            "add",
            "typo",
            "--payload",
            r#"{"aud":["x","{{clientID}}"]}"#,
        ],
    );
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("unknown placeholder {{clientID}} in the payload at /aud/1"),
        "{}",
        bad.stderr
    );
    assert!(!home.join("config/jwtpad/templates/typo.json").exists());

    let offset = jwtpad_in(
        home,
        &["template", "add", "o", "--header", r#"{"x":"{{now+15q}}"}"#],
    );
    assert_eq!(offset.code, 2);
    assert!(offset.stderr.contains("{{now+15q}} in the header at /x"));

    ok(
        &jwtpad_in(
            home,
            &[
                "template",
                "add",
                "env",
                "--payload",
                r#"{"t":"{{env:QA_TENANT_UNSET}}"}"#,
            ],
        ),
        "a template naming an environment variable is saved",
    );
    let unset = jwtpad_in(
        home,
        &["encode", "--template", "env", "--secret-env", "TEST_SECRET"],
    );
    assert_eq!(unset.code, 2);
    assert!(
        unset
            .stderr
            .contains("the environment variable QA_TENANT_UNSET is not set"),
        "{}",
        unset.stderr
    );

    let no_client = jwtpad_in(
        home,
        &[
            "encode",
            "--template",
            "caf-smart-auth",
            "--secret-env",
            "TEST_SECRET",
        ],
    );
    assert_eq!(no_client.code, 2);
    assert!(
        no_client.stderr.contains("{{clientId}}"),
        "{}",
        no_client.stderr
    );

    let bad_name = jwtpad_in(home, &["template", "add", "../evil", "--payload", "{}"]);
    assert_eq!(bad_name.code, 2);
    assert!(bad_name.stderr.contains("cannot be a template name"));
}

#[test]
fn the_vendor_token_from_caf_smart_auth_with_a_session_secret() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let before = now();
    let out = jwtpad_in(
        home,
        &[
            "encode",
            "--template",
            "caf-smart-auth",
            "--secret-env",
            "TEST_SECRET",
            "--client-id",
            "my-client",
        ],
    );
    ok(&out, "encode --template caf-smart-auth");
    let token = out.stdout.trim();
    let report = decode(
        home,
        token,
        &["--template", "caf-smart-auth", "--client-id", "my-client"],
    );
    assert_eq!(report["verified"], true);
    assert_eq!(report["header"], json!({"alg": "HS256", "typ": "JWT"}));
    let p = &report["payload"];
    assert_eq!(p["iss"], "my-client");
    let exp = p["exp"].as_i64().unwrap();
    assert!((before + 900..=before + 905).contains(&exp), "exp {exp}");
    assert!(cpf::is_valid(p["personId"].as_str().unwrap()));
    assert!(warning_codes(&report).is_empty(), "{report}");
    let members: Vec<_> = p.as_object().unwrap().keys().cloned().collect();
    assert_eq!(members, ["iss", "exp", "personId"]);

    // A chosen lifetime, a given CPF, any JSON value, and the vendor's other spelling.
    let out = jwtpad_in(
        home,
        &[
            "encode",
            "--template",
            "caf-smart-auth",
            "--secret-env",
            "TEST_SECRET",
            "--client-id",
            "my-client",
            "--exp",
            "+1h",
            "--set",
            "personId=529.982.247-25",
            "--set-json",
            "roles=[\"qa\",1]",
        ],
    );
    ok(&out, "encode --set");
    let p = decode(home, out.stdout.trim(), &[])["payload"].clone();
    let exp = p["exp"].as_i64().unwrap();
    assert!((before + 3600..=before + 3605).contains(&exp), "exp {exp}");
    assert_eq!(p["personId"], "529.982.247-25");
    assert_eq!(p["roles"], json!(["qa", 1]));

    let out = jwtpad_in(
        home,
        &[
            "encode",
            "--template",
            "caf-smart-auth",
            "--secret-env",
            "TEST_SECRET",
            "--client-id",
            "c",
            "--person-claim",
            "peopleId",
        ],
    );
    ok(&out, "encode --person-claim");
    let p = decode(home, out.stdout.trim(), &[])["payload"].clone();
    assert!(p.get("personId").is_none());
    assert!(cpf::is_valid(p["peopleId"].as_str().unwrap()));

    let bad_set = jwtpad_in(
        home,
        &[
            "encode",
            "--template",
            "caf-smart-auth",
            "--secret-env",
            "TEST_SECRET",
            "--client-id",
            "c",
            "--set-json",
            "x={",
        ],
    );
    assert_eq!(bad_set.code, 2);
    assert!(bad_set.stderr.contains("the value for \"x\" is not JSON"));
}

#[test]
fn decode_against_a_template_warns_for_each_miss() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let sign = |payload: Value| {
        let out = jwtpad_in(
            home,
            &[
                "encode",
                "--secret-env",
                "TEST_SECRET",
                "--payload",
                &payload.to_string(),
            ],
        );
        ok(&out, "encode");
        out.stdout.trim().to_owned()
    };
    let exp = now() + 600;
    let cases = [
        (
            json!({"iss": "my-client", "exp": exp, "personId": "52998224725"}),
            vec![],
        ),
        (
            json!({"iss": "my-client", "personId": "52998224725"}),
            vec!["template-claim-missing"],
        ),
        (
            json!({"iss": "someone-else", "exp": exp, "personId": "52998224725"}),
            vec!["template-iss-mismatch"],
        ),
        (
            json!({"iss": "my-client", "exp": exp, "personId": "52998224724"}),
            vec!["template-person-not-cpf"],
        ),
        (
            json!({"iss": "my-client", "exp": exp, "personId": 52998224725_u64}),
            vec!["template-person-not-string"],
        ),
        (
            json!({"exp": exp}),
            vec!["template-claim-missing", "template-claim-missing"],
        ),
    ];
    for (payload, expected) in cases {
        let token = sign(payload.clone());
        let report = decode(
            home,
            &token,
            &["--template", "caf-smart-auth", "--client-id", "my-client"],
        );
        assert_eq!(warning_codes(&report), expected, "{payload}");
        // Warnings, not failures: the token still verifies and the status stays 0.
        assert_eq!(report["verified"], true);
    }
    // The human report words them too.
    let token = sign(json!({"iss": "x", "exp": exp, "personId": "111.111.111-11"}));
    let out = jwtpad_in(
        home,
        &[
            "decode",
            "--secret-env",
            "TEST_SECRET",
            "--template",
            "caf-smart-auth",
            "--client-id",
            "my-client",
            &token,
        ],
    );
    ok(&out, "decode --template");
    assert!(
        out.stdout
            .contains("iss is \"x\", not the clientId \"my-client\""),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("\"personId\" is not a valid CPF"),
        "{}",
        out.stdout
    );
    // An HS512 token against an HS256 template.
    let out = jwtpad_in(
        home,
        &[
            "encode",
            "--secret-env",
            "TEST_SECRET",
            "--alg",
            "HS512",
            "--payload",
            &json!({"iss": "my-client", "exp": exp, "personId": "52998224725"}).to_string(),
        ],
    );
    let report = decode(
        home,
        out.stdout.trim(),
        &["--template", "caf-smart-auth", "--client-id", "my-client"],
    );
    assert_eq!(warning_codes(&report), ["template-alg-differs"]);
    let unknown = jwtpad_in(home, &["decode", "--json", "--template", "nope", &token]);
    assert_eq!(unknown.code, 2);
    assert_eq!(unknown.json()["error_code"], "template-not-found");
}

/// The vendor token signed by a real keyring profile: its clientId becomes `iss`, and a
/// template's default profile signs when no key is named.
#[test]
fn with_the_real_keyring_the_profile_signs_and_gives_the_client_id() {
    if !desktop::desktop_ready(
        "encode --template with a keyring profile",
        &["DBUS_SESSION_BUS_ADDRESS"],
        &["secret-tool"],
    ) || binary::testing_windows_exe()
    {
        return;
    }
    let _display = desktop::lock_display();
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap();
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let jwtpad = |args: &[&str], stdin: Option<&[u8]>| {
        let mut c = binary::jwtpad();
        c.env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("DBUS_SESSION_BUS_ADDRESS", &bus)
            .args(args);
        run(c, stdin)
    };
    let profile = format!("caf-{}", std::process::id());
    ok(
        &jwtpad(
            &["profile", "add", &profile, "--client-id", "vendor-client"],
            Some(SECRET.as_bytes()),
        ),
        "profile add",
    );
    let out = jwtpad(
        &[
            "encode",
            "--template",
            "caf-smart-auth",
            "--profile",
            &profile,
        ],
        None,
    );
    ok(&out, "encode --template --profile");
    let report = jwtpad(
        &[
            "decode",
            "--json",
            "--profile",
            &profile,
            "--template",
            "caf-smart-auth",
            out.stdout.trim(),
        ],
        None,
    );
    let report = report.json();
    assert_eq!(report["verified"], true, "{report}");
    assert_eq!(report["payload"]["iss"], "vendor-client");
    assert!(cpf::is_valid(
        report["payload"]["personId"].as_str().unwrap()
    ));
    assert!(warning_codes(&report).is_empty(), "{report}");

    ok(
        &jwtpad(
            &[
                "template",
                "add",
                "mine",
                "--profile",
                &profile,
                "--payload",
                r#"{"iss":"{{clientId}}","n":"{{seq}}"}"#,
            ],
            None,
        ),
        "template add --profile",
    );
    let out = jwtpad(&["encode", "--template", "mine"], None);
    ok(&out, "encode --template with its default profile");
    let report = jwtpad(
        &["decode", "--json", "--profile", &profile, out.stdout.trim()],
        None,
    );
    assert_eq!(report.json()["verified"], true);
    let _ = jwtpad(&["profile", "rm", &profile], None);
}

mod window {
    use crate::shared::window_kit::type_into;
    use chrono::{TimeZone, Utc};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    use jwtpad::app::worker::{Backend, Worker};
    use jwtpad::app::{JwtpadApp, LanguageChoice, Settings};
    use jwtpad::engine::cpf;
    use jwtpad::secrets::MemoryStore;
    use serde_json::{Value, json};
    use std::path::Path;
    use std::sync::Arc;

    const NOW: i64 = 1_700_000_000;

    fn harness(dir: &Path) -> Harness<'static, JwtpadApp> {
        let worker = Worker::start(
            Backend::Memory(dir.join("profiles.json"), Arc::new(MemoryStore::default())),
            || {},
        );
        let settings = Settings {
            language: LanguageChoice::English,
            ..Settings::default()
        };
        let app = JwtpadApp::new(
            settings,
            worker,
            Box::new(|| Utc.timestamp_opt(NOW, 0).unwrap()),
        )
        .with_templates_dir(dir.join("templates"));
        let mut harness = Harness::builder()
            // Tall enough that the pane under Test data is in view without scrolling.
            .with_size([1280.0, 2000.0])
            .with_max_steps(8)
            .build_ui_state(|ui, app: &mut JwtpadApp| app.frame(ui), app);
        harness.run();
        harness
    }

    fn payload(harness: &Harness<'static, JwtpadApp>) -> Value {
        serde_json::from_str(harness.state().workbench().payload()).unwrap()
    }

    #[test]
    fn picking_a_template_fills_the_editors_and_checks_the_token() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/qa-user.json"),
            json!({
                "name": "qa-user",
                "header": {"alg": "HS384", "typ": "JWT", "kid": "k1"},
                "payload": {"iss": "fixed-client", "exp": "{{now+1h}}", "personId": "{{cpf}}", "n": "{{seq}}"},
                "alg": "HS384",
                "required": ["iss", "exp", "personId"],
            })
            .to_string(),
        )
        .unwrap();
        let mut harness = harness(dir.path());
        harness.get_by_label("qa-user").click();
        harness.run();
        let p = payload(&harness);
        assert_eq!(p["iss"], "fixed-client");
        assert_eq!(p["exp"], NOW + 3600);
        assert_eq!(p["n"], 1);
        assert!(cpf::is_valid(p["personId"].as_str().unwrap()));
        let wb = harness.state().workbench();
        let header: Value = serde_json::from_str(wb.header()).unwrap();
        assert_eq!(header, json!({"alg": "HS384", "typ": "JWT", "kid": "k1"}));
        assert_eq!(wb.alg().name(), "HS384");
        assert_eq!(
            harness
                .state()
                .templates()
                .picked
                .as_ref()
                .map(|t| t.name.as_str()),
            Some("qa-user")
        );
        harness.get_by_label("Checked against template qa-user");

        // The vendor template needs a clientId: without a profile the pane says so.
        harness.get_by_label("caf-smart-auth").click();
        harness.run();
        let (message, problem) = harness.state().templates().message.clone().unwrap();
        assert!(problem);
        assert!(message.contains("{{clientId}}"), "{message}");
    }

    #[test]
    fn save_as_template_keeps_the_editors_and_lists_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut harness = harness(dir.path());
        harness.get_by_label("Save as template…").click();
        harness.run();
        type_into(&mut harness, "Template name", "from-window");
        harness.get_by_label("Save template").click();
        harness.run();
        let state = harness.state();
        assert_eq!(
            state
                .templates()
                .message
                .as_ref()
                .map(|(m, p)| (m.as_str(), *p)),
            Some(("Saved template from-window", false))
        );
        let listed: Vec<_> = state
            .templates()
            .listed
            .iter()
            .map(|l| l.template.name.clone())
            .collect();
        assert_eq!(listed, ["caf-smart-auth", "from-window"]);
        let saved: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("templates/from-window.json")).unwrap(),
        )
        .unwrap();
        let editor: Value = serde_json::from_str(state.workbench().payload()).unwrap();
        assert_eq!(saved["payload"], editor);
        // The new template is a button now, and a second save of the name is refused.
        harness.get_by_label("from-window");
        harness.get_by_label("Save as template…").click();
        harness.run();
        type_into(&mut harness, "Template name", "from-window");
        harness.get_by_label("Save template").click();
        harness.run();
        let (message, problem) = harness.state().templates().message.clone().unwrap();
        assert!(problem && message.contains("already exists"), "{message}");
    }
}
