//! Every user action, headless, against a real database in a temporary folder.

// Test code: a panic is a failed test, which is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod lifecycle;
mod playbooks;
mod random_actions;
mod readiness;
mod reports;
mod running;
mod search;
mod severity;
mod startup;
mod support_requests;
mod util;
mod vendor_sync;
mod verbatim_text;
mod war_room;
mod wizard_drafts;
