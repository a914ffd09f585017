use escalator_core::escalation::{EscalationState, LifecycleAction};
use escalator_core::sr_details::SrDetails;
use escalator_core::timeline::{ChainVerdict, EventHash, EventKind, verify};
use escalator_core::{SrStatus, SupportRequestId, SupportRequestRecord};
use escalator_store::{OpenProblem, SearchTarget, Store};
use rusqlite::Connection;
use serde_json::json;

use crate::util::{at, database_in, read_only_folder, requested_escalation, stamp};

#[test]
fn a_new_folder_gets_a_migrated_wal_database() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("nested").join("data");
    let store = Store::open_in(&data_dir).unwrap();
    assert_eq!(store.path(), database_in(&data_dir));
    drop(store);

    let conn = Connection::open(database_in(&data_dir)).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(usize::try_from(version).unwrap(), Store::schema_version());
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = b"these are my notes, not a database\n".repeat(300);
    std::fs::write(database_in(dir.path()), &garbage).unwrap();

    let err = Store::open_in(dir.path()).unwrap_err();
    assert_eq!(err.problem, OpenProblem::Corrupt);
    assert_eq!(err.path, database_in(dir.path()));
    assert_eq!(std::fs::read(database_in(dir.path())).unwrap(), garbage);
}

#[test]
fn damage_inside_a_valid_database_is_found_by_the_check_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open_in(dir.path()).unwrap();
        for n in 0..400 {
            let sr = crate::util::record(
                "vmware",
                &format!("{n:06}"),
                &"x".repeat(150),
                crate::util::at(n),
            );
            crate::util::insert(&mut store, &sr);
        }
    }
    // Leave the header (page 1) and the schema intact; overwrite two later pages, as a
    // failing disk or a bad copy would.
    let path = database_in(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    let page_size = 4096;
    assert!(
        bytes.len() > page_size * 6,
        "the set-up should span several pages"
    );
    for byte in &mut bytes[page_size * 3..page_size * 5] {
        *byte = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();

    let err = Store::open_in(dir.path()).unwrap_err();
    assert_eq!(err.problem, OpenProblem::Corrupt, "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_database_from_a_newer_escalator_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = Connection::open(database_in(dir.path())).unwrap();
        conn.execute_batch("CREATE TABLE from_the_future (x); PRAGMA user_version = 999;")
            .unwrap();
    }
    let before = std::fs::read(database_in(dir.path())).unwrap();

    let err = Store::open_in(dir.path()).unwrap_err();
    assert_eq!(
        err.problem,
        OpenProblem::TooNew {
            found: 999,
            supported: Store::schema_version()
        }
    );
    assert_eq!(std::fs::read(database_in(dir.path())).unwrap(), before);
}

#[test]
fn a_refused_wal_database_keeps_its_uncheckpointed_changes_where_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let wal = dir
        .path()
        .join(format!("{}-wal", escalator_store::DATABASE_FILE_NAME));
    {
        // A newer Escalator's file as a kill -9 leaves it: recent writes still in the WAL.
        let conn = Connection::open(database_in(dir.path())).unwrap();
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )
        .unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
             CREATE TABLE from_the_future (x); INSERT INTO from_the_future VALUES (1);
             PRAGMA user_version = 999;",
        )
        .unwrap();
    }
    let main_before = std::fs::read(database_in(dir.path())).unwrap();
    let wal_before = std::fs::read(&wal).unwrap();
    assert!(
        !wal_before.is_empty(),
        "the set-up should leave frames in the WAL"
    );

    let err = Store::open_in(dir.path()).unwrap_err();
    assert!(
        matches!(err.problem, OpenProblem::TooNew { found: 999, .. }),
        "{err}"
    );
    assert_eq!(std::fs::read(database_in(dir.path())).unwrap(), main_before);
    assert_eq!(std::fs::read(&wal).unwrap(), wal_before);
}

#[test]
fn a_folder_that_cannot_be_written_is_reported_as_read_only() {
    let scratch = tempfile::tempdir().unwrap();
    let folder = read_only_folder(scratch.path());
    let err = Store::open_in(&folder).unwrap_err();
    assert_eq!(err.problem, OpenProblem::ReadOnly, "{err}");
    assert!(!database_in(&folder).exists());
}

/// Each released schema, as a user of that release had it, with data in it. A new migration
/// adds the previous schema's file here before it lands.
const RELEASED_SCHEMAS: &[(usize, &str)] = &[
    (1, include_str!("fixtures/schema-v1.sql")),
    (2, include_str!("fixtures/schema-v2.sql")),
    (3, include_str!("fixtures/schema-v3.sql")),
    (4, include_str!("fixtures/schema-v4.sql")),
];

