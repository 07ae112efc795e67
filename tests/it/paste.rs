//! Paste anything: tokens found in HTTP requests, curl commands, URLs, OAuth responses,
//! cookies and log lines; never repaired; several at once; partial tokens still show what
//! decodes. Run against the real binary.

use crate::shared::JWTIO;
use crate::shared::binary::{Run, jwtpad, jwtpad_args, run};
use serde_json::Value;

const SECRET: &str = "your-256-bit-secret";
/// `{"alg":"none"}.{}.` : a second, different token.
const UNSIGNED: &str = "eyJhbGciOiJub25lIn0.e30.";

fn decode_stdin(args: &[&str], text: &str) -> Run {
    let mut cmd = jwtpad();
    cmd.env("TEST_SECRET", SECRET).arg("decode").args(args);
    run(cmd, Some(text.as_bytes()))
}

fn header_payload() -> (&'static str, &'static str) {
    let mut parts = JWTIO.split('.');
    (parts.next().unwrap(), parts.next().unwrap())
}

#[test]
fn every_source_is_found_and_named() {
    let cases = [
        (
            format!(
                "GET /me HTTP/1.1\r\nHost: api.example\r\nAuthorization: Bearer {JWTIO}\r\n\r\n"
            ),
            "header",
            Some("Authorization"),
        ),
        (
            format!("curl -s -H 'authorization: bearer {JWTIO}' https://api.example/me"),
            "curl-header",
            Some("authorization"),
        ),
        (
            format!("curl --header \"Authorization: Bearer {JWTIO}\" https://api.example/me"),
            "curl-header",
            Some("Authorization"),
        ),
        (
            format!("https://app.example/cb#id_token={JWTIO}&state=af0ifjsldkj"),
            "url-fragment",
            Some("id_token"),
        ),
        (
            format!("https://app.example/cb#access_token={JWTIO}"),
            "url-fragment",
            Some("access_token"),
        ),
        (
            format!("https://api.example/ws?v=2&token={JWTIO}&x=1"),
            "url-query",
            Some("token"),
        ),
        (
            format!(
                "{{\"id_token\": \"{JWTIO}\", \"token_type\": \"Bearer\", \"refresh_token\": \"tGzv3JOkF0XG5Qx2TlKWIA\"}}"
            ),
            "json-member",
            Some("id_token"),
        ),
        (
            format!("Cookie: theme=dark; session={JWTIO}; lang=pt-BR"),
            "cookie",
            Some("session"),
        ),
        (
            format!("Set-Cookie: session={JWTIO}; Path=/; Secure; HttpOnly"),
            "cookie",
            Some("session"),
        ),
        (
            format!("2026-12-01 10:00:01 WARN [auth] rejected {JWTIO} for user 42"),
            "text",
            None,
        ),
    ];
    for (text, kind, name) in cases {
        let out = decode_stdin(&["--json", "--secret-env", "TEST_SECRET"], &text);
        assert_eq!(out.code, 0, "{text}: {}", out.stderr);
        let v = out.json();
        assert_eq!(v["verified"], true, "{text}");
        assert_eq!(v["source"]["kind"], kind, "{text}");
        assert_eq!(
            v["source"]["name"],
            name.map_or(Value::Null, Value::from),
            "{text}"
        );
        assert_eq!(v["payload"]["name"], "John Doe");
        let normalized = v["normalized"].to_string();
        assert!(normalized.contains("the text around it"), "{normalized}");
        let codes: Vec<&Value> = v["stripped"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["code"])
            .collect();
        assert!(
            codes.contains(&&Value::from("surrounding-text")),
            "{codes:?}"
        );
    }
    let human = decode_stdin(&[], &format!("Cookie: session={JWTIO}"));
    assert!(
        human
            .stdout
            .starts_with("Found:      cookie \"session\"\nInput:      removed the text around it"),
        "{}",
        human.stdout
    );
}

