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

use crate::engine::keys::{KeyDescription, KeyRefusal};
use crate::engine::{Alg, Key, KeyOrigin, KeySet, Secret};
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
            KeyKind::PrivateKey => {
                KeySet::from_bytes(secret.expose()).map_err(|error| ProfileError::StoredKey {
                    name: self.name.clone(),
                    error,
                })?
            }
        };
        Ok(set)
    }
}

/// What `profile show` reports about a stored key, never the key itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySummary {
    /// What the key is: type, size, public or private.
    pub description: KeyDescription,
    /// Size in bits (for an HMAC secret, 8 × its bytes).
    pub bits: usize,
    /// First 8 hex digits of the SHA-256 of the stored bytes.
    pub fingerprint: String,
}

/// Summarises a stored secret for display.
pub fn summarize(profile: &Profile, secret: &Secret) -> Result<KeySummary, ProfileError> {
    let keys = profile.keys(secret)?;
    let key = keys
        .signer()
        .ok_or(ProfileError::Invalid(ProfileProblem::NoPrivateKey))?;
    let digest = Sha256::digest(secret.expose());
    Ok(KeySummary {
        description: key.describe(),
        bits: key.bits(),
        fingerprint: digest[..4].iter().map(|b| format!("{b:02x}")).collect(),
    })
}

/// Every profile's keys in one set, to find which profile signed a token. Each key's origin
/// names its profile; profiles whose secret could not be had are listed as skipped. The
/// window and the command line both gather here (the window fetches the secrets on its
/// worker thread first).
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    /// The keys, in profile order.
    pub set: KeySet,
    /// The profile each key belongs to, parallel to `set.keys`.
    pub owners: Vec<Profile>,
    /// Profiles left out, and why.
    pub skipped: Vec<(String, ProfileError)>,
}

/// Gathers the keys of `profiles`, each with its secret (or why there is none).
pub fn gather(
    profiles: impl IntoIterator<Item = (Profile, Result<Secret, ProfileError>)>,
) -> Gathered {
    let mut out = Gathered::default();
    for (profile, secret) in profiles {
        match secret.and_then(|secret| profile.keys(&secret)) {
            Ok(set) => {
                for mut key in set.keys {
                    key.origin = KeyOrigin::Profile(profile.name.clone());
                    out.owners.push(profile.clone());
                    out.set.keys.push(key);
                }
            }
            Err(e) => out.skipped.push((profile.name.clone(), e)),
        }
    }
    out
}

/// Profile errors; none of them carries key material. Words come from `Display`, when
/// shown.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileError {
    /// No profile with that name.
    NotFound(String),
    /// The name is taken.
    Exists(String),
    /// Metadata exists but the keyring has no entry for it (deleted outside jwtpad).
    SecretMissing(String),
    /// The keyring failed.
    Store(StoreError),
    /// Bad input: a name, algorithm or key that cannot be used.
    Invalid(ProfileProblem),
    /// The key stored for a profile no longer reads.
    StoredKey {
        /// The profile.
        name: String,
        /// Why.
        error: crate::engine::Error,
    },
    /// The settings file could not be read or written.
    Settings(SettingsProblem),
}

impl std::error::Error for ProfileError {}

impl ProfileError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            ProfileError::NotFound(_) => "profile-not-found",
            ProfileError::Exists(_) => "profile-exists",
            ProfileError::SecretMissing(_) => "secret-missing",
            ProfileError::Store(e) => e.code(),
            ProfileError::Invalid(ProfileProblem::Refused(r)) => r.code(),
            ProfileError::Invalid(ProfileProblem::PublicMismatch) => "key-pair-mismatch",
            ProfileError::Invalid(_) => "profile-invalid",
            ProfileError::StoredKey { .. } => "profile-key-unreadable",
            ProfileError::Settings(SettingsProblem::Damaged { .. }) => "settings-damaged",
            ProfileError::Settings(_) => "settings-unusable",
        }
    }
}

impl From<StoreError> for ProfileError {
    fn from(e: StoreError) -> Self {
        ProfileError::Store(e)
    }
}

/// Why a profile cannot be added.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileProblem {
    /// The name is empty.
    NameEmpty,
    /// The name starts or ends with spaces.
    NameSpaces,
    /// The name holds control characters.
    NameControl,
    /// The name is longer than this many characters.
    NameLong(usize),
    /// The algorithm is not one jwtpad knows.
    UnsupportedAlg(String),
    /// The secret is empty.
    SecretEmpty,
    /// The key holds no private key.
    NoPrivateKey,
    /// The key does not fit the algorithm.
    Refused(KeyRefusal),
    /// The public key does not read.
    PublicUnreadable(crate::engine::Error),
    /// The public key is not the private key's.
    PublicMismatch,
    /// Checking the key pair failed.
    Check(crate::engine::Error),
}

