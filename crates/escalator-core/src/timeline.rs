//! An escalation's timeline as a hash chain, so that an exported timeline is tamper-evident.
//!
//! Every event carries the SHA-256 of its own content and of the event before it. Anyone who
//! holds an export (a vendor's duty manager, an auditor, our own import) can recompute the
//! chain from the export alone, with this module or any SHA-256 tool following the encoding
//! described at [`ChainedEvent::compute_hash`], and see whether an event was edited,
//! reordered, inserted or removed from the middle since it was written: [`verify`] names the
//! first event where the chain breaks and why.
//!
//! What it deliberately does not do:
//! - It signs nothing and holds no keys. A chain proves that the events are consistent with one
//!   another, not who wrote them: someone who rewrites an event and re-hashes everything after
//!   it produces a chain that verifies. What pins a timeline down is its head hash kept
//!   elsewhere (printed in a report, quoted in an email to the vendor); an export whose head
//!   differs from that copy was changed.
//! - For the same reason, dropping events from the end is not a break: the shorter chain is
//!   intact, only its head and count differ from the recorded ones.
//! - It stores nothing and reads no clock. The store keeps the chained events as they are
//!   returned here, and times arrive as arguments.
//!
//! The hashed encoding is part of the export format: changing it makes every earlier export
//! fail to verify, so a change needs a new [`DOMAIN`] tag and both versions kept.

use std::fmt;

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

/// Prefix of every hashed encoding, so that a timeline hash can never coincide with a SHA-256
/// computed over some other structure, and so a future encoding can be told apart.
pub const DOMAIN: &str = "escalator/timeline-event/v1";

/// What happened. The set is closed: the UI draws each kind differently and metrics count
/// specific kinds, so free-form happenings go in [`EventKind::Note`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    SrOpened,
    SeverityChanged,
    EscalationDrafted,
    EscalationRequested,
    Acknowledged,
    EngineerAssigned,
    ActionPlanAgreed,
    ReEscalated,
    DeEscalationProposed,
    DeEscalated,
    Closed,
    Withdrawn,
    CallScheduled,
    CallHeld,
    CommunicationPlanSet,
    UpdateReceived,
    UpdateMissed,
    ActionItemChanged,
    ThirdPartyEngaged,
    Note,
    Synced,
}

impl EventKind {
    /// Every kind, in the order the enum declares them (for filters and tests).
    pub const ALL: [Self; 21] = [
        Self::SrOpened,
        Self::SeverityChanged,
        Self::EscalationDrafted,
        Self::EscalationRequested,
        Self::Acknowledged,
        Self::EngineerAssigned,
        Self::ActionPlanAgreed,
        Self::ReEscalated,
        Self::DeEscalationProposed,
        Self::DeEscalated,
        Self::Closed,
        Self::Withdrawn,
        Self::CallScheduled,
        Self::CallHeld,
        Self::CommunicationPlanSet,
        Self::UpdateReceived,
        Self::UpdateMissed,
        Self::ActionItemChanged,
        Self::ThirdPartyEngaged,
        Self::Note,
        Self::Synced,
    ];

    /// The stable word stored in the database, sent over IPC and hashed into the chain.
    /// Renaming one breaks every stored row and every exported timeline that uses it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SrOpened => "sr_opened",
            Self::SeverityChanged => "severity_changed",
            Self::EscalationDrafted => "escalation_drafted",
            Self::EscalationRequested => "escalation_requested",
            Self::Acknowledged => "acknowledged",
            Self::EngineerAssigned => "engineer_assigned",
            Self::ActionPlanAgreed => "action_plan_agreed",
            Self::ReEscalated => "re_escalated",
            Self::DeEscalationProposed => "de_escalation_proposed",
            Self::DeEscalated => "de_escalated",
            Self::Closed => "closed",
            Self::Withdrawn => "withdrawn",
            Self::CallScheduled => "call_scheduled",
            Self::CallHeld => "call_held",
            Self::CommunicationPlanSet => "communication_plan_set",
            Self::UpdateReceived => "update_received",
            Self::UpdateMissed => "update_missed",
            Self::ActionItemChanged => "action_item_changed",
            Self::ThirdPartyEngaged => "third_party_engaged",
            Self::Note => "note",
            Self::Synced => "synced",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == word)
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A SHA-256 digest in the chain. Shown and serialised as 64 lowercase hex characters, the
/// form a person can compare against a head hash printed in a report.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, specta::Type)]
#[specta(type = String)]
pub struct EventHash([u8; 32]);

