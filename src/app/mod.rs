//! The desktop window (eframe/egui, glow renderer): jwt.io's whole paste → edit → re-sign
//! loop in one window, offline.
//!
//! The document lives in [`crate::workbench`]; views in [`views`] draw it and return
//! [`Action`]s, which [`JwtpadApp::apply`] carries out once per frame. Keyring calls run on
//! the [`worker`] thread, so no keyring (or clipboard) call can block a frame.
//!
//! A frame has eframe's two passes: [`eframe::App::logic`] takes the worker's replies and
//! sets the theme; [`eframe::App::ui`] draws and applies what the views asked for. Tests
//! run both through [`JwtpadApp::frame`].

mod big_paste;
pub mod clipboard;
mod fonts;
pub mod frame_log;
// Public only for the fuzz targets (fuzz/) and their regression test.
#[doc(hidden)]
pub mod highlight;
mod inspect;
mod paste;
mod pubprofile;
pub mod state;
mod suite_panel;
mod templates;
mod views;
pub mod worker;

pub use views::{TemplateAction, TemplatePane};

use chrono::{DateTime, Utc};
use rust_i18n::t;
use std::time::{Duration, Instant};

use crate::engine::diff::TokenDiff;
use crate::engine::normalize::Removed;
use crate::engine::{Alg, Clock, Key, KeySet, Secret, timespec};
use crate::profiles::{KeyKind, Profile, ProfileError};
use crate::secrets::StoreError;
use crate::workbench::{KeyInUse, KeyLabel, KeyTrouble, LastEdit, Workbench, example};
pub use state::{Action, CopyWhat, KeyMode, LanguageChoice, ReportForm, Settings, ThemeChoice};
use state::{
    DemoState, Dialogs, Editors, FormProblem, KeyInputs, KeyringView, Notices, ProfileDraft,
    TestDataInputs,
};
use views::{ChangeLists, CheckAt, ClaimRows};
use worker::{Backend, Reply, Request, Worker};

/// Demo mode's zoom: projector-sized text that still fits the two columns at 1280×800.
pub const DEMO_ZOOM: f32 = 1.25;

/// The window title, also the application id (X11 class, Wayland app id).
const TITLE: &str = "jwtpad";

/// The widest texture jwtpad lets egui make. egui's glyph atlas is as wide as the GPU
/// allows (16,384 pixels under Mesa) and grows down: a 16,384 × 32 atlas holds 2 MiB that
/// jwtpad's few hundred glyphs never fill, kept twice (egui's copy and the GL texture) and
/// copied once more to upload. 2,048 (egui's own portable default) holds every glyph of
/// the start screen in 2,048 × 64, a quarter of the memory, and grows to 2,048 × 2,048:
/// room for some 15,000 glyphs before egui starts the atlas over at 80 % full, as it would
/// at any width (issue 13: peak memory).
const TEXTURE_SIDE: usize = 2048;

/// Closes the window: Ctrl+Q (Cmd+Q on macOS).
pub const QUIT: egui::KeyboardShortcut =
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Q);
/// Replaces the token with the clipboard and decodes it.
pub const PASTE_TOKEN: egui::KeyboardShortcut = egui::KeyboardShortcut::new(
    egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT),
    egui::Key::V,
);
/// Copies the token.
pub const COPY_TOKEN: egui::KeyboardShortcut = egui::KeyboardShortcut::new(
    egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT),
    egui::Key::C,
);

/// Opens the jwtpad window and returns once it is closed.
///
/// # Errors
///
/// eframe's error when no window can be opened (no display, no OpenGL).
pub fn run(demo: bool) -> eframe::Result<()> {
    // The window reads it too; said here once, for whoever started jwtpad from a terminal.
    if let Err(bad) =
        clipboard::ClearAfter::from_env(std::env::var(clipboard::CLEAR_VAR).ok().as_deref())
    {
        eprintln!("jwtpad: {bad}");
    }
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/jwtpad.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id(TITLE)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 480.0]);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        TITLE,
        options,
        Box::new(|cc| {
            let mut settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            // `--demo` turns it on; only the window's own "Leave demo mode" turns it off.
            settings.demo |= demo;
            let settings_path = crate::profiles::default_settings_path()
                .unwrap_or_else(|_| std::path::PathBuf::from("profiles.json"));
            cc.egui_ctx.set_fonts(fonts::fonts());
            let ctx = cc.egui_ctx.clone();
            let worker = Worker::start(Backend::Keyring(settings_path), move || {
                ctx.request_repaint()
            });
            Ok(Box::new(JwtpadApp::new(
                settings,
                worker,
                Box::new(Utc::now),
            )))
        }),
    )
}

/// The running window's state.
pub struct JwtpadApp {
    settings: Settings,
    wb: Workbench,
    editors: Editors,
    key: KeyInputs,
    keyring: KeyringView,
    dialogs: Dialogs,
    notices: Notices,
    test_data: TestDataInputs,
    /// The claims table, formatted once per document or language change.
    claim_rows: ClaimRows,
    /// "Changes" and "Compare with…", compared once per document change.
    changes: ChangeLists,
    /// Claims the user masks in the copied report, besides the engine's own masks.
    report_masks: std::collections::BTreeSet<String>,
    /// An action or reply may have changed what [`Self::claim_rows`] and the CPF check show.
    shown_stale: bool,
    /// The moment and zone the token is judged and shown at ("Check at").
    check_at: CheckAt,
    worker: Worker,
    /// Every copy and paste; clears jwtpad's copies after the delay.
    clipboard: clipboard::Clipboard,
    /// [`clipboard::CLEAR_VAR`], read once at start: it overrides the setting.
    clear_override: Result<Option<clipboard::ClearAfter>, clipboard::BadClearVar>,
    now: Box<dyn Fn() -> DateTime<Utc>>,
    theme_applied: Option<ThemeChoice>,
    /// The templates pane.
    templates: views::TemplatePane,
    /// Demo mode's reveals, its question and its zoom.
    demo: DemoState,
    /// "How this token is made", made once per document change.
    explain: views::Explanation,
    /// The token part under the pointer, for hover highlighting.
    hover: state::Hover,
    /// [`frame_log::FRAME_LOG_VAR`]'s frame counter, when it is set.
    frame_log: Option<frame_log::FrameLog>,
    /// The keyring is asked for once the first frame is on screen: connecting takes a core
    /// for a while (D-Bus, the Secret Service's session key), which the first frame's
    /// painting needs more (issue 13).
    connect_pending: bool,
}

