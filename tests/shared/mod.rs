//! Helpers for both integration-test binaries: `tests/it/` (everything that can share a
//! process) and `tests/ui_pt_br.rs` (the window in Portuguese, alone in its process).

pub mod binary;
pub mod desktop;
pub mod window_kit;
