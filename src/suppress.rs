//! Suppressions (being written).
