//! A debug frame counter for measuring idle repaints: with [`FRAME_LOG_VAR`] set to a path
//! (or `-` for stderr), each painted frame appends one line, `t=<seconds since start>
//! frames=<frames so far>`, so a script counts the frames in any span of time, including the
//! spans in which nothing is painted. Unset, it costs one `Option` check a frame.

use rust_i18n::t;
use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where the frame counter writes: a path, `-` for stderr; unset or empty for no counter.
/// Read once, when the window starts.
pub const FRAME_LOG_VAR: &str = "JWTPAD_FRAME_LOG";

/// Counts the frames eframe paints and writes one line per frame.
pub struct FrameLog {
    start: Instant,
    frames: u64,
    out: Box<dyn Write>,
}

impl FrameLog {
    /// The counter [`FRAME_LOG_VAR`]'s value asks for: `None` when it is unset or empty.
    ///
    /// # Errors
    ///
    /// [`FrameLogError`] when the file it names cannot be created.
    pub fn open(raw: Option<&std::ffi::OsStr>) -> Result<Option<FrameLog>, FrameLogError> {
        let Some(raw) = raw.filter(|r| !r.is_empty()) else {
            return Ok(None);
        };
        let out: Box<dyn Write> = if raw == "-" {
            Box::new(std::io::stderr())
        } else {
            let path = PathBuf::from(raw);
            match std::fs::File::create(&path) {
                Ok(file) => Box::new(file),
                Err(source) => return Err(FrameLogError { path, source }),
            }
        };
        Ok(Some(FrameLog::to(out)))
    }

    /// A counter writing to `out`, its clock starting now.
    pub fn to(out: Box<dyn Write>) -> FrameLog {
        FrameLog {
            start: Instant::now(),
            frames: 0,
            out,
        }
    }

    /// Counts one painted frame and writes its line. A write that fails turns the counter
    /// off rather than disturb the window: it is a measuring aid, not a feature.
    pub fn frame(&mut self) -> std::io::Result<()> {
        self.frames += 1;
        let line = line(self.start.elapsed(), self.frames);
        // One write per line, unbuffered: a script reads the file while the window runs.
        self.out.write_all(line.as_bytes())
    }

    /// The frames counted so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }
}

/// One frame's line: seconds since start with milliseconds, and the running count.
fn line(elapsed: Duration, frames: u64) -> String {
    format!(
        "t={}.{:03} frames={frames}\n",
        elapsed.as_secs(),
        elapsed.subsec_millis()
    )
}

/// The frames painted in `[from, to)` seconds, read back from a frame log's lines: what
/// `benches/compare.sh` does with awk. Lines that are not a counter's are skipped.
#[cfg(test)]
fn frames_between(log: &str, from: f64, to: f64) -> usize {
    log.lines()
        .filter_map(|l| l.strip_prefix("t=")?.split(' ').next()?.parse::<f64>().ok())
        .filter(|t| (from..to).contains(t))
        .count()
}

/// [`FRAME_LOG_VAR`] names a file that cannot be created.
#[derive(Debug)]
#[non_exhaustive]
pub struct FrameLogError {
    /// The path it names.
    pub path: PathBuf,
    /// Why it cannot be created.
    pub source: std::io::Error,
}

impl FrameLogError {
    /// A stable code for this problem.
    pub fn code(&self) -> &'static str {
        "frame-log-unwritable"
    }
}

impl fmt::Display for FrameLogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&t!(
            "framelog.unwritable",
            var = FRAME_LOG_VAR,
            path = self.path.display().to_string(),
            reason = self.source.to_string()
        ))
    }
}

impl std::error::Error for FrameLogError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A `Write` the test can read back.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_line_carries_seconds_with_milliseconds_and_the_running_count() {
        assert_eq!(
            line(Duration::from_millis(12_034), 7),
            "t=12.034 frames=7\n"
        );
        assert_eq!(line(Duration::from_millis(5), 1), "t=0.005 frames=1\n");
    }

    #[test]
    fn each_frame_writes_one_line_and_counts_up() {
        let out = Shared::default();
        let mut log = FrameLog::to(Box::new(out.clone()));
        for _ in 0..3 {
            log.frame().unwrap();
        }
        assert_eq!(log.frames(), 3);
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        let counts: Vec<&str> = text.lines().filter_map(|l| l.split(' ').nth(1)).collect();
        assert_eq!(counts, ["frames=1", "frames=2", "frames=3"]);
        assert_eq!(frames_between(&text, 0.0, 60.0), 3);
    }

    #[test]
    fn frames_between_counts_only_the_span_asked_for() {
        // Start-up frames, then one a second from t=2 (a seconds countdown), then silence.
        let log = "t=0.010 frames=1\nt=0.050 frames=2\nt=2.000 frames=3\nt=3.001 frames=4\n\
                   t=4.000 frames=5\nnot a frame line\nt=7.000 frames=6\n";
        assert_eq!(frames_between(log, 2.0, 7.0), 3);
        assert_eq!(frames_between(log, 0.0, 2.0), 2);
        assert_eq!(frames_between(log, 7.5, 12.0), 0);
    }

    #[test]
    fn unset_or_empty_means_no_counter() {
        assert!(FrameLog::open(None).unwrap().is_none());
        assert!(
            FrameLog::open(Some(std::ffi::OsStr::new("")))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_path_that_cannot_be_created_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-dir").join("frames.log");
        let err = FrameLog::open(Some(path.as_os_str())).err().unwrap();
        assert_eq!(err.code(), "frame-log-unwritable");
        assert_eq!(err.path, path);
    }

    #[test]
    fn a_path_gets_the_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("frames.log");
        let mut log = FrameLog::open(Some(path.as_os_str())).unwrap().unwrap();
        log.frame().unwrap();
        log.frame().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(frames_between(&text, 0.0, 60.0), 2);
    }
}
