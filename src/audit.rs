//! The audit pipeline after the model: classifier -> rules -> findings.
//! The model itself comes from [`crate::source::load()`].

use crate::classify::{Classification, Classifier, Confidence};
use crate::config::{AllowEntry, Config};
use crate::finding::{Finding, Severity};
use crate::model::{InlineIgnore, Schema, Table, TableShape};
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

/// Classify every audited table's columns (in parallel). Tables of one
/// [`TableShape`] (which holds all the classifier reads: the table name,
/// each column's name, type and comment) are classified once: a database
/// of 500 tenant schemas holds 500 copies of each table.
pub fn classify_columns(schema: &Schema, classifier: &Classifier) -> Classifications {
    let tables: Vec<_> = schema
        .tables
        .iter()
        .filter(|(_, t)| t.kind.is_audited())
        .collect();
    let mut distinct: Vec<&Table> = Vec::new();
    let mut seen: HashMap<TableShape<'_>, usize> = HashMap::new();
    let which: Vec<usize> = tables
        .iter()
        .map(|(_, t)| {
            *seen.entry(t.shape()).or_insert_with(|| {
                distinct.push(t);
                distinct.len() - 1
            })
        })
        .collect();
    let classified: Vec<Vec<Option<Classification>>> = distinct
        .par_iter()
        .map(|t| classifier.classify_table(t))
        .collect();
    tables
        .into_iter()
        .zip(which)
        .map(|((key, _), i)| (key.clone(), classified[i].clone()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;
    use crate::model::{Column, Origin, TableKey};

    fn table(schema: &str, name: &str, columns: &[(&str, &str, Option<&str>)]) -> Table {
        let origin = Origin::file("x.sql", 1);
        let mut t = Table::new(Some(schema.into()), name, origin.clone());
        for (column, data_type, comment) in columns {
            let mut c = Column::new(*column, *data_type, origin.clone());
            c.set_comment(comment.map(str::to_string), Some(origin.clone()));
            t.columns.push(c);
        }
        t
    }

    #[test]
    fn tables_alike_share_a_classification_and_others_keep_their_own() {
        let mut schema = Schema::new(Dialect::Postgres);
        let users = [("id", "bigint", None), ("email", "text", None)];
        let commented = [("id", "bigint", None), ("email", "text", Some("备注 地址"))];
        let renamed = [("id", "bigint", None), ("mail", "text", None)];
        for t in [
            table("tenant_1", "users", &users),
            table("tenant_2", "users", &users),
            table("tenant_3", "users", &commented),
            table("tenant_4", "users", &renamed),
            table("tenant_5", "stores", &users),
        ] {
            let key = schema.key(t.schema.as_deref(), &t.name);
            schema.tables.insert(key, t);
        }
        let classifier = Classifier::default();
        let classes = classify_columns(&schema, &classifier);
        assert_eq!(classes.len(), 5);
        for (key, t) in &schema.tables {
            assert_eq!(classes[key], classifier.classify_table(t), "{key:?}");
        }
        let email = |schema: &str, name: &str| {
            classes[&TableKey::new(Some(schema), name, Dialect::Postgres)][1].clone()
        };
        assert!(email("tenant_1", "users").is_some());
        assert_eq!(email("tenant_1", "users"), email("tenant_2", "users"));
    }
}
