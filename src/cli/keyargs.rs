//! Key options shared by `decode` and `encode`. Secrets come from the environment, a file or
//! the keyring, never from an argument, and never appear in a message.

use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::PathBuf;
use zeroize::Zeroizing;

use crate::engine::{Alg, Error, Key, KeySet, Secret};
use crate::profiles::{self, Profile, ProfileError, Profiles};
use crate::secrets::KeyringStore;

/// Where the key comes from. At most one may be given.
#[derive(Debug, Clone, Args, Default)]
#[group(id = "keysource", multiple = false)]
pub struct KeyArgs {
    /// HMAC secret: the UTF-8 bytes of environment variable VAR
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
    /// HMAC secret: base64 (standard or URL-safe, padded or not) in environment variable VAR
    #[arg(long, value_name = "VAR")]
    pub secret_base64_env: Option<String>,
    /// HMAC secret: the bytes of FILE (a single trailing newline is ignored)
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
    /// PEM key or certificate, DER, or a JWK / JWKS JSON file
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// Use the key (and algorithm) of this stored profile, kept in the OS keyring
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
}

/// Keys ready for the engine, with where each came from.
#[derive(Debug)]
pub struct LoadedKeys {
    /// The keys.
    pub set: KeySet,
    /// For keys from profiles: the profile name of each key, parallel to `set.keys`.
    pub owners: Vec<String>,
    /// The profile's default algorithm, when one profile was chosen.
    pub alg: Option<Alg>,
    /// Profiles left out of `--try-profiles`, and why.
    pub skipped: Vec<(String, ProfileError)>,
}

impl LoadedKeys {
    fn plain(set: KeySet) -> Self {
        LoadedKeys {
            set,
            owners: Vec::new(),
            alg: None,
            skipped: Vec::new(),
        }
    }

    /// The profile that owns key `index`, if the keys came from profiles.
    pub fn owner(&self, index: usize) -> Option<&str> {
        self.owners.get(index).map(String::as_str)
    }
}

impl KeyArgs {
    /// The keys, or `None` when no key option was given.
    pub fn load(&self) -> Result<Option<LoadedKeys>> {
        if let Some(var) = &self.secret_env {
            let value = Zeroizing::new(env_var(var, "--secret-env")?);
            let key = Key::hmac(Secret::new(value.as_bytes().to_vec()));
            return Ok(Some(LoadedKeys::plain(key.into())));
        }
        if let Some(var) = &self.secret_base64_env {
            let value = Zeroizing::new(env_var(var, "--secret-base64-env")?);
            let key = Key::hmac_base64(&value).map_err(|error| KeySourceError {
                source_name: format!("--secret-base64-env {var}"),
                error,
            })?;
            return Ok(Some(LoadedKeys::plain(key.into())));
        }
        if let Some(path) = &self.secret_file {
            let mut bytes = Zeroizing::new(
                std::fs::read(path)
                    .with_context(|| format!("cannot read secret file {}", path.display()))?,
            );
            strip_one_newline(&mut bytes);
            if bytes.is_empty() {
                bail!("secret file {} is empty", path.display());
            }
            let key = Key::hmac(Secret::new(bytes.to_vec()));
            return Ok(Some(LoadedKeys::plain(key.into())));
        }
        if let Some(path) = &self.key {
            let bytes = Zeroizing::new(
                std::fs::read(path)
                    .with_context(|| format!("cannot read key file {}", path.display()))?,
            );
            let keys = KeySet::from_bytes(&bytes).map_err(|error| KeySourceError {
                source_name: format!("key file {}", path.display()),
                error,
            })?;
            return Ok(Some(LoadedKeys::plain(keys)));
        }
        if let Some(name) = &self.profile {
            let settings = profiles::default_settings_path()?;
            // A verify-only profile's keys are in the settings file: no keyring needed.
            let memory = crate::secrets::MemoryStore::default();
            let listed = Profiles::new(settings.clone(), &memory);
            let (profile, set) = if listed.get(name)?.verify_only() {
                listed.keys(name)?
            } else {
                let store = connect_keyring()?;
                Profiles::new(settings, &store).keys(name)?
            };
            return Ok(Some(LoadedKeys {
                owners: vec![profile.name.clone(); set.keys.len()],
                // A verify-only profile's keys decide the algorithm (a JWKS may mix RS256
                // and ES256): its default is no reason to warn.
                alg: profile.algorithm().filter(|_| !profile.verify_only()),
                set,
                skipped: Vec::new(),
            }));
        }
        Ok(None)
    }
}

