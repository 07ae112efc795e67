//! The templates pane: pick a template to fill the header and payload editors (rendered with
//! the profile's clientId, now and a fresh CPF), keep the current ones with "Save as
//! template", and see how the token departs from the template last picked.

use egui::{RichText, TextEdit, Ui};
use rust_i18n::t;

use super::widgets::{bad_colour, ok_colour, warn_colour};
use crate::app::state::Action;
use crate::engine::template::Template;
use crate::templates::{Listed, TemplateStore};
use crate::workbench::Workbench;

/// What the templates pane asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateAction {
    /// Fill the editors from this template, and check the token against it.
    Pick(String),
    /// Stop checking against the picked template.
    StopChecking,
    /// Show the name field of "Save as template".
    OpenSave,
    /// Save the current header and payload under the typed name.
    Save,
    /// Hide the name field.
    CancelSave,
}

/// The pane's state: the store, what it lists, the picked template and the name typed.
pub struct TemplatePane {
    /// Where user templates live; `None` without a config directory.
    pub store: Option<TemplateStore>,
    /// Built-ins and saved templates, read when the window opens and after each save.
    pub listed: Vec<Listed>,
    /// The template the token is checked against.
    pub picked: Option<Template>,
    /// "Save as template" is open, with this name typed.
    pub save_name: Option<String>,
    /// The last outcome: text, and whether it is a problem.
    pub message: Option<(String, bool)>,
}

impl TemplatePane {
    /// A pane over `store`, listed now.
    pub fn new(store: Option<TemplateStore>) -> Self {
        let mut pane = TemplatePane {
            store,
            listed: Vec::new(),
            picked: None,
            save_name: None,
            message: None,
        };
        pane.reload();
        pane
    }

    /// Lists the templates again (damaged files are left out; the command line names them).
    pub fn reload(&mut self) {
        self.listed = match &self.store {
            Some(store) => store.list().0,
            None => crate::engine::template::builtins()
                .into_iter()
                .map(|template| Listed {
                    template,
                    builtin: true,
                })
                .collect(),
        };
    }
}

/// The templates pane. `client_id` is the chosen profile's.
pub(super) fn template_ui(
    ui: &mut Ui,
    wb: &Workbench,
    pane: &mut TemplatePane,
    client_id: Option<&str>,
    actions: &mut Vec<Action>,
) {
    // Its own left-aligned layout: in a justified column, wrapped warnings would be spread out
    // to the full width.
    ui.vertical(|ui| pane_ui(ui, wb, pane, client_id, actions));
}

fn pane_ui(
    ui: &mut Ui,
    wb: &Workbench,
    pane: &mut TemplatePane,
    client_id: Option<&str>,
    actions: &mut Vec<Action>,
) {
    ui.heading(t!("template.pane_title"));
    ui.horizontal_wrapped(|ui| {
        ui.label(t!("template.fill_from"));
        for listed in &pane.listed {
            let name = &listed.template.name;
            let tip = if listed.builtin {
                t!("template.pick_builtin_tip", name = name)
            } else {
                t!("template.pick_tip", name = name)
            };
            if ui.button(name.as_str()).on_hover_text(tip).clicked() {
                actions.push(Action::Template(TemplateAction::Pick(name.clone())));
            }
        }
    });
    if let Some(template) = &pane.picked {
        ui.horizontal_wrapped(|ui| {
            ui.label(t!("template.checking", name = template.name));
            if ui.small_button(t!("template.stop")).clicked() {
                actions.push(Action::Template(TemplateAction::StopChecking));
            }
        });
        match wb.decoded() {
            Some(Ok(decoded)) => {
                let empty = serde_json::Map::new();
                let claims = decoded.token.payload.claims().unwrap_or(&empty);
                let warnings = template.check(claims, decoded.token.alg_text(), client_id);
                if warnings.is_empty() {
                    ui.label(RichText::new(t!("template.follows")).color(ok_colour(ui)));
                }
                for warning in warnings {
                    ui.label(
                        RichText::new(format!("{warning} [{}]", warning.code()))
                            .color(warn_colour(ui)),
                    );
                }
            }
            _ => {
                ui.weak(t!("template.no_token"));
            }
        }
    }
    match &mut pane.save_name {
        None => {
            // In a row, so the button keeps its own width in the column.
            ui.horizontal(|ui| {
                if ui
                    .button(t!("template.save_as"))
                    .on_hover_text(t!("template.save_as_tip"))
                    .clicked()
                {
                    actions.push(Action::Template(TemplateAction::OpenSave));
                }
            });
        }
        Some(name) => {
            ui.horizontal_wrapped(|ui| {
                let label = ui.label(t!("template.name"));
                let field = ui
                    .add(
                        TextEdit::singleline(name)
                            .id_salt("template_name")
                            .desired_width(180.0),
                    )
                    .labelled_by(label.id);
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button(t!("template.save")).clicked() || entered {
                    actions.push(Action::Template(TemplateAction::Save));
                }
                if ui.button(t!("template.cancel")).clicked() {
                    actions.push(Action::Template(TemplateAction::CancelSave));
                }
            });
        }
    }
    if let Some((text, problem)) = &pane.message {
        let colour = if *problem {
            bad_colour(ui)
        } else {
            ok_colour(ui)
        };
        ui.label(RichText::new(text.as_str()).color(colour));
    }
}
