//! The window's views. Each `*_ui` function draws one part from the app's state and returns
//! the actions the user asked for; none of them changes the document itself.

use chrono::{Local, Utc};
use egui::{Color32, RichText, TextEdit, Ui};
use rust_i18n::t;

use super::highlight;
use super::state::{Action, CopyWhat, KeyMode, LanguageChoice, ProfileDraft, ThemeChoice};
use super::{COPY_TOKEN, JwtpadApp, PASTE_TOKEN};
use crate::engine::broken::Broken;
use crate::engine::claims::human_duration;
use crate::engine::{Alg, Payload, TimeStatus};
use crate::profiles::KeyKind;
use crate::workbench::{SignatureState, Verdict};

/// Below this width the two columns stack.
const TWO_COLUMNS: f32 = 900.0;

/// Texts above this size are shown as a read-only preview: laying out a megabyte in a text
/// box makes every frame slow, and nobody edits a megabyte by hand (Paste, Copy and Clear
/// still work on the whole text).
const LARGE_TEXT: usize = 64 * 1024;
/// How much of a large text the preview shows.
const PREVIEW: usize = 4 * 1024;

/// The first [`PREVIEW`] bytes of `text`, cut at a character boundary.
fn preview(text: &str) -> &str {
    let mut end = PREVIEW.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// At most `max` characters of `text`, with "…" when cut.
fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
        None => text.into(),
    }
}

/// A read-only, scrollable view of a laid-out text.
fn preview_ui(
    ui: &mut Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    job: egui::text::LayoutJob,
    label: egui::Id,
) {
    egui::Frame::new()
        .fill(ui.visuals().code_bg_color)
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
                        ui.add(egui::Label::new(job).wrap()).labelled_by(label);
                    });
                });
        });
}

fn ok_colour(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(0x5c, 0xd6, 0x7a)
    } else {
        Color32::from_rgb(0x1a, 0x7f, 0x37)
    }
}

fn bad_colour(ui: &Ui) -> Color32 {
    ui.visuals().error_fg_color
}

fn warn_colour(ui: &Ui) -> Color32 {
    ui.visuals().warn_fg_color
}

/// The whole window.
pub fn window_ui(ui: &mut Ui, app: &mut JwtpadApp) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Panel::top("top").show(ui, |ui| top_bar_ui(ui, app, &mut actions));
    if let Some(error) = app.keyring_error.clone() {
        egui::Panel::top("banner").show(ui, |ui| banner_ui(ui, &error.to_string(), &mut actions));
    }
    if let Some((message, _)) = &app.toast {
        let message = message.clone();
        egui::Panel::bottom("toast").show(ui, |ui| {
            ui.label(RichText::new(message).color(ok_colour(ui)));
        });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        if ui.available_width() >= TWO_COLUMNS {
            ui.columns(2, |columns| {
                egui::ScrollArea::vertical()
                    .id_salt("left")
                    .show(&mut columns[0], |ui| {
                        encoded_ui(ui, app, &mut actions);
                        ui.add_space(8.0);
                        verdict_ui(ui, app);
                        ui.add_space(8.0);
                        key_ui(ui, app, &mut actions);
                        ui.add_space(8.0);
                        test_data_ui(ui, app, &mut actions);
                    });
                egui::ScrollArea::vertical()
                    .id_salt("right")
                    .show(&mut columns[1], |ui| {
                        json_editors_ui(ui, app, &mut actions);
                        ui.add_space(8.0);
                        claims_ui(ui, app);
                        warnings_ui(ui, app);
                    });
            });
        } else {
            egui::ScrollArea::vertical()
                .id_salt("single")
                .show(ui, |ui| {
                    encoded_ui(ui, app, &mut actions);
                    ui.add_space(8.0);
                    verdict_ui(ui, app);
                    ui.add_space(8.0);
                    key_ui(ui, app, &mut actions);
                    ui.add_space(8.0);
                    json_editors_ui(ui, app, &mut actions);
                    ui.add_space(8.0);
                    claims_ui(ui, app);
                    warnings_ui(ui, app);
                    // Stacked, the editors come first: test data is a tool, the token is the work.
                    ui.add_space(8.0);
                    test_data_ui(ui, app, &mut actions);
                });
        }
    });
    profile_dialog_ui(ui, app, &mut actions);
    confirm_delete_ui(ui, app, &mut actions);
    actions
}

