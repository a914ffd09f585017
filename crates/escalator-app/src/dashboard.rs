//! The dashboard: how escalations and vendors are doing, at a glance.
//!
//! It counts open escalations by state and by vendor, the updates missed this week (day by
//! day), the median time vendors took to assign an escalation engineer, and per vendor the
//! escalations opened and that median month by month. Each figure is a plain series the UI
//! draws as a chart; nothing here knows how it is drawn.
//!
//! Weeks and months are the user's, in the profile's zone: "this week" starts on Monday at
//! midnight there. It reads two queries (the escalation list and the times of three kinds of
//! event), never whole timelines.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeDelta, Utc};
use escalator_core::escalation::EscalationState;
use escalator_core::local_time;
use escalator_core::metrics::median;
use escalator_core::timeline::EventKind;
use serde::Serialize;

use crate::running::user_zone;
use crate::{ApiError, App};

/// How many months the vendor trends cover, this one included.
const TREND_MONTHS: u32 = 6;
/// The window the headline median covers.
const MEDIAN_WINDOW_DAYS: i64 = 90;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub open_total: u32,
    /// Every open state, in lifecycle order, zeros included so charts keep their shape.
    pub open_by_state: Vec<StateCount>,
    /// Vendors with open escalations, most first (by the escalation's first SR).
    pub open_by_vendor: Vec<NamedCount>,
    pub updates_missed_this_week: u32,
    /// Monday to Sunday of this week.
    pub missed_by_day: Vec<DayCount>,
    /// Over escalations requested in the last 90 days that have an engineer.
    #[specta(type = Option<f64>)]
    pub median_time_to_engineer_seconds: Option<i64>,
    /// Month labels (`2026-07`) of the trends, oldest first.
    pub months: Vec<String>,
    pub vendor_trends: Vec<VendorTrend>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StateCount {
    pub state: EscalationState,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NamedCount {
    pub name: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DayCount {
    pub date: NaiveDate,
    pub count: u32,
}

/// One vendor's months, aligned with [`Dashboard::months`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VendorTrend {
    pub vendor: String,
    pub opened: Vec<u32>,
    #[specta(type = Vec<Option<f64>>)]
    pub median_time_to_engineer_seconds: Vec<Option<i64>>,
}

const OPEN_STATES: [EscalationState; 7] = [
    EscalationState::Draft,
    EscalationState::Requested,
    EscalationState::Acknowledged,
    EscalationState::EngineerAssigned,
    EscalationState::ActionPlanAgreed,
    EscalationState::ReEscalated,
    EscalationState::DeEscalationProposed,
];

impl App {
    pub fn dashboard(&self) -> Result<Dashboard, ApiError> {
        let (stamp, profile) = self.stamp()?;
        let zone = user_zone(&profile.time_zone);
        let now = stamp.at;
        let escalations = self.list_escalations()?;
        let times = self.store()?.event_times(&[
            EventKind::EscalationRequested,
            EventKind::EngineerAssigned,
            EventKind::UpdateMissed,
        ])?;

        // Per escalation: when it was requested and when an engineer was first assigned.
        let mut requested: BTreeMap<&str, DateTime<Utc>> = BTreeMap::new();
        let mut assigned: BTreeMap<&str, DateTime<Utc>> = BTreeMap::new();
        let today = local_time::to_local(now, zone).date();
        let monday = today - TimeDelta::days(i64::from(today.weekday().num_days_from_monday()));
        let mut missed_by_day: Vec<DayCount> = (0..7)
            .map(|d| DayCount {
                date: monday + TimeDelta::days(d),
                count: 0,
            })
            .collect();
        for (stream, kind, at) in &times {
            match kind {
                EventKind::EscalationRequested => {
                    requested.entry(stream).or_insert(*at);
                }
                EventKind::EngineerAssigned => {
                    let first = assigned.entry(stream).or_insert(*at);
                    *first = (*first).min(*at);
                }
                EventKind::UpdateMissed => {
                    let day = local_time::to_local(*at, zone).date();
                    if let Some(slot) = missed_by_day.iter_mut().find(|d| d.date == day) {
                        slot.count += 1;
                    }
                }
                _ => {}
            }
        }
        let time_to_engineer = |id: &str, created: DateTime<Utc>| {
            let start = requested.get(id).copied().unwrap_or(created);
            assigned
                .get(id)
                .map(|at| (*at - start).num_seconds().max(0))
        };

        let open: Vec<_> = escalations.iter().filter(|e| e.state.is_open()).collect();
        let open_by_state = OPEN_STATES
            .iter()
            .map(|state| StateCount {
                state: *state,
                count: tally(open.iter().filter(|e| e.state == *state).count()),
            })
            .collect();
        let mut by_vendor: BTreeMap<&str, u32> = BTreeMap::new();
        for e in &open {
            *by_vendor.entry(e.vendor_name.as_str()).or_default() += 1;
        }
        let mut open_by_vendor: Vec<NamedCount> = by_vendor
            .into_iter()
            .map(|(name, count)| NamedCount {
                name: name.to_owned(),
                count,
            })
            .collect();
        open_by_vendor.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));

        let window_start = now - TimeDelta::days(MEDIAN_WINDOW_DAYS);
        let mut recent: Vec<i64> = escalations
            .iter()
            .filter(|e| e.created_at >= window_start)
            .filter_map(|e| time_to_engineer(&e.id, e.created_at))
            .collect();

        let first_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
            .and_then(|m| m.checked_sub_months(Months::new(TREND_MONTHS - 1)))
            .unwrap_or(today);
        let months: Vec<NaiveDate> = (0..TREND_MONTHS)
            .filter_map(|i| first_month.checked_add_months(Months::new(i)))
            .collect();
        let month_of = |at: DateTime<Utc>| {
            let day = local_time::to_local(at, zone).date();
            months
                .iter()
                .position(|m| m.year() == day.year() && m.month() == day.month())
        };
        let mut trends: BTreeMap<&str, (Vec<u32>, Vec<Vec<i64>>)> = BTreeMap::new();
        for e in &escalations {
            let Some(month) = month_of(e.created_at) else {
                continue;
            };
            let (opened, durations) = trends
                .entry(e.vendor_name.as_str())
                .or_insert_with(|| (vec![0; months.len()], vec![Vec::new(); months.len()]));
            if let Some(slot) = opened.get_mut(month) {
                *slot += 1;
            }
            if let (Some(seconds), Some(slot)) = (
                time_to_engineer(&e.id, e.created_at),
                durations.get_mut(month),
            ) {
                slot.push(seconds);
            }
        }
        let updates_missed_this_week = missed_by_day.iter().map(|d| d.count).sum();
        Ok(Dashboard {
            open_total: tally(open.len()),
            open_by_state,
            open_by_vendor,
            updates_missed_this_week,
            missed_by_day,
            median_time_to_engineer_seconds: median(&mut recent),
            months: months
                .iter()
                .map(|m| m.format("%Y-%m").to_string())
                .collect(),
            vendor_trends: trends
                .into_iter()
                .map(|(vendor, (opened, mut durations))| VendorTrend {
                    vendor: vendor.to_owned(),
                    opened,
                    median_time_to_engineer_seconds: durations
                        .iter_mut()
                        .map(|d| median(d))
                        .collect(),
                })
                .collect(),
        })
    }
}

fn tally(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
