//! The token pane: the encoded token with Paste, Copy and Clear, the verdict and the time
//! line under it.

use egui::{RichText, TextEdit, Ui};
use rust_i18n::t;

use super::text_cache;
use super::widgets::{
    LARGE_TEXT, PREVIEW, bad_colour, masked_words, ok_colour, preview, preview_ui, warn_colour,
};
use crate::app::highlight;
use crate::app::state::{Action, CopyWhat, Hover, Notices};
use crate::app::{COPY_TOKEN, PASTE_TOKEN};
use crate::engine::error::AlgProblem;
use crate::engine::extract::{Oddity, Partial, is_compact_token};
use crate::engine::hints::{self, Hint};
use crate::engine::mask::in_place;
use crate::engine::{Clock, Part, Token, Zone};
use crate::timefmt;
use crate::workbench::{LastEdit, SignatureState, Verdict, Workbench};

/// The token box (its edit buffer is `token`), what signed it, and the paste notes. In demo
/// mode (`masking`: the claims masked whole) the characters carrying personal data show as
/// `*`. The part hovered anywhere is tinted here; the segment under the pointer goes into
/// `hover`.
pub(super) fn encoded_ui(
    ui: &mut Ui,
    wb: &Workbench,
    token: &mut String,
    notices: &Notices,
    masking: Option<&[String]>,
    hover: &mut Hover,
    actions: &mut Vec<Action>,
) {
    let heading = ui.horizontal(|ui| {
        let heading = ui.heading(t!("encoded.title"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let copy_tip = t!(
                "encoded.copy_tip",
                shortcut = ui.ctx().format_shortcut(&COPY_TOKEN)
            );
            let paste_tip = t!(
                "encoded.paste_tip",
                shortcut = ui.ctx().format_shortcut(&PASTE_TOKEN)
            );
            // Right to left: Paste ends up first, Clear last.
            for (label, tip, action) in [
                (t!("encoded.clear"), t!("encoded.clear_tip"), Action::Clear),
                (t!("encoded.copy"), copy_tip, Action::Copy(CopyWhat::Token)),
                (t!("encoded.paste"), paste_tip, Action::Paste),
            ] {
                if ui.button(label).on_hover_text(tip).clicked() {
                    actions.push(action);
                }
            }
        });
        heading
    });
    let label = heading.inner;
    super::found::found_ui(ui, notices.pasted.as_ref(), actions);
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let marked = marked_segment(wb);
    let marked_part = marked.as_ref().map(|(part, _)| *part);
    let hovered = hover.shown;
    let shown = |text: &str| shown_token(text, masking);
    let taken = wb.token();
    let mut layouter = |ui: &Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
        // A keystroke's text, not yet taken by the workbench: laid out with the mark it
        // will have, or the next frame lays a 48 KiB token out again only to change its mark
        // (BENCHMARKS.md, "Typing").
        let marked_part = if text.as_str() != taken && is_compact_token(text.as_str()) {
            let id = egui::Id::unique("jwtpad.token_typed_mark");
            text_cache::memo(ui, id, text.as_str(), (), typed_mark)
        } else {
            marked_part
        };
        let look = (
            masking,
            // `Part` has no `Hash`: its place in the enum says the same.
            marked_part.map(|p| p as u8),
            hovered.map(|p| p as u8),
            font.clone(),
            wrap_width.to_bits(),
        );
        let id = egui::Id::unique("jwtpad.token_layout");
        text_cache::galley(ui, id, text.as_str(), look, |text| {
            let masked = shown(text);
            highlight::token_job_hovered(
                masked.as_deref().unwrap_or(text),
                ui.visuals(),
                font.clone(),
                wrap_width,
                marked_part,
                hovered,
            )
        })
    };
    if token.len() > LARGE_TEXT {
        // A cut payload may not decode, so its personal data cannot be found: demo mode
        // hides all of the preview but the header.
        let start = preview(token);
        let masked = masking.map(|_| header_only(start));
        let job = highlight::token_job_hovered(
            masked.as_deref().unwrap_or(start),
            ui.visuals(),
            font.clone(),
            ui.available_width(),
            None,
            hovered,
        );
        let (response, galley) = preview_ui(ui, "token_preview", job, label.id, None);
        hovered_segment(&response, &galley, response.rect.left_top(), start, hover);
        ui.weak(t!(
            "encoded.large",
            size = format!("{} KiB", token.len() / 1024),
            shown = format!("{} KiB", PREVIEW / 1024)
        ));
    } else {
        let response = egui::ScrollArea::vertical()
            .id_salt("token_scroll")
            .max_height(200.0)
            .show(ui, |ui| {
                let output = TextEdit::multiline(token)
                    .id(egui::Id::unique(crate::app::big_paste::ids::TOKEN))
                    .desired_width(f32::INFINITY)
                    .desired_rows(7)
                    .code_editor()
                    .layouter(&mut layouter)
                    .show(ui);
                let response = output.response.response;
                hovered_segment(&response, &output.galley, output.galley_pos, token, hover);
                response
            })
            .inner
            .labelled_by(label.id);
        if response.changed() {
            actions.push(Action::TokenEdited);
        }
    }
    // Always one line here, so the fields below never jump while the user types.
    let (text, colour) = match wb.signature_state() {
        SignatureState::NotSigned => (t!("encoded.not_signed"), warn_colour(ui)),
        SignatureState::Unsecured => (t!("encoded.unsecured"), warn_colour(ui)),
        SignatureState::Signed => (
            t!("encoded.signed", key = wb.key().label),
            ui.visuals().weak_text_color(),
        ),
        SignatureState::AsPasted => (t!("encoded.as_pasted"), ui.visuals().weak_text_color()),
    };
    ui.label(RichText::new(text).color(colour));
    if !notices.removed.is_empty() && wb.last_edit() == LastEdit::Token {
        let what: Vec<String> = notices.removed.iter().map(ToString::to_string).collect();
        ui.weak(t!("encoded.removed", what = what.join(", ")));
    }
    if let Some((_, message)) = &marked {
        ui.label(RichText::new(message).color(bad_colour(ui)));
    }
    if let Some(problem) = &notices.paste_problem {
        ui.label(RichText::new(problem).color(bad_colour(ui)));
    }
}

