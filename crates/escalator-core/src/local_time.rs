//! Wall-clock times in IANA zones, turned into instants the way calendars do it.
//!
//! A local time can name no instant (the hour skipped when clocks go forward) or two (the
//! hour repeated when they go back). Both are resolved as RFC 5545 resolves them, so a call
//! we schedule lands where Outlook, Google Calendar and Apple Calendar put the same `.ics`:
//! a skipped time is read with the offset in force before the gap (02:30 on the spring-forward
//! night in New York is 03:30 EDT), a repeated time is the first of the two.
//!
//! It does not guess zones or read the system's; names come from the user and are checked
//! against the compiled-in database.

use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// The instant `local` names in `zone`.
pub fn to_utc(local: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(at) => at.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // No gap in the database is longer than a day, so a day earlier is always
            // before it; the offset there is the one in force before the gap.
            let before = local - TimeDelta::days(1);
            let offset = match zone.from_local_datetime(&before) {
                LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => {
                    at.offset().fix().local_minus_utc()
                }
                LocalResult::None => 0,
            };
            DateTime::from_naive_utc_and_offset(local - TimeDelta::seconds(i64::from(offset)), Utc)
        }
    }
}

/// The wall-clock time at `at` in `zone`.
pub fn to_local(at: DateTime<Utc>, zone: Tz) -> NaiveDateTime {
    at.with_timezone(&zone).naive_local()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.from_utc_datetime(&local(y, m, d, h, min))
    }

    #[test]
    fn a_skipped_time_is_read_with_the_offset_before_the_gap() {
        let new_york: Tz = "America/New_York".parse().unwrap();
        // 2026-03-08 02:30 does not exist in New York; RFC 5545 makes it 03:30 EDT.
        assert_eq!(
            to_utc(local(2026, 3, 8, 2, 30), new_york),
            utc(2026, 3, 8, 7, 30)
        );
        let lord_howe: Tz = "Australia/Lord_Howe".parse().unwrap();
        // Lord Howe moves by half an hour: 02:00–02:30 is skipped on 2026-10-04.
        assert_eq!(
            to_utc(local(2026, 10, 4, 2, 15), lord_howe),
            utc(2026, 10, 3, 15, 45)
        );
    }

    #[test]
    fn a_repeated_time_is_the_first_of_the_two() {
        let new_york: Tz = "America/New_York".parse().unwrap();
        // 01:30 happens twice on 2026-11-01; the first is EDT (UTC-4).
        assert_eq!(
            to_utc(local(2026, 11, 1, 1, 30), new_york),
            utc(2026, 11, 1, 5, 30)
        );
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(
            to_utc(local(2026, 10, 25, 2, 30), berlin),
            utc(2026, 10, 25, 0, 30)
        );
        // Lord Howe repeats 01:30–02:00 on 2026-04-05; the first is +11:00.
        let lord_howe: Tz = "Australia/Lord_Howe".parse().unwrap();
        assert_eq!(
            to_utc(local(2026, 4, 5, 1, 45), lord_howe),
            utc(2026, 4, 4, 14, 45)
        );
    }

    #[test]
    fn an_ordinary_time_converts_both_ways() {
        let kolkata: Tz = "Asia/Kolkata".parse().unwrap();
        let at = to_utc(local(2028, 2, 29, 9, 0), kolkata);
        assert_eq!(at, utc(2028, 2, 29, 3, 30));
        assert_eq!(to_local(at, kolkata), local(2028, 2, 29, 9, 0));
    }
}