fn top_bar_ui(ui: &mut Ui, app: &JwtpadApp, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.heading(RichText::new("jwtpad").strong());
        // The tagline yields first when the bar is narrow; the controls on the right stay.
        if ui.available_width() > 900.0 {
            ui.weak(t!("app.tagline"));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let theme = |c: ThemeChoice| match c {
                ThemeChoice::System => t!("app.theme_system"),
                ThemeChoice::Light => t!("app.theme_light"),
                ThemeChoice::Dark => t!("app.theme_dark"),
            };
            let themes = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];
            let tip = t!("app.theme_tip");
            if let Some(choice) =
                choice_ui(ui, t!("app.theme"), &tip, app.settings.theme, themes, theme)
            {
                actions.push(Action::SetTheme(choice));
            }
            // Languages are named in themselves, so anyone can find their own.
            let language = |c: LanguageChoice| match c {
                LanguageChoice::System => t!("app.language_system"),
                LanguageChoice::English => t!("app.language_en"),
                LanguageChoice::Portuguese => t!("app.language_pt"),
            };
            let tip = t!("app.language_tip");
            let (current, all) = (app.settings.language, LanguageChoice::ALL);
            if let Some(choice) = choice_ui(ui, t!("app.language"), &tip, current, all, language) {
                actions.push(Action::SetLanguage(choice));
            }
            let mut keep = app.settings.keep_drafts;
            if ui
                .checkbox(&mut keep, t!("app.keep_drafts"))
                .on_hover_text(t!("app.keep_drafts_tip"))
                .changed()
            {
                actions.push(Action::SetKeepDrafts(keep));
            }
            if ui.available_width() > 300.0 {
                ui.weak(t!("app.offline"));
            }
        });
    });
}

/// A labelled drop-down of `choices`; returns the one picked this frame, if any.
fn choice_ui<T: Copy + PartialEq, const N: usize>(
    ui: &mut Ui,
    label: impl Into<egui::WidgetText>,
    tip: &str,
    current: T,
    choices: [T; N],
    name: impl Fn(T) -> std::borrow::Cow<'static, str>,
) -> Option<T> {
    let mut picked = None;
    egui::ComboBox::from_label(label)
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

fn banner_ui(ui: &mut Ui, error: &str, actions: &mut Vec<Action>) {
    egui::Frame::new()
        .fill(ui.visuals().warn_fg_color.gamma_multiply(0.18))
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(t!("banner.keyring", error = error)).strong());
                ui.label(t!("banner.session"));
                if ui.button(t!("banner.retry")).clicked() {
                    actions.push(Action::RetryKeyring);
                }
            });
        });
}

fn encoded_ui(ui: &mut Ui, app: &mut JwtpadApp, actions: &mut Vec<Action>) {
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
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let mut layouter = |ui: &Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
        let job = highlight::token_job(text.as_str(), ui.visuals(), font.clone(), wrap_width);
        ui.fonts_mut(|f| f.layout_job(job))
    };
    if app.token_edit.len() > LARGE_TEXT {
        let job = highlight::token_job(
            preview(&app.token_edit),
            ui.visuals(),
            font.clone(),
            ui.available_width(),
        );
        preview_ui(ui, "token_preview", job, label.id);
        ui.weak(t!(
            "encoded.large",
            size = format!("{} KiB", app.token_edit.len() / 1024),
            shown = format!("{} KiB", PREVIEW / 1024)
        ));
    } else {
        let response = egui::ScrollArea::vertical()
            .id_salt("token_scroll")
            .max_height(200.0)
            .show(ui, |ui| {
                ui.add(
                    TextEdit::multiline(&mut app.token_edit)
                        .id_salt("token")
                        .desired_width(f32::INFINITY)
                        .desired_rows(7)
                        .code_editor()
                        .layouter(&mut layouter),
                )
            })
            .inner
            .labelled_by(label.id);
        if response.changed() {
            actions.push(Action::TokenEdited);
        }
    }
    // Always one line here, so the fields below never jump while the user types.
    let (text, colour) = match app.wb.signature_state() {
        SignatureState::NotSigned => (t!("encoded.not_signed"), warn_colour(ui)),
        SignatureState::Unsecured => (t!("encoded.unsecured"), warn_colour(ui)),
        SignatureState::Signed => (
            t!("encoded.signed", key = app.wb.key().label.as_str()),
            ui.visuals().weak_text_color(),
        ),
        SignatureState::AsPasted => (t!("encoded.as_pasted"), ui.visuals().weak_text_color()),
    };
    ui.label(RichText::new(text).color(colour));
    if let Some(note) = app.removed_note()
        && app.wb.origin() == crate::workbench::Origin::Token
    {
        ui.weak(t!("encoded.removed", what = note));
    }
    if let Some(problem) = &app.paste_problem {
        ui.label(RichText::new(problem).color(bad_colour(ui)));
    }
}

