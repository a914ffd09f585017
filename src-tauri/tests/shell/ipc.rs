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
