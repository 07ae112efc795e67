//! The window's flows, driven by label through egui_kittest (no display needed): paste,
//! edit, wrong secret, broken JSON, copy, keyring down.

use crate::shared::JWTIO;
use crate::shared::fixtures;
use crate::shared::rng::Rng;
use crate::shared::window_kit::type_into;
use chrono::{TimeZone, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jwtpad::app::worker::{Backend, Worker};
use jwtpad::app::{JwtpadApp, LanguageChoice, Settings};
use jwtpad::engine::{Clock, Key, KeySet, Secret, decode};
use jwtpad::secrets::{MemoryStore, StoreError};
use std::sync::Arc;
use std::time::{Duration, Instant};

const NOW: i64 = 1_700_000_000;

fn app_with(backend: Backend) -> JwtpadApp {
    let worker = Worker::start(backend, || {});
    // English whatever the machine's LANG: the tests find widgets by their English labels.
    let settings = Settings {
        language: LanguageChoice::English,
        ..Settings::default()
    };
    JwtpadApp::new(
        settings,
        worker,
        Box::new(|| Utc.timestamp_opt(NOW, 0).unwrap()),
    )
}

fn harness(backend: Backend) -> Harness<'static, JwtpadApp> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        // A grid or scroll area that changes size takes a few frames to settle.
        .with_max_steps(8)
        .build_ui_state(|ui, app: &mut JwtpadApp| app.frame(ui), app_with(backend));
    settle(&mut harness, |_| true);
    harness
}

fn memory() -> Backend {
    let dir = tempfile::tempdir().unwrap().keep();
    Backend::Memory(dir.join("profiles.json"), Arc::new(MemoryStore::default()))
}

/// Runs frames until `done` holds; the keyring worker answers on its own thread.
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

/// Types a session secret, empties the token box, then pastes `token` into it.
fn paste_with_secret(harness: &mut Harness<'static, JwtpadApp>, secret: &str, token: &str) {
    type_into(harness, "Secret", secret);
    harness.get_by_label("Clear").click();
    harness.run();
    type_into(harness, "Encoded token", token);
}

fn verifies_with(token: &str, secret: &str) -> bool {
    let keys = KeySet::from(Key::hmac(Secret::new(secret.as_bytes().to_vec())));
    decode(token, Some(&keys), &Clock::at(NOW, 60))
        .unwrap()
        .verification
        .verified()
        == Some(true)
}

#[test]
fn first_start_shows_a_useful_example_not_signed() {
    let harness = harness(memory());
    let wb = harness.state().workbench();
    assert!(wb.payload().contains("\"exp\""), "{}", wb.payload());
    harness.get_by_label("Not verified: no key");
    harness.get_by_label("Signature: not signed. Choose a key to sign.");
    harness.get_by_label_contains("expires in 15 min");
}

#[test]
fn pasting_a_known_token_shows_header_payload_and_verdict() {
    let mut harness = harness(memory());
    paste_with_secret(
        &mut harness,
        "your-256-bit-secret",
        &format!("Bearer {JWTIO}"),
    );
    let wb = harness.state().workbench();
    assert!(
        wb.header().contains("\"alg\": \"HS256\""),
        "{}",
        wb.header()
    );
    assert!(wb.payload().contains("John Doe"), "{}", wb.payload());
    harness.get_by_label("Signature verified · Session secret");
    harness.get_by_label_contains("Removed the \"Bearer \" prefix");
    assert_eq!(
        harness.state().workbench().token(),
        JWTIO,
        "the box shows the clean token"
    );
    // The claims table explains the registered claims.
    harness.get_by_label("Subject: whom the token is about");
    harness.get_by_label("no expiry");
}

#[test]
fn editing_the_payload_resigns_and_the_token_verifies() {
    let mut harness = harness(memory());
    type_into(
        &mut harness,
        "Secret",
        "a-string-secret-at-least-256-bits-long",
    );
    let before = harness.state().workbench().token().to_owned();
    type_into(
        &mut harness,
        "Payload JSON",
        r#"{"iss":"client-123","personId":"52998224725","exp":1700000900}"#,
    );
    let token = harness.state().workbench().token().to_owned();
    assert_ne!(token, before);
    assert!(verifies_with(
        &token,
        "a-string-secret-at-least-256-bits-long"
    ));
    assert!(!verifies_with(&token, "another-secret"));
    harness.get_by_label("Signature verified · Session secret");
    harness.get_by_label("expires in 15 min · 2023-11-14 22:28:20 +00:00 · 22:28:20 UTC");
}

