//! What `decode` prints: one JSON object for scripts, a readable report for people. Both
//! carry the engine's stable codes beside its words.

use serde_json::{Map, Value, json};
use std::fmt::Write as _;

use crate::engine::{Alg, Decoded, Hint, KeyOrigin, Payload, TimeStatus, Verification};
use crate::timefmt;

pub use crate::notes::Note;
pub use crate::timefmt::Shown;

/// The warnings of a decoded token, phrased at the instant it was judged.
pub fn notes(decoded: &Decoded) -> Vec<Note> {
    crate::notes::warnings(decoded, decoded.time.clock.now)
}

/// The `--json` object for a decoded token. `signed_by` names the profile whose key
/// verified, when keys came from profiles; local times are in `shown.zone`.
pub fn decoded_json(
    decoded: &Decoded,
    signed_by: Option<&str>,
    notes: &[Note],
    shown: Shown,
) -> Value {
    let zone = shown.zone;
    let token = &decoded.token;
    let clock = &decoded.time.clock;
    let mut time = Map::new();
    for claim in &decoded.time.claims {
        let at = claim.at.as_ref().ok();
        let mut entry = Map::new();
        entry.insert("value".into(), claim.raw.clone());
        entry.insert("utc".into(), json!(at.map(|at| timefmt::utc(*at))));
        entry.insert(
            "local".into(),
            json!(at.map(|at| timefmt::local(*at, zone))),
        );
        entry.insert(
            "relative".into(),
            json!(timefmt::relative(claim, clock.now, clock.leeway)),
        );
        entry.insert("status".into(), json!(claim.status.code()));
        if let TimeStatus::Invalid(why) = &claim.status {
            entry.insert("problem".into(), json!(why.to_string()));
        }
        time.insert(claim.name.into(), Value::Object(entry));
    }
    let (status, key, reason, code) = match &decoded.verification {
        Verification::NotChecked => ("not_checked", None, None, None),
        Verification::Verified { key, .. } => ("verified", Some(key.to_string()), None, None),
        Verification::Failed(reason) => (
            "failed",
            None,
            Some(reason.to_string()),
            Some(reason.code()),
        ),
    };
    let (error, error_code) = match trust_error(decoded) {
        Some((message, code)) => (Some(message), Some(code)),
        None => (None, None),
    };
    let warnings: Vec<Value> = notes
        .iter()
        .map(|n| json!({"code": n.code, "message": n.message}))
        .collect();
    let hints: Vec<Value> = decoded
        .hints
        .iter()
        .map(|h| json!({"code": h.code(), "message": h.to_string()}))
        .collect();
    let normalized: Vec<String> = token.removed.iter().map(ToString::to_string).collect();
    json!({
        "header": token.header,
        "payload": token.payload.to_json(),
        "payload_kind": token.payload.kind(),
        "payload_note": token.payload_not_json.as_ref().map(ToString::to_string),
        "alg": token.alg_text(),
        "verified": decoded.verification.verified(),
        "verification": { "status": status, "key": key, "reason": reason, "code": code, "hints": hints },
        "signed_by": signed_by,
        "error": error,
        "error_code": error_code,
        "time": time,
        "time_valid": decoded.time.valid(),
        "zone": zone.name(),
        "now": { "utc": timefmt::utc(clock.now), "local": timefmt::local(clock.now, zone), "fixed": shown.fixed },
        "warnings": warnings,
        "normalized": normalized,
        "segments": { "header": token.segments[0], "payload": token.segments[1], "signature": token.segments[2] },
    })
}

/// Why the exit status is 1, with its code, or `None` when it is 0.
fn trust_error(decoded: &Decoded) -> Option<(String, &'static str)> {
    match &decoded.verification {
        Verification::NotChecked => None,
        Verification::Failed(reason) => Some((format!("not verified: {reason}"), reason.code())),
        Verification::Verified { .. } => {
            let clock = &decoded.time.clock;
            let claim = decoded.time.claims.iter().find(|c| {
                matches!(
                    c.status,
                    TimeStatus::Expired | TimeStatus::NotYetValid | TimeStatus::Invalid(_)
                )
            })?;
            let message = match &claim.status {
                TimeStatus::Invalid(why) => {
                    format!("\"{}\" is not a valid time: {why}", claim.name)
                }
                _ => format!(
                    "the signature holds, but \"{}\": {}",
                    claim.name,
                    timefmt::relative(claim, clock.now, clock.leeway)
                ),
            };
            Some((message, claim.status.problem_code()?))
        }
    }
}

