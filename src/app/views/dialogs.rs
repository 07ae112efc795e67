//! The dialogs: the "Add profile" form and the delete confirmation.

use egui::{RichText, TextEdit, Ui};
use rust_i18n::t;

use super::widgets::key_text_ui;
use crate::app::state::{Action, ProfileDraft};
use crate::engine::Alg;
use crate::profiles::KeyKind;

/// The "Add profile" form, editing `draft`, as a modal like the delete confirmation. Escape
/// closes it; a click beside it does not, so a half-typed key is not lost to a stray click.
pub(super) fn profile_dialog_ui(
    ui: &mut Ui,
    draft: &mut ProfileDraft,
    demo: bool,
    actions: &mut Vec<Action>,
) {
    let modal = egui::Modal::new(ui.scope_id().with("profile_dialog")).show(ui.ctx(), |ui| {
        let title = match &draft.update_of {
            Some(name) => t!("pubprofile.update_title", name = name),
            None => t!("profile.window"),
        };
        ui.vertical_centered(|ui| ui.heading(title));
        ui.add_space(4.0);
        if draft.update_of.is_some() {
            update_keys_form_ui(ui, draft, demo, actions);
        } else {
            profile_form_ui(ui, draft, demo, actions);
        }
    });
    let escape = || ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
    if modal.is_top_modal && !modal.any_popup_open && escape() {
        actions.push(Action::CloseDialog);
    }
}

