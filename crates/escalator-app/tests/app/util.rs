use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use escalator_app::{App, FixedClock, NewSupportRequest};

pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 14, 30, 0).unwrap(),
    ))
}

pub fn open(dir: &Path) -> App {
    App::open(dir, clock())
}

pub fn input(vendor: &str, number: &str, title: &str, severity: i32) -> NewSupportRequest {
    NewSupportRequest {
        vendor: vendor.into(),
        vendor_sr_number: number.into(),
        title: title.into(),
        severity,
    }
}
