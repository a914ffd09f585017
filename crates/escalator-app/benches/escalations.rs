//! Search, opening a long escalation and the escalations list, on the Rust side of IPC (no
//! WebView, no JSON transport): the budgets "search over 50k SRs and 500k timeline events,
//! p95 ≤ 20 ms" and "open an escalation with 5,000 events ≤ 100 ms" leave this much for
//! everything else. `cargo xtask bench` measures the same through IPC in the real window.
//!
//! The data set is generated once into `target/bench-data/` and reused while its marker file
//! matches the sizes and the schema version (seeding takes under a minute on 2 cores):
//! 50,000 SRs (each with its `sr_opened` event), 5,000 requested escalations on the first
//! 5,000 SRs, 4,999 of them with 90 events and the first with 5,000 — 504,910 events.
//!
//! Each action is measured whole (`app/…`), its SQL and row decoding alone through a second
//! read-only use of the store (`store/…`), and its JSON serialisation, which Tauri does
//! before IPC (`json/…`), so a missed budget says where the time goes.
//!
//! Running escalations (`running/…`): due states of 5,000 communication plans, a year of
//! recurring calls expanded, and the Today view and the overdue list over 10,000 open action
//! items (each escalation has a plan and two items; the first 100 a weekday call).
//!
//! Reports (`reports/…`): the PDF of a 2,000-event escalation, the status report of all
//! 5,000 escalations and the register of all 50,000 SRs as CSV, and a JSON backup and
//! restore of the whole data set.
//!
//! Run: `cargo bench -p escalator-app --bench escalations` (add `-- search` to filter).

// Benchmark code: a panic is a failed run, which is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime};
use chrono::{TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use escalator_app::sample::{self, SampleSize};
use escalator_app::{
    App, BusinessHours, CallPlan, FixedClock, ItemFilter, Recurrence, Repeat, ReportFormat,
    ReportRequest, Selection, SeriesEnd, Weekday,
};
use escalator_store::Store;

/// Keep in step with `xtask/src/bench_escalations.rs`, which shares the data set (same
/// folder, same marker).
const SIZE: SampleSize = SampleSize {
    support_requests: 50_000,
    escalations: 5_000,
    events_per_escalation: 90,
    first_escalation_events: 5_000,
    action_items_per_escalation: 2,
};

/// The queries, as a user would type them; `cargo xtask bench` sends the same through IPC.
const QUERIES: &[(&str, &str)] = &[
    ("sr-number", "SAMPLE-0004242"),
    ("sr-number-digits", "0004242"),
    ("sr-number-prefix", "00421"),
    ("escalation-title", "escalation 42"),
    ("common-word", "update"),
    ("frequent-word", "hotfix"),
    ("rare-word", "kernel"),
    ("no-match", "xylophone"),
    ("two-words-together", "log bundle"),
    ("two-words-apart", "vendor hotfix"),
];

fn data_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map_or_else(
            || {
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("..")
                    .join("..")
                    .join("target")
            },
            PathBuf::from,
        );
    target.join("bench-data").join(format!(
        "escalations-{}-{}-{}-{}",
        SIZE.support_requests,
        SIZE.escalations,
        SIZE.events_per_escalation,
        SIZE.first_escalation_events
    ))
}

fn marker_text() -> String {
    format!(
        "support_requests={}\nescalations={}\nevents_per_escalation={}\nfirst_escalation_events={}\naction_items_per_escalation={}\nschema={}\n",
        SIZE.support_requests,
        SIZE.escalations,
        SIZE.events_per_escalation,
        SIZE.first_escalation_events,
        SIZE.action_items_per_escalation,
        Store::schema_version()
    )
}

/// The data folder, seeded unless a complete earlier seeding of the same sizes is there.
fn prepare() -> PathBuf {
    let dir = data_dir();
    let marker = dir.join("bench-data.txt");
    if fs::read_to_string(&marker).is_ok_and(|text| text == marker_text()) {
        eprintln!("reusing the data set in {}", dir.display());
        return dir;
    }
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    eprintln!(
        "seeding {SIZE:?} into {} (once; under a minute)",
        dir.display()
    );
    let started = Instant::now();
    let events = sample::seed(&dir, SIZE).unwrap();
    eprintln!(
        "seeded {events} timeline events in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    fs::write(&marker, marker_text()).unwrap();
    dir
}

fn open(dir: &Path) -> App {
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 27, 14, 30, 0).unwrap());
    App::open(dir, Arc::new(clock))
}

