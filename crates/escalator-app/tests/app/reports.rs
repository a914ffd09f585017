//! Reports and data exports: each format of each report says what the data says, a JSON
//! export restores into an empty folder and re-exports byte for byte, a second import adds
//! nothing, a bad file changes nothing, and the dashboard counts what is there.

use std::sync::Arc;

use escalator_app::sample::{SampleSize, sample_now, seed};
use escalator_app::{
    App, ErrorCode, FixedClock, LifecycleAction, ReportFormat, ReportRequest, Selection,
    UpdateMode, VendorUpdateInput,
};
use proptest::prelude::*;

use crate::util::Desk;

fn files(app: &App, request: &ReportRequest, format: ReportFormat) -> Vec<(String, Vec<u8>)> {
    app.render_report(request, format, &mut |_| {})
        .unwrap()
        .into_iter()
        .map(|f| (f.name, f.content))
        .collect()
}

fn text(app: &App, request: &ReportRequest, format: ReportFormat) -> String {
    let files = files(app, request, format);
    assert_eq!(files.len(), 1);
    String::from_utf8(files[0].1.clone()).unwrap()
}

/// An escalation with an engineer, an update logged, and a second SR of another vendor.
fn escalated(desk: &Desk) -> String {
    let view = desk.escalation("SR-4711");
    let id = view.id.clone();
    desk.advance_minutes(90);
    desk.app
        .apply_escalation_action(&id, LifecycleAction::Acknowledge)
        .unwrap();
    desk.advance_minutes(30);
    desk.app
        .apply_escalation_action(
            &id,
            LifecycleAction::AssignEngineer {
                engineer: "Priya N.".into(),
            },
        )
        .unwrap();
    desk.app
        .log_vendor_update(
            &id,
            VendorUpdateInput {
                received_at: None,
                mode: UpdateMode::Email,
                summary: "Core dump analysed; fix in test".into(),
            },
        )
        .unwrap();
    id
}

