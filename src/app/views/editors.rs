//! The header and payload editors, with Format and Copy.

use egui::{RichText, TextEdit, Ui};
use rust_i18n::t;

use super::widgets::{LARGE_TEXT, bad_colour, preview, preview_ui};
use crate::app::highlight;
use crate::app::state::{Action, CopyWhat, Editors};
use crate::workbench::Workbench;

/// The header and payload editors (their edit buffers are in `editors`) and their problems.
pub(super) fn json_editors_ui(
    ui: &mut Ui,
    wb: &Workbench,
    editors: &mut Editors,
    actions: &mut Vec<Action>,
) {
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    for (title, label_key, which) in [
        (t!("header.title"), t!("header.label"), CopyWhat::Header),
        (t!("payload.title"), t!("payload.label"), CopyWhat::Payload),
    ] {
        ui.horizontal(|ui| {
            ui.heading(title);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(t!("json.copy")).clicked() {
                    actions.push(Action::Copy(which));
                }
                if ui
                    .button(t!("json.format"))
                    .on_hover_text(t!("json.format_tip"))
                    .clicked()
                {
                    actions.push(Action::Format);
                }
            });
        });
        let label = ui.label(RichText::new(label_key).weak().small());
        let (buffer, problem, rows) = match which {
            CopyWhat::Header => (&mut editors.header, wb.header_problem(), 4),
            _ => (&mut editors.payload, wb.payload_problem(), 10),
        };
        let error_at = problem.map(|p| (p.line, p.column));
        let error_colour = bad_colour(ui);
        let mut layouter = |ui: &Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
            let mut job =
                highlight::json_job(text.as_str(), ui.visuals(), font.clone(), wrap_width);
            if let Some((line, column)) = error_at {
                highlight::mark_error(&mut job, line, column, error_colour);
            }
            ui.fonts_mut(|f| f.layout_job(job))
        };
        if buffer.len() > LARGE_TEXT {
            let job = highlight::json_job(
                preview(buffer),
                ui.visuals(),
                font.clone(),
                ui.available_width(),
            );
            preview_ui(ui, which, job, label.id);
            ui.weak(t!(
                "json.large",
                size = format!("{} KiB", buffer.len() / 1024)
            ));
        } else {
            let response = egui::ScrollArea::vertical()
                .id_salt((which, "scroll"))
                .max_height(if which == CopyWhat::Header {
                    160.0
                } else {
                    320.0
                })
                .show(ui, |ui| {
                    ui.add(
                        TextEdit::multiline(buffer)
                            .id(egui::Id::unique(match which {
                                CopyWhat::Header => crate::app::big_paste::ids::HEADER,
                                _ => crate::app::big_paste::ids::PAYLOAD,
                            }))
                            .code_editor()
                            .desired_rows(rows)
                            .desired_width(f32::INFINITY)
                            .layouter(&mut layouter),
                    )
                })
                .inner
                .labelled_by(label.id);
            if response.changed() {
                actions.push(match which {
                    CopyWhat::Header => Action::HeaderEdited,
                    _ => Action::PayloadEdited,
                });
            }
        }
        if let Some(problem) = problem {
            ui.label(
                RichText::new(t!(
                    "json.error",
                    line = problem.line,
                    column = problem.column,
                    message = problem.problem.to_string()
                ))
                .color(bad_colour(ui)),
            );
            ui.weak(t!("json.kept"));
        }
        if which == CopyWhat::Payload && !wb.payload_is_json() {
            ui.weak(t!("json.not_json"));
        }
        ui.add_space(6.0);
    }
}
