//! Calls to export, and the exported calendar as a parser sees it: an owned tree of
//! components, the RRULE expanded by `rrule`, and the VTIMEZONE evaluated on its own (without
//! chrono-tz), the way a client that does not know the zone's name would.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use escalator_core::conference_call::{
    Attendee, CallId, CallPlan, ConferenceCall, Recurrence, Repeat, SeriesEnd,
};
use escalator_core::escalation_record::{EscalationId, Stamp};
use icalendar::parser::{read_calendar, unfold};
use icalendar::rrule::RRuleSet;
use uuid::Uuid;

pub const CALL_ID: u128 = 0x6f1c_2a3b_4d5e_4f60_8a7b_9c0d_1e2f_3a4b;

pub fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

pub fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&local(y, m, d, h, min))
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// When the export is made; never the clock.
pub fn stamp() -> DateTime<Utc> {
    utc(2026, 1, 15, 12, 0)
}

pub fn series(repeat: Repeat, ends: SeriesEnd) -> Option<Recurrence> {
    Some(Recurrence { repeat, ends })
}

pub fn plan(
    title: &str,
    start: NaiveDateTime,
    zone: &str,
    recurrence: Option<Recurrence>,
) -> CallPlan {
    CallPlan {
        title: title.to_owned(),
        start,
        zone: zone.to_owned(),
        duration_minutes: 45,
        bridge_url: "https://meet.example.com/j/123456".to_owned(),
        dial_string: "+1 555 0100,,123456#".to_owned(),
        recurrence,
        attendees: Vec::new(),
        agenda: "Status, next steps".to_owned(),
    }
}

pub fn attendee(name: &str, email: &str, zone: &str) -> Attendee {
    Attendee {
        name: name.to_owned(),
        role: escalator_core::escalation_record::ContactRole::EscalationEngineer,
        email: email.to_owned(),
        zone: zone.to_owned(),
    }
}

pub fn user_stamp(at: DateTime<Utc>) -> Stamp {
    Stamp {
        at,
        zone: "Europe/Berlin".to_owned(),
        actor: "Ada".to_owned(),
    }
}

/// A call scheduled through the core, so the plan is validated like the app's.
pub fn call(plan: &CallPlan) -> ConferenceCall {
    let (call, _) = ConferenceCall::schedule(
        CallId(Uuid::from_u128(CALL_ID)),
        EscalationId(Uuid::from_u128(7)),
        plan,
        &user_stamp(utc(2026, 1, 10, 8, 30)),
    )
    .unwrap();
    call
}

#[derive(Debug, Clone)]
pub struct Prop {
    pub name: String,
    pub params: Vec<(String, String)>,
    /// As the parser returns it: TEXT values unescaped.
    pub value: String,
}

impl Prop {
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    pub name: String,
    pub props: Vec<Prop>,
    pub children: Vec<Node>,
}

impl Node {
    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.props
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    pub fn all(&self, name: &str) -> Vec<&Prop> {
        self.props
            .iter()
            .filter(|p| p.name.eq_ignore_ascii_case(name))
            .collect()
    }

    /// The value of a property that must be there.
    pub fn value(&self, name: &str) -> &str {
        match self.prop(name) {
            Some(prop) => &prop.value,
            None => panic!("{} has no {name}: {self:#?}", self.name),
        }
    }

    pub fn children(&self, name: &str) -> Vec<&Node> {
        self.children.iter().filter(|c| c.name == name).collect()
    }

    /// The one VEVENT of the calendar.
    pub fn event(&self) -> &Node {
        let events = self.children("VEVENT");
        assert_eq!(events.len(), 1, "exactly one VEVENT expected");
        events[0]
    }

    pub fn timezone(&self) -> ZoneDefinition {
        let zones = self.children("VTIMEZONE");
        assert_eq!(zones.len(), 1, "exactly one VTIMEZONE expected");
        ZoneDefinition::read(zones[0])
    }
}

fn owned_props(properties: &[icalendar::parser::Property<'_>]) -> Vec<Prop> {
    properties
        .iter()
        .map(|p| Prop {
            name: p.name.as_str().to_owned(),
            params: p
                .params
                .iter()
                .map(|param| {
                    let value = param.val.as_ref().map(|v| v.as_str().to_owned());
                    (param.key.as_str().to_owned(), value.unwrap_or_default())
                })
                .collect(),
            value: p.val.as_str().to_owned(),
        })
        .collect()
}

fn owned(component: &icalendar::parser::Component<'_>) -> Node {
    Node {
        name: component.name.as_str().to_owned(),
        props: owned_props(&component.properties),
        children: component.components.iter().map(owned).collect(),
    }
}

/// The file as the `icalendar` parser reads it, after checking it is one VCALENDAR.
pub fn parse(ics: &str) -> Node {
    let unfolded = unfold(ics);
    assert!(unfolded.starts_with("BEGIN:VCALENDAR\r\n"));
    let calendar = read_calendar(&unfolded).unwrap_or_else(|e| panic!("{e}\n{ics}"));
    Node {
        name: "VCALENDAR".to_owned(),
        props: owned_props(&calendar.properties),
        children: calendar.components.iter().map(owned).collect(),
    }
}

/// Every instance the event's DTSTART and RRULE produce, expanded by the `rrule` crate.
pub fn expand(event: &Node) -> Vec<DateTime<Utc>> {
    let start = event.prop("DTSTART").unwrap();
    let start_line = match start.param("TZID") {
        Some(tzid) => format!("DTSTART;TZID={tzid}:{}", start.value),
        None => format!("DTSTART:{}", start.value),
    };
    let text = format!("{start_line}\nRRULE:{}", event.value("RRULE"));
    let set: RRuleSet = text.parse().unwrap_or_else(|e| panic!("{e}: {text}"));
    let result = set.all(5000);
    assert!(!result.limited, "the series should end by itself");
    result
        .dates
        .into_iter()
        .map(|at| at.with_timezone(&Utc))
        .collect()
}

/// A `YYYYMMDDTHHMMSS` local time as written in the file.
pub fn parse_local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").unwrap_or_else(|e| panic!("{e}: {text}"))
}

