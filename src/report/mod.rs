//! Reporters (being written).
