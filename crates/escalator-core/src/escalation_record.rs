//! One escalation as Escalator keeps it: the support requests it covers, why it was raised,
//! the review that let it through, the route taken, the people on both sides, the action
//! plan, and where it stands in the lifecycle.
//!
//! Every accepted change returns exactly one timeline event describing it, so the caller
//! can store the new record and its event in one transaction; a refused change returns an
//! error and leaves the record untouched. The record does not chain or store events, and it
//! reads no clock: the moment, zone and actor arrive in a [`Stamp`].

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::escalation::{
    self, EscalationState, LifecycleAction, MAX_TEXT_CHARS, PassedReview, Transition,
    TransitionError, Trigger,
};
use crate::playbook::ContactMethod;
use crate::sr_details::MAX_SHORT_CHARS;
use crate::support_request::SupportRequestId;
use crate::timeline::{EventKind, NewEvent};
use crate::validation::{FieldErrors, ValidationError};

/// How many SRs one war-room escalation may link.
pub const MAX_LINKED_SRS: usize = 20;
/// How many contacts one escalation may list.
pub const MAX_CONTACTS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct EscalationId(pub Uuid);

impl fmt::Display for EscalationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// When, where and by whom a change is made; the core reads no clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub at: DateTime<Utc>,
    /// The IANA zone the user works in.
    pub zone: String,
    pub actor: String,
}

impl Stamp {
    pub fn event(&self, kind: EventKind, summary: String, details: serde_json::Value) -> NewEvent {
        NewEvent {
            kind,
            at: self.at,
            zone: self.zone.clone(),
            actor: self.actor.clone(),
            summary,
            details,
        }
    }
}

/// The vendor's escalation roles, and the people around them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ContactRole {
    AssignedTechnician,
    DutyManager,
    RegionalEscalationManager,
    /// The vendor's primary contact for the escalation.
    EscalationEngineer,
    GlobalEscalationProgramManager,
    /// Someone at another vendor engaged for this problem (e.g. through TSANet).
    ThirdParty,
    /// Someone on the customer's side.
    OurSide,
}

impl ContactRole {
    pub fn label(self) -> &'static str {
        match self {
            Self::AssignedTechnician => "Assigned technician",
            Self::DutyManager => "Duty Manager",
            Self::RegionalEscalationManager => "Regional Escalation Manager",
            Self::EscalationEngineer => "Escalation Engineer",
            Self::GlobalEscalationProgramManager => "Global Escalation Program Manager",
            Self::ThirdParty => "Third-party vendor",
            Self::OurSide => "Our side",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub role: ContactRole,
    pub name: String,
    pub email: String,
    pub phone: String,
    /// Company for a third party, availability, time zone: whatever helps reach them.
    pub note: String,
}

impl Contact {
    pub(crate) fn validate(&self) -> Result<Contact, ValidationError> {
        let mut errors = FieldErrors::default();
        let mut short = |field: &str, text: &str| {
            let text = text.trim();
            if text.chars().count() > MAX_SHORT_CHARS {
                errors.add(field, format!("At most {MAX_SHORT_CHARS} characters."));
            }
            text.to_owned()
        };
        let name = short("name", &self.name);
        let email = short("email", &self.email);
        let phone = short("phone", &self.phone);
        let note = short("note", &self.note);
        if name.is_empty() {
            errors.add("name", "Give the contact's name.");
        }
        errors.into_result()?;
        Ok(Contact {
            role: self.role,
            name,
            email,
            phone,
            note,
        })
    }
}

/// How the escalation was requested, from the vendor's playbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    /// The playbook channel's role, e.g. "Duty Manager".
    pub role: String,
    pub how: ContactMethod,
    /// The number called, when the route is a phone call.
    pub phone: Option<String>,
    pub region: String,
}

/// An escalation and everything agreed in it so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EscalationRecord {
    pub id: EscalationId,
    pub title: String,
    pub state: EscalationState,
    pub triggers: Vec<Trigger>,
    /// The first is the SR the escalation was opened on; more make it a war room.
    pub support_requests: Vec<SupportRequestId>,
    pub review: Option<PassedReview>,
    pub route: Option<Route>,
    pub engineer: String,
    pub action_plan: String,
    pub contacts: Vec<Contact>,
    pub re_escalations: u32,
    pub de_escalation_agreement: String,
    pub feedback: Option<escalation::Feedback>,
    pub withdrawn_reason: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the wizard hands over when the user confirms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationRequest {
    pub title: String,
    pub support_request: SupportRequestId,
    pub sr_number: String,
    pub triggers: Vec<Trigger>,
    pub review: PassedReview,
    pub route: Route,
}

