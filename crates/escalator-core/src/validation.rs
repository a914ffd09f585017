//! The shape of a rejected input: one message per offending field, so a form can show each
//! message beside the field the user has to change.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The years a date typed into Escalator may fall in. Wider than any escalation needs, and
/// narrow enough that every stored time keeps its four-digit year (so text order is time
/// order in the database) and adding a call's length to it cannot overflow.
pub const YEARS: std::ops::RangeInclusive<i32> = 1970..=2200;

/// Whether `date` lies in [`YEARS`].
pub fn in_supported_years(date: NaiveDate) -> bool {
    YEARS.contains(&date.year())
}

/// What the user reads when a date is outside [`YEARS`].
pub fn years_message() -> String {
    format!("Use a date between {} and {}.", YEARS.start(), YEARS.end())
}

/// One field's problem. `field` is the input's key exactly as the UI sends it (camelCase), so
/// the form can find the control without a mapping table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Input that breaks one or more rules. Never empty: a validator that found nothing wrong
/// returns the valid value instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", summary(.fields))]
pub struct ValidationError {
    pub fields: Vec<FieldError>,
}

fn summary(fields: &[FieldError]) -> String {
    match fields {
        [only] => only.message.clone(),
        _ => format!("{} fields need attention", fields.len()),
    }
}

/// Collects field errors while a validator walks the input, so the user sees every problem
/// at once rather than one per attempt.
#[derive(Debug, Default)]
pub(crate) struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub(crate) fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn into_result(self) -> Result<(), ValidationError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { fields: self.0 })
        }
    }

    /// Only called when `is_empty` is false; an empty list would be a bug in the validator,
    /// reported as a generic problem rather than a panic.
    pub(crate) fn into_error(self) -> ValidationError {
        if self.0.is_empty() {
            return ValidationError {
                fields: vec![FieldError {
                    field: String::new(),
                    message: "The input was not accepted.".to_owned(),
                }],
            };
        }
        ValidationError { fields: self.0 }
    }
}
