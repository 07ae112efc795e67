//! Checking a token at the user's time, in the user's zone: `decode`/`report` `--tz` and a
//! wall-clock `--now` against the real binary (DST changes in New York, Berlin and São
//! Paulo's historic summer time, gaps, repeated hours, unknown zones), and the window's
//! "Check at" control driven by label.

use crate::shared::binary::{Run, jwtpad, run};
use crate::shared::window_kit::type_into;
use chrono::{TimeZone, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jwtpad::app::JwtpadApp;
use serde_json::Value;

const SECRET: &str = "a-string-secret-at-least-256-bits-long";

/// `jwtpad ARGS` with the test secret in `TEST_SECRET` and `TZ` as given (the helper's
/// default is UTC).
fn jwtpad_tz(tz: Option<&str>, args: &[&str]) -> Run {
    let mut cmd = jwtpad();
    cmd.env("TEST_SECRET", SECRET).args(args);
    if let Some(tz) = tz {
        cmd.env("TZ", tz);
    }
    run(cmd, None)
}

/// A token signed with [`SECRET`] holding `payload`.
fn signed(payload: &str) -> String {
    let out = jwtpad_tz(
        None,
        &[
            "encode",
            "--secret-env",
            "TEST_SECRET",
            "--payload",
            payload,
        ],
    );
    assert_eq!(out.code, 0, "encode failed: {}", out.stderr);
    out.stdout.trim_end().to_owned()
}

fn unix(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp()
}

/// `decode --json` of `token` with the key and `extra`.
fn decode_json(token: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["decode", token, "--json", "--secret-env", "TEST_SECRET"];
    args.extend_from_slice(extra);
    let out = jwtpad_tz(None, &args);
    (out.code, out.json())
}

#[test]
fn tz_shows_each_side_of_a_dst_change_with_its_own_offset() {
    // exp just before New York springs forward (07:00 UTC), iat just after.
    let payload = format!(
        r#"{{"exp":{},"iat":{}}}"#,
        unix("2026-03-08T06:59:00Z"),
        unix("2026-03-08T07:01:00Z")
    );
    let token = signed(&payload);
    let cases = [
        (
            "America/New_York",
            "2026-03-08 01:59:00 -05:00",
            "2026-03-08 03:01:00 -04:00",
        ),
        // Berlin changes three weeks later: both sides are still winter time, +01:00.
        (
            "Europe/Berlin",
            "2026-03-08 07:59:00 +01:00",
            "2026-03-08 08:01:00 +01:00",
        ),
    ];
    for (zone, exp, iat) in cases {
        let (_, v) = decode_json(&token, &["--tz", zone]);
        assert_eq!(v["zone"], zone);
        assert_eq!(v["time"]["exp"]["local"], exp, "{zone}");
        assert_eq!(v["time"]["iat"]["local"], iat, "{zone}");
        assert_eq!(v["time"]["exp"]["utc"], "2026-03-08T06:59:00Z");
    }
    // Berlin's own change, 2026-03-29 01:00 UTC.
    let berlin = signed(&format!(
        r#"{{"exp":{},"iat":{}}}"#,
        unix("2026-03-29T00:59:00Z"),
        unix("2026-03-29T01:01:00Z")
    ));
    let (_, v) = decode_json(&berlin, &["--tz", "Europe/Berlin"]);
    assert_eq!(v["time"]["exp"]["local"], "2026-03-29 01:59:00 +01:00");
    assert_eq!(v["time"]["iat"]["local"], "2026-03-29 03:01:00 +02:00");
}

#[test]
fn sao_paulo_shows_its_historic_summer_time() {
    // Summer time ended on 2019-02-17 (00:00 -02:00 became 23:00 -03:00); none since.
    let token = signed(&format!(
        r#"{{"exp":{},"iat":{},"nbf":{}}}"#,
        unix("2019-02-17T01:30:00Z"),
        unix("2019-02-17T02:30:00Z"),
        unix("2024-12-01T12:00:00Z")
    ));
    let (_, v) = decode_json(&token, &["--tz", "America/Sao_Paulo"]);
    assert_eq!(v["time"]["exp"]["local"], "2019-02-16 23:30:00 -02:00");
    assert_eq!(v["time"]["iat"]["local"], "2019-02-16 23:30:00 -03:00");
    assert_eq!(v["time"]["nbf"]["local"], "2024-12-01 09:00:00 -03:00");
    // The human report names the zone beside each local time.
    let out = jwtpad_tz(
        None,
        &[
            "decode",
            &token,
            "--secret-env",
            "TEST_SECRET",
            "--tz",
            "America/Sao_Paulo",
        ],
    );
    assert!(
        out.stdout
            .contains("exp  2019-02-16 23:30:00 -02:00 (America/Sao_Paulo) · 2019-02-17T01:30:00Z"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_wall_clock_now_is_read_in_the_zone() {
    // exp at 2026-03-08 03:00 New York time (07:00 UTC), just after the spring change.
    let token = signed(&format!(r#"{{"exp":{}}}"#, unix("2026-03-08T07:00:00Z")));
    let at = |now: &str, zone: &str| decode_json(&token, &["--now", now, "--tz", zone]);
    // 01:30 New York is 06:30 UTC: valid for 30 more minutes.
    let (code, v) = at("2026-03-08 01:30", "America/New_York");
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["now"]["utc"], "2026-03-08T06:30:00Z");
    assert_eq!(v["now"]["local"], "2026-03-08 01:30:00 -05:00");
    assert_eq!(v["now"]["fixed"], true);
    assert_eq!(v["time"]["exp"]["relative"], "valid for 30 min");
    // 03:30 New York, an hour of wall clock later but after the jump: expired 30 min ago.
    let (code, v) = at("2026-03-08T03:30:00", "America/New_York");
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["now"]["utc"], "2026-03-08T07:30:00Z");
    assert_eq!(v["time"]["exp"]["status"], "expired");
    // The same wall clock in São Paulo is another instant.
    let (_, v) = at("2026-03-08 01:30", "America/Sao_Paulo");
    assert_eq!(v["now"]["utc"], "2026-03-08T04:30:00Z");
    // An offset or Z is that instant, whatever the zone.
    let (_, v) = at("2026-03-08T06:30:00Z", "Asia/Tokyo");
    assert_eq!(v["now"]["utc"], "2026-03-08T06:30:00Z");
    assert_eq!(v["now"]["local"], "2026-03-08 15:30:00 +09:00");
}

#[test]
fn without_tz_the_machine_zone_reads_and_shows_times() {
    let token = signed(&format!(r#"{{"exp":{}}}"#, unix("2026-03-08T07:00:00Z")));
    let args = [
        "decode",
        &token,
        "--json",
        "--now",
        "2026-03-08 01:30",
        "--secret-env",
        "TEST_SECRET",
    ];
    let v = jwtpad_tz(Some("America/New_York"), &args).json();
    assert_eq!(v["zone"], "America/New_York");
    assert_eq!(v["now"]["utc"], "2026-03-08T06:30:00Z");
    assert_eq!(v["time"]["exp"]["local"], "2026-03-08 03:00:00 -04:00");
    // --tz wins over the machine's zone.
    let mut with_tz = args.to_vec();
    with_tz.extend(["--tz", "Europe/Berlin"]);
    let v = jwtpad_tz(Some("America/New_York"), &with_tz).json();
    assert_eq!(v["zone"], "Europe/Berlin");
    assert_eq!(v["now"]["utc"], "2026-03-08T00:30:00Z");
}

#[test]
fn a_time_skipped_by_dst_is_an_error_naming_the_offsets_around_it() {
    let token = signed(r#"{"sub":"1"}"#);
    let (code, v) = decode_json(
        &token,
        &["--now", "2026-03-08 02:30", "--tz", "America/New_York"],
    );
    assert_eq!(code, 2);
    assert_eq!(v["error_code"], "time-in-dst-gap");
    let error = v["error"].as_str().unwrap();
    for part in ["America/New_York", "2026-03-08 02:00", "-05:00", "-04:00"] {
        assert!(error.contains(part), "{part}: {error}");
    }
    // Berlin skips 02:00-03:00 on 2026-03-29; a time outside the gap is fine.
    let (code, v) = decode_json(
        &token,
        &["--now", "2026-03-29 02:15", "--tz", "Europe/Berlin"],
    );
    assert_eq!(
        (code, v["error_code"].as_str()),
        (2, Some("time-in-dst-gap"))
    );
    let (code, _) = decode_json(
        &token,
        &["--now", "2026-03-29 03:15", "--tz", "Europe/Berlin"],
    );
    assert_eq!(code, 0);
}

#[test]
fn a_repeated_time_is_an_error_naming_both_instants_and_an_offset_picks_one() {
    let token = signed(&format!(r#"{{"exp":{}}}"#, unix("2026-11-01T06:00:00Z")));
    let (code, v) = decode_json(
        &token,
        &["--now", "2026-11-01 01:30", "--tz", "America/New_York"],
    );
    assert_eq!(code, 2);
    assert_eq!(v["error_code"], "time-ambiguous");
    let error = v["error"].as_str().unwrap();
    assert!(error.contains("2026-11-01T01:30:00-04:00"), "{error}");
    assert!(error.contains("2026-11-01T01:30:00-05:00"), "{error}");
    // The first 01:30 (-04:00) is before exp, the second (-05:00) after it.
    let (code, _) = decode_json(
        &token,
        &[
            "--now",
            "2026-11-01 01:30 -04:00",
            "--tz",
            "America/New_York",
        ],
    );
    assert_eq!(code, 0);
    let (code, v) = decode_json(
        &token,
        &[
            "--now",
            "2026-11-01 01:30:00 -05:00",
            "--tz",
            "America/New_York",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(v["time"]["exp"]["status"], "expired");
}

#[test]
fn an_unknown_zone_is_an_error_suggesting_the_nearest_names() {
    let token = signed(r#"{"sub":"1"}"#);
    let (code, v) = decode_json(&token, &["--tz", "America/Sao_Paolo"]);
    assert_eq!(code, 2);
    assert_eq!(v["error_code"], "zone-unknown");
    let error = v["error"].as_str().unwrap();
    assert!(error.contains("did you mean America/Sao_Paulo"), "{error}");
    let human = jwtpad_tz(None, &["decode", &token, "--tz", "Europe/Berln"]);
    assert_eq!(human.code, 2);
    assert!(human.stderr.contains("Europe/Berlin"), "{}", human.stderr);
    let nothing_near = jwtpad_tz(None, &["decode", &token, "--tz", "Qwxz/Plorbt"]);
    assert_eq!(nothing_near.code, 2);
    assert!(
        nothing_near
            .stderr
            .contains("unknown time zone \"Qwxz/Plorbt\""),
        "{}",
        nothing_near.stderr
    );
    // The report says so in its own JSON, without the token.
    let report = jwtpad_tz(
        None,
        &["report", &token, "--format", "json", "--tz", "Mars/Olympus"],
    );
    assert_eq!(report.code, 2);
    let v = report.json();
    assert_eq!(v["verdict"]["code"], "zone-unknown");
    assert!(!report.stdout.contains(&token));
}

#[test]
fn the_report_shows_times_in_the_zone_and_the_moment_it_judged_at() {
    let token = signed(&format!(
        r#"{{"iss":"my-client-id","exp":{}}}"#,
        unix("2026-03-08T07:00:00Z")
    ));
    let base = [
        "report",
        &token,
        "--secret-env",
        "TEST_SECRET",
        "--now",
        "2026-03-08 03:30",
        "--tz",
        "America/New_York",
    ];
    let text = jwtpad_tz(None, &base);
    assert_eq!(text.code, 1, "expired at that moment: {}", text.stdout);
    for line in [
        "At:        2026-03-08 03:30:00 -04:00 (America/New_York) · 2026-03-08T07:30:00Z",
        "exp  2026-03-08T07:00:00Z · 2026-03-08 03:00:00 -04:00 (America/New_York) · expired 30 min ago",
    ] {
        assert!(text.stdout.contains(line), "{line}:\n{}", text.stdout);
    }
    let mut json = base.to_vec();
    json.extend(["--format", "json"]);
    let v = jwtpad_tz(None, &json).json();
    assert_eq!(v["zone"], "America/New_York");
    assert_eq!(v["now"], "2026-03-08T07:30:00Z");
    assert_eq!(v["time"]["exp"]["local"], "2026-03-08 03:00:00 -04:00");
    let mut md = base.to_vec();
    md.extend(["--format", "markdown"]);
    let md = jwtpad_tz(None, &md).stdout;
    assert!(
        md.contains("| claim | UTC | local (America/New_York) | relative | status |"),
        "{md}"
    );
}

// The window: "Check at" in another zone, by label.

/// 2023-11-14T22:13:20Z: the window's clock in these tests.
const NOW: i64 = 1_700_000_000;

fn window() -> Harness<'static, JwtpadApp> {
    crate::shared::window_kit::english_window()
}

fn pick_zone(harness: &mut Harness<'static, JwtpadApp>, search: &str, zone: &str) {
    harness.get_by_label("Time zone").click();
    harness.run();
    type_into(harness, "Search zones", search);
    harness.get_by_label(zone).click();
    harness.run();
}

#[test]
fn check_at_in_another_zone_judges_then_and_back_to_now_restores_the_live_clock() {
    let mut harness = window();
    type_into(&mut harness, "Secret", SECRET);
    // exp 15 min after NOW: 22:28:20 UTC, 19:28:20 in São Paulo.
    type_into(
        &mut harness,
        "Payload JSON",
        &format!(r#"{{"sub":"1","exp":{}}}"#, NOW + 900),
    );
    harness.get_by_label("Signature verified · Session secret");
    harness.get_by_label_contains("expires in 15 min");
    harness.get_by_label_contains("Now, live");

    pick_zone(&mut harness, "sao paulo", "America/Sao_Paulo");
    assert_eq!(harness.state().zone().name(), "America/Sao_Paulo");
    assert_eq!(
        harness.state().settings().check_zone.as_deref(),
        Some("America/Sao_Paulo"),
        "the zone's name is remembered"
    );
    // The live clock still, shown in São Paulo.
    harness.get_by_label_contains("expires in 15 min · 2023-11-14 19:28:20 -03:00");

    // 19:40 in São Paulo is 22:40 UTC: 12 min after exp.
    type_into(&mut harness, "Check at", "2023-11-14 19:40");
    harness.get_by_label("Apply").click();
    harness.run();
    assert_eq!(
        harness.state().checked_at(),
        Some(Utc.timestamp_opt(NOW + 1600, 0).unwrap())
    );
    harness.get_by_label_contains(
        "Not now: checked at 2023-11-14 19:40:00 -03:00 (America/Sao_Paulo) · 2023-11-14T22:40:00Z",
    );
    harness.get_by_label("expired 11 min ago · 2023-11-14 19:28:20 -03:00 · 22:28:20 UTC");
    harness.get_by_label("• \"exp\": expired 11 min ago");
    assert_eq!(
        harness
            .state()
            .workbench()
            .decoded()
            .and_then(|d| d.as_ref().ok())
            .and_then(|d| d.time.valid()),
        Some(false),
        "the verdict is computed for that moment"
    );

    // A test token made meanwhile gets real times (iat now, exp in 15 min), judged then.
    harness.get_by_label("+15 min").click();
    harness.run();
    let payload = harness.state().workbench().payload().to_owned();
    assert!(
        payload.contains(&format!("\"exp\": {}", NOW + 900)),
        "{payload}"
    );
    assert!(payload.contains(&format!("\"iat\": {NOW}")), "{payload}");
    harness.get_by_label("expired 11 min ago · 2023-11-14 19:28:20 -03:00 · 22:28:20 UTC");

    // The same wall clock read in UTC is before exp: the zone decides.
    pick_zone(&mut harness, "etc utc", "Etc/UTC");
    assert_eq!(
        harness.state().checked_at(),
        Some(Utc.timestamp_opt(NOW - 9200, 0).unwrap())
    );
    harness.get_by_label_contains("expires in 2 h 48 min");

    harness.get_by_label("Back to now").click();
    harness.run();
    assert_eq!(harness.state().checked_at(), None);
    assert!(harness.query_by_label_contains("Not now").is_none());
    harness.get_by_label_contains("Now, live");
    harness.get_by_label_contains("expires in 15 min");
}

#[test]
fn a_bad_check_at_time_says_why_and_keeps_what_was_typed() {
    let mut harness = window();
    pick_zone(&mut harness, "new york", "America/New_York");
    for (typed, says) in [
        (
            "2023-02-30 10:00",
            "time \"2023-02-30 10:00\" not understood",
        ),
        ("2023-03-12 02:30", "does not exist in America/New_York"),
        ("2023-11-05 01:30", "happened twice in America/New_York"),
    ] {
        type_into(&mut harness, "Check at", typed);
        harness.get_by_label("Apply").click();
        harness.run();
        harness.get_by_label_contains(says);
        assert_eq!(harness.state().checked_at(), None, "{typed}");
        // The field keeps the text (a TextEdit holds its text as its value).
        assert!(
            harness.query_all_by_value(typed).next().is_some(),
            "{typed} was kept"
        );
    }
    // Enter applies a good one.
    type_into(&mut harness, "Check at", "2023-11-05 01:30 -05:00");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        harness.state().checked_at().map(|at| at.to_rfc3339()),
        Some("2023-11-05T06:30:00+00:00".to_owned())
    );
}