fn verdict_ui(ui: &mut Ui, app: &JwtpadApp) {
    let (text, colour) = match app.wb.verdict() {
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
            ui.label(RichText::new(text).size(17.0).strong().color(colour));
            if let Some(line) = time_line(app) {
                ui.label(RichText::new(line.0).color(if line.1 {
                    bad_colour(ui)
                } else {
                    ui.visuals().text_color()
                }));
            }
        });
}

/// "expires in 14 min · 2026-11-27 18:42:10 −03:00 · 21:42:10 UTC", computed from the
/// claim's instant and the clock now, so the countdown moves without re-decoding.
fn time_line(app: &JwtpadApp) -> Option<(String, bool)> {
    let Some(Ok(decoded)) = app.wb.decoded() else {
        return None;
    };
    let now = (app.now)();
    let leeway = crate::engine::Clock::DEFAULT_LEEWAY;
    if let Some(claim) = decoded.time.get("exp") {
        let Some(at) = claim.at else {
            if let TimeStatus::Invalid(reason) = &claim.status {
                return Some((
                    t!("time.invalid", claim = "exp", reason = reason).into_owned(),
                    true,
                ));
            }
            return None;
        };
        let secs = (at - now).num_seconds();
        let (status, bad) = if secs > 0 {
            (
                t!(
                    "time.expires_in",
                    duration = human_duration(secs.unsigned_abs())
                )
                .into_owned(),
                false,
            )
        } else if -secs < leeway {
            (
                t!(
                    "time.expired_leeway",
                    duration = human_duration(secs.unsigned_abs())
                )
                .into_owned(),
                false,
            )
        } else {
            (
                t!(
                    "time.expired",
                    duration = human_duration(secs.unsigned_abs())
                )
                .into_owned(),
                true,
            )
        };
        let local = at
            .with_timezone(&Local)
            .format("%Y-%m-%d %H:%M:%S %:z")
            .to_string();
        let utc = at.with_timezone(&Utc).format("%H:%M:%S").to_string();
        return Some((
            t!("time.line", status = status, local = local, utc = utc).into_owned(),
            bad,
        ));
    }
    if decoded.token.payload.claims().is_some() {
        return Some((t!("time.no_exp").into_owned(), false));
    }
    None
}

