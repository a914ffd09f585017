//! The communication plan agreed with the vendor, and whether its update cadence is kept.
//!
//! The plan says how often the vendor updates us (every N hours or days, optionally counted
//! in business hours of one IANA zone on chosen weekdays), by which modes, and who must take
//! part. From the last update (or the moment the plan was agreed) the next update is due;
//! with 75% of the interval gone it is due soon, once the due time passes it is missed.
//! Business hours count only time inside the working window, so a four-hour cadence set at
//! 16:00 on a Friday in Berlin comes due on Monday at 12:00, not on Friday night.
//!
//! It reads no clock: the caller passes "now". It records no updates; the app keeps them and
//! hands in the latest.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::conference_call::{Attendee, unknown_zone, validate_attendees};
use crate::escalation::MAX_TEXT_CHARS;
use crate::escalation_record::Stamp;
use crate::local_time;
use crate::profile::parse_zone;
use crate::timeline::{EventKind, NewEvent};
use crate::validation::{FieldErrors, ValidationError, in_supported_years, years_message};

/// Longest interval one plan may set: a month.
pub const MAX_INTERVAL_HOURS: u32 = 31 * 24;
/// How far a business-hours cadence searches for working time before giving up: a plan
/// whose window never opens (possible only with hand-edited data) is then read as missed.
const MAX_DAYS_SEARCHED: u32 = 3 * 366;

/// How the vendor updates us, or how we hear from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum UpdateMode {
    Email,
    Phone,
    ConferenceCall,
    /// A comment on the SR in the vendor's portal (or one fetched by sync).
    Portal,
}

impl UpdateMode {
    pub fn label(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
            Self::ConferenceCall => "conference call",
            Self::Portal => "portal",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum IntervalUnit {
    Hours,
    /// A calendar day in the plan's zone; with business hours, one whole working window.
    Days,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    fn of(date: NaiveDate) -> Self {
        match date.weekday() {
            chrono::Weekday::Mon => Self::Mon,
            chrono::Weekday::Tue => Self::Tue,
            chrono::Weekday::Wed => Self::Wed,
            chrono::Weekday::Thu => Self::Thu,
            chrono::Weekday::Fri => Self::Fri,
            chrono::Weekday::Sat => Self::Sat,
            chrono::Weekday::Sun => Self::Sun,
        }
    }
}

/// The daily window in which the cadence runs, in the plan's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BusinessHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub weekdays: Vec<Weekday>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CommunicationPlan {
    pub modes: Vec<UpdateMode>,
    pub every: u32,
    pub unit: IntervalUnit,
    /// IANA zone the plan is agreed in: days and business hours are counted there.
    pub zone: String,
    pub business_hours: Option<BusinessHours>,
    pub attendees: Vec<Attendee>,
    pub note: String,
}

impl CommunicationPlan {
    pub fn validate(&self) -> Result<CommunicationPlan, ValidationError> {
        let mut errors = FieldErrors::default();
        // Keep the order the user chose; drop repeats wherever they are, not only adjacent ones.
        let mut modes: Vec<UpdateMode> = Vec::with_capacity(self.modes.len());
        for mode in &self.modes {
            if !modes.contains(mode) {
                modes.push(*mode);
            }
        }
        if modes.is_empty() {
            errors.add(
                "modes",
                "Choose how updates arrive: email, phone, a call or the portal.",
            );
        }
        let hours = match self.unit {
            IntervalUnit::Hours => self.every,
            IntervalUnit::Days => self.every.saturating_mul(24),
        };
        if self.every == 0 || hours > MAX_INTERVAL_HOURS {
            errors.add("every", "Updates come at least monthly and at most hourly.");
        }
        let zone = self.zone.trim();
        if parse_zone(zone).is_none() {
            errors.add("zone", unknown_zone(zone));
        }
        let business_hours = self.business_hours.as_ref().map(|hours| {
            if hours.end <= hours.start {
                errors.add("businessHours", "The working day must end after it starts.");
            }
            let mut weekdays = hours.weekdays.clone();
            weekdays.sort();
            weekdays.dedup();
            if weekdays.is_empty() {
                errors.add("businessHours", "Choose at least one working day.");
            }
            BusinessHours {
                start: hours.start,
                end: hours.end,
                weekdays,
            }
        });
        let attendees = validate_attendees(&self.attendees, &mut errors);
        let note = self.note.trim();
        if note.chars().count() > MAX_TEXT_CHARS {
            errors.add("note", format!("At most {MAX_TEXT_CHARS} characters."));
        }
        let plan = CommunicationPlan {
            modes,
            every: self.every,
            unit: self.unit,
            zone: zone.to_owned(),
            business_hours,
            attendees,
            note: note.to_owned(),
        };
        if errors.is_empty() && !plan.fits_in_a_year() {
            errors.add(
                "every",
                "With these business hours one interval would take more than a year; \
                 choose a shorter interval or a longer working week.",
            );
        }
        errors.into_result()?;
        Ok(plan)
    }

    /// The event that records this plan as agreed.
    pub fn agreed_event(&self, stamp: &Stamp) -> NewEvent {
        stamp.event(
            EventKind::CommunicationPlanSet,
            format!("Communication plan: {}", self.describe()),
            json!({
                "every": self.every,
                "unit": self.unit,
                "modes": self.modes,
                "zone": self.zone,
                "businessHours": self.business_hours.is_some(),
            }),
        )
    }