impl EscalationRecord {
    /// A new escalation, requested at once: the wizard's confirmation. The returned event
    /// is the escalation's first.
    pub fn request(
        id: EscalationId,
        request: EscalationRequest,
        stamp: &Stamp,
    ) -> Result<(EscalationRecord, NewEvent), ValidationError> {
        let mut errors = FieldErrors::default();
        let title = request.title.trim();
        if title.is_empty() {
            errors.add("title", "Give the escalation a short title.");
        } else if title.chars().count() > MAX_SHORT_CHARS {
            errors.add("title", format!("At most {MAX_SHORT_CHARS} characters."));
        }
        if request.triggers.is_empty() {
            errors.add(
                "triggers",
                "Say why you escalate: pick at least one reason.",
            );
        }
        errors.into_result()?;
        let mut triggers = request.triggers.clone();
        triggers.sort_by_key(|t| *t as u8);
        triggers.dedup();
        let at = stamp.at;
        let mut record = EscalationRecord {
            id,
            title: title.to_owned(),
            state: EscalationState::Draft,
            triggers,
            support_requests: vec![request.support_request],
            review: None,
            route: Some(request.route.clone()),
            engineer: String::new(),
            action_plan: String::new(),
            contacts: Vec::new(),
            re_escalations: 0,
            de_escalation_agreement: String::new(),
            feedback: None,
            withdrawn_reason: String::new(),
            created_at: at,
            updated_at: at,
        };
        let event = record
            .apply(
                LifecycleAction::Request {
                    review: request.review,
                },
                stamp,
            )
            .map_err(|err| match err {
                TransitionError::Invalid(err) => err,
                TransitionError::NotNow(message) => ValidationError {
                    fields: vec![crate::FieldError {
                        field: String::new(),
                        message,
                    }],
                },
            })?;
        let mut event = event;
        event.summary = format!(
            "Escalation of SR {} requested via {}",
            request.sr_number, request.route.role
        );
        Ok((record, event))
    }

    /// Moves the escalation through its lifecycle; on success the record holds the new state
    /// and the action's data, and the event describes the move.
    pub fn apply(
        &mut self,
        action: LifecycleAction,
        stamp: &Stamp,
    ) -> Result<NewEvent, TransitionError> {
        let Transition { from, to, action } = escalation::apply(self.state, action)?;
        let (kind, summary, details) = match &action {
            LifecycleAction::Request { review } => {
                self.review = Some(review.clone());
                (
                    EventKind::EscalationRequested,
                    "Escalation requested".to_owned(),
                    json!({ "review": review, "route": self.route }),
                )
            }
            LifecycleAction::Acknowledge => (
                EventKind::Acknowledged,
                "The vendor acknowledged the escalation".to_owned(),
                json!({}),
            ),
            LifecycleAction::AssignEngineer { engineer } => {
                let engineer = engineer.trim().to_owned();
                self.engineer.clone_from(&engineer);
                (
                    EventKind::EngineerAssigned,
                    format!("Escalation engineer assigned: {engineer}"),
                    json!({ "engineer": engineer }),
                )
            }
            LifecycleAction::AgreeActionPlan { plan } => {
                let plan = plan.trim().to_owned();
                self.action_plan.clone_from(&plan);
                (
                    EventKind::ActionPlanAgreed,
                    "Action plan agreed".to_owned(),
                    json!({ "plan": plan }),
                )
            }
            LifecycleAction::ReEscalate {
                reason,
                management_call,
            } => {
                self.re_escalations = self.re_escalations.saturating_add(1);
                let call = management_call.trim();
                (
                    EventKind::ReEscalated,
                    format!("Re-escalated ({})", describe_reason(*reason)),
                    json!({ "reason": reason, "managementCall": call, "count": self.re_escalations }),
                )
            }
            LifecycleAction::ProposeDeEscalation => (
                EventKind::DeEscalationProposed,
                "De-escalation proposed".to_owned(),
                json!({}),
            ),
            LifecycleAction::DeEscalate { criteria } => {
                let agreement = criteria.agreement_text.trim().to_owned();
                self.de_escalation_agreement.clone_from(&agreement);
                (
                    EventKind::DeEscalated,
                    "De-escalated: all three criteria confirmed".to_owned(),
                    json!({ "criteria": criteria, "agreement": agreement }),
                )
            }
            LifecycleAction::Close { feedback } => {
                let feedback = escalation::Feedback {
                    rating: feedback.rating,
                    comment: feedback.comment.trim().to_owned(),
                };
                self.feedback = Some(feedback.clone());
                (
                    EventKind::Closed,
                    format!("Closed; vendor rated {} of 5", feedback.rating),
                    json!({ "feedback": feedback }),
                )
            }
            LifecycleAction::Withdraw { reason } => {
                let reason = reason.trim().to_owned();
                self.withdrawn_reason.clone_from(&reason);
                (
                    EventKind::Withdrawn,
                    format!("Withdrawn: {reason}"),
                    json!({ "reason": reason }),
                )
            }
        };
        let mut details = details;
        if let Some(map) = details.as_object_mut() {
            map.insert("from".into(), json!(from));
            map.insert("to".into(), json!(to));
        }
        self.state = to;
        self.updated_at = stamp.at;
        Ok(stamp.event(kind, summary, details))
    }

