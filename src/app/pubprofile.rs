//! The window's side of verify-only profiles and of the `other-profile` hint: the dialog's
//! public keys, their update, and every profile's keys fetched (by the worker, off the UI
//! thread) when the key in use fails.

use rust_i18n::t;

use super::JwtpadApp;
use super::state::{FormProblem, KeyMode, ProfileDraft};
use super::worker::Request;
use crate::engine::{KeySet, Secret};
use crate::profiles::{KeyChanges, KeyKind, Profile, ProfileError, ProfileProblem};
use crate::workbench::Verdict;

impl JwtpadApp {
    /// When the key in use fails and other profiles exist, asks the worker once for every
    /// profile's keys; [`Self::take_other_keys`] hands them to the workbench, which names
    /// the ones that verify. "Any profile" already tries them all.
    pub(super) fn ask_other_keys(&mut self) {
        let failed = matches!(
            self.wb.verdict(),
            Verdict::Invalid(_) | Verdict::NotVerified(_)
        );
        if !failed
            || self.keyring.others_asked
            || self.key.mode == KeyMode::AnyProfile
            || self.keyring.profiles.is_empty()
        {
            return;
        }
        self.keyring.others_asked = true;
        self.worker
            .send(Request::AllSecrets(self.keyring.profiles.clone()));
    }

    /// Every profile's keys arrived (for "Any profile" or for the hint).
    pub(super) fn take_other_keys(&mut self, results: &[(Profile, Result<Secret, ProfileError>)]) {
        let gathered = crate::profiles::gather(results.iter().cloned());
        let clock = self.clock();
        self.wb.set_other_keys(gathered.others(None), &clock);
    }

    /// The profiles changed: the keys held for the hint are stale.
    pub(super) fn forget_other_keys(&mut self) {
        self.keyring.others_asked = false;
        if self.wb.has_other_keys() {
            let clock = self.clock();
            self.wb.set_other_keys(Vec::new(), &clock);
        }
    }

    /// Opens the dialog on a verify-only profile, to paste its new public keys.
    pub(super) fn open_update_keys(&mut self, name: String) {
        let Some(profile) = self.keyring.profile(&name) else {
            return;
        };
        let mut draft = ProfileDraft {
            name: name.clone(),
            kind: KeyKind::PublicKeys,
            alg: profile.algorithm().unwrap_or(crate::engine::Alg::RS256),
            update_of: Some(name),
            ..ProfileDraft::default()
        };
        check_public_draft(&mut draft);
        self.dialogs.profile = Some(draft);
    }

    /// The worker replaced a verify-only profile's keys (or could not).
    pub(super) fn on_updated(
        &mut self,
        result: Result<(Profile, KeyChanges), ProfileError>,
        listed: Result<Vec<Profile>, ProfileError>,
    ) {
        match result {
            Ok((profile, changes)) => {
                self.dialogs.profile = None;
                self.take_profiles(listed);
                self.toast(changes_text(&profile.name, &changes));
                if self.key.mode == KeyMode::Profile(profile.name.clone()) {
                    self.resolve_key();
                }
            }
            Err(e) => {
                self.take_profiles(listed);
                if let Some(draft) = &mut self.dialogs.profile {
                    draft.saving = false;
                    draft.problem = Some(FormProblem::Profile(e));
                }
            }
        }
    }
}

/// "Keys of "issuer" updated: kid ec-2027 added, kid rsa-2026 removed".
fn changes_text(name: &str, changes: &KeyChanges) -> String {
    if changes.unchanged {
        return t!("pubprofile.update_same", name = name).into_owned();
    }
    let mut parts: Vec<String> = Vec::new();
    for kid in &changes.added {
        parts.push(t!("pubprofile.kid_added", kid = kid.escape_debug()).into_owned());
    }
    for kid in &changes.removed {
        parts.push(t!("pubprofile.kid_removed", kid = kid.escape_debug()).into_owned());
    }
    if parts.is_empty() {
        parts.push(
            t!(
                "pubprofile.keys_count",
                before = changes.before,
                after = changes.after
            )
            .into_owned(),
        );
    }
    t!(
        "pubprofile.updated",
        name = name,
        changes = parts.join(", ")
    )
    .into_owned()
}