#[test]
fn the_claims_table_follows_the_payload() {
    let mut harness = harness(memory());
    harness.get_by_label("my-client-id");
    type_into(
        &mut harness,
        "Payload JSON",
        r#"{"iss":"edited-issuer","n":1}"#,
    );
    harness.get_by_label("edited-issuer");
    assert!(harness.query_by_label("my-client-id").is_none());
}

#[test]
fn a_wrong_secret_says_invalid_signature() {
    let mut harness = harness(memory());
    paste_with_secret(&mut harness, "not-the-right-secret", JWTIO);
    harness.get_by_label("Invalid signature");
    assert_eq!(
        harness.state().workbench().token(),
        JWTIO,
        "a pasted token is kept as pasted"
    );
}

#[test]
fn broken_json_points_at_line_and_column_and_keeps_the_token() {
    let mut harness = harness(memory());
    type_into(
        &mut harness,
        "Secret",
        "a-string-secret-at-least-256-bits-long",
    );
    let good = harness.state().workbench().token().to_owned();
    type_into(
        &mut harness,
        "Payload JSON",
        "{\n  \"sub\": \"42\",\n  \"exp\": \n}",
    );
    harness.get_by_label("Line 4, column 1: expected value");
    harness.get_by_label("The token above is the last valid one.");
    assert_eq!(harness.state().workbench().token(), good);
    assert!(
        harness
            .state()
            .workbench()
            .payload()
            .contains("\"exp\": \n"),
        "what was typed stays"
    );
}

#[test]
fn copy_puts_the_token_on_the_clipboard() {
    let mut harness = harness(memory());
    type_into(
        &mut harness,
        "Secret",
        "a-string-secret-at-least-256-bits-long",
    );
    harness.get_by_label("Copy token").click();
    harness.run_steps(1);
    let token = harness.state().workbench().token().to_owned();
    let copied: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied, vec![token]);
    harness.run();
    harness.get_by_label("Copied token");
}

#[test]
fn with_the_keyring_down_a_banner_shows_and_session_secrets_still_sign() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(Backend::Failing(
        dir.path().join("profiles.json"),
        StoreError::NoService,
    ));
    settle(&mut harness, |app| app.keyring_error().is_some());
    harness
        .get_by_label_contains("Keyring unavailable: no Secret Service found on the session bus");
    harness.get_by_label("Retry");
    type_into(
        &mut harness,
        "Secret",
        "a-string-secret-at-least-256-bits-long",
    );
    let token = harness.state().workbench().token().to_owned();
    assert!(verifies_with(
        &token,
        "a-string-secret-at-least-256-bits-long"
    ));
    harness.get_by_label("Signature verified · Session secret");
}

#[test]
fn a_damaged_profiles_file_is_shown_in_a_banner_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profiles.json");
    let garbage = "{ this is not json, and jwtpad must not replace it";
    std::fs::write(&path, garbage).unwrap();
    let store = Arc::new(MemoryStore::default());
    let mut harness = harness(Backend::Memory(path.clone(), store));
    settle(&mut harness, |app| app.profiles_error().is_some());
    let damaged = format!("Profiles unavailable: {} is damaged (", path.display());
    harness.get_by_label_contains(&damaged);
    harness.get_by_label_contains("fix or remove it");
    harness.get_by_label("jwtpad leaves the file as it is. Session-only secrets still work.");

    // Adding a profile fails with the same reason instead of starting a new file.
    harness.get_by_label("Add profile…").click();
    harness.run();
    type_into(&mut harness, "Name", "Caf beta");
    type_into(
        &mut harness,
        "Profile secret",
        "profile-secret-0123456789-0123456789",
    );
    harness.get_by_label("Save to keyring").click();
    harness.run();
    let deadline = Instant::now() + Duration::from_secs(10);
    while harness.query_by_label("Saving…").is_some() {
        assert!(Instant::now() < deadline, "the worker did not answer");
        std::thread::sleep(Duration::from_millis(20));
        harness.run_steps(2);
    }
    let refused = format!("{} is damaged (", path.display());
    assert!(
        harness.query_all_by_label_contains(&refused).count() >= 2,
        "the form says why it cannot save, under the banner"
    );
    harness.get_by_label("Cancel").click();
    harness.run();
    // Read again: still damaged, still said, still untouched.
    harness.get_by_label("Retry").click();
    settle(&mut harness, |app| app.profiles_error().is_some());
    harness.get_by_label_contains(&damaged);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), garbage);
}

