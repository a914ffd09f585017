//! Conference calls of an escalation: when they happen in their organiser's zone, how often,
//! who attends from where, and the minutes taken at each occurrence.
//!
//! A call is planned as a wall-clock start in an IANA zone, because that is how people agree
//! on calls ("09:00 Berlin, every weekday"); each occurrence becomes an instant through
//! [`crate::local_time`], so a series keeps its local time across daylight-saving changes
//! while attendees elsewhere see it move. Every series ends, on a date or after a count: an
//! open-ended call nobody remembers to cancel is worse than one that has to be extended.
//!
//! It does not render calendar files (the report crate does) and reads no clock.

use chrono::{
    DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc,
    Weekday as ChronoWeekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::escalation::MAX_TEXT_CHARS;
use crate::escalation_record::{ContactRole, EscalationId, Stamp};
use crate::local_time;
use crate::profile::parse_zone;
use crate::sr_details::MAX_SHORT_CHARS;
use crate::timeline::{EventKind, NewEvent};
use crate::validation::{FieldErrors, ValidationError, in_supported_years, years_message};

/// Most occurrences one series may have: a daily call for almost three years.
pub const MAX_OCCURRENCES: u32 = 1000;
/// Most attendees one call or plan may list.
pub const MAX_ATTENDEES: usize = 50;
/// Longest call, in minutes.
pub const MAX_DURATION_MINUTES: u32 = 24 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct CallId(pub Uuid);

impl std::fmt::Display for CallId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Someone expected on a call or in the communication plan, and where they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Attendee {
    pub name: String,
    pub role: ContactRole,
    pub email: String,
    /// IANA name of the zone they work in.
    pub zone: String,
}

impl Attendee {
    fn validate(&self, index: usize, errors: &mut FieldErrors) -> Attendee {
        let name = self.name.trim();
        let email = self.email.trim();
        let zone = self.zone.trim();
        if name.is_empty() {
            errors.add(
                &format!("attendees.{index}.name"),
                "Give the attendee's name.",
            );
        }
        for (field, text) in [("name", name), ("email", email)] {
            if text.chars().count() > MAX_SHORT_CHARS {
                errors.add(
                    &format!("attendees.{index}.{field}"),
                    format!("At most {MAX_SHORT_CHARS} characters."),
                );
            }
        }
        if parse_zone(zone).is_none() {
            errors.add(&format!("attendees.{index}.zone"), unknown_zone(zone));
        }
        Attendee {
            name: name.to_owned(),
            role: self.role,
            email: email.to_owned(),
            zone: zone.to_owned(),
        }
    }
}

pub(crate) fn validate_attendees(
    attendees: &[Attendee],
    errors: &mut FieldErrors,
) -> Vec<Attendee> {
    if attendees.len() > MAX_ATTENDEES {
        errors.add("attendees", format!("At most {MAX_ATTENDEES} attendees."));
    }
    attendees
        .iter()
        .enumerate()
        .map(|(index, attendee)| attendee.validate(index, errors))
        .collect()
}

pub(crate) fn unknown_zone(zone: &str) -> String {
    format!("\u{201c}{zone}\u{201d} is not an IANA time zone; use a name like Europe/Berlin.")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    Daily,
    /// Monday to Friday in the call's own zone.
    Weekdays,
    Weekly,
}

/// Where a series stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "end",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum SeriesEnd {
    /// The last occurrence starts on or before this date, in the call's zone.
    Until { date: NaiveDate },
    /// This many occurrences in all.
    Count { count: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Recurrence {
    pub repeat: Repeat,
    pub ends: SeriesEnd,
}

/// What the user plans for a call; the same shape for scheduling and rescheduling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallPlan {
    pub title: String,
    /// Wall-clock start of the first occurrence in `zone`.
    pub start: NaiveDateTime,
    /// IANA name of the organiser's zone.
    pub zone: String,
    pub duration_minutes: u32,
    /// The meeting link, https only.
    pub bridge_url: String,
    /// What a phone dials: number, pauses (`,`) and PIN (`#`), e.g. `+1 555 0100,,123456#`.
    pub dial_string: String,
    pub recurrence: Option<Recurrence>,
    pub attendees: Vec<Attendee>,
    pub agenda: String,
}

impl CallPlan {
    pub fn validate(&self) -> Result<CallPlan, ValidationError> {
        let mut errors = FieldErrors::default();
        let title = self.title.trim();
        if title.is_empty() {
            errors.add(
                "title",
                "Give the call a title, e.g. \u{201c}Daily status call\u{201d}.",
            );
        } else if title.chars().count() > MAX_SHORT_CHARS {
            errors.add("title", format!("At most {MAX_SHORT_CHARS} characters."));
        }
        let zone = self.zone.trim();
        if parse_zone(zone).is_none() {
            errors.add("zone", unknown_zone(zone));
        }
        if !in_supported_years(self.start.date()) {
            errors.add("start", years_message());
        }
        if self.duration_minutes == 0 || self.duration_minutes > MAX_DURATION_MINUTES {
            errors.add(
                "durationMinutes",
                "A call lasts between 1 minute and 24 hours.",
            );
        }
        let bridge_url = self.bridge_url.trim();
        if !bridge_url.is_empty() && !is_https_url(bridge_url) {
            errors.add("bridgeUrl", "Give the meeting link as an https:// address.");
        }
        let dial_string = self.dial_string.trim();
        if dial_string.chars().count() > MAX_SHORT_CHARS {
            errors.add(
                "dialString",
                format!("At most {MAX_SHORT_CHARS} characters."),
            );
        } else if !dial_string
            .chars()
            .all(|c| c.is_ascii_digit() || " +-,;#*pPwW().".contains(c))
        {
            errors.add(
                "dialString",
                "Use digits, + and spaces, a comma for each pause and # or * for the PIN.",
            );
        }
        if let Some(recurrence) = &self.recurrence {
            match recurrence.ends {
                SeriesEnd::Count { count } if count == 0 || count > MAX_OCCURRENCES => {
                    errors.add(
                        "recurrence",
                        format!("A series has 1 to {MAX_OCCURRENCES} occurrences."),
                    );
                }
                SeriesEnd::Until { date } if !in_supported_years(date) => {
                    errors.add("recurrence", years_message());
                }
                SeriesEnd::Until { date } if date < self.start.date() => {
                    errors.add(
                        "recurrence",
                        "The series must end on or after its first call.",
                    );
                }
                _ => {}
            }
        }
        let attendees = validate_attendees(&self.attendees, &mut errors);
        let agenda = self.agenda.trim();
        if agenda.chars().count() > MAX_TEXT_CHARS {
            errors.add("agenda", format!("At most {MAX_TEXT_CHARS} characters."));
        }
        errors.into_result()?;
        let plan = CallPlan {
            title: title.to_owned(),
            start: self.start,
            zone: zone.to_owned(),
            duration_minutes: self.duration_minutes,
            bridge_url: bridge_url.to_owned(),
            dial_string: dial_string.to_owned(),
            recurrence: self.recurrence,
            attendees,
            agenda: agenda.to_owned(),
        };
        if let Some(SeriesEnd::Until { .. }) = plan.recurrence.map(|r| r.ends) {
            let count = plan.local_starts().count();
            let message = if count > MAX_OCCURRENCES as usize {
                Some(format!(
                    "That series would have more than {MAX_OCCURRENCES} calls; end it sooner."
                ))
            } else if count == 0 {
                // A weekday series that starts and ends within one weekend.
                Some("That series has no calls on a weekday; end it later.".to_owned())
            } else {
                None
            };
            if let Some(message) = message {
                return Err(ValidationError {
                    fields: vec![crate::FieldError {
                        field: "recurrence".to_owned(),
                        message,
                    }],
                });
            }
        }
        Ok(plan)
    }

    /// "2026-11-30 09:00 America/Los_Angeles, weekly, 10 calls".
    pub fn describe(&self) -> String {
        let start = format!("{} {}", self.start.format("%Y-%m-%d %H:%M"), self.zone);
        match self.recurrence {
            None => start,
            Some(recurrence) => {
                let repeat = match recurrence.repeat {
                    Repeat::Daily => "daily",
                    Repeat::Weekdays => "every weekday",
                    Repeat::Weekly => "weekly",
                };
                let ends = match recurrence.ends {
                    SeriesEnd::Count { count } => format!("{count} calls"),
                    SeriesEnd::Until { date } => format!("until {date}"),
                };
                format!("{start}, {repeat}, {ends}")
            }
        }
    }

    /// The organiser's zone. Validated plans always parse; an unparsable one (edited by
    /// hand in the database) is read as UTC rather than refusing to show it.
    pub fn tz(&self) -> Tz {
        parse_zone(&self.zone).unwrap_or(Tz::UTC)
    }

    /// Wall-clock starts of every occurrence in the call's zone, in order. Never more than
    /// [`MAX_OCCURRENCES`] (plus one, so validation can tell a series that is too long).
    pub fn local_starts(&self) -> impl Iterator<Item = NaiveDateTime> + '_ {
        let first = self.start;
        let time: NaiveTime = first.time();
        let mut day = Some(first.date());
        let mut produced: u32 = 0;
        std::iter::from_fn(move || {
            loop {
                let current = day?;
                let limit_reached = match self.recurrence {
                    None => produced >= 1,
                    Some(Recurrence {
                        ends: SeriesEnd::Count { count },
                        ..
                    }) => produced >= count,
                    Some(Recurrence {
                        ends: SeriesEnd::Until { date },
                        ..
                    }) => current > date,
                };
                if limit_reached || produced > MAX_OCCURRENCES {
                    day = None;
                    return None;
                }
                day = match self.recurrence.map(|r| r.repeat) {
                    None => None,
                    Some(Repeat::Daily | Repeat::Weekdays) => current.succ_opt(),
                    Some(Repeat::Weekly) => current.checked_add_days(chrono::Days::new(7)),
                };
                let weekend = matches!(current.weekday(), ChronoWeekday::Sat | ChronoWeekday::Sun);
                if self.recurrence.map(|r| r.repeat) == Some(Repeat::Weekdays) && weekend {
                    continue;
                }
                produced += 1;
                return Some(current.and_time(time));
            }
        })
    }

    /// Every occurrence's start as an instant, in order.
    pub fn starts(&self) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        let tz = self.tz();
        self.local_starts()
            .map(move |local| local_time::to_utc(local, tz))
    }

    pub fn duration(&self) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.duration_minutes))
    }

    /// Occurrences that overlap `[from, to)`.
    pub fn starts_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        let duration = self.duration();
        self.starts()
            .skip_while(move |start| *start + duration <= from)
            .take_while(move |start| *start < to)
    }

    /// The first occurrence that has not ended at `now`.
    pub fn next_start(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let duration = self.duration();
        self.starts().find(|start| *start + duration > now)
    }

    /// Whether `at` is the start of one of the occurrences.
    pub fn has_occurrence(&self, at: DateTime<Utc>) -> bool {
        self.starts()
            .take_while(|start| *start <= at)
            .any(|start| start == at)
    }

    /// The occurrence at `start` as each attendee sees it: first the organiser's zone, then
    /// every attendee in the order listed.
    pub fn zone_table(&self, start: DateTime<Utc>) -> Vec<ZoneRow> {
        let organiser_tz = self.tz();
        let organiser_day = local_time::to_local(start, organiser_tz).date();
        let end = start + self.duration();
        let row = |who: String, role: Option<ContactRole>, zone: &str| {
            let tz = parse_zone(zone).unwrap_or(Tz::UTC);
            let local_start = local_time::to_local(start, tz);
            let local_end = local_time::to_local(end, tz);
            ZoneRow {
                who,
                role,
                zone: zone.to_owned(),
                start: local_start,
                end: local_end,
                day_offset: i32::try_from((local_start.date() - organiser_day).num_days())
                    .unwrap_or(0),
                utc_offset_minutes: i32::try_from((local_start - start.naive_utc()).num_minutes())
                    .unwrap_or(0),
                outside_working_hours: outside_working_hours(local_start, local_end),
            }
        };
        let mut rows = vec![row("Organiser".to_owned(), None, &self.zone)];
        rows.extend(
            self.attendees
                .iter()
                .map(|a| row(a.name.clone(), Some(a.role), &a.zone)),
        );
        rows
    }
}

