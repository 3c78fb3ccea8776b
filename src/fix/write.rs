//! `fix --write`: a new migration in the folder's own layout and next
//! version. Existing migrations are never edited; an existing file is never
//! overwritten.

use crate::dialect::Dialect;
use crate::error::FixError;
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

/// Digits of a version, without separators (`2024-01-01-000000` → `20240101000000`).
fn digits(v: &str) -> String {
    v.chars().filter(char::is_ascii_digit).collect()
}

/// Put `new_digits` into the shape of `like` (same separators at the same places).
fn shaped(like: &str, new_digits: &str) -> String {
    let mut it = new_digits.chars();
    let mut out: String = like
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                it.next().unwrap_or('0')
            } else {
                c
            }
        })
        .collect();
    out.extend(it);
    out
}

/// `digits + 1`, keeping the width.
fn increment(d: &str) -> String {
    let mut bytes: Vec<u8> = d.bytes().collect();
    let mut i = bytes.len();
    loop {
        if i == 0 {
            bytes.insert(0, b'1');
            break;
        }
        i -= 1;
        if bytes[i] == b'9' {
            bytes[i] = b'0';
        } else {
            bytes[i] += 1;
            break;
        }
    }
    String::from_utf8(bytes).expect("digits")
}

fn greater(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    (a.len(), a) > (b.len(), b)
}

/// The version after `max` in its own shape: a timestamp (14 digits) becomes
/// the current time when that is later, anything else `max + 1`.
pub fn next_version(max: &str, now: &str) -> String {
    let d = digits(max);
    if d.len() == 14 && greater(now, &d) {
        return shaped(max, now);
    }
    shaped(max, &increment(&d))
}

/// Flyway: the major part after the highest version (`V10` → `11`,
/// `V1_1` → `2`); timestamp-like versions get the current time when later.
pub fn next_flyway(max: &str, now: &str) -> String {
    let major: String = max.chars().take_while(char::is_ascii_digit).collect();
    if major.len() >= 12 && greater(now, &major) {
        return now.to_string();
    }
    increment(&major)
}

fn cmp_versions(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |v: &str| -> Vec<String> {
        v.split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .map(|p| p.trim_start_matches('0').to_string())
            .collect()
    };
    let (pa, pb) = (parts(a), parts(b));
    for (x, y) in pa.iter().zip(&pb) {
        let o = (x.len(), x).cmp(&(y.len(), y));
        if o.is_ne() {
            return o;
        }
    }
    pa.len().cmp(&pb.len())
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
    if files.is_empty() {
        return Err(refuse(format!("no {dialect} migrations to follow")));
    }
    // The layout most files follow.
    let mut counts: Vec<(Layout, usize)> = Vec::new();
    for f in &files {
        match counts.iter_mut().find(|(l, _)| *l == f.layout) {
            Some(c) => c.1 += 1,
            None => counts.push((f.layout, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let layout = counts[0].0;
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
        Layout::Goose => {
            let max =
                max_version(&ours).ok_or_else(|| refuse("no versioned goose migration".into()))?;
            let v = next_version(&max, &now);
            NewMigration {
                layout,
                version: v.clone(),
                files: vec![(
                    at(format!("{v}_{name}.sql")),
                    format!("{header}-- +goose Up\n{up}\n-- +goose Down\n{down}"),
                )],
            }
        }
        Layout::Dbmate => {
            let max =
                max_version(&ours).ok_or_else(|| refuse("no versioned dbmate migration".into()))?;
            let v = next_version(&max, &now);
            NewMigration {
                layout,
                version: v.clone(),
                files: vec![(
                    at(format!("{v}_{name}.sql")),
                    format!("-- migrate:up\n{header}{up}\n-- migrate:down\n{down}"),
                )],
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

    #[test]
    fn next_versions_keep_their_shape() {
        let now = "20250102030405";
        assert_eq!(next_version("000004", now), "000005");
        assert_eq!(next_version("0009", now), "0010");
        assert_eq!(next_version("20240101000000", now), now);
        assert_eq!(next_version("2024-01-01-000000", now), "2025-01-02-030405");
        // A version from the future: one after it.
        assert_eq!(next_version("29990101000000", now), "29990101000001");
        assert_eq!(next_flyway("10", now), "11");
        assert_eq!(next_flyway("1_1", now), "2");
        assert_eq!(next_flyway("2.3.4", now), "3");
        assert_eq!(next_flyway("202401010000", now), now);
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(cmp_versions("10", "2_1").is_gt());
        assert!(cmp_versions("1_1", "1").is_gt());
        assert!(cmp_versions("000010", "000009").is_gt());
    }
}
