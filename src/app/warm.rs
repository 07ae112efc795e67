//! jwtpad's first frame, drawn off screen while eframe opens the window (issue 13).
//!
//! Opening the window (winit, the display connection, the OpenGL context and its shaders)
//! keeps the main thread busy for some 90 ms before jwtpad draws anything, and the first
//! frame then spends most of its time making glyphs: egui rasterises every glyph, hinted,
//! the first time it is drawn, and lays out every label. Meanwhile a throwaway window
//! state draws that frame into the same [`egui::Context`] on another thread, so that the
//! glyph atlas, the laid-out texts and egui's remembered widget sizes are ready when the
//! window's own first frame runs.
//!
//! Nothing of the throwaway frame reaches the screen. Its keyring worker serves nothing
//! ([`Worker::detached`]), it counts no frame, and the atlas it filled is queued again for
//! upload, since eframe uploads only what the frames it runs hand over. What it draws is a
//! guess (saved settings and the window's saved size are read later, by eframe): where the
//! guess is wrong, the first frame makes the glyphs and sizes that differ as it always did.

use std::thread::JoinHandle;

use chrono::Utc;

use super::{INNER_SIZE, JwtpadApp, Settings, TEXTURE_SIDE, fonts};

/// The display scale the window most likely gets: Macs have had 2× screens for a decade,
/// most other desktops run at 1×. A wrong guess only forfeits the head start.
const PIXELS_PER_POINT: f32 = if cfg!(target_os = "macos") { 2.0 } else { 1.0 };

/// A context set up as eframe sets up the one it would make (`create_egui_context`:
/// windows of their own, two passes when a frame asks for a discard), with jwtpad's fonts.
/// egui's memory is not restored from disk: jwtpad does not keep it
/// ([`eframe::App::persist_egui_memory`]).
pub(super) fn context() -> egui::Context {
    let ctx = egui::Context::default();
    ctx.set_embed_viewports(false);
    ctx.options_mut(|options| options.max_passes = std::num::NonZeroUsize::MIN.saturating_add(1));
    ctx.set_fonts(fonts());
    ctx
}

/// The first frame, being drawn on its own thread.
pub(super) struct Warming(Option<JoinHandle<()>>);

impl Warming {
    /// Starts drawing the frame a window with `settings` shows first into `ctx`.
    pub(super) fn start(ctx: &egui::Context, settings: Settings) -> Self {
        let ctx = ctx.clone();
        let thread = std::thread::Builder::new()
            .name("jwtpad-first-frame".into())
            .spawn(move || draw(&ctx, JwtpadApp::off_screen(settings, Box::new(Utc::now))))
            // No thread: the window draws its first frame from nothing, as it would anyway.
            .ok();
        Warming(thread)
    }

    /// Waits until the frame is drawn: egui runs one pass at a time, and the window's own
    /// passes must not start beside it.
    pub(super) fn finish(self) {
        if let Some(thread) = self.0
            && let Err(panic) = thread.join()
        {
            // The window's own first frame would fail the same way, in a context left
            // half-way through a pass: report it as that failure.
            std::panic::resume_unwind(panic);
        }
    }
}

/// Draws `app`'s first frame into `ctx` and keeps what the window's first frame needs.
fn draw(ctx: &egui::Context, mut app: JwtpadApp) {
    let options = ctx.options(Clone::clone);
    let output = ctx.run_ui(input(), |ui| app.frame(ui));
    requeue(ctx, output.textures_delta);
    // The window sets the theme and the zoom from its own settings, and demo mode keeps
    // the zoom it finds to give it back on leaving: egui's options are left as they were.
    ctx.options_mut(|now| *now = options);
}

/// What eframe hands the first frame of a new window, as far as it can be known before
/// the window exists.
fn input() -> egui::RawInput {
    let mut input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::Vec2::from(INNER_SIZE),
        )),
        max_texture_side: Some(TEXTURE_SIDE),
        ..Default::default()
    };
    input
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .native_pixels_per_point = Some(PIXELS_PER_POINT);
    input
}

