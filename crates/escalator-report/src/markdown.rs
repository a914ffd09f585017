//! Any [`Document`] as CommonMark with GitHub-style tables, for pasting into a ticket, a wiki
//! or an email.
//!
//! Every piece of text, the report's own words included, goes through [`escape`], so a pasted
//! `# heading`, link, table row, HTML tag or code fence shows as the text typed and cannot
//! change the document's structure. The only constructs in the output are the renderer's own:
//! headings, bullet lists, bold labels, tables, block quotes for notices and one code span per
//! [`Block::Code`]. It never writes raw HTML.
//!
//! It deliberately decides nothing about content: what a report says, its wording and its
//! times are the document's. Nor does it write the file anywhere.

use crate::document::{Block, Document, Field, Table, Tone};

/// Makes user or vendor text inert in Markdown: every character that can start or end a
/// Markdown construct is backslash-escaped, and line breaks, tabs and other control
/// characters become single spaces, so the result is always one line that is safe both in
/// running text and in a table cell. Multi-line text is split first (see `paragraphs`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '('
                | ')'
                | '#'
                | '+'
                | '-'
                | '.'
                | '!'
                | '|'
                | '<'
                | '>'
                | '~'
                // Not in the classic list, but each can still start a construct: a line of
                // `=` underlines a setext heading, `&` starts an entity such as `&lt;`.
                | '='
                | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Multi-line text as Markdown: each source line escaped on its own line, blank lines kept
/// as paragraph breaks. Leading spaces go with the escaping, so no line can become an
/// indented code block. A blank result is shown as a dash.
pub fn paragraphs(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.trim().lines() {
        let line = escape(line);
        if line.is_empty() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            // A backslash before the line break is a hard break without trailing spaces.
            out.push_str(if blank { "\n\n" } else { "\\\n" });
        }
        blank = false;
        out.push_str(&line);
    }
    if out.is_empty() {
        out.push('—');
    }
    out
}

/// One-line text, or a dash when empty: an empty heading, list value or cell would read as
/// a mistake, and an empty heading line is not a heading at all.
fn line(text: &str) -> String {
    let text = escape(text);
    if text.is_empty() {
        "—".to_owned()
    } else {
        text
    }
}

/// A code span that shows `value` exactly: fenced by more backticks than any run inside it,
/// padded with a space where it starts or ends with a backtick, as CommonMark requires.
fn code_span(value: &str) -> String {
    // A span cannot hold a line break, and control characters have no business in one.
    let value: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let value = value.trim();
    if value.is_empty() {
        return "—".to_owned();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in value.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if value.starts_with('`') || value.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{value}{pad}{fence}")
}

fn fields(out: &mut String, fields: &[Field]) {
    for field in fields {
        out.push_str("- ");
        out.push_str(&line(&field.label));
        out.push_str(": ");
        out.push_str(&line(&field.value));
        out.push('\n');
    }
    out.push('\n');
}

fn table(out: &mut String, table: &Table) {
    // A GitHub table needs at least one column; a table without headers has nothing to show.
    if table.headers.is_empty() {
        return;
    }
    let row_line = |out: &mut String, cells: &mut dyn Iterator<Item = String>| {
        out.push('|');
        for cell in cells {
            out.push(' ');
            out.push_str(&cell);
            out.push_str(" |");
        }
        out.push('\n');
    };
    row_line(out, &mut table.headers.iter().map(|h| line(h)));
    out.push('|');
    out.push_str(&"---|".repeat(table.headers.len()));
    out.push('\n');
    for row in &table.rows {
        // Exactly one cell per header even if a row is short or long, so no cell can shift
        // under the wrong header.
        let mut cells =
            (0..table.headers.len()).map(|i| row.get(i).map_or_else(|| line(""), |c| line(c)));
        row_line(out, &mut cells);
    }
    out.push('\n');
}

fn notice_label(tone: Tone) -> &'static str {
    match tone {
        Tone::Caution => "Caution",
        Tone::Alarm => "Warning",
    }
}

fn blocks(out: &mut String, list: &[Block]) {
    for block in list {
        match block {
            Block::Fields { fields: values } => fields(out, values),
            Block::Text { text } => {
                out.push_str(&paragraphs(text));
                out.push_str("\n\n");
            }
            Block::Labelled { label, text } => {
                out.push_str("**");
                out.push_str(&line(label));
                out.push_str("**\n\n");
                out.push_str(&paragraphs(text));
                out.push_str("\n\n");
            }
            Block::Table { table: t } => table(out, t),
            Block::Empty { text } => {
                out.push_str(&line(text));
                out.push_str("\n\n");
            }
            Block::Code { label, value } => {
                out.push_str(&line(label));
                out.push_str(": ");
                out.push_str(&code_span(value));
                out.push_str("\n\n");
            }
            Block::Notice { tone, text } => {
                out.push_str("> **");
                out.push_str(notice_label(*tone));
                out.push_str(":** ");
                // One line, so the notice is one quoted paragraph and nothing escapes the quote.
                out.push_str(&line(text));
                out.push_str("\n\n");
            }
            Block::Subsection {
                heading,
                blocks: inner,
            } => {
                out.push_str("### ");
                out.push_str(&line(heading));
                out.push_str("\n\n");
                // Subsections do not nest; a nested one is laid out at the same level.
                blocks(out, inner);
            }
        }
    }
}

/// The document as CommonMark (with GitHub-style tables), ending with one line break.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("# ");
    out.push_str(&line(&doc.title));
    out.push_str("\n\n");
    if !doc.facts.is_empty() {
        fields(&mut out, &doc.facts);
    }
    for section in &doc.sections {
        out.push_str("## ");
        out.push_str(&line(&section.heading));
        out.push_str("\n\n");
        blocks(&mut out, &section.blocks);
    }
    let end = out.trim_end().len();
    out.truncate(end);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_outlast_the_backticks_inside_them() {
        assert_eq!(code_span("abc"), "`abc`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a``"), "``` `a`` ```");
        assert_eq!(code_span("a\nb"), "`a b`");
        assert_eq!(code_span(""), "—");
    }

    #[test]
    fn a_table_row_always_has_one_cell_per_header() {
        let mut out = String::new();
        table(
            &mut out,
            &Table {
                name: "t".to_owned(),
                headers: vec!["A".to_owned(), "B".to_owned()],
                rows: vec![
                    vec!["1".to_owned()],
                    vec!["1".to_owned(), "2".to_owned(), "3".to_owned()],
                ],
            },
        );
        assert_eq!(out, "| A | B |\n|---|---|\n| 1 | — |\n| 1 | 2 |\n\n");
    }
}
