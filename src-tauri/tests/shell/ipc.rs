use serde_json::json;

use crate::util::Shell;

#[test]
fn a_support_request_is_created_listed_and_opened_over_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let shell = Shell::open(dir.path());

    let created = shell
        .invoke(
            "create_support_request",
            json!({"input": {"vendor": "redhat", "vendorSrNumber": "04012345", "title": "Kernel panic on boot", "severity": 2}}),
        )
        .unwrap();
    assert_eq!(created["severityLabel"], "Severity 2 (High)");
    assert_eq!(created["vendorName"], "Red Hat");
    assert_eq!(created["status"], "open");

    let listed = shell.invoke("list_support_requests", json!({})).unwrap();
    assert_eq!(listed, json!([created.clone()]));
    let opened = shell
        .invoke("get_support_request", json!({"id": created["id"]}))
        .unwrap();
    assert_eq!(opened, created);
}

#[test]
fn severity_seven_sent_straight_over_ipc_is_a_field_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let shell = Shell::open(dir.path());

    let err = shell
        .invoke(
            "create_support_request",
            json!({"input": {"vendor": "vmware", "vendorSrNumber": "2456", "title": "x", "severity": 7}}),
        )
        .unwrap_err();
    assert_eq!(
        err,
        json!({
            "code": "validation",
            "message": "Severity must be 1 to 4, not 7.",
            "fields": [{"field": "severity", "message": "Severity must be 1 to 4, not 7."}]
        })
    );
    assert_eq!(
        shell.invoke("list_support_requests", json!({})).unwrap(),
        json!([])
    );
}

#[test]
fn the_status_tells_the_window_about_a_damaged_database() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("escalator.sqlite3"), b"garbage").unwrap();
    let shell = Shell::open(dir.path());

    let status = shell.invoke("app_status", json!({})).unwrap();
    assert_eq!(status["state"], "unavailable");
    assert_eq!(status["problem"]["code"], "database_corrupt");
    let err = shell
        .invoke("list_support_requests", json!({}))
        .unwrap_err();
    assert_eq!(err["code"], "database_corrupt");
}

#[test]
fn a_command_the_window_was_not_granted_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let shell = Shell::open(dir.path());
    // A core command that exists in every Tauri app but is not in our capability file.
    let err = shell.invoke("plugin:app|version", json!({})).unwrap_err();
    assert!(
        err.as_str().is_some_and(|e| e.contains("not allowed")),
        "{err}"
    );
}

/// The wizard's confirmation and lifecycle actions keep their wire shape: camelCase
/// arguments, actions tagged by `action`, a forged `request` refused.
#[test]
fn an_escalation_is_requested_and_moved_over_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let shell = Shell::open(dir.path());
    let sr = shell
        .invoke(
            "create_support_request",
            json!({"input": {"vendor": "vmware", "vendorSrNumber": "24512345678", "title": "vMotion fails", "severity": 2}}),
        )
        .unwrap();
    let readiness = json!({
        "problemStatement": "vMotion fails between esx01 and esx02",
        "problemStatementConfirmed": true,
        "businessImpact": "400 VMs cannot be moved",
        "workaround": {"kind": "none"},
        "milestone": {"kind": "none_explicitly"}
    });
    let route = shell
        .invoke(
            "plan_route",
            json!({"supportRequestId": sr["id"], "readiness": readiness}),
        )
        .unwrap();
    assert!(
        route["script"].as_str().unwrap().contains("24512345678"),
        "{route}"
    );

    let view = shell
        .invoke(
            "request_escalation",
            json!({"input": {
                "draftId": null,
                "supportRequestId": sr["id"],
                "title": "vMotion outage",
                "triggers": ["critical_impact"],
                "readiness": readiness,
                "channel": 0
            }}),
        )
        .unwrap();
    assert_eq!(view["state"], "requested");
    let id = view["id"].clone();

    let forged = shell
        .invoke(
            "apply_escalation_action",
            json!({"id": id, "action": {"action": "request", "review": {"input": readiness, "reviewedOn": "2020-01-01"}}}),
        )
        .unwrap_err();
    assert_eq!(forged["code"], "not_allowed");

    let moved = shell
        .invoke(
            "apply_escalation_action",
            json!({"id": id, "action": {"action": "assign_engineer", "engineer": "Ana Ruiz"}}),
        )
        .unwrap();
    assert_eq!(moved["state"], "engineer_assigned");
    assert_eq!(moved["engineer"], "Ana Ruiz");

    let refused = shell
        .invoke(
            "apply_escalation_action",
            json!({"id": id, "action": {"action": "close", "feedback": {"rating": 5, "comment": ""}}}),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "not_allowed");

    let timeline = shell
        .invoke("escalation_timeline", json!({"id": id}))
        .unwrap();
    assert_eq!(timeline["intact"], true);
    let kinds: Vec<&str> = timeline["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["sr_opened", "escalation_requested", "engineer_assigned"]
    );
}

