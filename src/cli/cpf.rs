//! `jwtpad cpf`: valid test CPFs for `personId`, or a check of one.

use anyhow::{Result, bail};
use clap::Args;
use serde_json::json;

use super::{ExitStatus, Out};
use crate::engine::cpf;

/// Arguments of `jwtpad cpf`.
#[derive(Debug, Args)]
pub struct CpfArgs {
    /// How many to make
    #[arg(long, short = 'n', default_value_t = 1, value_name = "N")]
    pub count: usize,
    /// Print as 529.982.247-25 instead of 52998224725
    #[arg(long)]
    pub formatted: bool,
    /// Check this CPF instead of making new ones: exit 0 valid, 1 not valid
    #[arg(long, value_name = "CPF", conflicts_with_all = ["count", "formatted"])]
    pub check: Option<String>,
    /// Print JSON (for --check: {"cpf","valid","problem"}; otherwise an array)
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &CpfArgs, out: Out<'_>) -> Result<ExitStatus> {
    if let Some(text) = &args.check {
        let verdict = cpf::validate(text);
        if args.json {
            let problem = verdict.as_ref().err().map(ToString::to_string);
            let code = verdict.as_ref().err().map(cpf::CpfProblem::code);
            let doc =
                json!({"cpf": text, "valid": verdict.is_ok(), "problem": problem, "code": code});
            writeln!(out, "{doc}")?;
        } else {
            match &verdict {
                Ok(()) => writeln!(out, "valid CPF: {}", cpf::format(text))?,
                Err(why) => writeln!(out, "not a valid CPF: {why}")?,
            }
        }
        return Ok(if verdict.is_ok() {
            ExitStatus::Ok
        } else {
            ExitStatus::Failed
        });
    }
    if args.count == 0 || args.count > 10_000 {
        bail!("--count must be between 1 and 10000");
    }
    let made: Vec<String> = (0..args.count)
        .map(|_| {
            let number = cpf::generate();
            if args.formatted {
                cpf::format(&number)
            } else {
                number
            }
        })
        .collect();
    if args.json {
        writeln!(out, "{}", json!(made))?;
    } else {
        for number in made {
            writeln!(out, "{number}")?;
        }
    }
    Ok(ExitStatus::Ok)
}
