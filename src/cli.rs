//! The command line (clap derive). Without a subcommand nfdeck opens the terminal UI.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "nfdeck",
    version,
    about = "A keyboard-driven terminal console for Seqera-style pipeline-platform workspaces",
    long_about = "A keyboard-driven terminal console for Seqera-style pipeline-platform workspaces: \
organizations, members, teams, workspaces, participants and roles.\n\n\
Embedded mode (the default) keeps everything in one SQLite file. Without --as, nfdeck acts as \
the operator (config `user`, else $USER@localhost), who may do anything anywhere."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The config file [default: config.toml in the platform config directory] [env: NFDECK_CONFIG]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// The embedded database file [default: nfdeck.db in the data directory] [env: NFDECK_DB]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Act as this user, with exactly that user's permissions (embedded mode)
    #[arg(long = "as", global = true, value_name = "EMAIL")]
    pub act_as: Option<String>,

    /// Use the demo database (created from the bundled demo data on first use), acting as the
    /// demo org's owner
    #[arg(long, global = true)]
    pub demo: bool,

    /// With --demo: delete the demo database and create it again
    #[arg(long, global = true, requires = "demo")]
    pub reset: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or update what a declarative TOML file describes: checks the whole file, prints
    /// the plan, then applies it in one transaction
    Apply(ApplyArgs),
    /// Write the current state in the declarative format (secrets are never exported)
    Export(ExportArgs),
    /// Build a large database for benchmarks (see BENCHMARKS.md)
    #[command(hide = true)]
    BenchData(BenchDataArgs),
}

#[derive(Debug, Args)]
pub struct BenchDataArgs {
    /// The new database file to fill (must not exist)
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// A hundredth of the size, the same shape
    #[arg(long)]
    pub small: bool,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The file to apply
    pub file: PathBuf,
    /// Print the plan and check every change, without writing anything
    #[arg(long)]
    pub dry_run: bool,
    /// Also remove what the file's orgs have and the file does not list
    #[arg(long)]
    pub prune: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write to this file instead of standard output
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn reset_needs_demo() {
        assert!(Cli::try_parse_from(["nfdeck", "--reset"]).is_err());
        assert!(Cli::try_parse_from(["nfdeck", "--demo", "--reset"]).is_ok());
    }
}
