//! How escalations went, measured: per escalation, then per vendor as a scorecard.
//!
//! The measures are those a post-escalation review or a vendor's quarterly review asks for:
//! how long the SR ran before it was escalated, how long the vendor took to assign an
//! escalation engineer, whether the agreed update cadence was kept, how often it had to be
//! re-escalated, how long action items waited on the vendor versus on us, and the feedback
//! given at closure.
//!
//! Everything is computed from values the caller hands in (the record, the SR's opening time,
//! the escalation's own timeline, its updates and items) and `now`, which only counts for the
//! waiting time of items still open. Nothing here reads the store or the clock; choosing which
//! escalations make up a scorecard is the caller's query.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::action_item::ActionItem;
use crate::escalation::EscalationState;
use crate::escalation_record::EscalationRecord;
use crate::timeline::{ChainedEvent, EventKind};

/// What one escalation measured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EscalationMetrics {
    pub state: EscalationState,
    /// From the SR being opened to the escalation being requested; none when the SR's
    /// opening is unknown or later than the request (an SR linked afterwards).
    pub time_to_escalate_seconds: Option<i64>,
    /// From the request to the first "engineer assigned"; none while unassigned.
    pub time_to_engineer_seconds: Option<i64>,
    pub updates_received: u32,
    pub updates_missed: u32,
    pub re_escalations: u32,
    pub waited_on_vendor_seconds: i64,
    pub waited_on_us_seconds: i64,
    /// The rating (1–5) and comment given at closure.
    pub feedback: Option<(u8, String)>,
}

impl EscalationMetrics {
    /// Measures an escalation from its record and its own timeline stream.
    ///
    /// `sr_opened_at` is when the SR it was raised on was opened. A closed or withdrawn
    /// escalation's items stop waiting at its last change, so a report made a year later
    /// measures the same time as one made at closure.
    pub fn measure(
        record: &EscalationRecord,
        sr_opened_at: Option<DateTime<Utc>>,
        timeline: &[ChainedEvent],
        action_items: &[ActionItem],
        now: DateTime<Utc>,
    ) -> EscalationMetrics {
        let requested_at = timeline
            .iter()
            .find(|e| e.kind == EventKind::EscalationRequested)
            .map_or(record.created_at, |e| e.at);
        let time_to_escalate_seconds = sr_opened_at
            .map(|opened| (requested_at - opened).num_seconds())
            .filter(|seconds| *seconds >= 0);
        let time_to_engineer_seconds = timeline
            .iter()
            .find(|e| e.kind == EventKind::EngineerAssigned)
            .map(|e| (e.at - requested_at).num_seconds().max(0));
        let count = |kind: EventKind| {
            u32::try_from(timeline.iter().filter(|e| e.kind == kind).count()).unwrap_or(u32::MAX)
        };
        let until = if record.state.is_open() {
            now
        } else {
            record.updated_at
        };
        let (mut on_vendor, mut on_us) = (0_i64, 0_i64);
        for item in action_items {
            let (vendor, us) = item.waiting_seconds(until);
            on_vendor = on_vendor.saturating_add(vendor);
            on_us = on_us.saturating_add(us);
        }
        EscalationMetrics {
            state: record.state,
            time_to_escalate_seconds,
            time_to_engineer_seconds,
            updates_received: count(EventKind::UpdateReceived),
            updates_missed: count(EventKind::UpdateMissed),
            re_escalations: record.re_escalations,
            waited_on_vendor_seconds: on_vendor,
            waited_on_us_seconds: on_us,
            feedback: record
                .feedback
                .as_ref()
                .map(|f| (f.rating, f.comment.clone())),
        }
    }
}

/// One closure's feedback, as a scorecard lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackEntry {
    pub escalation: String,
    pub rating: u8,
    pub comment: String,
}

/// How a vendor did across the escalations handed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VendorScorecard {
    /// The vendor's display name.
    pub vendor: String,
    pub escalations: u32,
    /// Of those, still open.
    pub open: u32,
    pub median_time_to_escalate_seconds: Option<i64>,
    pub median_time_to_engineer_seconds: Option<i64>,
    pub updates_received: u32,
    pub updates_missed: u32,
    pub re_escalations: u32,
    pub waited_on_vendor_seconds: i64,
    pub waited_on_us_seconds: i64,
    /// Feedback in the order the escalations were handed in.
    pub feedback: Vec<FeedbackEntry>,
}

impl VendorScorecard {
    /// The share of owed updates that came, in percent; none when no update was owed.
    pub fn adherence_percent(&self) -> Option<u32> {
        let owed = u64::from(self.updates_received) + u64::from(self.updates_missed);
        (owed > 0).then(|| {
            let percent = (u64::from(self.updates_received) * 100 + owed / 2) / owed;
            u32::try_from(percent).unwrap_or(100)
        })
    }

    /// The mean rating given at closure, to one decimal; none without feedback.
    pub fn mean_rating_tenths(&self) -> Option<u32> {
        let n = u32::try_from(self.feedback.len()).ok().filter(|n| *n > 0)?;
        let sum: u32 = self.feedback.iter().map(|f| u32::from(f.rating)).sum();
        Some((sum * 10 + n / 2) / n)
    }
}

