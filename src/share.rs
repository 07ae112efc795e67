//! A summary of a token that is safe to paste into a ticket, the one builder behind
//! `jwtpad report` and the window's "Copy report". Personal data is masked by the engine's
//! rules (`engine::mask`); the token, its segments and its signature never appear, only a
//! short SHA-256 fingerprint that tells two people they mean the same token.
//!
//! Words come from `t!` (`assets/locales/report.*.yml`) in the language in force: the
//! command line's English, or the window's language. Codes, field names and the JSON form
//! never change with it.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use rust_i18n::t;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::engine::{Alg, Decoded, KeyOrigin, Verification, mask};
use crate::notes::{self, Note};
use crate::timefmt::{self, Shown};

/// The claims shown on their own lines rather than among "the other claims".
const SHOWN_APART: [&str; 5] = ["iss", "aud", "exp", "nbf", "iat"];

/// Everything the report says, already masked and in words.
#[derive(Debug)]
pub struct Report {
    fingerprint: Option<String>,
    verdict: Verdict,
    header: [(&'static str, Option<String>); 3],
    claims: Map<String, Value>,
    time: Vec<TimeRow>,
    time_valid: Option<bool>,
    /// Why it does not verify, or why its time claims fail, when a likely mistake explains it.
    hints: Vec<Note>,
    warnings: Vec<Note>,
    masked: Vec<String>,
    /// The zone of the local times (`None` for a malformed token: no times shown).
    zone: Option<&'static str>,
    /// The moment judged at, local and UTC, when it is not the present.
    at: Option<(String, String)>,
}

#[derive(Debug)]
struct Verdict {
    /// `verified`, `not_verified`, `not_checked`, `unsigned` or `malformed`.
    status: &'static str,
    code: Option<&'static str>,
    reason: Option<String>,
    key: Option<String>,
    signed_by: Option<String>,
    /// The key's words already name its profile.
    profile_named: bool,
}

#[derive(Debug)]
struct TimeRow {
    name: &'static str,
    value: Value,
    utc: Option<String>,
    local: Option<String>,
    relative: String,
    status: &'static str,
}

/// The first 12 hex digits of the SHA-256 of the compact token.
pub fn fingerprint(compact: &str) -> String {
    Sha256::digest(compact.as_bytes())[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Report {
    /// The report on `decoded`, its time claims phrased as they stand at `now` and local
    /// times shown in `shown.zone`. `signed_by` names the profile whose key verified; `extra`
    /// names claims to mask whole besides the engine's rules (`--mask`, the window's toggles).
    pub fn of(
        decoded: &Decoded,
        signed_by: Option<&str>,
        extra: &[String],
        now: DateTime<Utc>,
        shown: Shown,
    ) -> Report {
        let zone = shown.zone;
        let token = &decoded.token;
        let leeway = decoded.time.clock.leeway;
        let verdict = match &decoded.verification {
            Verification::NotChecked if matches!(token.alg(), Ok(Alg::None)) => Verdict {
                status: "unsigned",
                code: Some("alg-none"),
                reason: Some(t!("report.reason_alg_none").into_owned()),
                key: None,
                signed_by: None,
                profile_named: false,
            },
            Verification::NotChecked => Verdict {
                status: "not_checked",
                code: None,
                reason: Some(t!("report.reason_no_key").into_owned()),
                key: None,
                signed_by: None,
                profile_named: false,
            },
            Verification::Verified { key, .. } => Verdict {
                status: "verified",
                code: None,
                reason: None,
                signed_by: signed_by.map(str::to_owned),
                profile_named: matches!(key.origin, KeyOrigin::Profile(_)),
                key: Some(key.to_string()),
            },
            Verification::Failed(reason) => Verdict {
                status: "not_verified",
                code: Some(reason.code()),
                reason: Some(reason.to_string()),
                key: None,
                signed_by: None,
                profile_named: false,
            },
        };
        let header_value = |name: &str| {
            token.header.get(name).map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        };
        let (claims, masked) = match token.payload.claims() {
            Some(claims) => mask::mask_claims(claims, extra),
            None => (Map::new(), Vec::new()),
        };
        let time = decoded
            .time
            .claims
            .iter()
            .map(|claim| {
                let at = claim.at.as_ref().ok();
                TimeRow {
                    name: claim.name,
                    value: claim.raw.clone(),
                    utc: at.map(|at| timefmt::utc(*at)),
                    local: at.map(|at| timefmt::local(*at, zone)),
                    relative: timefmt::relative(claim, now, leeway),
                    status: claim.status.code(),
                }
            })
            .collect();
        let mut warnings = notes::warnings(decoded, now);
        if token.payload.claims().is_none() {
            warnings.push(Note::new(
                "payload-not-shown",
                t!("report.payload_not_shown", kind = token.payload.kind()),
            ));
        }
        Report {
            fingerprint: Some(fingerprint(&token.compact())),
            verdict,
            header: [
                ("alg", header_value("alg")),
                ("kid", header_value("kid")),
                ("typ", header_value("typ")),
            ],
            claims,
            time,
            time_valid: decoded.time.valid(),
            warnings,
            masked,
            zone: Some(zone.name()),
            at: shown.fixed.then(|| {
                let judged_at = decoded.time.clock.now;
                (timefmt::zoned(judged_at, zone), timefmt::utc(judged_at))
            }),
            hints: decoded
                .hints
                .iter()
                .map(|h| Note::new(h.code(), h))
                .collect(),
        }
    }

    /// The report when the input does not decode: what is wrong, never the input itself.
    pub fn malformed(message: String, code: &'static str) -> Report {
        Report {
            fingerprint: None,
            verdict: Verdict {
                status: "malformed",
                code: Some(code),
                reason: Some(message),
                key: None,
                signed_by: None,
                profile_named: false,
            },
            header: [("alg", None), ("kid", None), ("typ", None)],
            claims: Map::new(),
            time: Vec::new(),
            time_valid: None,
            warnings: Vec::new(),
            masked: Vec::new(),
            hints: Vec::new(),
            zone: None,
            at: None,
        }
    }

    /// Adds a warning the caller found outside the token (e.g. the machine's zone unknown).
    pub fn warn(&mut self, note: Note) {
        self.warnings.push(note);
    }

    /// The verdict in one line: `VERIFIED with …`, `NOT VERIFIED: … (code)`.
    fn verdict_line(&self) -> String {
        let v = &self.verdict;
        let why = v.reason.as_deref().unwrap_or_default();
        let code = v.code.map(|c| format!(" ({c})")).unwrap_or_default();
        let mut line = match v.status {
            "verified" => t!(
                "report.verified",
                key = v.key.as_deref().unwrap_or_default()
            ),
            "not_verified" => t!("report.not_verified", why = why, code = code),
            "unsigned" => t!("report.unsigned", why = why, code = code),
            "malformed" => t!("report.malformed", why = why, code = code),
            _ => t!("report.not_checked", why = why),
        }
        .into_owned();
        if let Some(profile) = v.signed_by.as_ref().filter(|_| !v.profile_named) {
            line.push_str(&t!("report.of_profile", profile = profile));
        }
        if v.status == "verified" && self.time_valid == Some(false) {
            line.push_str(&t!("report.time_fails"));
        }
        line
    }

    fn zone_name(&self) -> &'static str {
        self.zone.unwrap_or("local")
    }

    fn claim(&self, name: &str) -> Option<String> {
        self.claims.get(name).map(compact_json)
    }

    fn others(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.claims
            .iter()
            .filter(|(k, _)| !SHOWN_APART.contains(&k.as_str()))
    }

    /// The JSON Pointers of every value masked, in document order.
    pub fn masked(&self) -> &[String] {
        &self.masked
    }

    /// Plain text for people: aligned labels, one fact a line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let none = || t!("report.none_value").into_owned();
        let labels = Labels::new();
        match &self.fingerprint {
            Some(f) => {
                let _ = writeln!(out, "{}\n", t!("report.title_fingerprint", fingerprint = f));
            }
            None => {
                let _ = writeln!(out, "{}\n", t!("report.title"));
            }
        }
        labels.line(&mut out, &labels.verdict, &self.verdict_line());
        for (i, hint) in self.hints.iter().enumerate() {
            let label = if i == 0 { labels.why.as_str() } else { "" };
            let line = format!("{} ({})", hint.message, hint.code);
            labels.line(&mut out, label, &line);
        }
        if self.verdict.status == "malformed" {
            return out;
        }
        let header: Vec<String> = self
            .header
            .iter()
            .map(|(k, v)| format!("{k} {}", v.clone().unwrap_or_else(none)))
            .collect();
        labels.line(&mut out, &labels.header, &header.join(" · "));
        let iss = self.claim("iss").unwrap_or_else(none);
        labels.line(&mut out, &labels.issuer, &iss);
        let aud = self.claim("aud").unwrap_or_else(none);
        labels.line(&mut out, &labels.audience, &aud);
        if let Some((local, utc)) = &self.at {
            let at = t!("report.at", local = local, utc = utc);
            labels.line(&mut out, &labels.at, &at);
        }
        if self.time.is_empty() {
            labels.line(&mut out, &labels.time, &t!("report.no_time_claims"));
        }
        for (i, row) in self.time.iter().enumerate() {
            let label = if i == 0 { labels.time.as_str() } else { "" };
            let when = match (&row.utc, &row.local) {
                (Some(utc), Some(local)) => {
                    format!(
                        "{utc} · {} · ",
                        t!("report.local", local = local, zone = self.zone_name())
                    )
                }
                _ => format!("{} · ", compact_json(&row.value)),
            };
            let line = format!("{:<4} {when}{} [{}]", row.name, row.relative, row.status);
            labels.line(&mut out, label, &line);
        }
        if self.warnings.is_empty() {
            labels.line(&mut out, &labels.warnings, &t!("report.none"));
        } else {
            let _ = writeln!(out, "{}", labels.warnings);
            for note in &self.warnings {
                let _ = writeln!(out, "  - [{}] {}", note.code, note.message);
            }
        }
        let others: Vec<_> = self.others().collect();
        if others.is_empty() {
            labels.line(&mut out, &labels.claims, &t!("report.no_other_claims"));
        } else {
            let _ = writeln!(out, "{}", labels.claims);
            let width = others
                .iter()
                .map(|(k, _)| k.chars().count())
                .max()
                .unwrap_or(0);
            for (k, v) in others {
                let _ = writeln!(out, "  {k:<width$}  {}", compact_json(v));
            }
        }
        let masked = masked_list(&self.masked, &t!("report.nothing"));
        labels.line(&mut out, &labels.masked, &masked);
        out
    }

    /// Headings and tables, ready for a ticket.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "### {}", t!("report.title"));
        if let Some(f) = &self.fingerprint {
            let _ = writeln!(out, "\n{}", t!("report.md_fingerprint", fingerprint = f));
        }
        let _ = writeln!(
            out,
            "\n**{}** {}",
            t!("report.label_verdict"),
            cell(&self.verdict_line())
        );
        if !self.hints.is_empty() {
            out.push('\n');
        }
        for hint in &self.hints {
            let _ = writeln!(
                out,
                "- **{}** {} (`{}`)",
                t!("report.label_why"),
                cell(&hint.message),
                hint.code
            );
        }
        if self.verdict.status == "malformed" {
            return out;
        }
        let _ = writeln!(out, "\n{}\n|---|---|", t!("report.md_fields_head"));
        for (k, v) in &self.header {
            let _ = writeln!(out, "| `{k}` | {} |", v.as_deref().map_or("—".into(), code));
        }
        for k in ["iss", "aud"] {
            let _ = writeln!(
                out,
                "| `{k}` | {} |",
                self.claim(k).map_or("—".into(), |v| code(&v))
            );
        }
        let _ = writeln!(out, "\n#### {}\n", t!("report.md_time"));
        if let Some((local, utc)) = &self.at {
            let at = t!("report.md_at", local = cell(local), utc = cell(utc));
            let _ = writeln!(out, "{at}\n");
        }
        if self.time.is_empty() {
            let _ = writeln!(out, "{}", t!("report.md_no_time_claims"));
        } else {
            let _ = writeln!(
                out,
                "{}\n|---|---|---|---|---|",
                t!("report.md_time_head", zone = self.zone_name())
            );
            for row in &self.time {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | `{}` |",
                    row.name,
                    row.utc
                        .as_deref()
                        .map_or_else(|| code(&compact_json(&row.value)), cell),
                    row.local.as_deref().map_or("—".into(), cell),
                    cell(&row.relative),
                    row.status
                );
            }
        }
        let _ = writeln!(out, "\n#### {}\n", t!("report.md_warnings"));
        if self.warnings.is_empty() {
            let _ = writeln!(out, "{}", t!("report.md_none"));
        }
        for note in &self.warnings {
            let _ = writeln!(out, "- `{}` {}", note.code, cell(&note.message));
        }
        let _ = writeln!(out, "\n#### {}\n", t!("report.md_claims"));
        let others: Vec<_> = self.others().collect();
        if others.is_empty() {
            let _ = writeln!(out, "{}", t!("report.md_no_other_claims"));
        } else {
            let _ = writeln!(out, "{}\n|---|---|", t!("report.md_claims_head"));
            for (k, v) in others {
                let _ = writeln!(out, "| {} | {} |", code(k), code(&compact_json(v)));
            }
        }
        let masked: Vec<String> = self.masked.iter().map(|p| code(p)).collect();
        let _ = writeln!(
            out,
            "\n{} {}",
            t!("report.label_masked"),
            if masked.is_empty() {
                t!("report.nothing").into_owned()
            } else {
                masked.join(", ")
            }
        );
        out
    }

