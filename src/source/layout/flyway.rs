//! Flyway: `V<version>__<description>.sql` in version order (parts split on
//! `.` / `_`, compared as numbers), `R__` repeatables last, `B` baselines,
//! `U` undo scripts never; vendor folders (`postgres/`, `MYSQL/`) mark a
//! file's dialect, and each keeps its own baseline.

use super::lines::whole_file;
use super::name::{dialect_from_token, Naming};
use super::order::{cmp_flyway_version, natural_path_cmp};
use super::walk::{count, new_file, set_dialect, skip_entry, Entry, Folder};
use super::{Build, Discovery, Evidence, Layout, Tool};
use std::cmp::Ordering;
use std::collections::HashMap;

pub(super) const TOOL: Tool = Tool {
    layout: Layout::Flyway,
    name: "flyway",
    votes: |entries| {
        count(entries, |e| {
            matches!(
                e.naming,
                Naming::FlywayVersioned(_)
                    | Naming::FlywayRepeatable(_)
                    | Naming::FlywayUndo
                    | Naming::FlywayBaseline(_)
            )
        })
    },
    evidence: Evidence::Named("named V<version>__<description>.sql (or R__, B, U)"),
    build: Build::Own(build_flyway),
    segments: whole_file,
};

/// Flyway vendor folder: the nearest folder (inside the PATH, then the PATH's
/// own name) named after a database.
fn flyway_dir_dialect(e: &Entry, root_name: &str) -> Option<String> {
    let dirs = &e.rel[..e.rel.len().saturating_sub(1)];
    dirs.iter()
        .rev()
        .map(String::as_str)
        .chain(std::iter::once(root_name))
        .find(|c| dialect_from_token(c).is_some())
        .map(str::to_ascii_lowercase)
}