impl JwtpadApp {
    /// A window over `worker`, judging time claims with `now` (injectable for tests).
    pub fn new(settings: Settings, worker: Worker, now: Box<dyn Fn() -> DateTime<Utc>>) -> Self {
        // Before anything renders a message: the engine's texts are made in this language.
        rust_i18n::set_locale(
            settings
                .language
                .locale(state::system_language().as_deref()),
        );
        let clock = Clock {
            now: now(),
            leeway: Clock::DEFAULT_LEEWAY,
        };
        let (header, payload) = match (&settings.drafts, settings.keep_drafts) {
            (Some((h, p)), true) => (h.clone(), p.clone()),
            _ => example(clock.now.timestamp()),
        };
        let mut wb = Workbench::from_parts(header, payload, KeyInUse::default(), &clock);
        if let Some(alg) = settings.alg.as_deref().and_then(|a| a.parse::<Alg>().ok()) {
            wb.set_alg(alg, &clock);
        }
        let mut key = KeyInputs::default();
        if let Some(name) = &settings.last_profile {
            key.mode = KeyMode::Profile(name.clone());
        }
        let check_at = CheckAt::new(settings.check_zone.as_deref());
        let mut app = JwtpadApp {
            check_at,
            editors: Editors::of(&wb),
            settings,
            wb,
            key,
            keyring: KeyringView::default(),
            dialogs: Dialogs::default(),
            notices: Notices::default(),
            test_data: TestDataInputs::default(),
            claim_rows: ClaimRows::default(),
            changes: ChangeLists::default(),
            report_masks: std::collections::BTreeSet::new(),
            shown_stale: true,
            worker,
            clipboard: clipboard::Clipboard::default(),
            clear_override: clipboard::ClearAfter::from_env(
                std::env::var(clipboard::CLEAR_VAR).ok().as_deref(),
            ),
            now,
            theme_applied: None,
            templates: views::TemplatePane::new(
                crate::templates::TemplateStore::open_default().ok(),
            ),
            demo: DemoState::default(),
            explain: views::Explanation::default(),
            hover: state::Hover::default(),
            frame_log: frame_log::FrameLog::open(
                std::env::var_os(frame_log::FRAME_LOG_VAR).as_deref(),
            )
            .unwrap_or_else(|bad| {
                eprintln!("jwtpad: {bad}");
                None
            }),
            connect_pending: true,
        };
        app.resolve_key();
        app.refresh_shown();
        app
    }

    /// The clock the window judges time claims with: the "Check at" moment when one is
    /// set, else the live clock.
    pub fn clock(&self) -> Clock {
        match self.check_at.moment {
            Some(now) => Clock {
                now,
                leeway: Clock::DEFAULT_LEEWAY,
            },
            None => self.live_clock(),
        }
    }

    /// The present, whatever "Check at" holds: new test tokens get real times.
    fn live_clock(&self) -> Clock {
        Clock {
            now: (self.now)(),
            leeway: Clock::DEFAULT_LEEWAY,
        }
    }

    /// The "Check at" moment, when the window is not judging at the live clock.
    pub fn checked_at(&self) -> Option<DateTime<Utc>> {
        self.check_at.moment
    }

    /// The zone the window reads and shows times in.
    pub fn zone(&self) -> crate::engine::Zone {
        self.check_at.zone
    }

    /// The document (for tests and the views).
    pub fn workbench(&self) -> &Workbench {
        &self.wb
    }

    /// The settings that will be saved.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The token part the pointer was last over, in the token box, an editor or the
    /// explanation (for tests).
    #[doc(hidden)]
    pub fn hovered_part(&self) -> Option<crate::engine::Part> {
        self.hover.shown
    }

