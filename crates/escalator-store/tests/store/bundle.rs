//! The data export: a round trip restores everything, a second import adds nothing, and a
//! document that is not ours, newer, broken or diverged is refused with nothing changed.

use escalator_core::timeline::EventKind;
use escalator_store::{Bundle, BundleScope, ImportError, Store};
use tempfile::TempDir;

use crate::util::{at, escalation_in, insert, record, stamp};

fn store() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    (dir, store)
}

/// Two escalations, a loose SR, a note on one escalation, a setting and a draft.
fn filled() -> (TempDir, Store) {
    let (dir, mut store) = store();
    let first = escalation_in(&mut store, "SR-1");
    escalation_in(&mut store, "SR-2");
    insert(
        &mut store,
        &record("redhat", "04012345", "Kernel panic", at(5)),
    );
    let note = stamp(120).event(
        EventKind::Note,
        "Called the duty manager".into(),
        serde_json::json!({ "text": "Called the duty manager" }),
    );
    store.append_events(&first.to_string(), vec![note]).unwrap();
    store.set_setting("profile", "{\"name\":\"Dana\"}").unwrap();
    store.save_draft("draft-1", "{}", at(7)).unwrap();
    (dir, store)
}

fn backup(store: &Store) -> Bundle {
    store
        .export_bundle(&BundleScope::Everything, at(1_000))
        .unwrap()
}

#[test]
fn everything_round_trips_and_a_second_import_adds_nothing() {
    let (_a, source) = filled();
    let exported = backup(&source);
    assert_eq!(exported.support_requests.len(), 3);
    assert_eq!(exported.escalations.len(), 2);
    assert_eq!(exported.settings.len(), 1);
    assert_eq!(exported.wizard_drafts.len(), 1);

    let (_b, mut target) = store();
    let tally = target.import_bundle(&exported).unwrap();
    assert_eq!(tally.support_requests, (3, 0));
    assert_eq!(tally.escalations, (2, 0));
    assert_eq!(tally.events as usize, exported.events.len());
    assert_eq!(backup(&target), exported);
    // Imported rows are searchable like written ones.
    assert!(!target.search("Kernel", 10).unwrap().is_empty());

    let again = target.import_bundle(&exported).unwrap();
    assert!(!again.changed_anything(), "{again:?}");
    assert_eq!(backup(&target), exported);
    assert_eq!(target.list_support_requests().unwrap().len(), 3);
}

#[test]
fn the_text_of_a_document_reads_back_as_the_same_document() {
    let (_a, source) = filled();
    let exported = backup(&source);
    let mut text = Vec::new();
    exported.write_to(&mut text).unwrap();
    let parsed = Bundle::parse(std::str::from_utf8(&text).unwrap()).unwrap();
    assert_eq!(parsed, exported);
}

#[test]
fn a_scoped_document_holds_only_the_chosen_escalation_and_its_sr() {
    let (_a, source) = filled();
    let chosen = source.list_escalations().unwrap()[0].record.id;
    let part = source
        .export_bundle(&BundleScope::Escalations(vec![chosen]), at(1_000))
        .unwrap();
    assert_eq!(part.escalations.len(), 1);
    assert_eq!(part.escalations[0].id, chosen);
    assert_eq!(part.support_requests.len(), 1);
    assert!(part.settings.is_empty() && part.wizard_drafts.is_empty());
    let streams: std::collections::BTreeSet<&str> =
        part.events.iter().map(|e| e.stream.as_str()).collect();
    assert_eq!(streams.len(), 2, "the escalation's stream and its SR's");
}

#[test]
fn an_sr_scoped_document_holds_the_chosen_srs_and_their_own_timelines_only() {
    let (_a, source) = filled();
    let srs = source.list_support_requests().unwrap();
    let chosen: Vec<_> = srs.iter().take(2).map(|sr| sr.id).collect();
    let part = source
        .export_bundle(&BundleScope::SupportRequests(chosen.clone()), at(1_000))
        .unwrap();
    let mut got: Vec<_> = part.support_requests.iter().map(|sr| sr.id).collect();
    let mut want = chosen.clone();
    got.sort_by_key(|id| id.0);
    want.sort_by_key(|id| id.0);
    assert_eq!(got, want);
    assert!(part.escalations.is_empty() && part.action_items.is_empty());
    assert!(part.communication_plans.is_empty() && part.calls.is_empty());
    let streams: std::collections::BTreeSet<String> =
        part.events.iter().map(|e| e.stream.clone()).collect();
    let sr_streams: std::collections::BTreeSet<String> =
        chosen.iter().map(|id| id.0.to_string()).collect();
    assert_eq!(
        streams, sr_streams,
        "each chosen SR's stream and nothing else"
    );
    // Such a document imports on its own: SRs need nothing else.
    let (_b, mut target) = store();
    let tally = target.import_bundle(&part).unwrap();
    assert_eq!(tally.support_requests.0, 2);
}

