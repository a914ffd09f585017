//! Every change leaves one event on its stream's hash chain, read back exactly as stored.

use chrono::TimeDelta;
use escalator_core::timeline::{BreakReason, ChainVerdict, EventHash, EventKind, verify};
use escalator_store::{Store, StoredEvent};
use rusqlite::Connection;
use serde_json::json;

use crate::util::{at, database_in, insert, record, sr_stream, stamp};

fn note(secs: i64, text: &str) -> escalator_core::timeline::NewEvent {
    stamp(secs).event(EventKind::Note, text.into(), json!({ "text": text }))
}

#[test]
fn a_new_request_starts_its_own_chain_with_one_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let sr = record("vmware", "24123456789", "vMotion fails", at(0));
    let written = insert(&mut store, &sr);

    let events = store.stream_events(&sr_stream(&sr)).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0], written);
    assert_eq!(written.seq, 1);
    assert_eq!(written.prev_hash, EventHash::GENESIS);
    assert_eq!(written.kind, EventKind::SrOpened);
    assert_eq!(written.at, sr.created_at);
    assert!(
        written.summary.contains("24123456789"),
        "{}",
        written.summary
    );
    assert_eq!(
        verify(&events),
        ChainVerdict::Intact {
            count: 1,
            head: written.hash
        }
    );
}

#[test]
fn an_update_chains_its_event_after_the_first_and_the_chain_verifies_after_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let sr = record("redhat", "04012345", "Kernel panic on boot", at(0));
    let (first, second) = {
        let mut store = Store::open_in(dir.path()).unwrap();
        let first = insert(&mut store, &sr);
        let mut changed = sr.clone();
        changed.title = "Kernel panic on boot after 9.4 update".into();
        changed.updated_at = at(60);
        let second = store
            .update_support_request(&changed, note(60, "Title made more precise"))
            .unwrap();
        (first, second)
    };
    assert_eq!(second.seq, 2);
    assert_eq!(second.prev_hash, first.hash);

    let store = Store::open_in(dir.path()).unwrap();
    let events = store.stream_events(&sr_stream(&sr)).unwrap();
    assert_eq!(events, [first, second.clone()]);
    assert_eq!(
        verify(&events),
        ChainVerdict::Intact {
            count: 2,
            head: second.hash
        }
    );
}

#[test]
fn an_event_edited_behind_the_stores_back_is_returned_as_edited_and_breaks_the_chain_there() {
    let dir = tempfile::tempdir().unwrap();
    let sr = record("cisco", "694001122", "BGP flaps", at(0));
    {
        let mut store = Store::open_in(dir.path()).unwrap();
        insert(&mut store, &sr);
        store
            .append_events(
                &sr_stream(&sr),
                vec![
                    note(10, "TAC asked for show tech"),
                    note(20, "Uploaded show tech"),
                ],
            )
            .unwrap();
    }

    let edited = Connection::open(database_in(dir.path()))
        .unwrap()
        .execute(
            "UPDATE timeline_event SET summary = 'TAC never asked for anything'
              WHERE stream = ?1 AND seq = 2",
            [sr_stream(&sr)],
        )
        .unwrap();
    assert_eq!(edited, 1);

    let store = Store::open_in(dir.path()).unwrap();
    let events = store.stream_events(&sr_stream(&sr)).unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(events[1].summary, "TAC never asked for anything");
    assert_eq!(
        verify(&events),
        ChainVerdict::Broken {
            at_seq: 2,
            reason: BreakReason::HashMismatch
        }
    );
}

#[test]
fn the_events_of_several_streams_are_merged_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let a = record("vmware", "A-1", "Datastore latency", at(0));
    let b = record("microsoft", "B-1", "Cluster volume offline", at(10));
    let unrelated = record("cisco", "C-1", "Not part of it", at(5));
    insert(&mut store, &a);
    insert(&mut store, &b);
    insert(&mut store, &unrelated);
    store
        .append_events(&sr_stream(&a), vec![note(20, "a: logs uploaded")])
        .unwrap();
    store
        .append_events(&sr_stream(&b), vec![note(15, "b: engineer called")])
        .unwrap();
    store
        .append_events(&sr_stream(&a), vec![note(30, "a: patch offered")])
        .unwrap();

    let merged = store
        .events_of_streams(&[sr_stream(&a), sr_stream(&b)])
        .unwrap();
    let seen: Vec<(String, u64)> = merged
        .iter()
        .map(|StoredEvent { stream, event }| (stream.clone(), event.seq))
        .collect();
    assert_eq!(
        seen,
        [
            (sr_stream(&a), 1),
            (sr_stream(&b), 1),
            (sr_stream(&b), 2),
            (sr_stream(&a), 2),
            (sr_stream(&a), 3),
        ]
    );
    assert!(
        merged.windows(2).all(|w| w[0].event.at <= w[1].event.at),
        "not oldest first"
    );
    assert!(store.events_of_streams(&[]).unwrap().is_empty());
}

#[test]
fn a_bulk_append_continues_the_chain_and_keeps_it_intact() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let sr = record("oracle", "3-3456789012", "ORA-00600 on commit", at(0));
    let first = insert(&mut store, &sr);

    let mut precise = note(40, "Sub-microsecond time is cut, not stored");
    precise.at += TimeDelta::nanoseconds(123_456_789);
    let written = store
        .append_events(
            &sr_stream(&sr),
            vec![
                note(10, "Trace files uploaded"),
                note(20, "Bug 1234567 matched"),
                precise,
            ],
        )
        .unwrap();
    assert_eq!(written.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 3, 4]);
    assert_eq!(written[0].prev_hash, first.hash);

    let stored = store.stream_events(&sr_stream(&sr)).unwrap();
    assert_eq!(stored[1..], written[..]);
    assert_eq!(
        verify(&stored),
        ChainVerdict::Intact {
            count: 4,
            head: written[2].hash
        }
    );

    // A stream nobody wrote to yet starts at 1; an empty batch writes nothing.
    let fresh = store
        .append_events("imported-stream", vec![note(50, "Imported")])
        .unwrap();
    assert_eq!((fresh[0].seq, fresh[0].prev_hash), (1, EventHash::GENESIS));
    assert!(
        store
            .append_events(&sr_stream(&sr), Vec::new())
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.stream_events(&sr_stream(&sr)).unwrap().len(), 4);
}
