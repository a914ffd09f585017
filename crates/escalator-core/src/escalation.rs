//! An escalation's lifecycle: the states it passes through, the guard on every move, and
//! the readiness review and the de-escalation criteria those guards check.
//!
//! The shape is the vendors' published process (VMware's "Escalating a Support Request",
//! which Oracle, Cisco, Red Hat and Google follow too): an escalation is requested only once
//! the problem, its impact, the workaround and the milestone are clear; it is de-escalated
//! only when the action plan is acceptable, the work is on track and the agreement is
//! written down. Every accepted move is described by a [`Transition`] the caller records on
//! the timeline.
//!
//! This module decides; it does not store, notify or read the clock. "Today" and "now" are
//! arguments.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::validation::{FieldErrors, ValidationError};

/// Longest free text we accept in one field of the lifecycle (a problem statement, an
/// agreement). Generous for prose, small enough that a pasted log file is refused.
pub const MAX_TEXT_CHARS: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum EscalationState {
    Draft,
    Requested,
    Acknowledged,
    EngineerAssigned,
    ActionPlanAgreed,
    ReEscalated,
    DeEscalationProposed,
    DeEscalated,
    Closed,
    Withdrawn,
}

impl EscalationState {
    pub const ALL: [Self; 10] = [
        Self::Draft,
        Self::Requested,
        Self::Acknowledged,
        Self::EngineerAssigned,
        Self::ActionPlanAgreed,
        Self::ReEscalated,
        Self::DeEscalationProposed,
        Self::DeEscalated,
        Self::Closed,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Requested => "requested",
            Self::Acknowledged => "acknowledged",
            Self::EngineerAssigned => "engineer_assigned",
            Self::ActionPlanAgreed => "action_plan_agreed",
            Self::ReEscalated => "re_escalated",
            Self::DeEscalationProposed => "de_escalation_proposed",
            Self::DeEscalated => "de_escalated",
            Self::Closed => "closed",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// Closed and withdrawn escalations accept no further move.
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Closed | Self::Withdrawn)
    }

    /// Requested with the vendor and not yet wound down: the states in which a stalled
    /// escalation can be pushed up to management again.
    fn is_live(self) -> bool {
        matches!(
            self,
            Self::Requested
                | Self::Acknowledged
                | Self::EngineerAssigned
                | Self::ActionPlanAgreed
                | Self::ReEscalated
                | Self::DeEscalationProposed
                | Self::DeEscalated
        )
    }
}

/// Why the customer escalates. At least one applies to every escalation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// A roadblock or showstopper to an upgrade or implementation.
    Roadblock,
    /// The business impact is critical.
    CriticalImpact,
    /// Dissatisfied with responsiveness or with the resolution offered.
    Dissatisfied,
}

/// Whether there is a way around the problem, and if so why it does not do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Workaround {
    None,
    Impractical { why: String },
}

/// The date by which the problem must be solved, or an explicit statement that none exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Milestone {
    /// Nobody has said yet: the review cannot pass.
    Unset,
    /// The customer states there is no critical date.
    NoneExplicitly,
    On {
        date: NaiveDate,
        what: String,
    },
}

/// What the readiness review checks before an escalation may be requested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessInput {
    pub problem_statement: String,
    /// The customer re-read the statement and confirms it is correct and current.
    pub problem_statement_confirmed: bool,
    pub business_impact: String,
    pub workaround: Workaround,
    pub milestone: Milestone,
}

/// A review that passed on `reviewed_on`; only this opens the way to `requested`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PassedReview {
    pub input: ReadinessInput,
    pub reviewed_on: NaiveDate,
}

