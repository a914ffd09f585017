//! The one error type that leaves this crate, and its wire format.
//!
//! The UI matches on `code`, shows `message`, and puts each of `fields` beside its form
//! control. The set of codes is closed: adding one is a change to the UI contract, pinned by
//! a test.

use std::fmt;

use escalator_core::{FieldError, ValidationError};
use escalator_store::{OpenError, OpenProblem, StoreError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input broke a rule; `fields` says which and why.
    Validation,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// The action is not possible in the current state (e.g. closing an escalation that was
    /// never de-escalated); `message` says why and what to do first.
    NotAllowed,
    /// The data folder or database file cannot be written.
    DatabaseReadOnly,
    /// The database file is damaged or not an Escalator database.
    DatabaseCorrupt,
    /// The database was written by a newer Escalator.
    DatabaseTooNew,
    /// The database could not be opened for another reason (locked, I/O error).
    DatabaseUnavailable,
    /// Another process (a second Escalator, the command line, a backup tool) held the
    /// database's write lock for longer than the busy timeout; trying again later works.
    DatabaseBusy,
    /// A read or write failed after the database was opened.
    Storage,
    /// The OS keychain is locked, missing or did not answer; the message says what to do.
    KeychainUnavailable,
    /// A vendor refused the account's credentials; queued actions are kept.
    CredentialsRejected,
    /// A vendor could not be reached, timed out, failed or asked to slow down; a later sync
    /// tries again.
    VendorUnavailable,
    /// A vendor refused a request or answered what its API does not document.
    VendorRefused,
    /// A bug: something that should not happen did.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// Per-field problems; empty unless `code` is `validation`.
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            code: ErrorCode::Validation,
            message: message.clone(),
            fields: vec![FieldError {
                field: field.to_owned(),
                message,
            }],
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<ValidationError> for ApiError {
    fn from(err: ValidationError) -> Self {
        Self {
            code: ErrorCode::Validation,
            message: err.to_string(),
            fields: err.fields,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        let message = match &err {
            StoreError::DuplicateSupportRequest => {
                return Self::field(
                    "vendorSrNumber",
                    "A support request with this vendor and SR number already exists.",
                );
            }
            StoreError::DuplicateAccountName => {
                return Self::field("name", "Another vendor account already has this name.");
            }
            StoreError::CaseAlreadyLinked => {
                return Self::field(
                    "caseKey",
                    "Another support request is already linked to this case.",
                );
            }
            StoreError::NotFound => {
                return Self::new(
                    ErrorCode::NotFound,
                    "This record does not exist; it may have been removed.",
                );
            }
            StoreError::Unreadable(detail) => {
                format!("Escalator found data it cannot read in its database: {detail}")
            }
            StoreError::Sqlite(_) if err.is_busy() => {
                return Self::new(
                    ErrorCode::DatabaseBusy,
                    "Another program is writing to the database right now; nothing was changed. Try again in a moment.",
                );
            }
            StoreError::Sqlite(sqlite) => {
                format!("The database could not complete the change: {sqlite}")
            }
        };
        // The detail goes to the log; the user gets a sentence they can act on.
        tracing::error!(error = %err, "storage failure");
        Self::new(ErrorCode::Storage, message)
    }
}

impl From<&OpenError> for ApiError {
    fn from(err: &OpenError) -> Self {
        let path = err.path.display();
        let (code, message) = match err.problem {
            OpenProblem::ReadOnly => (
                ErrorCode::DatabaseReadOnly,
                format!(
                    "Escalator cannot write its database at {path} ({}).",
                    err.detail
                ),
            ),
            OpenProblem::Corrupt => (
                ErrorCode::DatabaseCorrupt,
                format!(
                    "The file at {path} is damaged or is not an Escalator database ({}).",
                    err.detail
                ),
            ),
            OpenProblem::TooNew { found, supported } => (
                ErrorCode::DatabaseTooNew,
                format!(
                    "The database at {path} was written by a newer Escalator (schema {found}; this version reads up to {supported})."
                ),
            ),
            OpenProblem::Unavailable => (
                ErrorCode::DatabaseUnavailable,
                format!(
                    "Escalator could not open its database at {path} ({}).",
                    err.detail
                ),
            ),
        };
        Self::new(code, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_format_is_code_message_fields() {
        let err = ApiError::from(ValidationError {
            fields: vec![
                FieldError {
                    field: "title".into(),
                    message: "Enter a title.".into(),
                },
                FieldError {
                    field: "severity".into(),
                    message: "Severity must be 1 to 4, not 7.".into(),
                },
            ],
        });
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"code":"validation","message":"2 fields need attention","fields":[{"field":"title","message":"Enter a title."},{"field":"severity","message":"Severity must be 1 to 4, not 7."}]}"#
        );
        assert_eq!(
            serde_json::to_string(&ApiError::new(ErrorCode::NotFound, "gone")).unwrap(),
            r#"{"code":"not_found","message":"gone","fields":[]}"#
        );
    }

    #[test]
    fn the_codes_are_a_closed_set_of_snake_case_words() {
        let codes = [
            ErrorCode::Validation,
            ErrorCode::NotFound,
            ErrorCode::NotAllowed,
            ErrorCode::DatabaseReadOnly,
            ErrorCode::DatabaseCorrupt,
            ErrorCode::DatabaseTooNew,
            ErrorCode::DatabaseUnavailable,
            ErrorCode::DatabaseBusy,
            ErrorCode::Storage,
            ErrorCode::KeychainUnavailable,
            ErrorCode::CredentialsRejected,
            ErrorCode::VendorUnavailable,
            ErrorCode::VendorRefused,
            ErrorCode::Internal,
        ];
        // A new variant stops this match compiling until it joins the list above.
        for code in codes {
            match code {
                ErrorCode::Validation
                | ErrorCode::NotFound
                | ErrorCode::NotAllowed
                | ErrorCode::DatabaseReadOnly
                | ErrorCode::DatabaseCorrupt
                | ErrorCode::DatabaseTooNew
                | ErrorCode::DatabaseUnavailable
                | ErrorCode::DatabaseBusy
                | ErrorCode::Storage
                | ErrorCode::KeychainUnavailable
                | ErrorCode::CredentialsRejected
                | ErrorCode::VendorUnavailable
                | ErrorCode::VendorRefused
                | ErrorCode::Internal => {}
            }
        }
        let words: Vec<String> = codes
            .iter()
            .map(|c| {
                serde_json::to_value(c)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            words,
            [
                "validation",
                "not_found",
                "not_allowed",
                "database_read_only",
                "database_corrupt",
                "database_too_new",
                "database_unavailable",
                "database_busy",
                "storage",
                "keychain_unavailable",
                "credentials_rejected",
                "vendor_unavailable",
                "vendor_refused",
                "internal"
            ]
        );
    }
}
