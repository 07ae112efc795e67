//! Demo mode, driven by label through egui_kittest: the marker, the zoom, personal data
//! masked wherever the window shows it, "Show" off, an edit of a masked value undone until
//! "Reveal to edit", and leaving only after a yes. The real window's marker is checked on
//! screen in `window.rs`; the Portuguese flow is in `tests/ui_pt_br.rs`.

use crate::shared::window_kit::{NOW, type_into, window_with};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use jwtpad::app::{CopyWhat, DEMO_ZOOM, JwtpadApp, LanguageChoice, Settings};
use jwtpad::engine::{Alg, Key, Secret, sign_json};

const SECRET: &str = "demo-secret-0123456789-0123456789-0123";

/// Everything personal the payload below holds, as written there.
const PERSONAL: [&str; 7] = [
    "529.982.247-25",
    "982.247",
    "ana.souza@example.com",
    "ana.souza",
    "Ana Souza",
    "Souza",
    "98765-4321",
];

fn payload() -> String {
    format!(
        r#"{{"iss":"client-1","personId":"529.982.247-25","email":"ana.souza@example.com","name":"Ana Souza","phone_number":"+55 11 98765-4321","exp":{}}}"#,
        NOW + 3600
    )
}

fn token(payload: &str) -> String {
    let key = Key::hmac(Secret::new(SECRET.as_bytes().to_vec()));
    sign_json(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        payload,
        Alg::HS256,
        Some(&key),
    )
    .unwrap()
    .token
}

fn harness(demo: bool) -> Harness<'static, JwtpadApp> {
    window_with(Settings {
        language: LanguageChoice::English,
        demo,
        ..Settings::default()
    })
}

/// No label on screen and no text the token box or editors paint holds personal data.
fn nothing_personal_shown(harness: &Harness<'static, JwtpadApp>, when: &str) {
    for text in PERSONAL {
        assert_eq!(
            harness.query_all_by_label_contains(text).count(),
            0,
            "{when}: a label shows {text:?}"
        );
        for which in [CopyWhat::Token, CopyWhat::Header, CopyWhat::Payload] {
            let shown = harness.state().shown(which);
            assert!(
                !shown.contains(text),
                "{when}: {which:?} shows {text:?}: {shown}"
            );
        }
    }
    // Nor their base64url in the token box.
    let segment = jwtpad::engine::b64::encode_url(b"529.982.247-25");
    let shown = harness.state().shown(CopyWhat::Token);
    assert!(!shown.contains(&segment[..8]), "{when}: {shown}");
}

/// Moves the payload editor's cursor to `line` (0-based), `left` characters before its end.
fn cursor_to(harness: &mut Harness<'static, JwtpadApp>, line: usize, left: usize) {
    harness.get_by_label("Payload JSON").focus();
    harness.run();
    for _ in 0..20 {
        harness.key_press(egui::Key::ArrowUp);
    }
    harness.key_press(egui::Key::Home);
    for _ in 0..line {
        harness.key_press(egui::Key::ArrowDown);
    }
    harness.key_press(egui::Key::End);
    for _ in 0..left {
        harness.key_press(egui::Key::ArrowLeft);
    }
    harness.run();
}