/// What the token box shows of `text` when it differs: in demo mode (`masking`: the claims
/// masked whole) the characters that carry personal data as `*`.
pub(crate) fn shown_token(text: &str, masking: Option<&[String]>) -> Option<String> {
    masking.and_then(|extra| in_place::token(text, extra))
}

/// `text` with every character after its first dot but the dots hidden.
fn header_only(text: &str) -> String {
    let Some(dot) = text.find('.') else {
        return text.to_owned();
    };
    let rest: String = text[dot..]
        .chars()
        .map(|c| if c == '.' { c } else { in_place::HIDDEN_CHAR })
        .collect();
    format!("{}{rest}", &text[..dot])
}

/// Puts into `hover` the segment of `text` under the pointer, when it is over the text
/// `galley` shows at `galley_pos`. Only while hovered, and only up to the pointer's character.
fn hovered_segment(
    response: &egui::Response,
    galley: &egui::Galley,
    galley_pos: egui::Pos2,
    text: &str,
    hover: &mut Hover,
) {
    let Some(pointer) = response.hover_pos() else {
        return;
    };
    if let Some(part) = highlight::char_under(galley, pointer - galley_pos)
        .and_then(|i| highlight::part_at(text, i))
    {
        hover.over(part);
    }
}

/// The verdict in one line, and the time line under it as of `clock`; in demo mode with the
/// addresses and CPFs it quotes masked.
pub(super) fn verdict_ui(ui: &mut Ui, wb: &Workbench, clock: &Clock, zone: Zone, demo: bool) {
    let verdict = wb.verdict();
    let (text, colour) = match &verdict {
        Verdict::Empty => (
            t!("verdict.empty").into_owned(),
            ui.visuals().weak_text_color(),
        ),
        Verdict::Malformed(e) => (
            t!("verdict.malformed", error = e).into_owned(),
            bad_colour(ui),
        ),
        Verdict::Unsigned => (t!("verdict.unsigned").into_owned(), warn_colour(ui)),
        Verdict::NoKey => (t!("verdict.no_key").into_owned(), warn_colour(ui)),
        Verdict::Verified(key) => (
            t!("verdict.verified", key = key).into_owned(),
            ok_colour(ui),
        ),
        Verdict::Invalid(_) => (t!("verdict.invalid").into_owned(), bad_colour(ui)),
        Verdict::NotVerified(reason) => (
            t!("verdict.not_verified", reason = reason).into_owned(),
            bad_colour(ui),
        ),
    };
    egui::Frame::new()
        .fill(colour.gamma_multiply(0.12))
        .corner_radius(6.0)
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let text = masked_words(demo, text);
            ui.label(RichText::new(text).size(17.0).strong().color(colour));
            // Why it does not verify (or why its time fails by a little): one line each,
            // in the window's language, made now from the engine's hints.
            if let (
                Verdict::Invalid(_) | Verdict::NotVerified(_) | Verdict::Verified(_),
                Some(Ok(decoded)),
            ) = (&verdict, wb.decoded())
            {
                // Clock skew is asked again at the live clock, so it follows the countdown.
                let live = match verdict {
                    Verdict::Verified(_) => hints::for_time(&decoded.time, clock),
                    _ => Vec::new(),
                };
                let signature = decoded
                    .hints
                    .iter()
                    .filter(|h| !matches!(h, Hint::ClockSkew { .. }));
                for hint in signature.chain(&live) {
                    let line = masked_words(demo, t!("verdict.hint", hint = hint).into_owned());
                    ui.label(RichText::new(line).color(warn_colour(ui)));
                }
            }
            if let Some(line) = time_line(wb, clock, zone) {
                ui.label(RichText::new(masked_words(demo, line.0)).color(if line.1 {
                    bad_colour(ui)
                } else {
                    ui.visuals().text_color()
                }));
            }
        });
}

