//! `jwtpad template list|show|add|rm`, and the template side of `encode --template` and
//! `decode --template`.

use anyhow::{Context as _, Result};
use chrono::Utc;
use clap::{Args, Subcommand};
use serde_json::{Map, Value, json};

use super::encode::EncodeArgs;
use super::keyargs::{KeyArgs, LoadedKeys};
use super::report::Note;
use super::{ExitStatus, Out, input};
use crate::engine::error::JsonDoc;
use crate::engine::sign::{self, SignRequest};
use crate::engine::template::{self, Context, OsRandom, Template};
use crate::engine::{Alg, Decoded, json, timespec};
use crate::profiles::{self, Profiles};
use crate::templates::{Listed, TemplateStore};

/// `jwtpad template …`.
#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// List the built-in and saved templates.
    List {
        /// Print JSON instead of lines
        #[arg(long)]
        json: bool,
    },
    /// Show one template: header, payload, profile, algorithm and required claims.
    Show {
        /// The template's name
        name: String,
        /// Print the template as JSON
        #[arg(long)]
        json: bool,
    },
    /// Save a template (non-secret JSON in the config directory).
    Add(AddArgs),
    /// Remove a saved template (built-ins stay).
    Rm {
        /// The template's name
        name: String,
    },
}

/// Arguments of `jwtpad template add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The template's name: letters, digits, '.', '_' or '-'
    pub name: String,
    /// A template JSON file ({"header":..,"payload":..,"required":[..]}), or - for stdin;
    /// the flags below override what it says
    #[arg(long, value_name = "FILE")]
    pub file: Option<String>,
    /// The header: JSON text or @FILE; string values may hold placeholders
    #[arg(long, value_name = "JSON|@FILE")]
    pub header: Option<String>,
    /// The payload: JSON text or @FILE; string values may hold placeholders such as
    /// {{clientId}}, {{now+15m}}, {{cpf}}, {{uuid}}, {{seq}}, {{env:NAME}}
    #[arg(long, value_name = "JSON|@FILE")]
    pub payload: Option<String>,
    /// The profile that signs by default
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// The algorithm to sign with by default
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Option<Alg>,
    /// A claim the server requires (repeat for more)
    #[arg(long = "require", value_name = "CLAIM")]
    pub require: Vec<String>,
    /// The claim holding the CPF [default: personId]
    #[arg(long, value_name = "CLAIM")]
    pub person_claim: Option<String>,
    /// Replace a saved template of the same name
    #[arg(long)]
    pub force: bool,
}

fn parse_alg(text: &str) -> Result<Alg, String> {
    text.parse()
        .map_err(|e: crate::engine::alg::UnknownAlg| e.to_string())
}

pub fn run(command: &TemplateCommand, out: Out<'_>) -> Result<ExitStatus> {
    let store = TemplateStore::open_default()?;
    match command {
        TemplateCommand::List { json } => list(&store, *json, out),
        TemplateCommand::Show { name, json } => {
            let listed = store.get(name)?;
            if *json {
                super::report::write_json(out, &template_json(&listed))?;
            } else {
                show(&listed, out)?;
            }
            Ok(ExitStatus::Ok)
        }
        TemplateCommand::Add(args) => {
            let template = from_args(args)?;
            let path = store.save(&template, args.force)?;
            writeln!(
                out,
                "Saved template \"{}\" to {}",
                template.name,
                path.display()
            )?;
            Ok(ExitStatus::Ok)
        }
        TemplateCommand::Rm { name } => {
            store.remove(name)?;
            writeln!(out, "Removed template \"{name}\"")?;
            Ok(ExitStatus::Ok)
        }
    }
}

fn from_args(args: &AddArgs) -> Result<Template> {
    let mut template = match &args.file {
        Some(file) => {
            let text = match file.as_str() {
                "-" => input::stdin_text("template")?,
                path => std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read template file {path}"))?,
            };
            // The name is the argument's: a file may come from another machine.
            let mut value: Value =
                serde_json::from_str(&text).map_err(|e| template::TemplateError::Invalid {
                    detail: e.to_string(),
                    line: e.line(),
                    column: e.column(),
                })?;
            if let Value::Object(m) = &mut value {
                m.insert("name".into(), Value::String(args.name.clone()));
            }
            Template::from_json(&value.to_string())?
        }
        None => Template::new(&args.name, Map::new(), Map::new()),
    };
    if let Some(text) = &args.header {
        template.header =
            json::parse_object(&input::json_arg(text, "header", false)?, JsonDoc::Header)?;
    }
    if let Some(text) = &args.payload {
        template.payload =
            json::parse_object(&input::json_arg(text, "payload", false)?, JsonDoc::Payload)?;
    }
    if args.profile.is_some() {
        template.profile.clone_from(&args.profile);
    }
    if args.alg.is_some() {
        template.alg = args.alg;
    }
    if !args.require.is_empty() {
        template.required.clone_from(&args.require);
    }
    if let Some(claim) = &args.person_claim {
        template.person_claim.clone_from(claim);
    }
    template::validate_name(&template.name)?;
    Ok(template)
}