#[test]
fn demo_mode_masks_personal_data_everywhere_and_edits_need_a_reveal() {
    let mut harness = harness(true);
    harness.get_by_label("DEMO");
    harness.get_by_label("secrets and personal data hidden");
    assert_eq!(harness.ctx.zoom_factor(), DEMO_ZOOM);

    let pasted = token(&payload());
    type_into(&mut harness, "Encoded token", &pasted);
    assert_eq!(harness.state().workbench().token(), pasted);
    nothing_personal_shown(&harness, "after the paste");
    // What stays readable: the claims table's masked values and everything else.
    harness.get_by_label("529.***.***-25");
    harness.get_by_label("a***@example.com");
    harness.get_by_label("A. S.");
    harness.get_by_label("+** ** *****-**21");
    harness.get_by_label("client-1");
    let payload_shown = harness.state().shown(CopyWhat::Payload);
    assert!(
        payload_shown.contains(r#""personId": "529.***.***-25""#),
        "{payload_shown}"
    );
    assert!(
        payload_shown.contains(r#""email": "a********@example.com""#),
        "{payload_shown}"
    );
    assert!(
        payload_shown.contains(r#""iss": "client-1""#),
        "{payload_shown}"
    );
    assert_eq!(
        payload_shown.chars().count(),
        harness.state().workbench().payload().chars().count(),
        "masked in place"
    );
    harness.get_by_label_contains("Demo mode masks personal data here");

    // "Show" is greyed out for a session secret.
    harness.get_by_label("Key source").click();
    harness.run();
    harness.get_by_label("Session secret").click();
    harness.run();
    type_into(&mut harness, "Secret", SECRET);
    assert!(harness.get_by_label("Show").accesskit_node().is_disabled());
    harness.get_by_label_contains("Signature verified");

    // An edit inside the CPF is undone and explained; the payload keeps its CPF.
    let before = harness.state().workbench().payload().to_owned();
    cursor_to(&mut harness, 2, 3);
    harness.get_by_label("Payload JSON").type_text("9");
    harness.run();
    assert_eq!(harness.state().workbench().payload(), before);
    harness.get_by_label_contains("That edit was undone");
    nothing_personal_shown(&harness, "after a refused edit");

    // An edit elsewhere goes through, masked values and all.
    cursor_to(&mut harness, 6, 0);
    harness.get_by_label("Payload JSON").type_text("1");
    harness.run();
    let edited = harness.state().workbench().payload().to_owned();
    assert!(edited.contains(&format!("{}1", NOW + 3600)), "{edited}");
    assert!(edited.contains("529.982.247-25"), "{edited}");
    nothing_personal_shown(&harness, "after an edit of exp");
    harness.get_by_label("Changes");

    // "Reveal to edit" says what it shows and lets the CPF be edited; "Hide again" masks it.
    harness.get_by_label("Reveal to edit").click();
    harness.run();
    harness.get_by_label("The payload's personal data is shown on screen.");
    assert!(
        harness
            .state()
            .shown(CopyWhat::Payload)
            .contains("529.982.247-25")
    );
    cursor_to(&mut harness, 2, 3);
    harness.get_by_label("Payload JSON").type_text("9");
    harness.run();
    assert!(
        harness
            .state()
            .workbench()
            .payload()
            .contains("529.982.247-295"),
        "{}",
        harness.state().workbench().payload()
    );
    // The claims table stays masked even while the editor shows the values.
    assert_eq!(
        harness.query_all_by_label_contains("529.982").count(),
        0,
        "the table shows the CPF"
    );
    harness.get_by_label("Hide again").click();
    harness.run();
    assert!(!harness.state().shown(CopyWhat::Payload).contains("529.982"));

    // Selecting everything and typing anew replaces the masked values whole: allowed.
    type_into(
        &mut harness,
        "Payload JSON",
        r#"{"iss":"x","email":"bo@example.org"}"#,
    );
    assert!(
        harness
            .state()
            .workbench()
            .payload()
            .contains("bo@example.org")
    );
    assert!(
        !harness
            .state()
            .shown(CopyWhat::Payload)
            .contains("bo@example.org")
    );
    harness.get_by_label("b***@example.org");
}

#[test]
fn warnings_changes_and_the_second_token_are_masked_too() {
    let mut harness = harness(true);
    // A time claim holding an address: the warning quotes it.
    let odd = r#"{"iss":"client-1","exp":"ana.souza@example.com","personId":"529.982.247-25"}"#;
    type_into(&mut harness, "Encoded token", &token(odd));
    // The claims table's value and the warning under it.
    let masked: Vec<String> = harness
        .query_all_by_label_contains("a***@example.com")
        .filter_map(|node| {
            let node = node.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .collect();
    assert!(masked.iter().any(|l| l.starts_with('•')), "{masked:?}");
    nothing_personal_shown(&harness, "a warning quoting an address");

    // "Compare with…" lists the changed CPF masked.
    type_into(&mut harness, "Encoded token", &token(&payload()));
    harness.get_by_label("Compare with…").click();
    harness.run();
    let other = payload().replace("529.982.247-25", "111.444.777-35");
    type_into(&mut harness, "Second token", &token(&other));
    harness.get_by_label_contains("111.***.***-35");
    assert_eq!(harness.query_all_by_label_contains("111.444").count(), 0);
    nothing_personal_shown(&harness, "a comparison");
}

#[test]
fn leaving_demo_mode_asks_first_and_gives_the_zoom_back() {
    let mut harness = harness(false);
    assert_eq!(harness.ctx.zoom_factor(), 1.0);
    harness.get_by_label("Demo mode").click();
    harness.run();
    assert!(harness.state().demo());
    assert!(harness.state().settings().demo, "remembered");
    assert_eq!(harness.ctx.zoom_factor(), DEMO_ZOOM);
    type_into(&mut harness, "Encoded token", &token(&payload()));
    nothing_personal_shown(&harness, "turned on in the window");

    // Unticking asks; staying changes nothing.
    harness.get_by_label("Demo mode").click();
    harness.run();
    harness.get_by_label("Leave demo mode?");
    harness.get_by_label("Stay in demo mode").click();
    harness.run();
    assert!(harness.state().demo());
    assert_eq!(harness.query_all_by_label("Leave demo mode?").count(), 0);
    nothing_personal_shown(&harness, "after staying");

    harness.get_by_label("Demo mode").click();
    harness.run();
    harness.get_by_label("Leave demo mode").click();
    harness.run();
    assert!(!harness.state().demo());
    assert_eq!(harness.ctx.zoom_factor(), 1.0);
    assert_eq!(harness.query_all_by_label("DEMO").count(), 0);
    harness.get_by_label("529.982.247-25");
    assert!(
        harness
            .state()
            .shown(CopyWhat::Payload)
            .contains("ana.souza@example.com")
    );
}

#[test]
fn a_window_restarted_in_demo_mode_gives_back_the_zoom_from_before_it() {
    // egui saves its zoom with the window, so a restart in demo mode starts at 1.25×; the
    // zoom from before demo mode is in the settings.
    let mut harness = window_with(Settings {
        language: LanguageChoice::English,
        demo: true,
        zoom_before_demo: Some(1.1),
        ..Settings::default()
    });
    assert_eq!(harness.ctx.zoom_factor(), DEMO_ZOOM);
    harness.get_by_label("Demo mode").click();
    harness.run();
    harness.get_by_label("Leave demo mode").click();
    harness.run();
    assert_eq!(harness.ctx.zoom_factor(), 1.1);
    assert_eq!(harness.state().settings().zoom_before_demo, None);
    // Turned on again: the zoom of now is the one to give back.
    harness.get_by_label("Demo mode").click();
    harness.run();
    assert_eq!(harness.state().settings().zoom_before_demo, Some(1.1));
}

#[test]
fn demo_is_a_flag_of_the_window_only() {
    let help = crate::shared::binary::jwtpad_args(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--demo"), "{}", help.stdout);
    // With a subcommand it would be ignored silently: refused instead, as bad usage.
    let both = crate::shared::binary::jwtpad_args(&["--demo", "decode", "x.y.z"]);
    assert_eq!(both.code, 2, "{}", both.stderr);
    assert!(both.stderr.contains("--demo"), "{}", both.stderr);
}