/// Describes the pasted public keys as soon as they are pasted, and refuses anything that
/// can sign before Save is pressed; the algorithm follows the keys when it cannot use them.
pub(super) fn check_public_draft(draft: &mut ProfileDraft) {
    draft.problem = None;
    draft.public_note.clear();
    if draft.public_key.trim().is_empty() {
        return;
    }
    match KeySet::from_bytes(draft.public_key.trim().as_bytes()) {
        Ok(keys) => {
            if let Some(secret) = keys.keys.iter().find(|k| k.can_sign()) {
                draft.problem = Some(FormProblem::Profile(ProfileError::Invalid(
                    ProfileProblem::SecretRefused(secret.describe()),
                )));
                return;
            }
            if let Some(first) = keys.keys.first()
                && keys.keys.iter().all(|k| k.refuses(draft.alg).is_some())
            {
                draft.alg = first.default_alg();
            }
            draft.public_note = keys.keys.iter().map(crate::engine::Key::describe).collect();
        }
        Err(e) => draft.problem = Some(FormProblem::Key(e)),
    }
}

/// The worker request that saves the dialog's verify-only profile: a new one, or new keys
/// for the one being updated. Public keys are not secret: the secret is empty.
pub(super) fn public_request(draft: &ProfileDraft) -> Request {
    let text = draft.public_key.trim().to_owned();
    if let Some(name) = &draft.update_of {
        return Request::UpdatePublic(name.clone(), text);
    }
    let profile = Profile {
        name: draft.name.trim().to_owned(),
        env: Some(draft.env.trim().to_owned()).filter(|s| !s.is_empty()),
        client_id: Some(draft.client_id.trim().to_owned()).filter(|s| !s.is_empty()),
        alg: draft.alg.name().to_owned(),
        key_kind: KeyKind::PublicKeys,
        public_key: Some(text),
        account: String::new(),
    };
    Request::Add(profile, Secret::new(Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Alg;
    use crate::test_support::key_fixture;

    #[test]
    fn pasted_public_keys_are_described_and_private_ones_refused() {
        let mut draft = ProfileDraft {
            kind: KeyKind::PublicKeys,
            public_key: key_fixture("ec-p256.spki.pem"),
            ..ProfileDraft::default()
        };
        check_public_draft(&mut draft);
        assert!(draft.problem.is_none());
        assert_eq!(draft.public_note.len(), 1);
        assert_eq!(draft.alg, Alg::ES256, "HS256 cannot use an EC key");
        draft.public_key = key_fixture("ec-p256.private.jwk.json");
        check_public_draft(&mut draft);
        assert!(
            matches!(
                &draft.problem,
                Some(FormProblem::Profile(ProfileError::Invalid(
                    ProfileProblem::SecretRefused(_)
                )))
            ),
            "{:?}",
            draft.problem
        );
        assert!(draft.public_note.is_empty());
        let Request::Add(profile, secret) = public_request(&ProfileDraft {
            name: " issuer ".into(),
            kind: KeyKind::PublicKeys,
            public_key: key_fixture("issuer.jwks.json"),
            ..ProfileDraft::default()
        }) else {
            panic!("a new profile is added");
        };
        assert!(profile.verify_only() && secret.is_empty());
        assert_eq!(profile.name, "issuer");
    }

    #[test]
    fn key_changes_read_as_kids_added_and_removed() {
        let changes = KeyChanges {
            before: 2,
            after: 2,
            added: vec!["b".into()],
            removed: vec!["a".into()],
            unchanged: false,
        };
        let text = changes_text("issuer", &changes);
        assert!(
            text.contains("kid \"b\" added") && text.contains("kid \"a\" removed"),
            "{text}"
        );
    }
}
