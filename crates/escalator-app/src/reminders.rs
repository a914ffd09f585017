//! What is due across all escalations: the Today view, the action-item views, and the
//! reminders the shell turns into desktop notifications.
//!
//! Reminders are computed, not stored: each has a moment (an update due soon or missed, a
//! call ten minutes before it starts, an action item's due time), and [`App::take_reminders`]
//! returns those whose moment passed since it last ran. That point is kept in the database,
//! so on start the first call returns what happened while the app was closed. Missed
//! updates are written to the escalation's timeline here, once each.
//!
//! It does not show notifications (the shell does) and does not decide quiet hours' zone:
//! they are in the user's profile zone.

use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;
use escalator_core::action_item::ItemStatus;
use escalator_core::cadence::{Cadence, CadenceState};
use escalator_core::local_time;
use escalator_store::{ItemQuery, Store};
use serde::{Deserialize, Serialize};

use crate::running::{
    ActionItemView, item_view, since, tracks_cadence, unrecorded_miss, user_zone,
};
use crate::{ApiError, App};

const CHECKED_THROUGH_KEY: &str = "reminders.checked_through";
const SETTINGS_KEY: &str = "reminders.settings";
/// How long before a call its reminder comes.
pub const CALL_REMINDER_LEAD: TimeDelta = TimeDelta::minutes(10);
/// The longest absence whose reminders are replayed; older ones only show in the views.
const MAX_CATCH_UP: TimeDelta = TimeDelta::days(14);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    UpdateDueSoon,
    UpdateMissed,
    CallStarting,
    ActionItemDue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub kind: ReminderKind,
    /// When it was due to be shown.
    pub at: DateTime<Utc>,
    pub escalation_id: String,
    pub title: String,
    pub body: String,
}

/// Notifications on or off, and the hours in which they stay silent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReminderSettings {
    pub notifications: bool,
    /// In the profile's zone; may wrap midnight (22:00–07:00).
    pub quiet_hours: Option<QuietHours>,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        Self {
            notifications: true,
            quiet_hours: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct QuietHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl QuietHours {
    fn contains(self, at: NaiveTime) -> bool {
        if self.start <= self.end {
            self.start <= at && at < self.end
        } else {
            at >= self.start || at < self.end
        }
    }
}

/// What the shell should show now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReminderBatch {
    /// To show as notifications.
    pub notify: Vec<Reminder>,
    /// Passed while the app was closed (also in `notify` unless silenced).
    pub while_closed: Vec<Reminder>,
    /// Reminders held back by quiet hours or because notifications are off.
    #[specta(type = u32)]
    pub silenced: usize,
}

/// An escalation's cadence, for the Today view and the due-state overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CadenceEntry {
    pub escalation_id: String,
    pub escalation_title: String,
    pub cadence: Cadence,
}