#[test]
fn a_newer_local_escalation_is_kept_and_a_longer_file_chain_is_appended() {
    let (_a, mut source) = filled();
    let old = backup(&source);
    let id = source.list_escalations().unwrap()[0].record.id;
    let later = stamp(500).event(
        EventKind::Note,
        "Vendor joined".into(),
        serde_json::json!({ "text": "Vendor joined" }),
    );
    source.append_events(&id.to_string(), vec![later]).unwrap();
    let new = backup(&source);

    let (_b, mut target) = store();
    target.import_bundle(&old).unwrap();
    let tally = target.import_bundle(&new).unwrap();
    assert_eq!(tally.events, 1);
    assert_eq!(backup(&target).events, new.events);
    // And the old file afterwards changes nothing.
    assert!(!target.import_bundle(&old).unwrap().changed_anything());
}

#[test]
fn an_edited_event_is_refused_and_nothing_is_written() {
    let (_a, source) = filled();
    let mut tampered = backup(&source);
    tampered.events[1].event.summary.push_str(" (edited)");
    let (_b, mut target) = store();
    let err = target.import_bundle(&tampered).unwrap_err();
    assert!(matches!(err, ImportError::Timeline { .. }), "{err}");
    assert!(err.to_string().contains("unbroken hash chain"), "{err}");
    assert!(target.list_support_requests().unwrap().is_empty());
    assert!(target.list_escalations().unwrap().is_empty());
}

#[test]
fn a_diverged_timeline_is_refused_and_nothing_is_written() {
    let (_a, mut source) = filled();
    let base = backup(&source);
    let (_b, mut target) = store();
    target.import_bundle(&base).unwrap();
    let id = source.list_escalations().unwrap()[0].record.id;
    let theirs = stamp(600).event(EventKind::Note, "theirs".into(), serde_json::json!({}));
    source.append_events(&id.to_string(), vec![theirs]).unwrap();
    let ours = stamp(601).event(EventKind::Note, "ours".into(), serde_json::json!({}));
    target.append_events(&id.to_string(), vec![ours]).unwrap();
    target.set_setting("extra", "1").unwrap();
    let before = backup(&target);

    let err = target.import_bundle(&backup(&source)).unwrap_err();
    assert!(err.to_string().contains("diverged"), "{err}");
    assert_eq!(backup(&target), before);
}

#[test]
fn a_file_that_is_not_ours_or_is_newer_or_damaged_says_so() {
    let not_ours = Bundle::parse("{\"name\": \"something else\"}").unwrap_err();
    assert!(
        not_ours
            .to_string()
            .contains("not an Escalator data export"),
        "{not_ours}"
    );
    let not_json = Bundle::parse("PK\u{3}\u{4} zip bytes").unwrap_err();
    assert!(
        not_json
            .to_string()
            .contains("not an Escalator data export"),
        "{not_json}"
    );
    let newer = Bundle::parse("{\"format\": \"escalator-data\", \"version\": 99}").unwrap_err();
    assert!(matches!(newer, ImportError::NewerFormat(99)), "{newer}");
    assert!(newer.to_string().contains("newer Escalator"));

    let (_a, source) = filled();
    let mut text = Vec::new();
    backup(&source).write_to(&mut text).unwrap();
    let text = String::from_utf8(text).unwrap();
    let cut = &text[..text.len() / 2];
    let damaged = Bundle::parse(cut).unwrap_err();
    assert!(damaged.to_string().contains("damaged"), "{damaged}");
    let renamed = text.replacen("\"severity\": 2", "\"severity\": 9", 1);
    let (_b, mut target) = store();
    let err = target
        .import_bundle(&Bundle::parse(&renamed).unwrap())
        .unwrap_err();
    assert!(err.to_string().contains("severity 9"), "{err}");
    assert!(target.list_support_requests().unwrap().is_empty());
}

#[test]
fn an_escalation_whose_sr_is_missing_is_refused() {
    let (_a, source) = filled();
    let mut partial = backup(&source);
    partial.support_requests.clear();
    partial.events.retain(|e| {
        partial
            .escalations
            .iter()
            .any(|x| x.id.to_string() == e.stream)
    });
    let (_b, mut target) = store();
    let err = target.import_bundle(&partial).unwrap_err();
    assert!(matches!(err, ImportError::MissingReference(_)), "{err}");
    assert!(target.list_escalations().unwrap().is_empty());
}
