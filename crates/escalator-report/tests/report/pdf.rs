//! The PDF export as a reader gets it: each file is read back with poppler's `pdftotext
//! -layout` and `pdfinfo` (Debian `poppler-utils`, installed by `cargo xtask test`), so the
//! checks are on the text a person would see and copy, not on Typst's internals.

use std::io::Write as _;
use std::process::{Command, Stdio};

use escalator_report::document::{Block, Document, Field, Section, Table, Tone};
use escalator_report::pdf::render;
use escalator_report::{escalation_report, scorecard, sr_register, status_report};

use crate::fixtures;

const HASH: &str = "064b35ad37641b8d87fe8c181869cb4fedab44fd193dcf00e1f7c94c8f7e1aef";

/// Each is Typst markup that would restyle, break or run something if the template
/// evaluated document text instead of printing it.
const MARKUP: [&str; 12] = [
    "#set page(width: 1cm)",
    "$x$",
    "*bold*",
    "<label>",
    "@ref",
    "\\",
    "]",
    "#panic(\"boom\")",
    "#read(\"/etc/passwd\")",
    "#import \"@preview/cetz:0.3.0\"",
    "#datetime.today()",
    "_under_ `raw` // comment /* open",
];

/// Runs a poppler tool on `pdf`, handed over on standard input (`fd://0`), and returns what
/// it printed.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let mut child = Command::new(tool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| {
            panic!("cannot run {tool} ({err}): install poppler-utils (cargo xtask test does)")
        });
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The text of every page, laid out as on the page (`-layout`), pages separated by form feeds.
fn text(pdf: &[u8]) -> String {
    poppler(
        "pdftotext",
        &["-layout", "-enc", "UTF-8", "fd://0", "-"],
        pdf,
    )
}

/// The same text with every run of white space made one space, so a search does not depend on
/// how far apart two columns happen to be set.
fn squashed(pdf: &[u8]) -> String {
    text(pdf).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn info(pdf: &[u8], key: &str) -> String {
    let info = poppler("pdfinfo", &["fd://0"], pdf);
    info.lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .unwrap_or_else(|| panic!("no {key} in pdfinfo's output:\n{info}"))
        .trim()
        .to_owned()
}

fn pages(pdf: &[u8]) -> usize {
    info(pdf, "Pages").parse().unwrap()
}

fn assert_a4(pdf: &[u8]) {
    let size = info(pdf, "Page size");
    assert!(size.contains("(A4)"), "page size {size}");
}

fn render_ok(doc: &Document) -> Vec<u8> {
    let pdf = render(doc).unwrap_or_else(|err| panic!("{err}"));
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    pdf
}

/// With `ESCALATOR_PDF_DIR` set, writes `pdf` there as `name.pdf`, to look at the layout.
fn keep(name: &str, pdf: &[u8]) {
    if let Some(dir) = std::env::var_os("ESCALATOR_PDF_DIR") {
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.pdf")), pdf).unwrap();
    }
}

fn table(name: &str, headers: &[&str], rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        table: Table {
            name: name.to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        },
    }
}

/// Six columns like the escalation report's timeline; `n` rows.
fn timeline(n: usize) -> Block {
    let rows = (1..=n)
        .map(|i| {
            vec![
                i.to_string(),
                format!("2026-01-09 {:02}:{:02}", 10 + i / 60 % 12, i % 60),
                format!("2026-01-09 {:02}:{:02}", 9 + i / 60 % 12, i % 60),
                "note".to_owned(),
                "Ada".to_owned(),
                format!("Event number {i}"),
            ]
        })
        .collect();
    table(
        "timeline",
        &[
            "#",
            "Local (Europe/Berlin)",
            "UTC",
            "Kind",
            "Actor",
            "Summary",
        ],
        rows,
    )
}

