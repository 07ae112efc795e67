//! The window's clipboard. Every copy goes through [`Clipboard`], which remembers what
//! jwtpad put there (in memory only, zeroized when dropped: it may be a secret) and clears
//! it after a delay or on quit, but only while the clipboard still holds exactly that: what
//! the user copied since is never wiped.
//!
//! The text itself goes out through egui (`ctx.copy_text`, eframe's clipboard), so the
//! selection lives as long as the window and kittest sees the copy; a [`Board`] of our own
//! reads it back and clears it.

use std::fmt;
use std::time::{Duration, Instant};

use rust_i18n::t;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// The environment variable (seconds, `0` = off) that overrides the window's setting.
pub const CLEAR_VAR: &str = "JWTPAD_CLIPBOARD_CLEAR";

/// How long after a copy jwtpad clears the clipboard; `0` means never. Saved in the
/// window's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClearAfter(pub u64);

impl Default for ClearAfter {
    fn default() -> Self {
        ClearAfter(60)
    }
}

impl ClearAfter {
    /// What the window's picker offers.
    pub const CHOICES: [ClearAfter; 6] = [
        ClearAfter(0),
        ClearAfter(10),
        ClearAfter(30),
        ClearAfter(60),
        ClearAfter(120),
        ClearAfter(300),
    ];

    /// The delay, or `None` when clearing is off.
    pub fn delay(self) -> Option<Duration> {
        (self.0 > 0).then(|| Duration::from_secs(self.0))
    }

    /// Reads [`CLEAR_VAR`]'s value: `None` when it is unset or empty.
    ///
    /// # Errors
    ///
    /// [`BadClearVar`] when it is not a whole number of seconds.
    pub fn from_env(raw: Option<&str>) -> Result<Option<ClearAfter>, BadClearVar> {
        let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
            return Ok(None);
        };
        raw.parse::<u64>()
            .map(|secs| Some(ClearAfter(secs)))
            .map_err(|_| BadClearVar {
                value: raw.chars().take(40).collect(),
            })
    }
}

/// [`CLEAR_VAR`] holds something other than a whole number of seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BadClearVar {
    /// What it holds (its first 40 characters).
    pub value: String,
}

impl BadClearVar {
    /// A stable code for this problem.
    pub fn code(&self) -> &'static str {
        "bad-clipboard-clear-var"
    }
}

impl fmt::Display for BadClearVar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&t!(
            "clip.bad_var",
            var = CLEAR_VAR,
            value = self.value.as_str()
        ))
    }
}

impl std::error::Error for BadClearVar {}

/// A clipboard jwtpad can read and clear: arboard in the window, a fake in tests.
pub trait Board {
    /// The text the clipboard holds, `None` when it holds none.
    ///
    /// # Errors
    ///
    /// The platform's reason, in its words, when the clipboard cannot be read.
    fn get_text(&mut self) -> Result<Option<Zeroizing<String>>, String>;
    /// Empties the clipboard.
    ///
    /// # Errors
    ///
    /// The platform's reason when it cannot.
    fn clear(&mut self) -> Result<(), String>;
}

impl Board for arboard::Clipboard {
    fn get_text(&mut self) -> Result<Option<Zeroizing<String>>, String> {
        match arboard::Clipboard::get_text(self) {
            Ok(text) => Ok(Some(Zeroizing::new(text))),
            Err(arboard::Error::ContentNotAvailable) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn clear(&mut self) -> Result<(), String> {
        arboard::Clipboard::clear(self).map_err(|e| e.to_string())
    }
}

fn open_arboard() -> Result<Box<dyn Board>, String> {
    arboard::Clipboard::new()
        .map(|c| Box::new(c) as Box<dyn Board>)
        .map_err(|e| e.to_string())
}

/// What happened when the delay ran out (or the window closed) with a copy pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The clipboard still held jwtpad's copy and is now empty.
    Cleared,
    /// Something else was copied since: left alone.
    Replaced,
    /// The clipboard could not be read, so it was left alone rather than risk wiping the
    /// user's own copy.
    Unreadable,
}

/// jwtpad's last copy, waiting to be cleared.
struct Pending {
    text: Zeroizing<String>,
    due: Instant,
}

/// Every copy the window makes, and when each is to be cleared.
pub struct Clipboard {
    board: Option<Box<dyn Board>>,
    open: fn() -> Result<Box<dyn Board>, String>,
    pending: Option<Pending>,
}

impl Default for Clipboard {
    /// The system clipboard through arboard, opened on first use.
    fn default() -> Self {
        Clipboard {
            board: None,
            open: open_arboard,
            pending: None,
        }
    }
}

impl Clipboard {
    /// Over `board` instead of the system clipboard (tests).
    pub fn with_board(board: Box<dyn Board>) -> Self {
        Clipboard {
            board: Some(board),
            ..Clipboard::default()
        }
    }

