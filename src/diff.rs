//! `pitag diff --base REF`: replay the migrations as they are at REF and as
//! they are in the working tree, and keep only the findings the branch
//! introduces (keyed by rule and object, not line). Files that exist at REF
//! and were changed or deleted go to the diff pass of the rules
//! (`edited-migration`).
//!
//! git is read through the `git` command: `rev-parse` to resolve the ref,
//! `archive` to materialise the base tree, `ls-tree` to list its files.

use crate::error::SourceError;
use crate::finding::Finding;
use crate::rules::pass::{self, FileChange};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, SourceError> {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| SourceError::Git(e.to_string()))
}

/// The base tree of a diff, materialised in a temporary folder.
pub struct BaseTree {
    _dir: tempfile::TempDir,
    /// The base-side path for each PATH given (same order); `None` when the
    /// PATH did not exist at the base ref.
    pub paths: Vec<Option<PathBuf>>,
    /// Files under the PATHs at the base ref: repository-relative path ->
    /// (display path as the working tree shows it, blob id).
    pub files: Vec<(String, String)>,
    pub commit: String,
    root: PathBuf,
}

/// Resolve `reference` and extract the PATHs as they are there.
pub fn materialize(
    cwd: &Path,
    reference: &str,
    paths: &[PathBuf],
) -> Result<BaseTree, SourceError> {
    let top = git(cwd, &["rev-parse", "--show-toplevel"])?;
    if !top.status.success() {
        return Err(SourceError::NotARepo(
            String::from_utf8_lossy(&top.stderr).trim().to_string(),
        ));
    }
    let root = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim().to_string());
    let spec = format!("{reference}^{{commit}}");
    let rev = git(cwd, &["rev-parse", "--verify", "--quiet", &spec])?;
    if !rev.status.success() {
        return Err(SourceError::UnknownRef(reference.to_string()));
    }
    let commit = String::from_utf8_lossy(&rev.stdout).trim().to_string();
    let dir = tempfile::tempdir()
        .map_err(|e| SourceError::Base(format!("cannot create a temporary folder: {e}")))?;
    let root_canon = root
        .canonicalize()
        .map_err(|e| SourceError::Base(format!("{}: {e}", root.display())))?;
    let mut rels = Vec::new();
    for p in paths {
        let abs = if p.is_absolute() {
            p.clone()
        } else {
            cwd.join(p)
        };
        // The PATH may not exist in the working tree (deleted); resolve its parent.
        let canon = abs.canonicalize().or_else(|_| {
            let parent = abs.parent().unwrap_or(Path::new("/")).canonicalize()?;
            Ok::<PathBuf, std::io::Error>(parent.join(abs.file_name().unwrap_or_default()))
        });
        let canon = canon.map_err(|e| SourceError::Base(format!("{}: {e}", p.display())))?;
        let rel = canon
            .strip_prefix(&root_canon)
            .map_err(|_| SourceError::OutsideRepo {
                path: p.display().to_string(),
                root: root.display().to_string(),
            })?;
        rels.push(rel.to_string_lossy().replace('\\', "/"));
    }
    let mut out_paths = Vec::new();
    let mut files = Vec::new();
    for (p, rel) in paths.iter().zip(&rels) {
        let pathspec = if rel.is_empty() {
            ".".to_string()
        } else {
            rel.clone()
        };
        let ls = git(&root, &["ls-tree", "-r", "-z", &commit, "--", &pathspec])?;
        if !ls.status.success() {
            return Err(SourceError::Git(
                String::from_utf8_lossy(&ls.stderr).trim().to_string(),
            ));
        }
        let listing = String::from_utf8_lossy(&ls.stdout).into_owned();
        let mut any = false;
        for entry in listing.split('\0').filter(|e| !e.is_empty()) {
            // "<mode> <type> <object>\t<path>"
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            let mut m = meta.split(' ');
            let (_, kind, blob) = (m.next(), m.next(), m.next().unwrap_or(""));
            if kind != Some("blob") {
                continue;
            }
            any = true;
            let inside = path
                .strip_prefix(rel.as_str())
                .unwrap_or(path)
                .trim_start_matches('/');
            let display = if inside.is_empty() {
                p.display().to_string()
            } else {
                format!(
                    "{}/{}",
                    p.display().to_string().trim_end_matches('/'),
                    inside
                )
            };
            files.push((display, blob.to_string()));
        }
        if !any {
            out_paths.push(None);
            continue;
        }
        // git archive | tar -x: the base tree of this PATH, under the temp folder.
        let archive = Command::new("git")
            .args(["archive", "--format=tar", &commit, "--", &pathspec])
            .current_dir(&root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| SourceError::Git(e.to_string()))?;
        let tar = Command::new("tar")
            .args(["-x", "-C"])
            .arg(dir.path())
            .stdin(archive.stdout.expect("piped stdout"))
            .output()
            .map_err(|e| SourceError::Base(format!("cannot run tar: {e}")))?;
        if !tar.status.success() {
            return Err(SourceError::Base(format!(
                "tar: {}",
                String::from_utf8_lossy(&tar.stderr).trim()
            )));
        }
        out_paths.push(Some(dir.path().join(if rel.is_empty() {
            "."
        } else {
            rel.as_str()
        })));
    }
    Ok(BaseTree {
        _dir: dir,
        paths: out_paths,
        files,
        commit,
        root,
    })
}

impl BaseTree {
    /// The `.sql` files at the base that the working tree changed or deleted.
    pub fn changes(&self) -> Vec<FileChange> {
        let mut out = Vec::new();
        for (display, blob) in &self.files {
            if !display.ends_with(".sql") {
                continue;
            }
            let path = Path::new(display);
            let deleted = match std::fs::read(path) {
                Err(_) => true,
                Ok(bytes) => {
                    let hash = Command::new("git")
                        .args(["hash-object", "--stdin"])
                        .current_dir(&self.root)
                        .stdin(Stdio::piped())
                        .stdout(Stdio::piped())
                        .spawn()
                        .and_then(|mut child| {
                            use std::io::Write;
                            child.stdin.take().expect("piped stdin").write_all(&bytes)?;
                            child.wait_with_output()
                        });
                    match hash {
                        Ok(o) if String::from_utf8_lossy(&o.stdout).trim() == blob => continue,
                        _ => false,
                    }
                }
            };
            out.push(FileChange {
                file: display.clone(),
                deleted,
            });
        }
        out
    }

    /// The diff pass's findings (`edited-migration`) on [`BaseTree::changes`].
    pub fn edited(&self, reference: &str) -> Vec<Finding> {
        pass::check_diff(&self.changes(), reference)
    }
}

/// Findings of `head` that `base` does not have (by rule and object; a key
/// that occurs more often on the head side counts as new).
pub fn introduced(base: &[Finding], head: Vec<Finding>) -> Vec<Finding> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for f in base {
        *seen.entry(f.object_key()).or_default() += 1;
    }
    head.into_iter()
        .filter(|f| match seen.get_mut(&f.object_key()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}
