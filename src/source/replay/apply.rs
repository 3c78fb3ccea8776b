//! One step per kind of operation: how each [`Op`] changes the model.

use super::coldef;
use super::parse::{AsSelect, ColSpec, Like, Name, Op, SelItem};
use super::Replayer;
use crate::dialect::Dialect;
use crate::model::{
    Column, CommentAction, Origin, Table, TableKey, TableKind, TagEvent, UnknownTable,
};
use crate::tags::TagSet;
use std::collections::HashMap;

/// What carries a tagged comment and its history: tables and columns.
trait Commented {
    fn tags(&self) -> TagSet;
    fn take_comment(&mut self) -> Option<String>;
    fn has_comment(&self) -> bool;
    fn set_comment(&mut self, comment: Option<String>, origin: Origin);
    fn history(&mut self) -> &mut Vec<TagEvent>;
}

impl Commented for Table {
    fn tags(&self) -> TagSet {
        Table::tags(self)
    }
    fn take_comment(&mut self) -> Option<String> {
        self.comment.take()
    }
    fn has_comment(&self) -> bool {
        self.comment.is_some()
    }
    fn set_comment(&mut self, comment: Option<String>, origin: Origin) {
        Table::set_comment(self, comment, Some(origin));
    }
    fn history(&mut self) -> &mut Vec<TagEvent> {
        &mut self.history
    }
}

impl Commented for Column {
    fn tags(&self) -> TagSet {
        Column::tags(self)
    }
    fn take_comment(&mut self) -> Option<String> {
        self.comment.take()
    }
    fn has_comment(&self) -> bool {
        self.comment.is_some()
    }
    fn set_comment(&mut self, comment: Option<String>, origin: Origin) {
        Column::set_comment(self, comment, Some(origin));
    }
    fn history(&mut self) -> &mut Vec<TagEvent> {
        &mut self.history
    }
}

/// Set `comment` and record the change in `event` (origin, unit and action
/// already filled) when the tags change, or when `keep_dropped` and a
/// comment is gone: `fix` restores its text (MySQL drops it by accident).
fn recomment(
    item: &mut impl Commented,
    comment: Option<String>,
    mut event: TagEvent,
    keep_dropped: bool,
) {
    let before = item.tags();
    let before_comment = item.take_comment();
    item.set_comment(comment, event.origin.clone());
    let after = item.tags();
    let dropped = keep_dropped && before_comment.is_some() && !item.has_comment();
    if before != after || dropped {
        event.before = before;
        event.after = after;
        event.before_comment = before_comment;
        item.history().push(event);
    }
}

impl Replayer {
    pub(super) fn apply_op(&mut self, op: &Op, line: u32) {
        match op {
            Op::SearchPath(p) => self.search_path = p.clone(),
            Op::IfTableExists(_) | Op::CreateTemporary { .. } => {}
            Op::Pg(p) => self.apply_pg_op(p, line),
            Op::Mysql(m) => self.apply_mysql(m, line),
            Op::Use(db) => self.database = Some(db.clone()),
            Op::CreateTable { .. } => self.create_table(op, line),
            Op::CreatePartition { name, parent } => self.create_partition(name, parent, line),
            Op::AttachPartition { parent, child } => self.attach_partition(parent, child, line),
            Op::CreateView {
                name,
                materialized,
                as_select,
                ..
            } => self.create_view(name, *materialized, as_select.as_ref(), line),
            Op::Drop { names, .. } => self.drop_tables(names, line),
            Op::RenameTable { from, to } => self.rename_table(from, to, line),
            Op::SetSchema { table, schema } => self.set_schema(table, schema, line),
            Op::Touch { table, statement } => self.touch(table, statement, line),
            Op::ColumnDefault {
                table,
                column,
                default,
            } => self.edit_definition(table, column, line, |def| {
                coldef::set_default(def, default.as_deref())
            }),
            Op::ColumnVisibility {
                table,
                column,
                invisible,
            } => self.edit_definition(table, column, line, |def| {
                coldef::set_visibility(def, *invisible)
            }),
            Op::TableCharset { table, convert } => self.table_charset(table, *convert, line),
            Op::CreateSequence { name } => {
                let (_, key) = self.create_key(name);
                self.sequences.insert(key);
            }
            Op::TableComment { table, comment } => self.table_comment(table, comment, line),
            Op::ColumnComment {
                table,
                column,
                comment,
            } => self.column_comment(table, column, comment, line),
            Op::AddColumn {
                table,
                column,
                if_not_exists,
            } => self.add_column(table, column, *if_not_exists, line),
            Op::DropColumn { table, column, .. } => self.drop_column(table, column, line),
            Op::RenameColumn {
                table, from, to, ..
            } => self.rename_column(table, from, to, line),
            Op::AlterType {
                table,
                column,
                data_type,
            } => self.alter_type(table, column, data_type, line),
            Op::Restate {
                table,
                old,
                column,
                if_exists,
            } => self.restate(table, old, column, *if_exists, line),
        }
    }

