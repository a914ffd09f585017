//! Who is using Escalator: the name put on timeline events and scripts, the organisation
//! the vendor knows them by, the region whose support number they call, and the IANA time
//! zone their times are entered in.
//!
//! It checks a zone against the compiled-in IANA database and converts between local and
//! UTC; it does not guess the zone (the UI reads the system's and offers it).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::playbook::Region;
use crate::sr_details::MAX_SHORT_CHARS;
use crate::validation::{FieldErrors, ValidationError};

/// The actor written on events when the user has not said who they are.
pub const UNNAMED_ACTOR: &str = "You";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub name: String,
    /// The customer's name as the vendor knows it; fills `{customer_name}` in scripts.
    pub organisation: String,
    /// "Americas", "EMEA", "APJ" or "Global": which support number to show.
    pub region: String,
    /// IANA name, e.g. "Europe/Berlin".
    pub time_zone: String,
}

impl Default for Profile {
    fn default() -> Self {
        Self {
            name: String::new(),
            organisation: String::new(),
            region: Region::Global.as_str().to_owned(),
            time_zone: "UTC".to_owned(),
        }
    }
}

impl Profile {
    pub fn validate(&self) -> Result<Profile, ValidationError> {
        let mut errors = FieldErrors::default();
        let name = self.name.trim();
        let organisation = self.organisation.trim();
        for (field, text) in [("name", name), ("organisation", organisation)] {
            if text.chars().count() > MAX_SHORT_CHARS {
                errors.add(field, format!("At most {MAX_SHORT_CHARS} characters."));
            }
        }
        let region = Region::from_name(&self.region);
        if region.is_none() {
            errors.add("region", "Choose Americas, EMEA, APJ or Global.");
        }
        let zone = self.time_zone.trim();
        if parse_zone(zone).is_none() {
            errors.add(
                "timeZone",
                format!("\u{201c}{zone}\u{201d} is not an IANA time zone; use a name like Europe/Berlin."),
            );
        }
        errors.into_result()?;
        Ok(Profile {
            name: name.to_owned(),
            organisation: organisation.to_owned(),
            region: region.map_or("Global", Region::as_str).to_owned(),
            time_zone: zone.to_owned(),
        })
    }

    /// The name to put on events.
    pub fn actor(&self) -> &str {
        if self.name.is_empty() {
            UNNAMED_ACTOR
        } else {
            &self.name
        }
    }

    /// The user's calendar date at `now`, for "is the milestone still ahead?". A zone that no
    /// longer parses (edited by hand) falls back to UTC rather than refusing to work.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        match parse_zone(&self.time_zone) {
            Some(tz) => now.with_timezone(&tz).date_naive(),
            None => now.date_naive(),
        }
    }
}

pub fn parse_zone(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_profile_needs_a_real_zone_and_region() {
        let ok = Profile {
            name: " Dana ".into(),
            organisation: "ACME".into(),
            region: "emea".into(),
            time_zone: "Europe/Berlin".into(),
        }
        .validate()
        .unwrap();
        assert_eq!((ok.name.as_str(), ok.region.as_str()), ("Dana", "EMEA"));

        let err = Profile {
            region: "Mars".into(),
            time_zone: "Europe/Atlantis".into(),
            ..Profile::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["region", "timeZone"]);
    }

    #[test]
    fn today_is_the_date_in_the_users_zone() {
        let late_utc = Utc.with_ymd_and_hms(2026, 11, 27, 23, 30, 0).unwrap();
        let tokyo = Profile {
            time_zone: "Asia/Tokyo".into(),
            ..Profile::default()
        };
        assert_eq!(
            tokyo.today(late_utc),
            NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
        );
        assert_eq!(
            Profile::default().today(late_utc),
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
        );
        assert_eq!(Profile::default().actor(), UNNAMED_ACTOR);
    }
}
