//! The MySQL or MariaDB server a migration is replayed for, and which
//! version-conditional comments (`/*!NNNNN … */`, `/*M!NNNNNN … */`) it runs.
//!
//! Checked against MariaDB 10.11.19: a `/*!` body runs when it has no version
//! or when its version is at most the server's, except that MariaDB skips the
//! five-digit versions 50700–99999 (MySQL 5.7 and later features); a `/*M!`
//! body runs on MariaDB only, by the same version test. MySQL runs `/*!`
//! bodies up to its own version and treats `/*M!` as a comment. No server
//! runs `/*!99999 … */`.

use std::fmt;
use std::str::FromStr;

/// Which server family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavor {
    Mysql,
    Mariadb,
}

/// A target server: family and version id (`80400` for 8.4, `101199` for
/// 10.11: a version given without its patch level means the latest patch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MysqlServer {
    pub flavor: Flavor,
    pub version: u32,
    /// Set by the user (`[mysql] server_version`), not a default: the replay
    /// then follows it without reporting version-dependent DDL.
    pub pinned: bool,
}

/// The kind of a conditional comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conditional {
    /// `/*!NNNNN … */` (`digits` of the version: 0 for none).
    Any { version: u32, digits: usize },
    /// `/*M!NNNNNN … */` (MariaDB only).
    Mariadb { version: u32, digits: usize },
}

/// Servers a migration may plausibly run on: a conditional comment whose
/// body some of them run and others skip makes its statement version-dependent.
const PLAUSIBLE: &[MysqlServer] = &[
    MysqlServer::mysql(50744),
    MysqlServer::mysql(80099),
    MysqlServer::mysql(80499),
    MysqlServer::mysql(90999),
    MysqlServer::mariadb(100599),
    MysqlServer::mariadb(100699),
    MysqlServer::mariadb(101199),
    MysqlServer::mariadb(110499),
    MysqlServer::mariadb(110899),
];

impl MysqlServer {
    pub const fn mysql(version: u32) -> MysqlServer {
        MysqlServer {
            flavor: Flavor::Mysql,
            version,
            pinned: false,
        }
    }

    pub const fn mariadb(version: u32) -> MysqlServer {
        MysqlServer {
            flavor: Flavor::Mariadb,
            version,
            pinned: false,
        }
    }

    /// The default for `--dialect mysql` (and a MySQL-family guess): MySQL 8.4.
    pub const DEFAULT_MYSQL: MysqlServer = MysqlServer::mysql(80499);
    /// The default for `dialect = "mariadb"`: MariaDB 10.11, the version pitag is tested on.
    pub const DEFAULT_MARIADB: MysqlServer = MysqlServer::mariadb(101199);

    /// Whether this server runs the body of `cond`.
    pub fn runs(&self, cond: Conditional) -> bool {
        match (cond, self.flavor) {
            (Conditional::Any { digits: 0, .. }, _) => true,
            (Conditional::Any { version, digits }, Flavor::Mariadb) => {
                !(digits == 5 && (50700..=99999).contains(&version)) && version <= self.version
            }
            (Conditional::Any { version, .. }, Flavor::Mysql) => version <= self.version,
            (Conditional::Mariadb { .. }, Flavor::Mysql) => false,
            (Conditional::Mariadb { digits: 0, .. }, Flavor::Mariadb) => true,
            (Conditional::Mariadb { version, .. }, Flavor::Mariadb) => version <= self.version,
        }
    }

    /// Whether plausible servers (this one included) disagree on running `cond`.
    pub fn depends_on_version(&self, cond: Conditional) -> bool {
        let here = self.runs(cond);
        PLAUSIBLE.iter().any(|s| s.runs(cond) != here)
    }

    /// `MariaDB 10.11` / `MySQL 8.4`, for messages.
    pub fn describe(&self) -> String {
        let (major, minor, patch) = (
            self.version / 10000,
            self.version / 100 % 100,
            self.version % 100,
        );
        let name = match self.flavor {
            Flavor::Mysql => "MySQL",
            Flavor::Mariadb => "MariaDB",
        };
        if patch == 99 {
            format!("{name} {major}.{minor}")
        } else {
            format!("{name} {major}.{minor}.{patch}")
        }
    }
}

impl Default for MysqlServer {
    fn default() -> Self {
        MysqlServer::DEFAULT_MYSQL
    }
}

