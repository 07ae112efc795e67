//! Small widgets the panes share: colours, the large-text preview, a labelled drop-down and
//! the masked key text box.

use egui::{Color32, TextEdit, Ui};
use rust_i18n::t;

/// Texts above this size are shown as a read-only preview: laying out a megabyte in a text
/// box makes every frame slow, and nobody edits a megabyte by hand (Paste, Copy and Clear
/// still work on the whole text).
pub(super) const LARGE_TEXT: usize = 64 * 1024;
/// The JSON editors stay editable up to this size: with their layout kept between frames
/// (text_cache.rs) a keystroke in a 100 KiB payload is re-laid out one line at a time, while
/// a token is one paragraph laid out whole on every change (17 ms at 137 KiB, BENCHMARKS.md
/// "Typing"), so the token box keeps [`LARGE_TEXT`].
pub(super) const LARGE_JSON: usize = 128 * 1024;
/// How much of a large text the preview shows.
pub(super) const PREVIEW: usize = 4 * 1024;

/// The first [`PREVIEW`] bytes of `text`, cut at a character boundary.
pub(super) fn preview(text: &str) -> &str {
    let mut end = PREVIEW.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A line of text as the window shows it: in demo mode with the e-mail addresses and CPFs
/// written in it masked (a warning may quote a claim).
pub(super) fn masked_words(demo: bool, text: String) -> String {
    if demo {
        crate::engine::mask::words(&text).unwrap_or(text)
    } else {
        text
    }
}

/// The start of `value`'s compact JSON: at most `bytes` bytes of it (cut anywhere, made
/// valid UTF-8), without serialising the rest: a claim can be a 1 MiB array.
pub(super) fn json_start(value: &serde_json::Value, bytes: usize) -> String {
    /// Takes bytes until it holds `limit`, then refuses, which stops serde_json.
    struct Bounded(Vec<u8>, usize);
    impl std::io::Write for Bounded {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let room = self.1.saturating_sub(self.0.len());
            if room == 0 {
                return Err(std::io::ErrorKind::WriteZero.into());
            }
            let taken = buf.len().min(room);
            self.0.extend_from_slice(&buf[..taken]);
            Ok(taken)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = Bounded(Vec::new(), bytes);
    // A refused write only means the start is all there is room for.
    let _ = serde_json::to_writer(&mut out, value);
    String::from_utf8_lossy(&out.0).into_owned()
}

/// At most `max` characters of `text`, with "…" when cut.
pub(super) fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
        None => text.into(),
    }
}

/// A read-only, scrollable view of a laid-out text, on `fill` when given (a hovered part's
/// tint). Returns the text's response and how it was laid out (drawn at the response's top
/// left), for finding what the pointer is over.
pub(super) fn preview_ui(
    ui: &mut Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    job: egui::text::LayoutJob,
    label: egui::Id,
    fill: Option<Color32>,
) -> (egui::Response, std::sync::Arc<egui::Galley>) {
    egui::Frame::new()
        .fill(fill.unwrap_or(ui.visuals().code_bg_color))
        .inner_margin(6.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt(id)
                .max_height(200.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    // Columns lay out justified, which would stretch a short line (and
                    // its indentation) across the width; a preview reads like an editor.
                    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                        let mut job = job;
                        job.wrap.break_anywhere = true;
                        job.wrap.max_width = ui.available_width();
                        // Laid out here, once, so the caller gets the galley it shows.
                        let galley = ui.fonts_mut(|f| f.layout_job(job));
                        let response = ui.add(egui::Label::new(galley.clone())).labelled_by(label);
                        (response, galley)
                    })
                    .inner
                })
                .inner
        })
        .inner
}

pub(super) fn ok_colour(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(0x5c, 0xd6, 0x7a)
    } else {
        Color32::from_rgb(0x1a, 0x7f, 0x37)
    }
}

pub(super) fn bad_colour(ui: &Ui) -> Color32 {
    ui.visuals().error_fg_color
}

pub(super) fn warn_colour(ui: &Ui) -> Color32 {
    ui.visuals().warn_fg_color
}

/// A labelled drop-down of `choices`; returns the one picked this frame, if any. Its id comes
/// from `id_salt`, not from the (translated) label, so a language switch keeps it.
pub(super) fn choice_ui<T: Copy + PartialEq, const N: usize>(
    ui: &mut Ui,
    id_salt: &str,
    label: impl Into<egui::WidgetText>,
    tip: &str,
    current: T,
    choices: [T; N],
    name: impl Fn(T) -> std::borrow::Cow<'static, str>,
) -> Option<T> {
    let mut picked = None;
    egui::ComboBox::new(id_salt, label)
        .selected_text(name(current))
        .show_ui(ui, |ui| {
            for choice in choices {
                if ui
                    .selectable_label(current == choice, name(choice))
                    .clicked()
                {
                    picked = Some(choice);
                }
            }
        })
        .response
        .on_hover_text(tip);
    picked
}

/// Stands in for a text box whose text is too big to lay out at every frame (a 5 MiB
/// paste took a second a frame as a one-line box): its size, never its text, and "Clear".
/// Returns whether Clear was clicked.
pub(super) fn big_text_ui(ui: &mut Ui, label: egui::Id, len: usize) -> bool {
    // Short, and the why in the tooltip: it sits in the secret's row, beside Base64.
    ui.weak(t!("stress.big_text", size = format!("{} KiB", len / 1024)))
        .labelled_by(label)
        .on_hover_text(t!("stress.big_text_tip"));
    ui.button(t!("stress.clear_big")).clicked()
}

/// A box for PEM / JWK text that never shows private key material unless "Show" is held
/// (never in demo mode), and scrolls instead of growing, so a 4096-bit key does not push the
/// window apart. `words` are its label and hint. Returns whether the text changed.
pub(super) fn key_text_ui(
    ui: &mut Ui,
    text: &mut String,
    id_salt: &str,
    words: (impl Into<egui::WidgetText>, impl Into<egui::WidgetText>),
    width: f32,
    demo: bool,
) -> bool {
    let masked = crate::workbench::may_be_private(text);
    let mut reveal = false;
    let label = ui
        .horizontal(|ui| {
            let label = ui.label(words.0);
            if masked {
                let eye = show_button(ui, demo, t!("key.reveal_key_tip"));
                reveal = !demo && eye.is_pointer_button_down_on();
                ui.weak(t!("key.masked"));
            }
            label
        })
        .inner;
    if text.len() > LARGE_TEXT {
        if big_text_ui(ui, label.id, text.len()) {
            text.clear();
            return true;
        }
        return false;
    }
    let rows = 5.0;
    let height = rows * ui.text_style_height(&egui::TextStyle::Monospace) + 8.0;
    egui::ScrollArea::vertical()
        .id_salt(id_salt)
        .max_height(height)
        .show(ui, |ui| {
            ui.add(
                TextEdit::multiline(text)
                    // A global id: a big paste finds the box by it (`big_paste`).
                    .id(egui::Id::unique(id_salt))
                    .code_editor()
                    .password(masked && !reveal)
                    .desired_rows(rows as usize)
                    .desired_width(width)
                    .hint_text(words.1),
            )
            .labelled_by(label.id)
            .changed()
        })
        .inner
}

/// "Show" for a secret or a key (held to show), greyed out in demo mode.
pub(super) fn show_button(
    ui: &mut Ui,
    demo: bool,
    tip: impl Into<egui::WidgetText>,
) -> egui::Response {
    ui.add_enabled(!demo, egui::Button::new(t!("key.reveal")))
        .on_hover_text(tip)
        .on_disabled_hover_text(t!("demo.show_disabled"))
}