pub fn parse_utc(text: &str) -> DateTime<Utc> {
    let local = text
        .strip_suffix('Z')
        .unwrap_or_else(|| panic!("not UTC: {text}"));
    Utc.from_utc_datetime(&parse_local(local))
}

/// `+HHMM` or `+HHMMSS` in seconds.
pub fn parse_offset(text: &str) -> i32 {
    let (sign, digits) = match text.split_at(1) {
        ("+", digits) => (1, digits),
        ("-", digits) => (-1, digits),
        _ => panic!("bad offset {text}"),
    };
    let number =
        |range: std::ops::Range<usize>| digits.get(range).map_or(0, |d| d.parse::<i32>().unwrap());
    assert!(digits.len() == 4 || digits.len() == 6, "bad offset {text}");
    sign * (number(0..2) * 3600 + number(2..4) * 60 + number(4..6))
}

#[derive(Debug, Clone)]
pub struct Observance {
    pub daylight: bool,
    /// DTSTART: the onset in the offset before it.
    pub onset_local: NaiveDateTime,
    pub from: i32,
    pub to: i32,
    pub name: Option<String>,
}

impl Observance {
    pub fn onset_utc(&self) -> DateTime<Utc> {
        Utc.from_utc_datetime(&(self.onset_local - TimeDelta::seconds(i64::from(self.from))))
    }
}

/// A VTIMEZONE read from the file and nothing else.
#[derive(Debug, Clone)]
pub struct ZoneDefinition {
    pub tzid: String,
    pub observances: Vec<Observance>,
}

impl ZoneDefinition {
    pub fn read(node: &Node) -> ZoneDefinition {
        let mut observances: Vec<Observance> = node
            .children
            .iter()
            .map(|child| {
                assert!(
                    child.name == "STANDARD" || child.name == "DAYLIGHT",
                    "unexpected {} in VTIMEZONE",
                    child.name
                );
                assert!(child.prop("RRULE").is_none() && child.prop("RDATE").is_none());
                Observance {
                    daylight: child.name == "DAYLIGHT",
                    onset_local: parse_local(child.value("DTSTART")),
                    from: parse_offset(child.value("TZOFFSETFROM")),
                    to: parse_offset(child.value("TZOFFSETTO")),
                    name: child.prop("TZNAME").map(|p| p.value.clone()),
                }
            })
            .collect();
        observances.sort_by_key(Observance::onset_utc);
        ZoneDefinition {
            tzid: node.value("TZID").to_owned(),
            observances,
        }
    }

    /// The offset at an instant; panics before the definition's first onset.
    pub fn offset_at(&self, at: DateTime<Utc>) -> i32 {
        self.observances
            .iter()
            .rev()
            .find(|o| o.onset_utc() <= at)
            .unwrap_or_else(|| panic!("{at} is before {}'s definition", self.tzid))
            .to
    }

    /// A wall-clock time as RFC 5545 §3.3.5 reads it with this definition: a repeated time is
    /// the first, a skipped one takes the offset before the gap.
    pub fn to_utc(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let candidates = self.observances.iter().enumerate().filter_map(|(i, o)| {
            let at = Utc.from_utc_datetime(&(local - TimeDelta::seconds(i64::from(o.to))));
            let ends = self.observances.get(i + 1).map(Observance::onset_utc);
            (at >= o.onset_utc() && ends.is_none_or(|end| at < end)).then_some(at)
        });
        if let Some(first) = candidates.min() {
            return first;
        }
        let before_gap = self
            .observances
            .iter()
            .rev()
            .find(|o| o.onset_local <= local)
            .unwrap_or_else(|| panic!("{local} is before {}'s definition", self.tzid));
        Utc.from_utc_datetime(&(local - TimeDelta::seconds(i64::from(before_gap.from))))
    }
}

/// Asserts the file's physical form: CRLF after every line and nothing else, no line over 75
/// octets, each line valid UTF-8 on its own (no character split by a fold).
pub fn assert_well_formed_lines(ics: &str) {
    let bytes = ics.as_bytes();
    assert!(ics.ends_with("\r\n"), "the file ends with CRLF");
    // Keep the last line's CR: splitting on LF then leaves every line ending in CR.
    let body = &bytes[..bytes.len() - 1];
    for line in body.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or_else(|| {
            panic!(
                "a line ends with a bare LF: {:?}",
                String::from_utf8_lossy(line)
            )
        });
        assert!(!line.contains(&b'\r'), "a bare CR inside a line");
        assert!(
            line.len() <= 75,
            "a line of {} octets: {:?}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        std::str::from_utf8(line).unwrap_or_else(|e| panic!("a fold split a character: {e}"));
    }
}

/// Content lines after unfolding, for checks on the raw text.
pub fn logical_lines(ics: &str) -> Vec<String> {
    unfold(ics).split("\r\n").map(str::to_owned).collect()
}
