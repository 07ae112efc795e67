//! Key options shared by `decode` and `encode`. Secrets come from the environment or a file,
//! never from an argument, and never appear in a message.

use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::PathBuf;
use zeroize::Zeroizing;

use crate::engine::{Key, KeySet, Secret};

/// Where the key comes from. At most one may be given.
#[derive(Debug, Args, Default)]
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
}

impl KeyArgs {
    /// The keys, or `None` when no key option was given.
    pub fn load(&self) -> Result<Option<KeySet>> {
        if let Some(var) = &self.secret_env {
            let value = Zeroizing::new(env_var(var, "--secret-env")?);
            return Ok(Some(
                Key::hmac(Secret::new(value.as_bytes().to_vec())).into(),
            ));
        }
        if let Some(var) = &self.secret_base64_env {
            let value = Zeroizing::new(env_var(var, "--secret-base64-env")?);
            let key = Key::hmac_base64(&value).map_err(|e| {
                anyhow::anyhow!(
                    "--secret-base64-env {var}: {}",
                    strip_key_prefix(&e.to_string())
                )
            })?;
            return Ok(Some(key.into()));
        }
        if let Some(path) = &self.secret_file {
            let mut bytes = Zeroizing::new(
                std::fs::read(path)
                    .with_context(|| format!("cannot read secret file {}", path.display()))?,
            );
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
            }
            if bytes.is_empty() {
                bail!("secret file {} is empty", path.display());
            }
            return Ok(Some(Key::hmac(Secret::new(bytes.to_vec())).into()));
        }
        if let Some(path) = &self.key {
            let bytes = Zeroizing::new(
                std::fs::read(path)
                    .with_context(|| format!("cannot read key file {}", path.display()))?,
            );
            let keys = KeySet::from_bytes(&bytes).map_err(|e| {
                anyhow::anyhow!(
                    "key file {}: {}",
                    path.display(),
                    strip_key_prefix(&e.to_string())
                )
            })?;
            return Ok(Some(keys));
        }
        Ok(None)
    }
}

fn strip_key_prefix(message: &str) -> &str {
    message.strip_prefix("key: ").unwrap_or(message)
}

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
