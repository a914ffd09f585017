//! Support requests: insert, update, list, fetch. Every write appends its timeline event to
//! the SR's own stream and refreshes the search index in the same transaction.

use chrono::{DateTime, SecondsFormat, Utc};
use escalator_core::sr_details::SrDetails;
use escalator_core::timeline::{ChainedEvent, NewEvent};
use escalator_core::{Severity, SrStatus, SupportRequestId, SupportRequestRecord};
use rusqlite::{ErrorCode, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use crate::timeline::append_event;
use crate::{Store, StoreError};

const COLUMNS: &str =
    "id, vendor, vendor_sr_number, title, severity, status, created_at, details, updated_at";

impl Store {
    /// Records a new SR with its `sr_opened` event.
    pub fn insert_support_request(
        &mut self,
        sr: &SupportRequestRecord,
        opened: NewEvent,
    ) -> Result<ChainedEvent, StoreError> {
        let mut chained = self.insert_support_requests(vec![(sr.clone(), opened)])?;
        chained
            .pop()
            .ok_or_else(|| StoreError::Unreadable("no event written".into()))
    }

    /// Inserts all or none: one duplicate rolls back the whole batch.
    pub fn insert_support_requests(
        &mut self,
        srs: Vec<(SupportRequestRecord, NewEvent)>,
    ) -> Result<Vec<ChainedEvent>, StoreError> {
        // IMMEDIATE takes the write lock up front, so a busy database fails here, before
        // any work, instead of at commit.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut events = Vec::with_capacity(srs.len());
        {
            let mut insert = tx.prepare_cached(&format!(
                "INSERT INTO support_request ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
            ))?;
            for (sr, opened) in srs {
                let inserted = insert.execute(params![
                    sr.id.0.to_string(),
                    sr.vendor,
                    sr.vendor_sr_number,
                    sr.title,
                    sr.severity.level(),
                    sr.status.as_str(),
                    timestamp(sr.created_at),
                    details_json(&sr.details)?,
                    timestamp(sr.updated_at),
                ]);
                match inserted {
                    Err(err) if err.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
                        return Err(StoreError::DuplicateSupportRequest);
                    }
                    other => other?,
                };
                let rowid = tx.last_insert_rowid();
                index_support_request(&tx, rowid, &sr, false)?;
                events.push(append_event(&tx, &sr.id.0.to_string(), opened)?);
            }
        }
        tx.commit()?;
        Ok(events)
    }

    /// Saves changed fields of an existing SR (details, severity, status) with the event
    /// that records the change.
    pub fn update_support_request(
        &mut self,
        sr: &SupportRequestRecord,
        event: NewEvent,
    ) -> Result<ChainedEvent, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let chained = update_support_request_in(&tx, sr, event)?;
        tx.commit()?;
        Ok(chained)
    }

    /// Newest first: the SR you just recorded is the one you look for.
    pub fn list_support_requests(&self) -> Result<Vec<SupportRequestRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM support_request ORDER BY created_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([], raw_row)?;
        rows.map(|row| row.map_err(StoreError::from).and_then(RawRow::into_record))
            .collect()
    }

    pub fn support_request(
        &self,
        id: SupportRequestId,
    ) -> Result<Option<SupportRequestRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM support_request WHERE id = ?1"
        ))?;
        stmt.query_row([id.0.to_string()], raw_row)
            .optional()?
            .map(RawRow::into_record)
            .transpose()
    }

    /// Finds an SR by the vendor's own number, to tell the user which one they duplicated.
    pub fn support_request_by_vendor_number(
        &self,
        vendor: &str,
        vendor_sr_number: &str,
    ) -> Result<Option<SupportRequestRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM support_request WHERE vendor = ?1 AND vendor_sr_number = ?2"
        ))?;
        stmt.query_row([vendor, vendor_sr_number], raw_row)
            .optional()?
            .map(RawRow::into_record)
            .transpose()
    }
}

