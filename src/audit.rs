//! The audit pipeline after the model: classifier -> rules -> findings.
//! The model itself comes from [`crate::source::load()`].

use crate::classify::{Classification, Classifier, Confidence};
use crate::config::{AllowEntry, Config};
use crate::finding::{Finding, Severity};
use crate::model::{InlineIgnore, Schema};
use crate::report::AuditedTable;
use crate::rules::{self, Classifications, Context, Rule};
use crate::suppress::{self, Baseline, Suppressions};
use rayon::prelude::*;
use std::collections::HashMap;

/// Settings that shape the findings.
pub struct AuditSettings {
    pub classifier: Classifier,
    pub min_confidence: Confidence,
    /// Per rule: `None` switches it off, `Some` overrides its severity.
    pub levels: HashMap<Rule, Option<Severity>>,
    pub allow: Vec<AllowEntry>,
    pub config_file: String,
    pub baseline: Option<(Baseline, String)>,
}

impl AuditSettings {
    /// Build from a config; a rule name the registry does not know is an error.
    pub fn from_config(
        config: &Config,
        min_confidence: Option<Confidence>,
    ) -> Result<AuditSettings, crate::error::ConfigError> {
        let mut levels = HashMap::new();
        for (name, level, line) in &config.rules {
            let Some(rule) = Rule::lookup(name) else {
                return Err(crate::error::ConfigError {
                    file: config.display(),
                    location: Some((*line, 1)),
                    message: format!("[rules]: unknown rule `{name}` (see `pitag rules`)"),
                });
            };
            levels.insert(rule, level.severity());
        }
        Ok(AuditSettings {
            classifier: Classifier::new(config.classifier.clone()),
            min_confidence: min_confidence
                .or(config.min_confidence)
                .unwrap_or(Confidence::Medium),
            levels,
            allow: config.allow.clone(),
            config_file: config.display(),
            baseline: None,
        })
    }
}

/// Classify every audited table's columns (in parallel).
pub fn classify_columns(schema: &Schema, classifier: &Classifier) -> Classifications {
    let tables: Vec<_> = schema
        .tables
        .iter()
        .filter(|(_, t)| t.kind.is_audited())
        .collect();
    tables
        .par_iter()
        .map(|(k, t)| ((*k).clone(), classifier.classify_table(t)))
        .collect::<Vec<(crate::model::TableKey, Vec<Option<Classification>>)>>()
        .into_iter()
        .collect()
}

/// The tables a report lists.
pub fn audited_tables(schema: &Schema) -> Vec<AuditedTable> {
    schema
        .audited_tables()
        .map(|t| AuditedTable {
            schema: t.schema.clone(),
            name: t.name.clone(),
            columns: t.columns.len(),
            signature: Some(t.signature()),
        })
        .collect()
}

/// Classify, run the model rules, apply levels and suppressions, sort.
pub fn audit(schema: &Schema, settings: &AuditSettings) -> Vec<Finding> {
    audit_classified(
        schema,
        &classify_columns(schema, &settings.classifier),
        settings,
    )
}

/// [`audit`] with the classifications already made (sampling refines them first).
pub fn audit_classified(
    schema: &Schema,
    classes: &Classifications,
    settings: &AuditSettings,
) -> Vec<Finding> {
    let ctx = Context {
        schema,
        classes,
        min_confidence: settings.min_confidence,
    };
    finish(rules::pass::check_model(&ctx), &schema.ignores, settings)
}

/// Levels, suppressions and order: shared by every command.
pub fn finish(
    findings: Vec<Finding>,
    ignores: &[InlineIgnore],
    settings: &AuditSettings,
) -> Vec<Finding> {
    let findings = suppress::apply(
        findings,
        &Suppressions {
            inline: ignores,
            allow: &settings.allow,
            config_file: &settings.config_file,
            baseline: settings.baseline.as_ref().map(|(b, f)| (b, f.as_str())),
        },
    );
    let mut out: Vec<Finding> = findings
        .into_iter()
        .filter_map(|mut f| match settings.levels.get(&f.rule) {
            Some(None) => None,
            Some(Some(s)) => {
                f.severity = *s;
                Some(f)
            }
            None => Some(f),
        })
        .collect();
    Finding::sort(&mut out);
    out
}
