//! The `jwtpad` command line: clap definitions, turned into engine calls.
//!
//! Exit codes are a contract with scripts: 0 decoded (and, with a key, verified and within
//! `exp`/`nbf`), 1 decoded but the signature or time claims fail, 2 malformed input, a bad
//! key, or bad usage.

mod batch;
mod cpf;
mod decode;
mod diff;
mod encode;
mod input;
mod keyargs;
mod launch;
mod profile;
mod report;
mod share;
mod suite;
mod template;

use std::io::{self, BufWriter, Write};

use clap::{Parser, Subcommand};

use crate::engine::{Decoded, Verification};

pub use decode::{DecodeArgs, TokenArgs};
pub use encode::EncodeArgs;
pub use keyargs::KeyArgs;

/// The exit statuses, a contract with scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Done; a decoded token verified (when a key was given) and is within exp/nbf.
    Ok,
    /// Decoded, but the signature or the time claims fail (or a CPF check said no).
    Failed,
    /// Malformed input, a bad key, or bad usage.
    BadInput,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Ok => 0,
            ExitStatus::Failed => 1,
            ExitStatus::BadInput => 2,
        }
    }

    /// The status for a decoded token: failed when a key was given and the signature or
    /// the time claims fail. (Malformed input never decodes: it is `BadInput`.)
    pub fn of(decoded: &Decoded) -> Self {
        let fails = match decoded.verification {
            Verification::NotChecked => false,
            Verification::Failed(_) => true,
            Verification::Verified { .. } => decoded.time.valid() == Some(false),
        };
        if fails {
            ExitStatus::Failed
        } else {
            ExitStatus::Ok
        }
    }
}

/// Where commands write their results: standard output, locked and buffered once.
pub type Out<'a> = &'a mut dyn Write;

/// Top-level arguments. With no subcommand the window opens.
#[derive(Debug, Parser)]
#[command(
    name = "jwtpad",
    version,
    about = "Make and decode JSON Web Tokens offline.",
    long_about = "Make and decode JSON Web Tokens offline.\n\nRun without arguments to open the window. \
        With a subcommand jwtpad runs headless and never touches a display.\n\n\
        Exit codes: 0 decoded (and, when a key was given, verified and within exp/nbf); \
        1 decoded but the signature or the time claims fail; 2 malformed token, bad key, or bad usage.\n\n\
        Secrets are never taken from a command-line argument (they would show in `ps` and shell history): \
        use --secret-env, --secret-base64-env or --secret-file.",
    after_help = "Examples:\n  \
        jwtpad decode 'Bearer eyJhbGciOi...'\n  \
        pbpaste | jwtpad decode --secret-env CLIENT_SECRET --json\n  \
        jwtpad encode --secret-env CLIENT_SECRET --payload '{\"iss\":\"my-client\"}' --exp +15m\n  \
        jwtpad encode --profile 'Caf beta' --payload @claims.json --broken expired\n  \
        jwtpad cpf --count 3\n  \
        jwtpad --demo",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Open the window in demo mode, for a shared screen: larger text, secrets and personal
    /// data masked.
    #[arg(long)]
    pub demo: bool,
    /// What to do; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless subcommands.
///
/// Each one's arguments are [`Deferred`]: clap builds them only for the subcommand given.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decode a token, and verify it when a key is given.
    Decode(Deferred<DecodeArgs>),
    /// Sign a header and payload into a compact token.
    Encode(Deferred<EncodeArgs>),
    /// Make valid test CPFs (for personId), or check one.
    Cpf(Deferred<cpf::CpfArgs>),
    /// A summary safe to paste into a ticket: personal data masked, never the token itself.
    Report(Deferred<share::ReportArgs>),
    /// What changed between two tokens; exits 0 when the same, 1 when they differ.
    Diff(Deferred<diff::DiffArgs>),
    /// The negative-test suite: the valid token plus every token a strict server must refuse.
    Suite(Deferred<suite::SuiteArgs>),
    /// Manage named key profiles; secrets live only in the OS keyring.
    #[command(subcommand)]
    Profile(Deferred<profile::ProfileCommand>),
    /// N valid tokens from a template for a load test, each with its own CPF, streamed as
    /// CSV or JSON Lines.
    Batch(Deferred<batch::BatchArgs>),
    /// Token templates: the vendor's built-in one and your own (non-secret JSON).
    #[command(subcommand)]
    Template(Deferred<template::TemplateCommand>),
}

