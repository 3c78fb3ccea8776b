//! The `pitag` binary: parse the command line, run the command, map errors
//! to exit code 2. The commands live in [`commands`], their options in [`cli`].

// Parsing allocates many small strings; mimalloc is measurably faster than glibc malloc here (see README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;
mod commands;

use clap::FromArgMatches;
use cli::{Cli, Command, DocsArgs};
use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = cli::command().get_matches();
    // The hidden `docs` is not a `Command` variant (see `cli::command`).
    if let Some(("docs", m)) = matches.subcommand() {
        let args = DocsArgs::from_arg_matches(m).unwrap_or_else(|e| e.exit());
        return exit(commands::docs::run(args.topic));
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    // The subcommand's own matches: `--format`/`--output` pair by position.
    let sub = matches
        .subcommand()
        .map(|(_, m)| m)
        .expect("clap requires a subcommand");
    let result = match cli.command {
        Command::Migrations(args) => commands::migrations::run(args, sub),
        Command::Db(args) => commands::db::run(args, sub),
        Command::Diff(args) => commands::diff::run(args, sub),
        Command::Drift(args) => commands::drift::run(args, sub),
        Command::Inventory(args) => commands::inventory::run(args, sub),
        Command::Merge(args) => commands::merge::run(args, sub),
        Command::Fix(args) => commands::fix::run(args),
        Command::Classify(args) => commands::classify::run(args),
        Command::Rules => commands::rules::run(),
        Command::Explain { rule } => commands::rules::explain(&rule),
        Command::Completions { shell } => commands::shell::completions(shell),
        Command::Man => commands::shell::man(),
    };
    exit(result)
}

/// A command's exit code; an error is printed and exits 2.
fn exit(result: anyhow::Result<ExitCode>) -> ExitCode {
    result.unwrap_or_else(|e| {
        eprintln!("pitag: error: {e:#}");
        ExitCode::from(2)
    })
}
