//! SQL dialects pitag understands.

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

    /// Guess the dialect from SQL text: backticks, `ENGINE=`, `AUTO_INCREMENT`
    /// and friends mean MySQL; anything else is taken as Postgres.
    /// Returns the dialect and the evidence that decided it.
    pub fn infer(text: &str) -> (Dialect, Option<&'static str>) {
        const MYSQL_MARKERS: &[(&str, &str)] = &[
            ("ENGINE=", "ENGINE="),
            ("ENGINE =", "ENGINE="),
            ("AUTO_INCREMENT", "AUTO_INCREMENT"),
            ("auto_increment", "AUTO_INCREMENT"),
            ("/*!40", "a /*!40… conditional comment"),
            ("/*M!", "a mariadb-dump sandbox line"),
            ("engine=", "ENGINE="),
        ];
        const PG_MARKERS: &[(&str, &str)] = &[
            ("COMMENT ON ", "COMMENT ON"),
            ("comment on ", "COMMENT ON"),
            ("$$", "dollar quoting"),
            ("SERIAL", "SERIAL"),
            ("serial", "SERIAL"),
            ("search_path", "search_path"),
        ];
        let sample = &text[..floor_char_boundary(text, 1 << 20)];
        for (needle, why) in MYSQL_MARKERS {
            if sample.contains(needle) {
                return (Dialect::Mysql, Some(why));
            }
        }
        if memchr::memchr(b'`', sample.as_bytes()).is_some() {
            return (Dialect::Mysql, Some("backtick-quoted identifiers"));
        }
        for (needle, why) in PG_MARKERS {
            if sample.contains(needle) {
                return (Dialect::Postgres, Some(why));
            }
        }
        (Dialect::Postgres, None)
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

impl FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Ok(Dialect::Postgres),
            "mysql" | "mariadb" => Ok(Dialect::Mysql),
            other => Err(format!(
                "unknown dialect `{other}` (expected postgres or mysql; mariadb is an alias of mysql)"
            )),
        }
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
}
