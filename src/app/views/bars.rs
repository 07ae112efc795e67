//! The bars around the panes: the top bar (theme, language, drafts) and the banners.

use egui::{Color32, RichText, Ui};
use rust_i18n::t;

use super::widgets::choice_ui;
use crate::app::clipboard::{BadClearVar, ClearAfter};
use crate::app::state::{Action, LanguageChoice, Settings, ThemeChoice};
use crate::profiles::ProfileError;
use crate::secrets::StoreError;

/// The name, the tagline, and the window's settings: theme, language, keeping drafts.
pub(super) fn top_bar_ui(
    ui: &mut Ui,
    settings: &Settings,
    clear_env: &Result<Option<ClearAfter>, BadClearVar>,
    actions: &mut Vec<Action>,
) {
    // When narrow (800×600, in demo mode's zoom or not), the settings take a row of their own
    // rather than run over the name.
    let one_row = ui.available_width() >= ONE_ROW;
    ui.horizontal(|ui| {
        ui.heading(RichText::new("jwtpad").strong());
        demo_ui(ui, settings.demo, actions);
        // The tagline yields first when the bar is narrow; the controls on the right stay.
        if ui.available_width() > 900.0 {
            ui.weak(t!("app.tagline"));
        }
        if one_row {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                settings_ui(ui, settings, clear_env, true, actions);
            });
        }
    });
    if !one_row {
        ui.horizontal_wrapped(|ui| settings_ui(ui, settings, clear_env, false, actions));
    }
}

/// Below this width the top bar takes two rows.
const ONE_ROW: f32 = 900.0;

/// The window's settings: theme, language, keeping drafts, clearing copies; on `one_row`,
/// the offline note too when there is room.
fn settings_ui(
    ui: &mut Ui,
    settings: &Settings,
    clear_env: &Result<Option<ClearAfter>, BadClearVar>,
    one_row: bool,
    actions: &mut Vec<Action>,
) {
    let theme = |c: ThemeChoice| match c {
        ThemeChoice::System => t!("app.theme_system"),
        ThemeChoice::Light => t!("app.theme_light"),
        ThemeChoice::Dark => t!("app.theme_dark"),
    };
    let themes = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];
    let tip = t!("app.theme_tip");
    if let Some(choice) = choice_ui(
        ui,
        "theme",
        t!("app.theme"),
        &tip,
        settings.theme,
        themes,
        theme,
    ) {
        actions.push(Action::SetTheme(choice));
    }
    // egui puts a combo's label after it; a rule keeps "Language" from reading as the
    // theme's label.
    ui.separator();
    // Languages are named in themselves, so anyone can find their own.
    let language = |c: LanguageChoice| match c {
        LanguageChoice::System => t!("app.language_system"),
        LanguageChoice::English => t!("app.language_en"),
        LanguageChoice::Portuguese => t!("app.language_pt"),
    };
    let tip = t!("app.language_tip");
    let (current, all) = (settings.language, LanguageChoice::ALL);
    if let Some(choice) = choice_ui(
        ui,
        "language",
        t!("app.language"),
        &tip,
        current,
        all,
        language,
    ) {
        actions.push(Action::SetLanguage(choice));
    }
    ui.separator();
    let mut keep = settings.keep_drafts;
    if ui
        .checkbox(&mut keep, t!("app.keep_drafts"))
        .on_hover_text(t!("app.keep_drafts_tip"))
        .changed()
    {
        actions.push(Action::SetKeepDrafts(keep));
    }
    ui.separator();
    // A wrapping row cannot measure the group before placing it: break the row first when
    // the picker and its label would run off the edge.
    if !one_row && ui.available_size_before_wrap().x < CLEAR_PICKER {
        ui.end_row();
    }
    // In a group of its own: the enabled scope inside would take a wrapping row's height.
    ui.horizontal(|ui| {
        super::clip::clear_after_ui(ui, settings.clipboard_clear, clear_env, actions);
    });
    if one_row && ui.available_width() > 300.0 {
        ui.weak(t!("app.offline"));
    }
}

/// About the width of the clipboard picker with its label, in either language.
const CLEAR_PICKER: f32 = 230.0;

/// The "Demo mode" toggle. Leaving asks first:
/// everything hidden would show at once.
fn demo_ui(ui: &mut Ui, demo: bool, actions: &mut Vec<Action>) {
    let mut on = demo;
    if ui
        .checkbox(&mut on, t!("demo.toggle"))
        .on_hover_text(t!("demo.toggle_tip"))
        .changed()
    {
        actions.push(if on {
            Action::SetDemo(true)
        } else {
            Action::AskLeaveDemo
        });
    }
}

/// Demo mode's marker: a strip across the window under the top bar, in a colour nothing
/// else uses, for as long as demo mode is on.
pub(super) fn demo_strip(ui: &mut Ui) {
    let frame = egui::Frame::new()
        .fill(DEMO_FILL)
        .inner_margin(egui::Margin::symmetric(10, 3));
    egui::Panel::top("demo_strip")
        .frame(frame)
        .show_separator_line(false)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(t!("demo.badge"))
                        .strong()
                        .color(Color32::WHITE),
                );
                ui.label(RichText::new(t!("demo.badge_note")).color(Color32::WHITE));
            })
            .response
            .on_hover_text(t!("demo.badge_tip"));
        });
}

/// Burnt orange: reads as "on air" in light and dark themes, and white text on it passes
/// WCAG AA (contrast 5.2:1).
const DEMO_FILL: Color32 = Color32::from_rgb(0xc2, 0x41, 0x0c);

/// Why the keyring cannot be used; session secrets still work; Retry.
pub(super) fn keyring_banner_ui(ui: &mut Ui, error: &StoreError, actions: &mut Vec<Action>) {
    let headline = t!("banner.keyring", error = error.to_string());
    banner_ui(ui, &headline, &t!("banner.session"), actions);
}

/// Why the stored profiles cannot be listed (a damaged settings file says where it is and
/// what to do); jwtpad leaves the file alone; Retry reads it again.
pub(super) fn profiles_banner_ui(ui: &mut Ui, error: &ProfileError, actions: &mut Vec<Action>) {
    let headline = t!("banner.profiles", error = error.to_string());
    banner_ui(ui, &headline, &t!("banner.profiles_kept"), actions);
}

fn banner_ui(ui: &mut Ui, headline: &str, note: &str, actions: &mut Vec<Action>) {
    egui::Frame::new()
        .fill(ui.visuals().warn_fg_color.gamma_multiply(0.18))
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(headline).strong());
                ui.label(note);
                if ui.button(t!("banner.retry")).clicked() {
                    actions.push(Action::RetryKeyring);
                }
            });
        });
}
