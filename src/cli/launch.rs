//! `jwtpad` with no subcommand: hand over to the window program installed beside it.
//!
//! The command line and the window are two executables so that `jwtpad decode …` maps and
//! relocates only the command line's code, not the window's (issue 13: a third of the
//! start-up time and page faults). Users still type one command: `jwtpad` opens the window
//! by running `jwtpad-window` from its own folder (on Windows, the zip ships the window as
//! `jwtpad.exe` beside this program as `jwtpad.com`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The window program's file name beside the command line's.
const WINDOW_PROGRAM: &str = "jwtpad-window";

/// Runs the window program with `args` (everything after the program name). On Unix the
/// process becomes the window (`exec`), so its id, exit status and signals are the
/// window's; Windows has no `exec`, and a window started from a console returns at once
/// there anyway, so it is started and left to run.
pub(super) fn open_window(args: &[OsString]) -> ExitCode {
    let me = match std::env::current_exe() {
        Ok(me) => me,
        Err(err) => return fail(format!("cannot tell where jwtpad is installed: {err}")),
    };
    let Some(window) = window_program(&me) else {
        return fail(format!(
            "the window program {} is not beside {}; reinstall jwtpad (the command line \
             works without it)",
            expected_name(&me),
            me.display()
        ));
    };
    let mut command = std::process::Command::new(&window);
    command.args(args);
    match start(command) {
        Ok(code) => code,
        Err(err) => fail(format!("cannot start {}: {err}", window.display())),
    }
}

#[cfg(unix)]
fn start(mut command: std::process::Command) -> std::io::Result<ExitCode> {
    use std::os::unix::process::CommandExt as _;
    // Returns only when the exec failed.
    Err(command.exec())
}

#[cfg(not(unix))]
fn start(mut command: std::process::Command) -> std::io::Result<ExitCode> {
    command.spawn().map(|_| ExitCode::SUCCESS)
}

fn fail(why: String) -> ExitCode {
    eprintln!("jwtpad: cannot open the window: {why}");
    ExitCode::FAILURE
}

/// The window program beside `me`, if it is there: `jwtpad-window`, or, for a `.com`
/// (Windows' console twin of the zip), the `.exe` of the same name.
fn window_program(me: &Path) -> Option<PathBuf> {
    candidates(me).into_iter().find(|path| path.is_file())
}

fn candidates(me: &Path) -> Vec<PathBuf> {
    let dir = me.parent().unwrap_or(Path::new("."));
    let mut found = vec![dir.join(expected_name(me))];
    if me
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("com"))
    {
        found.push(me.with_extension("exe"));
    }
    found
}

fn expected_name(me: &Path) -> String {
    // The window keeps the launcher's suffix: `.exe` on Windows, none elsewhere.
    let suffix = match me.extension().and_then(|ext| ext.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("exe") || ext.eq_ignore_ascii_case("com") => ".exe",
        _ => std::env::consts::EXE_SUFFIX,
    };
    format!("{WINDOW_PROGRAM}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_program_is_looked_for_beside_the_command_line() {
        let unix = Path::new("/usr/bin/jwtpad");
        assert_eq!(
            candidates(unix),
            [PathBuf::from(format!(
                "/usr/bin/jwtpad-window{}",
                std::env::consts::EXE_SUFFIX
            ))]
        );
        let exe = Path::new("C:/tools/jwtpad.exe");
        assert_eq!(
            candidates(exe),
            [PathBuf::from("C:/tools/jwtpad-window.exe")]
        );
        // The zip: jwtpad.com for the console, the window as jwtpad.exe beside it.
        let com = Path::new("C:/tools/jwtpad.COM");
        assert_eq!(
            candidates(com),
            [
                PathBuf::from("C:/tools/jwtpad-window.exe"),
                PathBuf::from("C:/tools/jwtpad.exe")
            ]
        );
    }

    #[test]
    fn a_missing_window_program_is_found_missing() {
        let dir = tempfile::tempdir().unwrap();
        let me = dir.path().join("jwtpad");
        std::fs::write(&me, b"").unwrap();
        assert_eq!(window_program(&me), None);
        let window = dir.path().join(expected_name(&me));
        std::fs::write(&window, b"").unwrap();
        assert_eq!(window_program(&me), Some(window));
    }
}
