//! jwtpad: make and decode JSON Web Tokens offline.
//!
//! The [`engine`] holds every rule (parsing, keys, signing, verification, time claims) and
//! knows nothing about the window; the command line ([`cli`]) and the window ([`app`]) are thin
//! layers over it.
//!
//! ```
//! use jwtpad::engine::{Alg, Clock, Key, KeySet, Secret, decode, sign::sign_json};
//!
//! let key = Key::hmac(Secret::new(b"a-string-secret-at-least-256-bits-long".to_vec()));
//! let signed = sign_json(r#"{"typ":"JWT"}"#, r#"{"sub":"42","exp":4102444800}"#, Alg::HS256, Some(&key)).unwrap();
//! let decoded = decode(&signed.token, Some(&KeySet::from(key)), &Clock::system()).unwrap();
//! assert_eq!(decoded.verification.verified(), Some(true));
//! assert_eq!(decoded.token.header["alg"], "HS256");
//! ```

// Every user-visible text of the window and the engine goes through `t!` (assets/locales;
// the engine's words are made in src/engine/messages.rs). tests/it/i18n.rs checks keys and
// placeholders. The texts come from `texts::Texts` (tables made by build.rs); the macro's
// own folder is empty on purpose, so it compiles none in itself.
rust_i18n::i18n!("assets/no-locales", fallback = "en", backend = texts::Texts);

pub mod app;
pub mod changes;
pub mod cli;
pub mod engine;
pub mod notes;
pub mod profiles;
pub mod secrets;
pub mod share;
pub mod suite_file;
pub mod templates;
pub mod texts;
pub mod timefmt;
pub mod workbench;

#[cfg(test)]
mod test_support;
