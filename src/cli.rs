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
the operator (config `user`, else $USER@localhost), who may do anything anywhere.\n\n\
Remote mode talks to any server that speaks the Seqera Platform REST API (Seqera Cloud, Seqera \
Enterprise, or `nfdeck serve`): --endpoint/--token, a config profile (--profile or \
default_profile), or TOWER_API_ENDPOINT and TOWER_ACCESS_TOKEN."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Start-up probe (see BENCHMARKS.md): open the terminal UI, draw until the first screen's
    /// data is shown, quit, and print the timings on stderr
    #[arg(long, hide = true)]
    pub first_frame: bool,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The config file [default: config.toml in the platform config directory] [env: NFDECK_CONFIG]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// The embedded database: a SQLite file [default: nfdeck.db in the data directory], or a
    /// PostgreSQL postgres://… URL (see README) [env: NFDECK_DB]
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

    /// Remote mode: the API base URL [env: TOWER_API_ENDPOINT] [default:
    /// https://api.cloud.seqera.io]
    #[arg(long, global = true, value_name = "URL", conflicts_with_all = ["db", "act_as", "demo"])]
    pub endpoint: Option<String>,

    /// Remote mode: the access token [env: TOWER_ACCESS_TOKEN] (prefer the environment: a flag
    /// shows in the process list)
    #[arg(long, global = true, value_name = "TOKEN", conflicts_with_all = ["db", "act_as", "demo"])]
    pub token: Option<String>,

    /// Remote mode: the config file's [profiles.NAME] (endpoint, token, workspace)
    #[arg(long, global = true, value_name = "NAME", conflicts_with_all = ["db", "act_as", "demo"])]
    pub profile: Option<String>,

    /// The workspace to open: a numeric id or ORG/WORKSPACE [env: TOWER_WORKSPACE_ID]
    #[arg(long, global = true, value_name = "ID|ORG/WORKSPACE")]
    pub workspace: Option<String>,

    /// Look, never change: every change is refused, in the terminal UI and by the client
    /// (also `readonly = true` in a profile)
    #[arg(long, global = true)]
    pub readonly: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or update what a declarative TOML file describes: checks the whole file, prints
    /// the plan, then applies it (in one transaction on the embedded database; one request per
    /// change, not atomic, against a server)
    Apply(ApplyArgs),
    /// Write the current state in the declarative format (secrets are never exported)
    Export(ExportArgs),
    /// Show the audit log, newest first: who changed what, and when (the operator's)
    Audit(AuditArgs),
    /// Serve the embedded database over the Seqera Platform REST API (for nfdeck, `tw` and
    /// `nextflow run -with-tower`); every request needs a token from `nfdeck token create`
    Serve(ServeArgs),
    /// Manage API access tokens for `nfdeck serve` (operator, embedded database)
    #[command(subcommand)]
    Token(TokenCommand),
    /// Runs: `runs watch RUN` follows a run until it ends
    #[command(subcommand)]
    Runs(RunsCommand),
    /// Build a large database for benchmarks (see BENCHMARKS.md)
    #[command(hide = true)]
    BenchData(BenchDataArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Serve only the Seqera API's own endpoints, without nfdeck's extensions (to check a
    /// client against what Seqera's servers offer)
    #[arg(long)]
    pub spec_only: bool,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for a user and print it (it is shown only once)
    Create(TokenCreateArgs),
}

#[derive(Debug, Args)]
pub struct TokenCreateArgs {
    /// The user the token acts as (an existing user's email)
    #[arg(long, value_name = "EMAIL")]
    pub user: String,
    /// A name for the token, to tell tokens apart (at most 50 characters)
    #[arg(long, default_value = "nfdeck")]
    pub name: String,
}

#[derive(Debug, Subcommand)]
pub enum RunsCommand {
    /// Print a run's progress until it ends, then exit with its status: 0 SUCCEEDED,
    /// 2 FAILED, 3 CANCELLED, 4 UNKNOWN (1: nfdeck itself failed). One line per change when
    /// stdout is not a terminal. The run is looked up in --workspace (or TOWER_WORKSPACE_ID)
    Watch(RunsWatchArgs),
}

#[derive(Debug, Args)]
pub struct RunsWatchArgs {
    /// The run: its name, or its id
    pub run: String,
    /// Seconds between two looks at the run
    #[arg(long, value_name = "SECONDS", default_value_t = 2)]
    pub interval: u64,
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

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only changes since this time: RFC 3339 (2026-01-31T12:00:00Z) or an age (30m, 2h, 7d, 1w)
    #[arg(long, value_name = "WHEN", value_parser = since)]
    pub since: Option<String>,
    /// Only changes by this user (part of their email)
    #[arg(long, value_name = "EMAIL")]
    pub who: Option<String>,
    /// Only this kind of change: an action or its prefix (workspace, participant.role) or an
    /// object type (compute_env)
    #[arg(long, value_name = "ACTION")]
    pub what: Option<String>,
    /// Only changes whose action, user or object contains this text
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// At most this many changes (the newest)
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: u32,
    /// One JSON document (the entries with their before and after, and the total) instead of
    /// a table
    #[arg(long)]
    pub json: bool,
}

/// `--since` as RFC 3339 UTC; clap reports an error naming the flag and exits with 2.
fn since(text: &str) -> Result<String, String> {
    crate::domain::audit::parse_time("--since", text, chrono::Utc::now()).map_err(|e| e.message)
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
    fn remote_flags_exclude_embedded_ones() {
        assert!(Cli::try_parse_from(["nfdeck", "--endpoint", "http://x", "--db", "a.db"]).is_err());
        assert!(Cli::try_parse_from(["nfdeck", "--profile", "p", "--as", "a@b.org"]).is_err());
        let cli = Cli::try_parse_from(["nfdeck", "export", "--token", "t"]).unwrap();
        assert_eq!(cli.global.token.as_deref(), Some("t"));
    }

    #[test]
    fn serve_and_token_parse() {
        let cli = Cli::try_parse_from(["nfdeck", "serve", "--db", "x.db"]).unwrap();
        match cli.command {
            Some(Command::Serve(args)) => assert_eq!(args.listen, "127.0.0.1:8080"),
            other => panic!("unexpected {other:?}"),
        }
        let cli = Cli::try_parse_from(["nfdeck", "token", "create", "--user", "a@b.org"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Token(TokenCommand::Create(_)))
        ));
    }

    #[test]
    fn reset_needs_demo() {
        assert!(Cli::try_parse_from(["nfdeck", "--reset"]).is_err());
        assert!(Cli::try_parse_from(["nfdeck", "--demo", "--reset"]).is_ok());
    }
}
