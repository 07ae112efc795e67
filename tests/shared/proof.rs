//! Helpers for the tests that prove the promises (tests/it/offline.rs, tests/it/on_disk.rs):
//! running a command under `strace`, driving the real window with `xdotool`, and looking for
//! a canary in every encoding it could hide in on disk.

use base64::Engine as _;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Hang guard for a window to appear, a clipboard to fill, an app to exit.
pub const WAIT: Duration = Duration::from_secs(30);
/// Hang guard for each `xdotool`/`xclip` call.
const TOOL_TIMEOUT: Duration = Duration::from_secs(15);
/// How often to look again while waiting.
pub const POLL: Duration = Duration::from_millis(200);

/// `inner` (program, arguments, environment changes) run under
/// `strace -f -e trace=socket,connect -o log`, so that every socket it or a child opens is
/// written to `log`.
pub fn under_strace(inner: &Command, log: &Path) -> Command {
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-qq", "-e", "trace=socket,connect", "-o"])
        .arg(log)
        .arg("--")
        .arg(inner.get_program())
        .args(inner.get_args());
    for (key, value) in inner.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    if let Some(dir) = inner.get_current_dir() {
        cmd.current_dir(dir);
    }
    cmd
}

/// The lines of a strace log that open or connect an Internet socket (IPv4 or IPv6).
///
/// Unix sockets (X11, D-Bus) and netlink (Mesa, glibc asking for interfaces) are fine: only
/// `AF_INET` and `AF_INET6` could carry anything off the machine.
pub fn internet_sockets(log: &Path) -> Vec<String> {
    // strace creates the log before it starts the program: no log, no proof.
    let text = std::fs::read_to_string(log)
        .unwrap_or_else(|e| panic!("read the strace log {}: {e}", log.display()));
    text.lines()
        .filter(|line| line.contains("AF_INET") || line.contains("PF_INET"))
        .map(str::to_owned)
        .collect()
}

/// Every form a canary could take in a file: raw, base64 (standard and URL-safe, padded or
/// not, at each of the three alignments inside a longer encoded blob), hex (lower and upper)
/// and UTF-16 (LE and BE). Each comes with a name saying which form it is.
pub fn encodings(canary: &str) -> Vec<(String, Vec<u8>)> {
    let raw = canary.as_bytes();
    let mut forms = vec![("raw".to_owned(), raw.to_vec())];
    let engines = [
        ("base64", &base64::engine::general_purpose::STANDARD),
        ("base64url", &base64::engine::general_purpose::URL_SAFE),
    ];
    for (name, engine) in engines {
        for shift in 0..3 {
            // Encoded after `shift` bytes of something else, the canary's own characters are
            // those of the encoding from the first whole group that holds only canary bytes.
            let mut prefixed = vec![0u8; shift];
            prefixed.extend_from_slice(raw);
            let encoded = engine.encode(&prefixed);
            let skip = if shift == 0 { 0 } else { 4 };
            let whole_groups = (prefixed.len() / 3) * 4;
            // Drop the last (partial) group, which depends on what follows the canary.
            let core = &encoded[skip..whole_groups.max(skip)];
            if core.len() >= 8 {
                forms.push((format!("{name} (offset {shift})"), core.as_bytes().to_vec()));
            }
        }
        // The canary alone, padded and unpadded (the unpadded form is a prefix of the padded).
        forms.push((format!("{name} padded"), engine.encode(raw).into_bytes()));
    }
    forms.push(("hex".to_owned(), hex_lower(raw).into_bytes()));
    forms.push((
        "HEX".to_owned(),
        hex_lower(raw).to_ascii_uppercase().into_bytes(),
    ));
    forms.push((
        "UTF-16LE".to_owned(),
        canary.encode_utf16().flat_map(u16::to_le_bytes).collect(),
    ));
    forms.push((
        "UTF-16BE".to_owned(),
        canary.encode_utf16().flat_map(u16::to_be_bytes).collect(),
    ));
    forms
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every regular file under `dirs` (symlinks not followed; sockets and pipes skipped).
pub fn files_under(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = dirs.to_vec();
    while let Some(path) = pending.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                pending.extend(entries.flatten().map(|e| e.path()));
            }
        } else if meta.is_file() {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// `"FILE: CANARY as FORM"` for each file among `files` holding a form of each canary.
pub fn find_canaries(files: &[PathBuf], canaries: &[(&str, &str)]) -> Vec<String> {
    let forms: Vec<(&str, String, Vec<u8>)> = canaries
        .iter()
        .flat_map(|(what, canary)| {
            encodings(canary)
                .into_iter()
                .map(move |(form, bytes)| (*what, form, bytes))
        })
        .collect();
    let mut hits = Vec::new();
    for file in files {
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        for (what, form, needle) in &forms {
            if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
                hits.push(format!("{}: the {what} as {form}", file.display()));
            }
        }
    }
    hits
}

