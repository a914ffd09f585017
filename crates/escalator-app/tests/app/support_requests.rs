use escalator_app::{ErrorCode, SrStatus};

use crate::util::{input, open};

#[test]
fn a_recorded_request_is_listed_and_opens_with_the_vendors_words() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());

    let created = app
        .create_support_request(input(
            "vmware",
            "24561234567",
            "vMotion fails between hosts",
            1,
        ))
        .unwrap();
    assert_eq!(created.vendor_name, "VMware by Broadcom");
    assert_eq!(created.severity_label, "Severity 1 (Critical)");
    assert_eq!(created.status, SrStatus::Open);
    assert_eq!(created.created_at.to_rfc3339(), "2026-11-27T14:30:00+00:00");

    assert_eq!(
        app.list_support_requests().unwrap(),
        std::slice::from_ref(&created)
    );
    assert_eq!(
        app.get_support_request(&created.id.to_string()).unwrap(),
        created
    );

    drop(app);
    let reopened = open(dir.path());
    assert_eq!(reopened.list_support_requests().unwrap(), [created]);
}

#[test]
fn invalid_input_is_refused_field_by_field_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());

    let err = app
        .create_support_request(input("redhat", "0401", "   ", 7))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["title", "severity"]);
    assert!(app.list_support_requests().unwrap().is_empty());
}

#[test]
fn the_same_sr_twice_points_at_the_one_already_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    app.create_support_request(input("cisco", "694001122", "BGP flaps", 2))
        .unwrap();

    let err = app
        .create_support_request(input("cisco", " 694001122 ", "Other words", 3))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.fields[0].field, "vendorSrNumber");
    assert!(
        err.fields[0].message.contains("BGP flaps"),
        "{}",
        err.message
    );
    assert_eq!(app.list_support_requests().unwrap().len(), 1);
}

#[test]
fn an_unknown_or_malformed_id_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path());
    for id in ["0193a0a0-0000-7000-8000-000000000000", "not-an-id", ""] {
        assert_eq!(
            app.get_support_request(id).unwrap_err().code,
            ErrorCode::NotFound
        );
    }
}

#[test]
fn vendors_come_with_their_severity_labels() {
    let dir = tempfile::tempdir().unwrap();
    let vendors = open(dir.path()).list_vendors();
    let redhat = vendors.iter().find(|v| v.id == "redhat").unwrap();
    assert_eq!(redhat.severities[0].label, "Severity 1 (Urgent)");
    assert!(vendors.iter().any(|v| v.id == "other"));
}

#[test]
fn sample_data_is_written_in_bulk() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        escalator_app::sample::seed_support_requests(dir.path(), 250).unwrap(),
        250
    );
    let listed = open(dir.path()).list_support_requests().unwrap();
    assert_eq!(listed.len(), 250);
    assert!(listed.windows(2).all(|w| w[0].created_at > w[1].created_at));
}
