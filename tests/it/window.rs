//! Smoke test of the real window: start the built `jwtpad` with no arguments on the X
//! display in `$DISPLAY`, wait for its window, check a screenshot of it is not blank, close it
//! with Ctrl+Q like a person would, and check it exits with status 0 having written no token.
//!
//! Needs `DISPLAY`, `xdotool` and ImageMagick's `import` and `identify`; without them it
//! prints `SKIPPED: ...` (or fails when `JWTPAD_REQUIRE_DESKTOP` is set, as in CI).
//! The screenshot is kept in `target/tmp/window-smoke/window.png` for a human to look at.
//!
//! With `JWTPAD_TEST_WINDOW_EXE=/path/jwtpad.exe` and `JWTPAD_TEST_WRAPPER=wine` the same
//! test drives the Windows build's window under Wine (.ci/windows.sh).

use crate::shared::{JWTIO, binary, desktop};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Hang guard for the window to appear and paint (a cold Mesa start can be slow).
const APPEAR_TIMEOUT: Duration = Duration::from_secs(30);
/// Hang guard for the app to exit after Ctrl+Q.
const EXIT_TIMEOUT: Duration = Duration::from_secs(20);
/// Hang guard for each `xdotool`/`import`/`identify` call.
const TOOL_TIMEOUT: Duration = Duration::from_secs(15);
/// How often to look again while waiting.
const POLL: Duration = Duration::from_millis(200);
/// A blank or black window has one or two colours; text, its anti-aliasing and the code
/// background give the real page hundreds.
const MIN_COLOURS: u64 = 16;

#[test]
fn window_opens_shows_its_page_and_closes_on_ctrl_q() {
    if !desktop::desktop_ready(
        "window smoke test",
        &["DISPLAY"],
        &["xdotool", "import", "identify", "convert", "xclip"],
    ) {
        return;
    }
    // The window, the keys typed into it and the clipboard are the display's.
    let _display = desktop::lock_display();
    let scratch = Scratch::new("window-smoke");
    let (_, windows) = binary::window_command();
    // Where eframe saves: $XDG_DATA_HOME/jwtpad here, %APPDATA%\jwtpad\data on Windows.
    let (data_home, saved_dir) = if windows {
        let prefix = std::env::var_os("WINEPREFIX").expect("WINEPREFIX for the Windows window");
        let saved = binary::wine_appdata(Path::new(&prefix)).join("jwtpad/data");
        if saved.exists() {
            std::fs::remove_dir_all(&saved).unwrap();
        }
        (scratch.dir.join("xdg-data"), saved)
    } else {
        let data_home = scratch.dir.join("xdg-data");
        (data_home.clone(), data_home)
    };
    std::fs::create_dir_all(&data_home).unwrap();

    let started = Instant::now();
    let mut app = RunningApp::launch(&scratch, &data_home);
    let window = app.wait_for_window(&scratch);
    let geometry = scratch.tool("xdotool", &["getwindowgeometry", &window]);
    println!(
        "window {window} appeared after {:.2} s; {}",
        started.elapsed().as_secs_f64(),
        geometry
            .lines()
            .find(|line| line.contains("Geometry"))
            .unwrap_or_default()
            .trim()
    );

    let screenshot = scratch.dir.join("window.png");
    let colours = app.wait_for_painted_screenshot(&scratch, &window, &screenshot);
    println!(
        "screenshot {} has {colours} colours, {:.2} s after start",
        screenshot.display(),
        started.elapsed().as_secs_f64()
    );
    let strip = pixels_of(&scratch, &screenshot, DEMO_FILL);
    assert!(strip < 500, "a demo strip without --demo: {strip} pixels");

    // Copy the token with Ctrl+Shift+C and read it back from the real X11 clipboard while
    // the app (the selection's owner) still runs.
    scratch.tool("xdotool", &["windowfocus", "--sync", &window]);
    scratch.tool("xdotool", &["key", "--window", &window, "ctrl+shift+c"]);
    let deadline = Instant::now() + APPEAR_TIMEOUT;
    let copied = loop {
        let text = scratch
            .try_tool("xclip", &["-o", "-selection", "clipboard"])
            .unwrap_or_default();
        if text.starts_with("eyJ") {
            break text;
        }
        assert!(
            Instant::now() < deadline,
            "the token never reached the clipboard: {text:?}"
        );
        std::thread::sleep(POLL);
    };
    // The first-start example is a real token: it decodes, and it is marked as not signed
    // (no key yet) rather than carrying a fake signature.
    let parts: Vec<&str> = copied.trim().split('.').collect();
    assert_eq!(parts.len(), 3, "{copied}");
    assert!(parts[2].is_empty(), "no key, so no signature: {copied}");
    let decoded = Command::new(env!("CARGO_BIN_EXE_jwtpad"))
        .args(["decode", "--json", copied.trim()])
        .output()
        .unwrap();
    assert!(
        decoded.status.success(),
        "{}",
        String::from_utf8_lossy(&decoded.stdout)
    );

    // Paste and decode from the real clipboard (Ctrl+Shift+V reads it through arboard): a
    // token as support staff get it, with a "Bearer " prefix and a line break. Copying it
    // back gives the clean token.
    let pasted = scratch.dir.join("pasted.txt");
    std::fs::write(
        &pasted,
        format!("Bearer {}\n{}\n", &JWTIO[..50], &JWTIO[50..]),
    )
    .unwrap();
    let owner = Command::new("xclip")
        .args(["-selection", "clipboard", "-i"])
        .arg(&pasted)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run xclip -i");
    assert!(owner.success());
    scratch.tool("xdotool", &["key", "--window", &window, "ctrl+shift+v"]);
    let deadline = Instant::now() + APPEAR_TIMEOUT;
    loop {
        scratch.tool("xdotool", &["key", "--window", &window, "ctrl+shift+c"]);
        let text = scratch
            .try_tool("xclip", &["-o", "-selection", "clipboard"])
            .unwrap_or_default();
        if text.trim() == JWTIO {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the pasted token did not come back clean: {text:?}"
        );
        std::thread::sleep(POLL);
    }

    // Then press Ctrl+Q in the window.
    scratch.tool("xdotool", &["key", "--window", &window, "ctrl+q"]);
    let status = app.wait_for_exit();
    assert!(
        status.success(),
        "jwtpad exited with {status} after Ctrl+Q; its stderr:\n{}",
        app.stderr()
    );

    // eframe saves the non-secret settings (window size, theme, algorithm) on exit; that
    // file, and nothing else, may appear, and it must not hold the token or its parts.
    let written = if saved_dir.exists() {
        files_under(&saved_dir)
    } else {
        Vec::new()
    };
    for file in &written {
        assert_eq!(
            file.file_name().and_then(|n| n.to_str()),
            Some("app.ron"),
            "unexpected file {}",
            file.display()
        );
        let saved = std::fs::read_to_string(file).unwrap();
        assert!(
            !saved.contains("eyJ") && !saved.contains(parts[1]),
            "the token reached the disk: {saved}"
        );
    }
}

