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
use crate::validation::{FieldErrors, ValidationError};

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
        if let Some(SeriesEnd::Until { .. }) = plan.recurrence.map(|r| r.ends)
            && plan.local_starts().count() > MAX_OCCURRENCES as usize
        {
            return Err(ValidationError {
                fields: vec![crate::FieldError {
                    field: "recurrence".to_owned(),
                    message: format!(
                        "That series would have more than {MAX_OCCURRENCES} calls; end it sooner."
                    ),
                }],
            });
        }
        Ok(plan)
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
    weekend(start)
        || start.time() < opens
        || end.date() != start.date() && end.time() > NaiveTime::MIN
        || end.time() > closes
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
                call.describe_when()
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
                self.describe_when()
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

    /// "09:00 Europe/Berlin, every weekday, 10 calls".
    pub fn describe_when(&self) -> String {
        let start = format!(
            "{} {}",
            self.plan.start.format("%Y-%m-%d %H:%M"),
            self.plan.zone
        );
        match self.plan.recurrence {
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
