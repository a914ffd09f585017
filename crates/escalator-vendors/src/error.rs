//! What can go wrong talking to a vendor, as a closed set the app maps to error codes and
//! plain words. Messages never carry a secret or a request URL.

use std::time::Duration;

use crate::keychain::KeychainError;

#[derive(Debug, thiserror::Error)]
pub enum VendorError {
    #[error(
        "The vendor rejected the credentials (sign-in refused). Check the account's user and secret in Settings."
    )]
    CredentialsRejected,
    #[error("The vendor does not know this case (or this account may not see it).")]
    NotFound,
    #[error("The vendor asks Escalator to slow down; it will try again in {} seconds.", retry_after.as_secs().max(1))]
    RateLimited { retry_after: Duration },
    /// No connection was made: the request never left.
    #[error("The vendor could not be reached: {0}")]
    Unreachable(String),
    #[error("The vendor did not answer in time.")]
    TimedOut,
    /// The request went out but the connection broke before the answer: it may have arrived.
    #[error("The connection to the vendor broke off: {0}")]
    Interrupted(String),
    #[error("The vendor's service failed (HTTP {status}); Escalator will try again later.")]
    Server {
        status: u16,
        retry_after: Option<Duration>,
    },
    #[error("The vendor's answer was not what its API documents: {0}")]
    Malformed(String),
    #[error("The vendor refused the request (HTTP {status}): {message}")]
    Refused { status: u16, message: String },
    #[error("{0} cannot do this through its API.")]
    NotSupported(String),
    #[error("{0}")]
    BadAddress(String),
    #[error(transparent)]
    Keychain(#[from] KeychainError),
}

impl VendorError {
    /// Whether trying the same request again later may work.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            VendorError::RateLimited { .. }
                | VendorError::Unreachable(_)
                | VendorError::TimedOut
                | VendorError::Interrupted(_)
                | VendorError::Server { .. }
        )
    }

    /// The wait the server asked for, if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            // A 429 without Retry-After leaves the delay to the backoff.
            VendorError::RateLimited { retry_after } => {
                (!retry_after.is_zero()).then_some(*retry_after)
            }
            VendorError::Server { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}
