//! The store against real SQLite files in temporary folders.

mod open;
mod support_requests;
mod util;
