//! Escalator's user actions: one method per thing a user does, over an [`App`] that owns the
//! store, the clock and the vendor catalogue.
//!
//! The desktop shell, the benchmarks and the tests all drive Escalator through this crate,
//! so the shell's commands stay one-line adapters and every action is testable without a
//! window. It turns domain and storage failures into the closed set of [`ErrorCode`]s the UI
//! matches on.
//!
//! It knows no Tauri and no SQL, and does not decide where data lives: the shell passes the
//! data folder in.

mod app;
mod clock;
mod error;
pub mod sample;
mod support_requests;
mod vendors;

pub use app::{App, AppStatus};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{ApiError, ErrorCode};
pub use escalator_core::{FieldError, NewSupportRequest, SeverityLevel, SrStatus, Vendor};
pub use support_requests::SupportRequest;