/// Versioned and baseline files in version order, then the repeatables by
/// description.
fn build_flyway(entries: Vec<Entry>, folder: &Folder, out: &mut Discovery) {
    let root_name = folder.root_name.as_str();
    struct V {
        e: Entry,
        ver: String,
        key: String,
        baseline: bool,
    }
    let mut versioned: Vec<V> = Vec::new();
    let mut repeatable: Vec<(Entry, String, String)> = Vec::new();
    for e in entries {
        let key = flyway_dir_dialect(&e, root_name).unwrap_or_default();
        match e.naming.clone() {
            Naming::FlywayVersioned(ver) if !e.peek.liquibase => versioned.push(V {
                e,
                ver,
                key,
                baseline: false,
            }),
            Naming::FlywayBaseline(ver) => versioned.push(V {
                e,
                ver,
                key,
                baseline: true,
            }),
            Naming::FlywayRepeatable(desc) => repeatable.push((e, desc, key)),
            _ => skip_entry(
                out,
                &e,
                "not a Flyway migration name (V<version>__<description>.sql) in a Flyway folder",
            ),
        }
    }
    // The latest baseline of each vendor key wins; a baseline outside any
    // vendor folder applies to every file.
    let mut baselines: HashMap<String, (String, String)> = HashMap::new();
    for v in versioned.iter().filter(|v| v.baseline) {
        let replace = baselines
            .get(&v.key)
            .is_none_or(|(b, _)| cmp_flyway_version(&v.ver, b) == Ordering::Greater);
        if replace {
            baselines.insert(v.key.clone(), (v.ver.clone(), v.e.display.clone()));
        }
    }
    versioned.sort_by(|a, b| {
        cmp_flyway_version(&a.ver, &b.ver)
            .then_with(|| a.key.cmp(&b.key))
            .then_with(|| b.baseline.cmp(&a.baseline))
            .then_with(|| natural_path_cmp(&a.e.rel, &b.e.rel))
    });
    let mut last: Option<(String, String, String)> = None; // (key, ver, display)
    for v in versioned {
        let base = baselines
            .get(&v.key)
            .or_else(|| baselines.get(""))
            .filter(|(_, d)| *d != v.e.display);
        if let Some((bver, bdisp)) = base {
            if cmp_flyway_version(&v.ver, bver) != Ordering::Greater {
                let what = if v.baseline {
                    "older baseline migration"
                } else {
                    "versioned migration"
                };
                skip_entry(
                    out,
                    &v.e,
                    format!("{what} at or below baseline {bver} ({bdisp}): Flyway starts from the baseline"),
                );
                continue;
            }
        }
        if let Some((k, ver, d)) = &last {
            if *k == v.key && cmp_flyway_version(ver, &v.ver) == Ordering::Equal {
                skip_entry(
                    out,
                    &v.e,
                    format!("duplicate Flyway version {} (also {d})", v.ver),
                );
                continue;
            }
        }
        last = Some((v.key.clone(), v.ver.clone(), v.e.display.clone()));
        let mut f = new_file(&v.e, Layout::Flyway, Some(v.ver));
        set_dialect(&mut f, &v.key);
        out.files.push(f);
    }
    repeatable.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then_with(|| a.2.cmp(&b.2))
            .then_with(|| natural_path_cmp(&a.0.rel, &b.0.rel))
    });
    for (e, _, key) in repeatable {
        let mut f = new_file(&e, Layout::Flyway, None);
        set_dialect(&mut f, &key);
        out.files.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::layout::testutil::*;

    #[test]
    fn flyway_orders_versions_numerically_and_repeatables_last() {
        let (_t, d) = discover_named(
            &[
                "V5__five.sql",
                "V10__ten.sql",
                "V1.9__a.sql",
                "V1.10__b.sql",
                "V1_0_1__init___MYSQL.sql",
                "R__views.sql",
                "R__functions.sql",
                "U10__undo_ten.sql",
                "notes.sql",
                "README.md",
            ],
            "select 1;",
        );
        assert_eq!(
            names(&d),
            [
                "V1_0_1__init___MYSQL.sql",
                "V1.9__a.sql",
                "V1.10__b.sql",
                "V5__five.sql",
                "V10__ten.sql",
                "R__functions.sql",
                "R__views.sql"
            ]
        );
        assert!(d.files.iter().all(|f| f.layout == Layout::Flyway));
        assert_eq!(d.files[0].version.as_deref(), Some("1_0_1"));
        assert_eq!(d.files[6].version, None);
        assert_eq!(skipped_names(&d), ["notes.sql"]);
        assert_eq!(rollback_names(&d), ["U10__undo_ten.sql"]);
        assert!(d.skipped[0].reason.contains("undo"));
        assert!(d.skipped[1].reason.contains("not a Flyway migration"));
    }

    #[test]
    fn flyway_baseline_skips_versions_at_or_below_it() {
        let (_t, d) = discover_named(
            &[
                "V1__a.sql",
                "V2__b.sql",
                "V2.1__c.sql",
                "V3__d.sql",
                "B1__old_baseline.sql",
                "B2_1__baseline.sql",
            ],
            "select 1;",
        );
        assert_eq!(names(&d), ["B2_1__baseline.sql", "V3__d.sql"]);
        let mut s = skipped_names(&d);
        s.sort();
        assert_eq!(
            s,
            [
                "B1__old_baseline.sql",
                "V1__a.sql",
                "V2.1__c.sql",
                "V2__b.sql"
            ]
        );
        assert!(d.skipped.iter().all(|s| s.reason.contains("baseline 2_1")));
    }

    #[test]
    fn flyway_merges_subfolders_and_reads_vendor_folders() {
        let (t, mut d) = discover_files(&[
            ("postgres/V1__a.sql", ""),
            ("postgres/V3__c.sql", ""),
            ("mysql/V1__a.sql", ""),
            ("mysql/B2__base.sql", ""),
            ("h2/V1__a.sql", ""),
            ("common/V2__b.sql", ""),
            ("common/V2__dup.sql", ""),
        ]);
        let shown: Vec<&str> = d
            .files
            .iter()
            .map(|f| f.display.rsplit_once(t.path().to_str().unwrap()).unwrap().1)
            .collect();
        assert_eq!(
            shown,
            [
                "/h2/V1__a.sql",
                "/postgres/V1__a.sql",
                "/common/V2__b.sql",
                "/mysql/B2__base.sql",
                "/postgres/V3__c.sql"
            ]
        );
        assert!(d.files[0].other_dialect);
        assert_eq!(d.files[1].dialect, Some(Dialect::Postgres));
        assert_eq!(d.files[2].dialect, None);
        let mut s = skipped_names(&d);
        s.sort();
        assert_eq!(s, ["V1__a.sql", "V2__dup.sql"]); // mysql V1 under the mysql baseline; duplicate V2
        assert!(
            d.dialect_hint().is_none(),
            "postgres and mysql folders disagree"
        );
        d.retain_dialect(Dialect::Postgres);
        assert_eq!(names(&d), ["V1__a.sql", "V2__b.sql", "V3__c.sql"]);
        assert!(d
            .skipped
            .iter()
            .any(|s| s.reason == "migration for h2, not postgres"));
        assert!(d
            .skipped
            .iter()
            .any(|s| s.reason == "migration for mysql, not postgres"));
    }

    #[test]
    fn corpus_hawkbit_mysql_baseline() {
        let Some(p) = corpus("hawkbit/hawkbit-repository/hawkbit-repository-jpa-flyway/src/main/resources/db/migration") else { return };
        let mysql = one(&p.join("MYSQL"));
        assert!(
            mysql.files[0]
                .display
                .ends_with("B1_20_0__1.0.0_baseline__MYSQL.sql"),
            "{}",
            mysql.files[0].display
        );
        assert!(mysql
            .files
            .iter()
            .all(|f| f.dialect == Some(Dialect::Mysql)));
        assert!(mysql
            .skipped
            .iter()
            .any(|s| s.display.ends_with("V1_0_1__init___MYSQL.sql")
                && s.reason.contains("baseline")));
        for w in mysql.files.windows(2) {
            assert_eq!(
                cmp_flyway_version(
                    w[0].version.as_deref().unwrap(),
                    w[1].version.as_deref().unwrap()
                ),
                Ordering::Less
            );
        }
        // the whole tree: each vendor folder keeps its own baseline
        let mut all = one(&p);
        assert!(all.dialect_hint().is_none());
        all.retain_dialect(Dialect::Postgres);
        assert!(all.files[0]
            .display
            .ends_with("B1_20_0__1.0.0_baseline__POSTGRESQL.sql"));
        assert!(all.files.iter().all(|f| f.display.contains("/POSTGRESQL/")));
    }

    #[test]
    fn corpus_dspace_and_marquez_flyway() {
        if let Some(p) = corpus("dspace/dspace-api/src/main/resources/org/dspace/storage/rdbms") {
            let d = one(&p);
            let pos = |n: &str| d.files.iter().position(|f| f.display.contains(n)).unwrap();
            assert!(pos("V10.0_2026.01.07") > pos("V7.0_2021.03.18"));
            assert!(pos("V7.0_2020.10.31__CollectionCommunity") > pos("V7.0_2020.01.08")); // merged from metadata/
            assert!(pos("V1.1__") == 0);
            assert!(d
                .skipped
                .iter()
                .any(|s| s.display.ends_with("upgradeToFlyway4x.sql")));
            assert_eq!(d.dialect_hint().map(|h| h.0), Some(Dialect::Postgres));
        }
        if let Some(p) = corpus("marquez/api/src/main/resources/marquez/db/migration") {
            let d = one(&p);
            let n = names(&d);
            assert_eq!(n[0], "V1__initial_schema.sql");
            let pos = |x: &str| n.iter().position(|m| m == x).unwrap();
            assert!(pos("V17.2__open_lineage.sql") < pos("V18__drop_dataset_constraint.sql"));
            assert!(
                pos("V2.1__alter_job_versions_to_add_job_context_uuid.sql")
                    < pos("V3__drop_not_null_constraint_on_job_location.sql")
            );
            assert!(n[n.len() - 3..].iter().all(|m| m.starts_with("R__")));
        }
    }
}
