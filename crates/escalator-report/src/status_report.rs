//! The status of a set of escalations, one row each: what management reads on a Monday.
//!
//! The app picks the escalations (all open, those opened in a date range, one vendor's) and
//! fills a [`StatusRow`] for each from the store; the builder in this module turns the rows
//! into a [`crate::document::Document`]. It does not measure cadence or items itself: the
//! row carries what the app already worked out with the core's rules.

use chrono::{DateTime, Utc};
use escalator_core::cadence::CadenceState;
use escalator_core::escalation::EscalationState;

/// Which escalations a report covers, in words for its heading ("All open escalations").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport {
    pub scope: String,
    pub rows: Vec<StatusRow>,
    /// The reader's IANA zone; an unknown name falls back to UTC.
    pub zone: String,
    pub generated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRow {
    pub title: String,
    pub state: EscalationState,
    /// Display names of the vendors of its SRs, first SR's first, without repeats.
    pub vendors: Vec<String>,
    /// `vendor SR number`s, first SR first.
    pub sr_numbers: Vec<String>,
    /// The most severe of its SRs' severities (1 is the most severe).
    pub severity: Option<u8>,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub engineer: String,
    /// The update cadence now and when the next update is due; none without a plan.
    pub cadence: Option<(CadenceState, DateTime<Utc>)>,
    pub updates_missed: u32,
    pub re_escalations: u32,
    pub open_items: u32,
    pub overdue_items: u32,
    pub next_call: Option<DateTime<Utc>>,
}
