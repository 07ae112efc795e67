//! Driving the window through egui_kittest, shared by the English and Portuguese flows.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jwtpad::app::JwtpadApp;

/// Replaces the text of the field labelled `label` with `text`, as a user would.
pub fn type_into(harness: &mut Harness<'static, JwtpadApp>, label: &str, text: &str) {
    // Focus, not click: the centre of a long text in a scroll area can be out of view.
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}
