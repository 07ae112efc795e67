//! Running the real `jwtpad` binary from integration tests.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// One finished run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Set to run another build of jwtpad than this one's `CARGO_BIN_EXE_jwtpad`: e.g. the
/// Windows console twin, `JWTPAD_TEST_EXE=/path/jwtpad.com`, with `JWTPAD_TEST_WRAPPER=wine`
/// (see .ci/windows.sh). The same tests then check that build.
pub const TEST_EXE_VAR: &str = "JWTPAD_TEST_EXE";
/// A program that runs [`TEST_EXE_VAR`] (`wine`), given the executable as its first argument.
pub const TEST_WRAPPER_VAR: &str = "JWTPAD_TEST_WRAPPER";

/// Whether the tests drive a Windows build (under Wine) rather than this platform's binary.
pub fn testing_windows_exe() -> bool {
    std::env::var_os(TEST_WRAPPER_VAR).is_some_and(|w| !w.is_empty())
        || std::env::var(TEST_EXE_VAR).is_ok_and(|exe| {
            let exe = exe.to_ascii_lowercase();
            exe.ends_with(".exe") || exe.ends_with(".com")
        })
}

/// A command for the built binary with a predictable environment: no inherited secrets,
/// UTC local time, and config/data dirs pointing at a throwaway place.
///
/// With [`TEST_EXE_VAR`] (and [`TEST_WRAPPER_VAR`]) set, the command runs that executable
/// instead, through the wrapper; Wine also keeps what it needs (`WINEPREFIX`, `DISPLAY`)
/// and is told to keep quiet (`WINEDEBUG=-all`), so that its stderr is the program's.
pub fn jwtpad() -> Command {
    jwtpad_from(&exe_under_test())
}

/// The command line under test: [`TEST_EXE_VAR`]'s, else this build's `jwtpad`.
pub fn exe_under_test() -> std::path::PathBuf {
    let wrapped = std::env::var_os(TEST_WRAPPER_VAR).is_some_and(|w| !w.is_empty());
    let exe = std::env::var_os(TEST_EXE_VAR).filter(|exe| !exe.is_empty());
    assert!(
        exe.is_some() || !wrapped,
        "{TEST_WRAPPER_VAR} is set but {TEST_EXE_VAR} is not"
    );
    exe.map_or_else(|| env!("CARGO_BIN_EXE_jwtpad").into(), Into::into)
}

/// [`jwtpad`] for a copy of the executable under test elsewhere (through the wrapper too).
pub fn jwtpad_from(exe: &std::path::Path) -> Command {
    let wrapper = std::env::var_os(TEST_WRAPPER_VAR).filter(|w| !w.is_empty());
    let mut cmd = match &wrapper {
        Some(wrapper) => {
            let mut cmd = Command::new(wrapper);
            cmd.arg(exe);
            cmd
        }
        None => Command::new(exe),
    };
    let keep_display = wrapper.is_some();
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("JWTPAD_")
            || key.starts_with("SECRET")
            || key == "WAYLAND_DISPLAY"
            || (key == "DISPLAY" && !keep_display)
        {
            cmd.env_remove(&key);
        }
    }
    if wrapper.is_some() {
        cmd.env("WINEDEBUG", "-all");
    }
    cmd.env("TZ", "UTC").env("RUST_BACKTRACE", "1");
    cmd
}

/// Set to run the window of another build than `CARGO_BIN_EXE_jwtpad`: e.g. the Windows
/// GUI program, `JWTPAD_TEST_WINDOW_EXE=/path/jwtpad.exe`, through [`TEST_WRAPPER_VAR`].
pub const TEST_WINDOW_EXE_VAR: &str = "JWTPAD_TEST_WINDOW_EXE";

/// The command that opens the window under test (no arguments yet), and whether it is the
/// Windows build under the wrapper. The environment is the caller's, unscrubbed: the window
/// needs the display.
pub fn window_command() -> (Command, bool) {
    let exe = std::env::var_os(TEST_WINDOW_EXE_VAR).filter(|exe| !exe.is_empty());
    let wrapper = std::env::var_os(TEST_WRAPPER_VAR).filter(|w| !w.is_empty());
    match (wrapper, exe) {
        (Some(wrapper), Some(exe)) => {
            let mut cmd = Command::new(wrapper);
            cmd.arg(exe).env("WINEDEBUG", "-all");
            (cmd, true)
        }
        (None, Some(exe)) => (Command::new(exe), false),
        (_, None) => (Command::new(env!("CARGO_BIN_EXE_jwtpad")), false),
    }
}

/// `%APPDATA%` (the roaming application data folder) of the Wine prefix `prefix`: the one
/// user folder under `drive_c/users` besides `Public`.
pub fn wine_appdata(prefix: &std::path::Path) -> std::path::PathBuf {
    let users = prefix.join("drive_c/users");
    let mut found: Vec<_> = std::fs::read_dir(&users)
        .unwrap_or_else(|e| panic!("{}: {e}", users.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir() && !path.ends_with("Public"))
        .collect();
    assert_eq!(found.len(), 1, "one user in {}: {found:?}", users.display());
    found.pop().unwrap().join("AppData/Roaming")
}

/// Runs with optional stdin bytes and collects the output.
pub fn run(mut cmd: Command, stdin: Option<&[u8]>) -> Run {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn jwtpad");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        // Write from a thread so a large input cannot deadlock against a full stdout pipe.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("wait for jwtpad");
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("stack backtrace"),
        "jwtpad panicked:\n{}",
        run.stderr
    );
    run
}

/// `jwtpad ARGS...` with no stdin.
pub fn jwtpad_args(args: &[&str]) -> Run {
    let mut cmd = jwtpad();
    cmd.args(args);
    run(cmd, None)
}
