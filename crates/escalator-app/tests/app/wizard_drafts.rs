//! The wizard's drafts: saved as the user goes, resumed later, never an escalation.

use escalator_app::{Trigger, WizardDraft, WizardStep};

use crate::util::{Desk, readiness};

fn draft(title: &str) -> WizardDraft {
    WizardDraft {
        id: String::new(),
        step: WizardStep::Readiness,
        support_request_id: None,
        triggers: vec![Trigger::CriticalImpact],
        warranted_severity: None,
        impact_changed: false,
        recorded_wrongly: false,
        readiness: readiness(),
        title: title.into(),
        channel: None,
        updated_at: None,
    }
}

#[test]
fn drafts_are_saved_listed_newest_first_overwritten_and_discarded() {
    let desk = Desk::new();
    let app = &desk.app;
    assert!(app.list_wizard_drafts().unwrap().is_empty());

    let first = app.save_wizard_draft(draft("First outage")).unwrap();
    assert!(uuid::Uuid::parse_str(&first.id).is_ok(), "{}", first.id);
    assert_eq!(first.updated_at, Some(desk.now()));
    assert_eq!(first.title, "First outage");

    desk.advance_minutes(1);
    let second = app.save_wizard_draft(draft("Second outage")).unwrap();
    assert_ne!(second.id, first.id);
    assert_eq!(
        app.list_wizard_drafts().unwrap(),
        [second.clone(), first.clone()]
    );

    // Going on with the first one saves over it and brings it to the top.
    desk.advance_minutes(1);
    let first = app
        .save_wizard_draft(WizardDraft {
            step: WizardStep::Route,
            channel: Some(2),
            ..first
        })
        .unwrap();
    assert_eq!(first.step, WizardStep::Route);
    assert_eq!(first.updated_at, Some(desk.now()));
    assert_eq!(
        app.list_wizard_drafts().unwrap(),
        [first.clone(), second.clone()]
    );

    app.discard_wizard_draft(&second.id).unwrap();
    assert_eq!(
        app.list_wizard_drafts().unwrap(),
        std::slice::from_ref(&first)
    );
    // Discarding what is already gone is harmless.
    app.discard_wizard_draft(&second.id).unwrap();

    // Drafts write no timeline and create no escalation.
    assert!(app.list_escalations().unwrap().is_empty());

    let desk = desk.reopen();
    assert_eq!(desk.app.list_wizard_drafts().unwrap(), [first]);
}

#[test]
fn an_unreadable_draft_is_skipped_and_the_others_still_list() {
    let desk = Desk::new();
    let kept = desk.app.save_wizard_draft(draft("Readable")).unwrap();
    // A draft from another version, or edited by hand, newer than the good one.
    let desk = desk.edit_database(|conn| {
        conn.execute(
            "INSERT INTO wizard_draft (id, updated_at, body) VALUES (?1, ?2, ?3)",
            [
                "0193a0a0-0000-7000-8000-000000000001",
                "2026-11-28T09:00:00.000000Z",
                "{\"id\": 42, \"step\": \"somewhere\"",
            ],
        )
        .unwrap();
    });
    assert_eq!(
        desk.app.list_wizard_drafts().unwrap(),
        std::slice::from_ref(&kept)
    );

    // Saving still works beside it.
    desk.advance_minutes(1);
    let another = desk.app.save_wizard_draft(draft("Another")).unwrap();
    let listed = desk.app.list_wizard_drafts().unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.contains(&kept) && listed.contains(&another));
}
