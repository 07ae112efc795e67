//! `jwtpad`, the command line: with a subcommand it runs headless; with none it hands over
//! to the window program beside it (`src/bin/jwtpad-window.rs`), so that a command maps
//! none of the window's code (see `cli::command_line_entry`).
//!
//! On Windows the zip ships this program as `jwtpad.com`, beside the window as
//! `jwtpad.exe`: a shell finds `.COM` before `.EXE` (PATHEXT), so `jwtpad decode ...` typed in
//! cmd.exe or PowerShell prints, returns an exit code and is waited for, while Explorer and
//! the Start menu open `jwtpad.exe` without a console.

fn main() -> std::process::ExitCode {
    jwtpad::cli::command_line_entry()
}