fn key_ui(ui: &mut Ui, app: &mut JwtpadApp, actions: &mut Vec<Action>) {
    ui.heading(t!("key.title"));
    let mode_label = |mode: &KeyMode| match mode {
        KeyMode::None => t!("key.none").into_owned(),
        KeyMode::SessionSecret => t!("key.session_secret").into_owned(),
        KeyMode::SessionKey => t!("key.session_pem").into_owned(),
        KeyMode::Profile(name) => t!("key.profile", name = name).into_owned(),
        KeyMode::AnyProfile => t!("key.any_profile").into_owned(),
    };
    ui.horizontal_wrapped(|ui| {
        let current = app.key.mode.clone();
        let mut modes = vec![KeyMode::None, KeyMode::SessionSecret, KeyMode::SessionKey];
        modes.extend(
            app.profiles
                .iter()
                .map(|p| KeyMode::Profile(p.name.clone())),
        );
        if !app.profiles.is_empty() {
            modes.push(KeyMode::AnyProfile);
        }
        egui::ComboBox::from_label(t!("key.source"))
            .selected_text(mode_label(&current))
            .width(260.0)
            .show_ui(ui, |ui| {
                for mode in modes {
                    if ui
                        .selectable_label(mode == current, mode_label(&mode))
                        .clicked()
                        && mode != current
                    {
                        actions.push(Action::SetKeyMode(mode));
                    }
                }
            });
        if ui.button(t!("key.add_profile")).clicked() {
            actions.push(Action::OpenAddProfile);
        }
        if let KeyMode::Profile(name) = &current
            && ui.button(t!("key.delete_profile")).clicked()
        {
            actions.push(Action::AskDelete(name.clone()));
        }
    });
    match app.key.mode.clone() {
        KeyMode::SessionSecret => {
            ui.horizontal(|ui| {
                let label = ui.label(t!("key.secret"));
                let eye = ui
                    .button(t!("key.reveal"))
                    .on_hover_text(t!("key.reveal_tip"));
                let reveal = eye.is_pointer_button_down_on();
                let response = ui
                    .add(
                        TextEdit::singleline(&mut *app.key.secret)
                            .id_salt("session_secret")
                            .password(!reveal)
                            .hint_text(t!("key.secret_hint"))
                            .desired_width(ui.available_width() - 90.0),
                    )
                    .labelled_by(label.id);
                if response.changed() {
                    actions.push(Action::KeyEdited);
                }
                if ui
                    .checkbox(&mut app.key.base64, t!("key.base64"))
                    .on_hover_text(t!("key.base64_tip"))
                    .changed()
                {
                    actions.push(Action::KeyEdited);
                }
            });
            ui.weak(t!("key.session_note"));
        }
        KeyMode::SessionKey => {
            let edited = key_text_ui(
                ui,
                &mut app.key.pem,
                "session_pem",
                t!("key.pem"),
                t!("key.pem_hint"),
                f32::INFINITY,
            );
            if edited {
                actions.push(Action::KeyEdited);
            }
            ui.weak(t!("key.session_note"));
        }
        KeyMode::Profile(name) => {
            if app.loading_profile.as_deref() == Some(name.as_str()) {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t!("key.loading"));
                });
            }
            if let Some(profile) = app.profiles.iter().find(|p| p.name == name) {
                let mut details = vec![profile.alg.clone(), profile.key_kind.describe()];
                if let Some(env) = &profile.env {
                    details.push(env.clone());
                }
                if let Some(id) = &profile.client_id {
                    details.push(t!("key.client_id", id = id).into_owned());
                }
                ui.weak(details.join(" · "));
            }
        }
        KeyMode::AnyProfile => {
            if app.loading_all {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t!("key.loading"));
                });
            }
            ui.weak(t!("key.any_profile_note", n = app.profiles.len()));
        }
        KeyMode::None => {}
    }
    if let Some(problem) = app
        .wb
        .key()
        .problem
        .as_ref()
        .or(app.profile_problem.as_ref())
    {
        ui.label(RichText::new(problem).color(bad_colour(ui)));
    }
    ui.horizontal(|ui| {
        let current = app.wb.alg();
        egui::ComboBox::from_label(t!("key.alg"))
            .selected_text(current.name())
            .show_ui(ui, |ui| {
                for alg in Alg::ALL {
                    if ui.selectable_label(alg == current, alg.name()).clicked() && alg != current {
                        actions.push(Action::SetAlg(alg));
                    }
                }
            });
    });
    if let Some(problem) = app.wb.sign_problem() {
        ui.label(RichText::new(problem).color(bad_colour(ui)));
    }
}

fn json_editors_ui(ui: &mut Ui, app: &mut JwtpadApp, actions: &mut Vec<Action>) {
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
            CopyWhat::Header => (&mut app.header_edit, app.wb.header_problem().cloned(), 4),
            _ => (&mut app.payload_edit, app.wb.payload_problem().cloned(), 10),
        };
        let error_at = problem.as_ref().map(|p| (p.line, p.column));
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
                            .id_salt(which)
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
                    message = problem.message
                ))
                .color(bad_colour(ui)),
            );
            ui.weak(t!("json.kept"));
        }
        if which == CopyWhat::Payload && !app.wb.payload_is_json() {
            ui.weak(t!("json.not_json"));
        }
        ui.add_space(6.0);
    }
}

fn claim_meaning(name: &str) -> Option<String> {
    let key = match name {
        "iss" | "sub" | "aud" | "exp" | "nbf" | "iat" | "jti" | "personId" | "name" | "email"
        | "scope" | "azp" | "nonce" => format!("claims.{name}"),
        _ => return None,
    };
    Some(t!(&key).into_owned())
}

