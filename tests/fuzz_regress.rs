//! The fuzz targets' guarantees, kept in the normal suite: the seed corpus
//! (fuzz/seeds) and every input the fuzzers ever crashed on
//! (fuzz/regressions) go through split + parse + replay in both dialects,
//! then a few hundred generated inputs do (a seeded generator: the same cases
//! every run). No panic, no stack overflow, and the splitter's invariants.

mod run_pitag;
use pitag::dialect::Dialect;
use pitag::source::replay::{ParsedStatement, Replayer};
use pitag::source::split::split;
use run_pitag::root;

/// What both fuzz targets check (fuzz/fuzz_targets/*.rs).
fn check(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let lines = text.matches('\n').count() as u32 + 1;
    for dialect in [Dialect::Postgres, Dialect::Mysql] {
        let s = split(&text, dialect, 1);
        let mut last = 0;
        for st in &s.statements {
            assert!(!st.text.is_empty(), "empty statement");
            assert!(st.line >= last, "statements out of order");
            assert!(
                st.line >= 1 && st.line <= lines,
                "line {} of {lines}",
                st.line
            );
            last = st.line;
        }
        let mut replayer = Replayer::new(dialect);
        replayer.begin_file("fuzz.sql");
        for st in &s.statements {
            replayer.apply(&ParsedStatement::new(&st.text, st.line, dialect));
        }
        let schema = replayer.finish();
        for t in schema.tables.values() {
            let _ = t.qualified_name();
        }
    }
}

#[test]
fn seed_corpus_and_regressions() {
    let mut n = 0;
    for dir in ["fuzz/seeds", "fuzz/regressions"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            assert_ne!(dir, "fuzz/seeds", "the seed corpus is missing");
            continue;
        };
        for e in entries {
            let path = e.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let r = std::panic::catch_unwind(|| check(&bytes));
            assert!(r.is_ok(), "{} fails", path.display());
            n += 1;
        }
    }
    assert!(n >= 10, "only {n} inputs");
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Statements each dialect reads as one statement, with the traps inside them.
const PG: &[&str] = &[
    "CREATE TABLE a (id int, email text)",
    "COMMENT ON COLUMN a.email IS 'it''s; a -- not /* comment #PPI'",
    "CREATE FUNCTION f() RETURNS int AS $$ select 1; select 2; $$ LANGUAGE sql",
    "CREATE FUNCTION g() RETURNS int AS $x$ select '$$;'; $x$ LANGUAGE sql",
    "INSERT INTO a VALUES (1, E'a\\'b;c')",
    "CREATE TABLE \"we;ird\" (\"c\"\"d\" text)",
    "ALTER TABLE a ADD COLUMN phone text, DROP COLUMN id",
    "CREATE TABLE p (at date) PARTITION BY RANGE (at)",
    "SELECT /* a ; /* nested ; */ b */ 1",
    "CREATE MATERIALIZED VIEW mv AS SELECT id, email FROM a WITH NO DATA",
    "COMMENT ON TABLE a IS NULL",
];
const MY: &[&str] = &[
    "CREATE TABLE `a` (`id` int, `email` varchar(9) COMMENT 'x;y #PPI') COMMENT='t'",
    "ALTER TABLE a MODIFY email text",
    "INSERT INTO a VALUES ('it\\'s;', \"dq;\")",
    "/*!40101 SET NAMES utf8mb4 */",
    "CREATE TABLE `b;c` (x int) PARTITION BY HASH(x) PARTITIONS 2",
    "SELECT 1 # a comment; with a semicolon\n+ 1",
    "LOCK TABLES `a` WRITE",
];
const SEPARATORS: &[&str] = &[
    ";\n",
    ";\n\n",
    "; ",
    ";\n-- between; statements\n",
    ";\n/* c; */\n",
];
const NOISE: &[u8] = b"'\"`$;()-/*#\\\n\0E\t{}[]";

#[test]
fn generated_statements_split_exactly_and_replay() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for case in 0..300 {
        let (dialect, pool) = if case % 2 == 0 {
            (Dialect::Postgres, PG)
        } else {
            (Dialect::Mysql, MY)
        };
        // Well-formed: the splitter returns exactly these statements at these lines.
        let count = 1 + rng.below(8);
        let mut text = String::new();
        let mut want = Vec::new();
        for _ in 0..count {
            let st = pool[rng.below(pool.len())];
            want.push((text.matches('\n').count() as u32 + 1, st));
            text.push_str(st);
            text.push_str(SEPARATORS[rng.below(SEPARATORS.len())]);
        }
        let got: Vec<(u32, String)> = split(&text, dialect, 1)
            .statements
            .into_iter()
            .map(|s| (s.line, s.text.into_owned()))
            .collect();
        assert_eq!(got.len(), want.len(), "case {case}:\n{text}\n{got:#?}");
        for ((gl, gt), (wl, wt)) in got.iter().zip(&want) {
            assert_eq!(gl, wl, "case {case}: line of {wt}\n{text}");
            if !wt.starts_with("/*!") {
                assert_eq!(gt, wt, "case {case}\n{text}");
            }
        }
        check(text.as_bytes());
        // Mutated: cut, duplicated and noisy bytes; only "no panic" holds.
        let mut bytes = text.into_bytes();
        for _ in 0..1 + rng.below(6) {
            let at = rng.below(bytes.len() + 1);
            match rng.below(4) {
                0 => bytes.truncate(at),
                1 => bytes.insert(at, NOISE[rng.below(NOISE.len())]),
                2 => {
                    let end = (at + rng.below(40)).min(bytes.len());
                    let piece = bytes[at..end].to_vec();
                    bytes.splice(at..at, piece);
                }
                _ => {
                    if at < bytes.len() {
                        bytes[at] = rng.next() as u8;
                    }
                }
            }
        }
        check(&bytes);
    }
}
