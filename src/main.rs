use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = nfdeck::cli::Cli::parse();
    nfdeck::commands::run(cli)
}
