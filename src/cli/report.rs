//! What `decode` prints: one JSON object for scripts, a readable report for people.

use serde_json::{Map, Value, json};
use std::fmt::Write as _;

use crate::engine::{Decoded, TimeStatus, Verification};

/// The `--json` object for a decoded token.
/// `signed_by` names the profile whose key verified, when keys came from profiles.
pub fn decoded_json(decoded: &Decoded, signed_by: Option<&str>) -> Value {
    let token = &decoded.token;
    let mut time = Map::new();
    for claim in &decoded.time.claims {
        let mut entry = Map::new();
        entry.insert("value".into(), claim.raw.clone());
        entry.insert("utc".into(), json!(claim.utc));
        entry.insert("local".into(), json!(claim.local));
        entry.insert("relative".into(), json!(claim.relative));
        entry.insert("status".into(), json!(claim.status.code()));
        if let TimeStatus::Invalid(why) = &claim.status {
            entry.insert("problem".into(), json!(why));
        }
        time.insert(claim.name.into(), Value::Object(entry));
    }
    let (status, key, reason) = match &decoded.verification {
        Verification::NotChecked => ("not_checked", None, None),
        Verification::Verified { key, .. } => ("verified", Some(key.as_str()), None),
        Verification::Failed { reason, .. } => ("failed", None, Some(reason.as_str())),
    };
    json!({
        "header": token.header,
        "payload": token.payload.to_json(),
        "payload_kind": token.payload.kind(),
        "payload_note": token.payload_not_json,
        "alg": token.alg_text(),
        "verified": decoded.verification.verified(),
        "verification": { "status": status, "key": key, "reason": reason },
        "signed_by": signed_by,
        "error": trust_error(decoded),
        "time": time,
        "time_valid": decoded.time.valid(),
        "warnings": decoded.warnings,
        "normalized": token.removed,
        "segments": { "header": token.segments[0], "payload": token.segments[1], "signature": token.segments[2] },
    })
}

/// Why the exit status is 1, or `None` when it is 0.
fn trust_error(decoded: &Decoded) -> Option<String> {
    match &decoded.verification {
        Verification::NotChecked => None,
        Verification::Failed { reason, .. } => Some(format!("not verified: {reason}")),
        Verification::Verified { .. } => decoded
            .time
            .claims
            .iter()
            .find(|c| {
                matches!(
                    c.status,
                    TimeStatus::Expired | TimeStatus::NotYetValid | TimeStatus::Invalid(_)
                )
            })
            .map(|c| match &c.status {
                TimeStatus::Invalid(why) => format!("\"{}\" is not a valid time: {why}", c.name),
                _ => format!("the signature holds, but \"{}\": {}", c.name, c.relative),
            }),
    }
}

/// The `--json` object when the input could not be decoded at all.
pub fn error_json(message: &str) -> Value {
    json!({
        "header": null,
        "payload": null,
        "verified": null,
        "error": message,
        "time": {},
        "time_valid": null,
        "warnings": [],
        "normalized": [],
    })
}

/// Prints one JSON document and a newline.
pub fn print_json(value: &Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into())
    );
}

/// The report for people.
pub fn human(decoded: &Decoded, signed_by: Option<&str>) -> String {
    let token = &decoded.token;
    let mut out = String::new();
    if !token.removed.is_empty() {
        let _ = writeln!(out, "Input:      removed {}\n", token.removed.join(", "));
    }
    let alg = token.alg_text().unwrap_or("no alg");
    let _ = writeln!(
        out,
        "Header ({alg})\n{}\n",
        serde_json::to_string_pretty(&token.header).unwrap_or_default()
    );
    let kind = match (&token.payload, &token.payload_not_json) {
        (crate::engine::Payload::Json(_), _) => "Payload".to_owned(),
        (crate::engine::Payload::Text(_), Some(why)) => format!("Payload (text; not JSON: {why})"),
        (crate::engine::Payload::Text(_), None) => "Payload (text)".to_owned(),
        (crate::engine::Payload::Binary(_), _) => "Payload (binary, shown as hex)".to_owned(),
    };
    let _ = writeln!(out, "{kind}\n{}\n", token.payload.pretty());
    let verdict = match &decoded.verification {
        Verification::NotChecked if matches!(token.alg(), Ok(crate::engine::Alg::None)) => {
            "UNSIGNED (alg \"none\"): there is nothing to verify".to_owned()
        }
        Verification::NotChecked => {
            "not checked: no key given (use --secret-env, --secret-base64-env, --secret-file or --key)".to_owned()
        }
        Verification::Verified { key, .. } => match signed_by {
            Some(profile) if !key.contains("profile") => {
                format!("VERIFIED with {key} of profile \"{profile}\"")
            }
            _ => format!("VERIFIED with {key}"),
        },
        Verification::Failed { reason, .. } => format!("NOT VERIFIED: {reason}"),
    };
    let _ = writeln!(out, "Signature:  {verdict}");
    if decoded.time.claims.is_empty() {
        let _ = writeln!(out, "Time:       no exp, nbf or iat claims");
    }
    for (i, claim) in decoded.time.claims.iter().enumerate() {
        let label = if i == 0 { "Time:" } else { "" };
        let line = match (&claim.local, &claim.utc) {
            (Some(local), Some(utc)) => format!("{local} (local) · {utc} · {}", claim.relative),
            _ => format!("{} — {}", claim.raw, claim.relative),
        };
        let _ = writeln!(out, "{label:<11} {:<4} {line}", claim.name);
    }
    if !decoded.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings:");
        for warning in &decoded.warnings {
            let _ = writeln!(out, "  - {warning}");
        }
    }
    out
}
