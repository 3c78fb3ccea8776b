//! The formats of `pitag inventory`: one file per format, each writing an
//! [`Inventory`] to any `io::Write` (nothing else goes to the writer).
//!
//! - `csv`: one row per table and column, for spreadsheets (RFC 4180).
//! - `json`: the inventory document of the contract (docs/inventory.schema.json).
//! - `markdown`: summary, coverage, worst tables first, the PI columns;
//!   identical tables across schemas are one line.
//! - `html`: one self-contained page.
//!
//! [`merge`] reads JSON inventories back (`pitag merge`).

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod merge;

use crate::pi_inventory::Inventory;
use std::io::{self, Write};

/// `pitag inventory --format`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    strum::EnumIter,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::Display,
)]
#[strum(serialize_all = "lowercase")]
pub enum InventoryFormat {
    Csv,
    Json,
    Markdown,
    Html,
}

/// Write `inv` in `format`.
pub fn write(format: InventoryFormat, inv: &Inventory, out: &mut dyn Write) -> io::Result<()> {
    match format {
        InventoryFormat::Csv => csv::write(inv, out),
        InventoryFormat::Json => json::write(inv, out),
        InventoryFormat::Markdown => markdown::write(inv, out),
        InventoryFormat::Html => html::write(inv, out),
    }
}

/// `87.5%`, `100%`, `—` without PI columns: one decimal, never rounded up to
/// 100% while a column is missing its tag.
pub fn percent_text(p: Option<f64>) -> String {
    match p {
        None => "—".to_string(),
        Some(p) => {
            let tenths = (p * 10.0).floor() / 10.0;
            if tenths.fract() == 0.0 {
                format!("{tenths:.0}%")
            } else {
                format!("{tenths:.1}%")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_is_floored_to_a_tenth() {
        assert_eq!(percent_text(None), "—");
        assert_eq!(percent_text(Some(100.0)), "100%");
        assert_eq!(percent_text(Some(99.99)), "99.9%");
        assert_eq!(percent_text(Some(50.0)), "50%");
        assert_eq!(percent_text(Some(2.0 / 3.0 * 100.0)), "66.6%");
    }
}
