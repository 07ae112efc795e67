//! The anchor for the window's start-up figures: the smallest eframe window, built with
//! jwtpad's own eframe features (Cargo.toml), its renderer (glow) and its profile, at its
//! default size, drawing an empty central panel. `benches/compare.sh` times it to a visible
//! window and reads its peak memory beside jwtpad's.
//!
//! `cargo build --release --example empty_window && target/release/examples/empty_window`

fn main() -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("empty")
            .with_app_id("empty")
            .with_inner_size([1280.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native("empty", options, Box::new(|_cc| Ok(Box::new(Empty))))
}

/// Nothing to draw and nothing to remember.
struct Empty;

impl eframe::App for Empty {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |_ui| {});
    }
}
