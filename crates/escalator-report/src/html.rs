//! Any [`Document`] as one self-contained HTML5 file: what a manager opens in a browser,
//! attaches to a mail or prints.
//!
//! The file stands alone and cannot do anything but show text. It carries its own Content
//! Security Policy (`default-src 'none'`, the one inline stylesheet allowed by its SHA-256
//! hash), has no scripts, loads nothing, links nowhere and sends no referrer. Every piece of
//! document text goes through [`escape`] and lands only in element content or an escaped,
//! quoted position: never in a URL, a style, an `id` or any attribute. The structure (tags,
//! classes, the stylesheet) is fixed here and chosen by the block's kind alone, so hostile
//! text in any field shows as the characters typed.
//!
//! The stylesheet gives calm system-font typography, tables with a repeating header row,
//! zebra rows and right-aligned numeric columns, notices labelled in words as well as colour,
//! a dark scheme for screens and print rules (page margins, page numbers, rows and
//! subsections kept whole, backgrounds kept).
//!
//! It deliberately does not decide what a report says (the builders do, into the
//! [`Document`]), hyperlink anything (a report is read, not navigated, and a link would be a
//! URL built from vendor text), load fonts or images, or produce a PDF; nor does it write the
//! file anywhere. Output is byte-for-byte reproducible from the document.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest as _, Sha256};

use crate::document::{Block, Document, Field, Table, Tone};

