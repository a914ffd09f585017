//! Calendar files (RFC 5545 `.ics`) for conference calls, made to be imported by Outlook,
//! Google Calendar and Apple Calendar.
//!
//! A call is planned as a wall-clock time in an IANA zone, and it is written the same way:
//! `DTSTART;TZID=<zone>` plus a `VTIMEZONE` describing that zone over the span of the call, so
//! a client that does not know the zone by name (or knows an older version of it) still puts
//! every occurrence where [`CallPlan::starts`] does. A series is one `VEVENT` with an `RRULE`.
//! The `UID` comes from the call's id and `SEQUENCE` is the call's own, so importing a later
//! export replaces the event instead of adding a copy.
//!
//! The writer is hand-made rather than the `icalendar` crate's builder (the tests still parse
//! the output with that crate): the builder gives every sub-component, `VTIMEZONE` and its
//! observances included, a `DTSTAMP` read from the clock and a random `UID`, which RFC 5545
//! does not allow there and which would make the output depend on the clock; and it passes
//! carriage returns in text through unescaped.
//!
//! It deliberately does not write files, read the clock, send invitations (no iTIP
//! `REQUEST`/`REPLY`, no `ORGANIZER`: Escalator knows no organiser address) or check that an
//! occurrence passed in belongs to the call: the app picks occurrences from
//! [`CallPlan::starts`].

