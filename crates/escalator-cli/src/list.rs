//! `escalator list`: the escalations as aligned columns for people, or JSON for scripts.

use std::io::Write;

use escalator_app::{App, EscalationSummary};

use crate::args::ListArgs;
use crate::emit;
use crate::failure::Failure;

const HEADER: [&str; 5] = ["ID", "STATE", "VENDOR", "SR", "TITLE"];

pub(crate) fn run(
    app: &App,
    args: &ListArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let rows: Vec<EscalationSummary> = app
        .list_escalations()?
        .into_iter()
        .filter(|row| args.all || row.state.is_open())
        .collect();
    if args.json {
        // The app's own serialisation (camelCase, as the window gets it), so scripts see the
        // same fields the UI does.
        let json = serde_json::to_string_pretty(&rows)
            .map_err(|e| Failure::new(crate::Exit::Failure, e.to_string()))?;
        return emit(out, &json);
    }
    if rows.is_empty() {
        // A sentence, not a bare header; on standard error, so a script reading the table
        // sees no rows rather than a row of prose.
        let none = if args.all {
            "No escalations."
        } else {
            "No open escalations (--all includes closed and withdrawn ones)."
        };
        let _ = writeln!(err, "{none}");
        return Ok(());
    }
    // The vendor's id, not its display name: it is what `export --vendor` takes.
    let table: Vec<[String; 5]> = rows
        .iter()
        .map(|row| {
            [
                row.id.clone(),
                row.state.as_str().to_owned(),
                row.vendor.clone(),
                row.vendor_sr_number.clone(),
                row.title.clone(),
            ]
        })
        .collect();
    let widths = widths(&table);
    emit(out, &format_row(&HEADER.map(str::to_owned), &widths))?;
    for row in &table {
        emit(out, &format_row(row, &widths))?;
    }
    Ok(())
}

/// The width of each column but the last (which is not padded), header included.
fn widths(table: &[[String; 5]]) -> [usize; 4] {
    let mut widths = [0; 4];
    for row in std::iter::once(&HEADER.map(str::to_owned)).chain(table) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    widths
}

fn format_row(row: &[String; 5], widths: &[usize; 4]) -> String {
    let mut line = String::new();
    for (cell, width) in row.iter().zip(widths) {
        line.push_str(cell);
        line.extend(std::iter::repeat_n(
            ' ',
            width.saturating_sub(cell.chars().count()) + 2,
        ));
    }
    if let Some(last) = row.last() {
        line.push_str(last);
    }
    line.trim_end().to_owned()
}
