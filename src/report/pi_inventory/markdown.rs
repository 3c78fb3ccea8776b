//! `--format markdown`: the inventory for a pull request or a wiki page: a
//! summary line, coverage per database and schema, by category, the tables
//! with the most missing tags first, then every PI column.
//!
//! Identical tables across the schemas of a database (tenant schemas) are
//! one line, `tenant_*.users` with the number of schemas; schemas holding
//! the same tables are one coverage row. Counts stay exact: a grouped line
//! counts every member. JSON and CSV keep one row per object.

use super::percent_text;
use crate::pi_inventory::{sum, table_groups, Coverage, Inventory, Item, TableGroup};
use crate::report::markdown::{cell_code, cell_text, plural, write_failed};
use crate::tags::Tag;
use std::collections::HashMap;
use std::io::{self, Write};

fn tags(t: &[Tag]) -> String {
    t.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(" ")
}

fn counts(c: &Coverage) -> String {
    format!(
        "{} | {} | {} | {}",
        c.found,
        c.tagged,
        c.missing,
        percent_text(c.percent())
    )
}

/// `tenant_*` for several schemas (their common prefix), the name for one.
fn schema_pattern(schemas: &[Option<&str>]) -> String {
    let group = TableGroup {
        database: "",
        table: "",
        schemas: schemas.to_vec(),
        items: Vec::new(),
        coverage: Coverage::default(),
    };
    let name = group.name();
    name.strip_suffix('.').unwrap_or(&name).to_string()
}

/// Schemas of a database holding the same table groups, as one row each.
struct SchemaRow<'a> {
    database: &'a str,
    schemas: Vec<Option<&'a str>>,
    coverage: Coverage,
}

/// A database and one of its schemas.
type SchemaKey<'a> = (&'a str, Option<&'a str>);

fn schema_rows<'a>(groups: &[TableGroup<'a>], inv: &'a Inventory) -> Vec<SchemaRow<'a>> {
    // Per (database, schema): the groups its tables belong to.
    let mut members: Vec<(SchemaKey, Vec<usize>)> = Vec::new();
    let mut at: HashMap<SchemaKey, usize> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        if group.columns().next().is_none() {
            continue;
        }
        for s in &group.schemas {
            let key = (group.database, *s);
            let slot = *at.entry(key).or_insert_with(|| {
                members.push((key, Vec::new()));
                members.len() - 1
            });
            members[slot].1.push(g);
        }
    }
    let coverage: HashMap<(String, Option<String>), Coverage> = inv
        .coverage_by_schema()
        .into_iter()
        .map(|r| (r.key, r.coverage))
        .collect();
    let mut rows: Vec<SchemaRow> = Vec::new();
    let mut index: HashMap<(&str, Vec<usize>), usize> = HashMap::new();
    for ((database, schema), gs) in members {
        let c = coverage
            .get(&(database.to_string(), schema.map(str::to_string)))
            .copied()
            .unwrap_or_default();
        match index.get(&(database, gs.clone())) {
            Some(&r) => {
                rows[r].schemas.push(schema);
                rows[r].coverage = sum([rows[r].coverage, c]);
            }
            None => {
                index.insert((database, gs), rows.len());
                rows.push(SchemaRow {
                    database,
                    schemas: vec![schema],
                    coverage: c,
                });
            }
        }
    }
    rows
}

fn in_schemas(n: usize) -> String {
    if n > 1 {
        format!(" — {n} schemas")
    } else {
        String::new()
    }
}

fn column_row(
    out: &mut dyn Write,
    group: &TableGroup,
    i: &Item,
    with_database: bool,
) -> io::Result<()> {
    if with_database {
        write!(out, "| {} ", cell_code(group.database))?;
    }
    let created = i
        .created
        .as_ref()
        .map(|o| o.to_string())
        .unwrap_or_default();
    let created = if group.schemas.len() > 1 && !created.is_empty() {
        format!("{} (first of {})", cell_code(&created), group.schemas.len())
    } else {
        cell_code(&created)
    };
    writeln!(
        out,
        "| {}{} | {} | {} | {} | {} | {}{} | {} | {} | {} |",
        cell_code(&group.name()),
        in_schemas(group.schemas.len()),
        cell_code(i.column.as_deref().unwrap_or_default()),
        cell_code(i.data_type.as_deref().unwrap_or_default()),
        cell_text(&tags(&i.tags)),
        cell_text(&tags(&i.expected_tags)),
        i.status,
        if i.suppressed { " (suppressed)" } else { "" },
        i.category.map(|c| c.as_str()).unwrap_or_default(),
        i.confidence.map(|c| c.as_str()).unwrap_or_default(),
        created,
    )
}

