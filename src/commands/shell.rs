//! `pitag completions` and `pitag man`: generated from the clap definition.

use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;
use std::process::ExitCode;

/// `pitag completions SHELL`: a completion script on stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    clap_complete::generate(shell, &mut Cli::command(), "pitag", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

/// `pitag man`: the man page (roff) on stdout.
pub fn man() -> Result<ExitCode> {
    clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
    Ok(ExitCode::SUCCESS)
}
