//! What the customer knows about a support request beyond its number and title: the facts
//! the readiness review checks (problem statement, business impact, workaround, milestone),
//! the product, and who at the vendor owns it. Also the one change an SR allows without an
//! escalation: a new severity, with its reason.
//!
//! These rules accept incomplete facts on purpose: an SR is recorded long before anyone
//! thinks of escalating, so an empty business impact is fine here. Whether the facts are
//! good enough to escalate is [`crate::escalation::ReadinessInput::review`]'s question.

use serde::{Deserialize, Serialize};

use crate::escalation::{MAX_TEXT_CHARS, Milestone, ReadinessInput, Workaround};
use crate::support_request::Severity;
use crate::validation::{FieldErrors, ValidationError};

/// Longest product name, technician name, e-mail or phone.
pub const MAX_SHORT_CHARS: usize = 200;

/// The vendor's engineer who owns the SR.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Technician {
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// The readiness facts and the owner of an SR, as the user edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SrDetails {
    /// Product and version, e.g. "vSphere 8.0 U3".
    pub product: String,
    pub problem_statement: String,
    pub business_impact: String,
    pub workaround: Workaround,
    pub milestone: Milestone,
    pub technician: Technician,
}

impl Default for SrDetails {
    fn default() -> Self {
        Self {
            product: String::new(),
            problem_statement: String::new(),
            business_impact: String::new(),
            workaround: Workaround::None,
            milestone: Milestone::Unset,
            technician: Technician::default(),
        }
    }
}

impl SrDetails {
    /// Trims every text and checks lengths and shapes, reporting all problems at once. The
    /// milestone may lie in the past here: it is history on an old SR, and only a review
    /// insists it is ahead.
    pub fn validate(&self) -> Result<SrDetails, ValidationError> {
        let mut errors = FieldErrors::default();
        let mut short = |field: &str, text: &str| {
            let text = text.trim();
            if text.chars().count() > MAX_SHORT_CHARS {
                errors.add(field, format!("At most {MAX_SHORT_CHARS} characters."));
            }
            text.to_owned()
        };
        let product = short("product", &self.product);
        let technician = Technician {
            name: short("technicianName", &self.technician.name),
            email: short("technicianEmail", &self.technician.email),
            phone: short("technicianPhone", &self.technician.phone),
        };
        if !technician.email.is_empty() && !looks_like_email(&technician.email) {
            errors.add(
                "technicianEmail",
                "Enter an e-mail address like name@vendor.com.",
            );
        }
        let mut long = |field: &str, text: &str| {
            let text = text.trim();
            if text.chars().count() > MAX_TEXT_CHARS {
                errors.add(field, format!("At most {MAX_TEXT_CHARS} characters."));
            }
            text.to_owned()
        };
        let problem_statement = long("problemStatement", &self.problem_statement);
        let business_impact = long("businessImpact", &self.business_impact);
        let workaround = match &self.workaround {
            Workaround::None => Workaround::None,
            Workaround::Impractical { why } => Workaround::Impractical {
                why: long("workaround", why),
            },
        };
        let milestone = match &self.milestone {
            Milestone::On { date, what } => Milestone::On {
                date: *date,
                what: long("milestone", what),
            },
            other => other.clone(),
        };
        errors.into_result()?;
        Ok(SrDetails {
            product,
            problem_statement,
            business_impact,
            workaround,
            milestone,
            technician,
        })
    }

    /// The SR's facts as a readiness review starts from them; the confirmation is always
    /// asked afresh.
    pub fn readiness_input(&self) -> ReadinessInput {
        ReadinessInput {
            problem_statement: self.problem_statement.clone(),
            problem_statement_confirmed: false,
            business_impact: self.business_impact.clone(),
            workaround: self.workaround.clone(),
            milestone: self.milestone.clone(),
        }
    }
}

/// Enough to catch a name typed into the e-mail field; the vendor's mail server is the
/// real judge.
fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Why the severity changes. The vendor's process: raise the severity, rather than
/// escalate, when the impact changed or was recorded wrongly at first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SeverityChangeReason {
    ImpactChanged,
    RecordedWrongly,
}