fn profile_form_ui(ui: &mut Ui, draft: &mut ProfileDraft, demo: bool, actions: &mut Vec<Action>) {
    let fields = egui::Grid::new("profile_form")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            for (key, field) in [
                ("profile.name", &mut draft.name),
                ("profile.env", &mut draft.env),
                ("profile.client_id", &mut draft.client_id),
            ] {
                let label = ui.label(t!(key));
                ui.add(
                    TextEdit::singleline(field)
                        .id_salt(key)
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            }
            let alg_label = ui.label(t!("profile.alg"));
            egui::ComboBox::from_id_salt("profile_alg")
                .selected_text(draft.alg.name())
                .show_ui(ui, |ui| {
                    for alg in Alg::ALL.into_iter().filter(|a| *a != Alg::None) {
                        ui.selectable_value(&mut draft.alg, alg, alg.name());
                    }
                })
                .response
                .labelled_by(alg_label.id);
            ui.end_row();
            ui.label("");
            ui.horizontal(|ui| {
                let kinds = [
                    (KeyKind::HmacText, t!("profile.kind_secret")),
                    (KeyKind::HmacBase64, t!("key.base64")),
                    (KeyKind::PrivateKey, t!("profile.kind_key")),
                ];
                for (kind, text) in kinds {
                    if ui.radio_value(&mut draft.kind, kind, text).changed() {
                        actions.push(Action::ProfileKeyEdited);
                    }
                }
            });
            ui.end_row();
            // A row of its own: it is a different kind of profile, one that never signs.
            ui.label("");
            let public = t!("pubprofile.kind_radio");
            if ui
                .radio_value(&mut draft.kind, KeyKind::PublicKeys, public)
                .changed()
            {
                actions.push(Action::ProfileKeyEdited);
            }
            ui.end_row();
            if draft.kind == KeyKind::PublicKeys {
                ui.label("");
                ui.vertical(|ui| public_keys_ui(ui, draft, demo, actions));
            } else if draft.kind == KeyKind::PrivateKey {
                ui.label("");
                ui.vertical(|ui| {
                    let edited = key_text_ui(
                        ui,
                        &mut draft.secret,
                        "profile_key",
                        (t!("profile.key"), t!("profile.key_hint")),
                        300.0,
                        demo,
                    );
                    if edited {
                        actions.push(Action::ProfileKeyEdited);
                    }
                    if let Some(note) = &draft.key_note {
                        ui.weak(note.to_string());
                    }
                });
                ui.end_row();
                ui.label("");
                ui.vertical(|ui| {
                    key_text_ui(
                        ui,
                        &mut draft.public_key,
                        "profile_public_key",
                        (t!("profile.public_key"), t!("profile.public_key_hint")),
                        300.0,
                        demo,
                    );
                });
            } else {
                let label = ui.label(t!("profile.secret"));
                ui.add(
                    TextEdit::singleline(&mut *draft.secret)
                        .id_salt("profile_secret")
                        .password(true)
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
            }
            ui.end_row();
            if draft.kind != KeyKind::PublicKeys {
                ui.label("");
                generate_ui(ui, draft, actions);
                ui.end_row();
            }
        });
    // The notes below wrap at the fields' width, so the form is as wide as its fields.
    ui.set_max_width(fields.response.rect.width());
    if draft.kind == KeyKind::PublicKeys {
        ui.weak(t!("pubprofile.where"));
    } else {
        ui.weak(t!("profile.where"));
    }
    if let Some(problem) = &draft.problem {
        ui.label(RichText::new(problem.to_string()).color(ui.visuals().error_fg_color));
    }
    ui.horizontal(|ui| {
        let keyed = match draft.kind {
            KeyKind::PublicKeys => !draft.public_key.trim().is_empty(),
            _ => !draft.secret.is_empty(),
        };
        let ready = !draft.name.trim().is_empty() && keyed && !draft.saving;
        let save = match (draft.saving, draft.kind) {
            (true, _) => t!("profile.saving"),
            (false, KeyKind::PublicKeys) => t!("pubprofile.save"),
            (false, _) => t!("profile.save"),
        };
        if ui.add_enabled(ready, egui::Button::new(save)).clicked() {
            actions.push(Action::SaveProfile);
        }
        if ui.button(t!("key.cancel")).clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

/// "Generate key": a new key for the chosen algorithm, made here and kept only in the
/// keyring, in place of typing or pasting one.
fn generate_ui(ui: &mut Ui, draft: &ProfileDraft, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        if draft.generating {
            ui.spinner();
            ui.label(t!("keygen.generating", alg = draft.alg.name()));
            return;
        }
        let ready = !draft.name.trim().is_empty() && !draft.saving;
        let button = ui
            .add_enabled(ready, egui::Button::new(t!("keygen.generate")))
            .on_hover_text(t!("keygen.generate_tip", alg = draft.alg.name()))
            .on_disabled_hover_text(t!("keygen.generate_needs_name"));
        if button.clicked() {
            actions.push(Action::GenerateProfileKey);
        }
        ui.weak(t!("keygen.generate_note", alg = draft.alg.name()));
    });
}

/// The public keys box of a verify-only profile, and what the pasted keys are.
fn public_keys_ui(ui: &mut Ui, draft: &mut ProfileDraft, demo: bool, actions: &mut Vec<Action>) {
    let edited = key_text_ui(
        ui,
        &mut draft.public_key,
        "profile_public_keys",
        (t!("pubprofile.keys_label"), t!("pubprofile.keys_hint")),
        300.0,
        demo,
    );
    if edited {
        actions.push(Action::ProfileKeyEdited);
    }
    if !draft.public_note.is_empty() {
        ui.weak(t!("pubprofile.keys_found", n = draft.public_note.len()));
        for description in &draft.public_note {
            ui.weak(format!("• {description}"));
        }
    }
}

/// The dialog when it replaces a verify-only profile's keys: the keys box alone.
fn update_keys_form_ui(
    ui: &mut Ui,
    draft: &mut ProfileDraft,
    demo: bool,
    actions: &mut Vec<Action>,
) {
    ui.set_max_width(320.0);
    public_keys_ui(ui, draft, demo, actions);
    ui.weak(t!("pubprofile.update_note"));
    if let Some(problem) = &draft.problem {
        ui.label(RichText::new(problem.to_string()).color(ui.visuals().error_fg_color));
    }
    ui.horizontal(|ui| {
        let ready = !draft.public_key.trim().is_empty() && !draft.saving;
        let save = if draft.saving {
            t!("profile.saving")
        } else {
            t!("pubprofile.update_save")
        };
        if ui.add_enabled(ready, egui::Button::new(save)).clicked() {
            actions.push(Action::SaveProfile);
        }
        if ui.button(t!("key.cancel")).clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

/// "Delete profile `name` and its keyring entry?", yes or cancel. A verify-only profile has
/// no keyring entry, and the question says so.
pub(super) fn confirm_delete_ui(
    ui: &mut Ui,
    name: &str,
    verify_only: bool,
    actions: &mut Vec<Action>,
) {
    egui::Modal::new(ui.scope_id().with("confirm_delete")).show(ui.ctx(), |ui| {
        if verify_only {
            ui.label(t!("pubprofile.delete_confirm", name = name));
        } else {
            ui.label(t!("key.delete_confirm", name = name));
        }
        ui.horizontal(|ui| {
            if ui.button(t!("key.delete_yes")).clicked() {
                actions.push(Action::ConfirmDelete);
            }
            if ui.button(t!("key.cancel")).clicked() {
                actions.push(Action::CloseDialog);
            }
        });
    });
}

/// "Leave demo mode?": leaving shows at once everything demo mode hides, so it is asked.
/// Escape or a click beside it stays in demo mode.
pub(super) fn confirm_leave_demo_ui(ui: &mut Ui, actions: &mut Vec<Action>) {
    let modal = egui::Modal::new(ui.scope_id().with("leave_demo")).show(ui.ctx(), |ui| {
        ui.set_max_width(420.0);
        ui.heading(t!("demo.leave_title"));
        ui.label(t!("demo.leave_body"));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(t!("demo.stay")).clicked() {
                actions.push(Action::CloseDialog);
            }
            if ui.button(t!("demo.leave")).clicked() {
                actions.push(Action::SetDemo(false));
            }
        });
    });
    if modal.should_close() {
        actions.push(Action::CloseDialog);
    }
}
