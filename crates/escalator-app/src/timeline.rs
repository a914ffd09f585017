//! Timelines as the UI shows them: events of one or more streams in time order, each with
//! the label of the SR or escalation it belongs to, and the verdict on every stream's hash
//! chain. A broken chain is reported, never repaired or hidden.

use escalator_core::timeline::{self, ChainVerdict, ChainedEvent};
use escalator_store::Store;
use serde::Serialize;

use crate::ApiError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    /// The SR or escalation id the event belongs to.
    pub stream: String,
    /// "Escalation" or "SR 12345678", for the reader.
    pub stream_label: String,
    pub event: ChainedEvent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChainCheck {
    pub stream: String,
    pub stream_label: String,
    pub verdict: ChainVerdict,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    /// Oldest first.
    pub entries: Vec<TimelineEntry>,
    pub chains: Vec<ChainCheck>,
    /// Every chain verified.
    pub intact: bool,
}

/// Reads and verifies `streams` (id, label); the events come back merged oldest first.
pub(crate) fn load(store: &Store, streams: &[(String, String)]) -> Result<Timeline, ApiError> {
    let ids: Vec<String> = streams.iter().map(|(id, _)| id.clone()).collect();
    let stored = store.events_of_streams(&ids)?;
    let label_of = |stream: &str| {
        streams
            .iter()
            .find(|(id, _)| id == stream)
            .map_or_else(String::new, |(_, label)| label.clone())
    };
    let mut chains = Vec::with_capacity(streams.len());
    for (id, label) in streams {
        // Chain order is seq order, not time order: an event entered with an earlier time
        // still follows the one written before it.
        let mut events: Vec<&ChainedEvent> = stored
            .iter()
            .filter(|s| &s.stream == id)
            .map(|s| &s.event)
            .collect();
        events.sort_by_key(|e| e.seq);
        let owned: Vec<ChainedEvent> = events.into_iter().cloned().collect();
        let verdict = timeline::verify(&owned);
        if !verdict.is_intact() {
            tracing::warn!(stream = %id, ?verdict, "timeline chain broken");
        }
        chains.push(ChainCheck {
            stream: id.clone(),
            stream_label: label.clone(),
            verdict,
        });
    }
    let intact = chains.iter().all(|c| c.verdict.is_intact());
    let entries = stored
        .into_iter()
        .map(|s| TimelineEntry {
            stream_label: label_of(&s.stream),
            stream: s.stream,
            event: s.event,
        })
        .collect();
    Ok(Timeline {
        entries,
        chains,
        intact,
    })
}