impl EventHash {
    /// What the first event links back to. Not a real digest: it only says "nothing before".
    pub const GENESIS: Self = Self([0; 32]);

    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn to_hex(&self) -> String {
        self.to_string()
    }

    /// Reads exactly 64 hex digits. Upper case is accepted because it names the same digest;
    /// comparisons are on the bytes, never on the text.
    pub fn from_hex(text: &str) -> Option<Self> {
        let digits = text.as_bytes();
        if digits.len() != 64 {
            return None;
        }
        let mut bytes = [0_u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
            let &[high, low] = pair else {
                return None;
            };
            *byte = (hex_value(high)? << 4) | hex_value(low)?;
        }
        Some(Self(bytes))
    }
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

impl fmt::Display for EventHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

impl fmt::Debug for EventHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventHash({self})")
    }
}

impl Serialize for EventHash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EventHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::from_hex(&text)
            .ok_or_else(|| serde::de::Error::custom("an event hash must be 64 hexadecimal digits"))
    }
}

/// An event as the caller hands it in, before it has a place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewEvent {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    /// IANA name of the zone the user entered the time in (e.g. "Europe/Berlin"), so the
    /// timeline can show "14:00 Berlin" as it was meant. Recorded, not checked: the core has
    /// no zone database.
    pub zone: String,
    pub actor: String,
    /// One line shown in the timeline.
    pub summary: String,
    /// Kind-specific payload, e.g. `{"from": 3, "to": 1, "reason": "..."}`.
    #[specta(type = JsonValue)]
    pub details: serde_json::Value,
}

/// How `details` looks to TypeScript: any JSON value. specta's own type for
/// `serde_json::Value` includes i64/u64 numbers, which the TypeScript exporter refuses; a JS
/// number is what the UI gets anyway. Never built: it only describes the shape.
#[allow(dead_code, reason = "a type description for specta, never constructed")]
#[derive(Serialize, specta::Type)]
#[serde(untagged)]
enum JsonValue {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<JsonValue>),
    Object(std::collections::BTreeMap<String, JsonValue>),
}

/// An event in its place in an escalation's timeline, with the hashes that chain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChainedEvent {
    /// 1-based position in its escalation's timeline.
    // specta refuses u64 for TypeScript (no exact JS number); u32 exports as a plain number,
    // and no timeline comes near either limit.
    #[specta(type = u32)]
    pub seq: u64,
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    pub zone: String,
    pub actor: String,
    pub summary: String,
    #[specta(type = JsonValue)]
    pub details: serde_json::Value,
    pub prev_hash: EventHash,
    pub hash: EventHash,
}

impl ChainedEvent {
    /// Places `event` after `prev` (or first, when `prev` is `None`) and hashes it.
    ///
    /// `at` is cut to microseconds, the precision the store keeps, so the event returned here
    /// equals the one read back later and both hash the same.
    pub fn append(prev: Option<&ChainedEvent>, event: NewEvent) -> ChainedEvent {
        let (seq, prev_hash) = match prev {
            // Saturating: 2^64 events cannot be reached, and a repeated seq would still be
            // reported by `verify` rather than wrap around to 0.
            Some(prev) => (prev.seq.saturating_add(1), prev.hash),
            None => (1, EventHash::GENESIS),
        };
        let NewEvent {
            kind,
            at,
            zone,
            actor,
            summary,
            details,
        } = event;
        let mut chained = ChainedEvent {
            seq,
            kind,
            at: at.trunc_subsecs(6),
            zone,
            actor,
            summary,
            details,
            prev_hash,
            hash: EventHash::GENESIS,
        };
        chained.hash = chained.compute_hash();
        chained
    }

