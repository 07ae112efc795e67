//! `jwtpad decode`.

use std::fmt::Write as _;

use anyhow::{Context, Result};
use chrono::Utc;
use clap::Args;
use serde_json::{Value, json};

use super::keyargs::{self, KeyArgs};
use super::report::{self, Note, Shown};
use super::{ExitStatus, Out, error_code, input};
use crate::engine::error::ZoneProblem;
use crate::engine::extract::{self, Found, Oddity, Partial, Source};
use crate::engine::{Clock, Decoded, Error, Part, Verification, Warning, Zone, timespec};

/// Arguments of `jwtpad decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token, the key and the clock.
    #[command(flatten)]
    pub input: TokenArgs,
    /// Print one JSON object instead of the human report
    #[arg(long)]
    pub json: bool,
    /// Decode every token found in the input, one after the other (a JSON array with
    /// --json); the exit status is the worst of them
    #[arg(long)]
    pub all: bool,
    /// Also check the token against this template: required claims, iss, the CPF
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// With --template: the clientId iss must equal [default: the profile's]
    #[arg(long, value_name = "ID", requires = "template")]
    pub client_id: Option<String>,
}

/// What `decode` and `report` both read: the token, where the key comes from, and the
/// clock it is judged at.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// The token, or text holding it (an HTTP request, curl command, URL, OAuth response,
    /// cookie header, log line); stdin when omitted or "-"
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,
    /// Where the key comes from.
    #[command(flatten)]
    pub key: KeyArgs,
    /// Clock leeway for exp/nbf, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub leeway: u32,
    /// Evaluate time claims at TIME instead of now: unix seconds, RFC 3339 with an offset,
    /// +2h/-1d, or a wall-clock time without an offset ("2026-03-08 14:30"), read in --tz
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Show local times in ZONE, an IANA name such as America/Sao_Paulo, and read --now's
    /// wall-clock time there (default: the machine's zone)
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Try the key of every stored profile; say which one verifies ("signed_by")
    #[arg(long, conflicts_with = "keysource")]
    pub try_profiles: bool,
}

impl TokenArgs {
    /// Loads the keys, reads the text and judges the first token found in it.
    pub(super) fn judge(&self) -> Result<Judged> {
        let reading = self.read()?;
        let mut found = extract::extract(&reading.text);
        let first = found.remove(0);
        let mut decoded = decode_found(&first, reading.keys.as_ref(), &reading.clock)?;
        if let Some(name) = &self.key.profile {
            other_profile_hints(&mut decoded, name);
        }
        Ok(Judged {
            decoded,
            keys: reading.keys,
            source: first.source,
            others: found.into_iter().map(|f| f.source).collect(),
            shown: reading.shown,
            zone_note: reading.zone_note,
        })
    }

    /// Every token found, each judged on its own with the same keys and clock.
    fn judge_all(&self) -> Result<All> {
        let reading = self.read()?;
        let items = extract::extract(&reading.text)
            .into_iter()
            .map(|found| {
                let mut decoded = decode_found(&found, reading.keys.as_ref(), &reading.clock);
                if let (Ok(decoded), Some(name)) = (&mut decoded, &self.key.profile) {
                    other_profile_hints(decoded, name);
                }
                (found.source, decoded)
            })
            .collect();
        Ok(All {
            keys: reading.keys,
            items,
            shown: reading.shown,
            zone_note: reading.zone_note,
        })
    }

    /// The keys, the zone, the clock and the input text, read in that order.
    fn read(&self) -> Result<Reading> {
        let keys = if self.try_profiles {
            Some(keyargs::load_all_profiles()?)
        } else {
            self.key.load()?
        };
        let (zone, zone_note) = match self.tz.as_deref() {
            Some(name) => (Zone::named(name).context("--tz")?, None),
            None => {
                let system = Zone::system();
                (system.zone, system.fallback)
            }
        };
        let shown = Shown {
            zone,
            fixed: self.now.is_some(),
        };
        let now = match self.now.as_deref() {
            // A wall-clock `--now` is read in `--tz`, else the machine's zone.
            Some(t) => timespec::parse_in(t, Utc::now(), zone)
                .context("--now")?
                .timestamp(),
            None => Utc::now().timestamp(),
        };
        let clock = Clock::at(now, i64::from(self.leeway));
        let text = match self.token.as_deref() {
            None | Some("-") => input::stdin_text("token")?,
            Some(token) => token.to_owned(),
        };
        Ok(Reading {
            keys,
            clock,
            text,
            shown,
            zone_note,
        })
    }
}

