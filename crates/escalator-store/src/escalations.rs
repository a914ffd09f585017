//! Escalations: the record as JSON beside the columns lists sort and filter on, the SRs it
//! links, and its search entry — written together with the event of each change.

use escalator_core::escalation::EscalationState;
use escalator_core::escalation_record::{EscalationId, EscalationRecord};
use escalator_core::timeline::{ChainedEvent, NewEvent};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use crate::support_requests::timestamp;
use crate::timeline::append_event;
use crate::{Store, StoreError};

/// An escalation with what a list shows of its first SR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationRow {
    pub record: EscalationRecord,
    pub vendor: String,
    pub vendor_sr_number: String,
    pub severity: u8,
}

impl Store {
    pub fn insert_escalation(
        &mut self,
        record: &EscalationRecord,
        event: NewEvent,
    ) -> Result<ChainedEvent, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached(
            "INSERT INTO escalation (id, title, state, created_at, updated_at, record)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            record.id.0.to_string(),
            record.title,
            record.state.as_str(),
            timestamp(record.created_at),
            timestamp(record.updated_at),
            record_json(record)?,
        ])?;
        let rowid = tx.last_insert_rowid();
        write_links_and_index(&tx, rowid, record, false)?;
        let chained = append_event(&tx, &record.id.0.to_string(), event)?;
        tx.commit()?;
        Ok(chained)
    }

    /// Saves the record as changed by one action, with that action's event.
    pub fn update_escalation(
        &mut self,
        record: &EscalationRecord,
        event: NewEvent,
    ) -> Result<ChainedEvent, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rowid: Option<i64> = tx
            .query_row(
                "UPDATE escalation SET title = ?2, state = ?3, updated_at = ?4, record = ?5
                  WHERE id = ?1 RETURNING key",
                params![
                    record.id.0.to_string(),
                    record.title,
                    record.state.as_str(),
                    timestamp(record.updated_at),
                    record_json(record)?,
                ],
                |row| row.get(0),
            )
            .optional()?;
        let rowid = rowid.ok_or(StoreError::NotFound)?;
        write_links_and_index(&tx, rowid, record, true)?;
        let chained = append_event(&tx, &record.id.0.to_string(), event)?;
        tx.commit()?;
        Ok(chained)
    }

    pub fn escalation(&self, id: EscalationId) -> Result<Option<EscalationRecord>, StoreError> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT record FROM escalation WHERE id = ?1")?
            .query_row([id.0.to_string()], |row| row.get(0))
            .optional()?;
        json.map(|json| parse_record(&json)).transpose()
    }

    /// Whether `id` names an escalation (rather than an SR), without reading its record.
    pub fn is_escalation(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM escalation WHERE id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Most recently changed first.
    pub fn list_escalations(&self) -> Result<Vec<EscalationRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.record, s.vendor, s.vendor_sr_number, s.severity
               FROM escalation e
               LEFT JOIN escalation_support_request l
                      ON l.escalation_id = e.id AND l.position = 0
               LEFT JOIN support_request s ON s.id = l.support_request_id
              ORDER BY e.updated_at DESC, e.id DESC",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<i64>>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (json, vendor, number, severity) = row?;
            Ok(EscalationRow {
                record: parse_record(&json)?,
                vendor: vendor.unwrap_or_default(),
                vendor_sr_number: number.unwrap_or_default(),
                severity: severity.and_then(|s| u8::try_from(s).ok()).unwrap_or(0),
            })
        })
        .collect()
    }

    /// The escalations an SR belongs to, newest first.
    pub fn escalations_of_support_request(
        &self,
        sr: &str,
    ) -> Result<Vec<EscalationRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.record FROM escalation e
               JOIN escalation_support_request l ON l.escalation_id = e.id
              WHERE l.support_request_id = ?1
              ORDER BY e.created_at DESC",
        )?;
        let rows = stmt.query_map([sr], |row| row.get::<_, String>(0))?;
        rows.map(|row| parse_record(&row?)).collect()
    }

    /// The escalations with at least one SR of `vendor` (its id).
    pub fn escalations_with_vendor(&self, vendor: &str) -> Result<Vec<EscalationId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT l.escalation_id FROM escalation_support_request l
               JOIN support_request s ON s.id = l.support_request_id
              WHERE s.vendor = ?1",
        )?;
        let rows = stmt.query_map([vendor], |row| row.get::<_, String>(0))?;
        rows.map(|id| {
            let id = id?;
            uuid::Uuid::parse_str(&id)
                .map(EscalationId)
                .map_err(|_| StoreError::Unreadable(format!("escalation id {id:?}")))
        })
        .collect()
    }

    pub fn escalation_count(&self) -> Result<usize, StoreError> {
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM escalation", [], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }
}

pub(crate) fn write_links_and_index(
    tx: &Transaction<'_>,
    rowid: i64,
    record: &EscalationRecord,
    replace: bool,
) -> Result<(), StoreError> {
    let id = record.id.0.to_string();
    if replace {
        tx.prepare_cached("DELETE FROM escalation_support_request WHERE escalation_id = ?1")?
            .execute([&id])?;
        tx.prepare_cached("DELETE FROM escalation_search WHERE rowid = ?1")?
            .execute([rowid])?;
    }
    {
        let mut link = tx.prepare_cached(
            "INSERT INTO escalation_support_request (escalation_id, support_request_id, position)
             VALUES (?1, ?2, ?3)",
        )?;
        for (position, sr) in record.support_requests.iter().enumerate() {
            link.execute(params![
                id,
                sr.0.to_string(),
                i64::try_from(position).unwrap_or(i64::MAX)
            ])?;
        }
    }
    let body = format!(
        "{}\n{}\n{}",
        record.engineer, record.action_plan, record.de_escalation_agreement
    );
    tx.prepare_cached("INSERT INTO escalation_search (rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![rowid, record.title, body])?;
    Ok(())
}

fn record_json(record: &EscalationRecord) -> Result<String, StoreError> {
    serde_json::to_string(record).map_err(|err| StoreError::Unreadable(err.to_string()))
}

fn parse_record(json: &str) -> Result<EscalationRecord, StoreError> {
    let record: EscalationRecord = serde_json::from_str(json)
        .map_err(|err| StoreError::Unreadable(format!("escalation record: {err}")))?;
    // The state column is what lists filter on; the record is the truth. They are written
    // together, so a difference means a hand edit, which the record wins.
    let _: EscalationState = record.state;
    Ok(record)
}