/// The whole stylesheet, written verbatim into the one `<style>` element. The CSP allows
/// exactly these bytes by hash, so any change here changes the policy with it.
const STYLESHEET: &str = r#"
:root {
  color-scheme: light dark;
  --fg: #1f2328;
  --muted: #59636e;
  --bg: #ffffff;
  --rule: #d1d9e0;
  --rule-strong: #8c959f;
  --panel: #f0f3f6;
  --zebra: #f6f8fa;
  --code-bg: #eef1f4;
  --caution-bg: #fff6dd;
  --caution-edge: #b7791f;
  --caution-fg: #7a4d00;
  --alarm-bg: #fdeceb;
  --alarm-edge: #c62828;
  --alarm-fg: #8e1b1b;
  -webkit-print-color-adjust: exact;
  print-color-adjust: exact;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6e8eb;
    --muted: #9ba5b0;
    --bg: #15181c;
    --rule: #363d46;
    --rule-strong: #5b6470;
    --panel: #1f242b;
    --zebra: #1b1f25;
    --code-bg: #262c34;
    --caution-bg: #352a10;
    --caution-edge: #d9a23a;
    --caution-fg: #f3cf84;
    --alarm-bg: #3a1717;
    --alarm-edge: #ef5350;
    --alarm-fg: #ffb4ab;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0 auto;
  max-width: 72rem;
  padding: 2rem 1.5rem 3rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 1rem;
  line-height: 1.5;
  color: var(--fg);
  background: var(--bg);
  overflow-wrap: break-word;
}
h1, h2, h3, h4, h5, h6 { line-height: 1.25; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 1.75rem; margin: 0 0 1rem; }
h2 { font-size: 1.3rem; margin: 2.25rem 0 0.75rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
h4, h5, h6 { font-size: 1rem; margin: 1.25rem 0 0.5rem; }
p { margin: 0 0 0.75rem; }
header { margin-bottom: 1.5rem; }
dl {
  display: grid;
  grid-template-columns: fit-content(16rem) minmax(0, 1fr);
  gap: 0.25rem 1.25rem;
  margin: 0 0 1rem;
}
dt { color: var(--muted); font-weight: 600; }
dd { margin: 0; }
dl.facts { padding: 0.75rem 1rem; background: var(--panel); border-radius: 6px; }
.label { font-weight: 600; margin: 1rem 0 0.25rem; break-after: avoid; page-break-after: avoid; }
.empty { color: var(--muted); font-style: italic; }
code {
  font-family: ui-monospace, SFMono-Regular, "Cascadia Mono", "Segoe UI Mono", "Liberation Mono", Menlo, Consolas, monospace;
  font-size: 0.875em;
  padding: 0.1rem 0.35rem;
  border-radius: 4px;
  background: var(--code-bg);
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  word-break: break-all;
}
.table { overflow-x: auto; margin: 0 0 1rem; }
table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
thead { display: table-header-group; }
th, td { padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; border-bottom: 1px solid var(--rule); }
thead th { font-weight: 600; background: var(--panel); border-bottom: 2px solid var(--rule-strong); }
tbody tr:nth-child(even) { background: var(--zebra); }
tr { break-inside: avoid; page-break-inside: avoid; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num, td.word { white-space: nowrap; }
.notice {
  margin: 0 0 1rem;
  padding: 0.75rem 1rem;
  border: 1px solid;
  border-left-width: 6px;
  border-radius: 4px;
  break-inside: avoid;
  page-break-inside: avoid;
}
.notice p:last-child { margin-bottom: 0; }
.tone { display: block; margin-bottom: 0.25rem; font-size: 0.8rem; font-weight: 700; letter-spacing: 0.05em; text-transform: uppercase; }
.caution { background: var(--caution-bg); border-color: var(--caution-edge); }
.caution .tone { color: var(--caution-fg); }
.alarm { background: var(--alarm-bg); border-color: var(--alarm-edge); border-width: 2px 2px 2px 6px; }
.alarm .tone { color: var(--alarm-fg); }
section.sub { break-inside: avoid; page-break-inside: avoid; }
@media (max-width: 40rem) {
  body { padding: 1rem 0.75rem 2rem; }
  dl { grid-template-columns: minmax(0, 1fr); }
  dd { margin-bottom: 0.4rem; }
}
@page {
  margin: 16mm 14mm 18mm;
  @bottom-right {
    content: "Page " counter(page) " of " counter(pages);
    font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
    font-size: 8pt;
    color: #59636e;
  }
}
@media print {
  :root {
    --fg: #000000;
    --muted: #4a5058;
    --bg: #ffffff;
    --rule: #c4cbd3;
    --rule-strong: #7d8590;
    --panel: #eef1f4;
    --zebra: #f5f7f9;
    --code-bg: #eef1f4;
    --caution-bg: #fff6dd;
    --caution-edge: #b7791f;
    --caution-fg: #6b4300;
    --alarm-bg: #fdeceb;
    --alarm-edge: #c62828;
    --alarm-fg: #8e1b1b;
  }
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  body.wide { page: wide; }
  h2 { margin-top: 1.5rem; }
  .table { overflow: visible; }
  table { font-size: 8pt; }
  th, td { padding: 0.25rem 0.4rem; }
  th { hyphens: auto; }
}
@page wide { size: landscape; }
"#;

/// Columns from which a table is printed on landscape pages.
const WIDE_TABLE: usize = 8;

/// The whole file for one document.
pub fn render(doc: &Document) -> String {
    let mut out = String::with_capacity(STYLESHEET.len() + 4096);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n");
    // First in <head>: a policy delivered by <meta> governs only what the parser meets
    // after it. `base-uri` and `form-action` do not fall back to `default-src`, so they are
    // closed by name; nothing else is allowed but the stylesheet below, by its hash.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src ",
    );
    out.push_str(&style_source());
    out.push_str("; base-uri 'none'; form-action 'none'\">\n");
    out.push_str("<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    out.push_str("<title>");
    out.push_str(&escape(&one_line(&doc.title)));
    out.push_str("</title>\n<style>");
    out.push_str(STYLESHEET);
    out.push_str("</style>\n</head>\n");
    // A table too wide for a portrait page turns the printout to landscape, where its
    // columns fit instead of being cut off at the margin.
    let wide = doc
        .tables()
        .iter()
        .any(|table| table.headers.len() >= WIDE_TABLE);
    out.push_str(if wide {
        "<body class=\"wide\">\n"
    } else {
        "<body>\n"
    });
    out.push_str("<header>\n<h1>");
    out.push_str(&inline(&doc.title));
    out.push_str("</h1>\n");
    fields(&mut out, &doc.facts, "facts");
    out.push_str("</header>\n<main>\n");
    for section in &doc.sections {
        out.push_str("<section>\n<h2>");
        out.push_str(&inline(&section.heading));
        out.push_str("</h2>\n");
        blocks(&mut out, &section.blocks, 2);
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The CSP source that allows exactly [`STYLESHEET`]: its SHA-256, base64, quoted as CSP
/// wants it. Computed from the constant itself, so the two cannot drift apart.
pub fn style_source() -> String {
    let digest = Sha256::digest(STYLESHEET.as_bytes());
    format!("'sha256-{}'", BASE64.encode(digest))
}

/// Makes plain text safe anywhere text or a quoted attribute value may stand: the five
/// characters HTML gives meaning to become references. Control characters other than tab
/// and line breaks, and Unicode noncharacters, become U+FFFD: HTML forbids them, a parser
/// would drop or mangle them silently, and the replacement character shows something was
/// there.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn is_noncharacter(c: char) -> bool {
    let code = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// The text's lines, whatever the line endings (CRLF, CR or LF), each trimmed.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split("\r\n")
        .flat_map(|part| part.split(['\r', '\n']))
        .map(str::trim)
}

/// Text meant as one line (the `<title>`, which cannot hold markup): lines joined by spaces.
fn one_line(text: &str) -> String {
    lines(text)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Short text (a heading, a label, a value, a cell), escaped; a line break the user typed
/// is kept as `<br>` rather than lost, blank lines are dropped.
fn inline(text: &str) -> String {
    lines(text)
        .filter(|line| !line.is_empty())
        .map(escape)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Free text as typed: paragraphs split on blank lines, single line breaks kept as `<br>`.
/// Blank text shows a muted dash, so a label is never left hanging over nothing.
fn paragraphs(out: &mut String, text: &str) {
    let mut paragraph: Vec<String> = Vec::new();
    let mut any = false;
    let mut flush = |paragraph: &mut Vec<String>, out: &mut String| {
        if !paragraph.is_empty() {
            out.push_str("<p>");
            out.push_str(&paragraph.join("<br>\n"));
            out.push_str("</p>\n");
            paragraph.clear();
            any = true;
        }
    };
    for line in lines(text) {
        if line.is_empty() {
            flush(&mut paragraph, out);
        } else {
            paragraph.push(escape(line));
        }
    }
    flush(&mut paragraph, out);
    if !any {
        out.push_str("<p class=\"empty\">\u{2014}</p>\n");
    }
}

/// Labelled values as a definition list; `class` is a fixed word ("facts", "fields"),
/// never document text.
fn fields(out: &mut String, fields: &[Field], class: &str) {
    if fields.is_empty() {
        return;
    }
    out.push_str("<dl class=\"");
    out.push_str(class);
    out.push_str("\">\n");
    for field in fields {
        out.push_str("<dt>");
        out.push_str(&inline(&field.label));
        out.push_str("</dt><dd>");
        out.push_str(&inline(&field.value));
        out.push_str("</dd>\n");
    }
    out.push_str("</dl>\n");
}

/// The blocks under a heading of `level`; a subsection's heading is one level deeper,
/// capped at `<h6>` should a document ever nest further than the model intends.
fn blocks(out: &mut String, list: &[Block], level: u8) {
    for block in list {
        match block {
            Block::Fields { fields: list } => fields(out, list, "fields"),
            Block::Text { text } => paragraphs(out, text),
            Block::Labelled { label, text } => {
                out.push_str("<p class=\"label\">");
                out.push_str(&inline(label));
                out.push_str("</p>\n");
                paragraphs(out, text);
            }
            Block::Table { table: t } => table(out, t),
            Block::Empty { text } => {
                out.push_str("<p class=\"empty\">");
                out.push_str(&inline(text));
                out.push_str("</p>\n");
            }
            Block::Code { label, value } => {
                // The value exactly as given (a hash): not trimmed or split, only escaped;
                // the stylesheet keeps its spaces and lets it break anywhere.
                out.push_str("<dl class=\"fields\">\n<dt>");
                out.push_str(&inline(label));
                out.push_str("</dt><dd><code>");
                out.push_str(&escape(value));
                out.push_str("</code></dd>\n</dl>\n");
            }
            Block::Notice { tone, text } => {
                let (class, word) = match tone {
                    Tone::Caution => ("caution", "Caution"),
                    Tone::Alarm => ("alarm", "Warning"),
                };
                // The tone in words as well as colour: it survives a greyscale printer and
                // is read out by a screen reader.
                out.push_str("<div class=\"notice ");
                out.push_str(class);
                out.push_str("\" role=\"note\">\n<strong class=\"tone\">");
                out.push_str(word);
                out.push_str("</strong>\n");
                paragraphs(out, text);
                out.push_str("</div>\n");
            }
            Block::Subsection {
                heading,
                blocks: inner,
            } => {
                let level = level.saturating_add(1).min(6);
                out.push_str("<section class=\"sub\">\n");
                out.push_str(&format!("<h{level}>"));
                out.push_str(&inline(heading));
                out.push_str(&format!("</h{level}>\n"));
                blocks(out, inner, level);
                out.push_str("</section>\n");
            }
        }
    }
}

/// How a column's cells are laid out, decided from all of its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// Numbers, percentages, durations: right-aligned in tabular figures, never wrapped.
    Numeric,
    /// Short single words (an SR number, a case number): kept whole, since a browser would
    /// otherwise break `SR-2401-7781` at its hyphens in a narrow column.
    Word,
    Text,
}

fn table(out: &mut String, table: &Table) {
    let columns: Vec<Column> = (0..table.headers.len())
        .map(|column| column_kind(table, column))
        .collect();
    let cell_open = |tag: &str, column: usize, header: bool| match columns.get(column) {
        Some(Column::Numeric) => format!("<{tag} class=\"num\">"),
        // A header may be long; only the values stay on one line.
        Some(Column::Word) if !header => format!("<{tag} class=\"word\">"),
        _ => format!("<{tag}>"),
    };
    // The wrapper scrolls a wide table sideways on a narrow screen instead of the page.
    out.push_str("<div class=\"table\">\n<table>\n");
    if !table.headers.is_empty() {
        out.push_str("<thead>\n<tr>");
        for (column, header) in table.headers.iter().enumerate() {
            out.push_str(&cell_open("th scope=\"col\"", column, true));
            out.push_str(&inline(header));
            out.push_str("</th>");
        }
        out.push_str("</tr>\n</thead>\n");
    }
    out.push_str("<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (column, cell) in row.iter().enumerate() {
            out.push_str(&cell_open("td", column, false));
            out.push_str(&inline(cell));
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// Longest value, in characters, that a [`Column::Word`] column keeps on one line.
const WORD_MAX: usize = 24;

/// A column reads as numbers when it has at least one value and every value is a number, a
/// percentage, a duration or a rating; as words when every value is one short word.
/// Placeholders for "none" do not count either way.
fn column_kind(table: &Table, column: usize) -> Column {
    let values: Vec<&str> = table
        .rows
        .iter()
        .map(|row| row.get(column).map_or("", |cell| cell.trim()))
        .filter(|cell| !matches!(*cell, "" | "\u{2014}" | "\u{2013}" | "-"))
        .collect();
    if values.is_empty() {
        Column::Text
    } else if values
        .iter()
        .all(|v| is_number(v) || is_duration(v) || is_rating(v))
    {
        Column::Numeric
    } else if values
        .iter()
        .all(|v| !v.contains(char::is_whitespace) && v.chars().count() <= WORD_MAX)
    {
        Column::Word
    } else {
        Column::Text
    }
}

/// `12`, `-3`, `1,234.5`, `75%`, `20 %`: a decimal with optional sign, thousands commas and
/// percent sign.
fn is_number(text: &str) -> bool {
    let text = text
        .strip_prefix(['+', '-', '\u{2212}'])
        .unwrap_or(text)
        .trim_start();
    let text = text.strip_suffix('%').map_or(text, str::trim_end);
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let fraction_ok = !text.contains('.') || digits(fraction);
    let mut groups = whole.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|first| digits(first) && (!whole.contains(',') || first.len() <= 3));
    first_ok && groups.all(|group| group.len() == 3 && digits(group)) && fraction_ok
}

/// `4 of 5`, `3.5 of 5`: a score out of a maximum.
fn is_rating(text: &str) -> bool {
    text.split_once(" of ")
        .is_some_and(|(score, out_of)| is_number(score) && is_number(out_of))
}

/// `1d 2h 00m`, `45 min`, `2.5 h`: one or more amounts, each with a unit, the unit written
/// against the number or after a space.
fn is_duration(text: &str) -> bool {
    const UNITS: [&str; 7] = ["w", "d", "h", "m", "min", "s", "ms"];
    let mut words = text.split_whitespace();
    let mut any = false;
    while let Some(word) = words.next() {
        let split = word
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(word.len());
        let Some((amount, unit)) = word.split_at_checked(split) else {
            return false;
        };
        let unit = if unit.is_empty() {
            words.next().unwrap_or("")
        } else {
            unit
        };
        if !is_number(amount) || !UNITS.contains(&unit) {
            return false;
        }
        any = true;
    }
    any
}