/// A window whose profiles live in `dir` and a memory keyring, with "Add profile" open.
fn add_profile_dialog(dir: &std::path::Path) -> Harness<'static, JwtpadApp> {
    let store = Arc::new(MemoryStore::default());
    let mut harness = harness(Backend::Memory(dir.join("profiles.json"), store));
    harness.get_by_label("Add profile…").click();
    harness.run();
    harness
}

#[test]
fn profiles_are_added_used_and_deleted_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = add_profile_dialog(dir.path());
    type_into(&mut harness, "Name", "Caf beta");
    type_into(&mut harness, "clientId", "client-123");
    type_into(
        &mut harness,
        "Profile secret",
        "profile-secret-0123456789-0123456789",
    );
    harness.get_by_label("Save to keyring").click();
    settle(&mut harness, |app| app.workbench().key().keys.is_some());
    let token = harness.state().workbench().token().to_owned();
    assert!(verifies_with(
        &token,
        "profile-secret-0123456789-0123456789"
    ));
    harness.get_by_label("Signature verified · profile Caf beta");
    let settings = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(
        settings.contains("client-123") && !settings.contains("profile-secret"),
        "{settings}"
    );

    // The vendor's flow: iss is the profile's clientId, one click away.
    harness.get_by_label_contains("now \"my-client-id\"");
    harness.get_by_label("Use clientId client-123").click();
    harness.run();
    harness.get_by_label("= the profile's clientId (client-123)");
    let token = harness.state().workbench().token().to_owned();
    let keys = KeySet::from(Key::hmac(Secret::new(
        b"profile-secret-0123456789-0123456789".to_vec(),
    )));
    let decoded = decode(&token, Some(&keys), &Clock::at(NOW, 60)).unwrap();
    assert_eq!(decoded.verification.verified(), Some(true));
    assert_eq!(decoded.token.payload.claims().unwrap()["iss"], "client-123");

    harness.get_by_label("Delete profile").click();
    harness.run();
    harness.get_by_label("Delete").click();
    settle(&mut harness, |app| app.settings().last_profile.is_none());
    let settings = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(!settings.contains("Caf beta"), "{settings}");
}

#[test]
fn the_add_profile_form_is_a_modal_and_escape_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = add_profile_dialog(dir.path());
    harness.get_by_label("Add a profile");
    type_into(&mut harness, "Name", "Caf beta");
    // The window behind does not take clicks while the form is open.
    harness.get_by_label("Clear").click();
    harness.run();
    assert!(!harness.state().workbench().token().is_empty());
    press(&mut harness, egui::Modifiers::NONE, egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Save to keyring").is_none());
    assert!(!dir.path().join("profiles.json").exists());
}

/// Presses `key` with `modifiers` as one event, so the frame that handles it is the last
/// one run (kittest runs one frame per queued event).
fn press(harness: &mut Harness<'static, JwtpadApp>, modifiers: egui::Modifiers, key: egui::Key) {
    harness.event(egui::Event::ModifiersChanged(modifiers));
    harness.event(egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    });
    harness.step();
}

#[test]
fn keyboard_shortcuts_quit_and_copy() {
    let mut harness = harness(memory());
    // What egui-winit reports for Ctrl on Linux and Windows: both flags.
    let ctrl = egui::Modifiers::CTRL | egui::Modifiers::COMMAND;
    press(&mut harness, ctrl | egui::Modifiers::SHIFT, egui::Key::C);
    let token = harness.state().workbench().token().to_owned();
    let copied = harness
        .output()
        .platform_output
        .commands
        .contains(&egui::OutputCommand::CopyText(token));
    assert!(copied, "Ctrl+Shift+C copies the token");
    harness.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    harness.step();
    press(&mut harness, ctrl, egui::Key::Q);
    let closes = harness
        .output()
        .viewport_output
        .values()
        .any(|v| v.commands.contains(&egui::ViewportCommand::Close));
    assert!(closes, "Ctrl+Q closes the window");
}

/// eframe's storage kept in memory, so that a test reads what `App::save` wrote.
#[derive(Default)]
struct MemoryStorage(std::collections::BTreeMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }

    fn flush(&mut self) {}
}