    /// One whole frame, as eframe runs it: [`eframe::App::logic`] (keyring replies, the
    /// theme), then [`eframe::App::ui`] (the views and their actions). For harnesses that
    /// drive only a ui closure, such as egui_kittest's `build_ui_state`.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.logic_pass(&ctx);
        self.ui_pass(ui);
    }

    /// The background half of a frame: replies from the keyring worker and the theme.
    /// Draws nothing.
    fn logic_pass(&mut self, ctx: &egui::Context) {
        self.apply_theme(ctx);
        self.apply_demo_zoom(ctx);
        for reply in self.worker.poll() {
            self.on_reply(reply);
        }
        // A time claim that just changed its standing (expired, say) is judged again, so
        // the verdict and the warnings stay true while the countdown moves.
        if self.wb.tick(&self.clock()) {
            self.shown_stale = true;
        }
        self.clear_clipboard_when_due();
        if let Some(read) = self.clipboard.take_read() {
            let clock = self.clock();
            self.pasted(read, &clock);
        }
        self.refresh_shown();
    }

    /// How long until something the window shows about time reads differently: the exp
    /// countdown, a time claim's problem in the warnings, or a claim's standing. `None` when
    /// nothing on screen depends on the clock and no copy waits to be cleared, so an idle
    /// window sleeps.
    pub fn next_repaint(&self) -> Option<Duration> {
        let clipboard = self.clipboard.due_in(Instant::now());
        // Clipboard work on its thread: look again soon for what it brings.
        let busy = self.clipboard.busy().then_some(Duration::from_millis(30));
        self.clock_repaint()
            .into_iter()
            .chain(clipboard)
            .chain(busy)
            .min()
    }

    /// How long until jwtpad's last copy is cleared; `None` when none waits.
    pub fn clipboard_clears_in(&self) -> Option<Duration> {
        self.clipboard.due_in(Instant::now())
    }

    fn clock_repaint(&self) -> Option<Duration> {
        let Some(Ok(decoded)) = self.wb.decoded() else {
            return None;
        };
        // A fixed moment does not move: nothing to count down.
        if self.check_at.moment.is_some() {
            return None;
        }
        let clock = self.clock();
        let shown = decoded.time.claims.iter().filter(|claim| {
            claim.name == "exp" || claim.standing(&clock).status != crate::engine::TimeStatus::Ok
        });
        let text = shown
            .filter_map(|claim| crate::timefmt::next_change(claim, clock.now))
            .min();
        let flip = self
            .wb
            .next_flip()
            .and_then(|at| (at - clock.now).to_std().ok());
        text.into_iter().chain(flip).min()
    }

    /// The drawing half of a frame: shortcuts, the views, then their actions.
    fn ui_pass(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let mut actions = Vec::new();
        // Read the shortcuts first and act after: the context is locked inside `input_mut`.
        let (quit, paste, copy) = ctx.input_mut(|input| {
            (
                input.consume_shortcut(&QUIT),
                input.consume_shortcut(&PASTE_TOKEN),
                input.consume_shortcut(&COPY_TOKEN),
            )
        });
        if quit {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if paste {
            actions.push(Action::Paste);
        }
        if copy {
            actions.push(Action::Copy(CopyWhat::Token));
        }
        // Before the views: a text box would lay a 5 MiB paste out in this frame.
        if let Some(paste) = big_paste::take(&ctx) {
            actions.extend(self.take_big_paste(&ctx, paste));
        }
        actions.extend(views::window_ui(ui, self));
        for action in actions {
            self.apply(&ctx, action);
        }
        self.refresh_shown();
        // Frame 0 is painted before frame 1 begins: asked in frame 0, the connection ran
        // beside its painting and showed the window 5.6-8.5 ms later (BENCHMARKS.md "Window").
        // The profiles it lists come one frame later, which no one can see. Frame 0 asks
        // for frame 1 itself rather than count on egui's own follow-up frame.
        if self.connect_pending {
            if ctx.cumulative_frame_nr() == 0 {
                ctx.request_repaint();
            } else {
                self.connect_pending = false;
                self.worker.send(Request::Connect);
            }
        }
        // Only what shows the clock needs it, and only when its text changes (each second
        // near the end, each minute or hour further out); otherwise the window sleeps.
        if let Some(wait) = self.next_repaint() {
            ctx.request_repaint_after(wait);
        }
        if let Some((_, shown)) = &self.notices.toast {
            let left = Duration::from_secs(2).saturating_sub(shown.elapsed());
            if left.is_zero() {
                self.notices.toast = None;
            } else {
                ctx.request_repaint_after(left);
            }
        }
    }

    /// Demo mode's larger text, set once when it turns on; the zoom before it comes back
    /// when it turns off.
    fn apply_demo_zoom(&mut self, ctx: &egui::Context) {
        let demo = self.settings.demo;
        if self.demo.zoom_applied == Some(demo) {
            return;
        }
        let zoom = if demo {
            if self.settings.zoom_before_demo.is_none() {
                self.settings.zoom_before_demo = Some(ctx.zoom_factor());
            }
            Some(DEMO_ZOOM)
        } else {
            self.settings.zoom_before_demo.take()
        };
        if let Some(zoom) = zoom.filter(|&zoom| zoom != ctx.zoom_factor()) {
            ctx.set_zoom_factor(zoom);
            // egui changes the zoom when the next pass begins: drawn again at once, no
            // frame is shown at the old size.
            ctx.request_discard("demo mode's zoom");
        }
        self.demo.zoom_applied = Some(demo);
    }

    /// Whether demo mode is on.
    pub fn demo(&self) -> bool {
        self.settings.demo
    }

    /// The text the token box or an editor paints now: in demo mode with its personal data
    /// masked in place, unless revealed. The views paint through the same functions; tests
    /// read the screen here.
    pub fn shown(&self, which: CopyWhat) -> String {
        let extra = self.extra_masks();
        let masking = self.settings.demo.then_some(extra.as_slice());
        let (text, shown) = match which {
            CopyWhat::Token => (
                &self.editors.token,
                views::shown_token(&self.editors.token, masking),
            ),
            CopyWhat::Header | CopyWhat::Payload => {
                let text = match which {
                    CopyWhat::Header => &self.editors.header,
                    _ => &self.editors.payload,
                };
                let masking = masking.filter(|_| !self.demo.revealed(which));
                (text, views::shown_json(text, masking))
            }
        };
        shown.unwrap_or_else(|| text.clone())
    }

    /// The claims demo mode and the report mask whole, besides the engine's rules: those the
    /// user ticked in the claims table.
    fn extra_masks(&self) -> Vec<String> {
        self.report_masks.iter().cloned().collect()
    }

    /// In demo mode, undoes an edit of `which` that changed a masked value the user has
    /// not revealed, and says so; `true` when it did. Removing a value whole is allowed:
    /// it shows nothing.
    fn refuse_masked_edit(&mut self, ctx: &egui::Context, which: CopyWhat) -> bool {
        if !self.settings.demo || self.demo.revealed(which) {
            return false;
        }
        let (old, new) = match which {
            CopyWhat::Header => (self.wb.header(), &self.editors.header),
            CopyWhat::Payload => (self.wb.payload(), &self.editors.payload),
            CopyWhat::Token => return false,
        };
        // Masked already for the editor when it showed `old`.
        let Some(shown) = views::masked_json(ctx, old, &self.extra_masks()) else {
            return false;
        };
        let edited = edited_range(old, new);
        let touches = shown.spans.iter().any(|span| {
            let whole = quoted(old, span);
            edited.start <= span.end
                && edited.end >= span.start
                && !(edited.start <= whole.start && edited.end >= whole.end)
        });
        if !touches {
            return false;
        }
        let old = old.to_owned();
        match which {
            CopyWhat::Header => self.editors.header = old,
            _ => self.editors.payload = old,
        }
        self.demo.refused = Some(which);
        true
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        if self.theme_applied != Some(self.settings.theme) {
            ctx.set_theme(match self.settings.theme {
                ThemeChoice::System => egui::ThemePreference::System,
                ThemeChoice::Light => egui::ThemePreference::Light,
                ThemeChoice::Dark => egui::ThemePreference::Dark,
            });
            self.theme_applied = Some(self.settings.theme);
        }
    }

    /// Formats again what the claims table and the CPF check show, when an action or a
    /// reply may have changed the document or the language since the last time: never per
    /// frame, so a 1 MiB claim is not serialised at every repaint.
    fn refresh_shown(&mut self) {
        if !self.shown_stale {
            return;
        }
        self.shown_stale = false;
        self.ask_other_keys();
        let extra = self.extra_masks();
        let masking = self.settings.demo.then_some(extra.as_slice());
        self.claim_rows = ClaimRows::of(&self.wb, self.check_at.zone, masking);
        self.changes.refresh(&self.wb, masking);
        self.test_data.person_id = self.wb.person_id_check().map(|p| p.verdict);
        self.explain = views::Explanation::of(&self.wb, masking);
    }

    /// Carries out one action. The only place that talks to the workbench, the keyring
    /// worker and the clipboard.
    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        let clock = self.clock();
        // Test tokens are made for use now, even while "Check at" judges another moment.
        let live = self.live_clock();
        let makes_times = matches!(
            action,
            Action::SetLifetime(_) | Action::SetCustomExpiry | Action::CopyBroken(_)
        );
        self.shown_stale = true;
        match action {
            Action::TokenEdited => {
                // Typed after a paste that has not come yet: what was typed wins.
                self.clipboard.cancel_read();
                let typed = self.editors.token.clone();
                self.take_token(typed.clone(), &clock);
                // Only a paste is cleaned up in the box. Typing is never rewritten under
                // the user's fingers: a "#" typed by mistake made the box show the token
                // found before it, and the Backspace that followed ate the token itself.
                let pasted =
                    ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Paste(_))));
                if !pasted {
                    self.editors.token = typed;
                }
            }
            Action::CheckAt => self.check_at_typed(),
            Action::CheckAtZone(zone) => {
                self.check_at.zone = zone;
                self.check_at.query.clear();
                self.settings.check_zone =
                    (zone != self.check_at.system.zone).then(|| zone.name().to_owned());
                // The typed time is a wall clock in the chosen zone: read it there again.
                if self.check_at.moment.is_some() {
                    self.check_at_typed();
                }
            }
            Action::BackToNow => {
                self.check_at.moment = None;
                self.check_at.problem = None;
                self.check_at.text.clear();
                self.wb.judge_at(&self.clock());
            }
            Action::HeaderEdited if self.refuse_masked_edit(ctx, CopyWhat::Header) => {}
            Action::PayloadEdited if self.refuse_masked_edit(ctx, CopyWhat::Payload) => {}
            Action::HeaderEdited => {
                self.demo.refused = None;
                self.wb.set_header(self.editors.header.clone(), &clock);
                self.editors.token = self.wb.token().to_owned();
                self.settings.alg = Some(self.wb.alg().name().to_owned());
            }
            Action::PayloadEdited => {
                self.demo.refused = None;
                self.wb.set_payload(self.editors.payload.clone(), &clock);
                self.editors.token = self.wb.token().to_owned();
            }
            Action::Paste => self.paste(),
            Action::Clear => {
                self.clipboard.cancel_read();
                self.editors.token.clear();
                self.notices.removed.clear();
                self.notices.pasted = None;
                self.wb.set_token(String::new(), &clock);
            }
            Action::Copy(what) => {
                let (text, label) = match what {
                    CopyWhat::Token => (self.wb.token().trim().to_owned(), t!("copy.token")),
                    CopyWhat::Header => (self.wb.header().to_owned(), t!("copy.header")),
                    CopyWhat::Payload => (self.wb.payload().to_owned(), t!("copy.payload")),
                };
                self.copy(ctx, text, t!("copy.copied", what = label).into_owned());
            }
            Action::PickFound(index) => self.show_found(index, &clock),
            Action::CopyPasted => {
                if let Some(pasted) = &self.notices.pasted {
                    let text = pasted.text.clone();
                    self.copy(ctx, text, t!("paste.window.copied").into_owned());
                }
            }
            Action::Format => {
                self.wb.format(&clock);
                self.sync_editors();
            }
            Action::SetAlg(alg) => {
                self.wb.set_alg(alg, &clock);
                self.settings.alg = Some(alg.name().to_owned());
                self.sync_editors();
            }
            Action::SetKeyMode(mode) => self.apply_mode(mode),
            Action::KeyEdited => self.resolve_key(),
            Action::RetryKeyring => self.worker.send(Request::Connect),
            Action::OpenAddProfile => {
                self.dialogs.profile = Some(ProfileDraft {
                    alg: self.wb.alg(),
                    ..Default::default()
                });
            }
            Action::ProfileKeyEdited => self.check_profile_key(),
            Action::OpenUpdateKeys(name) => self.open_update_keys(name),
            Action::SaveProfile => self.save_profile(),
            Action::GenerateProfileKey => self.generate_profile_key(),
            Action::CopyPublicKey(format) => self.copy_public_key(ctx, format),
            Action::CloseDialog => {
                self.dialogs.profile = None;
                self.dialogs.confirm_delete = None;
                self.demo.confirm_leave = false;
            }
            Action::AskDelete(name) => self.dialogs.confirm_delete = Some(name),
            Action::ConfirmDelete => {
                if let Some(name) = self.dialogs.confirm_delete.take() {
                    self.worker.send(Request::Remove(name));
                }
            }
            Action::SetLifetime(secs) => {
                self.test_data.expiry_problem = None;
                if self.wb.set_lifetime(secs, &live) {
                    self.sync_editors();
                }
            }
            Action::SetCustomExpiry => self.set_custom_expiry(&live),
            Action::NewPersonId => {
                if self.wb.new_person_id(&clock) {
                    self.sync_editors();
                }
            }
            Action::CopyBroken(broken) => match self.wb.broken(&broken, live.now.timestamp()) {
                Ok(signed) => {
                    let note = t!("qa.copied", what = broken.to_string()).into_owned();
                    self.copy(ctx, signed.token, note);
                }
                Err(e) => self.toast(e.to_string()),
            },
            Action::SetIssFromProfile => {
                if let Some(id) = self.keyring.client_id(&self.key.mode).map(str::to_owned)
                    && self.wb.set_claims(&[("iss", id.into())], &clock)
                {
                    self.sync_editors();
                }
            }
            Action::PickMissingClaim(name) => self.test_data.missing_claim = name,
            Action::MakeSuite => self.make_suite(live.now.timestamp()),
            Action::CopySuiteCase(index) => {
                let case = self
                    .test_data
                    .suite
                    .as_ref()
                    .and_then(|s| s.cases.get(index));
                if let Some(case) = case {
                    let (text, note) = (
                        case.token.clone(),
                        t!("suite.ui.copied", id = case.id()).into_owned(),
                    );
                    self.copy(ctx, text, note);
                }
            }
            Action::ExportSuite => self.export_suite(),
            Action::SetTheme(theme) => self.settings.theme = theme,
            Action::SetLanguage(language) => {
                self.settings.language = language;
                rust_i18n::set_locale(language.locale(state::system_language().as_deref()));
                self.retranslate();
            }
            Action::SetKeepDrafts(keep) => self.settings.keep_drafts = keep,
            Action::SetClipboardClear(after) => self.settings.clipboard_clear = after,
            Action::CompareEdited => {}
            Action::CopyReport(form) => self.copy_report(ctx, form, &clock),
            Action::Template(action) => self.apply_template(action),
            Action::SetDemo(on) => {
                self.settings.demo = on;
                self.demo = DemoState {
                    zoom_applied: self.demo.zoom_applied,
                    ..DemoState::default()
                };
            }
            Action::AskLeaveDemo => self.demo.confirm_leave = true,
            Action::Reveal(which) => {
                match which {
                    CopyWhat::Header => self.demo.header_revealed = true,
                    CopyWhat::Payload => self.demo.payload_revealed = true,
                    CopyWhat::Token => {}
                }
                self.demo.refused = None;
            }
            Action::HideRevealed(which) => match which {
                CopyWhat::Header => self.demo.header_revealed = false,
                CopyWhat::Payload => self.demo.payload_revealed = false,
                CopyWhat::Token => {}
            },
            Action::SetReportMask(claim, on) => {
                if on {
                    self.report_masks.insert(claim);
                } else {
                    self.report_masks.remove(&claim);
                }
            }
        }
        // ...and are then judged at the moment checked, like any other token.
        if makes_times && self.check_at.moment.is_some() {
            self.wb.judge_at(&clock);
        }
    }

    /// The report `jwtpad report` prints, in the window's language, with the claims the
    /// user masked: onto the clipboard, and a note in the status line.
    fn copy_report(&mut self, ctx: &egui::Context, form: ReportForm, clock: &Clock) {
        let report = match self.wb.decoded() {
            Some(Ok(decoded)) => {
                let signed_by = match self.wb.verdict() {
                    crate::workbench::Verdict::Verified(KeyLabel::Profile { name, .. }) => {
                        Some(name)
                    }
                    _ => None,
                };
                let masks: Vec<String> = self.report_masks.iter().cloned().collect();
                {
                    let shown = crate::timefmt::Shown {
                        zone: self.check_at.zone,
                        fixed: self.check_at.moment.is_some(),
                    };
                    crate::share::Report::of(
                        decoded,
                        signed_by.as_deref(),
                        &masks,
                        clock.now,
                        shown,
                    )
                }
            }
            // What is wrong, with its code; never the input itself.
            Some(Err(e)) => crate::share::Report::malformed(e.to_string(), e.code()),
            None => {
                self.toast(t!("report_ui.nothing").into_owned());
                return;
            }
        };
        let (text, what) = match form {
            ReportForm::Text => (report.text(), t!("report_ui.copied_text")),
            ReportForm::Markdown => (report.markdown(), t!("report_ui.copied_markdown")),
        };
        self.copy(ctx, text, what.into_owned());
    }

    /// The one way the window copies: onto the clipboard through egui (eframe keeps the
    /// selection alive; kittest sees it), remembered to be cleared after the delay, and
    /// `note` in the status line saying when.
    fn copy(&mut self, ctx: &egui::Context, text: String, note: String) {
        let after = self.clear_after();
        self.clipboard.copied(&text, after, Instant::now());
        ctx.copy_text(text);
        self.toast(note);
        self.notices.clears_in = after.delay().map(|_| after.0);
    }

    /// How long after a copy the clipboard is cleared: the environment's, else the setting.
    pub fn clear_after(&self) -> clipboard::ClearAfter {
        match self.clear_override {
            Ok(Some(after)) => after,
            _ => self.settings.clipboard_clear,
        }
    }

    /// Clears the clipboard when its delay has run out; says so only when it did.
    fn clear_clipboard_when_due(&mut self) {
        if self.clipboard.tick(Instant::now()) == Some(clipboard::Outcome::Cleared) {
            self.toast(t!("clip.cleared").into_owned());
        }
    }

    /// What "Changes" and "Compare with…" list (for tests).
    pub fn change_lists(&self) -> (Option<&TokenDiff>, Option<&TokenDiff>) {
        (self.changes.edits(), self.changes.compared())
    }

    fn toast(&mut self, text: String) {
        self.notices.toast = Some((text, Instant::now()));
        self.notices.clears_in = None;
    }

    /// After a language change. Engine, profile and keyring values are kept as data and
    /// worded when drawn, so they follow by themselves; only the app's own notices, made as
    /// text when they happened, are dropped rather than shown in the old language.
    fn retranslate(&mut self) {
        self.notices.toast = None;
        self.notices.paste_problem = None;
    }

    fn sync_editors(&mut self) {
        self.editors = Editors::of(&self.wb);
    }

    /// Replaces the token with pasted text and decodes it.
    pub fn paste_text(&mut self, text: String, clock: &Clock) {
        self.notices.pasted = None;
        self.take_token(text, clock);
        self.shown_stale = true;
    }

    /// Decodes token text. Text that holds tokens among other things (a request, a URL, a
    /// JSON response) is kept aside and its first token is shown; the others are listed.
    /// When a token decodes and noise was stripped ("Bearer ", quotes, line breaks), the box
    /// shows the clean token and a note says what went.
    fn take_token(&mut self, text: String, clock: &Clock) {
        match paste::Pasted::of(&text) {
            Some(pasted) => {
                self.notices.pasted = Some(pasted);
                self.show_found(0, clock);
            }
            None => {
                // A hand edit of the box: the list of the last paste stays, none chosen.
                if let Some(pasted) = &mut self.notices.pasted {
                    pasted.chosen = None;
                }
                self.take_compact(text, Vec::new(), clock);
            }
        }
    }

    /// Shows the `index`-th token found in the pasted text.
    fn show_found(&mut self, index: usize, clock: &Clock) {
        let Some(pasted) = &mut self.notices.pasted else {
            return;
        };
        let Some(found) = pasted.found.get(index) else {
            return;
        };
        pasted.chosen = Some(index);
        let (text, removed) = (found.text.clone(), found.removed.clone());
        self.take_compact(text, removed, clock);
    }

    /// Decodes `text` and, when it decodes with noise stripped, shows the clean token.
    /// `around` is what extraction cut away before.
    fn take_compact(&mut self, text: String, around: Vec<Removed>, clock: &Clock) {
        self.wb.set_token(text, clock);
        self.notices.removed = around;
        if let Some(Ok(decoded)) = self.wb.decoded()
            && !decoded.token.removed.is_empty()
        {
            self.notices
                .removed
                .extend(decoded.token.removed.iter().copied());
            let compact = decoded.token.compact();
            self.wb.set_token(compact, clock);
        }
        self.sync_editors();
    }

    /// Paste asks the clipboard on a thread: the program holding it may be slow or silent,
    /// and a frame never waits for it. [`Self::pasted`] takes the text when it comes.
    fn paste(&mut self) {
        self.notices.paste_problem = None;
        self.clipboard.start_read();
    }

    fn pasted(&mut self, read: clipboard::Read, clock: &Clock) {
        self.shown_stale = true;
        match read {
            Ok(Some(text)) if !text.trim().is_empty() => {
                // A new paste replaces the list of the last one.
                self.notices.pasted = None;
                self.take_token(text.to_string(), clock);
            }
            Ok(_) => {
                self.notices.paste_problem = Some(t!("encoded.paste_empty").into_owned());
            }
            Err(error) => {
                self.notices.paste_problem =
                    Some(t!("encoded.paste_failed", error = error).into_owned());
            }
        }
    }

    /// Turns the key inputs into keys for the workbench. Profiles are fetched by the worker.
    fn resolve_key(&mut self) {
        self.keyring.problem = None;
        let key = match &self.key.mode {
            KeyMode::None => KeyInUse::default(),
            KeyMode::SessionSecret => session_secret(&self.key.secret, self.key.base64),
            KeyMode::SessionKey => {
                if self.key.pem.trim().is_empty() {
                    KeyInUse {
                        label: KeyLabel::SessionKey,
                        ..KeyInUse::default()
                    }
                } else {
                    KeyInUse::from_result(
                        KeyLabel::SessionKey,
                        KeySet::from_bytes(self.key.pem.as_bytes()).map_err(KeyTrouble::Key),
                    )
                }
            }
            KeyMode::AnyProfile => {
                let profiles = &self.keyring.profiles;
                self.keyring.loading_all = !profiles.is_empty();
                if self.keyring.loading_all {
                    self.worker.send(Request::AllSecrets(profiles.clone()));
                }
                KeyInUse {
                    label: KeyLabel::AnyProfile,
                    problem: profiles.is_empty().then_some(KeyTrouble::NoProfiles),
                    verify_only: true,
                    ..KeyInUse::default()
                }
            }
            KeyMode::Profile(name) => {
                let profile = self.keyring.profile(name).cloned();
                let label = match &profile {
                    Some(profile) => KeyLabel::of(profile),
                    None => KeyLabel::Profile {
                        name: name.clone(),
                        env: None,
                    },
                };
                if let Some(profile) = profile {
                    self.keyring.loading = Some(name.clone());
                    self.worker.send(Request::Secret(profile));
                }
                KeyInUse {
                    label,
                    ..KeyInUse::default()
                }
            }
        };
        let clock = self.clock();
        self.wb.set_key(key, &clock);
        self.sync_editors();
    }

    /// Takes the worker's list of profiles, or why there is none: a damaged settings file
    /// lists nothing and says so, rather than looking like "no profiles".
    fn take_profiles(&mut self, listed: Result<Vec<Profile>, ProfileError>) {
        self.forget_other_keys();
        match listed {
            Ok(profiles) => {
                self.keyring.profiles = profiles;
                self.keyring.list_error = None;
            }
            Err(e) => {
                self.keyring.profiles = Vec::new();
                self.keyring.list_error = Some(e);
            }
        }
    }

    fn on_reply(&mut self, reply: Reply) {
        let clock = self.clock();
        self.shown_stale = true;
        match reply {
            Reply::Connected(error, listed) => {
                self.keyring.error = error;
                self.take_profiles(listed);
                if let KeyMode::Profile(name) = &self.key.mode {
                    if self.keyring.profile(name).is_some() {
                        self.resolve_key();
                    } else if self.keyring.list_error.is_some() {
                        // It may be back once the file is fixed: remembered, not used.
                        self.key.mode = KeyMode::SessionSecret;
                        self.resolve_key();
                    } else {
                        // The remembered profile is gone: fall back to a session secret.
                        self.key.mode = KeyMode::SessionSecret;
                        self.settings.last_profile = None;
                        self.resolve_key();
                    }
                }
            }
            Reply::Secret(name, result) => {
                if self.key.mode != KeyMode::Profile(name.clone()) {
                    return;
                }
                self.keyring.loading = None;
                let profile = self.keyring.profile(&name).cloned();
                let label = match &profile {
                    Some(profile) => KeyLabel::of(profile),
                    None => KeyLabel::Profile {
                        name: name.clone(),
                        env: None,
                    },
                };
                if let (Some(profile), Ok(_)) = (&profile, &result)
                    && let Some(alg) = profile.algorithm()
                    && self.wb.last_edit() == LastEdit::Parts
                {
                    // Authoring with a profile signs with the profile's algorithm.
                    self.wb.set_alg(alg, &clock);
                }
                if let Err(e @ ProfileError::Store(_)) = &result {
                    self.keyring.problem = Some(e.clone());
                    self.keyring.failed(e);
                }
                let verify_only = profile.as_ref().is_some_and(Profile::verify_only);
                let keys = match (result, profile) {
                    (Ok(secret), Some(profile)) => profile.keys(&secret),
                    (Err(e), _) => Err(e),
                    (Ok(_), None) => Err(ProfileError::NotFound(name)),
                };
                let mut key = KeyInUse::from_result(label, keys.map_err(KeyTrouble::Profile));
                // A verify-only profile never signs: authored tokens stay "not signed".
                key.verify_only = verify_only;
                self.wb.set_key(key, &clock);
                self.sync_editors();
            }
            Reply::AllSecrets(results) => {
                for (_, result) in &results {
                    if let Err(e) = result {
                        self.keyring.failed(e);
                    }
                }
                self.take_other_keys(&results);
                if self.key.mode != KeyMode::AnyProfile {
                    return;
                }
                self.keyring.loading_all = false;
                let gathered = crate::profiles::gather(results);
                let key = KeyInUse {
                    keys: (!gathered.set.keys.is_empty()).then_some(gathered.set),
                    label: KeyLabel::AnyProfile,
                    problem: (!gathered.skipped.is_empty())
                        .then_some(KeyTrouble::Skipped(gathered.skipped)),
                    owners: gathered.owners.iter().map(KeyLabel::of).collect(),
                    verify_only: true,
                };
                self.wb.set_key(key, &clock);
                self.sync_editors();
            }
            Reply::Added(result) => match result {
                Ok(profile) => {
                    self.dialogs.profile = None;
                    let name = profile.name.clone();
                    self.keyring.profiles.push(profile);
                    self.forget_other_keys();
                    self.apply_mode(KeyMode::Profile(name));
                }
                Err(e) => {
                    self.keyring.failed(&e);
                    if let Some(draft) = &mut self.dialogs.profile {
                        draft.saving = false;
                        draft.generating = false;
                        draft.problem = Some(FormProblem::Profile(e));
                    }
                }
            },
            Reply::Removed(result, listed) => {
                self.take_profiles(listed);
                match result {
                    Ok(name) => {
                        if self.key.mode == KeyMode::Profile(name) {
                            self.apply_mode(KeyMode::SessionSecret);
                        }
                    }
                    Err(e) => {
                        self.keyring.failed(&e);
                        self.keyring.problem = Some(e);
                    }
                }
            }
            Reply::Updated(result, listed) => self.on_updated(result, listed),
        }
    }

    fn apply_mode(&mut self, mode: KeyMode) {
        self.settings.last_profile = match &mode {
            KeyMode::Profile(name) => Some(name.clone()),
            _ => None,
        };
        self.key.mode = mode;
        self.resolve_key();
    }

    /// Judges the token at the moment typed in "Check at", read in its zone; an empty field
    /// is now. A bad time keeps what was typed and says why.
    fn check_at_typed(&mut self) {
        let text = self.check_at.text.trim();
        if text.is_empty() {
            self.check_at.moment = None;
            self.check_at.problem = None;
        } else {
            match timespec::parse_in(text, (self.now)(), self.check_at.zone) {
                Ok(at) => {
                    self.check_at.moment = Some(at);
                    self.check_at.problem = None;
                }
                Err(problem) => {
                    self.check_at.problem = Some(problem);
                    return;
                }
            }
        }
        self.wb.judge_at(&self.clock());
    }

    /// `exp` from the custom field: `+2h`, `90m`, unix seconds or an RFC 3339 date;
    /// `iat` becomes now.
    fn set_custom_expiry(&mut self, clock: &Clock) {
        self.test_data.expiry_problem = None;
        match timespec::parse(&self.test_data.expiry_text, clock.now) {
            Ok(exp) => {
                let now = clock.now.timestamp();
                let set = self
                    .wb
                    .set_claims(&[("iat", now.into()), ("exp", exp.into())], clock);
                if set {
                    self.sync_editors();
                }
            }
            Err(e) => self.test_data.expiry_problem = Some(e),
        }
    }

    /// Names the pasted private key and, when the chosen algorithm cannot use it, picks the
    /// key's own (an EC P-256 key means ES256), so Save does not fail on a mismatch.
    fn check_profile_key(&mut self) {
        let Some(draft) = &mut self.dialogs.profile else {
            return;
        };
        draft.problem = None;
        draft.key_note = None;
        if draft.kind == KeyKind::PublicKeys {
            pubprofile::check_public_draft(draft);
            return;
        }
        if draft.kind != KeyKind::PrivateKey || draft.secret.trim().is_empty() {
            return;
        }
        match KeySet::from_bytes(draft.secret.as_bytes()) {
            Ok(keys) => match keys.signing_key() {
                Some(key) => {
                    if key.refuses(draft.alg).is_some() {
                        draft.alg = key.default_alg();
                    }
                    draft.key_note = Some(key.describe());
                }
                None => draft.problem = Some(FormProblem::NoPrivateKey),
            },
            Err(e) => draft.problem = Some(FormProblem::Key(e)),
        }
    }

    fn save_profile(&mut self) {
        let Some(draft) = &mut self.dialogs.profile else {
            return;
        };
        draft.problem = None;
        if draft.kind == KeyKind::PublicKeys {
            let request = pubprofile::public_request(draft);
            draft.saving = true;
            self.worker.send(request);
            return;
        }
        let secret_bytes = match draft.kind {
            KeyKind::HmacBase64 => match Key::hmac_base64(&draft.secret) {
                Ok(key) => key
                    .hmac_secret()
                    .map(|s| s.expose().to_vec())
                    .unwrap_or_default(),
                Err(e) => {
                    draft.problem = Some(FormProblem::Key(e));
                    return;
                }
            },
            _ => draft.secret.as_bytes().to_vec(),
        };
        let profile = Profile {
            name: draft.name.trim().to_owned(),
            env: Some(draft.env.trim().to_owned()).filter(|s| !s.is_empty()),
            client_id: Some(draft.client_id.trim().to_owned()).filter(|s| !s.is_empty()),
            alg: draft.alg.name().to_owned(),
            key_kind: draft.kind,
            public_key: Some(draft.public_key.trim().to_owned())
                .filter(|k| draft.kind == KeyKind::PrivateKey && !k.is_empty()),
            account: String::new(),
        };
        draft.saving = true;
        self.worker
            .send(Request::Add(profile, Secret::new(secret_bytes)));
    }

    /// "Generate key": the dialog's name, label and clientId, and a key made on the worker
    /// for the chosen algorithm (never shown; it goes to the keyring only).
    fn generate_profile_key(&mut self) {
        let Some(draft) = &mut self.dialogs.profile else {
            return;
        };
        draft.problem = None;
        let base = Profile {
            name: draft.name.trim().to_owned(),
            env: Some(draft.env.trim().to_owned()).filter(|s| !s.is_empty()),
            client_id: Some(draft.client_id.trim().to_owned()).filter(|s| !s.is_empty()),
            alg: draft.alg.name().to_owned(),
            key_kind: KeyKind::HmacBase64,
            public_key: None,
            account: String::new(),
        };
        draft.saving = true;
        draft.generating = true;
        self.worker.send(Request::Generate(base, draft.alg));
    }

    /// "Copy public JWK" / "Copy JWKS" / "Copy public PEM" of the key in use, with the
    /// algorithm chosen when the key takes it.
    fn copy_public_key(
        &mut self,
        ctx: &egui::Context,
        format: crate::engine::keys::export::PublicFormat,
    ) {
        use crate::engine::keys::export::{PublicFormat, export_public};
        let Some(keys) = self.wb.key().keys.as_ref() else {
            return;
        };
        let Some(first) = keys.keys.first() else {
            return;
        };
        let alg = match first.refuses(self.wb.alg()) {
            None => self.wb.alg(),
            Some(_) => first.default_alg(),
        };
        match export_public(&keys.keys, alg, format) {
            Ok(text) => {
                let copied = match format {
                    PublicFormat::Pem => t!("keygen.copied_pem"),
                    PublicFormat::Jwks => t!("keygen.copied_jwks"),
                    _ => t!("keygen.copied_jwk"),
                };
                self.copy(ctx, text, copied.into_owned());
            }
            Err(e) => self.toast(e.to_string()),
        }
    }

    /// The clientId of the profile in use, when it has one.
    pub fn profile_client_id(&self) -> Option<&str> {
        self.keyring.client_id(&self.key.mode)
    }

    /// The claim the "missing claim" test token leaves out.
    pub fn missing_claim(&self) -> &str {
        &self.test_data.missing_claim
    }

    /// Current keyring problem, if any (for the banner).
    pub fn keyring_error(&self) -> Option<&StoreError> {
        self.keyring.error.as_ref()
    }

    /// Why the stored profiles cannot be listed, if they cannot (for the banner).
    pub fn profiles_error(&self) -> Option<&ProfileError> {
        self.keyring.list_error.as_ref()
    }
}

