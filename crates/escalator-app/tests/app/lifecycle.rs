//! An escalation from the SR to its closure, and the guards on every move.

use escalator_app::{
    ActionKind, DeEscalationCriteria, ErrorCode, EscalationState, EscalationView, Feedback,
    LifecycleAction, ReEscalationReason, Recommendation, Situation, Trigger, WizardDraft,
    WizardStep,
};
use escalator_core::playbook::ContactMethod;
use escalator_core::timeline::EventKind;

use crate::util::{Desk, details, field_names, forged_review, input, profile, request_input};

fn availability(view: &EscalationView, kind: ActionKind) -> (bool, String) {
    let action = view
        .actions
        .iter()
        .find(|a| a.action == kind)
        .unwrap_or_else(|| panic!("{kind:?} is not offered"));
    (action.available, action.why_not.clone())
}

fn criteria() -> DeEscalationCriteria {
    DeEscalationCriteria {
        action_plan_acceptable: true,
        troubleshooting_on_track: true,
        agreement_text: "Customer agrees to de-escalate (SR comment of 4 Dec)".into(),
    }
}

#[test]
fn an_escalation_runs_from_the_sr_to_its_closure_with_one_event_per_change() {
    let desk = Desk::new();
    let app = &desk.app;

    // The SR and its facts.
    let sr = app
        .create_support_request(input("vmware", "24561234567", "vMotion fails", 2))
        .unwrap();
    let sr_id = sr.id.to_string();
    let sr = app
        .update_support_request_details(&sr_id, details())
        .unwrap();
    assert_eq!(sr.details, details());
    let saved = app.save_profile(profile()).unwrap();
    assert_eq!(saved, profile());
    assert_eq!(app.get_profile().unwrap(), profile());

    // The wizard: review, advice, route; its draft saved as it goes.
    let readiness = crate::util::readiness();
    let review = app.review_readiness(readiness.clone()).unwrap();
    assert_eq!(review.reviewed_on, crate::util::date(2026, 11, 27));
    let advice = app
        .recommend(Situation {
            support_request_id: sr_id.clone(),
            warranted_severity: 2,
            impact_changed: false,
            recorded_wrongly: false,
            triggers: vec![Trigger::Roadblock],
        })
        .unwrap();
    assert_eq!(advice, Recommendation::Escalate);

    let plan = app.plan_route(&sr_id, readiness.clone()).unwrap();
    assert_eq!(plan.vendor_name, "VMware by Broadcom");
    assert_eq!(plan.region, "Americas");
    assert_eq!(plan.phone.as_ref().unwrap().number, "1-877-4VMware");
    assert!(plan.phone_recommended);
    assert!(!plan.phone_recommended_source.is_empty());
    for fact in [
        "24561234567",
        "vMotion fails between hosts esx01 and esx02 since 8.0 U3",
        "ACME Logistics GmbH",
    ] {
        assert!(plan.script.contains(fact), "script lacks {fact}");
    }
    assert!(!plan.script.contains('{'), "{}", plan.script);
    assert_eq!(
        plan.pasteable,
        "SR number: 24561234567\n\
         Problem statement: vMotion fails between hosts esx01 and esx02 since 8.0 U3\n\
         Business impact: Maintenance window for 400 production VMs is blocked\n\
         Critical milestone: 2026-12-05 (Datacentre move)\n"
    );
    assert_eq!(plan.channels[1].how, ContactMethod::Phone);

    let draft = app
        .save_wizard_draft(WizardDraft {
            id: String::new(),
            step: WizardStep::Confirm,
            support_request_id: Some(sr_id.clone()),
            triggers: vec![Trigger::Roadblock],
            warranted_severity: Some(2),
            impact_changed: false,
            recorded_wrongly: false,
            readiness: readiness.clone(),
            title: "vMotion outage".into(),
            channel: Some(1),
            updated_at: None,
        })
        .unwrap();
    assert_eq!(app.list_wizard_drafts().unwrap().len(), 1);

    // Confirmation: the escalation exists, requested, and the draft is gone.
    desk.advance_minutes(5);
    let view = app
        .request_escalation(request_input(&sr, Some(draft.id)))
        .unwrap();
    let id = view.id.clone();
    assert_eq!(view.state, EscalationState::Requested);
    assert_eq!(view.visited, [EscalationState::Requested]);
    assert!(app.list_wizard_drafts().unwrap().is_empty());
    let route = view.route.clone().unwrap();
    assert_eq!(route.role, "Duty Manager / Support Manager");
    assert_eq!(route.phone.as_deref(), Some("1-877-4VMware"));
    assert_eq!(route.region, "Americas");
    assert_eq!(view.support_requests[0].id, sr.id);
    assert_eq!(view.triggers, [Trigger::Roadblock, Trigger::CriticalImpact]);
    assert_eq!(view.closure_rules.len(), 3);
    assert!(view.timeline_intact);
    // The escalation screen never offers a request, and says why the rest are not possible.
    assert!(view.actions.iter().all(|a| a.action != ActionKind::Request));
    assert_eq!(
        availability(&view, ActionKind::Close),
        (
            false,
            "Only a de-escalated escalation can be closed.".to_owned()
        )
    );
    assert_eq!(
        availability(&view, ActionKind::DeEscalate),
        (false, "Propose de-escalation first.".to_owned())
    );
    assert_eq!(
        availability(&view, ActionKind::Acknowledge),
        (true, String::new())
    );
    assert_eq!(desk.own_events(&id), 1);

    let mut accepted = 1;
    let mut act = |action: LifecycleAction| {
        desk.advance_minutes(30);
        let view = app.apply_escalation_action(&id, action).unwrap();
        accepted += 1;
        assert_eq!(desk.own_events(&id), accepted, "one event per change");
        assert!(view.timeline_intact);
        view
    };

    assert_eq!(
        act(LifecycleAction::Acknowledge).state,
        EscalationState::Acknowledged
    );
    let view = act(LifecycleAction::AssignEngineer {
        engineer: " Priya N. ".into(),
    });
    assert_eq!(view.engineer, "Priya N.");
    let view = act(LifecycleAction::AgreeActionPlan {
        plan: "Collect vm-support bundles; test the patch".into(),
    });
    assert_eq!(view.state, EscalationState::ActionPlanAgreed);
    assert_eq!(
        availability(&view, ActionKind::ProposeDeEscalation),
        (true, String::new())
    );

    let view = act(LifecycleAction::ReEscalate {
        reason: ReEscalationReason::MissedUpdates,
        management_call: "Called the Duty Manager at 14:00 CET; GEPM engaged".into(),
    });
    assert_eq!(view.state, EscalationState::ReEscalated);
    assert_eq!(view.re_escalations, 1);
    // After a re-escalation the plan may be agreed anew, another engineer may join, or
    // de-escalation may be proposed; it cannot be closed or acknowledged again.
    for kind in [
        ActionKind::AgreeActionPlan,
        ActionKind::AssignEngineer,
        ActionKind::ProposeDeEscalation,
        ActionKind::ReEscalate,
        ActionKind::Withdraw,
    ] {
        assert_eq!(availability(&view, kind), (true, String::new()), "{kind:?}");
    }
    for kind in [
        ActionKind::Acknowledge,
        ActionKind::DeEscalate,
        ActionKind::Close,
    ] {
        let (available, why_not) = availability(&view, kind);
        assert!(!available && !why_not.is_empty(), "{kind:?}");
    }

    let view = act(LifecycleAction::AgreeActionPlan {
        plan: "Daily call at 16:00 CET until the fix ships".into(),
    });
    assert_eq!(
        view.action_plan,
        "Daily call at 16:00 CET until the fix ships"
    );
    act(LifecycleAction::ProposeDeEscalation);
    let view = act(LifecycleAction::DeEscalate {
        criteria: criteria(),
    });
    assert_eq!(
        view.de_escalation_agreement,
        "Customer agrees to de-escalate (SR comment of 4 Dec)"
    );
    assert_eq!(
        availability(&view, ActionKind::Close),
        (true, String::new())
    );
    let view = act(LifecycleAction::Close {
        feedback: Feedback {
            rating: 4,
            comment: "Good once the GEPM joined".into(),
        },
    });
    assert_eq!(view.state, EscalationState::Closed);
    assert_eq!(view.feedback.as_ref().unwrap().rating, 4);
    assert!(
        view.actions
            .iter()
            .all(|a| !a.available && a.why_not == "The escalation is closed.")
    );

    // What the user reads back, also after a restart.
    let desk = desk.reopen();
    let view = desk.app.get_escalation(&id).unwrap();
    assert_eq!(
        view.visited,
        [
            EscalationState::Requested,
            EscalationState::Acknowledged,
            EscalationState::EngineerAssigned,
            EscalationState::ActionPlanAgreed,
            EscalationState::ReEscalated,
            EscalationState::DeEscalationProposed,
            EscalationState::DeEscalated,
            EscalationState::Closed,
        ]
    );
    assert!(view.timeline_intact);

    let timeline = desk.timeline(&id);
    assert!(timeline.intact);
    assert_eq!(timeline.chains.len(), 2);
    assert!(timeline.chains.iter().all(|c| c.verdict.is_intact()));
    let own: Vec<EventKind> = timeline
        .entries
        .iter()
        .filter(|e| e.stream == id)
        .map(|e| e.event.kind)
        .collect();
    assert_eq!(
        own,
        [
            EventKind::EscalationRequested,
            EventKind::Acknowledged,
            EventKind::EngineerAssigned,
            EventKind::ActionPlanAgreed,
            EventKind::ReEscalated,
            EventKind::ActionPlanAgreed,
            EventKind::DeEscalationProposed,
            EventKind::DeEscalated,
            EventKind::Closed,
        ]
    );
    // The SR's own stream: recorded, then its facts filled in (one event).
    let sr_events: Vec<EventKind> = timeline
        .entries
        .iter()
        .filter(|e| e.stream == sr_id)
        .map(|e| e.event.kind)
        .collect();
    assert_eq!(sr_events, [EventKind::SrOpened, EventKind::Note]);
    assert_eq!(timeline.entries.len(), 11);
    assert!(
        timeline
            .entries
            .iter()
            .all(|e| e.event.zone == "Europe/Berlin" && e.event.actor == "Dana Weber")
    );
    // Oldest first, each event a moment after the one before.
    assert!(
        timeline
            .entries
            .windows(2)
            .all(|w| w[0].event.at <= w[1].event.at)
    );
    let listed = desk.app.list_escalations().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].state, EscalationState::Closed);
    assert_eq!(listed[0].re_escalations, 1);
    assert_eq!(listed[0].vendor_sr_number, "24561234567");
}

