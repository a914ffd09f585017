use std::ffi::OsStr;
use std::path::Path;

use escalator_cli::Exit;

use crate::util::{Data, escalator_in, file_names};

fn export<'a>(data: &Data, args: impl IntoIterator<Item = &'a OsStr>) -> crate::util::Run {
    let args: Vec<&OsStr> = std::iter::once(OsStr::new("export")).chain(args).collect();
    escalator_in(&data.dir, args)
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

#[test]
fn one_escalation_as_markdown_holds_its_title_and_prints_the_path() {
    let data = Data::sample();
    let escalation = &data.open_escalations()[0];
    let file = data.path("review.md");
    let run = export(
        &data,
        [
            os("--escalation"),
            os(&escalation.id),
            os("--format"),
            os("md"),
            os("-o"),
            file.as_os_str(),
        ],
    );
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    assert_eq!(run.stdout.trim(), file.display().to_string());
    let text = std::fs::read_to_string(&file).unwrap();
    // As a Markdown viewer shows it: without the escapes that keep `-` and `:` literal.
    assert!(text.replace('\\', "").contains(&escalation.title), "{text}");
}

#[test]
fn one_escalation_as_pdf_is_a_pdf() {
    let data = Data::sample();
    let escalation = &data.open_escalations()[0];
    let file = data.path("review.pdf");
    let run = export(
        &data,
        [
            os("--escalation"),
            os(&escalation.id),
            os("--format"),
            os("pdf"),
            os("-o"),
            file.as_os_str(),
        ],
    );
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn the_format_follows_the_output_extension() {
    let data = Data::sample();
    let file = data.path("status.html");
    let run = export(&data, [os("--open"), os("-o"), file.as_os_str()]);
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.to_lowercase().starts_with("<!doctype html"), "{html}");
    for escalation in data.open_escalations() {
        assert!(html.contains(&escalation.title), "{}", escalation.title);
    }
    assert!(!html.contains(&data.withdrawn().title));
}

#[test]
fn open_escalations_as_csv_are_a_table_in_a_new_folder() {
    let data = Data::sample();
    let folder = data.path("status");
    let run = export(
        &data,
        [
            os("--open"),
            os("--format"),
            os("csv"),
            os("-o"),
            folder.as_os_str(),
        ],
    );
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    // A status report is one table: one row per escalation.
    assert_eq!(file_names(&folder), ["escalations.csv"]);
    assert_eq!(
        run.stdout.trim(),
        folder.join("escalations.csv").display().to_string()
    );
    let table = std::fs::read_to_string(folder.join("escalations.csv")).unwrap();
    for escalation in data.open_escalations() {
        assert!(table.contains(&escalation.title), "{table}");
    }
    assert!(!table.contains(&data.withdrawn().title), "{table}");
}

#[test]
fn one_escalation_as_csv_is_several_files_each_printed() {
    let data = Data::sample();
    let escalation = &data.open_escalations()[0];
    let folder = data.path("tables");
    let run = export(
        &data,
        [
            os("--escalation"),
            os(&escalation.id),
            os("--format"),
            os("csv"),
            os("-o"),
            folder.as_os_str(),
        ],
    );
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    let names = file_names(&folder);
    assert!(names.len() > 1, "{names:?}");
    assert!(names.iter().all(|n| n.ends_with(".csv")), "{names:?}");
    // Every file written is printed, one path a line.
    let printed: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(printed.len(), names.len(), "{}", run.stdout);
    for line in printed {
        assert!(Path::new(line).is_file(), "{line}");
        assert!(Path::new(line).starts_with(&folder), "{line}");
    }
    let all: String = names
        .iter()
        .map(|n| std::fs::read_to_string(folder.join(n)).unwrap())
        .collect();
    // The tables are its SRs, items and timeline; its title is the folder's business.
    assert!(all.contains(&escalation.vendor_sr_number), "{all}");
}

#[test]
fn a_scorecard_by_vendor_in_json_is_written() {
    let data = Data::sample();
    let vendor = data.open_escalations()[0].vendor.clone();
    let file = data.path("vendor.json");
    let run = export(
        &data,
        [
            os("--vendor"),
            os(&vendor),
            os("--report"),
            os("scorecard"),
            os("-o"),
            file.as_os_str(),
        ],
    );
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(json["format"], "escalator-data");
}

#[test]
fn the_sr_register_of_every_sr_is_a_csv_table_with_a_row_per_sr() {
    let data = Data::sample();
    let folder = data.path("register");
    let run = export(
        &data,
        [
            os("--all"),
            os("--report"),
            os("srs"),
            os("--format"),
            os("csv"),
            os("-o"),
            folder.as_os_str(),
        ],
    );
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    assert_eq!(file_names(&folder), ["support-requests.csv"]);
    let table = std::fs::read_to_string(folder.join("support-requests.csv")).unwrap();
    let srs = data.support_requests();
    assert_eq!(
        table.lines().count(),
        srs.len() + 1,
        "a header and a row per SR"
    );
    for sr in &srs {
        assert!(
            table.contains(&sr.vendor_sr_number),
            "{} missing",
            sr.vendor_sr_number
        );
    }
}

#[test]
fn without_output_the_default_name_goes_into_a_given_folder() {
    let data = Data::sample();
    let folder = data.path("reports");
    std::fs::create_dir(&folder).unwrap();
    let run = export(
        &data,
        [
            os("--opened-from"),
            os("2026-01-01"),
            os("--opened-to"),
            os("2026-01-31"),
            os("--format"),
            os("markdown"),
            os("-o"),
            folder.as_os_str(),
        ],
    );
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    let names = file_names(&folder);
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].starts_with("status-escalations-opened-2026-01-01-to-2026-01-31"),
        "{names:?}"
    );
    assert!(names[0].ends_with(".md"), "{names:?}");
    assert_eq!(
        run.stdout.trim(),
        folder.join(&names[0]).display().to_string()
    );
}