fn session_secret(text: &str, base64: bool) -> KeyInUse {
    let label = KeyLabel::SessionSecret;
    if text.is_empty() {
        return KeyInUse {
            label,
            ..KeyInUse::default()
        };
    }
    let key = if base64 {
        Key::hmac_base64(text)
    } else {
        Ok(Key::hmac(Secret::new(text.as_bytes().to_vec())))
    };
    KeyInUse::from_result(label, key.map(KeySet::from).map_err(KeyTrouble::Key))
}

impl eframe::App for JwtpadApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.logic_pass(ctx);
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw: &mut egui::RawInput) {
        cap_texture_side(raw);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_pass(ui);
        if let Some(log) = &mut self.frame_log
            && log.frame().is_err()
        {
            self.frame_log = None;
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let mut settings = self.settings.clone();
        settings.drafts = settings
            .keep_drafts
            .then(|| (self.wb.header().to_owned(), self.wb.payload().to_owned()));
        eframe::set_value(storage, eframe::APP_KEY, &settings);
    }

    /// Quitting clears jwtpad's copy now, while this process still serves it, rather than
    /// leave it to a clipboard manager that would keep it after the window is gone.
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.clipboard.clear_now();
    }

    /// egui's memory would hold text-edit state; nothing of it is worth keeping.
    fn persist_egui_memory(&self) -> bool {
        false
    }
}