/// An escalation waiting for the user to confirm de-escalation.
fn proposed(desk: &Desk) -> String {
    let id = desk.escalation("24560000001").id;
    for action in [
        LifecycleAction::Acknowledge,
        LifecycleAction::AssignEngineer {
            engineer: "Priya N.".into(),
        },
        LifecycleAction::AgreeActionPlan {
            plan: "Test the patch".into(),
        },
        LifecycleAction::ProposeDeEscalation,
    ] {
        desk.app.apply_escalation_action(&id, action).unwrap();
    }
    id
}

#[test]
fn de_escalation_needs_each_of_the_three_criteria_and_a_refusal_writes_nothing() {
    let desk = Desk::new();
    let id = proposed(&desk);
    let before = desk.app.get_escalation(&id).unwrap();
    let events = desk.timeline(&id).entries.len();

    let missing = [
        (
            DeEscalationCriteria {
                action_plan_acceptable: false,
                ..criteria()
            },
            "actionPlanAcceptable",
        ),
        (
            DeEscalationCriteria {
                troubleshooting_on_track: false,
                ..criteria()
            },
            "troubleshootingOnTrack",
        ),
        (
            DeEscalationCriteria {
                agreement_text: " \n ".into(),
                ..criteria()
            },
            "agreementText",
        ),
    ];
    for (criteria, field) in missing {
        desk.advance_minutes(1);
        let err = desk
            .app
            .apply_escalation_action(&id, LifecycleAction::DeEscalate { criteria })
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
        assert_eq!(field_names(&err), [field]);
        assert!(!err.fields[0].message.is_empty());
        assert_eq!(desk.timeline(&id).entries.len(), events, "{field}");
        assert_eq!(desk.app.get_escalation(&id).unwrap(), before, "{field}");
    }

    let view = desk
        .app
        .apply_escalation_action(
            &id,
            LifecycleAction::DeEscalate {
                criteria: criteria(),
            },
        )
        .unwrap();
    assert_eq!(view.state, EscalationState::DeEscalated);
    assert_eq!(desk.timeline(&id).entries.len(), events + 1);
}

