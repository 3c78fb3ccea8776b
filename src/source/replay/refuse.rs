//! Statements the server refuses, and temporary tables.
//!
//! A refused statement fails the migration and changes nothing (an
//! `ALTER TABLE` is atomic on both servers): the model is left as it was and a
//! [`NoticeKind::RejectedStatement`] says so. The check simulates the
//! statement's operations on column and table names first, so that
//! `DROP COLUMN a, ADD COLUMN a …` or a swap through a third name pass.
//!
//! Temporary tables live in the session: statements on them are replayed
//! nowhere (they are not persistent tables) and are no unknown tables either.

use super::parse::{Name, Op};
use super::Replayer;
use crate::dialect::Dialect;
use crate::model::{Notice, NoticeKind, TableKey, TableKind};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The table an operation changes, when it changes one existing table.
pub(super) fn changed_table(op: &Op) -> Option<&Name> {
    match op {
        Op::AddColumn { table, .. }
        | Op::DropColumn { table, .. }
        | Op::RenameColumn { table, .. }
        | Op::Restate { table, .. }
        | Op::AlterType { table, .. }
        | Op::TableComment { table, .. }
        | Op::ColumnComment { table, .. }
        | Op::ColumnDefault { table, .. }
        | Op::ColumnVisibility { table, .. }
        | Op::TableCharset { table, .. }
        | Op::SetSchema { table, .. }
        | Op::Touch { table, .. } => Some(table),
        Op::RenameTable { from, .. } => Some(from),
        _ => None,
    }
}

/// The table a refused statement names, and why the server refuses it.
type Refusal = (TableKey, String);

/// Table and column names as a statement's operations so far leave them.
#[derive(Default)]
struct Simulated {
    columns: HashMap<TableKey, Vec<String>>,
    gone: HashSet<TableKey>,
    arrived: HashSet<TableKey>,
    /// MySQL: columns an operation of the statement changed already.
    claimed: HashSet<(TableKey, String)>,
    /// New names a CHANGE or RENAME COLUMN of the statement gave.
    renamed_here: HashSet<(TableKey, String)>,
}

impl Replayer {
    /// Key a name has in the session's temporary tables, if it names one
    /// (a temporary table hides a persistent one of the same name).
    fn temporary_key(&self, name: &Name) -> Option<TableKey> {
        if self.temporaries.is_empty() {
            return None;
        }
        let key = self.create_key(name).1;
        self.temporaries.contains(&key).then_some(key)
    }