    /// The hash this event's content calls for, whatever its `hash` field says.
    ///
    /// SHA-256 over these fields in order, each as its length in bytes (u64, big-endian)
    /// followed by the bytes: [`DOMAIN`]; `seq` as 8 big-endian bytes; `prev_hash` as 32 bytes;
    /// the kind's word; `at` cut to microseconds as RFC 3339 with six fraction digits and `Z`;
    /// `zone`, `actor` and `summary` as UTF-8; `details` as compact JSON with object keys sorted
    /// at every depth. The length prefixes mean no two different events share an encoding:
    /// moving text from `actor` to `summary`, or a quote into `details`, changes the hash.
    pub fn compute_hash(&self) -> EventHash {
        let seq = self.seq.to_be_bytes();
        // Micros and "Z" always: one instant has exactly one spelling, however it was parsed.
        let at = self
            .at
            .trunc_subsecs(6)
            .to_rfc3339_opts(SecondsFormat::Micros, true);
        let details = canonical_json(&self.details).to_string();
        let fields: [&[u8]; 9] = [
            DOMAIN.as_bytes(),
            &seq,
            self.prev_hash.as_bytes(),
            self.kind.as_str().as_bytes(),
            at.as_bytes(),
            self.zone.as_bytes(),
            self.actor.as_bytes(),
            self.summary.as_bytes(),
            details.as_bytes(),
        ];
        let mut hasher = Sha256::new();
        for field in fields {
            hasher.update((field.len() as u64).to_be_bytes());
            hasher.update(field);
        }
        EventHash(hasher.finalize().into())
    }
}

/// A copy of `value` whose objects list their keys in sorted (UTF-8 byte) order at every
/// depth. JSON read back from the store or an export may come with its keys in any order, and
/// serde_json keeps insertion order when another crate in the build enables `preserve_order`;
/// re-inserting sorted keys gives one spelling under either map.
fn canonical_json(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(&String, &serde_json::Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(key, item)| (key.clone(), canonical_json(item)))
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.iter().map(canonical_json).collect())
        }
        scalar => scalar.clone(),
    }
}

/// The outcome of checking a timeline. The UI shows a broken one at the event named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "state",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum ChainVerdict {
    /// Every event matches its hash and links to the one before. `head` is the last event's
    /// hash (GENESIS when there are none): the value to compare with a recorded copy.
    Intact {
        #[specta(type = u32)]
        count: u64,
        head: EventHash,
    },
    /// The first event, in list order, where the chain does not hold. `at_seq` is the seq that
    /// event carries, which is how the timeline labels it (after an edit to `seq` itself, the
    /// edited number).
    Broken {
        #[specta(type = u32)]
        at_seq: u64,
        reason: BreakReason,
    },
}

impl ChainVerdict {
    pub fn is_intact(&self) -> bool {
        matches!(self, Self::Intact { .. })
    }
}

/// Why the chain breaks at an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BreakReason {
    /// The event's content does not produce its hash: the event itself was changed.
    HashMismatch,
    /// The event is intact but does not point at the event before it: something before it was
    /// changed and re-hashed, or events were reordered or spliced in.
    LinkMismatch,
    /// The event is intact but is not numbered `expected`: events were removed before it or
    /// the list is out of order.
    SequenceGap {
        #[specta(type = u32)]
        expected: u64,
    },
}

