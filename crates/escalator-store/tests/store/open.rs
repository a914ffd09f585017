use escalator_store::{OpenProblem, Store};
use rusqlite::Connection;

use crate::util::{database_in, read_only_folder};

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
            store.insert_support_request(&sr).unwrap();
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
const RELEASED_SCHEMAS: &[(usize, &str)] = &[(1, include_str!("fixtures/schema-v1.sql"))];

#[test]
fn a_database_of_every_released_schema_opens_with_its_data() {
    for (version, sql) in RELEASED_SCHEMAS {
        let dir = tempfile::tempdir().unwrap();
        Connection::open(database_in(dir.path()))
            .unwrap()
            .execute_batch(sql)
            .unwrap();

        let store = Store::open_in(dir.path()).unwrap();
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
    }
    assert_eq!(
        RELEASED_SCHEMAS.last().map(|(v, _)| *v),
        Some(Store::schema_version())
    );
}
