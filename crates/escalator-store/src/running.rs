//! What running an escalation produces: the communication plan and the vendor updates
//! logged against it, conference calls and their minutes, action items and third-party
//! engagements. Each write goes in one transaction with the event it adds to the
//! escalation's timeline, as every other change does.
//!
//! Rows keep the domain value as JSON beside the few columns that queries filter on (state,
//! due time, cancellation). It does not decide what is due or missed; the core does, from
//! what is read here.

use chrono::{DateTime, Utc};
use escalator_core::action_item::{ActionItem, ActionItemId, ItemStatus};
use escalator_core::cadence::{CommunicationPlan, VendorUpdate};
use escalator_core::conference_call::{CallId, CallMinutes, ConferenceCall};
use escalator_core::escalation::EscalationState;
use escalator_core::escalation_record::EscalationId;
use escalator_core::third_party::ThirdPartyEngagement;
use escalator_core::timeline::{ChainedEvent, NewEvent};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::support_requests::{time, timestamp};
use crate::timeline::append_event;
use crate::{Store, StoreError};

/// A communication plan with when it was agreed and the last miss already written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPlan {
    pub plan: CommunicationPlan,
    pub agreed_at: DateTime<Utc>,
    pub missed_due: Option<DateTime<Utc>>,
}

/// One escalation's cadence inputs, for the due states of every open escalation at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CadenceRow {
    pub escalation: EscalationId,
    pub title: String,
    pub state: EscalationState,
    pub plan: StoredPlan,
    pub last_update: Option<DateTime<Utc>>,
}

/// An unfinished action item with its escalation's title, for the views across escalations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    pub item: ActionItem,
    pub escalation_title: String,
    pub escalation_state: EscalationState,
}

/// Which unfinished action items to read; `None` means any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ItemQuery {
    /// Only items due after this instant (undated items never match).
    pub due_after: Option<DateTime<Utc>>,
    /// Only items due before this instant (undated items never match).
    pub due_before: Option<DateTime<Utc>>,
    pub status: Option<ItemStatus>,
}

/// Counts of unfinished action items, for the filter tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemTally {
    pub unfinished: u32,
    pub overdue: u32,
    pub due_in_day: u32,
    pub waiting_on_vendor: u32,
}

/// A call with its escalation's title and state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRow {
    pub call: ConferenceCall,
    pub escalation_title: String,
    pub escalation_state: EscalationState,
}

impl Store {
    fn write(
        &mut self,
        escalation: EscalationId,
        events: Vec<NewEvent>,
        rows: impl FnOnce(&Transaction<'_>) -> Result<(), StoreError>,
    ) -> Result<Vec<ChainedEvent>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        rows(&tx)?;
        let stream = escalation.to_string();
        let chained = events
            .into_iter()
            .map(|event| append_event(&tx, &stream, event))
            .collect::<Result<Vec<_>, _>>()?;
        tx.commit()?;
        Ok(chained)
    }

    /// Replaces the escalation's plan; the cadence starts again from `agreed_at`. The last
    /// miss written stays: a new plan agreed before it must not write the same miss again.
    pub fn set_communication_plan(
        &mut self,
        escalation: EscalationId,
        plan: &CommunicationPlan,
        agreed_at: DateTime<Utc>,
        event: NewEvent,
    ) -> Result<(), StoreError> {
        self.set_communication_plans(vec![(escalation, plan.clone(), agreed_at, event)])
    }