fn template_json(listed: &Listed) -> Value {
    let mut value = serde_json::to_value(&listed.template).unwrap_or_default();
    if let Value::Object(m) = &mut value {
        m.insert("builtin".into(), Value::Bool(listed.builtin));
    }
    value
}

fn list(store: &TemplateStore, as_json: bool, out: Out<'_>) -> Result<ExitStatus> {
    let (listed, problems) = store.list();
    if as_json {
        let templates: Vec<Value> = listed.iter().map(template_json).collect();
        let problems: Vec<Value> = problems
            .iter()
            .map(|p| json!({"code": p.code(), "message": p.to_string()}))
            .collect();
        super::report::write_json(out, &json!({"templates": templates, "problems": problems}))?;
    } else {
        for l in &listed {
            let t = &l.template;
            let mut line = t.name.clone();
            if l.builtin {
                line.push_str("  (built-in)");
            }
            if let Some(alg) = t.alg {
                line.push_str(&format!("  [{alg}]"));
            }
            if let Some(profile) = &t.profile {
                line.push_str(&format!("  profile: {profile}"));
            }
            if !t.required.is_empty() {
                line.push_str(&format!("  requires: {}", t.required.join(", ")));
            }
            writeln!(out, "{line}")?;
        }
        for p in &problems {
            eprintln!("warning: {p}");
        }
    }
    Ok(ExitStatus::Ok)
}

fn show(listed: &Listed, out: Out<'_>) -> Result<()> {
    let t = &listed.template;
    writeln!(out, "name:         {}", t.name)?;
    writeln!(
        out,
        "built-in:     {}",
        if listed.builtin { "yes" } else { "no" }
    )?;
    writeln!(
        out,
        "algorithm:    {}",
        t.alg
            .map_or_else(|| "(the key's)".to_owned(), |a| a.to_string())
    )?;
    writeln!(
        out,
        "profile:      {}",
        t.profile.as_deref().unwrap_or("(none)")
    )?;
    writeln!(
        out,
        "requires:     {}",
        if t.required.is_empty() {
            "(nothing)".to_owned()
        } else {
            t.required.join(", ")
        }
    )?;
    writeln!(out, "person claim: {}", t.person_claim)?;
    writeln!(
        out,
        "header:\n{}",
        serde_json::to_string_pretty(&t.header).unwrap_or_default()
    )?;
    writeln!(
        out,
        "payload:\n{}",
        serde_json::to_string_pretty(&t.payload).unwrap_or_default()
    )?;
    Ok(())
}

/// The clientId for `{{clientId}}` and the `iss` check: `--client-id`, else the profile's.
fn client_id(given: Option<&str>, profile: Option<&str>) -> Result<Option<String>> {
    if let Some(id) = given {
        return Ok(Some(id.to_owned()));
    }
    let Some(name) = profile else {
        return Ok(None);
    };
    // The clientId is in the settings file: no keyring is needed to read it.
    let memory = crate::secrets::MemoryStore::default();
    let listed = Profiles::new(profiles::default_settings_path()?, &memory);
    Ok(listed.get(name)?.client_id)
}

/// Where the key comes from: the options given, else the template's default profile.
fn key_args(given: &KeyArgs, template: &Template) -> KeyArgs {
    let mut args = given.clone();
    let none_given = args.secret_env.is_none()
        && args.secret_base64_env.is_none()
        && args.secret_file.is_none()
        && args.key.is_none()
        && args.profile.is_none();
    if none_given {
        args.profile.clone_from(&template.profile);
    }
    args
}

/// A template with its keys and clientId resolved: what `encode --template` does before it
/// renders, for every command that makes tokens from a template.
pub(super) struct Prepared {
    /// The template (with `--person-claim` applied).
    pub template: Template,
    /// The keys to sign with: the options given, else the template's default profile.
    pub keys: Option<LoadedKeys>,
    /// `--client-id`, else the signing profile's.
    pub client_id: Option<String>,
}