pub fn write(inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    let total = inv.total();
    let databases = inv.coverage_by_database();
    let groups = table_groups(inv);
    let many = databases.len() > 1;
    writeln!(out, "# PI inventory\n")?;
    writeln!(
        out,
        "**{}** in {} ({}): {} tagged ({}), {} missing a tag.\n",
        plural(total.found, "PI column", "PI columns"),
        plural(inv.tables(), "table", "tables"),
        plural(databases.len(), "database", "databases"),
        total.tagged,
        percent_text(total.percent()),
        total.missing,
    )?;
    let statuses = inv.status_counts();
    if !statuses.is_empty() {
        let list: Vec<String> = statuses
            .iter()
            .rev()
            .map(|(s, n)| format!("{n} {s}"))
            .collect();
        writeln!(out, "Statuses: {}.\n", list.join(", "))?;
    }
    let what = if inv.source.kind == "database" {
        "Databases"
    } else {
        "Migrations"
    };
    let paths: Vec<String> = inv.source.paths.iter().map(|p| cell_code(p)).collect();
    writeln!(out, "{what}: {}.\n", paths.join(", "))?;
    // Coverage of the databases read says nothing of those that were not.
    write_failed(
        out,
        &inv.source,
        "could not be read",
        "not in this inventory; the run exits 2",
    )?;

    writeln!(out, "## Coverage by database\n")?;
    writeln!(
        out,
        "| Database | PI columns | Tagged | Missing | Coverage |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|")?;
    for r in &databases {
        writeln!(out, "| {} | {} |", cell_code(&r.key), counts(&r.coverage))?;
    }

    let schemas = schema_rows(&groups, inv);
    if schemas
        .iter()
        .any(|r| r.schemas.iter().any(Option::is_some))
    {
        writeln!(out, "\n## Coverage by schema\n")?;
        if many {
            write!(out, "| Database ")?;
        }
        writeln!(out, "| Schema | PI columns | Tagged | Missing | Coverage |")?;
        if many {
            write!(out, "|---")?;
        }
        writeln!(out, "|---|---:|---:|---:|---:|")?;
        for r in &schemas {
            if many {
                write!(out, "| {} ", cell_code(r.database))?;
            }
            writeln!(
                out,
                "| {}{} | {} |",
                cell_code(&schema_pattern(&r.schemas)),
                in_schemas(r.schemas.len()),
                counts(&r.coverage)
            )?;
        }
    }

    let categories = inv.coverage_by_category();
    if !categories.is_empty() {
        writeln!(out, "\n## By category\n")?;
        writeln!(
            out,
            "| Category | Tag | PI columns | Tagged | Missing | Coverage |"
        )?;
        writeln!(out, "|---|---|---:|---:|---:|---:|")?;
        for r in &categories {
            let (name, tag) = match r.key {
                Some(c) => (c.as_str(), c.tag().map(Tag::as_str).unwrap_or_default()),
                None => ("(not classified)", ""),
            };
            writeln!(out, "| {} | {} | {} |", name, tag, counts(&r.coverage))?;
        }
    }

    let mut worst: Vec<&TableGroup> = groups
        .iter()
        .filter(|g| g.columns().next().is_some())
        .collect();
    worst.sort_by(|a, b| {
        b.coverage
            .missing
            .cmp(&a.coverage.missing)
            .then(b.coverage.found.cmp(&a.coverage.found))
            .then_with(|| (a.database, a.name()).cmp(&(b.database, b.name())))
    });
    if !worst.is_empty() {
        writeln!(out, "\n## Tables, most missing tags first\n")?;
        if many {
            write!(out, "| Database ")?;
        }
        writeln!(
            out,
            "| Table | PI columns | Tagged | Missing | Coverage | Columns missing a tag |"
        )?;
        if many {
            write!(out, "|---")?;
        }
        writeln!(out, "|---|---:|---:|---:|---:|---|")?;
        for g in worst {
            if many {
                write!(out, "| {} ", cell_code(g.database))?;
            }
            let missing: Vec<String> = g
                .columns()
                .filter(|i| !i.status.is_tagged())
                .map(|i| {
                    format!(
                        "{} {}",
                        cell_code(i.column.as_deref().unwrap_or_default()),
                        i.status
                    )
                })
                .collect();
            writeln!(
                out,
                "| {}{} | {} | {} |",
                cell_code(&g.name()),
                in_schemas(g.schemas.len()),
                counts(&g.coverage),
                missing.join(", ")
            )?;
        }

        writeln!(out, "\n## PI columns\n")?;
        if many {
            write!(out, "| Database ")?;
        }
        writeln!(
            out,
            "| Table | Column | Type | Tags | Expected | Status | Category | Confidence | Created |"
        )?;
        if many {
            write!(out, "|---")?;
        }
        writeln!(out, "|---|---|---|---|---|---|---|---|---|")?;
        for g in &groups {
            for i in g.columns() {
                column_row(out, g, i, many)?;
            }
        }
    } else {
        writeln!(out, "\nNo PI column found.")?;
    }
    Ok(())
}
