//! Each report's tables as CSV files: golden files byte for byte, names unique and in reading
//! order, and text a spreadsheet would evaluate kept as text in every table.

use escalator_report::csv_table::document_tables;
use escalator_report::document::Document;
use escalator_report::escalation_report;

use crate::fixtures::{assert_golden, escalation_report, plain, reports};

/// The file as a spreadsheet's CSV reader sees it, header line included.
fn read_back(text: &str) -> Vec<Vec<String>> {
    let body = text
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel");
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn each_table_matches_its_golden_file() {
    for (report, doc) in reports(&plain) {
        for (file, content) in document_tables(&doc).unwrap() {
            assert_golden(&format!("csv/{report}/{file}"), &content);
        }
    }
}

#[test]
fn tables_are_named_once_each_in_reading_order() {
    let names = |doc: &Document| -> Vec<String> {
        document_tables(doc)
            .unwrap()
            .into_iter()
            .map(|(file, _)| file)
            .collect()
    };
    let [(_, escalation), (_, status), (_, scorecard), (_, register)] =
        <[_; 4]>::try_from(reports(&plain)).unwrap();
    assert_eq!(
        names(&escalation),
        [
            "support-requests.csv",
            "contacts.csv",
            "vendor-updates.csv",
            "action-items.csv",
            "third-party-contacts.csv",
            "timeline.csv",
        ]
    );
    assert_eq!(names(&status), ["escalations.csv"]);
    assert_eq!(names(&scorecard), ["scorecards.csv", "feedback.csv"]);
    assert_eq!(names(&register), ["support-requests.csv"]);

    // A second third party's contacts get a file of their own.
    let mut report = escalation_report(&plain);
    let second = report.third_parties[0].clone();
    report.third_parties.push(second);
    let files = names(&escalation_report::document(&report));
    assert!(
        files.contains(&"third-party-contacts-2.csv".to_owned()),
        "{files:?}"
    );
}

#[test]
fn every_row_has_one_cell_per_header() {
    for (report, doc) in reports(&plain) {
        for (file, content) in document_tables(&doc).unwrap() {
            let lines = read_back(&content);
            let width = lines[0].len();
            assert!(lines.len() > 1, "{report}/{file} has no rows");
            for line in &lines {
                assert_eq!(line.len(), width, "{report}/{file}: {line:?}");
            }
        }
    }
}

#[test]
fn text_a_spreadsheet_would_evaluate_stays_text_in_every_table() {
    for start in ["=", "+", "-", "@", "\t", "\r"] {
        let formula = |_: &str| format!("{start}HYPERLINK(\"http://evil.example\",\"click\")");
        for (report, doc) in reports(&formula) {
            for (file, content) in document_tables(&doc).unwrap() {
                let lines = read_back(&content);
                let typed: Vec<&String> = lines
                    .iter()
                    .flatten()
                    .filter(|cell| cell.contains("HYPERLINK"))
                    .collect();
                assert!(
                    !typed.is_empty(),
                    "{report}/{file} shows no typed text to test"
                );
                for cell in typed {
                    assert!(
                        cell.starts_with(&format!("'{start}")),
                        "{report}/{file} {start:?}: {cell:?}"
                    );
                }
            }
        }
    }
}