/// A fresh directory under cargo's per-target temp dir for one test's files.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `program args` with a hang guard; its stdout when it exits 0.
pub fn try_tool(dir: &Path, program: &str, args: &[&str]) -> Option<String> {
    // Files rather than pipes, so that waiting never depends on reading.
    let stdout_path = dir.join("tool.stdout");
    let stderr_path = dir.join("tool.stderr");
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).unwrap())
        .stderr(File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap_or_else(|err| panic!("start `{program}`: {err}"));
    let deadline = Instant::now() + TOOL_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{program} {}` hung for {TOOL_TIMEOUT:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    status
        .success()
        .then(|| std::fs::read_to_string(stdout_path).unwrap_or_default())
}

/// [`try_tool`] that must succeed.
pub fn tool(dir: &Path, program: &str, args: &[&str]) -> String {
    try_tool(dir, program, args).unwrap_or_else(|| {
        panic!(
            "`{program} {}` failed: {}",
            args.join(" "),
            std::fs::read_to_string(dir.join("tool.stderr")).unwrap_or_default()
        )
    })
}

/// Puts `text` on the X clipboard with xclip (which keeps owning it in the background).
pub fn set_clipboard(dir: &Path, text: &str) {
    let file = dir.join("clip.txt");
    std::fs::write(&file, text).unwrap();
    let ok = Command::new("xclip")
        .args(["-selection", "clipboard", "-i"])
        .arg(&file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run xclip -i")
        .success();
    std::fs::remove_file(&file).unwrap();
    assert!(ok, "xclip could not take the clipboard");
}

/// The clipboard's text, or empty.
pub fn clipboard(dir: &Path) -> String {
    try_tool(dir, "xclip", &["-o", "-selection", "clipboard"]).unwrap_or_default()
}

/// The real window, started from `cmd`; killed on drop if still running.
pub struct Window {
    child: Child,
    stderr_path: PathBuf,
    dir: PathBuf,
    /// Its X window id.
    pub id: String,
    /// The process owning the window: under strace, not `child` but its child, which a
    /// killed strace would leave running.
    pid: Option<String>,
}

impl Window {
    /// Starts `cmd` (the window command, possibly under strace) and waits for a visible window titled `jwtpad`.
    pub fn open(mut cmd: Command, dir: &Path) -> Self {
        let stderr_path = dir.join("jwtpad.stderr");
        // A window left over from elsewhere must not stand in for this one.
        let search = ["search", "--all", "--onlyvisible", "--name", "^jwtpad$"];
        let before = try_tool(dir, "xdotool", &search).unwrap_or_default();
        let child = cmd
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&stderr_path).unwrap())
            .spawn()
            .expect("start the jwtpad window");
        let mut window = Self {
            child,
            stderr_path,
            dir: dir.to_path_buf(),
            id: String::new(),
            pid: None,
        };
        let deadline = Instant::now() + WAIT;
        loop {
            window.assert_running("before its window appeared");
            // By name: under strace the window's process is a child of the one we started.
            let found = try_tool(dir, "xdotool", &search).unwrap_or_default();
            if let Some(id) = found
                .lines()
                .find(|id| !before.lines().any(|old| old == *id))
            {
                window.id = id.trim().to_owned();
                window.pid = try_tool(dir, "xdotool", &["getwindowpid", &window.id])
                    .map(|pid| pid.trim().to_owned());
                break;
            }
            assert!(
                Instant::now() < deadline,
                "no jwtpad window within {WAIT:?}; stderr:\n{}",
                window.stderr()
            );
            std::thread::sleep(POLL);
        }
        tool(
            dir,
            "xdotool",
            &["windowsize", "--sync", &window.id, "1280", "800"],
        );
        tool(dir, "xdotool", &["windowfocus", "--sync", &window.id]);
        // The first frames may not be laid out yet.
        std::thread::sleep(Duration::from_secs(2));
        window
    }

    /// Presses `keys` (xdotool syntax, e.g. `ctrl+shift+v`) in the window.
    pub fn key(&self, keys: &str) {
        tool(&self.dir, "xdotool", &["key", "--window", &self.id, keys]);
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Clicks at `x`, `y` inside the window (1280×800, the layout of the default page).
    pub fn click(&self, x: u32, y: u32) {
        let (x, y) = (x.to_string(), y.to_string());
        tool(
            &self.dir,
            "xdotool",
            &["mousemove", "--window", &self.id, &x, &y, "click", "1"],
        );
        std::thread::sleep(Duration::from_millis(400));
    }

    /// Types `text` into whatever has the keyboard focus.
    pub fn type_text(&self, text: &str) {
        tool(
            &self.dir,
            "xdotool",
            &["type", "--delay", "20", "--window", &self.id, text],
        );
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Copies the token (Ctrl+Shift+C) until the clipboard holds a token for which `accept`
    /// is true; returns it.
    pub fn copy_token_until(&self, what: &str, accept: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            self.key("ctrl+shift+c");
            let text = clipboard(&self.dir);
            if accept(text.trim()) {
                return text.trim().to_owned();
            }
            assert!(
                Instant::now() < deadline,
                "{what}: the copied token never matched: {text:?}; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(POLL);
        }
    }

    /// Clicks at `x`, `y` until the clipboard holds a text for which `accept` is true;
    /// returns it.
    pub fn click_copy_until(
        &self,
        (x, y): (u32, u32),
        what: &str,
        accept: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            self.click(x, y);
            let text = clipboard(&self.dir);
            if accept(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: the clipboard never matched: {text:?}; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(POLL);
        }
    }

    /// Ctrl+Q, like a person; waits for a clean exit so that eframe's `save` ran.
    pub fn quit(mut self) {
        self.key("ctrl+q");
        let status = self.wait_for_exit();
        assert!(
            status.success(),
            "jwtpad exited with {status} after Ctrl+Q; stderr:\n{}",
            self.stderr()
        );
    }

    fn wait_for_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "jwtpad still runs {WAIT:?} after Ctrl+Q; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(POLL);
        }
    }

    fn assert_running(&mut self, when: &str) {
        if let Some(status) = self.child.try_wait().unwrap() {
            panic!(
                "jwtpad exited {when} with {status}; stderr:\n{}",
                self.stderr()
            );
        }
    }

    /// What the app wrote to stderr so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            if let Some(pid) = &self.pid {
                let _ = Command::new("kill").arg(pid).status();
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Where the controls are on the window's page at 1280×800 once a clean token (no
/// "Bearer ", no whitespace: no extra hint line) is pasted. Any layout change that moves
/// them makes the window tests fail at the step that clicks, not pass quietly: each click is
/// followed by a check of what it did.
pub mod layout {
    /// The session secret's field under "Key".
    pub const SECRET_FIELD: (u32, u32) = (330, 413);
    /// "+15 min" under "Test data": edits exp, so the window signs the token again.
    pub const PLUS_15_MIN: (u32, u32) = (150, 540);
    /// The key source picker under "Key", and its entries once open (one profile saved).
    pub const KEY_SOURCE: (u32, u32) = (137, 390);
    /// See [`KEY_SOURCE`].
    pub const KEY_SOURCE_SESSION_SECRET: (u32, u32) = (100, 441);
    /// See [`KEY_SOURCE`]: "Profile: NAME", the first (here the only) profile.
    pub const KEY_SOURCE_FIRST_PROFILE: (u32, u32) = (100, 487);
    /// "Copy report" under the verdict.
    pub const COPY_REPORT: (u32, u32) = (50, 335);
    /// The "Remember drafts" checkbox in the top bar.
    pub const REMEMBER_DRAFTS: (u32, u32) = (802, 12);
    /// The theme picker in the top bar, and its "Light" entry once open.
    pub const THEME: (u32, u32) = (1172, 12);
    /// See [`THEME`].
    pub const THEME_LIGHT: (u32, u32) = (1154, 63);
    /// The language picker in the top bar, and its "English" entry once open.
    pub const LANGUAGE: (u32, u32) = (985, 12);
    /// See [`LANGUAGE`].
    pub const LANGUAGE_ENGLISH: (u32, u32) = (970, 63);
}