/// A document with every kind of block, each piece of user text passed through `t`.
fn sample(t: &dyn Fn(&str) -> String) -> Document {
    Document {
        title: t("Escalation report: vMotion failures on PROD-A"),
        facts: vec![
            Field::new("State", t("action plan agreed")),
            Field::new(
                "Generated",
                "2026-01-15 13:00 Europe/Berlin (2026-01-15 12:00 UTC)",
            ),
        ],
        sections: vec![
            Section {
                heading: t("Summary"),
                blocks: vec![
                    Block::Fields {
                        fields: vec![Field::new("Escalation engineer", t("Priya Raman"))],
                    },
                    Block::Labelled {
                        label: "Problem statement".to_owned(),
                        text: t(
                            "Since the upgrade, vMotion fails at 20 %.\nAffects all 12 hosts.\n\nSeen weekly.",
                        ),
                    },
                    Block::Notice {
                        tone: Tone::Caution,
                        text: t("1 update missed."),
                    },
                    Block::Notice {
                        tone: Tone::Alarm,
                        text: t("The timeline chain is broken."),
                    },
                ],
            },
            Section {
                heading: t("Contacts"),
                blocks: vec![
                    table(
                        "contacts",
                        &["Role", "Name", "Email"],
                        vec![vec![
                            "Escalation Engineer".to_owned(),
                            t("Priya Raman"),
                            t("priya@vendor.example"),
                        ]],
                    ),
                    Block::Subsection {
                        heading: t("Dell Technologies"),
                        blocks: vec![Block::Empty {
                            text: "None engaged.".to_owned(),
                        }],
                    },
                ],
            },
            Section {
                heading: "Timeline".to_owned(),
                blocks: vec![
                    timeline(4),
                    Block::Text {
                        text: t("Notes\n\nsecond paragraph"),
                    },
                    Block::Code {
                        label: "Chain head".to_owned(),
                        value: HASH.to_owned(),
                    },
                ],
            },
        ],
    }
}

#[test]
fn pdf_shows_the_title_facts_headings_cells_hash_and_page_numbers() {
    let pdf = render_ok(&sample(&fixtures::plain));
    keep("sample", &pdf);
    let text = squashed(&pdf);
    for expected in [
        "Escalation report: vMotion failures on PROD-A",
        "State action plan agreed",
        "2026-01-15 13:00 Europe/Berlin (2026-01-15 12:00 UTC)",
        "Summary",
        "Escalation engineer Priya Raman",
        "Problem statement",
        "Since the upgrade, vMotion fails at 20 %.",
        "Affects all 12 hosts.",
        "Seen weekly.",
        "Caution: 1 update missed.",
        "Warning: The timeline chain is broken.",
        "Role Name Email",
        "priya@vendor.example",
        "Dell Technologies",
        "None engaged.",
        "2026-01-09 10:03",
        "Event number 4",
        HASH,
        "Page 1 of 1",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }
    assert_eq!(pages(&pdf), 1);
    assert_a4(&pdf);
}

#[test]
fn pdf_keeps_paragraphs_and_line_breaks_of_free_text() {
    let pdf = render_ok(&sample(&fixtures::plain));
    let lines: Vec<String> = text(&pdf).lines().map(|l| l.trim().to_owned()).collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not on a line of its own"))
    };
    // A single line break stays a line break; a blank line starts a new paragraph.
    assert_eq!(
        at("Affects all 12 hosts."),
        at("vMotion fails at 20 %.") + 1
    );
    assert!(at("Seen weekly.") > at("Affects all 12 hosts."));
    assert!(at("second paragraph") > at("Notes"));
    assert!(!lines[at("Notes")].contains("second paragraph"));
}

#[test]
fn pdf_prints_typst_markup_in_user_text_literally() {
    for markup in MARKUP {
        let t = |text: &str| format!("{text} {markup}");
        let pdf = render(&sample(&t)).unwrap_or_else(|err| panic!("{markup:?}: {err}"));
        assert!(pdf.starts_with(b"%PDF-"));
        // `#set page(width: 1cm)` evaluated would give a page one centimetre wide.
        assert_a4(&pdf);
        let text = squashed(&pdf);
        for expected in [
            format!("Escalation report: vMotion failures on PROD-A {markup}"),
            format!("State action plan agreed {markup}"),
            format!("Caution: 1 update missed. {markup}"),
        ] {
            assert!(
                text.contains(&expected),
                "{expected:?} missing from\n{text}"
            );
        }
    }
}

