//! Calendar files, checked the way calendar clients read them.

use chrono::{DateTime, Datelike, Offset, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use escalator_core::conference_call::{ConferenceCall, Repeat, SeriesEnd};
use escalator_report::ics::{call_calendar, file_name, occurrence_calendar};

use crate::util::*;

const UID: &str = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b@escalator";

/// The checks every exported series must pass: the RRULE expanded by `rrule` gives exactly
/// the core's occurrences, and the VTIMEZONE on its own (no zone database) puts every planned
/// wall-clock time, and the event's end, at the same instants.
fn assert_series_matches_the_plan(call: &ConferenceCall, ics: &str) {
    assert_well_formed_lines(ics);
    let calendar = parse(ics);
    let event = calendar.event();
    let expected: Vec<DateTime<Utc>> = call.plan.starts().collect();
    assert_eq!(expand(event), expected, "rrule's expansion differs:\n{ics}");

    let zone = calendar.timezone();
    let start = event.prop("DTSTART").unwrap();
    assert_eq!(start.param("TZID"), Some(call.plan.zone.as_str()));
    assert!(event.prop("DTEND").is_none(), "a length is given instead");
    assert_eq!(zone.tzid, call.plan.zone);
    let resolved: Vec<DateTime<Utc>> = call.plan.local_starts().map(|l| zone.to_utc(l)).collect();
    assert_eq!(
        resolved, expected,
        "the VTIMEZONE resolves the planned times differently"
    );
    let first = zone.to_utc(parse_local(&start.value));
    assert_eq!(first, expected[0]);
    assert_eq!(
        event.value("DURATION"),
        format!("PT{}M", call.plan.duration().num_minutes())
    );

    // The definition reaches a year back from the first call and covers the last one.
    let onset = zone.observances[0].onset_utc();
    assert!(onset <= expected[0] - TimeDelta::days(364));
    assert_zone_agrees_with_the_database(&zone, onset, *expected.last().unwrap());
}

/// Hour by hour, and a second either side of every change, the VTIMEZONE gives chrono-tz's
/// offset.
fn assert_zone_agrees_with_the_database(
    zone: &ZoneDefinition,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) {
    let tz: Tz = zone.tzid.parse().unwrap();
    let database = |at: DateTime<Utc>| {
        tz.offset_from_utc_datetime(&at.naive_utc())
            .fix()
            .local_minus_utc()
    };
    let mut at = from;
    while at <= to {
        assert_eq!(zone.offset_at(at), database(at), "{} at {at}", zone.tzid);
        at += TimeDelta::hours(1);
    }
    for observance in &zone.observances[1..] {
        let onset = observance.onset_utc();
        assert_eq!(
            database(onset - TimeDelta::seconds(1)),
            observance.from,
            "{} before {onset}",
            zone.tzid
        );
        assert_eq!(database(onset), observance.to, "{} at {onset}", zone.tzid);
        assert_ne!(observance.from, observance.to);
    }
}

#[test]
fn a_call_is_published_with_the_calendar_header_and_its_details() {
    let call = call(&plan(
        "Daily status call",
        local(2026, 2, 2, 9, 0),
        "Europe/Berlin",
        None,
    ));
    let ics = call_calendar(&call, stamp());
    assert!(ics.starts_with(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Escalator//Escalator//EN\r\n\
         CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"
    ));
    assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    assert_well_formed_lines(&ics);

    let calendar = parse(&ics);
    assert_eq!(calendar.value("VERSION"), "2.0");
    assert_eq!(calendar.value("PRODID"), "-//Escalator//Escalator//EN");
    assert_eq!(calendar.value("CALSCALE"), "GREGORIAN");
    assert_eq!(calendar.value("METHOD"), "PUBLISH");
    let event = calendar.event();
    assert_eq!(event.value("UID"), UID);
    assert_eq!(event.value("SEQUENCE"), "0");
    assert_eq!(event.value("DTSTAMP"), "20260115T120000Z");
    assert_eq!(event.value("CREATED"), "20260110T083000Z");
    assert_eq!(event.value("LAST-MODIFIED"), "20260110T083000Z");
    assert_eq!(event.value("STATUS"), "CONFIRMED");
    assert_eq!(event.value("DTSTART"), "20260202T090000");
    assert_eq!(event.value("DURATION"), "PT45M");
    assert!(event.prop("RRULE").is_none());
    assert_eq!(event.value("SUMMARY"), "Daily status call");
    assert_eq!(event.value("LOCATION"), "https://meet.example.com/j/123456");
    assert_eq!(event.value("URL"), "https://meet.example.com/j/123456");
    assert_eq!(
        event.value("DESCRIPTION"),
        "Status, next steps\n\nJoin: https://meet.example.com/j/123456\n\
         Dial: +1 555 0100,,123456# (tel:+15550100,,123456%23)"
    );
    let zone = calendar.timezone();
    assert_eq!(
        zone.to_utc(parse_local(event.value("DTSTART"))),
        utc(2026, 2, 2, 8, 0)
    );
}

#[test]
fn the_same_call_and_stamp_give_the_same_bytes() {
    let call = call(&plan(
        "Bridge",
        local(2026, 5, 4, 9, 0),
        "Europe/Berlin",
        series(Repeat::Daily, SeriesEnd::Count { count: 3 }),
    ));
    // Two exports of the same call at the same stamp are identical: nothing reads the clock
    // or makes up ids, so re-exporting never looks like a change to a calendar.
    assert_eq!(call_calendar(&call, stamp()), call_calendar(&call, stamp()));
    let occurrence = call.plan.starts().nth(1).unwrap();
    assert_eq!(
        occurrence_calendar(&call, occurrence, stamp()),
        occurrence_calendar(&call, occurrence, stamp())
    );
}

#[test]
fn a_weekly_new_york_series_keeps_nine_o_clock_across_both_dst_changes() {
    let call = call(&plan(
        "Weekly vendor sync",
        local(2026, 2, 23, 9, 0),
        "America/New_York",
        series(
            Repeat::Weekly,
            SeriesEnd::Until {
                date: date(2026, 11, 30),
            },
        ),
    ));
    let ics = call_calendar(&call, stamp());
    assert_series_matches_the_plan(&call, &ics);

    let calendar = parse(&ics);
    let event = calendar.event();
    assert_eq!(event.value("DTSTART"), "20260223T090000");
    assert_eq!(event.value("RRULE"), "FREQ=WEEKLY;UNTIL=20261130T140000Z");
    let starts: Vec<_> = call.plan.starts().collect();
    // 09:00 in New York is 14:00 UTC in winter and 13:00 UTC in summer.
    for (at, expected) in [
        (utc(2026, 3, 2, 14, 0), true),
        (utc(2026, 3, 9, 13, 0), true),
        (utc(2026, 10, 26, 13, 0), true),
        (utc(2026, 11, 2, 14, 0), true),
        (utc(2026, 3, 9, 14, 0), false),
    ] {
        assert_eq!(starts.contains(&at), expected, "{at}");
    }
    let zone = calendar.timezone();
    let changes: Vec<_> = zone
        .observances
        .iter()
        .skip(1)
        .map(|o| (o.daylight, o.onset_local, o.from, o.to, o.name.clone()))
        .collect();
    let hours = |h: i32| h * 3600;
    let dst = |daylight, y, m, d, from, to, name: &str| {
        (
            daylight,
            local(y, m, d, 2, 0),
            hours(from),
            hours(to),
            Some(name.to_owned()),
        )
    };
    assert_eq!(
        changes,
        vec![
            dst(true, 2025, 3, 9, -5, -4, "EDT"),
            dst(false, 2025, 11, 2, -4, -5, "EST"),
            dst(true, 2026, 3, 8, -5, -4, "EDT"),
            dst(false, 2026, 11, 1, -4, -5, "EST"),
        ]
    );
    assert!(!zone.observances[0].daylight);
    assert_eq!(zone.observances[0].from, zone.observances[0].to);
}

#[test]
fn a_weekdays_series_in_berlin_starts_on_a_weekday_and_skips_weekends() {
    // Planned from a Saturday: the first call is the Monday, and DTSTART must say so, since
    // RFC 5545 counts DTSTART as an occurrence whether or not the rule matches it.
    let call = call(&plan(
        "Daily war room",
        local(2026, 3, 21, 10, 0),
        "Europe/Berlin",
        series(Repeat::Weekdays, SeriesEnd::Count { count: 15 }),
    ));
    let ics = call_calendar(&call, stamp());
    assert_series_matches_the_plan(&call, &ics);

    let calendar = parse(&ics);
    let event = calendar.event();
    assert_eq!(event.value("DTSTART"), "20260323T100000");
    assert_eq!(
        event.value("RRULE"),
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=15"
    );
    let tz: Tz = "Europe/Berlin".parse().unwrap();
    for at in expand(event) {
        let local = at.with_timezone(&tz);
        assert!(
            !matches!(local.weekday(), Weekday::Sat | Weekday::Sun),
            "{local}"
        );
        assert_eq!(local.time(), local_time_of_day(10, 0));
    }
    // Across the change on 2026-03-29: 09:00 UTC before, 08:00 UTC after.
    let starts: Vec<_> = call.plan.starts().collect();
    assert!(starts.contains(&utc(2026, 3, 27, 9, 0)));
    assert!(starts.contains(&utc(2026, 3, 30, 8, 0)));
}

fn local_time_of_day(h: u32, m: u32) -> chrono::NaiveTime {
    chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn a_daily_lord_howe_series_follows_its_half_hour_changes() {
    // 02:15 does not exist on 2026-10-04 (02:00 jumps to 02:30): that call is read with the
    // offset before the gap, 15:45 UTC, by the core, by rrule and by the VTIMEZONE alike.
    let spring = call(&plan(
        "Lord Howe handover",
        local(2026, 9, 28, 2, 15),
        "Australia/Lord_Howe",
        series(Repeat::Daily, SeriesEnd::Count { count: 14 }),
    ));
    let ics = call_calendar(&spring, stamp());
    assert_series_matches_the_plan(&spring, &ics);
    assert!(
        spring
            .plan
            .starts()
            .any(|at| at == utc(2026, 10, 3, 15, 45))
    );
    let zone = parse(&ics).timezone();
    let october = zone
        .observances
        .iter()
        .find(|o| o.onset_local == local(2026, 10, 4, 2, 0))
        .unwrap();
    assert!(october.daylight);
    assert_eq!((october.from, october.to), (37_800, 39_600));

    // 01:45 happens twice on 2026-04-05 (02:00 goes back to 01:30): the first one counts.
    let autumn = call(&plan(
        "Lord Howe handover",
        local(2026, 4, 1, 1, 45),
        "Australia/Lord_Howe",
        series(
            Repeat::Daily,
            SeriesEnd::Until {
                date: date(2026, 4, 10),
            },
        ),
    ));
    let ics = call_calendar(&autumn, stamp());
    assert_series_matches_the_plan(&autumn, &ics);
    assert!(autumn.plan.starts().any(|at| at == utc(2026, 4, 4, 14, 45)));
}

#[test]
fn a_count_series_ends_after_its_count() {
    let call = call(&plan(
        "Bridge",
        local(2026, 10, 22, 8, 30),
        "Europe/London",
        series(Repeat::Daily, SeriesEnd::Count { count: 5 }),
    ));
    let ics = call_calendar(&call, stamp());
    assert_series_matches_the_plan(&call, &ics);
    let event_rule = parse(&ics).event().value("RRULE").to_owned();
    assert_eq!(event_rule, "FREQ=DAILY;COUNT=5");
    assert_eq!(expand(parse(&ics).event()).len(), 5);
}

#[test]
fn an_until_series_ends_at_the_utc_start_of_its_last_call() {
    // Weekly on Thursdays until Saturday 2026-05-02: the last call is Thursday 2026-04-30,
    // 16:00 in Berlin, which is 14:00 UTC.
    let call = call(&plan(
        "Weekly review",
        local(2026, 3, 5, 16, 0),
        "Europe/Berlin",
        series(
            Repeat::Weekly,
            SeriesEnd::Until {
                date: date(2026, 5, 2),
            },
        ),
    ));
    let ics = call_calendar(&call, stamp());
    assert_series_matches_the_plan(&call, &ics);
    let calendar = parse(&ics);
    let event = calendar.event();
    assert_eq!(event.value("RRULE"), "FREQ=WEEKLY;UNTIL=20260430T140000Z");
    assert_eq!(
        parse_utc("20260430T140000Z"),
        call.plan.starts().last().unwrap()
    );
    assert!(event.value("RRULE").find("COUNT").is_none());
}

#[test]
fn one_occurrence_is_a_standalone_event_with_its_own_uid() {
    let call = call(&plan(
        "Weekly vendor sync",
        local(2026, 2, 23, 9, 0),
        "America/New_York",
        series(Repeat::Weekly, SeriesEnd::Count { count: 10 }),
    ));
    let occurrence = call.plan.starts().nth(3).unwrap();
    assert_eq!(occurrence, utc(2026, 3, 16, 13, 0));
    let ics = occurrence_calendar(&call, occurrence, stamp());
    assert_well_formed_lines(&ics);
    let calendar = parse(&ics);
    let event = calendar.event();
    assert_eq!(
        event.value("UID"),
        "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b-20260316T130000Z@escalator"
    );
    assert!(event.prop("RRULE").is_none());
    assert_eq!(event.value("SEQUENCE"), "0");
    assert_eq!(event.value("DTSTART"), "20260316T090000");
    assert_eq!(event.value("DURATION"), "PT45M");
    assert_eq!(
        event.prop("DTSTART").unwrap().param("TZID"),
        Some("America/New_York")
    );
    let zone = calendar.timezone();
    assert_eq!(zone.to_utc(parse_local(event.value("DTSTART"))), occurrence);
    assert_zone_agrees_with_the_database(&zone, zone.observances[0].onset_utc(), occurrence);
    assert!(zone.observances[0].onset_utc() <= occurrence - TimeDelta::days(364));
}

#[test]
fn a_change_keeps_the_uid_and_raises_the_sequence() {
    let mut call = call(&plan(
        "Weekly vendor sync",
        local(2026, 2, 23, 9, 0),
        "America/New_York",
        series(Repeat::Weekly, SeriesEnd::Count { count: 10 }),
    ));
    let before = parse(&call_calendar(&call, stamp()));
    let mut moved = call.plan.clone();
    moved.start = local(2026, 2, 24, 10, 30);
    call.reschedule(&moved, &user_stamp(utc(2026, 2, 1, 7, 0)))
        .unwrap();
    let after = parse(&call_calendar(&call, utc(2026, 2, 1, 7, 5)));

    let (before, after) = (before.event(), after.event());
    assert_eq!(after.value("UID"), before.value("UID"));
    assert_eq!(before.value("SEQUENCE"), "0");
    assert_eq!(after.value("SEQUENCE"), "1");
    assert_eq!(after.value("LAST-MODIFIED"), "20260201T070000Z");
    assert_eq!(after.value("DTSTAMP"), "20260201T070500Z");
    assert_eq!(after.value("CREATED"), before.value("CREATED"));
    assert_eq!(after.value("DTSTART"), "20260224T103000");
}

#[test]
fn a_cancelled_call_is_published_as_a_cancellation() {
    let mut call = call(&plan(
        "Weekly vendor sync",
        local(2026, 2, 23, 9, 0),
        "America/New_York",
        series(Repeat::Weekly, SeriesEnd::Count { count: 10 }),
    ));
    let _event = call.cancel(&user_stamp(utc(2026, 2, 20, 9, 0)));
    let ics = call_calendar(&call, stamp());
    let calendar = parse(&ics);
    assert_eq!(calendar.value("METHOD"), "CANCEL");
    let event = calendar.event();
    assert_eq!(event.value("STATUS"), "CANCELLED");
    assert_eq!(event.value("UID"), UID);
    assert_eq!(event.value("SEQUENCE"), "1");

    let occurrence = call.plan.starts().next().unwrap();
    let single = parse(&occurrence_calendar(&call, occurrence, stamp()));
    assert_eq!(single.value("METHOD"), "CANCEL");
    assert_eq!(single.event().value("STATUS"), "CANCELLED");
}

#[test]
fn text_survives_escaping_and_cannot_start_a_component() {
    let title = r"Sev 1: DB down; vendor, too \ really";
    let agenda = "1. Status, ETA; owner\n2. Path C:\\temp\\n is not a newline\n\
                  BEGIN:VEVENT\nSUMMARY:evil\nEND:VEVENT";
    let mut plan = plan(title, local(2026, 2, 2, 9, 0), "Europe/Berlin", None);
    plan.agenda = agenda.to_owned();
    let call = call(&plan);
    let ics = call_calendar(&call, stamp());
    assert_well_formed_lines(&ics);

    let calendar = parse(&ics);
    let event = calendar.event();
    assert_eq!(event.value("SUMMARY"), title);
    let description = event.value("DESCRIPTION");
    assert!(
        description.starts_with(&format!("{agenda}\n\n")),
        "{description}"
    );
    let lines = logical_lines(&ics);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("BEGIN:VEVENT"))
            .count(),
        1
    );
    assert!(!lines.iter().any(|l| l.starts_with("SUMMARY:evil")));
    assert!(ics.contains(r"SUMMARY:Sev 1: DB down\; vendor\, too \\ really"));
}

