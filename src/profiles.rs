//! Named key profiles: metadata in a settings file, key material only in the keyring.
//!
//! The settings file (`profiles.json` in the platform config directory) holds names, labels,
//! clientIds, algorithms and the public half of asymmetric keys. The secret or private key is
//! stored in a [`SecretStore`] under an account id that never changes, so renaming a profile
//! never moves its secret.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rust_i18n::t;

use crate::engine::{Alg, Key, KeySet, Secret};
use crate::secrets::{SecretStore, StoreError};

/// What kind of key a profile holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyKind {
    /// An HMAC secret typed as text.
    HmacText,
    /// An HMAC secret given as base64 (stored decoded).
    HmacBase64,
    /// A private key (PEM, DER or JWK), stored as given.
    PrivateKey,
}

impl KeyKind {
    /// Plain words for listings.
    pub fn describe(self) -> String {
        match self {
            KeyKind::HmacText => t!("profiles.kind_text"),
            KeyKind::HmacBase64 => t!("profiles.kind_base64"),
            KeyKind::PrivateKey => t!("profiles.kind_private"),
        }
        .into_owned()
    }
}

/// A profile's non-secret part, as saved in the settings file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The name people pick it by, e.g. "Caf beta · Smart Auth".
    pub name: String,
    /// Environment label: beta, prod, or free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
    /// The clientId, used as `iss` by templates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Default algorithm, e.g. "HS256".
    pub alg: String,
    /// What the keyring entry holds.
    pub key_kind: KeyKind,
    /// The matching public key (PEM or JWK), when known. Public keys are not secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    /// The keyring account of the secret: `profile-<random hex>`, fixed for life.
    pub account: String,
}

impl Profile {
    /// The algorithm, when the stored name is one jwtpad knows.
    pub fn algorithm(&self) -> Option<Alg> {
        self.alg.parse().ok()
    }

    /// The label keyring UIs show for this profile's entry.
    pub fn keyring_label(&self) -> String {
        format!("jwtpad profile \"{}\"", self.name)
    }

    /// Turns the stored secret into keys for signing and verifying.
    pub fn keys(&self, secret: &Secret) -> Result<KeySet, ProfileError> {
        let set = match self.key_kind {
            KeyKind::HmacText | KeyKind::HmacBase64 => KeySet::from(Key::hmac(secret.clone())),
            KeyKind::PrivateKey => KeySet::from_bytes(secret.expose()).map_err(|e| {
                ProfileError::Invalid(
                    t!("profiles.stored_key", name = self.name, error = e).into_owned(),
                )
            })?,
        };
        Ok(set)
    }
}

/// What `profile show` reports about a stored key, never the key itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySummary {
    /// e.g. "HMAC secret (32 bytes)" or "EC P-256 private key".
    pub description: String,
    /// Bytes of an HMAC secret, or bits of an asymmetric key.
    pub size: String,
    /// First 8 hex digits of the SHA-256 of the stored bytes.
    pub fingerprint: String,
}

/// Summarises a stored secret for display.
pub fn summarize(profile: &Profile, secret: &Secret) -> Result<KeySummary, ProfileError> {
    let keys = profile.keys(secret)?;
    let key = keys
        .signing_key()
        .or(keys.keys.first())
        .ok_or_else(|| ProfileError::Invalid("no key".into()))?;
    let size = match profile.key_kind {
        KeyKind::PrivateKey => format!("{} bits", key.bits()),
        _ => format!("{} bytes", secret.len()),
    };
    let digest = Sha256::digest(secret.expose());
    Ok(KeySummary {
        description: key.describe(),
        size,
        fingerprint: digest[..4].iter().map(|b| format!("{b:02x}")).collect(),
    })
}

/// Profile errors; none of them carries key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// No profile with that name.
    #[error("{}", t!("profiles.not_found", name = .0))]
    NotFound(String),
    /// The name is taken.
    #[error("{}", t!("profiles.exists", name = .0))]
    Exists(String),
    /// Metadata exists but the keyring has no entry for it (deleted outside jwtpad).
    #[error("{}", t!("profiles.secret_missing", name = .0))]
    SecretMissing(String),
    /// The keyring failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Bad input: a name, algorithm or key that cannot be used.
    #[error("{0}")]
    Invalid(String),
    /// The settings file could not be read or written.
    #[error("{0}")]
    Settings(String),
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct SettingsFile {
    #[serde(default)]
    version: u32,
    #[serde(default)]
    profiles: Vec<Profile>,
}

