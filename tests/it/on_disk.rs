//! "No secret touches the disk", checked: a whole session with the real binary under Xvfb,
//! in a fresh home (HOME, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME, XDG_RUNTIME_DIR,
//! TMPDIR all under one temporary folder):
//! - a profile added with a canary secret (`jwtpad profile add`, the secret on stdin) and a
//!   token signed with it carrying a canary CPF and a canary e-mail;
//! - in the window: that token pasted, verified with the profile (its report copied), the
//!   canary secret typed as the session key, the token re-signed (+15 min) and copied, the
//!   language and theme changed, the window closed with Ctrl+Q.
//!
//! Then every file under those folders, and under the test environment's own XDG folders
//! except the keyring's files (`$XDG_DATA_HOME/keyrings`, where the gnome-keyring of the
//! test environment keeps its encrypted collections), is searched for the canaries raw, in
//! base64 and base64url (padded or not, at every alignment), hex and UTF-16.
//!
//! Twice: with "Remember drafts" off, no canary anywhere; with it on (ticked in the window),
//! the CPF and e-mail may be in the saved settings (and must be, or the search is blind),
//! and the secret still nowhere.

use crate::shared::proof::{self, Window, layout};
use crate::shared::{binary, desktop};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The fresh folders one session lives in.
struct Home {
    root: PathBuf,
}

impl Home {
    fn new(name: &str) -> Self {
        let root = proof::scratch(name);
        for dir in ["home", "config", "data", "cache", "runtime", "tmp"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let runtime = root.join("runtime");
            std::fs::set_permissions(runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        Self { root }
    }

    fn apply(&self, cmd: &mut Command) {
        cmd.env("HOME", self.root.join("home"))
            .env("XDG_CONFIG_HOME", self.root.join("config"))
            .env("XDG_DATA_HOME", self.root.join("data"))
            .env("XDG_CACHE_HOME", self.root.join("cache"))
            .env("XDG_RUNTIME_DIR", self.root.join("runtime"))
            .env("TMPDIR", self.root.join("tmp"));
    }

    fn cli(&self, args: &[&str], stdin: Option<&[u8]>) -> binary::Run {
        let mut cmd = binary::jwtpad();
        self.apply(&mut cmd);
        cmd.args(args);
        let run = binary::run(cmd, stdin);
        assert_eq!(
            run.code,
            0,
            "`jwtpad {}` failed:\n{}\n{}",
            args.join(" "),
            run.stdout,
            run.stderr
        );
        run
    }

    /// eframe's persistence file (`$XDG_DATA_HOME/jwtpad/app.ron`).
    fn saved_settings(&self) -> PathBuf {
        self.root.join("data/jwtpad/app.ron")
    }
}

/// The files to search: the session's folders, and the test environment's own folders (the
/// keyring daemon and the session bus run with those) except the keyring's own files.
fn searched_files(home: &Home) -> Vec<PathBuf> {
    let mut files = proof::files_under(std::slice::from_ref(&home.root));
    let keyrings = keyring_dir();
    for var in [
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "XDG_CACHE_HOME",
        "XDG_RUNTIME_DIR",
    ] {
        if let Some(dir) = std::env::var_os(var).filter(|dir| !dir.is_empty()) {
            files.extend(
                proof::files_under(&[PathBuf::from(dir)])
                    .into_iter()
                    .filter(|file| keyrings.as_ref().is_none_or(|k| !file.starts_with(k))),
            );
        }
    }
    // The test's own scratch files: `tool.stdout` holds what the test read back from the
    // clipboard with xclip (the token, on purpose). The app's stderr stays in: no log may
    // hold a secret either.
    files.retain(|file| {
        !file
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("tool."))
    });
    files.sort();
    files.dedup();
    files
}

/// Where the test environment's gnome-keyring keeps its collections (encrypted with the
/// login password): `$XDG_DATA_HOME/keyrings`, as `.ci/run` and desktop-env start it.
fn keyring_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| !dir.is_empty())
        .map(|dir| Path::new(&dir).join("keyrings"))
}

struct Canaries {
    secret: String,
    cpf: String,
    email: String,
}

