//! `jwtpad profile`: named keys whose secrets live in the OS keyring.

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use serde_json::json;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use zeroize::Zeroizing;

use super::keyargs::KeySourceError;
use super::keyargs::{connect_keyring, strip_one_newline};
use super::{ExitStatus, Out};
use crate::engine::keys::KeyShape;
use crate::engine::keys::export::PublicFormat;
use crate::engine::{Alg, KeySet, Secret};
use crate::profiles::{self, KeyKind, KeySummary, Profile, ProfileError, Profiles, summarize};

/// `jwtpad profile ...`
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Add a profile. The HMAC secret is read from stdin (a hidden prompt on a terminal),
    /// never from an argument; asymmetric keys come from --key-file. With --public-key
    /// alone, a verify-only profile: an issuer's public keys, kept in the settings file.
    Add(AddArgs),
    /// Replace a verify-only profile's public keys (after the issuer rotated them) and say
    /// which kids were added or removed
    Update {
        /// The profile name
        name: String,
        /// The new public keys: PEM, certificate, JWK or JWKS; - for stdin
        #[arg(long, value_name = "FILE")]
        public_key: PathBuf,
    },
    /// List profiles: names, labels, clientIds, algorithms; never secrets
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Show a profile: metadata, key kind and size, and a short fingerprint; never the key
    Show {
        /// The profile name
        name: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Rename a profile (its secret stays where it is)
    Rename {
        /// The current name
        old: String,
        /// The new name
        new: String,
    },
    /// Remove a profile: its keyring entry and its metadata
    Rm {
        /// The profile name
        name: String,
    },
    /// Print a profile's public key for the server under test: a PEM, a JWK or a JWKS, with
    /// kid = RFC 7638 thumbprint, alg and use "sig". With --secret, an HMAC profile's secret
    /// (to standard output only; a private key never leaves the keyring)
    Export(ExportArgs),
}

/// Arguments of `jwtpad profile export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The profile name
    pub name: String,
    /// The public key's shape
    #[arg(long, value_enum, default_value = "jwk", conflicts_with = "secret")]
    pub format: ExportFormat,
    /// Print the HMAC secret itself (text as typed, or base64 for a secret of bytes). Asks
    /// first on a terminal; anywhere else --yes is needed. Nothing is written to a file
    #[arg(long)]
    pub secret: bool,
    /// With --secret: print it without asking
    #[arg(long, requires = "secret")]
    pub yes: bool,
}

/// The shapes `profile export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// SPKI PEM (-----BEGIN PUBLIC KEY-----)
    Pem,
    /// One JWK
    Jwk,
    /// A JWKS: {"keys": [...]}
    Jwks,
}

impl From<ExportFormat> for PublicFormat {
    fn from(format: ExportFormat) -> Self {
        match format {
            ExportFormat::Pem => PublicFormat::Pem,
            ExportFormat::Jwk => PublicFormat::Jwk,
            ExportFormat::Jwks => PublicFormat::Jwks,
        }
    }
}

/// Arguments of `jwtpad profile add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The profile name, e.g. "Caf beta · Smart Auth"
    pub name: String,
    /// The clientId (templates use it as "iss")
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// Default algorithm [default: HS256, or what the key implies]
    #[arg(long, value_name = "ALG")]
    pub alg: Option<String>,
    /// Environment label: beta, prod, or any text
    #[arg(long = "env", value_name = "LABEL")]
    pub env_label: Option<String>,
    /// The secret on stdin is base64 (standard or URL-safe, padded or not)
    #[arg(long, conflicts_with = "key_file")]
    pub base64: bool,
    /// A private key file (PEM, DER or JWK) instead of an HMAC secret
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// With --key-file: the matching public key, kept with the metadata. Alone: a
    /// verify-only profile of an issuer's public keys (PEM, certificate, JWK or JWKS; - for
    /// stdin); no secret is asked for and the keyring is not used
    #[arg(long, value_name = "FILE", conflicts_with = "base64")]
    pub public_key: Option<PathBuf>,
    /// Make a new key for ALG on the spot and keep it only in the keyring: HS256/384/512 a
    /// random secret as long as the hash, RS*/PS* RSA, ES256/384/512 P-256/384/521, EdDSA
    /// Ed25519. The public half goes into the settings file; see `profile export`
    #[arg(long, value_name = "ALG", conflicts_with_all = ["alg", "base64", "key_file", "public_key"])]
    pub generate: Option<String>,
    /// With --generate and an RSA algorithm: the key size [default: 2048]
    #[arg(long, value_name = "BITS", requires = "generate", value_parser = ["2048", "3072", "4096"])]
    pub bits: Option<String>,
}

