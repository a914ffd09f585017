//! Running an escalation: list, open (with its lifecycle actions, each available or with the
//! reason it is not), move it through the lifecycle, keep its contacts, link more SRs to a
//! war room, and add notes. Every change is one store call that writes the record and its
//! one event together.

use chrono::{DateTime, Utc};
use escalator_core::VendorCatalogue;
use escalator_core::escalation::Feedback;
use escalator_core::escalation::{
    self, ActionKind, EscalationState, LifecycleAction, TransitionError, Trigger,
};
use escalator_core::escalation_record::{Contact, EscalationId, EscalationRecord, Route};
use escalator_core::playbook::EscalationChannel;
use escalator_store::{EscalationRow, Store};
use serde::Serialize;
use uuid::Uuid;

use crate::support_requests::{SupportRequest, find_sr};
use crate::timeline::{self, Timeline};
use crate::{ApiError, App, ErrorCode};

/// One row of the escalations list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EscalationSummary {
    pub id: String,
    pub title: String,
    pub state: EscalationState,
    pub vendor: String,
    pub vendor_name: String,
    pub vendor_sr_number: String,
    pub severity: u8,
    /// How many SRs it covers; more than one is a war room.
    pub support_request_count: u32,
    pub re_escalations: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A lifecycle action and whether the user can take it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ActionAvailability {
    pub action: ActionKind,
    pub available: bool,
    /// Why not, in words the user can act on; empty when available.
    pub why_not: String,
}

/// Everything the escalation screen shows except the timeline, which loads on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EscalationView {
    pub id: String,
    pub title: String,
    pub state: EscalationState,
    /// Every state the escalation has been in, oldest first, from its timeline.
    pub visited: Vec<EscalationState>,
    pub triggers: Vec<Trigger>,
    pub support_requests: Vec<SupportRequest>,
    pub route: Option<Route>,
    pub engineer: String,
    pub action_plan: String,
    pub contacts: Vec<Contact>,
    pub re_escalations: u32,
    pub de_escalation_agreement: String,
    pub feedback: Option<Feedback>,
    pub withdrawn_reason: String,
    /// The vendor's escalation path and closure rules, from the first SR's playbook.
    pub channels: Vec<EscalationChannel>,
    pub closure_rules: Vec<String>,
    pub actions: Vec<ActionAvailability>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether every hash chain of its timeline verified when it was opened.
    pub timeline_intact: bool,
}

impl App {
    pub fn list_escalations(&self) -> Result<Vec<EscalationSummary>, ApiError> {
        let rows = self.store()?.list_escalations()?;
        let catalogue = self.catalogue();
        Ok(rows
            .into_iter()
            .map(|row| summarize(&catalogue, row))
            .collect())
    }

    pub fn get_escalation(&self, id: &str) -> Result<EscalationView, ApiError> {
        let store = self.store()?;
        let record = find_escalation(&store, id)?;
        self.view(&store, record)
    }

    /// The escalation's timeline: its own events and those of its SRs, chains verified.
    pub fn escalation_timeline(&self, id: &str) -> Result<Timeline, ApiError> {
        let store = self.store()?;
        let record = find_escalation(&store, id)?;
        timeline::load(&store, &streams_of(&store, &record)?)
    }

    /// Moves the escalation; a request goes through the wizard instead, which runs the
    /// readiness review this action needs.
    pub fn apply_escalation_action(
        &self,
        id: &str,
        action: LifecycleAction,
    ) -> Result<EscalationView, ApiError> {
        if matches!(action, LifecycleAction::Request { .. }) {
            return Err(ApiError::new(
                ErrorCode::NotAllowed,
                "An escalation is requested through the wizard, which checks readiness first.",
            ));
        }
        let (stamp, _) = self.stamp()?;
        let mut store = self.store()?;
        let mut record = find_escalation(&store, id)?;
        let event = record.apply(action, &stamp).map_err(|err| match err {
            TransitionError::NotNow(why) => ApiError::new(ErrorCode::NotAllowed, why),
            TransitionError::Invalid(invalid) => ApiError::from(invalid),
        })?;
        store.update_escalation(&record, event)?;
        tracing::info!(id = %record.id, state = record.state.as_str(), "escalation moved");
        self.view(&store, record)
    }

    pub fn set_escalation_contacts(
        &self,
        id: &str,
        contacts: Vec<Contact>,
    ) -> Result<EscalationView, ApiError> {
        let (stamp, _) = self.stamp()?;
        let mut store = self.store()?;
        let mut record = find_escalation(&store, id)?;
        let before = record.contacts.clone();
        let event = record.set_contacts(&contacts, &stamp)?;
        // Saving an unchanged list is not a change: no event.
        if record.contacts == before {
            return self.view(&store, find_escalation(&store, id)?);
        }
        store.update_escalation(&record, event)?;
        self.view(&store, record)
    }

    /// Adds another SR, of any vendor, to the escalation: a war room.
    pub fn link_support_request(
        &self,
        id: &str,
        support_request_id: &str,
    ) -> Result<EscalationView, ApiError> {
        let (stamp, _) = self.stamp()?;
        let mut store = self.store()?;
        let mut record = find_escalation(&store, id)?;
        let sr = find_sr(&store, support_request_id)
            .map_err(|_| ApiError::field("supportRequest", "Choose a recorded SR."))?;
        let event = record.link_support_request(sr.id, &sr.vendor_sr_number, &stamp)?;
        store.update_escalation(&record, event)?;
        self.view(&store, record)
    }

