//! The PDF budget (DESIGN.md, "Performance budgets"): an escalation report with 2,000
//! timeline events renders in at most 1 s.
//!
//! The document is built by hand, shaped like the escalation report's (facts, fields, free
//! text, small tables, a notice, a hash) plus a six-column, 2,000-row timeline, so the figure
//! does not move when the report's builder changes its wording. Each iteration is a whole
//! `render`, cold as in the app: `render` empties Typst's cache after every report, so
//! repeating the same document here gains nothing from the previous iteration.
//!
//! Run: `cargo bench -p escalator-report --bench pdf`.

// Benchmark code: a panic is a failed run, which is the point.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use escalator_report::document::{Block, Document, Field, Section, Table, Tone};
use escalator_report::pdf::render;

const EVENTS: usize = 2_000;

const KINDS: [&str; 6] = [
    "note",
    "vendor update",
    "call held",
    "action item done",
    "severity changed",
    "escalation requested",
];

fn table(name: &str, headers: &[&str], rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        table: Table {
            name: name.to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        },
    }
}

fn timeline() -> Block {
    let rows = (0..EVENTS)
        .map(|i| {
            // Minutes since 2026-01-09 10:15 local; the wall-clock text is all that matters.
            let minutes = 615 + i * 7;
            let (day, hour, minute) = (9 + minutes / 1440, (minutes / 60) % 24, minutes % 60);
            let utc_hour = (hour + 23) % 24;
            vec![
                (i + 1).to_string(),
                format!("2026-01-{day:02} {hour:02}:{minute:02}"),
                format!("2026-01-{day:02} {utc_hour:02}:{minute:02}"),
                KINDS[i % KINDS.len()].to_owned(),
                if i % 3 == 0 {
                    "Priya Raman"
                } else {
                    "Ada Lovelace"
                }
                .to_owned(),
                format!(
                    "Update {i}: vendor reviewed the vmkernel logs of esx-{:02} and asked for \
                     the stun-time trace of the failed migration",
                    i % 12
                ),
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

fn escalation_document() -> Document {
    let contacts = vec![
        vec![
            "Escalation Engineer".to_owned(),
            "Priya Raman".to_owned(),
            "priya@vendor.example".to_owned(),
            "+44 20 7946 0000".to_owned(),
            "UK hours".to_owned(),
        ],
        vec![
            "Our side".to_owned(),
            "Ada Lovelace".to_owned(),
            "ada@customer.example".to_owned(),
            "—".to_owned(),
            "—".to_owned(),
        ],
    ];
    let items = (0..12)
        .map(|i| {
            vec![
                format!("Upload vmkernel logs from esx-{i:02}"),
                "Ada".to_owned(),
                if i % 2 == 0 { "us" } else { "vendor" }.to_owned(),
                format!("2026-01-{:02} 17:00", 13 + i % 10),
                "done".to_owned(),
                "0h 00m".to_owned(),
                format!("{}h 05m", i % 5),
            ]
        })
        .collect();
    Document {
        title: "Escalation report: vMotion failures on PROD-A".to_owned(),
        facts: vec![
            Field::new("State", "action plan agreed"),
            Field::new(
                "Opened",
                "2026-01-09 10:15 Europe/Berlin (2026-01-09 09:15 UTC)",
            ),
            Field::new(
                "Last changed",
                "2026-01-12 17:40 Europe/Berlin (2026-01-12 16:40 UTC)",
            ),
            Field::new(
                "Generated",
                "2026-01-15 13:00 Europe/Berlin (2026-01-15 12:00 UTC)",
            ),
        ],
        sections: vec![
            Section {
                heading: "Summary".to_owned(),
                blocks: vec![Block::Fields {
                    fields: vec![
                        Field::new(
                            "Why escalated",
                            "roadblock to an upgrade; critical business impact",
                        ),
                        Field::new(
                            "Route",
                            "Duty Manager by phone, +1 877 486 9273, region EMEA",
                        ),
                        Field::new("Escalation engineer", "Priya Raman"),
                        Field::new("Re-escalations", "1"),
                    ],
                }],
            },
            Section {
                heading: "Support requests".to_owned(),
                blocks: vec![Block::Subsection {
                    heading: "Broadcom (VMware) SR SR-2401-7781: vMotion fails for large VMs"
                        .to_owned(),
                    blocks: vec![
                        Block::Fields {
                            fields: vec![
                                Field::new("Severity", "2"),
                                Field::new("Status", "waiting on vendor"),
                                Field::new("Product", "vSphere 8.0 U3"),
                            ],
                        },
                        Block::Labelled {
                            label: "Problem statement".to_owned(),
                            text: "Since the 8.0 U3 upgrade, vMotion of VMs over 64 GB fails at \
                                   20 %.\nAffects all 12 hosts in cluster PROD-A.\n\nSeen on \
                                   every attempt since 2026-01-08."
                                .to_owned(),
                        },
                        Block::Labelled {
                            label: "Business impact".to_owned(),
                            text: "Maintenance windows cannot be kept; patching of 400 VMs is \
                                   blocked."
                                .to_owned(),
                        },
                    ],
                }],
            },
            Section {
                heading: "Contacts".to_owned(),
                blocks: vec![table(
                    "contacts",
                    &["Role", "Name", "Email", "Phone", "Note"],
                    contacts,
                )],
            },
            Section {
                heading: "Action plan".to_owned(),
                blocks: vec![Block::Text {
                    text: "1. Collect vmkernel logs from two hosts.\n2. Engineering reviews the \
                           stun-time trace.\n\nNext checkpoint on the daily call."
                        .to_owned(),
                }],
            },
            Section {
                heading: "Communication plan".to_owned(),
                blocks: vec![
                    Block::Text {
                        text: "updates every 24 hours by email, conference call".to_owned(),
                    },
                    Block::Notice {
                        tone: Tone::Caution,
                        text: "1 update missed.".to_owned(),
                    },
                ],
            },
            Section {
                heading: "Action items".to_owned(),
                blocks: vec![table(
                    "action-items",
                    &[
                        "Title",
                        "Owner",
                        "Side",
                        "Due (Europe/Berlin)",
                        "Status",
                        "Waited on vendor",
                        "Waited on us",
                    ],
                    items,
                )],
            },
            Section {
                heading: "Third parties".to_owned(),
                blocks: vec![Block::Empty {
                    text: "None engaged.".to_owned(),
                }],
            },
            Section {
                heading: "Timeline".to_owned(),
                blocks: vec![
                    timeline(),
                    Block::Code {
                        label: "Chain head".to_owned(),
                        value: "064b35ad37641b8d87fe8c181869cb4fedab44fd193dcf00e1f7c94c8f7e1aef"
                            .to_owned(),
                    },
                    Block::Notice {
                        tone: Tone::Alarm,
                        text: "The chain was not verified.".to_owned(),
                    },
                ],
            },
        ],
    }
}

fn bench_pdf(c: &mut Criterion) {
    let doc = escalation_document();
    let mut group = c.benchmark_group("pdf");
    // A render takes the better part of a second: ten samples give a stable mean without
    // a minutes-long run.
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("escalation report, 2,000-event timeline", |b| {
        b.iter(|| render(black_box(&doc)).expect("the document renders"))
    });
    group.finish();
}

criterion_group!(benches, bench_pdf);
criterion_main!(benches);
