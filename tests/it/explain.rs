//! "How this token is made" and hover highlighting, driven by label through egui_kittest:
//! the formula per algorithm, the payload masked in demo mode, and the part the pointer is
//! over in the token box, the editors and the explanation.

use crate::shared::fixtures;
use crate::shared::window_kit::{NOW, english_window_in_demo};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jwtpad::app::JwtpadApp;
use jwtpad::engine::{Alg, Key, KeySet, Part, Secret, sign_json};
const TITLE: &str = "How this token is made";
/// A valid CPF, in the payload as a customer's would be.
const CPF: &str = "52998224725";

fn window(demo: bool) -> Harness<'static, JwtpadApp> {
    english_window_in_demo(demo)
}

fn paste(harness: &mut Harness<'static, JwtpadApp>, token: &str) {
    let clock = harness.state().clock();
    harness.state_mut().paste_text(token.to_owned(), &clock);
    harness.run();
}

fn open(harness: &mut Harness<'static, JwtpadApp>) {
    harness.get_by_label(TITLE).click();
    harness.run();
}

fn private_key(file: &str) -> Key {
    let pem = fixtures::read(&format!("keys/{file}"));
    KeySet::from_bytes(&pem)
        .unwrap()
        .signing_key()
        .unwrap()
        .clone()
}

