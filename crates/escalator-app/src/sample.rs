//! Generated data for benchmarks and demonstrations: realistic-looking support requests in
//! bulk, written in one transaction.

use std::path::Path;
use std::sync::Arc;

use chrono::{TimeDelta, TimeZone, Utc};
use escalator_core::NewSupportRequest;

use crate::{ApiError, App, FixedClock};

const TOPICS: &[&str] = &[
    "Datastore latency after upgrade",
    "Cluster node evicted under load",
    "License server unreachable",
    "Backup job fails with timeout",
    "Kernel panic on boot after patch",
    "Replication lag above threshold",
    "API gateway returns 502 intermittently",
    "Certificate renewal breaks SSO",
];

/// Adds `count` support requests to the database in `data_dir`, spread over vendors and
/// severities, one minute apart. Returns how many were written.
pub fn seed_support_requests(data_dir: &Path, count: u32) -> Result<u32, ApiError> {
    let start = Utc
        .with_ymd_and_hms(2026, 1, 5, 8, 0, 0)
        .single()
        .ok_or_else(|| ApiError::internal("the sample start date is not a valid time"))?;
    let clock = Arc::new(FixedClock::new(start));
    let app = App::open(data_dir, clock.clone());
    let vendors: Vec<String> = app.list_vendors().into_iter().map(|v| v.id).collect();

    let mut records = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    for (n, (vendor, topic)) in (0..count).zip(vendors.iter().cycle().zip(TOPICS.iter().cycle())) {
        let input = NewSupportRequest {
            vendor: vendor.clone(),
            vendor_sr_number: format!("SAMPLE-{n:07}"),
            title: format!("{topic} (#{n})"),
            severity: i32::try_from(n % 4 + 1).unwrap_or(4),
        };
        records.push(app.new_record(input.validate(&app.catalogue)?));
        clock.advance(TimeDelta::minutes(1));
    }
    app.store()?.insert_support_requests(&records)?;
    Ok(count)
}
