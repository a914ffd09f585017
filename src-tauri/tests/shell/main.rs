//! The shell without a window: commands through Tauri's real IPC and ACL (on the mock
//! runtime), the committed TypeScript bindings, and the security configuration.

// Test code: a panic is a failed test, which is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod bindings;
mod command_line;
mod ipc;
mod security;
mod util;