    /// Many plans in one transaction, for bulk loads (sample data, imports).
    pub fn set_communication_plans(
        &mut self,
        plans: Vec<(EscalationId, CommunicationPlan, DateTime<Utc>, NewEvent)>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (escalation, plan, agreed_at, event) in plans {
            tx.prepare_cached(
                "INSERT INTO communication_plan (escalation_id, body, agreed_at, missed_due)
                 VALUES (?1, ?2, ?3, NULL)
                 ON CONFLICT (escalation_id) DO UPDATE SET body = ?2, agreed_at = ?3",
            )?
            .execute(params![
                escalation.to_string(),
                to_json(&plan)?,
                timestamp(agreed_at)
            ])?;
            append_event(&tx, &escalation.to_string(), event)?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn communication_plan(
        &self,
        escalation: EscalationId,
    ) -> Result<Option<StoredPlan>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT body, agreed_at, missed_due FROM communication_plan
                  WHERE escalation_id = ?1",
            )?
            .query_row([escalation.to_string()], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                ))
            })
            .optional()?
            .map(|(body, agreed, missed)| stored_plan(&body, &agreed, missed.as_deref()))
            .transpose()
    }

    /// Records that the update due at `due` was missed, with its timeline event.
    pub fn flag_missed_update(
        &mut self,
        escalation: EscalationId,
        due: DateTime<Utc>,
        event: NewEvent,
    ) -> Result<(), StoreError> {
        self.flag_missed_updates(vec![(escalation, due, event)])
    }

    /// Records misses of several escalations in one transaction (a reminder round after a
    /// long absence can find thousands). A miss at or before one already recorded for the
    /// same escalation is skipped, event and all, so two rounds racing cannot write it twice.
    pub fn flag_missed_updates(
        &mut self,
        misses: Vec<(EscalationId, DateTime<Utc>, NewEvent)>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (escalation, due, event) in misses {
            let changed = tx
                .prepare_cached(
                    "UPDATE communication_plan SET missed_due = ?2
                      WHERE escalation_id = ?1 AND (missed_due IS NULL OR missed_due < ?2)",
                )?
                .execute(params![escalation.to_string(), timestamp(due)])?;
            if changed == 1 {
                append_event(&tx, &escalation.to_string(), event)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every escalation with a plan, with its latest update, in one query.
    pub fn cadence_rows(&self) -> Result<Vec<CadenceRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.escalation_id, e.title, e.state, p.body, p.agreed_at, p.missed_due,
                    (SELECT MAX(u.received_at) FROM vendor_update u
                      WHERE u.escalation_id = p.escalation_id)
               FROM communication_plan p
               JOIN escalation e ON e.id = p.escalation_id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, Option<String>>(5)?,
                row.get::<_, Option<String>>(6)?,
            ))
        })?;
        rows.map(|row| {
            let (id, title, state, body, agreed, missed, last) = row?;
            Ok(CadenceRow {
                escalation: EscalationId(parse_uuid(&id)?),
                title,
                state: parse_state(&state)?,
                plan: stored_plan(&body, &agreed, missed.as_deref())?,
                last_update: last.as_deref().map(time).transpose()?,
            })
        })
        .collect()
    }

    pub fn insert_vendor_update(
        &mut self,
        escalation: EscalationId,
        update: &VendorUpdate,
        event: NewEvent,
    ) -> Result<(), StoreError> {
        let body = to_json(update)?;
        self.write(escalation, vec![event], |tx| {
            tx.prepare_cached(
                "INSERT INTO vendor_update (id, escalation_id, received_at, body)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                update.id.to_string(),
                escalation.to_string(),
                timestamp(update.received_at),
                body
            ])?;
            Ok(())
        })?;
        Ok(())
    }

    /// When the latest update of the escalation was received.
    pub fn last_update_at(
        &self,
        escalation: EscalationId,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let at: Option<String> = self
            .conn
            .prepare_cached("SELECT max(received_at) FROM vendor_update WHERE escalation_id = ?1")?
            .query_row([escalation.to_string()], |row| row.get(0))?;
        at.as_deref().map(time).transpose()
    }

    /// Newest first.
    pub fn vendor_updates(
        &self,
        escalation: EscalationId,
    ) -> Result<Vec<VendorUpdate>, StoreError> {
        bodies(
            &self.conn,
            "SELECT body FROM vendor_update WHERE escalation_id = ?1
              ORDER BY received_at DESC, key DESC",
            &escalation.to_string(),
        )
    }

    /// Inserts or replaces the call.
    pub fn save_call(&mut self, call: &ConferenceCall, event: NewEvent) -> Result<(), StoreError> {
        let body = to_json(call)?;
        self.write(call.escalation, vec![event], |tx| {
            tx.prepare_cached(
                "INSERT INTO conference_call (id, escalation_id, cancelled, body)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET cancelled = ?3, body = ?4",
            )?
            .execute(params![
                call.id.to_string(),
                call.escalation.to_string(),
                call.cancelled,
                body
            ])?;
            Ok(())
        })?;
        Ok(())
    }

    pub fn call(&self, id: CallId) -> Result<Option<ConferenceCall>, StoreError> {
        Ok(bodies(
            &self.conn,
            "SELECT body FROM conference_call WHERE id = ?1",
            &id.to_string(),
        )?
        .pop())
    }

    /// In the order they were scheduled.
    pub fn calls(&self, escalation: EscalationId) -> Result<Vec<ConferenceCall>, StoreError> {
        bodies(
            &self.conn,
            "SELECT body FROM conference_call WHERE escalation_id = ?1 ORDER BY key",
            &escalation.to_string(),
        )
    }

    /// Calls not cancelled, of every escalation, with the escalation's title and state.
    pub fn active_calls(&self) -> Result<Vec<CallRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.body, e.title, e.state FROM conference_call c
               JOIN escalation e ON e.id = c.escalation_id
              WHERE c.cancelled = 0 ORDER BY c.key",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (body, title, state) = row?;
            Ok(CallRow {
                call: from_json(&body)?,
                escalation_title: title,
                escalation_state: parse_state(&state)?,
            })
        })
        .collect()
    }

    /// Saves minutes of one occurrence (replacing earlier minutes of it) together with the
    /// action items taken from them: the "call held" event first, then one per item.
    pub fn record_minutes(
        &mut self,
        escalation: EscalationId,
        minutes: &CallMinutes,
        held: NewEvent,
        items: &[(ActionItem, NewEvent)],
    ) -> Result<(), StoreError> {
        let body = to_json(minutes)?;
        let item_rows = items
            .iter()
            .map(|(item, _)| Ok((item, to_json(item)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut events = vec![held];
        events.extend(items.iter().map(|(_, event)| event.clone()));
        self.write(escalation, events, |tx| {
            tx.prepare_cached(
                "INSERT INTO call_minutes (call_id, occurrence, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT (call_id, occurrence) DO UPDATE SET body = ?3",
            )?
            .execute(params![
                minutes.call.to_string(),
                timestamp(minutes.occurrence),
                body
            ])?;
            for (item, body) in item_rows {
                upsert_item(tx, item, &body)?;
            }
            Ok(())
        })?;
        Ok(())
    }

    /// Minutes of every occurrence of the call, oldest occurrence first.
    pub fn minutes(&self, call: CallId) -> Result<Vec<CallMinutes>, StoreError> {
        bodies(
            &self.conn,
            "SELECT body FROM call_minutes WHERE call_id = ?1 ORDER BY occurrence",
            &call.to_string(),
        )
    }

    /// Inserts or replaces the item.
    pub fn save_action_item(
        &mut self,
        item: &ActionItem,
        event: NewEvent,
    ) -> Result<(), StoreError> {
        let body = to_json(item)?;
        self.write(item.escalation, vec![event], |tx| {
            upsert_item(tx, item, &body)
        })?;
        Ok(())
    }

    /// Many items, of any escalations, in one transaction, for bulk loads.
    pub fn save_action_items(
        &mut self,
        items: Vec<(ActionItem, NewEvent)>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (item, event) in items {
            upsert_item(&tx, &item, &to_json(&item)?)?;
            append_event(&tx, &item.escalation.to_string(), event)?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn action_item(&self, id: ActionItemId) -> Result<Option<ActionItem>, StoreError> {
        Ok(bodies(
            &self.conn,
            "SELECT body FROM action_item WHERE id = ?1",
            &id.to_string(),
        )?
        .pop())
    }

    /// In the order they were added.
    pub fn action_items(&self, escalation: EscalationId) -> Result<Vec<ActionItem>, StoreError> {
        bodies(
            &self.conn,
            "SELECT body FROM action_item WHERE escalation_id = ?1 ORDER BY key",
            &escalation.to_string(),
        )
    }

    /// Unfinished items of open escalations that match `query`, soonest due first, undated
    /// last. The filter runs in SQL so that a view of a few items never decodes thousands.
    pub fn unfinished_action_items(&self, query: ItemQuery) -> Result<Vec<ItemRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.body, e.title, e.state FROM action_item a
               JOIN escalation e ON e.id = a.escalation_id
              WHERE a.status NOT IN ('done', 'dropped')
                AND e.state NOT IN ('closed', 'withdrawn')
                AND (?1 IS NULL OR a.due_at < ?1)
                AND (?2 IS NULL OR a.status = ?2)
                AND (?3 IS NULL OR a.due_at > ?3)
              ORDER BY a.due_at IS NULL, a.due_at, a.key",
        )?;
        let rows = stmt.query_map(
            params![
                query.due_before.map(timestamp),
                query.status.map(ItemStatus::as_str),
                query.due_after.map(timestamp)
            ],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            },
        )?;
        rows.map(|row| {
            let (body, title, state) = row?;
            Ok(ItemRow {
                item: from_json(&body)?,
                escalation_title: title,
                escalation_state: parse_state(&state)?,
            })
        })
        .collect()
    }

    /// How many unfinished items of open escalations there are in all, overdue at `now`,
    /// due in `[day_start, day_end)`, and waiting on the vendor, counted in one pass.
    pub fn count_unfinished_action_items(
        &self,
        now: DateTime<Utc>,
        day_start: DateTime<Utc>,
        day_end: DateTime<Utc>,
    ) -> Result<ItemTally, StoreError> {
        let counts = self
            .conn
            .prepare_cached(
                "SELECT count(*),
                        coalesce(sum(a.due_at < ?1), 0),
                        coalesce(sum(a.due_at >= ?2 AND a.due_at < ?3), 0),
                        coalesce(sum(a.status = 'waiting_on_vendor'), 0)
                   FROM action_item a
                   JOIN escalation e ON e.id = a.escalation_id
                  WHERE a.status NOT IN ('done', 'dropped')
                    AND e.state NOT IN ('closed', 'withdrawn')",
            )?
            .query_row(
                params![timestamp(now), timestamp(day_start), timestamp(day_end)],
                |row| {
                    Ok([
                        row.get::<_, i64>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, i64>(2)?,
                        row.get::<_, i64>(3)?,
                    ])
                },
            )?;
        let [unfinished, overdue, due_in_day, waiting_on_vendor] =
            counts.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        Ok(ItemTally {
            unfinished,
            overdue,
            due_in_day,
            waiting_on_vendor,
        })
    }

    /// Inserts or replaces the engagement.
    pub fn save_engagement(
        &mut self,
        engagement: &ThirdPartyEngagement,
        event: NewEvent,
    ) -> Result<(), StoreError> {
        let body = to_json(engagement)?;
        self.write(engagement.escalation, vec![event], |tx| {
            tx.prepare_cached(
                "INSERT INTO third_party_engagement (id, escalation_id, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET body = ?3",
            )?
            .execute(params![
                engagement.id.to_string(),
                engagement.escalation.to_string(),
                body
            ])?;
            Ok(())
        })?;
        Ok(())
    }

    pub fn engagement(&self, id: Uuid) -> Result<Option<ThirdPartyEngagement>, StoreError> {
        Ok(bodies(
            &self.conn,
            "SELECT body FROM third_party_engagement WHERE id = ?1",
            &id.to_string(),
        )?
        .pop())
    }

    pub fn engagements(
        &self,
        escalation: EscalationId,
    ) -> Result<Vec<ThirdPartyEngagement>, StoreError> {
        bodies(
            &self.conn,
            "SELECT body FROM third_party_engagement WHERE escalation_id = ?1 ORDER BY key",
            &escalation.to_string(),
        )
    }
}

pub(crate) fn upsert_item(
    tx: &Transaction<'_>,
    item: &ActionItem,
    body: &str,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO action_item (id, escalation_id, status, due_at, body)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET status = ?3, due_at = ?4, body = ?5",
    )?
    .execute(params![
        item.id.to_string(),
        item.escalation.to_string(),
        item.status.as_str(),
        item.details.due.map(timestamp),
        body
    ])?;
    Ok(())
}

fn bodies<T: DeserializeOwned>(
    conn: &rusqlite::Connection,
    sql: &str,
    key: &str,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([key], |row| row.get::<_, String>(0))?;
    rows.map(|body| from_json(&body?)).collect()
}

fn to_json(value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|err| StoreError::Unreadable(err.to_string()))
}

fn from_json<T: DeserializeOwned>(body: &str) -> Result<T, StoreError> {
    serde_json::from_str(body).map_err(|err| StoreError::Unreadable(err.to_string()))
}

fn parse_uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|_| StoreError::Unreadable(format!("id {text:?}")))
}

fn parse_state(text: &str) -> Result<EscalationState, StoreError> {
    EscalationState::parse(text)
        .ok_or_else(|| StoreError::Unreadable(format!("escalation state {text:?}")))
}

fn stored_plan(body: &str, agreed: &str, missed: Option<&str>) -> Result<StoredPlan, StoreError> {
    Ok(StoredPlan {
        plan: from_json(body)?,
        agreed_at: time(agreed)?,
        missed_due: missed.map(time).transpose()?,
    })
}