impl KeyArgs {
    /// The keys to sign with: as [`KeyArgs::load`], but a verify-only profile is refused
    /// ([`ProfileError::VerifyOnly`]) before anything is read from the keyring.
    pub fn load_signing(&self) -> Result<Option<LoadedKeys>> {
        if let Some(name) = &self.profile {
            let memory = crate::secrets::MemoryStore::default();
            let listed = Profiles::new(profiles::default_settings_path()?, &memory);
            if listed.get(name)?.verify_only() {
                return Err(ProfileError::VerifyOnly(name.clone()).into());
            }
        }
        self.load()
    }
}

/// Every stored profile's keys, for `decode --try-profiles`.
pub fn load_all_profiles() -> Result<LoadedKeys> {
    let gathered = gather_all()?;
    if gathered.owners.is_empty() && gathered.skipped.is_empty() {
        bail!("there are no stored profiles to try (add one with `jwtpad profile add`)");
    }
    if gathered.set.keys.is_empty() {
        let why: Vec<String> = gathered
            .skipped
            .iter()
            .map(|(name, e)| format!("profile \"{name}\" skipped: {e}"))
            .collect();
        bail!("no stored profile has a usable key: {}", why.join("; "));
    }
    Ok(LoadedKeys {
        set: gathered.set,
        owners: gathered.owners.into_iter().map(|p| p.name).collect(),
        alg: None,
        skipped: gathered.skipped,
    })
}

/// Every stored profile's keys. Verify-only profiles need no keyring; when the keyring
/// cannot be reached the others are skipped with its error.
pub fn gather_all() -> Result<profiles::Gathered> {
    let settings = profiles::default_settings_path()?;
    let memory = crate::secrets::MemoryStore::default();
    let list = Profiles::new(settings.clone(), &memory).list()?;
    let keyring = if !list.iter().any(Profile::verify_only) {
        // Only secrets to read (or none at all): a keyring that fails is the error, as ever.
        Some(Ok(connect_keyring()?))
    } else if list.iter().any(|p| !p.verify_only()) {
        Some(KeyringStore::connect(KeyringStore::timeout_from_env()))
    } else {
        None
    };
    Ok(profiles::gather(list.into_iter().map(|p| {
        let secret = match &keyring {
            _ if p.verify_only() => Ok(Secret::new(Vec::new())),
            Some(Ok(store)) => Profiles::new(settings.clone(), store).secret(&p),
            Some(Err(e)) => Err(ProfileError::Store(e.clone())),
            None => Err(ProfileError::SecretMissing(p.name.clone())),
        };
        (p, secret)
    })))
}

/// Connects to the OS keyring, bounded by `JWTPAD_KEYRING_TIMEOUT` (default 5 s).
pub fn connect_keyring() -> Result<KeyringStore> {
    Ok(KeyringStore::connect(KeyringStore::timeout_from_env())?)
}

pub fn strip_one_newline(bytes: &mut Zeroizing<Vec<u8>>) {
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
    }
}

/// A key that could not be read from a flag or file: the flag or file is named instead of
/// the engine's "key: ".
#[derive(Debug)]
pub struct KeySourceError {
    /// e.g. `key file k.pem` or `--secret-base64-env S`; empty when the words say it.
    pub source_name: String,
    /// What the engine said.
    pub error: Error,
}

impl std::fmt::Display for KeySourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words = match &self.error {
            Error::Key(e) => e.to_string(),
            other => other.to_string(),
        };
        if self.source_name.is_empty() {
            f.write_str(&words)
        } else {
            write!(f, "{}: {words}", self.source_name)
        }
    }
}

impl std::error::Error for KeySourceError {}

fn env_var(var: &str, flag: &str) -> Result<String> {
    match std::env::var(var) {
        Ok(value) if value.is_empty() => bail!("{flag} {var}: the environment variable is empty"),
        Ok(value) => Ok(value),
        Err(std::env::VarError::NotPresent) => {
            bail!("{flag} {var}: the environment variable is not set")
        }
        Err(std::env::VarError::NotUnicode(_)) => {
            bail!("{flag} {var}: the environment variable is not valid UTF-8")
        }
    }
}