#[test]
fn carriage_returns_in_text_become_line_breaks() {
    let mut plan = plan("Bridge", local(2026, 2, 2, 9, 0), "Europe/Berlin", None);
    plan.agenda = "one\r\nBEGIN:VEVENT\r\nSUMMARY:evil\rEND:VEVENT\u{7}\ttab".to_owned();
    let call = call(&plan);
    let ics = call_calendar(&call, stamp());
    // A bare CR would end the line for some parsers; none may reach the file.
    assert_well_formed_lines(&ics);
    let calendar = parse(&ics);
    let description = calendar.event().value("DESCRIPTION");
    assert!(
        description.starts_with("one\nBEGIN:VEVENT\nSUMMARY:evil\nEND:VEVENT\ttab\n\n"),
        "{description:?}"
    );
    assert!(
        !logical_lines(&ics)
            .iter()
            .any(|l| l.starts_with("SUMMARY:evil"))
    );
}

#[test]
fn every_line_is_at_most_75_octets_and_ends_with_crlf() {
    // Multi-byte characters shifted by 0 to 7 ASCII bytes, so folds fall at every position
    // inside them; escapes are in the mix too.
    let wide = "Überprüfung 🚨 数据库故障, naïve; façade \\ ";
    for shift in 0..8 {
        let title: String = format!("{}{}", "x".repeat(shift), wide.repeat(4))
            .chars()
            .take(200)
            .collect();
        let title = title.trim().to_owned();
        let mut plan = plan(&title, local(2026, 2, 2, 9, 0), "Asia/Kolkata", None);
        plan.agenda = wide.repeat(60).trim().to_owned();
        plan.bridge_url = format!("https://meet.example.com/j/{}", "9".repeat(120 + shift));
        plan.attendees = vec![attendee(
            &format!("{}Ünal Çelik, \"Ops\"", "y".repeat(40 + shift)),
            "unal@example.com",
            "Europe/Istanbul",
        )];
        let call = call(&plan);
        let ics = call_calendar(&call, stamp());
        assert_well_formed_lines(&ics);
        let calendar = parse(&ics);
        let event = calendar.event();
        assert_eq!(event.value("SUMMARY"), title);
        assert!(event.value("DESCRIPTION").starts_with(&plan.agenda));
        assert_eq!(event.value("URL"), plan.bridge_url);
        let attendee = event.prop("ATTENDEE").unwrap();
        assert_eq!(
            attendee.param("CN").map(|cn| cn.trim_matches('"')),
            Some(format!("{}Ünal Çelik, Ops", "y".repeat(40 + shift)).as_str())
        );
    }
}

