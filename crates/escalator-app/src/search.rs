//! Search across SRs, escalations and timeline text, returned as hits the UI can open.

use chrono::{DateTime, Utc};
use escalator_store::{MAX_QUERY_CHARS, SearchTarget};
use serde::Serialize;

use crate::{ApiError, App};

/// Matches per kind; a search is for finding, not for browsing.
const LIMIT_PER_KIND: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    SupportRequest,
    Escalation,
    Event,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub kind: HitKind,
    /// What opens when the hit is chosen: an SR for SR hits and SR events, else the
    /// escalation.
    pub opens: HitKind,
    pub id: String,
    pub title: String,
    pub at: Option<DateTime<Utc>>,
}

impl App {
    pub fn search(&self, query: &str) -> Result<Vec<SearchHit>, ApiError> {
        if query.chars().count() > MAX_QUERY_CHARS {
            return Err(ApiError::field(
                "query",
                format!("Search for at most {MAX_QUERY_CHARS} characters."),
            ));
        }
        let store = self.store()?;
        let hits = store.search(query, LIMIT_PER_KIND)?;
        let mut out = Vec::with_capacity(hits.len());
        for hit in hits {
            let (kind, opens, id) = match hit.target {
                SearchTarget::SupportRequest { id } => {
                    (HitKind::SupportRequest, HitKind::SupportRequest, id)
                }
                SearchTarget::Escalation { id } => (HitKind::Escalation, HitKind::Escalation, id),
                SearchTarget::Event { stream, .. } => {
                    // A stream is an escalation's or an SR's; only the former opens the
                    // escalation screen.
                    let opens = if store.is_escalation(&stream)? {
                        HitKind::Escalation
                    } else {
                        HitKind::SupportRequest
                    };
                    (HitKind::Event, opens, stream)
                }
            };
            out.push(SearchHit {
                kind,
                opens,
                id,
                title: hit.title,
                at: hit.at,
            });
        }
        Ok(out)
    }
}
