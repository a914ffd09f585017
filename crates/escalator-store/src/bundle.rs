//! The data export: everything the store holds (or the part about chosen escalations or
//! SRs) as one versioned JSON document, and importing such a document back.
//!
//! The document is the full-fidelity format behind JSON reports, `escalator backup` and
//! `escalator import`. Each entity carries its stable identity (UUIDs; an event's stream and
//! sequence number; a setting's key), never SQLite's row keys, so a document can be imported
//! into any data folder:
//!
//! - into an empty folder it restores everything, byte for byte on a second export;
//! - importing the same document twice changes nothing the second time;
//! - where both sides have an entity, the one changed last wins (records compare
//!   `updatedAt`, calls their `sequence`); immutable entities (updates, minutes, settings)
//!   are only ever added;
//! - a timeline stream is taken only where it agrees with the local one: its events must
//!   form an unbroken hash chain, and the events both sides have must be identical. A file
//!   whose chain is broken or has diverged from the local one is refused as a whole.
//!
//! An import is one transaction: a document that fails any check changes nothing. It does not
//! validate records against the domain's input rules (a document is this program's own
//! output, and its timelines are hash-checked); it does not decide file names or read files.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, Utc};
use escalator_core::action_item::ActionItem;
use escalator_core::cadence::{CommunicationPlan, VendorUpdate};
use escalator_core::conference_call::{CallMinutes, ConferenceCall};
use escalator_core::escalation_record::{EscalationId, EscalationRecord};
use escalator_core::sr_details::SrDetails;
use escalator_core::third_party::ThirdPartyEngagement;
use escalator_core::timeline::{self, ChainedEvent};
use escalator_core::{Severity, SrStatus, SupportRequestId, SupportRequestRecord};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::escalations::write_links_and_index;
use crate::running::upsert_item;
use crate::support_requests::{index_support_request, parse_timestamp, time, timestamp};
use crate::timeline::{insert_chained, raw_event};
use crate::{Store, StoreError};

/// What the document's `format` field says, so another JSON file is told apart at once.
pub const FORMAT: &str = "escalator-data";
/// The version of the document's layout this build writes and reads.
pub const VERSION: u32 = 1;

/// Which part of the store a document holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleScope {
    /// Everything, preferences included: a backup.
    Everything,
    /// These escalations with their SRs, timelines and running data.
    Escalations(Vec<EscalationId>),
    /// These SRs with their own timelines; no escalations.
    SupportRequests(Vec<SupportRequestId>),
}

