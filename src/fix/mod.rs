//! `pitag fix`: the SQL that repairs every fixable finding.
//!
//! Works from the findings of the ordinary audit and the model they were
//! found in: for each object with fixable findings (missing-column-tag,
//! missing-table-tag, lost-tag, malformed-tag, misplaced-tag) it computes
//! the repaired comment (existing text kept, tags after it) and renders one
//! statement per object (PostgreSQL `COMMENT ON`) or per table (MySQL
//! `ALTER TABLE … MODIFY COLUMN … COMMENT …, COMMENT = …`, restating each
//! column's exact definition). It never executes anything; [`write`] turns
//! the plan into a new migration in the folder's own layout.

pub mod comment;
pub mod sql;
pub mod write;

use crate::dialect::Dialect;
use crate::finding::Finding;
use crate::model::{CommentAction, Origin, Schema, TagEvent};
use crate::rules::Rule;
use crate::tags::TagSet;
use comment::Wanted;
use std::collections::BTreeMap;

/// Rules whose findings a comment change repairs.
pub const FIXABLE: [Rule; 5] = [
    Rule::MissingColumnTag,
    Rule::MissingTableTag,
    Rule::LostTag,
    Rule::MalformedTag,
    Rule::MisplacedTag,
];

/// One object whose comment changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub schema: Option<String>,
    pub table: String,
    /// `None` for the table comment.
    pub column: Option<String>,
    pub before: Option<String>,
    pub after: String,
    /// The rules whose findings this change repairs.
    pub rules: Vec<Rule>,
    /// MySQL: the restated column definition (without name and comment) and
    /// the clauses that follow the comment (a column `CHECK`).
    pub restate: Option<sql::Restatement>,
}

impl Change {
    pub fn object(&self) -> String {
        let mut s = match &self.schema {
            Some(schema) => format!("{schema}.{}", self.table),
            None => self.table.clone(),
        };
        if let Some(c) = &self.column {
            s.push('.');
            s.push_str(c);
        }
        s
    }
}

/// A finding the SQL does not repair, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Human {
    pub rule: Rule,
    pub object: String,
    pub location: Option<Origin>,
    pub reason: String,
}

/// What `fix` will do.
#[derive(Debug, Clone)]
pub struct Plan {
    pub dialect: Dialect,
    pub changes: Vec<Change>,
    /// Findings repaired by the changes.
    pub fixed: usize,
    pub human: Vec<Human>,
    /// Findings of fixable rules left out by `--rule`.
    pub not_selected: usize,
}

type ObjKey = (Option<String>, String, Option<String>);
/// Per table: what to repair, the rules repaired, how many findings.
type TableWants = BTreeMap<(Option<String>, String), (Wanted, Vec<Rule>, usize)>;

