//! The HTML export as a browser reads it: golden files for every report, hostile text in
//! every field parsed by a real HTML5 parser (html5ever, through `scraper`) and found inert,
//! and the Content Security Policy allowing exactly the stylesheet that is there.

use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use escalator_report::document::{Block, Document, Field, Section, Table, Tone};
use escalator_report::html::{escape, render};
use scraper::{ElementRef, Html, Selector};
use sha2::{Digest as _, Sha256};

use crate::fixtures;

/// Every element the renderer may produce; anything else in a parsed file came from text.
const ELEMENTS: [&str; 29] = [
    "html", "head", "meta", "title", "style", "body", "header", "main", "section", "h1", "h2",
    "h3", "h4", "h5", "h6", "p", "br", "strong", "dl", "dt", "dd", "code", "div", "table", "thead",
    "tbody", "tr", "th", "td",
];

/// Every attribute it may write, none of which can carry a URL, a style or a script.
const ATTRIBUTES: [&str; 8] = [
    "lang",
    "http-equiv",
    "content",
    "charset",
    "name",
    "class",
    "scope",
    "role",
];

/// Text that would run, load or restyle something if it reached the file unescaped.
const PAYLOADS: [&str; 10] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "</style><style>*{display:none}</style>",
    "</title><script>alert(1)</script>",
    "<!--",
    "]]>",
    "<a href=\"https://evil.example/\">click</a>",
    "&lt;script&gt; &amp; &#x3C;",
];

fn select<'a>(html: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector).collect()
}

fn text(element: &ElementRef<'_>) -> String {
    element.text().collect()
}

/// Every piece of text a document holds, to find each again in the rendered file.
fn texts(doc: &Document) -> Vec<String> {
    fn blocks(list: &[Block], out: &mut Vec<String>) {
        for block in list {
            match block {
                Block::Fields { fields } => {
                    for field in fields {
                        out.extend([field.label.clone(), field.value.clone()]);
                    }
                }
                Block::Text { text } | Block::Empty { text } | Block::Notice { text, .. } => {
                    out.push(text.clone());
                }
                Block::Labelled { label, text } => out.extend([label.clone(), text.clone()]),
                Block::Table { table } => {
                    out.extend(table.headers.iter().cloned());
                    out.extend(table.rows.iter().flatten().cloned());
                }
                Block::Code { label, value } => out.extend([label.clone(), value.clone()]),
                Block::Subsection {
                    heading,
                    blocks: inner,
                } => {
                    out.push(heading.clone());
                    blocks(inner, out);
                }
            }
        }
    }
    let mut out = vec![doc.title.clone()];
    for fact in &doc.facts {
        out.extend([fact.label.clone(), fact.value.clone()]);
    }
    for section in &doc.sections {
        out.push(section.heading.clone());
        blocks(&section.blocks, &mut out);
    }
    out
}

/// A document with every kind of block, each piece of text passed through `t`.
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
                        fields: vec![Field::new(t("Escalation engineer"), t("Priya Raman"))],
                    },
                    Block::Labelled {
                        label: t("Problem statement"),
                        text: t(
                            "Since the upgrade, vMotion fails at 20 %.\nAffects all 12 hosts.\n\nSeen weekly.",
                        ),
                    },
                    Block::Notice {
                        tone: Tone::Caution,
                        text: t("1 update missed."),
                    },
                ],
            },
            Section {
                heading: t("Action items"),
                blocks: vec![
                    Block::Table {
                        table: Table {
                            name: "action-items".to_owned(),
                            headers: vec![
                                "#".to_owned(),
                                "Title".to_owned(),
                                "Waited".to_owned(),
                                "Share".to_owned(),
                                "Due".to_owned(),
                            ],
                            rows: vec![
                                vec![
                                    "1".to_owned(),
                                    t("Upload logs"),
                                    "1d 2h 00m".to_owned(),
                                    "75 %".to_owned(),
                                    "2026-01-13 17:00".to_owned(),
                                ],
                                vec![
                                    "12".to_owned(),
                                    t("Provide hotfix"),
                                    "\u{2014}".to_owned(),
                                    "1,250.5%".to_owned(),
                                    "\u{2014}".to_owned(),
                                ],
                            ],
                        },
                    },
                    Block::Subsection {
                        heading: t("Third parties"),
                        blocks: vec![Block::Empty {
                            text: t("None engaged."),
                        }],
                    },
                ],
            },
            Section {
                heading: t("Timeline"),
                blocks: vec![
                    Block::Text {
                        text: t("Four events."),
                    },
                    Block::Code {
                        label: t("Chain head"),
                        value: t(
                            "064b35ad37641b8d87fe8c181869cb4fedab44fd193dcf00e1f7c94c8f7e1aef",
                        ),
                    },
                    Block::Notice {
                        tone: Tone::Alarm,
                        text: t("The chain is broken."),
                    },
                ],
            },
        ],
    }
}

/// Each report the app exports, plus the sample above.
fn documents(t: &dyn Fn(&str) -> String) -> Vec<(&'static str, Document)> {
    let mut all = fixtures::reports(t);
    all.push(("sample", sample(t)));
    all
}

