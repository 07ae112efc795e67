//! "Nothing leaves the machine", checked: every command of the command line and a scripted
//! window session (start, paste, sign, copy, quit) run under
//! `strace -f -e trace=socket,connect`, and any `AF_INET`/`AF_INET6` socket fails the test.
//! Unix sockets (X11, D-Bus to the keyring) and netlink (Mesa, glibc) are expected.
//!
//! Also: `Cargo.lock` must not gain an HTTP client or a TLS crate.
//!
//! The strace tests need `strace` (and the desktop for the keyring and the window); without
//! them they print `SKIPPED: ...`, or fail when `JWTPAD_REQUIRE_DESKTOP` is set, as in CI.

use crate::shared::proof::{self, Window, encodings, internet_sockets, layout, under_strace};
use crate::shared::{JWTIO, binary, desktop};
use std::path::Path;
use std::process::Command;

/// Crates whose only job is talking over a network (HTTP, TLS): none may be linked.
const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "ureq",
    "hyper",
    "hyper-util",
    "h2",
    "rustls",
    "tokio-rustls",
    "native-tls",
    "openssl",
    "openssl-sys",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "attohttpc",
];

/// The `name = "..."` of every package in a Cargo.lock.
fn locked_packages(lock: &str) -> Vec<String> {
    lock.lines()
        .filter_map(|line| line.trim().strip_prefix("name = \""))
        .filter_map(|rest| rest.strip_suffix('"'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn cargo_lock_has_no_http_client_or_tls_crate() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    let lock = std::fs::read_to_string(&path).expect("read Cargo.lock");
    let packages = locked_packages(&lock);
    assert!(
        packages.len() > 50 && packages.iter().any(|p| p == "eframe"),
        "Cargo.lock parsed to {} packages; the parser is broken",
        packages.len()
    );
    let found: Vec<String> = packages
        .iter()
        .filter(|name| NETWORK_CRATES.contains(&name.as_str()))
        .map(|name| {
            format!(
                "{name}: an HTTP/TLS crate is in Cargo.lock; jwtpad promises never to open a \
                 network connection, so whatever pulled it in (see `cargo tree -i {name}`) \
                 must go or lose that feature"
            )
        })
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_lock_parser_sees_a_network_crate() {
    let lock =
        "[[package]]\nname = \"eframe\"\n\n[[package]]\nname = \"rustls\"\nversion = \"0.23.0\"\n";
    let names = locked_packages(lock);
    assert_eq!(names, ["eframe", "rustls"]);
    assert!(names.iter().any(|n| NETWORK_CRATES.contains(&n.as_str())));
}

#[test]
fn the_socket_filter_catches_inet_and_lets_unix_through() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("strace.log");
    std::fs::write(
        &log,
        "10 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3\n\
         10 connect(3, {sa_family=AF_UNIX, sun_path=\"/tmp/.X11-unix/X0\"}, 20) = 0\n\
         11 socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT) = 4\n\
         12 socket(AF_INET6, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 5\n\
         12 connect(5, {sa_family=AF_INET, sin_port=htons(443)}, 16) = 0\n",
    )
    .unwrap();
    assert_eq!(internet_sockets(&log).len(), 2);
}

#[test]
fn the_canary_forms_are_found_inside_longer_base64() {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    let canary = "CANARY-secret-0123";
    for prefix in ["", "a", "ab", "abc", "{\"k\":\""] {
        for engine in [&STANDARD, &URL_SAFE_NO_PAD] {
            let blob = engine.encode(format!("{prefix}{canary}\"}} and more"));
            let found = encodings(canary)
                .iter()
                .any(|(_, form)| blob.as_bytes().windows(form.len()).any(|w| w == form));
            assert!(found, "{canary} not found in {blob} (prefix {prefix:?})");
        }
    }
    let other = STANDARD.encode("CANARY-secreT-0123 and more");
    assert!(
        !encodings(canary)
            .iter()
            .any(|(_, form)| other.as_bytes().windows(form.len()).any(|w| w == form)),
        "a different text must not match"
    );
}

/// Whether the strace test `test` can run; on a CI machine (`CI` set) a missing strace is
/// a failure even without `JWTPAD_REQUIRE_DESKTOP`, since `.ci/run` installs it.
fn strace_ready(test: &str, env_vars: &[&str], programs: &[&str]) -> bool {
    if std::env::var_os("CI").is_some_and(|ci| !ci.is_empty())
        && desktop::find_program("strace").is_none()
    {
        panic!("{test}: $CI is set but `strace` is not on PATH (.ci/run installs it)");
    }
    desktop::desktop_ready(test, env_vars, programs)
}

/// Runs `cmd` under strace (with `stdin`) and fails on any Internet socket; returns the run.
fn offline_run(dir: &Path, what: &str, cmd: &Command, stdin: Option<&[u8]>) -> binary::Run {
    let log = dir.join(format!("strace-{}.log", what.replace(' ', "-")));
    let run = binary::run(under_strace(cmd, &log), stdin);
    let inet = internet_sockets(&log);
    assert!(
        inet.is_empty(),
        "`jwtpad {what}` opened an Internet socket:\n{}",
        inet.join("\n")
    );
    run
}

#[test]
fn every_command_stays_offline_under_strace() {
    if binary::testing_windows_exe()
        || !strace_ready(
            "offline command line (strace)",
            &["DBUS_SESSION_BUS_ADDRESS"],
            &["strace"],
        )
    {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let profile = format!("offline-{}", std::process::id());
    let secret = "offline-test-secret-0123456789abcdef";
    let jwtpad = |args: &[&str]| {
        let mut cmd = binary::jwtpad();
        cmd.env("HOME", dir)
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("TEST_SECRET", secret)
            .args(args);
        cmd
    };
    let ok = |args: &[&str], stdin: Option<&[u8]>| {
        let run = offline_run(
            dir,
            &args[..2.min(args.len())].join(" "),
            &jwtpad(args),
            stdin,
        );
        assert!(
            run.code == 0 || run.code == 1,
            "`jwtpad {}` failed ({}):\n{}\n{}",
            args.join(" "),
            run.code,
            run.stdout,
            run.stderr
        );
        run
    };

    let token = ok(
        &[
            "encode",
            "--secret-env",
            "TEST_SECRET",
            "--payload",
            r#"{"iss":"client-1","personId":"52998224725","email":"a@example.com"}"#,
            "--exp",
            "+15m",
        ],
        None,
    )
    .stdout
    .trim()
    .to_owned();
    ok(&["decode", "--secret-env", "TEST_SECRET", &token], None);
    ok(&["decode", "--json", JWTIO], None);
    ok(&["cpf", "--count", "2"], None);
    ok(&["cpf", "--check", "52998224725"], None);
    ok(&["report", &token], None);
    ok(&["diff", &token, JWTIO], None);
    ok(&["template", "list"], None);
    ok(&["template", "show", "caf-smart-auth"], None);
    ok(
        &[
            "suite",
            "--template",
            "caf-smart-auth",
            "--secret-env",
            "TEST_SECRET",
            "--client-id",
            "client-1",
        ],
        None,
    );
    ok(
        &[
            "batch",
            "--template",
            "caf-smart-auth",
            "--secret-env",
            "TEST_SECRET",
            "--client-id",
            "client-1",
            "--count",
            "50",
            "--seed",
            "1",
        ],
        None,
    );
    // Profiles go to the real keyring over D-Bus: a Unix socket, allowed.
    ok(
        &["profile", "add", &profile, "--client-id", "client-1"],
        Some(format!("{secret}\n").as_bytes()),
    );
    let traced = std::fs::read_to_string(dir.join("strace-profile-add.log")).unwrap();
    assert!(
        traced.contains("AF_UNIX"),
        "profile add talks to the keyring over D-Bus, yet strace saw no Unix socket:\n{traced}"
    );
    ok(&["profile", "list"], None);
    ok(&["profile", "show", &profile], None);
    ok(&["decode", "--try-profiles", &token], None);
    ok(&["report", "--try-profiles", &token], None);
    ok(&["profile", "export", &profile, "--secret", "--yes"], None);
    ok(
        &[
            "profile",
            "add",
            &format!("{profile}-es"),
            "--generate",
            "ES256",
        ],
        None,
    );
    ok(&["profile", "export", &format!("{profile}-es")], None);
    ok(&["profile", "rm", &format!("{profile}-es")], None);
    ok(&["profile", "rm", &profile], None);
}

#[test]
fn a_window_session_stays_offline_under_strace() {
    if binary::testing_windows_exe()
        || !strace_ready(
            "offline window session (strace)",
            &["DISPLAY", "DBUS_SESSION_BUS_ADDRESS"],
            &["strace", "xdotool", "xclip"],
        )
    {
        return;
    }
    const SECRET: &str = "your-256-bit-secret";
    let _display = desktop::lock_display();
    let dir = proof::scratch("offline-window");
    let log = dir.join("strace-window.log");
    let (mut cmd, _) = binary::window_command();
    cmd.env("HOME", &dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CACHE_HOME", dir.join("cache"));
    let window = Window::open(under_strace(&cmd, &log), &dir);

    // Paste jwt.io's token from the real clipboard, type its secret, move exp (the window
    // signs the edited token), copy it.
    proof::set_clipboard(&dir, JWTIO);
    window.key("ctrl+shift+v");
    window.copy_token_until("paste", |text| text == JWTIO);
    window.click(layout::SECRET_FIELD.0, layout::SECRET_FIELD.1);
    window.type_text(SECRET);
    window.click(layout::PLUS_15_MIN.0, layout::PLUS_15_MIN.1);
    let signed = window.copy_token_until("sign", |text| {
        text.starts_with("eyJ") && text != JWTIO && text.split('.').count() == 3
    });
    window.quit();
    let mut check = binary::jwtpad();
    check
        .env("JWTIO_SECRET", SECRET)
        .args(["decode", "--secret-env", "JWTIO_SECRET", &signed]);
    let verified = binary::run(check, None);
    assert_eq!(
        verified.code, 0,
        "the window's token verifies with the typed secret:\n{}\n{}",
        verified.stdout, verified.stderr
    );

    let inet = internet_sockets(&log);
    assert!(
        inet.is_empty(),
        "the window opened an Internet socket:\n{}",
        inet.join("\n")
    );
    let log_text = std::fs::read_to_string(&log).unwrap();
    assert!(
        log_text.contains("AF_UNIX"),
        "strace saw no Unix socket either (X11 at least): is it tracing the window?"
    );
}

#[test]
fn strace_catches_a_real_internet_socket() {
    if !strace_ready("strace self-check", &[], &["strace", "bash"]) {
        return;
    }
    // Port 9 (discard) on the loopback: refused or not, the socket is AF_INET and nothing
    // leaves the machine.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("strace.log");
    let mut inner = Command::new("bash");
    inner.args(["-c", "exec 3<>/dev/tcp/127.0.0.1/9 || true"]);
    let status = under_strace(&inner, &log)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run strace");
    assert!(status.success());
    let inet = internet_sockets(&log);
    assert!(
        inet.iter().any(|line| line.contains("AF_INET")),
        "strace did not report bash's AF_INET socket: {inet:?}"
    );
}
