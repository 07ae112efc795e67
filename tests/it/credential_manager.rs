//! Profiles in the Windows Credential Manager: the Windows build, under Wine, adds, lists,
//! shows, signs and verifies with, renames and removes a profile, and the credential is
//! checked in Wine's registry at each step.
//!
//! Runs when the tests drive the Windows binary (`JWTPAD_TEST_WRAPPER=wine`, see
//! .ci/windows.sh); otherwise it prints `SKIPPED: ...` and passes. It works in a Wine prefix
//! of its own, copied from `$WINEPREFIX`, with a wineserver of its own: it stops that server
//! to make it write the registry to disk, which the other tests' server must not suffer.
//!
//! Where Wine keeps credentials: `HKCU\Software\Wine\Credential Manager`, one key per
//! credential named `Generic: <target>`, saved in the prefix's `user.reg`; the secret is the
//! key's `Password` value, encrypted with a key kept beside it (so not in clear, but not
//! protected either: Windows' DPAPI has no Wine equivalent here).

use crate::shared::binary::{self, Run, run};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where Wine's advapi32 keeps the credentials of the Credential Manager.
const CREDENTIAL_KEY: &str = r"HKCU\Software\Wine\Credential Manager";

/// A copy of the Wine prefix with a persistent wineserver of its own; the server is stopped
/// on drop.
struct PrivatePrefix {
    dir: tempfile::TempDir,
}

impl PrivatePrefix {
    fn copy_of(original: &Path) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let prefix = dir.path().join("prefix");
        // Hard links for the hundreds of megabytes of DLLs Wine never rewrites; real copies of
        // the registry files, which it does (it writes a new file and renames it, but a copy
        // costs nothing and keeps the original out of reach for sure).
        let status = Command::new("cp")
            .arg("-al")
            .arg(original)
            .arg(&prefix)
            .status()
            .expect("run cp");
        assert!(status.success(), "cp -al {}", original.display());
        for name in ["system.reg", "user.reg", "userdef.reg"] {
            let path = prefix.join(name);
            if path.exists() {
                let bytes = std::fs::read(&path).unwrap();
                std::fs::remove_file(&path).unwrap();
                std::fs::write(&path, bytes).unwrap();
            }
        }
        let this = PrivatePrefix { dir };
        this.start_server();
        this
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("prefix")
    }

    fn wine_tool(&self, program: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env("WINEPREFIX", self.path())
            .env("WINEDEBUG", "-all")
            .stdin(Stdio::null());
        cmd
    }

    fn start_server(&self) {
        let status = self
            .wine_tool("wineserver", &["-p"])
            .status()
            .expect("run wineserver -p");
        assert!(status.success(), "wineserver -p");
        // Start Wine's services (winedevice and friends) now, with no pipes of ours: the
        // first Wine program of a server starts them, they inherit its stdout and stay, and
        // a test reading that program's output to the end would wait for them forever.
        let status = self
            .wine_tool("wineboot", &[])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run wineboot");
        assert!(status.success(), "wineboot");
    }

    /// Stops the server, which writes the registry to the prefix's `*.reg` files.
    fn flush(&self) {
        let status = self
            .wine_tool("wineserver", &["-k"])
            .status()
            .expect("run wineserver -k");
        assert!(status.success(), "wineserver -k");
        let status = self
            .wine_tool("wineserver", &["-w"])
            .status()
            .expect("run wineserver -w");
        assert!(status.success(), "wineserver -w");
    }

    /// The credentials Wine holds, from `reg export` (a UTF-16 `.reg` file: `reg query`
    /// would print in the console's OEM code page): each key's name (`Generic: <target>`)
    /// and its `Comment` value.
    fn credentials(&self) -> Vec<(String, String)> {
        let exported = self.dir.path().join("credentials.reg");
        let _ = std::fs::remove_file(&exported);
        let exported_arg = format!("Z:{}", exported.display()).replace('/', "\\");
        let status = self
            .wine_tool(
                "wine",
                &["reg", "export", CREDENTIAL_KEY, &exported_arg, "/y"],
            )
            .stdout(Stdio::null())
            .status()
            .expect("run wine reg export");
        assert!(status.success(), "wine reg export");
        let bytes = std::fs::read(&exported).unwrap();
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        let text = String::from_utf16(&units).expect("a UTF-16 .reg file");
        let header = format!("[{}\\", CREDENTIAL_KEY.replace("HKCU", "HKEY_CURRENT_USER"));
        let mut found: Vec<(String, String)> = Vec::new();
        for line in text
            .lines()
            .map(|line| line.trim_matches(['\u{feff}', '\r']))
        {
            if let Some(name) = line.strip_prefix(&header).and_then(|n| n.strip_suffix(']')) {
                found.push((name.to_owned(), String::new()));
            } else if let Some(comment) = line.strip_prefix("\"Comment\"=\"") {
                let comment = comment.strip_suffix('"').unwrap_or(comment);
                if let Some(last) = found.last_mut() {
                    last.1 = comment.replace("\\\"", "\"").replace("\\\\", "\\");
                }
            }
        }
        found
    }

    /// The files of the prefix that hold any of `needles`, with the needles they hold
    /// (one `grep` over the whole prefix; the DLLs make it hundreds of megabytes).
    fn files_containing(&self, needles: &[(String, Vec<u8>)]) -> Vec<(PathBuf, Vec<String>)> {
        files_containing(&self.path(), needles)
    }
}

