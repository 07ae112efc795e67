//! temporary until the window module lands
/// Opens the window.
pub fn run() -> eframe::Result<()> {
    Ok(())
}
