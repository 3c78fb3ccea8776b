//! Typed errors of the library. `main` maps every one of them to exit code 2.

use std::path::PathBuf;
use thiserror::Error;

/// Reading the inputs failed: the audit cannot be completed.
#[derive(Debug, Error)]
pub enum SourceError {
    #[error("{}: no such file or directory", .0.display())]
    NotFound(PathBuf),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Walk { path: PathBuf, message: String },
    #[error("no migrations found in {0}")]
    NoMigrations(String),
    #[error("{file}:{line}: {message}")]
    Syntax {
        file: String,
        line: u32,
        message: String,
    },
}

/// The configuration file is unusable.
#[derive(Debug, Error)]
#[error("{file}{}: {message}", location.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ConfigError {
    pub file: String,
    /// 1-based line and column.
    pub location: Option<(usize, usize)>,
    pub message: String,
}

/// Why `fix --write` could not write its migration.
#[derive(Debug, Error)]
pub enum FixError {
    #[error("{}: --write needs a migration folder, not a file", .0.display())]
    NotAFolder(PathBuf),
    #[error("{}: {reason}", path.display())]
    Refused { path: PathBuf, reason: String },
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}