fn signed(alg: Alg, key: Option<&Key>) -> String {
    let header = format!(r#"{{"alg":"{}","typ":"JWT"}}"#, alg.name());
    let payload = format!(r#"{{"sub":"42","personId":"{CPF}","exp":{}}}"#, NOW + 600);
    sign_json(&header, &payload, alg, key).unwrap().token
}

/// The label of the explanation's payload line.
fn payload_line(harness: &Harness<'static, JwtpadApp>) -> String {
    harness
        .query_all_by_label_contains("= base64url of {")
        .filter_map(|node| node.value())
        .find(|label| label.contains("\"sub\""))
        .unwrap_or_else(|| {
            let all: Vec<_> = harness
                .query_all_by_label_contains("base64url")
                .map(|n| n.value())
                .collect();
            panic!("no payload line among {all:?}")
        })
}

#[test]
fn each_algorithm_is_spelled_out_with_the_key_it_takes() {
    let cases = [
        (
            Alg::RS256,
            "rsa2048.pkcs8.pem",
            "Signature = RSASSA-PKCS1-v1_5 with SHA-256 (private key, header \".\" payload)",
        ),
        (
            Alg::PS256,
            "rsa2048.pkcs8.pem",
            "Signature = RSASSA-PSS with SHA-256 (private key, header \".\" payload)",
        ),
        (
            Alg::ES256,
            "ec-p256.pkcs8.pem",
            "Signature = ECDSA P-256 with SHA-256 (private key, header \".\" payload)",
        ),
        (
            Alg::ES384,
            "ec-p384.pkcs8.pem",
            "Signature = ECDSA P-384 with SHA-384 (private key, header \".\" payload)",
        ),
        (
            Alg::EdDSA,
            "ed25519.pkcs8.pem",
            "Signature = Ed25519 (private key, header \".\" payload)",
        ),
    ];
    let mut harness = window(false);
    open(&mut harness);
    for (alg, file, formula) in cases {
        let token = signed(alg, Some(&private_key(file)));
        paste(&mut harness, &token);
        harness.get_by_label(formula);
        // The header line quotes the segment and the JSON it is the base64url of.
        let segment = token.split('.').next().unwrap();
        harness.get_by_label(&format!(
            "{}… = base64url of {{\"alg\":\"{}\",\"typ\":\"JWT\"}}",
            &segment[..24],
            alg.name()
        ));
        // No key was chosen: the verdict says so, and the explanation repeats it.
        harness.get_by_label("not checked: no key to verify with");
    }
}

#[test]
fn hmac_names_the_secret_and_says_whether_it_verifies() {
    let mut harness = window(false);
    open(&mut harness);
    crate::shared::window_kit::type_into(&mut harness, "Secret", "your-256-bit-secret");
    paste(&mut harness, crate::shared::JWTIO);
    harness.get_by_label("Header = base64url(header JSON)");
    harness.get_by_label("Payload = base64url(payload JSON)");
    harness.get_by_label("Signature = HMAC-SHA256(secret, header \".\" payload)");
    harness.get_by_label("verifies with Session secret");
    harness.get_by_label("SflKxwRJSMeKKF2QT4fwpMeJ…");
    harness.get_by_label_contains("anyone can read the header and payload");
    // The secret itself is never quoted.
    assert!(
        harness
            .query_by_label_contains("your-256-bit-secret")
            .is_none()
    );
    // The wrong secret: the same formula, and it does not verify.
    crate::shared::window_kit::type_into(
        &mut harness,
        "Secret",
        "another-secret-of-32-bytes-at-least",
    );
    harness.get_by_label("does not verify with the key in use");
    for (alg, formula) in [(Alg::HS384, "HMAC-SHA384"), (Alg::HS512, "HMAC-SHA512")] {
        let key = Key::hmac(Secret::new(vec![7; 64]));
        paste(&mut harness, &signed(alg, Some(&key)));
        harness.get_by_label(&format!(
            "Signature = {formula}(secret, header \".\" payload)"
        ));
    }
}

#[test]
fn alg_none_is_an_empty_signature_anyone_can_change() {
    let mut harness = window(false);
    open(&mut harness);
    paste(&mut harness, &signed(Alg::None, None));
    harness.get_by_label("Signature = empty: alg \"none\" is unsecured, nothing signs it");
    harness.get_by_label("(empty)");
    harness.get_by_label("anyone can change this token");
    // An alg jwtpad does not know: said so, in the engine's words.
    let (_, rest) = crate::shared::JWTIO.split_once('.').unwrap();
    paste(&mut harness, &format!("eyJhbGciOiJIUzk5OSJ9.{rest}"));
    let line = harness
        .get_by_label_contains("Signature: cannot say how it is made: ")
        .value()
        .unwrap_or_default();
    assert!(line.contains("HS999"), "{line}");
}

#[test]
fn demo_mode_opens_the_panel_and_masks_the_payload() {
    let token = signed(Alg::HS256, Some(&Key::hmac(Secret::new(vec![1; 32]))));
    let mut harness = window(true);
    paste(&mut harness, &token);
    // Open without a click in demo mode.
    let line = payload_line(&harness);
    assert!(line.contains("529.***.***-25"), "{line}");
    assert!(!line.contains(CPF), "the CPF is on screen: {line}");

    let mut harness = window(false);
    paste(&mut harness, &token);
    assert!(
        harness
            .query_by_label("Header = base64url(header JSON)")
            .is_none(),
        "collapsed outside demo mode"
    );
    open(&mut harness);
    let line = payload_line(&harness);
    assert!(line.contains(CPF), "shown as is outside demo mode: {line}");
}

#[test]
fn an_empty_box_hides_the_panel_and_a_partial_token_shows_what_decodes() {
    let mut harness = window(false);
    harness.get_by_label("Clear").click();
    harness.run();
    assert!(
        harness.query_by_label(TITLE).is_none(),
        "nothing to explain"
    );
    // A good header and payload, a signature that is not base64url.
    let token = signed(Alg::HS256, Some(&Key::hmac(Secret::new(vec![1; 32]))));
    let (parts, _) = token.rsplit_once('.').unwrap();
    paste(&mut harness, &format!("{parts}.not*base64"));
    open(&mut harness);
    harness.get_by_label("Header = base64url(header JSON)");
    harness.get_by_label("Payload = base64url(payload JSON)");
    assert!(harness.query_by_label_contains("Signature =").is_none());
}

/// Moves the pointer over the token box, row by row, until `part` is the hovered one;
/// `false` when no point of the box gives it.
fn hover_token_until(harness: &mut Harness<'static, JwtpadApp>, label: &str, part: Part) -> bool {
    let rect = harness.get_by_label(label).rect();
    let mut y = rect.top() + 6.0;
    while y < rect.top() + 60.0 {
        let mut x = rect.left() + 6.0;
        while x < rect.right() - 6.0 {
            harness.hover_at(egui::pos2(x, y));
            harness.run();
            if harness.state().hovered_part() == Some(part) {
                return true;
            }
            x += 12.0;
        }
        y += 8.0;
    }
    false
}

#[test]
fn hovering_a_segment_marks_its_part_and_an_editor_marks_its_segment() {
    let mut harness = window(false);
    paste(&mut harness, crate::shared::JWTIO);
    assert_eq!(harness.state().hovered_part(), None);
    assert!(hover_token_until(
        &mut harness,
        "Encoded token",
        Part::Payload
    ));
    assert!(hover_token_until(
        &mut harness,
        "Encoded token",
        Part::Signature
    ));
    assert!(hover_token_until(
        &mut harness,
        "Encoded token",
        Part::Header
    ));
    // The top left of the token is its header, the first character.
    let rect = harness.get_by_label("Encoded token").rect();
    harness.hover_at(rect.left_top() + egui::vec2(10.0, 10.0));
    harness.run();
    assert_eq!(harness.state().hovered_part(), Some(Part::Header));
    // A pointer at rest costs nothing: the change took one more frame, and now none.
    harness.run_steps(1);
    assert!(
        !harness.ctx.has_requested_repaint(),
        "a still pointer keeps the window painting"
    );
    // Far below the text, inside the box: no part.
    harness.hover_at(egui::pos2(rect.center().x, rect.bottom() - 5.0));
    harness.run();
    assert_eq!(harness.state().hovered_part(), None);

    harness.get_by_label("Header JSON").hover();
    harness.run();
    assert_eq!(harness.state().hovered_part(), Some(Part::Header));
    harness.get_by_label("Payload JSON").hover();
    harness.run();
    assert_eq!(harness.state().hovered_part(), Some(Part::Payload));

    // A row of the explanation marks its part too.
    open(&mut harness);
    harness
        .get_by_label("Signature = HMAC-SHA256(secret, header \".\" payload)")
        .hover();
    harness.run();
    assert_eq!(harness.state().hovered_part(), Some(Part::Signature));
}

#[test]
fn a_big_token_shown_in_preview_still_tells_its_segments() {
    let mut harness = window(false);
    // Above the editors' 128 KiB too, so the payload JSON is a preview as well.
    let payload = format!(r#"{{"sub":"x","blob":"{}"}}"#, "A".repeat(200 * 1024));
    let key = Key::hmac(Secret::new(vec![1; 32]));
    let token = sign_json("{\"alg\":\"HS256\"}", &payload, Alg::HS256, Some(&key))
        .unwrap()
        .token;
    paste(&mut harness, &token);
    harness.get_by_label_contains("Large token");
    assert!(hover_token_until(
        &mut harness,
        "Encoded token",
        Part::Payload
    ));
    // The payload's JSON is a preview too; the header's is small enough for its editor.
    harness.get_by_label_contains("of JSON: shown in part");
    harness.get_by_label("Header JSON").hover();
    harness.run();
    assert_eq!(harness.state().hovered_part(), Some(Part::Header));
    // A preview is a text labelled by the small "Payload JSON" line just above it.
    let above = harness.get_by_label("Payload JSON").rect();
    harness.hover_at(above.left_bottom() + egui::vec2(20.0, 20.0));
    harness.run();
    assert_eq!(harness.state().hovered_part(), Some(Part::Payload));
    open(&mut harness);
    harness.get_by_label("Signature = HMAC-SHA256(secret, header \".\" payload)");
    let line = payload_line(&harness);
    assert!(
        line.chars().count() < 200,
        "shortened: {} chars",
        line.len()
    );
}
