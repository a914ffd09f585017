//! A war room: one escalation over SRs of several vendors.

use escalator_app::{ErrorCode, HitKind};
use escalator_core::timeline::EventKind;

use crate::util::{Desk, field_names};

#[test]
fn a_second_vendors_sr_joins_and_its_timeline_is_shown_with_the_escalation() {
    let desk = Desk::new();
    let escalation = desk.escalation("24561230001");
    let id = escalation.id.clone();
    let vmware_sr = escalation.support_requests[0].id.to_string();
    desk.advance_minutes(15);
    let redhat = desk.sr("redhat", "04019876", 2);
    let redhat_id = redhat.id.to_string();
    let events_before = desk.timeline(&id).entries.len();

    desk.advance_minutes(15);
    let view = desk.app.link_support_request(&id, &redhat_id).unwrap();
    let vendors: Vec<&str> = view
        .support_requests
        .iter()
        .map(|s| s.vendor.as_str())
        .collect();
    assert_eq!(vendors, ["vmware", "redhat"]);
    // The first SR's vendor still sets the escalation path.
    assert_eq!(view.closure_rules.len(), 3);
    assert!(view.timeline_intact);

    let timeline = desk.timeline(&id);
    assert!(timeline.intact);
    let streams: Vec<(&str, &str)> = timeline
        .chains
        .iter()
        .map(|c| (c.stream.as_str(), c.stream_label.as_str()))
        .collect();
    assert_eq!(
        streams,
        [
            (id.as_str(), "Escalation"),
            (vmware_sr.as_str(), "SR 24561230001"),
            (redhat_id.as_str(), "SR 04019876"),
        ]
    );
    // The Red Hat SR's own two events come in with it, plus the one link event.
    assert_eq!(timeline.entries.len(), events_before + 2 + 1);
    let link = timeline.entries.last().unwrap();
    assert_eq!(link.stream, id);
    assert_eq!(link.event.kind, EventKind::Note);
    assert_eq!(link.event.summary, "SR 04019876 joined the escalation");
    assert!(
        timeline
            .entries
            .iter()
            .any(|e| e.stream == redhat_id && e.event.kind == EventKind::SrOpened)
    );

    let listed = desk.app.list_escalations().unwrap();
    assert_eq!(listed[0].support_request_count, 2);
    // The Red Hat SR's screen shows the war room it is in.
    let history = desk.app.support_request_history(&redhat_id).unwrap();
    assert_eq!(history.escalations.len(), 1);
    assert_eq!(history.escalations[0].id, id);
    // Listed by the SR it was opened on, as in the escalations list.
    assert_eq!(history.escalations[0], listed[0]);
    assert_eq!(history.timeline.entries.len(), 2);
    // Search finds it by number and opens the SR.
    let hits = desk.app.search("04019876").unwrap();
    assert!(
        hits.iter()
            .any(|h| h.kind == HitKind::SupportRequest && h.id == redhat_id)
    );
}

#[test]
fn linking_the_same_sr_twice_or_an_unknown_one_is_refused_on_its_field() {
    let desk = Desk::new();
    let escalation = desk.escalation("24561230002");
    let id = escalation.id.clone();
    let first_sr = escalation.support_requests[0].id.to_string();
    let other = desk.sr("oracle", "3-3344556677", 1);
    desk.app
        .link_support_request(&id, &other.id.to_string())
        .unwrap();
    let events = desk.timeline(&id).entries.len();

    for sr in [
        other.id.to_string(),
        first_sr,
        "0193a0a0-0000-7000-8000-000000000000".to_owned(),
        "not-an-id".to_owned(),
    ] {
        let err = desk.app.link_support_request(&id, &sr).unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation, "{sr}");
        assert_eq!(field_names(&err), ["supportRequest"], "{sr}");
        assert_eq!(desk.timeline(&id).entries.len(), events, "{sr}");
    }
    assert_eq!(
        desk.app.get_escalation(&id).unwrap().support_requests.len(),
        2
    );
}
