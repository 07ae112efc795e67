//! The `jwtpad` command line: clap definitions, turned into engine calls.
//!
//! Exit codes are a contract with scripts: 0 decoded (and, with a key, verified and within
//! `exp`/`nbf`), 1 decoded but the signature or time claims fail, 2 malformed input, a bad
//! key, or bad usage.

mod cpf;
mod decode;
mod encode;
mod input;
mod keyargs;
mod profile;
mod report;

use clap::{Parser, Subcommand};

pub use decode::DecodeArgs;
pub use encode::EncodeArgs;
pub use keyargs::KeyArgs;

/// Exit status for input that cannot be used (malformed token, bad key, bad usage).
pub const EXIT_BAD_INPUT: u8 = 2;

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
        jwtpad cpf --count 3"
)]
pub struct Cli {
    /// What to do; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decode a token, and verify it when a key is given.
    Decode(DecodeArgs),
    /// Sign a header and payload into a compact token.
    Encode(EncodeArgs),
    /// Make valid test CPFs (for personId), or check one.
    Cpf(cpf::CpfArgs),
    /// Manage named key profiles; secrets live only in the OS keyring.
    #[command(subcommand)]
    Profile(profile::ProfileCommand),
}

/// Runs a subcommand and returns its exit status. Errors are printed here, once.
pub fn run(command: Command) -> u8 {
    let result = match command {
        Command::Decode(args) => decode::run(&args),
        Command::Encode(args) => encode::run(&args),
        Command::Cpf(args) => cpf::run(&args),
        Command::Profile(command) => profile::run(&command),
    };
    result.unwrap_or_else(|err| {
        eprintln!("jwtpad: {err:#}");
        EXIT_BAD_INPUT
    })
}