/// The SR every fixture holds.
const FIXTURE_SR: &str = "01938f4e-7a10-7c3e-9d2a-5b8e1f0c4a21";

fn open_fixture(sql: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    Connection::open(database_in(dir.path()))
        .unwrap()
        .execute_batch(sql)
        .unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    (dir, store)
}

fn fixture(version: usize) -> &'static str {
    RELEASED_SCHEMAS
        .iter()
        .find(|(v, _)| *v == version)
        .map(|(_, sql)| *sql)
        .unwrap()
}

fn fixture_sr(store: &Store) -> SupportRequestRecord {
    store
        .support_request(SupportRequestId(FIXTURE_SR.parse().unwrap()))
        .unwrap()
        .unwrap()
}

fn found_support_requests(store: &Store, text: &str) -> Vec<String> {
    store
        .search(text, 10)
        .unwrap()
        .into_iter()
        .filter_map(|hit| match hit.target {
            SearchTarget::SupportRequest { id } => Some(id),
            _ => None,
        })
        .collect()
}

#[test]
fn a_database_of_every_released_schema_opens_with_its_data_and_keeps_working() {
    for (version, sql) in RELEASED_SCHEMAS {
        let (dir, mut store) = open_fixture(sql);
        let titles: Vec<String> = store
            .list_support_requests()
            .unwrap()
            .into_iter()
            .map(|sr| sr.title)
            .collect();
        assert_eq!(
            titles,
            ["Datastore latency after upgrade"],
            "schema v{version}"
        );
        assert_eq!(
            found_support_requests(&store, "24561234567"),
            [FIXTURE_SR],
            "schema v{version}"
        );

        // Every chain it holds verifies, and keeps verifying with a new event on the SR.
        let mut streams = vec![FIXTURE_SR.to_owned()];
        streams.extend(
            store
                .list_escalations()
                .unwrap()
                .into_iter()
                .map(|row| row.record.id.to_string()),
        );
        let mut sr = fixture_sr(&store);
        let before = store.stream_events(FIXTURE_SR).unwrap().len();
        sr.status = SrStatus::WaitingOnVendor;
        sr.updated_at = at(0);
        let event = stamp(0).event(EventKind::Note, "Waiting for the vendor".into(), json!({}));
        let chained = store.update_support_request(&sr, event).unwrap();
        assert_eq!(chained.seq, before as u64 + 1, "schema v{version}");
        drop(store);

        let store = Store::open_in(dir.path()).unwrap();
        assert_eq!(fixture_sr(&store), sr, "schema v{version}");
        for stream in &streams {
            let events = store.stream_events(stream).unwrap();
            assert!(
                verify(&events).is_intact(),
                "schema v{version}, stream {stream}: {:?}",
                verify(&events)
            );
        }
    }
    assert_eq!(
        RELEASED_SCHEMAS.last().map(|(v, _)| *v),
        Some(Store::schema_version())
    );
}

#[test]
fn a_foundation_database_gains_empty_details_search_and_a_timeline() {
    let (_dir, mut store) = open_fixture(fixture(1));
    let mut sr = fixture_sr(&store);
    assert_eq!(sr.details, SrDetails::default());
    assert_eq!(sr.updated_at, sr.created_at);
    assert_eq!(sr.severity.level(), 1);
    assert!(store.list_escalations().unwrap().is_empty());

    // The migration indexed what v1 knew: the number and the title.
    assert_eq!(found_support_requests(&store, "24561234567"), [FIXTURE_SR]);
    assert_eq!(
        found_support_requests(&store, "datastore lat"),
        [FIXTURE_SR]
    );
    assert!(found_support_requests(&store, "upgraded").is_empty());

    // Its timeline starts with the first change made after the upgrade.
    assert!(store.stream_events(FIXTURE_SR).unwrap().is_empty());
    sr.title = "Datastore latency since the ESXi patch".into();
    sr.details.problem_statement = "NFS reads take 40 ms".into();
    sr.updated_at = at(0);
    let event = stamp(0).event(EventKind::Note, "Details recorded".into(), json!({}));
    let first = store.update_support_request(&sr, event).unwrap();
    assert_eq!((first.seq, first.prev_hash), (1, EventHash::GENESIS));
    assert_eq!(fixture_sr(&store), sr);

    // The migrated search entry is replaced, not duplicated or left stale.
    assert_eq!(found_support_requests(&store, "esxi nfs"), [FIXTURE_SR]);
    assert!(found_support_requests(&store, "upgrade").is_empty());
    assert_eq!(found_support_requests(&store, "datastore"), [FIXTURE_SR]);

    // And it can join an escalation like any SR recorded today.
    let (escalation, event) = requested_escalation(&sr, "Datastore latency", 60);
    store.insert_escalation(&escalation, event).unwrap();
    assert_eq!(
        store.escalations_of_support_request(FIXTURE_SR).unwrap(),
        [escalation]
    );
}

