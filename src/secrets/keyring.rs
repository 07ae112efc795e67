//! The OS keyring through keyring-core: the Secret Service on Linux (GNOME Keyring,
//! KWallet), Keychain on macOS, Credential Manager on Windows.
//!
//! The store is built here rather than through keyring's process-wide default, which, once
//! it failed, keeps failing for the life of the process; [`KeyringStore::connect`] can be
//! called again after the user unlocks or starts the keyring.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use rust_i18n::t;

use keyring_core::api::CredentialStore;
use keyring_core::{Entry, Error as KeyringError};

use super::{SERVICE, SecretStore, StoreError, bounded};
use crate::engine::Secret;

/// Environment variable that overrides [`super::DEFAULT_TIMEOUT`], in seconds.
pub const TIMEOUT_VAR: &str = "JWTPAD_KEYRING_TIMEOUT";

/// The platform keyring. Every call runs on its own thread, bounded by the timeout.
#[derive(Clone)]
pub struct KeyringStore {
    store: Arc<CredentialStore>,
    timeout: Duration,
}

impl std::fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyringStore")
            .field("vendor", &self.store.vendor())
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl KeyringStore {
    /// Connects to the platform keyring, waiting at most `timeout`.
    pub fn connect(timeout: Duration) -> Result<Self, StoreError> {
        let store = bounded(timeout, platform_store)?;
        Ok(KeyringStore { store, timeout })
    }

    /// The timeout from `JWTPAD_KEYRING_TIMEOUT` (seconds), else the default.
    pub fn timeout_from_env() -> Duration {
        std::env::var(TIMEOUT_VAR)
            .ok()
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0 && *s < 3600.0)
            .map_or(super::DEFAULT_TIMEOUT, Duration::from_secs_f64)
    }

    /// Which backend this is, e.g. the Secret Service store.
    pub fn vendor(&self) -> String {
        self.store.vendor()
    }

    /// The entry for `account`, with only the modifiers this platform's store accepts:
    /// each store refuses the ones it does not know ("Value of 'label' is invalid").
    /// - Secret Service: `label` is what Seahorse and KWallet show.
    /// - Windows Credential Manager: the `target` is the credential's id, fixed as
    ///   `jwtpad/<account>`; the label goes into its comment (see [`describe`]).
    /// - macOS Keychain: no modifier; the item reads as service "jwtpad", and the profile's
    ///   name lives in the metadata file.
    fn entry(
        store: &Arc<CredentialStore>,
        account: &str,
        label: Option<&str>,
    ) -> Result<Entry, StoreError> {
        let modifiers = platform_modifiers(account, label);
        let built = if modifiers.is_empty() {
            Entry::new_in_store(store, SERVICE, account)
        } else {
            let modifiers: HashMap<&str, &str> =
                modifiers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            Entry::new_in_store_with_modifiers(store, SERVICE, account, &modifiers)
        };
        built.map_err(classify)
    }
}

/// The Windows credential id of a profile's secret: what the Control Panel lists.
#[cfg(target_os = "windows")]
fn windows_target(account: &str) -> String {
    format!("{SERVICE}/{account}")
}

#[cfg(target_os = "linux")]
fn platform_modifiers(_account: &str, label: Option<&str>) -> Vec<(&'static str, String)> {
    label.map(|l| ("label", l.to_owned())).into_iter().collect()
}

#[cfg(target_os = "windows")]
fn platform_modifiers(account: &str, _label: Option<&str>) -> Vec<(&'static str, String)> {
    vec![("target", windows_target(account))]
}

#[cfg(not(any(target_os = "linux", target_os = "windows")))]
fn platform_modifiers(_account: &str, _label: Option<&str>) -> Vec<(&'static str, String)> {
    Vec::new()
}

/// Stores without a label modifier keep the label where their UI shows it: the comment of
/// a Windows credential. Elsewhere the label is set when the entry is built, or not kept.
#[cfg(target_os = "windows")]
fn describe(entry: &Entry, label: &str) -> Result<(), StoreError> {
    entry
        .update_attributes(&HashMap::from([("comment", label)]))
        .map_err(classify)
}

#[cfg(not(target_os = "windows"))]
fn describe(_entry: &Entry, _label: &str) -> Result<(), StoreError> {
    Ok(())
}

impl SecretStore for KeyringStore {
    fn get(&self, account: &str) -> Result<Option<Secret>, StoreError> {
        let (store, account) = (self.store.clone(), account.to_owned());
        bounded(self.timeout, move || {
            match Self::entry(&store, &account, None)?.get_secret() {
                Ok(bytes) => Ok(Some(Secret::new(bytes))),
                Err(KeyringError::NoEntry) => Ok(None),
                Err(e) => Err(classify(e)),
            }
        })
    }

    fn set(&self, account: &str, label: &str, secret: &Secret) -> Result<(), StoreError> {
        let (store, account, label) = (self.store.clone(), account.to_owned(), label.to_owned());
        let secret = secret.clone();
        bounded(self.timeout, move || {
            let entry = Self::entry(&store, &account, Some(&label))?;
            entry.set_secret(secret.expose()).map_err(classify)?;
            describe(&entry, &label)
        })
    }

    #[cfg(target_os = "windows")]
    fn relabel(&self, account: &str, label: &str) -> Result<bool, StoreError> {
        let (store, account, label) = (self.store.clone(), account.to_owned(), label.to_owned());
        bounded(self.timeout, move || {
            let entry = Self::entry(&store, &account, None)?;
            match describe(&entry, &label) {
                Ok(()) => Ok(true),
                Err(_) if matches!(entry.get_secret(), Err(KeyringError::NoEntry)) => Ok(false),
                Err(e) => Err(e),
            }
        })
    }

