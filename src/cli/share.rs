//! `jwtpad report`: a summary of a token that is safe to paste into a ticket. Personal data
//! is masked by the engine's rules (`engine::mask`); the token, its segments and its
//! signature never appear, only a short SHA-256 fingerprint that tells two people they mean
//! the same token.

use std::fmt::Write as _;

use anyhow::Result;
use clap::{Args, ValueEnum};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::decode::TokenArgs;
use super::report::{Shown, write_json};
use super::{ExitStatus, Out, error_code};
use crate::engine::{Alg, Decoded, KeyOrigin, Verification, mask};
use crate::notes::{self, Note};
use crate::timefmt;

/// Arguments of `jwtpad report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The token, the key and the clock.
    #[command(flatten)]
    pub input: TokenArgs,
    /// How to print the report
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also mask this claim whole, at any depth (repeatable)
    #[arg(long, value_name = "CLAIM")]
    pub mask: Vec<String>,
}

/// The report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text for people.
    Text,
    /// Headings and tables, ready for a ticket.
    Markdown,
    /// One JSON object with stable field names.
    Json,
}

/// The claims shown on their own lines rather than among "the other claims".
const SHOWN_APART: [&str; 5] = ["iss", "aud", "exp", "nbf", "iat"];

pub fn run(args: &ReportArgs, out: Out<'_>) -> Result<ExitStatus> {
    let report = match build(args) {
        Ok(report) => report,
        // Even bad input gets a report that says what is wrong (never the input itself).
        Err(e) => Report::malformed(format!("{e:#}"), error_code(&e)),
    };
    match args.format {
        Format::Json => write_json(out, &report.json())?,
        Format::Text => out.write_all(report.text().as_bytes())?,
        Format::Markdown => out.write_all(report.markdown().as_bytes())?,
    }
    Ok(report.status)
}