#[test]
fn attendees_with_an_address_are_listed_by_name_and_role() {
    let mut plan = plan("Bridge", local(2026, 2, 2, 9, 0), "Europe/Berlin", None);
    plan.attendees = vec![
        attendee("Ada Lovelace", "ada@example.com", "Europe/London"),
        attendee("Li, Wei", "wei@example.cn", "Asia/Shanghai"),
        attendee("No Mail", "", "America/Chicago"),
        attendee("Ada again", "ADA@example.com", "Europe/London"),
        attendee(
            "Header injection",
            "x@example.com?subject=hi",
            "Europe/Paris",
        ),
        attendee(
            "Line injection",
            "x@example.com\r\nBEGIN:VEVENT",
            "Europe/Paris",
        ),
    ];
    let call = call(&plan);
    let ics = call_calendar(&call, stamp());
    assert_well_formed_lines(&ics);
    let calendar = parse(&ics);
    let event = calendar.event();
    let attendees: Vec<(Option<String>, Option<String>, String)> = event
        .all("ATTENDEE")
        .into_iter()
        .map(|a| {
            (
                a.param("CN").map(|cn| cn.trim_matches('"').to_owned()),
                a.param("ROLE").map(str::to_owned),
                a.value.clone(),
            )
        })
        .collect();
    let role = Some("REQ-PARTICIPANT".to_owned());
    assert_eq!(
        attendees,
        vec![
            (
                Some("Ada Lovelace".to_owned()),
                role.clone(),
                "mailto:ada@example.com".to_owned()
            ),
            (
                Some("Li, Wei".to_owned()),
                role,
                "mailto:wei@example.cn".to_owned()
            ),
        ]
    );
    assert!(
        ics.contains("ATTENDEE;CN=Ada Lovelace;ROLE=REQ-PARTICIPANT:mailto:ada@example.com\r\n")
    );
    assert!(ics.contains("ATTENDEE;CN=\"Li, Wei\";ROLE=REQ-PARTICIPANT:mailto:wei@example.cn\r\n"));
    let description = event.value("DESCRIPTION");
    for line in [
        "- Ada Lovelace <ada@example.com> (Escalation Engineer, Europe/London)",
        "- Li, Wei <wei@example.cn> (Escalation Engineer, Asia/Shanghai)",
        "- No Mail (Escalation Engineer, America/Chicago)",
        "- Header injection <x@example.com?subject=hi> (Escalation Engineer, Europe/Paris)",
    ] {
        assert!(
            description.contains(line),
            "{line} missing from {description}"
        );
    }
    assert_eq!(
        logical_lines(&ics)
            .iter()
            .filter(|l| l.starts_with("BEGIN:VEVENT"))
            .count(),
        1
    );
}

