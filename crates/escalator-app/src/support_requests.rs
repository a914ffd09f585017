//! Recording, listing and opening support requests.

use chrono::{DateTime, Utc};
use escalator_core::{
    NewSupportRequest, SrStatus, SupportRequestId, SupportRequestRecord, ValidSupportRequest,
};
use serde::Serialize;
use uuid::Uuid;

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
    pub created_at: DateTime<Utc>,
}

impl App {
    /// Records a new SR. Nothing is written unless every field is valid and the vendor's SR
    /// number is new.
    pub fn create_support_request(
        &self,
        input: NewSupportRequest,
    ) -> Result<SupportRequest, ApiError> {
        let valid = input.validate(&self.catalogue)?;
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
        store.insert_support_request(&record)?;
        tracing::info!(id = %record.id, vendor = %record.vendor, "support request recorded");
        Ok(self.present(record))
    }

    pub fn list_support_requests(&self) -> Result<Vec<SupportRequest>, ApiError> {
        let records = self.store()?.list_support_requests()?;
        Ok(records.into_iter().map(|r| self.present(r)).collect())
    }

    pub fn get_support_request(&self, id: &str) -> Result<SupportRequest, ApiError> {
        let not_found = || {
            ApiError::new(
                ErrorCode::NotFound,
                "This support request does not exist; it may have been removed.",
            )
        };
        let id = Uuid::parse_str(id).map_err(|_| not_found())?;
        let record = self
            .store()?
            .support_request(SupportRequestId(id))?
            .ok_or_else(not_found)?;
        Ok(self.present(record))
    }

    pub(crate) fn new_record(&self, valid: ValidSupportRequest) -> SupportRequestRecord {
        let now = self.clock.now();
        SupportRequestRecord::new(SupportRequestId(uuid_at(now)), valid, now)
    }

    fn present(&self, record: SupportRequestRecord) -> SupportRequest {
        let vendor = self.catalogue.get(&record.vendor);
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
            created_at: record.created_at,
        }
    }
}

/// A UUIDv7 stamped with the app's clock rather than the system's, so ids sort with
/// `created_at` even under a fixed test clock.
fn uuid_at(now: DateTime<Utc>) -> Uuid {
    let seconds = u64::try_from(now.timestamp()).unwrap_or(0);
    Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        seconds,
        now.timestamp_subsec_nanos(),
    ))
}
