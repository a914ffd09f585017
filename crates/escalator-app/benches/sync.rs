//! Vendor sync's budget: import 10,000 cases from a loopback Red Hat portal at ≥ 2,000 cases
//! a second with memory flat, then an incremental sync in which 100 cases changed. Timed
//! once each (a first import happens once), with the app's own HTTP policy, a real data
//! folder and the real keychain.
//!
//! Needs a Secret Service: run it in a desktop session, or in the private session
//! `cargo xtask test` uses (see `shared/notes/tauri-on-debian.md`):
//! `cargo bench -p escalator-app --bench sync`.

// Benchmark code: a panic is a failed run, which is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::Arc;
use std::time::Instant;

use chrono::{TimeDelta, TimeZone, Utc};
use escalator_app::{App, FixedClock, NewVendorAccount};
use escalator_vendor_fakes::red_hat::{self as red_hat_fake, OFFLINE_TOKEN, RedHatData, cases};
use escalator_vendors::Sensitive;
use escalator_vendors::http::HttpPolicy;
use escalator_vendors::keychain::Keychain;

const CASES: usize = 10_000;
const CHANGED: usize = 100;

/// The peak resident memory of this process so far, in MB (Linux).
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (server, data) = runtime.block_on(red_hat_fake::start(RedHatData {
        cases: cases(CASES),
        ..RedHatData::default()
    }));
    let folder = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 12, 15, 9, 0, 0).unwrap(),
    ));
    let app = App::open(folder.path(), clock).with_vendor_access(
        Keychain::new("dev.escalator.desktop.bench"),
        HttpPolicy::default(),
    );
    let account = runtime
        .block_on(app.add_vendor_account(
            NewVendorAccount {
                connector: "red_hat".into(),
                name: "Red Hat (bench)".into(),
                base_url: server.url(),
                user: "bench@example.com".into(),
                vendor: "redhat".into(),
            },
            Sensitive::new(OFFLINE_TOKEN.to_owned()),
        ))
        .unwrap();

    let before = peak_mb();
    let mut peaks = Vec::new();
    let started = Instant::now();
    let report = runtime
        .block_on(app.sync_account(&account.id, &mut |progress| {
            if progress.cases_read % 2_000 == 0 {
                peaks.push(peak_mb());
            }
        }))
        .unwrap();
    let took = started.elapsed();
    assert_eq!(report.support_requests_added as usize, CASES);
    println!(
        "sync/import_{CASES}_cases: {:.2} s, {:.0} cases/s; peak memory {:.0} MB before, {} MB after each 2,000 cases",
        took.as_secs_f64(),
        CASES as f64 / took.as_secs_f64(),
        before,
        peaks
            .iter()
            .map(|mb| format!("{mb:.0}"))
            .collect::<Vec<_>>()
            .join(" → ")
    );

    {
        let mut data = data.lock().unwrap();
        let later = red_hat_fake::start_time() + TimeDelta::days(60);
        for (i, case) in data.cases.iter_mut().take(CHANGED).enumerate() {
            case.status = "Waiting on Customer".into();
            case.modified = later + TimeDelta::seconds(i64::try_from(i).unwrap());
        }
    }
    let started = Instant::now();
    let report = runtime
        .block_on(app.sync_account(&account.id, &mut |_| {}))
        .unwrap();
    let took = started.elapsed();
    assert!(report.support_requests_changed as usize >= CHANGED / 2);
    println!(
        "sync/incremental_{CHANGED}_changed: {:.3} s ({} cases read, {} SRs changed)",
        took.as_secs_f64(),
        report.cases_read,
        report.support_requests_changed
    );
    runtime
        .block_on(app.remove_vendor_account(&account.id))
        .unwrap();
}