/// Compares with the golden file byte for byte, or rewrites it when `UPDATE_GOLDEN=1`.
fn assert_golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/report/golden")
        .join(name);
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_GOLDEN=1 to write it",
            path.display()
        )
    });
    if expected.as_bytes() != actual.as_bytes() {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from line {}:\nexpected: {:?}\nactual:   {:?}\n(UPDATE_GOLDEN=1 rewrites it)",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line),
        );
    }
}

#[test]
fn html_reports_match_their_golden_files() {
    for (name, doc) in documents(&fixtures::plain) {
        if name != "sample" {
            assert_golden(&format!("{name}.html"), &render(&doc));
        }
    }
}

#[test]
fn html_escape_replaces_every_special_character() {
    assert_eq!(
        escape("<a href=\"x\" title='y'>&amp;</a>"),
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
    );
    assert_eq!(escape("tab\there\nline"), "tab\there\nline");
    assert_eq!(
        escape("nul\u{0}bell\u{7}c1\u{85}nonchar\u{FFFF}"),
        "nul\u{FFFD}bell\u{FFFD}c1\u{FFFD}nonchar\u{FFFD}"
    );
    assert_eq!(escape("Grüße, 東京 🚀"), "Grüße, 東京 🚀");
}

/// Asserts the parsed file holds only what the renderer writes: known elements and
/// attributes, no script, no handler, no URL, one stylesheet and one policy.
fn assert_inert(html: &str, context: &str) {
    let parsed = Html::parse_document(html);
    for node in parsed.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name();
        assert!(ELEMENTS.contains(&name), "{context}: unexpected <{name}>");
        for (attribute, value) in element.attrs() {
            let lower = attribute.to_ascii_lowercase();
            assert!(
                !lower.starts_with("on") && lower != "href" && lower != "src",
                "{context}: <{name} {attribute}={value:?}>"
            );
            assert!(
                ATTRIBUTES.contains(&lower.as_str()),
                "{context}: unexpected attribute <{name} {attribute}={value:?}>"
            );
        }
    }
    assert!(
        select(&parsed, "script").is_empty(),
        "{context}: a <script>"
    );
    assert_eq!(
        select(&parsed, "style").len(),
        1,
        "{context}: <style> count"
    );
    assert_eq!(
        select(&parsed, "meta[http-equiv]").len(),
        1,
        "{context}: http-equiv meta count"
    );
    assert_eq!(
        select(&parsed, "meta[http-equiv=\"Content-Security-Policy\"]").len(),
        1,
        "{context}: CSP meta count"
    );
    // Nothing text could have added shows up as a comment or a CDATA section either.
    assert!(
        !parsed.tree.nodes().any(|n| n.value().is_comment()),
        "{context}: a comment node"
    );
}

#[test]
fn html_keeps_script_payloads_in_every_field_inert() {
    let all = PAYLOADS.join("\n");
    let mut cases: Vec<String> = PAYLOADS.iter().map(|p| (*p).to_owned()).collect();
    cases.push(all);
    cases.push(fixtures::HOSTILE.to_owned());
    for payload in &cases {
        let t = |_: &str| payload.clone();
        for (name, doc) in documents(&t) {
            let context = format!("{name} with {payload:?}");
            let html = render(&doc);
            assert_inert(&html, &context);

            // Everything the document says is there, as text: in the body, and the title
            // in <title> too.
            let parsed = Html::parse_document(&html);
            let body = text(&select(&parsed, "body")[0]);
            let title = text(&select(&parsed, "title")[0]);
            for piece in texts(&doc) {
                for line in piece.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    assert!(body.contains(line), "{context}: body text lacks {line:?}");
                }
            }
            for line in doc.title.lines().map(str::trim).filter(|l| !l.is_empty()) {
                assert!(title.contains(line), "{context}: <title> lacks {line:?}");
            }
            assert!(
                body.contains(payload.lines().next().unwrap()),
                "{context}: payload not shown"
            );
        }
    }
}

#[test]
fn html_csp_allows_exactly_the_stylesheet_by_hash() {
    for (name, doc) in documents(&fixtures::plain) {
        let html = render(&doc);
        let parsed = Html::parse_document(&html);

        // First in <head>, so it governs everything the parser meets after it.
        let head = &select(&parsed, "head")[0];
        let first = head.child_elements().next().unwrap();
        assert_eq!(
            first.value().attr("http-equiv"),
            Some("Content-Security-Policy"),
            "{name}"
        );
        let policy = first.value().attr("content").unwrap();
        let directives: Vec<&str> = policy.split(';').map(str::trim).collect();
        assert_eq!(directives[0], "default-src 'none'", "{name}: {policy}");
        assert!(!policy.contains("unsafe"), "{name}: {policy}");
        assert!(!policy.contains("script-src"), "{name}: {policy}");

        let style_src: Vec<&str> = directives
            .iter()
            .filter_map(|d| d.strip_prefix("style-src "))
            .collect();
        assert_eq!(style_src.len(), 1, "{name}: {policy}");
        let style = text(&select(&parsed, "style")[0]);
        let expected = format!(
            "'sha256-{}'",
            BASE64.encode(Sha256::digest(style.as_bytes()))
        );
        assert_eq!(style_src[0], expected, "{name}: {policy}");

        assert!(!select(&parsed, "meta[charset=\"utf-8\"]").is_empty());
        assert!(!select(&parsed, "meta[name=\"referrer\"][content=\"no-referrer\"]").is_empty());
        assert!(!select(&parsed, "meta[name=\"viewport\"]").is_empty());
        assert!(!select(&parsed, "html[lang=\"en\"]").is_empty());
        // The charset must be declared within the first 1024 bytes.
        assert!(html.find("<meta charset=\"utf-8\">").unwrap() < 1024);
    }
}