/// A subcommand's arguments (or its own subcommands), which clap builds only when that
/// subcommand is the one being parsed (`clap::Command::defer`). Building all nine
/// subcommands' arguments took 130 KiB of heap and a third of the start-up time of a
/// command that needs one of them (issue 13); names and summaries stay eager, so
/// `jwtpad --help` and suggestions for a mistyped subcommand are unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deferred<T>(pub T);

impl<T> std::ops::Deref for Deferred<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: clap::FromArgMatches> clap::FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }
    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }
    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

/// Runs `augment` on `cmd` keeping its summary: the arguments' own doc comment would
/// otherwise replace the subcommand's, which clap applied before this ran.
fn keeping_about(cmd: clap::Command, augment: fn(clap::Command) -> clap::Command) -> clap::Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    let cmd = augment(cmd);
    let cmd = match about {
        Some(about) => cmd.about(about),
        None => cmd.about(None::<&str>),
    };
    match long_about {
        Some(long_about) => cmd.long_about(long_about),
        None => cmd.long_about(None::<&str>),
    }
}

impl<T: clap::Args> clap::Args for Deferred<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keeping_about(cmd, T::augment_args))
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keeping_about(cmd, T::augment_args_for_update))
    }
}

impl<T: Subcommand> Subcommand for Deferred<T> {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keeping_about(cmd, T::augment_subcommands))
    }
    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keeping_about(cmd, T::augment_subcommands_for_update))
    }
    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

/// The window program, `jwtpad-window` (`src/bin/jwtpad-window.rs`; on Windows the zip's
/// `jwtpad.exe`): the window with no subcommand, and the whole command line too, so that it
/// also works on its own.
pub fn main_entry() -> std::process::ExitCode {
    entry(|demo, _| match crate::app::run(demo) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("jwtpad: cannot open the window: {err}");
            std::process::ExitCode::FAILURE
        }
    })
}

/// `jwtpad` as users type it (`src/main.rs`; on Windows the zip's `jwtpad.com`): the
/// command line, which hands over to the window program beside it when given no
/// subcommand. It never calls into the window's code, so the linker leaves that out.
pub fn command_line_entry() -> std::process::ExitCode {
    entry(|_, args| launch::open_window(args))
}

fn entry(
    window: impl FnOnce(bool, &[std::ffi::OsString]) -> std::process::ExitCode,
) -> std::process::ExitCode {
    let args = launch_args(std::env::args_os());
    let cli = Cli::parse_from(&args);
    match cli.command {
        Some(command) => std::process::ExitCode::from(run(command)),
        None => window(cli.demo, args.get(1..).unwrap_or_default()),
    }
}

/// The arguments, less the `-psn_…` process serial number that macOS's launcher has passed
/// to apps started from Finder: it is not ours, and clap would refuse it and the window
/// would never open.
fn launch_args(args: impl Iterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    args.filter(|a| !a.to_str().is_some_and(|a| a.starts_with("-psn_")))
        .collect()
}

/// Runs a subcommand and returns its exit status. Errors are printed here, once. A reader
/// that closes the pipe early (`jwtpad cpf -n 10000 | head -1`) ends the command quietly
/// with status 0, as ripgrep does.
pub fn run(command: Command) -> u8 {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = dispatch(command, &mut out).and_then(|status| {
        out.flush()?;
        Ok(status)
    });
    match result {
        Ok(status) => status.code(),
        Err(err) if is_broken_pipe(&err) => 0,
        Err(err) => {
            // What was written before the error still goes out (a pipe may be gone too).
            let _ = out.flush();
            eprintln!("jwtpad: {err:#}");
            ExitStatus::BadInput.code()
        }
    }
}

