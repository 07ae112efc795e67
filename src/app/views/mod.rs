//! The window's views. Each `*_ui` function draws one part from the app's state and returns
//! the actions the user asked for; none of them changes the document itself. This module
//! lays the panes out; each pane lives in its own module.

mod bars;
mod changes;
mod check_at;
mod claims;
mod clip;
mod dialogs;
mod editors;
mod explain;
mod found;
mod key;
mod report;
mod template;
mod test_data;
mod text_cache;
mod token;
mod widgets;

use egui::{RichText, Ui};

use super::JwtpadApp;
use super::state::Action;
pub(super) use changes::ChangeLists;
pub(super) use check_at::CheckAt;
pub(super) use claims::ClaimRows;
pub(super) use editors::shown_json;
pub(super) use explain::Explanation;
pub use template::{TemplateAction, TemplatePane};
pub(super) use text_cache::masked_json;
pub(super) use token::shown_token;
use widgets::ok_colour;

/// Below this width the two columns stack.
const TWO_COLUMNS: f32 = 900.0;

/// The whole window: the panes side by side, or stacked when narrow. Each pane gets only
/// the parts of the app it draws; what the user asks for comes back as actions.
pub fn window_ui(ui: &mut Ui, app: &mut JwtpadApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let clock = app.clock();
    let demo = app.settings.demo;
    // What demo mode masks whole besides the engine's rules: the claims ticked in the table.
    let extra = app.extra_masks();
    let masking = demo.then_some(extra.as_slice());
    let ctx = ui.ctx().clone();
    egui::Panel::top("top").show(ui, |ui| {
        bars::top_bar_ui(ui, &app.settings, &app.clear_override, &mut actions);
    });
    if demo {
        bars::demo_strip(ui);
    }
    if let Some(error) = &app.keyring.error {
        egui::Panel::top("banner").show(ui, |ui| bars::keyring_banner_ui(ui, error, &mut actions));
    }
    if let Some(error) = &app.keyring.list_error {
        egui::Panel::top("profiles_banner")
            .show(ui, |ui| bars::profiles_banner_ui(ui, error, &mut actions));
    }
    if let Some((message, _)) = &app.notices.toast {
        egui::Panel::bottom("toast").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(message.as_str()).color(ok_colour(ui)));
                if let Some(secs) = app.notices.clears_in {
                    ui.weak(rust_i18n::t!("clip.clears_in", secs = secs));
                }
            });
        });
    }
    let token = |ui: &mut Ui, app: &mut JwtpadApp, actions: &mut Vec<Action>| {
        let hover = &mut app.hover;
        token::encoded_ui(
            ui,
            &app.wb,
            &mut app.editors.token,
            &app.notices,
            masking,
            hover,
            actions,
        );
        explain::explain_ui(ui, &app.wb, &mut app.explain, masking, hover);
        ui.add_space(8.0);
        check_at::check_at_ui(ui, &mut app.check_at, actions);
        ui.add_space(4.0);
        token::verdict_ui(ui, &app.wb, &clock, app.check_at.zone, demo);
        report::report_ui(ui, actions);
        ui.add_space(8.0);
        key::key_ui(ui, &app.wb, &mut app.key, &app.keyring, demo, actions);
        changes::compare_ui(ui, &mut app.changes, masking, actions);
    };
    let test_data = |ui: &mut Ui, app: &mut JwtpadApp, actions: &mut Vec<Action>| {
        let client_id = app.keyring.client_id(&app.key.mode);
        test_data::test_data_ui(ui, &app.wb, &mut app.test_data, client_id, actions);
        ui.add_space(8.0);
        template::template_ui(ui, &app.wb, &mut app.templates, client_id, actions);
    };
    let document = |ui: &mut Ui, app: &mut JwtpadApp, actions: &mut Vec<Action>| {
        let editor_demo = masking.map(|extra| (&app.demo, extra));
        editors::json_editors_ui(
            ui,
            &app.wb,
            &mut app.editors,
            editor_demo,
            &mut app.hover,
            actions,
        );
        changes::changes_ui(ui, &app.changes);
        ui.add_space(8.0);
        claims::claims_ui(ui, &app.claim_rows, &app.report_masks, actions);
        claims::warnings_ui(ui, &app.wb, &clock, demo);
    };
    egui::CentralPanel::default().show(ui, |ui| {
        // Solid bars take their own strip: egui's floating ones are drawn over the content's
        // right edge, where they covered the token's Clear button.
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
        if ui.available_width() >= TWO_COLUMNS {
            ui.columns(2, |columns| {
                egui::ScrollArea::vertical()
                    .id_salt("left")
                    .show(&mut columns[0], |ui| {
                        token(ui, app, &mut actions);
                        ui.add_space(8.0);
                        test_data(ui, app, &mut actions);
                    });
                egui::ScrollArea::vertical()
                    .id_salt("right")
                    .show(&mut columns[1], |ui| document(ui, app, &mut actions));
            });
        } else {
            egui::ScrollArea::vertical()
                .id_salt("single")
                .show(ui, |ui| {
                    token(ui, app, &mut actions);
                    ui.add_space(8.0);
                    document(ui, app, &mut actions);
                    // Stacked, the editors come first: test data is a tool, the token is the work.
                    ui.add_space(8.0);
                    test_data(ui, app, &mut actions);
                });
        }
    });
    if let Some(draft) = &mut app.dialogs.profile {
        dialogs::profile_dialog_ui(ui, draft, demo, &mut actions);
    }
    if app.demo.confirm_leave {
        dialogs::confirm_leave_demo_ui(ui, &mut actions);
    }
    if let Some(name) = &app.dialogs.confirm_delete {
        let verify_only = app
            .keyring
            .profile(name)
            .is_some_and(crate::profiles::Profile::verify_only);
        dialogs::confirm_delete_ui(ui, name, verify_only, &mut actions);
    }
    app.hover.end_frame(&ctx);
    actions
}
