//! Keys made on the spot (`profile add --generate`) and exported for the server under test
//! (`profile export`): every algorithm signs a token that verifies with the exported key,
//! in jwtpad and in an independent library (PyJWT), against the real Secret Service.

use crate::shared::binary::{self, Run, run};
use crate::shared::desktop;
use crate::shared::fixtures::key_path;
use jwtpad::engine::KeySet;
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Stdio};

/// The Python with PyJWT (and `cryptography`) that checks tokens independently; `.ci/run`
/// makes the venv and sets it.
const PYTHON_VAR: &str = "JWTPAD_PYTHON";

/// The interpreter of [`PYTHON_VAR`]; `None` (with a SKIPPED line) when it is not set here,
/// a failure when CI or `JWTPAD_REQUIRE_DESKTOP` asks for everything to run.
pub(crate) fn python() -> Option<String> {
    let python = std::env::var(PYTHON_VAR).ok().filter(|p| !p.is_empty());
    let required = desktop::desktop_required() || std::env::var_os("CI").is_some();
    match python {
        Some(p) if Path::new(&p).exists() => Some(p),
        other => {
            let why = match other {
                Some(p) => format!("${PYTHON_VAR} names {p}, which does not exist"),
                None => format!("${PYTHON_VAR} is not set"),
            };
            assert!(
                !required,
                "PyJWT checks: {why} (python3 -m venv /tmp/jwtpad-venv && \
                 /tmp/jwtpad-venv/bin/pip install 'pyjwt[crypto]')"
            );
            eprintln!("SKIPPED: PyJWT checks: {why}");
            None
        }
    }
}

/// Verifies each `{token, alg, jwk | secret_b64}` with PyJWT; returns one line per case,
/// `ok <claims>` or `fail <error>`.
const PYJWT_CHECK: &str = r#"
import base64, json, sys
import jwt
cases = json.load(sys.stdin)
for case in cases:
    try:
        if "jwk" in case:
            key = jwt.PyJWK(case["jwk"]).key
        else:
            key = base64.b64decode(case["secret_b64"])
        claims = jwt.decode(case["token"], key=key, algorithms=[case["alg"]],
                            options={"require": ["exp"]})
        print("ok", json.dumps(claims, sort_keys=True))
    except Exception as e:
        print("fail", type(e).__name__, e)
"#;

