//! The store against real SQLite files in temporary folders.

// Test code: a panic is a failed test, which is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod durability;
mod open;
mod support_requests;
mod util;