use chrono::{DateTime, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use escalator_core::conference_call::{CallPlan, ConferenceCall, Repeat, SeriesEnd};
use escalator_core::local_time;

const PRODID: &str = "-//Escalator//Escalator//EN";
/// RFC 5545 §3.1: content lines should not be longer than 75 octets, line break excluded.
const LINE_LIMIT: usize = 75;
/// Longest file name [`file_name`] returns, extension included.
const MAX_FILE_NAME: usize = 80;
const EXTENSION: &str = ".ics";

/// The whole call as one event: a series carries an `RRULE`, a single call does not.
///
/// A series that has no occurrence at all (a weekdays series planned over a weekend) yields a
/// calendar without an event rather than one at a time the call never happens.
pub fn call_calendar(call: &ConferenceCall, stamp: DateTime<Utc>) -> String {
    let plan = &call.plan;
    let occurrences: Vec<(NaiveDateTime, DateTime<Utc>)> =
        plan.local_starts().zip(plan.starts()).collect();
    let mut ics = Ics::begin(call);
    if let (Some(&(first_local, first)), Some(&(_, last))) =
        (occurrences.first(), occurrences.last())
    {
        let zone = Zone::new(plan.tz());
        zone.write_definition(&mut ics, first, last + plan.duration());
        let rule = plan
            .recurrence
            .map(|recurrence| rule(recurrence.repeat, recurrence.ends, occurrences.len(), last));
        Event {
            call,
            uid: format!("{}@escalator", call.id),
            zone,
            // The planned wall-clock time, even when it falls in a gap: clients resolve it
            // as the core does, and every later occurrence keeps that time of day.
            local_start: first_local,
            start: first,
            rule,
            stamp,
        }
        .write(&mut ics);
    }
    ics.end()
}

/// One occurrence of a call as a standalone event, with its own `UID`, so it can be put in a
/// calendar without the rest of the series.
pub fn occurrence_calendar(
    call: &ConferenceCall,
    occurrence: DateTime<Utc>,
    stamp: DateTime<Utc>,
) -> String {
    let tz = call.plan.tz();
    let zone = Zone::new(tz);
    let mut ics = Ics::begin(call);
    zone.write_definition(&mut ics, occurrence, occurrence + call.plan.duration());
    Event {
        call,
        uid: format!("{}-{}@escalator", call.id, utc_text(occurrence)),
        zone,
        local_start: local_time::to_local(occurrence, tz),
        start: occurrence,
        rule: None,
        stamp,
    }
    .write(&mut ics);
    ics.end()
}

/// A file name for the call's calendar, such as `daily-status-call.ics`: lower-case ASCII
/// letters, digits and hyphens before the extension, at most 80 characters, never empty, so
/// it is safe on every file system and in a download prompt.
pub fn file_name(call: &ConferenceCall) -> String {
    let mut stem = String::new();
    let mut pending_hyphen = false;
    for c in call.plan.title.chars().flat_map(char::to_lowercase) {
        let folded = if c.is_ascii_alphanumeric() {
            Some(FoldedChar::Ascii(c))
        } else {
            latin_fold(c).map(FoldedChar::Text)
        };
        match folded {
            Some(part) => {
                if pending_hyphen && !stem.is_empty() {
                    stem.push('-');
                }
                pending_hyphen = false;
                match part {
                    FoldedChar::Ascii(c) => stem.push(c),
                    FoldedChar::Text(text) => stem.push_str(text),
                }
            }
            None => pending_hyphen = true,
        }
    }
    // Only ASCII was pushed, so any byte length is a character boundary.
    stem.truncate(MAX_FILE_NAME - EXTENSION.len());
    let trimmed_len = stem.trim_end_matches('-').len();
    stem.truncate(trimmed_len);
    if stem.is_empty() {
        // A title with nothing foldable (e.g. in Cyrillic or Japanese) still gets a name, and
        // part of the id keeps two such calls from overwriting each other in Downloads.
        let id = call.id.0.simple().to_string();
        stem = format!("call-{}", id.get(..8).unwrap_or(&id));
    }
    // Windows refuses these device names whatever the extension.
    if WINDOWS_DEVICES.contains(&stem.as_str()) {
        stem.push_str("-call");
    }
    stem.push_str(EXTENSION);
    stem
}

const WINDOWS_DEVICES: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

enum FoldedChar {
    Ascii(char),
    Text(&'static str),
}

/// Common accented Latin letters as plain ASCII, so "Zürich Übergabe" names a file
/// `zuerich-uebergabe.ics` rather than `z-rich-bergabe.ics`.
fn latin_fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ä' | 'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ĺ' | 'ľ' | 'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ō' | 'ő' | 'ø' => "o",
        'ö' | 'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ü' => "ue",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// The calendar being written, one folded content line at a time.
struct Ics {
    out: String,
}

impl Ics {
    fn begin(call: &ConferenceCall) -> Ics {
        let mut ics = Ics { out: String::new() };
        ics.line("BEGIN", &[], "VCALENDAR");
        ics.line("VERSION", &[], "2.0");
        ics.line("PRODID", &[], PRODID);
        ics.line("CALSCALE", &[], "GREGORIAN");
        // CANCEL makes a client that imported the call before remove it (matched by UID).
        let method = if call.cancelled { "CANCEL" } else { "PUBLISH" };
        ics.line("METHOD", &[], method);
        ics
    }

    fn end(mut self) -> String {
        self.line("END", &[], "VCALENDAR");
        self.out
    }

    /// A content line whose value is already in its final form (not TEXT, or escaped).
    fn line(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        let mut logical = String::from(name);
        for (key, param) in params {
            logical.push(';');
            logical.push_str(key);
            logical.push('=');
            logical.push_str(&param_value(param));
        }
        logical.push(':');
        logical.push_str(value);
        fold_into(&mut self.out, &logical);
    }

    /// A content line whose value is TEXT (RFC 5545 §3.3.11).
    fn text(&mut self, name: &str, text: &str) {
        self.line(name, &[], &escape_text(text));
    }
}

/// Writes `line` with CRLF endings, folded so no physical line exceeds 75 octets. A fold never
/// splits a UTF-8 character, and never an escape pair either: unfolding would restore it, but
/// some importers unescape before they unfold.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    let mut rest = line;
    while let Some((unit, tail)) = rest.split_at_checked(unit_len(rest)) {
        if unit.is_empty() {
            break;
        }
        if width + unit.len() > LINE_LIMIT {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push_str(unit);
        width += unit.len();
        rest = tail;
    }
    out.push_str("\r\n");
}

/// Octets of the next unit that must stay on one line: a character, or a backslash with the
/// character it escapes.
fn unit_len(rest: &str) -> usize {
    let mut chars = rest.chars();
    match chars.next() {
        Some('\\') => 1 + chars.next().map_or(0, char::len_utf8),
        Some(c) => c.len_utf8(),
        None => 0,
    }
}

/// RFC 5545 TEXT: backslash, semicolon and comma escaped, every line break (CRLF, CR or LF)
/// written as `\n`. Other control characters are not allowed in TEXT and are dropped: a raw
/// CR would end the line in some parsers and let the rest be read as a property.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: it can hold neither DQUOTE nor control characters (RFC 5545 §3.1), so
/// those are dropped; one with `:`, `;` or `,` is quoted so it stays one value.
fn param_value(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

fn utc_text(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local_text(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

fn rule(repeat: Repeat, ends: SeriesEnd, count: usize, last: DateTime<Utc>) -> String {
    let frequency = match repeat {
        Repeat::Daily => "FREQ=DAILY",
        Repeat::Weekdays => "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        Repeat::Weekly => "FREQ=WEEKLY",
    };
    let end = match ends {
        // The number the core produced, which is the plan's count for every valid plan.
        SeriesEnd::Count { .. } => format!("COUNT={count}"),
        // RFC 5545 §3.3.10: with a TZID start, UNTIL is a UTC instant; the last start itself
        // is the tightest bound that cannot cut off the last call.
        SeriesEnd::Until { .. } => format!("UNTIL={}", utc_text(last)),
    };
    format!("{frequency};{end}")
}

/// How times of the call are written: UTC needs no zone definition.
#[derive(Debug, Clone, Copy)]
enum Zone {
    Utc,
    Named(Tz),
}

impl Zone {
    fn new(tz: Tz) -> Zone {
        if matches!(tz, Tz::UTC | Tz::Etc__UTC) {
            Zone::Utc
        } else {
            Zone::Named(tz)
        }
    }

    /// `name` at `at`, written as the wall-clock `local` in the call's zone.
    fn write_time(self, ics: &mut Ics, name: &str, at: DateTime<Utc>, local: NaiveDateTime) {
        match self {
            Zone::Utc => ics.line(name, &[], &utc_text(at)),
            Zone::Named(tz) => ics.line(name, &[("TZID", tz.name())], &local_text(local)),
        }
    }

    /// The `VTIMEZONE` for the span from a year before `first` through `last`: a year back so
    /// a client shows the offsets people are used to around the first call, not only those
    /// at it.
    fn write_definition(self, ics: &mut Ics, first: DateTime<Utc>, last: DateTime<Utc>) {
        let Zone::Named(tz) = self else {
            return;
        };
        ics.line("BEGIN", &[], "VTIMEZONE");
        ics.text("TZID", tz.name());
        // Google Calendar and libical-based clients use this to map to their own zone.
        ics.text("X-LIC-LOCATION", tz.name());
        for observance in observances(tz, first - TimeDelta::days(365), last) {
            observance.write(ics);
        }
        ics.line("END", &[], "VTIMEZONE");
    }
}

/// The offset in force at an instant, as chrono-tz knows it.
#[derive(Debug, Clone)]
struct OffsetInfo {
    total_seconds: i32,
    daylight: bool,
    name: Option<String>,
}

fn offset_at(tz: Tz, at: DateTime<Utc>) -> OffsetInfo {
    let offset = tz.offset_from_utc_datetime(&at.naive_utc());
    OffsetInfo {
        total_seconds: offset.fix().local_minus_utc(),
        daylight: offset.dst_offset() != TimeDelta::zero(),
        name: offset.abbreviation().map(str::to_owned),
    }
}

/// One `STANDARD` or `DAYLIGHT` sub-component: from `onset` on, the zone is at `offset_to`.
#[derive(Debug, Clone)]
struct Observance {
    onset: DateTime<Utc>,
    offset_from: i32,
    offset_to: OffsetInfo,
}

impl Observance {
    fn write(&self, ics: &mut Ics) {
        let kind = if self.offset_to.daylight {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        ics.line("BEGIN", &[], kind);
        // RFC 5545 §3.6.5: the onset as local time in the offset in force before it.
        let onset_local = self.onset.naive_utc() + TimeDelta::seconds(i64::from(self.offset_from));
        ics.line("DTSTART", &[], &local_text(onset_local));
        ics.line("TZOFFSETFROM", &[], &offset_text(self.offset_from));
        ics.line(
            "TZOFFSETTO",
            &[],
            &offset_text(self.offset_to.total_seconds),
        );
        if let Some(name) = &self.offset_to.name {
            ics.text("TZNAME", name);
        }
        ics.line("END", &[], kind);
    }
}

/// The offset at `from`, then every change of offset up to `to`. chrono-tz has no rule table
/// to copy, so changes are found by sampling once a day and bisecting to the second. Two
/// changes within one day that cancel out would be missed; no zone has such a pair, and it
/// would not move any time outside that day.
fn observances(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Observance> {
    // Whole seconds, so the bisection lands exactly on a change.
    let from = DateTime::from_timestamp(from.timestamp(), 0).unwrap_or(from);
    let initial = offset_at(tz, from);
    let mut current = initial.total_seconds;
    let mut list = vec![Observance {
        onset: from,
        offset_from: current,
        offset_to: initial,
    }];
    let mut cursor = from;
    while cursor < to {
        let next = (cursor + TimeDelta::days(1)).min(to);
        if offset_at(tz, next).total_seconds == current {
            cursor = next;
            continue;
        }
        let onset = first_change(tz, cursor, next, current);
        let now = offset_at(tz, onset);
        let now_seconds = now.total_seconds;
        list.push(Observance {
            onset,
            offset_from: current,
            offset_to: now,
        });
        current = now_seconds;
        cursor = onset;
    }
    list
}

/// The first second after `before` whose offset differs from `offset`, given that `before`
/// has it and `after` does not.
fn first_change(
    tz: Tz,
    mut before: DateTime<Utc>,
    mut after: DateTime<Utc>,
    offset: i32,
) -> DateTime<Utc> {
    while after - before > TimeDelta::seconds(1) {
        let middle = before + (after - before) / 2;
        if offset_at(tz, middle).total_seconds == offset {
            before = middle;
        } else {
            after = middle;
        }
    }
    after
}

/// `+HHMM`, or `+HHMMSS` for the odd historical offset with seconds.
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let magnitude = seconds.unsigned_abs();
    let (hours, minutes, rest) = (magnitude / 3600, magnitude / 60 % 60, magnitude % 60);
    if rest == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{rest:02}")
    }
}

/// The `VEVENT` for the series or for one occurrence.
struct Event<'a> {
    call: &'a ConferenceCall,
    uid: String,
    zone: Zone,
    local_start: NaiveDateTime,
    start: DateTime<Utc>,
    rule: Option<String>,
    stamp: DateTime<Utc>,
}

impl Event<'_> {
    fn write(&self, ics: &mut Ics) {
        let call = self.call;
        let plan = &call.plan;
        ics.line("BEGIN", &[], "VEVENT");
        ics.text("UID", &self.uid);
        ics.line("DTSTAMP", &[], &utc_text(self.stamp));
        ics.line("CREATED", &[], &utc_text(call.created_at));
        ics.line("LAST-MODIFIED", &[], &utc_text(call.updated_at));
        ics.line("SEQUENCE", &[], &call.sequence.to_string());
        self.zone
            .write_time(ics, "DTSTART", self.start, self.local_start);
        // A length rather than DTEND: an end in the repeated hour of a DST change would be
        // read as its first instance, shortening every occurrence of the series.
        ics.line("DURATION", &[], &format!("PT{}M", plan.duration_minutes));
        if let Some(rule) = &self.rule {
            ics.line("RRULE", &[], rule);
        }
        ics.text("SUMMARY", &plan.title);
        if let Some(url) = bridge_url(plan) {
            // LOCATION is what Google Calendar and Outlook show and link; URL is for Apple's.
            ics.text("LOCATION", url);
            ics.line("URL", &[], url);
        }
        let description = description(plan);
        if !description.is_empty() {
            ics.text("DESCRIPTION", &description);
        }
        let status = if call.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        ics.line("STATUS", &[], status);
        ics.line("TRANSP", &[], "OPAQUE");
        let mut listed: Vec<String> = Vec::new();
        for attendee in &plan.attendees {
            let Some(address) = mailto(&attendee.email) else {
                continue;
            };
            // One line per address: clients merge or reject duplicates unpredictably.
            let key = address.to_ascii_lowercase();
            if listed.contains(&key) {
                continue;
            }
            listed.push(key);
            let name = attendee.name.trim();
            let mut params = Vec::with_capacity(2);
            if !name.is_empty() {
                params.push(("CN", name));
            }
            params.push(("ROLE", "REQ-PARTICIPANT"));
            ics.line("ATTENDEE", &params, &address);
        }
        ics.line("END", &[], "VEVENT");
    }
}

/// The bridge link if it is one a calendar may show as a link: https, nothing that could end
/// or split the line. Validated plans always pass; the check guards URI values, which are
/// written unescaped.
fn bridge_url(plan: &CallPlan) -> Option<&str> {
    let url = plan.bridge_url.trim();
    let safe = url.len() > "https://".len()
        && url.starts_with("https://")
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"');
    safe.then_some(url)
}

/// `mailto:` for an address simple enough to be a URI as it stands. Anything else (spaces,
/// `?`, non-ASCII, a second `@`) is left out of the `ATTENDEE` lines; the person still appears
/// in the description.
fn mailto(email: &str) -> Option<String> {
    let email = email.trim();
    let (local, domain) = email.split_once('@')?;
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._+-!$&'*=^`{|}~/".contains(c));
    let domain_ok = !domain.is_empty()
        && domain.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    (local_ok && domain_ok).then(|| format!("mailto:{email}"))
}

/// What a person needs in the event itself: the agenda, how to join and who attends from
/// where, in plain text (clients show DESCRIPTION as text).
fn description(plan: &CallPlan) -> String {
    let mut sections: Vec<String> = Vec::new();
    let agenda = plan.agenda.trim();
    if !agenda.is_empty() {
        sections.push(agenda.to_owned());
    }
    let mut join: Vec<String> = Vec::new();
    if let Some(url) = bridge_url(plan) {
        join.push(format!("Join: {url}"));
    }
    let dial = plan.dial_string.trim();
    if !dial.is_empty() {
        match tel_uri(dial) {
            Some(tel) => join.push(format!("Dial: {dial} ({tel})")),
            None => join.push(format!("Dial: {dial}")),
        }
    }
    if !join.is_empty() {
        sections.push(join.join("\n"));
    }
    if !plan.attendees.is_empty() {
        let mut lines = vec!["Attendees:".to_owned()];
        for attendee in &plan.attendees {
            let email = attendee.email.trim();
            let contact = if email.is_empty() {
                String::new()
            } else {
                format!(" <{email}>")
            };
            lines.push(format!(
                "- {}{contact} ({}, {})",
                attendee.name.trim(),
                attendee.role.label(),
                attendee.zone.trim()
            ));
        }
        sections.push(lines.join("\n"));
    }
    sections.join("\n\n")
}

/// The dial string as a `tel:` URI (RFC 3966) that phones and calendar apps make tappable:
/// visual separators dropped, `p`/`w` as the `,` pause and `;` wait that dialers understand,
/// `#` percent-encoded since it would start a fragment.
fn tel_uri(dial: &str) -> Option<String> {
    let mut uri = String::from("tel:");
    for c in dial.chars() {
        match c {
            '0'..='9' | '+' | '*' | ',' | ';' => uri.push(c),
            'p' | 'P' => uri.push(','),
            'w' | 'W' => uri.push(';'),
            '#' => uri.push_str("%23"),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    uri.chars().any(|c| c.is_ascii_digit()).then_some(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_written_with_sign_and_seconds_only_when_needed() {
        assert_eq!(offset_text(0), "+0000");
        assert_eq!(offset_text(-5 * 3600), "-0500");
        assert_eq!(offset_text(37_800), "+1030");
        assert_eq!(offset_text(-(3600 + 1_800 + 7)), "-013007");
    }

    #[test]
    fn a_fold_keeps_escape_pairs_together() {
        let mut out = String::new();
        let line = format!("X:{}\\n", "a".repeat(72));
        fold_into(&mut out, &line);
        assert_eq!(out, format!("X:{}\r\n \\n\r\n", "a".repeat(72)));
    }
}
