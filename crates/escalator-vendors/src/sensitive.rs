//! A wrapper for secrets (API tokens, offline tokens, passwords) that keeps them out of logs,
//! error messages and IPC.
//!
//! `Sensitive` prints as `<redacted>` under both `Debug` and `Display`, and implements neither
//! `Serialize` nor `Clone`: a secret cannot reach the web view inside a command's answer,
//! cannot be written to a settings row by accident, and is not copied around. Code that
//! needs the value asks for it by name with [`Sensitive::expose`], which is easy to find in a
//! review. It does not zero memory on drop; the keychain is where secrets are kept.
//!
//! ```compile_fail
//! // A secret cannot be serialised, so no command can return one.
//! let secret = escalator_vendors::Sensitive::new("token".to_owned());
//! serde_json::to_string(&secret).unwrap();
//! ```

use std::fmt;

pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The secret itself, for the one place that sends it (a header, the keychain).
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl Sensitive<String> {
    /// Whether there is anything but whitespace: an empty secret is a form error, not a
    /// credential.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Sensitive<T> {
    /// A secret typed into a form arrives over IPC once; it never goes back.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Sensitive)
    }
}