/// Demo mode's strip colour (`DEMO_FILL` in src/app/views/bars.rs).
const DEMO_FILL: &str = "#c2410c";

/// How many pixels of `colour` the picture at `path` has.
fn pixels_of(scratch: &Scratch, path: &Path, colour: &str) -> u64 {
    let path = path.display().to_string();
    let args = [
        path.as_str(),
        "-fill",
        "black",
        "+opaque",
        colour,
        "-fill",
        "white",
        "-opaque",
        colour,
        "-format",
        "%[fx:round(mean*w*h)]",
        "info:",
    ];
    scratch
        .tool("convert", &args)
        .trim()
        .parse()
        .expect("convert prints a pixel count")
}

#[test]
fn demo_window_shows_its_marker_across_the_window() {
    if !desktop::desktop_ready(
        "demo window test",
        &["DISPLAY"],
        &["xdotool", "import", "identify", "convert"],
    ) {
        return;
    }
    let _display = desktop::lock_display();
    let scratch = Scratch::new("window-demo");
    let data_home = scratch.dir.join("xdg-data");
    std::fs::create_dir_all(&data_home).unwrap();
    let mut app = RunningApp::launch_with(&scratch, &data_home, &["--demo"]);
    let window = app.wait_for_window(&scratch);
    let screenshot = scratch.dir.join("demo.png");
    app.wait_for_painted_screenshot(&scratch, &window, &screenshot);
    // The strip spans the window under the top bar: at least 20 rows of it, less its words.
    let width: u64 = scratch
        .tool(
            "identify",
            &["-format", "%w", &screenshot.display().to_string()],
        )
        .trim()
        .parse()
        .unwrap();
    let strip = pixels_of(&scratch, &screenshot, DEMO_FILL);
    println!("demo strip: {strip} pixels in a window {width} wide");
    assert!(
        strip >= width * 20,
        "no demo marker on screen: {strip} pixels of {DEMO_FILL} in {}",
        screenshot.display()
    );
    scratch.tool("xdotool", &["windowfocus", "--sync", &window]);
    scratch.tool("xdotool", &["key", "--window", &window, "ctrl+q"]);
    let status = app.wait_for_exit();
    assert!(status.success(), "{status}; stderr:\n{}", app.stderr());
}