/// What the token arguments read before any token is decoded.
struct Reading {
    keys: Option<keyargs::LoadedKeys>,
    clock: Clock,
    text: String,
    shown: Shown,
    zone_note: Option<ZoneProblem>,
}

/// When `--profile NAME` fails, names the other stored profiles that verify the token
/// (hint `other-profile`). Best effort: profiles that cannot be read add nothing.
fn other_profile_hints(decoded: &mut Decoded, name: &str) {
    if !matches!(decoded.verification, Verification::Failed(_)) {
        return;
    }
    let Ok(gathered) = keyargs::gather_all() else {
        return;
    };
    let others = gathered.others(Some(name));
    let found = crate::engine::hints::for_other_keys(
        &decoded.token,
        &decoded.verification,
        others.iter().map(|(n, k)| (n.as_str(), k)),
    );
    for hint in found {
        if !decoded.hints.contains(&hint) {
            decoded.hints.push(hint);
        }
    }
}

fn decode_found(
    found: &Found,
    keys: Option<&keyargs::LoadedKeys>,
    clock: &Clock,
) -> Result<Decoded, Undecodable> {
    extract::decode(found, keys.map(|k| &k.set), clock).map_err(|error| Undecodable {
        partial: Partial::of(&found.text, &error).map(Box::new),
        error,
        source: found.source.clone(),
    })
}

/// A found token that does not decode: the engine's error, and what of it still decodes.
#[derive(Debug)]
pub(crate) struct Undecodable {
    /// Why it does not decode.
    pub error: Error,
    /// The parts that decode, and the segment that is wrong.
    pub partial: Option<Box<Partial>>,
    /// Where it was found.
    pub source: Source,
}

impl std::fmt::Display for Undecodable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for Undecodable {}

/// Every token of the input, judged.
struct All {
    keys: Option<keyargs::LoadedKeys>,
    items: Vec<(Source, Result<Decoded, Undecodable>)>,
    shown: Shown,
    zone_note: Option<ZoneProblem>,
}

pub fn run(args: &DecodeArgs, out: Out<'_>) -> Result<ExitStatus> {
    if args.all {
        return run_all(args, out);
    }
    match decide(args) {
        Ok((text, status)) => {
            out.write_all(text.as_bytes())?;
            Ok(status)
        }
        // In JSON mode even bad input yields one JSON object, so scripts always get
        // something to parse; the exit status still says 2.
        Err(e) if args.json => {
            let doc = match e.downcast_ref::<Undecodable>() {
                Some(bad) => undecodable_json(bad, None),
                None => report::error_json(&format!("{e:#}"), error_code(&e)),
            };
            report::write_json(out, &doc)?;
            Ok(ExitStatus::BadInput)
        }
        // One sentence on stderr and nothing on stdout, as scripts expect of bad input;
        // `--json` and `--all` show the parts that decode.
        Err(e) => Err(e),
    }
}

/// `decode --all`: each token's report in turn, or a JSON array of them.
fn run_all(args: &DecodeArgs, out: Out<'_>) -> Result<ExitStatus> {
    let all = match args.input.judge_all() {
        Ok(all) => all,
        Err(e) if args.json => {
            let doc = report::error_json(&format!("{e:#}"), error_code(&e));
            report::write_json(out, &Value::Array(vec![doc]))?;
            return Ok(ExitStatus::BadInput);
        }
        Err(e) => return Err(e),
    };
    let count = all.items.len();
    let mut worst = ExitStatus::Ok;
    let mut docs = Vec::new();
    let mut text = String::new();
    for (i, (source, result)) in all.items.iter().enumerate() {
        let status = match result {
            Ok(decoded) => ExitStatus::of(decoded),
            Err(_) => ExitStatus::BadInput,
        };
        if status.code() > worst.code() {
            worst = status;
        }
        let place = if count > 1 {
            Some((i + 1, count))
        } else {
            None
        };
        match result {
            Ok(decoded) => {
                let signed_by = signed_by(decoded, all.keys.as_ref());
                let mut notes = decoded_notes(decoded, all.keys.as_ref(), args.input.try_profiles);
                if let Some(problem) = &all.zone_note {
                    notes.push(Note::new(problem.code(), problem));
                }
                notes.extend(template_notes(args, decoded)?);
                if args.json {
                    let doc = decoded_json(decoded, signed_by, &notes, source, place, all.shown);
                    docs.push(doc);
                } else {
                    let _ = writeln!(text, "{}", found_line(source, place));
                    text.push_str(&report::human(decoded, signed_by, &notes, all.shown));
                }
            }
            Err(bad) if args.json => docs.push(undecodable_json(bad, place)),
            Err(bad) => {
                let _ = writeln!(text, "{}", found_line(source, place));
                let _ = writeln!(text, "Error:      {} [{}]", bad.error, bad.error.code());
                text.push_str(&undecodable_human(bad));
            }
        }
        if !args.json && i + 1 < count {
            text.push('\n');
        }
    }
    if args.json {
        report::write_json(out, &Value::Array(docs))?;
    } else {
        out.write_all(text.as_bytes())?;
    }
    Ok(worst)
}

