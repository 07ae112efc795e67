//! The tokens found in pasted text, by where each was found, above the encoded token: one
//! click shows another, and the pasted text itself stays at hand.

use egui::{RichText, Ui};
use rust_i18n::t;

use crate::app::paste::Pasted;
use crate::app::state::Action;

/// The list of found tokens, or one line naming where the only one was found.
pub(super) fn found_ui(ui: &mut Ui, pasted: Option<&Pasted>, actions: &mut Vec<Action>) {
    let Some(pasted) = pasted else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        if let [only] = pasted.found.as_slice() {
            ui.label(t!("paste.window.found_one", source = only.source));
        } else {
            ui.label(t!("paste.window.found_many", n = pasted.found.len()));
            for (i, found) in pasted.found.iter().enumerate() {
                let label = t!("paste.window.entry", n = i + 1, source = found.source);
                if ui
                    .selectable_label(pasted.chosen == Some(i), RichText::new(label))
                    .clicked()
                {
                    actions.push(Action::PickFound(i));
                }
            }
        }
        if ui
            .small_button(t!("paste.window.copy_pasted"))
            .on_hover_text(t!("paste.window.copy_pasted_tip"))
            .clicked()
        {
            actions.push(Action::CopyPasted);
        }
    });
}
