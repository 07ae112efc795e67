//! The desktop window (eframe/egui, glow renderer).
//!
//! For now the window is a placeholder: it says what jwtpad is and points at the command
//! line, which does the work until the editor lands here. It saves nothing: no window
//! geometry, no egui state, no settings.

/// The window title, also used as the application id (X11 class, Wayland app id).
const TITLE: &str = "jwtpad";

/// Closes the window: Ctrl+Q, or Cmd+Q on macOS.
const QUIT: egui::KeyboardShortcut =
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Q);

/// Opens the jwtpad window and returns once it is closed.
///
/// The window starts at 1024×700 points and writes no files: its size and egui's memory
/// are not persisted. (eframe's `persistence` feature still creates its empty data folder,
/// `$XDG_DATA_HOME/jwtpad` or `~/.local/share/jwtpad`, when the window opens.)
///
/// # Errors
///
/// Returns eframe's error when no window can be opened, e.g. without a display or without
/// OpenGL.
pub fn run() -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(TITLE)
            .with_app_id(TITLE)
            .with_inner_size([1024.0, 700.0])
            .with_min_inner_size([480.0, 320.0]),
        // Nothing about the window is remembered between runs.
        persist_window: false,
        ..Default::default()
    };
    eframe::run_native(
        TITLE,
        options,
        Box::new(|_creation_context| Ok(Box::new(PlaceholderApp))),
    )
}

/// The app shown until the editor exists: one static page.
struct PlaceholderApp;

impl eframe::App for PlaceholderApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        handle_shortcuts(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        placeholder_ui(ui);
    }

    /// eframe would otherwise write egui's memory to disk on exit.
    fn persist_egui_memory(&self) -> bool {
        false
    }
}

/// Applies the window-wide keyboard shortcuts.
fn handle_shortcuts(ctx: &egui::Context) {
    if ctx.input_mut(|input| input.consume_shortcut(&QUIT)) {
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

/// The placeholder page: what jwtpad is, and where to go meanwhile.
fn placeholder_ui(ui: &mut egui::Ui) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() * 0.28);
            ui.heading(egui::RichText::new("jwtpad").size(44.0).strong());
            ui.add_space(6.0);
            ui.label(egui::RichText::new("Make and decode JSON Web Tokens offline.").size(18.0));
            ui.add_space(28.0);
            ui.label("The full editor is coming; meanwhile, use the jwtpad command line:");
            ui.add_space(8.0);
            command_ui(ui, "jwtpad --help");
            ui.add_space(36.0);
            let quit = ui.ctx().format_shortcut(&QUIT);
            ui.weak(format!(
                "jwtpad {} · {quit} closes this window",
                env!("CARGO_PKG_VERSION")
            ));
        });
    });
}

/// A shell command set apart on a rounded chip, in the monospace font.
fn command_ui(ui: &mut egui::Ui, command: &str) {
    let text = egui::RichText::new(command).monospace().size(16.0);
    let margin = egui::Margin::symmetric(14, 8);
    // A frame fills the width it is given, so give it just the text's size to stay centred.
    let text_size = egui::WidgetText::from(text.clone())
        .into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Monospace,
        )
        .size();
    let chip_size = text_size + margin.sum();
    ui.allocate_ui_with_layout(chip_size, *ui.layout(), |ui| {
        egui::Frame::new()
            .fill(ui.visuals().code_bg_color)
            .corner_radius(6.0)
            .inner_margin(margin)
            .show(ui, |ui| ui.add(egui::Label::new(text).extend()));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs one frame of the shortcut handler and the page with `events` as input and
    /// returns the commands sent to the window.
    fn commands_after(events: Vec<egui::Event>) -> Vec<egui::ViewportCommand> {
        let ctx = egui::Context::default();
        let input = egui::RawInput {
            events,
            ..Default::default()
        };
        let mut output = ctx.run_ui(input, |ui| {
            handle_shortcuts(ui.ctx());
            placeholder_ui(ui);
        });
        // No renderer takes the font texture here; egui asserts that undelivered texture
        // updates are dropped on purpose.
        output.textures_delta.clear();
        output
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .map(|viewport| viewport.commands.clone())
            .unwrap_or_default()
    }

    fn q_pressed(modifiers: egui::Modifiers) -> egui::Event {
        egui::Event::Key {
            key: egui::Key::Q,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        }
    }

    #[test]
    fn ctrl_q_closes_the_window() {
        // What egui-winit reports for Ctrl on Linux and Windows: both flags set.
        let ctrl = egui::Modifiers::CTRL | egui::Modifiers::COMMAND;
        let commands = commands_after(vec![q_pressed(ctrl)]);
        assert!(
            commands.contains(&egui::ViewportCommand::Close),
            "{commands:?}"
        );
    }

    #[test]
    fn a_plain_q_does_not_close_the_window() {
        let commands = commands_after(vec![q_pressed(egui::Modifiers::NONE)]);
        assert!(
            !commands.contains(&egui::ViewportCommand::Close),
            "{commands:?}"
        );
    }
}
