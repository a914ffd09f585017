//! Writes support requests into the database in the folder given as the first argument, as
//! fast as the store acknowledges them, printing each acknowledged id on its own line — until
//! the durability test kills it. Not part of Escalator.
//!
//! Usage: `escalator-store-writer DATA_DIR RUN` (RUN keeps ids unique across runs).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use escalator_core::{NewSupportRequest, SupportRequestId, SupportRequestRecord, VendorCatalogue};
use escalator_store::Store;
use uuid::Uuid;

/// A bound, so a writer nobody kills still stops.
const MAX_WRITES: u64 = 100_000;

fn main() -> ExitCode {
    match write_until_killed() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("escalator-store-writer: {message}");
            ExitCode::FAILURE
        }
    }
}

fn write_until_killed() -> Result<(), String> {
    let mut args = std::env::args_os().skip(1);
    let data_dir = PathBuf::from(
        args.next()
            .ok_or("usage: escalator-store-writer DATA_DIR RUN")?,
    );
    let run: u64 = args
        .next()
        .and_then(|run| run.to_str().and_then(|run| run.parse().ok()))
        .ok_or("RUN must be a whole number")?;

    let mut store = Store::open_in(&data_dir).map_err(|e| e.to_string())?;
    let catalogue = VendorCatalogue::built_in();
    let mut stdout = std::io::stdout().lock();
    for n in 0..MAX_WRITES {
        let valid = NewSupportRequest {
            vendor: "redhat".into(),
            vendor_sr_number: format!("D-{run}-{n}"),
            title: format!("Durability write {n} of run {run}"),
            severity: 2,
        }
        .validate(&catalogue)
        .map_err(|e| e.to_string())?;
        let id = SupportRequestId(Uuid::from_u128(u128::from(run) << 64 | u128::from(n)));
        let at = DateTime::<Utc>::from_timestamp(1_790_000_000 + i64::try_from(n).unwrap_or(0), 0)
            .unwrap_or_default();
        store
            .insert_support_request(&SupportRequestRecord::new(id, valid, at))
            .map_err(|e| e.to_string())?;
        // Printed only after the insert returned: every id the parent reads was acknowledged.
        writeln!(stdout, "{id}").map_err(|e| e.to_string())?;
        stdout.flush().map_err(|e| e.to_string())?;
    }
    Ok(())
}