impl fmt::Display for MysqlServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// Why a server version string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{given}` is not a server version: expected e.g. \"mariadb-10.11\", \"mysql-8.0.36\", \"10.11\" (10 and above: MariaDB) or \"8.4\"")]
pub struct BadServerVersion {
    pub given: String,
}

impl FromStr for MysqlServer {
    type Err = BadServerVersion;

    /// `mariadb-10.11`, `mariadb 10.11.6`, `mysql-8.0`, `8.4`, `10.11`
    /// (major 10 and above is MariaDB; below is MySQL).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadServerVersion {
            given: s.to_string(),
        };
        let lower = s.trim().to_ascii_lowercase();
        let (flavor, rest) = if let Some(r) = lower.strip_prefix("mariadb") {
            (Some(Flavor::Mariadb), r)
        } else if let Some(r) = lower.strip_prefix("mysql") {
            (Some(Flavor::Mysql), r)
        } else {
            (None, lower.as_str())
        };
        let rest = rest.trim_start_matches([' ', '-', '_', '/']);
        let parts: Vec<&str> = rest.split('.').collect();
        if parts.len() < 2 || parts.len() > 3 {
            return Err(bad());
        }
        let mut nums = [0u32; 3];
        for (i, p) in parts.iter().enumerate() {
            nums[i] = p.parse().map_err(|_| bad())?;
            if nums[i] > 99 {
                return Err(bad());
            }
        }
        if parts.len() == 2 {
            nums[2] = 99;
        }
        let flavor = flavor.unwrap_or(if nums[0] >= 10 {
            Flavor::Mariadb
        } else {
            Flavor::Mysql
        });
        Ok(MysqlServer {
            flavor,
            version: nums[0] * 10000 + nums[1] * 100 + nums[2],
            pinned: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any(version: u32) -> Conditional {
        let digits = if version == 0 {
            0
        } else {
            version.to_string().len()
        };
        Conditional::Any { version, digits }
    }

    fn m(version: u32) -> Conditional {
        Conditional::Mariadb {
            version,
            digits: version.to_string().len(),
        }
    }

    #[test]
    fn mariadb_10_11_runs_what_the_real_server_runs() {
        // Each case was run on MariaDB 10.11.19 as `SELECT 1 /*…  +1 */`.
        let s: MysqlServer = "mariadb-10.11.19".parse().unwrap();
        for (cond, runs) in [
            (any(0), true),
            (any(32302), true),
            (any(40101), true),
            (any(50699), true),
            (any(50700), false),
            (any(80000), false),
            (any(99999), false),
            (any(100000), true),
            (any(101100), true),
            (any(101200), false),
            (any(110000), false),
            (m(100100), true),
            (m(101119), true),
            (m(101120), false),
            (m(999999), false),
        ] {
            assert_eq!(s.runs(cond), runs, "{cond:?}");
        }
    }

    #[test]
    fn mysql_runs_by_version_and_ignores_mariadb_comments() {
        let s = MysqlServer::DEFAULT_MYSQL;
        assert!(s.runs(any(80000)) && s.runs(any(50700)) && !s.runs(any(99999)));
        assert!(!s.runs(m(100100)));
        let old: MysqlServer = "mysql-5.7".parse().unwrap();
        assert!(!old.runs(any(80000)));
    }

    #[test]
    fn dependence_is_disagreement_between_plausible_servers() {
        let s = MysqlServer::DEFAULT_MARIADB;
        assert!(!s.depends_on_version(any(40101)));
        assert!(!s.depends_on_version(any(50100)));
        assert!(!s.depends_on_version(any(99999)));
        assert!(s.depends_on_version(any(80000)));
        assert!(s.depends_on_version(any(50700)));
        assert!(s.depends_on_version(m(100100)));
    }

    #[test]
    fn parsing_versions() {
        let p = |s: &str| s.parse::<MysqlServer>();
        assert_eq!(
            p("10.11").unwrap(),
            MysqlServer {
                pinned: true,
                ..MysqlServer::DEFAULT_MARIADB
            }
        );
        assert_eq!(p("MySQL 8.0.36").unwrap().version, 80036);
        assert_eq!(p("8.4").unwrap().flavor, Flavor::Mysql);
        assert_eq!(p("mariadb-11.4").unwrap().describe(), "MariaDB 11.4");
        assert!(p("eleven").is_err() && p("8").is_err() && p("8.400").is_err());
    }
}
