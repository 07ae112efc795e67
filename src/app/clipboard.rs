//! The window's clipboard. Every copy goes through [`Clipboard`], which remembers what
//! jwtpad put there (in memory only, zeroized when dropped: it may be a secret) and clears
//! it after a delay or on quit, but only while the clipboard still holds exactly that: what
//! the user copied since is never wiped.
//!
//! The text itself goes out through egui (`ctx.copy_text`, eframe's clipboard), so the
//! selection lives as long as the window and kittest sees the copy; a [`Board`] of our own
//! reads it back and clears it.

use std::fmt;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};
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

/// A clipboard jwtpad can read and clear: arboard in the window, a fake in tests. `Send`:
/// the real one is read and cleared on a thread of its own.
pub trait Board: Send {
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

/// What a read of the clipboard gave: its text, `None` when it holds none, or why it
/// could not be read.
pub type Read = Result<Option<Zeroizing<String>>, String>;

/// jwtpad's last copy, waiting to be cleared.
struct Pending {
    text: Zeroizing<String>,
    due: Instant,
}

/// A finished piece of clipboard work.
enum Done {
    /// The answer to the paste with this number.
    Read(u64, Read),
    Clear(Outcome),
}

/// The board, opened on first use and kept: on X11 it must outlive what it serves.
type Shared = Arc<Mutex<Option<Box<dyn Board>>>>;

/// A read that gets no text for this long was left unanswered by the program holding the
/// clipboard (arboard waits 4 s for each format before it gives up), not met by an empty one.
const NO_ANSWER: Duration = Duration::from_secs(2);

/// How long quitting waits for a clipboard that does not answer before it leaves it be.
const EXIT_WAIT: Duration = Duration::from_secs(2);

/// Every copy the window makes, and when each is to be cleared.
///
/// Reading the system clipboard means asking the program that holds it, which may take a
/// while to send 5 MiB or never answer at all; so the real clipboard is read and cleared on
/// a thread, never in a frame, and the result is picked up by a later frame.
pub struct Clipboard {
    board: Shared,
    open: fn() -> Result<Box<dyn Board>, String>,
    pending: Option<Pending>,
    /// On a thread (the system clipboard) or at once (a test's board).
    threaded: bool,
    done_tx: Sender<Done>,
    done_rx: Receiver<Done>,
    /// Pieces of work started and not yet picked up.
    in_flight: usize,
    /// A paste was asked for and its text is still wanted.
    read_wanted: bool,
    /// The number of the last paste asked for: an earlier one's late answer (it waited for
    /// a program that took the clipboard and was slow to answer) is not the text asked for.
    read_id: u64,
    /// Whether a job opens a board of its own (the system clipboard) or uses the one given.
    fresh_boards: bool,
    read: Option<Read>,
    cleared: Option<Outcome>,
}

impl Default for Clipboard {
    /// The system clipboard through arboard, opened on first use.
    fn default() -> Self {
        let (done_tx, done_rx) = channel();
        Clipboard {
            board: Arc::new(Mutex::new(None)),
            open: open_arboard,
            pending: None,
            threaded: true,
            done_tx,
            done_rx,
            in_flight: 0,
            read_wanted: false,
            read_id: 0,
            fresh_boards: true,
            read: None,
            cleared: None,
        }
    }
}

impl Clipboard {
    /// Over `board` instead of the system clipboard (tests); its work is done at once.
    pub fn with_board(board: Box<dyn Board>) -> Self {
        Clipboard {
            board: Arc::new(Mutex::new(Some(board))),
            threaded: false,
            fresh_boards: false,
            ..Clipboard::default()
        }
    }

    /// Runs `job` on the board: on a thread of its own for the system clipboard, at once
    /// for a test's. Its result arrives through [`Self::collect`].
    ///
    /// With `own_board`, the system clipboard's job opens a board of its own rather than
    /// wait for the kept one: a paste must not queue behind a clear that waits for a
    /// program that does not answer.
    fn run(
        &mut self,
        own_board: bool,
        job: impl FnOnce(Result<&mut Box<dyn Board>, String>) -> Done + Send + 'static,
    ) {
        let (board, open, done) = (self.board.clone(), self.open, self.done_tx.clone());
        let own_board = own_board && self.threaded && self.fresh_boards;
        let work = move || {
            if own_board {
                let result = match open() {
                    Ok(mut opened) => job(Ok(&mut opened)),
                    Err(e) => job(Err(e)),
                };
                let _ = done.send(result);
                return;
            }
            let mut guard = board.lock().unwrap_or_else(PoisonError::into_inner);
            if guard.is_none() {
                match open() {
                    Ok(opened) => *guard = Some(opened),
                    Err(e) => {
                        let _ = done.send(job(Err(e)));
                        return;
                    }
                }
            }
            let opened = guard.as_mut().ok_or_else(String::new);
            let _ = done.send(job(opened));
        };
        self.in_flight += 1;
        if self.threaded {
            let started = std::thread::Builder::new()
                .name("jwtpad-clipboard".into())
                .spawn(work);
            if started.is_err() {
                self.in_flight -= 1;
            }
        } else {
            work();
        }
        self.collect();
    }

