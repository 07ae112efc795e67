//! `jwtpad-window`: the window, which `jwtpad` with no subcommand runs (on Windows the zip's
//! `jwtpad.exe`). It also takes every subcommand, so it works on its own too.
//!
//! Built for Windows' GUI subsystem, so that Explorer and the Start menu open the window
//! without a console beside it.

#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    jwtpad::cli::main_entry()
}
