//! The escalation wizard's steps that need Rust: saving and resuming its draft, the readiness
//! review, the advice (raise severity or escalate), the route and script from the vendor's
//! playbook, and the confirmation that requests the escalation.
//!
//! The draft is the wizard's own state, saved as the user goes; it is not an escalation and
//! writes no timeline event. Only the confirmation creates the escalation, already
//! `requested`, with its one event — after running the review again, so a draft saved days
//! ago cannot carry a milestone that has since passed.

use chrono::{DateTime, Utc};
use escalator_core::escalation::{
    Milestone, PassedReview, ReadinessInput, Recommendation, SituationInput, Trigger,
};
use escalator_core::escalation_record::{EscalationId, EscalationRecord, EscalationRequest, Route};
use escalator_core::playbook::{
    ContactMethod, EscalationChannel, Phone, PhoneRecommendation, Playbook, ScriptFacts,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::escalations::EscalationView;
use crate::support_requests::{find_sr, uuid_at};
use crate::{ApiError, App, ErrorCode};

/// Largest saved draft; far above anything typed, small enough to refuse a pasted file.
const MAX_DRAFT_BYTES: usize = 200_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum WizardStep {
    SupportRequest,
    Triggers,
    Readiness,
    Recommendation,
    Route,
    Confirm,
}

/// Everything the wizard has gathered so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WizardDraft {
    /// Empty for a draft not saved yet.
    pub id: String,
    pub step: WizardStep,
    pub support_request_id: Option<String>,
    pub triggers: Vec<Trigger>,
    /// The severity the impact warrants today, in the user's judgement.
    pub warranted_severity: Option<i32>,
    pub impact_changed: bool,
    pub recorded_wrongly: bool,
    pub readiness: ReadinessInput,
    pub title: String,
    /// Index of the chosen escalation channel in the vendor's playbook.
    pub channel: Option<u32>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// The facts behind the advice, as the wizard asks them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Situation {
    pub support_request_id: String,
    pub warranted_severity: i32,
    pub impact_changed: bool,
    pub recorded_wrongly: bool,
    pub triggers: Vec<Trigger>,
}

/// Whom to contact, how, and what to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RoutePlan {
    pub vendor_name: String,
    pub vendor_sr_number: String,
    pub severity_label: String,
    pub region: String,
    /// The number for the user's region, or the vendor's global one.
    pub phone: Option<Phone>,
    /// The vendor recommends the phone for escalations (or for this severity).
    pub phone_recommended: bool,
    pub phone_recommended_source: String,
    /// In the order the vendor wants them used.
    pub channels: Vec<EscalationChannel>,
    pub portal_url: String,
    pub tsanet_member: Option<bool>,
    /// What to say on the call, filled with the SR's facts.
    pub script: String,
    /// The facts to paste into the SR or an e-mail.
    pub pasteable: String,
}

/// The wizard's confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EscalationRequestInput {
    /// The draft to discard once the escalation exists.
    pub draft_id: Option<String>,
    pub support_request_id: String,
    pub title: String,
    pub triggers: Vec<Trigger>,
    pub readiness: ReadinessInput,
    pub channel: u32,
}

