//! The readiness review, as of the user's own calendar date, and its second run at the
//! wizard's confirmation.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use escalator_app::{
    App, ErrorCode, FixedClock, Milestone, Profile, ReadinessInput, WizardDraft, WizardStep,
    Workaround,
};

use crate::util::{Desk, date, field_names, profile, readiness, request_input};

fn with_milestone(day: u32) -> ReadinessInput {
    ReadinessInput {
        milestone: Milestone::On {
            date: date(2026, 11, day),
            what: "Go-live".into(),
        },
        ..readiness()
    }
}

#[test]
fn each_gap_is_named_beside_its_field() {
    let desk = Desk::new();
    let cases = [
        (
            ReadinessInput {
                business_impact: "   ".into(),
                ..readiness()
            },
            "businessImpact",
        ),
        (
            ReadinessInput {
                problem_statement_confirmed: false,
                ..readiness()
            },
            "problemStatementConfirmed",
        ),
        (
            ReadinessInput {
                problem_statement: String::new(),
                ..readiness()
            },
            "problemStatement",
        ),
        (
            ReadinessInput {
                workaround: Workaround::Impractical { why: " ".into() },
                ..readiness()
            },
            "workaround",
        ),
        (
            ReadinessInput {
                milestone: Milestone::Unset,
                ..readiness()
            },
            "milestone",
        ),
        // Today (27 November in Berlin) and yesterday are not ahead.
        (with_milestone(27), "milestone"),
        (with_milestone(26), "milestone"),
    ];
    for (input, field) in cases {
        let err = desk.app.review_readiness(input).unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation, "{field}");
        assert_eq!(field_names(&err), [field]);
        assert!(!err.fields[0].message.is_empty());
    }

    // All at once: every gap comes back together.
    let err = desk
        .app
        .review_readiness(ReadinessInput {
            problem_statement_confirmed: false,
            business_impact: String::new(),
            workaround: Workaround::Impractical { why: String::new() },
            milestone: Milestone::On {
                date: date(2026, 11, 27),
                what: String::new(),
            },
            ..readiness()
        })
        .unwrap_err();
    assert_eq!(
        field_names(&err),
        [
            "problemStatementConfirmed",
            "businessImpact",
            "workaround",
            "milestone"
        ]
    );
    assert!(err.fields[3].message.contains("2026-11-27"));

    // Tomorrow is ahead; "no milestone" and "no workaround" are answers too.
    assert!(desk.app.review_readiness(with_milestone(28)).is_ok());
    assert!(
        desk.app
            .review_readiness(ReadinessInput {
                milestone: Milestone::NoneExplicitly,
                workaround: Workaround::None,
                ..readiness()
            })
            .is_ok()
    );
}

/// An App whose clock shows `utc` and whose user lives in `zone`.
fn user_in(zone: &str, utc: chrono::DateTime<Utc>) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(dir.path(), Arc::new(FixedClock::new(utc)));
    app.save_profile(Profile {
        time_zone: zone.into(),
        ..profile()
    })
    .unwrap();
    (dir, app)
}

#[test]
fn today_is_the_date_in_the_users_zone_not_in_utc() {
    // 23:30 UTC on the 27th is already 00:30 on the 28th in Berlin.
    let late = Utc.with_ymd_and_hms(2026, 11, 27, 23, 30, 0).unwrap();
    let (_berlin_dir, berlin) = user_in("Europe/Berlin", late);
    let err = berlin.review_readiness(with_milestone(28)).unwrap_err();
    assert_eq!(field_names(&err), ["milestone"]);
    assert!(err.fields[0].message.contains("2026-11-28"));
    assert_eq!(
        berlin
            .review_readiness(with_milestone(29))
            .unwrap()
            .reviewed_on,
        date(2026, 11, 28)
    );

    // The same instant for a user in UTC: the 28th is still ahead.
    let (_utc_dir, utc) = user_in("UTC", late);
    assert_eq!(
        utc.review_readiness(with_milestone(28))
            .unwrap()
            .reviewed_on,
        date(2026, 11, 27)
    );

    // 03:00 UTC on the 28th is still the evening of the 27th in Los Angeles.
    let early = Utc.with_ymd_and_hms(2026, 11, 28, 3, 0, 0).unwrap();
    let (_la_dir, la) = user_in("America/Los_Angeles", early);
    assert_eq!(
        la.review_readiness(with_milestone(28)).unwrap().reviewed_on,
        date(2026, 11, 27)
    );
}

#[test]
fn the_confirmation_reviews_again_and_refuses_a_milestone_that_has_passed_since() {
    let desk = Desk::new();
    let sr = desk.sr("vmware", "24569990001", 2);
    // Saved at 15:30 Berlin time on the 27th, for a go-live on the 28th: ready then.
    let draft_readiness = with_milestone(28);
    assert!(desk.app.review_readiness(draft_readiness.clone()).is_ok());
    let draft = desk
        .app
        .save_wizard_draft(WizardDraft {
            id: String::new(),
            step: WizardStep::Confirm,
            support_request_id: Some(sr.id.to_string()),
            triggers: request_input(&sr, None).triggers,
            warranted_severity: Some(2),
            impact_changed: false,
            recorded_wrongly: false,
            readiness: draft_readiness.clone(),
            title: "Go-live at risk".into(),
            channel: Some(1),
            updated_at: None,
        })
        .unwrap();

    // Nine hours later it is 23:30 UTC, still the 27th in UTC, but the 28th in Berlin.
    desk.advance_minutes(9 * 60);
    let mut confirm = request_input(&sr, Some(draft.id.clone()));
    confirm.readiness = draft_readiness;
    let err = desk.app.request_escalation(confirm).unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(field_names(&err), ["milestone"]);

    // Nothing was written, and the draft is kept for the user to fix.
    assert!(desk.app.list_escalations().unwrap().is_empty());
    assert_eq!(desk.app.list_wizard_drafts().unwrap(), [draft]);
    let history = desk
        .app
        .support_request_history(&sr.id.to_string())
        .unwrap();
    assert!(history.escalations.is_empty());
    assert_eq!(history.timeline.entries.len(), 2);
}

#[test]
fn the_confirmation_refuses_an_unconfirmed_statement_even_if_the_ui_skipped_the_review() {
    let desk = Desk::new();
    let sr = desk.sr("vmware", "24569990002", 2);
    let mut confirm = request_input(&sr, None);
    confirm.readiness.problem_statement_confirmed = false;
    let err = desk.app.request_escalation(confirm).unwrap_err();
    assert_eq!(field_names(&err), ["problemStatementConfirmed"]);
    assert!(desk.app.list_escalations().unwrap().is_empty());

    // Title, triggers and channel are checked as well.
    let mut confirm = request_input(&sr, None);
    confirm.title = " ".into();
    confirm.triggers.clear();
    let err = desk.app.request_escalation(confirm).unwrap_err();
    assert_eq!(field_names(&err), ["title", "triggers"]);
    let mut confirm = request_input(&sr, None);
    confirm.channel = 99;
    let err = desk.app.request_escalation(confirm).unwrap_err();
    assert_eq!(field_names(&err), ["channel"]);
    assert!(desk.app.list_escalations().unwrap().is_empty());
}