fn benches(c: &mut Criterion) {
    let dir = prepare();
    // Opening checks the file (`quick_check`, which includes FTS5's integrity check), which
    // the app's start-up waits for: worth knowing at this size.
    let started = Instant::now();
    let app = open(&dir);
    eprintln!(
        "App::open took {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    // A second connection for the SQL-only measurements; WAL lets it read beside the app's.
    let store = Store::open_in(&dir).unwrap();

    let escalations = app.list_escalations().unwrap();
    assert_eq!(escalations.len(), SIZE.escalations as usize);
    let long = escalations
        .iter()
        .find(|e| e.title.starts_with("Escalation 0:"))
        .expect("the escalation with the long timeline")
        .id
        .clone();
    let timeline = app.escalation_timeline(&long).unwrap();
    assert!(timeline.entries.len() >= SIZE.first_escalation_events as usize);
    eprintln!(
        "long escalation {long}: {} timeline entries, {} bytes of JSON; list: {} rows, {} bytes of JSON",
        timeline.entries.len(),
        serde_json::to_vec(&timeline).unwrap().len(),
        escalations.len(),
        serde_json::to_vec(&escalations).unwrap().len()
    );
    for (name, query) in QUERIES {
        let hits = app.search(query).unwrap();
        eprintln!(
            "search {name} {query:?}: {} hits, {} bytes of JSON",
            hits.len(),
            serde_json::to_vec(&hits).unwrap().len()
        );
    }

    let mut group = c.benchmark_group("search");
    group.measurement_time(Duration::from_secs(4));
    for (name, query) in QUERIES {
        group.bench_with_input(BenchmarkId::new("app", name), query, |b, query| {
            b.iter(|| black_box(app.search(black_box(query)).unwrap()));
        });
        group.bench_with_input(BenchmarkId::new("store", name), query, |b, query| {
            b.iter(|| black_box(store.search(black_box(query), 50).unwrap()));
        });
        let hits = app.search(query).unwrap();
        group.bench_with_input(BenchmarkId::new("json", name), &hits, |b, hits| {
            b.iter(|| black_box(serde_json::to_vec(black_box(hits)).unwrap()));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("open_escalation_5000");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("app/get_escalation", |b| {
        b.iter(|| black_box(app.get_escalation(black_box(&long)).unwrap()));
    });
    group.bench_function("app/escalation_timeline", |b| {
        b.iter(|| black_box(app.escalation_timeline(black_box(&long)).unwrap()));
    });
    group.bench_function("app/both_as_json", |b| {
        b.iter(|| {
            let view = serde_json::to_vec(&app.get_escalation(&long).unwrap()).unwrap();
            let timeline = serde_json::to_vec(&app.escalation_timeline(&long).unwrap()).unwrap();
            black_box((view, timeline))
        });
    });
    let escalation = app.get_escalation(&long).unwrap();
    let streams: Vec<String> = std::iter::once(long.clone())
        .chain(
            escalation
                .support_requests
                .iter()
                .map(|sr| sr.id.to_string()),
        )
        .collect();
    group.bench_function("store/events_of_streams", |b| {
        b.iter(|| black_box(store.events_of_streams(black_box(&streams)).unwrap()));
    });
    group.bench_function("json/timeline", |b| {
        b.iter(|| black_box(serde_json::to_vec(black_box(&timeline)).unwrap()));
    });
    group.finish();

    let mut group = c.benchmark_group("list_escalations_5000");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("app", |b| {
        b.iter(|| black_box(app.list_escalations().unwrap()));
    });
    group.bench_function("store", |b| {
        b.iter(|| black_box(store.list_escalations().unwrap()));
    });
    group.bench_function("json", |b| {
        b.iter(|| black_box(serde_json::to_vec(black_box(&escalations)).unwrap()));
    });
    group.finish();

    running(c, &app, &store);
    reports(c, &app);
}

/// Reports: the PDF of an escalation with 2,000 timeline events (budget ≤ 1 s), the status
/// report of all 5,000 escalations and the SR register of all 50,000 SRs as CSV, and a JSON backup of the whole data set and its
/// restore into an empty folder (timed once each: a restore writes 505k events).
fn reports(c: &mut Criterion, app: &App) {
    let small = tempfile::tempdir().unwrap();
    sample::seed(
        small.path(),
        SampleSize {
            support_requests: 1,
            escalations: 1,
            events_per_escalation: 90,
            first_escalation_events: 2_000,
            action_items_per_escalation: 2,
        },
    )
    .unwrap();
    let one = open(small.path());
    let id = one.list_escalations().unwrap()[0].id.clone();
    let request = ReportRequest::Escalation { id };
    let pdf = one
        .render_report(&request, ReportFormat::Pdf, &mut |_| {})
        .unwrap();
    eprintln!(
        "PDF of a 2,000-event escalation: {} bytes",
        pdf[0].content.len()
    );

    let mut group = c.benchmark_group("reports");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("pdf_escalation_2000_events", |b| {
        b.iter(|| {
            black_box(
                one.render_report(&request, ReportFormat::Pdf, &mut |_| {})
                    .unwrap(),
            )
        });
    });
    let all = ReportRequest::Status {
        selection: Selection::All,
    };
    group.bench_function("csv_status_5000_escalations", |b| {
        b.iter(|| {
            black_box(
                app.render_report(&all, ReportFormat::Csv, &mut |_| {})
                    .unwrap(),
            )
        });
    });
    let register = ReportRequest::SupportRequests {
        selection: Selection::All,
    };
    let rows = app
        .render_report(&register, ReportFormat::Csv, &mut |_| {})
        .unwrap()[0]
        .content
        .iter()
        .filter(|byte| **byte == b'\n')
        .count();
    assert_eq!(
        rows,
        SIZE.support_requests as usize + 1,
        "a header and a row per SR"
    );
    group.bench_function("csv_register_50000_srs", |b| {
        b.iter(|| {
            black_box(
                app.render_report(&register, ReportFormat::Csv, &mut |_| {})
                    .unwrap(),
            )
        });
    });
    group.finish();

    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("backup.json");
    let started = Instant::now();
    let saved = app.backup(&file).unwrap();
    eprintln!(
        "reports/json_backup_50000_srs: {:.2} s, {} MB",
        started.elapsed().as_secs_f64(),
        saved.bytes / 1_000_000
    );
    let empty = tempfile::tempdir().unwrap();
    let restored = open(empty.path());
    let started = Instant::now();
    let summary = restored.import_data(&file).unwrap();
    eprintln!(
        "reports/json_restore_50000_srs: {:.2} s ({} SRs, {} escalations, {} events)",
        started.elapsed().as_secs_f64(),
        summary.support_requests_added,
        summary.escalations_added,
        summary.events_added
    );
}

/// Running escalations: the due state of 5,000 plans, a year of recurring calls, and the
/// Today view and the action-item list over 10,000 open items.
fn running(c: &mut Criterion, app: &App, store: &Store) {
    let overview = app.cadence_overview().unwrap();
    assert_eq!(overview.len(), SIZE.escalations as usize);
    let today = app.today().unwrap();
    let overdue = app.action_items(ItemFilter::Overdue).unwrap();
    assert_eq!(
        overdue.counts.unfinished,
        SIZE.escalations * SIZE.action_items_per_escalation
    );
    eprintln!(
        "due states: {} plans; today: {} updates, {} calls, {} items ({} bytes of JSON); \
         overdue list: {} items ({} bytes of JSON)",
        overview.len(),
        today.updates.len(),
        today.calls.len(),
        today.action_items.len(),
        serde_json::to_vec(&today).unwrap().len(),
        overdue.items.len(),
        serde_json::to_vec(&overdue).unwrap().len()
    );

    let mut group = c.benchmark_group("running");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("app/due_states_5000", |b| {
        b.iter(|| black_box(app.cadence_overview().unwrap()));
    });
    group.bench_function("store/cadence_rows_5000", |b| {
        b.iter(|| black_box(store.cadence_rows().unwrap()));
    });
    let rows = store.cadence_rows().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 14, 30, 0).unwrap();
    group.bench_function("core/due_states_5000_business_hours", |b| {
        let hours = BusinessHours {
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            weekdays: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
        };
        let plans: Vec<_> = rows
            .iter()
            .map(|row| {
                let mut plan = row.plan.plan.clone();
                plan.business_hours = Some(hours.clone());
                (plan, row.plan.agreed_at)
            })
            .collect();
        b.iter(|| {
            for (plan, since) in &plans {
                black_box(plan.cadence(*since, now));
            }
        });
    });
    for (name, repeat, count) in [
        ("daily", Repeat::Daily, 365),
        ("weekdays", Repeat::Weekdays, 261),
        ("weekly", Repeat::Weekly, 52),
    ] {
        let plan = CallPlan {
            title: "Year of calls".into(),
            start: NaiveDate::from_ymd_opt(2026, 1, 1)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            zone: "America/New_York".into(),
            duration_minutes: 30,
            bridge_url: String::new(),
            dial_string: String::new(),
            recurrence: Some(Recurrence {
                repeat,
                ends: SeriesEnd::Count { count },
            }),
            attendees: Vec::new(),
            agenda: String::new(),
        };
        group.bench_function(format!("core/expand_year_{name}"), |b| {
            b.iter(|| black_box(plan.starts().count()));
        });
    }
    group.bench_function("app/today_10000_items", |b| {
        b.iter(|| black_box(app.today().unwrap()));
    });
    group.bench_function("store/unfinished_action_items_10000", |b| {
        b.iter(|| {
            black_box(
                store
                    .unfinished_action_items(escalator_store::ItemQuery::default())
                    .unwrap(),
            )
        });
    });
    group.bench_function("app/action_items_overdue_10000", |b| {
        b.iter(|| black_box(app.action_items(ItemFilter::Overdue).unwrap()));
    });
    group.bench_function("json/today", |b| {
        b.iter(|| black_box(serde_json::to_vec(black_box(&today)).unwrap()));
    });
    group.finish();
}

criterion_group!(escalations, benches);
criterion_main!(escalations);