/// Plan the repairs for `findings` (already filtered by confidence,
/// suppressions and levels) in `schema`, for the selected `rules`.
pub fn plan(schema: &Schema, findings: &[Finding], rules: &[Rule]) -> Plan {
    let dialect = schema.dialect;
    let mut wanted: BTreeMap<ObjKey, (Wanted, Vec<Rule>, usize)> = BTreeMap::new();
    let mut human = Vec::new();
    let mut not_selected = 0;
    for f in findings {
        if !FIXABLE.contains(&f.rule) {
            human.push(Human {
                rule: f.rule,
                object: f.object(),
                location: f.location.clone(),
                reason: not_fixable_reason(f.rule).to_string(),
            });
            continue;
        }
        if !rules.contains(&f.rule) {
            not_selected += 1;
            continue;
        }
        let entry = wanted
            .entry((f.schema.clone(), f.table.clone(), f.column.clone()))
            .or_default();
        match f.rule {
            Rule::MalformedTag => entry.0.malformed = true,
            Rule::MisplacedTag => entry.0.misplaced = true,
            _ => {
                for t in &f.expected_tags {
                    entry.0.add.insert(*t);
                }
            }
        }
        if !entry.1.contains(&f.rule) {
            entry.1.push(f.rule);
        }
        entry.2 += 1;
    }

    let mut changes: Vec<Change> = Vec::new();
    let mut fixed = 0;
    // Columns first, so the table comment can follow their new tags.
    let mut new_column_tags: BTreeMap<(Option<String>, String), TagSet> = BTreeMap::new();
    for ((s, t, c), (w, rs, n)) in &wanted {
        let Some(c) = c else { continue };
        let object = format!(
            "{}{t}.{c}",
            s.as_ref().map_or(String::new(), |s| format!("{s}."))
        );
        let Some(table) = schema.table(s.as_deref(), t) else {
            human.push(missing_object(rs, &object));
            continue;
        };
        let Some(i) = table.column_index(c, dialect) else {
            human.push(missing_object(rs, &object));
            continue;
        };
        let column = &table.columns[i];
        let Some(after) = repaired(column.comment.as_deref(), &column.history, *w) else {
            continue;
        };
        let restate = match dialect {
            Dialect::Postgres => None,
            Dialect::Mysql => {
                let with_name = matches!(column.origin, Origin::File { .. });
                match column
                    .definition
                    .as_deref()
                    .and_then(|d| sql::mysql_restatement(d, with_name))
                {
                    Some(r) => Some(r),
                    None => {
                        for r in rs {
                            human.push(Human {
                                rule: *r,
                                object: object.clone(),
                                location: Some(column.origin.clone()),
                                reason: format!(
                                    "the column's full definition is not known (MySQL can only change a comment by restating the column): \
                                     restate it by hand with COMMENT {}",
                                    sql::literal(&after, dialect)
                                ),
                            });
                        }
                        continue;
                    }
                }
            }
        };
        let tags = new_column_tags.entry((s.clone(), t.clone())).or_default();
        *tags = tags.union(crate::tags::parse(&after).tags);
        fixed += n;
        changes.push(Change {
            schema: s.clone(),
            table: t.clone(),
            column: Some(c.clone()),
            before: column.comment.clone(),
            after,
            rules: rs.clone(),
            restate,
        });
    }

    // Tables: their own findings, plus the tags their repaired columns now carry.
    let mut tables: TableWants = BTreeMap::new();
    for ((s, t, c), (w, rs, n)) in &wanted {
        if c.is_none() {
            tables.insert((s.clone(), t.clone()), (*w, rs.clone(), *n));
        }
    }
    if rules.contains(&Rule::MissingTableTag) {
        for (key, tags) in &new_column_tags {
            let entry = tables.entry(key.clone()).or_default();
            entry.0.add = entry.0.add.union(*tags);
        }
    }
    for ((s, t), (w, rs, n)) in tables {
        let object = format!(
            "{}{t}",
            s.as_ref().map_or(String::new(), |s| format!("{s}."))
        );
        let Some(table) = schema.table(s.as_deref(), &t) else {
            human.push(missing_object(&rs, &object));
            continue;
        };
        let Some(after) = repaired(table.comment.as_deref(), &table.history, w) else {
            continue;
        };
        fixed += n;
        let mut rules_fixed = rs;
        if rules_fixed.is_empty() {
            // Only the columns' new tags: what missing-table-tag would report next.
            rules_fixed.push(Rule::MissingTableTag);
        }
        changes.push(Change {
            schema: table.schema.clone(),
            table: table.name.clone(),
            column: None,
            before: table.comment.clone(),
            after,
            rules: rules_fixed,
            restate: None,
        });
    }
    changes.sort_by(|a, b| {
        (&a.schema, &a.table, a.column.is_none(), &a.column).cmp(&(
            &b.schema,
            &b.table,
            b.column.is_none(),
            &b.column,
        ))
    });
    Plan {
        dialect,
        changes,
        fixed,
        human,
        not_selected,
    }
}

/// The comment a dropped tag should be restored into: when the comment is
/// gone and the last change to the object's tags dropped it (a MySQL
/// `MODIFY`/`CHANGE` without `COMMENT`, `COMMENT … IS NULL` or `''`), the
/// text it had before. A comment replaced by other text is deliberate and
/// is not looked behind.
pub fn dropped_comment<'a>(comment: Option<&str>, history: &'a [TagEvent]) -> Option<&'a str> {
    if comment.is_some() {
        return None;
    }
    let last = history.last()?;
    match last.action {
        CommentAction::Restated | CommentAction::Commented => last.before_comment.as_deref(),
        _ => None,
    }
}

/// The repaired comment of an object, or `None` when it stays as it is. A
/// dropped comment comes back with its text (its tags in the grammar's
/// place), not as the bare tags.
fn repaired(comment: Option<&str>, history: &[TagEvent], mut wanted: Wanted) -> Option<String> {
    let Some(old) = dropped_comment(comment, history) else {
        return comment::repair(comment, wanted);
    };
    wanted.malformed = true;
    wanted.misplaced = true;
    Some(comment::repair(Some(old), wanted).unwrap_or_else(|| old.to_string()))
}

fn missing_object(rules: &[Rule], object: &str) -> Human {
    Human {
        rule: rules.first().copied().unwrap_or(Rule::MissingColumnTag),
        object: object.to_string(),
        location: None,
        reason: "the object is not in the model".into(),
    }
}