/// Running an escalation keeps its wire shape: wall-clock times without a zone, a tagged
/// series end, snake_case enums; the calendar file lands in the export folder.
#[test]
fn a_plan_and_a_call_are_set_over_ipc_and_the_call_exported() {
    let dir = tempfile::tempdir().unwrap();
    let shell = Shell::open(dir.path());
    let sr = shell
        .invoke(
            "create_support_request",
            json!({"input": {"vendor": "vmware", "vendorSrNumber": "24512345678", "title": "vMotion fails", "severity": 2}}),
        )
        .unwrap();
    let readiness = json!({
        "problemStatement": "vMotion fails between esx01 and esx02",
        "problemStatementConfirmed": true,
        "businessImpact": "400 VMs cannot be moved",
        "workaround": {"kind": "none"},
        "milestone": {"kind": "none_explicitly"}
    });
    let view = shell
        .invoke(
            "request_escalation",
            json!({"input": {"draftId": null, "supportRequestId": sr["id"], "title": "vMotion outage",
                "triggers": ["critical_impact"], "readiness": readiness, "channel": 0}}),
        )
        .unwrap();
    let id = view["id"].clone();

    let running = shell
        .invoke(
            "set_communication_plan",
            json!({"id": id, "agreedAt": null, "plan": {"modes": ["email", "conference_call"], "every": 1,
                "unit": "days", "zone": "Asia/Kolkata", "businessHours": null, "attendees": [], "note": ""}}),
        )
        .unwrap();
    assert_eq!(running["plan"]["cadence"]["state"], "on_track");

    let running = shell
        .invoke(
            "schedule_call",
            json!({"id": id, "plan": {"title": "Daily bridge", "start": "2030-01-07T09:00:00",
                "zone": "Europe/Berlin", "durationMinutes": 30, "bridgeUrl": "https://meet.example.com/x",
                "dialString": "+49 30 1234,,99#",
                "recurrence": {"repeat": "weekdays", "ends": {"end": "count", "count": 5}},
                "attendees": [{"name": "Priya", "role": "escalation_engineer", "email": "", "zone": "Asia/Kolkata"}],
                "agenda": ""}}),
        )
        .unwrap();
    let call = &running["calls"][0];
    assert_eq!(call["occurrenceCount"], 5);
    assert_eq!(call["nextStart"], "2030-01-07T08:00:00Z");
    assert_eq!(call["zoneTable"][1]["start"], "2030-01-07T13:30:00");

    let empty_summary = shell
        .invoke(
            "log_vendor_update",
            json!({"id": id, "input": {"receivedAt": "2020-01-01T09:00:00", "mode": "email", "summary": ""}}),
        )
        .unwrap_err();
    assert_eq!(empty_summary["fields"][0]["field"], "summary");

    let saved = shell
        .invoke(
            "save_call_calendar",
            json!({"callId": call["call"]["id"], "occurrence": null}),
        )
        .unwrap();
    let path = std::path::PathBuf::from(saved["path"].as_str().unwrap());
    assert_eq!(path.parent(), Some(dir.path().join("exports").as_path()));
    assert!(
        std::fs::read_to_string(path)
            .unwrap()
            .contains("RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=5")
    );

    let today = shell.invoke("today", json!({})).unwrap();
    assert!(today["date"].is_string());
    let items = shell
        .invoke("action_items", json!({"filter": "waiting_on_vendor"}))
        .unwrap();
    assert_eq!(items["counts"]["unfinished"], 0);
}

/// Reports keep their wire shape: tagged requests and selections, a preview that is a whole
/// HTML document, the dashboard's series; backups go to the export folder without a dialog.
#[test]
fn reports_and_the_dashboard_answer_over_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let shell = Shell::open(dir.path());
    shell
        .invoke(
            "create_support_request",
            json!({"input": {"vendor": "vmware", "vendorSrNumber": "24512345678", "title": "vMotion fails", "severity": 2}}),
        )
        .unwrap();

    let preview = shell
        .invoke(
            "report_preview",
            json!({"request": {"report": "status", "selection": {"kind": "opened_between", "from": "2026-01-01", "to": "2026-12-31"}}}),
        )
        .unwrap();
    let html = preview.as_str().unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html:.80}");
    assert!(html.contains("Content-Security-Policy"));

    let unknown = shell
        .invoke(
            "report_preview",
            json!({"request": {"report": "escalation", "id": "no-such-escalation"}}),
        )
        .unwrap_err();
    assert_eq!(unknown["code"], "not_found");

    let dashboard = shell.invoke("dashboard", json!({})).unwrap();
    assert_eq!(dashboard["openTotal"], 0);
    assert_eq!(dashboard["missedByDay"].as_array().unwrap().len(), 7);
    assert_eq!(dashboard["months"].as_array().unwrap().len(), 6);

    let backup = shell.invoke("backup_data", json!({})).unwrap();
    let path = std::path::PathBuf::from(backup["path"].as_str().unwrap());
    assert_eq!(path.parent(), Some(dir.path().join("exports").as_path()));
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"escalator-data\"")
    );
    // Unattended, there is nothing to pick a file to import from.
    assert_eq!(shell.invoke("import_data", json!({})).unwrap(), json!(null));
    assert!(
        shell
            .invoke("recent_exports", json!({}))
            .unwrap()
            .is_array()
    );
}
