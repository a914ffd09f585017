//! What vendor sync keeps: accounts (never their secrets: those live in the OS keychain),
//! links between SRs and vendor cases, and the outbox of actions waiting to reach a vendor.
//!
//! A page of synced cases is written in one transaction: new SRs with their `sr_opened`
//! events, changed SRs with the events that say what changed, links, and the vendor updates
//! comments became, so a sync interrupted anywhere leaves whole pages. An outbox entry is
//! marked attempted (and that committed) before it is sent, so after a crash the app knows
//! which entries may have reached the vendor and asks before sending them again.
//!
//! It does not decide what changed or what an event says (escalator-app does, with the core's
//! rules), and it knows nothing of HTTP or of the keychain.

use chrono::{DateTime, Utc};
use escalator_core::cadence::VendorUpdate;
use escalator_core::escalation_record::EscalationId;
use escalator_core::timeline::NewEvent;
use escalator_core::{SupportRequestId, SupportRequestRecord};
use rusqlite::{ErrorCode, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use crate::support_requests::{index_support_request, time, timestamp, update_support_request_in};
use crate::timeline::append_event;
use crate::{Store, StoreError};

/// A vendor account as stored: where and as whom Escalator signs in, and how its syncs went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAccount {
    pub id: Uuid,
    /// The connector's word (`red_hat`, `zendesk`, `jira_service_management`).
    pub connector: String,
    pub name: String,
    pub base_url: String,
    pub user: String,
    /// The catalogue vendor SRs imported through this account belong to.
    pub vendor: String,
    pub created_at: DateTime<Utc>,
    /// Cases changed before this were all synced; the next sync asks for what changed since.
    pub synced_through: Option<DateTime<Utc>>,
    pub last_sync_at: Option<DateTime<Utc>>,
    /// How the last sync failed, as the app's `{code, message}` JSON; none when it worked.
    pub last_error: Option<String>,
    pub next_sync_at: Option<DateTime<Utc>>,
}

/// An SR linked to a vendor case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLink {
    pub support_request: SupportRequestId,
    pub account: Uuid,
    pub case_key: String,
    pub web_url: Option<String>,
    /// The vendor's own word for the status, as last synced.
    pub vendor_status: String,
    pub vendor_updated_at: Option<DateTime<Utc>>,
    /// Comments created up to this time have been read.
    pub comments_through: Option<DateTime<Utc>>,
}

/// One synced case, as the app decided to write it.
#[derive(Debug)]
pub enum SyncedCase {
    /// A case seen for the first time becomes an SR.
    New {
        sr: SupportRequestRecord,
        opened: NewEvent,
        link: CaseLink,
    },
    /// A linked SR with its vendor-owned fields already updated, and the events saying what
    /// changed (none when only the link moved on).
    Changed {
        sr: SupportRequestRecord,
        events: Vec<NewEvent>,
        link: CaseLink,
    },
}

/// A vendor comment that counts as an update of an escalation's communication plan.
#[derive(Debug)]
pub struct SyncedUpdate {
    pub escalation: EscalationId,
    pub update: VendorUpdate,
    pub event: NewEvent,
}

/// An action waiting for, or done with, its delivery to a vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: Uuid,
    pub account: Uuid,
    pub support_request: SupportRequestId,
    pub case_key: String,
    /// The connector's action as JSON.
    pub action: String,
    pub queued_at: DateTime<Utc>,
    /// Set before each send: an entry attempted and not delivered may have reached the vendor.
    pub attempted_at: Option<DateTime<Utc>>,
    pub attempts: u32,
    pub delivered_at: Option<DateTime<Utc>>,
    /// Why the vendor refused it for good; it is not sent again.
    pub failed: Option<String>,
}

const ACCOUNT_COLUMNS: &str = "id, connector, name, base_url, user_name, vendor, created_at,
     synced_through, last_sync_at, last_error, next_sync_at";
const LINK_COLUMNS: &str = "support_request_id, account_id, case_key, web_url, vendor_status,
     vendor_updated_at, comments_through";
const OUTBOX_COLUMNS: &str = "id, account_id, support_request_id, case_key, action, queued_at,
     attempted_at, attempts, delivered_at, failed";

fn optional_time(text: Option<String>) -> Result<Option<DateTime<Utc>>, StoreError> {
    text.as_deref().map(time).transpose()
}

fn uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|err| StoreError::Unreadable(format!("id {text}: {err}")))
}