fn claims_ui(ui: &mut Ui, app: &JwtpadApp) {
    let Some(Ok(decoded)) = app.wb.decoded() else {
        return;
    };
    let Payload::Json(serde_json::Value::Object(claims)) = &decoded.token.payload else {
        return;
    };
    ui.heading(t!("claims.title"));
    let value_width = (ui.available_width() * 0.45).max(160.0);
    egui::Grid::new("claims")
        .striped(true)
        .num_columns(3)
        .spacing([12.0, 4.0])
        .max_col_width(value_width)
        .show(ui, |ui| {
            ui.strong(t!("claims.claim"));
            ui.strong(t!("claims.value"));
            ui.strong(t!("claims.meaning"));
            ui.end_row();
            for (name, value) in claims {
                ui.monospace(name);
                let shown = match decoded.time.get(name) {
                    Some(claim) => match (&claim.local, &claim.status) {
                        (Some(local), _) => format!("{value} · {local}"),
                        (None, TimeStatus::Invalid(why)) => format!("{value} · {why}"),
                        _ => value.to_string(),
                    },
                    None => match value {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    },
                };
                // A claim can be huge (a 1 MiB blob); the table shows its start only.
                let shown = shorten(&shown, 300);
                ui.add(egui::Label::new(RichText::new(shown).monospace()).wrap());
                ui.weak(claim_meaning(name).unwrap_or_default());
                ui.end_row();
            }
        });
}

fn warnings_ui(ui: &mut Ui, app: &JwtpadApp) {
    let mut warnings: Vec<String> = match app.wb.decoded() {
        Some(Ok(decoded)) => decoded.warnings.clone(),
        _ => Vec::new(),
    };
    for w in app.wb.sign_warnings() {
        if !warnings.contains(w) {
            warnings.push(w.clone());
        }
    }
    if warnings.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.heading(t!("warnings.title"));
    for w in warnings {
        ui.label(RichText::new(format!("• {w}")).color(warn_colour(ui)));
    }
}

fn profile_dialog_ui(ui: &mut Ui, app: &mut JwtpadApp, actions: &mut Vec<Action>) {
    let Some(draft) = app.dialog.as_mut() else {
        return;
    };
    let mut open = true;
    egui::Window::new(t!("profile.window"))
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .show(ui.ctx(), |ui| profile_form_ui(ui, draft, actions));
    if !open {
        actions.push(Action::CloseDialog);
    }
}

