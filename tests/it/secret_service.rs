//! Profiles against the real OS keyring: the Secret Service of a gnome-keyring on a private
//! D-Bus session. `.ci/run` provides one (and sets `JWTPAD_REQUIRE_DESKTOP`); tests that need
//! a locked or missing keyring start their own private bus here.

use crate::shared::binary::{self, Run, run};
use crate::shared::desktop;
use jwtpad::secrets::{KeyringStore, contract};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Hang guard for waiting on a service to appear on a bus.
const SERVICE_WAIT: Duration = Duration::from_secs(15);

/// jwtpad with a throwaway HOME and config dir, on whatever session bus `bus` names.
fn jwtpad_on(bus: Option<&str>, home: &Path) -> Command {
    let mut cmd = binary::jwtpad();
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"));
    match bus {
        Some(address) => cmd.env("DBUS_SESSION_BUS_ADDRESS", address),
        None => cmd.env_remove("DBUS_SESSION_BUS_ADDRESS"),
    };
    cmd
}

fn ok(run: &Run, what: &str) {
    assert_eq!(
        run.code, 0,
        "{what} failed:\nstdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
}

fn secret_tool(args: &[&str]) -> String {
    let out = Command::new("secret-tool")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run secret-tool");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// Every file under `dirs` that contains any of `needles`.
fn files_containing(dirs: &[PathBuf], needles: &[Vec<u8>]) -> Vec<String> {
    let mut hits = Vec::new();
    let mut pending: Vec<PathBuf> = dirs.to_vec();
    while let Some(path) = pending.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                pending.extend(entries.flatten().map(|e| e.path()));
            }
        } else if meta.is_file()
            && let Ok(bytes) = std::fs::read(&path)
        {
            for needle in needles {
                if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
                    hits.push(format!(
                        "{} contains {:?}",
                        path.display(),
                        String::from_utf8_lossy(needle)
                    ));
                }
            }
        }
    }
    hits
}

