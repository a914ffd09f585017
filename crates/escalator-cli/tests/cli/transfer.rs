use std::ffi::OsStr;

use escalator_cli::Exit;

use crate::util::{Data, backup_content, escalator_in, listing};

#[test]
fn a_backup_imported_into_a_new_folder_lists_the_same() {
    let data = Data::sample();
    let file = data.path("backup.json");
    let run = escalator_in(
        &data.dir,
        [OsStr::new("backup"), OsStr::new("-o"), file.as_os_str()],
    );
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    assert_eq!(run.stdout.trim(), file.display().to_string());

    let copy = data.path("copy");
    assert!(!copy.exists());
    let run = escalator_in(&copy, [OsStr::new("import"), file.as_os_str()]);
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    assert!(
        run.stdout
            .contains("Added 4 support requests, 3 escalations"),
        "{}",
        run.stdout
    );

    assert_eq!(listing(&copy), listing(&data.dir));
    assert_eq!(
        backup_content(&copy, &data.scratch, "copy.json"),
        backup_content(&data.dir, &data.scratch, "again.json")
    );
}

#[test]
fn a_second_import_adds_nothing() {
    let data = Data::sample();
    let file = data.path("backup.json");
    let before = backup_content(&data.dir, &data.scratch, "backup.json");

    let run = escalator_in(&data.dir, [OsStr::new("import"), file.as_os_str()]);
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    assert!(run.stdout.starts_with("Nothing new"), "{}", run.stdout);
    assert_eq!(
        backup_content(&data.dir, &data.scratch, "after.json"),
        before
    );
}

#[test]
fn a_backup_does_not_replace_a_file_without_force() {
    let data = Data::sample();
    let file = data.path("backup.json");
    std::fs::write(&file, "last week's").unwrap();
    let args = [OsStr::new("backup"), OsStr::new("-o"), file.as_os_str()];
    let run = escalator_in(&data.dir, args);
    assert_eq!(run.exit, Exit::BadInput, "{run:?}");
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "last week's");

    let run = escalator_in(
        &data.dir,
        [args.as_slice(), &[OsStr::new("--force")]].concat(),
    );
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("escalator-data")
    );
}