#[test]
fn an_escalation_report_says_the_same_in_every_format() {
    let desk = Desk::new();
    let id = escalated(&desk);
    let request = ReportRequest::Escalation { id: id.clone() };

    let markdown = text(&desk.app, &request, ReportFormat::Markdown);
    let html = text(&desk.app, &request, ReportFormat::Html);
    for document in [&markdown, &html] {
        assert!(document.contains("Priya N"), "engineer missing");
        assert!(document.contains("Core dump analysed"), "update missing");
        assert!(document.contains("SR\\-4711") || document.contains("SR-4711"));
    }
    let pdf = files(&desk.app, &request, ReportFormat::Pdf);
    assert!(pdf[0].1.starts_with(b"%PDF-"));
    assert!(pdf[0].0.ends_with(".pdf"), "{}", pdf[0].0);

    let csv = files(&desk.app, &request, ReportFormat::Csv);
    assert!(
        csv.len() >= 3,
        "one file per table: {:?}",
        csv.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let timeline = csv.iter().find(|(name, _)| name == "timeline.csv").unwrap();
    let timeline = String::from_utf8(timeline.1.clone()).unwrap();
    assert!(timeline.contains("engineer assigned"), "{timeline}");

    let json = text(&desk.app, &request, ReportFormat::Json);
    let bundle = escalator_store::Bundle::parse(&json).unwrap();
    assert_eq!(bundle.escalations.len(), 1);
    assert_eq!(bundle.escalations[0].engineer, "Priya N.");
    assert_eq!(bundle.vendor_updates.len(), 1);
}

#[test]
fn status_reports_and_scorecards_cover_what_the_selection_says() {
    let desk = Desk::new();
    let open = escalated(&desk);
    let withdrawn = desk.escalation("SR-0815").id;
    desk.app
        .apply_escalation_action(
            &withdrawn,
            LifecycleAction::Withdraw {
                reason: "Fixed by a reboot".into(),
            },
        )
        .unwrap();
    let open_title = desk.app.get_escalation(&open).unwrap().title;

    let status = text(
        &desk.app,
        &ReportRequest::Status {
            selection: Selection::Open,
        },
        ReportFormat::Markdown,
    );
    assert!(status.contains("engineer assigned"), "{status}");
    assert!(!status.contains("withdrawn"), "{status}");

    let all = text(
        &desk.app,
        &ReportRequest::Status {
            selection: Selection::All,
        },
        ReportFormat::Markdown,
    );
    assert!(all.contains("withdrawn"), "{all}");

    let nobody = text(
        &desk.app,
        &ReportRequest::Status {
            selection: Selection::Vendor {
                vendor: "redhat".into(),
            },
        },
        ReportFormat::Html,
    );
    assert!(
        !nobody.contains(&open_title),
        "a VMware escalation in a Red Hat report"
    );

    let scorecard = text(
        &desk.app,
        &ReportRequest::Scorecard {
            selection: Selection::All,
        },
        ReportFormat::Markdown,
    );
    assert!(scorecard.contains("VMware"), "{scorecard}");
}

#[test]
fn the_sr_register_lists_srs_escalated_or_not_and_exports_them_as_data() {
    let desk = Desk::new();
    let escalation = escalated(&desk);
    let escalation_title = desk.app.get_escalation(&escalation).unwrap().title;
    desk.sr("oracle", "3-36011122001", 3);
    desk.sr("cisco", "694112233", 2);
    let register = |selection| ReportRequest::SupportRequests { selection };

    let all = files(&desk.app, &register(Selection::All), ReportFormat::Csv);
    assert_eq!(all.len(), 1, "one table");
    assert_eq!(all[0].0, "support-requests.csv");
    let table = String::from_utf8(all[0].1.clone()).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "a header and three SRs:\n{table}");
    let row_of = |number: &str| *lines.iter().find(|l| l.contains(number)).unwrap();
    assert!(row_of("SR-4711").contains(&escalation_title), "{table}");
    assert!(row_of("SR-4711").contains("engineer assigned"), "{table}");
    assert!(row_of("694112233").contains("Cisco"), "{table}");
    assert!(
        row_of("694112233").ends_with(",—,—"),
        "not escalated: {table}"
    );

    let oracle = text(
        &desk.app,
        &register(Selection::Vendor {
            vendor: "oracle".into(),
        }),
        ReportFormat::Markdown,
    );
    assert!(oracle.contains("3\\-36011122001"), "{oracle}");
    assert!(!oracle.contains("694112233") && !oracle.contains("SR\\-4711"));

    let tomorrow = desk.now().date_naive().succ_opt().unwrap();
    let none = text(
        &desk.app,
        &register(Selection::OpenedBetween {
            from: tomorrow,
            to: tomorrow,
        }),
        ReportFormat::Markdown,
    );
    assert!(none.contains("- Support requests: 0"), "{none}");

    // The data export of the register holds the SRs, and imports on its own.
    let json = text(&desk.app, &register(Selection::All), ReportFormat::Json);
    let bundle = escalator_store::Bundle::parse(&json).unwrap();
    assert_eq!(bundle.support_requests.len(), 3);
    assert!(bundle.escalations.is_empty());
    let target = Desk::new();
    let path = target.dir.path().join("register.json");
    std::fs::write(&path, &json).unwrap();
    let summary = target.app.import_data(&path).unwrap();
    assert_eq!(summary.support_requests_added, 3);
    assert_eq!(target.app.list_support_requests().unwrap().len(), 3);
}

#[test]
fn saving_writes_the_file_whole_and_remembers_it() {
    let desk = Desk::new();
    let id = escalated(&desk);
    let request = ReportRequest::Escalation { id };
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("review.md");
    std::fs::write(&target, "an older report").unwrap();
    let mut steps = Vec::new();
    let saved = desk
        .app
        .save_report(&request, ReportFormat::Markdown, &target, &mut |p| {
            steps.push(p)
        })
        .unwrap();
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("Priya N")
    );
    assert_eq!(saved.path, target.display().to_string());
    assert_eq!(steps.last().map(|s| s.step), Some(steps[0].steps));
    assert!(steps.windows(2).all(|w| w[0].step < w[1].step), "{steps:?}");
    let leftovers: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file stays behind");

    let tables = out.path().join("tables");
    desk.app
        .save_report(&request, ReportFormat::Csv, &tables, &mut |_| {})
        .unwrap();
    assert!(tables.join("timeline.csv").is_file());

    let recent = desk.app.recent_exports().unwrap();
    assert_eq!(recent.len(), 2);
    assert_eq!(recent[0].format, ReportFormat::Csv);
    assert!(recent[1].title.starts_with("Escalation report"));

    let missing = desk.app.save_report(
        &request,
        ReportFormat::Html,
        &out.path().join("no/such/folder/x.html"),
        &mut |_| {},
    );
    assert_eq!(missing.unwrap_err().code, ErrorCode::Validation);
}