#[test]
fn closing_before_de_escalation_is_not_allowed_and_says_why() {
    let desk = Desk::new();
    let id = desk.escalation("24560000002").id;
    let events = desk.timeline(&id).entries.len();
    let err = desk
        .app
        .apply_escalation_action(
            &id,
            LifecycleAction::Close {
                feedback: Feedback {
                    rating: 4,
                    comment: String::new(),
                },
            },
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert_eq!(err.message, "Only a de-escalated escalation can be closed.");
    assert!(err.fields.is_empty());
    assert_eq!(desk.timeline(&id).entries.len(), events);
    assert_eq!(
        desk.app.get_escalation(&id).unwrap().state,
        EscalationState::Requested
    );
}

#[test]
fn a_forged_request_through_the_ipc_is_not_allowed_and_writes_nothing() {
    let desk = Desk::new();
    let id = desk.escalation("24560000003").id;
    let before = desk.app.get_escalation(&id).unwrap();
    let events = desk.timeline(&id).entries.len();

    // What a tampered front end would send: the JSON shape of a request with a review.
    let json = serde_json::json!({ "action": "request", "review": forged_review() });
    assert_eq!(json["review"]["reviewedOn"], "2026-11-27");
    let action: LifecycleAction = serde_json::from_value(json).unwrap();
    assert!(matches!(action, LifecycleAction::Request { .. }));

    let err = desk.app.apply_escalation_action(&id, action).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    assert!(err.message.contains("wizard"), "{}", err.message);
    assert_eq!(desk.timeline(&id).entries.len(), events);
    assert_eq!(desk.app.get_escalation(&id).unwrap(), before);
    assert_eq!(desk.app.list_escalations().unwrap().len(), 1);
}

#[test]
fn withdrawing_needs_a_reason_and_then_nothing_moves_any_more() {
    let desk = Desk::new();
    let id = desk.escalation("24560000004").id;
    let events = desk.timeline(&id).entries.len();

    let err = desk
        .app
        .apply_escalation_action(
            &id,
            LifecycleAction::Withdraw {
                reason: "  ".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(field_names(&err), ["reason"]);
    assert_eq!(desk.timeline(&id).entries.len(), events);

    let view = desk
        .app
        .apply_escalation_action(
            &id,
            LifecycleAction::Withdraw {
                reason: "The vendor's patch fixed it overnight".into(),
            },
        )
        .unwrap();
    assert_eq!(view.state, EscalationState::Withdrawn);
    assert_eq!(
        view.withdrawn_reason,
        "The vendor's patch fixed it overnight"
    );
    assert!(
        view.actions
            .iter()
            .all(|a| !a.available && a.why_not == "The escalation was withdrawn.")
    );
    let events = events + 1;
    assert_eq!(desk.timeline(&id).entries.len(), events);

    let every_action = [
        LifecycleAction::Acknowledge,
        LifecycleAction::AssignEngineer {
            engineer: "Priya N.".into(),
        },
        LifecycleAction::AgreeActionPlan {
            plan: "Test the patch".into(),
        },
        LifecycleAction::ReEscalate {
            reason: ReEscalationReason::Stalled,
            management_call: "Called the REM".into(),
        },
        LifecycleAction::ProposeDeEscalation,
        LifecycleAction::DeEscalate {
            criteria: criteria(),
        },
        LifecycleAction::Close {
            feedback: Feedback {
                rating: 5,
                comment: String::new(),
            },
        },
        LifecycleAction::Withdraw {
            reason: "Again".into(),
        },
        LifecycleAction::Request {
            review: forged_review(),
        },
    ];
    for action in every_action {
        let kind = action.kind();
        let err = desk.app.apply_escalation_action(&id, action).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotAllowed, "{kind:?}");
        assert!(!err.message.is_empty(), "{kind:?}");
    }
    assert_eq!(desk.timeline(&id).entries.len(), events);
    assert_eq!(
        desk.app.get_escalation(&id).unwrap().state,
        EscalationState::Withdrawn
    );
}

#[test]
fn an_unknown_escalation_is_not_found() {
    let desk = Desk::new();
    for id in ["0193a0a0-0000-7000-8000-000000000000", "nope"] {
        assert_eq!(
            desk.app.get_escalation(id).unwrap_err().code,
            ErrorCode::NotFound
        );
        assert_eq!(
            desk.app
                .apply_escalation_action(id, LifecycleAction::Acknowledge)
                .unwrap_err()
                .code,
            ErrorCode::NotFound
        );
    }
}

#[test]
fn an_sr_with_an_open_escalation_is_not_escalated_twice_until_that_one_ends() {
    let desk = Desk::new();
    let first = desk.escalation("24500000001");
    let sr = desk
        .app
        .get_support_request(&first.support_requests[0].id.to_string())
        .unwrap();

    let err = desk
        .app
        .request_escalation(request_input(&sr, None))
        .unwrap_err();
    assert_eq!(field_names(&err), ["supportRequestId"]);
    assert!(err.message.contains("re-escalate"), "{}", err.message);
    assert_eq!(desk.app.list_escalations().unwrap().len(), 1);

    desk.app
        .apply_escalation_action(
            &first.id,
            LifecycleAction::Withdraw {
                reason: "Raised on the wrong SR".into(),
            },
        )
        .unwrap();
    let second = desk
        .app
        .request_escalation(request_input(&sr, None))
        .unwrap();
    assert_eq!(second.state, EscalationState::Requested);
    assert_eq!(desk.app.list_escalations().unwrap().len(), 2);
}
