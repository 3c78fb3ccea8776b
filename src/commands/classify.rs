//! `pitag classify`: how every column is classified, and why.

use super::{load, paths_shown, ReadAs};
use crate::cli::{ClassifyArgs, ClassifyFormat};
use anyhow::{bail, Result};
use pitag::audit::{self, AuditSettings};
use pitag::classify::Confidence;
use pitag::report::classify as render;
use std::io::Write;
use std::process::ExitCode;

pub fn run(args: ClassifyArgs) -> Result<ExitCode> {
    let config = super::config(args.input.config.as_deref(), &args.placeholders)?;
    let paths = config.migration_paths(&args.paths);
    let read = ReadAs::new(&config, args.input.dialect, None);
    let loaded = load(&paths, read, &config, false)?;
    if let Some(why) = loaded.nothing_audited() {
        bail!("nothing to classify in {}: {why}", paths_shown(&paths));
    }
    let min_confidence = args.confidence.min_confidence;
    let settings = AuditSettings::from_config(&config, min_confidence)?;
    let classes = audit::classify_columns(&loaded.schema, &settings.classifier);
    let min = min_confidence
        .or(config.min_confidence)
        .unwrap_or(Confidence::Medium);
    let mut rows: Vec<render::Row> = Vec::new();
    for (key, table) in &loaded.schema.tables {
        let Some(cs) = classes.get(key) else { continue };
        for (col, class) in table.columns.iter().zip(cs) {
            let shown = match class {
                Some(c) => args.all || c.confidence >= min,
                None => args.all,
            };
            if shown {
                rows.push((table, col, class.as_ref()));
            }
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        ClassifyFormat::Json => render::write_json(&rows, &mut out)?,
        ClassifyFormat::Table => render::write_table(&rows, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
