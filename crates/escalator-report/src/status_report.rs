//! The status of a set of escalations, one row each: what management reads on a Monday.
//!
//! The app picks the escalations (all open, those opened in a date range, one vendor's) and
//! fills a [`StatusRow`] for each from the store; [`document`] turns the rows into a
//! [`Document`]: a short summary, then one table with a row per escalation. It does not
//! measure cadence or items itself: the row carries what the app already worked out with the
//! core's rules. Nor does it sort or filter the rows; they appear in the order handed in.

use chrono::{DateTime, Utc};
use escalator_core::cadence::CadenceState;
use escalator_core::escalation::EscalationState;

use crate::document::{Block, Document, Field, Section, Table, Tone};
use crate::escalation_report::{Clock, NONE, or_dash, state_label};

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

fn cadence_label(state: CadenceState) -> &'static str {
    match state {
        CadenceState::OnTrack => "on track",
        CadenceState::DueSoon => "due soon",
        CadenceState::Missed => "missed",
    }
}

/// A list of names as one cell; an empty list is a dash.
fn list(items: &[String]) -> String {
    or_dash(
        &items
            .iter()
            .map(String::as_str)
            .filter(|item| !item.trim().is_empty())
            .collect::<Vec<_>>()
            .join(", "),
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn summary(report: &StatusReport) -> Section {
    let mut fields: Vec<Field> = EscalationState::ALL
        .iter()
        .filter_map(|state| {
            let n = report.rows.iter().filter(|row| row.state == *state).count();
            (n > 0).then(|| Field::new(capitalised(&state_label(*state)), n.to_string()))
        })
        .collect();
    let sum = |of: fn(&StatusRow) -> u32| {
        report
            .rows
            .iter()
            .fold(0_u64, |total, row| total.saturating_add(u64::from(of(row))))
    };
    fields.push(Field::new(
        "Updates missed",
        sum(|row| row.updates_missed).to_string(),
    ));
    fields.push(Field::new(
        "Overdue action items",
        sum(|row| row.overdue_items).to_string(),
    ));
    let mut blocks = vec![Block::Fields { fields }];
    let late = report
        .rows
        .iter()
        .filter(|row| matches!(row.cadence, Some((CadenceState::Missed, _))))
        .count();
    if late > 0 {
        let escalations = if late == 1 {
            "escalation"
        } else {
            "escalations"
        };
        blocks.push(Block::Notice {
            tone: Tone::Caution,
            text: format!("An update is overdue now on {late} {escalations}."),
        });
    }
    Section {
        heading: "Summary".to_owned(),
        blocks,
    }
}

fn escalations(report: &StatusReport, clock: &Clock) -> Section {
    let block = if report.rows.is_empty() {
        Block::Empty {
            text: "No escalations in this report.".to_owned(),
        }
    } else {
        let local =
            |at: Option<DateTime<Utc>>| at.map_or_else(|| NONE.to_owned(), |at| clock.local(at));
        let rows = report
            .rows
            .iter()
            .map(|row| {
                let (cadence, due) = match row.cadence {
                    Some((state, due)) => (cadence_label(state).to_owned(), local(Some(due))),
                    None => ("no plan".to_owned(), NONE.to_owned()),
                };
                vec![
                    or_dash(&row.title),
                    state_label(row.state),
                    list(&row.vendors),
                    list(&row.sr_numbers),
                    row.severity
                        .map_or_else(|| NONE.to_owned(), |s| s.to_string()),
                    clock.local(row.opened_at),
                    or_dash(&row.engineer),
                    cadence,
                    due,
                    row.updates_missed.to_string(),
                    row.re_escalations.to_string(),
                    row.open_items.to_string(),
                    row.overdue_items.to_string(),
                    local(row.next_call),
                ]
            })
            .collect();
        let headers = [
            "Title".to_owned(),
            "State".to_owned(),
            "Vendors".to_owned(),
            "SRs".to_owned(),
            "Severity".to_owned(),
            clock.header("Opened"),
            "Engineer".to_owned(),
            "Updates".to_owned(),
            clock.header("Next update due"),
            "Updates missed".to_owned(),
            "Re-escalations".to_owned(),
            "Open items".to_owned(),
            "Overdue items".to_owned(),
            clock.header("Next call"),
        ];
        Block::Table {
            table: Table {
                name: "escalations".to_owned(),
                headers: headers.to_vec(),
                rows,
            },
        }
    };
    Section {
        heading: "Escalations".to_owned(),
        blocks: vec![block],
    }
}

/// The status report as a document: its facts, a summary of counts, and the escalations.
pub fn document(report: &StatusReport) -> Document {
    let clock = Clock::new(&report.zone);
    Document {
        title: "Escalation status".to_owned(),
        facts: vec![
            Field::new("Scope", or_dash(&report.scope)),
            Field::new("Escalations", report.rows.len().to_string()),
            Field::new("Generated", clock.both(report.generated_at)),
        ],
        sections: vec![summary(report), escalations(report, &clock)],
    }
}
