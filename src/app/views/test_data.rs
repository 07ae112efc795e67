//! The test-data pane for QA: expiry presets, a custom expiry, `iss` from the profile, a
//! valid test CPF, and broken tokens for negative tests.

use egui::{RichText, TextEdit, Ui};
use rust_i18n::t;

use super::widgets::{bad_colour, ok_colour, warn_colour};
use crate::app::state::{Action, TestDataInputs};
use crate::engine::broken::Broken;
use crate::timefmt::human_duration;
use crate::workbench::Workbench;

/// Test data for QA: expiry presets, a custom expiry, a valid test CPF, and broken tokens
/// for negative tests, each copied with one click. `client_id` is the profile's in use.
pub(super) fn test_data_ui(
    ui: &mut Ui,
    wb: &Workbench,
    inputs: &mut TestDataInputs,
    client_id: Option<&str>,
    actions: &mut Vec<Action>,
) {
    ui.heading(t!("qa.title"));
    let payload_ok = wb.claims_ready();
    ui.add_enabled_ui(payload_ok, |ui| {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(t!("qa.expiry"));
            for secs in [300u64, 900, 3600, 86_400] {
                let text = t!("qa.plus", span = human_duration(secs));
                if ui
                    .button(text.as_ref())
                    .on_hover_text(t!("qa.expiry_tip", span = text))
                    .clicked()
                {
                    actions.push(Action::SetLifetime(secs as i64));
                }
            }
            let field = ui
                .add(
                    TextEdit::singleline(&mut inputs.expiry_text)
                        .id_salt("expiry_custom")
                        .hint_text(t!("qa.expiry_hint"))
                        .desired_width(120.0),
                )
                .labelled_by(label.id)
                .on_hover_text(t!("qa.expiry_custom_tip"));
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button(t!("qa.set_exp")).clicked() || entered {
                actions.push(Action::SetCustomExpiry);
            }
        });
        if let Some(problem) = &inputs.expiry_problem {
            ui.label(RichText::new(problem.to_string()).color(bad_colour(ui)));
        }
        if let Some(client_id) = client_id {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("iss").monospace());
                let current = wb.claim("iss").and_then(|v| v.as_str());
                if current == Some(client_id) {
                    let text = t!("qa.iss_matches", id = client_id);
                    ui.label(RichText::new(text).color(ok_colour(ui)));
                } else {
                    if ui
                        .button(t!("qa.iss_use", id = client_id))
                        .on_hover_text(t!("qa.iss_use_tip"))
                        .clicked()
                    {
                        actions.push(Action::SetIssFromProfile);
                    }
                    if let Some(other) = current {
                        ui.weak(t!("qa.iss_differs", iss = other));
                    }
                }
            });
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("personId").monospace());
            if ui
                .button(t!("qa.new_cpf"))
                .on_hover_text(t!("qa.new_cpf_tip"))
                .clicked()
            {
                actions.push(Action::NewPersonId);
            }
            match &inputs.person_id {
                Some(Ok(())) => {
                    ui.label(RichText::new(t!("qa.cpf_valid")).color(ok_colour(ui)));
                }
                Some(Err(why)) => {
                    let text = t!("qa.cpf_invalid", why = why.to_string());
                    ui.label(RichText::new(text).color(warn_colour(ui)));
                }
                None => {
                    ui.weak(t!("qa.cpf_absent"));
                }
            }
        });
    });
    if !payload_ok {
        ui.weak(t!("qa.needs_object"));
    }

    ui.add_space(4.0);
    ui.label(RichText::new(t!("qa.negative")).strong());
    let can_sign = wb.key().signer().is_some();
    if !can_sign {
        ui.weak(t!("engine.broken.needs_key"));
    }
    for broken in Broken::SIMPLE {
        ui.horizontal_wrapped(|ui| {
            let enabled = payload_ok && (can_sign || broken == Broken::AlgNone);
            let button = egui::Button::new(copy_broken_label(&broken));
            if ui.add_enabled(enabled, button).clicked() {
                actions.push(Action::CopyBroken(broken.clone()));
            }
            ui.weak(broken.expectation().to_string());
        });
    }
    let missing = inputs.missing_claim.as_str();
    let present = wb.claim(missing).is_some();
    ui.horizontal_wrapped(|ui| {
        let button = egui::Button::new(t!("qa.copy_missing"));
        if ui
            .add_enabled(payload_ok && can_sign && present, button)
            .clicked()
        {
            let claim = missing.to_owned();
            actions.push(Action::CopyBroken(Broken::MissingClaim(claim)));
        }
        let mut chosen = missing.to_owned();
        egui::ComboBox::from_id_salt("missing_claim")
            .selected_text(RichText::new(&chosen).monospace())
            // Listed only while the menu is open: a large payload is not walked every frame.
            .show_ui(ui, |ui| {
                for name in wb.claim_names() {
                    ui.selectable_value(&mut chosen, name.to_owned(), name);
                }
            })
            .response
            .on_hover_text(t!("qa.missing_pick"));
        if chosen != missing {
            actions.push(Action::PickMissingClaim(chosen));
        }
        ui.weak(
            Broken::MissingClaim(missing.to_owned())
                .expectation()
                .to_string(),
        );
    });
}

fn copy_broken_label(broken: &Broken) -> std::borrow::Cow<'static, str> {
    match broken {
        Broken::Expired => t!("qa.copy_expired"),
        Broken::NotYetValid => t!("qa.copy_not_yet_valid"),
        Broken::WrongSignature => t!("qa.copy_wrong_signature"),
        Broken::AlgNone => t!("qa.copy_alg_none"),
        Broken::MissingClaim(_) => t!("qa.copy_missing"),
    }
}
