//! Audit orchestration (being written).
