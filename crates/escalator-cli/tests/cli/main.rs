//! The command line as a user drives it: real data folders in temporary directories, filled
//! through escalator-app, and `escalator_cli::run` called in-process with the arguments a
//! shell would pass. Each test checks what a user would: the exit code, what was printed,
//! and what is (or is not) on disk afterwards.

// Test code: a panic is a failed test, which is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod errors;
mod export;
mod help;
mod list;
mod sync;
mod transfer;
mod util;