#[test]
fn a_zone_without_changes_has_one_standard_observance() {
    let kolkata = call(&plan(
        "Bridge",
        local(2026, 2, 2, 9, 0),
        "Asia/Kolkata",
        series(Repeat::Daily, SeriesEnd::Count { count: 30 }),
    ));
    let ics = call_calendar(&kolkata, stamp());
    assert_series_matches_the_plan(&kolkata, &ics);
    let calendar = parse(&ics);
    let vtimezone = calendar.children("VTIMEZONE")[0];
    assert_eq!(vtimezone.children.len(), 1);
    let standard = vtimezone.children("STANDARD")[0];
    assert_eq!(standard.value("TZOFFSETFROM"), "+0530");
    assert_eq!(standard.value("TZOFFSETTO"), "+0530");
    assert_eq!(standard.value("TZNAME"), "IST");
    // VTIMEZONE is not an event: no DTSTAMP or UID there (RFC 5545 §3.6.5).
    assert!(vtimezone.prop("DTSTAMP").is_none() && vtimezone.prop("UID").is_none());
    assert!(standard.prop("DTSTAMP").is_none() && standard.prop("UID").is_none());
}

#[test]
fn a_utc_call_is_written_in_utc_without_a_zone_definition() {
    let call = call(&plan(
        "Bridge",
        local(2026, 3, 27, 23, 30),
        "UTC",
        series(
            Repeat::Weekdays,
            SeriesEnd::Until {
                date: date(2026, 4, 10),
            },
        ),
    ));
    let ics = call_calendar(&call, stamp());
    assert_well_formed_lines(&ics);
    let calendar = parse(&ics);
    assert!(calendar.children("VTIMEZONE").is_empty());
    let event = calendar.event();
    assert_eq!(event.value("DTSTART"), "20260327T233000Z");
    assert_eq!(event.value("DURATION"), "PT45M");
    assert!(event.prop("DTSTART").unwrap().param("TZID").is_none());
    assert_eq!(
        event.value("RRULE"),
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20260410T233000Z"
    );
    assert_eq!(expand(event), call.plan.starts().collect::<Vec<_>>());
}