/// Saves the window as eframe does on exit; returns the RON text stored under
/// `eframe::APP_KEY` and the settings read back from it.
fn saved(harness: &mut Harness<'static, JwtpadApp>) -> (String, Settings) {
    use eframe::Storage as _;
    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    let text = storage
        .get_string(eframe::APP_KEY)
        .expect("the window saves its settings");
    let settings = eframe::get_value(&storage, eframe::APP_KEY)
        .unwrap_or_else(|| panic!("not readable as settings: {text}"));
    (text, settings)
}

#[test]
fn drafts_are_remembered_only_when_asked() {
    const SESSION_SECRET: &str = "drafts-session-secret-0123456789-abcdef";
    const HEADER: &str = r#"{"alg":"HS256","typ":"JWT","kid":"draft-kid-7"}"#;
    const PAYLOAD: &str = r#"{"sub":"draft-subject-42","exp":1700000900}"#;
    let mut harness = harness(memory());
    assert!(!harness.state().settings().keep_drafts, "off by default");
    type_into(&mut harness, "Secret", SESSION_SECRET);
    type_into(&mut harness, "Header JSON", HEADER);
    type_into(&mut harness, "Payload JSON", PAYLOAD);
    let token = harness.state().workbench().token().to_owned();
    assert!(verifies_with(&token, SESSION_SECRET), "edited and signed");
    let signature = token.rsplit('.').next().unwrap().to_owned();
    assert!(!signature.is_empty());
    // Never saved, drafts or not: the session secret and the token, in whole or in part.
    let no_secret_no_token = |text: &str| {
        for needle in [SESSION_SECRET, &token, "eyJ", &signature] {
            assert!(!text.contains(needle), "{needle:?} was saved: {text}");
        }
    };
    let no_drafts = |text: &str, settings: &Settings| {
        assert!(
            !text.contains("draft-kid-7") && !text.contains("draft-subject-42"),
            "a draft was saved: {text}"
        );
        assert_eq!(settings.drafts, None, "{text}");
    };

    let (text, settings) = saved(&mut harness);
    no_secret_no_token(&text);
    no_drafts(&text, &settings);
    assert!(!settings.keep_drafts, "{text}");

    harness.get_by_label("Remember drafts").click();
    harness.run();
    assert!(harness.state().settings().keep_drafts);
    let (text, settings) = saved(&mut harness);
    no_secret_no_token(&text);
    assert!(settings.keep_drafts, "{text}");
    assert_eq!(
        settings.drafts,
        Some((HEADER.to_owned(), PAYLOAD.to_owned())),
        "the edited header and payload, as typed: {text}"
    );
    // And the next start opens on them (the header laid out again, the same JSON).
    let next = JwtpadApp::new(
        settings,
        Worker::start(memory(), || {}),
        Box::new(|| Utc.timestamp_opt(NOW, 0).unwrap()),
    );
    let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    let wb = next.workbench();
    assert_eq!(
        (json(wb.header()), json(wb.payload())),
        (json(HEADER), json(PAYLOAD)),
        "{} / {}",
        wb.header(),
        wb.payload()
    );

    // Unticked again, the drafts are no longer saved.
    harness.get_by_label("Remember drafts").click();
    harness.run();
    let (text, settings) = saved(&mut harness);
    no_secret_no_token(&text);
    no_drafts(&text, &settings);
}

#[test]
fn a_one_mebibyte_token_is_shown_in_part_and_still_verified() {
    let mut harness = harness(memory());
    type_into(
        &mut harness,
        "Secret",
        "a-string-secret-at-least-256-bits-long",
    );
    let payload = format!(
        r#"{{"sub":"x","blob":"{}","exp":1700000900}}"#,
        "A".repeat(1 << 20)
    );
    let key = Key::hmac(Secret::new(
        b"a-string-secret-at-least-256-bits-long".to_vec(),
    ));
    let token = jwtpad::engine::sign_json("{}", &payload, jwtpad::engine::Alg::HS256, Some(&key))
        .unwrap()
        .token;
    let clock = harness.state().clock();
    harness.state_mut().paste_text(token.clone(), &clock);
    harness.run();
    harness.get_by_label_contains("Large token (1365 KiB)");
    harness.get_by_label_contains("of JSON: shown in part");
    harness.get_by_label("Signature verified · Session secret");
    assert_eq!(
        harness.state().workbench().token(),
        token,
        "the whole token is kept"
    );
    harness.get_by_label("Copy token").click();
    harness.run_steps(1);
    let copied = harness
        .output()
        .platform_output
        .commands
        .contains(&egui::OutputCommand::CopyText(token));
    assert!(copied, "Copy copies the whole token, not the preview");
}