    /// Follow temporary tables through `ops` and return the operations left
    /// for persistent tables.
    pub(super) fn without_temporaries<'o>(&mut self, ops: &'o [Op]) -> Cow<'o, [Op]> {
        let temporary = |op: &Op| {
            matches!(
                op,
                Op::CreateTemporary { .. }
                    | Op::Drop {
                        temporary: true,
                        ..
                    }
            )
        };
        if self.temporaries.is_empty() && !ops.iter().any(temporary) {
            // The common case: no copy.
            return Cow::Borrowed(ops);
        }
        let mut out = Vec::with_capacity(ops.len());
        for op in ops {
            match op {
                Op::CreateTemporary { name } => {
                    let key = self.create_key(name).1;
                    self.temporaries.insert(key);
                }
                Op::Drop {
                    names,
                    if_exists,
                    temporary,
                } => {
                    let mut persistent = Vec::new();
                    for n in names {
                        match self.temporary_key(n) {
                            Some(key) => {
                                self.temporaries.remove(&key);
                            }
                            None if !temporary => persistent.push(n.clone()),
                            None => {}
                        }
                    }
                    if !persistent.is_empty() {
                        out.push(Op::Drop {
                            names: persistent,
                            if_exists: *if_exists,
                            temporary: false,
                        });
                    }
                }
                Op::RenameTable { from, to } if self.temporary_key(from).is_some() => {
                    if let Some(key) = self.temporary_key(from) {
                        self.temporaries.remove(&key);
                    }
                    let key = self.create_key(to).1;
                    self.temporaries.insert(key);
                }
                op if changed_table(op).is_some_and(|t| self.temporary_key(t).is_some()) => {}
                op => out.push(op.clone()),
            }
        }
        Cow::Owned(out)
    }

    /// Why the server refuses `ops` (one statement), if it does: the table it
    /// names and a sentence.
    pub(super) fn refusal(&self, ops: &[Op]) -> Option<Refusal> {
        let mut sim = Simulated::default();
        for op in ops {
            let refused = match op {
                Op::RenameTable { from, to } => self.refused_rename(&mut sim, from, to),
                _ => self.refused_column_change(&mut sim, op),
            };
            if refused.is_some() {
                return refused;
            }
        }
        None
    }

    /// A table renamed onto a name another table holds.
    fn refused_rename(&self, sim: &mut Simulated, from: &Name, to: &Name) -> Option<Refusal> {
        let from_key = {
            let k = self.create_key(from).1;
            if sim.arrived.contains(&k) {
                Some(k)
            } else {
                self.find_key(from).filter(|k| !sim.gone.contains(k))
            }
        };
        let from_key = from_key?;
        let schema = to.schema.clone().or_else(|| from_key.schema.clone());
        let to_key = TableKey::new(schema.as_deref(), &to.name, self.schema.dialect);
        let taken = sim.arrived.contains(&to_key)
            || (self.schema.tables.contains_key(&to_key) && !sim.gone.contains(&to_key));
        if taken && to_key != from_key {
            return Some((
                from_key,
                format!(
                    "the server refuses to rename `{}` to `{}`: that table already exists; the migration fails here",
                    from.name, to.name
                ),
            ));
        }
        sim.arrived.remove(&from_key);
        sim.gone.insert(from_key);
        sim.gone.remove(&to_key);
        sim.arrived.insert(to_key);
        None
    }

    /// A column operation on a table whose columns are all known: checked
    /// against the column names the statement's earlier operations left.
    fn refused_column_change(&self, sim: &mut Simulated, op: &Op) -> Option<Refusal> {
        let fold = |c: &str| self.fold_column(c);
        let table = changed_table(op)?;
        let key = self.find_key(table)?;
        // Views (no columns modelled), copies of unknown tables and
        // tables with no known column: nothing to check against.
        let t = &self.schema.tables[&key];
        if self.incomplete.contains(&key)
            || t.columns.is_empty()
            || matches!(t.kind, TableKind::View | TableKind::MaterializedView)
        {
            return None;
        }
        let cols = sim
            .columns
            .entry(key.clone())
            .or_insert_with(|| t.columns.iter().map(|c| fold(&c.name)).collect());
        if self.schema.dialect == Dialect::Mysql {
            if let Some(c) = self.changed_column(cols, op) {
                let k = (key.clone(), fold(c));
                if sim.renamed_here.contains(&k) || !sim.claimed.insert(k) {
                    return Some((
                        key.clone(),
                        format!(
                            "the server refuses to change column `{c}` of `{}` twice in one ALTER TABLE (or after renaming it there): \"Unknown column\"; the migration fails here",
                            table.name
                        ),
                    ));
                }
            }
        }
        match op {
            Op::Restate { old, column, .. } if fold(old) != fold(&column.name) => {
                sim.renamed_here.insert((key.clone(), fold(&column.name)));
            }
            Op::RenameColumn { from, to, .. } if fold(from) != fold(to) => {
                sim.renamed_here.insert((key.clone(), fold(to)));
            }
            _ => {}
        }
        let what = self.refused_names(cols, op)?;
        Some((
            key,
            format!(
                "the server refuses {what} on `{}`; the migration fails here",
                table.name
            ),
        ))
    }

    /// MySQL/MariaDB: one ALTER TABLE may change an existing column once
    /// (MODIFY, CHANGE, RENAME COLUMN, ALTER COLUMN or DROP), and never one
    /// that a CHANGE or RENAME of the same statement just named. The column
    /// `op` changes, if it is one of those.
    fn changed_column<'o>(&self, cols: &[String], op: &'o Op) -> Option<&'o String> {
        let has = |c: &str| cols.contains(&self.fold_column(c));
        match op {
            Op::Restate {
                old: c, if_exists, ..
            }
            | Op::RenameColumn {
                from: c, if_exists, ..
            }
            | Op::DropColumn {
                column: c,
                if_exists,
                ..
            } if has(c) || !*if_exists => Some(c),
            Op::ColumnDefault { column: c, .. } | Op::ColumnVisibility { column: c, .. } => Some(c),
            _ => None,
        }
    }

    /// Apply `op` to the table's column names `cols`; what the server
    /// refuses about it (a missing or taken name), if anything.
    fn refused_names(&self, cols: &mut Vec<String>, op: &Op) -> Option<String> {
        let fold = |c: &str| self.fold_column(c);
        let has = |cols: &Vec<String>, c: &str| cols.contains(&fold(c));
        match op {
            Op::AddColumn {
                column,
                if_not_exists,
                ..
            } => {
                if has(cols, &column.name) {
                    if *if_not_exists {
                        return None;
                    }
                    return Some(format!(
                        "ADD COLUMN `{}`: the column already exists",
                        column.name
                    ));
                }
                cols.push(fold(&column.name));
            }
            Op::DropColumn {
                column, if_exists, ..
            } => {
                if !has(cols, column) {
                    if *if_exists {
                        return None;
                    }
                    return Some(format!("DROP COLUMN `{column}`: there is no such column"));
                }
                cols.retain(|c| *c != fold(column));
            }
            Op::RenameColumn {
                from,
                to,
                if_exists,
                ..
            } => {
                if !has(cols, from) {
                    if *if_exists {
                        return None;
                    }
                    return Some(format!(
                        "RENAME COLUMN `{from}` TO `{to}`: there is no column `{from}`"
                    ));
                }
                if fold(from) != fold(to) && has(cols, to) {
                    return Some(format!(
                        "RENAME COLUMN `{from}` TO `{to}`: column `{to}` already exists"
                    ));
                }
                cols.retain(|c| *c != fold(from));
                cols.push(fold(to));
            }
            Op::Restate {
                old,
                column,
                if_exists,
                ..
            } => {
                if !has(cols, old) {
                    if *if_exists {
                        return None;
                    }
                    return Some(format!(
                        "MODIFY/CHANGE of column `{old}`: there is no such column"
                    ));
                }
                if fold(old) != fold(&column.name) && has(cols, &column.name) {
                    return Some(format!(
                        "CHANGE `{old}` to `{}`: that column already exists",
                        column.name
                    ));
                }
                cols.retain(|c| *c != fold(old));
                cols.push(fold(&column.name));
            }
            Op::AlterType { column, .. }
            | Op::ColumnDefault { column, .. }
            | Op::ColumnVisibility { column, .. }
                if !has(cols, column) =>
            {
                return Some(format!("ALTER COLUMN `{column}`: there is no such column"));
            }
            _ => {}
        }
        None
    }

    /// Record that the statement at `line` is refused by the server.
    pub(super) fn reject(&mut self, key: &TableKey, message: String, line: u32) {
        let (schema, table) = match self.schema.tables.get(key) {
            Some(t) => (t.schema.clone(), Some(t.name.clone())),
            None => (key.schema.clone(), Some(key.name.clone())),
        };
        self.schema.notices.push(Notice {
            kind: NoticeKind::RejectedStatement,
            origin: self.origin(line),
            schema,
            table,
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::ParsedStatement;
    use super::*;
    use crate::model::Schema;

    fn replay(d: Dialect, sql: &[&str]) -> Schema {
        let mut r = Replayer::new(d);
        r.begin_file("1.sql");
        for (i, s) in sql.iter().enumerate() {
            r.apply(&ParsedStatement::new(s, i as u32 + 1, d));
        }
        r.finish()
    }

    #[test]
    fn a_refused_alter_changes_nothing_and_is_reported() {
        let s = replay(
            Dialect::Postgres,
            &[
                "CREATE TABLE t (a int)",
                "COMMENT ON COLUMN t.a IS 'kept #PPI'",
                "ALTER TABLE t ADD COLUMN b int, ADD COLUMN a text",
                "ALTER TABLE t ADD COLUMN IF NOT EXISTS a text",
                "ALTER TABLE t DROP COLUMN a, ADD COLUMN a text",
            ],
        );
        let t = s.table(Some("public"), "t").unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a"]);
        assert!(t.columns[0].comment.is_none(), "dropped and re-added");
        assert_eq!(s.notices.len(), 1);
        assert_eq!(s.notices[0].kind, NoticeKind::RejectedStatement);
        assert_eq!(s.notices[0].origin, crate::model::Origin::file("1.sql", 3));
    }

    #[test]
    fn views_unknown_tables_and_swaps_are_not_refused() {
        let s = replay(
            Dialect::Postgres,
            &[
                "CREATE TABLE a (x int)",
                "CREATE VIEW v AS SELECT x FROM a",
                "ALTER TABLE v RENAME COLUMN x TO y",
                "ALTER TABLE legacy RENAME COLUMN old TO new",
                "CREATE TABLE b (y int)",
                "ALTER TABLE a RENAME TO tmp",
            ],
        );
        assert!(s.notices.is_empty(), "{:?}", s.notices);
        let s = replay(
            Dialect::Mysql,
            &[
                "CREATE TABLE a (x int)",
                "CREATE TABLE b (y int)",
                "RENAME TABLE a TO tmp, b TO a, tmp TO b",
            ],
        );
        assert!(s.notices.is_empty(), "{:?}", s.notices);
        assert_eq!(s.table(None, "a").unwrap().columns[0].name, "y");
    }
}