/// The files under `dir` that hold any of `needles`, with the names of the needles they hold.
fn files_containing(dir: &Path, needles: &[(String, Vec<u8>)]) -> Vec<(PathBuf, Vec<String>)> {
    let pattern = needles
        .iter()
        .map(|(_, bytes)| {
            bytes
                .iter()
                .map(|b| format!("\\x{b:02x}"))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("|");
    let out = Command::new("grep")
        .env("LC_ALL", "C")
        .args(["-rlaP", &pattern])
        .arg(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run grep");
    assert!(out.status.code() != Some(2), "grep failed: {out:?}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(PathBuf::from)
        .map(|file| {
            let bytes = std::fs::read(&file).unwrap();
            let found = needles
                .iter()
                .filter(|(_, needle)| contains(&bytes, needle))
                .map(|(form, _)| form.clone())
                .collect();
            (file, found)
        })
        .collect()
}

impl Drop for PrivatePrefix {
    fn drop(&mut self) {
        let _ = self.wine_tool("wineserver", &["-k"]).status();
        let _ = self.wine_tool("wineserver", &["-w"]).status();
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The canary as it could be written down: raw, base64, base64url, hex (both cases),
/// UTF-16LE, and as a `.reg` file writes binary values (`hex:43,41,...`).
fn canary_forms(canary: &str) -> Vec<(String, Vec<u8>)> {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD_NO_PAD.encode(canary);
    let b64url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(canary);
    let hex: String = canary.bytes().map(|b| format!("{b:02x}")).collect();
    let reg_hex = canary
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(",");
    let utf16: Vec<u8> = canary.encode_utf16().flat_map(u16::to_le_bytes).collect();
    vec![
        ("raw".into(), canary.as_bytes().to_vec()),
        ("base64".into(), b64.into_bytes()),
        ("base64url".into(), b64url.into_bytes()),
        ("hex".into(), hex.clone().into_bytes()),
        ("HEX".into(), hex.to_uppercase().into_bytes()),
        ("UTF-16LE".into(), utf16),
        (".reg hex".into(), reg_hex.into_bytes()),
    ]
}

fn ok(run: &Run, what: &str) {
    assert_eq!(
        run.code, 0,
        "{what} failed:\nstdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
}

#[test]
fn profiles_live_in_the_credential_manager_and_nowhere_else() {
    if !binary::testing_windows_exe() {
        eprintln!(
            "SKIPPED: Credential Manager profiles: the tests drive this platform's binary, \
             not the Windows one under Wine (.ci/windows.sh runs this)"
        );
        return;
    }
    let original = std::env::var_os("WINEPREFIX")
        .map(PathBuf::from)
        .expect("WINEPREFIX must name the Wine prefix the Windows tests use");
    let prefix = PrivatePrefix::copy_of(&original);
    let canary = format!("CANARY-{}-wq7", std::process::id());
    let name = "Caf beta · Smart Auth";
    let jwtpad = |args: &[&str], stdin: Option<&[u8]>| {
        let mut cmd = binary::jwtpad();
        cmd.env("WINEPREFIX", prefix.path()).args(args);
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
        // As Notepad or `echo` in cmd.exe would end it.
        Some(format!("{canary}\r\n").as_bytes()),
    );
    ok(&added, "profile add");
    assert!(
        added.stdout.contains("The key is in the OS keyring"),
        "{}",
        added.stdout
    );

    let shown = jwtpad(&["profile", "show", name, "--json"], None);
    ok(&shown, "profile show");
    let shown: Value = shown.json();
    let account = shown["keyring_account"].as_str().unwrap().to_owned();
    assert!(account.starts_with("profile-"), "{account}");
    assert_eq!(shown["client_id"], "client-123");
    assert_eq!(
        shown["key"]["description"],
        format!("HMAC secret ({} bytes)", canary.len()),
        "the CRLF that ended the secret is not part of it"
    );

    // One credential, named as the Control Panel and `cmdkey /list` show it.
    let target = format!("jwtpad/{account}");
    // The profile's name is the credential's comment.
    assert_eq!(
        prefix.credentials(),
        vec![(
            format!("Generic: {target}"),
            format!("jwtpad profile \"{name}\"")
        )],
        "the credentials Wine holds"
    );

    let listed = jwtpad(&["profile", "list", "--json"], None);
    ok(&listed, "profile list");
    let listed = listed.json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["name"], name);
    assert!(!listed.to_string().contains(&canary), "{listed}");

    // The metadata lives in %APPDATA%\jwtpad, without the secret.
    let profiles_json = binary::wine_appdata(&prefix.path()).join("jwtpad/profiles.json");
    let metadata = std::fs::read_to_string(&profiles_json)
        .unwrap_or_else(|e| panic!("{}: {e}", profiles_json.display()));
    assert!(metadata.contains(&account), "{metadata}");

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
    let mut direct = binary::jwtpad();
    direct
        .env("WINEPREFIX", prefix.path())
        .env("THE_SECRET", &canary)
        .args(["decode", "--secret-env", "THE_SECRET", &token]);
    ok(
        &run(direct, None),
        "the profile's key is exactly the secret that was added",
    );

    // While the credential exists, the secret is nowhere in the prefix, in any form, except
    // in the credential's own registry key.
    prefix.flush();
    let forms = canary_forms(&canary);
    // The search finds each form (a control: a search that finds nothing proves nothing).
    let control = tempfile::tempdir().unwrap();
    for (form, bytes) in &forms {
        std::fs::write(control.path().join(form.replace(' ', "-")), bytes).unwrap();
    }
    let seen = files_containing(control.path(), &forms);
    assert_eq!(seen.len(), forms.len(), "{seen:?}");
    let user_reg = prefix.path().join("user.reg");
    let registry = std::fs::read(&user_reg).unwrap();
    let section = format!("[Software\\\\Wine\\\\Credential Manager\\\\Generic: {target}]");
    assert!(
        contains(&registry, section.as_bytes()),
        "user.reg has no {section}"
    );
    for (file, found) in prefix.files_containing(&forms) {
        assert!(
            file == user_reg && only_in_section(&registry, section.as_bytes(), &forms),
            "the secret reached {} as {found:?}",
            file.display()
        );
        println!("note: Wine keeps the secret readable in {section} of user.reg ({found:?})");
    }
    prefix.start_server();

    // Rename: the old name is gone, the secret stays under the same credential.
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
    assert_eq!(
        prefix.credentials(),
        vec![(
            format!("Generic: {target}"),
            "jwtpad profile \"caf\"".to_owned()
        )]
    );
    ok(
        &jwtpad(&["decode", "--profile", "caf", &token], None),
        "decode after rename",
    );

    // Remove: the credential is gone, and the profile from the list.
    ok(&jwtpad(&["profile", "rm", "caf"], None), "profile rm");
    assert_eq!(prefix.credentials(), Vec::new());
    let listed = jwtpad(&["profile", "list", "--json"], None);
    ok(&listed, "profile list after rm");
    assert_eq!(listed.json(), Value::Array(vec![]));

    // And now the secret is nowhere at all.
    prefix.flush();
    let hits = prefix.files_containing(&forms);
    assert!(hits.is_empty(), "the secret is still on disk: {hits:?}");
}

/// Whether every needle found in the registry file lies inside `section` (from its header
/// to the next `[` at the start of a line).
fn only_in_section(registry: &[u8], section: &[u8], needles: &[(String, Vec<u8>)]) -> bool {
    let Some(start) = registry.windows(section.len()).position(|w| w == section) else {
        return false;
    };
    let body = start + section.len();
    let end = registry[body..]
        .windows(2)
        .position(|w| w == b"\n[")
        .map_or(registry.len(), |at| body + at);
    let (before, after) = (&registry[..start], &registry[end..]);
    needles
        .iter()
        .all(|(_, needle)| !contains(before, needle) && !contains(after, needle))
}