/// Everything the report says, already masked and in words.
#[derive(Debug)]
struct Report {
    fingerprint: Option<String>,
    verdict: Verdict,
    header: [(&'static str, Option<String>); 3],
    claims: Map<String, Value>,
    time: Vec<TimeRow>,
    time_valid: Option<bool>,
    warnings: Vec<Note>,
    masked: Vec<String>,
    status: ExitStatus,
    /// The zone of the local times (`None` for a malformed token: no times shown).
    zone: Option<&'static str>,
    /// The moment judged at, UTC and local, when `--now` set it.
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

fn build(args: &ReportArgs) -> Result<Report> {
    let judged = args.input.judge()?;
    let mut report = Report::of(
        &judged.decoded,
        judged.signed_by(),
        &args.mask,
        judged.shown,
    );
    if let Some(problem) = &judged.zone_note {
        report.warnings.push(Note::new(problem.code(), problem));
    }
    Ok(report)
}

/// The first 12 hex digits of the SHA-256 of the compact token.
pub fn fingerprint(compact: &str) -> String {
    Sha256::digest(compact.as_bytes())[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Report {
    fn of(decoded: &Decoded, signed_by: Option<&str>, extra: &[String], shown: Shown) -> Report {
        let token = &decoded.token;
        let clock = &decoded.time.clock;
        let zone = shown.zone;
        let verdict = match &decoded.verification {
            Verification::NotChecked if matches!(token.alg(), Ok(Alg::None)) => Verdict {
                status: "unsigned",
                code: Some("alg-none"),
                reason: Some("alg \"none\": there is nothing to verify".into()),
                key: None,
                signed_by: None,
                profile_named: false,
            },
            Verification::NotChecked => Verdict {
                status: "not_checked",
                code: None,
                reason: Some("no key given".into()),
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
                    relative: timefmt::relative(claim, clock.now, clock.leeway),
                    status: claim.status.code(),
                }
            })
            .collect();
        let mut warnings = notes::warnings(decoded, clock.now);
        if token.payload.claims().is_none() {
            warnings.push(Note::new(
                "payload-not-shown",
                format_args!(
                    "the payload is {}, not claims: it is not shown",
                    token.payload.kind()
                ),
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
            status: ExitStatus::of(decoded),
            zone: Some(zone.name()),
            at: shown
                .fixed
                .then(|| (timefmt::utc(clock.now), timefmt::zoned(clock.now, zone))),
        }
    }

    fn malformed(message: String, code: &'static str) -> Report {
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
            status: ExitStatus::BadInput,
            zone: None,
            at: None,
        }
    }

    /// The verdict in one line: `VERIFIED with …`, `NOT VERIFIED: … (code)`.
    fn verdict_line(&self) -> String {
        let v = &self.verdict;
        let why = v.reason.as_deref().unwrap_or_default();
        let code = v.code.map(|c| format!(" ({c})")).unwrap_or_default();
        let mut line = match v.status {
            "verified" => format!("VERIFIED with {}", v.key.as_deref().unwrap_or_default()),
            "not_verified" => format!("NOT VERIFIED: {why}{code}"),
            "unsigned" => format!("UNSIGNED: {why}{code}"),
            "malformed" => format!("MALFORMED: {why}{code}"),
            _ => format!("not checked: {why}"),
        };
        if let Some(profile) = v.signed_by.as_ref().filter(|_| !v.profile_named) {
            let _ = write!(line, " of profile \"{profile}\"");
        }
        if v.status == "verified" && self.time_valid == Some(false) {
            line.push_str(", but the time claims fail");
        }
        line
    }

    fn claim(&self, name: &str) -> Option<String> {
        self.claims.get(name).map(compact_json)
    }

    fn others(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.claims
            .iter()
            .filter(|(k, _)| !SHOWN_APART.contains(&k.as_str()))
    }

    fn text(&self) -> String {
        let mut out = String::new();
        let none = || "(none)".to_owned();
        match &self.fingerprint {
            Some(f) => {
                let _ = writeln!(
                    out,
                    "Token report · fingerprint {f} (SHA-256 of the token, first 12 hex digits)\n"
                );
            }
            None => out.push_str("Token report\n\n"),
        }
        let _ = writeln!(out, "Verdict:   {}", self.verdict_line());
        if self.verdict.status == "malformed" {
            return out;
        }
        let header: Vec<String> = self
            .header
            .iter()
            .map(|(k, v)| format!("{k} {}", v.clone().unwrap_or_else(none)))
            .collect();
        let _ = writeln!(out, "Header:    {}", header.join(" · "));
        let _ = writeln!(out, "Issuer:    {}", self.claim("iss").unwrap_or_else(none));
        let _ = writeln!(out, "Audience:  {}", self.claim("aud").unwrap_or_else(none));
        if let Some((utc, local)) = &self.at {
            let _ = writeln!(out, "At:        {local} · {utc} (--now, not the present)");
        }
        if self.time.is_empty() {
            let _ = writeln!(out, "Time:      no exp, nbf or iat claims");
        }
        for (i, row) in self.time.iter().enumerate() {
            let label = if i == 0 { "Time:" } else { "" };
            let when = match (&row.utc, &row.local) {
                (Some(utc), Some(local)) => {
                    format!("{utc} · {local} ({}) · ", self.zone.unwrap_or("local"))
                }
                _ => format!("{} · ", compact_json(&row.value)),
            };
            let _ = writeln!(
                out,
                "{label:<10} {:<4} {when}{} [{}]",
                row.name, row.relative, row.status
            );
        }
        if self.warnings.is_empty() {
            let _ = writeln!(out, "Warnings:  none");
        } else {
            let _ = writeln!(out, "Warnings:");
            for note in &self.warnings {
                let _ = writeln!(out, "  - [{}] {}", note.code, note.message);
            }
        }
        let others: Vec<_> = self.others().collect();
        if others.is_empty() {
            let _ = writeln!(out, "Claims:    no other claims");
        } else {
            let _ = writeln!(out, "Claims:");
            let width = others
                .iter()
                .map(|(k, _)| k.chars().count())
                .max()
                .unwrap_or(0);
            for (k, v) in others {
                let _ = writeln!(out, "  {k:<width$}  {}", compact_json(v));
            }
        }
        let _ = writeln!(out, "Masked:    {}", masked_list(&self.masked, "nothing"));
        out
    }

    fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "### Token report");
        if let Some(f) = &self.fingerprint {
            let _ = writeln!(
                out,
                "\nFingerprint `{f}` (SHA-256 of the token, first 12 hex digits)"
            );
        }
        let _ = writeln!(out, "\n**Verdict:** {}", cell(&self.verdict_line()));
        if self.verdict.status == "malformed" {
            return out;
        }
        let _ = writeln!(out, "\n| field | value |\n|---|---|");
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
        let _ = writeln!(out, "\n#### Time\n");
        if let Some((utc, local)) = &self.at {
            let _ = writeln!(
                out,
                "Checked at {} · {} (`--now`, not the present)\n",
                cell(local),
                cell(utc)
            );
        }
        if self.time.is_empty() {
            let _ = writeln!(out, "No `exp`, `nbf` or `iat` claims.");
        } else {
            let _ = writeln!(
                out,
                "| claim | UTC | local ({}) | relative | status |\n|---|---|---|---|---|",
                self.zone.unwrap_or("local")
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
        let _ = writeln!(out, "\n#### Warnings\n");
        if self.warnings.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for note in &self.warnings {
            let _ = writeln!(out, "- `{}` {}", note.code, cell(&note.message));
        }
        let _ = writeln!(out, "\n#### Claims (masked)\n");
        let others: Vec<_> = self.others().collect();
        if others.is_empty() {
            let _ = writeln!(out, "No other claims.");
        } else {
            let _ = writeln!(out, "| claim | value |\n|---|---|");
            for (k, v) in others {
                let _ = writeln!(out, "| {} | {} |", code(k), code(&compact_json(v)));
            }
        }
        let masked: Vec<String> = self.masked.iter().map(|p| code(p)).collect();
        let _ = writeln!(
            out,
            "\nMasked: {}",
            if masked.is_empty() {
                "nothing".into()
            } else {
                masked.join(", ")
            }
        );
        out
    }

    fn json(&self) -> Value {
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
        let v = &self.verdict;
        let (error, error_code) = match v.status {
            "malformed" => (v.reason.clone(), v.code),
            _ => (None, None),
        };
        json!({
            "fingerprint": self.fingerprint,
            "verdict": {"status": v.status, "code": v.code, "reason": v.reason, "key": v.key,
                "signed_by": v.signed_by},
            "header": header,
            "claims": self.claims,
            "time": time,
            "time_valid": self.time_valid,
            "zone": self.zone,
            "now": self.at.as_ref().map(|(utc, _)| utc),
            "warnings": warnings,
            "masked": self.masked,
            "error": error,
            "error_code": error_code,
        })
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
