//! Helpers for the window's stress tests (tests/it/stress.rs): a window to drive, big
//! realistic inputs, a stopwatch for frames, and the keyring daemon as CI runs it.

use crate::shared::rng::Rng;
use chrono::{TimeZone, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jwtpad::app::worker::{Backend, Worker};
use jwtpad::app::{JwtpadApp, LanguageChoice, Settings};
use jwtpad::engine::{Alg, Key, Secret};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The fixed clock of these windows.
pub const NOW: i64 = 1_700_000_000;
/// 5 MiB: the paste each pane must take whole.
pub const BIG: usize = 5 << 20;
/// The session secret the stress tests sign with.
pub const SECRET: &str = "stress-secret-0123456789-0123456789-abcdef";

/// A window in English over `backend`, 1280×800, settled.
pub fn harness(backend: Backend) -> Harness<'static, JwtpadApp> {
    let app = JwtpadApp::new(
        Settings {
            language: LanguageChoice::English,
            ..Settings::default()
        },
        Worker::start(backend, || {}),
        Box::new(|| Utc.timestamp_opt(NOW, 0).unwrap()),
    );
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        // A grid or scroll area that changes size takes a few frames to settle.
        .with_max_steps(8)
        // Pasted garbage holds characters no bundled font has: the window draws a box
        // for them, as it does for a user.
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut JwtpadApp| app.frame(ui), app);
    settle(&mut harness, "the first frames", |_| true);
    harness
}

/// Runs frames until `done` holds (replies come from the worker's thread); fails, naming
/// `what`, after `WAIT`.
pub fn settle(
    harness: &mut Harness<'static, JwtpadApp>,
    what: &str,
    done: impl Fn(&JwtpadApp) -> bool,
) {
    let deadline = Instant::now() + WAIT;
    loop {
        harness.run_steps(2);
        if done(harness.state()) {
            break;
        }
        assert!(Instant::now() < deadline, "waited {WAIT:?} for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
    // By number: a spinner may still turn for a moment.
    harness.run_steps(4);
}

/// Hang guard for anything these tests wait for.
pub const WAIT: Duration = Duration::from_secs(30);

/// Focuses the box labelled `label`, selects all of it and pastes `text`, as Ctrl+A,
/// Ctrl+V would; returns how long the frames of the paste took.
pub fn paste_into(harness: &mut Harness<'static, JwtpadApp>, label: &str, text: &str) -> Duration {
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.event(egui::Event::Paste(text.to_owned()));
    let started = Instant::now();
    harness.run();
    started.elapsed()
}

/// How long one more frame takes with nothing new to do: what every repaint costs now.
pub fn idle_frame(harness: &mut Harness<'static, JwtpadApp>) -> Duration {
    let started = Instant::now();
    harness.step();
    started.elapsed()
}

/// Random text of `len` bytes: ASCII, accents, emoji, JSON and token punctuation, and
/// (when `lines`) line breaks and tabs; never a valid token or JSON by accident.
pub fn garbage(seed: u64, len: usize, lines: bool) -> String {
    const PIECES: &[&str] = &[
        "a", "Z", "0", "9", ".", "-", "_", "=", "+", "/", "{", "}", "[", "]", "\"", ":", ",", "\\",
        " ", "é", "ç", "ã", "€", "🦀", "\u{200b}", "eyJ", "Bearer ", "%2E", "&amp;",
    ];
    const BREAKS: &[&str] = &["\n", "\t", "\r\n"];
    let mut rng = Rng::new(seed);
    let mut text = String::with_capacity(len + 8);
    // A leading byte no token, JSON or PEM starts with.
    text.push('~');
    while text.len() < len {
        if lines && rng.below(40) == 0 {
            text.push_str(BREAKS[rng.below(BREAKS.len())]);
        } else {
            text.push_str(PIECES[rng.below(PIECES.len())]);
        }
    }
    text
}

/// A JSON payload of at least `len` bytes: realistic claims and a long list of groups.
pub fn big_payload(len: usize) -> String {
    let mut groups = Vec::new();
    let mut size = 0;
    let mut i = 0usize;
    while size < len {
        let group = format!("\"grp-{i:07}-acesso-leitura-ç\"");
        size += group.len() + 2;
        groups.push(group);
        i += 1;
    }
    format!(
        "{{\n  \"sub\": \"stress\",\n  \"iat\": {NOW},\n  \"exp\": {},\n  \"groups\": [\n    {}\n  ]\n}}",
        NOW + 900,
        groups.join(",\n    ")
    )
}

/// An HS256 token of at least `len` bytes, signed with `secret`.
pub fn big_token(len: usize, secret: &str) -> String {
    // base64url makes 4 bytes of 3: a payload of three quarters of `len` is enough.
    let payload = big_payload(len / 4 * 3);
    let key = Key::hmac(Secret::new(secret.as_bytes().to_vec()));
    jwtpad::engine::sign_json(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &payload,
        Alg::HS256,
        Some(&key),
    )
    .unwrap()
    .token
}

/// A measured number for the closing note: printed straight to stderr, so it shows with
/// `--nocapture` and in CI's log of a failing test, never asserted.
pub fn measured(what: &str, took: Duration) {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "stress: {what}: {:.1} ms",
        took.as_secs_f64() * 1000.0
    );
}

// ---- the keyring daemon ----------------------------------------------------------------

/// The password `.ci/run` (and /work/desktop-env.sh) create and unlock the login keyring with.
pub const KEYRING_PASSWORD: &str = "pw";

/// The process id of whoever owns `name` on the session bus, if anyone does.
pub fn bus_owner_pid(name: &str) -> Option<u32> {
    let out = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.GetConnectionUnixProcessID",
        ])
        .arg(format!("string:{name}"))
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .last()?
        .parse()
        .ok()
}

