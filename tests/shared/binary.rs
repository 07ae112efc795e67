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

/// A command for the built binary with a predictable environment: no inherited secrets,
/// UTC local time, and config/data dirs pointing at a throwaway place.
pub fn jwtpad() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jwtpad"));
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("JWTPAD_")
            || key.starts_with("SECRET")
            || key == "DISPLAY"
            || key == "WAYLAND_DISPLAY"
        {
            cmd.env_remove(&key);
        }
    }
    cmd.env("TZ", "UTC").env("RUST_BACKTRACE", "1");
    cmd
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
