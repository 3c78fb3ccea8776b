//! Migration layouts (being written).
