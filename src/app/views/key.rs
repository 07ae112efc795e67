//! The key pane: where the key comes from (none, a session secret or key, a profile, every
//! profile), its inputs, and the algorithm.

use egui::{RichText, TextEdit, Ui};
use rust_i18n::t;

use super::widgets::{LARGE_TEXT, bad_colour, big_text_ui, key_text_ui};
use crate::app::state::{Action, KeyInputs, KeyMode, KeyringView};
use crate::engine::Alg;
use crate::workbench::Workbench;

/// The key source, its inputs (edited in `key`), what the chosen profile is, and the
/// algorithm. In demo mode "Show" is off.
pub(super) fn key_ui(
    ui: &mut Ui,
    wb: &Workbench,
    key: &mut KeyInputs,
    keyring: &KeyringView,
    demo: bool,
    actions: &mut Vec<Action>,
) {
    ui.heading(t!("key.title"));
    let mode_label = |mode: &KeyMode| match mode {
        KeyMode::None => t!("key.none").into_owned(),
        KeyMode::SessionSecret => t!("key.session_secret").into_owned(),
        KeyMode::SessionKey => t!("key.session_pem").into_owned(),
        KeyMode::Profile(name) => t!("key.profile", name = name).into_owned(),
        KeyMode::AnyProfile => t!("key.any_profile").into_owned(),
    };
    ui.horizontal_wrapped(|ui| {
        let current = &key.mode;
        let mut modes = vec![KeyMode::None, KeyMode::SessionSecret, KeyMode::SessionKey];
        modes.extend(
            keyring
                .profiles
                .iter()
                .map(|p| KeyMode::Profile(p.name.clone())),
        );
        if !keyring.profiles.is_empty() {
            modes.push(KeyMode::AnyProfile);
        }
        egui::ComboBox::new("key_source", t!("key.source"))
            .selected_text(mode_label(current))
            .width(260.0)
            .show_ui(ui, |ui| {
                for mode in modes {
                    if ui
                        .selectable_label(mode == *current, mode_label(&mode))
                        .clicked()
                        && mode != *current
                    {
                        actions.push(Action::SetKeyMode(mode));
                    }
                }
            });
        if ui.button(t!("key.add_profile")).clicked() {
            actions.push(Action::OpenAddProfile);
        }
        if let KeyMode::Profile(name) = current
            && keyring
                .profile(name)
                .is_some_and(crate::profiles::Profile::verify_only)
            && ui.button(t!("pubprofile.update_button")).clicked()
        {
            actions.push(Action::OpenUpdateKeys(name.clone()));
        }
        if let KeyMode::Profile(name) = current
            && ui.button(t!("key.delete_profile")).clicked()
        {
            actions.push(Action::AskDelete(name.clone()));
        }
    });
    match &key.mode {
        KeyMode::SessionSecret => {
            ui.horizontal(|ui| {
                let label = ui.label(t!("key.secret"));
                let eye = super::widgets::show_button(ui, demo, t!("key.reveal_tip"));
                let reveal = !demo && eye.is_pointer_button_down_on();
                if key.secret.len() > LARGE_TEXT {
                    if big_text_ui(ui, label.id, key.secret.len()) {
                        key.secret = zeroize::Zeroizing::new(String::new());
                        actions.push(Action::KeyEdited);
                    }
                } else {
                    let response = ui
                        .add(
                            TextEdit::singleline(&mut *key.secret)
                                .id(egui::Id::unique(crate::app::big_paste::ids::SECRET))
                                .password(!reveal)
                                .hint_text(t!("key.secret_hint"))
                                .desired_width(ui.available_width() - 90.0),
                        )
                        .labelled_by(label.id);
                    if response.changed() {
                        actions.push(Action::KeyEdited);
                    }
                }
                if ui
                    .checkbox(&mut key.base64, t!("key.base64"))
                    .on_hover_text(t!("key.base64_tip"))
                    .changed()
                {
                    actions.push(Action::KeyEdited);
                }
            });
            ui.weak(t!("key.session_note"));
        }
        KeyMode::SessionKey => {
            let edited = key_text_ui(
                ui,
                &mut key.pem,
                crate::app::big_paste::ids::PEM,
                (t!("key.pem"), t!("key.pem_hint")),
                f32::INFINITY,
                demo,
            );
            if edited {
                actions.push(Action::KeyEdited);
            }
            ui.weak(t!("key.session_note"));
        }
        KeyMode::Profile(name) => {
            if keyring.loading.as_ref() == Some(name) {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t!("key.loading"));
                });
            }
            if let Some(profile) = keyring.profile(name) {
                let mut details = vec![profile.alg.clone(), profile.key_kind.describe()];
                if let Some(env) = &profile.env {
                    details.push(env.clone());
                }
                if let Some(id) = &profile.client_id {
                    details.push(t!("key.client_id", id = id).into_owned());
                }
                ui.weak(details.join(" · "));
                if profile.verify_only() {
                    verify_only_ui(ui, wb, name);
                }
            }
        }
        KeyMode::AnyProfile => {
            if keyring.loading_all {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t!("key.loading"));
                });
            }
            ui.weak(t!("key.any_profile_note", n = keyring.profiles.len()));
        }
        KeyMode::None => {}
    }
    public_half_ui(ui, wb, actions);
    let problem = wb.key().problem.as_ref().map(ToString::to_string);
    if let Some(problem) = problem.or_else(|| keyring.problem.as_ref().map(ToString::to_string)) {
        ui.label(RichText::new(problem).color(bad_colour(ui)));
    }
    ui.horizontal(|ui| {
        let current = wb.alg();
        egui::ComboBox::new("key_alg", t!("key.alg"))
            .selected_text(current.name())
            .show_ui(ui, |ui| {
                for alg in Alg::ALL {
                    if ui.selectable_label(alg == current, alg.name()).clicked() && alg != current {
                        actions.push(Action::SetAlg(alg));
                    }
                }
            });
    });
    if let Some(problem) = wb.sign_problem() {
        ui.label(RichText::new(problem.to_string()).color(bad_colour(ui)));
    }
}