/// One whole session; returns the files that hold each kind of canary.
fn session(name: &str, canaries: &Canaries, remember_drafts: bool) -> (Home, Vec<String>) {
    let home = Home::new(name);
    let profile = format!("on-disk {name} {}", std::process::id());
    home.cli(
        &["profile", "add", &profile, "--client-id", "client-canary"],
        Some(format!("{}\n", canaries.secret).as_bytes()),
    );
    let payload = format!(
        r#"{{"iss":"client-canary","personId":"{}","email":"{}"}}"#,
        canaries.cpf, canaries.email
    );
    let token = home
        .cli(
            &[
                "encode",
                "--profile",
                &profile,
                "--payload",
                &payload,
                "--exp",
                "+15m",
            ],
            None,
        )
        .stdout
        .trim()
        .to_owned();
    home.cli(&["decode", "--profile", &profile, &token], None);

    let (mut cmd, _) = binary::window_command();
    home.apply(&mut cmd);
    let window = Window::open(cmd, &home.root);
    proof::set_clipboard(&home.root, &token);
    window.key("ctrl+shift+v");
    window.copy_token_until("paste", |text| text == token);
    // Verified in the window by the profile, whose secret the window reads from the keyring.
    window.click(layout::KEY_SOURCE.0, layout::KEY_SOURCE.1);
    window.click(
        layout::KEY_SOURCE_FIRST_PROFILE.0,
        layout::KEY_SOURCE_FIRST_PROFILE.1,
    );
    let verdict = format!(
        "VERIFIED with HMAC secret ({} bytes) of profile \"{profile}\"",
        canaries.secret.len()
    );
    window.click_copy_until(layout::COPY_REPORT, "the window's report", |report| {
        report.contains(&verdict)
    });
    window.click(layout::KEY_SOURCE.0, layout::KEY_SOURCE.1);
    window.click(
        layout::KEY_SOURCE_SESSION_SECRET.0,
        layout::KEY_SOURCE_SESSION_SECRET.1,
    );
    window.click(layout::SECRET_FIELD.0, layout::SECRET_FIELD.1);
    window.type_text(&canaries.secret);
    window.click(layout::PLUS_15_MIN.0, layout::PLUS_15_MIN.1);
    let signed = window.copy_token_until("sign in the window", |text| {
        text.starts_with("eyJ") && text != token && text.split('.').count() == 3
    });
    window.click(layout::LANGUAGE.0, layout::LANGUAGE.1);
    window.click(layout::LANGUAGE_ENGLISH.0, layout::LANGUAGE_ENGLISH.1);
    window.click(layout::THEME.0, layout::THEME.1);
    window.click(layout::THEME_LIGHT.0, layout::THEME_LIGHT.1);
    if remember_drafts {
        window.click(layout::REMEMBER_DRAFTS.0, layout::REMEMBER_DRAFTS.1);
    }
    window.quit();

    // The window's token is signed with the canary secret and still carries the canaries.
    let mut check = binary::jwtpad();
    home.apply(&mut check);
    check.env("CANARY_SECRET", &canaries.secret).args([
        "decode",
        "--json",
        "--secret-env",
        "CANARY_SECRET",
        &signed,
    ]);
    let decoded = binary::run(check, None);
    assert_eq!(decoded.code, 0, "{}\n{}", decoded.stdout, decoded.stderr);
    assert!(
        decoded.stdout.contains(&canaries.cpf) && decoded.stdout.contains(&canaries.email),
        "{}",
        decoded.stdout
    );
    home.cli(&["profile", "rm", &profile], None);

    let saved = std::fs::read_to_string(home.saved_settings()).unwrap_or_else(|e| {
        panic!(
            "eframe saved no settings at {}: {e}",
            home.saved_settings().display()
        )
    });
    assert!(
        saved.contains("theme:Light") && saved.contains("language:English"),
        "the theme and language changes were not saved: {saved}"
    );
    assert_eq!(
        saved.contains("keep_drafts:true"),
        remember_drafts,
        "Remember drafts saved as expected: {saved}"
    );

    let files = searched_files(&home);
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("config/jwtpad/profiles.json"))
            || files
                .iter()
                .any(|f| f.starts_with(home.root.join("config"))),
        "the profile's metadata was written somewhere under config: {files:?}"
    );
    let hits = proof::find_canaries(
        &files,
        &[
            ("secret", &canaries.secret),
            ("CPF", &canaries.cpf),
            ("e-mail", &canaries.email),
        ],
    );
    println!(
        "{name}: searched {} files; canaries found: {hits:?}",
        files.len()
    );
    // Allowed there, but worth knowing: the keyring's files are encrypted, so even they
    // should not show the secret.
    if let Some(keyrings) = keyring_dir() {
        let in_keyring = proof::find_canaries(
            &proof::files_under(&[keyrings]),
            &[("secret", &canaries.secret)],
        );
        println!("{name}: the keyring's own files show the secret as: {in_keyring:?}");
    }
    (home, hits)
}

fn canaries() -> Canaries {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let cpf = binary::jwtpad_args(&["cpf"]).stdout.trim().to_owned();
    assert_eq!(cpf.len(), 11, "jwtpad cpf made {cpf:?}");
    Canaries {
        secret: format!("CANARY-secret-{seed:x}"),
        cpf,
        email: format!("canary.{seed:x}@example.com"),
    }
}

#[test]
fn no_secret_or_personal_data_reaches_the_disk() {
    if binary::testing_windows_exe()
        || !desktop::desktop_ready(
            "nothing on disk (canaries)",
            &["DISPLAY", "DBUS_SESSION_BUS_ADDRESS"],
            &["xdotool", "xclip"],
        )
    {
        return;
    }
    let _display = desktop::lock_display();
    let canaries = canaries();

    let (_, hits) = session("on-disk-drafts-off", &canaries, false);
    assert!(
        hits.is_empty(),
        "with Remember drafts off, canaries reached the disk:\n{}",
        hits.join("\n")
    );

    let (home, hits) = session("on-disk-drafts-on", &canaries, true);
    let saved = home.saved_settings().display().to_string();
    let misplaced: Vec<&String> = hits
        .iter()
        .filter(|hit| hit.contains("the secret") || !hit.starts_with(&format!("{saved}:")))
        .collect();
    assert!(
        misplaced.is_empty(),
        "with Remember drafts on, only the CPF and e-mail may be on disk, only in {saved}:\n{}",
        hits.join("\n")
    );
    // The drafts hold the payload: if the search missed them here it would be blind.
    for what in ["CPF", "e-mail"] {
        assert!(
            hits.iter()
                .any(|hit| hit.contains(&format!("the {what} as raw"))),
            "the remembered drafts should hold the {what}, and the search should see it: {hits:?}"
        );
    }
}
