//! The "Clear clipboard" setting in the top bar.

use egui::Ui;
use rust_i18n::t;

use crate::app::clipboard::{BadClearVar, CLEAR_VAR, ClearAfter};
use crate::app::state::Action;

/// How the delay reads in the picker: "never", "after 30 s", "after 2 min".
fn clear_after_name(after: ClearAfter) -> String {
    match after.0 {
        0 => t!("clip.never").into_owned(),
        secs if secs >= 60 && secs % 60 == 0 => t!("clip.after_min", min = secs / 60).into_owned(),
        secs => t!("clip.after_secs", secs = secs).into_owned(),
    }
}

/// The picker for how long after a copy the clipboard is cleared. While
/// [`CLEAR_VAR`] sets the delay, the picker shows it, greyed, and says why.
pub(super) fn clear_after_ui(
    ui: &mut Ui,
    setting: ClearAfter,
    env: &Result<Option<ClearAfter>, BadClearVar>,
    actions: &mut Vec<Action>,
) {
    let (shown, locked) = match env {
        Ok(Some(after)) => (*after, true),
        _ => (setting, false),
    };
    let mut tip = t!("clip.setting_tip").into_owned();
    match env {
        Ok(Some(after)) => {
            tip = t!("clip.set_by_var", var = CLEAR_VAR, secs = after.0).into_owned();
        }
        Err(bad) => {
            tip.push('\n');
            tip.push_str(&bad.to_string());
        }
        Ok(None) => {}
    }
    ui.add_enabled_ui(!locked, |ui| {
        egui::ComboBox::new("clipboard_clear", t!("clip.setting"))
            .selected_text(clear_after_name(shown))
            .show_ui(ui, |ui| {
                for choice in ClearAfter::CHOICES {
                    if ui
                        .selectable_label(shown == choice, clear_after_name(choice))
                        .clicked()
                    {
                        actions.push(Action::SetClipboardClear(choice));
                    }
                }
            })
            .response
            .on_hover_text(&tip)
            .on_disabled_hover_text(&tip);
    });
}
