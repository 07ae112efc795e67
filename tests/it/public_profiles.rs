//! Verify-only profiles (an issuer's public keys kept in the settings file, never in the
//! keyring) on the command line and in the window, and the `other-profile` hint.

use crate::shared::binary::{self, Run, run};
use crate::shared::desktop;
use crate::shared::fixtures::{self, key_path};
use crate::shared::window_kit::type_into;
use chrono::{TimeZone, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jwtpad::app::worker::{Backend, Worker};
use jwtpad::app::{JwtpadApp, LanguageChoice, Settings};
use jwtpad::engine::{Alg, KeySet, sign_json};
use jwtpad::secrets::MemoryStore;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

const NOW: i64 = 1_700_000_000;

/// jwtpad with a throwaway config dir and a session bus that leads nowhere: whatever works
/// here works without any keyring.
fn no_keyring(home: &Path) -> Command {
    let mut cmd = binary::jwtpad();
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .env("JWTPAD_KEYRING_TIMEOUT", "2");
    cmd
}

fn jwtpad_in(home: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = no_keyring(home);
    cmd.args(args);
    run(cmd, stdin)
}

fn ok(run: &Run, what: &str) {
    assert_eq!(
        run.code, 0,
        "{what} failed:\nstdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
}

/// A token whose header carries `kid`, signed with the private key fixture `key`.
fn signed(key: &str, alg: Alg, kid: &str) -> String {
    let keys = KeySet::from_bytes(&fixtures::read(&format!("keys/{key}"))).unwrap();
    let header = format!(r#"{{"alg":"{}","typ":"JWT","kid":"{kid}"}}"#, alg.name());
    sign_json(
        &header,
        r#"{"sub":"42","exp":4102444800}"#,
        alg,
        keys.signing_key(),
    )
    .unwrap()
    .token
}

fn settings_file(home: &Path) -> String {
    std::fs::read_to_string(home.join("config/jwtpad/profiles.json")).unwrap_or_default()
}

/// The tests below set a Unix config dir; a Windows build under Wine keeps its own.
fn unix_binary() -> bool {
    !binary::testing_windows_exe()
}

#[test]
fn a_verify_only_profile_is_added_shown_updated_and_removed_without_a_keyring() {
    if !unix_binary() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let jwks = key_path("issuer.jwks.json");
    let added = jwtpad_in(
        home,
        &[
            "profile",
            "add",
            "issuer",
            "--public-key",
            &jwks,
            "--env",
            "prod",
        ],
        None,
    );
    ok(&added, "profile add --public-key");
    assert!(added.stdout.contains("with 2 keys"), "{}", added.stdout);
    assert!(
        added.stdout.contains("kid \"rsa-2026\""),
        "{}",
        added.stdout
    );
    assert!(added.stdout.contains("kid \"ec-2026\""), "{}", added.stdout);
    let file = settings_file(home);
    assert!(
        file.contains("public-keys") && file.contains("rsa-2026"),
        "{file}"
    );

    // From stdin too.
    let pem = fixtures::read("keys/ec-p256.spki.pem");
    ok(
        &jwtpad_in(
            home,
            &["profile", "add", "ec", "--public-key", "-"],
            Some(&pem),
        ),
        "profile add --public-key -",
    );

    let listed = jwtpad_in(home, &["profile", "list", "--json"], None);
    ok(&listed, "profile list");
    let listed = listed.json();
    assert_eq!(listed[0]["verify_only"], true);
    assert_eq!(listed[0]["secret"], "verify only");
    let kids: Vec<_> = listed[0]["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["kid"].as_str().unwrap(), k["kty"].as_str().unwrap()))
        .collect();
    assert_eq!(kids, [("rsa-2026", "RSA"), ("ec-2026", "EC")]);
    assert_eq!(listed[1]["alg"], "ES256", "the key implies the algorithm");
    let text = jwtpad_in(home, &["profile", "list"], None);
    ok(&text, "profile list");
    assert!(
        text.stdout.contains(
            "issuer  [RS256]  verify only (public keys)  env: prod  2 keys (kid rsa-2026, ec-2026)"
        ),
        "{}",
        text.stdout
    );
    assert!(text.stderr.is_empty(), "no keyring note: {}", text.stderr);

    let shown = jwtpad_in(home, &["profile", "show", "issuer"], None);
    ok(&shown, "profile show");
    assert!(
        shown.stdout.contains("verify only, 2 keys"),
        "{}",
        shown.stdout
    );

    let rotated = key_path("issuer-rotated.jwks.json");
    let updated = jwtpad_in(
        home,
        &["profile", "update", "issuer", "--public-key", &rotated],
        None,
    );
    ok(&updated, "profile update");
    assert!(
        updated.stdout.contains("added kid \"ec-2027\"")
            && updated.stdout.contains("removed kid \"rsa-2026\""),
        "{}",
        updated.stdout
    );
    let again = jwtpad_in(
        home,
        &["profile", "update", "issuer", "--public-key", &rotated],
        None,
    );
    ok(&again, "profile update (same keys)");
    assert!(
        again.stdout.contains("the keys are the same"),
        "{}",
        again.stdout
    );
    let shown = jwtpad_in(home, &["profile", "show", "issuer", "--json"], None);
    assert_eq!(shown.json()["alg"], "ES256", "no RSA key is left for RS256");

    ok(
        &jwtpad_in(home, &["profile", "rename", "ec", "ec-2"], None),
        "profile rename",
    );
    for name in ["issuer", "ec-2"] {
        ok(
            &jwtpad_in(home, &["profile", "rm", name], None),
            "profile rm",
        );
    }
    assert!(!settings_file(home).contains("issuer"));
}

#[test]
fn private_keys_and_secrets_are_refused_for_a_verify_only_profile() {
    if !unix_binary() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let oct = br#"{"keys":[{"kty":"oct","kid":"s","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQ"}]}"#;
    for (args, stdin) in [
        (vec!["--public-key", &*key_path("rsa2048.pkcs8.pem")], None),
        (
            vec!["--public-key", &*key_path("ec-p256.private.jwk.json")],
            None,
        ),
        (vec!["--public-key", "-"], Some(&oct[..])),
    ] {
        let mut all = vec!["profile", "add", "x"];
        all.extend(args.iter().map(|a| &**a));
        let out = jwtpad_in(home, &all, stdin);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stdout);
        assert!(
            out.stderr.contains("can sign") && out.stderr.contains("written to disk"),
            "{args:?}: {}",
            out.stderr
        );
    }
    let garbage = jwtpad_in(
        home,
        &["profile", "add", "x", "--public-key", "-"],
        Some(b"hello"),
    );
    assert_eq!(garbage.code, 2);
    assert!(
        garbage.stderr.contains("public key on standard input"),
        "{}",
        garbage.stderr
    );
    assert_eq!(settings_file(home), "", "nothing was written");

    // A profile with a secret is not a verify-only profile: its key cannot be "updated".
    let missing = jwtpad_in(
        home,
        &[
            "profile",
            "update",
            "nobody",
            "--public-key",
            &key_path("rsa2048.spki.pem"),
        ],
        None,
    );
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("nobody"), "{}", missing.stderr);
}

#[test]
fn try_profiles_finds_a_verify_only_profile_by_kid_and_key_type() {
    if !unix_binary() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let jwks = key_path("issuer.jwks.json");
    ok(
        &jwtpad_in(
            home,
            &["profile", "add", "issuer", "--public-key", &jwks],
            None,
        ),
        "profile add",
    );
    let cert = key_path("ec-p384.spki.pem");
    ok(
        &jwtpad_in(
            home,
            &["profile", "add", "other", "--public-key", &cert],
            None,
        ),
        "profile add",
    );
    for (key, alg, kid) in [
        ("rsa2048.pkcs8.pem", Alg::RS256, "rsa-2026"),
        ("ec-p256.pkcs8.pem", Alg::ES256, "ec-2026"),
    ] {
        let token = signed(key, alg, kid);
        let tried = jwtpad_in(home, &["decode", "--try-profiles", "--json", &token], None);
        ok(&tried, "decode --try-profiles");
        let tried = tried.json();
        assert_eq!(tried["signed_by"], "issuer", "{alg}");
        let key_text = tried["verification"]["key"].as_str().unwrap();
        assert!(key_text.contains(kid), "{key_text}");

        let direct = jwtpad_in(
            home,
            &["decode", "--profile", "issuer", "--json", &token],
            None,
        );
        ok(&direct, "decode --profile");
        // The JWKS mixes RS256 and ES256: the profile's default algorithm warns of nothing.
        assert!(
            !direct.stdout.contains("profile-alg-differs"),
            "{}",
            direct.stdout
        );
        let report = jwtpad_in(
            home,
            &["report", "--try-profiles", "--format", "json", &token],
            None,
        );
        ok(&report, "report --try-profiles");
        assert_eq!(report.json()["verdict"]["signed_by"], "issuer");
    }
    // A kid the issuer never published: not verified, and said so.
    let unknown = signed("ec-p256.pkcs8.pem", Alg::ES256, "ec-1999");
    let tried = jwtpad_in(
        home,
        &["decode", "--try-profiles", "--json", &unknown],
        None,
    );
    assert_eq!(tried.code, 1, "{}", tried.stdout);
    assert_eq!(tried.json()["verified"], false);
}

#[test]
fn decode_profile_a_failing_names_the_verify_only_profile_b_that_verifies() {
    if !unix_binary() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    for (name, key) in [("A", "rsa2048.spki.pem"), ("B", "issuer.jwks.json")] {
        ok(
            &jwtpad_in(
                home,
                &["profile", "add", name, "--public-key", &key_path(key)],
                None,
            ),
            "profile add",
        );
    }
    let token = signed("ec-p256.pkcs8.pem", Alg::ES256, "ec-2026");
    let out = jwtpad_in(home, &["decode", "--profile", "A", "--json", &token], None);
    assert_eq!(
        out.code, 1,
        "a hint never changes the verdict: {}",
        out.stdout
    );
    let json = out.json();
    assert_eq!(json["verified"], false);
    let hints = json["verification"]["hints"].as_array().unwrap();
    let other: Vec<_> = hints
        .iter()
        .filter(|h| h["code"] == "other-profile")
        .collect();
    assert_eq!(other.len(), 1, "{hints:?}");
    assert!(
        other[0]["message"].as_str().unwrap().contains("\"B\""),
        "{other:?}"
    );
    // With the right profile there is nothing to hint.
    let right = jwtpad_in(home, &["decode", "--profile", "B", "--json", &token], None);
    ok(&right, "decode --profile B");
    assert!(!right.stdout.contains("other-profile"));
}

#[test]
fn signing_with_a_verify_only_profile_is_refused() {
    if !unix_binary() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let jwks = key_path("issuer.jwks.json");
    ok(
        &jwtpad_in(
            home,
            &["profile", "add", "issuer", "--public-key", &jwks],
            None,
        ),
        "profile add",
    );
    let out = jwtpad_in(
        home,
        &["encode", "--profile", "issuer", "--payload", "{}"],
        None,
    );
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(
        out.stderr.contains("profile \"issuer\" is verify only")
            && out.stderr.contains("cannot sign"),
        "{}",
        out.stderr
    );
}

/// `decode --profile A` with A and B in the real keyring (HMAC secrets): B verifies, and
/// the hint says so.
#[test]
fn with_the_real_keyring_decode_profile_a_names_profile_b() {
    if !desktop::desktop_ready(
        "other-profile hint with the Secret Service",
        &["DBUS_SESSION_BUS_ADDRESS"],
        &["secret-tool"],
    ) || !unix_binary()
    {
        return;
    }
    let _display = desktop::lock_display();
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap();
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let jwtpad = |args: &[&str], stdin: Option<&[u8]>| {
        let mut cmd = binary::jwtpad();
        cmd.env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("DBUS_SESSION_BUS_ADDRESS", &bus)
            .args(args);
        run(cmd, stdin)
    };
    let tag = std::process::id();
    let (a, b) = (format!("A-{tag}"), format!("B-{tag}"));
    for name in [&a, &b] {
        let secret = format!("{name}-secret-0123456789-0123456789");
        ok(
            &jwtpad(&["profile", "add", name], Some(secret.as_bytes())),
            "profile add",
        );
    }
    let jwks = key_path("issuer.jwks.json");
    ok(
        &jwtpad(&["profile", "add", "issuer", "--public-key", &jwks], None),
        "profile add --public-key",
    );
    let token = jwtpad(
        &["encode", "--profile", &b, "--payload", r#"{"sub":"42"}"#],
        None,
    );
    ok(&token, "encode --profile B");
    let token = token.stdout.trim().to_owned();
    let out = jwtpad(&["decode", "--profile", &a, "--json", &token], None);
    let result = std::panic::catch_unwind(|| {
        assert_eq!(out.code, 1, "{}", out.stdout);
        let json = out.json();
        let hints = json["verification"]["hints"].as_array().unwrap();
        let other: Vec<_> = hints
            .iter()
            .filter(|h| h["code"] == "other-profile")
            .collect();
        assert_eq!(other.len(), 1, "{hints:?}");
        assert!(other[0]["message"].as_str().unwrap().contains(&b));
        // The RS256/ES256 profile and the keyring's secrets are tried together.
        let es = signed("ec-p256.pkcs8.pem", Alg::ES256, "ec-2026");
        let tried = jwtpad(&["decode", "--try-profiles", "--json", &es], None);
        assert_eq!(tried.json()["signed_by"], "issuer", "{}", tried.stdout);
    });
    for name in [&a, &b, &"issuer".to_owned()] {
        ok(&jwtpad(&["profile", "rm", name], None), "profile rm");
    }
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

fn window(dir: &Path) -> Harness<'static, JwtpadApp> {
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
        .with_size([1280.0, 800.0])
        .with_max_steps(8)
        .build_ui_state(|ui, app: &mut JwtpadApp| app.frame(ui), app);
    settle(&mut harness, |_| true);
    harness
}

/// Runs frames until `done` holds; the worker answers on its own thread.
fn settle(harness: &mut Harness<'static, JwtpadApp>, done: impl Fn(&JwtpadApp) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
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

fn pick_key_source(harness: &mut Harness<'static, JwtpadApp>, label: &str) {
    harness.get_by_label("Key source").click();
    harness.run();
    harness.get_by_label(label).click();
    harness.run();
}

#[test]
fn a_verify_only_profile_added_in_the_window_verifies_with_any_profile_and_is_hinted() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(dir.path());
    harness.get_by_label("Add profile…").click();
    harness.run();
    type_into(&mut harness, "Name", "issuer");
    harness.get_by_label("Public keys (verify only)").click();
    harness.run();
    // A private key is refused before Save.
    type_into(
        &mut harness,
        "Public keys (PEM, certificate, JWK or JWKS)",
        &fixtures::read_to_string("keys/ec-p256.private.jwk.json"),
    );
    harness.get_by_label_contains("written to disk");
    type_into(
        &mut harness,
        "Public keys (PEM, certificate, JWK or JWKS)",
        &fixtures::read_to_string("keys/issuer.jwks.json"),
    );
    // Named at once: how many keys, and each one's type and kid.
    harness.get_by_label("2 public key(s):");
    harness.get_by_label_contains("EC P-256 public key (kid \"ec-2026\")");
    harness.get_by_label("Save public keys").click();
    settle(&mut harness, |app| app.workbench().key().keys.is_some());
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(file.contains("ec-2026"), "{file}");
    harness.get_by_label_contains("2 public key(s), kid rsa-2026, ec-2026");
    // Authoring with it is refused, not signed with a public key.
    harness.get_by_label_contains("profile \"issuer\" is verify only");

    let token = signed("ec-p256.pkcs8.pem", Alg::ES256, "ec-2026");
    pick_key_source(&mut harness, "Any profile (find the signer)");
    type_into(&mut harness, "Encoded token", &token);
    settle(&mut harness, |app| app.workbench().key().keys.is_some());
    harness.get_by_label("Signature verified · profile issuer");

    // A session key that fails: the hint under the verdict names the profile that verifies.
    pick_key_source(&mut harness, "Session key (PEM / JWK)");
    type_into(
        &mut harness,
        "PEM or JWK",
        &fixtures::read_to_string("keys/ec-p384.spki.pem"),
    );
    settle(&mut harness, |app| app.workbench().has_other_keys());
    harness.get_by_label_contains("Why: the stored profile \"issuer\" verifies it");
}

#[test]
fn a_verify_only_profile_s_keys_are_updated_from_the_key_pane() {
    let dir = tempfile::tempdir().unwrap();
    let store = MemoryStore::default();
    let profiles = jwtpad::profiles::Profiles::new(dir.path().join("profiles.json"), &store);
    profiles
        .add(
            jwtpad::profiles::Profile {
                name: "issuer".into(),
                env: None,
                client_id: None,
                alg: "RS256".into(),
                key_kind: jwtpad::profiles::KeyKind::PublicKeys,
                public_key: Some(fixtures::read_to_string("keys/issuer.jwks.json")),
                account: String::new(),
            },
            &jwtpad::engine::Secret::new(Vec::new()),
        )
        .unwrap();
    let mut harness = window(dir.path());
    settle(&mut harness, |_| true);
    pick_key_source(&mut harness, "Profile: issuer");
    settle(&mut harness, |app| app.workbench().key().keys.is_some());
    harness.get_by_label("Update keys…").click();
    harness.run();
    harness.get_by_label("Update the keys of \"issuer\"");
    type_into(
        &mut harness,
        "Public keys (PEM, certificate, JWK or JWKS)",
        &fixtures::read_to_string("keys/issuer-rotated.jwks.json"),
    );
    harness.get_by_label("Replace keys").click();
    settle(&mut harness, |app| {
        app.workbench()
            .key()
            .keys
            .as_ref()
            .is_some_and(|k| k.keys.iter().any(|k| k.kid.as_deref() == Some("ec-2027")))
    });
    harness.get_by_label_contains("kid \"ec-2027\" added, kid \"rsa-2026\" removed");
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(
        file.contains("ec-2027") && !file.contains("rsa-2026"),
        "{file}"
    );

    harness.get_by_label("Delete profile").click();
    harness.run();
    harness.get_by_label_contains("there is no keyring entry");
    harness.get_by_label("Delete").click();
    settle(&mut harness, |app| app.settings().last_profile.is_none());
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(!file.contains("issuer"), "{file}");
}

#[test]
fn with_the_keyring_down_verify_only_profiles_still_verify_and_the_others_are_skipped() {
    if !unix_binary() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let jwks = key_path("issuer.jwks.json");
    ok(
        &jwtpad_in(
            home,
            &["profile", "add", "issuer", "--public-key", &jwks],
            None,
        ),
        "profile add",
    );
    // A profile whose secret is in a keyring this machine cannot reach.
    let path = home.join("config/jwtpad/profiles.json");
    let mut file: serde_json::Value = serde_json::from_str(&settings_file(home)).unwrap();
    file["profiles"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "name": "Caf beta", "alg": "HS256", "key_kind": "hmac-text",
            "account": "profile-0123456789abcdef",
        }));
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();

    let token = signed("rsa2048.pkcs8.pem", Alg::RS256, "rsa-2026");
    let tried = jwtpad_in(home, &["decode", "--try-profiles", "--json", &token], None);
    ok(&tried, "decode --try-profiles");
    let json = tried.json();
    assert_eq!(json["signed_by"], "issuer");
    let skipped: Vec<_> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "profile-skipped")
        .collect();
    assert_eq!(skipped.len(), 1, "{json}");
    assert!(
        skipped[0]["message"].as_str().unwrap().contains("Caf beta"),
        "{skipped:?}"
    );
    // Only secrets to read, and no keyring: the keyring's error, as ever.
    ok(
        &jwtpad_in(home, &["profile", "rm", "issuer"], None),
        "profile rm",
    );
    let out = jwtpad_in(home, &["decode", "--try-profiles", "--json", &token], None);
    assert_eq!(out.code, 2);
    assert_eq!(out.json()["error_code"], "no-session-bus", "{}", out.stdout);
}