fn dispatch(command: Command, out: Out<'_>) -> anyhow::Result<ExitStatus> {
    match command {
        Command::Decode(args) => decode::run(&args, out),
        Command::Encode(args) => encode::run(&args, out),
        Command::Cpf(args) => cpf::run(&args, out),
        Command::Report(args) => share::run(&args, out),
        Command::Diff(args) => diff::run(&args, out),
        Command::Profile(command) => profile::run(&command, out),
        Command::Suite(args) => suite::run(&args, out),
        Command::Batch(args) => batch::run(&args, out),
        Command::Template(command) => template::run(&command, out),
    }
}

/// The stable code of a command's error, for `--json`: the engine's, the keyring's or the
/// profiles' own code when the error came from there, else `bad-input`.
pub(crate) fn error_code(err: &anyhow::Error) -> &'static str {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<decode::Undecodable>() {
            return e.error.code();
        }
        if let Some(e) = cause.downcast_ref::<crate::engine::Error>() {
            return e.code();
        }
        if let Some(e) = cause.downcast_ref::<keyargs::KeySourceError>() {
            return e.error.code();
        }
        if let Some(e) = cause.downcast_ref::<crate::engine::error::TimeSpecProblem>() {
            return e.code();
        }
        if let Some(e) = cause.downcast_ref::<crate::engine::error::ZoneProblem>() {
            return e.code();
        }
        if let Some(e) = cause.downcast_ref::<crate::engine::suite::SuiteProblem>() {
            return e.code();
        }
        if let Some(e) = cause.downcast_ref::<crate::profiles::ProfileError>() {
            return e.code();
        }
        if let Some(e) = cause.downcast_ref::<crate::secrets::StoreError>() {
            return e.code();
        }
        if let Some(e) = cause.downcast_ref::<crate::templates::StoreProblem>() {
            return e.code();
        }
        if let Some(e) = cause.downcast_ref::<crate::engine::template::TemplateError>() {
            return e.code();
        }
    }
    "bad-input"
}

/// Whether the reader of our stdout went away. Windows says so with `ERROR_NO_DATA` (232),
/// which std reports as `BrokenPipe`, or, for a pipe whose far end is closed (what Wine
/// reports for a Unix pipe), `ERROR_PIPE_NOT_CONNECTED` (233), which std leaves uncategorized.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    /// `ERROR_PIPE_NOT_CONNECTED`: "No process is on the other end of the pipe."
    const PIPE_NOT_CONNECTED: i32 = 233;
    err.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|e| {
            e.kind() == io::ErrorKind::BrokenPipe
                || (cfg!(windows) && e.raw_os_error() == Some(PIPE_NOT_CONNECTED))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deferred_subcommands_keep_their_summary_and_their_arguments() {
        use clap::CommandFactory as _;
        let top = Cli::command();
        let names: Vec<(String, String)> = top
            .get_subcommands()
            .map(|sub| {
                let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
                (sub.get_name().to_owned(), about)
            })
            .collect();
        assert_eq!(names.len(), 9);
        for (name, about) in names {
            assert!(!about.is_empty(), "{name}");
            let help = Cli::try_parse_from(["jwtpad", &name, "--help"])
                .unwrap_err()
                .render()
                .to_string();
            assert_eq!(help.lines().next(), Some(about.as_str()), "{name}");
            // Its own arguments are there once it is built.
            assert!(help.contains("Usage: jwtpad"), "{name}: {help}");
        }
        let cli = Cli::try_parse_from(["jwtpad", "decode", "--json", "a.b.c"]).unwrap();
        let Some(Command::Decode(args)) = cli.command else {
            panic!("{:?}", cli.command)
        };
        assert!(args.json);
    }

    #[test]
    fn finder_s_process_serial_number_is_not_an_argument() {
        let args = ["jwtpad", "-psn_0_1234567"].map(std::ffi::OsString::from);
        let cli = Cli::try_parse_from(launch_args(args.into_iter())).unwrap();
        assert!(cli.command.is_none(), "the window opens");
        let args = ["jwtpad", "cpf", "-n", "2"].map(std::ffi::OsString::from);
        assert!(
            Cli::try_parse_from(launch_args(args.into_iter()))
                .unwrap()
                .command
                .is_some()
        );
    }
}
