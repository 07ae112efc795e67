//! Named key profiles: metadata in a settings file, key material only in the keyring.
//!
//! The settings file (`profiles.json` in the platform config directory) holds names, labels,
//! clientIds, algorithms and the public half of asymmetric keys. The secret or private key is
//! stored in a [`SecretStore`] under an account id that never changes, so renaming a profile
//! never moves its secret.
//!
//! A verify-only profile ([`KeyKind::PublicKeys`]) holds an issuer's published keys (a public
//! PEM, a certificate, a JWK or a JWKS). They are not secret, so they live in the settings
//! file and the keyring is never asked; anything that could sign is refused, since writing
//! it there would put a secret on disk.

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
    /// Public keys only (PEM, certificate, JWK or JWKS), kept in the settings file: the
    /// profile verifies and never signs.
    PublicKeys,
}

impl KeyKind {
    /// Plain words for listings.
    pub fn describe(self) -> String {
        match self {
            KeyKind::HmacText => t!("profiles.kind_text"),
            KeyKind::HmacBase64 => t!("profiles.kind_base64"),
            KeyKind::PrivateKey => t!("profiles.kind_private"),
            KeyKind::PublicKeys => t!("pubprofile.kind"),
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

    /// True for a profile of public keys only: it verifies, never signs, and has no
    /// keyring entry.
    pub fn verify_only(&self) -> bool {
        self.key_kind == KeyKind::PublicKeys
    }

    /// The public keys of a verify-only profile, read from the settings file.
    pub fn public_keys(&self) -> Result<KeySet, ProfileError> {
        let text = self.public_key.as_deref().unwrap_or_default();
        KeySet::from_bytes(text.as_bytes()).map_err(|error| ProfileError::StoredKey {
            name: self.name.clone(),
            error,
        })
    }

    /// Turns the stored secret into keys for signing and verifying. A verify-only profile
    /// has no secret: `secret` is ignored and its public keys are read instead.
    pub fn keys(&self, secret: &Secret) -> Result<KeySet, ProfileError> {
        let set = match self.key_kind {
            KeyKind::PublicKeys => self.public_keys()?,
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

/// What a verify-only profile holds: each key's description (type, size, `kid`) and its
/// `alg` when the JWK names one.
pub fn describe_public(keys: &KeySet) -> Vec<(KeyDescription, Option<String>)> {
    keys.keys
        .iter()
        .map(|k| (k.describe(), k.jwk_alg.clone()))
        .collect()
}

/// What refreshing a verify-only profile's keys changed, by `kid`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyChanges {
    /// How many keys it held before.
    pub before: usize,
    /// How many it holds now.
    pub after: usize,
    /// Kids that are new.
    pub added: Vec<String>,
    /// Kids that are gone.
    pub removed: Vec<String>,
    /// True when the new keys are exactly the old ones.
    pub unchanged: bool,
}

impl KeyChanges {
    fn between(old: &KeySet, new: &KeySet, same_text: bool) -> Self {
        let kids = |set: &KeySet| -> Vec<String> {
            set.keys.iter().filter_map(|k| k.kid.clone()).collect()
        };
        let (old_kids, new_kids) = (kids(old), kids(new));
        KeyChanges {
            before: old.keys.len(),
            after: new.keys.len(),
            added: new_kids
                .iter()
                .filter(|k| !old_kids.contains(k))
                .cloned()
                .collect(),
            removed: old_kids
                .iter()
                .filter(|k| !new_kids.contains(k))
                .cloned()
                .collect(),
            unchanged: same_text,
        }
    }
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
    /// Profiles whose keys came from a JWKS, where `kid` selects the key.
    pub from_jwks: Vec<String>,
}

/// Gathers the keys of `profiles`, each with its secret (or why there is none).
pub fn gather(
    profiles: impl IntoIterator<Item = (Profile, Result<Secret, ProfileError>)>,
) -> Gathered {
    let mut out = Gathered::default();
    for (profile, secret) in profiles {
        match secret.and_then(|secret| profile.keys(&secret)) {
            Ok(set) => {
                // One JWKS among them makes `kid` select in the whole set, as it does
                // for that JWKS alone.
                if set.is_jwks {
                    out.set.is_jwks = true;
                    out.from_jwks.push(profile.name.clone());
                }
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

impl Gathered {
    /// The keys grouped by profile, leaving out the profile called `except`: the other
    /// profiles a hint may name when the chosen one fails.
    pub fn others(&self, except: Option<&str>) -> Vec<(String, KeySet)> {
        let mut out: Vec<(String, KeySet)> = Vec::new();
        for (key, owner) in self.set.keys.iter().zip(&self.owners) {
            if Some(owner.name.as_str()) == except {
                continue;
            }
            match out.iter_mut().find(|(name, _)| *name == owner.name) {
                Some((_, set)) => set.keys.push(key.clone()),
                None => out.push((
                    owner.name.clone(),
                    KeySet {
                        keys: vec![key.clone()],
                        is_jwks: self.from_jwks.contains(&owner.name),
                    },
                )),
            }
        }
        out
    }
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
    /// A verify-only profile was asked to sign: it holds public keys only.
    VerifyOnly(String),
    /// Only a verify-only profile's keys can be refreshed; this one holds a secret.
    HoldsSecret(String),
    /// `export --secret` of a profile without an HMAC secret: a private key stays in the
    /// keyring, and a verify-only profile holds none.
    SecretNotExported(String),
    /// The profile's public key cannot be exported.
    Export {
        /// The profile.
        name: String,
        /// Why.
        problem: crate::engine::keys::export::ExportProblem,
    },
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
            ProfileError::Invalid(ProfileProblem::SecretRefused(_)) => "verify-only-secret-refused",
            ProfileError::Invalid(ProfileProblem::NoPublicKeys) => "verify-only-no-keys",
            ProfileError::Invalid(ProfileProblem::Keygen(e)) => e.code(),
            ProfileError::Invalid(_) => "profile-invalid",
            ProfileError::StoredKey { .. } => "profile-key-unreadable",
            ProfileError::Settings(SettingsProblem::Damaged { .. }) => "settings-damaged",
            ProfileError::Settings(_) => "settings-unusable",
            ProfileError::VerifyOnly(_) => "profile-verify-only",
            ProfileError::HoldsSecret(_) => "profile-holds-secret",
            ProfileError::SecretNotExported(_) => "profile-secret-not-exported",
            ProfileError::Export { problem, .. } => problem.code(),
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
    /// A verify-only profile was given a key that can sign (a private key or a secret):
    /// storing it in the settings file would put a secret on disk.
    SecretRefused(KeyDescription),
    /// A verify-only profile was given no key at all (an empty JWKS).
    NoPublicKeys,
    /// The key could not be made.
    Keygen(crate::engine::keys::generate::KeygenError),
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
            ProfileError::VerifyOnly(name) => t!("pubprofile.cannot_sign", name = name),
            ProfileError::HoldsSecret(name) => t!("pubprofile.holds_secret", name = name),
            ProfileError::SecretNotExported(name) => t!("keygen.secret_not_exported", name = name),
            ProfileError::Export { name, problem } => {
                t!("keygen.export_failed", name = name, error = problem)
            }
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
            ProfileProblem::SecretRefused(what) => t!("pubprofile.secret_refused", key = what),
            ProfileProblem::NoPublicKeys => t!("pubprofile.no_keys"),
            ProfileProblem::Keygen(e) => e.to_string().into(),
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

/// A profile whose key is made on the spot for `alg` (`bits` for RSA), from `base`'s name,
/// label and clientId. The key goes to the keyring when the profile is added; the public
/// half, not secret, goes into the metadata. The window and the command line both make
/// generated profiles here.
pub fn generated(
    base: Profile,
    alg: Alg,
    bits: Option<usize>,
) -> Result<(Profile, Secret), ProfileError> {
    let made = crate::engine::keys::generate::generate(alg, bits)
        .map_err(|e| ProfileError::Invalid(ProfileProblem::Keygen(e)))?;
    let key_kind = if made.public_pem.is_some() {
        KeyKind::PrivateKey
    } else {
        // Random bytes are no text: they are shown as base64, as `--base64` takes them.
        KeyKind::HmacBase64
    };
    let profile = Profile {
        alg: alg.name().to_owned(),
        key_kind,
        public_key: made.public_pem,
        account: String::new(),
        ..base
    };
    Ok((profile, made.stored))
}

/// True when exporting the profile's public key needs its secret from the keyring: a
/// private key stored without its public half. Verify-only profiles and keys whose public
/// half is in the metadata export without asking the keyring.
pub fn export_needs_secret(profile: &Profile) -> bool {
    profile.key_kind == KeyKind::PrivateKey && profile.public_key.is_none()
}

/// The public key of `profile` in `format`, each JWK with `kid` = RFC 7638 thumbprint,
/// `alg` = the profile's algorithm and `use: "sig"`. `secret` is needed only when
/// [`export_needs_secret`] says so; an HMAC profile has no public half.
pub fn export_public(
    profile: &Profile,
    secret: Option<&Secret>,
    format: crate::engine::keys::export::PublicFormat,
) -> Result<String, ProfileError> {
    use crate::engine::keys::export::{ExportProblem, export_public};
    let fail = |problem| ProfileError::Export {
        name: profile.name.clone(),
        problem,
    };
    let keys = match (&profile.public_key, profile.key_kind) {
        (_, KeyKind::HmacText | KeyKind::HmacBase64) => {
            return Err(fail(ExportProblem::Symmetric));
        }
        (Some(text), _) => {
            KeySet::from_bytes(text.as_bytes()).map_err(|error| ProfileError::StoredKey {
                name: profile.name.clone(),
                error,
            })?
        }
        (None, _) => {
            let secret = secret.ok_or_else(|| ProfileError::SecretMissing(profile.name.clone()))?;
            let set = profile.keys(secret)?;
            KeySet::from(
                set.signer()
                    .cloned()
                    .ok_or(ProfileError::Invalid(ProfileProblem::NoPrivateKey))?,
            )
        }
    };
    let alg = profile.algorithm().unwrap_or_else(|| {
        keys.keys
            .first()
            .map_or(Alg::RS256, crate::engine::Key::default_alg)
    });
    export_public(&keys.keys, alg, format).map_err(fail)
}

/// The HMAC secret of `profile` as a server's configuration takes it: the text as typed,
/// or standard base64 for a secret of bytes (given as base64, or generated). Refused for a
/// private key, which never leaves the keyring, and for a verify-only profile, which has
/// no secret.
pub fn export_secret(
    profile: &Profile,
    secret: &Secret,
) -> Result<zeroize::Zeroizing<String>, ProfileError> {
    use base64::Engine as _;
    match profile.key_kind {
        KeyKind::HmacText => match std::str::from_utf8(secret.expose()) {
            Ok(text) => Ok(zeroize::Zeroizing::new(text.to_owned())),
            Err(_) => Ok(zeroize::Zeroizing::new(
                base64::engine::general_purpose::STANDARD.encode(secret.expose()),
            )),
        },
        KeyKind::HmacBase64 => Ok(zeroize::Zeroizing::new(
            base64::engine::general_purpose::STANDARD.encode(secret.expose()),
        )),
        KeyKind::PrivateKey | KeyKind::PublicKeys => {
            Err(ProfileError::SecretNotExported(profile.name.clone()))
        }
    }
}

/// True when [`export_secret`] gives base64 rather than the secret's own text.
pub fn exported_secret_is_base64(profile: &Profile, secret: &Secret) -> bool {
    profile.key_kind == KeyKind::HmacBase64 || std::str::from_utf8(secret.expose()).is_err()
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
        if profile.verify_only() {
            // Public keys go to the settings file only; there is no keyring entry.
            let keys = check_public(&profile)?;
            // Its algorithm must be one at least one of the keys can verify.
            if let Some(alg) = profile.algorithm()
                && let Some(why) = keys
                    .keys
                    .iter()
                    .map(|k| k.refuses(alg))
                    .collect::<Option<Vec<_>>>()
                    .and_then(|all| all.into_iter().next())
            {
                return Err(ProfileError::Invalid(ProfileProblem::Refused(why)));
            }
            profile.account = String::new();
            settings.profiles.push(profile.clone());
            write_settings(&self.path, &settings)?;
            return Ok(profile);
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
    /// A verify-only profile has none: an empty secret stands in and the keyring is not
    /// asked ([`Profile::keys`] reads its public keys).
    pub fn secret(&self, profile: &Profile) -> Result<Secret, ProfileError> {
        if profile.verify_only() {
            return Ok(Secret::new(Vec::new()));
        }
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

    /// The keys of the profile called `name`, to sign with: a verify-only profile is
    /// refused with [`ProfileError::VerifyOnly`].
    pub fn signing_keys(&self, name: &str) -> Result<(Profile, KeySet), ProfileError> {
        let profile = self.get(name)?;
        if profile.verify_only() {
            return Err(ProfileError::VerifyOnly(profile.name));
        }
        self.keys(name)
    }

    /// Replaces a verify-only profile's keys with `public_key` (after the issuer rotated
    /// them) and says what changed. A profile holding a secret is refused.
    pub fn update_public(
        &self,
        name: &str,
        public_key: &str,
    ) -> Result<(Profile, KeyChanges), ProfileError> {
        let mut settings = read_settings(&self.path)?;
        let profile = settings
            .profiles
            .iter_mut()
            .find(|p| p.name == name)
            .ok_or_else(|| ProfileError::NotFound(name.to_owned()))?;
        if !profile.verify_only() {
            return Err(ProfileError::HoldsSecret(profile.name.clone()));
        }
        let mut updated = profile.clone();
        updated.public_key = Some(public_key.to_owned());
        let new = check_public(&updated)?;
        // The default algorithm follows the keys when none of the new ones takes the old.
        if let (Some(alg), Some(first)) = (updated.algorithm(), new.keys.first())
            && new.keys.iter().all(|k| k.refuses(alg).is_some())
        {
            updated.alg = first.default_alg().name().to_owned();
        }
        // Old keys that no longer read count as none: the update is what repairs them.
        let old = profile.public_keys().unwrap_or_default();
        let same = profile.public_key.as_deref().map(str::trim) == Some(public_key.trim());
        let changes = KeyChanges::between(&old, &new, same);
        *profile = updated.clone();
        write_settings(&self.path, &settings)?;
        Ok((updated, changes))
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
        if !profile.verify_only() {
            self.store.delete(&profile.account)?;
        }
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

/// A verify-only profile's keys must read, be at least one, and none may sign: a private
/// key or secret written to the settings file would be a secret on disk.
fn check_public(profile: &Profile) -> Result<KeySet, ProfileError> {
    let invalid = ProfileError::Invalid;
    profile
        .algorithm()
        .ok_or_else(|| invalid(ProfileProblem::UnsupportedAlg(profile.alg.clone())))?;
    let text = profile.public_key.as_deref().unwrap_or_default();
    let keys = KeySet::from_bytes(text.as_bytes())
        .map_err(|e| invalid(ProfileProblem::PublicUnreadable(e)))?;
    if let Some(secret) = keys.keys.iter().find(|k| k.can_sign()) {
        return Err(invalid(ProfileProblem::SecretRefused(secret.describe())));
    }
    if keys.keys.is_empty() {
        return Err(invalid(ProfileProblem::NoPublicKeys));
    }
    Ok(keys)
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

    /// A store that counts every call: a verify-only profile must never reach it.
    #[derive(Default)]
    struct Untouched(std::sync::atomic::AtomicUsize);

    impl SecretStore for Untouched {
        fn get(&self, _: &str) -> Result<Option<Secret>, StoreError> {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(None)
        }
        fn set(&self, _: &str, _: &str, _: &Secret) -> Result<(), StoreError> {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(())
        }
        fn delete(&self, _: &str) -> Result<bool, StoreError> {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(false)
        }
    }

    fn public_profile(name: &str, keys: &str) -> Profile {
        Profile {
            name: name.to_owned(),
            env: None,
            client_id: None,
            alg: "RS256".into(),
            key_kind: KeyKind::PublicKeys,
            public_key: Some(keys.to_owned()),
            account: String::new(),
        }
    }

    #[test]
    fn a_verify_only_profile_lives_in_the_settings_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = Untouched::default();
        let profiles = Profiles::new(dir.path().join("profiles.json"), &store);
        let jwks = key_fixture("issuer.jwks.json");
        let added = profiles
            .add(public_profile("issuer", &jwks), &Secret::new(Vec::new()))
            .unwrap();
        assert!(added.verify_only() && added.account.is_empty());
        let (profile, keys) = profiles.keys("issuer").unwrap();
        assert_eq!(profile.key_kind, KeyKind::PublicKeys);
        let kids: Vec<_> = keys.keys.iter().map(|k| k.kid.clone().unwrap()).collect();
        assert_eq!(kids, ["rsa-2026", "ec-2026"]);
        assert!(keys.keys.iter().all(|k| !k.can_sign()));
        assert_eq!(
            profiles.signing_keys("issuer").unwrap_err(),
            ProfileError::VerifyOnly("issuer".into())
        );
        assert_eq!(
            ProfileError::VerifyOnly("issuer".into()).code(),
            "profile-verify-only"
        );
        let gathered = gather([(profile.clone(), profiles.secret(&profile))]);
        assert_eq!(gathered.set.keys.len(), 2);
        profiles.remove("issuer").unwrap();
        assert!(profiles.list().unwrap().is_empty());
        assert_eq!(
            store.0.load(std::sync::atomic::Ordering::SeqCst),
            0,
            "the keyring is never asked"
        );
    }

    #[test]
    fn anything_that_can_sign_is_refused_for_a_verify_only_profile() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::default();
        let path = dir.path().join("profiles.json");
        let profiles = Profiles::new(path.clone(), &store);
        let none = Secret::new(Vec::new());
        for (keys, what) in [
            (key_fixture("rsa2048.pkcs8.pem"), "PEM private key"),
            (key_fixture("ec-p256.private.jwk.json"), "JWK with d"),
            (
                r#"{"keys":[{"kty":"oct","k":"c2VjcmV0LXNlY3JldA"}]}"#.to_owned(),
                "secret JWK",
            ),
            (
                key_fixture("ec-p256.spki.pem") + &key_fixture("ec-p256.sec1.pem"),
                "a bundle with a private key",
            ),
        ] {
            let err = profiles.add(public_profile("x", &keys), &none).unwrap_err();
            assert!(
                matches!(
                    &err,
                    ProfileError::Invalid(ProfileProblem::SecretRefused(_))
                ),
                "{what}: {err:?}"
            );
            assert_eq!(err.code(), "verify-only-secret-refused", "{what}");
        }
        let err = profiles
            .add(public_profile("x", "not a key"), &none)
            .unwrap_err();
        assert!(
            matches!(
                &err,
                ProfileError::Invalid(ProfileProblem::PublicUnreadable(_))
            ),
            "{err:?}"
        );
        let mut hs = public_profile("x", &key_fixture("rsa2048.spki.pem"));
        hs.alg = "HS256".into();
        let err = profiles.add(hs, &none).unwrap_err();
        assert!(
            matches!(
                &err,
                ProfileError::Invalid(ProfileProblem::Refused(KeyRefusal::WrongFamily { .. }))
            ),
            "{err:?}"
        );
        assert!(!path.exists(), "nothing was written");
    }

    #[test]
    fn updating_public_keys_says_which_kids_changed() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::default();
        let profiles = Profiles::new(dir.path().join("profiles.json"), &store);
        let none = Secret::new(Vec::new());
        profiles
            .add(
                public_profile("issuer", &key_fixture("issuer.jwks.json")),
                &none,
            )
            .unwrap();
        let (updated, changes) = profiles
            .update_public("issuer", &key_fixture("issuer-rotated.jwks.json"))
            .unwrap();
        assert_eq!(
            changes,
            KeyChanges {
                before: 2,
                after: 2,
                added: vec!["ec-2027".into()],
                removed: vec!["rsa-2026".into()],
                unchanged: false,
            }
        );
        assert_eq!(updated.alg, "ES256", "no RSA key left for RS256");
        let (_, again) = profiles
            .update_public("issuer", &key_fixture("issuer-rotated.jwks.json"))
            .unwrap();
        assert!(again.unchanged && again.added.is_empty());
        let err = profiles
            .update_public("issuer", &key_fixture("rsa2048.pkcs8.pem"))
            .unwrap_err();
        assert!(matches!(
            err,
            ProfileError::Invalid(ProfileProblem::SecretRefused(_))
        ));
        profiles.add(hmac_profile("hs"), &secret()).unwrap();
        assert_eq!(
            profiles.update_public("hs", &key_fixture("rsa2048.spki.pem")),
            Err(ProfileError::HoldsSecret("hs".into()))
        );
        assert_eq!(
            profiles.update_public("nobody", "{}"),
            Err(ProfileError::NotFound("nobody".into()))
        );
    }

    #[test]
    fn other_profiles_are_grouped_by_name() {
        let gathered = gather([
            (hmac_profile("a"), Ok(secret())),
            (
                public_profile("b", &key_fixture("issuer.jwks.json")),
                Ok(Secret::new(Vec::new())),
            ),
        ]);
        let others = gathered.others(Some("a"));
        assert_eq!(others.len(), 1);
        assert_eq!((others[0].0.as_str(), others[0].1.keys.len()), ("b", 2));
        assert_eq!(gathered.others(None).len(), 2);
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
