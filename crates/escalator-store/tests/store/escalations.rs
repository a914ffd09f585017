//! An escalation is saved with the event of every change, lists with its first SR, and
//! links SRs of several vendors in a war room.

use escalator_core::escalation::{
    DeEscalationCriteria, EscalationState, Feedback, LifecycleAction,
};
use escalator_core::escalation_record::EscalationId;
use escalator_core::timeline::{ChainVerdict, EventKind, verify};
use escalator_store::{Store, StoreError};
use uuid::Uuid;

use crate::util::{at, insert, record, requested_escalation, stamp};

#[test]
fn each_lifecycle_step_is_saved_with_its_event_and_reads_back_as_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let sr = record("vmware", "24123456789", "vMotion fails", at(0));
    let (mut escalation, requested) = requested_escalation(&sr, "vMotion outage", 60);
    let stream = escalation.id.to_string();
    {
        let mut store = Store::open_in(dir.path()).unwrap();
        insert(&mut store, &sr);
        let first = store.insert_escalation(&escalation, requested).unwrap();
        assert_eq!((first.seq, first.kind), (1, EventKind::EscalationRequested));
        assert_eq!(
            store.escalation(escalation.id).unwrap(),
            Some(escalation.clone())
        );

        let steps = [
            LifecycleAction::Acknowledge,
            LifecycleAction::AssignEngineer {
                engineer: "K. Osei".into(),
            },
            LifecycleAction::AgreeActionPlan {
                plan: "Collect vmkernel logs during the next failed migration".into(),
            },
            LifecycleAction::ProposeDeEscalation,
            LifecycleAction::DeEscalate {
                criteria: DeEscalationCriteria {
                    action_plan_acceptable: true,
                    troubleshooting_on_track: true,
                    agreement_text: "Agreed with the duty manager on the call".into(),
                },
            },
            LifecycleAction::Close {
                feedback: Feedback {
                    rating: 4,
                    comment: "Quick once the engineer was on it".into(),
                },
            },
        ];
        for (minute, action) in (2..).zip(steps) {
            let event = escalation.apply(action, &stamp(minute * 60)).unwrap();
            store.update_escalation(&escalation, event).unwrap();
            assert_eq!(
                store.escalation(escalation.id).unwrap(),
                Some(escalation.clone())
            );
        }
    }

    let store = Store::open_in(dir.path()).unwrap();
    let stored = store.escalation(escalation.id).unwrap().unwrap();
    assert_eq!(stored, escalation);
    assert_eq!(stored.state, EscalationState::Closed);
    assert_eq!(stored.engineer, "K. Osei");

    let events = store.stream_events(&stream).unwrap();
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::EscalationRequested,
            EventKind::Acknowledged,
            EventKind::EngineerAssigned,
            EventKind::ActionPlanAgreed,
            EventKind::DeEscalationProposed,
            EventKind::DeEscalated,
            EventKind::Closed,
        ]
    );
    assert!(matches!(
        verify(&events),
        ChainVerdict::Intact { count: 7, .. }
    ));
    // The SR's own stream is not touched by its escalation.
    assert_eq!(store.stream_events(&sr.id.to_string()).unwrap().len(), 1);
}

#[test]
fn the_list_shows_each_escalation_with_its_first_request_most_recently_changed_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let vmware = record("vmware", "24123456789", "vMotion fails", at(0));
    let mut redhat = record("redhat", "04012345", "Kernel panic", at(10));
    redhat.severity = escalator_core::Severity::new(1).unwrap();
    insert(&mut store, &vmware);
    insert(&mut store, &redhat);

    let (mut older, event) = requested_escalation(&vmware, "vMotion outage", 100);
    store.insert_escalation(&older, event).unwrap();
    let (newer, event) = requested_escalation(&redhat, "Boot loop", 200);
    store.insert_escalation(&newer, event).unwrap();

    let summary = |store: &Store| -> Vec<(String, String, String, u8)> {
        store
            .list_escalations()
            .unwrap()
            .into_iter()
            .map(|row| {
                (
                    row.record.title,
                    row.vendor,
                    row.vendor_sr_number,
                    row.severity,
                )
            })
            .collect()
    };
    assert_eq!(
        summary(&store),
        [
            ("Boot loop".into(), "redhat".into(), "04012345".into(), 1),
            (
                "vMotion outage".into(),
                "vmware".into(),
                "24123456789".into(),
                2
            ),
        ]
    );
    assert_eq!(store.escalation_count().unwrap(), 2);

    // A change moves the older one to the top.
    let event = older
        .apply(LifecycleAction::Acknowledge, &stamp(300))
        .unwrap();
    store.update_escalation(&older, event).unwrap();
    assert_eq!(summary(&store)[0].0, "vMotion outage");
}

#[test]
fn a_war_room_links_requests_of_several_vendors_and_each_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let vmware = record("vmware", "24123456789", "vMotion fails", at(0));
    let microsoft = record(
        "microsoft",
        "2508120040001234",
        "Storage Spaces latency",
        at(10),
    );
    let bystander = record("cisco", "694001122", "BGP flaps", at(20));
    let (mut escalation, event) =
        requested_escalation(&vmware, "Storage-side vMotion failures", 60);
    {
        let mut store = Store::open_in(dir.path()).unwrap();
        for sr in [&vmware, &microsoft, &bystander] {
            insert(&mut store, sr);
        }
        store.insert_escalation(&escalation, event).unwrap();
        let link = escalation
            .link_support_request(microsoft.id, "Microsoft 2508120040001234", &stamp(120))
            .unwrap();
        let chained = store.update_escalation(&escalation, link).unwrap();
        assert_eq!(chained.seq, 2);
    }

    let store = Store::open_in(dir.path()).unwrap();
    for sr in [&vmware, &microsoft] {
        assert_eq!(
            store
                .escalations_of_support_request(&sr.id.to_string())
                .unwrap(),
            [escalation.clone()],
            "{}",
            sr.vendor
        );
    }
    assert!(
        store
            .escalations_of_support_request(&bystander.id.to_string())
            .unwrap()
            .is_empty()
    );
    let rows = store.list_escalations().unwrap();
    assert_eq!(rows.len(), 1, "a war room is one escalation");
    assert_eq!(
        (rows[0].vendor.as_str(), rows[0].vendor_sr_number.as_str()),
        ("vmware", "24123456789")
    );
    assert_eq!(rows[0].record.support_requests, [vmware.id, microsoft.id]);
}

#[test]
fn updating_an_unknown_escalation_is_not_found_and_writes_no_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let sr = record("vmware", "24123456789", "vMotion fails", at(0));
    insert(&mut store, &sr);
    let (mut never_saved, _) = requested_escalation(&sr, "Never saved", 60);
    let event = never_saved
        .apply(LifecycleAction::Acknowledge, &stamp(120))
        .unwrap();

    let err = store.update_escalation(&never_saved, event).unwrap_err();
    assert!(matches!(err, StoreError::NotFound), "{err:?}");
    assert!(
        store
            .stream_events(&never_saved.id.to_string())
            .unwrap()
            .is_empty()
    );
    assert!(store.list_escalations().unwrap().is_empty());
    assert!(
        store
            .escalations_of_support_request(&sr.id.to_string())
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.escalation(EscalationId(Uuid::new_v4())).unwrap(),
        None
    );
}
