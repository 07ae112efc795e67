//! The test-data pane for QA: expiry presets, a custom expiry, `iss` from the profile, a
//! valid test CPF, and broken tokens for negative tests.

use egui::{RichText, TextEdit, Ui};
use rust_i18n::t;

use super::widgets::{bad_colour, ok_colour, warn_colour};
use crate::app::state::{Action, TestDataInputs};
use crate::engine::broken::Broken;
use crate::engine::suite::{Category, Expect, Format};
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
    ui.add_space(6.0);
    let stale = inputs.suite.is_some() && inputs.suite_source != wb.token();
    suite_ui(ui, inputs, payload_ok && can_sign, stale, actions);
}

/// The negative-test suite: made on request, listed by category (collapsible), each case's
/// id a button that copies its token, and "Export suite…" to a file the user names.
fn suite_ui(
    ui: &mut Ui,
    inputs: &mut TestDataInputs,
    can_make: bool,
    stale: bool,
    actions: &mut Vec<Action>,
) {
    ui.label(RichText::new(t!("suite.ui.title")).strong());
    ui.horizontal_wrapped(|ui| {
        let make = if inputs.suite.is_some() {
            t!("suite.ui.remake")
        } else {
            t!("suite.ui.make")
        };
        if ui
            .add_enabled(can_make, egui::Button::new(make))
            .on_hover_text(t!("suite.ui.make_tip"))
            .clicked()
        {
            actions.push(Action::MakeSuite);
        }
        if inputs.suite.is_some() && ui.button(t!("suite.ui.export")).clicked() {
            inputs.export_open = !inputs.export_open;
        }
    });
    if let Some((ok, message)) = &inputs.suite_notice {
        let colour = if *ok { ok_colour(ui) } else { bad_colour(ui) };
        ui.label(RichText::new(message.as_str()).color(colour));
    }
    if inputs.suite.is_none() {
        ui.weak(t!("suite.ui.none_yet"));
        return;
    }
    if stale {
        ui.label(RichText::new(t!("suite.ui.stale")).color(warn_colour(ui)));
    }
    if inputs.export_open {
        export_ui(ui, inputs, actions);
    }
    let Some(made) = &inputs.suite else {
        return;
    };
    ui.weak(t!("suite.ui.summary", n = made.cases.len()));
    for category in Category::ALL {
        let cases: Vec<(usize, &crate::engine::suite::Case)> = made
            .cases
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind.category() == category)
            .collect();
        if cases.is_empty() {
            continue;
        }
        let title = t!(
            "suite.ui.category",
            name = category.to_string(),
            n = cases.len()
        );
        egui::CollapsingHeader::new(title)
            .id_salt(("suite_category", category.code()))
            .show(ui, |ui| {
                for (index, case) in cases {
                    ui.horizontal_wrapped(|ui| {
                        let id = case.id();
                        let expect = case.kind.expect();
                        let colour = match expect {
                            Expect::Accept => ok_colour(ui),
                            Expect::Reject => warn_colour(ui),
                        };
                        if ui
                            .button(RichText::new(&id).monospace())
                            .on_hover_text(t!(
                                "suite.ui.copy_tip",
                                why = case.kind.why().to_string()
                            ))
                            .clicked()
                        {
                            actions.push(Action::CopySuiteCase(index));
                        }
                        ui.label(RichText::new(expect.to_string()).color(colour));
                        ui.weak(case.kind.to_string());
                    });
                }
            });
    }
}

/// The export row: a path, a format, "replace", and Save. Nothing is written until Save.
fn export_ui(ui: &mut Ui, inputs: &mut TestDataInputs, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(t!("suite.ui.export_path"));
        ui.add(
            TextEdit::singleline(&mut inputs.export_path)
                .id_salt("suite_export_path")
                .hint_text(t!("suite.ui.export_path_hint"))
                .desired_width(220.0),
        )
        .labelled_by(label.id);
        egui::ComboBox::from_id_salt("suite_export_format")
            .selected_text(inputs.export_format.name())
            .show_ui(ui, |ui| {
                for format in Format::ALL {
                    ui.selectable_value(&mut inputs.export_format, format, format.name());
                }
            })
            .response
            .on_hover_text(t!("suite.ui.export_format_tip"));
        ui.checkbox(&mut inputs.export_replace, t!("suite.ui.export_replace"));
        if ui.button(t!("suite.ui.export_save")).clicked() {
            actions.push(Action::ExportSuite);
        }
    });
    if inputs.export_format.has_tokens() {
        ui.weak(t!("suite.ui.export_tokens_note"));
    }
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