/// Queues the textures the off-screen frame made (the glyph atlas) for the next frame's
/// upload: egui handed them to that frame's output, which no painter sees.
fn requeue(ctx: &egui::Context, mut textures: egui::TexturesDelta) {
    let manager = ctx.tex_manager();
    let mut manager = manager.write();
    for (id, deltas) in std::mem::take(&mut textures.set) {
        // A texture made and freed again within the frame is not to be uploaded.
        if manager.meta(id).is_some() {
            for delta in deltas {
                manager.set(id, delta);
            }
        }
    }
    // What is left are textures freed within that frame, which no painter ever had.
    textures.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::LanguageChoice;
    use chrono::{DateTime, TimeZone};

    fn at(now: DateTime<Utc>) -> Box<dyn Fn() -> DateTime<Utc>> {
        Box::new(move || now)
    }

    fn settings() -> Settings {
        Settings {
            language: LanguageChoice::English,
            ..Settings::default()
        }
    }

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap()
    }

    /// The window's first frame after the off-screen one, as eframe would run it.
    fn first_frame(ctx: &egui::Context, settings: Settings) -> egui::FullOutput {
        let mut app = JwtpadApp::off_screen(settings, at(noon()));
        ctx.run_ui(input(), |ui| app.frame(ui))
    }

    /// The font atlas's updates in `output`: whole images and added glyphs. Consumes
    /// the textures, as a painter would (egui checks that none is dropped unseen).
    fn glyph_updates(output: &mut egui::FullOutput) -> (usize, usize) {
        let deltas = output
            .textures_delta
            .set
            .get(&egui::TextureId::default())
            .map_or(&[][..], |d| d.as_slice());
        let whole = deltas.iter().filter(|d| d.is_whole()).count();
        let updates = (whole, deltas.len() - whole);
        output.textures_delta.clear();
        updates
    }

    #[test]
    fn after_the_off_screen_frame_the_first_frame_makes_no_glyph_and_needs_one_pass() {
        let ctx = context();
        draw(&ctx, JwtpadApp::off_screen(settings(), at(noon())));
        let passes = ctx.cumulative_pass_nr();
        let mut output = first_frame(&ctx, settings());
        // The whole atlas, queued again, and no glyph added to it.
        assert_eq!(glyph_updates(&mut output), (1, 0));
        assert_eq!(ctx.cumulative_pass_nr(), passes + 1);

        // Without it, the same frame makes the atlas and is drawn twice (egui discards the
        // pass in which its grids first learn their sizes).
        let cold = context();
        let mut output = first_frame(&cold, settings());
        assert_eq!(glyph_updates(&mut output).0, 1);
        assert_eq!(cold.cumulative_pass_nr(), 2);
    }

    #[test]
    fn the_atlas_drawn_off_screen_reaches_the_first_frame_s_upload_whole() {
        let ctx = context();
        Warming::start(&ctx, settings()).finish();
        let mut queued = ctx.tex_manager().write().take_delta();
        let atlas = &queued.set[&egui::TextureId::default()];
        assert_eq!(atlas.len(), 1);
        assert!(atlas[0].is_whole());
        let [width, height] = atlas[0].image.size();
        queued.clear();
        assert_eq!(width, TEXTURE_SIDE);
        // Glyphs were drawn into it: egui's empty atlas is 32 rows high.
        assert!(height > 32, "{height}");
    }

    #[test]
    fn demo_mode_drawn_off_screen_leaves_the_zoom_to_the_window() {
        let demo = Settings {
            demo: true,
            ..settings()
        };
        let ctx = context();
        draw(&ctx, JwtpadApp::off_screen(demo.clone(), at(noon())));
        assert_eq!(ctx.zoom_factor(), 1.0);

        let mut app = JwtpadApp::off_screen(demo, at(noon()));
        let mut output = ctx.run_ui(input(), |ui| app.frame(ui));
        glyph_updates(&mut output);
        // Shown at demo mode's zoom from its first frame, and the zoom before it kept.
        assert_eq!(ctx.zoom_factor(), crate::app::DEMO_ZOOM);
        assert_eq!(app.settings().zoom_before_demo, Some(1.0));
    }

    #[test]
    fn a_wrong_guess_still_gives_a_right_first_frame() {
        let ctx = context();
        draw(&ctx, JwtpadApp::off_screen(settings(), at(noon())));
        // Saved from an earlier start: demo mode stays on until left from the window.
        let demo = Settings {
            demo: true,
            ..settings()
        };
        let mut output = first_frame(&ctx, demo);
        let (whole, added) = glyph_updates(&mut output);
        assert_eq!(whole, 1);
        // Demo mode's larger text: its glyphs are made now.
        assert!(added > 0);
    }
}