#[test]
fn a_private_key_profile_picks_its_algorithm_and_checks_its_public_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = add_profile_dialog(dir.path());
    type_into(&mut harness, "Name", "Partner ES");
    harness.get_by_label("Private key").click();
    harness.run();
    type_into(
        &mut harness,
        "Private key (PEM / JWK)",
        &fixtures::read_to_string("keys/ec-p256.pkcs8.pem"),
    );
    // HS256 was selected; the EC P-256 key switches the profile to ES256 and is named.
    harness.get_by_label_contains("EC P-256 private key");
    let shown = harness
        .get_by_label("Private key (PEM / JWK)")
        .value()
        .unwrap_or_default();
    assert!(
        !shown.contains("PRIVATE"),
        "the private key is masked: {shown}"
    );
    type_into(
        &mut harness,
        "Public key (optional)",
        &fixtures::read_to_string("keys/ec-p384.spki.pem"),
    );
    harness.get_by_label("Save to keyring").click();
    harness.run();
    let deadline = Instant::now() + Duration::from_secs(10);
    while harness.query_by_label("Saving…").is_some() {
        assert!(
            Instant::now() < deadline,
            "the keyring worker did not answer"
        );
        std::thread::sleep(Duration::from_millis(20));
        harness.run_steps(2);
    }
    harness.get_by_label_contains("does not match");
    assert!(!dir.path().join("profiles.json").exists());

    let public = fixtures::read_to_string("keys/ec-p256.spki.pem");
    type_into(&mut harness, "Public key (optional)", &public);
    harness.get_by_label("Save to keyring").click();
    settle(&mut harness, |app| app.workbench().key().keys.is_some());
    harness.get_by_label("Signature verified · profile Partner ES");
    let settings = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(
        settings.contains("\"ES256\"")
            && settings.contains("BEGIN PUBLIC KEY")
            && !settings.contains("PRIVATE"),
        "{settings}"
    );
    let token = harness.state().workbench().token().to_owned();
    let verdict = decode(
        &token,
        Some(&KeySet::from_bytes(public.as_bytes()).unwrap()),
        &Clock::at(NOW, 60),
    )
    .unwrap();
    assert_eq!(verdict.verification.verified(), Some(true));
}

const SECRET: &str = "a-string-secret-at-least-256-bits-long";

/// Clicks `label` and returns what the frame copied to the clipboard.
fn click_and_copy(harness: &mut Harness<'static, JwtpadApp>, label: &str) -> String {
    harness.get_by_label(label).click();
    harness.run_steps(1);
    let copied: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    harness.run();
    assert_eq!(copied.len(), 1, "{label} copies one token");
    copied.into_iter().next().unwrap()
}

fn decoded_with_secret(token: &str) -> jwtpad::engine::Decoded {
    let keys = KeySet::from(Key::hmac(Secret::new(SECRET.as_bytes().to_vec())));
    decode(token, Some(&keys), &Clock::at(NOW, 0)).unwrap()
}

#[test]
fn expiry_presets_and_custom_expiry_set_iat_and_exp() {
    let mut harness = harness(memory());
    type_into(&mut harness, "Secret", SECRET);
    harness.get_by_label("+1 h").click();
    harness.run();
    let decoded = decoded_with_secret(harness.state().workbench().token());
    let claims = decoded.token.payload.claims().unwrap();
    assert_eq!(
        (claims["iat"].as_i64(), claims["exp"].as_i64()),
        (Some(NOW), Some(NOW + 3600))
    );
    assert_eq!(decoded.verification.verified(), Some(true));
    assert_eq!(claims["personId"], "52998224725", "other claims are kept");
    harness.get_by_label_contains("expires in 1 h");

    type_into(&mut harness, "Expires", "+2h");
    harness.get_by_label("Set exp").click();
    harness.run();
    let decoded = decoded_with_secret(harness.state().workbench().token());
    assert_eq!(decoded.token.payload.claims().unwrap()["exp"], NOW + 7200);

    type_into(&mut harness, "Expires", "soon");
    harness.get_by_label("Set exp").click();
    harness.run();
    harness.get_by_label_contains("time \"soon\" not understood");
    let decoded = decoded_with_secret(harness.state().workbench().token());
    assert_eq!(
        decoded.token.payload.claims().unwrap()["exp"],
        NOW + 7200,
        "token kept"
    );
}