/// The Secret Service's name on the bus.
pub const SECRETS: &str = "org.freedesktop.secrets";

/// Stops the process `pid` (SIGTERM, then SIGKILL) and waits until it is gone.
pub fn stop(pid: u32) {
    let alive = || Path::new(&format!("/proc/{pid}")).exists() && !is_zombie(pid);
    let _ = Command::new("kill").arg(pid.to_string()).status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    if alive() {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        while alive() && Instant::now() < deadline + Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit(')')
            .next()
            .is_some_and(|s| s.trim_start().starts_with('Z'))
    })
}

/// Starts gnome-keyring exactly as `.ci/run` does (`--foreground --unlock
/// --components=secrets`, the password on stdin, on this process's bus and XDG dirs), in a
/// session of its own so that it outlives the test, and waits for it to own
/// [`SECRETS`]. Returns its process id.
pub fn start_keyring_as_ci(log: &Path) -> u32 {
    let log_file = std::fs::File::create(log).unwrap();
    let mut cmd = Command::new("setsid");
    cmd.args([
        "gnome-keyring-daemon",
        "--foreground",
        "--unlock",
        "--components=secrets",
    ])
    .stdin(Stdio::piped())
    .stdout(log_file.try_clone().unwrap())
    .stderr(log_file);
    let mut child = cmd.spawn().expect("start gnome-keyring-daemon");
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(KEYRING_PASSWORD.as_bytes()).unwrap();
    }
    // Not waited for: it lives on after this test, as CI's own daemon would have. Its exit
    // status is reaped by nobody, which is harmless for a test process.
    let pid = child.id();
    std::mem::forget(child);
    let deadline = Instant::now() + WAIT;
    loop {
        if bus_owner_pid(SECRETS).is_some() {
            return pid;
        }
        assert!(
            Instant::now() < deadline,
            "the restarted gnome-keyring never took {SECRETS}: {}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The Secret Service killed by a test, and put back whatever happens to that test: if it
/// is still down when this is dropped (the test failed on the way), a daemon is started as
/// CI starts it, so that the keyring tests after it still run.
pub struct KeyringDown {
    /// Where the restarted daemon's output goes.
    log: PathBuf,
    down: bool,
}

impl KeyringDown {
    /// Kills the daemon that owns [`SECRETS`] now.
    pub fn kill(log: PathBuf) -> KeyringDown {
        let daemon = bus_owner_pid(SECRETS).expect("a Secret Service on the bus");
        let down = KeyringDown { log, down: true };
        stop(daemon);
        down
    }

    /// Starts the daemon again as CI does; returns its process id. A daemon D-Bus started
    /// on demand meanwhile (without the password, so its keyring is locked) is stopped first.
    pub fn start_again(&mut self) -> u32 {
        if let Some(activated) = bus_owner_pid(SECRETS) {
            stop(activated);
        }
        let pid = start_keyring_as_ci(&self.log);
        self.down = false;
        pid
    }
}

impl Drop for KeyringDown {
    fn drop(&mut self) {
        if self.down {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.start_again()));
        }
    }
}