    /// One JSON object with stable field names (words in the language in force).
    pub fn json(&self) -> Value {
        let header: Map<String, Value> = self
            .header
            .iter()
            .map(|(k, v)| ((*k).to_owned(), json!(v)))
            .collect();
        let time: Map<String, Value> = self
            .time
            .iter()
            .map(|row| {
                let entry = json!({"value": row.value, "utc": row.utc, "local": row.local,
                    "relative": row.relative, "status": row.status});
                (row.name.to_owned(), entry)
            })
            .collect();
        let warnings: Vec<Value> = self
            .warnings
            .iter()
            .map(|n| json!({"code": n.code, "message": n.message}))
            .collect();
        let hints: Vec<Value> = self
            .hints
            .iter()
            .map(|n| json!({"code": n.code, "message": n.message}))
            .collect();
        let v = &self.verdict;
        let (error, error_code) = match v.status {
            "malformed" => (v.reason.clone(), v.code),
            _ => (None, None),
        };
        json!({
            "fingerprint": self.fingerprint,
            "verdict": {"status": v.status, "code": v.code, "reason": v.reason, "key": v.key,
                "signed_by": v.signed_by, "hints": hints},
            "header": header,
            "claims": self.claims,
            "time": time,
            "time_valid": self.time_valid,
            "zone": self.zone,
            "now": self.at.as_ref().map(|(_, utc)| utc),
            "warnings": warnings,
            "masked": self.masked,
            "error": error,
            "error_code": error_code,
        })
    }
}