pub fn run(command: &ProfileCommand, out: Out<'_>) -> Result<ExitStatus> {
    let settings = profiles::default_settings_path()?;
    match command {
        ProfileCommand::Add(args) if args.generate.is_some() => add_generated(args, settings, out),
        ProfileCommand::Export(args) => export(args, settings, out),
        ProfileCommand::Add(args) if args.key_file.is_none() && args.public_key.is_some() => {
            add_public(args, settings, out)
        }
        ProfileCommand::Add(args) => add(args, settings, out),
        ProfileCommand::Update { name, public_key } => update(name, public_key, settings, out),
        ProfileCommand::List { json } => list(*json, settings, out),
        ProfileCommand::Show { name, json } => show(name, *json, settings, out),
        ProfileCommand::Rename { old, new } => {
            // A verify-only profile has no keyring label to refresh.
            let memory = crate::secrets::MemoryStore::default();
            let listed = Profiles::new(settings.clone(), &memory);
            if listed.get(old)?.verify_only() {
                listed.rename(old, new)?;
                writeln!(out, "Renamed profile \"{old}\" to \"{new}\".")?;
                return Ok(ExitStatus::Ok);
            }
            let store = connect_keyring()?;
            Profiles::new(settings, &store).rename(old, new)?;
            writeln!(out, "Renamed profile \"{old}\" to \"{new}\".")?;
            Ok(ExitStatus::Ok)
        }
        ProfileCommand::Rm { name } => {
            // A verify-only profile has no keyring entry: removing it needs no keyring.
            let memory = crate::secrets::MemoryStore::default();
            let listed = Profiles::new(settings.clone(), &memory);
            if listed.get(name)?.verify_only() {
                listed.remove(name)?;
                writeln!(out, "Removed verify-only profile \"{name}\".")?;
                return Ok(ExitStatus::Ok);
            }
            let store = connect_keyring()?;
            Profiles::new(settings, &store).remove(name)?;
            writeln!(out, "Removed profile \"{name}\" and its keyring entry.")?;
            Ok(ExitStatus::Ok)
        }
    }
}

