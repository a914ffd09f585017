//! The reports in Markdown: a golden file for each report's whole layout, hostile text in
//! every field staying inert (the same structure as with plain text, nothing unescaped), and
//! a broken chain being said so.

use escalator_core::timeline::{self, ChainVerdict};
use escalator_report::document::{Block, Document, Tone};
use escalator_report::markdown::render;
use escalator_report::{escalation_report, scorecard, status_report};

use crate::fixtures::{
    HOSTILE, assert_golden, escalation_report, plain, reports, scorecards, status_report,
};

#[test]
fn each_report_matches_its_golden_file() {
    for (report, doc) in reports(&plain) {
        assert_golden(&format!("{report}.md"), &render(&doc));
    }
}

/// The lines that make a Markdown document's structure: headings with their level, table
/// rows with their number of unescaped pipes, notices, and bold labels.
fn structure(rendered: &str) -> Vec<String> {
    rendered
        .lines()
        .filter_map(|line| {
            if line.starts_with('#') {
                let level = line.chars().take_while(|c| *c == '#').count();
                Some(format!("heading {level}"))
            } else if line.starts_with('|') {
                Some(format!("row of {} pipes", unescaped(line, '|')))
            } else if line.starts_with('>') {
                Some(format!("notice {}", line.split(":**").next().unwrap()))
            } else if line.starts_with("**") {
                Some("label".to_owned())
            } else {
                None
            }
        })
        .collect()
}

/// How many times `c` appears in `text` without a backslash escaping it.
fn unescaped(text: &str, c: char) -> usize {
    let mut count = 0;
    let mut backslashes = 0;
    for ch in text.chars() {
        if ch == c && backslashes % 2 == 0 {
            count += 1;
        }
        backslashes = if ch == '\\' { backslashes + 1 } else { 0 };
    }
    count
}

/// What is left of a line once the renderer's own syntax is taken off it.
fn content(line: &str) -> &str {
    let line = line.trim_start_matches('#').trim_start();
    for notice in ["> **Caution:** ", "> **Warning:** "] {
        if let Some(rest) = line.strip_prefix(notice) {
            return rest;
        }
    }
    if line.len() > 4 && line.starts_with("**") && line.ends_with("**") {
        return &line[2..line.len() - 2];
    }
    if line.starts_with("Chain head") {
        return line.split(": `").next().unwrap();
    }
    line
}

#[test]
fn markdown_and_html_in_every_text_field_stay_text() {
    for ((report, plain_doc), (_, hostile_doc)) in reports(&plain)
        .into_iter()
        .zip(reports(&|_| HOSTILE.to_owned()))
    {
        let plain_text = render(&plain_doc);
        let rendered = render(&hostile_doc);

        for raw in [
            "<script>",
            "](javascript",
            "[x]",
            "| a | b |",
            "```",
            "**bold**",
            "~~strike~~",
            "\n# Heading",
            "\n> quote",
            "\n- item",
            "\n    indented",
            "\n===",
        ] {
            assert!(
                !rendered.contains(raw),
                "{report}: {raw:?} appears unescaped"
            );
        }
        assert!(rendered.contains(r"\# Heading"), "{report}");
        assert!(
            rendered.contains(r"\<script\>alert\(1\)\</script\>"),
            "{report}"
        );
        assert!(
            rendered.contains(r"\[x\]\(javascript:alert\(1\)\)"),
            "{report}"
        );
        assert!(rendered.contains(r"\| a \| b \|"), "{report}");

        // The same headings, table rows, notices and labels as with plain text: the payload
        // added none and broke none.
        assert_eq!(structure(&rendered), structure(&plain_text), "{report}");

        // Every `<`, `>`, `[`, `*`, `_` and backtick in text is escaped; the only pipes left
        // are a table's own.
        for (i, line) in rendered.lines().enumerate() {
            let text = content(line);
            for c in ['<', '>', '[', '`', '*', '_'] {
                assert_eq!(
                    unescaped(text, c),
                    0,
                    "{report} line {} has an unescaped {c:?}: {line}",
                    i + 1
                );
            }
            if !line.starts_with('|') {
                assert_eq!(unescaped(text, '|'), 0, "{report} line {}: {line}", i + 1);
            }
        }
    }
}

#[test]
fn headings_are_the_reports_own() {
    let doc = escalation_report::document(&escalation_report(&|_| HOSTILE.to_owned()));
    let rendered = render(&doc);
    let subsections: usize = doc
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter(|b| matches!(b, Block::Subsection { .. }))
        .count();
    // The title, twelve sections, "Updates received", one per SR, call and third party.
    assert_eq!(subsections, 4);
    let headings: Vec<&str> = rendered.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(headings.len(), 1 + 12 + subsections, "{headings:#?}");
    for heading in headings {
        let text = heading.trim_start_matches('#');
        assert!(text.starts_with(' '), "{heading}");
        assert!(!text.trim_start().starts_with('#'), "{heading}");
    }
}

#[test]
fn a_broken_chain_is_reported_as_broken() {
    let mut report = escalation_report(&plain);
    report.timeline[1].summary = "Quietly rewritten".to_owned();
    report.chain_verified = matches!(
        timeline::verify(&report.timeline),
        ChainVerdict::Intact { .. }
    );
    assert!(!report.chain_verified);

    let doc = escalation_report::document(&report);
    let alarms = doc
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter(|b| {
            matches!(
                b,
                Block::Notice {
                    tone: Tone::Alarm,
                    ..
                }
            )
        })
        .count();
    assert_eq!(alarms, 1);

    let rendered = render(&doc);
    let head = report.timeline.last().unwrap().hash.to_hex();
    assert!(
        rendered.contains(&format!("Chain head \\(BROKEN\\): `{head}`")),
        "{rendered}"
    );
    assert!(rendered.contains("\n> **Warning:** The timeline did not verify"));
    assert!(!rendered.contains("verified"));
}

#[test]
fn missed_updates_are_a_caution_only_when_there_are_some() {
    let mut report = escalation_report(&plain);
    let cautions = |doc: &Document| {
        doc.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter(|b| {
                matches!(
                    b,
                    Block::Notice {
                        tone: Tone::Caution,
                        ..
                    }
                )
            })
            .count()
    };
    assert_eq!(cautions(&escalation_report::document(&report)), 1);
    report.missed_updates = 0;
    let doc = escalation_report::document(&report);
    assert_eq!(cautions(&doc), 0);
    assert!(render(&doc).contains("\nMissed updates: 0\n"));
}

#[test]
fn empty_reports_say_so_instead_of_showing_empty_tables() {
    let mut status = status_report(&plain);
    status.rows.clear();
    let rendered = render(&status_report::document(&status));
    assert!(
        rendered.contains("No escalations in this report\\."),
        "{rendered}"
    );
    assert!(!rendered.contains('|'), "{rendered}");

    let mut cards = scorecards(&plain);
    cards.vendors.clear();
    let rendered = render(&scorecard::document(&cards));
    assert!(
        rendered.contains("No escalations were measured\\."),
        "{rendered}"
    );
    assert!(!rendered.contains('|'), "{rendered}");
}

#[test]
fn an_unknown_zone_falls_back_to_utc() {
    let mut status = status_report(&plain);
    status.zone = "Mars/Olympus_Mons".to_owned();
    let rendered = render(&status_report::document(&status));
    assert!(rendered.contains("Opened \\(UTC\\)"), "{rendered}");
    assert!(rendered.contains("2026\\-01\\-15 12:00 UTC \\(2026\\-01\\-15 12:00 UTC\\)"));
}
