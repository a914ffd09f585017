//! Vendor secrets in the OS keychain: Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows (through `keyring`, with each native store named in Cargo.toml).
//!
//! One entry per vendor account, under the service name the app passes in and the account's
//! id. There is no other place a secret is kept: no plaintext fallback when the keychain is
//! locked or missing, only an error that says what to do. Each call runs on a thread of its own
//! with a timeout, because a locked Secret Service collection may wait for an unlock prompt
//! that never comes on a headless machine; the async runtime must not wait with it.
//!
//! It does not cache secrets (a secret lives in memory only for one sync) and does not know
//! what a secret is for.

use std::time::Duration;

use crate::Sensitive;

/// How long one keychain call may take before the user is told the keychain does not answer.
pub const KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    #[error(
        "The keychain is locked. Unlock it (on Linux: your login keyring, e.g. with Seahorse) \
         and try again."
    )]
    Locked,
    #[error("No secret is stored in the keychain for this account. Enter it again in Settings.")]
    Missing,
    #[error(
        "No keychain is available ({0}). On Linux, Escalator needs a Secret Service such as \
         GNOME Keyring or KeePassXC running in your session."
    )]
    Unavailable(String),
    #[error("The keychain did not answer within {} seconds. Unlock it and try again.", .0.as_secs())]
    TimedOut(Duration),
    #[error("The keychain refused the secret: {0}")]
    Refused(String),
}

/// The keychain entries of one application (one service name).
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
    timeout: Duration,
}

impl Keychain {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            timeout: KEYCHAIN_TIMEOUT,
        }
    }

    /// The same keychain with another timeout (tests of a locked keychain wait less).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Stores `secret` for `account`, replacing what was there.
    pub async fn store(
        &self,
        account: &str,
        secret: Sensitive<String>,
    ) -> Result<(), KeychainError> {
        self.call(account, move |entry| entry.set_password(secret.expose()))
            .await
    }

    /// The secret stored for `account`.
    pub async fn read(&self, account: &str) -> Result<Sensitive<String>, KeychainError> {
        self.call(account, |entry| entry.get_password().map(Sensitive::new))
            .await
    }

    /// Removes the secret of `account`; one that is not there is already removed.
    pub async fn delete(&self, account: &str) -> Result<(), KeychainError> {
        match self.call(account, |entry| entry.delete_credential()).await {
            Err(KeychainError::Missing) => Ok(()),
            other => other,
        }
    }

    async fn call<T: Send + 'static>(
        &self,
        account: &str,
        work: impl FnOnce(&keyring::Entry) -> keyring::Result<T> + Send + 'static,
    ) -> Result<T, KeychainError> {
        let service = self.service.clone();
        let account = account.to_owned();
        let (done, answer) = tokio::sync::oneshot::channel();
        // A plain thread rather than the runtime's blocking pool: a call stuck on an unlock
        // prompt must not hold up the runtime's shutdown when the app quits.
        std::thread::Builder::new()
            .name("keychain".to_owned())
            .spawn(move || {
                let result = keyring::Entry::new(&service, &account).and_then(|entry| work(&entry));
                // The caller may have stopped waiting; then the answer has nowhere to go.
                let _ = done.send(result);
            })
            .map_err(|err| KeychainError::Unavailable(format!("no thread for the call: {err}")))?;
        match tokio::time::timeout(self.timeout, answer).await {
            Err(_) => Err(KeychainError::TimedOut(self.timeout)),
            Ok(Err(_)) => Err(KeychainError::Unavailable(
                "the keychain call ended without an answer".to_owned(),
            )),
            Ok(Ok(result)) => result.map_err(classify),
        }
    }
}

fn classify(err: keyring::Error) -> KeychainError {
    match err {
        keyring::Error::NoEntry => KeychainError::Missing,
        keyring::Error::NoStorageAccess(_) => KeychainError::Locked,
        keyring::Error::PlatformFailure(cause) => KeychainError::Unavailable(cause.to_string()),
        keyring::Error::TooLong(what, limit) => {
            KeychainError::Refused(format!("the {what} is longer than {limit} characters"))
        }
        other => KeychainError::Refused(other.to_string()),
    }
}