fn add(args: &AddArgs, settings: PathBuf, out: Out<'_>) -> Result<ExitStatus> {
    let (secret, key_kind, public_key) = match &args.key_file {
        Some(path) => {
            let bytes = Zeroizing::new(
                std::fs::read(path)
                    .with_context(|| format!("cannot read key file {}", path.display()))?,
            );
            let public = match &args.public_key {
                Some(p) => Some(super::input::file_text(p, "public key")?),
                None => None,
            };
            (Secret::new(bytes.to_vec()), KeyKind::PrivateKey, public)
        }
        None => {
            let raw = read_secret(&args.name)?;
            if args.base64 {
                let text = std::str::from_utf8(&raw)
                    .map_err(|_| anyhow::anyhow!("the base64 secret is not text"))?;
                let key =
                    crate::engine::Key::hmac_base64(text).map_err(|error| KeySourceError {
                        source_name: String::new(),
                        error,
                    })?;
                let secret = key
                    .hmac_secret()
                    .cloned()
                    .unwrap_or_else(|| Secret::new(Vec::new()));
                (secret, KeyKind::HmacBase64, None)
            } else {
                (Secret::new(raw.to_vec()), KeyKind::HmacText, None)
            }
        }
    };
    let alg = match &args.alg {
        Some(a) => a
            .parse::<Alg>()
            .map_err(|e| anyhow::anyhow!("--alg: {e}"))?,
        None if key_kind == KeyKind::PrivateKey => KeySet::from_bytes(secret.expose())
            .ok()
            .and_then(|set| set.signing_key().map(crate::engine::Key::default_alg))
            .unwrap_or(Alg::RS256),
        None => Alg::HS256,
    };
    let store = connect_keyring()?;
    let profiles = Profiles::new(settings, &store);
    let profile = profiles.add(
        Profile {
            name: args.name.clone(),
            env: args.env_label.clone(),
            client_id: args.client_id.clone(),
            alg: alg.name().to_owned(),
            key_kind,
            public_key,
            account: String::new(),
        },
        &secret,
    )?;
    let summary = summarize(&profile, &secret)?;
    writeln!(
        out,
        "Added profile \"{}\" ({}, {}). The key is in the OS keyring ({}); only the name and settings are in {}.",
        profile.name,
        profile.alg,
        summary.description,
        vendor_name(&store),
        profiles.settings_path().display()
    )?;
    // `add` checked that the profile has a signing key.
    if let Some(key) = profile.keys(&secret)?.signing_key() {
        for warning in crate::engine::verify::key_warnings(key, alg) {
            eprintln!("warning: {warning}");
        }
    }
    Ok(ExitStatus::Ok)
}

/// `profile add NAME --generate ALG`: a key made on the spot, kept only in the keyring.
fn add_generated(args: &AddArgs, settings: PathBuf, out: Out<'_>) -> Result<ExitStatus> {
    let alg = args
        .generate
        .as_deref()
        .unwrap_or_default()
        .parse::<Alg>()
        .map_err(|e| anyhow::anyhow!("--generate: {e}"))?;
    let bits = args.bits.as_deref().and_then(|b| b.parse::<usize>().ok());
    let base = Profile {
        name: args.name.clone(),
        env: args.env_label.clone(),
        client_id: args.client_id.clone(),
        alg: alg.name().to_owned(),
        key_kind: KeyKind::HmacBase64,
        public_key: None,
        account: String::new(),
    };
    // Checked before the keyring is asked, and before an RSA key takes its time.
    crate::engine::keys::generate::check(alg, bits)
        .map_err(|e| ProfileError::Invalid(profiles::ProfileProblem::Keygen(e)))?;
    let store = connect_keyring()?;
    let profiles = Profiles::new(settings, &store);
    // A taken name is refused before the key is made.
    if profiles.get(&args.name).is_ok() {
        return Err(ProfileError::Exists(args.name.clone()).into());
    }
    let (profile, secret) = profiles::generated(base, alg, bits)?;
    let profile = profiles.add(profile, &secret)?;
    let summary = summarize(&profile, &secret)?;
    writeln!(
        out,
        "Added profile \"{}\" ({}, a new {}). The key was made here and is only in the OS keyring ({}); only the name and settings{} are in {}.",
        profile.name,
        profile.alg,
        summary.description,
        vendor_name(&store),
        if profile.public_key.is_some() {
            " and the public key"
        } else {
            ""
        },
        profiles.settings_path().display()
    )?;
    if profile.public_key.is_some() {
        writeln!(
            out,
            "Give the server its public key: jwtpad profile export {} --format jwks",
            shell_word(&profile.name)
        )?;
    } else {
        writeln!(
            out,
            "The server needs the same secret: jwtpad profile export {} --secret",
            shell_word(&profile.name)
        )?;
    }
    Ok(ExitStatus::Ok)
}

/// A name as one shell word, quoted when it holds anything but safe characters.
fn shell_word(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.,:/@".contains(c))
    {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    }
}