/// Lowers the largest texture side eframe reports (the GPU's) to [`TEXTURE_SIDE`], which
/// egui sizes its glyph atlas by; a smaller limit stays as it is.
fn cap_texture_side(raw: &mut egui::RawInput) {
    if let Some(side) = &mut raw.max_texture_side {
        *side = (*side).min(TEXTURE_SIDE);
    }
}

/// The bytes of `old` that an edit replaced to give `new`: what is left between their
/// common start and common end (empty where text was only inserted).
fn edited_range(old: &str, new: &str) -> std::ops::Range<usize> {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let prefix = (0..=prefix)
        .rev()
        .find(|&i| old.is_char_boundary(i) && new.is_char_boundary(i))
        .unwrap_or(0);
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    let mut end = old.len() - suffix;
    while !old.is_char_boundary(end) {
        end += 1;
    }
    prefix..end
}

/// A masked value's span with its quotes, when it is a string: removing that whole is
/// removing the value, not editing it.
fn quoted(text: &str, span: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let bytes = text.as_bytes();
    let opens = span.start > 0 && bytes.get(span.start - 1) == Some(&b'"');
    let closes = bytes.get(span.end) == Some(&b'"');
    let start = if opens { span.start - 1 } else { span.start };
    let end = if closes { span.end + 1 } else { span.end };
    start..end
}

