//! The timeline table: append-only, one hash chain per stream (an SR's events or an
//! escalation's), and the search index over event text.
//!
//! Appending happens only inside the transaction of the change it records, through
//! [`append_event`]; there is no update or delete. Reading returns events exactly as stored,
//! so a row edited behind Escalator's back shows up as a broken chain, not a silent fix.

use escalator_core::timeline::{ChainedEvent, EventHash, EventKind, NewEvent};
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use crate::support_requests::{parse_timestamp, timestamp};
use crate::{Store, StoreError};

const COLUMNS: &str = "seq, kind, at, zone, actor, summary, details, prev_hash, hash";

/// A stored event and the stream it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub stream: String,
    pub event: ChainedEvent,
}

/// Chains `event` after the stream's last event and writes it with its search entry.
pub(crate) fn append_event(
    tx: &Transaction<'_>,
    stream: &str,
    event: NewEvent,
) -> Result<ChainedEvent, StoreError> {
    let last = last_event(tx, stream)?;
    let chained = ChainedEvent::append(last.as_ref(), event);
    insert_chained(tx, stream, &chained)?;
    Ok(chained)
}

/// The stream's newest event, which the next one chains to.
fn last_event(tx: &Transaction<'_>, stream: &str) -> Result<Option<ChainedEvent>, StoreError> {
    tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM timeline_event WHERE stream = ?1 ORDER BY seq DESC LIMIT 1"
    ))?
    .query_row([stream], raw_event)
    .optional()?
    .map(RawEvent::into_event)
    .transpose()
}

/// Writes an already chained event; for appends and for bulk loads that chain in memory.
pub(crate) fn insert_chained(
    tx: &Transaction<'_>,
    stream: &str,
    chained: &ChainedEvent,
) -> Result<(), StoreError> {
    let details = serde_json::to_string(&chained.details)
        .map_err(|err| StoreError::Unreadable(err.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO timeline_event
            (stream, seq, kind, at, zone, actor, summary, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        stream,
        i64::try_from(chained.seq).unwrap_or(i64::MAX),
        chained.kind.as_str(),
        timestamp(chained.at),
        chained.zone,
        chained.actor,
        chained.summary,
        details,
        chained.prev_hash.to_hex(),
        chained.hash.to_hex(),
    ])?;
    let rowid = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO event_search (rowid, summary, body) VALUES (?1, ?2, ?3)")?
        .execute(params![
            rowid,
            chained.summary,
            searchable_text(&chained.details)
        ])?;
    Ok(())
}

/// The words a user may search for in an event's details: every string in it, e.g. a
/// note's text or the agreed action plan.
fn searchable_text(details: &serde_json::Value) -> String {
    fn collect(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::String(text) => {
                out.push_str(text);
                out.push('\n');
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    collect(details, &mut out);
    out
}

impl Store {
    /// When the stream's latest event of `kind` happened, without reading the stream.
    pub fn latest_event_at(
        &self,
        stream: &str,
        kind: EventKind,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>, StoreError> {
        let at: Option<String> = self
            .conn
            .prepare_cached("SELECT max(at) FROM timeline_event WHERE stream = ?1 AND kind = ?2")?
            .query_row(params![stream, kind.as_str()], |row| row.get(0))?;
        at.map(|text| {
            parse_timestamp(&text)
                .ok_or_else(|| StoreError::Unreadable(format!("event time {text:?}")))
        })
        .transpose()
    }

    /// `(stream, kind, time)` of every event of these kinds, for figures across escalations
    /// that need no event's content.
    pub fn event_times(
        &self,
        kinds: &[EventKind],
    ) -> Result<Vec<(String, EventKind, chrono::DateTime<chrono::Utc>)>, StoreError> {
        let words: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        let words =
            serde_json::to_string(&words).map_err(|err| StoreError::Unreadable(err.to_string()))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT stream, kind, at FROM timeline_event
              WHERE kind IN (SELECT value FROM json_each(?1)) ORDER BY stream, seq",
        )?;
        let rows = stmt.query_map([words], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (stream, kind, at) = row?;
            let kind = EventKind::parse(&kind)
                .ok_or_else(|| StoreError::Unreadable(format!("event kind {kind:?}")))?;
            let at = parse_timestamp(&at)
                .ok_or_else(|| StoreError::Unreadable(format!("event time {at:?}")))?;
            Ok((stream, kind, at))
        })
        .collect()
    }

    /// One stream's events in chain order.
    pub fn stream_events(&self, stream: &str) -> Result<Vec<ChainedEvent>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM timeline_event WHERE stream = ?1 ORDER BY seq"
        ))?;
        let rows = stmt.query_map([stream], raw_event)?;
        rows.map(|row| row.map_err(StoreError::from).and_then(RawEvent::into_event))
            .collect()
    }

    /// The events of several streams, oldest first, for an escalation's timeline (its own
    /// stream and its SRs').
    pub fn events_of_streams(&self, streams: &[String]) -> Result<Vec<StoredEvent>, StoreError> {
        if streams.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; streams.len()].join(", ");
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS}, stream FROM timeline_event WHERE stream IN ({marks})
             ORDER BY at, stream, seq"
        ))?;
        let rows = stmt.query_map(params_from_iter(streams), |row| {
            Ok((raw_event(row)?, row.get::<_, String>(9)?))
        })?;
        rows.map(|row| {
            let (raw, stream) = row?;
            Ok(StoredEvent {
                stream,
                event: raw.into_event()?,
            })
        })
        .collect()
    }

    /// Appends events to one stream in one transaction; for imports and generated data.
    pub fn append_events(
        &mut self,
        stream: &str,
        events: Vec<NewEvent>,
    ) -> Result<Vec<ChainedEvent>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut last = last_event(&tx, stream)?;
        let mut written = Vec::with_capacity(events.len());
        for event in events {
            let chained = ChainedEvent::append(last.as_ref(), event);
            insert_chained(&tx, stream, &chained)?;
            last = Some(chained.clone());
            written.push(chained);
        }
        tx.commit()?;
        Ok(written)
    }
}