/// `profile export NAME [--format ...] [--secret [--yes]]`.
fn export(args: &ExportArgs, settings: PathBuf, out: Out<'_>) -> Result<ExitStatus> {
    let memory = crate::secrets::MemoryStore::default();
    let profile = Profiles::new(settings.clone(), &memory).get(&args.name)?;
    if args.secret {
        if profile.key_kind == KeyKind::PrivateKey || profile.verify_only() {
            return Err(ProfileError::SecretNotExported(profile.name).into());
        }
        let store = connect_keyring()?;
        let secret = Profiles::new(settings, &store).secret(&profile)?;
        let text = profiles::export_secret(&profile, &secret)?;
        if !args.yes && !confirm_secret(&profile.name)? {
            eprintln!("Not printed.");
            return Ok(ExitStatus::Failed);
        }
        if profiles::exported_secret_is_base64(&profile, &secret) {
            eprintln!("note: the secret is bytes, printed as standard base64");
        }
        writeln!(out, "{}", text.as_str())?;
        return Ok(ExitStatus::Ok);
    }
    let text = if profiles::export_needs_secret(&profile) {
        let store = connect_keyring()?;
        let secret = Profiles::new(settings, &store).secret(&profile)?;
        profiles::export_public(&profile, Some(&secret), args.format.into())?
    } else {
        profiles::export_public(&profile, None, args.format.into())?
    };
    write!(out, "{text}")?;
    Ok(ExitStatus::Ok)
}

/// Asks on the terminal before a secret is printed; off a terminal there is no one to ask,
/// and `--yes` is required.
fn confirm_secret(name: &str) -> Result<bool> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() || !std::io::stderr().is_terminal() {
        bail!(
            "printing the secret of profile \"{name}\" needs confirmation: add --yes (no terminal to ask on)"
        );
    }
    eprint!(
        "Print the secret of profile \"{name}\" to standard output? Anyone who sees it can sign tokens. [y/N] "
    );
    let mut answer = String::new();
    stdin
        .read_line(&mut answer)
        .context("cannot read the answer from the terminal")?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

/// The public key text of `--public-key FILE`, or stdin for `-`.
fn public_key_text(path: &std::path::Path) -> Result<String> {
    if path.as_os_str() == "-" {
        super::input::stdin_text("public key")
    } else {
        super::input::file_text(path, "public key")
    }
}

/// `profile add NAME --public-key FILE`: a verify-only profile. No secret is read and the
/// keyring is not used; what the file holds is described before it is stored.
fn add_public(args: &AddArgs, settings: PathBuf, out: Out<'_>) -> Result<ExitStatus> {
    let path = args
        .public_key
        .as_deref()
        .unwrap_or(std::path::Path::new("-"));
    let text = public_key_text(path)?;
    let keys = KeySet::from_bytes(text.as_bytes()).map_err(|error| KeySourceError {
        source_name: if path.as_os_str() == "-" {
            "the public key on standard input".to_owned()
        } else {
            format!("public key file {}", path.display())
        },
        error,
    })?;
    let alg = match &args.alg {
        Some(a) => a
            .parse::<Alg>()
            .map_err(|e| anyhow::anyhow!("--alg: {e}"))?,
        None => keys
            .keys
            .first()
            .map_or(Alg::RS256, crate::engine::Key::default_alg),
    };
    let memory = crate::secrets::MemoryStore::default();
    let profiles = Profiles::new(settings, &memory);
    let profile = profiles.add(
        Profile {
            name: args.name.clone(),
            env: args.env_label.clone(),
            client_id: args.client_id.clone(),
            alg: alg.name().to_owned(),
            key_kind: KeyKind::PublicKeys,
            public_key: Some(text),
            account: String::new(),
        },
        &Secret::new(Vec::new()),
    )?;
    writeln!(
        out,
        "Added verify-only profile \"{}\" ({}) with {}. Public keys are not secret: they are kept in {}; the keyring is not used.",
        profile.name,
        profile.alg,
        count_keys(keys.keys.len()),
        profiles.settings_path().display()
    )?;
    write_key_lines(&keys, out)?;
    Ok(ExitStatus::Ok)
}

