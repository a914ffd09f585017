//! Whatever a user (or a tampered front end) does to one escalation, in any order: every
//! accepted change is exactly one event, a refused one writes nothing, de-escalation only
//! happens with its three criteria, and the timeline always verifies.

use escalator_app::{
    ActionKind, Contact, ContactRole, DeEscalationCriteria, ErrorCode, EscalationState, Feedback,
    LifecycleAction, ReEscalationReason,
};
use escalator_core::timeline::EventKind;
use proptest::prelude::*;

use crate::util::{Desk, forged_review};

#[derive(Debug, Clone)]
enum Step {
    /// Any action, available now or not, with complete or incomplete data.
    Act(LifecycleAction),
    /// The `n`-th action the escalation screen offers as available right now (wrapping),
    /// withdrawal aside, so sequences get deep into the lifecycle; its data may still be
    /// incomplete.
    Offered {
        n: usize,
        complete: bool,
    },
    Note(String),
    Contacts {
        named: bool,
        count: usize,
    },
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" \n ".to_owned()),
        "[a-zA-Z0-9 ]{1,16}",
    ]
}

fn action() -> impl Strategy<Value = LifecycleAction> {
    prop_oneof![
        Just(LifecycleAction::Request {
            review: forged_review()
        }),
        Just(LifecycleAction::Acknowledge),
        text().prop_map(|engineer| LifecycleAction::AssignEngineer { engineer }),
        text().prop_map(|plan| LifecycleAction::AgreeActionPlan { plan }),
        text().prop_map(|management_call| LifecycleAction::ReEscalate {
            reason: ReEscalationReason::NoProgress,
            management_call,
        }),
        Just(LifecycleAction::ProposeDeEscalation),
        (any::<bool>(), any::<bool>(), text()).prop_map(|(plan, on_track, agreement)| {
            LifecycleAction::DeEscalate {
                criteria: DeEscalationCriteria {
                    action_plan_acceptable: plan,
                    troubleshooting_on_track: on_track,
                    agreement_text: agreement,
                },
            }
        }),
        (0u8..7).prop_map(|rating| LifecycleAction::Close {
            feedback: Feedback {
                rating,
                comment: String::new(),
            },
        }),
        text().prop_map(|reason| LifecycleAction::Withdraw { reason }),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => action().prop_map(Step::Act),
        4 => (0usize..8, proptest::bool::weighted(0.8))
            .prop_map(|(n, complete)| Step::Offered { n, complete }),
        1 => text().prop_map(Step::Note),
        1 => (any::<bool>(), 0usize..3).prop_map(|(named, count)| Step::Contacts { named, count }),
    ]
}

/// The action of `kind`, its data filled in or left blank.
fn action_of(kind: ActionKind, complete: bool) -> LifecycleAction {
    let text = if complete { "Agreed on the call" } else { " " };
    match kind {
        ActionKind::Request => LifecycleAction::Request {
            review: forged_review(),
        },
        ActionKind::Acknowledge => LifecycleAction::Acknowledge,
        ActionKind::AssignEngineer => LifecycleAction::AssignEngineer {
            engineer: text.into(),
        },
        ActionKind::AgreeActionPlan => LifecycleAction::AgreeActionPlan { plan: text.into() },
        ActionKind::ReEscalate => LifecycleAction::ReEscalate {
            reason: ReEscalationReason::Stalled,
            management_call: text.into(),
        },
        ActionKind::ProposeDeEscalation => LifecycleAction::ProposeDeEscalation,
        ActionKind::DeEscalate => LifecycleAction::DeEscalate {
            criteria: DeEscalationCriteria {
                action_plan_acceptable: complete,
                troubleshooting_on_track: true,
                agreement_text: text.into(),
            },
        },
        ActionKind::Close => LifecycleAction::Close {
            feedback: Feedback {
                rating: if complete { 4 } else { 0 },
                comment: String::new(),
            },
        },
        ActionKind::Withdraw => LifecycleAction::Withdraw {
            reason: text.into(),
        },
    }
}

