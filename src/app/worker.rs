//! Keyring work off the UI thread. A locked GNOME Keyring can block a D-Bus call for as long
//! as its unlock dialog is open, so the window only ever sends requests here and reads
//! replies; every call is also bounded by the store itself.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::engine::Secret;
use crate::profiles::{KeyChanges, Profile, ProfileError, Profiles};
use crate::secrets::{KeyringStore, MemoryStore, SecretStore, StoreError};

/// What the window asks for.
pub enum Request {
    /// (Re)connect to the keyring and list the profiles.
    Connect,
    /// Fetch the secret of a profile.
    Secret(Profile),
    /// Fetch the secret of every one of these profiles (to find which one signed a token).
    AllSecrets(Vec<Profile>),
    /// Store a new profile and its secret.
    Add(Profile, Secret),
    /// Remove a profile and its keyring entry.
    Remove(String),
    /// Replace a verify-only profile's public keys with this text.
    UpdatePublic(String, String),
    /// Make a new key for this algorithm on the worker (an RSA key takes a while) and add
    /// the profile with it; the key goes to the keyring only.
    Generate(Profile, crate::engine::Alg),
}

/// What comes back.
pub enum Reply {
    /// The keyring is usable (`None`) or not (`Some(error)`), and the stored profiles or
    /// why they cannot be listed (a damaged settings file is reported, never read as empty).
    Connected(Option<StoreError>, Result<Vec<Profile>, ProfileError>),
    /// A profile's secret, or why it could not be had.
    Secret(String, Result<Secret, ProfileError>),
    /// Each profile's secret, or why it could not be had, in the order asked.
    AllSecrets(Vec<(Profile, Result<Secret, ProfileError>)>),
    /// A profile was added (or not).
    Added(Result<Profile, ProfileError>),
    /// A profile was removed (or not); the fresh list (or why there is none) follows.
    Removed(
        Result<String, ProfileError>,
        Result<Vec<Profile>, ProfileError>,
    ),
    /// A verify-only profile's keys were replaced (or not), and what changed; the fresh
    /// list (or why there is none) follows.
    Updated(
        Result<(Profile, KeyChanges), ProfileError>,
        Result<Vec<Profile>, ProfileError>,
    ),
}

/// The window's end of the worker.
pub struct Worker {
    requests: Sender<Request>,
    replies: Receiver<Reply>,
}

/// Where the worker's profiles and secrets live.
pub enum Backend {
    /// The OS keyring and the settings file at this path.
    Keyring(PathBuf),
    /// An in-memory store (tests, or a keyring that is deliberately off).
    Memory(PathBuf, std::sync::Arc<MemoryStore>),
    /// A keyring that always fails with this error (tests of the banner).
    Failing(PathBuf, StoreError),
}

impl Worker {
    /// Starts the worker thread; `wake` is called after each reply so the UI repaints.
    pub fn start(backend: Backend, wake: impl Fn() + Send + 'static) -> Self {
        let (requests, inbox) = channel::<Request>();
        let (outbox, replies) = channel::<Reply>();
        std::thread::Builder::new()
            .name("jwtpad-keyring-worker".into())
            .spawn(move || serve(&backend, &inbox, &outbox, &wake))
            .expect("start the keyring worker thread");
        Worker { requests, replies }
    }

    /// Queues a request; never blocks.
    pub fn send(&self, request: Request) {
        let _ = self.requests.send(request);
    }

    /// Replies that have arrived, without waiting.
    pub fn poll(&self) -> Vec<Reply> {
        self.replies.try_iter().collect()
    }
}