#[test]
fn pdf_prints_all_markup_together_in_every_field() {
    let all = MARKUP.join(" ");
    let t = |_: &str| all.clone();
    let pdf = render_ok(&sample(&t));
    assert_a4(&pdf);
    assert!(squashed(&pdf).contains(&all));
}

#[test]
fn pdf_of_an_empty_document_renders() {
    let doc = Document {
        title: String::new(),
        facts: Vec::new(),
        sections: Vec::new(),
    };
    let pdf = render_ok(&doc);
    assert_eq!(pages(&pdf), 1);
    assert!(squashed(&pdf).contains("Page 1 of 1"));
}

#[test]
fn pdf_of_empty_and_odd_blocks_renders() {
    let doc = Document {
        title: "Odd".to_owned(),
        facts: vec![Field::new("", "")],
        sections: vec![Section {
            heading: String::new(),
            blocks: vec![
                Block::Fields { fields: Vec::new() },
                Block::Text {
                    text: String::new(),
                },
                Block::Text {
                    text: "\r\n\n \n".to_owned(),
                },
                Block::Labelled {
                    label: String::new(),
                    text: String::new(),
                },
                // No headers at all, and a row longer and one shorter than the headers.
                table("no-columns", &[], vec![vec!["stray".to_owned()]]),
                table(
                    "ragged",
                    &["A", "B", "C"],
                    vec![
                        vec!["a1".to_owned()],
                        vec![
                            "b1".to_owned(),
                            "b2".to_owned(),
                            "b3".to_owned(),
                            "b4".to_owned(),
                        ],
                    ],
                ),
                table("no-rows", &["Only header"], Vec::new()),
                // Far more columns than fit across a page.
                table(
                    "very-wide",
                    &["Column"; 80],
                    vec![vec!["wide-cell-value".to_owned(); 80]; 3],
                ),
                Block::Code {
                    label: "Long value".to_owned(),
                    value: "0123456789abcdef".repeat(20),
                },
                Block::Code {
                    label: "Empty value".to_owned(),
                    value: String::new(),
                },
                Block::Notice {
                    tone: Tone::Alarm,
                    text: String::new(),
                },
                Block::Subsection {
                    heading: String::new(),
                    blocks: Vec::new(),
                },
            ],
        }],
    };
    let pdf = render_ok(&doc);
    let text = squashed(&pdf);
    // The ragged row keeps its first three cells in their columns; nothing shifts.
    assert!(text.contains("A B C"), "{text}");
    assert!(text.contains("b1 b2 b3"), "{text}");
    assert!(!text.contains("b4"), "{text}");
    assert!(text.contains("Only header"), "{text}");
    // A value longer than a line is cut into lines, all of it shown, in order.
    let joined: String = text.split(' ').collect();
    assert!(joined.contains(&"0123456789abcdef".repeat(20)), "{text}");
}

#[test]
fn pdf_with_unusual_characters_renders() {
    // Control characters, characters none of the fonts has (CJK, emoji), right-to-left text,
    // combining marks and a very long word: all must render, none may fail the report.
    let t = |text: &str| {
        format!(
            "{text} \u{0}\u{7}\u{1b}[31m\t障害 🚨 שלום e\u{301} Ünïcödé {}",
            "x".repeat(300)
        )
    };
    let pdf = render_ok(&sample(&t));
    let text = squashed(&pdf);
    assert!(text.contains("Ünïcödé"), "{text}");
}