#[test]
fn what_worked_before_is_unchanged() {
    for text in [
        JWTIO.to_owned(),
        format!("Bearer {JWTIO}"),
        format!("\"{JWTIO}\""),
        format!("{}\n{}", &JWTIO[..50], &JWTIO[50..]),
    ] {
        let v = decode_stdin(&["--json"], &text).json();
        assert_eq!(v["source"]["kind"], "whole", "{text}");
        assert_eq!(v["payload"]["name"], "John Doe");
        assert!(!v["normalized"].to_string().contains("around"));
    }
    let human = jwtpad_args(&["decode", JWTIO]);
    assert!(
        human.stdout.starts_with("Header (HS256)"),
        "{}",
        human.stdout
    );
}

#[test]
fn extraction_never_repairs_a_token() {
    let (h, p) = header_payload();
    let cases = [
        ("h.p.s=".to_owned(), "base64-length"),
        ("a.b.c.d".to_owned(), "segment-count"),
        ("x+y.z".to_owned(), "segment-count"),
        (format!("{JWTIO}="), "base64-padding"),
        (format!("{JWTIO}.d"), "segment-count"),
        (format!("{h}.{p}.ab+c"), "base64-standard-alphabet"),
        (
            format!("https://app.example/cb#id_token={JWTIO}==&state=1"),
            "base64-padding",
        ),
        (
            format!("log: token {JWTIO}/x rejected"),
            "base64-standard-alphabet",
        ),
        (
            format!("Cookie: session={JWTIO}.extra; a=b"),
            "segment-count",
        ),
        (
            format!("{{\"id_token\": \"{h}+x.{p}.sig\"}}"),
            "base64-standard-alphabet",
        ),
    ];
    for (text, code) in cases {
        let plain = decode_stdin(&[], &text);
        assert_eq!(plain.code, 2, "{text}: {}", plain.stdout);
        let out = decode_stdin(&["--json"], &text);
        assert_eq!(out.code, 2, "{text}");
        let v = out.json();
        assert_eq!(v["error_code"], code, "{text}: {v}");
        assert_eq!(v["verified"], Value::Null);
    }
    // The same error as before extraction existed, word for word.
    let out = jwtpad_args(&["decode", "h.p.s="]);
    assert!(
        out.stderr.contains("header segment: 1 characters"),
        "{}",
        out.stderr
    );
}

#[test]
fn several_tokens_first_decoded_others_named() {
    let response = format!(
        "{{\"access_token\":\"{JWTIO}\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"id_token\":\"{UNSIGNED}\"}}"
    );
    let out = decode_stdin(&["--json"], &response);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = out.json();
    assert_eq!(v["source"]["name"], "access_token");
    let more: Vec<&Value> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "more-tokens")
        .collect();
    assert_eq!(more.len(), 1, "{v}");
    assert!(
        more[0]["message"]
            .as_str()
            .unwrap()
            .contains("JSON member \"id_token\"")
    );

    let all = decode_stdin(&["--all", "--json"], &response);
    assert_eq!(all.code, 0);
    let docs = all.json();
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["source"]["name"], "access_token");
    assert_eq!(docs[0]["payload"]["name"], "John Doe");
    assert_eq!(docs[1]["source"]["name"], "id_token");
    assert_eq!(docs[1]["alg"], "none");
    assert_eq!(
        (
            docs[1]["source"]["index"].clone(),
            docs[1]["source"]["count"].clone()
        ),
        (2.into(), 2.into())
    );

    let human = decode_stdin(&["--all"], &response);
    let first = human
        .stdout
        .find("Found:      JSON member \"access_token\" (token 1 of 2)")
        .unwrap();
    let second = human
        .stdout
        .find("Found:      JSON member \"id_token\" (token 2 of 2)")
        .unwrap();
    assert!(first < second, "{}", human.stdout);
    assert!(human.stdout.contains("UNSIGNED"));
}

