//! The vendor's own remedy for a changed impact: raise the severity instead of escalating.

use escalator_app::{
    ErrorCode, Recommendation, SeverityChange, SeverityChangeReason, Situation, Trigger,
};
use escalator_core::timeline::EventKind;

use crate::util::{Desk, field_names};

fn situation(sr: &str) -> Situation {
    Situation {
        support_request_id: sr.to_owned(),
        warranted_severity: 1,
        impact_changed: true,
        recorded_wrongly: false,
        triggers: vec![Trigger::CriticalImpact],
    }
}

#[test]
fn a_changed_impact_is_advised_as_a_severity_raise_and_recorded_on_the_sr() {
    let desk = Desk::new();
    let sr = desk.sr("vmware", "24567770001", 3);
    let id = sr.id.to_string();

    assert_eq!(
        desk.app.recommend(situation(&id)).unwrap(),
        Recommendation::RaiseSeverity { from: 3, to: 1 }
    );
    // Only unhappy with the handling, or the severity already right: escalate.
    assert_eq!(
        desk.app
            .recommend(Situation {
                triggers: vec![Trigger::Dissatisfied],
                ..situation(&id)
            })
            .unwrap(),
        Recommendation::Escalate
    );
    assert_eq!(
        desk.app
            .recommend(Situation {
                impact_changed: false,
                ..situation(&id)
            })
            .unwrap(),
        Recommendation::Escalate
    );
    let err = desk
        .app
        .recommend(Situation {
            warranted_severity: 7,
            ..situation(&id)
        })
        .unwrap_err();
    assert_eq!(field_names(&err), ["warrantedSeverity"]);

    let before = desk.app.support_request_history(&id).unwrap();
    assert_eq!(before.timeline.entries.len(), 2);

    desk.advance_minutes(10);
    let raised = desk
        .app
        .change_severity(
            &id,
            SeverityChange {
                to: 1,
                reason: SeverityChangeReason::ImpactChanged,
                note: " The outage spread to all three sites ".into(),
            },
        )
        .unwrap();
    assert_eq!(raised.severity, 1);
    assert_eq!(raised.severity_label, "Severity 1 (Critical)");
    assert_eq!(desk.app.get_support_request(&id).unwrap(), raised);

    let history = desk.app.support_request_history(&id).unwrap();
    assert!(history.timeline.intact);
    assert_eq!(history.timeline.entries.len(), 3);
    let changes: Vec<_> = history
        .timeline
        .entries
        .iter()
        .filter(|e| e.event.kind == EventKind::SeverityChanged)
        .collect();
    assert_eq!(changes.len(), 1);
    let event = &changes[0].event;
    assert_eq!(changes[0].stream, id);
    assert_eq!(event.details["from"], 3);
    assert_eq!(event.details["to"], 1);
    assert_eq!(event.details["reason"], "impact_changed");
    assert_eq!(
        event.details["note"],
        "The outage spread to all three sites"
    );
    assert!(event.summary.starts_with("Severity raised from 3 to 1"));

    // Now at 1, the advice is to escalate.
    assert_eq!(
        desk.app.recommend(situation(&id)).unwrap(),
        Recommendation::Escalate
    );
}

#[test]
fn a_severity_change_needs_a_new_level_in_range_and_a_note() {
    let desk = Desk::new();
    let sr = desk.sr("redhat", "04012345", 3);
    let id = sr.id.to_string();
    let events = desk
        .app
        .support_request_history(&id)
        .unwrap()
        .timeline
        .entries
        .len();

    for (to, note, field) in [
        (3, "Recorded wrongly", "to"),
        (7, "Recorded wrongly", "to"),
        (0, "Recorded wrongly", "to"),
        (1, "", "note"),
        (1, " \n\t ", "note"),
    ] {
        let err = desk
            .app
            .change_severity(
                &id,
                SeverityChange {
                    to,
                    reason: SeverityChangeReason::RecordedWrongly,
                    note: note.into(),
                },
            )
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
        assert_eq!(field_names(&err), [field], "to {to}, note {note:?}");
    }
    assert_eq!(desk.app.get_support_request(&id).unwrap(), sr);
    assert_eq!(
        desk.app
            .support_request_history(&id)
            .unwrap()
            .timeline
            .entries
            .len(),
        events
    );

    // Lowering is a change too.
    let lowered = desk
        .app
        .change_severity(
            &id,
            SeverityChange {
                to: 4,
                reason: SeverityChangeReason::RecordedWrongly,
                note: "Only the test cluster is affected".into(),
            },
        )
        .unwrap();
    assert_eq!(lowered.severity, 4);
    let history = desk.app.support_request_history(&id).unwrap();
    let last = &history.timeline.entries.last().unwrap().event;
    assert_eq!(last.kind, EventKind::SeverityChanged);
    assert!(last.summary.starts_with("Severity lowered from 3 to 4"));
}