/// The app under test; killed on drop if it is still running, so a failing test leaves no
/// process behind.
struct RunningApp {
    child: Child,
    stderr_path: PathBuf,
}

impl RunningApp {
    fn launch(scratch: &Scratch, data_home: &Path) -> Self {
        Self::launch_with(scratch, data_home, &[])
    }

    fn launch_with(scratch: &Scratch, data_home: &Path, args: &[&str]) -> Self {
        let stderr_path = scratch.dir.join("jwtpad.stderr");
        let child = binary::window_command()
            .0
            .args(args)
            // Under a Wayland session winit would pick Wayland, where xdotool sees nothing.
            .env_remove("WAYLAND_DISPLAY")
            // Anything eframe might save lands here, where the test can look.
            .env("XDG_DATA_HOME", data_home)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&stderr_path).unwrap())
            .spawn()
            .expect("start the jwtpad binary");
        Self { child, stderr_path }
    }

    /// Polls until a visible window titled exactly `jwtpad` and owned by this process
    /// exists, and returns its X window id.
    fn wait_for_window(&mut self, scratch: &Scratch) -> String {
        let pid = self.child.id().to_string();
        let deadline = Instant::now() + APPEAR_TIMEOUT;
        loop {
            self.assert_running("before its window appeared");
            let found = scratch.try_tool(
                "xdotool",
                &[
                    "search",
                    "--all",
                    "--onlyvisible",
                    "--pid",
                    &pid,
                    "--name",
                    "^jwtpad$",
                ],
            );
            if let Some(window) = found.as_deref().and_then(|out| out.lines().next()) {
                return window.trim().to_owned();
            }
            assert!(
                Instant::now() < deadline,
                "no window titled jwtpad within {APPEAR_TIMEOUT:?} on DISPLAY={:?}; stderr:\n{}",
                std::env::var("DISPLAY"),
                self.stderr()
            );
            std::thread::sleep(POLL);
        }
    }

    /// Screenshots `window` into `path` until the picture has at least [`MIN_COLOURS`]
    /// colours (the first frames may not be painted yet); returns the colour count.
    fn wait_for_painted_screenshot(&mut self, scratch: &Scratch, window: &str, path: &Path) -> u64 {
        let target = format!("png:{}", path.display());
        let deadline = Instant::now() + APPEAR_TIMEOUT;
        loop {
            self.assert_running("while being screenshotted");
            scratch.tool("import", &["-window", window, &target]);
            let colours: u64 = scratch
                .tool("identify", &["-format", "%k", &path.display().to_string()])
                .trim()
                .parse()
                .expect("identify prints a colour count");
            if colours >= MIN_COLOURS {
                return colours;
            }
            assert!(
                Instant::now() < deadline,
                "the window still looks blank after {APPEAR_TIMEOUT:?}: {colours} colours in {}",
                path.display()
            );
            std::thread::sleep(POLL);
        }
    }

    fn wait_for_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + EXIT_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "jwtpad still runs {EXIT_TIMEOUT:?} after Ctrl+Q; stderr:\n{}",
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

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }
}

impl Drop for RunningApp {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A fresh directory under cargo's per-target temp dir for one test's files.
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        Self { dir }
    }

    /// Runs `program args`, which must succeed within [`TOOL_TIMEOUT`]; returns its stdout.
    fn tool(&self, program: &str, args: &[&str]) -> String {
        self.try_tool(program, args).unwrap_or_else(|| {
            panic!(
                "`{program} {}` failed: {}",
                args.join(" "),
                self.read("tool.stderr")
            )
        })
    }

    /// Runs `program args` with a [`TOOL_TIMEOUT`] hang guard; its stdout when it exits 0,
    /// `None` when it exits otherwise (its stderr is left in `tool.stderr`).
    fn try_tool(&self, program: &str, args: &[&str]) -> Option<String> {
        // Output goes to files rather than pipes so that waiting never depends on reading.
        let stdout_path = self.dir.join("tool.stdout");
        let stderr_path = self.dir.join("tool.stderr");
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
        status.success().then(|| self.read("tool.stdout"))
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.join(name)).unwrap_or_default()
    }
}

/// Every file (not directory) under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}
