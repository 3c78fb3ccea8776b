//! Statement splitter (being written).