fn account_row(row: &Row<'_>) -> rusqlite::Result<[Option<String>; 11]> {
    let mut values: [Option<String>; 11] = Default::default();
    for (i, value) in values.iter_mut().enumerate() {
        *value = row.get(i)?;
    }
    Ok(values)
}

fn account_from(values: [Option<String>; 11]) -> Result<StoredAccount, StoreError> {
    let [
        id,
        connector,
        name,
        base_url,
        user,
        vendor,
        created_at,
        synced_through,
        last_sync_at,
        last_error,
        next_sync_at,
    ] = values;
    let required = |value: Option<String>| {
        value.ok_or_else(|| StoreError::Unreadable("a vendor account lacks a field".to_owned()))
    };
    Ok(StoredAccount {
        id: uuid(&required(id)?)?,
        connector: required(connector)?,
        name: required(name)?,
        base_url: required(base_url)?,
        user: required(user)?,
        vendor: required(vendor)?,
        created_at: time(&required(created_at)?)?,
        synced_through: optional_time(synced_through)?,
        last_sync_at: optional_time(last_sync_at)?,
        last_error,
        next_sync_at: optional_time(next_sync_at)?,
    })
}

type RawLink = (
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

fn link_row(row: &Row<'_>) -> rusqlite::Result<RawLink> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
    ))
}

fn link_from(raw: RawLink) -> Result<CaseLink, StoreError> {
    let (sr, account, case_key, web_url, vendor_status, updated, comments) = raw;
    Ok(CaseLink {
        support_request: SupportRequestId(uuid(&sr)?),
        account: uuid(&account)?,
        case_key,
        web_url,
        vendor_status,
        vendor_updated_at: optional_time(updated)?,
        comments_through: optional_time(comments)?,
    })
}

type RawOutbox = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    u32,
    Option<String>,
    Option<String>,
);

fn outbox_row(row: &Row<'_>) -> rusqlite::Result<RawOutbox> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
        row.get(8)?,
        row.get(9)?,
    ))
}

fn outbox_from(raw: RawOutbox) -> Result<OutboxEntry, StoreError> {
    let (id, account, sr, case_key, action, queued, attempted, attempts, delivered, failed) = raw;
    Ok(OutboxEntry {
        id: uuid(&id)?,
        account: uuid(&account)?,
        support_request: SupportRequestId(uuid(&sr)?),
        case_key,
        action,
        queued_at: time(&queued)?,
        attempted_at: optional_time(attempted)?,
        attempts,
        delivered_at: optional_time(delivered)?,
        failed,
    })
}

fn upsert_link(tx: &Transaction<'_>, link: &CaseLink) -> Result<(), StoreError> {
    let written = tx
        .prepare_cached(&format!(
            "INSERT INTO case_link ({LINK_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (support_request_id) DO UPDATE SET
                 account_id = excluded.account_id, case_key = excluded.case_key,
                 web_url = excluded.web_url, vendor_status = excluded.vendor_status,
                 vendor_updated_at = excluded.vendor_updated_at,
                 comments_through = excluded.comments_through"
        ))?
        .execute(params![
            link.support_request.0.to_string(),
            link.account.to_string(),
            link.case_key,
            link.web_url,
            link.vendor_status,
            link.vendor_updated_at.map(timestamp),
            link.comments_through.map(timestamp),
        ]);
    match written {
        // Another SR is linked to this case already.
        Err(err) if err.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
            Err(StoreError::CaseAlreadyLinked)
        }
        other => other.map(|_| ()).map_err(StoreError::from),
    }
}

impl Store {
    /// Adds an account; a name taken already is [`StoreError::DuplicateAccountName`].
    pub fn insert_account(&mut self, account: &StoredAccount) -> Result<(), StoreError> {
        let inserted = self.conn.execute(
            &format!(
                "INSERT INTO vendor_account ({ACCOUNT_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            ),
            params![
                account.id.to_string(),
                account.connector,
                account.name,
                account.base_url,
                account.user,
                account.vendor,
                timestamp(account.created_at),
                account.synced_through.map(timestamp),
                account.last_sync_at.map(timestamp),
                account.last_error,
                account.next_sync_at.map(timestamp),
            ],
        );
        match inserted {
            Err(err) if err.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
                Err(StoreError::DuplicateAccountName)
            }
            other => other.map(|_| ()).map_err(StoreError::from),
        }
    }