fn pyjwt(python: &str, cases: &Value) -> Vec<String> {
    let mut child = Command::new(python)
        .args(["-c", PYJWT_CHECK])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start PyJWT");
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(cases.to_string().as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "PyJWT script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

fn ok(run: &Run, what: &str) {
    assert_eq!(
        run.code, 0,
        "{what} failed:\nstdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
}

/// jwtpad with a throwaway config dir and a session bus that leads nowhere.
fn no_keyring(home: &Path, args: &[&str]) -> Run {
    let mut cmd = binary::jwtpad();
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .env("JWTPAD_KEYRING_TIMEOUT", "2")
        .args(args);
    run(cmd, None)
}

#[test]
fn bad_generate_requests_are_refused_before_the_keyring_is_asked() {
    let home = tempfile::tempdir().unwrap();
    let none = no_keyring(home.path(), &["profile", "add", "x", "--generate", "none"]);
    assert_eq!(none.code, 2, "{}", none.stderr);
    assert!(none.stderr.contains("takes no key"), "{}", none.stderr);
    let bits = no_keyring(
        home.path(),
        &[
            "profile",
            "add",
            "x",
            "--generate",
            "ES256",
            "--bits",
            "2048",
        ],
    );
    assert_eq!(bits.code, 2, "{}", bits.stderr);
    assert!(bits.stderr.contains("only for RSA"), "{}", bits.stderr);
    let small = no_keyring(
        home.path(),
        &[
            "profile",
            "add",
            "x",
            "--generate",
            "RS256",
            "--bits",
            "1024",
        ],
    );
    assert_eq!(small.code, 2, "{}", small.stderr);
    assert!(small.stderr.contains("1024"), "{}", small.stderr);
    let unknown = no_keyring(home.path(), &["profile", "add", "x", "--generate", "HS999"]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(unknown.stderr.contains("--generate"), "{}", unknown.stderr);
    // A generated key is never one given as well.
    let both = no_keyring(
        home.path(),
        &[
            "profile",
            "add",
            "x",
            "--generate",
            "ES256",
            "--key-file",
            &key_path("ec-p256.pkcs8.pem"),
        ],
    );
    assert_eq!(both.code, 2, "{}", both.stderr);
    // Nothing was written.
    assert!(!home.path().join("config/jwtpad/profiles.json").exists());
}

#[test]
fn a_verify_only_profile_exports_its_keys_without_a_keyring() {
    let home = tempfile::tempdir().unwrap();
    ok(
        &no_keyring(
            home.path(),
            &[
                "profile",
                "add",
                "issuer",
                "--public-key",
                &key_path("ec-p256.spki.pem"),
            ],
        ),
        "profile add --public-key",
    );
    let want = KeySet::from_bytes(&std::fs::read(key_path("ec-p256.spki.pem")).unwrap())
        .unwrap()
        .keys[0]
        .thumbprint()
        .unwrap();
    let jwks = no_keyring(
        home.path(),
        &["profile", "export", "issuer", "--format", "jwks"],
    );
    ok(&jwks, "profile export --format jwks");
    let jwks = jwks.json();
    assert_eq!(jwks["keys"][0]["kid"], want.as_str());
    assert_eq!(jwks["keys"][0]["alg"], "ES256");
    assert_eq!(jwks["keys"][0]["use"], "sig");
    assert_eq!(jwks["keys"][0]["crv"], "P-256");
    let pem = no_keyring(
        home.path(),
        &["profile", "export", "issuer", "--format", "pem"],
    );
    ok(&pem, "profile export --format pem");
    assert!(
        pem.stdout.starts_with("-----BEGIN PUBLIC KEY-----\n"),
        "{}",
        pem.stdout
    );
    // Its public key is all it has: no secret to print.
    let secret = no_keyring(
        home.path(),
        &["profile", "export", "issuer", "--secret", "--yes"],
    );
    assert_eq!(secret.code, 2, "{}", secret.stderr);
    assert!(
        secret.stderr.contains("holds no HMAC secret"),
        "{}",
        secret.stderr
    );
    assert!(secret.stdout.is_empty());
    let missing = no_keyring(home.path(), &["profile", "export", "nobody"]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
}

/// Every algorithm, against the real Secret Service: generate, sign with the profile,
/// export, and verify the token with the exported key in jwtpad and in PyJWT.
#[test]
fn generated_keys_verify_with_their_exported_key_everywhere() {
    if !desktop::desktop_ready(
        "generated keys in the Secret Service",
        &["DBUS_SESSION_BUS_ADDRESS"],
        &[],
    ) {
        return;
    }
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap();
    let home = tempfile::tempdir().unwrap();
    let jwtpad = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = binary::jwtpad();
        cmd.env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("DBUS_SESSION_BUS_ADDRESS", &bus)
            .args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        run(cmd, None)
    };
    let run_id = std::process::id();
    let cases: &[(&str, Option<&str>)] = &[
        ("HS256", None),
        ("HS384", None),
        ("HS512", None),
        ("RS256", None),
        ("RS384", None),
        ("RS512", None),
        ("PS256", None),
        ("PS384", None),
        ("PS512", Some("3072")),
        ("ES256", None),
        ("ES384", None),
        ("ES512", None),
        ("EdDSA", None),
    ];
    let mut names = Vec::new();
    let mut py_cases = Vec::new();
    let mut private_texts = Vec::new();
    for (alg, bits) in cases {
        let name = format!("gen {alg} {run_id}");
        let mut args = vec![
            "profile",
            "add",
            &name,
            "--generate",
            alg,
            "--client-id",
            "qa",
        ];
        if let Some(bits) = bits {
            args.extend(["--bits", bits]);
        }
        let added = jwtpad(&args, &[]);
        ok(&added, &format!("profile add --generate {alg}"));
        assert!(
            added.stdout.contains("only in the OS keyring"),
            "{}",
            added.stdout
        );
        names.push(name.clone());

        let shown = jwtpad(&["profile", "show", &name, "--json"], &[]);
        ok(&shown, "profile show");
        let shown = shown.json();
        assert_eq!(shown["alg"], *alg);
        if let Some(bits) = bits {
            assert_eq!(shown["key"]["size"], format!("{bits} bits"));
        }

        let token = jwtpad(
            &[
                "encode",
                "--profile",
                &name,
                "--payload",
                r#"{"iss":"qa","sub":"load-1"}"#,
                "--exp",
                "+15m",
            ],
            &[],
        );
        ok(&token, &format!("encode --profile ({alg})"));
        let token = token.stdout.trim().to_owned();

        if alg.starts_with("HS") {
            // The public export refuses; the secret comes out on stdout alone.
            let public = jwtpad(&["profile", "export", &name], &[]);
            assert_eq!(public.code, 2, "{}", public.stderr);
            assert!(
                public.stderr.contains("no public half"),
                "{}",
                public.stderr
            );
            let refused = jwtpad(&["profile", "export", &name, "--secret"], &[]);
            assert_eq!(
                refused.code, 2,
                "no terminal and no --yes: {}",
                refused.stderr
            );
            assert!(refused.stdout.is_empty());
            let secret = jwtpad(&["profile", "export", &name, "--secret", "--yes"], &[]);
            ok(&secret, "profile export --secret --yes");
            let b64 = secret.stdout.trim().to_owned();
            let len = match *alg {
                "HS256" => 32,
                "HS384" => 48,
                _ => 64,
            };
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(&b64)
                .expect("the secret is standard base64");
            assert_eq!(bytes.len(), len, "{alg}: a secret as long as the hash");
            ok(
                &jwtpad(
                    &["decode", "--secret-base64-env", "S", &token],
                    &[("S", &b64)],
                ),
                &format!("decode with the exported secret ({alg})"),
            );
            if *alg == "HS256" {
                // A batch signed by the generated profile (its clientId is the iss).
                let batch = jwtpad(
                    &[
                        "batch",
                        "--template",
                        "caf-smart-auth",
                        "--profile",
                        &name,
                        "-n",
                        "50",
                    ],
                    &[],
                );
                ok(&batch, "batch --profile");
                let keys = KeySet::from(jwtpad::engine::Key::hmac(jwtpad::engine::Secret::new(
                    bytes.clone(),
                )));
                let clock = jwtpad::engine::Clock::system();
                for line in batch.stdout.lines().skip(1) {
                    let token = line.rsplit(',').next().unwrap();
                    let decoded = jwtpad::engine::decode(token, Some(&keys), &clock).unwrap();
                    assert_eq!(decoded.verification.verified(), Some(true), "{line}");
                    let claims = decoded.token.payload.claims().unwrap();
                    assert_eq!(claims["iss"], "qa");
                }
                assert_eq!(batch.stdout.lines().count(), 51);
            }
            private_texts.push(b64.clone());
            py_cases.push(json!({"token": token, "alg": alg, "secret_b64": b64}));
            continue;
        }

        // The secret never comes out of an asymmetric profile.
        let secret = jwtpad(&["profile", "export", &name, "--secret", "--yes"], &[]);
        assert_eq!(secret.code, 2, "{}", secret.stderr);
        assert!(secret.stdout.is_empty(), "{}", secret.stdout);

        let dir = home.path().join(alg);
        std::fs::create_dir_all(&dir).unwrap();
        let mut kid = None;
        for format in ["jwk", "jwks", "pem"] {
            let exported = jwtpad(&["profile", "export", &name, "--format", format], &[]);
            ok(
                &exported,
                &format!("profile export --format {format} ({alg})"),
            );
            assert!(
                !exported.stdout.contains("PRIVATE") && !exported.stdout.contains("\"d\""),
                "{alg} {format}: only the public half: {}",
                exported.stdout
            );
            let file = dir.join(format);
            std::fs::write(&file, &exported.stdout).unwrap();
            let decoded = jwtpad(
                &["decode", "--key", file.to_str().unwrap(), "--json", &token],
                &[],
            );
            ok(
                &decoded,
                &format!("decode with the exported {format} ({alg})"),
            );
            assert_eq!(decoded.json()["verified"], true, "{alg} {format}");
            if format == "jwk" {
                let jwk = exported.json();
                assert_eq!(jwk["alg"], *alg);
                assert_eq!(jwk["use"], "sig");
                // kid is the RFC 7638 thumbprint of the key itself.
                let key = &KeySet::from_bytes(exported.stdout.as_bytes()).unwrap().keys[0];
                assert_eq!(jwk["kid"], key.thumbprint().unwrap().as_str());
                kid = jwk["kid"].as_str().map(str::to_owned);
                py_cases.push(json!({"token": token, "alg": alg, "jwk": jwk}));
            }
            if format == "jwks" {
                assert_eq!(exported.json()["keys"][0]["kid"].as_str(), kid.as_deref());
                // `profile show` names the same kid.
                assert_eq!(shown["kid"].as_str(), kid.as_deref());
            }
        }
    }

    // The settings file holds names and public halves only.
    let settings =
        std::fs::read_to_string(home.path().join("config/jwtpad/profiles.json")).unwrap();
    assert!(!settings.contains("PRIVATE KEY"), "{settings}");
    for secret in &private_texts {
        assert!(
            !settings.contains(secret.as_str()),
            "an HMAC secret on disk"
        );
    }
    assert_eq!(
        settings.matches("BEGIN PUBLIC KEY").count(),
        cases.len() - 3
    );

    if let Some(python) = python() {
        let verdicts = pyjwt(&python, &json!(py_cases));
        assert_eq!(verdicts.len(), cases.len(), "{verdicts:#?}");
        for (verdict, case) in verdicts.iter().zip(&py_cases) {
            assert!(
                verdict.starts_with("ok ") && verdict.contains("\"sub\": \"load-1\""),
                "PyJWT refused the {} token: {verdict}",
                case["alg"]
            );
        }
        // PyJWT is a real check: a token signed by another generated key fails.
        let mut swapped = py_cases[9].clone();
        swapped["token"] = py_cases[10]["token"].clone();
        let verdict = pyjwt(&python, &json!([swapped]));
        assert!(verdict[0].starts_with("fail "), "{verdict:?}");
    }

    // A private key given as a file, without its public half: export derives it from the
    // key in the keyring.
    let given = format!("given key {run_id}");
    ok(
        &jwtpad(
            &[
                "profile",
                "add",
                &given,
                "--key-file",
                &key_path("ec-p384.pkcs8.pem"),
            ],
            &[],
        ),
        "profile add --key-file",
    );
    names.push(given.clone());
    let exported = jwtpad(&["profile", "export", &given], &[]);
    ok(&exported, "profile export of a --key-file profile");
    let want = KeySet::from_bytes(&std::fs::read(key_path("ec-p384.spki.pem")).unwrap())
        .unwrap()
        .keys[0]
        .thumbprint()
        .unwrap();
    assert_eq!(exported.json()["kid"], want.as_str());
    assert_eq!(exported.json()["alg"], "ES384");

    for name in &names {
        ok(&jwtpad(&["profile", "rm", name], &[]), "profile rm");
    }
}

mod window {
    use crate::shared::window_kit::type_into;
    use chrono::{TimeZone, Utc};
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT as _, Queryable};
    use jwtpad::app::worker::{Backend, Worker};
    use jwtpad::app::{JwtpadApp, LanguageChoice, Settings};
    use jwtpad::engine::{Clock, KeySet, decode};
    use jwtpad::secrets::{MemoryStore, SecretStore};
    use std::path::Path;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    const NOW: i64 = 1_700_000_000;

    fn window(dir: &Path, store: Arc<MemoryStore>) -> Harness<'static, JwtpadApp> {
        let worker = Worker::start(Backend::Memory(dir.join("profiles.json"), store), || {});
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
            .with_size([1280.0, 800.0])
            .with_max_steps(8)
            .build_ui_state(|ui, app: &mut JwtpadApp| app.frame(ui), app);
        settle(&mut harness, |_| true);
        harness
    }

    fn settle(harness: &mut Harness<'static, JwtpadApp>, done: impl Fn(&JwtpadApp) -> bool) {
        // An RSA key takes a moment in a debug build.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            harness.run_steps(2);
            if done(harness.state()) {
                break;
            }
            assert!(Instant::now() < deadline, "the window did not settle");
            std::thread::sleep(Duration::from_millis(20));
        }
        harness.run();
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

    /// Generates a profile key for `alg` in the dialog and returns what "Copy public JWK",
    /// "Copy JWKS" and "Copy public PEM" put on the clipboard, and the window's token.
    fn generate_in_window(alg: &str) -> (Vec<String>, String, String) {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::default());
        let mut harness = window(dir.path(), store.clone());
        // The dialog starts with the algorithm the window has.
        let ctx = harness.ctx.clone();
        harness
            .state_mut()
            .apply(&ctx, jwtpad::app::Action::SetAlg(alg.parse().unwrap()));
        harness.run();
        harness.get_by_label("Add profile…").click();
        harness.run();
        // Without a name there is nothing to save the key under.
        assert!(
            harness
                .get_by_label("Generate key")
                .accesskit_node()
                .is_disabled()
        );
        type_into(&mut harness, "Name", "made here");
        harness.get_by_label("Generate key").click();
        settle(&mut harness, |app| app.workbench().key().keys.is_some());
        let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
        assert!(file.contains("BEGIN PUBLIC KEY"), "{file}");
        assert!(
            !file.contains("PRIVATE"),
            "the private key stays in the keyring: {file}"
        );
        let settings: serde_json::Value = serde_json::from_str(&file).unwrap();
        let account = settings["profiles"][0]["account"].as_str().unwrap();
        let stored = store
            .get(account)
            .unwrap()
            .expect("the key is in the keyring");
        assert!(
            String::from_utf8_lossy(stored.expose()).contains("BEGIN PRIVATE KEY"),
            "a PKCS#8 key is stored"
        );
        assert_eq!(settings["profiles"][0]["alg"], alg);

        let mut texts = Vec::new();
        for button in ["Copy public JWK", "Copy JWKS", "Copy public PEM"] {
            harness.get_by_label(button).click();
            harness.run_steps(1);
            let got = copied(&harness);
            assert_eq!(got.len(), 1, "{button}: {got:?}");
            texts.push(got[0].clone());
            harness.run();
        }
        let token = harness.state().workbench().token().to_owned();
        (texts, token, file)
    }

    #[test]
    fn generate_key_in_the_dialog_then_copy_its_public_half() {
        let (texts, token, _) = generate_in_window("ES256");
        let clock = Clock::at(NOW, 60);
        for text in &texts {
            assert!(
                !text.contains("PRIVATE") && !text.contains("\"d\""),
                "{text}"
            );
            let keys = KeySet::from_bytes(text.as_bytes()).unwrap();
            let verdict = decode(&token, Some(&keys), &clock).unwrap();
            assert_eq!(
                verdict.verification.verified(),
                Some(true),
                "the window's token verifies with {text}"
            );
        }
        let jwk: serde_json::Value = serde_json::from_str(&texts[0]).unwrap();
        assert_eq!(jwk["alg"], "ES256");
        assert_eq!(jwk["use"], "sig");
        assert_eq!(jwk["crv"], "P-256");
        let jwks: serde_json::Value = serde_json::from_str(&texts[1]).unwrap();
        assert_eq!(jwks["keys"][0]["kid"], jwk["kid"]);
        assert!(texts[2].starts_with("-----BEGIN PUBLIC KEY-----"));
    }

    #[test]
    fn an_hmac_key_made_in_the_window_has_no_public_half_to_copy() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(MemoryStore::default());
        let mut harness = window(dir.path(), store.clone());
        harness.get_by_label("Add profile…").click();
        harness.run();
        type_into(&mut harness, "Name", "hs");
        harness.get_by_label("Generate key").click();
        settle(&mut harness, |app| app.workbench().key().keys.is_some());
        let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
        let settings: serde_json::Value = serde_json::from_str(&file).unwrap();
        let account = settings["profiles"][0]["account"].as_str().unwrap();
        assert_eq!(store.get(account).unwrap().unwrap().len(), 32);
        assert!(harness.query_by_label("Copy public JWK").is_none());
        // The window signs with it at once.
        let token = harness.state().workbench().token().to_owned();
        assert_eq!(token.split('.').count(), 3);
        assert!(!token.ends_with('.'), "signed: {token}");
    }

    #[test]
    fn an_rsa_key_made_in_the_window_exports_for_ps256() {
        let (texts, token, _) = generate_in_window("PS256");
        let keys = KeySet::from_bytes(texts[0].as_bytes()).unwrap();
        let verdict = decode(&token, Some(&keys), &Clock::at(NOW, 60)).unwrap();
        assert_eq!(verdict.verification.verified(), Some(true));
        assert_eq!(keys.keys[0].jwk_alg.as_deref(), Some("PS256"));
    }
}
