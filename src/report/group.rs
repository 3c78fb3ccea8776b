//! Identical tables in several schemas (a schema per tenant), shown once by
//! the formats people read (table, markdown); the machine formats keep one
//! finding per object.
//!
//! Tables group when they share a [`crate::model::Table::signature`] and
//! their findings are the same but for the schema name: same rule,
//! severity, column, expected tags, category, confidence, and message once
//! `schema.` is set aside. Locations may differ (each schema's tables come
//! from their own statements); a group shows its first member's.

use super::Report;
use crate::classify::{Category, Confidence};
use crate::finding::{Finding, Severity};
use crate::rules::Rule;
use crate::tags::Tag;
use std::borrow::Cow;
use std::collections::HashMap;

/// Schemas listed by name in a pattern before it turns into `prefix*suffix`.
const LISTED: usize = 3;

/// What a reporter writes as one unit: one table's findings (or the
/// findings about no table), or those of a group of identical tables.
#[derive(Debug)]
pub struct Block<'a> {
    /// The findings shown: the table's, or the group's first member's.
    pub findings: &'a [Finding],
    pub group: Option<Group>,
}

/// Identical tables of several schemas, shown as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Every member's schema, in report order; the first is the one shown.
    pub schemas: Vec<String>,
    /// How the schemas are written: `tenant_*`, or `{a, b}` when short.
    pub pattern: String,
}

impl Group {
    /// `5 schemas`.
    pub fn count(&self) -> String {
        format!("{} schemas", self.schemas.len())
    }

    /// `tenant_a … tenant_e`: the first and last schema, when the pattern
    /// does not list them.
    pub fn range(&self) -> Option<String> {
        let n = self.schemas.len();
        (!self.pattern.starts_with('{'))
            .then(|| format!("{} … {}", self.schemas[0], self.schemas[n - 1]))
    }

    /// The first member's schema, whose findings stand for the group.
    pub fn first(&self) -> &str {
        &self.schemas[0]
    }
}

impl Block<'_> {
    /// How many tables this block stands for: each of its findings is
    /// that many objects.
    pub fn members(&self) -> usize {
        self.group.as_ref().map_or(1, |g| g.schemas.len())
    }

    /// `schema.table.column`, with the pattern for the schema in a group.
    pub fn object(&self, f: &Finding) -> String {
        match &self.group {
            None => f.object(),
            Some(g) => {
                let mut s = format!("{}.{}", g.pattern, f.table);
                if let Some(c) = &f.column {
                    s.push('.');
                    s.push_str(c);
                }
                s
            }
        }
    }

    /// The message, with the pattern where it names the first member's schema.
    pub fn message<'f>(&self, f: &'f Finding) -> Cow<'f, str> {
        match &self.group {
            Some(g) if f.message.contains(&qualifier(g.first())) => Cow::Owned(
                f.message
                    .replace(&qualifier(g.first()), &qualifier(&g.pattern)),
            ),
            _ => Cow::Borrowed(&f.message),
        }
    }
}

/// `schema.`: how a message names an object of the schema.
fn qualifier(schema: &str) -> String {
    format!("{schema}.")
}

/// A finding with its table's schema set aside: what must be equal for two
/// tables' findings to be shown as one.
#[derive(PartialEq, Eq, Hash)]
struct Shape<'a> {
    rule: Rule,
    severity: Severity,
    column: Option<&'a str>,
    message: Cow<'a, str>,
    expected_tags: &'a [Tag],
    category: Option<Category>,
    confidence: Option<Confidence>,
}

fn shape<'a>(f: &'a Finding, schema: &str) -> Shape<'a> {
    let q = qualifier(schema);
    Shape {
        rule: f.rule,
        severity: f.severity,
        column: f.column.as_deref(),
        // NUL cannot appear in an identifier: no other text matches it.
        message: if f.message.contains(&q) {
            Cow::Owned(f.message.replace(&q, "\0."))
        } else {
            Cow::Borrowed(&f.message)
        },
        expected_tags: &f.expected_tags,
        category: f.category,
        confidence: f.confidence,
    }
}