    /// "updates every 4 hours (business hours, Europe/Berlin) by email, phone".
    pub fn describe(&self) -> String {
        let unit = match (self.unit, self.every) {
            (IntervalUnit::Hours, 1) => "hour".to_owned(),
            (IntervalUnit::Hours, n) => format!("{n} hours"),
            (IntervalUnit::Days, 1) => "day".to_owned(),
            (IntervalUnit::Days, n) => format!("{n} days"),
        };
        let hours = if self.business_hours.is_some() {
            format!(" (business hours, {})", self.zone)
        } else {
            String::new()
        };
        let modes: Vec<&str> = self.modes.iter().map(|m| m.label()).collect();
        format!("updates every {unit}{hours} by {}", modes.join(", "))
    }

    /// Whether one interval of working time is reached within a year of business hours, so
    /// [`Self::after_working_time`] always finds the due time well inside its search bound
    /// (a 744-hour cadence with one short window a week would otherwise take decades).
    fn fits_in_a_year(&self) -> bool {
        let Some(hours) = &self.business_hours else {
            return true;
        };
        let days = i32::try_from(hours.weekdays.len()).unwrap_or(i32::MAX);
        let week = (hours.end - hours.start) * days;
        self.interval() <= week * 52
    }

    fn tz(&self) -> Tz {
        parse_zone(&self.zone).unwrap_or(Tz::UTC)
    }

    /// How much working time one interval is.
    fn interval(&self) -> TimeDelta {
        let every = i64::from(self.every);
        match (self.unit, &self.business_hours) {
            (IntervalUnit::Hours, _) => TimeDelta::hours(every),
            (IntervalUnit::Days, None) => TimeDelta::days(every),
            (IntervalUnit::Days, Some(hours)) => {
                (hours.end - hours.start) * i32::try_from(self.every).unwrap_or(i32::MAX)
            }
        }
    }

    /// When the update after one received (or the plan agreed) at `since` is due.
    pub fn next_due(&self, since: DateTime<Utc>) -> DateTime<Utc> {
        match (self.unit, &self.business_hours) {
            (IntervalUnit::Days, None) => {
                // Calendar days keep the wall-clock time across a daylight-saving change.
                let tz = self.tz();
                let local = local_time::to_local(since, tz);
                local
                    .checked_add_days(chrono::Days::new(u64::from(self.every)))
                    .map_or(since + self.interval(), |later| {
                        local_time::to_utc(later, tz)
                    })
            }
            (_, None) => since + self.interval(),
            (_, Some(hours)) => self.after_working_time(hours, since, self.interval()),
        }
    }

    /// Where the cadence stands at `now` for an update last received (or the plan agreed)
    /// at `since`.
    pub fn cadence(&self, since: DateTime<Utc>, now: DateTime<Utc>) -> Cadence {
        let due = self.next_due(since);
        let soon = match &self.business_hours {
            None => since + (due - since) * 3 / 4,
            // `min`: a plan whose window never opens (hand-edited data) is due at `since`.
            Some(hours) => self
                .after_working_time(hours, since, self.interval() * 3 / 4)
                .min(due),
        };
        let state = if now >= due {
            CadenceState::Missed
        } else if now >= soon {
            CadenceState::DueSoon
        } else {
            CadenceState::OnTrack
        };
        Cadence {
            state,
            since,
            due,
            due_soon_from: soon,
        }
    }