fn profile_form_ui(ui: &mut Ui, draft: &mut ProfileDraft, actions: &mut Vec<Action>) {
    egui::Grid::new("profile_form")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            for (key, field) in [
                ("profile.name", &mut draft.name),
                ("profile.env", &mut draft.env),
                ("profile.client_id", &mut draft.client_id),
            ] {
                let label = ui.label(t!(key));
                ui.add(
                    TextEdit::singleline(field)
                        .id_salt(key)
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            }
            let alg_label = ui.label(t!("profile.alg"));
            egui::ComboBox::from_id_salt("profile_alg")
                .selected_text(draft.alg.name())
                .show_ui(ui, |ui| {
                    for alg in Alg::ALL.into_iter().filter(|a| *a != Alg::None) {
                        ui.selectable_value(&mut draft.alg, alg, alg.name());
                    }
                })
                .response
                .labelled_by(alg_label.id);
            ui.end_row();
            ui.label("");
            ui.horizontal(|ui| {
                let kinds = [
                    (KeyKind::HmacText, t!("profile.kind_secret")),
                    (KeyKind::HmacBase64, t!("key.base64")),
                    (KeyKind::PrivateKey, t!("profile.kind_key")),
                ];
                for (kind, text) in kinds {
                    if ui.radio_value(&mut draft.kind, kind, text).changed() {
                        actions.push(Action::ProfileKeyEdited);
                    }
                }
            });
            ui.end_row();
            if draft.kind == KeyKind::PrivateKey {
                ui.label("");
                ui.vertical(|ui| {
                    let edited = key_text_ui(
                        ui,
                        &mut draft.secret,
                        "profile_key",
                        t!("profile.key"),
                        t!("profile.key_hint"),
                        300.0,
                    );
                    if edited {
                        actions.push(Action::ProfileKeyEdited);
                    }
                    if let Some(note) = &draft.key_note {
                        ui.weak(note);
                    }
                });
                ui.end_row();
                ui.label("");
                ui.vertical(|ui| {
                    key_text_ui(
                        ui,
                        &mut draft.public_key,
                        "profile_public_key",
                        t!("profile.public_key"),
                        t!("profile.public_key_hint"),
                        300.0,
                    );
                });
            } else {
                let label = ui.label(t!("profile.secret"));
                ui.add(
                    TextEdit::singleline(&mut *draft.secret)
                        .id_salt("profile_secret")
                        .password(true)
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
            }
            ui.end_row();
        });
    ui.weak(t!("profile.where"));
    if let Some(problem) = &draft.problem {
        ui.label(RichText::new(problem).color(ui.visuals().error_fg_color));
    }
    ui.horizontal(|ui| {
        let ready = !draft.name.trim().is_empty() && !draft.secret.is_empty() && !draft.saving;
        let save = if draft.saving {
            t!("profile.saving")
        } else {
            t!("profile.save")
        };
        if ui.add_enabled(ready, egui::Button::new(save)).clicked() {
            actions.push(Action::SaveProfile);
        }
        if ui.button(t!("key.cancel")).clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

/// Test data for QA: expiry presets, a custom expiry, a valid test CPF, and broken tokens
/// for negative tests, each copied with one click.
fn test_data_ui(ui: &mut Ui, app: &mut JwtpadApp, actions: &mut Vec<Action>) {
    ui.heading(t!("qa.title"));
    let payload_ok = app.wb.claims_ready();
    ui.add_enabled_ui(payload_ok, |ui| {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(t!("qa.expiry"));
            for secs in [300u64, 900, 3600, 86_400] {
                let text = t!("qa.plus", span = human_duration(secs));
                if ui
                    .button(text.as_ref())
                    .on_hover_text(t!("qa.expiry_tip", span = text))
                    .clicked()
                {
                    actions.push(Action::SetLifetime(secs as i64));
                }
            }
            let field = ui
                .add(
                    TextEdit::singleline(&mut app.expiry_text)
                        .id_salt("expiry_custom")
                        .hint_text(t!("qa.expiry_hint"))
                        .desired_width(120.0),
                )
                .labelled_by(label.id)
                .on_hover_text(t!("qa.expiry_custom_tip"));
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button(t!("qa.set_exp")).clicked() || entered {
                actions.push(Action::SetCustomExpiry);
            }
        });
        if let Some(problem) = &app.expiry_problem {
            ui.label(RichText::new(problem).color(bad_colour(ui)));
        }
        if let Some(client_id) = app.profile_client_id() {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("iss").monospace());
                let current = app.wb.claim("iss").and_then(|v| v.as_str());
                if current == Some(client_id) {
                    let text = t!("qa.iss_matches", id = client_id);
                    ui.label(RichText::new(text).color(ok_colour(ui)));
                } else {
                    if ui
                        .button(t!("qa.iss_use", id = client_id))
                        .on_hover_text(t!("qa.iss_use_tip"))
                        .clicked()
                    {
                        actions.push(Action::SetIssFromProfile);
                    }
                    if let Some(other) = current {
                        ui.weak(t!("qa.iss_differs", iss = other));
                    }
                }
            });
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("personId").monospace());
            if ui
                .button(t!("qa.new_cpf"))
                .on_hover_text(t!("qa.new_cpf_tip"))
                .clicked()
            {
                actions.push(Action::NewPersonId);
            }
            match app.wb.person_id_check() {
                Some((_, Ok(()))) => {
                    ui.label(RichText::new(t!("qa.cpf_valid")).color(ok_colour(ui)));
                }
                Some((_, Err(why))) => {
                    let text = t!("qa.cpf_invalid", why = why.to_string());
                    ui.label(RichText::new(text).color(warn_colour(ui)));
                }
                None => {
                    ui.weak(t!("qa.cpf_absent"));
                }
            }
        });
    });
    if !payload_ok {
        ui.weak(t!("qa.needs_object"));
    }

    ui.add_space(4.0);
    ui.label(RichText::new(t!("qa.negative")).strong());
    let can_sign = app.wb.key().signer().is_some();
    if !can_sign {
        ui.weak(t!("engine.broken.needs_key"));
    }
    for broken in Broken::SIMPLE {
        ui.horizontal_wrapped(|ui| {
            let enabled = payload_ok && (can_sign || broken == Broken::AlgNone);
            let button = egui::Button::new(copy_broken_label(&broken));
            if ui.add_enabled(enabled, button).clicked() {
                actions.push(Action::CopyBroken(broken.clone()));
            }
            ui.weak(broken.expectation());
        });
    }
    let present = app.wb.claim(app.missing_claim()).is_some();
    ui.horizontal_wrapped(|ui| {
        let button = egui::Button::new(t!("qa.copy_missing"));
        if ui
            .add_enabled(payload_ok && can_sign && present, button)
            .clicked()
        {
            let claim = app.missing_claim().to_owned();
            actions.push(Action::CopyBroken(Broken::MissingClaim(claim)));
        }
        let mut chosen = app.missing_claim().to_owned();
        egui::ComboBox::from_id_salt("missing_claim")
            .selected_text(RichText::new(&chosen).monospace())
            // Listed only while the menu is open: a large payload is not walked every frame.
            .show_ui(ui, |ui| {
                for name in app.wb.claim_names() {
                    ui.selectable_value(&mut chosen, name.to_owned(), name);
                }
            })
            .response
            .on_hover_text(t!("qa.missing_pick"));
        if chosen != app.missing_claim() {
            actions.push(Action::PickMissingClaim(chosen));
        }
        let claim = app.missing_claim().to_owned();
        ui.weak(Broken::MissingClaim(claim).expectation());
    });
}

