//! Why a command failed: the exit code a script branches on, the sentence a person reads and,
//! where there is one, what to do about it.

use std::io::Write;

use escalator_app::{ApiError, ErrorCode};

use crate::Exit;

#[derive(Debug)]
pub(crate) struct Failure {
    pub exit: Exit,
    message: String,
    hints: Vec<String>,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self {
            exit,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// A failure with nothing to say: whoever would read it has gone.
    pub fn silent(exit: Exit) -> Self {
        Self::new(exit, "")
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// The database could not be opened. Whatever the reason, that is the data folder's
    /// problem (exit 3), except a lock held elsewhere, which goes away (exit 4).
    pub fn opening(problem: &ApiError) -> Self {
        let exit = match problem.code {
            ErrorCode::DatabaseBusy => Exit::Busy,
            _ => Exit::DataFolder,
        };
        Self::new(exit, problem.message.clone())
    }

    pub fn print(&self, err: &mut dyn Write) {
        if self.message.is_empty() {
            return;
        }
        // Nothing sensible is left to do if standard error itself cannot be written.
        let _ = writeln!(err, "error: {}", self.message);
        for hint in &self.hints {
            let _ = writeln!(err, "hint: {hint}");
        }
    }
}

impl From<ApiError> for Failure {
    fn from(err: ApiError) -> Self {
        Self::new(exit_for(err.code), err.message)
    }
}

/// The exit code for an action's error. A match without a catch-all, so a new error code
/// cannot reach users of the command line without a decision here.
fn exit_for(code: ErrorCode) -> Exit {
    match code {
        ErrorCode::Validation | ErrorCode::NotFound => Exit::BadInput,
        ErrorCode::DatabaseReadOnly
        | ErrorCode::DatabaseCorrupt
        | ErrorCode::DatabaseTooNew
        | ErrorCode::DatabaseUnavailable => Exit::DataFolder,
        ErrorCode::DatabaseBusy => Exit::Busy,
        ErrorCode::NotAllowed | ErrorCode::Storage | ErrorCode::Internal => Exit::Failure,
        ErrorCode::KeychainUnavailable
        | ErrorCode::CredentialsRejected
        | ErrorCode::VendorUnavailable
        | ErrorCode::VendorRefused => Exit::Vendor,
    }
}