/// "expires in 14 min · 2026-11-27 18:42:10 −03:00 · 21:42:10 UTC", computed from the
/// claim's instant and the clock now, so the countdown moves without re-decoding.
fn time_line(wb: &Workbench, clock: &Clock, zone: Zone) -> Option<(String, bool)> {
    let Some(Ok(decoded)) = wb.decoded() else {
        return None;
    };
    if let Some(exp) = decoded.time.get("exp") {
        return Some(timefmt::countdown(exp, clock.now, clock.leeway, zone));
    }
    if decoded.token.payload.claims().is_some() {
        return Some((t!("time.no_exp").into_owned(), false));
    }
    None
}

/// The segment to mark in the encoded token, and the message naming it: the wrong or
/// missing segment of a partial token, or an odd one of a token that decodes.
fn marked_segment(wb: &Workbench) -> Option<(Part, String)> {
    if let Some(partial) = wb.partial() {
        let segment = partial.segment;
        let mut message = if partial.missing {
            t!("paste.window.segment_missing", segment = segment)
        } else {
            t!("paste.window.segment_wrong", segment = segment)
        }
        .into_owned();
        // The payload editor was left alone: say so, or its old text passes as decoded.
        if partial.payload.is_none() {
            message.push('\n');
            message.push_str(&t!("paste.window.payload_kept"));
        }
        return Some((segment, message));
    }
    let Some(Ok(decoded)) = wb.decoded() else {
        return None;
    };
    // Only a pasted token: one signed here has no odd segments, and an empty signature
    // marks "not signed" already.
    if wb.last_edit() != LastEdit::Token {
        return None;
    }
    let odd = marked_oddity(&decoded.token)?;
    Some((
        odd.segment(),
        t!("paste.window.segment_odd", problem = odd).into_owned(),
    ))
}

/// The oddity of a pasted token that marks its segment: a missing `alg` does not.
fn marked_oddity(token: &Token) -> Option<Oddity> {
    Oddity::of(token).filter(|odd| !matches!(odd, Oddity::Alg(AlgProblem::Missing)))
}

/// The segment [`marked_segment`] will mark once the workbench takes `text` as typed.
fn typed_mark(text: &str) -> Option<Part> {
    match Token::parse(text) {
        Err(error) => Partial::of(text, &error).map(|partial| partial.segment),
        Ok(token) => marked_oddity(&token).map(|odd| odd.segment()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::b64::encode_url;
    use crate::workbench::KeyInUse;

    #[test]
    fn a_typed_token_is_marked_as_the_workbench_will_mark_it() {
        let clock = Clock::at(1_700_000_000, 60);
        let seg = |json: &str| encode_url(json.as_bytes());
        let good = format!(
            "{}.{}.c2ln",
            seg(r#"{"alg":"HS256"}"#),
            seg(r#"{"sub":"1"}"#)
        );
        let texts = [
            good.clone(),
            // A character typed into the payload: its base64url no longer reads as JSON.
            format!(
                "{}.x{}.c2ln",
                seg(r#"{"alg":"HS256"}"#),
                seg(r#"{"sub":"1"}"#)
            ),
            format!("{}.{}.c2ln", seg(r#"{"typ":"JWT"}"#), seg(r#"{"sub":"1"}"#)),
            format!(
                "{}.{}.c2ln",
                seg(r#"{"alg":"HS999"}"#),
                seg(r#"{"sub":"1"}"#)
            ),
            format!("{}.{}", seg(r#"{"alg":"HS256"}"#), seg(r#"{"sub":"1"}"#)),
            format!("{}.{}.c2ln", seg("not json"), seg(r#"{"sub":"1"}"#)),
            format!(
                "{}.{}.c2l",
                seg(r#"{"alg":"HS256"}"#),
                seg(r#"{"sub":"1"}"#)
            ),
            format!("{good}.a.b"),
            "abc".to_owned(),
        ];
        let mut marks = Vec::new();
        for text in texts {
            let mut wb =
                Workbench::from_parts("{}".into(), "{}".into(), KeyInUse::default(), &clock);
            wb.set_token(text.clone(), &clock);
            let marked = marked_segment(&wb).map(|(part, _)| part);
            assert_eq!(typed_mark(&text), marked, "{text}");
            marks.push(marked);
        }
        assert!(
            marks.iter().filter(|m| m.is_some()).count() >= 4,
            "{marks:?}"
        );
        assert!(
            is_compact_token(&good) && !is_compact_token("Bearer x.y.z") && !is_compact_token("")
        );
    }
}
