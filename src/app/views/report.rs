//! "Copy report": the summary safe to paste into a ticket (`crate::share`, the builder
//! `jwtpad report` uses), in the window's language, with the claims table's masks.

use egui::Ui;
use rust_i18n::t;

use crate::app::state::{Action, ReportForm};

/// The two copy buttons: plain text (reads well anywhere) and Markdown (for trackers that
/// render it).
pub(super) fn report_ui(ui: &mut Ui, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        let text = ui
            .button(t!("report_ui.copy"))
            .on_hover_text(t!("report_ui.copy_tip"));
        if text.clicked() {
            actions.push(Action::CopyReport(ReportForm::Text));
        }
        let markdown = ui
            .button(t!("report_ui.copy_markdown"))
            .on_hover_text(t!("report_ui.copy_markdown_tip"));
        if markdown.clicked() {
            actions.push(Action::CopyReport(ReportForm::Markdown));
        }
    });
}
