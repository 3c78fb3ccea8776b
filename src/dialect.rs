//! SQL dialects pitag understands.

use crate::source::replay::mysql_version::MysqlServer;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// The two dialect families: MariaDB is an alias of MySQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    Postgres,
    Mysql,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
        }
    }

    /// Whether unquoted identifiers fold to lower case and compare exactly
    /// (Postgres) or compare case-insensitively (MySQL).
    pub fn folds_case(self) -> bool {
        matches!(self, Dialect::Postgres)
    }

    /// The dialect a database URL scheme names (`postgres`, `postgresql`,
    /// `mysql`, `mariadb`, any case): the one mapping `drift` and the live
    /// catalog reader share.
    pub fn from_url_scheme(scheme: &str) -> Option<Dialect> {
        match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => Some(Dialect::Postgres),
            "mysql" | "mariadb" => Some(Dialect::Mysql),
            _ => None,
        }
    }

    /// The dialect a database URL names by its scheme, if it is one pitag reads.
    pub fn from_url(url: &str) -> Option<Dialect> {
        Dialect::from_url_scheme(url.trim().split("://").next()?)
    }

    /// Guess the dialect from SQL text: backticks, `ENGINE=`, `AUTO_INCREMENT`,
    /// conditional comments and `DELIMITER` mean MySQL; anything else is taken
    /// as Postgres. Markers inside comments and strings do not count.
    /// Returns the dialect and the evidence that decided it.
    pub fn infer(text: &str) -> (Dialect, Option<&'static str>) {
        let sample = &text[..floor_char_boundary(text, 1 << 20)];
        let b = sample.as_bytes();
        let mut pg: Option<&'static str> = None;
        let mut i = 0;
        let mut line_start = true;
        while i < b.len() {
            let c = b[i];
            match c {
                b'\n' => {
                    line_start = true;
                    i += 1;
                    continue;
                }
                b'-' if b.get(i + 1) == Some(&b'-') => {
                    i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |p| i + p);
                    continue;
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    if matches!(b.get(i + 2), Some(b'!') | Some(b'M'))
                        && b.get(i + 3)
                            .is_some_and(|x| x.is_ascii_digit() || *x == b'!' || *x == b' ')
                    {
                        return (Dialect::Mysql, Some("a /*!… */ conditional comment"));
                    }
                    i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(b.len(), |p| i + 2 + p + 2);
                    continue;
                }
                b'\'' => {
                    // Skip the string ('' and backslash escapes alike).
                    let mut j = i + 1;
                    while j < b.len() && b[j] != b'\'' {
                        j += if b[j] == b'\\' { 2 } else { 1 };
                    }
                    i = j + 1;
                    line_start = false;
                    continue;
                }
                b'`' => return (Dialect::Mysql, Some("backtick-quoted identifiers")),
                b'$' if pg.is_none() && b.get(i + 1) == Some(&b'$') => pg = Some("dollar quoting"),
                b':' if pg.is_none() && b.get(i + 1) == Some(&b':') => pg = Some("`::` casts"),
                _ => {}
            }
            if c.is_ascii_alphabetic()
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
            {
                let mut j = i;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                let word = &sample[i..j];
                if word.eq_ignore_ascii_case("AUTO_INCREMENT") {
                    return (Dialect::Mysql, Some("AUTO_INCREMENT"));
                }
                if word.eq_ignore_ascii_case("ENGINE") && sample[j..].trim_start().starts_with('=')
                {
                    return (Dialect::Mysql, Some("ENGINE="));
                }
                if line_start && word.eq_ignore_ascii_case("DELIMITER") {
                    return (Dialect::Mysql, Some("DELIMITER"));
                }
                if pg.is_none()
                    && word.eq_ignore_ascii_case("COMMENT")
                    && sample[j..]
                        .trim_start()
                        .get(..3)
                        .is_some_and(|w| w.eq_ignore_ascii_case("ON "))
                {
                    pg = Some("COMMENT ON");
                }
                line_start = false;
                i = j;
                continue;
            }
            if !c.is_ascii_whitespace() {
                line_start = false;
            }
            i += 1;
        }
        (Dialect::Postgres, pg)
    }
}

/// Largest char boundary not above `at` (std's is unstable).
pub fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    let mut i = at;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A dialect name pitag does not know (`--dialect`, `dialect =` in pitag.toml).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown dialect `{0}` (expected postgres, mysql or mariadb)")]
pub struct UnknownDialect(pub String);

impl FromStr for Dialect {
    type Err = UnknownDialect;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Ok(Dialect::Postgres),
            "mysql" | "mariadb" => Ok(Dialect::Mysql),
            other => Err(UnknownDialect(other.to_string())),
        }
    }
}

/// A `--dialect` value: the dialect, and the MySQL server family it names
/// (`mariadb` selects MariaDB for `/*!NNNNN` and `/*M!` comments, as
/// `dialect = "mariadb"` in pitag.toml does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DialectArg {
    pub dialect: Dialect,
    /// `Some` for `mariadb`: the default MariaDB server, not pinned.
    pub mysql_server: Option<MysqlServer>,
}

impl FromStr for DialectArg {
    type Err = UnknownDialect;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let dialect = s.parse::<Dialect>()?;
        let mysql_server = s
            .eq_ignore_ascii_case("mariadb")
            .then_some(MysqlServer::DEFAULT_MARIADB);
        Ok(DialectArg {
            dialect,
            mysql_server,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers_mysql_from_backticks_and_engine() {
        assert_eq!(
            Dialect::infer("CREATE TABLE `a` (id int)").0,
            Dialect::Mysql
        );
        assert_eq!(
            Dialect::infer("CREATE TABLE a (id int) ENGINE=InnoDB").0,
            Dialect::Mysql
        );
        assert_eq!(
            Dialect::infer("CREATE TABLE a (id int)").0,
            Dialect::Postgres
        );
    }

    #[test]
    fn parses_aliases() {
        assert_eq!("MariaDB".parse::<Dialect>().unwrap(), Dialect::Mysql);
        assert_eq!("postgresql".parse::<Dialect>().unwrap(), Dialect::Postgres);
        assert!("oracle".parse::<Dialect>().is_err());
    }

    #[test]
    fn urls() {
        assert_eq!(
            Dialect::from_url("postgresql://u@h/db"),
            Some(Dialect::Postgres)
        );
        assert_eq!(Dialect::from_url("MariaDB://u@h/db"), Some(Dialect::Mysql));
        assert_eq!(Dialect::from_url("sqlite://x"), None);
        assert_eq!(Dialect::from_url("nonsense"), None);
    }

    #[test]
    fn mariadb_argument_names_the_server() {
        let maria = "MariaDB".parse::<DialectArg>().unwrap();
        assert_eq!(maria.dialect, Dialect::Mysql);
        assert_eq!(maria.mysql_server, Some(MysqlServer::DEFAULT_MARIADB));
        let mysql = "mysql".parse::<DialectArg>().unwrap();
        assert_eq!(mysql.dialect, Dialect::Mysql);
        assert_eq!(mysql.mysql_server, None);
        assert!("oracle".parse::<DialectArg>().is_err());
    }
}