    /// On X11 the board must outlive what it serves, so it is opened once and kept.
    fn board(&mut self) -> Result<&mut Box<dyn Board>, String> {
        if self.board.is_none() {
            self.board = Some((self.open)()?);
        }
        self.board.as_mut().ok_or_else(String::new)
    }

    /// The clipboard's text, for Paste; `None` when it holds none.
    ///
    /// # Errors
    ///
    /// Why the clipboard cannot be opened or read.
    pub fn read(&mut self) -> Result<Option<Zeroizing<String>>, String> {
        self.board()?.get_text()
    }

    /// Notes that jwtpad just put `text` on the clipboard, to clear it after `after`.
    /// A later copy replaces an earlier one's schedule: only the last copy can still be
    /// on the clipboard.
    pub fn copied(&mut self, text: &str, after: ClearAfter, now: Instant) {
        self.pending = after.delay().map(|delay| Pending {
            text: Zeroizing::new(text.to_owned()),
            due: now + delay,
        });
    }

    /// How long until the pending copy is to be cleared; `None` when none is.
    pub fn due_in(&self, now: Instant) -> Option<Duration> {
        self.pending
            .as_ref()
            .map(|p| p.due.saturating_duration_since(now))
    }

    /// Clears the clipboard once the delay has run out, if it still holds jwtpad's copy.
    /// `None` while nothing is due.
    pub fn tick(&mut self, now: Instant) -> Option<Outcome> {
        if self.due_in(now)? > Duration::ZERO {
            return None;
        }
        self.clear_now()
    }

