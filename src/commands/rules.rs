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

/// A rule by code or name, for `explain` and `fix --rule`.
pub fn lookup(rule: &str) -> Result<Rule> {
    let Some(r) = Rule::lookup(rule) else {
        bail!("unknown rule `{rule}`; `pitag rules` lists them");
    };
    Ok(r)
}

/// `pitag explain RULE`: a rule's documentation.
pub fn explain(rule: &str) -> Result<ExitCode> {
    let r = lookup(rule)?;
    println!(
        "{} {} (default: {})\n\n{}",
        r.code(),
        r.name(),
        r.default_severity(),
        r.doc()
    );
    Ok(ExitCode::SUCCESS)
}