    /// By name, ignoring case: the order people look for them in.
    pub fn accounts(&self) -> Result<Vec<StoredAccount>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM vendor_account ORDER BY name COLLATE NOCASE, id"
        ))?;
        let rows = stmt.query_map([], account_row)?;
        rows.map(|row| row.map_err(StoreError::from).and_then(account_from))
            .collect()
    }

    pub fn account(&self, id: Uuid) -> Result<Option<StoredAccount>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM vendor_account WHERE id = ?1"
            ))?
            .query_row([id.to_string()], account_row)
            .optional()?
            .map(account_from)
            .transpose()
    }

    /// Removes the account with its links and its outbox; the SRs stay.
    pub fn delete_account(&mut self, id: Uuid) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM outbox WHERE account_id = ?1", [id.to_string()])?;
        tx.execute(
            "DELETE FROM case_link WHERE account_id = ?1",
            [id.to_string()],
        )?;
        let removed = tx.execute("DELETE FROM vendor_account WHERE id = ?1", [id.to_string()])?;
        if removed == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit()?;
        Ok(())
    }

    /// Records how a sync ended: `synced_through` moves on only when given (a sync that read
    /// every page), the error is replaced (none after a sync that worked).
    pub fn record_sync(
        &mut self,
        account: Uuid,
        at: DateTime<Utc>,
        synced_through: Option<DateTime<Utc>>,
        error: Option<&str>,
        next_sync_at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        let changed = self.conn.execute(
            "UPDATE vendor_account
                SET last_sync_at = ?2, synced_through = coalesce(?3, synced_through),
                    last_error = ?4, next_sync_at = ?5
              WHERE id = ?1",
            params![
                account.to_string(),
                timestamp(at),
                synced_through.map(timestamp),
                error,
                next_sync_at.map(timestamp),
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub fn link_of(&self, sr: SupportRequestId) -> Result<Option<CaseLink>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {LINK_COLUMNS} FROM case_link WHERE support_request_id = ?1"
            ))?
            .query_row([sr.0.to_string()], link_row)
            .optional()?
            .map(link_from)
            .transpose()
    }

    pub fn link_of_case(
        &self,
        account: Uuid,
        case_key: &str,
    ) -> Result<Option<CaseLink>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {LINK_COLUMNS} FROM case_link WHERE account_id = ?1 AND case_key = ?2"
            ))?
            .query_row(params![account.to_string(), case_key], link_row)
            .optional()?
            .map(link_from)
            .transpose()
    }

    /// Links an existing SR to a case, with the event that says so.
    pub fn link_case(&mut self, link: &CaseLink, event: NewEvent) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        upsert_link(&tx, link)?;
        append_event(&tx, &link.support_request.0.to_string(), event)?;
        tx.commit()?;
        Ok(())
    }

    /// Writes one page of a sync, all or nothing. Vendor updates whose id is stored already
    /// (a comment synced before) are skipped with their events.
    pub fn apply_synced_page(
        &mut self,
        cases: Vec<SyncedCase>,
        updates: Vec<SyncedUpdate>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for case in cases {
            match case {
                SyncedCase::New { sr, opened, link } => {
                    let inserted = tx
                        .prepare_cached(
                            "INSERT INTO support_request (id, vendor, vendor_sr_number, title,
                                 severity, status, created_at, details, updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '', ?8)",
                        )?
                        .execute(params![
                            sr.id.0.to_string(),
                            sr.vendor,
                            sr.vendor_sr_number,
                            sr.title,
                            sr.severity.level(),
                            sr.status.as_str(),
                            timestamp(sr.created_at),
                            timestamp(sr.updated_at),
                        ]);
                    match inserted {
                        Err(err)
                            if err.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) =>
                        {
                            return Err(StoreError::DuplicateSupportRequest);
                        }
                        other => other?,
                    };
                    index_support_request(&tx, tx.last_insert_rowid(), &sr, false)?;
                    append_event(&tx, &sr.id.0.to_string(), opened)?;
                    upsert_link(&tx, &link)?;
                }
                SyncedCase::Changed { sr, events, link } => {
                    if !events.is_empty() {
                        let rowid: i64 = tx
                            .prepare_cached(
                                "UPDATE support_request
                                    SET title = ?2, severity = ?3, status = ?4, updated_at = ?5
                                  WHERE id = ?1 RETURNING key",
                            )?
                            .query_row(
                                params![
                                    sr.id.0.to_string(),
                                    sr.title,
                                    sr.severity.level(),
                                    sr.status.as_str(),
                                    timestamp(sr.updated_at),
                                ],
                                |row| row.get(0),
                            )
                            .optional()?
                            .ok_or(StoreError::NotFound)?;
                        index_support_request(&tx, rowid, &sr, true)?;
                        for event in events {
                            append_event(&tx, &sr.id.0.to_string(), event)?;
                        }
                    }
                    upsert_link(&tx, &link)?;
                }
            }
        }
        for SyncedUpdate {
            escalation,
            update,
            event,
        } in updates
        {
            let body = serde_json::to_string(&update)
                .map_err(|err| StoreError::Unreadable(err.to_string()))?;
            let inserted = tx
                .prepare_cached(
                    "INSERT INTO vendor_update (id, escalation_id, received_at, body)
                     VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO NOTHING",
                )?
                .execute(params![
                    update.id.to_string(),
                    escalation.to_string(),
                    timestamp(update.received_at),
                    body
                ])?;
            if inserted > 0 {
                append_event(&tx, &escalation.to_string(), event)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Queues an action, with the SR's event that says so.
    pub fn queue_outbound(
        &mut self,
        entry: &OutboxEntry,
        event: NewEvent,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert_outbound(&tx, entry, event)?;
        tx.commit()?;
        Ok(())
    }

    /// Changes the SR and queues the same change for its vendor case in one transaction: a
    /// sync in between must not find our change without the entry that keeps it ours.
    pub fn update_support_request_and_queue(
        &mut self,
        sr: &SupportRequestRecord,
        event: NewEvent,
        entry: &OutboxEntry,
        queued: NewEvent,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        update_support_request_in(&tx, sr, event)?;
        insert_outbound(&tx, entry, queued)?;
        tx.commit()?;
        Ok(())
    }

    /// The account's entries not yet delivered nor refused, oldest first.
    pub fn pending_outbound(&self, account: Uuid) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox
              WHERE account_id = ?1 AND delivered_at IS NULL AND failed IS NULL
              ORDER BY queued_at, id"
        ))?;
        let rows = stmt.query_map([account.to_string()], outbox_row)?;
        rows.map(|row| row.map_err(StoreError::from).and_then(outbox_from))
            .collect()
    }

    /// Every entry of an SR, newest first, for its page.
    pub fn outbound_of(&self, sr: SupportRequestId) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE support_request_id = ?1
              ORDER BY queued_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([sr.0.to_string()], outbox_row)?;
        rows.map(|row| row.map_err(StoreError::from).and_then(outbox_from))
            .collect()
    }

    /// Marks an entry as about to be sent. Committed (and synced to disk) before the send, so
    /// a crash during the send leaves the entry "attempted": possibly delivered.
    pub fn mark_attempted(
        &mut self,
        entry: &OutboxEntry,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        // Claimed only if nobody else attempted it since `entry` was read: of two syncs that
        // read the same entry (two processes, say), exactly one sends it.
        let changed = self.conn.execute(
            "UPDATE outbox SET attempted_at = ?2, attempts = attempts + 1
              WHERE id = ?1 AND delivered_at IS NULL AND failed IS NULL AND attempts = ?3",
            params![entry.id.to_string(), timestamp(at), entry.attempts],
        )?;
        Ok(changed == 1)
    }

    /// Marks an entry delivered, with the SR's event that says so. Delivering twice is a
    /// no-op that writes no second event.
    pub fn mark_delivered(
        &mut self,
        entry: &OutboxEntry,
        at: DateTime<Utc>,
        event: NewEvent,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE outbox SET delivered_at = ?2 WHERE id = ?1 AND delivered_at IS NULL",
            params![entry.id.to_string(), timestamp(at)],
        )?;
        if changed > 0 {
            append_event(&tx, &entry.support_request.0.to_string(), event)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks an entry refused for good, with the SR's event that says why.
    pub fn mark_failed(
        &mut self,
        entry: &OutboxEntry,
        reason: &str,
        event: NewEvent,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE outbox SET failed = ?2 WHERE id = ?1 AND delivered_at IS NULL",
            params![entry.id.to_string(), reason],
        )?;
        append_event(&tx, &entry.support_request.0.to_string(), event)?;
        tx.commit()?;
        Ok(())
    }
}

fn insert_outbound(
    tx: &Transaction<'_>,
    entry: &OutboxEntry,
    event: NewEvent,
) -> Result<(), StoreError> {
    tx.prepare_cached(&format!(
        "INSERT INTO outbox ({OUTBOX_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, 0, NULL, NULL)"
    ))?
    .execute(params![
        entry.id.to_string(),
        entry.account.to_string(),
        entry.support_request.0.to_string(),
        entry.case_key,
        entry.action,
        timestamp(entry.queued_at),
    ])?;
    append_event(tx, &entry.support_request.0.to_string(), event)?;
    Ok(())
}