// ---- other programs on the clipboard ------------------------------------------------------

/// A window like [`harness`]'s with these settings (e.g. a short clipboard delay).
pub fn harness_with(settings: Settings, backend: Backend) -> Harness<'static, JwtpadApp> {
    let app = JwtpadApp::new(
        Settings {
            language: LanguageChoice::English,
            ..settings
        },
        Worker::start(backend, || {}),
        Box::new(|| Utc.timestamp_opt(NOW, 0).unwrap()),
    );
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(8)
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut JwtpadApp| app.frame(ui), app);
    settle(&mut harness, "the first frames", |_| true);
    harness
}

/// Another program (`xclip -i`, which stays behind to serve it) takes the clipboard with
/// the text of `file`.
pub fn xclip_copies(file: &Path) {
    let status = Command::new("xclip")
        .args(["-selection", "clipboard", "-i"])
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run xclip -i");
    assert!(status.success(), "xclip -i failed");
}

/// What `xclip -o` reads from the clipboard (empty when nothing or nobody answers in 10 s).
pub fn clipboard_text() -> String {
    let out = Command::new("timeout")
        .args(["10", "xclip", "-o", "-selection", "clipboard"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .expect("run xclip -o");
    if out.status.success() {
        String::from_utf8_lossy(&out.stdout).into_owned()
    } else {
        String::new()
    }
}

/// An owner of the CLIPBOARD selection that never answers a `SelectionRequest`, as a hung
/// program would; it lets go when dropped.
pub struct SilentOwner {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SilentOwner {
    /// Takes the clipboard and waits until it is the owner.
    pub fn start() -> SilentOwner {
        use std::sync::atomic::{AtomicBool, Ordering};
        use x11rb::connection::Connection as _;
        use x11rb::protocol::xproto::{ConnectionExt as _, CreateWindowAux, WindowClass};
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let (conn, screen) = x11rb::connect(None).expect("connect to $DISPLAY");
            let root = conn.setup().roots[screen].root;
            let win = conn.generate_id().unwrap();
            conn.create_window(
                x11rb::COPY_DEPTH_FROM_PARENT,
                win,
                root,
                0,
                0,
                1,
                1,
                0,
                WindowClass::INPUT_OUTPUT,
                0,
                &CreateWindowAux::new(),
            )
            .unwrap();
            let clipboard = conn
                .intern_atom(false, b"CLIPBOARD")
                .unwrap()
                .reply()
                .unwrap()
                .atom;
            conn.set_selection_owner(win, clipboard, x11rb::CURRENT_TIME)
                .unwrap();
            let owner = conn
                .get_selection_owner(clipboard)
                .unwrap()
                .reply()
                .unwrap();
            ready_tx.send(owner.owner == win).unwrap();
            // Every request is read and left unanswered.
            while !flag.load(Ordering::SeqCst) {
                if conn.poll_for_event().unwrap().is_none() {
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
            let _ = conn.destroy_window(win);
            let _ = conn.flush();
        });
        let owns = ready_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the silent owner started");
        assert!(owns, "the silent owner did not get the clipboard");
        SilentOwner {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for SilentOwner {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Runs frames for `how_long`; returns the slowest one.
pub fn frames_for(harness: &mut Harness<'static, JwtpadApp>, how_long: Duration) -> Duration {
    let until = Instant::now() + how_long;
    let mut slowest = Duration::ZERO;
    while Instant::now() < until {
        let started = Instant::now();
        harness.step();
        slowest = slowest.max(started.elapsed());
        std::thread::sleep(Duration::from_millis(10));
    }
    slowest
}

/// Runs frames until `done` holds; returns the slowest one. Fails, naming `what`, after
/// [`WAIT`].
pub fn frames_until(
    harness: &mut Harness<'static, JwtpadApp>,
    what: &str,
    done: impl Fn(&JwtpadApp) -> bool,
) -> Duration {
    // A loaded machine can take arboard through all its formats, 4 s each, before it gives up.
    let wait = WAIT * 2;
    let deadline = Instant::now() + wait;
    let mut slowest = Duration::ZERO;
    while !done(harness.state()) {
        assert!(Instant::now() < deadline, "waited {wait:?} for {what}");
        let started = Instant::now();
        harness.step();
        slowest = slowest.max(started.elapsed());
        std::thread::sleep(Duration::from_millis(10));
    }
    slowest
}
