//! One table of an export as a CSV file that is safe to open in a spreadsheet.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
//! LibreOffice and Google Sheets as a formula, so vendor or user text such as
//! `=HYPERLINK("http://evil", "click")` would run when the file is opened. Such a cell gets a
//! leading apostrophe, which spreadsheets show as text and hide; the rest is kept exactly.
//! Quoting (commas, quotes, line breaks) is the `csv` crate's, by RFC 4180, with CRLF line
//! ends and a UTF-8 byte-order mark so Excel reads accents correctly.
//!
//! It does not choose which tables an export has or name their files; the report that uses
//! it does.

use std::borrow::Cow;

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
}
