//! Generated data for benchmarks and demonstrations: realistic-looking support requests,
//! escalations and timelines in bulk, written through the store in large transactions.
//!
//! Not for tests of behaviour: it skips the per-action checks a user's action goes through
//! (it builds valid records directly) to write hundreds of thousands of rows in seconds.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use escalator_core::NewSupportRequest;
use escalator_core::action_item::{ActionItem, ActionItemId, ItemDetails, ItemSource, Side};
use escalator_core::cadence::{CommunicationPlan, IntervalUnit, UpdateMode};
use escalator_core::conference_call::{
    CallId, CallPlan, ConferenceCall, Recurrence, Repeat, SeriesEnd,
};
use escalator_core::escalation::{Milestone, ReadinessInput, Trigger, Workaround};
use escalator_core::escalation_record::{
    EscalationId, EscalationRecord, EscalationRequest, Route, Stamp,
};
use escalator_core::playbook::ContactMethod;
use escalator_core::timeline::EventKind;
use serde_json::json;

use crate::support_requests::uuid_at;
use crate::{ApiError, App, FixedClock};

const TOPICS: &[&str] = &[
    "Datastore latency after upgrade",
    "Cluster node evicted under load",
    "License server unreachable",
    "Backup job fails with timeout",
    "Kernel panic on boot after patch",
    "Replication lag above threshold",
    "API gateway returns 502 intermittently",
    "Certificate renewal breaks SSO",
];

const NOTES: &[&str] = &[
    "Vendor asked for a fresh log bundle from the affected hosts",
    "Uploaded diagnostics; engineer reproducing in lab",
    "Conference call held, next update due tomorrow morning",
    "Workaround tested on staging, rollback plan agreed",
    "Engineering confirmed a known defect, hotfix under review",
    "Customer change board approved the maintenance window",
];

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleSize {
    pub support_requests: u32,
    /// Each on its own SR (the first `escalations` SRs).
    pub escalations: u32,
    /// Events per escalation, the request included.
    pub events_per_escalation: u32,
    /// Events of the first escalation, for "open a long timeline"; 0 for the usual count.
    pub first_escalation_events: u32,
    /// Open action items on each escalation (which also gets a 4-hourly communication
    /// plan, and, for the first [`SAMPLE_CALLS`], a daily call), due around 27 November 2026.
    pub action_items_per_escalation: u32,
}

/// How many escalations get a daily conference call in the sample.
pub const SAMPLE_CALLS: u32 = 100;

/// Adds `count` support requests (with their opened events) to the database in `data_dir`.
pub fn seed_support_requests(data_dir: &Path, count: u32) -> Result<u32, ApiError> {
    seed(
        data_dir,
        SampleSize {
            support_requests: count,
            escalations: 0,
            events_per_escalation: 0,
            first_escalation_events: 0,
            action_items_per_escalation: 0,
        },
    )?;
    Ok(count)
}

/// Writes the sample; returns how many timeline events were written in all.
pub fn seed(data_dir: &Path, size: SampleSize) -> Result<u64, ApiError> {
    let start = Utc
        .with_ymd_and_hms(2026, 1, 5, 8, 0, 0)
        .single()
        .ok_or_else(|| ApiError::internal("the sample start date is not a valid time"))?;
    let clock = Arc::new(FixedClock::new(start));
    let app = App::open(data_dir, clock.clone());
    let vendors: Vec<String> = app.list_vendors().into_iter().map(|v| v.id).collect();
    let catalogue = app.catalogue();
    let stamp_at = |at: DateTime<Utc>| Stamp {
        at,
        zone: "Europe/Berlin".to_owned(),
        actor: "Sample data".to_owned(),
    };

    let mut written: u64 = 0;
    let mut srs = Vec::new();
    let mut batch = Vec::new();
    for (n, (vendor, topic)) in
        (0..size.support_requests).zip(vendors.iter().cycle().zip(TOPICS.iter().cycle()))
    {
        let input = NewSupportRequest {
            vendor: vendor.clone(),
            vendor_sr_number: format!("SAMPLE-{n:07}"),
            title: format!("{topic} (#{n})"),
            severity: i32::try_from(n % 4 + 1).unwrap_or(4),
        };
        let record = app.new_record(input.validate(&catalogue)?);
        let opened = record.opened_event(&stamp_at(record.created_at));
        srs.push((record.id, record.vendor_sr_number.clone()));
        batch.push((record, opened));
        clock.advance(TimeDelta::minutes(1));
        if batch.len() == 5_000 {
            app.store()?
                .insert_support_requests(std::mem::take(&mut batch))?;
        }
    }
    if !batch.is_empty() {
        app.store()?.insert_support_requests(batch)?;
    }
    written += u64::from(size.support_requests);

    let review_day = NaiveDate::from_ymd_opt(2026, 1, 5)
        .ok_or_else(|| ApiError::internal("the sample review date is not a valid date"))?;
    let milestone = NaiveDate::from_ymd_opt(2027, 6, 30)
        .ok_or_else(|| ApiError::internal("the sample milestone is not a valid date"))?;
    for (n, (sr, number)) in (0..size.escalations).zip(srs.iter()) {
        let at = start + TimeDelta::hours(i64::from(n));
        let review = ReadinessInput {
            problem_statement: format!(
                "{} on production, see SR {number}",
                TOPICS.get(n as usize % TOPICS.len()).unwrap_or(&"Outage")
            ),
            problem_statement_confirmed: true,
            business_impact: "Order processing for two regions is down".to_owned(),
            workaround: Workaround::Impractical {
                why: "Failover doubles latency beyond the SLA".to_owned(),
            },
            milestone: Milestone::On {
                date: milestone,
                what: "Quarter-end close".to_owned(),
            },
        }
        .review(review_day)?;
        let (record, event) = EscalationRecord::request(
            EscalationId(uuid_at(at)),
            EscalationRequest {
                title: format!("Escalation {n}: SR {number}"),
                support_request: *sr,
                sr_number: number.clone(),
                triggers: vec![Trigger::CriticalImpact],
                review,
                route: Route {
                    role: "Duty Manager".to_owned(),
                    how: ContactMethod::Phone,
                    phone: None,
                    region: "EMEA".to_owned(),
                },
            },
            &stamp_at(at),
        )?;
        let stream = record.id.to_string();
        app.store()?.insert_escalation(&record, event)?;
        let count = if n == 0 && size.first_escalation_events > 0 {
            size.first_escalation_events
        } else {
            size.events_per_escalation
        };
        let notes = (1..count)
            .map(|k| {
                let note = NOTES.get(k as usize % NOTES.len()).unwrap_or(&"Update");
                stamp_at(at + TimeDelta::minutes(i64::from(k) * 7)).event(
                    EventKind::Note,
                    format!("{note} (update {k})"),
                    json!({ "text": format!("{note}. Reference {number}-{k}.") }),
                )
            })
            .collect();
        app.store()?.append_events(&stream, notes)?;
        written += u64::from(count.max(1));
        written += seed_running(
            &app,
            &record,
            n,
            size.action_items_per_escalation,
            &stamp_at(at),
        )?;
    }
    Ok(written)
}

