//! `pitag rules` and `pitag explain`: the rule registry, for people.

use anyhow::{bail, Result};
use pitag::rules::Rule;
use std::io::Write;
use std::process::ExitCode;

/// `pitag rules`: one line per rule.
pub fn run() -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    for rule in Rule::all() {
        writeln!(
            out,
            "{}  {:<20} {:<8} {}",
            rule.code(),
            rule.name(),
            rule.default_severity(),
            rule.summary()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `pitag explain RULE`: a rule's documentation.
pub fn explain(rule: &str) -> Result<ExitCode> {
    let Some(r) = Rule::lookup(rule) else {
        bail!("unknown rule `{rule}`; `pitag rules` lists them");
    };
    println!(
        "{} {} (default: {})\n\n{}",
        r.code(),
        r.name(),
        r.default_severity(),
        r.doc()
    );
    Ok(ExitCode::SUCCESS)
}