#[test]
fn a_new_test_cpf_is_valid_and_a_wrong_one_is_named() {
    let mut harness = harness(memory());
    harness.get_by_label("valid CPF");
    harness.get_by_label("New test CPF").click();
    harness.run();
    let person = harness
        .state()
        .workbench()
        .claim("personId")
        .cloned()
        .unwrap();
    let person = person.as_str().unwrap().to_owned();
    assert_ne!(person, "52998224725");
    assert!(jwtpad::engine::cpf::is_valid(&person), "{person}");
    assert!(harness.state().workbench().payload().contains(&person));
    harness.get_by_label("valid CPF");

    type_into(
        &mut harness,
        "Payload JSON",
        r#"{"personId":"529.982.247-24","exp":1700000900}"#,
    );
    // The test data panel's check, and the same verdict in the warnings list (the engine's
    // one personId rule, as `jwtpad decode` reports it).
    harness.get_by_label(
        "not a valid CPF: check digits 24 do not match: the first nine digits call for 25",
    );
    harness.get_by_label_contains("• personId is not a valid CPF: check digits 24");
    harness.get_by_label("New test CPF").click();
    harness.run();
    let person = harness
        .state()
        .workbench()
        .claim("personId")
        .cloned()
        .unwrap();
    let person = person.as_str().unwrap();
    assert!(
        person.len() == 14 && person.contains('.'),
        "keeps the dotted form: {person}"
    );
}

#[test]
fn broken_tokens_are_one_click_away_and_fail_for_one_reason() {
    let mut harness = harness(memory());
    // Without a key only the unsigned token can be made.
    use egui_kittest::kittest::NodeT as _;
    let expired_button = harness.get_by_label("Copy expired token");
    assert!(expired_button.accesskit_node().is_disabled());
    let unsigned = click_and_copy(&mut harness, "Copy unsigned token (alg none)");
    assert!(unsigned.ends_with('.'), "{unsigned}");

    type_into(&mut harness, "Secret", SECRET);
    let good = harness.state().workbench().token().to_owned();

    let expired = decoded_with_secret(&click_and_copy(&mut harness, "Copy expired token"));
    assert_eq!(expired.verification.verified(), Some(true));
    assert_eq!(expired.time.valid(), Some(false));
    harness.get_by_label("Copied test token: Expired");

    let early = decoded_with_secret(&click_and_copy(&mut harness, "Copy not-yet-valid token"));
    assert_eq!(early.verification.verified(), Some(true));
    assert_eq!(early.time.valid(), Some(false));

    let forged = click_and_copy(&mut harness, "Copy token with wrong signature");
    let forged = decoded_with_secret(&forged);
    assert_eq!(forged.verification.verified(), Some(false));
    assert_eq!(forged.time.valid(), Some(true));

    let missing = decoded_with_secret(&click_and_copy(&mut harness, "Copy token without"));
    assert_eq!(missing.verification.verified(), Some(true));
    let claims = missing.token.payload.claims().unwrap();
    assert!(!claims.contains_key("personId") && claims.contains_key("iss"));

    // None of this touched the token being edited.
    assert_eq!(harness.state().workbench().token(), good);
}

/// Text a careless or hostile user might type or paste anywhere.
fn nasty_text(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        r#"{"exp": 1e400}"#,
        r#"{"exp": -9223372036854775808, "iat": 9223372036854775807}"#,
        r#"{"nbf": 253402300800, "exp": "tomorrow"}"#,
        r#"{"personId": 52998224725}"#,
        r#"{"personId": "111.111.111-11", "a": {"b": [1, 2, {"c": null}]}}"#,
        r#"{"alg": "none"}"#,
        r#"{"alg": "RS256", "crit": ["b64"], "b64": false}"#,
        r#"{"alg": "HS256", "alg": "HS512"}"#,
        "[[[[[[[[[[[[[[[[[[[[",
        "{\"ção\": \"😀\", \"\\u0000\": 1}",
        "Bearer ",
        "\"eyJhbGciOiJIUzI1NiJ9.e30.\"",
        "eyJ.eyJ.sig\r\n.x",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
        "+99999999999999d",
        "2026-02-30T25:61:00Z",
        "",
        " \t\n",
        "}",
    ];
    let mut out = String::new();
    for _ in 0..=rng.below(3) {
        match rng.below(4) {
            0 => out.push_str(&JWTIO[..rng.below(JWTIO.len() + 1)]),
            1 => out.push_str(&"x".repeat(rng.below(3000))),
            _ => out.push_str(PIECES[rng.below(PIECES.len())]),
        }
    }
    out
}

