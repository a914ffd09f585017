use escalator_app::{AppStatus, ErrorCode};

use crate::util::{input, open};

#[test]
fn a_usable_folder_is_ready_and_says_where_the_data_is() {
    let dir = tempfile::tempdir().unwrap();
    let AppStatus::Ready {
        data_dir,
        database_path,
    } = open(dir.path()).status()
    else {
        panic!("not ready");
    };
    assert_eq!(data_dir, dir.path().display().to_string());
    assert!(database_path.ends_with("escalator.sqlite3"));
}

#[test]
fn a_damaged_database_is_reported_and_every_action_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("escalator.sqlite3");
    std::fs::write(&file, b"not sqlite at all").unwrap();

    let app = open(dir.path());
    let AppStatus::Unavailable {
        problem,
        database_path,
        ..
    } = app.status()
    else {
        panic!("should be unavailable");
    };
    assert_eq!(problem.code, ErrorCode::DatabaseCorrupt);
    assert!(
        problem.message.contains(&database_path),
        "{}",
        problem.message
    );

    let err = app
        .create_support_request(input("other", "1", "t", 1))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::DatabaseCorrupt);
    assert_eq!(std::fs::read(&file).unwrap(), b"not sqlite at all");
}

#[test]
fn the_status_wire_format_is_pinned() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("escalator.sqlite3"), b"junk").unwrap();
    let json = serde_json::to_value(open(dir.path()).status()).unwrap();
    assert_eq!(json["state"], "unavailable");
    assert_eq!(json["problem"]["code"], "database_corrupt");
    assert!(json["dataDir"].is_string() && json["databasePath"].is_string());
    assert_eq!(json["problem"]["fields"], serde_json::json!([]));
}
