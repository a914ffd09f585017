//! One table of an export as a CSV file that is safe to open in a spreadsheet.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
//! LibreOffice and Google Sheets as a formula, so vendor or user text such as
//! `=HYPERLINK("http://evil", "click")` would run when the file is opened. Such a cell gets a
//! leading apostrophe, which spreadsheets show as text and hide; the rest is kept exactly.
//! Quoting (commas, quotes, line breaks) is the `csv` crate's, by RFC 4180, with CRLF line
//! ends and a UTF-8 byte-order mark so Excel reads accents correctly.
//!
//! [`document_tables`] writes every table of a [`Document`] this way, one file each, named
//! after the table. It does not choose which tables a report has or what they are called; the
//! report's document does. Nor does it write the files anywhere or bundle them.

use std::borrow::Cow;

use crate::document::Document;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Excel needs it to read UTF-8; other readers skip it.
const BYTE_ORDER_MARK: &str = "\u{feff}";

#[derive(Debug, thiserror::Error)]
#[error("the CSV could not be written: {0}")]
pub struct CsvError(String);

/// `cell` as text a spreadsheet will not evaluate.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The table as CSV: a header line, then one line per row, every cell neutralised.
pub fn render<R, C>(headers: &[&str], rows: R) -> Result<String, CsvError>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(false)
        .from_writer(BYTE_ORDER_MARK.as_bytes().to_vec());
    writer
        .write_record(headers.iter().map(|header| neutralise(header).into_owned()))
        .map_err(|err| CsvError(err.to_string()))?;
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|cell| neutralise(cell.as_ref()).into_owned())
            .collect();
        writer
            .write_record(&cells)
            .map_err(|err| CsvError(err.to_string()))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|err| CsvError(err.to_string()))?;
    String::from_utf8(bytes).map_err(|err| CsvError(err.to_string()))
}

/// A table's name as a file stem that cannot leave the export's folder or surprise a file
/// system: lower-case ASCII letters, digits and hyphens only, never empty.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        "table".to_owned()
    } else {
        stem.to_owned()
    }
}

/// Every table of the document as `(file name, CSV)`, in reading order, the file named
/// `<table name>.csv`. Names are unique in a well-formed document; should two still meet,
/// the later gets a number rather than overwriting the earlier when the files are written.
pub fn document_tables(doc: &Document) -> Result<Vec<(String, String)>, CsvError> {
    let mut files: Vec<(String, String)> = Vec::new();
    for table in doc.tables() {
        let stem = file_stem(&table.name);
        let mut file = format!("{stem}.csv");
        let mut n = 1_u32;
        while files.iter().any(|(taken, _)| *taken == file) {
            n = n.saturating_add(1);
            file = format!("{stem}-{n}.csv");
        }
        let headers: Vec<&str> = table.headers.iter().map(String::as_str).collect();
        files.push((file, render(&headers, &table.rows)?));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(text: &str) -> Vec<Vec<String>> {
        let body = text.strip_prefix(BYTE_ORDER_MARK).unwrap();
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body.as_bytes())
            .records()
            .map(|record| record.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn cells_a_spreadsheet_would_evaluate_are_kept_as_text() {
        for (typed, written) in [
            (
                "=HYPERLINK(\"http://evil\",\"x\")",
                "'=HYPERLINK(\"http://evil\",\"x\")",
            ),
            ("+1 555 0100", "'+1 555 0100"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("Plain text", "Plain text"),
            (" =not at the start", " =not at the start"),
            ("", ""),
        ] {
            assert_eq!(neutralise(typed), written, "{typed:?}");
        }
    }

    #[test]
    fn commas_quotes_and_line_breaks_survive_a_round_trip() {
        let rows = vec![
            vec![
                "Collect logs, then upload",
                "He said \"now\"",
                "line one\nline two",
            ],
            vec!["Zoë Müller", "=cmd|' /C calc'!A0", "ok"],
        ];
        let text = render(&["title", "owner", "note"], rows.clone()).unwrap();
        assert!(text.starts_with(BYTE_ORDER_MARK));
        assert!(text.contains("\r\n"));
        let read = read_back(&text);
        assert_eq!(read[0], ["title", "owner", "note"]);
        assert_eq!(read[1], rows[0]);
        assert_eq!(read[2], ["Zoë Müller", "'=cmd|' /C calc'!A0", "ok"]);
        assert_eq!(read.len(), 3);
    }

    #[test]
    fn a_row_of_the_wrong_width_is_an_error_not_a_shifted_table() {
        let err = render(&["a", "b"], vec![vec!["1", "2"], vec!["only one"]]).unwrap_err();
        assert!(err.to_string().contains("CSV"), "{err}");
    }

    #[test]
    fn table_names_become_safe_distinct_file_names() {
        use crate::document::{Block, Section, Table};
        let table = |name: &str| Block::Table {
            table: Table {
                name: name.to_owned(),
                headers: vec!["a".to_owned()],
                rows: vec![vec!["1".to_owned()]],
            },
        };
        let doc = Document {
            title: "t".to_owned(),
            facts: Vec::new(),
            sections: vec![Section {
                heading: "s".to_owned(),
                blocks: vec![
                    table("timeline"),
                    table("../../etc/passwd"),
                    table("timeline"),
                    table(""),
                    table("Ünïcode Name"),
                ],
            }],
        };
        let names: Vec<String> = document_tables(&doc)
            .unwrap()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(
            names,
            [
                "timeline.csv",
                "etc-passwd.csv",
                "timeline-2.csv",
                "table.csv",
                "n-code-name.csv"
            ]
        );
    }
}
