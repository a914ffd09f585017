//! Escalator's domain: what a support request is, which vendors we know and how they
//! escalate (playbooks), an escalation's lifecycle with its guards, the hash-chained
//! timeline, and the rules that decide whether input is acceptable.
//!
//! The core does no IO and never reads the clock or a random source: times and identifiers
//! are handed in by the caller, so every rule here is a pure function that tests can pin
//! down. It knows nothing of SQL, HTTP, Tauri or the file system; storage lives in
//! `escalator-store`, user actions in `escalator-app`.

pub mod action_item;
pub mod cadence;
pub mod conference_call;
pub mod escalation;
pub mod escalation_record;
pub mod local_time;
pub mod metrics;
pub mod playbook;
pub mod profile;
pub mod sr_details;
pub mod support_request;
pub mod third_party;
pub mod timeline;
pub mod validation;
pub mod vendor;

pub use support_request::{
    NewSupportRequest, Severity, SrStatus, SupportRequestId, SupportRequestRecord,
    ValidSupportRequest,
};
pub use validation::{FieldError, ValidationError};
pub use vendor::{SeverityLevel, Vendor, VendorCatalogue};

#[cfg(test)]
mod tests {
    /// The core stays pure: no crate that does IO may become a dependency.
    #[test]
    fn depends_on_no_io_crate() {
        let manifest = include_str!("../Cargo.toml");
        let dependencies = manifest
            .split("[dependencies]")
            .nth(1)
            .and_then(|rest| rest.split("\n[").next())
            .unwrap();
        for banned in ["tauri", "rusqlite", "reqwest", "tokio", "hyper", "keyring"] {
            let found = dependencies
                .lines()
                .any(|line| line.trim_start().starts_with(banned));
            assert!(!found, "escalator-core must not depend on {banned}");
        }
        assert!(
            dependencies.contains("serde"),
            "the [dependencies] table was not found"
        );
    }
}