/// "Copy public JWK", "Copy JWKS" and "Copy public PEM", for a key in use that has a
/// public half (a profile's or a session key pair; never an HMAC secret).
fn public_half_ui(ui: &mut Ui, wb: &Workbench, actions: &mut Vec<Action>) {
    use crate::engine::keys::export::PublicFormat;
    let Some(keys) = &wb.key().keys else {
        return;
    };
    if keys.keys.is_empty() || !keys.keys.iter().all(crate::engine::Key::has_public_half) {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for (format, label) in [
            (PublicFormat::Jwk, t!("keygen.copy_jwk")),
            (PublicFormat::Jwks, t!("keygen.copy_jwks")),
            (PublicFormat::Pem, t!("keygen.copy_pem")),
        ] {
            if ui
                .button(label)
                .on_hover_text(t!("keygen.copy_tip"))
                .clicked()
            {
                actions.push(Action::CopyPublicKey(format));
            }
        }
    });
}

/// A verify-only profile's keys (how many, their kids), and, while the user authors a
/// token, why it is not signed.
fn verify_only_ui(ui: &mut Ui, wb: &Workbench, name: &str) {
    if let Some(keys) = &wb.key().keys {
        let kids: Vec<&str> = keys.keys.iter().filter_map(|k| k.kid.as_deref()).collect();
        let line = if kids.is_empty() {
            t!("pubprofile.pane_keys", n = keys.keys.len()).into_owned()
        } else {
            t!(
                "pubprofile.pane_keys_kids",
                n = keys.keys.len(),
                kids = kids.join(", ")
            )
            .into_owned()
        };
        ui.weak(line);
    }
    if wb.last_edit() == crate::workbench::LastEdit::Parts {
        let refusal = crate::profiles::ProfileError::VerifyOnly(name.to_owned());
        ui.label(RichText::new(refusal.to_string()).color(bad_colour(ui)));
    }
}