#[test]
fn random_typing_and_clicking_never_panics_or_loses_the_window() {
    const FIELDS: &[&str] = &[
        "Encoded token",
        "Header JSON",
        "Payload JSON",
        "Secret",
        "Expires",
    ];
    const BUTTONS: &[&str] = &[
        "Clear",
        "Copy token",
        "Format",
        "Copy JSON",
        "+5 min",
        "+1 d",
        "Set exp",
        "New test CPF",
        "Copy expired token",
        "Copy not-yet-valid token",
        "Copy token with wrong signature",
        "Copy unsigned token (alg none)",
        "Copy token without",
        "Base64",
    ];
    for seed in 1..=3u64 {
        let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15 ^ seed);
        // The default fonts have no emoji; the window draws a box for them, as here.
        let mut harness = Harness::builder()
            .with_size([1280.0, 800.0])
            .with_max_steps(8)
            .allow_missing_glyphs()
            .build_ui_state(|ui, app: &mut JwtpadApp| app.frame(ui), app_with(memory()));
        for _ in 0..60 {
            let choice = rng.below(6);
            if choice < 2 {
                let text = nasty_text(&mut rng);
                type_into(&mut harness, FIELDS[rng.below(FIELDS.len())], &text);
            } else if choice == 2 {
                // Back to a usable state now and then, so the buttons have work to do.
                let (field, text) = [
                    (
                        "Payload JSON",
                        r#"{"iss":"c","personId":"52998224725","exp":1700000900}"#,
                    ),
                    ("Secret", SECRET),
                    ("Header JSON", r#"{"alg":"HS256","typ":"JWT"}"#),
                ][rng.below(3)];
                type_into(&mut harness, field, text);
            } else {
                let label = BUTTONS[rng.below(BUTTONS.len())];
                let nodes: Vec<_> = harness.query_all_by_label(label).collect();
                if !nodes.is_empty() {
                    nodes[rng.below(nodes.len())].click();
                }
                harness.run_steps(2);
            }
        }
        // Still a working window: a good token pasted now decodes.
        type_into(&mut harness, "Encoded token", JWTIO);
        assert!(
            harness.state().workbench().payload().contains("John Doe"),
            "seed {seed}"
        );
    }
}

#[test]
fn any_profile_names_the_profile_that_signed_a_pasted_token_and_never_signs() {
    use jwtpad::profiles::{KeyKind, Profile, Profiles};
    let store = Arc::new(MemoryStore::default());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profiles.json");
    let profiles = Profiles::new(path.clone(), store.as_ref());
    for (name, env) in [("Caf beta", Some("beta")), ("Caf prod", Some("prod"))] {
        let profile = Profile {
            name: name.into(),
            env: env.map(Into::into),
            client_id: None,
            alg: "HS256".into(),
            key_kind: KeyKind::HmacText,
            public_key: None,
            account: String::new(),
        };
        let secret = format!("{name}-secret-0123456789-0123456789");
        profiles
            .add(profile, &Secret::new(secret.into_bytes()))
            .unwrap();
    }
    let prod_key = Key::hmac(Secret::new(
        b"Caf prod-secret-0123456789-0123456789".to_vec(),
    ));
    let token = jwtpad::engine::sign_json(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"iss":"support-case","exp":1700000900}"#,
        jwtpad::engine::Alg::HS256,
        Some(&prod_key),
    )
    .unwrap()
    .token;

    let mut harness = harness(Backend::Memory(path, store.clone()));
    settle(&mut harness, |_| true);
    harness.get_by_label("Key source").click();
    harness.run();
    harness
        .get_by_label("Any profile (find the signer)")
        .click();
    harness.run();
    type_into(&mut harness, "Encoded token", &token);
    settle(&mut harness, |app| app.workbench().key().keys.is_some());
    harness.get_by_label("Signature verified · profile Caf prod (prod)");
    harness.get_by_label_contains("all 2 profiles");

    // Checking only: an edit leaves the token unsigned rather than signed by "whichever".
    type_into(&mut harness, "Payload JSON", r#"{"iss":"edited"}"#);
    harness.get_by_label("Signature: not signed. Choose a key to sign.");
    let copy_expired = harness.get_by_label("Copy expired token");
    use egui_kittest::kittest::NodeT as _;
    assert!(copy_expired.accesskit_node().is_disabled());
}

