//! Helpers shared by the integration tests that need a real desktop (a window, the
//! clipboard, the Secret Service keyring).
//!
//! Such a test first asks [`desktop_ready`]. On a machine without what it needs, the test
//! prints a `SKIPPED: ...` line and passes, unless `JWTPAD_REQUIRE_DESKTOP` is set (CI sets
//! it, after `.ci/run` has started Xvfb, a private D-Bus and gnome-keyring), in which case a
//! missing piece fails the test instead of hiding it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Set (to anything but empty or `0`) to turn a missing desktop into a test failure.
pub const REQUIRE_DESKTOP_VAR: &str = "JWTPAD_REQUIRE_DESKTOP";

/// Whether the desktop test `test` can run here.
///
/// `env_vars` are the variables that must be set and non-empty (e.g. `DISPLAY`,
/// `DBUS_SESSION_BUS_ADDRESS`); `programs` are executables that must be on `PATH` (e.g.
/// `xdotool`). Returns `true` when everything is there. Otherwise prints
/// `SKIPPED: <test>: ...` and returns `false`, or panics when [`REQUIRE_DESKTOP_VAR`] is set.
pub fn desktop_ready(test: &str, env_vars: &[&str], programs: &[&str]) -> bool {
    let mut missing: Vec<String> = env_vars
        .iter()
        .filter(|var| std::env::var_os(var).is_none_or(|value| value.is_empty()))
        .map(|var| format!("${var} is not set"))
        .collect();
    missing.extend(
        programs
            .iter()
            .filter(|program| find_program(program).is_none())
            .map(|program| format!("`{program}` is not on PATH")),
    );
    if missing.is_empty() {
        return true;
    }
    let missing = missing.join(", ");
    if desktop_required() {
        panic!(
            "{test}: {REQUIRE_DESKTOP_VAR} is set but the desktop is incomplete: {missing} \
             (.ci/run installs and starts what these tests need)"
        );
    }
    // Straight to stderr: the test harness captures `println!`/`eprintln!` of passing tests,
    // and a skip must be seen.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: {test}: {missing} (set {REQUIRE_DESKTOP_VAR}=1 to make this a failure)"
    );
    false
}

/// Holds the X display for one test at a time; keep the guard for as long as the test uses it.
///
/// There is one display (and one clipboard) for all the tests of a process, and a test that
/// puts a window or a dialog on it, types into a window or reads the clipboard would trip
/// over another doing the same: a keyring's password dialog grabs the keyboard meant for
/// the jwtpad window, and the two would fight over the clipboard. Tests in separate binaries
/// never overlapped; as threads of one they would, so each such test takes this first.
pub fn lock_display() -> MutexGuard<'static, ()> {
    static DISPLAY: Mutex<()> = Mutex::new(());
    // A test that failed while holding it leaves the display as usable as before.
    DISPLAY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Whether [`REQUIRE_DESKTOP_VAR`] asks for desktop tests to run for real.
pub fn desktop_required() -> bool {
    std::env::var_os(REQUIRE_DESKTOP_VAR).is_some_and(|value| !value.is_empty() && value != "0")
}

/// The full path of the executable `name` found on `PATH`, like `command -v`.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    path.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}