#[test]
fn the_zone_definition_matches_the_database_around_the_world() {
    // Southern hemisphere, half-hour and 45-minute offsets, and Morocco's Ramadan changes.
    for zone in [
        "America/Santiago",
        "America/St_Johns",
        "Pacific/Chatham",
        "Africa/Casablanca",
        "Europe/Dublin",
        "Asia/Tehran",
    ] {
        let call = call(&plan(
            "Bridge",
            local(2026, 1, 5, 9, 0),
            zone,
            series(Repeat::Daily, SeriesEnd::Count { count: 365 }),
        ));
        let ics = call_calendar(&call, stamp());
        assert_series_matches_the_plan(&call, &ics);
    }
}

#[test]
fn a_weekdays_series_over_a_weekend_only_has_no_event() {
    // Validation refuses such a plan; one edited by hand in the database still exports
    // without inventing a call.
    let mut call = call(&plan(
        "Weekend",
        local(2026, 3, 21, 10, 0),
        "Europe/Berlin",
        series(
            Repeat::Weekdays,
            SeriesEnd::Until {
                date: date(2026, 3, 23),
            },
        ),
    ));
    call.plan.recurrence = series(
        Repeat::Weekdays,
        SeriesEnd::Until {
            date: date(2026, 3, 22),
        },
    );
    assert_eq!(call.plan.starts().count(), 0);
    let ics = call_calendar(&call, stamp());
    assert_well_formed_lines(&ics);
    let calendar = parse(&ics);
    assert!(calendar.children.is_empty());
    assert_eq!(calendar.value("METHOD"), "PUBLISH");
}