impl App {
    /// Saves the draft (a new one gets its id here) and returns it as stored.
    pub fn save_wizard_draft(&self, draft: WizardDraft) -> Result<WizardDraft, ApiError> {
        let now = self.clock.now();
        let mut draft = draft;
        if Uuid::parse_str(&draft.id).is_err() {
            draft.id = uuid_at(now).to_string();
        }
        draft.updated_at = Some(now);
        let body = serde_json::to_string(&draft)
            .map_err(|err| ApiError::internal(format!("draft not serialisable: {err}")))?;
        if body.len() > MAX_DRAFT_BYTES {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "The draft is too large to save; shorten the longest text.",
            ));
        }
        self.store()?.save_draft(&draft.id, &body, now)?;
        Ok(draft)
    }

    /// Saved drafts, most recent first. One that no longer reads is skipped and logged, not
    /// an error: the wizard still opens.
    pub fn list_wizard_drafts(&self) -> Result<Vec<WizardDraft>, ApiError> {
        let docs = self.store()?.drafts()?;
        Ok(docs
            .into_iter()
            .filter_map(|doc| match serde_json::from_str::<WizardDraft>(&doc.body) {
                Ok(draft) => Some(draft),
                Err(err) => {
                    tracing::warn!(id = %doc.id, error = %err, "wizard draft unreadable");
                    None
                }
            })
            .collect())
    }

    pub fn discard_wizard_draft(&self, id: &str) -> Result<(), ApiError> {
        self.store()?.delete_draft(id)?;
        Ok(())
    }

    /// Checks readiness as of today in the user's zone; every gap comes back beside its field.
    pub fn review_readiness(&self, input: ReadinessInput) -> Result<PassedReview, ApiError> {
        let profile = self.get_profile()?;
        Ok(input.review(profile.today(self.clock.now()))?)
    }

    /// Raise the severity instead, or escalate.
    pub fn recommend(&self, situation: Situation) -> Result<Recommendation, ApiError> {
        let sr = find_sr(&*self.store()?, &situation.support_request_id)?;
        let warranted = u8::try_from(situation.warranted_severity)
            .ok()
            .filter(|level| (1..=4).contains(level))
            .ok_or_else(|| {
                ApiError::field(
                    "warrantedSeverity",
                    "Choose the severity the impact warrants, 1 (most severe) to 4.",
                )
            })?;
        Ok(escalator_core::escalation::recommend(&SituationInput {
            current_severity: sr.severity.level(),
            warranted_severity: warranted,
            impact_changed: situation.impact_changed,
            recorded_wrongly: situation.recorded_wrongly,
            triggers: situation.triggers,
        }))
    }

    pub fn plan_route(
        &self,
        support_request_id: &str,
        readiness: ReadinessInput,
    ) -> Result<RoutePlan, ApiError> {
        let profile = self.get_profile()?;
        let sr = self.present(find_sr(&*self.store()?, support_request_id)?);
        let set = self.playbook_set();
        let playbook = set.get(&sr.vendor).ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "There is no playbook for {}; add one in Settings.",
                    sr.vendor_name
                ),
            )
        })?;
        let facts = ScriptFacts {
            sr_number: Some(sr.vendor_sr_number.clone()),
            problem_statement: Some(readiness.problem_statement.clone()),
            business_impact: Some(readiness.business_impact.clone()),
            milestone: milestone_text(&readiness.milestone),
            customer_name: Some(profile.organisation.clone()),
        };
        let severity_rule = match sr.severity {
            1 => PhoneRecommendation::Severity1,
            2 => PhoneRecommendation::Severity2,
            3 => PhoneRecommendation::Severity3,
            _ => PhoneRecommendation::Severity4,
        };
        let phone_recommended = playbook
            .phone_recommended_for
            .iter()
            .any(|r| *r == PhoneRecommendation::Escalation || *r == severity_rule);
        Ok(RoutePlan {
            vendor_name: playbook.name.clone(),
            vendor_sr_number: sr.vendor_sr_number.clone(),
            severity_label: sr.severity_label.clone(),
            region: profile.region.clone(),
            phone: playbook.phone_for(&profile.region).cloned(),
            phone_recommended,
            phone_recommended_source: playbook.phone_recommended_source.clone(),
            channels: playbook.escalation_channels.clone(),
            portal_url: playbook.portal_url.clone(),
            tsanet_member: playbook.tsanet_member,
            script: playbook.render_script(&facts),
            pasteable: pasteable(&sr.vendor_sr_number, &facts),
        })
    }

    /// Confirms the wizard: reviews readiness again, records the escalation as `requested`
    /// with its event, and discards the draft.
    pub fn request_escalation(
        &self,
        input: EscalationRequestInput,
    ) -> Result<EscalationView, ApiError> {
        let review = self.review_readiness(input.readiness.clone())?;
        let (stamp, profile) = self.stamp()?;
        let set = self.playbook_set();
        let mut store = self.store()?;
        let sr = find_sr(&store, &input.support_request_id)
            .map_err(|_| ApiError::field("supportRequestId", "Choose the SR to escalate."))?;
        // One open escalation per SR: a stalled one is re-escalated, not requested again.
        if let Some(open) = store
            .escalations_of_support_request(&sr.id.to_string())?
            .into_iter()
            .find(|e| e.state.is_open())
        {
            return Err(ApiError::field(
                "supportRequestId",
                format!(
                    "SR {} is already escalated (\u{201c}{}\u{201d}); re-escalate that escalation instead.",
                    sr.vendor_sr_number, open.title
                ),
            ));
        }
        let playbook: Option<&Playbook> = set.get(&sr.vendor);
        let channel = playbook
            .and_then(|p| {
                p.escalation_channels
                    .get(usize::try_from(input.channel).ok()?)
            })
            .ok_or_else(|| ApiError::field("channel", "Choose whom you contacted."))?;
        let phone = match channel.how {
            ContactMethod::Phone => playbook
                .and_then(|p| p.phone_for(&profile.region))
                .map(|p| p.number.clone()),
            _ => None,
        };
        let id = EscalationId(uuid_at(stamp.at));
        let (record, event) = EscalationRecord::request(
            id,
            EscalationRequest {
                title: input.title,
                support_request: sr.id,
                sr_number: sr.vendor_sr_number.clone(),
                triggers: input.triggers,
                review,
                route: Route {
                    role: channel.role.clone(),
                    how: channel.how,
                    phone,
                    region: profile.region.clone(),
                },
            },
            &stamp,
        )?;
        store.insert_escalation(&record, event)?;
        // The escalation exists now; a draft that cannot be removed must not turn that into
        // an error the user would answer by confirming a second time.
        if let Some(draft) = input.draft_id.as_deref()
            && let Err(err) = store.delete_draft(draft)
        {
            tracing::warn!(draft, error = %err, "wizard draft not discarded");
        }
        tracing::info!(id = %record.id, sr = %sr.id, "escalation requested");
        drop(store);
        self.get_escalation(&record.id.to_string())
    }
}

fn milestone_text(milestone: &Milestone) -> Option<String> {
    match milestone {
        Milestone::Unset => None,
        Milestone::NoneExplicitly => Some("None".to_owned()),
        Milestone::On { date, what } if what.trim().is_empty() => Some(date.to_string()),
        Milestone::On { date, what } => Some(format!("{date} ({})", what.trim())),
    }
}

/// The facts as plain lines, for the SR comment or an e-mail.
fn pasteable(sr_number: &str, facts: &ScriptFacts) -> String {
    let or_not_set = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .unwrap_or(escalator_core::playbook::NOT_SET)
            .to_owned()
    };
    format!(
        "SR number: {sr_number}\nProblem statement: {}\nBusiness impact: {}\nCritical milestone: {}\n",
        or_not_set(&facts.problem_statement),
        or_not_set(&facts.business_impact),
        or_not_set(&facts.milestone),
    )
}
