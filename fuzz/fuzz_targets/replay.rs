//! Split, parse and replay arbitrary text into the schema model, both
//! dialects: no panic, no stack overflow, no hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pitag::dialect::Dialect;
use pitag::source::replay::{ParsedStatement, Replayer};
use pitag::source::split::split;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for dialect in [Dialect::Postgres, Dialect::Mysql] {
        let mut replayer = Replayer::new(dialect);
        replayer.begin_file("fuzz.sql");
        for st in split(&text, dialect, 1).statements {
            replayer.apply(&ParsedStatement::new(&st.text, st.line, dialect));
        }
        let schema = replayer.finish();
        for table in schema.tables.values() {
            let _ = table.qualified_name();
        }
    }
});