/// Builds one scorecard per vendor, ordered by vendor name, from `(vendor name, escalation
/// title, metrics)` triples. An escalation whose SRs belong to several vendors counts once for
/// each of them (a war room); the caller hands in one triple per vendor it concerns.
pub fn scorecards<'a>(
    measured: impl IntoIterator<Item = (&'a str, &'a str, &'a EscalationMetrics)>,
) -> Vec<VendorScorecard> {
    #[derive(Default)]
    struct Tally {
        card: Option<VendorScorecard>,
        to_escalate: Vec<i64>,
        to_engineer: Vec<i64>,
    }
    let mut by_vendor: BTreeMap<&str, Tally> = BTreeMap::new();
    for (vendor, title, m) in measured {
        let tally = by_vendor.entry(vendor).or_default();
        let card = tally.card.get_or_insert_with(|| VendorScorecard {
            vendor: vendor.to_owned(),
            escalations: 0,
            open: 0,
            median_time_to_escalate_seconds: None,
            median_time_to_engineer_seconds: None,
            updates_received: 0,
            updates_missed: 0,
            re_escalations: 0,
            waited_on_vendor_seconds: 0,
            waited_on_us_seconds: 0,
            feedback: Vec::new(),
        });
        card.escalations = card.escalations.saturating_add(1);
        if m.state.is_open() {
            card.open = card.open.saturating_add(1);
        }
        card.updates_received = card.updates_received.saturating_add(m.updates_received);
        card.updates_missed = card.updates_missed.saturating_add(m.updates_missed);
        card.re_escalations = card.re_escalations.saturating_add(m.re_escalations);
        card.waited_on_vendor_seconds = card
            .waited_on_vendor_seconds
            .saturating_add(m.waited_on_vendor_seconds);
        card.waited_on_us_seconds = card
            .waited_on_us_seconds
            .saturating_add(m.waited_on_us_seconds);
        if let Some((rating, comment)) = &m.feedback {
            card.feedback.push(FeedbackEntry {
                escalation: title.to_owned(),
                rating: *rating,
                comment: comment.clone(),
            });
        }
        tally.to_escalate.extend(m.time_to_escalate_seconds);
        tally.to_engineer.extend(m.time_to_engineer_seconds);
    }
    by_vendor
        .into_values()
        .filter_map(|mut tally| {
            let mut card = tally.card.take()?;
            card.median_time_to_escalate_seconds = median(&mut tally.to_escalate);
            card.median_time_to_engineer_seconds = median(&mut tally.to_engineer);
            Some(card)
        })
        .collect()
}

/// The median, the lower of the two middle values for an even count (a real duration that
/// happened, not an average of two).
pub fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    values.get((values.len() - 1) / 2).copied()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn metrics(state: EscalationState) -> EscalationMetrics {
        EscalationMetrics {
            state,
            time_to_escalate_seconds: Some(3_600),
            time_to_engineer_seconds: Some(600),
            updates_received: 3,
            updates_missed: 1,
            re_escalations: 1,
            waited_on_vendor_seconds: 100,
            waited_on_us_seconds: 10,
            feedback: None,
        }
    }

    #[test]
    fn median_takes_the_lower_middle() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5]), Some(5));
        assert_eq!(median(&mut [9, 1, 5]), Some(5));
        assert_eq!(median(&mut [9, 1, 5, 7]), Some(5));
    }

    #[test]
    fn scorecards_add_up_per_vendor_and_sort_by_name() {
        let open = metrics(EscalationState::EngineerAssigned);
        let mut closed = metrics(EscalationState::Closed);
        closed.time_to_engineer_seconds = Some(1_800);
        closed.time_to_escalate_seconds = None;
        closed.feedback = Some((4, "Quick once engaged".to_owned()));
        let other = metrics(EscalationState::Requested);
        let cards = scorecards([
            ("VMware", "Datastore outage", &open),
            ("Red Hat", "Kernel panic", &other),
            ("VMware", "vMotion fails", &closed),
        ]);
        assert_eq!(
            cards.iter().map(|c| c.vendor.as_str()).collect::<Vec<_>>(),
            ["Red Hat", "VMware"]
        );
        let vmware = &cards[1];
        assert_eq!((vmware.escalations, vmware.open), (2, 1));
        assert_eq!(vmware.median_time_to_engineer_seconds, Some(600));
        assert_eq!(vmware.median_time_to_escalate_seconds, Some(3_600));
        assert_eq!((vmware.updates_received, vmware.updates_missed), (6, 2));
        assert_eq!(vmware.adherence_percent(), Some(75));
        assert_eq!(vmware.re_escalations, 2);
        assert_eq!(vmware.waited_on_vendor_seconds, 200);
        assert_eq!(vmware.feedback.len(), 1);
        assert_eq!(vmware.feedback[0].escalation, "vMotion fails");
        assert_eq!(vmware.mean_rating_tenths(), Some(40));
    }

    #[test]
    fn adherence_is_absent_when_nothing_was_owed() {
        let mut quiet = metrics(EscalationState::Requested);
        quiet.updates_received = 0;
        quiet.updates_missed = 0;
        let cards = scorecards([("VMware", "x", &quiet)]);
        assert_eq!(cards[0].adherence_percent(), None);
        assert_eq!(cards[0].mean_rating_tenths(), None);
    }
}