impl ReadinessInput {
    /// Checks every readiness fact and reports all gaps at once. `today` is the date in the
    /// user's zone: a milestone must still be ahead of them.
    pub fn review(&self, today: NaiveDate) -> Result<PassedReview, ValidationError> {
        let mut errors = FieldErrors::default();
        let statement = self.problem_statement.trim();
        if statement.is_empty() {
            errors.add(
                "problemStatement",
                "Describe the problem as the vendor should understand it.",
            );
        } else if statement.chars().count() > MAX_TEXT_CHARS {
            errors.add("problemStatement", too_long());
        } else if !self.problem_statement_confirmed {
            errors.add(
                "problemStatementConfirmed",
                "Confirm the problem statement is correct and up to date.",
            );
        }

        let impact = self.business_impact.trim();
        if impact.is_empty() {
            errors.add(
                "businessImpact",
                "Describe the business impact: who or what is affected, and how badly.",
            );
        } else if impact.chars().count() > MAX_TEXT_CHARS {
            errors.add("businessImpact", too_long());
        }

        if let Workaround::Impractical { why } = &self.workaround {
            if why.trim().is_empty() {
                errors.add(
                    "workaround",
                    "Explain why the workaround is impractical or inappropriate.",
                );
            } else if why.chars().count() > MAX_TEXT_CHARS {
                errors.add("workaround", too_long());
            }
        }

        match &self.milestone {
            Milestone::Unset => errors.add(
                "milestone",
                "Give the critical milestone date, or state that there is none.",
            ),
            Milestone::NoneExplicitly => {}
            Milestone::On { date, what } => {
                if *date <= today {
                    errors.add(
                        "milestone",
                        format!("The milestone date {date} is not in the future."),
                    );
                }
                if what.chars().count() > MAX_TEXT_CHARS {
                    errors.add("milestone", too_long());
                }
            }
        }

        if errors.is_empty() {
            Ok(PassedReview {
                input: self.clone(),
                reviewed_on: today,
            })
        } else {
            Err(errors.into_error())
        }
    }
}

fn too_long() -> String {
    format!("At most {MAX_TEXT_CHARS} characters.")
}

/// The three conditions under which the vendor de-escalates, each confirmed by the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeEscalationCriteria {
    pub action_plan_acceptable: bool,
    pub troubleshooting_on_track: bool,
    /// The agreement to de-escalate as written in the SR, quoted.
    pub agreement_text: String,
}

impl DeEscalationCriteria {
    fn check(&self) -> Result<(), ValidationError> {
        let mut errors = FieldErrors::default();
        if !self.action_plan_acceptable {
            errors.add(
                "actionPlanAcceptable",
                "Confirm the action plan is acceptable to you.",
            );
        }
        if !self.troubleshooting_on_track {
            errors.add(
                "troubleshootingOnTrack",
                "Confirm troubleshooting or root cause analysis is on track.",
            );
        }
        let agreement = self.agreement_text.trim();
        if agreement.is_empty() {
            errors.add(
                "agreementText",
                "Quote the agreement to de-escalate as documented in the SR.",
            );
        } else if agreement.chars().count() > MAX_TEXT_CHARS {
            errors.add("agreementText", too_long());
        }
        errors.into_result()
    }
}

/// Why a stalled escalation goes up again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReEscalationReason {
    Stalled,
    MissedUpdates,
    NoProgress,
}

/// The customer's verdict on how the vendor handled the escalation, for the scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Feedback {
    /// 1 (poor) to 5 (excellent).
    pub rating: u8,
    pub comment: String,
}

/// A move the user asks for, with what its guard needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "action",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum LifecycleAction {
    Request {
        review: PassedReview,
    },
    Acknowledge,
    AssignEngineer {
        engineer: String,
    },
    AgreeActionPlan {
        plan: String,
    },
    ReEscalate {
        reason: ReEscalationReason,
        management_call: String,
    },
    ProposeDeEscalation,
    DeEscalate {
        criteria: DeEscalationCriteria,
    },
    Close {
        feedback: Feedback,
    },
    Withdraw {
        reason: String,
    },
}

/// The name of an action without its data, for menus and "why not" answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Request,
    Acknowledge,
    AssignEngineer,
    AgreeActionPlan,
    ReEscalate,
    ProposeDeEscalation,
    DeEscalate,
    Close,
    Withdraw,
}

impl ActionKind {
    pub const ALL: [Self; 9] = [
        Self::Request,
        Self::Acknowledge,
        Self::AssignEngineer,
        Self::AgreeActionPlan,
        Self::ReEscalate,
        Self::ProposeDeEscalation,
        Self::DeEscalate,
        Self::Close,
        Self::Withdraw,
    ];

    /// The state the action leads to.
    pub fn target(self) -> EscalationState {
        match self {
            Self::Request => EscalationState::Requested,
            Self::Acknowledge => EscalationState::Acknowledged,
            Self::AssignEngineer => EscalationState::EngineerAssigned,
            Self::AgreeActionPlan => EscalationState::ActionPlanAgreed,
            Self::ReEscalate => EscalationState::ReEscalated,
            Self::ProposeDeEscalation => EscalationState::DeEscalationProposed,
            Self::DeEscalate => EscalationState::DeEscalated,
            Self::Close => EscalationState::Closed,
            Self::Withdraw => EscalationState::Withdrawn,
        }
    }

