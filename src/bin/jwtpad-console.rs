//! `jwtpad.com` on Windows: the console-subsystem twin of `jwtpad.exe` (see `src/main.rs`).
//!
//! The same program, but Windows gives it a console and the shell waits for it, so that
//! `jwtpad` typed in cmd.exe or PowerShell (which try `.COM` before `.EXE`) prints to the
//! terminal and returns its exit code. Built only with the `console-twin` feature: other
//! platforms need one executable, and the Linux tests should not link a second one.

fn main() -> std::process::ExitCode {
    jwtpad::cli::main_entry()
}
