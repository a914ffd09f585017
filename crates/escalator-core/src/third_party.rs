//! Other vendors engaged on the same problem: through TSANet, or through a support contract
//! the customer holds with them.
//!
//! It records who, how, their case number, where it stands and whom to talk to. It does not
//! talk to TSANet (there is no public API); the user enters what the vendor tells them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::escalation::MAX_TEXT_CHARS;
use crate::escalation_record::{Contact, EscalationId, Stamp};
use crate::sr_details::MAX_SHORT_CHARS;
use crate::timeline::{EventKind, NewEvent};
use crate::validation::{FieldErrors, ValidationError};

/// Most contacts kept for one engagement.
pub const MAX_ENGAGEMENT_CONTACTS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum EngagedVia {
    /// The vendors' cooperative support network; the vendor engages the other one.
    Tsanet,
    /// Our own support contract with the other vendor; we open the case.
    SupportContract,
}

impl EngagedVia {
    pub fn label(self) -> &'static str {
        match self {
            Self::Tsanet => "TSANet",
            Self::SupportContract => "support contract",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum EngagementStatus {
    /// Asked for, not yet accepted by the other vendor.
    Requested,
    Engaged,
    /// Their part is done.
    Resolved,
    /// They declined or the engagement ended without a result.
    Ended,
}

impl EngagementStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Engaged => "engaged",
            Self::Resolved => "resolved",
            Self::Ended => "ended",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EngagementDetails {
    /// The other vendor's name, e.g. "Dell Technologies".
    pub vendor: String,
    pub via: EngagedVia,
    /// Their case number, once they give one.
    pub case_number: String,
    pub status: EngagementStatus,
    pub contacts: Vec<Contact>,
    pub note: String,
}

impl EngagementDetails {
    pub fn validate(&self) -> Result<EngagementDetails, ValidationError> {
        let mut errors = FieldErrors::default();
        let vendor = self.vendor.trim();
        let case_number = self.case_number.trim();
        if vendor.is_empty() {
            errors.add("vendor", "Name the other vendor.");
        }
        for (field, text) in [("vendor", vendor), ("caseNumber", case_number)] {
            if text.chars().count() > MAX_SHORT_CHARS {
                errors.add(field, format!("At most {MAX_SHORT_CHARS} characters."));
            }
        }
        if self.contacts.len() > MAX_ENGAGEMENT_CONTACTS {
            errors.add(
                "contacts",
                format!("At most {MAX_ENGAGEMENT_CONTACTS} contacts."),
            );
        }
        let mut contacts = Vec::with_capacity(self.contacts.len());
        for (index, contact) in self.contacts.iter().enumerate() {
            match contact.validate() {
                Ok(valid) => contacts.push(valid),
                Err(invalid) => {
                    for field in invalid.fields {
                        errors.add(&format!("contacts.{index}.{}", field.field), field.message);
                    }
                }
            }
        }
        let note = self.note.trim();
        if note.chars().count() > MAX_TEXT_CHARS {
            errors.add("note", format!("At most {MAX_TEXT_CHARS} characters."));
        }
        errors.into_result()?;
        Ok(EngagementDetails {
            vendor: vendor.to_owned(),
            via: self.via,
            case_number: case_number.to_owned(),
            status: self.status,
            contacts,
            note: note.to_owned(),
        })
    }

    fn describe(&self) -> String {
        let case = if self.case_number.is_empty() {
            String::new()
        } else {
            format!(", case {}", self.case_number)
        };
        format!(
            "{} via {}{case} ({})",
            self.vendor,
            self.via.label(),
            self.status.label()
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ThirdPartyEngagement {
    pub id: Uuid,
    pub escalation: EscalationId,
    pub details: EngagementDetails,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ThirdPartyEngagement {
    pub fn engage(
        id: Uuid,
        escalation: EscalationId,
        details: &EngagementDetails,
        stamp: &Stamp,
    ) -> Result<(ThirdPartyEngagement, NewEvent), ValidationError> {
        let details = details.validate()?;
        let event = stamp.event(
            EventKind::ThirdPartyEngaged,
            format!("Third party: {}", details.describe()),
            json!({ "engagement": id, "vendor": details.vendor, "via": details.via, "status": details.status }),
        );
        Ok((
            ThirdPartyEngagement {
                id,
                escalation,
                details,
                created_at: stamp.at,
                updated_at: stamp.at,
            },
            event,
        ))
    }

    /// `None` when nothing changed.
    pub fn edit(
        &mut self,
        details: &EngagementDetails,
        stamp: &Stamp,
    ) -> Result<Option<NewEvent>, ValidationError> {
        let details = details.validate()?;
        if details == self.details {
            return Ok(None);
        }
        self.details = details;
        self.updated_at = stamp.at;
        Ok(Some(stamp.event(
            EventKind::ThirdPartyEngaged,
            format!("Third party updated: {}", self.details.describe()),
            json!({ "engagement": self.id, "vendor": self.details.vendor, "via": self.details.via, "status": self.details.status }),
        )))
    }
}
