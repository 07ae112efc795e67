//! Where secrets live: the OS keyring, behind a small trait so that the command line, the
//! window and the tests share one contract. Nothing here knows about egui.
//!
//! Every keyring call is bounded in time ([`bounded`]): a locked GNOME Keyring with a display
//! opens an unlock dialog and the D-Bus call then blocks with no timeout of its own.

pub mod contract;
mod keyring;
mod memory;

use std::sync::mpsc;
use std::time::Duration;

use rust_i18n::t;

use crate::engine::Secret;

pub use keyring::KeyringStore;
pub use memory::MemoryStore;

/// The keyring service name every jwtpad entry is stored under.
pub const SERVICE: &str = "jwtpad";

/// How long a keyring call may take before jwtpad gives up on it.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// A place that holds secrets by account name. Missing is `Ok(None)`, not an error.
pub trait SecretStore: Send + Sync {
    /// The secret stored for `account`, if any.
    fn get(&self, account: &str) -> Result<Option<Secret>, StoreError>;
    /// Stores (or replaces) the secret for `account`; `label` is what keyring UIs show.
    fn set(&self, account: &str, label: &str, secret: &Secret) -> Result<(), StoreError>;
    /// Removes the secret for `account`; `Ok(false)` when there was none.
    fn delete(&self, account: &str) -> Result<bool, StoreError>;
    /// Changes the label keyring UIs show, keeping the secret; `Ok(false)` when there is no
    /// entry. Stores without labels of their own rewrite the entry.
    fn relabel(&self, account: &str, label: &str) -> Result<bool, StoreError> {
        match self.get(account)? {
            Some(secret) => self.set(account, label, &secret).map(|()| true),
            None => Ok(false),
        }
    }
}

/// Why the keyring could not be used. Messages say what is wrong and how to fix it, and
/// never contain secret bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No D-Bus session bus to talk to.
    #[error("{}", t!("secrets.no_session_bus"))]
    NoSessionBus,
    /// A bus, but nobody provides `org.freedesktop.secrets` on it.
    #[error("{}", t!("secrets.no_service"))]
    NoService,
    /// The keyring exists but refused: locked, no default collection, or a dismissed prompt.
    #[error("{}", t!("secrets.locked", detail = .0))]
    Locked(String),
    /// The call did not return in time.
    #[error("{}", t!("secrets.timeout", secs = .0))]
    Timeout(u64),
    /// This platform has no keyring backend compiled in.
    #[error("{}", t!("secrets.unsupported"))]
    Unsupported,
    /// Anything else the keyring reported.
    #[error("{}", t!("secrets.failed", detail = .0))]
    Failed(String),
}

impl StoreError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NoSessionBus => "no-session-bus",
            StoreError::NoService => "no-secret-service",
            StoreError::Locked(_) => "keyring-locked",
            StoreError::Timeout(_) => "keyring-timeout",
            StoreError::Unsupported => "keyring-unsupported",
            StoreError::Failed(_) => "keyring-failed",
        }
    }
}

/// Runs `call` on its own thread and waits at most `timeout` for it.
///
/// A call that does not return is left behind on its thread (there is no safe way to cancel
/// a blocked D-Bus call); the caller gets [`StoreError::Timeout`] and stays responsive.
pub fn bounded<T, F>(timeout: Duration, call: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, StoreError> + Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("jwtpad-keyring".into())
        .spawn(move || {
            let _ = tx.send(call());
        })
        .map_err(|e| StoreError::Failed(t!("secrets.no_thread", error = e).into_owned()))?;
    match rx.recv_timeout(timeout) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(StoreError::Timeout(timeout.as_secs().max(1))),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(StoreError::Failed(t!("secrets.stopped").into_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_returns_the_result_or_times_out() {
        assert_eq!(bounded(Duration::from_secs(5), || Ok(7)), Ok(7));
        let started = std::time::Instant::now();
        let stuck = bounded(Duration::from_millis(200), || {
            std::thread::sleep(Duration::from_secs(30));
            Ok(())
        });
        assert_eq!(stuck, Err(StoreError::Timeout(1)));
        // A hang guard, not a speed claim: the stuck call must not hold us for its 30 s.
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(
            StoreError::Timeout(5)
                .to_string()
                .contains("did not answer within 5 s")
        );
    }

    #[test]
    fn memory_store_meets_the_contract() {
        contract::run(&MemoryStore::default());
    }

    /// Set to `1` to run the contract against this platform's own keyring as well. Off by
    /// default: a unit test must not write to a developer's keyring. .ci/windows.sh sets it
    /// when it runs the cross-built unit tests under Wine (the Credential Manager); on Linux
    /// tests/it/secret_service.rs runs the contract against gnome-keyring.
    const NATIVE_KEYRING_VAR: &str = "JWTPAD_TEST_NATIVE_KEYRING";

    #[test]
    fn native_store_meets_the_contract() {
        if std::env::var(NATIVE_KEYRING_VAR).as_deref() != Ok("1") {
            eprintln!("SKIPPED: native_store_meets_the_contract: {NATIVE_KEYRING_VAR} is not 1");
            return;
        }
        let store = KeyringStore::connect(Duration::from_secs(20)).expect("connect");
        contract::run(&store);
    }
}
