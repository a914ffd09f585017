//! A vendor support request (SR) as the customer records it, and the rules for creating one.
//!
//! Only the facts needed to identify and rank an SR live here for now; the problem statement,
//! business impact and other readiness facts arrive with the escalation wizard.

use std::fmt;

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::sr_details::SrDetails;
use crate::validation::{FieldErrors, ValidationError};
use crate::vendor::{Vendor, VendorCatalogue};

/// Longest SR number we accept. Vendors use 8–15 characters; the slack allows prefixes such as
/// "SR 3-" without letting a pasted paragraph through.
pub const MAX_SR_NUMBER_CHARS: usize = 64;
pub const MAX_TITLE_CHARS: usize = 200;

/// Identifies an SR inside Escalator, independent of the vendor's number, so the same case
/// can be imported from two places without colliding. Time-ordered (UUIDv7), minted by the
/// caller because the core reads no clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct SupportRequestId(pub Uuid);

impl fmt::Display for SupportRequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Severity 1 (most severe) to 4. A value outside that range cannot be constructed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Severity(u8);

impl Severity {
    pub fn new(level: i64) -> Option<Self> {
        u8::try_from(level)
            .ok()
            .filter(|l| (1..=4).contains(l))
            .map(Self)
    }

    pub fn level(self) -> u8 {
        self.0
    }
}

/// Where the SR stands with the vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SrStatus {
    Open,
    WaitingOnVendor,
    WaitingOnUs,
    Resolved,
    Closed,
}

impl SrStatus {
    /// The stable word stored in the database and sent over IPC.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::WaitingOnVendor => "waiting_on_vendor",
            Self::WaitingOnUs => "waiting_on_us",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        [
            Self::Open,
            Self::WaitingOnVendor,
            Self::WaitingOnUs,
            Self::Resolved,
            Self::Closed,
        ]
        .into_iter()
        .find(|s| s.as_str() == word)
    }
}

/// What the user typed into the "New support request" form, unchecked.
///
/// `severity` is a plain integer on purpose: a caller that sends 7 gets a message beside the
/// severity field instead of an opaque deserialisation failure.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewSupportRequest {
    pub vendor: String,
    pub vendor_sr_number: String,
    pub title: String,
    pub severity: i32,
}

/// A new SR that passed every rule: trimmed text, a known vendor, a severity in range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSupportRequest {
    pub vendor: String,
    pub vendor_sr_number: String,
    pub title: String,
    pub severity: Severity,
}

impl NewSupportRequest {
    /// Checks every field and reports all problems at once.
    pub fn validate(
        &self,
        catalogue: &VendorCatalogue,
    ) -> Result<ValidSupportRequest, ValidationError> {
        let mut errors = FieldErrors::default();

        let vendor = self.vendor.trim();
        let known_vendor: Option<&Vendor> = catalogue.get(vendor);
        if vendor.is_empty() {
            errors.add("vendor", "Choose the vendor this support request is with.");
        } else if known_vendor.is_none() {
            errors.add(
                "vendor",
                format!("\u{201c}{vendor}\u{201d} is not a vendor Escalator knows."),
            );
        }

        let sr_number = self.vendor_sr_number.trim();
        if sr_number.is_empty() {
            errors.add(
                "vendorSrNumber",
                "Enter the vendor's SR number, as shown in their portal.",
            );
        } else if sr_number.chars().count() > MAX_SR_NUMBER_CHARS {
            errors.add(
                "vendorSrNumber",
                format!("An SR number is at most {MAX_SR_NUMBER_CHARS} characters."),
            );
        } else if sr_number.chars().any(char::is_control) {
            errors.add(
                "vendorSrNumber",
                "An SR number cannot contain line breaks or tabs.",
            );
        }

        let title = self.title.trim();
        if title.is_empty() {
            errors.add("title", "Enter a title that says what is wrong.");
        } else if title.chars().count() > MAX_TITLE_CHARS {
            errors.add(
                "title",
                format!("A title is at most {MAX_TITLE_CHARS} characters."),
            );
        } else if title.chars().any(char::is_control) {
            errors.add("title", "A title is one line: remove line breaks and tabs.");
        }

        let severity = Severity::new(i64::from(self.severity));
        if severity.is_none() {
            errors.add(
                "severity",
                format!("Severity must be 1 to 4, not {}.", self.severity),
            );
        }

        match (errors.is_empty(), severity) {
            (true, Some(severity)) => Ok(ValidSupportRequest {
                vendor: vendor.to_owned(),
                vendor_sr_number: sr_number.to_owned(),
                title: title.to_owned(),
                severity,
            }),
            _ => Err(errors.into_error()),
        }
    }
}