#[test]
fn html_lays_out_each_kind_of_block() {
    let html = render(&sample(&fixtures::plain));
    let parsed = Html::parse_document(&html);

    let facts: Vec<String> = select(&parsed, "header dl.facts dt")
        .iter()
        .map(text)
        .collect();
    assert_eq!(facts, ["State", "Generated"]);

    // Paragraphs split on blank lines; single line breaks kept as <br>.
    let label = &select(&parsed, "p.label")[0];
    assert_eq!(text(label), "Problem statement");
    let paragraphs = select(&parsed, "p.label ~ p");
    assert_eq!(
        text(&paragraphs[0]),
        "Since the upgrade, vMotion fails at 20 %.\nAffects all 12 hosts."
    );
    assert_eq!(
        paragraphs[0]
            .select(&Selector::parse("br").unwrap())
            .count(),
        1
    );
    assert_eq!(text(&paragraphs[1]), "Seen weekly.");

    // Numbers, durations and percentages right-aligned; dates and words not.
    let numeric: Vec<bool> = select(&parsed, "thead th")
        .iter()
        .map(|th| th.value().classes().any(|c| c == "num"))
        .collect();
    assert_eq!(numeric, [true, false, true, true, false]);
    for th in select(&parsed, "thead th") {
        assert_eq!(th.value().attr("scope"), Some("col"));
    }
    let first_row: Vec<bool> = select(&parsed, "tbody tr:first-child td")
        .iter()
        .map(|td| td.value().classes().any(|c| c == "num"))
        .collect();
    assert_eq!(first_row, numeric);

    // Notices say their tone in words, not only in colour.
    let notices: Vec<(String, String)> = select(&parsed, ".notice")
        .iter()
        .map(|n| {
            let tone = n.select(&Selector::parse(".tone").unwrap()).next().unwrap();
            let class = n.value().classes().find(|c| *c != "notice").unwrap();
            (class.to_owned(), text(&tone))
        })
        .collect();
    assert_eq!(
        notices,
        [
            ("caution".to_owned(), "Caution".to_owned()),
            ("alarm".to_owned(), "Warning".to_owned())
        ]
    );

    assert_eq!(
        text(&select(&parsed, "section.sub > h3")[0]),
        "Third parties"
    );
    assert_eq!(text(&select(&parsed, "p.empty")[0]), "None engaged.");
    assert_eq!(
        text(&select(&parsed, "dd > code")[0]),
        "064b35ad37641b8d87fe8c181869cb4fedab44fd193dcf00e1f7c94c8f7e1aef"
    );
}

#[test]
fn html_prints_with_repeating_headers_and_kept_colours() {
    let html = render(&sample(&fixtures::plain));
    let parsed = Html::parse_document(&html);
    let style = text(&select(&parsed, "style")[0]);
    for rule in [
        "@page",
        "@media print",
        "thead { display: table-header-group; }",
        "break-inside: avoid",
        "print-color-adjust: exact",
        "prefers-color-scheme: dark",
    ] {
        assert!(style.contains(rule), "stylesheet lacks {rule:?}");
    }
    // Nothing for the browser to fetch: no url() or @import in the stylesheet.
    assert!(!style.contains("url(") && !style.contains("@import"));
}

#[test]
fn html_renders_an_empty_document_and_odd_line_endings() {
    let empty = Document {
        title: String::new(),
        facts: Vec::new(),
        sections: Vec::new(),
    };
    assert_inert(&render(&empty), "empty document");

    let doc = Document {
        title: "A\r\nB".to_owned(),
        facts: Vec::new(),
        sections: vec![Section {
            heading: "S".to_owned(),
            blocks: vec![
                Block::Text {
                    text: "one\rtwo\r\n\r\nthree".to_owned(),
                },
                Block::Text {
                    text: "  \n ".to_owned(),
                },
                Block::Table {
                    table: Table {
                        name: "ragged".to_owned(),
                        headers: vec!["n".to_owned()],
                        rows: vec![vec![], vec!["1".to_owned(), "extra".to_owned()]],
                    },
                },
            ],
        }],
    };
    let html = render(&doc);
    assert_inert(&html, "odd document");
    let parsed = Html::parse_document(&html);
    assert_eq!(text(&select(&parsed, "title")[0]), "A B");
    let paragraphs: Vec<String> = select(&parsed, "section > p").iter().map(text).collect();
    assert_eq!(paragraphs, ["one\ntwo", "three", "\u{2014}"]);
}
