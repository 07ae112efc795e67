//! The tokens found in pasted text, by where each was found, above the encoded token: one
//! click shows another, and the pasted text itself stays at hand.

use egui::{RichText, Ui};
use rust_i18n::t;

use crate::app::paste::Pasted;
use crate::app::state::Action;

/// How many found tokens are listed by name.
const SHOWN: usize = 20;

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
            // A few screens of garbage can hold thousands of token-like runs: listing them
            // all made every frame slow. The first ones, and how many more.
            for (i, found) in pasted.found.iter().enumerate().take(SHOWN) {
                let label = t!("paste.window.entry", n = i + 1, source = found.source);
                if ui
                    .selectable_label(pasted.chosen == Some(i), RichText::new(label))
                    .clicked()
                {
                    actions.push(Action::PickFound(i));
                }
            }
        }
        if pasted.found.len() > SHOWN {
            ui.weak(t!("stress.found_more", n = pasted.found.len() - SHOWN));
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