    /// The instant at which `amount` of working time has passed after `from`.
    fn after_working_time(
        &self,
        hours: &BusinessHours,
        from: DateTime<Utc>,
        amount: TimeDelta,
    ) -> DateTime<Utc> {
        let tz = self.tz();
        let mut left = amount;
        let mut day = local_time::to_local(from, tz).date();
        for _ in 0..MAX_DAYS_SEARCHED {
            if hours.weekdays.contains(&Weekday::of(day)) {
                let opens = local_time::to_utc(day.and_time(hours.start), tz);
                let closes = local_time::to_utc(day.and_time(hours.end), tz);
                let begin = opens.max(from);
                if closes > begin {
                    let available = closes - begin;
                    if available >= left {
                        return begin + left;
                    }
                    left -= available;
                }
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        // Only reachable with a window that never opens; "due at once" makes the problem show.
        from
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CadenceState {
    OnTrack,
    /// Three quarters of the interval have gone.
    DueSoon,
    Missed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Cadence {
    pub state: CadenceState,
    /// The last update received, or when the plan was agreed if none came since.
    pub since: DateTime<Utc>,
    pub due: DateTime<Utc>,
    pub due_soon_from: DateTime<Utc>,
}

impl Cadence {
    /// The event written once when the update due at `self.due` did not come.
    pub fn missed_event(&self, zone: &str) -> NewEvent {
        NewEvent {
            kind: EventKind::UpdateMissed,
            at: self.due,
            zone: zone.to_owned(),
            actor: "Escalator".to_owned(),
            summary: "The vendor's update was not received when due".to_owned(),
            details: json!({ "due": self.due, "since": self.since }),
        }
    }
}

/// An update the vendor gave, as logged by us.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VendorUpdate {
    pub id: Uuid,
    pub received_at: DateTime<Utc>,
    pub mode: UpdateMode,
    pub summary: String,
    pub actor: String,
}

impl VendorUpdate {
    /// An update received at `received_at` (not after `stamp.at`: it cannot come from the
    /// future), logged by the stamp's actor.
    pub fn log(
        id: Uuid,
        received_at: DateTime<Utc>,
        mode: UpdateMode,
        summary: &str,
        stamp: &Stamp,
    ) -> Result<(VendorUpdate, NewEvent), ValidationError> {
        let mut errors = FieldErrors::default();
        let summary = summary.trim();
        if summary.is_empty() {
            errors.add("summary", "Say in a line what the vendor reported.");
        } else if summary.chars().count() > MAX_TEXT_CHARS {
            errors.add("summary", format!("At most {MAX_TEXT_CHARS} characters."));
        }
        if received_at > stamp.at {
            errors.add("receivedAt", "An update cannot be received in the future.");
        } else if !in_supported_years(received_at.date_naive()) {
            errors.add("receivedAt", years_message());
        }
        errors.into_result()?;
        let update = VendorUpdate {
            id,
            received_at,
            mode,
            summary: summary.to_owned(),
            actor: stamp.actor.clone(),
        };
        let event = Stamp {
            at: received_at,
            ..stamp.clone()
        }
        .event(
            EventKind::UpdateReceived,
            format!("Update by {}: {}", mode.label(), update.summary),
            json!({ "update": update.id, "mode": mode }),
        );
        Ok((update, event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escalation_record::ContactRole;
    use chrono::{NaiveDateTime, TimeZone};
    use proptest::prelude::*;

    const MON_FRI: [Weekday; 5] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ];

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn wall(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    fn tz(zone: &str) -> Tz {
        zone.parse().unwrap()
    }

    /// The instant a wall-clock time in `zone` names.
    fn at(zone: &str, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        local_time::to_utc(wall(y, m, d, h, min), tz(zone))
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn plan(every: u32, unit: IntervalUnit, zone: &str) -> CommunicationPlan {
        CommunicationPlan {
            modes: vec![UpdateMode::Email],
            every,
            unit,
            zone: zone.to_owned(),
            business_hours: None,
            attendees: Vec::new(),
            note: String::new(),
        }
    }

    fn office(start: NaiveTime, end: NaiveTime, weekdays: &[Weekday]) -> BusinessHours {
        BusinessHours {
            start,
            end,
            weekdays: weekdays.to_vec(),
        }
    }

    fn berlin_office(every: u32, unit: IntervalUnit) -> CommunicationPlan {
        CommunicationPlan {
            business_hours: Some(office(hm(9, 0), hm(17, 0), &MON_FRI)),
            ..plan(every, unit, "Europe/Berlin")
        }
    }

    fn attendee(name: &str, zone: &str) -> Attendee {
        Attendee {
            name: name.to_owned(),
            role: ContactRole::EscalationEngineer,
            email: format!("{}@example.com", name.to_lowercase()),
            zone: zone.to_owned(),
        }
    }

    fn stamp(at: DateTime<Utc>) -> Stamp {
        Stamp {
            at,
            zone: "Europe/Berlin".to_owned(),
            actor: "Dana".to_owned(),
        }
    }

    fn fields(error: &ValidationError) -> Vec<&str> {
        error.fields.iter().map(|f| f.field.as_str()).collect()
    }

    // ----- validation -----

    #[test]
    fn a_valid_plan_is_trimmed_and_keeps_its_settings() {
        let input = CommunicationPlan {
            modes: vec![UpdateMode::Email, UpdateMode::Phone],
            zone: "  Europe/Berlin ".to_owned(),
            note: "  Daily bridge at 09:00  ".to_owned(),
            attendees: vec![attendee("Priya", " Asia/Kolkata ")],
            ..berlin_office(4, IntervalUnit::Hours)
        };
        let valid = input.validate().unwrap();
        assert_eq!(valid.zone, "Europe/Berlin");
        assert_eq!(valid.note, "Daily bridge at 09:00");
        assert_eq!(valid.attendees[0].zone, "Asia/Kolkata");
        assert_eq!(valid.modes, vec![UpdateMode::Email, UpdateMode::Phone]);
        assert_eq!(
            valid.describe(),
            "updates every 4 hours (business hours, Europe/Berlin) by email, phone"
        );
    }

    #[test]
    fn repeated_modes_are_kept_once_in_the_order_chosen() {
        let input = CommunicationPlan {
            modes: vec![
                UpdateMode::Portal,
                UpdateMode::Email,
                UpdateMode::Portal,
                UpdateMode::Email,
            ],
            ..plan(1, IntervalUnit::Days, "UTC")
        };
        assert_eq!(
            input.validate().unwrap().modes,
            vec![UpdateMode::Portal, UpdateMode::Email]
        );
    }

    #[test]
    fn a_plan_needs_a_mode() {
        let input = CommunicationPlan {
            modes: Vec::new(),
            ..plan(1, IntervalUnit::Days, "UTC")
        };
        assert_eq!(fields(&input.validate().unwrap_err()), vec!["modes"]);
    }

    #[test]
    fn an_unknown_zone_is_an_error_on_the_zone_field() {
        for zone in ["Mars/Olympus", "", "   ", "Berlin", "UTC+2"] {
            let error = plan(4, IntervalUnit::Hours, zone).validate().unwrap_err();
            assert_eq!(fields(&error), vec!["zone"], "zone {zone:?}");
            assert!(
                error.fields[0].message.contains("IANA"),
                "{}",
                error.fields[0].message
            );
        }
        let error = plan(4, IntervalUnit::Hours, "Mars/Olympus")
            .validate()
            .unwrap_err();
        assert!(error.fields[0].message.contains("Mars/Olympus"));
    }

    #[test]
    fn an_attendee_in_an_unknown_zone_is_an_error_on_that_attendee() {
        let input = CommunicationPlan {
            attendees: vec![
                attendee("Priya", "Asia/Kolkata"),
                attendee("Olaf", "Mars/Olympus"),
                attendee("Kim", ""),
            ],
            ..plan(4, IntervalUnit::Hours, "Europe/Berlin")
        };
        let error = input.validate().unwrap_err();
        assert_eq!(fields(&error), vec!["attendees.1.zone", "attendees.2.zone"]);
    }

    #[test]
    fn the_interval_is_between_one_hour_and_a_month() {
        for (every, unit) in [
            (0, IntervalUnit::Hours),
            (0, IntervalUnit::Days),
            (MAX_INTERVAL_HOURS + 1, IntervalUnit::Hours),
            (32, IntervalUnit::Days),
            (u32::MAX, IntervalUnit::Days),
        ] {
            let error = plan(every, unit, "UTC").validate().unwrap_err();
            assert_eq!(fields(&error), vec!["every"], "{every} {unit:?}");
        }
        for (every, unit) in [
            (1, IntervalUnit::Hours),
            (MAX_INTERVAL_HOURS, IntervalUnit::Hours),
            (1, IntervalUnit::Days),
            (31, IntervalUnit::Days),
        ] {
            assert!(
                plan(every, unit, "UTC").validate().is_ok(),
                "{every} {unit:?}"
            );
        }
    }

    #[test]
    fn business_hours_must_end_after_they_start_and_name_a_day() {
        for (start, end) in [(hm(17, 0), hm(9, 0)), (hm(9, 0), hm(9, 0))] {
            let input = CommunicationPlan {
                business_hours: Some(office(start, end, &MON_FRI)),
                ..plan(4, IntervalUnit::Hours, "Europe/Berlin")
            };
            assert_eq!(
                fields(&input.validate().unwrap_err()),
                vec!["businessHours"]
            );
        }
        let input = CommunicationPlan {
            business_hours: Some(office(hm(9, 0), hm(17, 0), &[])),
            ..plan(4, IntervalUnit::Hours, "Europe/Berlin")
        };
        assert_eq!(
            fields(&input.validate().unwrap_err()),
            vec!["businessHours"]
        );
    }

    #[test]
    fn business_weekdays_are_sorted_and_deduplicated() {
        let input = CommunicationPlan {
            business_hours: Some(office(
                hm(9, 0),
                hm(17, 0),
                &[Weekday::Fri, Weekday::Mon, Weekday::Fri],
            )),
            ..plan(4, IntervalUnit::Hours, "Europe/Berlin")
        };
        let valid = input.validate().unwrap();
        assert_eq!(
            valid.business_hours.unwrap().weekdays,
            vec![Weekday::Mon, Weekday::Fri]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let input = CommunicationPlan {
            modes: Vec::new(),
            business_hours: Some(office(hm(9, 0), hm(8, 0), &[])),
            ..plan(0, IntervalUnit::Hours, "")
        };
        let error = input.validate().unwrap_err();
        assert_eq!(
            fields(&error),
            vec!["modes", "every", "zone", "businessHours", "businessHours"]
        );
    }

    #[test]
    fn an_interval_that_would_take_over_a_year_of_business_hours_is_refused() {
        // One hour on Mondays: 744 working hours would be 14 years away.
        let sparse = CommunicationPlan {
            business_hours: Some(office(hm(9, 0), hm(10, 0), &[Weekday::Mon])),
            ..plan(MAX_INTERVAL_HOURS, IntervalUnit::Hours, "Europe/Berlin")
        };
        assert_eq!(fields(&sparse.validate().unwrap_err()), vec!["every"]);
        // Fifty-two such hours are a year's worth and still accepted.
        let yearly = CommunicationPlan {
            every: 52,
            ..sparse
        };
        let due = yearly
            .validate()
            .unwrap()
            .next_due(at("Europe/Berlin", 2026, 1, 5, 10, 0));
        assert_eq!(due, at("Europe/Berlin", 2027, 1, 4, 10, 0));
        // A normal office week takes a month's cadence easily.
        assert!(
            berlin_office(MAX_INTERVAL_HOURS, IntervalUnit::Hours)
                .validate()
                .is_ok()
        );
    }

    // ----- next_due without business hours -----

    #[test]
    fn every_n_hours_counts_elapsed_time_even_across_a_dst_change() {
        let every_four = plan(4, IntervalUnit::Hours, "Europe/Berlin");
        // Berlin springs forward at 01:00 UTC on 2026-03-29: 00:00 UTC is 01:00 CET.
        let since = utc(2026, 3, 29, 0, 0);
        let due = every_four.next_due(since);
        assert_eq!(due, utc(2026, 3, 29, 4, 0));
        // Four hours of real time, five on the wall clock (01:00 CET → 06:00 CEST).
        assert_eq!(
            local_time::to_local(due, tz("Europe/Berlin")),
            wall(2026, 3, 29, 6, 0)
        );
        let every_36 = plan(36, IntervalUnit::Hours, "America/New_York");
        assert_eq!(
            every_36.next_due(utc(2026, 6, 1, 12, 0)),
            utc(2026, 6, 3, 0, 0)
        );
    }

    #[test]
    fn every_n_days_keeps_the_wall_clock_time_across_dst_changes() {
        // (zone, since local, expected due local, every, real hours between)
        let cases = [
            // New York springs forward on 2026-03-08 and falls back on 2026-11-01.
            (
                "America/New_York",
                wall(2026, 3, 7, 9, 0),
                1,
                wall(2026, 3, 8, 9, 0),
                23 * 60,
            ),
            (
                "America/New_York",
                wall(2026, 10, 31, 9, 0),
                1,
                wall(2026, 11, 1, 9, 0),
                25 * 60,
            ),
            (
                "America/New_York",
                wall(2026, 3, 1, 18, 0),
                14,
                wall(2026, 3, 15, 18, 0),
                (14 * 24 - 1) * 60,
            ),
            // Berlin: 2026-03-29 and 2026-10-25.
            (
                "Europe/Berlin",
                wall(2026, 3, 28, 10, 0),
                1,
                wall(2026, 3, 29, 10, 0),
                23 * 60,
            ),
            (
                "Europe/Berlin",
                wall(2026, 10, 24, 10, 0),
                1,
                wall(2026, 10, 25, 10, 0),
                25 * 60,
            ),
            // Kolkata has no DST: three days are 72 hours at any time of year.
            (
                "Asia/Kolkata",
                wall(2026, 3, 27, 9, 0),
                3,
                wall(2026, 3, 30, 9, 0),
                72 * 60,
            ),
            (
                "Asia/Kolkata",
                wall(2026, 10, 24, 9, 0),
                3,
                wall(2026, 10, 27, 9, 0),
                72 * 60,
            ),
            // Lord Howe moves by half an hour: back on 2026-04-05, forward on 2026-10-04.
            (
                "Australia/Lord_Howe",
                wall(2026, 4, 4, 9, 0),
                1,
                wall(2026, 4, 5, 9, 0),
                24 * 60 + 30,
            ),
            (
                "Australia/Lord_Howe",
                wall(2026, 10, 3, 9, 0),
                1,
                wall(2026, 10, 4, 9, 0),
                24 * 60 - 30,
            ),
        ];
        for (zone, since_local, every, due_local, minutes) in cases {
            let since = local_time::to_utc(since_local, tz(zone));
            let due = plan(every, IntervalUnit::Days, zone).next_due(since);
            assert_eq!(
                local_time::to_local(due, tz(zone)),
                due_local,
                "{zone} from {since_local}"
            );
            assert_eq!(
                (due - since).num_minutes(),
                minutes,
                "{zone} from {since_local}"
            );
        }
        // Pinned instants for the New York pair, so the expectation is not only relative.
        let new_york = plan(1, IntervalUnit::Days, "America/New_York");
        assert_eq!(
            new_york.next_due(utc(2026, 3, 7, 14, 0)),
            utc(2026, 3, 8, 13, 0)
        );
        assert_eq!(
            new_york.next_due(utc(2026, 10, 31, 13, 0)),
            utc(2026, 11, 1, 14, 0)
        );
        let lord_howe = plan(1, IntervalUnit::Days, "Australia/Lord_Howe");
        assert_eq!(
            lord_howe.next_due(utc(2026, 4, 3, 22, 0)),
            utc(2026, 4, 4, 22, 30)
        );
    }

    #[test]
    fn a_day_after_lands_after_the_gap_when_its_time_is_skipped() {
        // 02:30 on 2026-03-08 does not exist in New York; it is read as 03:30 EDT.
        let new_york = plan(1, IntervalUnit::Days, "America/New_York");
        let since = at("America/New_York", 2026, 3, 7, 2, 30);
        assert_eq!(new_york.next_due(since), utc(2026, 3, 8, 7, 30));
    }

    #[test]
    fn days_count_across_the_leap_day() {
        let daily = plan(1, IntervalUnit::Days, "Europe/Berlin");
        let feb_28 = at("Europe/Berlin", 2028, 2, 28, 10, 0);
        let feb_29 = at("Europe/Berlin", 2028, 2, 29, 10, 0);
        assert_eq!(daily.next_due(feb_28), feb_29);
        assert_eq!(
            daily.next_due(feb_29),
            at("Europe/Berlin", 2028, 3, 1, 10, 0)
        );
        let monthly = plan(31, IntervalUnit::Days, "Europe/Berlin");
        assert_eq!(
            monthly.next_due(at("Europe/Berlin", 2028, 2, 15, 10, 0)),
            at("Europe/Berlin", 2028, 3, 17, 10, 0)
        );
    }

    // ----- next_due with business hours -----

    #[test]
    fn business_hours_skip_the_weekend() {
        let every_four = berlin_office(4, IntervalUnit::Hours);
        // 2026-03-13 is a Friday: one working hour left, three more on Monday.
        let friday = at("Europe/Berlin", 2026, 3, 13, 16, 0);
        assert_eq!(
            every_four.next_due(friday),
            at("Europe/Berlin", 2026, 3, 16, 12, 0)
        );
        // Set on Saturday or before Monday opens, the clock starts at 09:00 Monday.
        for since in [
            at("Europe/Berlin", 2026, 3, 14, 10, 0),
            at("Europe/Berlin", 2026, 3, 16, 7, 0),
            at("Europe/Berlin", 2026, 3, 13, 18, 0),
        ] {
            assert_eq!(
                every_four.next_due(since),
                at("Europe/Berlin", 2026, 3, 16, 13, 0)
            );
        }
        // Exactly the rest of the day: due at closing time, not the next morning.
        assert_eq!(
            every_four.next_due(at("Europe/Berlin", 2026, 3, 13, 13, 0)),
            at("Europe/Berlin", 2026, 3, 13, 17, 0)
        );
        // Sixteen hours from Thursday noon: 5 Thursday + 8 Friday + 3 Monday.
        assert_eq!(
            berlin_office(16, IntervalUnit::Hours).next_due(at(
                "Europe/Berlin",
                2026,
                3,
                12,
                12,
                0
            )),
            at("Europe/Berlin", 2026, 3, 16, 12, 0)
        );
    }

    #[test]
    fn business_hours_keep_the_local_window_across_dst_changes() {
        let every_four = berlin_office(4, IntervalUnit::Hours);
        // Friday 2026-03-27 15:00 CET; Berlin springs forward on Sunday.
        let due = every_four.next_due(at("Europe/Berlin", 2026, 3, 27, 15, 0));
        assert_eq!(due, utc(2026, 3, 30, 9, 0)); // 11:00 CEST
        // Friday 2026-10-23 15:00 CEST; Berlin falls back on Sunday.
        let due = every_four.next_due(at("Europe/Berlin", 2026, 10, 23, 15, 0));
        assert_eq!(due, utc(2026, 10, 26, 10, 0)); // 11:00 CET
        // New York, Friday 2026-03-06 16:00 EST → Monday 12:00 EDT.
        let new_york = CommunicationPlan {
            business_hours: Some(office(hm(9, 0), hm(17, 0), &MON_FRI)),
            ..plan(4, IntervalUnit::Hours, "America/New_York")
        };
        let due = new_york.next_due(utc(2026, 3, 6, 21, 0));
        assert_eq!(due, utc(2026, 3, 9, 16, 0));
    }

    #[test]
    fn a_business_day_is_one_whole_working_window() {
        let daily = berlin_office(1, IntervalUnit::Days);
        // Tuesday noon → Wednesday noon.
        assert_eq!(
            daily.next_due(at("Europe/Berlin", 2026, 6, 9, 12, 0)),
            at("Europe/Berlin", 2026, 6, 10, 12, 0)
        );
        // Friday noon → Monday noon.
        assert_eq!(
            daily.next_due(at("Europe/Berlin", 2026, 6, 12, 12, 0)),
            at("Europe/Berlin", 2026, 6, 15, 12, 0)
        );
        // At opening, a whole window is that same day.
        assert_eq!(
            daily.next_due(at("Europe/Berlin", 2026, 6, 8, 9, 0)),
            at("Europe/Berlin", 2026, 6, 8, 17, 0)
        );
        // Two business days from Thursday 10:00 → Monday 10:00.
        assert_eq!(
            berlin_office(2, IntervalUnit::Days).next_due(at("Europe/Berlin", 2026, 6, 11, 10, 0)),
            at("Europe/Berlin", 2026, 6, 15, 10, 0)
        );
        // Across the spring-forward weekend: still Monday noon, local time.
        assert_eq!(
            daily.next_due(at("Europe/Berlin", 2026, 3, 27, 12, 0)),
            at("Europe/Berlin", 2026, 3, 30, 12, 0)
        );
    }

    #[test]
    fn business_hours_count_the_leap_day_as_a_working_day() {
        // 2028-02-28 is a Monday, 2028-02-29 a Tuesday.
        let daily = berlin_office(1, IntervalUnit::Days);
        assert_eq!(
            daily.next_due(at("Europe/Berlin", 2028, 2, 28, 12, 0)),
            at("Europe/Berlin", 2028, 2, 29, 12, 0)
        );
        assert_eq!(
            berlin_office(8, IntervalUnit::Hours).next_due(at("Europe/Berlin", 2028, 2, 29, 13, 0)),
            at("Europe/Berlin", 2028, 3, 1, 13, 0)
        );
    }

    // ----- cadence -----

    #[test]
    fn due_soon_starts_at_exactly_three_quarters_of_the_interval() {
        let every_four = plan(4, IntervalUnit::Hours, "UTC");
        let since = utc(2026, 5, 4, 10, 0);
        let state = |now| every_four.cadence(since, now).state;
        let cadence = every_four.cadence(since, since);
        assert_eq!(cadence.since, since);
        assert_eq!(cadence.due, utc(2026, 5, 4, 14, 0));
        assert_eq!(cadence.due_soon_from, utc(2026, 5, 4, 13, 0));
        let second = TimeDelta::seconds(1);
        assert_eq!(state(since), CadenceState::OnTrack);
        assert_eq!(
            state(utc(2026, 5, 4, 13, 0) - second),
            CadenceState::OnTrack
        );
        assert_eq!(state(utc(2026, 5, 4, 13, 0)), CadenceState::DueSoon);
        assert_eq!(
            state(utc(2026, 5, 4, 14, 0) - second),
            CadenceState::DueSoon
        );
        assert_eq!(state(utc(2026, 5, 4, 14, 0)), CadenceState::Missed);
        assert_eq!(state(utc(2026, 5, 9, 0, 0)), CadenceState::Missed);
    }

    #[test]
    fn due_soon_follows_the_real_length_of_a_short_day() {
        // 2026-03-07 09:00 → 2026-03-08 09:00 New York is 23 hours; 75% is 17h15m.
        let daily = plan(1, IntervalUnit::Days, "America/New_York");
        let since = utc(2026, 3, 7, 14, 0);
        let cadence = daily.cadence(since, since);
        assert_eq!(
            cadence.due_soon_from - since,
            TimeDelta::minutes(17 * 60 + 15)
        );
    }

    #[test]
    fn due_soon_counts_working_time_too() {
        let every_four = berlin_office(4, IntervalUnit::Hours);
        let friday = at("Europe/Berlin", 2026, 3, 13, 16, 0);
        let monday = |h, m| at("Europe/Berlin", 2026, 3, 16, h, m);
        // Three working hours: one on Friday, two on Monday.
        let cadence = every_four.cadence(friday, friday);
        assert_eq!(cadence.due_soon_from, monday(11, 0));
        assert_eq!(cadence.due, monday(12, 0));
        // All weekend it stays on track.
        let saturday = at("Europe/Berlin", 2026, 3, 14, 12, 0);
        assert_eq!(
            every_four.cadence(friday, saturday).state,
            CadenceState::OnTrack
        );
        assert_eq!(
            every_four.cadence(friday, monday(10, 59)).state,
            CadenceState::OnTrack
        );
        assert_eq!(
            every_four.cadence(friday, monday(11, 0)).state,
            CadenceState::DueSoon
        );
        assert_eq!(
            every_four.cadence(friday, monday(12, 0)).state,
            CadenceState::Missed
        );
        // One business day from Tuesday noon: 6 of 8 hours is Wednesday 10:00.
        let daily = berlin_office(1, IntervalUnit::Days);
        let tuesday = at("Europe/Berlin", 2026, 6, 9, 12, 0);
        assert_eq!(
            daily.cadence(tuesday, tuesday).due_soon_from,
            at("Europe/Berlin", 2026, 6, 10, 10, 0)
        );
    }

    #[test]
    fn a_missed_update_is_recorded_at_its_due_time_by_escalator() {
        let every_four = plan(4, IntervalUnit::Hours, "UTC");
        let since = utc(2026, 5, 4, 10, 0);
        let cadence = every_four.cadence(since, utc(2026, 5, 4, 15, 0));
        assert_eq!(cadence.state, CadenceState::Missed);
        let event = cadence.missed_event("Asia/Kolkata");
        assert_eq!(event.kind, EventKind::UpdateMissed);
        assert_eq!(event.at, utc(2026, 5, 4, 14, 0));
        assert_eq!(event.zone, "Asia/Kolkata");
        assert_eq!(event.actor, "Escalator");
        assert_eq!(
            event.details,
            json!({ "due": "2026-05-04T14:00:00Z", "since": "2026-05-04T10:00:00Z" })
        );
    }

    #[test]
    fn agreeing_a_plan_records_what_was_agreed() {
        let valid = CommunicationPlan {
            modes: vec![UpdateMode::Email, UpdateMode::ConferenceCall],
            ..berlin_office(1, IntervalUnit::Days)
        }
        .validate()
        .unwrap();
        let event = valid.agreed_event(&stamp(utc(2026, 5, 4, 10, 0)));
        assert_eq!(event.kind, EventKind::CommunicationPlanSet);
        assert_eq!(event.at, utc(2026, 5, 4, 10, 0));
        assert_eq!(
            event.summary,
            "Communication plan: updates every day (business hours, Europe/Berlin) by email, conference call"
        );
        assert_eq!(event.details["businessHours"], json!(true));
        assert_eq!(event.details["unit"], json!("days"));
    }

    // ----- vendor updates -----

    #[test]
    fn a_logged_update_is_dated_when_it_was_received() {
        let received = utc(2026, 5, 4, 9, 30);
        let logged_at = stamp(utc(2026, 5, 4, 11, 0));
        let id = Uuid::from_u128(7);
        let (update, event) = VendorUpdate::log(
            id,
            received,
            UpdateMode::Phone,
            "  Engineer reproduced the fault  ",
            &logged_at,
        )
        .unwrap();
        assert_eq!(update.id, id);
        assert_eq!(update.received_at, received);
        assert_eq!(update.summary, "Engineer reproduced the fault");
        assert_eq!(update.actor, "Dana");
        assert_eq!(event.kind, EventKind::UpdateReceived);
        assert_eq!(event.at, received);
        assert_eq!(event.zone, "Europe/Berlin");
        assert_eq!(event.actor, "Dana");
        assert_eq!(
            event.summary,
            "Update by phone: Engineer reproduced the fault"
        );
        assert_eq!(event.details["mode"], json!("phone"));
        // Received the very moment it is logged is fine.
        assert!(VendorUpdate::log(id, logged_at.at, UpdateMode::Email, "ok", &logged_at).is_ok());
    }

    #[test]
    fn an_update_needs_a_summary_and_cannot_come_from_the_future() {
        let now = stamp(utc(2026, 5, 4, 11, 0));
        let id = Uuid::from_u128(7);
        let error = VendorUpdate::log(id, now.at, UpdateMode::Email, "  \n ", &now).unwrap_err();
        assert_eq!(fields(&error), vec!["summary"]);
        let later = now.at + TimeDelta::seconds(1);
        let error =
            VendorUpdate::log(id, later, UpdateMode::Email, "Patch ready", &now).unwrap_err();
        assert_eq!(fields(&error), vec!["receivedAt"]);
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        let error = VendorUpdate::log(id, later, UpdateMode::Email, &long, &now).unwrap_err();
        assert_eq!(fields(&error), vec!["summary", "receivedAt"]);
    }

    // ----- properties -----

    const ZONES: [&str; 12] = [
        "America/New_York",
        "Europe/Berlin",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "UTC",
        "America/Los_Angeles",
        "Australia/Sydney",
        "America/St_Johns",
        "Asia/Kathmandu",
        "Pacific/Chatham",
        "America/Sao_Paulo",
        "Europe/London",
    ];

    const ALL_DAYS: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    fn business_hours() -> impl Strategy<Value = BusinessHours> {
        (
            0_u32..24 * 60,
            0_u32..24 * 60,
            proptest::sample::subsequence(ALL_DAYS.to_vec(), 1..=7),
        )
            .prop_filter("a window has a length", |(a, b, _)| a != b)
            .prop_map(|(a, b, weekdays)| {
                let minute = |m: u32| NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap();
                BusinessHours {
                    start: minute(a.min(b)),
                    end: minute(a.max(b)),
                    weekdays,
                }
            })
    }

    fn valid_plan() -> impl Strategy<Value = CommunicationPlan> {
        (
            proptest::sample::select(ZONES.to_vec()),
            prop_oneof![
                (1_u32..=MAX_INTERVAL_HOURS).prop_map(|n| (n, IntervalUnit::Hours)),
                (1_u32..=31).prop_map(|n| (n, IntervalUnit::Days)),
            ],
            proptest::option::of(business_hours()),
        )
            .prop_filter_map("valid plans only", |(zone, (every, unit), hours)| {
                CommunicationPlan {
                    business_hours: hours,
                    ..plan(every, unit, zone)
                }
                .validate()
                .ok()
            })
    }

    fn instant_2024_to_2030() -> impl Strategy<Value = DateTime<Utc>> {
        // 2024-01-01T00:00Z to 2030-12-31T23:59:59Z.
        (1_704_067_200_i64..1_924_991_999).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
    }

    fn rank(state: CadenceState) -> u8 {
        match state {
            CadenceState::OnTrack => 0,
            CadenceState::DueSoon => 1,
            CadenceState::Missed => 2,
        }
    }

    proptest! {
        #[test]
        fn the_next_update_is_always_due_after_the_last(
            plan in valid_plan(),
            since in instant_2024_to_2030(),
        ) {
            prop_assert!(plan.next_due(since) > since, "{:?}", plan);
        }

        #[test]
        fn due_soon_lies_between_the_last_update_and_the_due_time(
            plan in valid_plan(),
            since in instant_2024_to_2030(),
        ) {
            let cadence = plan.cadence(since, since);
            prop_assert_eq!(cadence.since, since);
            prop_assert_eq!(cadence.due, plan.next_due(since));
            prop_assert!(cadence.due_soon_from >= since);
            prop_assert!(cadence.due_soon_from <= cadence.due);
            prop_assert_eq!(cadence.state, CadenceState::OnTrack);
        }

        #[test]
        fn the_state_only_moves_forward_as_time_passes(
            plan in valid_plan(),
            since in instant_2024_to_2030(),
            mut steps in proptest::collection::vec(0_i32..=1500, 1..12),
        ) {
            let first = plan.cadence(since, since);
            let span = first.due - since;
            steps.sort_unstable();
            let mut nows: Vec<DateTime<Utc>> =
                steps.iter().map(|s| since + span * *s / 1000).collect();
            nows.extend([first.due_soon_from, first.due]);
            nows.sort_unstable();
            let mut last = 0;
            for now in nows {
                let cadence = plan.cadence(since, now);
                prop_assert_eq!(cadence.due, first.due);
                prop_assert!(rank(cadence.state) >= last, "went back at {}", now);
                last = rank(cadence.state);
            }
            // The boundaries themselves.
            let second = TimeDelta::seconds(1);
            prop_assert_eq!(plan.cadence(since, first.due).state, CadenceState::Missed);
            prop_assert_eq!(
                plan.cadence(since, first.due - second).state,
                if first.due_soon_from <= first.due - second {
                    CadenceState::DueSoon
                } else {
                    CadenceState::OnTrack
                }
            );
        }

        #[test]
        fn calendar_days_keep_the_wall_clock_time_when_it_exists(
            zone in proptest::sample::select(ZONES.to_vec()),
            every in 1_u32..=31,
            since in instant_2024_to_2030(),
        ) {
            let plan = plan(every, IntervalUnit::Days, zone);
            let local = local_time::to_local(since, tz(zone));
            let later = local + chrono::Days::new(u64::from(every));
            let due = plan.next_due(since);
            if !matches!(tz(zone).from_local_datetime(&later), chrono::LocalResult::None) {
                prop_assert_eq!(local_time::to_local(due, tz(zone)), later);
            }
        }
    }
}