/// "Found:      JSON member "id_token" (2 of 3)".
fn found_line(source: &Source, place: Option<(usize, usize)>) -> String {
    match place {
        Some((n, of)) => format!("Found:      {source} (token {n} of {of})"),
        None => format!("Found:      {source}"),
    }
}

/// `source` (and, for one of several, `index` and `count`) for a token's JSON object.
fn source_json(source: &Source, place: Option<(usize, usize)>) -> Value {
    let mut doc = json!({
        "kind": source.code(),
        "name": source.name(),
        "description": source.to_string(),
    });
    if let Some((n, of)) = place {
        doc["index"] = json!(n);
        doc["count"] = json!(of);
    }
    doc
}

fn segment_name(part: Part) -> &'static str {
    match part {
        Part::Token => "token",
        Part::Header => "header",
        Part::Payload => "payload",
        Part::Signature => "signature",
    }
}

/// The `--json` object of a token that does not decode: the error, and `header` and
/// `payload` filled with what decodes (`null` for a part that does not).
fn undecodable_json(bad: &Undecodable, place: Option<(usize, usize)>) -> Value {
    let mut doc = report::error_json(&bad.error.to_string(), bad.error.code());
    if let Some(partial) = &bad.partial {
        doc["header"] = json!(partial.header);
        doc["payload"] = partial
            .payload
            .as_ref()
            .map_or(Value::Null, crate::engine::Payload::to_json);
        doc["payload_kind"] = json!(partial.payload.as_ref().map(|p| p.kind()));
        doc["alg"] = json!(
            partial
                .header
                .as_ref()
                .and_then(|h| h.get("alg"))
                .and_then(Value::as_str)
        );
    }
    let (segment, missing) = match (&bad.partial, &bad.error) {
        (Some(p), _) => (Some(p.segment), p.missing),
        (None, Error::Malformed { part, .. }) => (Some(*part), false),
        _ => (None, false),
    };
    doc["error_segment"] = json!(segment.map(segment_name));
    doc["error_segment_missing"] = json!(missing);
    doc["source"] = source_json(&bad.source, place);
    doc
}

/// What decodes of a token that does not, for people.
fn undecodable_human(bad: &Undecodable) -> String {
    let mut out = String::new();
    let Some(partial) = &bad.partial else {
        return out;
    };
    let state = if partial.missing { "missing" } else { "wrong" };
    let _ = writeln!(
        out,
        "Partial:    the {} is {state}; what decodes is shown (not verified)\n",
        segment_name(partial.segment)
    );
    if let Some(header) = &partial.header {
        let _ = writeln!(
            out,
            "Header\n{}\n",
            serde_json::to_string_pretty(header).unwrap_or_default()
        );
    }
    match &partial.payload {
        Some(payload) => {
            let _ = writeln!(out, "Payload\n{}\n", payload.pretty());
        }
        None => {
            let _ = writeln!(out, "Payload:    does not decode\n");
        }
    }
    out
}

/// The `--json` object of a decoded token, with where it was found and its odd segment.
fn decoded_json(
    decoded: &Decoded,
    signed_by: Option<&str>,
    notes: &[Note],
    source: &Source,
    place: Option<(usize, usize)>,
    shown: Shown,
) -> Value {
    let mut doc = report::decoded_json(decoded, signed_by, notes, shown);
    doc["source"] = source_json(source, place);
    // `normalized` in words; the same with stable codes, for scripts.
    doc["stripped"] = decoded
        .token
        .removed
        .iter()
        .map(|r| json!({"code": r.code(), "message": r.to_string()}))
        .collect();
    doc["segment_problem"] = match Oddity::of(&decoded.token) {
        Some(odd) => json!({
            "segment": segment_name(odd.segment()),
            "code": odd.code(),
            "message": odd.to_string(),
        }),
        None => Value::Null,
    };
    doc
}

