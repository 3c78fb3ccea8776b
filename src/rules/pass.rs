//! The passes: what each one reads, and the functions that call every rule
//! of a pass from the registry (`rules_list!`). The sources (`drift`, `diff`,
//! `suppress`) build a pass's input; the rule files decide what to report.

use super::{Classifications, Context, Pass, Rule};
use crate::classify::Confidence;
use crate::finding::Finding;
use crate::model::{Column, Schema, Table};

/// Drift pass input: one object as `drift` matched it, on both sides or on
/// one only. `live` tables carry the database's names.
#[derive(Debug, Clone, Copy)]
pub enum Pairing<'a> {
    /// A table on both sides (its own tags; its columns come as `Column`s).
    Table {
        migrations: &'a Table,
        live: &'a Table,
    },
    /// A column on both sides, of the matched table `live`.
    Column {
        migrations: &'a Column,
        live: &'a Column,
        table: &'a Table,
    },
    /// A table only the migrations create, under the schema it is reported in.
    MigrationsOnlyTable {
        table: &'a Table,
        schema: Option<&'a str>,
    },
    /// A table only the database holds.
    DatabaseOnlyTable { table: &'a Table },
    /// A column only the migrations add, to the matched table `live`.
    MigrationsOnlyColumn { column: &'a Column, live: &'a Table },
    /// A column only the database holds, in the matched table `live` that the
    /// migrations create as `migrations`.
    DatabaseOnlyColumn {
        column: &'a Column,
        live: &'a Table,
        migrations: &'a Table,
    },
}

/// Diff pass input: a migration file that exists at the base ref and that
/// the working tree changed or deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The file as the working tree shows it.
    pub file: String,
    pub deleted: bool,
}

// Expand `$body` only for rules of one pass (macro_rules cannot compare
// identifiers, so one matcher per pass).
macro_rules! if_model {
    (Model, $($body:tt)*) => { $($body)* };
    ($other:ident, $($body:tt)*) => {};
}
macro_rules! if_drift {
    (Drift, $($body:tt)*) => { $($body)* };
    ($other:ident, $($body:tt)*) => {};
}
macro_rules! if_diff {
    (Diff, $($body:tt)*) => { $($body)* };
    ($other:ident, $($body:tt)*) => {};
}

macro_rules! dispatch {
    ($($variant:ident = $code:literal, $module:ident, $severity:ident, Pass::$pass:ident;)*) => {
        /// Run every rule of the model pass, in registry order.
        pub fn check_model(ctx: &Context) -> Vec<Finding> {
            let mut out = Vec::new();
            $(if_model!($pass, super::$module::check(ctx, &mut out););)*
            out
        }

        /// Run every rule of the drift pass on one pairing.
        pub fn check_drift(pair: &Pairing, roots: &[String], out: &mut Vec<Finding>) {
            $(if_drift!($pass, super::$module::check(pair, roots, out););)*
        }

        /// Run every rule of the diff pass on the changed files.
        pub fn check_diff(changes: &[FileChange], reference: &str) -> Vec<Finding> {
            let mut out = Vec::new();
            for change in changes {
                $(if_diff!($pass, super::$module::check(change, reference, &mut out););)*
            }
            out
        }

        /// The rules of a pass, in registry order.
        pub fn rules_of(pass: Pass) -> Vec<Rule> {
            [$(Rule::$variant,)*].into_iter().filter(|r| r.pass() == pass).collect()
        }
    };
}

rules_list!(dispatch);

/// What `drift` reports about the migration side itself, besides comparing
/// it: statements pitag could not read leave it incomplete
/// (`unparsed-statement`, a model rule that needs no classifier).
pub fn check_drift_migrations(migrations: &Schema, out: &mut Vec<Finding>) {
    let no_classes = Classifications::new();
    let ctx = Context {
        schema: migrations,
        classes: &no_classes,
        min_confidence: Confidence::High,
    };
    super::unparsed_statement::check(&ctx, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_in_one_pass() {
        let total: usize = [Pass::Model, Pass::Drift, Pass::Diff, Pass::Suppression]
            .into_iter()
            .map(|p| rules_of(p).len())
            .sum();
        assert_eq!(total, Rule::all().count());
        assert_eq!(rules_of(Pass::Drift), vec![Rule::Drift, Rule::SchemaDrift]);
    }
}