#[test]
fn an_existing_file_is_only_replaced_with_force() {
    let data = Data::sample();
    let file = data.path("status.md");
    std::fs::write(&file, "keep me").unwrap();

    let run = export(&data, [os("--open"), os("-o"), file.as_os_str()]);
    assert_eq!(run.exit, Exit::BadInput, "{run:?}");
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");

    let run = export(
        &data,
        [os("--open"), os("--force"), os("-o"), file.as_os_str()],
    );
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    assert_ne!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

#[test]
fn a_csv_folder_with_files_in_it_needs_force_and_nothing_is_overwritten() {
    let data = Data::sample();
    let folder = data.path("tables");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("escalations.csv"), "last week's").unwrap();
    let args = [
        os("--all"),
        os("--format"),
        os("csv"),
        os("-o"),
        folder.as_os_str(),
    ];

    let run = export(&data, args);
    assert_eq!(run.exit, Exit::BadInput, "{run:?}");
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(file_names(&folder), ["escalations.csv"]);

    let run = export(&data, [&args[..], &[os("--force")]].concat());
    assert_eq!(run.exit, Exit::Success, "{run:?}");
    assert_eq!(
        file_names(&folder),
        ["escalations (2).csv", "escalations.csv"]
    );
    assert_eq!(
        run.stdout.trim(),
        folder.join("escalations (2).csv").display().to_string()
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("escalations.csv")).unwrap(),
        "last week's"
    );
}

#[test]
fn an_unknown_escalation_id_is_bad_input_and_writes_nothing() {
    let data = Data::sample();
    let file = data.path("nothing.md");
    for id in ["0194c3e2-7a10-7c3e-9b1a-2f6d8e4a5b6c", "not-an-id"] {
        let run = export(
            &data,
            [os("--escalation"), os(id), os("-o"), file.as_os_str()],
        );
        assert_eq!(run.exit, Exit::BadInput, "{run:?}");
        assert!(run.stderr.contains(id), "{}", run.stderr);
        assert!(
            run.stderr.contains("escalator list --all"),
            "{}",
            run.stderr
        );
        assert!(!file.exists());
    }
}

#[test]
fn dates_that_are_not_dates_are_bad_input() {
    let data = Data::sample();
    for (from, to, says) in [
        (
            "2026-02-30",
            "2026-03-01",
            "--opened-from 2026-02-30 is not a date",
        ),
        (
            "2026-01-01",
            "31/01/2026",
            "--opened-to 31/01/2026 is not a date",
        ),
        ("2026-03-01", "2026-01-01", "is after"),
    ] {
        let run = export(
            &data,
            [os("--opened-from"), os(from), os("--opened-to"), os(to)],
        );
        assert_eq!(run.exit, Exit::BadInput, "{run:?}");
        assert!(run.stderr.contains(says), "{}", run.stderr);
    }
}

#[test]
fn an_unknown_vendor_or_extension_is_bad_input() {
    let data = Data::sample();
    let run = export(&data, [os("--vendor"), os("acme")]);
    assert_eq!(run.exit, Exit::BadInput, "{run:?}");
    assert!(run.stderr.contains("acme"), "{}", run.stderr);
    assert!(
        run.stderr.contains(&data.open_escalations()[0].vendor),
        "{}",
        run.stderr
    );

    let file = data.path("status.txt");
    let run = export(&data, [os("--open"), os("-o"), file.as_os_str()]);
    assert_eq!(run.exit, Exit::BadInput, "{run:?}");
    assert!(run.stderr.contains("--format"), "{}", run.stderr);
    assert!(!file.exists());
}

#[test]
fn export_needs_exactly_one_scope() {
    let data = Data::sample();
    let run = export(&data, [os("--format"), os("pdf")]);
    assert_eq!(run.exit, Exit::Usage, "{run:?}");
    let run = export(&data, [os("--open"), os("--all")]);
    assert_eq!(run.exit, Exit::Usage, "{run:?}");
    let run = export(&data, [os("--opened-from"), os("2026-01-01")]);
    assert_eq!(run.exit, Exit::Usage, "{run:?}");
}
