//! `--format html`: placeholder (the page is written in its own change).

use crate::pi_inventory::Inventory;

/// A minimal page: the markdown inside `<pre>`, escaped.
pub fn write(inv: &Inventory, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut md = Vec::new();
    super::markdown::write(inv, &mut md)?;
    let text = String::from_utf8_lossy(&md)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    writeln!(
        out,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>PI inventory</title></head>\n<body><pre>{text}</pre></body></html>"
    )
}