#[test]
fn profiles_live_in_the_real_keyring_and_nowhere_else() {
    if !desktop::desktop_ready(
        "Secret Service profiles",
        &["DBUS_SESSION_BUS_ADDRESS"],
        &["secret-tool"],
    ) {
        return;
    }
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap();
    let home = tempfile::tempdir().unwrap();
    let canary = format!("CANARY-{}-zq8", std::process::id());
    let name = "Caf beta · Smart Auth";

    // The store contract, in process, against the real Secret Service.
    let started = Instant::now();
    let store =
        KeyringStore::connect(Duration::from_secs(10)).expect("connect to the Secret Service");
    println!("connected in {:?}", started.elapsed());
    contract::run(&store);

    let jwtpad = |args: &[&str], stdin: Option<&[u8]>| {
        let mut cmd = jwtpad_on(Some(&bus), home.path());
        cmd.args(args);
        run(cmd, stdin)
    };

    let added = jwtpad(
        &[
            "profile",
            "add",
            name,
            "--client-id",
            "client-123",
            "--env",
            "beta",
        ],
        Some(format!("{canary}\n").as_bytes()),
    );
    ok(&added, "profile add");
    assert!(
        added
            .stdout
            .contains("The key is in the OS keyring (Secret Service store)"),
        "{}",
        added.stdout
    );

    let shown = jwtpad(&["profile", "show", name, "--json"], None);
    ok(&shown, "profile show");
    let shown: Value = shown.json();
    let account = shown["keyring_account"].as_str().unwrap().to_owned();
    assert_eq!(shown["client_id"], "client-123");
    assert_eq!(
        shown["key"]["description"],
        format!("HMAC secret ({} bytes)", canary.len())
    );
    assert_eq!(shown["key"]["fingerprint"].as_str().unwrap().len(), 8);

    // The item is in the daemon, under service jwtpad and the profile's account.
    let found = secret_tool(&["search", "--all", "service", "jwtpad", "username", &account]);
    assert!(found.contains(&format!("secret = {canary}")), "{found}");
    assert!(
        found.contains(&format!("label = jwtpad profile \"{name}\"")),
        "{found}"
    );

    // Sign and verify with it.
    let token = jwtpad(
        &[
            "encode",
            "--profile",
            name,
            "--payload",
            r#"{"iss":"client-123"}"#,
            "--exp",
            "+15m",
        ],
        None,
    );
    ok(&token, "encode --profile");
    let token = token.stdout.trim().to_owned();
    ok(
        &jwtpad(&["decode", "--profile", name, &token], None),
        "decode --profile",
    );
    let tried = jwtpad(&["decode", "--try-profiles", "--json", &token], None);
    ok(&tried, "decode --try-profiles");
    assert_eq!(tried.json()["signed_by"], name);
    let report = jwtpad(
        &["report", "--try-profiles", "--format", "json", &token],
        None,
    );
    ok(&report, "report --try-profiles");
    assert_eq!(report.json()["verdict"]["signed_by"], name);
    assert!(
        !report.stdout.contains(&token),
        "the report never holds the token"
    );
    let mut direct = jwtpad_on(Some(&bus), home.path());
    direct
        .env("THE_SECRET", &canary)
        .args(["decode", "--secret-env", "THE_SECRET", &token]);
    ok(
        &run(direct, None),
        "the profile's key is exactly the secret that was added",
    );

    // Rename: the old name is gone, the secret stays under the same account.
    ok(
        &jwtpad(&["profile", "rename", name, "caf"], None),
        "profile rename",
    );
    let missing = jwtpad(&["encode", "--profile", name, "--payload", "{}"], None);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains(&format!("no profile named \"{name}\"")),
        "{}",
        missing.stderr
    );
    let found = secret_tool(&["search", "--all", "service", "jwtpad", "username", &account]);
    assert!(found.contains("label = jwtpad profile \"caf\""), "{found}");
    ok(
        &jwtpad(&["decode", "--profile", "caf", &token], None),
        "decode after rename",
    );

    // Remove: the item is gone from the daemon and the profile from the list.
    ok(&jwtpad(&["profile", "rm", "caf"], None), "profile rm");
    let found = secret_tool(&["search", "--all", "service", "jwtpad", "username", &account]);
    assert!(!found.contains("secret ="), "{found}");
    let listed = jwtpad(&["profile", "list", "--json"], None);
    assert_eq!(listed.json(), Value::Array(vec![]));

    // The canary never landed on disk: not in our home or config, not in the daemon's data.
    let mut dirs = vec![home.path().to_path_buf()];
    for var in [
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "XDG_CACHE_HOME",
        "XDG_RUNTIME_DIR",
    ] {
        if let Some(dir) = std::env::var_os(var) {
            dirs.push(PathBuf::from(dir));
        }
    }
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD_NO_PAD.encode(&canary);
    let b64url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&canary);
    let hex: String = canary.bytes().map(|b| format!("{b:02x}")).collect();
    let needles = vec![
        canary.clone().into_bytes(),
        b64.into_bytes(),
        b64url.into_bytes(),
        hex.clone().into_bytes(),
        hex.to_uppercase().into_bytes(),
    ];
    let hits = files_containing(&dirs, &needles);
    assert!(
        hits.is_empty(),
        "the secret reached the disk:\n{}",
        hits.join("\n")
    );
}

#[test]
fn a_secret_removed_outside_jwtpad_shows_as_missing() {
    if !desktop::desktop_ready(
        "Secret Service missing secret",
        &["DBUS_SESSION_BUS_ADDRESS"],
        &["secret-tool"],
    ) {
        return;
    }
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap();
    let home = tempfile::tempdir().unwrap();
    let jwtpad = |args: &[&str], stdin: Option<&[u8]>| {
        let mut cmd = jwtpad_on(Some(&bus), home.path());
        cmd.args(args);
        run(cmd, stdin)
    };
    ok(
        &jwtpad(
            &["profile", "add", "orphan"],
            Some(b"orphan-secret-0123456789-0123456789"),
        ),
        "add",
    );
    let account = jwtpad(&["profile", "show", "orphan", "--json"], None).json()["keyring_account"]
        .as_str()
        .unwrap()
        .to_owned();
    secret_tool(&["clear", "service", "jwtpad", "username", &account]);

    let listed = jwtpad(&["profile", "list"], None);
    ok(&listed, "list");
    assert!(
        listed
            .stdout
            .contains("orphan  [HS256]  HMAC secret (text)  (secret missing)"),
        "{}",
        listed.stdout
    );
    let shown = jwtpad(&["profile", "show", "orphan"], None);
    ok(&shown, "show");
    assert!(
        shown.stdout.contains("secret missing from the keyring"),
        "{}",
        shown.stdout
    );
    let used = jwtpad(&["encode", "--profile", "orphan", "--payload", "{}"], None);
    assert_eq!(used.code, 2);
    assert!(
        used.stderr.contains("is missing from the keyring"),
        "{}",
        used.stderr
    );
    ok(
        &jwtpad(&["profile", "rm", "orphan"], None),
        "rm of an orphan",
    );
}