/// `profile update NAME --public-key FILE`: new keys for a verify-only profile.
fn update(
    name: &str,
    path: &std::path::Path,
    settings: PathBuf,
    out: Out<'_>,
) -> Result<ExitStatus> {
    let text = public_key_text(path)?;
    let memory = crate::secrets::MemoryStore::default();
    let profiles = Profiles::new(settings, &memory);
    let (profile, changes) = profiles.update_public(name, &text)?;
    if changes.unchanged {
        writeln!(
            out,
            "Profile \"{}\": the keys are the same as before ({}).",
            profile.name,
            count_keys(changes.after)
        )?;
    } else {
        writeln!(
            out,
            "Updated verify-only profile \"{}\": {} before, {} now.",
            profile.name,
            count_keys(changes.before),
            count_keys(changes.after)
        )?;
        for kid in &changes.added {
            writeln!(out, "  added kid \"{}\"", kid.escape_debug())?;
        }
        for kid in &changes.removed {
            writeln!(out, "  removed kid \"{}\"", kid.escape_debug())?;
        }
        if changes.added.is_empty() && changes.removed.is_empty() {
            writeln!(
                out,
                "  no kid was added or removed; the key material changed"
            )?;
        }
    }
    write_key_lines(&profile.public_keys()?, out)?;
    Ok(ExitStatus::Ok)
}

fn count_keys(n: usize) -> String {
    if n == 1 {
        "1 key".to_owned()
    } else {
        format!("{n} keys")
    }
}

/// One line per public key: what it is, its kid, its JWK alg.
fn write_key_lines(keys: &KeySet, out: Out<'_>) -> Result<()> {
    for (i, (description, alg)) in profiles::describe_public(keys).iter().enumerate() {
        let alg = alg
            .as_deref()
            .map(|a| format!(" · alg {a}"))
            .unwrap_or_default();
        writeln!(out, "  key {}: {description}{alg}", i + 1)?;
    }
    Ok(())
}

/// The `keys` array of `--json` listings: kid, type and alg of each public key.
fn keys_json(profile: &Profile) -> serde_json::Value {
    match profile.public_keys() {
        Ok(keys) => json!(
            keys.keys
                .iter()
                .map(|k| json!({
                    "kid": k.kid, "kty": kty(k), "alg": k.jwk_alg,
                    "description": k.describe().to_string(),
                }))
                .collect::<Vec<_>>()
        ),
        Err(_) => json!([]),
    }
}

/// The JWK `kty` of a key's type.
fn kty(key: &crate::engine::Key) -> &'static str {
    match key.describe().shape {
        KeyShape::Hmac { .. } => "oct",
        KeyShape::Rsa { .. } => "RSA",
        KeyShape::Ec { .. } => "EC",
        KeyShape::Ed25519 { .. } => "OKP",
    }
}

/// The secret from stdin: a hidden prompt on a terminal, else everything piped in (one
/// trailing newline dropped, as `echo` adds one).
fn read_secret(name: &str) -> Result<Zeroizing<Vec<u8>>> {
    let stdin = std::io::stdin();
    let mut bytes = if stdin.is_terminal() {
        let typed = Zeroizing::new(
            rpassword::prompt_password(format!("Secret for profile \"{name}\" (hidden): "))
                .context("cannot read the secret from the terminal")?,
        );
        Zeroizing::new(typed.as_bytes().to_vec())
    } else {
        let mut bytes = Zeroizing::new(Vec::new());
        stdin
            .lock()
            .take(1 << 20)
            .read_to_end(&mut bytes)
            .context("cannot read the secret from standard input")?;
        bytes
    };
    strip_one_newline(&mut bytes);
    if bytes.is_empty() {
        bail!("no secret given: pipe it on standard input, or type it at the prompt");
    }
    Ok(bytes)
}