    /// Clears the clipboard now (the window is closing), if it still holds jwtpad's copy.
    /// `None` when no copy was pending.
    pub fn clear_now(&mut self) -> Option<Outcome> {
        let pending = self.pending.take()?;
        let Ok(board) = self.board() else {
            return Some(Outcome::Unreadable);
        };
        Some(match board.get_text() {
            Ok(Some(held)) if *held == *pending.text => match board.clear() {
                Ok(()) => Outcome::Cleared,
                Err(_) => Outcome::Unreadable,
            },
            Ok(_) => Outcome::Replaced,
            Err(_) => Outcome::Unreadable,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A clipboard held in a shared cell, so the test plays "another program" too.
    #[derive(Clone, Default)]
    struct Fake(Rc<RefCell<Option<String>>>);

    impl Board for Fake {
        fn get_text(&mut self) -> Result<Option<Zeroizing<String>>, String> {
            Ok(self.0.borrow().clone().map(Zeroizing::new))
        }
        fn clear(&mut self) -> Result<(), String> {
            *self.0.borrow_mut() = None;
            Ok(())
        }
    }

    /// Stands in for egui's `copy_text`.
    fn copy(clip: &mut Clipboard, fake: &Fake, text: &str, after: ClearAfter, now: Instant) {
        *fake.0.borrow_mut() = Some(text.to_owned());
        clip.copied(text, after, now);
    }

    #[test]
    fn clears_after_the_delay_when_it_still_holds_our_copy() {
        let fake = Fake::default();
        let mut clip = Clipboard::with_board(Box::new(fake.clone()));
        let t0 = Instant::now();
        copy(&mut clip, &fake, "eyJ.token", ClearAfter(60), t0);
        assert_eq!(clip.due_in(t0), Some(Duration::from_secs(60)));
        assert_eq!(clip.tick(t0 + Duration::from_secs(59)), None);
        assert_eq!(fake.0.borrow().as_deref(), Some("eyJ.token"));
        assert_eq!(
            clip.tick(t0 + Duration::from_secs(60)),
            Some(Outcome::Cleared)
        );
        assert_eq!(*fake.0.borrow(), None);
        // Done: nothing more to do, and the idle window sleeps.
        assert_eq!(clip.due_in(t0 + Duration::from_secs(61)), None);
        assert_eq!(clip.tick(t0 + Duration::from_secs(120)), None);
    }

    #[test]
    fn never_wipes_what_was_copied_since() {
        let fake = Fake::default();
        let mut clip = Clipboard::with_board(Box::new(fake.clone()));
        let t0 = Instant::now();
        copy(&mut clip, &fake, "eyJ.token", ClearAfter(60), t0);
        *fake.0.borrow_mut() = Some("the user's own text".to_owned());
        assert_eq!(
            clip.tick(t0 + Duration::from_secs(61)),
            Some(Outcome::Replaced)
        );
        assert_eq!(fake.0.borrow().as_deref(), Some("the user's own text"));
        // A prefix is not a match either: "exactly what jwtpad put there".
        copy(&mut clip, &fake, "eyJ.token", ClearAfter(1), t0);
        *fake.0.borrow_mut() = Some("eyJ.token ".to_owned());
        assert_eq!(clip.clear_now(), Some(Outcome::Replaced));
        assert_eq!(fake.0.borrow().as_deref(), Some("eyJ.token "));
    }

    #[test]
    fn zero_is_off() {
        let fake = Fake::default();
        let mut clip = Clipboard::with_board(Box::new(fake.clone()));
        let t0 = Instant::now();
        copy(&mut clip, &fake, "secret", ClearAfter(0), t0);
        assert_eq!(clip.due_in(t0), None);
        assert_eq!(clip.tick(t0 + Duration::from_secs(3600)), None);
        assert_eq!(clip.clear_now(), None, "quitting leaves it too");
        assert_eq!(fake.0.borrow().as_deref(), Some("secret"));
    }

    #[test]
    fn a_later_copy_takes_over_the_schedule() {
        let fake = Fake::default();
        let mut clip = Clipboard::with_board(Box::new(fake.clone()));
        let t0 = Instant::now();
        copy(&mut clip, &fake, "first", ClearAfter(10), t0);
        copy(
            &mut clip,
            &fake,
            "second",
            ClearAfter(10),
            t0 + Duration::from_secs(8),
        );
        assert_eq!(clip.tick(t0 + Duration::from_secs(11)), None);
        assert_eq!(
            clip.tick(t0 + Duration::from_secs(18)),
            Some(Outcome::Cleared)
        );
        assert_eq!(*fake.0.borrow(), None);
    }

    #[test]
    fn quitting_clears_before_the_delay() {
        let fake = Fake::default();
        let mut clip = Clipboard::with_board(Box::new(fake.clone()));
        copy(
            &mut clip,
            &fake,
            "eyJ.token",
            ClearAfter(60),
            Instant::now(),
        );
        assert_eq!(clip.clear_now(), Some(Outcome::Cleared));
        assert_eq!(*fake.0.borrow(), None);
    }

    #[test]
    fn an_unreadable_clipboard_is_left_alone() {
        struct Broken;
        impl Board for Broken {
            fn get_text(&mut self) -> Result<Option<Zeroizing<String>>, String> {
                Err("no display".to_owned())
            }
            fn clear(&mut self) -> Result<(), String> {
                panic!("must not clear what it could not read")
            }
        }
        let mut clip = Clipboard::with_board(Box::new(Broken));
        clip.copied("x", ClearAfter(1), Instant::now());
        assert_eq!(clip.clear_now(), Some(Outcome::Unreadable));
    }

    #[test]
    fn the_variable_overrides_with_whole_seconds_only() {
        assert_eq!(ClearAfter::from_env(None), Ok(None));
        assert_eq!(ClearAfter::from_env(Some("  ")), Ok(None));
        assert_eq!(ClearAfter::from_env(Some("2")), Ok(Some(ClearAfter(2))));
        assert_eq!(ClearAfter::from_env(Some(" 0 ")), Ok(Some(ClearAfter(0))));
        for bad in ["-1", "1.5", "60s", "abc"] {
            let err = ClearAfter::from_env(Some(bad)).unwrap_err();
            assert_eq!(err.code(), "bad-clipboard-clear-var");
            assert_eq!(err.value, bad);
        }
        assert_eq!(ClearAfter::default(), ClearAfter(60));
    }
}
