//! Support requests: insert, list, fetch.

use chrono::{DateTime, SecondsFormat, Utc};
use escalator_core::{Severity, SrStatus, SupportRequestId, SupportRequestRecord};
use rusqlite::{ErrorCode, OptionalExtension, Row, TransactionBehavior, params};
use uuid::Uuid;

use crate::{Store, StoreError};

const COLUMNS: &str = "id, vendor, vendor_sr_number, title, severity, status, created_at";

impl Store {
    pub fn insert_support_request(&mut self, sr: &SupportRequestRecord) -> Result<(), StoreError> {
        self.insert_support_requests(std::slice::from_ref(sr))
    }

    /// Inserts all or none: one duplicate rolls back the whole batch.
    pub fn insert_support_requests(
        &mut self,
        srs: &[SupportRequestRecord],
    ) -> Result<(), StoreError> {
        // IMMEDIATE takes the write lock up front, so a busy database fails here, before
        // any work, instead of at commit.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut insert = tx.prepare_cached(&format!(
                "INSERT INTO support_request ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
            ))?;
            for sr in srs {
                let inserted = insert.execute(params![
                    sr.id.0.to_string(),
                    sr.vendor,
                    sr.vendor_sr_number,
                    sr.title,
                    sr.severity.level(),
                    sr.status.as_str(),
                    timestamp(sr.created_at),
                ]);
                match inserted {
                    Err(err) if err.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
                        return Err(StoreError::DuplicateSupportRequest);
                    }
                    other => other?,
                };
            }
        }
        tx.commit()?;
        Ok(())
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

/// Fixed width and always `Z`, so text order is time order.
fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
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
        let created_at = DateTime::parse_from_rfc3339(&self.created_at)
            .map_err(|_| unreadable("created_at", &self.created_at))?
            .with_timezone(&Utc);
        Ok(SupportRequestRecord {
            id: SupportRequestId(id),
            vendor: self.vendor,
            vendor_sr_number: self.vendor_sr_number,
            title: self.title,
            severity,
            status,
            created_at,
        })
    }
}
