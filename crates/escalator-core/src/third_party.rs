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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escalation_record::ContactRole;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn stamp(at: DateTime<Utc>) -> Stamp {
        Stamp {
            at,
            zone: "Europe/Berlin".to_owned(),
            actor: "Dana".to_owned(),
        }
    }

    fn contact(name: &str) -> Contact {
        Contact {
            role: ContactRole::ThirdParty,
            name: name.to_owned(),
            email: format!("{}@dell.example", name.to_lowercase()),
            phone: "+1 555 0100".to_owned(),
            note: String::new(),
        }
    }

    fn dell() -> EngagementDetails {
        EngagementDetails {
            vendor: "Dell Technologies".to_owned(),
            via: EngagedVia::Tsanet,
            case_number: "TSA-1234".to_owned(),
            status: EngagementStatus::Requested,
            contacts: vec![contact("Maria")],
            note: String::new(),
        }
    }

    fn fields(error: &ValidationError) -> Vec<&str> {
        error.fields.iter().map(|f| f.field.as_str()).collect()
    }

    fn engaged() -> ThirdPartyEngagement {
        ThirdPartyEngagement::engage(
            Uuid::from_u128(1),
            EscalationId(Uuid::from_u128(2)),
            &dell(),
            &stamp(utc(2026, 6, 1, 8, 0)),
        )
        .unwrap()
        .0
    }

    #[test]
    fn an_engagement_is_trimmed_and_recorded() {
        let input = EngagementDetails {
            vendor: "  Dell Technologies ".to_owned(),
            case_number: " TSA-1234 ".to_owned(),
            note: "  Storage firmware  ".to_owned(),
            contacts: vec![Contact {
                name: " Maria ".to_owned(),
                ..contact("Maria")
            }],
            ..dell()
        };
        let (engagement, event) = ThirdPartyEngagement::engage(
            Uuid::from_u128(1),
            EscalationId(Uuid::from_u128(2)),
            &input,
            &stamp(utc(2026, 6, 1, 8, 0)),
        )
        .unwrap();
        assert_eq!(
            engagement.details,
            EngagementDetails {
                note: "Storage firmware".to_owned(),
                ..dell()
            }
        );
        assert_eq!(engagement.created_at, utc(2026, 6, 1, 8, 0));
        assert_eq!(engagement.updated_at, utc(2026, 6, 1, 8, 0));
        assert_eq!(event.kind, EventKind::ThirdPartyEngaged);
        assert_eq!(event.at, utc(2026, 6, 1, 8, 0));
        assert_eq!(event.actor, "Dana");
        assert_eq!(
            event.summary,
            "Third party: Dell Technologies via TSANet, case TSA-1234 (requested)"
        );
        assert_eq!(event.details["via"], json!("tsanet"));
        assert_eq!(event.details["status"], json!("requested"));
    }

    #[test]
    fn without_a_case_number_the_summary_leaves_it_out() {
        let input = EngagementDetails {
            case_number: String::new(),
            via: EngagedVia::SupportContract,
            ..dell()
        };
        let (_, event) = ThirdPartyEngagement::engage(
            Uuid::from_u128(1),
            EscalationId(Uuid::from_u128(2)),
            &input,
            &stamp(utc(2026, 6, 1, 8, 0)),
        )
        .unwrap();
        assert_eq!(
            event.summary,
            "Third party: Dell Technologies via support contract (requested)"
        );
    }

    #[test]
    fn the_vendor_is_required_and_contact_errors_name_the_contact() {
        let input = EngagementDetails {
            vendor: "   ".to_owned(),
            contacts: vec![
                contact("Maria"),
                Contact {
                    name: String::new(),
                    email: "x".repeat(MAX_SHORT_CHARS + 1),
                    ..contact("Lee")
                },
            ],
            ..dell()
        };
        let error = input.validate().unwrap_err();
        assert_eq!(
            fields(&error),
            vec!["vendor", "contacts.1.email", "contacts.1.name"]
        );
        let crowd = EngagementDetails {
            contacts: vec![contact("Maria"); MAX_ENGAGEMENT_CONTACTS + 1],
            ..dell()
        };
        assert_eq!(fields(&crowd.validate().unwrap_err()), vec!["contacts"]);
        let long_note = EngagementDetails {
            note: "x".repeat(MAX_TEXT_CHARS + 1),
            ..dell()
        };
        assert_eq!(fields(&long_note.validate().unwrap_err()), vec!["note"]);
    }

    #[test]
    fn an_edit_without_a_change_records_nothing() {
        let mut engagement = engaged();
        let before = engagement.clone();
        let same = EngagementDetails {
            vendor: " Dell Technologies  ".to_owned(),
            ..dell()
        };
        let outcome = engagement
            .edit(&same, &stamp(utc(2026, 6, 2, 8, 0)))
            .unwrap();
        assert_eq!(outcome, None);
        assert_eq!(engagement, before);
    }

    #[test]
    fn an_edit_records_where_the_engagement_stands() {
        let mut engagement = engaged();
        let accepted = EngagementDetails {
            status: EngagementStatus::Engaged,
            case_number: "SR 778899".to_owned(),
            ..dell()
        };
        let event = engagement
            .edit(&accepted, &stamp(utc(2026, 6, 2, 8, 0)))
            .unwrap()
            .unwrap();
        assert_eq!(event.kind, EventKind::ThirdPartyEngaged);
        assert_eq!(event.at, utc(2026, 6, 2, 8, 0));
        assert_eq!(
            event.summary,
            "Third party updated: Dell Technologies via TSANet, case SR 778899 (engaged)"
        );
        assert_eq!(event.details["status"], json!("engaged"));
        assert_eq!(engagement.details, accepted);
        assert_eq!(engagement.updated_at, utc(2026, 6, 2, 8, 0));
        assert_eq!(engagement.created_at, utc(2026, 6, 1, 8, 0));
    }

    #[test]
    fn an_invalid_edit_changes_nothing() {
        let mut engagement = engaged();
        let before = engagement.clone();
        let error = engagement
            .edit(
                &EngagementDetails {
                    vendor: String::new(),
                    ..dell()
                },
                &stamp(utc(2026, 6, 2, 8, 0)),
            )
            .unwrap_err();
        assert_eq!(fields(&error), vec!["vendor"]);
        assert_eq!(engagement, before);
    }
}