/// Working hours for the zone table's warning: 08:00–18:00 on Monday to Friday, local time.
fn outside_working_hours(start: NaiveDateTime, end: NaiveDateTime) -> bool {
    let weekend =
        |at: NaiveDateTime| matches!(at.weekday(), ChronoWeekday::Sat | ChronoWeekday::Sun);
    let opens = NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN);
    let closes = NaiveTime::from_hms_opt(18, 0, 0).unwrap_or(NaiveTime::MIN);
    // Comparing whole date-times: a call that runs to midnight or past it ends after 18:00
    // even though its end's time of day is small.
    weekend(start) || start.time() < opens || end > start.date().and_time(closes)
}

pub(crate) fn is_https_url(text: &str) -> bool {
    text.strip_prefix("https://").is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

/// One line of a call's time-zone table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ZoneRow {
    pub who: String,
    /// `None` for the organiser's own row.
    pub role: Option<ContactRole>,
    pub zone: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// The local date minus the organiser's date: -1 means "the day before" for this person.
    pub day_offset: i32,
    pub utc_offset_minutes: i32,
    /// Before 08:00, after 18:00 or on a weekend where this person is.
    pub outside_working_hours: bool,
}

/// A scheduled call as kept: the plan plus what a calendar needs to recognise updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConferenceCall {
    pub id: CallId,
    pub escalation: EscalationId,
    pub plan: CallPlan,
    /// Raised on every change, so a calendar that imported an earlier `.ics` replaces it.
    pub sequence: u32,
    pub cancelled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ConferenceCall {
    pub fn schedule(
        id: CallId,
        escalation: EscalationId,
        plan: &CallPlan,
        stamp: &Stamp,
    ) -> Result<(ConferenceCall, NewEvent), ValidationError> {
        let plan = plan.validate()?;
        let call = ConferenceCall {
            id,
            escalation,
            plan,
            sequence: 0,
            cancelled: false,
            created_at: stamp.at,
            updated_at: stamp.at,
        };
        let event = stamp.event(
            EventKind::CallScheduled,
            format!(
                "Call scheduled: {}, {}",
                call.plan.title,
                call.plan.describe()
            ),
            json!({ "call": call.id, "title": call.plan.title, "sequence": 0 }),
        );
        Ok((call, event))
    }

    /// Replaces the plan; the calendar sequence goes up so imported copies are updated.
    pub fn reschedule(
        &mut self,
        plan: &CallPlan,
        stamp: &Stamp,
    ) -> Result<NewEvent, ValidationError> {
        let plan = plan.validate()?;
        self.plan = plan;
        self.sequence = self.sequence.saturating_add(1);
        self.cancelled = false;
        self.updated_at = stamp.at;
        Ok(stamp.event(
            EventKind::CallScheduled,
            format!(
                "Call changed: {}, {}",
                self.plan.title,
                self.plan.describe()
            ),
            json!({ "call": self.id, "title": self.plan.title, "sequence": self.sequence }),
        ))
    }

    pub fn cancel(&mut self, stamp: &Stamp) -> NewEvent {
        self.cancelled = true;
        self.sequence = self.sequence.saturating_add(1);
        self.updated_at = stamp.at;
        stamp.event(
            EventKind::CallScheduled,
            format!("Call cancelled: {}", self.plan.title),
            json!({ "call": self.id, "title": self.plan.title, "sequence": self.sequence, "cancelled": true }),
        )
    }
}