/// The report's findings as blocks, in the findings' order; without
/// signatures (`--no-group`, merged reports), one block per table.
pub fn blocks(report: &Report) -> Vec<Block<'_>> {
    let findings = &report.findings;
    let mut runs = Vec::new();
    let mut i = 0;
    while i < findings.len() {
        let (schema, table) = (&findings[i].schema, &findings[i].table);
        let mut j = i + 1;
        while j < findings.len() && &findings[j].schema == schema && &findings[j].table == table {
            j += 1;
        }
        runs.push(i..j);
        i = j;
    }

    // A name listed twice (the same schema in two databases of a fleet) has
    // its findings mixed in one run: never grouped.
    let mut signatures: HashMap<(&str, &str), Option<u64>> = HashMap::new();
    for t in &report.tables {
        if let Some(schema) = &t.schema {
            signatures
                .entry((schema, &t.name))
                .and_modify(|s| *s = None)
                .or_insert(t.signature);
        }
    }
    type Key<'a> = (u64, &'a str, Vec<Shape<'a>>);
    let mut members: HashMap<Key<'_>, Vec<usize>> = HashMap::new();
    for (r, run) in runs.iter().enumerate() {
        let f = &findings[run.start];
        let Some(schema) = f.schema.as_deref().filter(|_| !f.table.is_empty()) else {
            continue;
        };
        let Some(Some(signature)) = signatures.get(&(schema, f.table.as_str())) else {
            continue;
        };
        let shapes = findings[run.clone()]
            .iter()
            .map(|f| shape(f, schema))
            .collect();
        members
            .entry((*signature, &f.table, shapes))
            .or_default()
            .push(r);
    }

    // Runs are in schema order: a group's first member comes first.
    let mut group_of: Vec<Option<Group>> = vec![None; runs.len()];
    let mut absorbed = vec![false; runs.len()];
    for m in members.into_values().filter(|m| m.len() > 1) {
        let schemas: Vec<String> = m
            .iter()
            .map(|&r| findings[runs[r].start].schema.clone().unwrap_or_default())
            .collect();
        for &r in &m[1..] {
            absorbed[r] = true;
        }
        group_of[m[0]] = Some(Group {
            pattern: pattern(&schemas),
            schemas,
        });
    }
    runs.into_iter()
        .zip(group_of)
        .zip(absorbed)
        .filter(|(_, absorbed)| !absorbed)
        .map(|((run, group), _)| Block {
            findings: &findings[run],
            group,
        })
        .collect()
}

/// How a group's schemas are written: `{a, b}` for a few, else their
/// common prefix and suffix around `*` (`tenant_*`), else the first few
/// and `…`.
pub fn pattern(schemas: &[String]) -> String {
    if schemas.len() <= LISTED {
        return format!("{{{}}}", schemas.join(", "));
    }
    let first = schemas[0].as_str();
    let prefix = first
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take_while(|&end| schemas.iter().all(|s| s.starts_with(&first[..end])))
        .last()
        .unwrap_or(0);
    let rests: Vec<&str> = schemas.iter().map(|s| &s[prefix..]).collect();
    let rest = rests[0];
    let suffix = rest
        .char_indices()
        .rev()
        .map(|(i, _)| i)
        .take_while(|&start| rests.iter().all(|s| s.ends_with(&rest[start..])))
        .last()
        .map_or(0, |start| rest.len() - start);
    if prefix + suffix >= 2 {
        format!("{}*{}", &first[..prefix], &rest[rest.len() - suffix..])
    } else {
        format!("{{{}, …}}", schemas[..LISTED].join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::pattern;

    fn p(names: &[&str]) -> String {
        pattern(&names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn patterns_list_a_few_and_wildcard_many() {
        assert_eq!(p(&["a", "b"]), "{a, b}");
        assert_eq!(p(&["t_1", "t_2", "t_3"]), "{t_1, t_2, t_3}");
        assert_eq!(
            p(&["tenant_a", "tenant_b", "tenant_c", "tenant_d"]),
            "tenant_*"
        );
        assert_eq!(p(&["eu_shop", "us_shop", "uk_shop", "jp_shop"]), "*_shop");
        assert_eq!(p(&["t1_x", "t2_x", "t10_x", "t11_x"]), "t*_x");
        // A member equal to the prefix: the star stands for nothing.
        assert_eq!(p(&["shop", "shop_2", "shop_3", "shop_4"]), "shop*");
        assert_eq!(p(&["ab", "cd", "ef", "gh"]), "{ab, cd, ef, …}");
        assert_eq!(p(&["ä_1", "ä_2", "ä_3", "ä_4"]), "ä_*");
        assert_eq!(p(&["1_é", "2_é", "3_é", "4_é"]), "*_é");
    }
}