    /// Whether the action can be taken from `state`, and if not, why — in words a user can
    /// act on. Guards on the action's data are checked by [`apply`].
    pub fn availability(self, state: EscalationState) -> Result<(), String> {
        use EscalationState as S;
        let allowed = match self {
            Self::Request => state == S::Draft,
            Self::Acknowledge => state == S::Requested,
            // Assignment implies the vendor saw the request; more engineers may join after
            // a re-escalation.
            Self::AssignEngineer => {
                matches!(state, S::Requested | S::Acknowledged | S::ReEscalated)
            }
            Self::AgreeActionPlan => matches!(
                state,
                S::EngineerAssigned | S::ReEscalated | S::DeEscalationProposed
            ),
            Self::ReEscalate => state.is_live(),
            Self::ProposeDeEscalation => matches!(state, S::ActionPlanAgreed | S::ReEscalated),
            Self::DeEscalate => state == S::DeEscalationProposed,
            Self::Close => state == S::DeEscalated,
            Self::Withdraw => state.is_open(),
        };
        if allowed {
            return Ok(());
        }
        Err(match (self, state) {
            (_, S::Closed) => "The escalation is closed.".to_owned(),
            (_, S::Withdrawn) => "The escalation was withdrawn.".to_owned(),
            (Self::Request, _) => "The escalation has already been requested.".to_owned(),
            (Self::ReEscalate, S::Draft) => {
                "Request the escalation before escalating it further.".to_owned()
            }
            (
                Self::ProposeDeEscalation | Self::AgreeActionPlan,
                S::Draft | S::Requested | S::Acknowledged,
            ) => "An escalation engineer must be assigned first.".to_owned(),
            (Self::ProposeDeEscalation, S::EngineerAssigned) => {
                "Agree the action plan before proposing de-escalation.".to_owned()
            }
            (Self::DeEscalate, _) => "Propose de-escalation first.".to_owned(),
            (Self::Close, _) => "Only a de-escalated escalation can be closed.".to_owned(),
            (Self::Acknowledge | Self::AssignEngineer, S::Draft) => {
                "Request the escalation first.".to_owned()
            }
            (_, current) => format!(
                "Not possible while the escalation is {}.",
                describe(current)
            ),
        })
    }
}

fn describe(state: EscalationState) -> &'static str {
    match state {
        EscalationState::Draft => "a draft",
        EscalationState::Requested => "requested",
        EscalationState::Acknowledged => "acknowledged",
        EscalationState::EngineerAssigned => "with an engineer assigned",
        EscalationState::ActionPlanAgreed => "running on an agreed action plan",
        EscalationState::ReEscalated => "re-escalated",
        EscalationState::DeEscalationProposed => "proposed for de-escalation",
        EscalationState::DeEscalated => "de-escalated",
        EscalationState::Closed => "closed",
        EscalationState::Withdrawn => "withdrawn",
    }
}

impl LifecycleAction {
    pub fn kind(&self) -> ActionKind {
        match self {
            Self::Request { .. } => ActionKind::Request,
            Self::Acknowledge => ActionKind::Acknowledge,
            Self::AssignEngineer { .. } => ActionKind::AssignEngineer,
            Self::AgreeActionPlan { .. } => ActionKind::AgreeActionPlan,
            Self::ReEscalate { .. } => ActionKind::ReEscalate,
            Self::ProposeDeEscalation => ActionKind::ProposeDeEscalation,
            Self::DeEscalate { .. } => ActionKind::DeEscalate,
            Self::Close { .. } => ActionKind::Close,
            Self::Withdraw { .. } => ActionKind::Withdraw,
        }
    }
}

/// Why a move was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The action is not available from the current state; the text says why.
    #[error("{0}")]
    NotNow(String),
    /// The action's data breaks a guard (a criterion unconfirmed, a reason missing).
    #[error(transparent)]
    Invalid(#[from] ValidationError),
}

/// An accepted move: where the escalation goes, recorded as one timeline event upstream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub from: EscalationState,
    pub to: EscalationState,
    pub action: LifecycleAction,
}