    /// Picks up the work that has finished.
    fn collect(&mut self) {
        while let Ok(done) = self.done_rx.try_recv() {
            self.in_flight = self.in_flight.saturating_sub(1);
            match done {
                Done::Read(id, read) if self.read_wanted && id == self.read_id => {
                    self.read_wanted = false;
                    self.read = Some(read);
                }
                Done::Read(..) => {}
                Done::Clear(outcome) => self.cleared = Some(outcome),
            }
        }
    }

    /// Starts reading the clipboard's text, for Paste; [`Self::take_read`] gives it once
    /// it has come.
    pub fn start_read(&mut self) {
        self.read_wanted = true;
        self.read = None;
        self.read_id += 1;
        let id = self.read_id;
        self.run(true, move |board| {
            let started = Instant::now();
            Done::Read(
                id,
                board.and_then(|board| match board.get_text() {
                    Ok(None) if started.elapsed() >= NO_ANSWER => Err(t!(
                        "stress.clipboard_no_answer",
                        secs = started.elapsed().as_secs()
                    )
                    .into_owned()),
                    other => other,
                }),
            )
        });
    }

    /// The text a paste asked for, once it has come: `None` while it is on its way.
    pub fn take_read(&mut self) -> Option<Read> {
        self.collect();
        self.read.take()
    }

    /// Whether a paste is waiting for the clipboard.
    pub fn reading(&self) -> bool {
        self.read_wanted
    }

    /// Forgets the paste on its way: the user typed since, and a late paste would replace
    /// what they typed.
    pub fn cancel_read(&mut self) {
        self.read_wanted = false;
        self.read = None;
    }

    /// Whether clipboard work is still on its way, so the window should look again soon.
    pub fn busy(&self) -> bool {
        self.in_flight > 0
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

    /// Once the delay has run out, clears the clipboard if it still holds jwtpad's copy.
    /// Returns how an earlier clear went, once it has; `None` meanwhile.
    pub fn tick(&mut self, now: Instant) -> Option<Outcome> {
        if self.due_in(now).is_some_and(|left| left.is_zero())
            && let Some(pending) = self.pending.take()
        {
            self.run(false, move |board| {
                Done::Clear(clear_if_ours(board, &pending.text))
            });
        }
        self.collect();
        self.cleared.take()
    }

    /// Clears the clipboard now (the window is closing), if it still holds jwtpad's copy.
    /// `None` when no copy was pending, or the clipboard did not answer in time.
    pub fn clear_now(&mut self) -> Option<Outcome> {
        let pending = self.pending.take()?;
        self.run(false, move |board| {
            Done::Clear(clear_if_ours(board, &pending.text))
        });
        let deadline = Instant::now() + EXIT_WAIT;
        while self.cleared.is_none() && self.busy() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
            self.collect();
        }
        self.cleared.take()
    }
}

/// Empties the clipboard if it holds exactly `ours`; anything else is left alone.
fn clear_if_ours(board: Result<&mut Box<dyn Board>, String>, ours: &str) -> Outcome {
    let Ok(board) = board else {
        return Outcome::Unreadable;
    };
    match board.get_text() {
        Ok(Some(held)) if *held == *ours => match board.clear() {
            Ok(()) => Outcome::Cleared,
            Err(_) => Outcome::Unreadable,
        },
        Ok(_) => Outcome::Replaced,
        Err(_) => Outcome::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex, MutexGuard};

    /// A clipboard held in a shared cell, so the test plays "another program" too.
    #[derive(Clone, Default)]
    struct Fake(Arc<Mutex<Option<String>>>);

    impl Fake {
        fn borrow(&self) -> MutexGuard<'_, Option<String>> {
            self.0.lock().unwrap()
        }
    }

    impl Board for Fake {
        fn get_text(&mut self) -> Result<Option<Zeroizing<String>>, String> {
            Ok(self.borrow().clone().map(Zeroizing::new))
        }
        fn clear(&mut self) -> Result<(), String> {
            *self.borrow() = None;
            Ok(())
        }
    }

