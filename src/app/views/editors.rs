//! The header and payload editors, with Format and Copy.

use egui::{RichText, TextEdit, Ui};
use rust_i18n::t;

use super::text_cache;
use super::widgets::{LARGE_JSON, bad_colour, preview, preview_ui, warn_colour};
use crate::app::highlight;
use crate::app::state::{Action, CopyWhat, DemoState, Editors, Hover};
use crate::engine::Part;
use crate::engine::mask::in_place;
use crate::workbench::Workbench;

/// The header and payload editors (their edit buffers are in `editors`) and their problems.
/// In demo mode (`demo`: its state and the claims masked whole) personal data shows masked
/// in place until the user reveals it. An editor is tinted while its part is hovered
/// anywhere, and marks it when hovered.
pub(super) fn json_editors_ui(
    ui: &mut Ui,
    wb: &Workbench,
    editors: &mut Editors,
    demo: Option<(&DemoState, &[String])>,
    hover: &mut Hover,
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
        let (part, colour) = match which {
            CopyWhat::Header => (Part::Header, highlight::segment_colours(ui.visuals())[0]),
            _ => (Part::Payload, highlight::segment_colours(ui.visuals())[1]),
        };
        // Opaque, so the editor and the preview (on different backgrounds) tint alike.
        let code_bg = ui.visuals().extreme_bg_color;
        let tint =
            (hover.shown == Some(part)).then(|| code_bg.blend(highlight::hover_tint(colour)));
        let error_colour = bad_colour(ui);
        let masking = demo
            .filter(|(state, _)| !state.revealed(which))
            .map(|(_, extra)| extra);
        let ctx = ui.ctx().clone();
        let shown = |text: &str| masking.and_then(|extra| shown_json_kept(&ctx, text, extra));
        let cache_id = egui::Id::unique((which, "jwtpad.layout"));
        let mut layouter = |ui: &Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
            let look = (
                masking,
                error_at,
                error_colour,
                font.clone(),
                wrap_width.to_bits(),
            );
            text_cache::galley(ui, cache_id, text.as_str(), look, |text| {
                let masked = shown(text);
                let text = masked.as_deref().unwrap_or(text);
                let mut job = highlight::json_job(text, ui.visuals(), font.clone(), wrap_width);
                if let Some((line, column)) = error_at {
                    highlight::mark_error(&mut job, line, column, error_colour);
                }
                job
            })
        };
        if buffer.len() > LARGE_JSON {
            let start = preview(buffer);
            let masked = shown(start);
            let job = highlight::json_job(
                masked.as_deref().unwrap_or(start),
                ui.visuals(),
                font.clone(),
                ui.available_width(),
            );
            if preview_ui(ui, which, job, label.id, tint).0.hovered() {
                hover.over(part);
            }
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
                    let mut edit = TextEdit::multiline(buffer)
                        .id(egui::Id::unique(match which {
                            CopyWhat::Header => crate::app::big_paste::ids::HEADER,
                            _ => crate::app::big_paste::ids::PAYLOAD,
                        }))
                        .code_editor()
                        .desired_rows(rows)
                        .desired_width(f32::INFINITY)
                        .layouter(&mut layouter);
                    if let Some(tint) = tint {
                        edit = edit.background_color(tint);
                    }
                    ui.add(edit)
                })
                .inner
                .labelled_by(label.id);
            if response.hovered() {
                hover.over(part);
            }
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
        if let Some((state, extra)) = demo {
            let visible = if buffer.len() > LARGE_JSON {
                preview(buffer)
            } else {
                buffer.as_str()
            };
            // Kept between frames like the layout: masking 100 KiB costs 2 ms.
            let masked = !state.revealed(which)
                && text_cache::memo(
                    ui,
                    egui::Id::unique((which, "jwtpad.masked")),
                    visible,
                    extra,
                    |text| shown_json_kept(ui.ctx(), text, extra).is_some(),
                );
            demo_note_ui(ui, state, which, masked, actions);
        }
        if which == CopyWhat::Payload && !wb.payload_is_json() {
            ui.weak(t!("json.not_json"));
        }
        ui.add_space(6.0);
    }
}

/// What an editor shows of `text` when it differs: in demo mode (`masking`: the claims
/// masked whole) the same characters with the masked ones as `*`, so the cursor and the
/// error mark stay true.
pub(crate) fn shown_json(text: &str, masking: Option<&[String]>) -> Option<String> {
    let extra = masking?;
    shown_of(text, in_place::json(text, extra).as_ref())
}

/// [`shown_json`] of `text` in demo mode, with the masking kept for everyone who asks
/// ([`text_cache::masked_json`]).
fn shown_json_kept(ctx: &egui::Context, text: &str, extra: &[String]) -> Option<String> {
    shown_of(text, text_cache::masked_json(ctx, text, extra).as_deref())
}

/// What an editor shows of `text` in demo mode, `found` being [`in_place::json`] of it.
fn shown_of(text: &str, found: Option<&in_place::Shown>) -> Option<String> {
    if let Some(shown) = found {
        return Some(shown.text.clone());
    }
    // A payload that is not JSON is free text: its addresses and CPFs are words of it.
    let json_like = text.trim_start().starts_with(['{', '[', '"']);
    (!json_like).then(|| in_place::text(text)).flatten()
}

/// Under an editor in demo mode: that it masks, that an edit was undone, or that its values
/// show; and the button to reveal or hide them.
fn demo_note_ui(
    ui: &mut Ui,
    state: &DemoState,
    which: CopyWhat,
    masked: bool,
    actions: &mut Vec<Action>,
) {
    let header = which == CopyWhat::Header;
    let pick = |h: std::borrow::Cow<'static, str>, p: std::borrow::Cow<'static, str>| {
        if header { h } else { p }
    };
    if state.revealed(which) {
        ui.horizontal_wrapped(|ui| {
            let line = pick(t!("demo.revealed_header"), t!("demo.revealed_payload"));
            ui.label(RichText::new(line).color(warn_colour(ui)));
            if ui.button(t!("demo.hide")).clicked() {
                actions.push(Action::HideRevealed(which));
            }
        });
        return;
    }
    let refused = state.refused == Some(which);
    if !(masked || refused) {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        if refused {
            let line = pick(t!("demo.refused_header"), t!("demo.refused_payload"));
            ui.label(RichText::new(line).color(bad_colour(ui)));
        } else {
            ui.weak(pick(t!("demo.masked_header"), t!("demo.masked_payload")));
        }
        if ui
            .button(t!("demo.reveal"))
            .on_hover_text(pick(
                t!("demo.reveal_tip_header"),
                t!("demo.reveal_tip_payload"),
            ))
            .clicked()
        {
            actions.push(Action::Reveal(which));
        }
    });
}