/// Checks `action` against `state` and the action's own guard. Pure: the caller persists
/// the new state and its timeline event together.
pub fn apply(
    state: EscalationState,
    action: LifecycleAction,
) -> Result<Transition, TransitionError> {
    let kind = action.kind();
    kind.availability(state).map_err(TransitionError::NotNow)?;
    check_guard(&action)?;
    Ok(Transition {
        from: state,
        to: kind.target(),
        action,
    })
}

fn check_guard(action: &LifecycleAction) -> Result<(), ValidationError> {
    let mut errors = FieldErrors::default();
    let mut required = |field: &str, text: &str, message: &str| {
        if text.trim().is_empty() {
            errors.add(field, message);
        } else if text.chars().count() > MAX_TEXT_CHARS {
            errors.add(field, too_long());
        }
    };
    match action {
        // A PassedReview can only come out of `ReadinessInput::review`; nothing to re-check.
        LifecycleAction::Request { .. }
        | LifecycleAction::Acknowledge
        | LifecycleAction::ProposeDeEscalation => {}
        LifecycleAction::AssignEngineer { engineer } => {
            required(
                "engineer",
                engineer,
                "Name the escalation engineer assigned.",
            );
        }
        LifecycleAction::AgreeActionPlan { plan } => {
            required("plan", plan, "Write down the action plan that was agreed.");
        }
        LifecycleAction::ReEscalate {
            management_call, ..
        } => required(
            "managementCall",
            management_call,
            "Record the management call: who was called, when, and what was agreed.",
        ),
        LifecycleAction::Withdraw { reason } => {
            required("reason", reason, "Say why the escalation is withdrawn.");
        }
        LifecycleAction::DeEscalate { criteria } => return criteria.check(),
        LifecycleAction::Close { feedback } => {
            if !(1..=5).contains(&feedback.rating) {
                errors.add("rating", "Rate the vendor's handling from 1 to 5.");
            }
            if feedback.comment.chars().count() > MAX_TEXT_CHARS {
                errors.add("comment", too_long());
            }
        }
    }
    errors.into_result()
}

/// Every action with whether it is available from `state` and, if not, why.
pub fn available_actions(state: EscalationState) -> Vec<(ActionKind, Result<(), String>)> {
    ActionKind::ALL
        .into_iter()
        .map(|kind| (kind, kind.availability(state)))
        .collect()
}

/// What the wizard advises once it knows why the customer wants to act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "advice",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Recommendation {
    /// The impact changed or was recorded wrongly: the vendor's own process is to raise the
    /// severity, without an escalation.
    RaiseSeverity { from: u8, to: u8 },
    /// The severity is right; ask for an escalation.
    Escalate,
}

/// The facts the advice rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SituationInput {
    pub current_severity: u8,
    /// The severity the impact warrants today, in the customer's judgement.
    pub warranted_severity: u8,
    pub impact_changed: bool,
    pub recorded_wrongly: bool,
    pub triggers: Vec<Trigger>,
}