fn contacts(named: bool, count: usize) -> Vec<Contact> {
    (0..count)
        .map(|i| Contact {
            role: ContactRole::EscalationEngineer,
            name: if named {
                format!("Engineer {i}")
            } else {
                "  ".into()
            },
            email: String::new(),
            phone: String::new(),
            note: String::new(),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn random_action_sequences_keep_the_rules(steps in proptest::collection::vec(step(), 0..=20)) {
        let desk = Desk::new();
        let id = desk.escalation("24560001234").id;
        let app = &desk.app;

        for step in steps {
            desk.advance_minutes(1);
            let before = desk.timeline(&id);
            let state = app.get_escalation(&id).unwrap().state;
            let mut unchanged = false;
            let result = match step {
                Step::Act(action) => {
                    let forged = matches!(action, LifecycleAction::Request { .. });
                    let result = app.apply_escalation_action(&id, action);
                    if forged {
                        prop_assert_eq!(result.as_ref().map(|_| ()).unwrap_err().code, ErrorCode::NotAllowed);
                    }
                    result
                }
                Step::Offered { n, complete } => {
                    let offered: Vec<ActionKind> = app
                        .get_escalation(&id)
                        .unwrap()
                        .actions
                        .into_iter()
                        // Withdrawal is always offered and ends everything; random
                        // actions above still try it.
                        .filter(|a| a.available && a.action != ActionKind::Withdraw)
                        .map(|a| a.action)
                        .collect();
                    if offered.is_empty() {
                        prop_assert!(!state.is_open());
                        continue;
                    }
                    let kind = offered[n % offered.len()];
                    let result = app.apply_escalation_action(&id, action_of(kind, complete));
                    // What the screen offers is never refused as "not now".
                    if let Err(err) = &result {
                        prop_assert_eq!(err.code, ErrorCode::Validation, "{:?}", kind);
                    }
                    result
                }
                Step::Note(text) => app.add_escalation_note(&id, &text),
                Step::Contacts { named, count } => {
                    let wanted = contacts(named, count);
                    unchanged = app.get_escalation(&id).unwrap().contacts == wanted;
                    app.set_escalation_contacts(&id, wanted)
                }
            };

            let after = desk.timeline(&id);
            let grew = after.entries.len() - before.entries.len();
            match &result {
                Ok(view) => {
                    // Saving the contact list as it already is changes nothing.
                    prop_assert_eq!(grew, usize::from(!unchanged));
                    prop_assert!(view.timeline_intact);
                }
                Err(err) => {
                    prop_assert_eq!(grew, 0, "{:?}", err);
                    prop_assert!(
                        matches!(err.code, ErrorCode::Validation | ErrorCode::NotAllowed),
                        "{:?}", err
                    );
                    prop_assert_eq!(app.get_escalation(&id).unwrap().state, state);
                }
            }
            prop_assert!(after.intact);
            prop_assert!(after.chains.iter().all(|c| c.verdict.is_intact()));
        }

        // Every de-escalation on record had all three criteria.
        let view = app.get_escalation(&id).unwrap();
        let timeline = desk.timeline(&id);
        let de_escalations: Vec<&serde_json::Value> = timeline
            .entries
            .iter()
            .filter(|e| e.event.kind == EventKind::DeEscalated)
            .map(|e| &e.event.details)
            .collect();
        for details in &de_escalations {
            prop_assert_eq!(&details["criteria"]["actionPlanAcceptable"], true);
            prop_assert_eq!(&details["criteria"]["troubleshootingOnTrack"], true);
            let agreement = details["agreement"].as_str().unwrap_or_default();
            prop_assert!(!agreement.trim().is_empty());
        }
        if matches!(view.state, EscalationState::DeEscalated | EscalationState::Closed) {
            prop_assert!(!de_escalations.is_empty());
            prop_assert!(!view.de_escalation_agreement.trim().is_empty());
        }
        // The state shown is where the last move led.
        let last_move = timeline
            .entries
            .iter()
            .filter(|e| e.stream == id)
            .filter_map(|e| e.event.details.get("to").and_then(|to| to.as_str()))
            .next_back();
        prop_assert_eq!(last_move, Some(view.state.as_str()));
        prop_assert!(view.timeline_intact);
    }
}
