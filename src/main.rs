//! `jwtpad`: with no arguments the window; with a subcommand a headless command line.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = jwtpad::cli::Cli::parse();
    match cli.command {
        Some(command) => ExitCode::from(jwtpad::cli::run(command)),
        None => match jwtpad::app::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("jwtpad: cannot open the window: {err}");
                ExitCode::FAILURE
            }
        },
    }
}