    #[cfg(target_os = "linux")]
    fn relabel(&self, account: &str, label: &str) -> Result<bool, StoreError> {
        use zbus_secret_service_keyring_store::cred::Specifier;
        let (store, account, label) = (self.store.clone(), account.to_owned(), label.to_owned());
        bounded(self.timeout, move || {
            let entry = Self::entry(&store, &account, None)?;
            // Re-storing the secret would keep the old label: the Secret Service replaces
            // the value of a matching item, not its label.
            let Some(item) = entry.as_any().downcast_ref::<Specifier>() else {
                return Err(StoreError::Failed(t!("secrets.entry_type").into_owned()));
            };
            match item.set_label(&label) {
                Ok(()) => Ok(true),
                Err(KeyringError::NoEntry) => Ok(false),
                Err(e) => Err(classify(e)),
            }
        })
    }

    /// A Keychain item keeps no label of ours, so there is nothing to change: only say
    /// whether the entry exists. The search reads the item's attributes, not its password:
    /// it neither rewrites the secret (as the trait's default would) nor brings up the
    /// Keychain's "jwtpad wants to use your confidential information" prompt.
    #[cfg(target_os = "macos")]
    fn relabel(&self, account: &str, _label: &str) -> Result<bool, StoreError> {
        let (store, account) = (self.store.clone(), account.to_owned());
        bounded(self.timeout, move || {
            let spec = HashMap::from([("service", SERVICE), ("user", account.as_str())]);
            let found = store.search(&spec).map_err(classify)?;
            Ok(!found.is_empty())
        })
    }

    fn delete(&self, account: &str) -> Result<bool, StoreError> {
        let (store, account) = (self.store.clone(), account.to_owned());
        bounded(self.timeout, move || {
            match Self::entry(&store, &account, None)?.delete_credential() {
                Ok(()) => Ok(true),
                Err(KeyringError::NoEntry) => Ok(false),
                Err(e) => Err(classify(e)),
            }
        })
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> Result<Arc<CredentialStore>, StoreError> {
    if !session_bus_configured() {
        return Err(StoreError::NoSessionBus);
    }
    let store: Arc<CredentialStore> =
        zbus_secret_service_keyring_store::Store::new().map_err(classify)?;
    Ok(store)
}

#[cfg(target_os = "macos")]
fn platform_store() -> Result<Arc<CredentialStore>, StoreError> {
    let store: Arc<CredentialStore> =
        apple_native_keyring_store::keychain::Store::new().map_err(classify)?;
    Ok(store)
}

#[cfg(target_os = "windows")]
fn platform_store() -> Result<Arc<CredentialStore>, StoreError> {
    let store: Arc<CredentialStore> =
        windows_native_keyring_store::Store::new().map_err(classify)?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_store() -> Result<Arc<CredentialStore>, StoreError> {
    Err(StoreError::Unsupported)
}

/// zbus falls back from `$DBUS_SESSION_BUS_ADDRESS` to `$XDG_RUNTIME_DIR/bus`; with neither
/// there is no bus to try, and saying so is clearer than zbus's connection error.
#[cfg(target_os = "linux")]
fn session_bus_configured() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty())
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| std::path::Path::new(&dir).join("bus").exists())
}

/// Turns a keyring error into a message that says what to do. Variants that carry stored
/// bytes (`BadEncoding`, `BadDataFormat`) are never formatted: those bytes are secrets.
fn classify(error: KeyringError) -> StoreError {
    match error {
        KeyringError::NoStorageAccess(inner) => StoreError::Locked(short(&inner.to_string())),
        KeyringError::PlatformFailure(inner) => {
            let text = inner.to_string();
            let lower = text.to_ascii_lowercase();
            // zbus's words for a bus address that leads nowhere (a stale or mistyped
            // $DBUS_SESSION_BUS_ADDRESS): the same as having no bus at all.
            if lower.contains("failed to connect to address")
                || lower.contains("address is not usable")
            {
                StoreError::NoSessionBus
            } else if lower.contains("no secret service provider")
                || lower.contains("serviceunknown")
                || lower.contains("was not provided by any .service files")
                || lower.contains("name has no owner")
            {
                StoreError::NoService
            } else if lower.contains("locked")
                || lower.contains("prompt dismissed")
                || lower.contains("result not returned")
                || lower.contains("prompt completed")
            {
                StoreError::Locked(short(&text))
            } else {
                StoreError::Failed(short(&text))
            }
        }
        KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(..) => {
            StoreError::Failed(t!("secrets.bad_format").into_owned())
        }
        KeyringError::Ambiguous(items) => {
            StoreError::Failed(t!("secrets.ambiguous", n = items.len()).into_owned())
        }
        KeyringError::NoEntry => StoreError::Failed(t!("secrets.item_missing").into_owned()),
        KeyringError::TooLong(what, max) => {
            StoreError::Failed(t!("secrets.too_long", what = what, max = max).into_owned())
        }
        other => StoreError::Failed(short(&other.to_string())),
    }
}

/// The secret-service errors come prefixed ("SS error: ..."); keep the part people need.
fn short(text: &str) -> String {
    text.trim_start_matches("SS error: ")
        .trim_start_matches("SS Error: ")
        .to_owned()
}