pub(crate) fn index_support_request(
    tx: &Transaction<'_>,
    rowid: i64,
    sr: &SupportRequestRecord,
    replace: bool,
) -> Result<(), StoreError> {
    if replace {
        tx.prepare_cached("DELETE FROM support_request_search WHERE rowid = ?1")?
            .execute([rowid])?;
    }
    let body = format!(
        "{}\n{}\n{}\n{}",
        sr.details.product,
        sr.details.problem_statement,
        sr.details.business_impact,
        sr.details.technician.name
    );
    tx.prepare_cached(
        "INSERT INTO support_request_search (rowid, title, body) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![
        rowid,
        format!("{} {}", sr.vendor_sr_number, sr.title),
        body
    ])?;
    Ok(())
}

/// Fixed width and always `Z`, so text order is time order.
pub(crate) fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// A stored timestamp that must be readable.
pub(crate) fn time(text: &str) -> Result<DateTime<Utc>, StoreError> {
    parse_timestamp(text).ok_or_else(|| StoreError::Unreadable(format!("time {text:?}")))
}

fn details_json(details: &SrDetails) -> Result<String, StoreError> {
    serde_json::to_string(details).map_err(|err| StoreError::Unreadable(err.to_string()))
}

/// A row as SQLite hands it over, before the domain checks it.
struct RawRow {
    id: String,
    vendor: String,
    vendor_sr_number: String,
    title: String,
    severity: i64,
    status: String,
    created_at: String,
    details: String,
    updated_at: String,
}

fn raw_row(row: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        id: row.get(0)?,
        vendor: row.get(1)?,
        vendor_sr_number: row.get(2)?,
        title: row.get(3)?,
        severity: row.get(4)?,
        status: row.get(5)?,
        created_at: row.get(6)?,
        details: row.get(7)?,
        updated_at: row.get(8)?,
    })
}

impl RawRow {
    fn into_record(self) -> Result<SupportRequestRecord, StoreError> {
        let unreadable = |what: &str, value: &str| {
            StoreError::Unreadable(format!("support request {}: {what} {value:?}", self.id))
        };
        let id = Uuid::parse_str(&self.id).map_err(|_| unreadable("id", &self.id))?;
        let severity = Severity::new(self.severity)
            .ok_or_else(|| unreadable("severity", &self.severity.to_string()))?;
        let status =
            SrStatus::parse(&self.status).ok_or_else(|| unreadable("status", &self.status))?;
        let created_at = parse_timestamp(&self.created_at)
            .ok_or_else(|| unreadable("created_at", &self.created_at))?;
        // A v1 row has no details yet: empty means "nothing recorded".
        let details = if self.details.is_empty() {
            SrDetails::default()
        } else {
            serde_json::from_str(&self.details).map_err(|_| unreadable("details", &self.details))?
        };
        let updated_at = parse_timestamp(&self.updated_at).unwrap_or(created_at);
        Ok(SupportRequestRecord {
            id: SupportRequestId(id),
            vendor: self.vendor,
            vendor_sr_number: self.vendor_sr_number,
            title: self.title,
            severity,
            status,
            details,
            created_at,
            updated_at,
        })
    }
}

/// Writes the SR's fields and appends `event` to its timeline, inside the caller's
/// transaction.
pub(crate) fn update_support_request_in(
    tx: &Transaction<'_>,
    sr: &SupportRequestRecord,
    event: NewEvent,
) -> Result<ChainedEvent, StoreError> {
    let rowid: Option<i64> = tx
        .query_row(
            "UPDATE support_request
                SET title = ?2, severity = ?3, status = ?4, details = ?5, updated_at = ?6
              WHERE id = ?1
          RETURNING key",
            params![
                sr.id.0.to_string(),
                sr.title,
                sr.severity.level(),
                sr.status.as_str(),
                details_json(&sr.details)?,
                timestamp(sr.updated_at),
            ],
            |row| row.get(0),
        )
        .optional()?;
    let rowid = rowid.ok_or(StoreError::NotFound)?;
    index_support_request(tx, rowid, sr, true)?;
    append_event(tx, &sr.id.0.to_string(), event)
}