/// The default settings file: `<config dir>/jwtpad/profiles.json`.
pub fn default_settings_path() -> Result<PathBuf, ProfileError> {
    dirs::config_dir()
        .map(|d| d.join("jwtpad").join("profiles.json"))
        .ok_or_else(|| ProfileError::Settings(t!("profiles.no_config_dir").into_owned()))
}

/// Profiles: the settings file plus a secret store.
pub struct Profiles<'a> {
    path: PathBuf,
    store: &'a dyn SecretStore,
}

impl<'a> Profiles<'a> {
    /// Profiles whose metadata lives in `path` and secrets in `store`.
    pub fn new(path: PathBuf, store: &'a dyn SecretStore) -> Self {
        Profiles { path, store }
    }

    /// Where the metadata is kept.
    pub fn settings_path(&self) -> &Path {
        &self.path
    }

    /// All profiles, in the order they were added.
    pub fn list(&self) -> Result<Vec<Profile>, ProfileError> {
        Ok(read_settings(&self.path)?.profiles)
    }

    /// The profile called `name`.
    pub fn get(&self, name: &str) -> Result<Profile, ProfileError> {
        self.list()?
            .into_iter()
            .find(|p| p.name == name)
            .ok_or_else(|| ProfileError::NotFound(name.to_owned()))
    }

    /// Adds a profile: checks the key fits the algorithm, stores the secret, then the metadata.
    pub fn add(&self, mut profile: Profile, secret: &Secret) -> Result<Profile, ProfileError> {
        validate_name(&profile.name)?;
        let mut settings = read_settings(&self.path)?;
        if settings.profiles.iter().any(|p| p.name == profile.name) {
            return Err(ProfileError::Exists(profile.name));
        }
        check_key(&profile, secret)?;
        profile.account = new_account()?;
        self.store
            .set(&profile.account, &profile.keyring_label(), secret)?;
        settings.profiles.push(profile.clone());
        if let Err(e) = write_settings(&self.path, &settings) {
            // Do not leave a secret behind that no profile points to.
            let _ = self.store.delete(&profile.account);
            return Err(e);
        }
        Ok(profile)
    }

    /// The secret of `profile`; [`ProfileError::SecretMissing`] when the keyring lost it.
    pub fn secret(&self, profile: &Profile) -> Result<Secret, ProfileError> {
        self.store
            .get(&profile.account)?
            .ok_or_else(|| ProfileError::SecretMissing(profile.name.clone()))
    }

    /// The keys of the profile called `name`.
    pub fn keys(&self, name: &str) -> Result<(Profile, KeySet), ProfileError> {
        let profile = self.get(name)?;
        let secret = self.secret(&profile)?;
        let keys = profile.keys(&secret)?;
        Ok((profile, keys))
    }

    /// Renames a profile. The keyring account stays; only its label is refreshed.
    pub fn rename(&self, old: &str, new: &str) -> Result<Profile, ProfileError> {
        validate_name(new)?;
        let mut settings = read_settings(&self.path)?;
        if old != new && settings.profiles.iter().any(|p| p.name == new) {
            return Err(ProfileError::Exists(new.to_owned()));
        }
        let profile = settings
            .profiles
            .iter_mut()
            .find(|p| p.name == old)
            .ok_or_else(|| ProfileError::NotFound(old.to_owned()))?;
        profile.name = new.to_owned();
        let renamed = profile.clone();
        write_settings(&self.path, &settings)?;
        // The label is cosmetic; a keyring hiccup here must not undo a successful rename.
        let _ = self
            .store
            .relabel(&renamed.account, &renamed.keyring_label());
        Ok(renamed)
    }

    /// Removes the keyring entry (missing is fine) and then the metadata.
    pub fn remove(&self, name: &str) -> Result<Profile, ProfileError> {
        let mut settings = read_settings(&self.path)?;
        let index = settings
            .profiles
            .iter()
            .position(|p| p.name == name)
            .ok_or_else(|| ProfileError::NotFound(name.to_owned()))?;
        let profile = settings.profiles[index].clone();
        self.store.delete(&profile.account)?;
        settings.profiles.remove(index);
        write_settings(&self.path, &settings)?;
        Ok(profile)
    }
}

