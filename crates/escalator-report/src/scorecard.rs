//! Vendor scorecards: per vendor, how its escalations went (see
//! [`escalator_core::metrics`] for what each measure means and how it is computed).
//!
//! [`document`] lays the cards out as a [`Document`]: one comparison table across vendors,
//! then every vendor's feedback. It computes nothing beyond what the core's scorecard offers
//! (adherence, mean rating), and it keeps the vendors in the order handed in.

use chrono::{DateTime, Utc};
use escalator_core::metrics::VendorScorecard;

use crate::document::{Block, Document, Field, Section, Table};
use crate::escalation_report::{Clock, NONE, duration_text, or_dash};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scorecards {
    /// Which escalations were measured, in words ("Escalations opened 2026-01-01 to …").
    pub scope: String,
    pub vendors: Vec<VendorScorecard>,
    /// The reader's IANA zone; an unknown name falls back to UTC.
    pub zone: String,
    pub generated_at: DateTime<Utc>,
}

fn duration(seconds: Option<i64>) -> String {
    seconds.map_or_else(|| NONE.to_owned(), duration_text)
}

fn row(card: &VendorScorecard) -> Vec<String> {
    vec![
        or_dash(&card.vendor),
        card.escalations.to_string(),
        card.open.to_string(),
        duration(card.median_time_to_escalate_seconds),
        duration(card.median_time_to_engineer_seconds),
        card.updates_received.to_string(),
        card.updates_missed.to_string(),
        card.adherence_percent()
            .map_or_else(|| NONE.to_owned(), |percent| format!("{percent}%")),
        card.re_escalations.to_string(),
        duration_text(card.waited_on_vendor_seconds),
        duration_text(card.waited_on_us_seconds),
        card.mean_rating_tenths().map_or_else(
            || NONE.to_owned(),
            |tenths| format!("{}.{} of 5", tenths / 10, tenths % 10),
        ),
    ]
}

fn table(name: &str, headers: &[&str], rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        table: Table {
            name: name.to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        },
    }
}

fn empty(text: &str) -> Block {
    Block::Empty {
        text: text.to_owned(),
    }
}

/// The scorecards as a document: the comparison across vendors, then their feedback.
pub fn document(cards: &Scorecards) -> Document {
    let clock = Clock::new(&cards.zone);
    let comparison = if cards.vendors.is_empty() {
        empty("No escalations were measured.")
    } else {
        table(
            "scorecards",
            &[
                "Vendor",
                "Escalations",
                "Open",
                "Median time to escalate",
                "Median time to engineer",
                "Updates received",
                "Updates missed",
                "Update adherence",
                "Re-escalations",
                "Waited on vendor",
                "Waited on us",
                "Mean rating",
            ],
            cards.vendors.iter().map(row).collect(),
        )
    };
    let feedback: Vec<Vec<String>> = cards
        .vendors
        .iter()
        .flat_map(|card| {
            card.feedback.iter().map(move |entry| {
                vec![
                    or_dash(&card.vendor),
                    or_dash(&entry.escalation),
                    format!("{} of 5", entry.rating),
                    or_dash(&entry.comment),
                ]
            })
        })
        .collect();
    let feedback = if feedback.is_empty() {
        empty("None given.")
    } else {
        table(
            "feedback",
            &["Vendor", "Escalation", "Rating", "Comment"],
            feedback,
        )
    };
    Document {
        title: "Vendor scorecards".to_owned(),
        facts: vec![
            Field::new("Scope", or_dash(&cards.scope)),
            Field::new("Vendors", cards.vendors.len().to_string()),
            Field::new("Generated", clock.both(cards.generated_at)),
        ],
        sections: vec![
            Section {
                heading: "Comparison".to_owned(),
                blocks: vec![comparison],
            },
            Section {
                heading: "Feedback".to_owned(),
                blocks: vec![feedback],
            },
        ],
    }
}
