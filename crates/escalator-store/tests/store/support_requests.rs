use escalator_core::escalation::{Milestone, Workaround};
use escalator_core::sr_details::{SrDetails, Technician};
use escalator_core::timeline::EventKind;
use escalator_core::{Severity, SrStatus};
use escalator_store::{Store, StoreError};
use serde_json::json;

use crate::util::{at, insert, opened, record, sr_stream, stamp};

#[test]
fn recorded_requests_are_listed_newest_first_and_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let older = record("vmware", "2400001", "vSAN resync stuck", at(0));
    let newer = record("redhat", "04012345", "Kernel panic on boot", at(60));
    {
        let mut store = Store::open_in(dir.path()).unwrap();
        insert(&mut store, &older);
        insert(&mut store, &newer);
    }

    let store = Store::open_in(dir.path()).unwrap();
    let listed = store.list_support_requests().unwrap();
    assert_eq!(listed, [newer.clone(), older.clone()]);
    assert_eq!(
        store.support_request(older.id).unwrap(),
        Some(older.clone())
    );
    assert_eq!(listed[0].status, SrStatus::Open);
    assert_eq!(listed[0].details, SrDetails::default());
    assert_eq!(
        store
            .support_request_by_vendor_number("redhat", "04012345")
            .unwrap(),
        Some(newer)
    );
}

#[test]
fn the_same_vendor_sr_number_twice_is_a_duplicate_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let first = record("cisco", "694001122", "BGP flaps", at(0));
    insert(&mut store, &first);

    let again = record("cisco", "694001122", "BGP flaps again", at(5));
    let err = store
        .insert_support_request(&again, opened(&again))
        .unwrap_err();
    assert!(
        matches!(err, StoreError::DuplicateSupportRequest),
        "{err:?}"
    );
    assert_eq!(store.list_support_requests().unwrap(), [first]);
    assert!(store.stream_events(&sr_stream(&again)).unwrap().is_empty());
    assert!(store.search("again", 10).unwrap().is_empty());

    // Another vendor may use the same number.
    insert(
        &mut store,
        &record("oracle", "694001122", "ORA-00600", at(9)),
    );
    assert_eq!(store.list_support_requests().unwrap().len(), 2);
}

#[test]
fn a_batch_with_one_duplicate_records_none_of_its_requests() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let existing = record("cisco", "694001122", "BGP flaps", at(0));
    insert(&mut store, &existing);

    let fresh = record("vmware", "24000001", "Host disconnects", at(10));
    let duplicate = record("cisco", "694001122", "BGP flaps again", at(20));
    let batch = vec![
        (fresh.clone(), opened(&fresh)),
        (duplicate.clone(), opened(&duplicate)),
    ];
    let err = store.insert_support_requests(batch).unwrap_err();
    assert!(
        matches!(err, StoreError::DuplicateSupportRequest),
        "{err:?}"
    );
    assert_eq!(store.list_support_requests().unwrap(), [existing]);
    assert!(store.stream_events(&sr_stream(&fresh)).unwrap().is_empty());

    let events = store
        .insert_support_requests(vec![(fresh.clone(), opened(&fresh))])
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(store.support_request(fresh.id).unwrap(), Some(fresh));
}

#[test]
fn an_unknown_id_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    let stranger = record("other", "1", "t", at(0));
    assert_eq!(store.support_request(stranger.id).unwrap(), None);
}

#[test]
fn text_with_quotes_and_markup_is_stored_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let title = r#"'); DROP TABLE support_request; -- <script>alert("x")</script> — ünïcödé 🚒"#;
    let sr = record("google-cloud", "5xy", title, at(0));
    insert(&mut store, &sr);
    assert_eq!(store.support_request(sr.id).unwrap().unwrap().title, title);
}

#[test]
fn edited_details_severity_and_status_are_saved_with_their_event() {
    let dir = tempfile::tempdir().unwrap();
    let sr = record("vmware", "24123456789", "vMotion fails", at(0));
    let mut edited = sr.clone();
    {
        let mut store = Store::open_in(dir.path()).unwrap();
        insert(&mut store, &sr);

        edited.details = SrDetails {
            product: "vSphere 8.0 U3".into(),
            problem_statement: "vMotion of VMs over 2 TB fails at 21%".into(),
            business_impact: "Hosts cannot be patched".into(),
            workaround: Workaround::Impractical {
                why: "Cold migration needs downtime".into(),
            },
            milestone: Milestone::NoneExplicitly,
            technician: Technician {
                name: "Ana Lopez".into(),
                email: "ana@vendor.example".into(),
                phone: String::new(),
            },
        };
        edited.severity = Severity::new(1).unwrap();
        edited.status = SrStatus::WaitingOnVendor;
        edited.updated_at = at(300);
        let event = stamp(300).event(
            EventKind::SeverityChanged,
            "Severity 2 → 1".into(),
            json!({"from": 2, "to": 1, "reason": "impact_changed"}),
        );
        let chained = store.update_support_request(&edited, event).unwrap();
        assert_eq!(chained.seq, 2);
    }

    let store = Store::open_in(dir.path()).unwrap();
    assert_eq!(store.support_request(sr.id).unwrap(), Some(edited.clone()));
    assert_eq!(store.list_support_requests().unwrap(), [edited]);
    let kinds: Vec<EventKind> = store
        .stream_events(&sr_stream(&sr))
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, [EventKind::SrOpened, EventKind::SeverityChanged]);
}

#[test]
fn updating_an_unknown_request_is_not_found_and_writes_no_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let stranger = record("other", "1", "t", at(0));
    let err = store
        .update_support_request(&stranger, opened(&stranger))
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    assert!(
        store
            .stream_events(&sr_stream(&stranger))
            .unwrap()
            .is_empty()
    );
    assert!(store.list_support_requests().unwrap().is_empty());
}