fn validate_name(name: &str) -> Result<(), ProfileError> {
    if name.trim().is_empty() {
        return Err(ProfileError::Invalid(
            t!("profiles.name_empty").into_owned(),
        ));
    }
    if name.trim() != name {
        return Err(ProfileError::Invalid(
            t!("profiles.name_spaces").into_owned(),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(ProfileError::Invalid(
            t!("profiles.name_control").into_owned(),
        ));
    }
    if name.chars().count() > 100 {
        return Err(ProfileError::Invalid(
            t!("profiles.name_long", max = 100).into_owned(),
        ));
    }
    Ok(())
}

/// The key must be usable with the profile's algorithm before anything is stored.
fn check_key(profile: &Profile, secret: &Secret) -> Result<(), ProfileError> {
    let alg = profile.algorithm().ok_or_else(|| {
        ProfileError::Invalid(
            t!("profiles.unsupported_alg", alg = profile.alg.escape_debug()).into_owned(),
        )
    })?;
    if secret.is_empty() {
        return Err(ProfileError::Invalid(
            t!("profiles.secret_empty").into_owned(),
        ));
    }
    let keys = profile.keys(secret)?;
    let key = keys
        .signing_key()
        .ok_or_else(|| ProfileError::Invalid(t!("profiles.no_private_key").into_owned()))?;
    if let Some(why) = key.refuses(alg) {
        return Err(ProfileError::Invalid(why));
    }
    if let Some(public) = &profile.public_key {
        let public = KeySet::from_bytes(public.as_bytes()).map_err(|e| {
            ProfileError::Invalid(t!("profiles.public_unreadable", error = e).into_owned())
        })?;
        let signed = crate::engine::sign_json("{}", "{}", alg, Some(key))
            .map_err(|e| ProfileError::Invalid(e.to_string()))?;
        let verdict = crate::engine::decode(
            &signed.token,
            Some(&public),
            &crate::engine::Clock::system(),
        )
        .map_err(|e| ProfileError::Invalid(e.to_string()))?;
        if verdict.verification.verified() != Some(true) {
            return Err(ProfileError::Invalid(
                t!("profiles.public_mismatch").into_owned(),
            ));
        }
    }
    Ok(())
}

fn new_account() -> Result<String, ProfileError> {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes).map_err(|e| {
        ProfileError::Settings(t!("profiles.no_randomness", error = e).into_owned())
    })?;
    Ok(format!(
        "profile-{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}

fn read_settings(path: &Path) -> Result<SettingsFile, ProfileError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SettingsFile::default()),
        Err(e) => {
            return Err(ProfileError::Settings(
                t!("profiles.cannot_read", path = path.display(), error = e).into_owned(),
            ));
        }
    };
    serde_json::from_str(&text).map_err(|e| {
        ProfileError::Settings(
            t!("profiles.damaged", path = path.display(), error = e).into_owned(),
        )
    })
}

/// Writes atomically (temp file, then rename) so a crash never leaves half a file.
fn write_settings(path: &Path, settings: &SettingsFile) -> Result<(), ProfileError> {
    let fail = |e: std::io::Error| {
        ProfileError::Settings(
            t!("profiles.cannot_write", path = path.display(), error = e).into_owned(),
        )
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut text = serde_json::to_string_pretty(&SettingsFile {
        version: 1,
        profiles: settings.profiles.clone(),
    })
    .map_err(|e| ProfileError::Settings(e.to_string()))?;
    text.push('\n');
    let tmp = path.with_extension("json.tmp");
    {
        let mut file = std::fs::File::create(&tmp).map_err(fail)?;
        file.write_all(text.as_bytes()).map_err(fail)?;
        file.sync_all().map_err(fail)?;
    }
    std::fs::rename(&tmp, path).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemoryStore;

    fn hmac_profile(name: &str) -> Profile {
        Profile {
            name: name.to_owned(),
            env: Some("beta".into()),
            client_id: Some("client-123".into()),
            alg: "HS256".into(),
            key_kind: KeyKind::HmacText,
            public_key: None,
            account: String::new(),
        }
    }

    fn secret() -> Secret {
        Secret::new(b"CANARY-profile-secret-0123456789abcdef".to_vec())
    }

    #[test]
    fn add_list_rename_remove() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::default();
        let profiles = Profiles::new(dir.path().join("profiles.json"), &store);
        let added = profiles
            .add(hmac_profile("Caf beta · Smart Auth"), &secret())
            .unwrap();
        assert!(added.account.starts_with("profile-"));
        assert_eq!(
            store.get(&added.account).unwrap().unwrap().expose(),
            secret().expose()
        );
        assert_eq!(
            profiles.add(hmac_profile("Caf beta · Smart Auth"), &secret()),
            Err(ProfileError::Exists("Caf beta · Smart Auth".into()))
        );

        let settings = std::fs::read_to_string(profiles.settings_path()).unwrap();
        assert!(
            settings.contains("client-123") && !settings.contains("CANARY"),
            "{settings}"
        );

        let renamed = profiles.rename("Caf beta · Smart Auth", "prod").unwrap();
        assert_eq!(renamed.account, added.account, "the secret never moves");
        let (profile, keys) = profiles.keys("prod").unwrap();
        assert_eq!(profile.client_id.as_deref(), Some("client-123"));
        assert_eq!(keys.keys[0].describe(), "HMAC secret (38 bytes)");
        assert_eq!(
            profiles.get("Caf beta · Smart Auth"),
            Err(ProfileError::NotFound("Caf beta · Smart Auth".into()))
        );

        profiles.remove("prod").unwrap();
        assert!(profiles.list().unwrap().is_empty());
        assert_eq!(store.get(&added.account).unwrap(), None);
    }

    #[test]
    fn a_secret_deleted_outside_jwtpad_is_reported_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::default();
        let profiles = Profiles::new(dir.path().join("profiles.json"), &store);
        let added = profiles.add(hmac_profile("gone"), &secret()).unwrap();
        store.delete(&added.account).unwrap();
        assert_eq!(
            profiles.keys("gone").unwrap_err(),
            ProfileError::SecretMissing("gone".into())
        );
        assert_eq!(profiles.list().unwrap().len(), 1, "listing still works");
        profiles.remove("gone").unwrap();
    }

    #[test]
    fn keys_must_fit_the_algorithm_before_anything_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::default();
        let profiles = Profiles::new(dir.path().join("profiles.json"), &store);
        let mut rsa = hmac_profile("rsa");
        rsa.alg = "RS256".into();
        let err = profiles.add(rsa, &secret()).unwrap_err();
        assert!(
            err.to_string().contains("cannot be used with RS256"),
            "{err}"
        );

        let pem = std::fs::read(format!(
            "{}/tests/fixtures/keys/ec-p256.sec1.pem",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let public = std::fs::read_to_string(format!(
            "{}/tests/fixtures/keys/ec-p256.spki.pem",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let mut ec = hmac_profile("ec");
        ec.alg = "ES256".into();
        ec.key_kind = KeyKind::PrivateKey;
        ec.public_key = Some(public);
        profiles.add(ec.clone(), &Secret::new(pem.clone())).unwrap();
        let wrong_public = std::fs::read_to_string(format!(
            "{}/tests/fixtures/keys/ec-p384.spki.pem",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        ec.name = "ec2".into();
        ec.public_key = Some(wrong_public);
        assert!(profiles.add(ec, &Secret::new(pem)).is_err());
        assert!(profiles.add(hmac_profile(" padded"), &secret()).is_err());
        assert!(profiles.add(hmac_profile(""), &secret()).is_err());
        assert_eq!(profiles.list().unwrap().len(), 1);
    }

    #[test]
    fn summaries_show_size_and_fingerprint_only() {
        let summary = summarize(&hmac_profile("x"), &secret()).unwrap();
        assert_eq!(summary.description, "HMAC secret (38 bytes)");
        assert_eq!(summary.size, "38 bytes");
        assert_eq!(summary.fingerprint.len(), 8);
    }

    #[test]
    fn a_damaged_settings_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profiles.json");
        std::fs::write(&path, "{not json").unwrap();
        let store = MemoryStore::default();
        let err = Profiles::new(path, &store).list().unwrap_err();
        assert!(
            err.to_string().contains("profiles.json is damaged"),
            "{err}"
        );
    }
}
