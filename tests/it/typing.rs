//! Issue 13's typing work seen from the window: the claims table and "How this token is
//! made" mask and write only the start of a big payload they show, and must still show it
//! masked as the report's rules mask the whole of it.

use crate::shared::window_kit::{NOW, english_window_in_demo};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jwtpad::app::JwtpadApp;
use jwtpad::engine::{Alg, Key, Secret, sign_json};

const CPF: &str = "52998224725";

fn window(demo: bool) -> Harness<'static, JwtpadApp> {
    english_window_in_demo(demo)
}

/// A token with a 60 KiB payload: a CPF first, then accounts with names and addresses.
fn big_token() -> String {
    let accounts: Vec<String> = (0..600)
        .map(|i| {
            format!(
                r#"{{"id":{i},"name":"Cliente {i} da Silva","email":"cliente{i}@example.com","label":"conta {i}"}}"#
            )
        })
        .collect();
    let payload = format!(
        r#"{{"personId":"{CPF}","accounts":[{}],"exp":{}}}"#,
        accounts.join(","),
        NOW + 600
    );
    assert!(payload.len() > 50 * 1024, "{} bytes", payload.len());
    let key = Key::hmac(Secret::new(vec![7; 32]));
    sign_json(r#"{"alg":"HS256"}"#, &payload, Alg::HS256, Some(&key))
        .unwrap()
        .token
}

/// The text of every label on screen holding `text`.
fn labels_with(harness: &Harness<'static, JwtpadApp>, text: &str) -> Vec<String> {
    harness
        .query_all_by_label_contains(text)
        .filter_map(|node| node.value())
        .collect()
}

#[test]
fn a_big_payload_shows_masked_in_the_claims_and_the_explanation_in_demo_mode() {
    let token = big_token();
    let mut harness = window(true);
    let clock = harness.state().clock();
    harness.state_mut().paste_text(token.clone(), &clock);
    harness.run();
    // The claims table quotes the accounts' start, masked as the report masks it.
    let accounts = labels_with(&harness, "\"Cliente 0");
    assert!(accounts.is_empty(), "a name shows: {accounts:?}");
    let masked = labels_with(&harness, "c***@example.com");
    assert!(
        !masked.is_empty(),
        "the accounts' start is not in the table"
    );
    assert!(labels_with(&harness, "cliente0@").is_empty());
    // The explanation's payload line starts with the CPF, masked.
    let line = labels_with(&harness, "= base64url of {");
    assert!(
        line.iter().any(|l| l.contains("529.***.***-25")),
        "{line:?}"
    );
    assert!(labels_with(&harness, CPF).is_empty(), "the CPF shows");

    // Outside demo mode the same start shows as it is.
    let mut harness = window(false);
    let clock = harness.state().clock();
    harness.state_mut().paste_text(token, &clock);
    harness.run();
    assert!(!labels_with(&harness, "cliente0@example.com").is_empty());
    assert!(!labels_with(&harness, CPF).is_empty());
}
