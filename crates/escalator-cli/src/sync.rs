//! `escalator sync`: every vendor account (or one) synced once, headless — for a cron job, a
//! server without a desktop session, or to see a sync's outcome in a terminal.
//!
//! Each account is synced in turn on a small runtime of its own; one that fails does not stop
//! the others, and the run ends with exit code 6 when any failed. Adding accounts and
//! entering secrets stay in the window: a secret typed on a command line would land in the
//! shell's history.

use std::io::Write;

use escalator_app::{App, SyncReport, VendorAccount};

use crate::args::SyncArgs;
use crate::failure::Failure;
use crate::{Exit, emit};

pub(crate) fn run(
    app: &App,
    args: &SyncArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    progress: bool,
) -> Result<(), Failure> {
    let accounts = chosen(app.vendor_accounts()?, args.account.as_deref())?;
    if accounts.is_empty() {
        let _ = writeln!(
            err,
            "No vendor accounts: add one in the window, under Settings."
        );
        return Ok(());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::new(Exit::Failure, format!("No runtime for the sync: {e}.")))?;
    let mut failed = 0;
    for account in &accounts {
        let outcome = runtime.block_on(app.sync_account(&account.id, &mut |step| {
            if progress {
                eprint!("\r{}", step.label);
            }
        }));
        if progress {
            eprintln!();
        }
        match outcome {
            Ok(report) => emit(out, &format!("{}: {}", account.name, summary(&report)))?,
            Err(problem) => {
                failed += 1;
                let _ = writeln!(err, "error: {}: {}", account.name, problem.message);
            }
        }
    }
    if failed > 0 {
        return Err(Failure::silent(Exit::Vendor));
    }
    Ok(())
}

/// The accounts to sync: all, or the one named (by name, ignoring case, or by id).
fn chosen(accounts: Vec<VendorAccount>, name: Option<&str>) -> Result<Vec<VendorAccount>, Failure> {
    let Some(name) = name.map(str::trim) else {
        return Ok(accounts);
    };
    let names: Vec<String> = accounts.iter().map(|a| a.name.clone()).collect();
    let one: Vec<VendorAccount> = accounts
        .into_iter()
        .filter(|a| a.name.eq_ignore_ascii_case(name) || a.id == name)
        .collect();
    if one.is_empty() {
        let known = if names.is_empty() {
            "there are none yet".to_owned()
        } else {
            format!("the accounts are: {}", names.join(", "))
        };
        return Err(Failure::new(
            Exit::BadInput,
            format!("There is no vendor account {name:?}."),
        )
        .hint(known));
    }
    Ok(one)
}

fn summary(report: &SyncReport) -> String {
    format!(
        "{} cases read, {} SRs added, {} changed, {} vendor updates, {} actions delivered, {} refused",
        report.cases_read,
        report.support_requests_added,
        report.support_requests_changed,
        report.updates_received,
        report.delivered,
        report.refused
    )
}
