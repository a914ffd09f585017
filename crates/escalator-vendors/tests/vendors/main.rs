//! escalator-vendors against loopback servers that speak each vendor's documented API, and
//! against the real Secret Service.

// Test code: a panic is a failed test, which is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod http;
mod jira_service_management;
mod keychain;
mod parsers;
mod red_hat;
mod zendesk;