#[test]
fn all_exits_with_the_worst() {
    let (h, p) = header_payload();
    // With the key: the first verifies (0), the unsigned one fails (1), the third is malformed (2).
    let text = format!("a={JWTIO} b={UNSIGNED}");
    let out = decode_stdin(&["--all", "--json", "--secret-env", "TEST_SECRET"], &text);
    assert_eq!(out.code, 1, "{}", out.stdout);
    let text = format!("a={JWTIO} b={UNSIGNED} c={h}.{p}");
    let out = decode_stdin(&["--all", "--json", "--secret-env", "TEST_SECRET"], &text);
    assert_eq!(out.code, 2);
    let docs = out.json();
    let codes: Vec<&Value> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["error_code"])
        .collect();
    assert_eq!(
        codes,
        [
            &Value::Null,
            &Value::from("alg-none"),
            &Value::from("segment-count")
        ]
    );
    assert_eq!(
        docs[2]["header"]["alg"], "HS256",
        "the partial one still shows its parts"
    );
    let human = decode_stdin(&["--all", "--secret-env", "TEST_SECRET"], &text);
    assert_eq!(human.code, 2);
    assert!(
        human
            .stdout
            .contains("Error:      token: expected 3 segments"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("VERIFIED"));
}

#[test]
fn partial_tokens_fill_what_decodes() {
    let (h, p) = header_payload();
    // (input, error_code, segment, missing, header decodes, payload decodes)
    let cases = [
        (
            format!("{h}.{p}"),
            "segment-count",
            "signature",
            true,
            true,
            true,
        ),
        (h.to_owned(), "segment-count", "payload", true, true, false),
        (
            format!("{h}.{p}*.sig"),
            "base64-bad-character",
            "payload",
            false,
            true,
            false,
        ),
        (
            format!("{h}.{p}.sig="),
            "base64-padding",
            "signature",
            false,
            true,
            true,
        ),
        (
            format!("Authorization: Bearer {h}.{p}"),
            "segment-count",
            "signature",
            true,
            true,
            true,
        ),
    ];
    for (input, code, segment, missing, header, payload) in cases {
        let out = decode_stdin(&["--json", "--secret-env", "TEST_SECRET"], &input);
        assert_eq!(out.code, 2, "{input}");
        let v = out.json();
        assert_eq!(v["error_code"], code, "{input}");
        assert_eq!(v["error_segment"], segment, "{input}");
        assert_eq!(v["error_segment_missing"], missing, "{input}");
        assert_eq!(v["header"]["alg"] == "HS256", header, "{input}: {v}");
        assert_eq!(v["payload"]["name"] == "John Doe", payload, "{input}: {v}");
        if !payload {
            assert_eq!(v["payload"], Value::Null);
        }
        let plain = decode_stdin(&[], &input);
        assert_eq!(plain.code, 2);
        assert!(
            plain.stdout.is_empty(),
            "bad input prints one sentence on stderr only"
        );
        let human = decode_stdin(&["--all"], &input);
        assert_eq!(human.code, 2);
        assert!(
            human
                .stdout
                .contains(&format!("Partial:    the {segment} is")),
            "{}",
            human.stdout
        );
        assert!(human.stdout.contains("\"alg\": \"HS256\""));
    }
}

#[test]
fn odd_segments_are_named() {
    let (h, p) = header_payload();
    // A signature of impossible length for HS256: decodes, names the segment.
    let short = format!("{h}.{p}.AAAA");
    let v = decode_stdin(&["--json"], &short).json();
    assert_eq!(v["segment_problem"]["segment"], "signature");
    assert_eq!(v["segment_problem"]["code"], "signature-length");
    assert!(v["warnings"].to_string().contains("signature-length"));
    let out = decode_stdin(&["--json", "--secret-env", "TEST_SECRET"], &short);
    assert_eq!(out.code, 1);
    assert_eq!(out.json()["error_code"], "signature-length");
    // {"alg":"XS999"}: an unknown alg.
    let unknown = format!("eyJhbGciOiJYUzk5OSJ9.{p}.AAAA");
    let out = decode_stdin(&["--json"], &unknown);
    assert_eq!(out.code, 0, "no key: nothing was asked about trust");
    let v = out.json();
    assert_eq!(v["segment_problem"]["segment"], "header");
    assert_eq!(v["segment_problem"]["code"], "alg-unknown");
    assert_eq!(v["payload"]["name"], "John Doe");
    let v = decode_stdin(&["--json"], JWTIO).json();
    assert_eq!(v["segment_problem"], Value::Null);
}

