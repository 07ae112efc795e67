//! The window's views. Each `*_ui` function draws one part from the app's state and returns
//! the actions the user asked for; none of them changes the document itself. This module
//! lays the panes out; each pane lives in its own module.

mod bars;
mod claims;
mod dialogs;
mod editors;
mod key;
mod test_data;
mod token;
mod widgets;

use egui::{RichText, Ui};

use super::JwtpadApp;
use super::state::Action;
use widgets::ok_colour;

/// Below this width the two columns stack.
const TWO_COLUMNS: f32 = 900.0;

/// The whole window.
pub fn window_ui(ui: &mut Ui, app: &mut JwtpadApp) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Panel::top("top").show(ui, |ui| bars::top_bar_ui(ui, app, &mut actions));
    if let Some(error) = app.keyring_error.clone() {
        egui::Panel::top("banner").show(ui, |ui| {
            bars::banner_ui(ui, &error.to_string(), &mut actions)
        });
    }
    if let Some((message, _)) = &app.toast {
        let message = message.clone();
        egui::Panel::bottom("toast").show(ui, |ui| {
            ui.label(RichText::new(message).color(ok_colour(ui)));
        });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        if ui.available_width() >= TWO_COLUMNS {
            ui.columns(2, |columns| {
                egui::ScrollArea::vertical()
                    .id_salt("left")
                    .show(&mut columns[0], |ui| {
                        token::encoded_ui(ui, app, &mut actions);
                        ui.add_space(8.0);
                        token::verdict_ui(ui, app);
                        ui.add_space(8.0);
                        key::key_ui(ui, app, &mut actions);
                        ui.add_space(8.0);
                        test_data::test_data_ui(ui, app, &mut actions);
                    });
                egui::ScrollArea::vertical()
                    .id_salt("right")
                    .show(&mut columns[1], |ui| {
                        editors::json_editors_ui(ui, app, &mut actions);
                        ui.add_space(8.0);
                        claims::claims_ui(ui, app);
                        claims::warnings_ui(ui, app);
                    });
            });
        } else {
            egui::ScrollArea::vertical()
                .id_salt("single")
                .show(ui, |ui| {
                    token::encoded_ui(ui, app, &mut actions);
                    ui.add_space(8.0);
                    token::verdict_ui(ui, app);
                    ui.add_space(8.0);
                    key::key_ui(ui, app, &mut actions);
                    ui.add_space(8.0);
                    editors::json_editors_ui(ui, app, &mut actions);
                    ui.add_space(8.0);
                    claims::claims_ui(ui, app);
                    claims::warnings_ui(ui, app);
                    // Stacked, the editors come first: test data is a tool, the token is the work.
                    ui.add_space(8.0);
                    test_data::test_data_ui(ui, app, &mut actions);
                });
        }
    });
    dialogs::profile_dialog_ui(ui, app, &mut actions);
    dialogs::confirm_delete_ui(ui, app, &mut actions);
    actions
}