/// An SR as stored: the valid input plus what Escalator assigned when it was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportRequestRecord {
    pub id: SupportRequestId,
    pub vendor: String,
    pub vendor_sr_number: String,
    pub title: String,
    pub severity: Severity,
    pub status: SrStatus,
    pub details: SrDetails,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl SupportRequestRecord {
    /// A freshly recorded SR is open: the vendor has it and nobody has answered yet.
    ///
    /// Times keep microseconds, the precision the store writes, so the record handed back
    /// after a create equals the one read later.
    pub fn new(id: SupportRequestId, valid: ValidSupportRequest, now: DateTime<Utc>) -> Self {
        Self {
            id,
            vendor: valid.vendor,
            vendor_sr_number: valid.vendor_sr_number,
            title: valid.title,
            severity: valid.severity,
            status: SrStatus::Open,
            details: SrDetails::default(),
            created_at: now.trunc_subsecs(6),
            updated_at: now.trunc_subsecs(6),
        }
    }

    /// The event that records this SR on its own timeline.
    pub fn opened_event(
        &self,
        stamp: &crate::escalation_record::Stamp,
    ) -> crate::timeline::NewEvent {
        stamp.event(
            crate::timeline::EventKind::SrOpened,
            format!("SR {} recorded: {}", self.vendor_sr_number, self.title),
            serde_json::json!({
                "vendor": self.vendor,
                "vendorSrNumber": self.vendor_sr_number,
                "severity": self.severity.level(),
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn input(vendor: &str, number: &str, title: &str, severity: i32) -> NewSupportRequest {
        NewSupportRequest {
            vendor: vendor.into(),
            vendor_sr_number: number.into(),
            title: title.into(),
            severity,
        }
    }

    fn fields(err: &ValidationError) -> Vec<&str> {
        err.fields.iter().map(|f| f.field.as_str()).collect()
    }

    #[test]
    fn a_complete_request_is_trimmed_and_accepted() {
        let catalogue = VendorCatalogue::built_in();
        let valid = input(" vmware ", " 24123456789 ", "  vMotion fails  ", 2)
            .validate(&catalogue)
            .unwrap();
        assert_eq!(valid.vendor, "vmware");
        assert_eq!(valid.vendor_sr_number, "24123456789");
        assert_eq!(valid.title, "vMotion fails");
        assert_eq!(valid.severity.level(), 2);
    }

    #[test]
    fn every_problem_is_reported_at_once_against_its_field() {
        let err = input("", "  ", "", 7)
            .validate(&VendorCatalogue::built_in())
            .unwrap_err();
        assert_eq!(
            fields(&err),
            ["vendor", "vendorSrNumber", "title", "severity"]
        );
        assert_eq!(err.fields[3].message, "Severity must be 1 to 4, not 7.");
    }

    #[test]
    fn an_unknown_vendor_is_named_in_the_message() {
        let err = input("acme", "1", "t", 1)
            .validate(&VendorCatalogue::built_in())
            .unwrap_err();
        assert_eq!(fields(&err), ["vendor"]);
        assert!(err.fields[0].message.contains("acme"));
    }

    #[test]
    fn over_long_and_multi_line_text_is_refused() {
        let catalogue = VendorCatalogue::built_in();
        let long_title = "x".repeat(MAX_TITLE_CHARS + 1);
        let err = input("redhat", "1\n2", &long_title, 1)
            .validate(&catalogue)
            .unwrap_err();
        assert_eq!(fields(&err), ["vendorSrNumber", "title"]);
        let exactly_max = "é".repeat(MAX_TITLE_CHARS);
        assert!(
            input("redhat", "1", &exactly_max, 1)
                .validate(&catalogue)
                .is_ok()
        );
    }

    #[test]
    fn a_new_record_is_open_and_keeps_microseconds() {
        let valid = input("other", "1", "t", 3)
            .validate(&VendorCatalogue::built_in())
            .unwrap();
        let now = DateTime::from_timestamp(1_790_000_000, 123_456_789).unwrap();
        let record = SupportRequestRecord::new(SupportRequestId(Uuid::nil()), valid, now);
        assert_eq!(record.status, SrStatus::Open);
        assert_eq!(record.created_at.timestamp_subsec_nanos(), 123_456_000);
    }

    #[test]
    fn status_words_round_trip() {
        for status in [
            SrStatus::Open,
            SrStatus::WaitingOnVendor,
            SrStatus::WaitingOnUs,
            SrStatus::Resolved,
            SrStatus::Closed,
        ] {
            assert_eq!(SrStatus::parse(status.as_str()), Some(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert_eq!(SrStatus::parse("pending"), None);
    }

    proptest! {
        #[test]
        fn severity_is_accepted_exactly_from_one_to_four(level in any::<i32>()) {
            let result = input("cisco", "123", "t", level).validate(&VendorCatalogue::built_in());
            prop_assert_eq!(result.is_ok(), (1..=4).contains(&level));
        }

        #[test]
        fn validation_never_panics_and_accepted_text_is_trimmed(
            vendor in "\\PC{0,12}", number in "\\PC{0,80}", title in "\\PC{0,220}", severity in -2i32..8,
        ) {
            if let Ok(valid) = input(&vendor, &number, &title, severity).validate(&VendorCatalogue::built_in()) {
                prop_assert_eq!(valid.title.trim(), valid.title.as_str());
                prop_assert!(!valid.title.is_empty());
                prop_assert!(!valid.vendor_sr_number.is_empty());
            }
        }
    }
}