    /// Replaces the contact list; one event records the new list.
    pub fn set_contacts(
        &mut self,
        contacts: &[Contact],
        stamp: &Stamp,
    ) -> Result<NewEvent, ValidationError> {
        if contacts.len() > MAX_CONTACTS {
            return Err(single(
                "contacts",
                format!("At most {MAX_CONTACTS} contacts."),
            ));
        }
        let mut valid = Vec::with_capacity(contacts.len());
        let mut errors = FieldErrors::default();
        for (index, contact) in contacts.iter().enumerate() {
            match contact.validate() {
                Ok(contact) => valid.push(contact),
                Err(err) => {
                    for field in err.fields {
                        errors.add(&format!("contacts.{index}.{}", field.field), field.message);
                    }
                }
            }
        }
        errors.into_result()?;
        let names: Vec<String> = valid
            .iter()
            .map(|c| format!("{} ({})", c.name, c.role.label()))
            .collect();
        self.contacts = valid;
        self.updated_at = stamp.at;
        let summary = if names.is_empty() {
            "Contacts cleared".to_owned()
        } else {
            format!("Contacts: {}", names.join(", "))
        };
        Ok(stamp.event(
            EventKind::Note,
            summary,
            json!({ "contacts": self.contacts }),
        ))
    }

    /// Adds an SR (of any vendor) to a war-room escalation.
    pub fn link_support_request(
        &mut self,
        sr: SupportRequestId,
        sr_label: &str,
        stamp: &Stamp,
    ) -> Result<NewEvent, ValidationError> {
        if !self.state.is_open() {
            return Err(single(
                "supportRequest",
                "The escalation is no longer open.",
            ));
        }
        if self.support_requests.contains(&sr) {
            return Err(single(
                "supportRequest",
                "This SR is already part of the escalation.",
            ));
        }
        if self.support_requests.len() >= MAX_LINKED_SRS {
            return Err(single(
                "supportRequest",
                format!("At most {MAX_LINKED_SRS} SRs in one escalation."),
            ));
        }
        self.support_requests.push(sr);
        self.updated_at = stamp.at;
        Ok(stamp.event(
            EventKind::Note,
            format!("SR {sr_label} joined the escalation"),
            json!({ "linkedSupportRequest": sr }),
        ))
    }

    /// A free-text note on the timeline.
    pub fn note(&mut self, text: &str, stamp: &Stamp) -> Result<NewEvent, ValidationError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(single("note", "Write the note first."));
        }
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(single(
                "note",
                format!("At most {MAX_TEXT_CHARS} characters."),
            ));
        }
        self.updated_at = stamp.at;
        let first_line = text.lines().next().unwrap_or(text);
        let summary: String = first_line.chars().take(120).collect();
        Ok(stamp.event(EventKind::Note, summary, json!({ "text": text })))
    }
}

fn describe_reason(reason: escalation::ReEscalationReason) -> &'static str {
    match reason {
        escalation::ReEscalationReason::Stalled => "stalled",
        escalation::ReEscalationReason::MissedUpdates => "missed updates",
        escalation::ReEscalationReason::NoProgress => "no progress",
    }
}