#[test]
fn a_default_file_name_is_safe_anywhere() {
    let desk = Desk::new();
    let id = escalated(&desk);
    let name = desk
        .app
        .report_file_name(&ReportRequest::Escalation { id }, ReportFormat::Pdf)
        .unwrap();
    assert!(name.ends_with(".pdf"), "{name}");
    assert!(
        name.trim_end_matches(".pdf")
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-'),
        "{name}"
    );
}

#[test]
fn a_bad_import_file_is_refused_and_changes_nothing() {
    let desk = Desk::new();
    escalated(&desk);
    let out = tempfile::tempdir().unwrap();
    let before = out.path().join("before.json");
    desk.app.backup(&before).unwrap();

    for (name, content) in [
        ("notes.txt", "just some notes".to_owned()),
        ("other.json", "{\"format\": \"something-else\"}".to_owned()),
        (
            "cut.json",
            std::fs::read_to_string(&before).unwrap()[..2000].to_owned(),
        ),
    ] {
        let path = out.path().join(name);
        std::fs::write(&path, content).unwrap();
        let err = desk.app.import_data(&path).unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation, "{name}: {err:?}");
        assert!(!err.message.is_empty());
    }
    let missing = desk
        .app
        .import_data(&out.path().join("nope.json"))
        .unwrap_err();
    assert!(missing.message.contains("nope.json"), "{missing:?}");

    let after = out.path().join("after.json");
    desk.app.backup(&after).unwrap();
    assert_eq!(
        std::fs::read(&before).unwrap(),
        std::fs::read(&after).unwrap()
    );
}

#[test]
fn the_dashboard_counts_what_is_open() {
    let desk = Desk::new();
    escalated(&desk);
    desk.escalation("SR-2");
    let dashboard = desk.app.dashboard().unwrap();
    assert_eq!(dashboard.open_total, 2);
    let assigned = dashboard
        .open_by_state
        .iter()
        .find(|s| s.state == escalator_app::EscalationState::EngineerAssigned)
        .unwrap();
    assert_eq!(assigned.count, 1);
    assert_eq!(dashboard.open_by_vendor[0].name, "VMware by Broadcom");
    assert_eq!(dashboard.open_by_vendor[0].count, 2);
    // Requested, then acknowledged 90 minutes later, engineer 30 minutes after that.
    assert_eq!(dashboard.median_time_to_engineer_seconds, Some(2 * 3600));
    assert_eq!(dashboard.months.len(), 6);
    assert_eq!(dashboard.missed_by_day.len(), 7);
    let vmware = &dashboard.vendor_trends[0];
    assert_eq!(vmware.opened.iter().sum::<u32>(), 2);
}

/// A seeded data folder, opened at the sample's "now".
fn seeded(size: SampleSize) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path(), size).unwrap();
    let app = App::open(dir.path(), Arc::new(FixedClock::new(sample_now())));
    (dir, app)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Export → import into an empty folder → export gives the same bytes, and importing
    /// the file again adds nothing.
    #[test]
    fn a_backup_restores_everything_byte_for_byte(
        support_requests in 1u32..12,
        escalations in 0u32..5,
        events in 1u32..6,
        items in 0u32..3,
    ) {
        let (_a, source) = seeded(SampleSize {
            support_requests,
            escalations: escalations.min(support_requests),
            events_per_escalation: events,
            first_escalation_events: 0,
            action_items_per_escalation: items,
        });
        let out = tempfile::tempdir().unwrap();
        let first = out.path().join("first.json");
        source.backup(&first).unwrap();

        let empty = tempfile::tempdir().unwrap();
        let target = App::open(empty.path(), Arc::new(FixedClock::new(sample_now())));
        let summary = target.import_data(&first).unwrap();
        prop_assert_eq!(summary.support_requests_added, support_requests);
        let second = out.path().join("second.json");
        target.backup(&second).unwrap();
        prop_assert_eq!(std::fs::read(&first).unwrap(), std::fs::read(&second).unwrap());

        let again = target.import_data(&first).unwrap();
        prop_assert_eq!(again.support_requests_added + again.escalations_added, 0);
        prop_assert_eq!(again.events_added + again.other_added + again.records_updated, 0);
        let third = out.path().join("third.json");
        target.backup(&third).unwrap();
        prop_assert_eq!(std::fs::read(&first).unwrap(), std::fs::read(&third).unwrap());
    }
}
