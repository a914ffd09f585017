//! Vendor sync's tables: accounts, links, pages of synced cases written whole, and the outbox
//! that knows what may have reached a vendor.

use escalator_core::SrStatus;
use escalator_core::timeline::EventKind;
use escalator_store::{CaseLink, OutboxEntry, Store, StoreError, StoredAccount, SyncedCase};
use tempfile::TempDir;
use uuid::Uuid;

use crate::util::{at, insert, opened, record, sr_stream, stamp};

fn store() -> (TempDir, Store) {
    let dir = TempDir::new().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    (dir, store)
}

fn account(name: &str) -> StoredAccount {
    StoredAccount {
        id: Uuid::new_v4(),
        connector: "red_hat".into(),
        name: name.into(),
        base_url: "https://api.access.redhat.com".into(),
        user: "dana@example.com".into(),
        vendor: "redhat".into(),
        created_at: at(0),
        synced_through: None,
        last_sync_at: None,
        last_error: None,
        next_sync_at: None,
    }
}

fn link(sr: &escalator_core::SupportRequestRecord, account: Uuid, key: &str) -> CaseLink {
    CaseLink {
        support_request: sr.id,
        account,
        case_key: key.into(),
        web_url: Some(format!(
            "https://access.redhat.com/support/cases/#/case/{key}"
        )),
        vendor_status: "Waiting on Red Hat".into(),
        vendor_updated_at: Some(at(50)),
        comments_through: None,
    }
}

#[test]
fn accounts_are_kept_with_unique_names_and_their_sync_outcome() {
    let (_dir, mut store) = store();
    let first = account("Red Hat production");
    store.insert_account(&first).unwrap();
    assert!(matches!(
        store.insert_account(&account("red hat PRODUCTION")),
        Err(StoreError::DuplicateAccountName)
    ));
    store
        .record_sync(first.id, at(100), Some(at(90)), None, Some(at(1000)))
        .unwrap();
    store
        .record_sync(first.id, at(200), None, Some("{\"code\":\"x\"}"), None)
        .unwrap();
    let stored = store.account(first.id).unwrap().unwrap();
    assert_eq!(stored.synced_through, Some(at(90)), "kept by a failed sync");
    assert_eq!(stored.last_sync_at, Some(at(200)));
    assert_eq!(stored.last_error.as_deref(), Some("{\"code\":\"x\"}"));
    assert_eq!(store.accounts().unwrap().len(), 1);

    store.insert_account(&account("oracle cloud")).unwrap();
    store.insert_account(&account("Cisco TAC")).unwrap();
    let names: Vec<String> = store
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(
        names,
        ["Cisco TAC", "oracle cloud", "Red Hat production"],
        "listed by name, ignoring case, whatever the order they were added in"
    );
}

#[test]
fn a_page_of_new_and_changed_cases_is_written_whole() {
    let (_dir, mut store) = store();
    let red_hat = account("Red Hat");
    store.insert_account(&red_hat).unwrap();
    let linked = record("redhat", "04000001", "Kernel panic", at(1));
    insert(&mut store, &linked);
    store
        .link_case(
            &link(&linked, red_hat.id, "04000001"),
            stamp(2).event(EventKind::Synced, "Linked".into(), Default::default()),
        )
        .unwrap();

    let new = record("redhat", "04000002", "NFS hangs", at(10));
    let mut changed = linked.clone();
    changed.status = SrStatus::WaitingOnUs;
    let page = vec![
        SyncedCase::New {
            opened: opened(&new),
            link: link(&new, red_hat.id, "04000002"),
            sr: new.clone(),
        },
        SyncedCase::Changed {
            events: vec![stamp(20).event(
                EventKind::Synced,
                "Status: Waiting on Customer".into(),
                Default::default(),
            )],
            link: link(&changed, red_hat.id, "04000001"),
            sr: changed.clone(),
        },
    ];
    store.apply_synced_page(page, Vec::new()).unwrap();
    assert_eq!(store.list_support_requests().unwrap().len(), 2);
    assert_eq!(
        store.support_request(linked.id).unwrap().unwrap().status,
        SrStatus::WaitingOnUs
    );
    assert_eq!(store.stream_events(&sr_stream(&linked)).unwrap().len(), 3);
    assert_eq!(
        store
            .link_of_case(red_hat.id, "04000002")
            .unwrap()
            .unwrap()
            .support_request,
        new.id
    );

    // A page that fails half-way (a case linked to another SR) leaves nothing of itself.
    let third = record("redhat", "04000003", "Slow boot", at(30));
    let bad = vec![
        SyncedCase::New {
            opened: opened(&third),
            link: link(&third, red_hat.id, "04000003"),
            sr: third.clone(),
        },
        SyncedCase::Changed {
            events: Vec::new(),
            link: link(&linked, red_hat.id, "04000002"),
            sr: linked.clone(),
        },
    ];
    assert!(matches!(
        store.apply_synced_page(bad, Vec::new()),
        Err(StoreError::CaseAlreadyLinked)
    ));
    assert!(store.support_request(third.id).unwrap().is_none());
}

#[test]
fn an_outbox_entry_is_attempted_before_it_is_sent_and_delivered_once() {
    let (_dir, mut store) = store();
    let red_hat = account("Red Hat");
    store.insert_account(&red_hat).unwrap();
    let sr = record("redhat", "04000001", "Kernel panic", at(1));
    insert(&mut store, &sr);
    let entry = OutboxEntry {
        id: Uuid::new_v4(),
        account: red_hat.id,
        support_request: sr.id,
        case_key: "04000001".into(),
        action: "{\"kind\":\"comment\",\"body\":\"Logs attached\"}".into(),
        queued_at: at(10),
        attempted_at: None,
        attempts: 0,
        delivered_at: None,
        failed: None,
    };
    let note =
        |secs, text: &str| stamp(secs).event(EventKind::Synced, text.into(), Default::default());
    store.queue_outbound(&entry, note(10, "Queued")).unwrap();
    assert!(store.mark_attempted(&entry, at(20)).unwrap());
    assert!(
        !store.mark_attempted(&entry, at(21)).unwrap(),
        "a second sync that read the entry before the first claimed it does not send it"
    );
    let pending = store.pending_outbound(red_hat.id).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(
        pending[0].attempted_at,
        Some(at(20)),
        "in doubt after a crash"
    );
    assert_eq!(pending[0].attempts, 1);

    store
        .mark_delivered(&pending[0], at(30), note(30, "Delivered"))
        .unwrap();
    store
        .mark_delivered(&pending[0], at(31), note(31, "Delivered"))
        .unwrap();
    assert!(store.pending_outbound(red_hat.id).unwrap().is_empty());
    let delivered_events = store
        .stream_events(&sr_stream(&sr))
        .unwrap()
        .iter()
        .filter(|e| e.summary == "Delivered")
        .count();
    assert_eq!(
        delivered_events, 1,
        "a second acknowledgement writes nothing"
    );
    assert_eq!(
        store.outbound_of(sr.id).unwrap()[0].delivered_at,
        Some(at(30))
    );

    // Removing the account removes its links and outbox, never the SRs.
    store.delete_account(red_hat.id).unwrap();
    assert!(store.outbound_of(sr.id).unwrap().is_empty());
    assert!(store.support_request(sr.id).unwrap().is_some());
    assert!(matches!(
        store.delete_account(red_hat.id),
        Err(StoreError::NotFound)
    ));
}