/// A call occurrence on the user's calendar today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallToday {
    pub call_id: String,
    pub escalation_id: String,
    pub escalation_title: String,
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub bridge_url: String,
    pub dial_string: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TodayView {
    /// The user's date.
    pub date: NaiveDate,
    /// Updates missed or due soon, then due later today.
    pub updates: Vec<CadenceEntry>,
    pub calls: Vec<CallToday>,
    /// Overdue, then due today.
    pub action_items: Vec<ActionItemView>,
    /// What passed while Escalator was closed, from the first check after this start.
    pub while_closed: Vec<Reminder>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ItemFilter {
    Unfinished,
    Overdue,
    DueToday,
    WaitingOnVendor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ItemCounts {
    pub unfinished: u32,
    pub overdue: u32,
    pub due_today: u32,
    pub waiting_on_vendor: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ActionItemList {
    pub items: Vec<ActionItemView>,
    pub counts: ItemCounts,
}

/// What the first check after start found; kept for the Today view.
#[derive(Debug, Default)]
pub(crate) struct WhileClosed(Mutex<Vec<Reminder>>);

impl App {
    pub fn reminder_settings(&self) -> Result<ReminderSettings, ApiError> {
        let stored = self.store()?.setting(SETTINGS_KEY)?;
        Ok(stored
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    pub fn save_reminder_settings(
        &self,
        settings: ReminderSettings,
    ) -> Result<ReminderSettings, ApiError> {
        if let Some(quiet) = settings.quiet_hours
            && quiet.start == quiet.end
        {
            return Err(ApiError::field(
                "quietHours",
                "Quiet hours need a different start and end.",
            ));
        }
        let json = serde_json::to_string(&settings)
            .map_err(|err| ApiError::internal(format!("settings not serialisable: {err}")))?;
        self.store()?.set_setting(SETTINGS_KEY, &json)?;
        Ok(settings)
    }

    /// Reminders whose moment came since the last call (or, the first time after start,
    /// since the app last checked before it was closed), and writes each newly missed
    /// update to its timeline.
    pub fn take_reminders(&self) -> Result<ReminderBatch, ApiError> {
        let (_, profile) = self.stamp()?;
        let settings = self.reminder_settings()?;
        let zone = user_zone(&profile.time_zone);
        let now = self.clock.now();
        // The store's lock is taken per step, never across the round, so the window's own
        // commands do not wait behind a reminder check.
        let from = self
            .store()?
            .setting(CHECKED_THROUGH_KEY)?
            .and_then(|text| DateTime::parse_from_rfc3339(&text).ok())
            .map_or(now, |at| at.with_timezone(&Utc))
            .max(now - MAX_CATCH_UP);
        let rows = self.store()?.cadence_rows()?;
        let misses: Vec<_> = rows
            .iter()
            .filter(|row| tracks_cadence(row.state))
            .filter_map(|row| {
                unrecorded_miss(&row.plan, row.last_update, now)
                    .map(|(due, event)| (row.escalation, due, event))
            })
            .collect();
        if !misses.is_empty() {
            tracing::info!(count = misses.len(), "vendor updates missed");
            self.store()?.flag_missed_updates(misses)?;
        }
        let mut reminders = due_between(&*self.store()?, from, now, zone)?;
        reminders.sort_by_key(|r| r.at);
        self.store()?
            .set_setting(CHECKED_THROUGH_KEY, &now.to_rfc3339())?;

        let while_closed: Vec<Reminder> = reminders
            .iter()
            .filter(|r| r.at < self.opened_at)
            .cloned()
            .collect();
        if !while_closed.is_empty() {
            let mut kept = self
                .while_closed
                .0
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            kept.extend(while_closed.iter().cloned());
        }
        let quiet = settings
            .quiet_hours
            .is_some_and(|quiet| quiet.contains(local_time::to_local(now, zone).time()));
        let silenced = !settings.notifications || quiet;
        Ok(ReminderBatch {
            silenced: if silenced { reminders.len() } else { 0 },
            notify: if silenced { Vec::new() } else { reminders },
            while_closed,
        })
    }

    pub fn today(&self) -> Result<TodayView, ApiError> {
        let (_, profile) = self.stamp()?;
        let zone = user_zone(&profile.time_zone);
        let now = self.clock.now();
        let date = local_time::to_local(now, zone).date();
        let (day_start, day_end) = day_bounds(date, zone);
        let store = self.store()?;
        let mut updates: Vec<CadenceEntry> = cadences(&store, now)?
            .into_iter()
            .filter(|entry| {
                entry.cadence.state != CadenceState::OnTrack || entry.cadence.due < day_end
            })
            .collect();
        updates.sort_by_key(|entry| {
            (
                entry.cadence.state != CadenceState::Missed,
                entry.cadence.due,
            )
        });
        let mut calls = Vec::new();
        for row in store.active_calls()? {
            if !row.escalation_state.is_open() {
                continue;
            }
            for start in row.call.plan.starts_between(day_start, day_end) {
                calls.push(CallToday {
                    call_id: row.call.id.to_string(),
                    escalation_id: row.call.escalation.to_string(),
                    escalation_title: row.escalation_title.clone(),
                    title: row.call.plan.title.clone(),
                    start,
                    end: start + row.call.plan.duration(),
                    bridge_url: row.call.plan.bridge_url.clone(),
                    dial_string: row.call.plan.dial_string.clone(),
                });
            }
        }
        calls.sort_by_key(|call| call.start);
        let due_by_tonight = ItemQuery {
            due_before: Some(day_end),
            ..ItemQuery::default()
        };
        let action_items = item_views(&store, due_by_tonight, now, date, zone)?;
        Ok(TodayView {
            date,
            updates,
            calls,
            action_items,
            while_closed: self
                .while_closed
                .0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone(),
        })
    }

    /// Unfinished action items of every open escalation, filtered, with the count of each
    /// filter.
    pub fn action_items(&self, filter: ItemFilter) -> Result<ActionItemList, ApiError> {
        let (_, profile) = self.stamp()?;
        let zone = user_zone(&profile.time_zone);
        let now = self.clock.now();
        let date = local_time::to_local(now, zone).date();
        let (day_start, day_end) = day_bounds(date, zone);
        let store = self.store()?;
        let query = match filter {
            ItemFilter::Unfinished => ItemQuery::default(),
            ItemFilter::Overdue => ItemQuery {
                due_before: Some(now),
                ..ItemQuery::default()
            },
            ItemFilter::DueToday => ItemQuery {
                due_after: Some(day_start - TimeDelta::microseconds(1)),
                due_before: Some(day_end),
                ..ItemQuery::default()
            },
            ItemFilter::WaitingOnVendor => ItemQuery {
                status: Some(ItemStatus::WaitingOnVendor),
                ..ItemQuery::default()
            },
        };
        let items = item_views(&store, query, now, date, zone)?
            .into_iter()
            .collect();
        let tally = store.count_unfinished_action_items(now, day_start, day_end)?;
        Ok(ActionItemList {
            items,
            counts: ItemCounts {
                unfinished: tally.unfinished,
                overdue: tally.overdue,
                due_today: tally.due_in_day,
                waiting_on_vendor: tally.waiting_on_vendor,
            },
        })
    }

    /// The cadence of every escalation that owes updates now.
    pub fn cadence_overview(&self) -> Result<Vec<CadenceEntry>, ApiError> {
        cadences(&*self.store()?, self.clock.now())
    }
}

fn cadences(store: &Store, now: DateTime<Utc>) -> Result<Vec<CadenceEntry>, ApiError> {
    Ok(store
        .cadence_rows()?
        .into_iter()
        .filter(|row| tracks_cadence(row.state))
        .map(|row| CadenceEntry {
            escalation_id: row.escalation.to_string(),
            cadence: row
                .plan
                .plan
                .cadence(since(&row.plan, row.last_update), now),
            escalation_title: row.title,
        })
        .collect())
}

fn item_views(
    store: &Store,
    query: ItemQuery,
    now: DateTime<Utc>,
    today: NaiveDate,
    zone: Tz,
) -> Result<Vec<ActionItemView>, ApiError> {
    Ok(store
        .unfinished_action_items(query)?
        .into_iter()
        .map(|row| {
            let id = row.item.escalation.to_string();
            item_view(row.item, &id, &row.escalation_title, now, today, zone)
        })
        .collect())
}

/// Reminders whose moment lies in `(from, to]`.
fn due_between(
    store: &Store,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    zone: Tz,
) -> Result<Vec<Reminder>, ApiError> {
    let mut reminders = Vec::new();
    if to <= from {
        return Ok(reminders);
    }
    let within = |at: DateTime<Utc>| from < at && at <= to;
    for entry in cadences(store, to)? {
        let Cadence {
            due, due_soon_from, ..
        } = entry.cadence;
        // A miss supersedes its "due soon": after an absence only the miss is worth telling.
        if within(due) {
            reminders.push(Reminder {
                kind: ReminderKind::UpdateMissed,
                at: due,
                body: "The vendor's update did not come when due. Consider re-escalating."
                    .to_owned(),
                escalation_id: entry.escalation_id.clone(),
                title: format!("Update missed: {}", entry.escalation_title),
            });
        } else if within(due_soon_from) {
            reminders.push(Reminder {
                kind: ReminderKind::UpdateDueSoon,
                at: due_soon_from,
                body: format!(
                    "The vendor's next update is due at {} ({}).",
                    local_time::to_local(due, zone).format("%H:%M"),
                    zone.name()
                ),
                escalation_id: entry.escalation_id,
                title: format!("Update due soon: {}", entry.escalation_title),
            });
        }
    }
    for row in store.active_calls()? {
        if !row.escalation_state.is_open() {
            continue;
        }
        let plan = &row.call.plan;
        for start in plan
            .starts()
            .skip_while(|start| *start - CALL_REMINDER_LEAD <= from)
            .take_while(|start| *start - CALL_REMINDER_LEAD <= to)
        {
            reminders.push(Reminder {
                kind: ReminderKind::CallStarting,
                at: start - CALL_REMINDER_LEAD,
                escalation_id: row.call.escalation.to_string(),
                title: format!("Call in 10 minutes: {}", plan.title),
                body: if plan.bridge_url.is_empty() {
                    plan.dial_string.clone()
                } else {
                    plan.bridge_url.clone()
                },
            });
        }
    }
    let due_by_then = ItemQuery {
        due_after: Some(from),
        due_before: Some(to + TimeDelta::microseconds(1)),
        status: None,
    };
    for row in store.unfinished_action_items(due_by_then)? {
        if let Some(due) = row.item.details.due
            && within(due)
        {
            reminders.push(Reminder {
                kind: ReminderKind::ActionItemDue,
                at: due,
                escalation_id: row.item.escalation.to_string(),
                title: format!("Action item due: {}", row.item.details.title),
                body: format!(
                    "Owner {} ({}) — {}",
                    row.item.details.owner,
                    row.item.details.side.label(),
                    row.escalation_title
                ),
            });
        }
    }
    Ok(reminders)
}

/// The instants the user's `date` starts and ends, in their zone.
fn day_bounds(date: NaiveDate, zone: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = local_time::to_utc(date.and_time(NaiveTime::MIN), zone);
    let end = date.succ_opt().map_or(start + TimeDelta::days(1), |next| {
        local_time::to_utc(next.and_time(NaiveTime::MIN), zone)
    });
    (start, end)
}