#[test]
fn file_names_are_safe_and_never_empty() {
    let mut call = call(&plan(
        "Daily status call",
        local(2026, 2, 2, 9, 0),
        "Europe/Berlin",
        None,
    ));
    let mut name_for = |title: &str| {
        call.plan.title = title.to_owned();
        file_name(&call)
    };
    let cases = [
        ("Daily status call", "daily-status-call.ics"),
        ("../../etc/passwd; rm -rf", "etc-passwd-rm-rf.ics"),
        ("  --Sev1!! / P1  ", "sev1-p1.ics"),
        ("Zürich Übergabe, Straße", "zuerich-uebergabe-strasse.ics"),
        ("Звонок по эскалации", "call-6f1c2a3b.ics"),
        ("障害対応 🚨", "call-6f1c2a3b.ics"),
        ("CON", "con-call.ics"),
        (
            "C:\\Windows\\System32\\cmd.exe",
            "c-windows-system32-cmd-exe.ics",
        ),
    ];
    for (title, expected) in cases {
        assert_eq!(name_for(title), expected, "{title}");
    }
    let long = name_for(&"Very long escalation title ".repeat(20));
    for name in [long.clone(), name_for("%00\u{0}\n.."), name_for("")] {
        let stem = name.strip_suffix(".ics").unwrap();
        assert!(name.len() <= 80, "{name}");
        assert!(!stem.is_empty());
        assert!(
            stem.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{name}"
        );
        assert!(!stem.starts_with('-') && !stem.ends_with('-'), "{name}");
    }
    assert!(long.starts_with("very-long-escalation-title-very-long"));
}