/// A window whose clock the test moves.
fn harness_with_clock(clock: Arc<std::sync::atomic::AtomicI64>) -> Harness<'static, JwtpadApp> {
    let worker = Worker::start(memory(), || {});
    let settings = Settings {
        language: LanguageChoice::English,
        ..Settings::default()
    };
    let now = Box::new(move || {
        let secs = clock.load(std::sync::atomic::Ordering::SeqCst);
        Utc.timestamp_opt(secs, 0).unwrap()
    });
    let app = JwtpadApp::new(settings, worker, now);
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(8)
        .build_ui_state(|ui, app: &mut JwtpadApp| app.frame(ui), app);
    settle(&mut harness, |_| true);
    harness
}

#[test]
fn time_statuses_stay_true_while_the_clock_moves_and_idle_text_does_not_repaint() {
    use std::sync::atomic::{AtomicI64, Ordering};
    let secret = "a-string-secret-at-least-256-bits-long";
    let clock = Arc::new(AtomicI64::new(NOW));
    let mut harness = harness_with_clock(clock.clone());
    let key = Key::hmac(Secret::new(secret.as_bytes().to_vec()));
    let token = jwtpad::engine::sign_json(
        "{}",
        &format!(r#"{{"sub":"x","exp":{}}}"#, NOW + 5),
        jwtpad::engine::Alg::HS256,
        Some(&key),
    )
    .unwrap()
    .token;
    paste_with_secret(&mut harness, secret, &token);
    harness.get_by_label("Signature verified · Session secret");
    harness.get_by_label_contains("expires in 5 s");
    assert!(harness.query_by_label_contains("Why:").is_none());
    // Seconds are on screen: the next repaint is within a second.
    let wait = harness.state().next_repaint().unwrap();
    assert!(wait <= Duration::from_secs(1), "{wait:?}");

    // Past exp + leeway: the engine's status follows without a re-paste, and the warnings
    // say so in the same words as `jwtpad decode`.
    clock.store(NOW + 5 + 125, Ordering::SeqCst);
    harness.run();
    let Some(Ok(decoded)) = harness.state().workbench().decoded() else {
        panic!("the token decodes");
    };
    assert_eq!(
        decoded.time.get("exp").unwrap().status,
        jwtpad::engine::TimeStatus::Expired
    );
    harness.get_by_label_contains("expired 2 min 5 s ago · ");
    harness.get_by_label("• \"exp\": expired 2 min 5 s ago");
    // Off by a little: a clock-skew hint at the live clock; off by a lot: none.
    harness.get_by_label_contains("Why: the signature holds; \"exp\" passed only 125 s ago");
    harness.get_by_label_contains("a leeway of 126 s would accept it");
    clock.store(NOW + 5 + 60 + 400, Ordering::SeqCst);
    harness.run();
    assert!(harness.query_by_label_contains("Why:").is_none());
    clock.store(NOW + 5 + 125, Ordering::SeqCst);
    harness.run();
    assert_eq!(harness.state().workbench().token(), token, "not re-signed");

    // A token valid for 400 days shows days: no repaint for hours.
    let far = jwtpad::engine::sign_json(
        "{}",
        &format!(
            r#"{{"sub":"x","exp":{}}}"#,
            NOW + 130 + 400 * 86_400 + 7_200
        ),
        jwtpad::engine::Alg::HS256,
        Some(&key),
    )
    .unwrap()
    .token;
    paste_with_secret(&mut harness, secret, &far);
    harness.get_by_label_contains("expires in 400 d");
    let wait = harness.state().next_repaint().unwrap();
    assert!(wait > Duration::from_secs(3600), "{wait:?}");
}

#[test]
fn a_secret_typed_as_text_that_is_base64_gets_a_hint_under_the_verdict() {
    // The vendor console shows a base64 secret; the token was signed with its bytes.
    let vendor = "c2VjcmV0LWZyb20tdGhlLXZlbmRvci1jb25zb2xlLTMyYnl0ZXM";
    let key = Key::hmac_base64(vendor).unwrap();
    let token = jwtpad::engine::sign_json(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"sub":"42"}"#,
        jwtpad::engine::Alg::HS256,
        Some(&key),
    )
    .unwrap()
    .token;
    let mut harness = harness(memory());
    paste_with_secret(&mut harness, vendor, &token);
    harness.get_by_label("Invalid signature");
    harness.get_by_label_contains("Why: it verifies when the secret is read as base64");
    // The right secret: verified, and no hint.
    paste_with_secret(
        &mut harness,
        "a-string-secret-at-least-256-bits-long",
        JWTIO,
    );
    assert!(harness.query_by_label_contains("Why:").is_none());
}
