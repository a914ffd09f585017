//! Escalator's exports, rendered from data the app has already assembled.
//!
//! Every function here is pure: it takes domain values (and, where a format records when it
//! was made, that instant as an argument) and returns the file's content. Choosing what to
//! export, reading the clock and writing or sharing the file belong to the app and the shell,
//! so each export can be tested byte for byte and cannot touch the disk or the network.

pub mod csv_table;
pub mod document;
pub mod escalation_report;
pub mod html;
pub mod ics;
pub mod markdown;
pub mod pdf;
pub mod scorecard;
pub mod sr_register;
pub mod status_report;