    /// Stands in for egui's `copy_text`.
    fn copy(clip: &mut Clipboard, fake: &Fake, text: &str, after: ClearAfter, now: Instant) {
        *fake.borrow() = Some(text.to_owned());
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
        assert_eq!(fake.borrow().as_deref(), Some("eyJ.token"));
        assert_eq!(
            clip.tick(t0 + Duration::from_secs(60)),
            Some(Outcome::Cleared)
        );
        assert_eq!(*fake.borrow(), None);
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
        *fake.borrow() = Some("the user's own text".to_owned());
        assert_eq!(
            clip.tick(t0 + Duration::from_secs(61)),
            Some(Outcome::Replaced)
        );
        assert_eq!(fake.borrow().as_deref(), Some("the user's own text"));
        // A prefix is not a match either: "exactly what jwtpad put there".
        copy(&mut clip, &fake, "eyJ.token", ClearAfter(1), t0);
        *fake.borrow() = Some("eyJ.token ".to_owned());
        assert_eq!(clip.clear_now(), Some(Outcome::Replaced));
        assert_eq!(fake.borrow().as_deref(), Some("eyJ.token "));
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
        assert_eq!(fake.borrow().as_deref(), Some("secret"));
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
        assert_eq!(*fake.borrow(), None);
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
        assert_eq!(*fake.borrow(), None);
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

    /// A program that takes its time to answer, or never does.
    struct Slow(Duration, Option<&'static str>);

    impl Board for Slow {
        fn get_text(&mut self) -> Result<Option<Zeroizing<String>>, String> {
            std::thread::sleep(self.0);
            Ok(self.1.map(|t| Zeroizing::new(t.to_owned())))
        }
        fn clear(&mut self) -> Result<(), String> {
            Ok(())
        }
    }

    /// Answers in turn, each after its delay (the last first: they are popped), counting
    /// the reads begun.
    struct Answers(
        Vec<(Duration, &'static str)>,
        std::sync::Arc<std::sync::atomic::AtomicUsize>,
    );

    impl Board for Answers {
        fn get_text(&mut self) -> Result<Option<Zeroizing<String>>, String> {
            self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let (wait, text) = self.0.pop().unwrap_or((Duration::ZERO, ""));
            std::thread::sleep(wait);
            Ok(Some(Zeroizing::new(text.to_owned())))
        }
        fn clear(&mut self) -> Result<(), String> {
            Ok(())
        }
    }

    fn threaded(board: Slow) -> Clipboard {
        Clipboard {
            threaded: true,
            ..Clipboard::with_board(Box::new(board))
        }
    }

    #[test]
    fn a_slow_clipboard_is_read_off_the_frame_and_a_silent_one_is_named() {
        let mut clip = threaded(Slow(Duration::from_millis(300), Some("eyJ.slow")));
        let asked = Instant::now();
        clip.start_read();
        assert!(
            asked.elapsed() < Duration::from_millis(100),
            "the frame waited"
        );
        assert!(clip.busy() && clip.reading());
        assert!(clip.take_read().is_none());
        let text = loop {
            if let Some(read) = clip.take_read() {
                break read.unwrap().unwrap();
            }
            assert!(asked.elapsed() < Duration::from_secs(10));
            std::thread::sleep(Duration::from_millis(10));
        };
        assert_eq!(*text, "eyJ.slow");
        assert!(!clip.busy());

        // No text after waiting that long: nobody answered, and the message says so.
        let mut clip = threaded(Slow(NO_ANSWER, None));
        clip.start_read();
        let read = loop {
            if let Some(read) = clip.take_read() {
                break read;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        assert!(read.unwrap_err().contains("did not answer"));

        // A second paste while the first still waits: only the second's answer is taken.
        let mut clip = threaded(Slow(Duration::ZERO, None));
        let begun = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        *clip.board.lock().unwrap() = Some(Box::new(Answers(
            vec![
                (Duration::ZERO, "second"),
                (Duration::from_millis(300), "first, late"),
            ],
            begun.clone(),
        )));
        clip.start_read();
        // The first read has the board (and its slow answer) before the second is asked
        // for: on a loaded machine the second thread could otherwise get there first.
        while begun.load(std::sync::atomic::Ordering::SeqCst) == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
        clip.start_read();
        let read = loop {
            if let Some(read) = clip.take_read() {
                break read.unwrap().unwrap();
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        assert_eq!(*read, "second");

        // Typed since: a late paste is dropped.
        let mut clip = threaded(Slow(Duration::from_millis(100), Some("late")));
        clip.start_read();
        clip.cancel_read();
        std::thread::sleep(Duration::from_millis(300));
        assert!(clip.take_read().is_none());
        assert!(!clip.busy());
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