    fn create_table(&mut self, op: &Op, line: u32) {
        let Op::CreateTable {
            name,
            kind,
            columns,
            comment,
            if_not_exists,
            like,
            as_select,
        } = op
        else {
            return;
        };
        let (schema, key) = self.create_key(name);
        if self.schema.tables.contains_key(&key) {
            if *if_not_exists {
                return;
            }
            // A second CREATE of an existing table: the server would refuse it;
            // treat it as a rebuild so the audit follows the newer definition.
            self.drop_table(&key, line);
        }
        let mut t = Table::new(schema, name.name.clone(), self.origin(line));
        t.kind = *kind;
        let unknown_source = like
            .as_ref()
            .is_some_and(|l| self.find_key(&l.source).is_none())
            || as_select.as_ref().is_some_and(|s| {
                s.items.iter().any(|i| matches!(i, SelItem::Star))
                    && s.from.as_ref().is_none_or(|f| self.find_key(f).is_none())
            });
        if unknown_source {
            self.incomplete.insert(key.clone());
        } else {
            self.incomplete.remove(&key);
        }
        self.continue_history(&mut t, &key, line);
        let mut table_comment = comment.clone();
        if let Some(like) = like {
            let copied = self.copy_like(&mut t, &key, like, line);
            if table_comment.is_none() {
                table_comment = copied;
            }
        }
        if let Some(sel) = as_select {
            let specs = self.select_specs(sel, self.schema.dialect == Dialect::Mysql);
            for spec in &specs {
                let c = self.new_column(&key, spec, line);
                t.columns.push(c);
            }
        }
        self.define_columns(&mut t, &key, columns, line);
        t.set_comment(table_comment, Some(self.origin(line)));
        let after = t.tags();
        t.history
            .push(self.event(line, CommentAction::Created, TagSet::EMPTY, after));
        self.schema.tables.insert(key, t);
    }

    /// A table created again under a dropped or renamed-away table's name
    /// continues that table's history (a rebuild).
    fn continue_history(&mut self, t: &mut Table, key: &TableKey, line: u32) {
        if let Some(old) = self.graveyard.remove(key) {
            t.history = old.history;
        } else if let Some(mut old) = self.vacated.remove(key) {
            let ev = self.event(line, CommentAction::Replaced, old.tags(), TagSet::EMPTY);
            t.history = std::mem::take(&mut old.history);
            t.history.push(ev);
            for mut c in old.columns {
                let ev = self.event(line, CommentAction::Replaced, c.tags(), TagSet::EMPTY);
                c.history.push(ev);
                let fold = self.fold_column(&c.name);
                self.dropped_columns.insert((key.clone(), fold), c);
            }
        }
    }

    /// `CREATE TABLE … LIKE`: copy the source's columns into `t`; returns the
    /// source's table comment when `like` copies it.
    fn copy_like(
        &mut self,
        t: &mut Table,
        key: &TableKey,
        like: &Like,
        line: u32,
    ) -> Option<String> {
        let Some(src_key) = self.find_key(&like.source) else {
            self.schema.unknown_tables.push(UnknownTable {
                origin: self.origin(line),
                schema: like.source.schema.clone(),
                table: like.source.name.clone(),
                statement: "CREATE TABLE … LIKE".into(),
            });
            return None;
        };
        let src = &self.schema.tables[&src_key];
        let copied: Vec<ColSpec> = src
            .columns
            .iter()
            .map(|c| ColSpec {
                name: c.name.clone(),
                data_type: c.data_type.clone(),
                comment: if like.column_comments {
                    c.comment.clone()
                } else {
                    None
                },
                definition: c.definition.clone().unwrap_or_default(),
            })
            .collect();
        let table_comment = if like.table_comment {
            src.comment.clone()
        } else {
            None
        };
        for spec in &copied {
            let c = self.new_column(key, spec, line);
            t.columns.push(c);
        }
        table_comment
    }