fn not_fixable_reason(rule: Rule) -> &'static str {
    match rule {
        Rule::LateTag => {
            "not fixable by SQL: the tag belongs in the migration that created the object, \
             and applied migrations must not be rewritten"
        }
        Rule::UnparsedStatement => {
            "the statement could not be read, so the table's state is unknown: rewrite it in \
             a form pitag reads, or suppress with a reason"
        }
        Rule::UnknownTable => "check that the migrations that create the table are audited too",
        Rule::UnusedSuppression => "remove the suppression (or the baseline entry)",
        Rule::InvalidSuppression => "give the ignore a reason and known rule names",
        Rule::Drift => "compare with `pitag drift`",
        Rule::EditedMigration => "restore the applied migration and add a new one",
        _ => "not repaired by this run",
    }
}

/// The `up` statements of [`render`], each after a comment line naming
/// what it repairs: the SQL `fix` prints and writes.
pub fn annotated(plan: &Plan, up: &[String]) -> String {
    let mut out = String::new();
    match plan.dialect {
        Dialect::Postgres => {
            for (c, s) in plan.changes.iter().zip(up) {
                out.push_str(&format!(
                    "-- {}: {}\n{s}\n",
                    c.object(),
                    rule_names(&c.rules)
                ));
            }
        }
        Dialect::Mysql => {
            // One statement per table, in the order of the changes.
            let mut tables: Vec<(Option<&str>, &str, Vec<String>)> = Vec::new();
            for c in &plan.changes {
                let line = format!(
                    "{}: {}",
                    c.column
                        .as_deref()
                        .map_or("(table)".to_string(), str::to_string),
                    rule_names(&c.rules)
                );
                match tables
                    .iter_mut()
                    .find(|(s, t, _)| *s == c.schema.as_deref() && *t == c.table)
                {
                    Some(e) => e.2.push(line),
                    None => tables.push((c.schema.as_deref(), &c.table, vec![line])),
                }
            }
            tables.sort();
            for ((s, t, lines), stmt) in tables.into_iter().zip(up) {
                let name = s.map_or(t.to_string(), |s| format!("{s}.{t}"));
                out.push_str(&format!("-- {name}: {}\n{stmt}\n", lines.join("; ")));
            }
        }
    }
    out
}

/// Rule names for a comment or a message: `lost-tag, malformed-tag`.
pub fn rule_names(rules: &[Rule]) -> String {
    rules
        .iter()
        .map(|r| r.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Render the plan: the statements that apply it (`up`) and the ones that
/// restore the previous comments (`down`). Each statement ends with `;` and
/// a newline; `compact` puts each statement on one line.
pub fn render(plan: &Plan, compact: bool) -> (Vec<String>, Vec<String>) {
    let d = plan.dialect;
    let mut up = Vec::new();
    let mut down = Vec::new();
    match d {
        Dialect::Postgres => {
            for c in &plan.changes {
                let target = match &c.column {
                    Some(col) => format!(
                        "COLUMN {}.{}",
                        sql::table_name(c.schema.as_deref(), &c.table, d),
                        sql::pg_ident(col)
                    ),
                    None => format!(
                        "TABLE {}",
                        sql::table_name(c.schema.as_deref(), &c.table, d)
                    ),
                };
                up.push(format!(
                    "COMMENT ON {target} IS {};",
                    sql::literal(&c.after, d)
                ));
                let before = c
                    .before
                    .as_deref()
                    .map_or("NULL".to_string(), |b| sql::literal(b, d));
                down.push(format!("COMMENT ON {target} IS {before};"));
            }
        }
        Dialect::Mysql => {
            let mut by_table: BTreeMap<(Option<String>, String), Vec<&Change>> = BTreeMap::new();
            for c in &plan.changes {
                by_table
                    .entry((c.schema.clone(), c.table.clone()))
                    .or_default()
                    .push(c);
            }
            let sep = if compact { " " } else { "\n  " };
            for ((schema, table), cs) in by_table {
                let name = sql::table_name(schema.as_deref(), &table, d);
                let item = |c: &Change, comment: &str| match (&c.column, &c.restate) {
                    (Some(col), Some(r)) => {
                        let mut s = format!(
                            "MODIFY COLUMN {} {} COMMENT {}",
                            sql::my_ident(col),
                            r.definition,
                            sql::literal(comment, d)
                        );
                        if !r.trailing.is_empty() {
                            s.push(' ');
                            s.push_str(&r.trailing);
                        }
                        s
                    }
                    _ => format!("COMMENT = {}", sql::literal(comment, d)),
                };
                let ups: Vec<String> = cs.iter().map(|c| item(c, &c.after)).collect();
                let downs: Vec<String> = cs
                    .iter()
                    .map(|c| item(c, c.before.as_deref().unwrap_or("")))
                    .collect();
                up.push(format!(
                    "ALTER TABLE {name}{sep}{};",
                    ups.join(&format!(",{sep}"))
                ));
                down.push(format!(
                    "ALTER TABLE {name}{sep}{};",
                    downs.join(&format!(",{sep}"))
                ));
            }
        }
    }
    (up, down)
}
