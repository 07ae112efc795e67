//! `jwtpad decode`.

use anyhow::{Context, Result};
use chrono::Utc;
use clap::Args;

use super::keyargs::{self, KeyArgs};
use super::report::{self, Note, Shown};
use super::{ExitStatus, Out, error_code, input};
use crate::engine::error::ZoneProblem;
use crate::engine::{Clock, Verification, Warning, Zone, decode, timespec};

/// Arguments of `jwtpad decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token, the key and the clock.
    #[command(flatten)]
    pub input: TokenArgs,
    /// Print one JSON object instead of the human report
    #[arg(long)]
    pub json: bool,
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
    /// The token ("Bearer ", quotes and line breaks are fine); stdin when omitted or "-"
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
    /// Loads the keys, reads the token and judges it.
    pub(super) fn judge(&self) -> Result<Judged> {
        let keys = if self.try_profiles {
            Some(keyargs::load_all_profiles()?)
        } else {
            self.key.load()?
        };
        let mut judged = judge(
            self.token.as_deref(),
            self.now.as_deref(),
            self.tz.as_deref(),
            self.leeway,
            keys,
        )?;
        if let Some(name) = &self.key.profile {
            other_profile_hints(&mut judged.decoded, name);
        }
        Ok(judged)
    }
}

pub fn run(args: &DecodeArgs, out: Out<'_>) -> Result<ExitStatus> {
    match decide(args) {
        Ok((text, status)) => {
            out.write_all(text.as_bytes())?;
            Ok(status)
        }
        // In JSON mode even bad input yields one JSON object, so scripts always get
        // something to parse; the exit status still says 2.
        Err(e) if args.json => {
            let doc = report::error_json(&format!("{e:#}"), error_code(&e));
            report::write_json(out, &doc)?;
            Ok(ExitStatus::BadInput)
        }
        Err(e) => Err(e),
    }
}

/// What to print and the exit status; nothing is written until it is all known, so an
/// error here is always about the input.
fn decide(args: &DecodeArgs) -> Result<(String, ExitStatus)> {
    let judged = args.input.judge()?;
    let (decoded, keys, signed_by) = (&judged.decoded, &judged.keys, judged.signed_by());
    let mut notes = report::notes(decoded);
    if let Some(problem) = &judged.zone_note {
        notes.push(Note::new(problem.code(), problem));
    }
    if let Some(loaded) = &keys {
        for (name, e) in &loaded.skipped {
            notes.push(Note::new(
                "profile-skipped",
                format_args!("profile \"{name}\" skipped: {e}"),
            ));
        }
        if let (Some(profile), Ok(token)) = (loaded.alg, decoded.token.alg())
            && profile != token
            && !args.input.try_profiles
        {
            let warning = Warning::ProfileAlgDiffers { token, profile };
            notes.push(Note::new(warning.code(), &warning));
        }
    }
    if let Some(name) = &args.template {
        notes.extend(super::template::check_notes(
            name,
            args.client_id.as_deref(),
            args.input.key.profile.as_deref(),
            decoded,
        )?);
    }
    let text = if args.json {
        let doc = report::decoded_json(decoded, signed_by, &notes, judged.shown);
        let mut text = serde_json::to_string_pretty(&doc)?;
        text.push('\n');
        text
    } else {
        report::human(decoded, signed_by, &notes, judged.shown)
    };
    Ok((text, ExitStatus::of(decoded)))
}

/// When `--profile NAME` fails, names the other stored profiles that verify the token
/// (hint `other-profile`). Best effort: profiles that cannot be read add nothing.
fn other_profile_hints(decoded: &mut crate::engine::Decoded, name: &str) {
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

/// A token read, decoded and judged, with the keys it was judged with.
pub(super) struct Judged {
    pub decoded: crate::engine::Decoded,
    pub keys: Option<keyargs::LoadedKeys>,
    /// The zone local times are shown in, and whether `--now` set the clock.
    pub shown: Shown,
    /// Why the machine's zone is UTC, when `--tz` was not given and it could not be found.
    pub zone_note: Option<ZoneProblem>,
}

impl Judged {
    /// The profile whose key verified, when the keys came from profiles.
    pub fn signed_by(&self) -> Option<&str> {
        match &self.decoded.verification {
            Verification::Verified { index, .. } => self.keys.as_ref()?.owner(*index),
            _ => None,
        }
    }
}

/// Reads the token (the argument, or stdin when it is absent or "-"), and decodes and
/// judges it with `keys` at `--now` (else now; a wall-clock `--now` is read in `--tz`, else
/// the machine's zone) with `leeway`: what `decode` and `report` share.
fn judge(
    token: Option<&str>,
    now: Option<&str>,
    tz: Option<&str>,
    leeway: u32,
    keys: Option<keyargs::LoadedKeys>,
) -> Result<Judged> {
    let (zone, zone_note) = match tz {
        Some(name) => (Zone::named(name).context("--tz")?, None),
        None => {
            let system = Zone::system();
            (system.zone, system.fallback)
        }
    };
    let shown = Shown {
        zone,
        fixed: now.is_some(),
    };
    let now = match now {
        Some(t) => timespec::parse_in(t, Utc::now(), zone)
            .context("--now")?
            .timestamp(),
        None => Utc::now().timestamp(),
    };
    let clock = Clock::at(now, i64::from(leeway));
    let text = match token {
        None | Some("-") => input::stdin_text("token")?,
        Some(token) => token.to_owned(),
    };
    let decoded = decode(&text, keys.as_ref().map(|k| &k.set), &clock)?;
    Ok(Judged {
        decoded,
        keys,
        shown,
        zone_note,
    })
}