fn single(field: &str, message: impl Into<String>) -> ValidationError {
    ValidationError {
        fields: vec![crate::FieldError {
            field: field.to_owned(),
            message: message.into(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escalation::{
        ActionKind, DeEscalationCriteria, Feedback, Milestone, ReEscalationReason, ReadinessInput,
        Workaround,
    };
    use crate::timeline::{ChainedEvent, verify};
    use chrono::{NaiveDate, TimeZone};
    use proptest::prelude::*;

    fn stamp(minute: u32) -> Stamp {
        Stamp {
            at: Utc
                .with_ymd_and_hms(2026, 11, 27, 9, minute % 60, 0)
                .unwrap(),
            zone: "Europe/Berlin".into(),
            actor: "Dana".into(),
        }
    }

    fn requested() -> (EscalationRecord, NewEvent) {
        let review = ReadinessInput {
            problem_statement: "vMotion fails".into(),
            problem_statement_confirmed: true,
            business_impact: "400 VMs stuck".into(),
            workaround: Workaround::None,
            milestone: Milestone::NoneExplicitly,
        }
        .review(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap())
        .unwrap();
        EscalationRecord::request(
            EscalationId(Uuid::nil()),
            EscalationRequest {
                title: " vMotion outage ".into(),
                support_request: SupportRequestId(Uuid::nil()),
                sr_number: "12345678".into(),
                triggers: vec![
                    Trigger::CriticalImpact,
                    Trigger::Roadblock,
                    Trigger::Roadblock,
                ],
                review,
                route: Route {
                    role: "Duty Manager".into(),
                    how: ContactMethod::Phone,
                    phone: Some("1-877-4VMware".into()),
                    region: "Americas".into(),
                },
            },
            &stamp(0),
        )
        .unwrap()
    }

    #[test]
    fn a_request_starts_requested_with_one_event() {
        let (record, event) = requested();
        assert_eq!(record.state, EscalationState::Requested);
        assert_eq!(record.title, "vMotion outage");
        assert_eq!(
            record.triggers,
            [Trigger::Roadblock, Trigger::CriticalImpact]
        );
        assert_eq!(event.kind, EventKind::EscalationRequested);
        assert_eq!(
            event.summary,
            "Escalation of SR 12345678 requested via Duty Manager"
        );
        assert_eq!(event.details["to"], "requested");
    }

    #[test]
    fn a_refused_move_leaves_the_record_as_it_was() {
        let (mut record, _) = requested();
        let before = record.clone();
        let err = record
            .apply(
                LifecycleAction::DeEscalate {
                    criteria: DeEscalationCriteria {
                        action_plan_acceptable: true,
                        troubleshooting_on_track: true,
                        agreement_text: "ok".into(),
                    },
                },
                &stamp(1),
            )
            .unwrap_err();
        assert!(matches!(err, TransitionError::NotNow(_)));
        assert_eq!(record, before);
    }

    fn action_for(kind: ActionKind, complete: bool) -> LifecycleAction {
        let text = if complete { "done" } else { " " };
        match kind {
            ActionKind::Request => LifecycleAction::Acknowledge,
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

    proptest! {
        /// Whatever the user tries: an accepted move yields one event and a refused one none;
        /// de-escalated is reached only with all three criteria; the events always chain.
        #[test]
        fn random_action_sequences_keep_the_rules(
            steps in proptest::collection::vec((0usize..9, any::<bool>()), 0..40)
        ) {
            let (mut record, first) = requested();
            let mut chain = vec![ChainedEvent::append(None, first)];
            for (i, (kind, complete)) in steps.into_iter().enumerate() {
                let kind = ActionKind::ALL[kind];
                let before = record.state;
                let action = action_for(kind, complete);
                match record.apply(action.clone(), &stamp(u32::try_from(i).unwrap() + 1)) {
                    Ok(event) => {
                        if record.state == EscalationState::DeEscalated {
                            let criteria_met = matches!(
                                action,
                                LifecycleAction::DeEscalate { ref criteria }
                                    if criteria.action_plan_acceptable
                                        && criteria.troubleshooting_on_track
                                        && !criteria.agreement_text.trim().is_empty()
                            );
                            prop_assert!(criteria_met, "de-escalated without the criteria");
                        }
                        chain.push(ChainedEvent::append(chain.last(), event));
                    }
                    Err(_) => prop_assert_eq!(record.state, before),
                }
            }
            prop_assert!(verify(&chain).is_intact());
        }
    }

    #[test]
    fn contacts_and_links_are_checked() {
        let (mut record, _) = requested();
        let err = record
            .set_contacts(
                &[Contact {
                    role: ContactRole::DutyManager,
                    name: " ".into(),
                    email: String::new(),
                    phone: String::new(),
                    note: String::new(),
                }],
                &stamp(2),
            )
            .unwrap_err();
        assert_eq!(err.fields[0].field, "contacts.0.name");
        let sr = SupportRequestId(Uuid::from_u128(7));
        record.link_support_request(sr, "RH-1", &stamp(3)).unwrap();
        assert_eq!(record.support_requests.len(), 2);
        assert!(record.link_support_request(sr, "RH-1", &stamp(4)).is_err());
        assert!(record.note("  ", &stamp(5)).is_err());
        let note = record
            .note("Called the TAM\nsecond line", &stamp(6))
            .unwrap();
        assert_eq!(note.summary, "Called the TAM");
    }
}