/// The text report's labels in the language in force, padded to one width.
struct Labels {
    width: usize,
    verdict: String,
    why: String,
    header: String,
    issuer: String,
    audience: String,
    at: String,
    time: String,
    warnings: String,
    claims: String,
    masked: String,
}

impl Labels {
    fn new() -> Self {
        let mut labels = Labels {
            width: 0,
            verdict: t!("report.label_verdict").into_owned(),
            why: t!("report.label_why").into_owned(),
            header: t!("report.label_header").into_owned(),
            issuer: t!("report.label_issuer").into_owned(),
            audience: t!("report.label_audience").into_owned(),
            at: t!("report.label_at").into_owned(),
            time: t!("report.label_time").into_owned(),
            warnings: t!("report.label_warnings").into_owned(),
            claims: t!("report.label_claims").into_owned(),
            masked: t!("report.label_masked").into_owned(),
        };
        // 10 columns fit every English label; a longer translation widens them all.
        labels.width = [
            &labels.verdict,
            &labels.why,
            &labels.header,
            &labels.issuer,
            &labels.audience,
            &labels.at,
            &labels.time,
            &labels.warnings,
            &labels.claims,
            &labels.masked,
        ]
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(10);
        labels
    }

    /// `label` padded, a space, then `value`.
    fn line(&self, out: &mut String, label: &str, value: &str) {
        let _ = writeln!(out, "{label:<width$} {value}", width = self.width);
    }
}

fn compact_json(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn masked_list(paths: &[String], empty: &str) -> String {
    if paths.is_empty() {
        empty.to_owned()
    } else {
        paths.join(", ")
    }
}

/// Text safe inside a Markdown table cell: one line, `|` escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Text as inline code in a table cell; a backtick in it gets a longer fence.
fn code(text: &str) -> String {
    let text = cell(text);
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_12_hex_digits_of_sha256() {
        // SHA-256("abc") = ba7816bf8f01cfea…
        assert_eq!(fingerprint("abc"), "ba7816bf8f01");
    }

    #[test]
    fn markdown_cells_stay_cells() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(code("x`y"), "`` x`y ``");
    }
}
