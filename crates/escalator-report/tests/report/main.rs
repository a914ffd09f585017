//! The exports, read back with real parsers: `icalendar` for the calendar files and `rrule`
//! (through icalendar's re-export) to expand their recurrence rules, the `csv` crate for the
//! CSV tables; reports against golden files built from the shared `fixtures`.

// Test code: a panic is a failed test, which is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod csv;
mod fixtures;
mod html;
mod ics;
mod markdown;
mod pdf;
mod util;
