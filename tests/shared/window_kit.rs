//! Driving the window through egui_kittest, shared by the English and Portuguese flows.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jwtpad::app::JwtpadApp;

/// Replaces the text of the field labelled `label` with `text`, as a user would.
pub fn type_into(harness: &mut Harness<'static, JwtpadApp>, label: &str, text: &str) {
    // Focus, not click: the centre of a long text in a scroll area can be out of view.
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

/// The clock of every window test: 2023-11-14T22:13:20Z.
pub const NOW: i64 = 1_700_000_000;

/// The default window size of the tests, the app's own default.
pub const SIZE: [f32; 2] = [1280.0, 800.0];

/// Profiles in a fresh temporary file, secrets in memory: a keyring that needs no desktop.
pub fn memory_backend() -> jwtpad::app::worker::Backend {
    let dir = tempfile::tempdir().unwrap().keep();
    jwtpad::app::worker::Backend::Memory(
        dir.join("profiles.json"),
        std::sync::Arc::new(jwtpad::secrets::MemoryStore::default()),
    )
}

/// An app with `settings` over `backend`, judging time at [`NOW`].
pub fn app_with(
    settings: jwtpad::app::Settings,
    backend: jwtpad::app::worker::Backend,
) -> JwtpadApp {
    use chrono::TimeZone as _;
    JwtpadApp::new(
        settings,
        jwtpad::app::worker::Worker::start(backend, || {}),
        Box::new(|| chrono::Utc.timestamp_opt(NOW, 0).unwrap()),
    )
}

/// A kittest harness drawing `app` in a window of `size`, after its first frames.
pub fn harness_of(app: JwtpadApp, size: [f32; 2]) -> Harness<'static, JwtpadApp> {
    let mut harness = Harness::builder()
        .with_size(size)
        // A grid or scroll area that changes size takes a few frames to settle.
        .with_max_steps(8)
        .build_ui_state(|ui, app: &mut JwtpadApp| app.frame(ui), app);
    harness.run();
    harness
}

/// The window with `settings` (the language as they say) over an in-memory keyring.
pub fn window_with(settings: jwtpad::app::Settings) -> Harness<'static, JwtpadApp> {
    harness_of(app_with(settings, memory_backend()), SIZE)
}

/// The window in English, otherwise as on a first start.
pub fn english_window() -> Harness<'static, JwtpadApp> {
    english_window_in_demo(false)
}

/// The window in English, in demo mode or not, otherwise as on a first start.
pub fn english_window_in_demo(demo: bool) -> Harness<'static, JwtpadApp> {
    window_with(jwtpad::app::Settings {
        language: jwtpad::app::LanguageChoice::English,
        demo,
        ..jwtpad::app::Settings::default()
    })
}