#[test]
fn pdf_of_a_2000_row_table_breaks_across_pages_and_repeats_its_header() {
    let doc = Document {
        title: "Long timeline".to_owned(),
        facts: Vec::new(),
        sections: vec![Section {
            heading: "Timeline".to_owned(),
            blocks: vec![timeline(2_000)],
        }],
    };
    let pdf = render_ok(&doc);
    let n = pages(&pdf);
    assert!(n > 10, "{n} pages");
    let text = text(&pdf);
    let page_texts: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(page_texts.len(), n);
    for (i, page) in page_texts.iter().enumerate() {
        let page = page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            page.contains("# Local (Europe/Berlin) UTC Kind Actor Summary"),
            "page {} lacks the header row",
            i + 1
        );
        assert!(
            page.contains(&format!("Page {} of {n}", i + 1)),
            "page {} lacks its number",
            i + 1
        );
    }
    let squashed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for i in [1, 999, 1_000, 2_000] {
        assert!(
            squashed.contains(&format!("Event number {i}")),
            "row {i} missing"
        );
    }
}

#[test]
fn pdf_is_reproducible() {
    let doc = sample(&fixtures::plain);
    assert_eq!(render_ok(&doc), render_ok(&doc));
}

/// Every fixture report renders, and shows its title, its facts and every section heading.
fn assert_shows_document(doc: &Document, pdf: &[u8]) {
    let text = squashed(pdf);
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains(&squash(&doc.title)), "title missing:\n{text}");
    for fact in &doc.facts {
        let line = squash(&format!("{} {}", fact.label, fact.value));
        assert!(text.contains(&line), "{line:?} missing:\n{text}");
    }
    for section in &doc.sections {
        let heading = squash(&section.heading);
        assert!(text.contains(&heading), "{heading:?} missing:\n{text}");
    }
    assert!(text.contains("Page 1 of"), "{text}");
}

#[test]
fn pdf_of_the_escalation_report_fixture() {
    let doc = escalation_report::document(&fixtures::escalation_report(&fixtures::plain));
    let pdf = render_ok(&doc);
    keep("escalation", &pdf);
    assert_shows_document(&doc, &pdf);
    let text = squashed(&pdf);
    let hashes: Vec<&String> = doc
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Code { value, .. } => Some(value),
            _ => None,
        })
        .collect();
    assert!(!hashes.is_empty(), "the report shows its chain head");
    for hash in hashes {
        assert!(text.contains(hash.as_str()), "{hash} missing:\n{text}");
    }
    for expected in [
        "vMotion failures on PROD-A",
        "2026-01-09 10:15",
        "Priya Raman",
        "SR-2401-7781",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
}

#[test]
fn pdf_of_the_status_report_fixture() {
    let doc = status_report::document(&fixtures::status_report(&fixtures::plain));
    let pdf = render_ok(&doc);
    keep("status", &pdf);
    assert_shows_document(&doc, &pdf);
    let text = squashed(&pdf);
    // Narrow columns wrap names onto several lines, so these are checked word by word.
    let words: Vec<&str> = text.split(' ').collect();
    for expected in [
        "PAN-03312",
        "Palo",
        "Alto",
        "Networks",
        "Lena",
        "Fischer",
        "Tomás",
    ] {
        assert!(words.contains(&expected), "{expected:?} missing:\n{text}");
    }
}

#[test]
fn pdf_of_the_scorecards_fixture() {
    let doc = scorecard::document(&fixtures::scorecards(&fixtures::plain));
    let pdf = render_ok(&doc);
    keep("scorecards", &pdf);
    assert_shows_document(&doc, &pdf);
    let text = squashed(&pdf);
    for expected in ["NetApp", "Veeam", "Fast once the engineer was assigned."] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
}

#[test]
fn pdf_of_the_sr_register_fixture() {
    let doc = sr_register::document(&fixtures::sr_register(&fixtures::plain));
    let pdf = render_ok(&doc);
    keep("support-requests", &pdf);
    assert_shows_document(&doc, &pdf);
    let text = squashed(&pdf);
    for expected in [
        "3-36011122001",
        "04012345",
        "Waiting on us",
        "Part of an escalation 3",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
}

#[test]
fn pdf_of_every_fixture_with_markup_in_all_user_text() {
    let hostile = |_: &str| MARKUP.join(" ");
    for (_, doc) in fixtures::reports(&hostile) {
        let pdf = render_ok(&doc);
        assert_a4(&pdf);
        assert!(squashed(&pdf).contains(&MARKUP.join(" ")));
    }
}