impl SeverityChangeReason {
    pub fn describe(self) -> &'static str {
        match self {
            Self::ImpactChanged => "the business impact changed",
            Self::RecordedWrongly => "the severity was recorded wrongly at first",
        }
    }
}

/// A severity change as the user asks for it, unchecked. `to` is a plain integer so a
/// forged 7 gets a field message rather than a deserialisation failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SeverityChange {
    pub to: i32,
    pub reason: SeverityChangeReason,
    /// What changed, in the user's words; goes on the timeline.
    pub note: String,
}

/// A severity change that passed its rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSeverityChange {
    pub from: Severity,
    pub to: Severity,
    pub reason: SeverityChangeReason,
    pub note: String,
}

impl SeverityChange {
    pub fn validate(&self, current: Severity) -> Result<ValidSeverityChange, ValidationError> {
        let mut errors = FieldErrors::default();
        let to = Severity::new(i64::from(self.to));
        match to {
            None => errors.add("to", "Choose a severity from 1 (most severe) to 4."),
            Some(to) if to == current => errors.add(
                "to",
                format!("The SR is already at severity {}.", current.level()),
            ),
            Some(_) => {}
        }
        let note = self.note.trim();
        if note.is_empty() {
            errors.add(
                "note",
                "Say what changed, so the vendor and your team can follow the decision.",
            );
        } else if note.chars().count() > MAX_TEXT_CHARS {
            errors.add("note", format!("At most {MAX_TEXT_CHARS} characters."));
        }
        match (to, errors.is_empty()) {
            (Some(to), true) => Ok(ValidSeverityChange {
                from: current,
                to,
                reason: self.reason,
                note: note.to_owned(),
            }),
            _ => Err(errors.into_error()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn details() -> SrDetails {
        SrDetails {
            product: "  vSphere 8.0 U3 ".into(),
            problem_statement: " vMotion fails ".into(),
            business_impact: "400 VMs cannot move".into(),
            workaround: Workaround::Impractical {
                why: "needs downtime".into(),
            },
            milestone: Milestone::On {
                date: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
                what: "old milestone".into(),
            },
            technician: Technician {
                name: "Ana".into(),
                email: "ana@vendor.example".into(),
                phone: "+1 555 0100".into(),
            },
        }
    }

    #[test]
    fn details_are_trimmed_and_a_past_milestone_is_kept() {
        let valid = details().validate().unwrap();
        assert_eq!(valid.product, "vSphere 8.0 U3");
        assert_eq!(valid.problem_statement, "vMotion fails");
        assert!(matches!(valid.milestone, Milestone::On { .. }));
        assert!(!valid.readiness_input().problem_statement_confirmed);
    }

    #[test]
    fn bad_details_are_named_field_by_field() {
        let bad = SrDetails {
            product: "x".repeat(MAX_SHORT_CHARS + 1),
            business_impact: "y".repeat(MAX_TEXT_CHARS + 1),
            technician: Technician {
                email: "Ana Lopez".into(),
                ..Technician::default()
            },
            ..details()
        };
        let err = bad.validate().unwrap_err();
        let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["product", "technicianEmail", "businessImpact"]);
    }

    #[test]
    fn a_severity_change_needs_a_new_level_and_a_note() {
        let current = Severity::new(3).unwrap();
        let change = SeverityChange {
            to: 1,
            reason: SeverityChangeReason::ImpactChanged,
            note: " Outage spread to all sites ".into(),
        };
        let valid = change.validate(current).unwrap();
        assert_eq!((valid.from.level(), valid.to.level()), (3, 1));
        assert_eq!(valid.note, "Outage spread to all sites");

        for (to, note, field) in [(3, "x", "to"), (7, "x", "to"), (1, "  ", "note")] {
            let err = SeverityChange {
                to,
                note: note.into(),
                ..change.clone()
            }
            .validate(current)
            .unwrap_err();
            assert_eq!(err.fields[0].field, field, "to {to}, note {note:?}");
        }
    }
}