/// The profile whose key verified, when the keys came from profiles.
fn signed_by<'a>(decoded: &Decoded, keys: Option<&'a keyargs::LoadedKeys>) -> Option<&'a str> {
    match &decoded.verification {
        Verification::Verified { index, .. } => keys?.owner(*index),
        _ => None,
    }
}

/// The warnings, the keys' notes and, when no key judged it, an odd segment.
fn decoded_notes(
    decoded: &Decoded,
    keys: Option<&keyargs::LoadedKeys>,
    try_profiles: bool,
) -> Vec<Note> {
    let mut notes = report::notes(decoded);
    if let Some(loaded) = keys {
        for (name, e) in &loaded.skipped {
            notes.push(Note::new(
                "profile-skipped",
                format_args!("profile \"{name}\" skipped: {e}"),
            ));
        }
        if let (Some(profile), Ok(token)) = (loaded.alg, decoded.token.alg())
            && profile != token
            && !try_profiles
        {
            let warning = Warning::ProfileAlgDiffers { token, profile };
            notes.push(Note::new(warning.code(), &warning));
        }
    }
    // With a key, the verdict already says it.
    if matches!(decoded.verification, Verification::NotChecked)
        && let Some(odd) = Oddity::of(&decoded.token)
        && !matches!(odd, Oddity::Alg(crate::engine::error::AlgProblem::Missing))
    {
        notes.push(Note::new(odd.code(), &odd));
    }
    notes
}

/// With `--template`: what the token misses of it (required claims, iss, the CPF).
fn template_notes(args: &DecodeArgs, decoded: &Decoded) -> Result<Vec<Note>> {
    match &args.template {
        Some(name) => super::template::check_notes(
            name,
            args.client_id.as_deref(),
            args.input.key.profile.as_deref(),
            decoded,
        ),
        None => Ok(Vec::new()),
    }
}

/// What to print and the exit status; nothing is written until it is all known, so an
/// error here is always about the input.
fn decide(args: &DecodeArgs) -> Result<(String, ExitStatus)> {
    let judged = args.input.judge()?;
    let (decoded, signed_by) = (&judged.decoded, judged.signed_by());
    let mut notes = decoded_notes(decoded, judged.keys.as_ref(), args.input.try_profiles);
    if let Some(problem) = &judged.zone_note {
        notes.push(Note::new(problem.code(), problem));
    }
    notes.extend(template_notes(args, decoded)?);
    if !judged.others.is_empty() {
        let others: Vec<String> = judged.others.iter().map(ToString::to_string).collect();
        notes.push(Note::new(
            "more-tokens",
            format_args!(
                "{} more {} found after this one: {} (decode --all shows each)",
                others.len(),
                if others.len() == 1 { "token" } else { "tokens" },
                others.join(", ")
            ),
        ));
    }
    let text = if args.json {
        let doc = decoded_json(
            decoded,
            signed_by,
            &notes,
            &judged.source,
            None,
            judged.shown,
        );
        let mut text = serde_json::to_string_pretty(&doc)?;
        text.push('\n');
        text
    } else {
        let mut text = String::new();
        if judged.source != Source::Whole {
            let _ = writeln!(text, "{}", found_line(&judged.source, None));
        }
        text.push_str(&report::human(decoded, signed_by, &notes, judged.shown));
        text
    };
    Ok((text, ExitStatus::of(decoded)))
}

/// The first token found, decoded and judged, with the keys it was judged with.
pub(super) struct Judged {
    pub decoded: Decoded,
    pub keys: Option<keyargs::LoadedKeys>,
    /// Where it was found.
    pub source: Source,
    /// Where the other tokens of the input were found, in order.
    pub others: Vec<Source>,
    /// The zone local times are shown in, and whether `--now` set the clock.
    pub shown: Shown,
    /// Why the machine's zone is UTC, when `--tz` was not given and it could not be found.
    pub zone_note: Option<ZoneProblem>,
}

impl Judged {
    /// The profile whose key verified, when the keys came from profiles.
    pub fn signed_by(&self) -> Option<&str> {
        signed_by(&self.decoded, self.keys.as_ref())
    }
}