#[test]
fn a_schema_v2_database_keeps_details_escalations_timelines_search_and_preferences() {
    let (_dir, mut store) = open_fixture(fixture(2));
    let sr = fixture_sr(&store);
    assert_eq!(sr.details.product, "vSphere 8.0 U3");
    assert!(sr.details.problem_statement.contains("tenfold"));
    assert_eq!(sr.details.technician.name, "Zoë Müller");

    let rows = store.list_escalations().unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(
        (
            row.vendor.as_str(),
            row.vendor_sr_number.as_str(),
            row.severity
        ),
        ("vmware", "24561234567", 1)
    );
    assert_eq!(row.record.state, EscalationState::Requested);
    let stream = row.record.id.to_string();
    let events = store.stream_events(&stream).unwrap();
    assert_eq!(events.len(), 2);
    assert!(matches!(
        verify(&events),
        ChainVerdict::Intact { count: 2, .. }
    ));
    assert_eq!(
        store.stream_events(FIXTURE_SR).unwrap()[0].kind,
        EventKind::SrOpened
    );

    assert_eq!(found_support_requests(&store, "tenfold"), [FIXTURE_SR]);
    assert_eq!(found_support_requests(&store, "muller"), [FIXTURE_SR]);
    let hits = store.search("bridge", 10).unwrap();
    assert_eq!(
        hits.into_iter().map(|h| h.target).collect::<Vec<_>>(),
        [SearchTarget::Event {
            stream: stream.clone(),
            seq: 2
        }]
    );
    let hits = store.search("order processing", 10).unwrap();
    assert!(
        hits.iter()
            .any(|h| h.target == SearchTarget::Escalation { id: stream.clone() })
    );

    assert!(store.setting("profile").unwrap().is_some());
    assert_eq!(store.drafts().unwrap().len(), 1);
    assert_eq!(store.user_playbooks().unwrap()[0].id, "vmware");

    // The escalation carries on where it stood.
    let mut record = row.record.clone();
    let event = record
        .apply(LifecycleAction::Acknowledge, &stamp(0))
        .unwrap();
    let chained = store.update_escalation(&record, event).unwrap();
    assert_eq!((chained.seq, chained.prev_hash), (3, events[1].hash));
    assert!(verify(&store.stream_events(&stream).unwrap()).is_intact());
}

#[test]
fn a_schema_v3_database_keeps_what_running_the_escalation_recorded() {
    let (_dir, store) = open_fixture(fixture(3));
    let id = store.list_escalations().unwrap()[0].record.id;
    let plan = store.communication_plan(id).unwrap().unwrap();
    assert_eq!(plan.plan.every, 4);
    let updates = store.vendor_updates(id).unwrap();
    assert!(updates[0].summary.starts_with("Engineering reproduced"));
    let calls = store.calls(id).unwrap();
    assert_eq!(calls[0].plan.title, "Daily bridge");
    assert_eq!(
        store.minutes(calls[0].id).unwrap()[0].text,
        "Vendor to ship a debug build"
    );
    let items = store
        .unfinished_action_items(escalator_store::ItemQuery::default())
        .unwrap();
    assert_eq!(items[0].item.details.title, "Ship debug build");
    assert_eq!(
        store.engagements(id).unwrap()[0].details.case_number,
        "DELL-778899"
    );
    let events = store.stream_events(&id.to_string()).unwrap();
    assert!(verify(&events).is_intact(), "{:?}", verify(&events));
    let hits = store.search("debug", 10).unwrap();
    assert!(
        hits.iter().any(|hit| matches!(&hit.target, SearchTarget::Event { stream, .. } if *stream == id.to_string())),
        "{hits:?}"
    );
}

#[test]
fn a_v4_database_keeps_its_account_its_link_and_the_entry_in_doubt() {
    let (_dir, store) = open_fixture(fixture(4));
    let accounts = store.accounts().unwrap();
    assert_eq!(accounts.len(), 1);
    let sr = fixture_sr(&store);
    let link = store.link_of(sr.id).unwrap().unwrap();
    assert_eq!(link.case_key, "04012345");
    let pending = store.pending_outbound(accounts[0].id).unwrap();
    assert_eq!(pending.len(), 1);
    assert!(pending[0].attempted_at.is_some() && pending[0].delivered_at.is_none());
}