    /// The statement's own column definitions; one that names a copied
    /// column replaces it.
    fn define_columns(&mut self, t: &mut Table, key: &TableKey, columns: &[ColSpec], line: u32) {
        // A map, not `column_index`: tables with tens of thousands of columns exist.
        let mut index: HashMap<String, usize> = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (self.fold_column(&c.name), i))
            .collect();
        for spec in columns {
            let c = self.new_column(key, spec, line);
            match index.get(&self.fold_column(&c.name)) {
                Some(&i) => t.columns[i] = c,
                None => {
                    index.insert(self.fold_column(&c.name), t.columns.len());
                    t.columns.push(c);
                }
            }
        }
    }

    fn create_partition(&mut self, name: &Name, parent: &Name, line: u32) {
        let (_, key) = self.create_key(name);
        // A parent no earlier statement created (a partial dump) is an
        // unknown table; the partition's later changes land on it.
        let parent_key = self
            .table_for(parent, line, "CREATE TABLE … PARTITION OF")
            .unwrap_or_else(|| self.create_key(parent).1);
        self.partitions.insert(key, parent_key);
    }

    fn attach_partition(&mut self, parent: &Name, child: &Name, line: u32) {
        let Some(parent_key) = self.table_for(parent, line, "ALTER TABLE … ATTACH PARTITION")
        else {
            return;
        };
        let child_key = self
            .find_key(child)
            .unwrap_or_else(|| self.create_key(child).1);
        // The partition folds into its parent: it is not audited on its own.
        self.schema.tables.remove(&child_key);
        self.partitions.insert(child_key, parent_key);
    }

    fn create_view(
        &mut self,
        name: &Name,
        materialized: bool,
        as_select: Option<&AsSelect>,
        line: u32,
    ) {
        let (schema, key) = self.create_key(name);
        let mut t = Table::new(schema, name.name.clone(), self.origin(line));
        if let Some(sel) = as_select {
            for spec in &self.select_specs(sel, false) {
                let c = self.new_column(&key, spec, line);
                t.columns.push(c);
            }
        }
        t.kind = if materialized {
            TableKind::MaterializedView
        } else {
            TableKind::View
        };
        if let Some(old) = self.schema.tables.remove(&key) {
            t.comment = old.comment;
            t.parsed = old.parsed;
            t.comment_origin = old.comment_origin;
        }
        self.schema.tables.insert(key, t);
    }

    fn drop_tables(&mut self, names: &[Name], line: u32) {
        for n in names {
            if let Some(partition) = self.partition_key(n) {
                // Dropping a partition leaves its parent (and its columns) alone.
                self.partitions.remove(&partition);
            } else if let Some(key) = self.find_key(n) {
                self.drop_table(&key, line);
            } else {
                let (_, key) = self.create_key(n);
                self.partitions.remove(&key);
            }
        }
    }

    fn rename_table(&mut self, from: &Name, to: &Name, line: u32) {
        let Some(from_key) = self.find_key(from) else {
            self.table_for(from, line, "RENAME TABLE");
            return self.rename_table(from, to, line);
        };
        let mut t = self
            .schema
            .tables
            .remove(&from_key)
            .expect("found key exists");
        let schema = to.schema.clone().or_else(|| t.schema.clone());
        let key = TableKey::new(schema.as_deref(), &to.name, self.schema.dialect);
        if self.incomplete.remove(&from_key) {
            self.incomplete.insert(key.clone());
        }
        self.vacated.insert(from_key, t.clone());
        self.vacated.remove(&key);
        t.schema = schema;
        t.name = to.name.clone();
        self.schema.tables.insert(key, t);
    }

    fn set_schema(&mut self, table: &Name, schema: &str, line: u32) {
        let Some(from_key) = self.table_for(table, line, "ALTER TABLE … SET SCHEMA") else {
            return;
        };
        let mut t = self
            .schema
            .tables
            .remove(&from_key)
            .expect("found key exists");
        t.schema = Some(schema.to_string());
        let key = TableKey::new(Some(schema), &t.name, self.schema.dialect);
        self.schema.tables.insert(key, t);
    }

    fn touch(&mut self, table: &Name, statement: &str, line: u32) {
        if self.find_key(table).is_none() && self.sequences.contains(&self.create_key(table).1) {
            return;
        }
        self.table_for(table, line, statement);
    }

    fn table_charset(&mut self, table: &Name, convert: bool, line: u32) {
        let Some(key) = self.table_for(table, line, "ALTER TABLE") else {
            return;
        };
        let t = self.schema.tables.get_mut(&key).expect("key exists");
        for c in &mut t.columns {
            if coldef::is_non_character_type(&c.data_type) {
                continue;
            }
            // CONVERT changes every text column (and may widen its
            // type); a new default reaches those without their own.
            let stale = convert
                || c.definition
                    .as_deref()
                    .is_none_or(|d| !coldef::has_own_charset(d));
            if stale {
                c.definition = None;
            }
        }
    }

    fn table_comment(&mut self, table: &Name, comment: &Option<String>, line: u32) {
        let Some(key) = self.table_for(table, line, "a table comment") else {
            return;
        };
        let event = self.event(line, CommentAction::Commented, TagSet::EMPTY, TagSet::EMPTY);
        let t = self.schema.tables.get_mut(&key).expect("key exists");
        recomment(t, comment.clone(), event, false);
    }

    fn column_comment(&mut self, table: &Name, column: &str, comment: &Option<String>, line: u32) {
        let Some(key) = self.table_for(table, line, "COMMENT ON COLUMN") else {
            return;
        };
        let d = self.schema.dialect;
        let event = self.event(line, CommentAction::Commented, TagSet::EMPTY, TagSet::EMPTY);
        let t = self.schema.tables.get_mut(&key).expect("key exists");
        match t.column_index(column, d) {
            Some(i) => recomment(&mut t.columns[i], comment.clone(), event, false),
            None => {
                let (schema, name) = (t.schema.clone(), t.name.clone());
                self.schema.unknown_tables.push(UnknownTable {
                    origin: event.origin,
                    schema,
                    table: name,
                    statement: format!("COMMENT ON COLUMN (no column `{column}`)"),
                });
            }
        }
    }

    fn add_column(&mut self, table: &Name, column: &ColSpec, if_not_exists: bool, line: u32) {
        let Some(key) = self.table_for(table, line, "ALTER TABLE … ADD COLUMN") else {
            return;
        };
        let exists = self.schema.tables[&key].column_index(&column.name, self.schema.dialect);
        if exists.is_some() && if_not_exists {
            return;
        }
        let c = self.new_column(&key, column, line);
        let t = self.schema.tables.get_mut(&key).expect("key exists");
        match exists {
            Some(i) => t.columns[i] = c,
            None => t.columns.push(c),
        }
    }

    fn drop_column(&mut self, table: &Name, column: &str, line: u32) {
        let Some(key) = self.table_for(table, line, "ALTER TABLE … DROP COLUMN") else {
            return;
        };
        let t = &self.schema.tables[&key];
        if let Some(i) = t.column_index(column, self.schema.dialect) {
            let before = t.columns[i].tags();
            let event = self.event(line, CommentAction::Dropped, before, TagSet::EMPTY);
            let fold = self.fold_column(column);
            let t = self.schema.tables.get_mut(&key).expect("key exists");
            let mut c = t.columns.remove(i);
            c.history.push(event);
            self.dropped_columns.insert((key, fold), c);
        }
    }

    fn rename_column(&mut self, table: &Name, from: &str, to: &str, line: u32) {
        let Some(key) = self.table_for(table, line, "ALTER TABLE … RENAME COLUMN") else {
            return;
        };
        let d = self.schema.dialect;
        let t = self.schema.tables.get_mut(&key).expect("key exists");
        // A refused rename (missing column, name taken) was reported
        // by `refusal` before any operation ran; on a table whose
        // columns are not all known it changes nothing.
        if let (Some(i), j) = (t.column_index(from, d), t.column_index(to, d)) {
            // Renaming a column onto itself (a case change on MySQL) is fine.
            if j.is_none_or(|j| j == i) {
                t.columns[i].name = to.to_string();
            }
        }
    }

    fn alter_type(&mut self, table: &Name, column: &str, data_type: &str, line: u32) {
        let Some(key) = self.table_for(table, line, "ALTER TABLE … ALTER COLUMN") else {
            return;
        };
        let d = self.schema.dialect;
        let t = self.schema.tables.get_mut(&key).expect("key exists");
        if let Some(i) = t.column_index(column, d) {
            t.columns[i].data_type = data_type.to_string();
        }
    }

    /// MySQL `MODIFY`/`CHANGE`: the whole column is restated.
    fn restate(&mut self, table: &Name, old: &str, column: &ColSpec, if_exists: bool, line: u32) {
        let Some(key) = self.table_for(table, line, "ALTER TABLE … MODIFY/CHANGE") else {
            return;
        };
        let d = self.schema.dialect;
        let event = self.event(line, CommentAction::Restated, TagSet::EMPTY, TagSet::EMPTY);
        let t = self.schema.tables.get_mut(&key).expect("key exists");
        match t.column_index(old, d) {
            Some(i) => {
                let c = &mut t.columns[i];
                c.name = column.name.clone();
                c.data_type = column.data_type.clone();
                c.definition = Some(column.definition.clone());
                // MySQL restates the whole column: an omitted COMMENT is gone.
                recomment(c, column.comment.clone(), event, true);
            }
            None if if_exists => {}
            None => {
                // Only on a table whose columns are not all known (see `refuse`).
                let c = self.new_column(&key, column, line);
                self.schema
                    .tables
                    .get_mut(&key)
                    .expect("key exists")
                    .columns
                    .push(c);
            }
        }
    }
}
