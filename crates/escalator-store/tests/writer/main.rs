//! Writes into the database in the folder given as the first argument, as fast as the store
//! acknowledges, until the durability test kills it. Not part of Escalator.
//!
//! Each iteration records a support request with its `sr_opened` event, then writes one
//! escalation event: the first iteration requests an escalation of the SR it just recorded,
//! every later one adds a note to that escalation. Each acknowledged write is printed on its
//! own line only after the store call returned:
//!
//! ```text
//! sr <sr id>
//! event <stream> <seq> <hash>
//! ```
//!
//! Usage: `escalator-store-writer DATA_DIR RUN` (RUN keeps ids unique across runs).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, Utc};
use escalator_core::escalation::{Milestone, ReadinessInput, Trigger, Workaround};
use escalator_core::escalation_record::{
    EscalationId, EscalationRecord, EscalationRequest, Route, Stamp,
};
use escalator_core::playbook::ContactMethod;
use escalator_core::timeline::ChainedEvent;
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
    let mut escalation: Option<EscalationRecord> = None;
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
        let stamp = Stamp {
            at: DateTime::<Utc>::from_timestamp(1_790_000_000 + i64::try_from(n).unwrap_or(0), 0)
                .unwrap_or_default(),
            zone: "Europe/Berlin".into(),
            actor: "Durability writer".into(),
        };
        let sr = SupportRequestRecord::new(id, valid, stamp.at);
        let opened = store
            .insert_support_request(&sr, sr.opened_event(&stamp))
            .map_err(|e| e.to_string())?;
        // Printed only after the call returned: every line the parent reads was acknowledged.
        writeln!(stdout, "sr {id}").map_err(|e| e.to_string())?;
        acknowledge(&mut stdout, &id.to_string(), &opened)?;

        let (stream, event) = match escalation.as_mut() {
            None => {
                let (record, event) = request_escalation(run, &sr, &stamp)?;
                let chained = store
                    .insert_escalation(&record, event)
                    .map_err(|e| e.to_string())?;
                let stream = record.id.to_string();
                escalation = Some(record);
                (stream, chained)
            }
            Some(record) => {
                let event = record
                    .note(&format!("Durability note {n} of run {run}"), &stamp)
                    .map_err(|e| e.to_string())?;
                let chained = store
                    .update_escalation(record, event)
                    .map_err(|e| e.to_string())?;
                (record.id.to_string(), chained)
            }
        };
        acknowledge(&mut stdout, &stream, &event)?;
    }
    Ok(())
}

fn acknowledge(out: &mut impl Write, stream: &str, event: &ChainedEvent) -> Result<(), String> {
    writeln!(out, "event {stream} {} {}", event.seq, event.hash).map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())
}

fn request_escalation(
    run: u64,
    sr: &SupportRequestRecord,
    stamp: &Stamp,
) -> Result<(EscalationRecord, escalator_core::timeline::NewEvent), String> {
    let review = ReadinessInput {
        problem_statement: "The writer is killed at random moments".into(),
        problem_statement_confirmed: true,
        business_impact: "Acknowledged writes must survive".into(),
        workaround: Workaround::None,
        milestone: Milestone::NoneExplicitly,
    }
    .review(NaiveDate::from_ymd_opt(2026, 9, 21).unwrap_or_default())
    .map_err(|e| e.to_string())?;
    // The top bit set keeps escalation ids apart from the SR ids above.
    let id = EscalationId(Uuid::from_u128(1 << 127 | u128::from(run)));
    EscalationRecord::request(
        id,
        EscalationRequest {
            title: format!("Durability escalation of run {run}"),
            support_request: sr.id,
            sr_number: sr.vendor_sr_number.clone(),
            triggers: vec![Trigger::CriticalImpact],
            review,
            route: Route {
                role: "Duty Manager".into(),
                how: ContactMethod::Phone,
                phone: None,
                region: "EMEA".into(),
            },
        },
        stamp,
    )
    .map_err(|e| e.to_string())
}
