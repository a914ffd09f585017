//! Full-text search (SQLite FTS5) over SR numbers, titles and problem statements, escalation
//! titles and plans, and timeline text (summaries, notes, agreements).
//!
//! The user's words are never passed to FTS5 as query syntax: each becomes a quoted prefix
//! term, so `"`, `*`, `NEAR` or `-` in a search box are just text. Newest matches come first
//! (key order), which FTS5 answers without ranking every match.

use rusqlite::{Row, params};

use crate::support_requests::parse_timestamp;
use crate::{Store, StoreError};

/// Longest query accepted; more is not a search but a paste.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most words used from a query.
const MAX_TERMS: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTarget {
    SupportRequest {
        id: String,
    },
    Escalation {
        id: String,
    },
    /// A timeline event; `stream` is the SR or escalation it belongs to.
    Event {
        stream: String,
        seq: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredHit {
    pub target: SearchTarget,
    pub title: String,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Turns free text into an FTS5 query of quoted prefix terms, all required; `None` when no
/// searchable word is left.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect::<String>()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(MAX_TERMS)
        .map(|word| format!("\"{word}\"*"))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

impl Store {
    /// Up to `limit` matches of each kind, newest first within a kind.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<StoredHit>, StoreError> {
        let Some(query) = fts_query(text) else {
            return Ok(Vec::new());
        };
        let limit = i64::try_from(limit).unwrap_or(50);
        let mut hits = self.matches(
            "SELECT s.id, s.vendor_sr_number || ' — ' || s.title, s.updated_at
               FROM support_request_search f JOIN support_request s ON s.key = f.rowid
              WHERE support_request_search MATCH ?1
              ORDER BY f.rowid DESC LIMIT ?2",
            &query,
            limit,
            |row| Ok(SearchTarget::SupportRequest { id: row.get(0)? }),
        )?;
        hits.extend(self.matches(
            "SELECT e.id, e.title, e.updated_at
               FROM escalation_search f JOIN escalation e ON e.key = f.rowid
              WHERE escalation_search MATCH ?1
              ORDER BY f.rowid DESC LIMIT ?2",
            &query,
            limit,
            |row| Ok(SearchTarget::Escalation { id: row.get(0)? }),
        )?);
        hits.extend(self.matches(
            "SELECT t.stream, t.summary, t.at, t.seq
               FROM event_search f JOIN timeline_event t ON t.id = f.rowid
              WHERE event_search MATCH ?1
              ORDER BY f.rowid DESC LIMIT ?2",
            &query,
            limit,
            |row| {
                Ok(SearchTarget::Event {
                    stream: row.get(0)?,
                    seq: row.get(3)?,
                })
            },
        )?);
        Ok(hits)
    }

    /// Runs one index's query; its first three columns are the target's id, the title and
    /// the time, and `target` reads the target from the row.
    fn matches(
        &self,
        sql: &str,
        query: &str,
        limit: i64,
        target: impl Fn(&Row<'_>) -> rusqlite::Result<SearchTarget>,
    ) -> Result<Vec<StoredHit>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![query, limit], |row| {
            Ok(StoredHit {
                target: target(row)?,
                title: row.get(1)?,
                at: parse_timestamp(&row.get::<_, String>(2)?),
            })
        })?;
        rows.map(|row| row.map_err(StoreError::from)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn query_syntax_in_user_text_is_inert() {
        assert_eq!(
            fts_query("vMotion \"fails\" NEAR*").as_deref(),
            Some("\"vMotion\"* \"fails\"* \"NEAR\"*")
        );
        assert_eq!(fts_query("  -- ** "), None);
        assert_eq!(
            fts_query("SR 3-123"),
            Some("\"SR\"* \"3\"* \"123\"*".into())
        );
    }
}
