//! `fix --write`: a new migration in the folder's own layout and next
//! version. Existing migrations are never edited; an existing file is never
//! overwritten.

use crate::dialect::Dialect;
use crate::error::FixError;
use crate::source::layout::order::{cmp_versions, next_flyway, next_version};
use crate::source::layout::{self, Layout, MigrationFile};
use std::path::{Path, PathBuf};

/// The files of a new migration: (path, content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMigration {
    pub layout: Layout,
    pub version: String,
    pub files: Vec<(PathBuf, String)>,
}

/// UTC `YYYYMMDDHHMMSS` for `secs` since the epoch.
pub fn timestamp(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}{m:02}{d:02}{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn now_timestamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    timestamp(secs)
}

fn file_name(f: &MigrationFile) -> String {
    f.path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Plan the new migration for `folder` (its layout decided by its files).
pub fn plan_migration(
    folder: &Path,
    dialect: Dialect,
    name: &str,
    up: &str,
    down: &str,
    rollback: &[String],
) -> Result<NewMigration, FixError> {
    if !folder.is_dir() {
        return Err(FixError::NotAFolder(folder.to_path_buf()));
    }
    let mut d = layout::discover(&[folder.to_path_buf()])?;
    d.retain_dialect(dialect);
    let files = d.files;
    let refuse = |reason: String| FixError::Refused {
        path: folder.to_path_buf(),
        reason,
    };
    let Some(layout) = layout::majority_layout(&files) else {
        return Err(refuse(format!("no {dialect} migrations to follow")));
    };
    let ours: Vec<&MigrationFile> = files.iter().filter(|f| f.layout == layout).collect();
    let now = now_timestamp();
    let max_version = |files: &[&MigrationFile]| -> Option<String> {
        files
            .iter()
            .filter_map(|f| f.version.clone())
            .max_by(|a, b| cmp_versions(a, b))
    };
    let at = |p: String| folder.join(p);
    let header =
        "-- Written by `pitag fix`: restores and adds privacy tags (#PPI / #GEO) in comments.\n";
    let new = match layout {
        Layout::Plain => {
            return Err(refuse(
                "plain SQL files have no migration order pitag could follow; \
                 run `pitag fix` without --write and add the printed SQL yourself"
                    .into(),
            ))
        }
        Layout::Flyway => {
            let max =
                max_version(&ours).ok_or_else(|| refuse("no versioned Flyway migration".into()))?;
            let v = next_flyway(&max, &now);
            NewMigration {
                layout,
                version: v.clone(),
                files: vec![(at(format!("V{v}__{name}.sql")), format!("{header}{up}"))],
            }
        }
        Layout::GolangMigrate | Layout::Sqlx | Layout::Popx => {
            let max = max_version(&ours).ok_or_else(|| refuse("no versioned migration".into()))?;
            let v = next_version(&max, &now);
            let paired = ours.iter().any(|f| file_name(f).ends_with(".up.sql"));
            let suffix = if layout == Layout::Popx {
                format!(".{}", dialect.as_str())
            } else {
                String::new()
            };
            let files = if paired {
                vec![
                    (
                        at(format!("{v}_{name}{suffix}.up.sql")),
                        format!("{header}{up}"),
                    ),
                    (
                        at(format!("{v}_{name}{suffix}.down.sql")),
                        format!("{header}{down}"),
                    ),
                ]
            } else {
                vec![(at(format!("{v}_{name}.sql")), format!("{header}{up}"))]
            };
            NewMigration {
                layout,
                version: v,
                files,
            }
        }
        Layout::Goose | Layout::Dbmate => {
            let max = max_version(&ours)
                .ok_or_else(|| refuse(format!("no versioned {} migration", layout.name())))?;
            let v = next_version(&max, &now);
            // The tool's own up / down sections.
            let text = if layout == Layout::Goose {
                format!("{header}-- +goose Up\n{up}\n-- +goose Down\n{down}")
            } else {
                format!("-- migrate:up\n{header}{up}\n-- migrate:down\n{down}")
            };
            NewMigration {
                layout,
                version: v.clone(),
                files: vec![(at(format!("{v}_{name}.sql")), text)],
            }
        }
        Layout::FolderPerMigration | Layout::Prisma => {
            let max =
                max_version(&ours).ok_or_else(|| refuse("no versioned migration folder".into()))?;
            let v = next_version(&max, &now);
            let dir = at(format!("{v}_{name}"));
            let files = if layout == Layout::Prisma {
                vec![(dir.join("migration.sql"), format!("{header}{up}"))]
            } else {
                vec![
                    (dir.join("up.sql"), format!("{header}{up}")),
                    (dir.join("down.sql"), format!("{header}{down}")),
                ]
            };
            NewMigration {
                layout,
                version: v,
                files,
            }
        }
        Layout::Liquibase => {
            // Files are applied in natural name order: follow a numeric prefix.
            let mut best: Option<(String, String)> = None;
            for f in &ours {
                let n = file_name(f);
                let lead: String = n.chars().take_while(char::is_ascii_digit).collect();
                if lead.is_empty() {
                    return Err(refuse(format!(
                        "Liquibase file {n} has no numeric prefix to follow; \
                         run `pitag fix` without --write and add a changeset yourself"
                    )));
                }
                let sep = n[lead.len()..]
                    .chars()
                    .next()
                    .filter(|c| !c.is_ascii_alphanumeric());
                if best
                    .as_ref()
                    .is_none_or(|(b, _)| cmp_versions(&lead, b).is_gt())
                {
                    best = Some((lead, sep.map(String::from).unwrap_or_default()));
                }
            }
            let (max, sep) = best.expect("files is not empty");
            let v = next_version(&max, &now);
            let mut text =
                format!("--liquibase formatted sql\n\n--changeset pitag:{v}-{name}\n{header}{up}");
            for r in rollback {
                text.push_str(&format!("--rollback {r}\n"));
            }
            NewMigration {
                layout,
                version: v.clone(),
                files: vec![(at(format!("{v}{sep}{}.sql", name.replace('_', "-"))), text)],
            }
        }
    };
    for (p, _) in &new.files {
        if p.exists() || p.parent().is_some_and(|d| d != folder && d.exists()) {
            return Err(refuse(format!(
                "{} exists already; pitag never overwrites a migration",
                p.display()
            )));
        }
    }
    Ok(new)
}

/// Write the files (never overwriting one).
pub fn write(m: &NewMigration) -> Result<(), FixError> {
    for (p, text) in &m.files {
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).map_err(|source| FixError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(p)
            .map_err(|source| FixError::Io {
                path: p.clone(),
                source,
            })?;
        std::io::Write::write_all(&mut f, text.as_bytes()).map_err(|source| FixError::Io {
            path: p.clone(),
            source,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_civil_time() {
        assert_eq!(timestamp(0), "19700101000000");
        assert_eq!(timestamp(1_709_251_199), "20240229235959");
        assert_eq!(timestamp(951_782_400), "20000229000000");
    }
}