/// A plan, the open action items and (for the first escalations) a daily call; returns the
/// number of events written.
fn seed_running(
    app: &App,
    record: &EscalationRecord,
    n: u32,
    items: u32,
    stamp: &Stamp,
) -> Result<u64, ApiError> {
    let plan = CommunicationPlan {
        modes: vec![UpdateMode::Email, UpdateMode::Phone],
        every: 4,
        unit: IntervalUnit::Hours,
        zone: "Europe/Berlin".to_owned(),
        business_hours: None,
        attendees: Vec::new(),
        note: String::new(),
    }
    .validate()?;
    // Agreed at different times so that due states spread over on track, due soon and missed.
    let agreed = stamp
        .at
        .max(sample_now() - TimeDelta::minutes(i64::from(n % 360)));
    let event = plan.agreed_event(&Stamp {
        at: agreed,
        ..stamp.clone()
    });
    app.store()?
        .set_communication_plans(vec![(record.id, plan, agreed, event)])?;
    let mut written = 1;
    let mut batch = Vec::new();
    for k in 0..items {
        let due = sample_now() - TimeDelta::days(7)
            + TimeDelta::minutes(i64::from((n * 31 + k * 997) % (21 * 24 * 60)));
        let (item, event) = ActionItem::create(
            ActionItemId(uuid_at(stamp.at + TimeDelta::seconds(i64::from(k)))),
            record.id,
            &ItemDetails {
                title: format!(
                    "{} ({n}-{k})",
                    NOTES.get(k as usize % NOTES.len()).unwrap_or(&"Follow up")
                ),
                owner: if k % 2 == 0 {
                    "Dana Weber"
                } else {
                    "Vendor engineer"
                }
                .to_owned(),
                side: if k % 2 == 0 { Side::Us } else { Side::Vendor },
                due: Some(due),
            },
            ItemSource::Plan,
            stamp,
        )?;
        batch.push((item, event));
    }
    written += batch.len() as u64;
    if !batch.is_empty() {
        app.store()?.save_action_items(batch)?;
    }
    if n < SAMPLE_CALLS {
        let start = NaiveDate::from_ymd_opt(2026, 11, 2)
            .and_then(|day| day.and_hms_opt(9 + n % 8, 0, 0))
            .ok_or_else(|| ApiError::internal("the sample call start is not a valid time"))?;
        let (call, event) = ConferenceCall::schedule(
            CallId(uuid_at(stamp.at)),
            record.id,
            &CallPlan {
                title: format!("Daily bridge {n}"),
                start,
                zone: "Europe/Berlin".to_owned(),
                duration_minutes: 30,
                bridge_url: "https://meet.example.com/escalation".to_owned(),
                dial_string: "+49 30 1234 5678,,9876#".to_owned(),
                recurrence: Some(Recurrence {
                    repeat: Repeat::Weekdays,
                    ends: SeriesEnd::Count { count: 60 },
                }),
                attendees: Vec::new(),
                agenda: String::new(),
            },
            stamp,
        )?;
        app.store()?.save_call(&call, event)?;
        written += 1;
    }
    Ok(written)
}

/// The moment benchmarks fix their clock at.
pub fn sample_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 14, 30, 0)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH)
}
