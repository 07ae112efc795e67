//! `jwtpad suite`: the negative-test suite for a template and a key, as JSON, JSON lines,
//! CSV or a Markdown test plan.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::Utc;
use clap::Args;

use super::keyargs::KeyArgs;
use super::{ExitStatus, Out};
use crate::engine::claims::Clock;
use crate::engine::suite::{self, Baseline, Format, Rules};
use crate::engine::template::{Context as RenderContext, OsRandom, Template};
use crate::engine::{Alg, sign};
use crate::profiles::{self, Profiles};

/// Arguments of `jwtpad suite`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    jwtpad suite --template caf-smart-auth --profile 'Caf beta' --format csv --out suite.csv\n  \
    jwtpad suite --template caf-smart-auth --secret-env CLIENT_SECRET --client-id my-client --format markdown")]
pub struct SuiteArgs {
    /// The template the baseline token is made from (jwtpad template list)
    #[arg(long, value_name = "NAME")]
    pub template: String,
    /// The clientId for {{clientId}} and the iss check [default: the profile's]
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// The claim that holds the CPF, e.g. peopleId [default: the template's]
    #[arg(long, value_name = "CLAIM")]
    pub person_claim: Option<String>,
    /// The algorithm the server expects [default: the template's, else the profile's]
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Option<Alg>,
    /// The server's clock leeway in seconds, for the "just past the leeway" case
    #[arg(long, value_name = "SECS", default_value_t = Clock::DEFAULT_LEEWAY)]
    pub leeway: i64,
    /// json (one document), jsonl (a case a line), csv, or markdown (a test plan without tokens)
    #[arg(long, value_name = "FORMAT", default_value = "json", value_parser = parse_format)]
    pub format: Format,
    /// Write to FILE instead of standard output (it must not exist, unless --force)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// With --out: replace FILE if it exists
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Where the key comes from [default: the template's profile].
    #[command(flatten)]
    pub key: KeyArgs,
}

fn parse_alg(text: &str) -> Result<Alg, String> {
    text.parse()
        .map_err(|e: crate::engine::alg::UnknownAlg| e.to_string())
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse().map_err(|other: String| {
        format!("unknown format \"{other}\": use json, jsonl, csv or markdown")
    })
}

pub fn run(args: &SuiteArgs, out: Out<'_>) -> Result<ExitStatus> {
    let mut template = load_template(&args.template)?;
    if let Some(claim) = &args.person_claim {
        template = template.with_person_claim(claim);
    }
    let mut key_args = args.key.clone();
    let none_given = key_args.secret_env.is_none()
        && key_args.secret_base64_env.is_none()
        && key_args.secret_file.is_none()
        && key_args.key.is_none()
        && key_args.profile.is_none();
    if none_given {
        key_args.profile.clone_from(&template.profile);
    }
    let Some(keys) = key_args.load_signing()? else {
        bail!(
            "a suite is signed with the real key: give --profile, --secret-env, --secret-base64-env, --secret-file or --key"
        );
    };
    let key = keys.set.signer().context("no key found")?;
    let client_id = match &args.client_id {
        Some(id) => Some(id.clone()),
        None => profile_client_id(key_args.profile.as_deref())?,
    };
    if args.alg.is_some() {
        // The server under test expects what --alg says, whatever the template names.
        template.alg = args.alg;
    }
    let alg = args
        .alg
        .or(template.alg)
        .or(keys.alg)
        .unwrap_or_else(|| key.default_alg());

    let now = Utc::now().timestamp();
    let mut source = OsRandom;
    let mut ctx = RenderContext::new(client_id.as_deref(), now, &mut source);
    let rendered = template.render(&mut ctx)?;
    let (header, _) = sign::place_alg(rendered.header, alg);
    let baseline = Baseline {
        header,
        payload: rendered.payload,
        key,
        alg,
        rules: Rules::new(template, alg, client_id),
    };
    let made = suite::make(&baseline, now, args.leeway)?;
    let text = made.render(args.format);
    match &args.out {
        None => out.write_all(text.as_bytes())?,
        Some(path) => {
            write_new(path, text.as_bytes(), args.force)?;
            eprintln!(
                "jwtpad: wrote {} cases ({}) to {}",
                made.cases.len(),
                args.format.name(),
                path.display()
            );
        }
    }
    Ok(ExitStatus::Ok)
}

/// A built-in template, or the user's of that name.
fn load_template(name: &str) -> Result<Template> {
    Ok(crate::templates::TemplateStore::open_default()?
        .get(name)?
        .template)
}

/// The profile's clientId, read from the settings file (no keyring needed).
fn profile_client_id(profile: Option<&str>) -> Result<Option<String>> {
    let Some(name) = profile else {
        return Ok(None);
    };
    let memory = crate::secrets::MemoryStore::default();
    let listed = Profiles::new(profiles::default_settings_path()?, &memory);
    Ok(listed.get(name)?.client_id)
}

/// A new file (see [`crate::suite_file::write_new`]), replaced only with `--force`.
fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    crate::suite_file::write_new(path, bytes, force).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!(
                "{} exists: choose another file, or add --force to replace it",
                path.display()
            )
        } else {
            anyhow::anyhow!("cannot write {}: {e}", path.display())
        }
    })
}
