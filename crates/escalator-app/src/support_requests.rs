//! Recording, listing and opening support requests.

use chrono::{DateTime, Utc};
use escalator_core::sr_details::{SeverityChange, SrDetails};
use escalator_core::{
    NewSupportRequest, SrStatus, SupportRequestId, SupportRequestRecord, ValidSupportRequest,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::playbooks::PlaybookSet;
use crate::{ApiError, App, ErrorCode};

/// A support request as the UI shows it: the record plus the vendor's own words for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SupportRequest {
    pub id: SupportRequestId,
    pub vendor: String,
    pub vendor_name: String,
    pub vendor_sr_number: String,
    pub title: String,
    pub severity: u8,
    pub severity_label: String,
    pub status: SrStatus,
    pub details: SrDetails,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl App {
    /// Records a new SR. Nothing is written unless every field is valid and the vendor's SR
    /// number is new.
    pub fn create_support_request(
        &self,
        input: NewSupportRequest,
    ) -> Result<SupportRequest, ApiError> {
        let valid = input.validate(&self.catalogue())?;
        let (stamp, _) = self.stamp()?;
        let mut store = self.store()?;
        if let Some(existing) =
            store.support_request_by_vendor_number(&valid.vendor, &valid.vendor_sr_number)?
        {
            return Err(ApiError::field(
                "vendorSrNumber",
                format!(
                    "SR {} is already recorded: \u{201c}{}\u{201d}.",
                    existing.vendor_sr_number, existing.title
                ),
            ));
        }
        let record = self.new_record(valid);
        store.insert_support_request(&record, record.opened_event(&stamp))?;
        tracing::info!(id = %record.id, vendor = %record.vendor, "support request recorded");
        Ok(self.present(record))
    }

    pub fn list_support_requests(&self) -> Result<Vec<SupportRequest>, ApiError> {
        let records = self.store()?.list_support_requests()?;
        let playbooks = self.playbook_set();
        Ok(records
            .into_iter()
            .map(|r| present_with(&playbooks, r))
            .collect())
    }

    pub fn get_support_request(&self, id: &str) -> Result<SupportRequest, ApiError> {
        let record = find_sr(&*self.store()?, id)?;
        Ok(self.present(record))
    }

    /// Saves the SR's readiness facts and owner, with one event naming what changed.
    pub fn update_support_request_details(
        &self,
        id: &str,
        details: SrDetails,
    ) -> Result<SupportRequest, ApiError> {
        let details = details.validate()?;
        let (stamp, _) = self.stamp()?;
        let mut store = self.store()?;
        let mut record = find_sr(&store, id)?;
        let changed = changed_fields(&record.details, &details);
        if changed.is_empty() {
            return Ok(self.present(record));
        }
        record.details = details;
        record.updated_at = stamp.at;
        let event = stamp.event(
            escalator_core::timeline::EventKind::Note,
            format!("Updated {}", changed.join(", ")),
            json!({ "changed": changed, "details": record.details }),
        );
        store.update_support_request(&record, event)?;
        Ok(self.present(record))
    }

    /// Raises or lowers the severity without an escalation, with the reason on the timeline.
    pub fn change_severity(
        &self,
        id: &str,
        change: SeverityChange,
    ) -> Result<SupportRequest, ApiError> {
        let (stamp, _) = self.stamp()?;
        let mut store = self.store()?;
        let mut record = find_sr(&store, id)?;
        let valid = change.validate(record.severity)?;
        record.severity = valid.to;
        record.updated_at = stamp.at;
        let direction = if valid.to < valid.from {
            "raised"
        } else {
            "lowered"
        };
        let event = stamp.event(
            escalator_core::timeline::EventKind::SeverityChanged,
            format!(
                "Severity {direction} from {} to {}: {}",
                valid.from.level(),
                valid.to.level(),
                valid.reason.describe()
            ),
            json!({
                "from": valid.from.level(),
                "to": valid.to.level(),
                "reason": valid.reason,
                "note": valid.note,
            }),
        );
        // The vendor owns a linked case's severity: the change goes to it, or the next sync
        // would put the vendor's value back.
        match self.vendor_severity_change(&store, &record, &valid, &stamp)? {
            Some((entry, queued)) => {
                store.update_support_request_and_queue(&record, event, &entry, queued)?;
            }
            None => {
                store.update_support_request(&record, event)?;
            }
        }
        tracing::info!(id = %record.id, to = valid.to.level(), "severity changed");
        Ok(self.present(record))
    }

    pub(crate) fn new_record(&self, valid: ValidSupportRequest) -> SupportRequestRecord {
        let now = self.clock.now();
        SupportRequestRecord::new(SupportRequestId(uuid_at(now)), valid, now)
    }

    pub(crate) fn present(&self, record: SupportRequestRecord) -> SupportRequest {
        present_with(&self.playbook_set(), record)
    }
}

/// An SR with its vendor's words for it, from the playbooks in effect.
fn present_with(playbooks: &PlaybookSet, record: SupportRequestRecord) -> SupportRequest {
    let vendor = playbooks.catalogue.get(&record.vendor);
    let level = record.severity.level();
    SupportRequest {
        vendor_name: vendor.map_or_else(|| record.vendor.clone(), |v| v.name.clone()),
        // A vendor dropped from the catalogue still shows its SRs, with plain labels.
        severity_label: vendor
            .and_then(|v| v.severity(level))
            .map_or_else(|| format!("Severity {level}"), |s| s.label.clone()),
        id: record.id,
        vendor: record.vendor,
        vendor_sr_number: record.vendor_sr_number,
        title: record.title,
        severity: level,
        status: record.status,
        details: record.details,
        created_at: record.created_at,
        updated_at: record.updated_at,
    }
}

pub(crate) fn find_sr(
    store: &escalator_store::Store,
    id: &str,
) -> Result<SupportRequestRecord, ApiError> {
    let not_found = || {
        ApiError::new(
            ErrorCode::NotFound,
            "This support request does not exist; it may have been removed.",
        )
    };
    let id = Uuid::parse_str(id).map_err(|_| not_found())?;
    store
        .support_request(SupportRequestId(id))?
        .ok_or_else(not_found)
}

/// The names of the facts that differ, in the words the form uses.
fn changed_fields(before: &SrDetails, after: &SrDetails) -> Vec<&'static str> {
    let mut changed = Vec::new();
    if before.product != after.product {
        changed.push("product");
    }
    if before.problem_statement != after.problem_statement {
        changed.push("problem statement");
    }
    if before.business_impact != after.business_impact {
        changed.push("business impact");
    }
    if before.workaround != after.workaround {
        changed.push("workaround");
    }
    if before.milestone != after.milestone {
        changed.push("milestone");
    }
    if before.technician != after.technician {
        changed.push("technician");
    }
    changed
}

/// A UUIDv7 stamped with the app's clock rather than the system's, so ids sort with
/// `created_at` even under a fixed test clock.
pub(crate) fn uuid_at(now: DateTime<Utc>) -> Uuid {
    let seconds = u64::try_from(now.timestamp()).unwrap_or(0);
    Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        seconds,
        now.timestamp_subsec_nanos(),
    ))
}
