//! The store against real SQLite files in temporary folders.

// Test code: a panic is a failed test, which is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod bundle;
mod durability;
mod escalations;
mod open;
mod preferences;
mod running;
mod search;
mod support_requests;
mod timeline;
mod util;
mod vendor_sync;