/// The whole document. Lists are in a fixed order (by identity), so the same data always
/// gives the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub support_requests: Vec<SupportRequestEntry>,
    pub escalations: Vec<EscalationRecord>,
    pub events: Vec<StreamEvent>,
    pub communication_plans: Vec<PlanEntry>,
    pub vendor_updates: Vec<UpdateEntry>,
    pub calls: Vec<ConferenceCall>,
    pub call_minutes: Vec<CallMinutes>,
    pub action_items: Vec<ActionItem>,
    pub third_parties: Vec<ThirdPartyEngagement>,
    pub settings: Vec<SettingEntry>,
    pub playbooks: Vec<DocumentEntry>,
    pub wizard_drafts: Vec<DocumentEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SupportRequestEntry {
    pub id: SupportRequestId,
    pub vendor: String,
    pub vendor_sr_number: String,
    pub title: String,
    pub severity: u8,
    pub status: String,
    pub details: SrDetails,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StreamEvent {
    /// The SR's or escalation's id whose chain the event belongs to.
    pub stream: String,
    #[serde(flatten)]
    pub event: ChainedEvent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlanEntry {
    pub escalation: EscalationId,
    pub plan: CommunicationPlan,
    pub agreed_at: DateTime<Utc>,
    pub missed_due: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateEntry {
    pub escalation: EscalationId,
    pub update: VendorUpdate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettingEntry {
    pub key: String,
    pub value: String,
}

/// A wizard draft or an edited playbook: an id, its text and when it was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentEntry {
    pub id: String,
    pub body: String,
    pub updated_at: DateTime<Utc>,
}

/// Why a document was not imported. Nothing was written in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Malformed(String),
    #[error(
        "the file was written by a newer Escalator (data format {0}); this one reads format {VERSION}"
    )]
    NewerFormat(u32),
    #[error("the timeline of {stream} in the file {problem}; nothing was imported")]
    Timeline { stream: String, problem: String },
    #[error(
        "the file's support request {number} of {vendor} has a different id than the one here; nothing was imported"
    )]
    SupportRequestClash { vendor: String, number: String },
    #[error("the file refers to {0} that is neither in the file nor here; nothing was imported")]
    MissingReference(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import did, per kind of entity: `(added, replaced by a newer copy)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportTally {
    pub support_requests: (u32, u32),
    pub escalations: (u32, u32),
    pub events: u32,
    pub running: (u32, u32),
    pub preferences: (u32, u32),
    /// Entities in the file that were already here as they are (or newer).
    pub unchanged: u32,
}

impl ImportTally {
    pub fn changed_anything(&self) -> bool {
        let ImportTally {
            support_requests: (a, b),
            escalations: (c, d),
            events,
            running: (e, f),
            preferences: (g, h),
            unchanged: _,
        } = self;
        a + b + c + d + events + e + f + g + h > 0
    }
}

impl Bundle {
    /// Reads a document, telling a file that is not one, or is of a newer version, apart from
    /// one that is damaged.
    pub fn parse(text: &str) -> Result<Bundle, ImportError> {
        #[derive(Deserialize)]
        struct Header {
            format: Option<String>,
            version: Option<u32>,
        }
        let header: Header = serde_json::from_str(text).map_err(|err| {
            // Our own file, cut short or edited, says so in its first lines.
            let head: String = text.chars().take(200).collect();
            if head.contains(&format!("\"{FORMAT}\"")) {
                ImportError::Malformed(format!("the file is damaged or was edited: {err}"))
            } else {
                ImportError::Malformed(format!("the file is not an Escalator data export: {err}"))
            }
        })?;
        if header.format.as_deref() != Some(FORMAT) {
            return Err(ImportError::Malformed(format!(
                "the file is not an Escalator data export (its \"format\" is not \"{FORMAT}\")"
            )));
        }
        match header.version {
            Some(VERSION) => {}
            Some(newer) if newer > VERSION => return Err(ImportError::NewerFormat(newer)),
            other => {
                return Err(ImportError::Malformed(format!(
                    "the file's data format version {other:?} is not one this Escalator reads"
                )));
            }
        }
        serde_json::from_str(text).map_err(|err| {
            ImportError::Malformed(format!("the file is damaged or was edited: {err}"))
        })
    }

    /// Writes the document as indented JSON.
    pub fn write_to(&self, out: impl Write) -> Result<(), StoreError> {
        serde_json::to_writer_pretty(out, self)
            .map_err(|err| StoreError::Unreadable(err.to_string()))
    }
}

impl Store {
    /// Reads `scope` into a document, in one read transaction so it is consistent even while
    /// another process writes.
    pub fn export_bundle(
        &self,
        scope: &BundleScope,
        exported_at: DateTime<Utc>,
    ) -> Result<Bundle, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let ids = |ids: Vec<String>| {
            serde_json::to_string(&ids).map_err(|err| StoreError::Unreadable(err.to_string()))
        };
        // Every query binds `?1`: the JSON array of the scope's ids, or a dummy that the
        // `?1 IS NOT NULL` of an unfiltered query accepts. `chosen` is the filter on a
        // table's escalation column; `srs_of_scope` and `streams_of_scope` pick the SRs and
        // the timeline streams.
        let (filter, escalations_json, srs_of_scope, streams_of_scope) = match scope {
            BundleScope::Everything => (
                false,
                String::from("[]"),
                "WHERE ?1 IS NOT NULL",
                "WHERE ?1 IS NOT NULL",
            ),
            BundleScope::Escalations(chosen) => (
                true,
                ids(chosen.iter().map(ToString::to_string).collect())?,
                "WHERE id IN (SELECT support_request_id FROM escalation_support_request
                               WHERE escalation_id IN (SELECT value FROM json_each(?1)))",
                "WHERE stream IN (SELECT value FROM json_each(?1))
                    OR stream IN (SELECT support_request_id FROM escalation_support_request
                                   WHERE escalation_id IN (SELECT value FROM json_each(?1)))",
            ),
            BundleScope::SupportRequests(chosen) => (
                true,
                ids(chosen.iter().map(|id| id.0.to_string()).collect())?,
                "WHERE id IN (SELECT value FROM json_each(?1))",
                "WHERE stream IN (SELECT value FROM json_each(?1))",
            ),
        };
        let only_srs = matches!(scope, BundleScope::SupportRequests(_));
        let chosen = |column: &str| {
            if only_srs {
                "WHERE ?1 IS NULL".to_owned()
            } else if filter {
                format!("WHERE {column} IN (SELECT value FROM json_each(?1))")
            } else {
                "WHERE ?1 IS NOT NULL".to_owned()
            }
        };

        let support_requests = rows(
            &tx,
            &format!(
                "SELECT id, vendor, vendor_sr_number, title, severity, status, details,
                        created_at, updated_at
                   FROM support_request {srs_of_scope} ORDER BY id"
            ),
            &escalations_json,
            |row| {
                let id: String = row.get(0)?;
                let details: String = row.get(6)?;
                Ok((
                    id,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    details,
                    row.get::<_, String>(7)?,
                    row.get::<_, String>(8)?,
                ))
            },
        )?
        .into_iter()
        .map(
            |(id, vendor, number, title, severity, status, details, created, updated): (
                String,
                String,
                String,
                String,
                u8,
                String,
                String,
                String,
                String,
            )| {
                let created_at = time(&created)?;
                Ok(SupportRequestEntry {
                    id: SupportRequestId(parse(&format!("\"{id}\""))?),
                    vendor,
                    vendor_sr_number: number,
                    title,
                    severity,
                    status,
                    details: if details.is_empty() {
                        SrDetails::default()
                    } else {
                        parse(&details)?
                    },
                    created_at,
                    updated_at: time(&updated).unwrap_or(created_at),
                })
            },
        )
        .collect::<Result<Vec<_>, StoreError>>()?;

        let escalations: Vec<EscalationRecord> = bodies(
            &tx,
            &format!("SELECT record FROM escalation {} ORDER BY id", chosen("id")),
            &escalations_json,
        )?;

        let events = rows(
            &tx,
            &format!(
                "SELECT seq, kind, at, zone, actor, summary, details, prev_hash, hash, stream
                   FROM timeline_event {streams_of_scope} ORDER BY stream, seq"
            ),
            &escalations_json,
            |row| Ok((row.get::<_, String>(9)?, raw_event(row)?)),
        )?
        .into_iter()
        .map(|(stream, raw)| {
            Ok(StreamEvent {
                stream,
                event: raw.into_event()?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;

        let communication_plans = rows(
            &tx,
            &format!(
                "SELECT escalation_id, body, agreed_at, missed_due FROM communication_plan {}
                  ORDER BY escalation_id",
                chosen("escalation_id")
            ),
            &escalations_json,
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            },
        )?
        .into_iter()
        .map(|(escalation, body, agreed, missed)| {
            Ok(PlanEntry {
                escalation: parse(&format!("\"{escalation}\""))?,
                plan: parse(&body)?,
                agreed_at: time(&agreed)?,
                missed_due: missed.as_deref().map(time).transpose()?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;

        let vendor_updates = rows(
            &tx,
            &format!(
                "SELECT escalation_id, body FROM vendor_update {} ORDER BY escalation_id, id",
                chosen("escalation_id")
            ),
            &escalations_json,
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
        )?
        .into_iter()
        .map(|(escalation, body)| {
            Ok(UpdateEntry {
                escalation: parse(&format!("\"{escalation}\""))?,
                update: parse(&body)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;

        let calls: Vec<ConferenceCall> = bodies(
            &tx,
            &format!(
                "SELECT body FROM conference_call {} ORDER BY id",
                chosen("escalation_id")
            ),
            &escalations_json,
        )?;
        let call_minutes: Vec<CallMinutes> = bodies(
            &tx,
            &format!(
                "SELECT body FROM call_minutes WHERE call_id IN
                    (SELECT id FROM conference_call {}) ORDER BY call_id, occurrence",
                chosen("escalation_id")
            ),
            &escalations_json,
        )?;
        let action_items: Vec<ActionItem> = bodies(
            &tx,
            &format!(
                "SELECT body FROM action_item {} ORDER BY id",
                chosen("escalation_id")
            ),
            &escalations_json,
        )?;
        let third_parties: Vec<ThirdPartyEngagement> = bodies(
            &tx,
            &format!(
                "SELECT body FROM third_party_engagement {} ORDER BY id",
                chosen("escalation_id")
            ),
            &escalations_json,
        )?;

        let (settings, playbooks, wizard_drafts) = if filter {
            (Vec::new(), Vec::new(), Vec::new())
        } else {
            let settings = rows(
                &tx,
                "SELECT key, value FROM setting WHERE ?1 IS NOT NULL ORDER BY key",
                &escalations_json,
                |row| {
                    Ok(SettingEntry {
                        key: row.get(0)?,
                        value: row.get(1)?,
                    })
                },
            )?;
            let documents = |sql: &str| -> Result<Vec<DocumentEntry>, StoreError> {
                rows(&tx, sql, &escalations_json, |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                    ))
                })?
                .into_iter()
                .map(|(id, body, at)| {
                    Ok(DocumentEntry {
                        id,
                        body,
                        updated_at: time(&at)?,
                    })
                })
                .collect()
            };
            (
                settings,
                documents(
                    "SELECT vendor_id, toml, updated_at FROM user_playbook WHERE ?1 IS NOT NULL
                      ORDER BY vendor_id",
                )?,
                documents(
                    "SELECT id, body, updated_at FROM wizard_draft WHERE ?1 IS NOT NULL ORDER BY id",
                )?,
            )
        };
        tx.finish()?;
        Ok(Bundle {
            format: FORMAT.to_owned(),
            version: VERSION,
            exported_at,
            support_requests,
            escalations,
            events,
            communication_plans,
            vendor_updates,
            calls,
            call_minutes,
            action_items,
            third_parties,
            settings,
            playbooks,
            wizard_drafts,
        })
    }

    /// Merges a document into the store (see the module docs for the rules), all or nothing.
    pub fn import_bundle(&mut self, bundle: &Bundle) -> Result<ImportTally, ImportError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        // Checked once at the end instead of per row, so the refusal can name what is missing.
        tx.pragma_update(None, "defer_foreign_keys", true)
            .map_err(StoreError::from)?;
        let mut tally = ImportTally::default();
        import_support_requests(&tx, &bundle.support_requests, &mut tally)?;
        import_escalations(&tx, &bundle.escalations, &mut tally)?;
        import_events(&tx, &bundle.events, &mut tally)?;
        import_running(&tx, bundle, &mut tally)?;
        import_preferences(&tx, bundle, &mut tally)?;
        check_references(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(tally)
    }
}

fn import_support_requests(
    tx: &Transaction<'_>,
    entries: &[SupportRequestEntry],
    tally: &mut ImportTally,
) -> Result<(), ImportError> {
    for entry in entries {
        let record = SupportRequestRecord {
            id: entry.id,
            vendor: entry.vendor.clone(),
            vendor_sr_number: entry.vendor_sr_number.clone(),
            title: entry.title.clone(),
            severity: Severity::new(i64::from(entry.severity)).ok_or_else(|| {
                ImportError::Malformed(format!(
                    "support request {}: severity {} is not 1 to 4",
                    entry.vendor_sr_number, entry.severity
                ))
            })?,
            status: SrStatus::parse(&entry.status).ok_or_else(|| {
                ImportError::Malformed(format!(
                    "support request {}: unknown status {:?}",
                    entry.vendor_sr_number, entry.status
                ))
            })?,
            details: entry.details.clone(),
            created_at: entry.created_at,
            updated_at: entry.updated_at,
        };
        let id = entry.id.0.to_string();
        let existing: Option<(i64, String, String)> = tx
            .prepare_cached("SELECT key, id, updated_at FROM support_request WHERE id = ?1 OR (vendor = ?2 AND vendor_sr_number = ?3)")
            .map_err(StoreError::from)?
            .query_row(params![id, entry.vendor, entry.vendor_sr_number], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()
            .map_err(StoreError::from)?;
        let details = to_json(&record.details)?;
        match existing {
            Some((_, other_id, _)) if other_id != id => {
                return Err(ImportError::SupportRequestClash {
                    vendor: entry.vendor.clone(),
                    number: entry.vendor_sr_number.clone(),
                });
            }
            Some((key, _, updated)) => {
                if parse_timestamp(&updated).is_some_and(|here| here >= record.updated_at) {
                    tally.unchanged += 1;
                    continue;
                }
                tx.prepare_cached(
                    "UPDATE support_request SET vendor = ?2, vendor_sr_number = ?3, title = ?4,
                            severity = ?5, status = ?6, created_at = ?7, details = ?8,
                            updated_at = ?9 WHERE key = ?1",
                )
                .map_err(StoreError::from)?
                .execute(params![
                    key,
                    record.vendor,
                    record.vendor_sr_number,
                    record.title,
                    record.severity.level(),
                    record.status.as_str(),
                    timestamp(record.created_at),
                    details,
                    timestamp(record.updated_at)
                ])
                .map_err(StoreError::from)?;
                index_support_request(tx, key, &record, true)?;
                tally.support_requests.1 += 1;
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO support_request (id, vendor, vendor_sr_number, title, severity,
                            status, created_at, details, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(StoreError::from)?
                .execute(params![
                    id,
                    record.vendor,
                    record.vendor_sr_number,
                    record.title,
                    record.severity.level(),
                    record.status.as_str(),
                    timestamp(record.created_at),
                    details,
                    timestamp(record.updated_at)
                ])
                .map_err(StoreError::from)?;
                index_support_request(tx, tx.last_insert_rowid(), &record, false)?;
                tally.support_requests.0 += 1;
            }
        }
    }
    Ok(())
}

fn import_escalations(
    tx: &Transaction<'_>,
    records: &[EscalationRecord],
    tally: &mut ImportTally,
) -> Result<(), ImportError> {
    for record in records {
        let id = record.id.0.to_string();
        let existing: Option<(i64, String)> = tx
            .prepare_cached("SELECT key, updated_at FROM escalation WHERE id = ?1")
            .map_err(StoreError::from)?
            .query_row([&id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()
            .map_err(StoreError::from)?;
        let body = to_json(record)?;
        match existing {
            Some((_, updated))
                if parse_timestamp(&updated).is_some_and(|here| here >= record.updated_at) =>
            {
                tally.unchanged += 1;
            }
            Some((key, _)) => {
                tx.prepare_cached(
                    "UPDATE escalation SET title = ?2, state = ?3, created_at = ?4,
                            updated_at = ?5, record = ?6 WHERE key = ?1",
                )
                .map_err(StoreError::from)?
                .execute(params![
                    key,
                    record.title,
                    record.state.as_str(),
                    timestamp(record.created_at),
                    timestamp(record.updated_at),
                    body
                ])
                .map_err(StoreError::from)?;
                write_links_and_index(tx, key, record, true)?;
                tally.escalations.1 += 1;
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO escalation (id, title, state, created_at, updated_at, record)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(StoreError::from)?
                .execute(params![
                    id,
                    record.title,
                    record.state.as_str(),
                    timestamp(record.created_at),
                    timestamp(record.updated_at),
                    body
                ])
                .map_err(StoreError::from)?;
                write_links_and_index(tx, tx.last_insert_rowid(), record, false)?;
                tally.escalations.0 += 1;
            }
        }
    }
    Ok(())
}

fn import_events(
    tx: &Transaction<'_>,
    events: &[StreamEvent],
    tally: &mut ImportTally,
) -> Result<(), ImportError> {
    let mut streams: BTreeMap<&str, Vec<ChainedEvent>> = BTreeMap::new();
    for entry in events {
        streams
            .entry(entry.stream.as_str())
            .or_default()
            .push(entry.event.clone());
    }
    for (stream, mut incoming) in streams {
        incoming.sort_by_key(|e| e.seq);
        let refuse = |problem: &str| ImportError::Timeline {
            stream: stream.to_owned(),
            problem: problem.to_owned(),
        };
        if !timeline::verify(&incoming).is_intact() {
            return Err(refuse(
                "is not an unbroken hash chain (edited or incomplete)",
            ));
        }
        // The local stream's hashes in seq order; the store only ever appends, so index i
        // holds seq i + 1.
        let local: Vec<String> = {
            let mut stmt = tx
                .prepare_cached("SELECT hash FROM timeline_event WHERE stream = ?1 ORDER BY seq")
                .map_err(StoreError::from)?;
            let rows = stmt
                .query_map([stream], |row| row.get::<_, String>(0))
                .map_err(StoreError::from)?;
            rows.collect::<Result<Vec<_>, rusqlite::Error>>()
                .map_err(StoreError::from)?
        };
        // Both chains start at seq 1 and verify, so agreeing on the events both have means
        // the file's further events continue the local head.
        for event in &incoming {
            let index = usize::try_from(event.seq.saturating_sub(1)).unwrap_or(usize::MAX);
            match local.get(index) {
                Some(hash) if *hash == event.hash.to_hex() => tally.unchanged += 1,
                Some(_) => {
                    return Err(refuse("differs from the one here (the two have diverged)"));
                }
                None => {
                    insert_chained(tx, stream, event)?;
                    tally.events += 1;
                }
            }
        }
    }
    Ok(())
}

fn import_running(
    tx: &Transaction<'_>,
    bundle: &Bundle,
    tally: &mut ImportTally,
) -> Result<(), ImportError> {
    for entry in &bundle.communication_plans {
        let here: Option<(String, Option<String>)> = tx
            .prepare_cached(
                "SELECT agreed_at, missed_due FROM communication_plan WHERE escalation_id = ?1",
            )
            .map_err(StoreError::from)?
            .query_row([entry.escalation.to_string()], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()
            .map_err(StoreError::from)?;
        let newer = match &here {
            None => true,
            Some((agreed, _)) => parse_timestamp(agreed).is_none_or(|at| at < entry.agreed_at),
        };
        if !newer {
            tally.unchanged += 1;
            continue;
        }
        // The later recorded miss of the two is kept, so no miss is ever written twice.
        let missed = [
            entry.missed_due,
            here.as_ref()
                .and_then(|(_, missed)| missed.as_deref().and_then(parse_timestamp)),
        ]
        .into_iter()
        .flatten()
        .max();
        tx.prepare_cached(
            "INSERT INTO communication_plan (escalation_id, body, agreed_at, missed_due)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (escalation_id) DO UPDATE SET body = ?2, agreed_at = ?3, missed_due = ?4",
        )
        .map_err(StoreError::from)?
        .execute(params![
            entry.escalation.to_string(),
            to_json(&entry.plan)?,
            timestamp(entry.agreed_at),
            missed.map(timestamp)
        ])
        .map_err(StoreError::from)?;
        count(tally, here.is_none());
    }
    for entry in &bundle.vendor_updates {
        let added = tx
            .prepare_cached(
                "INSERT INTO vendor_update (id, escalation_id, received_at, body)
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO NOTHING",
            )
            .map_err(StoreError::from)?
            .execute(params![
                entry.update.id.to_string(),
                entry.escalation.to_string(),
                timestamp(entry.update.received_at),
                to_json(&entry.update)?
            ])
            .map_err(StoreError::from)?;
        added_or_unchanged(tally, added);
    }
    for call in &bundle.calls {
        let here: Option<ConferenceCall> = first_body(
            tx,
            "SELECT body FROM conference_call WHERE id = ?1",
            &call.id.to_string(),
        )?;
        if here.as_ref().is_some_and(|h| h.sequence >= call.sequence) {
            tally.unchanged += 1;
            continue;
        }
        tx.prepare_cached(
            "INSERT INTO conference_call (id, escalation_id, cancelled, body)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET cancelled = ?3, body = ?4",
        )
        .map_err(StoreError::from)?
        .execute(params![
            call.id.to_string(),
            call.escalation.to_string(),
            call.cancelled,
            to_json(call)?
        ])
        .map_err(StoreError::from)?;
        count(tally, here.is_none());
    }
    for minutes in &bundle.call_minutes {
        let added = tx
            .prepare_cached(
                "INSERT INTO call_minutes (call_id, occurrence, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT (call_id, occurrence) DO NOTHING",
            )
            .map_err(StoreError::from)?
            .execute(params![
                minutes.call.to_string(),
                timestamp(minutes.occurrence),
                to_json(minutes)?
            ])
            .map_err(StoreError::from)?;
        added_or_unchanged(tally, added);
    }
    for item in &bundle.action_items {
        let here: Option<ActionItem> = first_body(
            tx,
            "SELECT body FROM action_item WHERE id = ?1",
            &item.id.to_string(),
        )?;
        if here
            .as_ref()
            .is_some_and(|h| h.updated_at >= item.updated_at)
        {
            tally.unchanged += 1;
            continue;
        }
        upsert_item(tx, item, &to_json(item)?)?;
        count(tally, here.is_none());
    }
    for engagement in &bundle.third_parties {
        let here: Option<ThirdPartyEngagement> = first_body(
            tx,
            "SELECT body FROM third_party_engagement WHERE id = ?1",
            &engagement.id.to_string(),
        )?;
        if here
            .as_ref()
            .is_some_and(|h| h.updated_at >= engagement.updated_at)
        {
            tally.unchanged += 1;
            continue;
        }
        tx.prepare_cached(
            "INSERT INTO third_party_engagement (id, escalation_id, body) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET body = ?3",
        )
        .map_err(StoreError::from)?
        .execute(params![
            engagement.id.to_string(),
            engagement.escalation.to_string(),
            to_json(engagement)?
        ])
        .map_err(StoreError::from)?;
        count(tally, here.is_none());
    }
    Ok(())
}

fn import_preferences(
    tx: &Transaction<'_>,
    bundle: &Bundle,
    tally: &mut ImportTally,
) -> Result<(), ImportError> {
    // The user's own settings here win over the file's: an import adds what is missing.
    for setting in &bundle.settings {
        let added = tx
            .prepare_cached(
                "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            )
            .map_err(StoreError::from)?
            .execute(params![setting.key, setting.value])
            .map_err(StoreError::from)?;
        if added > 0 {
            tally.preferences.0 += 1;
        } else {
            tally.unchanged += 1;
        }
    }
    for (table, key, body, entries) in [
        ("user_playbook", "vendor_id", "toml", &bundle.playbooks),
        ("wizard_draft", "id", "body", &bundle.wizard_drafts),
    ] {
        for entry in entries {
            let here: Option<String> = tx
                .prepare_cached(&format!("SELECT updated_at FROM {table} WHERE {key} = ?1"))
                .map_err(StoreError::from)?
                .query_row([&entry.id], |row| row.get(0))
                .optional()
                .map_err(StoreError::from)?;
            if here
                .as_deref()
                .and_then(parse_timestamp)
                .is_some_and(|at| at >= entry.updated_at)
            {
                tally.unchanged += 1;
                continue;
            }
            tx.prepare_cached(&format!(
                "INSERT INTO {table} ({key}, {body}, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT ({key}) DO UPDATE SET {body} = ?2, updated_at = ?3"
            ))
            .map_err(StoreError::from)?
            .execute(params![entry.id, entry.body, timestamp(entry.updated_at)])
            .map_err(StoreError::from)?;
            if here.is_none() {
                tally.preferences.0 += 1;
            } else {
                tally.preferences.1 += 1;
            }
        }
    }
    Ok(())
}

/// Foreign keys are checked here, once, so the message can say what is missing.
fn check_references(tx: &Transaction<'_>) -> Result<(), ImportError> {
    let missing: Option<(String, String)> = tx
        .query_row(
            "SELECT \"table\", parent FROM pragma_foreign_key_check LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(StoreError::from)?;
    match missing {
        Some((table, parent)) => Err(ImportError::MissingReference(format!(
            "a {} (from {})",
            parent.replace('_', " "),
            table.replace('_', " ")
        ))),
        None => Ok(()),
    }
}

fn count(tally: &mut ImportTally, added: bool) {
    if added {
        tally.running.0 += 1;
    } else {
        tally.running.1 += 1;
    }
}

fn added_or_unchanged(tally: &mut ImportTally, added: usize) {
    if added > 0 {
        tally.running.0 += 1;
    } else {
        tally.unchanged += 1;
    }
}

fn rows<T>(
    tx: &Transaction<'_>,
    sql: &str,
    scope: &str,
    read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = tx.prepare(sql)?;
    let rows = stmt.query_map([scope], read)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn bodies<T: DeserializeOwned>(
    tx: &Transaction<'_>,
    sql: &str,
    scope: &str,
) -> Result<Vec<T>, StoreError> {
    rows(tx, sql, scope, |row| row.get::<_, String>(0))?
        .iter()
        .map(|body| parse(body))
        .collect()
}

fn first_body<T: DeserializeOwned>(
    tx: &Transaction<'_>,
    sql: &str,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let body: Option<String> = tx
        .prepare_cached(sql)?
        .query_row([key], |row| row.get(0))
        .optional()?;
    body.as_deref().map(parse).transpose()
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|err| StoreError::Unreadable(err.to_string()))
}

fn to_json(value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|err| StoreError::Unreadable(err.to_string()))
}
