//! The statement splitter on arbitrary text, both dialects: it never panics,
//! never loops, and what it returns is consistent with its input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pitag::dialect::Dialect;
use pitag::source::split::split;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = text.matches('\n').count() as u32 + 1;
    for dialect in [Dialect::Postgres, Dialect::Mysql] {
        let s = split(&text, dialect, 1);
        let mut last = 0;
        for st in &s.statements {
            assert!(!st.text.is_empty(), "an empty statement is never returned");
            assert!(st.line >= last, "statements come in order");
            assert!(st.line >= 1 && st.line <= lines, "line {} of {lines}", st.line);
            last = st.line;
        }
        for w in &s.warnings {
            assert!(w.line >= 1 && w.line <= lines + 1);
        }
    }
});
