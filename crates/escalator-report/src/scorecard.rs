//! Vendor scorecards: per vendor, how its escalations went (see
//! [`escalator_core::metrics`] for what each measure means and how it is computed).
//!
//! The builder in this module lays the cards out as a [`crate::document::Document`]: one
//! comparison table across vendors, then each vendor's feedback. It computes nothing.

use chrono::{DateTime, Utc};
use escalator_core::metrics::VendorScorecard;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scorecards {
    /// Which escalations were measured, in words ("Escalations opened 2026-01-01 to …").
    pub scope: String,
    pub vendors: Vec<VendorScorecard>,
    /// The reader's IANA zone; an unknown name falls back to UTC.
    pub zone: String,
    pub generated_at: DateTime<Utc>,
}
