//! `jwtpad report`: the command line's front to [`crate::share::Report`], the summary safe
//! to paste into a ticket that the window's "Copy report" makes too.

use anyhow::Result;
use clap::{Args, ValueEnum};

use super::decode::TokenArgs;
use super::report::write_json;
use super::{ExitStatus, Out, error_code};
use crate::notes::Note;
use crate::share::Report;

/// Arguments of `jwtpad report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The token, the key and the clock.
    #[command(flatten)]
    pub input: TokenArgs,
    /// How to print the report
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also mask this claim whole, at any depth (repeatable)
    #[arg(long, value_name = "CLAIM")]
    pub mask: Vec<String>,
}

/// The report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text for people.
    Text,
    /// Headings and tables, ready for a ticket.
    Markdown,
    /// One JSON object with stable field names.
    Json,
}

pub fn run(args: &ReportArgs, out: Out<'_>) -> Result<ExitStatus> {
    let (report, status) = match build(args) {
        Ok(built) => built,
        // Even bad input gets a report that says what is wrong (never the input itself).
        Err(e) => (
            Report::malformed(format!("{e:#}"), error_code(&e)),
            ExitStatus::BadInput,
        ),
    };
    match args.format {
        Format::Json => write_json(out, &report.json())?,
        Format::Text => out.write_all(report.text().as_bytes())?,
        Format::Markdown => out.write_all(report.markdown().as_bytes())?,
    }
    Ok(status)
}

fn build(args: &ReportArgs) -> Result<(Report, ExitStatus)> {
    let judged = args.input.judge()?;
    let decoded = &judged.decoded;
    let mut report = Report::of(
        decoded,
        judged.signed_by(),
        &args.mask,
        decoded.time.clock.now,
        judged.shown,
    );
    if let Some(problem) = &judged.zone_note {
        report.warn(Note::new(problem.code(), problem));
    }
    Ok((report, ExitStatus::of(decoded)))
}
