//! The SR register: one row per support request, for the spreadsheet that tracks every open
//! case with every vendor, escalated or not.
//!
//! The app picks the SRs (all open, those opened in a date range, one vendor's, all) and fills
//! an [`SrRow`] for each; [`document`] lays them out as a [`Document`]: counts by status, then
//! one table. It keeps the rows in the order handed in and looks nothing up: vendor names and
//! the escalation an SR belongs to come with the row.

use chrono::{DateTime, Utc};
use escalator_core::SrStatus;
use escalator_core::escalation::EscalationState;

use crate::document::{Block, Document, Field, Section, Table};
use crate::escalation_report::{Clock, NONE, or_dash, state_label};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrRegister {
    /// Which SRs the register lists, in words ("All open support requests").
    pub scope: String,
    pub rows: Vec<SrRow>,
    /// The reader's IANA zone; an unknown name falls back to UTC.
    pub zone: String,
    pub generated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrRow {
    /// The vendor's display name.
    pub vendor: String,
    pub sr_number: String,
    pub title: String,
    pub product: String,
    /// 1 is the most severe.
    pub severity: u8,
    pub status: SrStatus,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The title and state of the escalation the SR is part of, the newest when several.
    pub escalation: Option<(String, EscalationState)>,
}

const STATUSES: [SrStatus; 5] = [
    SrStatus::Open,
    SrStatus::WaitingOnVendor,
    SrStatus::WaitingOnUs,
    SrStatus::Resolved,
    SrStatus::Closed,
];

fn status_label(status: SrStatus) -> &'static str {
    match status {
        SrStatus::Open => "Open",
        SrStatus::WaitingOnVendor => "Waiting on vendor",
        SrStatus::WaitingOnUs => "Waiting on us",
        SrStatus::Resolved => "Resolved",
        SrStatus::Closed => "Closed",
    }
}

fn summary(register: &SrRegister) -> Section {
    let mut fields: Vec<Field> = STATUSES
        .iter()
        .filter_map(|status| {
            let n = register
                .rows
                .iter()
                .filter(|row| row.status == *status)
                .count();
            (n > 0).then(|| Field::new(status_label(*status), n.to_string()))
        })
        .collect();
    let escalated = register
        .rows
        .iter()
        .filter(|row| row.escalation.is_some())
        .count();
    fields.push(Field::new("Part of an escalation", escalated.to_string()));
    Section {
        heading: "Summary".to_owned(),
        blocks: vec![Block::Fields { fields }],
    }
}

fn table(register: &SrRegister, clock: &Clock) -> Section {
    let block = if register.rows.is_empty() {
        Block::Empty {
            text: "No support requests in this register.".to_owned(),
        }
    } else {
        let rows = register
            .rows
            .iter()
            .map(|row| {
                let (escalation, state) = match &row.escalation {
                    Some((title, state)) => (or_dash(title), state_label(*state)),
                    None => (NONE.to_owned(), NONE.to_owned()),
                };
                vec![
                    or_dash(&row.vendor),
                    or_dash(&row.sr_number),
                    or_dash(&row.title),
                    or_dash(&row.product),
                    row.severity.to_string(),
                    status_label(row.status).to_owned(),
                    clock.local(row.opened_at),
                    clock.local(row.updated_at),
                    escalation,
                    state,
                ]
            })
            .collect();
        Block::Table {
            table: Table {
                name: "support-requests".to_owned(),
                headers: vec![
                    "Vendor".to_owned(),
                    "SR".to_owned(),
                    "Title".to_owned(),
                    "Product".to_owned(),
                    "Severity".to_owned(),
                    "Status".to_owned(),
                    clock.header("Opened"),
                    clock.header("Updated"),
                    "Escalation".to_owned(),
                    "Escalation state".to_owned(),
                ],
                rows,
            },
        }
    };
    Section {
        heading: "Support requests".to_owned(),
        blocks: vec![block],
    }
}

/// The register as a document: its facts, counts by status, and the SRs.
pub fn document(register: &SrRegister) -> Document {
    let clock = Clock::new(&register.zone);
    Document {
        title: "Support request register".to_owned(),
        facts: vec![
            Field::new("Scope", or_dash(&register.scope)),
            Field::new("Support requests", register.rows.len().to_string()),
            Field::new("Generated", clock.both(register.generated_at)),
        ],
        sections: vec![summary(register), table(register, &clock)],
    }
}
