//! Vendor support APIs on 127.0.0.1, for tests and benchmarks: Red Hat Customer Portal (with
//! its SSO token exchange), Zendesk Requests and Jira Service Management customer requests,
//! each speaking what `shared/vendor-apis.md` documents, plus faults on demand ([`Fault`]).
//!
//! Used by escalator-vendors' connector tests, escalator-app's sync tests, the end-to-end
//! journeys and the sync benchmark, so each vendor's behaviour is written down once. It is
//! never linked into the app. A fake answers what the tests need; it does not enforce every
//! rule a vendor might (field lengths, permissions beyond sign-in).

// Test support: a broken fake should fail its test loudly, and unwrapping is how it does.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod jira_service_management;
mod loopback;
pub mod red_hat;
pub mod zendesk;

pub use loopback::{Fault, Loopback, Seen, Wire, quick_policy};