/// Why the settings file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SettingsProblem {
    /// No configuration directory (no $HOME).
    NoConfigDir,
    /// No randomness for a new account id.
    NoRandomness(String),
    /// The file cannot be read.
    CannotRead {
        /// The file.
        path: PathBuf,
        /// The system's words.
        error: String,
    },
    /// The file is not what jwtpad wrote.
    Damaged {
        /// The file.
        path: PathBuf,
        /// The parser's words.
        error: String,
    },
    /// The file cannot be written.
    CannotWrite {
        /// The file.
        path: PathBuf,
        /// The system's words.
        error: String,
    },
}

impl std::fmt::Display for ProfileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            ProfileError::NotFound(name) => t!("profiles.not_found", name = name),
            ProfileError::Exists(name) => t!("profiles.exists", name = name),
            ProfileError::SecretMissing(name) => t!("profiles.secret_missing", name = name),
            ProfileError::Store(e) => e.to_string().into(),
            ProfileError::Invalid(p) => p.to_string().into(),
            ProfileError::StoredKey { name, error } => {
                t!("profiles.stored_key", name = name, error = error)
            }
            ProfileError::Settings(p) => p.to_string().into(),
        })
    }
}

impl std::fmt::Display for ProfileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            ProfileProblem::NameEmpty => t!("profiles.name_empty"),
            ProfileProblem::NameSpaces => t!("profiles.name_spaces"),
            ProfileProblem::NameControl => t!("profiles.name_control"),
            ProfileProblem::NameLong(max) => t!("profiles.name_long", max = max),
            ProfileProblem::UnsupportedAlg(alg) => {
                t!("profiles.unsupported_alg", alg = alg.escape_debug())
            }
            ProfileProblem::SecretEmpty => t!("profiles.secret_empty"),
            ProfileProblem::NoPrivateKey => t!("profiles.no_private_key"),
            ProfileProblem::Refused(r) => r.to_string().into(),
            ProfileProblem::PublicUnreadable(e) => t!("profiles.public_unreadable", error = e),
            ProfileProblem::PublicMismatch => t!("profiles.public_mismatch"),
            ProfileProblem::Check(e) => e.to_string().into(),
        })
    }
}

impl std::fmt::Display for SettingsProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            SettingsProblem::NoConfigDir => t!("profiles.no_config_dir"),
            SettingsProblem::NoRandomness(error) => t!("profiles.no_randomness", error = error),
            SettingsProblem::CannotRead { path, error } => {
                t!("profiles.cannot_read", path = path.display(), error = error)
            }
            SettingsProblem::Damaged { path, error } => {
                t!("profiles.damaged", path = path.display(), error = error)
            }
            SettingsProblem::CannotWrite { path, error } => {
                t!(
                    "profiles.cannot_write",
                    path = path.display(),
                    error = error
                )
            }
        })
    }
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
        .ok_or(ProfileError::Settings(SettingsProblem::NoConfigDir))
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

/// The longest profile name, in characters.
const MAX_NAME: usize = 100;

fn validate_name(name: &str) -> Result<(), ProfileError> {
    let problem = if name.trim().is_empty() {
        ProfileProblem::NameEmpty
    } else if name.trim() != name {
        ProfileProblem::NameSpaces
    } else if name.chars().any(char::is_control) {
        ProfileProblem::NameControl
    } else if name.chars().count() > MAX_NAME {
        ProfileProblem::NameLong(MAX_NAME)
    } else {
        return Ok(());
    };
    Err(ProfileError::Invalid(problem))
}

/// The key must be usable with the profile's algorithm before anything is stored.
fn check_key(profile: &Profile, secret: &Secret) -> Result<(), ProfileError> {
    let invalid = ProfileError::Invalid;
    let alg = profile
        .algorithm()
        .ok_or_else(|| invalid(ProfileProblem::UnsupportedAlg(profile.alg.clone())))?;
    if secret.is_empty() {
        return Err(invalid(ProfileProblem::SecretEmpty));
    }
    let keys = profile.keys(secret)?;
    let key = keys
        .signing_key()
        .ok_or(invalid(ProfileProblem::NoPrivateKey))?;
    if let Some(why) = key.refuses(alg) {
        return Err(invalid(ProfileProblem::Refused(why)));
    }
    if let Some(public) = &profile.public_key {
        let public = KeySet::from_bytes(public.as_bytes())
            .map_err(|e| invalid(ProfileProblem::PublicUnreadable(e)))?;
        let check = |e| invalid(ProfileProblem::Check(e));
        let signed = crate::engine::sign_json("{}", "{}", alg, Some(key)).map_err(check)?;
        let verdict = crate::engine::decode(
            &signed.token,
            Some(&public),
            &crate::engine::Clock::system(),
        )
        .map_err(check)?;
        if verdict.verification.verified() != Some(true) {
            return Err(invalid(ProfileProblem::PublicMismatch));
        }
    }
    Ok(())
}