fn list(json: bool, settings: PathBuf, out: Out<'_>) -> Result<ExitStatus> {
    // Listing needs only the settings file; the keyring is asked only to mark missing
    // secrets, and its absence is a note, not a failure.
    let memory = crate::secrets::MemoryStore::default();
    let list = Profiles::new(settings.clone(), &memory).list()?;
    // Verify-only profiles have no keyring entry: without other profiles it is not asked.
    let keyring = if list.iter().all(Profile::verify_only) && !list.is_empty() {
        Ok(None)
    } else {
        connect_keyring().map(Some)
    };
    let status = |profile: &Profile| -> &'static str {
        if profile.verify_only() {
            return match profile.public_keys() {
                Ok(_) => "verify only",
                Err(_) => "keys unreadable",
            };
        }
        match &keyring {
            Ok(None) => "keyring unavailable",
            Ok(Some(store)) => match Profiles::new(settings.clone(), store).secret(profile) {
                Ok(_) => "ok",
                Err(ProfileError::SecretMissing(_)) => "secret missing",
                Err(_) => "keyring unavailable",
            },
            Err(_) => "keyring unavailable",
        }
    };
    if json {
        let items: Vec<_> = list
            .iter()
            .map(|p| {
                let mut item = json!({
                    "name": p.name, "env": p.env, "client_id": p.client_id, "alg": p.alg,
                    "key_kind": p.key_kind, "secret": status(p), "verify_only": p.verify_only(),
                });
                if p.verify_only() {
                    item["keys"] = keys_json(p);
                }
                item
            })
            .collect();
        super::report::write_json(out, &json!(items))?;
    } else if list.is_empty() {
        writeln!(
            out,
            "No profiles yet. Add one with: jwtpad profile add NAME --client-id ID < secret.txt"
        )?;
    } else {
        for p in &list {
            let mut line = format!("{}  [{}]  {}", p.name, p.alg, p.key_kind.describe());
            if let Some(env) = &p.env {
                line.push_str(&format!("  env: {env}"));
            }
            if let Some(id) = &p.client_id {
                line.push_str(&format!("  clientId: {id}"));
            }
            let state = status(p);
            if p.verify_only() {
                let kids: Vec<String> = p
                    .public_keys()
                    .map(|keys| keys.keys.iter().filter_map(|k| k.kid.clone()).collect())
                    .unwrap_or_default();
                let n = p.public_keys().map_or(0, |k| k.keys.len());
                line.push_str(&format!("  {}", count_keys(n)));
                if !kids.is_empty() {
                    line.push_str(&format!(" (kid {})", kids.join(", ")));
                }
                if state != "verify only" {
                    line.push_str(&format!("  ({state})"));
                }
            } else if state != "ok" {
                line.push_str(&format!("  ({state})"));
            }
            writeln!(out, "{line}")?;
        }
    }
    if let Err(e) = &keyring {
        eprintln!("note: {e}");
    }
    Ok(ExitStatus::Ok)
}

