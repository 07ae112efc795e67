//! `jwtpad`: with no arguments the window; with a subcommand a headless command line.
//!
//! On Windows this is `jwtpad.exe`, built for the GUI subsystem so that Explorer and the
//! Start menu open the window without a console beside it. Its console twin,
//! `src/bin/jwtpad-console.rs`, ships as `jwtpad.com`: a shell finds `.COM` before `.EXE`
//! (PATHEXT), so `jwtpad decode ...` typed in cmd.exe or PowerShell prints, returns an exit
//! code and is waited for.

#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    jwtpad::cli::main_entry()
}