/// What was said at one occurrence of a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallMinutes {
    pub call: CallId,
    /// The occurrence's start, as listed by [`CallPlan::starts`].
    pub occurrence: DateTime<Utc>,
    pub text: String,
    pub recorded_at: DateTime<Utc>,
    pub actor: String,
}

impl CallMinutes {
    /// Minutes for one occurrence; recording them is what says the call was held.
    pub fn record(
        call: &ConferenceCall,
        occurrence: DateTime<Utc>,
        text: &str,
        stamp: &Stamp,
    ) -> Result<(CallMinutes, NewEvent), ValidationError> {
        let mut errors = FieldErrors::default();
        let text = text.trim();
        if text.is_empty() {
            errors.add("text", "Write the minutes: what was said and agreed.");
        } else if text.chars().count() > MAX_TEXT_CHARS {
            errors.add("text", format!("At most {MAX_TEXT_CHARS} characters."));
        }
        if !call.plan.has_occurrence(occurrence) {
            errors.add("occurrence", "Choose one of the call's occurrences.");
        }
        if occurrence > stamp.at {
            errors.add(
                "occurrence",
                "Minutes can only be taken for a call that has started.",
            );
        }
        errors.into_result()?;
        let minutes = CallMinutes {
            call: call.id,
            occurrence,
            text: text.to_owned(),
            recorded_at: stamp.at,
            actor: stamp.actor.clone(),
        };
        let event = crate::escalation_record::Stamp {
            at: occurrence,
            ..stamp.clone()
        }
        .event(
            EventKind::CallHeld,
            format!("Call held: {}", call.plan.title),
            json!({ "call": call.id, "occurrence": occurrence, "minutes": minutes.text }),
        );
        Ok((minutes, event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn wall(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        date(y, m, d).and_hms_opt(h, min, 0).unwrap()
    }

    fn series(repeat: Repeat, ends: SeriesEnd) -> Option<Recurrence> {
        Some(Recurrence { repeat, ends })
    }

    fn count(count: u32) -> SeriesEnd {
        SeriesEnd::Count { count }
    }

    fn until(y: i32, m: u32, d: u32) -> SeriesEnd {
        SeriesEnd::Until {
            date: date(y, m, d),
        }
    }

    /// A one-off 30-minute call at `start` in `zone`.
    fn call_plan(start: NaiveDateTime, zone: &str) -> CallPlan {
        CallPlan {
            title: "Daily status call".to_owned(),
            start,
            zone: zone.to_owned(),
            duration_minutes: 30,
            bridge_url: "https://meet.example.com/j/123456".to_owned(),
            dial_string: "+1 555 0100,,123456#".to_owned(),
            recurrence: None,
            attendees: Vec::new(),
            agenda: String::new(),
        }
    }

    fn attendee(name: &str, role: ContactRole, zone: &str) -> Attendee {
        Attendee {
            name: name.to_owned(),
            role,
            email: String::new(),
            zone: zone.to_owned(),
        }
    }

    fn stamp(at: DateTime<Utc>) -> Stamp {
        Stamp {
            at,
            zone: "America/New_York".to_owned(),
            actor: "Dana".to_owned(),
        }
    }

    fn fields(error: &ValidationError) -> Vec<&str> {
        error.fields.iter().map(|f| f.field.as_str()).collect()
    }

    fn problems(plan: &CallPlan) -> Vec<String> {
        match plan.validate() {
            Ok(_) => Vec::new(),
            Err(error) => error.fields.into_iter().map(|f| f.field).collect(),
        }
    }

    // ----- validation -----

    #[test]
    fn a_full_plan_is_accepted_and_trimmed() {
        let plan = CallPlan {
            title: "  Bridge with Dell  ".to_owned(),
            zone: " Europe/Berlin ".to_owned(),
            bridge_url: " https://teams.microsoft.com/l/meetup-join/19%3ameeting?x=1 ".to_owned(),
            dial_string: " +49 (30) 1234-5678;;9876* ".to_owned(),
            agenda: "  Logs, next steps  ".to_owned(),
            attendees: vec![attendee(" Priya ", ContactRole::OurSide, " Asia/Kolkata ")],
            recurrence: series(Repeat::Weekdays, count(10)),
            ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
        };
        let valid = plan.validate().unwrap();
        assert_eq!(valid.title, "Bridge with Dell");
        assert_eq!(valid.zone, "Europe/Berlin");
        assert_eq!(
            valid.bridge_url,
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting?x=1"
        );
        assert_eq!(valid.dial_string, "+49 (30) 1234-5678;;9876*");
        assert_eq!(valid.agenda, "Logs, next steps");
        assert_eq!(valid.attendees[0].name, "Priya");
        assert_eq!(valid.attendees[0].zone, "Asia/Kolkata");
    }

    #[test]
    fn a_call_needs_a_title_and_a_real_zone() {
        let plan = CallPlan {
            title: "   ".to_owned(),
            ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
        };
        assert_eq!(problems(&plan), vec!["title"]);
        let plan = CallPlan {
            title: "x".repeat(MAX_SHORT_CHARS + 1),
            ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
        };
        assert_eq!(problems(&plan), vec!["title"]);
        for zone in ["Mars/Olympus", "", "CEST"] {
            let error = call_plan(wall(2026, 6, 1, 9, 0), zone)
                .validate()
                .unwrap_err();
            assert_eq!(fields(&error), vec!["zone"], "{zone:?}");
            assert!(error.fields[0].message.contains("IANA"));
        }
    }

    #[test]
    fn attendees_need_a_name_and_a_real_zone() {
        let plan = CallPlan {
            attendees: vec![
                attendee("Priya", ContactRole::OurSide, "Asia/Kolkata"),
                attendee("", ContactRole::DutyManager, "Mars/Olympus"),
            ],
            ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
        };
        assert_eq!(
            problems(&plan),
            vec!["attendees.1.name", "attendees.1.zone"]
        );
        let crowd = CallPlan {
            attendees: vec![attendee("Kim", ContactRole::OurSide, "UTC"); MAX_ATTENDEES + 1],
            ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
        };
        assert_eq!(problems(&crowd), vec!["attendees"]);
    }

    #[test]
    fn a_call_lasts_between_a_minute_and_a_day() {
        for minutes in [0, MAX_DURATION_MINUTES + 1] {
            let plan = CallPlan {
                duration_minutes: minutes,
                ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
            };
            assert_eq!(problems(&plan), vec!["durationMinutes"], "{minutes}");
        }
        for minutes in [1, MAX_DURATION_MINUTES] {
            let plan = CallPlan {
                duration_minutes: minutes,
                ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
            };
            assert!(problems(&plan).is_empty(), "{minutes}");
        }
    }

    #[test]
    fn the_bridge_link_is_https_or_nothing() {
        for url in [
            "javascript:alert(1)",
            "http://meet.example.com/j/1",
            "HTTP://meet.example.com",
            "https://",
            "https:///path-only",
            "https://meet.example.com/j/1 2",
            "https://meet.example.com/\tj",
            "https://meet.example.com/\u{0}",
            "ftp://meet.example.com",
            "meet.example.com/j/1",
            "data:text/html,<script>",
        ] {
            let plan = CallPlan {
                bridge_url: url.to_owned(),
                ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
            };
            assert_eq!(problems(&plan), vec!["bridgeUrl"], "{url:?}");
        }
        for url in ["", "   ", "https://zoom.us/j/98765?pwd=abc"] {
            let plan = CallPlan {
                bridge_url: url.to_owned(),
                ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
            };
            assert!(problems(&plan).is_empty(), "{url:?}");
        }
    }

    #[test]
    fn a_dial_string_takes_digits_pauses_and_a_pin_but_not_words() {
        for dial in [
            "+1 555 0100,,123456#",
            "+44 20 7946 0000;123*",
            "1-800-555-0100 p 42#",
            "",
        ] {
            let plan = CallPlan {
                dial_string: dial.to_owned(),
                ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
            };
            assert!(problems(&plan).is_empty(), "{dial:?}");
        }
        for dial in [
            "+1 555 CALL NOW",
            "1-800-FLOWERS",
            "tel:+15550100",
            "+1 555 0100 ext 7",
        ] {
            let plan = CallPlan {
                dial_string: dial.to_owned(),
                ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
            };
            assert_eq!(problems(&plan), vec!["dialString"], "{dial:?}");
        }
    }

    #[test]
    fn a_counted_series_has_one_to_a_thousand_calls() {
        for n in [0, MAX_OCCURRENCES + 1] {
            let plan = CallPlan {
                recurrence: series(Repeat::Daily, count(n)),
                ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
            };
            assert_eq!(problems(&plan), vec!["recurrence"], "{n}");
        }
        let longest = CallPlan {
            recurrence: series(Repeat::Daily, count(MAX_OCCURRENCES)),
            ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
        };
        let valid = longest.validate().unwrap();
        assert_eq!(valid.local_starts().count(), MAX_OCCURRENCES as usize);
    }

    #[test]
    fn a_series_ends_on_or_after_its_first_call() {
        let before = CallPlan {
            recurrence: series(Repeat::Daily, until(2026, 5, 31)),
            ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
        };
        assert_eq!(problems(&before), vec!["recurrence"]);
        let same_day = CallPlan {
            recurrence: series(Repeat::Daily, until(2026, 6, 1)),
            ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
        };
        let valid = same_day.validate().unwrap();
        assert_eq!(
            valid.starts().collect::<Vec<_>>(),
            vec![utc(2026, 6, 1, 9, 0)]
        );
    }

    #[test]
    fn a_series_longer_than_the_limit_by_date_is_refused() {
        let start = wall(2026, 1, 1, 9, 0);
        let last_allowed = start.date() + TimeDelta::days(i64::from(MAX_OCCURRENCES) - 1);
        let exactly = CallPlan {
            recurrence: series(Repeat::Daily, SeriesEnd::Until { date: last_allowed }),
            ..call_plan(start, "Europe/Berlin")
        };
        assert_eq!(
            exactly.validate().unwrap().local_starts().count(),
            MAX_OCCURRENCES as usize
        );
        let one_more = CallPlan {
            recurrence: series(
                Repeat::Daily,
                SeriesEnd::Until {
                    date: last_allowed + TimeDelta::days(1),
                },
            ),
            ..call_plan(start, "Europe/Berlin")
        };
        let error = one_more.validate().unwrap_err();
        assert_eq!(fields(&error), vec!["recurrence"]);
        assert!(error.fields[0].message.contains("1000"));
        let years = CallPlan {
            recurrence: series(Repeat::Weekdays, until(2040, 1, 1)),
            ..call_plan(start, "Europe/Berlin")
        };
        assert_eq!(problems(&years), vec!["recurrence"]);
    }

    #[test]
    fn a_weekday_series_inside_one_weekend_has_no_calls_and_is_refused() {
        // 2026-03-07 is a Saturday; until Sunday leaves no weekday.
        let plan = CallPlan {
            recurrence: series(Repeat::Weekdays, until(2026, 3, 8)),
            ..call_plan(wall(2026, 3, 7, 9, 0), "UTC")
        };
        assert_eq!(problems(&plan), vec!["recurrence"]);
        // Until Monday it has one call, on Monday.
        let plan = CallPlan {
            recurrence: series(Repeat::Weekdays, until(2026, 3, 9)),
            ..call_plan(wall(2026, 3, 7, 9, 0), "UTC")
        };
        let valid = plan.validate().unwrap();
        assert_eq!(
            valid.local_starts().collect::<Vec<_>>(),
            vec![wall(2026, 3, 9, 9, 0)]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let plan = CallPlan {
            title: String::new(),
            zone: "Mars/Olympus".to_owned(),
            duration_minutes: 0,
            bridge_url: "http://x".to_owned(),
            dial_string: "call me".to_owned(),
            recurrence: series(Repeat::Daily, count(0)),
            ..call_plan(wall(2026, 6, 1, 9, 0), "UTC")
        };
        assert_eq!(
            problems(&plan),
            vec![
                "title",
                "zone",
                "durationMinutes",
                "bridgeUrl",
                "dialString",
                "recurrence"
            ]
        );
    }

    // ----- occurrences -----

    #[test]
    fn a_single_call_has_one_occurrence() {
        let plan = call_plan(wall(2026, 6, 1, 9, 0), "Europe/Berlin");
        assert_eq!(
            plan.starts().collect::<Vec<_>>(),
            vec![utc(2026, 6, 1, 7, 0)]
        );
    }

    #[test]
    fn daily_weekday_and_weekly_series_fall_on_the_right_days() {
        // 2026-03-05 is a Thursday.
        let start = wall(2026, 3, 5, 9, 0);
        let daily = CallPlan {
            recurrence: series(Repeat::Daily, count(4)),
            ..call_plan(start, "UTC")
        };
        assert_eq!(
            daily.local_starts().collect::<Vec<_>>(),
            vec![
                wall(2026, 3, 5, 9, 0),
                wall(2026, 3, 6, 9, 0),
                wall(2026, 3, 7, 9, 0),
                wall(2026, 3, 8, 9, 0),
            ]
        );
        let weekdays = CallPlan {
            recurrence: series(Repeat::Weekdays, count(4)),
            ..call_plan(start, "UTC")
        };
        assert_eq!(
            weekdays.local_starts().collect::<Vec<_>>(),
            vec![
                wall(2026, 3, 5, 9, 0),
                wall(2026, 3, 6, 9, 0),
                wall(2026, 3, 9, 9, 0),
                wall(2026, 3, 10, 9, 0),
            ]
        );
        let weekly = CallPlan {
            recurrence: series(Repeat::Weekly, count(3)),
            ..call_plan(start, "UTC")
        };
        assert_eq!(
            weekly.local_starts().collect::<Vec<_>>(),
            vec![
                wall(2026, 3, 5, 9, 0),
                wall(2026, 3, 12, 9, 0),
                wall(2026, 3, 19, 9, 0),
            ]
        );
    }

    #[test]
    fn the_until_date_is_inclusive() {
        let start = wall(2026, 3, 5, 9, 0);
        let weekly = CallPlan {
            recurrence: series(Repeat::Weekly, until(2026, 3, 19)),
            ..call_plan(start, "UTC")
        };
        assert_eq!(weekly.local_starts().count(), 3);
        let weekly = CallPlan {
            recurrence: series(Repeat::Weekly, until(2026, 3, 18)),
            ..call_plan(start, "UTC")
        };
        assert_eq!(weekly.local_starts().count(), 2);
        // Thursday to the next Friday, weekdays only: Thu, Fri, Mon–Fri.
        let weekdays = CallPlan {
            recurrence: series(Repeat::Weekdays, until(2026, 3, 13)),
            ..call_plan(start, "UTC")
        };
        assert_eq!(
            weekdays.local_starts().last(),
            Some(wall(2026, 3, 13, 9, 0))
        );
        assert_eq!(weekdays.local_starts().count(), 7);
    }

    #[test]
    fn a_weekly_call_keeps_its_local_time_across_dst_changes() {
        let spring = CallPlan {
            recurrence: series(Repeat::Weekly, count(3)),
            ..call_plan(wall(2026, 3, 2, 9, 0), "America/New_York")
        };
        assert_eq!(
            spring.starts().collect::<Vec<_>>(),
            vec![
                utc(2026, 3, 2, 14, 0), // 09:00 EST
                utc(2026, 3, 9, 13, 0), // 09:00 EDT
                utc(2026, 3, 16, 13, 0),
            ]
        );
        let autumn = CallPlan {
            recurrence: series(Repeat::Weekly, count(3)),
            ..call_plan(wall(2026, 10, 26, 9, 0), "America/New_York")
        };
        assert_eq!(
            autumn.starts().collect::<Vec<_>>(),
            vec![
                utc(2026, 10, 26, 13, 0), // 09:00 EDT
                utc(2026, 11, 2, 14, 0),  // 09:00 EST
                utc(2026, 11, 9, 14, 0),
            ]
        );
    }

    #[test]
    fn a_call_in_the_skipped_hour_moves_to_after_the_gap() {
        let daily = CallPlan {
            recurrence: series(Repeat::Daily, count(3)),
            ..call_plan(wall(2026, 3, 7, 2, 30), "America/New_York")
        };
        assert_eq!(
            daily.starts().collect::<Vec<_>>(),
            vec![
                utc(2026, 3, 7, 7, 30), // 02:30 EST
                utc(2026, 3, 8, 7, 30), // 02:30 does not exist: 03:30 EDT
                utc(2026, 3, 9, 6, 30), // 02:30 EDT
            ]
        );
    }

    /// Daily 09:00 Berlin (07:00 UTC in June), an hour long, five calls from 2026-06-01.
    fn june_daily() -> CallPlan {
        CallPlan {
            duration_minutes: 60,
            recurrence: series(Repeat::Daily, count(5)),
            ..call_plan(wall(2026, 6, 1, 9, 0), "Europe/Berlin")
        }
    }

    #[test]
    fn starts_between_lists_the_calls_that_overlap_the_range() {
        let plan = june_daily();
        let between = |from, to| plan.starts_between(from, to).collect::<Vec<_>>();
        // From the middle of the 2nd call to the start of the 4th (exclusive).
        assert_eq!(
            between(utc(2026, 6, 2, 7, 30), utc(2026, 6, 4, 7, 0)),
            vec![utc(2026, 6, 2, 7, 0), utc(2026, 6, 3, 7, 0)]
        );
        // A call that has just ended does not overlap.
        assert_eq!(
            between(utc(2026, 6, 2, 8, 0), utc(2026, 6, 3, 7, 1)),
            vec![utc(2026, 6, 3, 7, 0)]
        );
        assert!(between(utc(2026, 6, 10, 0, 0), utc(2026, 6, 11, 0, 0)).is_empty());
        assert!(between(utc(2026, 5, 1, 0, 0), utc(2026, 6, 1, 7, 0)).is_empty());
        assert_eq!(
            between(utc(2026, 5, 1, 0, 0), utc(2026, 7, 1, 0, 0)).len(),
            5
        );
    }

    #[test]
    fn the_next_start_is_the_first_call_not_yet_over() {
        let plan = june_daily();
        assert_eq!(
            plan.next_start(utc(2026, 5, 1, 0, 0)),
            Some(utc(2026, 6, 1, 7, 0))
        );
        // During the 3rd call it is still the 3rd.
        assert_eq!(
            plan.next_start(utc(2026, 6, 3, 7, 59)),
            Some(utc(2026, 6, 3, 7, 0))
        );
        assert_eq!(
            plan.next_start(utc(2026, 6, 3, 8, 0)),
            Some(utc(2026, 6, 4, 7, 0))
        );
        assert_eq!(plan.next_start(utc(2026, 6, 5, 8, 0)), None);
    }

    #[test]
    fn only_an_occurrence_start_is_an_occurrence() {
        let plan = june_daily();
        assert!(plan.has_occurrence(utc(2026, 6, 1, 7, 0)));
        assert!(plan.has_occurrence(utc(2026, 6, 5, 7, 0)));
        assert!(!plan.has_occurrence(utc(2026, 6, 1, 7, 1)));
        assert!(!plan.has_occurrence(utc(2026, 6, 1, 9, 0))); // 09:00 UTC, not Berlin
        assert!(!plan.has_occurrence(utc(2026, 6, 6, 7, 0))); // after the 5th
        assert!(!plan.has_occurrence(utc(2026, 5, 31, 7, 0)));
        let weekdays = CallPlan {
            recurrence: series(Repeat::Weekdays, count(10)),
            ..june_daily()
        };
        // 2026-06-06 is a Saturday.
        assert!(!weekdays.has_occurrence(utc(2026, 6, 6, 7, 0)));
        assert!(weekdays.has_occurrence(utc(2026, 6, 8, 7, 0)));
    }

    // ----- zone table -----

    #[test]
    fn the_zone_table_shows_the_call_where_each_attendee_is() {
        // Wednesday 2026-06-10, 08:00 in Los Angeles (PDT) = 15:00 UTC, 45 minutes.
        let plan = CallPlan {
            duration_minutes: 45,
            attendees: vec![
                attendee("Jonas", ContactRole::EscalationEngineer, "Europe/Berlin"),
                attendee("Priya", ContactRole::AssignedTechnician, "Asia/Kolkata"),
                attendee("Mia", ContactRole::OurSide, "Australia/Sydney"),
            ],
            ..call_plan(wall(2026, 6, 10, 8, 0), "America/Los_Angeles")
        };
        let start = plan.starts().next().unwrap();
        assert_eq!(start, utc(2026, 6, 10, 15, 0));
        let table = plan.zone_table(start);
        let view: Vec<_> = table
            .iter()
            .map(|r| {
                (
                    r.who.as_str(),
                    r.zone.as_str(),
                    r.start,
                    r.end,
                    r.day_offset,
                    r.utc_offset_minutes,
                    r.outside_working_hours,
                )
            })
            .collect();
        assert_eq!(
            view,
            vec![
                (
                    "Organiser",
                    "America/Los_Angeles",
                    wall(2026, 6, 10, 8, 0),
                    wall(2026, 6, 10, 8, 45),
                    0,
                    -420,
                    false
                ),
                (
                    "Jonas",
                    "Europe/Berlin",
                    wall(2026, 6, 10, 17, 0),
                    wall(2026, 6, 10, 17, 45),
                    0,
                    120,
                    false
                ),
                (
                    "Priya",
                    "Asia/Kolkata",
                    wall(2026, 6, 10, 20, 30),
                    wall(2026, 6, 10, 21, 15),
                    0,
                    330,
                    true
                ),
                (
                    "Mia",
                    "Australia/Sydney",
                    wall(2026, 6, 11, 1, 0),
                    wall(2026, 6, 11, 1, 45),
                    1,
                    600,
                    true
                ),
            ]
        );
        assert_eq!(table[0].role, None);
        assert_eq!(table[3].role, Some(ContactRole::OurSide));
    }

    #[test]
    fn the_zone_table_marks_weekends_and_the_day_before() {
        // Monday 2026-06-08 08:00 in Sydney is Sunday afternoon in Los Angeles.
        let plan = CallPlan {
            attendees: vec![attendee(
                "Sam",
                ContactRole::DutyManager,
                "America/Los_Angeles",
            )],
            ..call_plan(wall(2026, 6, 8, 8, 0), "Australia/Sydney")
        };
        let table = plan.zone_table(plan.starts().next().unwrap());
        assert!(!table[0].outside_working_hours);
        assert_eq!(table[1].start, wall(2026, 6, 7, 15, 0));
        assert_eq!(table[1].day_offset, -1);
        assert!(table[1].outside_working_hours);
    }

    #[test]
    fn a_call_is_outside_working_hours_when_it_runs_past_six() {
        let at = |h, duration| {
            let plan = CallPlan {
                duration_minutes: duration,
                ..call_plan(wall(2026, 6, 10, h, 0), "Europe/Berlin")
            };
            plan.zone_table(plan.starts().next().unwrap())[0].outside_working_hours
        };
        assert!(!at(8, 10 * 60)); // 08:00–18:00 exactly
        assert!(at(8, 10 * 60 + 1));
        assert!(at(7, 30));
        assert!(at(17, 7 * 60)); // 17:00 until midnight
        assert!(at(17, 8 * 60)); // past midnight
        assert!(at(9, 24 * 60)); // a whole day
    }

    // ----- scheduling -----

    #[test]
    fn scheduling_changing_and_cancelling_raise_the_calendar_sequence() {
        let id = CallId(Uuid::from_u128(1));
        let escalation = EscalationId(Uuid::from_u128(2));
        let plan = CallPlan {
            recurrence: series(Repeat::Weekly, count(10)),
            ..call_plan(wall(2026, 3, 2, 9, 0), "America/New_York")
        };
        let (mut call, event) =
            ConferenceCall::schedule(id, escalation, &plan, &stamp(utc(2026, 2, 27, 12, 0)))
                .unwrap();
        assert_eq!(call.sequence, 0);
        assert!(!call.cancelled);
        assert_eq!(call.created_at, utc(2026, 2, 27, 12, 0));
        assert_eq!(event.kind, EventKind::CallScheduled);
        assert_eq!(event.at, utc(2026, 2, 27, 12, 0));
        assert_eq!(
            event.summary,
            "Call scheduled: Daily status call, 2026-03-02 09:00 America/New_York, weekly, 10 calls"
        );
        assert_eq!(event.details["sequence"], json!(0));

        let moved = CallPlan {
            start: wall(2026, 3, 3, 10, 0),
            ..plan.clone()
        };
        let event = call
            .reschedule(&moved, &stamp(utc(2026, 2, 28, 8, 0)))
            .unwrap();
        assert_eq!(call.sequence, 1);
        assert_eq!(call.plan.start, wall(2026, 3, 3, 10, 0));
        assert_eq!(call.updated_at, utc(2026, 2, 28, 8, 0));
        assert_eq!(call.created_at, utc(2026, 2, 27, 12, 0));
        assert_eq!(event.kind, EventKind::CallScheduled);
        assert!(event.summary.starts_with("Call changed: "));
        assert_eq!(event.details["sequence"], json!(1));

        let event = call.cancel(&stamp(utc(2026, 3, 1, 8, 0)));
        assert_eq!(call.sequence, 2);
        assert!(call.cancelled);
        assert_eq!(event.kind, EventKind::CallScheduled);
        assert_eq!(event.summary, "Call cancelled: Daily status call");
        assert_eq!(event.details["cancelled"], json!(true));
        assert_eq!(event.details["sequence"], json!(2));

        // Rescheduling a cancelled call brings it back.
        call.reschedule(&plan, &stamp(utc(2026, 3, 1, 9, 0)))
            .unwrap();
        assert_eq!(call.sequence, 3);
        assert!(!call.cancelled);
    }

    #[test]
    fn an_invalid_plan_schedules_nothing_and_changes_nothing() {
        let id = CallId(Uuid::from_u128(1));
        let escalation = EscalationId(Uuid::from_u128(2));
        let bad = CallPlan {
            bridge_url: "javascript:alert(1)".to_owned(),
            ..call_plan(wall(2026, 3, 2, 9, 0), "America/New_York")
        };
        let now = stamp(utc(2026, 2, 27, 12, 0));
        let error = ConferenceCall::schedule(id, escalation, &bad, &now).unwrap_err();
        assert_eq!(fields(&error), vec!["bridgeUrl"]);
        let good = call_plan(wall(2026, 3, 2, 9, 0), "America/New_York");
        let (mut call, _) = ConferenceCall::schedule(id, escalation, &good, &now).unwrap();
        let before = call.clone();
        assert!(
            call.reschedule(&bad, &stamp(utc(2026, 2, 28, 12, 0)))
                .is_err()
        );
        assert_eq!(call, before);
    }

    // ----- minutes -----

    fn held_call() -> ConferenceCall {
        let plan = CallPlan {
            recurrence: series(Repeat::Daily, count(3)),
            ..call_plan(wall(2026, 3, 7, 9, 0), "America/New_York")
        };
        ConferenceCall::schedule(
            CallId(Uuid::from_u128(1)),
            EscalationId(Uuid::from_u128(2)),
            &plan,
            &stamp(utc(2026, 3, 1, 12, 0)),
        )
        .unwrap()
        .0
    }

    #[test]
    fn minutes_are_recorded_for_an_occurrence_that_has_started() {
        let call = held_call();
        // The 2nd call, 09:00 EDT on 2026-03-08.
        let occurrence = utc(2026, 3, 8, 13, 0);
        let now = stamp(utc(2026, 3, 8, 14, 0));
        let (minutes, event) =
            CallMinutes::record(&call, occurrence, "  Vendor to ship a hotfix  ", &now).unwrap();
        assert_eq!(minutes.call, call.id);
        assert_eq!(minutes.occurrence, occurrence);
        assert_eq!(minutes.text, "Vendor to ship a hotfix");
        assert_eq!(minutes.recorded_at, utc(2026, 3, 8, 14, 0));
        assert_eq!(minutes.actor, "Dana");
        assert_eq!(event.kind, EventKind::CallHeld);
        assert_eq!(event.at, occurrence);
        assert_eq!(event.actor, "Dana");
        assert_eq!(event.summary, "Call held: Daily status call");
        assert_eq!(event.details["minutes"], json!("Vendor to ship a hotfix"));
        // While the call is still running, at its very start, minutes can be taken.
        assert!(CallMinutes::record(&call, occurrence, "Started", &stamp(occurrence)).is_ok());
    }

    #[test]
    fn minutes_need_text_a_real_occurrence_and_a_call_that_has_started() {
        let call = held_call();
        let now = stamp(utc(2026, 3, 20, 12, 0));
        let error = CallMinutes::record(&call, utc(2026, 3, 8, 13, 0), " \n ", &now).unwrap_err();
        assert_eq!(fields(&error), vec!["text"]);
        // 14:00 UTC on 2026-03-08 would be 09:00 EST; after the change the call is at 13:00.
        let error = CallMinutes::record(&call, utc(2026, 3, 8, 14, 0), "x", &now).unwrap_err();
        assert_eq!(fields(&error), vec!["occurrence"]);
        // A 4th day is past the series' end.
        let error = CallMinutes::record(&call, utc(2026, 3, 10, 13, 0), "x", &now).unwrap_err();
        assert_eq!(fields(&error), vec!["occurrence"]);
        // The 3rd call has not started at 12:59.
        let early = stamp(utc(2026, 3, 9, 12, 59));
        let error = CallMinutes::record(&call, utc(2026, 3, 9, 13, 0), "x", &early).unwrap_err();
        assert_eq!(fields(&error), vec!["occurrence"]);
        assert!(error.fields[0].message.contains("started"));
    }
}