fn show(name: &str, json: bool, settings: PathBuf, out: Out<'_>) -> Result<ExitStatus> {
    let memory = crate::secrets::MemoryStore::default();
    let profile = Profiles::new(settings.clone(), &memory).get(name)?;
    if profile.verify_only() {
        return show_public(&profile, json, out);
    }
    let store = connect_keyring()?;
    let profiles = Profiles::new(settings, &store);
    let profile = profiles.get(name)?;
    let summary = match profiles.secret(&profile) {
        Ok(secret) => Some(summarize(&profile, &secret)?),
        Err(ProfileError::SecretMissing(_)) => None,
        Err(e) => return Err(e.into()),
    };
    if json {
        super::report::write_json(
            out,
            &json!({
                "name": profile.name, "env": profile.env, "client_id": profile.client_id,
                "alg": profile.alg, "key_kind": profile.key_kind,
                "secret": if summary.is_some() { "ok" } else { "secret missing" },
                "key": summary.as_ref().map(|s| json!({
                    "description": s.description.to_string(), "size": size_text(s),
                    "fingerprint": s.fingerprint,
                })),
                "public_key": profile.public_key.is_some(),
                "kid": public_kid(&profile),
                "keyring_account": profile.account,
            }),
        )?;
    } else {
        writeln!(out, "Profile:      {}", profile.name)?;
        writeln!(
            out,
            "Environment:  {}",
            profile.env.as_deref().unwrap_or("-")
        )?;
        writeln!(
            out,
            "clientId:     {}",
            profile.client_id.as_deref().unwrap_or("-")
        )?;
        writeln!(out, "Algorithm:    {}", profile.alg)?;
        match &summary {
            // An HMAC description already gives the size in bytes.
            Some(s) if matches!(s.description.shape, KeyShape::Hmac { .. }) => writeln!(
                out,
                "Key:          {} · SHA-256 fingerprint {}",
                s.description, s.fingerprint
            )?,
            Some(s) => writeln!(
                out,
                "Key:          {} · {} · SHA-256 fingerprint {}",
                s.description,
                size_text(s),
                s.fingerprint
            )?,
            None => writeln!(
                out,
                "Key:          secret missing from the keyring (removed outside jwtpad)"
            )?,
        }
        if profile.public_key.is_some() {
            match public_kid(&profile) {
                Some(kid) => writeln!(
                    out,
                    "Public key:   stored with the settings · kid {kid} (profile export)"
                )?,
                None => writeln!(out, "Public key:   stored with the settings")?,
            }
        }
        writeln!(
            out,
            "Stored in:    {} (service \"jwtpad\", account \"{}\")",
            vendor_name(&store),
            profile.account
        )?;
    }
    Ok(ExitStatus::Ok)
}

/// `profile show` of a verify-only profile: its public keys, no keyring.
fn show_public(profile: &Profile, json: bool, out: Out<'_>) -> Result<ExitStatus> {
    let keys = profile.public_keys()?;
    if json {
        super::report::write_json(
            out,
            &json!({
                "name": profile.name, "env": profile.env, "client_id": profile.client_id,
                "alg": profile.alg, "key_kind": profile.key_kind, "verify_only": true,
                "secret": "verify only", "keys": keys_json(profile),
            }),
        )?;
        return Ok(ExitStatus::Ok);
    }
    writeln!(out, "Profile:      {}", profile.name)?;
    writeln!(
        out,
        "Environment:  {}",
        profile.env.as_deref().unwrap_or("-")
    )?;
    writeln!(
        out,
        "clientId:     {}",
        profile.client_id.as_deref().unwrap_or("-")
    )?;
    writeln!(out, "Algorithm:    {}", profile.alg)?;
    writeln!(
        out,
        "Keys:         verify only, {} (public keys in the settings file; no keyring entry)",
        count_keys(keys.keys.len())
    )?;
    write_key_lines(&keys, out)?;
    Ok(ExitStatus::Ok)
}

/// The RFC 7638 thumbprint of the public key kept with the metadata: the `kid` that
/// `profile export` gives it.
fn public_kid(profile: &Profile) -> Option<String> {
    let text = profile.public_key.as_deref()?;
    let keys = KeySet::from_bytes(text.as_bytes()).ok()?;
    keys.keys.first()?.thumbprint().ok()
}

/// "38 bytes" for an HMAC secret, "2048 bits" for a key pair.
fn size_text(summary: &KeySummary) -> String {
    match summary.description.shape {
        KeyShape::Hmac { bytes } => format!("{bytes} bytes"),
        _ => format!("{} bits", summary.bits),
    }
}

/// "Secret Service store" rather than the crate's full vendor string with its URL.
fn vendor_name(store: &crate::secrets::KeyringStore) -> String {
    let vendor = store.vendor();
    vendor
        .split(',')
        .next()
        .unwrap_or(&vendor)
        .trim()
        .to_owned()
}