fn serve(backend: &Backend, inbox: &Receiver<Request>, outbox: &Sender<Reply>, wake: &dyn Fn()) {
    let mut keyring: Option<KeyringStore> = None;
    for request in inbox {
        // Verify-only profiles live in the settings file alone: no keyring to wait for.
        if let Some(reply) = without_keyring(&request, backend) {
            let _ = outbox.send(reply);
            wake();
            continue;
        }
        // The store: the keyring once connected, else the reason it is not.
        let store: Result<&dyn SecretStore, StoreError> = match backend {
            Backend::Memory(_, store) => Ok(store.as_ref()),
            Backend::Failing(_, error) => Err(error.clone()),
            Backend::Keyring(_) => {
                if keyring.is_none() || matches!(request, Request::Connect) {
                    keyring = None;
                    match KeyringStore::connect(KeyringStore::timeout_from_env()) {
                        Ok(store) => keyring = Some(store),
                        Err(error) => {
                            let _ = outbox.send(failure(&request, error, backend));
                            wake();
                            continue;
                        }
                    }
                }
                Ok(keyring.as_ref().expect("connected above") as &dyn SecretStore)
            }
        };
        let reply = match store {
            Err(error) => failure(&request, error, backend),
            Ok(store) => {
                let profiles = Profiles::new(settings_path(backend), store);
                match request {
                    Request::Connect => Reply::Connected(None, profiles.list()),
                    Request::Secret(profile) => {
                        Reply::Secret(profile.name.clone(), profiles.secret(&profile))
                    }
                    Request::AllSecrets(list) => Reply::AllSecrets(
                        list.into_iter()
                            .map(|profile| {
                                let secret = profiles.secret(&profile);
                                (profile, secret)
                            })
                            .collect(),
                    ),
                    Request::Add(profile, secret) => Reply::Added(profiles.add(profile, &secret)),
                    Request::Remove(name) => {
                        let result = profiles.remove(&name).map(|p| p.name);
                        Reply::Removed(result, profiles.list())
                    }
                    Request::UpdatePublic(name, text) => {
                        Reply::Updated(profiles.update_public(&name, &text), profiles.list())
                    }
                    Request::Generate(base, alg) => Reply::Added(
                        crate::profiles::generated(base, alg, None)
                            .and_then(|(profile, secret)| profiles.add(profile, &secret)),
                    ),
                }
            }
        };
        let _ = outbox.send(reply);
        wake();
    }
}

/// The reply to a request that needs no keyring: everything about verify-only profiles.
/// `None` when the keyring is needed.
fn without_keyring(request: &Request, backend: &Backend) -> Option<Reply> {
    let memory = MemoryStore::default();
    let profiles = Profiles::new(settings_path(backend), &memory);
    let verify_only = |name: &str| profiles.get(name).is_ok_and(|p| p.verify_only());
    Some(match request {
        Request::Secret(profile) if profile.verify_only() => {
            Reply::Secret(profile.name.clone(), profiles.secret(profile))
        }
        Request::AllSecrets(list) if list.iter().all(Profile::verify_only) => Reply::AllSecrets(
            list.iter()
                .map(|p| (p.clone(), profiles.secret(p)))
                .collect(),
        ),
        Request::Add(profile, secret) if profile.verify_only() => {
            Reply::Added(profiles.add(profile.clone(), secret))
        }
        Request::Remove(name) if verify_only(name) => {
            let result = profiles.remove(name).map(|p| p.name);
            Reply::Removed(result, profiles.list())
        }
        Request::UpdatePublic(name, text) => {
            Reply::Updated(profiles.update_public(name, text), profiles.list())
        }
        _ => return None,
    })
}

fn settings_path(backend: &Backend) -> PathBuf {
    match backend {
        Backend::Keyring(path) | Backend::Memory(path, _) | Backend::Failing(path, _) => {
            path.clone()
        }
    }
}

/// The reply to `request` when the keyring cannot be reached. Profiles are still listed
/// from the settings file, so the user sees what exists.
fn failure(request: &Request, error: StoreError, backend: &Backend) -> Reply {
    let listed = || {
        let memory = MemoryStore::default();
        Profiles::new(settings_path(backend), &memory).list()
    };
    match request {
        Request::Connect => Reply::Connected(Some(error), listed()),
        Request::Secret(profile) => Reply::Secret(profile.name.clone(), Err(error.into())),
        Request::AllSecrets(list) => Reply::AllSecrets(
            list.iter()
                .map(|profile| {
                    // A verify-only profile needs no keyring: it still counts.
                    let secret = if profile.verify_only() {
                        Ok(Secret::new(Vec::new()))
                    } else {
                        Err(error.clone().into())
                    };
                    (profile.clone(), secret)
                })
                .collect(),
        ),
        Request::Add(..) | Request::Generate(..) => Reply::Added(Err(error.into())),
        Request::Remove(_) => Reply::Removed(Err(error.into()), listed()),
        Request::UpdatePublic(..) => Reply::Updated(Err(error.into()), listed()),
    }
}
