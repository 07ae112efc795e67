//! The integration tests, one module per subject, in one test binary: linking the library
//! (with eframe) is the costly part of building a test, so it is done once.
//!
//! Every test here runs as a thread of the same process, so none may change what the
//! process shares:
//! - no `std::env::set_var` or `std::env::set_current_dir`: a child process gets its
//!   environment from `Command::env`, and paths start from `env!("CARGO_MANIFEST_DIR")`;
//! - the UI language stays English: `rust_i18n::set_locale` is process-wide and
//!   `JwtpadApp::new` calls it with the settings' language, and the engine's messages are
//!   made in that language. A test in another language gets a binary of its own, like
//!   `tests/ui_pt_br.rs`;
//! - scratch files go in a fresh temporary directory, never a fixed path two tests share;
//! - a test that uses the X display or its clipboard (a real window, a keyring's password
//!   dialog, `xdotool`, `xclip`) holds `shared::desktop::lock_display()` while it does.

#[path = "../shared/mod.rs"]
mod shared;

mod batch;
mod cli;
mod clipboard;
mod credential_manager;
mod demo;
mod diff;
mod explain;
mod fuzz_regressions;
mod i18n;
mod keygen;
mod offline;
mod on_disk;
mod paste;
mod properties;
mod public_profiles;
mod report;
mod robustness;
mod secret_service;
mod stress;
mod suite;
mod templates;
mod typing;
mod ui;
mod vectors;
mod window;
mod zone;