#[test]
fn no_session_bus_fails_fast_with_a_clear_message() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = jwtpad_on(None, home.path());
    cmd.env("XDG_RUNTIME_DIR", home.path().join("no-runtime"))
        .args(["profile", "add", "x"]);
    let started = Instant::now();
    let out = run(cmd, Some(b"secret-secret-secret-secret-secret"));
    // The issue's bound for this failure; it is a hang guard, the real figure is milliseconds.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("no D-Bus session bus"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    // Nothing fell back to a file.
    let config = std::fs::read_to_string(home.path().join("config/jwtpad/profiles.json"))
        .unwrap_or_default();
    assert!(!config.contains("\"x\""), "{config}");
}

#[test]
fn a_bus_address_that_leads_nowhere_is_no_session_bus_too() {
    let home = tempfile::tempdir().unwrap();
    let nowhere = format!("unix:path={}", home.path().join("no-bus-here").display());
    for address in ["unix:path=/nonexistent", nowhere.as_str()] {
        let mut cmd = jwtpad_on(Some(address), home.path());
        cmd.args(["profile", "add", "x"]);
        let out = run(cmd, Some(b"secret-secret-secret-secret-secret"));
        assert_eq!(out.code, 2, "{address}: {}", out.stderr);
        assert!(
            out.stderr.contains("no D-Bus session bus"),
            "{address}: {}",
            out.stderr
        );
        assert!(!out.stderr.contains("zbus"), "{}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);

        let mut cmd = jwtpad_on(Some(address), home.path());
        cmd.args(["decode", "--try-profiles", "--json", crate::shared::JWTIO]);
        let out = run(cmd, None);
        assert_eq!(out.code, 2);
        assert_eq!(out.json()["error_code"], "no-session-bus", "{}", out.stdout);
    }
}

/// A D-Bus session of this test's own, in temporary XDG directories, with an optional
/// gnome-keyring; everything is stopped on drop.
struct PrivateSession {
    dir: tempfile::TempDir,
    address: String,
    bus_pid: String,
    keyring: Option<Child>,
}

impl PrivateSession {
    /// `config`: a dbus-daemon config file, or `None` for the standard session bus (which can
    /// activate the keyring's prompter). `display`: the X display the bus passes on.
    fn start(config: Option<&Path>, display: Option<&str>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["data", "config", "runtime"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        set_mode_700(&dir.path().join("runtime"));
        let mut cmd = Command::new("dbus-daemon");
        match config {
            Some(file) => cmd.arg(format!("--config-file={}", file.display())),
            None => cmd.arg("--session"),
        };
        cmd.args([
            "--fork",
            "--nopidfile",
            "--print-address=1",
            "--print-pid=1",
        ])
        .arg(format!(
            "--address=unix:path={}/runtime/bus",
            dir.path().display()
        ))
        .stdin(Stdio::null());
        Self::xdg(&mut cmd, dir.path());
        match display {
            Some(d) => cmd.env("DISPLAY", d),
            None => cmd.env_remove("DISPLAY"),
        };
        let out = cmd.output().expect("start dbus-daemon");
        assert!(
            out.status.success(),
            "dbus-daemon: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let mut lines = text.lines();
        let address = lines.next().unwrap().trim().to_owned();
        let bus_pid = lines.next().unwrap().trim().to_owned();
        PrivateSession {
            dir,
            address,
            bus_pid,
            keyring: None,
        }
    }

    fn xdg(cmd: &mut Command, root: &Path) {
        cmd.env("XDG_DATA_HOME", root.join("data"))
            .env("XDG_CONFIG_HOME", root.join("config"))
            .env("XDG_RUNTIME_DIR", root.join("runtime"))
            .env("HOME", root);
    }

    /// Starts gnome-keyring; `unlock` creates (or opens) the login keyring with a password.
    fn start_keyring(&mut self, unlock: bool) {
        let mut cmd = Command::new("gnome-keyring-daemon");
        cmd.args(["--foreground", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env_remove("DISPLAY")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if unlock {
            cmd.arg("--unlock");
        }
        Self::xdg(&mut cmd, self.dir.path());
        let mut child = cmd.spawn().expect("start gnome-keyring-daemon");
        {
            use std::io::Write as _;
            let mut stdin = child.stdin.take().unwrap();
            if unlock {
                stdin.write_all(b"pw").unwrap();
            }
        }
        self.keyring = Some(child);
        let deadline = Instant::now() + SERVICE_WAIT;
        while !self.has_owner("org.freedesktop.secrets") {
            assert!(
                Instant::now() < deadline,
                "gnome-keyring did not appear on the bus"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn stop_keyring(&mut self) {
        if let Some(mut child) = self.keyring.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let deadline = Instant::now() + SERVICE_WAIT;
        while self.has_owner("org.freedesktop.secrets") {
            assert!(
                Instant::now() < deadline,
                "gnome-keyring did not leave the bus"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn has_owner(&self, name: &str) -> bool {
        Command::new("dbus-send")
            .args([
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
            ])
            .arg(format!("string:{name}"))
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
    }

    fn jwtpad(
        &self,
        args: &[&str],
        stdin: Option<&[u8]>,
        display: Option<&str>,
    ) -> (Run, Duration) {
        let mut cmd = binary::jwtpad();
        Self::xdg(&mut cmd, self.dir.path());
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .args(args);
        if let Some(d) = display {
            cmd.env("DISPLAY", d);
        }
        let started = Instant::now();
        let out = run(cmd, stdin);
        (out, started.elapsed())
    }
}

impl Drop for PrivateSession {
    fn drop(&mut self) {
        if let Some(mut child) = self.keyring.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = Command::new("kill").arg(&self.bus_pid).status();
    }
}

#[cfg(unix)]
fn set_mode_700(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700)).unwrap();
}

#[test]
fn a_bus_without_a_secret_service_is_named_as_such() {
    if !desktop::desktop_ready("no Secret Service", &[], &["dbus-daemon"]) {
        return;
    }
    // A bus that can activate nothing: no service directories in its configuration.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bus.conf");
    std::fs::write(
        &config,
        r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>"#,
    )
    .unwrap();
    let session = PrivateSession::start(Some(&config), None);
    let (out, took) = session.jwtpad(
        &["profile", "add", "x"],
        Some(b"secret-secret-secret-secret-0123"),
        None,
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains(
            "no Secret Service found on the session bus: install and start gnome-keyring or KWallet"
        ),
        "{}",
        out.stderr
    );
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let (list, _) = session.jwtpad(&["profile", "list"], None, None);
    assert_eq!(list.code, 0, "listing needs no keyring");
    assert!(
        list.stderr.contains("note: no Secret Service found"),
        "{}",
        list.stderr
    );
}

#[test]
fn a_locked_keyring_is_reported_and_never_hangs() {
    if !desktop::desktop_ready(
        "locked keyring",
        &["DISPLAY"],
        &["dbus-daemon", "gnome-keyring-daemon", "dbus-send"],
    ) {
        return;
    }
    let display = std::env::var("DISPLAY").unwrap();
    // gnome-keyring's "Unlock Login Keyring" dialog opens on the display and grabs it.
    let _display = desktop::lock_display();
    let mut session = PrivateSession::start(None, Some(&display));
    // Create the login keyring with a password and a profile in it, then restart the daemon
    // without unlocking: the collection is now locked.
    session.start_keyring(true);
    let (added, _) = session.jwtpad(
        &["profile", "add", "seed"],
        Some(b"seed-secret-0123456789-0123456789"),
        None,
    );
    ok(&added, "add while unlocked");
    session.stop_keyring();
    session.start_keyring(false);

    // With a display, gnome-keyring asks for the password in a dialog and its D-Bus call
    // waits for the user; jwtpad gives up after its bound and says why.
    let (shown, took) = {
        let mut cmd = binary::jwtpad();
        PrivateSession::xdg(&mut cmd, session.dir.path());
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &session.address)
            .env("DISPLAY", &display)
            .env("JWTPAD_KEYRING_TIMEOUT", "2")
            .args(["profile", "show", "seed"]);
        let started = Instant::now();
        (run(cmd, None), started.elapsed())
    };
    assert_eq!(shown.code, 2, "{}", shown.stdout);
    assert!(
        shown
            .stderr
            .contains("the keyring did not answer within 2 s: it may be locked")
            || shown.stderr.contains("locked or not set up"),
        "{}",
        shown.stderr
    );
    assert!(
        took < Duration::from_secs(20),
        "a locked keyring held jwtpad for {took:?}"
    );
    println!(
        "locked keyring with a display: {took:?}: {}",
        shown.stderr.trim()
    );
}

#[test]
fn a_terminal_gets_a_hidden_prompt() {
    if !desktop::desktop_ready(
        "hidden secret prompt",
        &["DBUS_SESSION_BUS_ADDRESS"],
        &["script", "secret-tool"],
    ) {
        return;
    }
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap();
    let home = tempfile::tempdir().unwrap();
    let typed = format!("typed-at-the-prompt-{}-0123456789", std::process::id());
    // `script` gives jwtpad a pseudo-terminal, as a person at a shell would have.
    let mut cmd = jwtpad_on(Some(&bus), home.path());
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("DBUS_SESSION_BUS_ADDRESS", &bus);
    let mut script = Command::new("script");
    script
        .args(["--quiet", "--return", "--command"])
        .arg(format!(
            "{} profile add typed",
            env!("CARGO_BIN_EXE_jwtpad")
        ))
        .arg("/dev/null");
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => script.env(key, v),
            None => script.env_remove(key),
        };
    }
    // Type only once the prompt is there, as a person would: typeahead before the prompt
    // turns echo off would be echoed by the terminal itself.
    script
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = script.spawn().expect("start script");
    let screen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let reader = {
        let screen = screen.clone();
        let mut stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut chunk = [0u8; 256];
            while let Ok(n) = std::io::Read::read(&mut stdout, &mut chunk) {
                if n == 0 {
                    break;
                }
                screen.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        })
    };
    let shown = || String::from_utf8_lossy(&screen.lock().unwrap()).into_owned();
    let deadline = Instant::now() + SERVICE_WAIT;
    while !shown().contains("(hidden): ") {
        assert!(Instant::now() < deadline, "no prompt appeared: {}", shown());
        std::thread::sleep(Duration::from_millis(50));
    }
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(format!("{typed}\n").as_bytes()).unwrap();
    }
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let screen = shown();
    assert!(status.success(), "{screen}");
    assert!(
        screen.contains("Secret for profile \"typed\" (hidden): "),
        "{screen}"
    );
    assert!(screen.contains("Added profile \"typed\""), "{screen}");
    assert!(
        !screen.contains(&typed),
        "the typed secret was echoed: {screen}"
    );

    let mut show = jwtpad_on(Some(&bus), home.path());
    show.args(["profile", "show", "typed", "--json"]);
    let account = run(show, None).json()["keyring_account"]
        .as_str()
        .unwrap()
        .to_owned();
    let found = secret_tool(&["search", "--all", "service", "jwtpad", "username", &account]);
    assert!(found.contains(&format!("secret = {typed}")), "{found}");
    let mut rm = jwtpad_on(Some(&bus), home.path());
    rm.args(["profile", "rm", "typed"]);
    ok(&run(rm, None), "rm");
}
