//! Secrets held in process memory only: for unit tests, and for the window's session-only
//! secrets when the keyring is unavailable.

use std::collections::HashMap;
use std::sync::Mutex;

use super::{SecretStore, StoreError};
use crate::engine::Secret;

/// A [`SecretStore`] that forgets everything when dropped (secrets are zeroized).
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, Secret>>,
}

impl MemoryStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        // A panic elsewhere cannot leave a half-written map: every operation is one call.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, account: &str) -> Result<Option<Secret>, StoreError> {
        Ok(self.lock().get(account).cloned())
    }

    fn set(&self, account: &str, _label: &str, secret: &Secret) -> Result<(), StoreError> {
        self.lock().insert(account.to_owned(), secret.clone());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<bool, StoreError> {
        Ok(self.lock().remove(account).is_some())
    }
}
