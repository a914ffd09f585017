//! Every user action, headless, against a real database in a temporary folder.

// Test code: a panic is a failed test, which is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod startup;
mod support_requests;
mod util;