fn new_account() -> Result<String, ProfileError> {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| ProfileError::Settings(SettingsProblem::NoRandomness(e.to_string())))?;
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
            return Err(ProfileError::Settings(SettingsProblem::CannotRead {
                path: path.to_owned(),
                error: e.to_string(),
            }));
        }
    };
    serde_json::from_str(&text).map_err(|e| {
        ProfileError::Settings(SettingsProblem::Damaged {
            path: path.to_owned(),
            error: e.to_string(),
        })
    })
}

/// Writes atomically (temp file, then rename) so a crash never leaves half a file.
fn write_settings(path: &Path, settings: &SettingsFile) -> Result<(), ProfileError> {
    let fail = |e: std::io::Error| {
        ProfileError::Settings(SettingsProblem::CannotWrite {
            path: path.to_owned(),
            error: e.to_string(),
        })
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut text = serde_json::to_string_pretty(&SettingsFile {
        version: 1,
        profiles: settings.profiles.clone(),
    })
    .map_err(|e| fail(e.into()))?;
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
    use crate::test_support::key_fixture;

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
        assert_eq!(
            keys.keys[0].describe().shape,
            crate::engine::keys::KeyShape::Hmac { bytes: 38 }
        );
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
            matches!(
                &err,
                ProfileError::Invalid(ProfileProblem::Refused(KeyRefusal::WrongFamily { .. }))
            ),
            "{err:?}"
        );

        let pem = key_fixture("ec-p256.sec1.pem").into_bytes();
        let public = key_fixture("ec-p256.spki.pem");
        let mut ec = hmac_profile("ec");
        ec.alg = "ES256".into();
        ec.key_kind = KeyKind::PrivateKey;
        ec.public_key = Some(public);
        profiles.add(ec.clone(), &Secret::new(pem.clone())).unwrap();
        let wrong_public = key_fixture("ec-p384.spki.pem");
        ec.name = "ec2".into();
        ec.public_key = Some(wrong_public);
        assert_eq!(
            profiles.add(ec, &Secret::new(pem)),
            Err(ProfileError::Invalid(ProfileProblem::PublicMismatch))
        );
        assert_eq!(
            profiles.add(hmac_profile(" padded"), &secret()),
            Err(ProfileError::Invalid(ProfileProblem::NameSpaces))
        );
        assert_eq!(
            profiles.add(hmac_profile(""), &secret()),
            Err(ProfileError::Invalid(ProfileProblem::NameEmpty))
        );
        assert_eq!(profiles.list().unwrap().len(), 1);
    }

    #[test]
    fn summaries_show_size_and_fingerprint_only() {
        let summary = summarize(&hmac_profile("x"), &secret()).unwrap();
        assert_eq!(
            summary.description.shape,
            crate::engine::keys::KeyShape::Hmac { bytes: 38 }
        );
        assert_eq!(summary.bits, 38 * 8);
        assert_eq!(summary.fingerprint.len(), 8);
    }

    #[test]
    fn gathering_names_each_key_by_its_profile() {
        let missing = ProfileError::SecretMissing("b".into());
        let gathered = gather([
            (hmac_profile("a"), Ok(secret())),
            (hmac_profile("b"), Err(missing.clone())),
        ]);
        assert_eq!(gathered.set.keys.len(), 1);
        assert_eq!(gathered.set.keys[0].origin, KeyOrigin::Profile("a".into()));
        assert_eq!(gathered.owners[0].name, "a");
        assert_eq!(gathered.skipped, vec![("b".to_owned(), missing)]);
    }

    #[test]
    fn a_damaged_settings_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profiles.json");
        std::fs::write(&path, "{not json").unwrap();
        let store = MemoryStore::default();
        let err = Profiles::new(path.clone(), &store).list().unwrap_err();
        assert!(
            matches!(&err, ProfileError::Settings(SettingsProblem::Damaged { path: p, .. }) if *p == path),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("profiles.json is damaged"),
            "{err}"
        );
    }
}
