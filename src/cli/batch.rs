//! `jwtpad batch`: N valid tokens from a template, streamed as CSV or JSON Lines.

use std::io::IsTerminal;

use anyhow::{Context, Result, bail};
use chrono::Utc;
use clap::Args;
use serde_json::json;

use super::keyargs::KeyArgs;
use super::{ExitStatus, Out};
use crate::engine::batch::{Batch, BatchItem, BatchSpec, MAX_COUNT};
use crate::engine::{Alg, timespec};

/// `jwtpad batch --template T --profile P --count N`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    jwtpad batch --template caf-smart-auth --profile 'Caf beta' --count 100000 > tokens.csv\n  \
    jwtpad batch --template caf-smart-auth --profile 'Caf beta' -n 10 --format jsonl --seed 7 --now 2026-12-01T12:00:00Z")]
pub struct BatchArgs {
    /// The template: the built-in caf-smart-auth or a saved one (jwtpad template list)
    #[arg(long, value_name = "NAME")]
    pub template: String,
    /// How many tokens
    #[arg(long, short = 'n', value_name = "N", value_parser = clap::value_parser!(u64).range(1..=MAX_COUNT))]
    pub count: u64,
    /// Output: csv (seq,cpf,token with a header line) or jsonl (one JSON object a line)
    #[arg(long, value_enum, default_value = "csv")]
    pub format: BatchFormat,
    /// Seed of the CPFs and UUIDs: the same seed (and --now) gives the same batch. Without
    /// it a random seed is used and printed on standard error
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// The moment every token is made at ({{now}}, iat, exp): unix seconds or RFC 3339
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub now: Option<String>,
    /// Algorithm [default: the template's, else the profile's, else the key's], as encode
    /// --template picks it
    #[arg(long, value_name = "ALG")]
    pub alg: Option<String>,
    /// The clientId for {{clientId}} [default: the profile's]
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// The key that signs
    #[command(flatten)]
    pub key: KeyArgs,
}

/// The shapes a batch is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BatchFormat {
    /// seq,cpf,token with a header line
    Csv,
    /// {"seq":1,"cpf":"...","token":"..."} a line
    Jsonl,
}

pub fn run(args: &BatchArgs, out: Out<'_>) -> Result<ExitStatus> {
    // The same lookup and rules as `encode --template`: the template's default profile when
    // no key is given, the clientId from --client-id or the profile, the one alg rule.
    let prepared = super::template::Prepared::load(
        &args.template,
        &args.key,
        args.client_id.as_deref(),
        None,
    )?;
    let compiled = prepared.template.compile()?;
    let Some(keys) = &prepared.keys else {
        bail!("a batch needs a key: --profile NAME (or --secret-env, --secret-file, --key)");
    };
    let key = keys
        .set
        .signing_key()
        .context("the key cannot sign: it is a public key")?;
    let explicit = match &args.alg {
        Some(a) => Some(
            a.parse::<Alg>()
                .map_err(|e| anyhow::anyhow!("--alg: {e}"))?,
        ),
        None => None,
    };
    let alg = prepared.alg(explicit, &prepared.template.header);
    if let Some(why) = key.refuses(alg) {
        return Err(
            crate::engine::Error::from(crate::engine::error::SignProblem::Refused(why)).into(),
        );
    }
    let now = match &args.now {
        Some(t) => timespec::parse(t, Utc::now()).context("--now")?,
        None => Utc::now().timestamp(),
    };
    let seed = match args.seed {
        Some(seed) => seed,
        None => {
            let mut bytes = [0u8; 8];
            getrandom::getrandom(&mut bytes).context("no randomness for a seed")?;
            let seed = u64::from_le_bytes(bytes);
            eprintln!("note: seed {seed} (--seed {seed} makes this batch again)");
            seed
        }
    };
    let batch = Batch::new(BatchSpec {
        template: &compiled,
        alg,
        key,
        client_id: prepared.client_id.as_deref(),
        now,
        exp: None,
        count: args.count,
        seed,
    })?;
    let mut progress = Progress::new(args.count);
    if args.format == BatchFormat::Csv {
        writeln!(out, "seq,cpf,token")?;
    }
    for item in batch {
        let item = item?;
        write_item(out, args.format, &item)?;
        progress.tick(item.seq);
    }
    progress.done();
    Ok(ExitStatus::Ok)
}

fn write_item(out: Out<'_>, format: BatchFormat, item: &BatchItem) -> Result<()> {
    let cpf = item.cpf.as_deref().unwrap_or_default();
    match format {
        // Neither a CPF nor a compact token holds a comma, a quote or a newline.
        BatchFormat::Csv => writeln!(out, "{},{cpf},{}", item.seq, item.token)?,
        BatchFormat::Jsonl => writeln!(
            out,
            "{}",
            json!({"seq": item.seq, "cpf": item.cpf, "token": item.token})
        )?,
    }
    Ok(())
}

/// A progress bar on standard error, only when that is a terminal: a pipe or a log file
/// gets nothing.
struct Progress {
    total: u64,
    step: u64,
    shown: bool,
}

impl Progress {
    fn new(total: u64) -> Self {
        Progress {
            total,
            step: (total / 100).max(1),
            shown: std::io::stderr().is_terminal() && total >= 1000,
        }
    }

    fn tick(&mut self, done: u64) {
        if self.shown && (done.is_multiple_of(self.step) || done == self.total) {
            let width = 30;
            let filled = usize::try_from(done * width / self.total).unwrap_or(30);
            let bar: String = "#".repeat(filled) + &" ".repeat(30 - filled.min(30));
            eprint!(
                "\r[{bar}] {:>3}% {done}/{}",
                done * 100 / self.total,
                self.total
            );
        }
    }

    fn done(&self) {
        if self.shown {
            eprintln!();
        }
    }
}
