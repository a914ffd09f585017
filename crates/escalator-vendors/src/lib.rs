//! Escalator's side of vendor support APIs: one [`Connector`] per API (Red Hat Customer
//! Portal, Zendesk Requests, Jira Service Management customer requests), the HTTP rules they
//! all follow ([`http`]), secrets in the OS keychain ([`keychain`]) and the wrapper that keeps
//! a secret out of logs and IPC ([`Sensitive`]).
//!
//! This is the only crate that speaks HTTP. It keeps no data: what to sync, the outbox and
//! the timeline belong to escalator-app and escalator-store.

pub mod account;
pub mod connector;
mod error;
pub mod http;
pub mod jira_service_management;
pub mod keychain;
pub mod red_hat;
mod sensitive;
pub mod zendesk;

pub use connector::{Capabilities, Connector, ConnectorKind, Outbound, VendorCase, VendorComment};
pub use error::VendorError;
pub use sensitive::Sensitive;