// ---------- the window, driven by label ----------

mod window {
    use super::{JWTIO, UNSIGNED, header_payload};
    use crate::shared::window_kit::type_into;

    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use jwtpad::app::JwtpadApp;

    fn harness() -> Harness<'static, JwtpadApp> {
        crate::shared::window_kit::english_window()
    }

    #[test]
    fn several_tokens_in_one_paste_are_listed_and_the_second_is_picked() {
        let mut harness = harness();
        let response = format!(
            "{{\"access_token\": \"{JWTIO}\", \"token_type\": \"Bearer\", \"id_token\": \"{UNSIGNED}\"}}"
        );
        type_into(&mut harness, "Encoded token", &response);
        harness.get_by_label("2 tokens found:");
        assert_eq!(
            harness.state().workbench().token(),
            JWTIO,
            "the first is shown"
        );
        assert!(harness.state().workbench().payload().contains("John Doe"));
        harness.get_by_label("1 · JSON member \"access_token\"");
        harness.get_by_label("2 · JSON member \"id_token\"").click();
        harness.run();
        let wb = harness.state().workbench();
        assert_eq!(wb.token(), UNSIGNED);
        assert!(wb.header().contains("\"none\""), "{}", wb.header());
        harness.get_by_label("alg none: unsigned");
        // The pasted text is not lost: it can be copied back whole.
        harness.get_by_label("Copy pasted text").click();
        harness.run();
        harness.get_by_label("Copied the pasted text");
        // And the first is one click away again.
        harness
            .get_by_label("1 · JSON member \"access_token\"")
            .click();
        harness.run();
        assert_eq!(harness.state().workbench().token(), JWTIO);
        // Editing the box by hand keeps the list of the paste; a new paste replaces it.
        type_into(&mut harness, "Encoded token", UNSIGNED);
        harness.get_by_label("2 tokens found:");
        let clock = jwtpad::engine::Clock::at(1_700_000_000, 60);
        harness.state_mut().paste_text(JWTIO.to_owned(), &clock);
        harness.run();
        assert!(harness.query_by_label("2 tokens found:").is_none());
    }

    #[test]
    fn a_token_in_a_url_names_where_it_was_found() {
        let mut harness = harness();
        type_into(
            &mut harness,
            "Encoded token",
            &format!("https://app.example/cb#id_token={JWTIO}&state=1"),
        );
        harness.get_by_label("Found in URL fragment parameter \"id_token\"");
        assert_eq!(harness.state().workbench().token(), JWTIO);
        harness.get_by_label_contains("the text around it (32 characters before, 8 after)");
    }

    #[test]
    fn a_partial_token_shows_its_header_and_marks_the_segment() {
        let mut harness = harness();
        let (h, p) = header_payload();
        type_into(&mut harness, "Encoded token", &format!("{h}.{p}"));
        let wb = harness.state().workbench();
        assert!(
            wb.header().contains("\"alg\": \"HS256\""),
            "{}",
            wb.header()
        );
        assert!(wb.payload().contains("John Doe"), "{}", wb.payload());
        harness.get_by_label(
            "The signature segment is missing: the editors show what decodes (not verified)",
        );
        type_into(&mut harness, "Encoded token", h);
        harness.get_by_label_contains("The payload segment is missing");
        assert!(harness.state().workbench().header().contains("HS256"));
        type_into(&mut harness, "Encoded token", &format!("{h}.{p}*.AAAA"));
        harness.get_by_label_contains("The payload segment is wrong (marked)");
        harness.get_by_label_contains("the payload editor keeps its earlier text");
    }

    #[test]
    fn an_impossible_signature_length_is_marked() {
        let mut harness = harness();
        let (h, p) = header_payload();
        type_into(&mut harness, "Encoded token", &format!("{h}.{p}.AAAA"));
        harness.get_by_label_contains("Marked: signature segment:");
    }
}