/// Checks a whole timeline, given in seq order, and reports the first break.
///
/// Each event is checked against itself first, so an edited event is blamed rather than its
/// successor; then its number, so a removal reads as a gap rather than a bad link.
pub fn verify(events: &[ChainedEvent]) -> ChainVerdict {
    let mut expected_seq: u64 = 1;
    let mut head = EventHash::GENESIS;
    for event in events {
        let reason = if event.compute_hash() != event.hash {
            Some(BreakReason::HashMismatch)
        } else if event.seq != expected_seq {
            Some(BreakReason::SequenceGap {
                expected: expected_seq,
            })
        } else if event.prev_hash != head {
            Some(BreakReason::LinkMismatch)
        } else {
            None
        };
        if let Some(reason) = reason {
            return ChainVerdict::Broken {
                at_seq: event.seq,
                reason,
            };
        }
        head = event.hash;
        expected_seq = expected_seq.saturating_add(1);
    }
    ChainVerdict::Intact {
        count: events.len() as u64,
        head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;
    use proptest::prelude::*;
    use serde_json::json;

    fn time(secs: i64, nanos: u32) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, nanos).unwrap()
    }

    fn event(kind: EventKind, minute: i64, summary: &str, details: serde_json::Value) -> NewEvent {
        NewEvent {
            kind,
            at: time(1_790_000_000 + minute * 60, 250_000_000),
            zone: "Europe/Berlin".into(),
            actor: "Dana Fischer".into(),
            summary: summary.into(),
            details,
        }
    }

    fn chain(events: Vec<NewEvent>) -> Vec<ChainedEvent> {
        let mut chained: Vec<ChainedEvent> = Vec::new();
        for new in events {
            let next = ChainedEvent::append(chained.last(), new);
            chained.push(next);
        }
        chained
    }

    fn sample() -> Vec<ChainedEvent> {
        chain(vec![
            event(
                EventKind::SrOpened,
                0,
                "SR 3-1234 opened",
                json!({"severity": 2}),
            ),
            event(
                EventKind::SeverityChanged,
                5,
                "Severity 2 → 1",
                json!({"from": 2, "to": 1, "reason": "production down"}),
            ),
            event(
                EventKind::EscalationRequested,
                9,
                "Asked the duty manager to escalate",
                json!({"channel": "phone"}),
            ),
            event(
                EventKind::EngineerAssigned,
                40,
                "Engineer \"K. Osei\" assigned",
                json!({"engineer": "K. Osei", "tags": ["storage", "vmotion"]}),
            ),
            event(
                EventKind::Note,
                41,
                "Waiting for logs\nfrom site B",
                json!(null),
            ),
        ])
    }

    fn broken(at_seq: u64, reason: BreakReason) -> ChainVerdict {
        ChainVerdict::Broken { at_seq, reason }
    }

    #[test]
    fn kind_words_round_trip_for_every_kind() {
        for kind in EventKind::ALL {
            // Exhaustive on purpose: a new kind fails to compile here until it is added to
            // this match, and whoever adds it must also add it to `EventKind::ALL`.
            let word = match kind {
                EventKind::SrOpened => "sr_opened",
                EventKind::SeverityChanged => "severity_changed",
                EventKind::EscalationDrafted => "escalation_drafted",
                EventKind::EscalationRequested => "escalation_requested",
                EventKind::Acknowledged => "acknowledged",
                EventKind::EngineerAssigned => "engineer_assigned",
                EventKind::ActionPlanAgreed => "action_plan_agreed",
                EventKind::ReEscalated => "re_escalated",
                EventKind::DeEscalationProposed => "de_escalation_proposed",
                EventKind::DeEscalated => "de_escalated",
                EventKind::Closed => "closed",
                EventKind::Withdrawn => "withdrawn",
                EventKind::CallScheduled => "call_scheduled",
                EventKind::CallHeld => "call_held",
                EventKind::CommunicationPlanSet => "communication_plan_set",
                EventKind::UpdateReceived => "update_received",
                EventKind::UpdateMissed => "update_missed",
                EventKind::ActionItemChanged => "action_item_changed",
                EventKind::ThirdPartyEngaged => "third_party_engaged",
                EventKind::Note => "note",
                EventKind::Synced => "synced",
            };
            assert_eq!(kind.as_str(), word);
            assert_eq!(EventKind::parse(word), Some(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{word}\""));
        }
        let mut words: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), EventKind::ALL.len(), "kinds share a word");
        assert_eq!(EventKind::parse("Note"), None);
        assert_eq!(EventKind::parse(""), None);
    }

    #[test]
    fn a_chain_of_several_events_is_intact() {
        let events = sample();
        assert_eq!(
            events.iter().map(|e| e.seq).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
        assert_eq!(events[0].prev_hash, EventHash::GENESIS);
        for pair in events.windows(2) {
            assert_eq!(pair[1].prev_hash, pair[0].hash);
        }
        assert_eq!(
            verify(&events),
            ChainVerdict::Intact {
                count: 5,
                head: events[4].hash
            }
        );
    }

    #[test]
    fn the_empty_chain_is_intact_with_the_genesis_head() {
        assert_eq!(
            verify(&[]),
            ChainVerdict::Intact {
                count: 0,
                head: EventHash::GENESIS
            }
        );
    }

    type Edit = (&'static str, fn(&mut ChainedEvent));

    #[test]
    fn editing_any_field_of_any_event_breaks_the_chain_at_that_event() {
        let edits: [Edit; 10] = [
            ("summary", |e| e.summary.push('!')),
            ("actor", |e| e.actor = "Mallory".into()),
            ("zone", |e| e.zone = "America/New_York".into()),
            ("at", |e| e.at += TimeDelta::microseconds(1)),
            ("kind", |e| {
                e.kind = if e.kind == EventKind::Note {
                    EventKind::Synced
                } else {
                    EventKind::Note
                }
            }),
            ("details", |e| e.details = json!({"edited": true})),
            ("seq", |e| e.seq += 10),
            ("prev_hash", |e| {
                e.prev_hash = EventHash::from_bytes([7; 32])
            }),
            ("hash", |e| e.hash = EventHash::from_bytes([7; 32])),
            ("empty summary", |e| e.summary.clear()),
        ];
        let original = sample();
        for index in 0..original.len() {
            for (field, edit) in edits {
                let mut events = original.clone();
                edit(&mut events[index]);
                assert_eq!(
                    verify(&events),
                    broken(events[index].seq, BreakReason::HashMismatch),
                    "editing {field} of event {}",
                    index + 1
                );
            }
        }
    }

    #[test]
    fn a_rehashed_edit_breaks_the_link_from_the_next_event() {
        let mut events = sample();
        events[1].summary = "Severity 2 → 3".into();
        events[1].hash = events[1].compute_hash();
        assert_eq!(verify(&events), broken(3, BreakReason::LinkMismatch));
    }

    #[test]
    fn removing_or_reordering_events_is_reported_where_it_shows() {
        let original = sample();

        let mut middle_removed = original.clone();
        middle_removed.remove(2);
        assert_eq!(
            verify(&middle_removed),
            broken(4, BreakReason::SequenceGap { expected: 3 })
        );

        let mut first_removed = original.clone();
        first_removed.remove(0);
        assert_eq!(
            verify(&first_removed),
            broken(2, BreakReason::SequenceGap { expected: 1 })
        );

        let mut swapped = original.clone();
        swapped.swap(1, 2);
        assert_eq!(
            verify(&swapped),
            broken(3, BreakReason::SequenceGap { expected: 2 })
        );

        // Renumbered after the removal, the event still points at the one that is gone.
        let mut renumbered = middle_removed.clone();
        renumbered[2].seq = 3;
        renumbered[2].hash = renumbered[2].compute_hash();
        assert_eq!(verify(&renumbered), broken(3, BreakReason::LinkMismatch));

        // Dropping the tail leaves a consistent, shorter chain: only the head tells.
        let truncated = &original[..3];
        assert_eq!(
            verify(truncated),
            ChainVerdict::Intact {
                count: 3,
                head: original[2].hash
            }
        );
    }

    #[test]
    fn moving_text_between_fields_changes_the_hash() {
        let mut a = event(EventKind::Note, 0, "c", json!(null));
        a.actor = "ab".into();
        let mut b = event(EventKind::Note, 0, "bc", json!(null));
        b.actor = "a".into();
        assert_ne!(
            ChainedEvent::append(None, a).hash,
            ChainedEvent::append(None, b).hash
        );

        let quote_in_summary = event(EventKind::Note, 0, "x\"", json!("y"));
        let quote_in_details = event(EventKind::Note, 0, "x", json!("\"y"));
        assert_ne!(
            ChainedEvent::append(None, quote_in_summary).hash,
            ChainedEvent::append(None, quote_in_details).hash
        );
    }

    #[test]
    fn key_order_in_details_does_not_change_the_hash_but_values_do() {
        let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
        let hash_of =
            |details| ChainedEvent::append(None, event(EventKind::Note, 0, "s", details)).hash;

        assert_eq!(
            hash_of(parse(r#"{"a":1,"b":2}"#)),
            hash_of(parse(r#"{"b":2,"a":1}"#))
        );
        assert_eq!(
            hash_of(parse(
                r#"{"outer":[{"y":true,"x":null}],"z":{"d":"e","c":[1,2]}}"#
            )),
            hash_of(parse(
                r#"{"z":{"c":[1,2],"d":"e"},"outer":[{"x":null,"y":true}]}"#
            ))
        );
        assert_ne!(
            hash_of(parse(r#"{"a":1,"b":2}"#)),
            hash_of(parse(r#"{"a":1,"b":3}"#))
        );
        assert_ne!(hash_of(parse("[1,2]")), hash_of(parse("[2,1]")));
        assert_ne!(hash_of(parse("1")), hash_of(parse(r#""1""#)));
    }

    #[test]
    fn nanoseconds_beyond_microseconds_do_not_change_the_hash() {
        let mut fine = event(EventKind::CallHeld, 0, "Bridge call", json!({}));
        fine.at = time(1_790_000_000, 123_456_789);
        let mut coarse = fine.clone();
        coarse.at = time(1_790_000_000, 123_456_000);
        let fine = ChainedEvent::append(None, fine);
        let coarse = ChainedEvent::append(None, coarse);
        assert_eq!(fine.at.timestamp_subsec_nanos(), 123_456_000);
        assert_eq!(fine, coarse);

        let mut next_micro = event(EventKind::CallHeld, 0, "Bridge call", json!({}));
        next_micro.at = time(1_790_000_000, 123_457_000);
        assert_ne!(ChainedEvent::append(None, next_micro).hash, coarse.hash);
    }

    #[test]
    fn an_exported_timeline_reads_back_and_still_verifies() {
        let events = sample();
        let exported = serde_json::to_string_pretty(&events).unwrap();
        assert!(exported.contains("\"prevHash\""));
        assert!(exported.contains(&format!("\"{}\"", events[4].hash)));
        let imported: Vec<ChainedEvent> = serde_json::from_str(&exported).unwrap();
        assert_eq!(imported, events);
        assert!(verify(&imported).is_intact());
    }

    /// Exports made by earlier builds must keep verifying, so the encoding is pinned: if this
    /// fails, the change breaks them (see the module doc). The value was also recomputed
    /// outside Rust (Python's hashlib and `json.dumps(sort_keys=True, separators=(",", ":"),
    /// ensure_ascii=False)`), which is what "anyone with the export can check" rests on.
    #[test]
    fn the_encoding_is_pinned() {
        let first = ChainedEvent::append(
            None,
            NewEvent {
                kind: EventKind::SeverityChanged,
                at: time(1_790_000_000, 123_456_789),
                zone: "Europe/Berlin".into(),
                actor: "Dana Fischer".into(),
                summary: "Severity 2 → 1".into(),
                details: json!({"to": 1, "from": 2, "reason": "production down"}),
            },
        );
        assert_eq!(
            first.hash.to_hex(),
            "1e2e7d6dd451a8dd7df14eeeb7ec370ed52f67bd0672e1802182055616a71df8"
        );
    }

    #[test]
    fn the_verdict_serialises_for_the_ui() {
        let verdict = broken(4, BreakReason::SequenceGap { expected: 3 });
        assert_eq!(
            serde_json::to_value(verdict).unwrap(),
            json!({"state": "broken", "atSeq": 4, "reason": {"kind": "sequence_gap", "expected": 3}})
        );
        let intact = ChainVerdict::Intact {
            count: 0,
            head: EventHash::GENESIS,
        };
        assert_eq!(
            serde_json::to_value(intact).unwrap(),
            json!({"state": "intact", "count": 0, "head": "0".repeat(64)})
        );
        assert_eq!(
            serde_json::to_value(broken(2, BreakReason::HashMismatch)).unwrap(),
            json!({"state": "broken", "atSeq": 2, "reason": {"kind": "hash_mismatch"}})
        );
    }

    #[test]
    fn hashes_round_trip_through_hex() {
        let hash = sample()[0].hash;
        let hex = hash.to_hex();
        assert_eq!(hex.len(), 64);
        assert!(
            hex.chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        );
        assert_eq!(EventHash::from_hex(&hex), Some(hash));
        assert_eq!(EventHash::from_hex(&hex.to_uppercase()), Some(hash));
        assert_eq!(EventHash::GENESIS.to_hex(), "0".repeat(64));
        assert_eq!(
            serde_json::from_str::<EventHash>(&format!("\"{hex}\"")).unwrap(),
            hash
        );

        assert_eq!(EventHash::from_hex(""), None);
        assert_eq!(EventHash::from_hex(&hex[..63]), None);
        assert_eq!(EventHash::from_hex(&format!("{hex}0")), None);
        assert_eq!(EventHash::from_hex(&format!("{}g", &hex[..63])), None);
        assert_eq!(EventHash::from_hex(&format!("{} ", &hex[..63])), None);
        assert_eq!(EventHash::from_hex(&format!("0x{}", &hex[..62])), None);
        // 64 bytes but 32 characters: must not be read as hex digits.
        assert_eq!(EventHash::from_hex(&"é".repeat(32)), None);
        assert!(serde_json::from_str::<EventHash>("\"abc\"").is_err());
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[a-zA-Z0-9 \"'\\\\\n\r\t{}:,éß→😀]{0,24}",]
    }

    fn new_event() -> impl Strategy<Value = NewEvent> {
        (
            proptest::sample::select(EventKind::ALL.to_vec()),
            0_i64..4_102_444_800,
            0_u32..1_000_000_000,
            text(),
            text(),
            text(),
            text(),
            any::<i64>(),
        )
            .prop_map(
                |(kind, secs, nanos, zone, actor, summary, note, n)| NewEvent {
                    kind,
                    at: time(secs, nanos),
                    zone,
                    actor,
                    summary,
                    details: json!({"note": note, "n": n, "list": [n, note]}),
                },
            )
    }

    proptest! {
        #[test]
        fn any_appended_chain_is_intact(events in proptest::collection::vec(new_event(), 0..12)) {
            let count = events.len() as u64;
            let chained = chain(events);
            let head = chained.last().map_or(EventHash::GENESIS, |e| e.hash);
            prop_assert_eq!(verify(&chained), ChainVerdict::Intact { count, head });
        }

        #[test]
        fn flipping_a_byte_of_a_summary_breaks_the_chain_exactly_there(
            events in proptest::collection::vec(new_event(), 1..12),
            pick in any::<proptest::sample::Index>(),
            byte in any::<proptest::sample::Index>(),
            mask in 1_u8..=255,
        ) {
            let mut chained = chain(events);
            let target = pick.index(chained.len());
            let mut bytes = chained[target].summary.clone().into_bytes();
            if bytes.is_empty() {
                bytes.push(b'x');
            } else {
                let at = byte.index(bytes.len());
                bytes[at] ^= mask;
            }
            let edited = String::from_utf8_lossy(&bytes).into_owned();
            prop_assume!(edited != chained[target].summary);
            chained[target].summary = edited;
            prop_assert_eq!(
                verify(&chained),
                broken(chained[target].seq, BreakReason::HashMismatch)
            );
            prop_assert_eq!(chained[target].seq, target as u64 + 1);
        }
    }
}
