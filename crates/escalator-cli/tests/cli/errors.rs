use std::ffi::OsStr;
use std::time::Instant;

use escalator_cli::{DATABASE_FILE, Exit};

use crate::util::{Data, Scratch, backup_content, escalator_in, listing};

#[test]
fn a_missing_data_folder_is_named_and_not_created() {
    let scratch = Scratch::new();
    let dir = scratch.path("no-such-folder");
    let out = scratch.path("out.json");
    for args in [
        vec![OsStr::new("list")],
        vec![OsStr::new("export"), OsStr::new("--open")],
        vec![OsStr::new("backup"), OsStr::new("-o"), out.as_os_str()],
    ] {
        let run = escalator_in(&dir, &args);
        assert_eq!(run.exit, Exit::DataFolder, "{args:?}: {run:?}");
        assert!(
            run.stderr.contains(&dir.display().to_string()),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("--data-dir"), "{}", run.stderr);
        assert!(run.stderr.contains("escalator import"), "{}", run.stderr);
        assert_eq!(run.stdout, "");
        assert!(!dir.exists(), "{args:?} created the folder");
        assert!(!out.exists());
    }
}

#[test]
fn a_folder_without_a_database_is_refused_and_left_empty() {
    let scratch = Scratch::new();
    let dir = scratch.path("empty");
    std::fs::create_dir(&dir).unwrap();
    let run = escalator_in(&dir, ["list"]);
    assert_eq!(run.exit, Exit::DataFolder, "{run:?}");
    assert!(run.stderr.contains(DATABASE_FILE), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}

#[test]
fn a_damaged_database_is_exit_3_with_the_apps_explanation() {
    let scratch = Scratch::new();
    let dir = scratch.path("data");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join(DATABASE_FILE), vec![b'x'; 8192]).unwrap();
    let run = escalator_in(&dir, ["list"]);
    assert_eq!(run.exit, Exit::DataFolder, "{run:?}");
    assert!(
        run.stderr
            .contains("damaged or is not an Escalator database"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(dir.join(DATABASE_FILE)).unwrap(),
        vec![b'x'; 8192]
    );
}

#[test]
fn malformed_import_files_are_refused_and_change_nothing() {
    let data = Data::sample();
    backup_content(&data.dir, &data.scratch, "full.json");
    let backup = std::fs::read(data.path("full.json")).unwrap();
    let before = backup_content(&data.dir, &data.scratch, "before.json");
    let before_list = listing(&data.dir);

    let cases = [
        (
            "not-json.json",
            b"Dear vendor, please escalate.".to_vec(),
            "not an Escalator data export",
        ),
        (
            "other-shape.json",
            br#"{"escalations": [1, 2, 3]}"#.to_vec(),
            "not an Escalator data export",
        ),
        (
            "truncated.json",
            backup[..backup.len() / 2].to_vec(),
            "damaged or was edited",
        ),
    ];
    for (name, content, says) in cases {
        let file = data.path(name);
        std::fs::write(&file, content).unwrap();
        let run = escalator_in(&data.dir, [OsStr::new("import"), file.as_os_str()]);
        assert_eq!(run.exit, Exit::BadInput, "{name}: {run:?}");
        assert!(run.stderr.contains(name), "{}", run.stderr);
        assert!(run.stderr.contains(says), "{}", run.stderr);
        assert!(run.stderr.contains("nothing was"), "{}", run.stderr);
        assert_eq!(run.stdout, "");
        assert_eq!(listing(&data.dir), before_list, "{name}");
    }
    assert_eq!(
        backup_content(&data.dir, &data.scratch, "after.json"),
        before
    );
}

#[test]
fn a_malformed_import_into_a_new_folder_leaves_no_folder_behind() {
    let scratch = Scratch::new();
    let file = scratch.path("notes.json");
    std::fs::write(&file, "[]").unwrap();
    let dir = scratch.path("new");
    let run = escalator_in(&dir, [OsStr::new("import"), file.as_os_str()]);
    assert_eq!(run.exit, Exit::BadInput, "{run:?}");
    assert!(!dir.exists());
}

#[test]
fn importing_a_file_that_is_not_there_creates_nothing() {
    let scratch = Scratch::new();
    let dir = scratch.path("new");
    let file = scratch.path("typo.json");
    let run = escalator_in(&dir, [OsStr::new("import"), file.as_os_str()]);
    assert_eq!(run.exit, Exit::BadInput, "{run:?}");
    assert!(
        run.stderr.contains("typo.json does not exist"),
        "{}",
        run.stderr
    );
    assert!(!dir.exists());
}

#[test]
fn a_locked_database_is_busy_and_unchanged() {
    let data = Data::sample();
    // Another data set to import, so the import would change something if it could.
    let other = Data::sample();
    let file = other.path("other.json");
    backup_content(&other.dir, &other.scratch, "other.json");
    let before = listing(&data.dir);

    // Another process's writer, mid-transaction.
    let lock = rusqlite::Connection::open(data.dir.join(DATABASE_FILE)).unwrap();
    lock.execute_batch("BEGIN EXCLUSIVE").unwrap();

    let started = Instant::now();
    let run = escalator_in(&data.dir, [OsStr::new("import"), file.as_os_str()]);
    assert_eq!(run.exit, Exit::Busy, "{run:?}");
    assert!(run.stderr.contains("Another program"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was changed"), "{}", run.stderr);
    // The store's busy timeout, not a hang.
    assert!(started.elapsed().as_secs() < 30);
    // Reading still works while another process writes.
    assert_eq!(listing(&data.dir), before);

    lock.execute_batch("ROLLBACK").unwrap();
    drop(lock);
    assert_eq!(listing(&data.dir), before);
}
