//! Small documents the user keeps between sessions: the profile and other settings (key →
//! JSON), wizard drafts, and edited vendor playbooks (TOML text as the user wrote it).
//!
//! The store keeps the text; it does not parse or validate it (the app and core do), so a
//! draft or playbook that no longer parses is still there for the user to fix.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use crate::support_requests::{parse_timestamp, timestamp};
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub id: String,
    pub body: String,
    pub updated_at: Option<DateTime<Utc>>,
}

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM setting WHERE key = ?1")?
            .query_row([key], |row| row.get(0))
            .optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, value])?;
        Ok(())
    }

    pub fn save_draft(
        &mut self,
        id: &str,
        body: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO wizard_draft (id, updated_at, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at,
                                               body = excluded.body",
            )?
            .execute(params![id, timestamp(at), body])?;
        Ok(())
    }

    /// Most recently saved first.
    pub fn drafts(&self) -> Result<Vec<StoredDocument>, StoreError> {
        self.documents("SELECT id, body, updated_at FROM wizard_draft ORDER BY updated_at DESC")
    }

    pub fn delete_draft(&mut self, id: &str) -> Result<bool, StoreError> {
        let deleted = self
            .conn
            .prepare_cached("DELETE FROM wizard_draft WHERE id = ?1")?
            .execute([id])?;
        Ok(deleted > 0)
    }

    pub fn user_playbooks(&self) -> Result<Vec<StoredDocument>, StoreError> {
        self.documents("SELECT vendor_id, toml, updated_at FROM user_playbook ORDER BY vendor_id")
    }

    pub fn save_user_playbook(
        &mut self,
        vendor_id: &str,
        toml: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO user_playbook (vendor_id, toml, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (vendor_id) DO UPDATE SET toml = excluded.toml,
                                                      updated_at = excluded.updated_at",
            )?
            .execute(params![vendor_id, toml, timestamp(at)])?;
        Ok(())
    }

    pub fn delete_user_playbook(&mut self, vendor_id: &str) -> Result<bool, StoreError> {
        let deleted = self
            .conn
            .prepare_cached("DELETE FROM user_playbook WHERE vendor_id = ?1")?
            .execute([vendor_id])?;
        Ok(deleted > 0)
    }

    fn documents(&self, sql: &str) -> Result<Vec<StoredDocument>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |row| {
            Ok(StoredDocument {
                id: row.get(0)?,
                body: row.get(1)?,
                updated_at: parse_timestamp(&row.get::<_, String>(2)?),
            })
        })?;
        rows.map(|row| row.map_err(StoreError::from)).collect()
    }
}