fn copy_broken_label(broken: &Broken) -> std::borrow::Cow<'static, str> {
    match broken {
        Broken::Expired => t!("qa.copy_expired"),
        Broken::NotYetValid => t!("qa.copy_not_yet_valid"),
        Broken::WrongSignature => t!("qa.copy_wrong_signature"),
        Broken::AlgNone => t!("qa.copy_alg_none"),
        Broken::MissingClaim(_) => t!("qa.copy_missing"),
    }
}

/// A box for PEM / JWK text that never shows private key material unless "Show" is held,
/// and scrolls instead of growing, so a 4096-bit key does not push the window apart.
/// Returns whether the text changed.
fn key_text_ui(
    ui: &mut Ui,
    text: &mut String,
    id_salt: &str,
    label: impl Into<egui::WidgetText>,
    hint: impl Into<egui::WidgetText>,
    width: f32,
) -> bool {
    let masked = crate::workbench::may_be_private(text);
    let mut reveal = false;
    let label = ui
        .horizontal(|ui| {
            let label = ui.label(label);
            if masked {
                let eye = ui
                    .button(t!("key.reveal"))
                    .on_hover_text(t!("key.reveal_key_tip"));
                reveal = eye.is_pointer_button_down_on();
                ui.weak(t!("key.masked"));
            }
            label
        })
        .inner;
    let rows = 5.0;
    let height = rows * ui.text_style_height(&egui::TextStyle::Monospace) + 8.0;
    egui::ScrollArea::vertical()
        .id_salt(id_salt)
        .max_height(height)
        .show(ui, |ui| {
            ui.add(
                TextEdit::multiline(text)
                    .id_salt(id_salt)
                    .code_editor()
                    .password(masked && !reveal)
                    .desired_rows(rows as usize)
                    .desired_width(width)
                    .hint_text(hint),
            )
            .labelled_by(label.id)
            .changed()
        })
        .inner
}

fn confirm_delete_ui(ui: &mut Ui, app: &JwtpadApp, actions: &mut Vec<Action>) {
    let Some(name) = &app.confirm_delete else {
        return;
    };
    egui::Modal::new(ui.scope_id().with("confirm_delete")).show(ui.ctx(), |ui| {
        ui.label(t!("key.delete_confirm", name = name));
        ui.horizontal(|ui| {
            if ui.button(t!("key.delete_yes")).clicked() {
                actions.push(Action::ConfirmDelete);
            }
            if ui.button(t!("key.cancel")).clicked() {
                actions.push(Action::CloseDialog);
            }
        });
    });
}
