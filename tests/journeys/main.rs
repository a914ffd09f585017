//! User journeys on the real binary in a real window. Each test launches the app on a fresh
//! data folder, walks the journey, and closes the window whatever happened.

// Test code: a panic is a failed test, which is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod escalations;
mod reports;
mod running;
mod startup;
mod support_requests;
mod vendor_sync;