impl Prepared {
    /// Finds template `name`, loads the signing keys (a verify-only profile is refused) and
    /// the clientId.
    pub(super) fn load(
        name: &str,
        key: &KeyArgs,
        client_id: Option<&str>,
        person_claim: Option<&str>,
    ) -> Result<Self> {
        let store = TemplateStore::open_default()?;
        let mut template = store.get(name)?.template;
        if let Some(claim) = person_claim {
            template = template.with_person_claim(claim);
        }
        let key_args = key_args(key, &template);
        let keys = key_args.load_signing()?;
        let client_id = self::client_id(client_id, key_args.profile.as_deref())?;
        Ok(Prepared {
            template,
            keys,
            client_id,
        })
    }

    /// The algorithm: an explicit `--alg`, then the template's, the profile's, the header's,
    /// the key's, else HS256.
    pub(super) fn alg(&self, explicit: Option<Alg>, header: &Map<String, Value>) -> Alg {
        let key = self.keys.as_ref().and_then(|k| k.set.signer());
        let header_alg = header
            .get("alg")
            .and_then(Value::as_str)
            .and_then(|a| a.parse().ok());
        explicit
            .or(self.template.alg)
            .or(self.keys.as_ref().and_then(|k| k.alg))
            .or(header_alg)
            .or_else(|| key.map(|k| k.default_alg()))
            .unwrap_or(Alg::HS256)
    }
}

/// `jwtpad encode --template NAME`: renders the template (clientId from `--client-id` or the
/// profile, now, a fresh CPF), applies `--exp`/`--nbf`/`--iat`, `--set` and `--set-json`, and
/// signs.
pub fn encode(name: &str, args: &EncodeArgs, out: Out<'_>) -> Result<ExitStatus> {
    let prepared = Prepared::load(
        name,
        &args.key,
        args.client_id.as_deref(),
        args.person_claim.as_deref(),
    )?;
    let mut sets = Vec::new();
    for text in &args.set {
        sets.push(template::parse_set(text).context("--set")?);
    }
    for text in &args.set_json {
        sets.push(template::parse_set_json(text).context("--set-json")?);
    }

    let now = Utc::now();
    let mut source = OsRandom;
    let mut ctx = Context::new(prepared.client_id.as_deref(), now.timestamp(), &mut source);
    let mut times = Vec::new();
    for (claim, spec) in [("exp", &args.exp), ("nbf", &args.nbf), ("iat", &args.iat)] {
        let Some(spec) = spec else { continue };
        let at = timespec::parse(spec, now).with_context(|| format!("--{claim}"))?;
        times.push((claim.to_owned(), Value::from(at)));
    }
    let mut rendered = prepared.template.render(&mut ctx)?;
    rendered.apply(&times);
    rendered.apply(&sets);

    let mut header = rendered.header;
    if let Some(text) = &args.header {
        header.extend(json::parse_object(
            &input::json_arg(text, "header", false)?,
            JsonDoc::Header,
        )?);
    }
    let key = match &prepared.keys {
        Some(loaded) => Some(loaded.set.signer().context("no key found")?),
        None => None,
    };
    let alg = prepared.alg(args.alg, &header);
    let (header, _) = sign::place_alg(header, alg);
    let payload = rendered.payload;
    let warnings =
        prepared
            .template
            .check(&payload, Some(alg.name()), prepared.client_id.as_deref());
    let signed = sign::sign(SignRequest {
        header,
        payload: Value::Object(payload),
        alg,
        key,
    })?;
    for warning in &signed.warnings {
        eprintln!("warning: {warning}");
    }
    for warning in &warnings {
        eprintln!("warning: {warning} [{}]", warning.code());
    }
    writeln!(out, "{}", signed.token)?;
    Ok(ExitStatus::Ok)
}

/// `decode --template NAME`: the template's warnings about `decoded`, as notes.
pub fn check_notes(
    name: &str,
    given_client_id: Option<&str>,
    profile: Option<&str>,
    decoded: &Decoded,
) -> Result<Vec<Note>> {
    let template = TemplateStore::open_default()?.get(name)?.template;
    let client_id = client_id(given_client_id, profile.or(template.profile.as_deref()))?;
    let empty = Map::new();
    let claims = decoded.token.payload.claims().unwrap_or(&empty);
    Ok(template
        .check(claims, decoded.token.alg_text(), client_id.as_deref())
        .iter()
        .map(|w| Note::new(w.code(), w))
        .collect())
}