/// Raise severity instead of escalating when the impact changed or was recorded wrongly and
/// the warranted severity is higher (a lower number) than the current one; otherwise
/// escalate. Dissatisfaction with the vendor's handling is never fixed by a severity change.
pub fn recommend(input: &SituationInput) -> Recommendation {
    let impact_reason = input.impact_changed || input.recorded_wrongly;
    let only_dissatisfied =
        !input.triggers.is_empty() && input.triggers.iter().all(|t| *t == Trigger::Dissatisfied);
    if impact_reason && input.warranted_severity < input.current_severity && !only_dissatisfied {
        Recommendation::RaiseSeverity {
            from: input.current_severity,
            to: input.warranted_severity,
        }
    } else {
        Recommendation::Escalate
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn ready_input() -> ReadinessInput {
        ReadinessInput {
            problem_statement: "vMotion fails between hosts esx01 and esx02 since 8.0 U3".into(),
            problem_statement_confirmed: true,
            business_impact: "Maintenance window for 400 VMs blocked".into(),
            workaround: Workaround::Impractical {
                why: "Cold migration needs downtime the business refuses".into(),
            },
            milestone: Milestone::On {
                date: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
                what: "Datacentre move".into(),
            },
        }
    }

    fn passed() -> PassedReview {
        ready_input().review(today()).unwrap()
    }

    fn fields(err: &ValidationError) -> Vec<&str> {
        err.fields.iter().map(|f| f.field.as_str()).collect()
    }

    #[test]
    fn a_complete_review_passes() {
        assert_eq!(passed().reviewed_on, today());
        let no_milestone = ReadinessInput {
            milestone: Milestone::NoneExplicitly,
            workaround: Workaround::None,
            ..ready_input()
        };
        assert!(no_milestone.review(today()).is_ok());
    }

    #[test]
    fn every_gap_in_readiness_is_named() {
        let input = ReadinessInput {
            problem_statement: " ".into(),
            problem_statement_confirmed: false,
            business_impact: String::new(),
            workaround: Workaround::Impractical { why: "  ".into() },
            milestone: Milestone::Unset,
        };
        let err = input.review(today()).unwrap_err();
        assert_eq!(
            fields(&err),
            [
                "problemStatement",
                "businessImpact",
                "workaround",
                "milestone"
            ]
        );
    }

    #[test]
    fn an_unconfirmed_statement_and_a_past_milestone_are_refused() {
        let input = ReadinessInput {
            problem_statement_confirmed: false,
            milestone: Milestone::On {
                date: today(),
                what: String::new(),
            },
            ..ready_input()
        };
        let err = input.review(today()).unwrap_err();
        assert_eq!(fields(&err), ["problemStatementConfirmed", "milestone"]);
        assert!(err.fields[1].message.contains("2026-11-27"));
    }

    #[test]
    fn the_happy_path_runs_from_draft_to_closed() {
        use EscalationState as S;
        let steps = [
            LifecycleAction::Request { review: passed() },
            LifecycleAction::Acknowledge,
            LifecycleAction::AssignEngineer {
                engineer: "Priya N.".into(),
            },
            LifecycleAction::AgreeActionPlan {
                plan: "Collect vm-support bundles; test patch".into(),
            },
            LifecycleAction::ReEscalate {
                reason: ReEscalationReason::MissedUpdates,
                management_call: "Called the Duty Manager at 14:00 CET; GEPM engaged".into(),
            },
            LifecycleAction::AgreeActionPlan {
                plan: "Daily call at 16:00 CET".into(),
            },
            LifecycleAction::ProposeDeEscalation,
            LifecycleAction::DeEscalate {
                criteria: DeEscalationCriteria {
                    action_plan_acceptable: true,
                    troubleshooting_on_track: true,
                    agreement_text: "Customer agrees to de-escalate (SR comment 27 Nov)".into(),
                },
            },
            LifecycleAction::Close {
                feedback: Feedback {
                    rating: 4,
                    comment: "Good once the GEPM joined".into(),
                },
            },
        ];
        let mut state = S::Draft;
        let mut visited = vec![state];
        for action in steps {
            state = apply(state, action).unwrap().to;
            visited.push(state);
        }
        assert_eq!(
            visited,
            [
                S::Draft,
                S::Requested,
                S::Acknowledged,
                S::EngineerAssigned,
                S::ActionPlanAgreed,
                S::ReEscalated,
                S::ActionPlanAgreed,
                S::DeEscalationProposed,
                S::DeEscalated,
                S::Closed
            ]
        );
    }

    #[test]
    fn de_escalation_needs_all_three_criteria() {
        let err = apply(
            EscalationState::DeEscalationProposed,
            LifecycleAction::DeEscalate {
                criteria: DeEscalationCriteria {
                    action_plan_acceptable: true,
                    troubleshooting_on_track: false,
                    agreement_text: " ".into(),
                },
            },
        )
        .unwrap_err();
        let TransitionError::Invalid(err) = err else {
            panic!("expected a validation error");
        };
        assert_eq!(fields(&err), ["troubleshootingOnTrack", "agreementText"]);
    }

    #[test]
    fn an_unavailable_action_says_why() {
        let err = apply(EscalationState::Draft, LifecycleAction::ProposeDeEscalation).unwrap_err();
        assert_eq!(
            err,
            TransitionError::NotNow("An escalation engineer must be assigned first.".into())
        );
        let closed = available_actions(EscalationState::Closed);
        assert!(closed.iter().all(|(_, a)| a.is_err()));
        let (_, withdraw) = available_actions(EscalationState::DeEscalated)
            .into_iter()
            .find(|(k, _)| *k == ActionKind::Withdraw)
            .unwrap();
        assert_eq!(withdraw, Ok(()));
    }

    #[test]
    fn re_escalation_and_withdrawal_need_their_reasons() {
        let err = apply(
            EscalationState::Acknowledged,
            LifecycleAction::ReEscalate {
                reason: ReEscalationReason::Stalled,
                management_call: String::new(),
            },
        )
        .unwrap_err();
        assert!(matches!(err, TransitionError::Invalid(e) if fields(&e) == ["managementCall"]));
        let err = apply(
            EscalationState::Requested,
            LifecycleAction::Withdraw { reason: " ".into() },
        )
        .unwrap_err();
        assert!(matches!(err, TransitionError::Invalid(e) if fields(&e) == ["reason"]));
    }

    #[test]
    fn state_words_round_trip() {
        for state in EscalationState::ALL {
            assert_eq!(EscalationState::parse(state.as_str()), Some(state));
            assert_eq!(
                serde_json::to_value(state).unwrap(),
                serde_json::json!(state.as_str())
            );
        }
    }

    #[test]
    fn raise_severity_when_the_impact_changed_escalate_when_unhappy() {
        let base = SituationInput {
            current_severity: 3,
            warranted_severity: 1,
            impact_changed: true,
            recorded_wrongly: false,
            triggers: vec![Trigger::CriticalImpact],
        };
        assert_eq!(
            recommend(&base),
            Recommendation::RaiseSeverity { from: 3, to: 1 }
        );
        let unhappy = SituationInput {
            triggers: vec![Trigger::Dissatisfied],
            ..base.clone()
        };
        assert_eq!(recommend(&unhappy), Recommendation::Escalate);
        let already_right = SituationInput {
            warranted_severity: 3,
            ..base
        };
        assert_eq!(recommend(&already_right), Recommendation::Escalate);
    }

    fn any_action() -> impl Strategy<Value = LifecycleAction> {
        let text = prop_oneof![Just(String::new()), Just("  ".to_owned()), "[a-z ]{1,20}"];
        prop_oneof![
            Just(LifecycleAction::Request { review: passed() }),
            Just(LifecycleAction::Acknowledge),
            text.clone()
                .prop_map(|engineer| LifecycleAction::AssignEngineer { engineer }),
            text.clone()
                .prop_map(|plan| LifecycleAction::AgreeActionPlan { plan }),
            text.clone().prop_map(|call| LifecycleAction::ReEscalate {
                reason: ReEscalationReason::NoProgress,
                management_call: call
            }),
            Just(LifecycleAction::ProposeDeEscalation),
            (any::<bool>(), any::<bool>(), text.clone()).prop_map(|(a, b, t)| {
                LifecycleAction::DeEscalate {
                    criteria: DeEscalationCriteria {
                        action_plan_acceptable: a,
                        troubleshooting_on_track: b,
                        agreement_text: t,
                    },
                }
            }),
            (0u8..7).prop_map(|rating| LifecycleAction::Close {
                feedback: Feedback {
                    rating,
                    comment: String::new()
                }
            }),
            text.prop_map(|reason| LifecycleAction::Withdraw { reason }),
        ]
    }

    proptest! {
        #[test]
        fn no_sequence_de_escalates_without_the_three_criteria(
            actions in proptest::collection::vec(any_action(), 0..40)
        ) {
            let mut state = EscalationState::Draft;
            for action in actions {
                let before = state;
                match apply(state, action.clone()) {
                    Ok(transition) => {
                        prop_assert_eq!(transition.from, before);
                        prop_assert!(before.is_open());
                        if transition.to == EscalationState::DeEscalated {
                            let LifecycleAction::DeEscalate { criteria } = &action else {
                                return Err(TestCaseError::fail("de-escalated by another action"));
                            };
                            prop_assert!(criteria.action_plan_acceptable);
                            prop_assert!(criteria.troubleshooting_on_track);
                            prop_assert!(!criteria.agreement_text.trim().is_empty());
                            prop_assert_eq!(before, EscalationState::DeEscalationProposed);
                        }
                        if transition.to == EscalationState::Requested {
                            prop_assert_eq!(before, EscalationState::Draft);
                        }
                        state = transition.to;
                    }
                    Err(_) => prop_assert_eq!(state, before),
                }
            }
        }
    }
}