/// The `--json` object when the input could not be decoded at all.
pub fn error_json(message: &str, code: &str) -> Value {
    json!({
        "header": null,
        "payload": null,
        "verified": null,
        "error": message,
        "error_code": code,
        "time": {},
        "time_valid": null,
        "warnings": [],
        "normalized": [],
    })
}

/// One JSON document and a newline.
pub fn write_json(out: &mut dyn std::io::Write, value: &Value) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    writeln!(out, "{text}")
}

/// "Why:" lines, one per hint, aligned with the report's values.
fn why_lines(out: &mut String, hints: &[&Hint]) {
    for (i, hint) in hints.iter().enumerate() {
        let label = if i == 0 { "Why:" } else { "" };
        let _ = writeln!(out, "{label:<11} {hint}");
    }
}

/// The report for people, with local times in `shown.zone`.
pub fn human(decoded: &Decoded, signed_by: Option<&str>, notes: &[Note], shown: Shown) -> String {
    let zone = shown.zone;
    let token = &decoded.token;
    let clock = &decoded.time.clock;
    let mut out = String::new();
    if !token.removed.is_empty() {
        let removed: Vec<String> = token.removed.iter().map(ToString::to_string).collect();
        let _ = writeln!(out, "Input:      removed {}\n", removed.join(", "));
    }
    let alg = token.alg_text().unwrap_or("no alg");
    let _ = writeln!(
        out,
        "Header ({alg})\n{}\n",
        serde_json::to_string_pretty(&token.header).unwrap_or_default()
    );
    let kind = match (&token.payload, &token.payload_not_json) {
        (Payload::Json(_), _) => "Payload".to_owned(),
        (Payload::Text(_), Some(why)) => format!("Payload (text; not JSON: {why})"),
        (Payload::Text(_), None) => "Payload (text)".to_owned(),
        (Payload::Binary(_), _) => "Payload (binary, shown as hex)".to_owned(),
    };
    let _ = writeln!(out, "{kind}\n{}\n", token.payload.pretty());
    let verdict = match &decoded.verification {
        Verification::NotChecked if matches!(token.alg(), Ok(Alg::None)) => {
            "UNSIGNED (alg \"none\"): there is nothing to verify".to_owned()
        }
        Verification::NotChecked => {
            "not checked: no key given (use --secret-env, --secret-base64-env, --secret-file or --key)".to_owned()
        }
        Verification::Verified { key, .. } => match signed_by {
            // A key gathered from every profile already names its profile.
            Some(profile) if !matches!(key.origin, KeyOrigin::Profile(_)) => {
                format!("VERIFIED with {key} of profile \"{profile}\"")
            }
            _ => format!("VERIFIED with {key}"),
        },
        Verification::Failed(reason) => format!("NOT VERIFIED: {reason}"),
    };
    let _ = writeln!(out, "Signature:  {verdict}");
    let (time_hints, signature_hints): (Vec<&Hint>, Vec<&Hint>) = decoded
        .hints
        .iter()
        .partition(|h| matches!(h, Hint::ClockSkew { .. }));
    why_lines(&mut out, &signature_hints);
    if shown.fixed {
        let _ = writeln!(
            out,
            "At:         {} · {} (--now, not the present)",
            timefmt::zoned(clock.now, zone),
            timefmt::utc(clock.now)
        );
    }
    if decoded.time.claims.is_empty() {
        let _ = writeln!(out, "Time:       no exp, nbf or iat claims");
    }
    for (i, claim) in decoded.time.claims.iter().enumerate() {
        let label = if i == 0 { "Time:" } else { "" };
        let relative = timefmt::relative(claim, clock.now, clock.leeway);
        let line = match &claim.at {
            Ok(at) => format!(
                "{} · {} · {relative}",
                timefmt::zoned(*at, zone),
                timefmt::utc(*at)
            ),
            Err(_) => format!("{} — {relative}", claim.raw),
        };
        let _ = writeln!(out, "{label:<11} {:<4} {line}", claim.name);
    }
    why_lines(&mut out, &time_hints);
    if !notes.is_empty() {
        let _ = writeln!(out, "\nWarnings:");
        for note in notes {
            let _ = writeln!(out, "  - {}", note.message);
        }
    }
    out
}