pub(crate) struct RawEvent {
    seq: i64,
    kind: String,
    at: String,
    zone: String,
    actor: String,
    summary: String,
    details: String,
    prev_hash: String,
    hash: String,
}

pub(crate) fn raw_event(row: &Row<'_>) -> rusqlite::Result<RawEvent> {
    Ok(RawEvent {
        seq: row.get(0)?,
        kind: row.get(1)?,
        at: row.get(2)?,
        zone: row.get(3)?,
        actor: row.get(4)?,
        summary: row.get(5)?,
        details: row.get(6)?,
        prev_hash: row.get(7)?,
        hash: row.get(8)?,
    })
}

impl RawEvent {
    pub(crate) fn into_event(self) -> Result<ChainedEvent, StoreError> {
        let unreadable = |what: &str, value: &str| {
            StoreError::Unreadable(format!("timeline event {}: {what} {value:?}", self.seq))
        };
        Ok(ChainedEvent {
            seq: u64::try_from(self.seq).map_err(|_| unreadable("seq", &self.seq.to_string()))?,
            kind: EventKind::parse(&self.kind).ok_or_else(|| unreadable("kind", &self.kind))?,
            at: parse_timestamp(&self.at).ok_or_else(|| unreadable("time", &self.at))?,
            details: serde_json::from_str(&self.details)
                .map_err(|_| unreadable("details", &self.details))?,
            prev_hash: EventHash::from_hex(&self.prev_hash)
                .ok_or_else(|| unreadable("previous hash", &self.prev_hash))?,
            hash: EventHash::from_hex(&self.hash).ok_or_else(|| unreadable("hash", &self.hash))?,
            zone: self.zone,
            actor: self.actor,
            summary: self.summary,
        })
    }
}