#[cfg(test)]
mod tests {
    use super::{TEXTURE_SIDE, cap_texture_side, edited_range, quoted};

    /// A window state in English over `backend`, as the app creator makes one.
    fn english_app(backend: crate::app::worker::Backend) -> super::JwtpadApp {
        let settings = super::Settings {
            language: super::LanguageChoice::English,
            ..super::Settings::default()
        };
        let worker = crate::app::worker::Worker::start(backend, || {});
        super::JwtpadApp::new(settings, worker, Box::new(chrono::Utc::now))
    }

    /// One whole frame of `app` in a 1280×800 window.
    fn run_frame(ctx: &egui::Context, app: &mut super::JwtpadApp) {
        let raw = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 800.0),
            )),
            ..Default::default()
        };
        let mut output = ctx.run_ui(raw, |ui| app.frame(ui));
        // egui checks that no texture update is dropped unseen.
        output.textures_delta.clear();
    }

    /// egui takes a new zoom when a pass begins; turning demo mode on must not show one
    /// frame at the old size first (egui's grids ask for a second pass only while new).
    #[test]
    fn the_frame_that_turns_demo_mode_on_is_drawn_at_its_zoom() {
        use super::{DEMO_ZOOM, JwtpadApp};
        use crate::app::worker::Backend;
        use crate::secrets::MemoryStore;

        let dir = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(MemoryStore::default());
        let mut app = english_app(Backend::Memory(dir.path().join("profiles.json"), store));
        let ctx = egui::Context::default();
        ctx.options_mut(|o| o.max_passes = std::num::NonZeroUsize::MIN.saturating_add(1));
        let frame = |app: &mut JwtpadApp| run_frame(&ctx, app);
        frame(&mut app);
        frame(&mut app);
        assert_eq!(ctx.zoom_factor(), 1.0);

        app.settings.demo = true;
        frame(&mut app);
        assert_eq!(ctx.zoom_factor(), DEMO_ZOOM);
        app.settings.demo = false;
        frame(&mut app);
        assert_eq!(ctx.zoom_factor(), 1.0);
    }

    /// Frame 0 is painted before frame 1 begins: the keyring is asked for only then, so
    /// connecting to it does not take the second core while the first frame is painted.
    #[test]
    fn the_keyring_is_asked_for_once_the_first_frame_is_painted() {
        use super::JwtpadApp;
        use crate::app::worker::Backend;
        use crate::secrets::StoreError;

        let dir = tempfile::tempdir().unwrap();
        // A keyring that answers every request at once, with an error the window shows.
        let failing = Backend::Failing(dir.path().join("profiles.json"), StoreError::NoService);
        let mut app = english_app(failing);
        let ctx = egui::Context::default();
        let frame = |app: &mut JwtpadApp| run_frame(&ctx, app);
        frame(&mut app);
        // Time enough for a request made in frame 0 to be answered.
        std::thread::sleep(std::time::Duration::from_millis(200));
        frame(&mut app);
        assert!(
            app.keyring.error.is_none(),
            "the keyring was asked in frame 0"
        );
        let asked = std::time::Instant::now();
        while app.keyring.error.is_none() {
            assert!(
                asked.elapsed().as_secs() < 10,
                "the keyring was never asked"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
            frame(&mut app);
        }
    }

    /// Mesa's llvmpipe reports 16,384; egui would make its glyph atlas that wide.
    #[test]
    fn the_glyph_atlas_is_no_wider_than_the_cap() {
        let mut raw = egui::RawInput {
            max_texture_side: Some(16_384),
            ..Default::default()
        };
        cap_texture_side(&mut raw);
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(raw, |ui| {
            ui.heading("Encoded token");
            ui.monospace("eyJhbGciOiJIUzI1NiJ9.e30.");
        });
        // No GPU here to take the atlas.
        output.textures_delta.clear();
        let [width, height] = ctx.fonts(|fonts| fonts.font_image_size());
        assert_eq!(width, TEXTURE_SIDE);
        assert!(height <= 128, "{width} x {height}");

        // A GPU that allows less keeps its own limit.
        let mut small = egui::RawInput {
            max_texture_side: Some(1024),
            ..Default::default()
        };
        cap_texture_side(&mut small);
        assert_eq!(small.max_texture_side, Some(1024));
    }

    #[test]
    fn the_edited_range_is_what_changed() {
        assert_eq!(edited_range("abcdef", "abXdef"), 2..3);
        assert_eq!(edited_range("abcdef", "abdef"), 2..3);
        assert_eq!(edited_range("abcdef", "abcXdef"), 3..3);
        assert_eq!(edited_range("aaaa", "aaa"), 3..4);
        assert_eq!(edited_range("", "x"), 0..0);
        assert_eq!(edited_range("x", ""), 0..1);
        assert_eq!(edited_range("abc", "abc"), 3..3);
        // Never inside a character.
        assert_eq!(edited_range("aéb", "aèb"), 1..3);
        assert_eq!(quoted(r#"{"a":"xy"}"#, &(6..8)), 5..9);
        assert_eq!(quoted(r#"{"a":12}"#, &(5..7)), 5..7);
    }
}
