use escalator_core::SrStatus;
use escalator_store::{Store, StoreError};

use crate::util::{at, record};

#[test]
fn recorded_requests_are_listed_newest_first_and_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let older = record("vmware", "2400001", "vSAN resync stuck", at(0));
    let newer = record("redhat", "04012345", "Kernel panic on boot", at(60));
    {
        let mut store = Store::open_in(dir.path()).unwrap();
        store.insert_support_request(&older).unwrap();
        store.insert_support_request(&newer).unwrap();
    }

    let store = Store::open_in(dir.path()).unwrap();
    let listed = store.list_support_requests().unwrap();
    assert_eq!(listed, [newer.clone(), older.clone()]);
    assert_eq!(
        store.support_request(older.id).unwrap(),
        Some(older.clone())
    );
    assert_eq!(listed[0].status, SrStatus::Open);
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
    store.insert_support_request(&first).unwrap();

    let again = record("cisco", "694001122", "BGP flaps again", at(5));
    let err = store.insert_support_request(&again).unwrap_err();
    assert!(
        matches!(err, StoreError::DuplicateSupportRequest),
        "{err:?}"
    );
    assert_eq!(store.list_support_requests().unwrap(), [first]);

    // Another vendor may use the same number.
    store
        .insert_support_request(&record("oracle", "694001122", "ORA-00600", at(9)))
        .unwrap();
    assert_eq!(store.list_support_requests().unwrap().len(), 2);
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
    store.insert_support_request(&sr).unwrap();
    assert_eq!(store.support_request(sr.id).unwrap().unwrap().title, title);
}
