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
use crate::validation::{FieldErrors, ValidationError};

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
        let mut modes = self.modes.clone();
        modes.dedup();
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
        errors.into_result()?;
        Ok(CommunicationPlan {
            modes,
            every: self.every,
            unit: self.unit,
            zone: zone.to_owned(),
            business_hours,
            attendees,
            note: note.to_owned(),
        })
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
            Some(hours) => self.after_working_time(hours, since, self.interval() * 3 / 4),
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