    pub fn add_escalation_note(&self, id: &str, text: &str) -> Result<EscalationView, ApiError> {
        let (stamp, _) = self.stamp()?;
        let mut store = self.store()?;
        let mut record = find_escalation(&store, id)?;
        let event = record.note(text, &stamp)?;
        store.update_escalation(&record, event)?;
        self.view(&store, record)
    }

    fn view(&self, store: &Store, record: EscalationRecord) -> Result<EscalationView, ApiError> {
        let mut support_requests = Vec::with_capacity(record.support_requests.len());
        for sr in &record.support_requests {
            if let Some(found) = store.support_request(*sr)? {
                support_requests.push(self.present(found));
            }
        }
        let timeline = timeline::load(store, &streams_of(store, &record)?)?;
        let own = record.id.to_string();
        let mut visited = Vec::new();
        for entry in timeline.entries.iter().filter(|e| e.stream == own) {
            let to = entry
                .event
                .details
                .get("to")
                .and_then(|to| to.as_str())
                .and_then(EscalationState::parse);
            if let Some(to) = to
                && !visited.contains(&to)
            {
                visited.push(to);
            }
        }
        let playbooks = self.playbook_set();
        let playbook = support_requests
            .first()
            .and_then(|sr| playbooks.get(&sr.vendor));
        let actions = escalation::available_actions(record.state)
            .into_iter()
            // Requesting is the wizard's job; the escalation screen never offers it.
            .filter(|(kind, _)| *kind != ActionKind::Request)
            .map(|(action, availability)| ActionAvailability {
                action,
                available: availability.is_ok(),
                why_not: availability.err().unwrap_or_default(),
            })
            .collect();
        Ok(EscalationView {
            id: own,
            title: record.title,
            state: record.state,
            visited,
            triggers: record.triggers,
            support_requests,
            route: record.route,
            engineer: record.engineer,
            action_plan: record.action_plan,
            contacts: record.contacts,
            re_escalations: record.re_escalations,
            de_escalation_agreement: record.de_escalation_agreement,
            feedback: record.feedback,
            withdrawn_reason: record.withdrawn_reason,
            channels: playbook
                .map(|p| p.escalation_channels.clone())
                .unwrap_or_default(),
            closure_rules: playbook
                .map(|p| p.closure_rules.clone())
                .unwrap_or_default(),
            actions,
            created_at: record.created_at,
            updated_at: record.updated_at,
            timeline_intact: timeline.intact,
        })
    }
}

fn summarize(catalogue: &VendorCatalogue, row: EscalationRow) -> EscalationSummary {
    EscalationSummary {
        id: row.record.id.to_string(),
        title: row.record.title,
        state: row.record.state,
        vendor_name: catalogue
            .get(&row.vendor)
            .map_or_else(|| row.vendor.clone(), |v| v.name.clone()),
        vendor: row.vendor,
        vendor_sr_number: row.vendor_sr_number,
        severity: row.severity,
        support_request_count: u32::try_from(row.record.support_requests.len()).unwrap_or(u32::MAX),
        re_escalations: row.record.re_escalations,
        created_at: row.record.created_at,
        updated_at: row.record.updated_at,
    }
}

pub(crate) fn find_escalation(store: &Store, id: &str) -> Result<EscalationRecord, ApiError> {
    let not_found = || {
        ApiError::new(
            ErrorCode::NotFound,
            "This escalation does not exist; it may have been removed.",
        )
    };
    let id = Uuid::parse_str(id).map_err(|_| not_found())?;
    store.escalation(EscalationId(id))?.ok_or_else(not_found)
}

/// The escalation's own stream and each of its SRs', labelled for the reader.
fn streams_of(store: &Store, record: &EscalationRecord) -> Result<Vec<(String, String)>, ApiError> {
    let mut streams = vec![(record.id.to_string(), "Escalation".to_owned())];
    for sr in &record.support_requests {
        let label = store.support_request(*sr)?.map_or_else(
            || "SR".to_owned(),
            |found| format!("SR {}", found.vendor_sr_number),
        );
        streams.push((sr.to_string(), label));
    }
    Ok(streams)
}

/// An SR's own timeline and the escalations it is part of, for the SR screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SupportRequestHistory {
    pub escalations: Vec<EscalationSummary>,
    pub timeline: Timeline,
}

impl App {
    pub fn support_request_history(&self, id: &str) -> Result<SupportRequestHistory, ApiError> {
        let store = self.store()?;
        let sr = find_sr(&store, id)?;
        let timeline = timeline::load(
            &store,
            &[(sr.id.to_string(), format!("SR {}", sr.vendor_sr_number))],
        )?;
        let catalogue = self.catalogue();
        let mut escalations = Vec::new();
        for record in store.escalations_of_support_request(&sr.id.to_string())? {
            // The list shows each escalation by its first SR, which may be another one.
            let first = match record.support_requests.first() {
                Some(first) if *first != sr.id => store.support_request(*first)?,
                _ => Some(sr.clone()),
            };
            let row = EscalationRow {
                vendor: first.as_ref().map(|f| f.vendor.clone()).unwrap_or_default(),
                vendor_sr_number: first
                    .as_ref()
                    .map(|f| f.vendor_sr_number.clone())
                    .unwrap_or_default(),
                severity: first.as_ref().map_or(0, |f| f.severity.level()),
                record,
            };
            escalations.push(summarize(&catalogue, row));
        }
        Ok(SupportRequestHistory {
            escalations,
            timeline,
        })
    }
}
