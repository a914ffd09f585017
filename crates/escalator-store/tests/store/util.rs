use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use escalator_core::escalation::{Milestone, ReadinessInput, Trigger, Workaround};
use escalator_core::escalation_record::{
    EscalationId, EscalationRecord, EscalationRequest, Route, Stamp,
};
use escalator_core::playbook::ContactMethod;
use escalator_core::timeline::{ChainedEvent, NewEvent};
use escalator_core::{NewSupportRequest, SupportRequestId, SupportRequestRecord, VendorCatalogue};
use escalator_store::Store;
use uuid::Uuid;

pub fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_790_000_000 + secs, 0).unwrap()
}

/// Who did something, and when: Dana in Berlin, `secs` after the tests' epoch.
pub fn stamp(secs: i64) -> Stamp {
    Stamp {
        at: at(secs),
        zone: "Europe/Berlin".into(),
        actor: "Dana Fischer".into(),
    }
}

pub fn record(
    vendor: &str,
    number: &str,
    title: &str,
    created: DateTime<Utc>,
) -> SupportRequestRecord {
    let valid = NewSupportRequest {
        vendor: vendor.into(),
        vendor_sr_number: number.into(),
        title: title.into(),
        severity: 2,
    }
    .validate(&VendorCatalogue::built_in())
    .unwrap();
    SupportRequestRecord::new(SupportRequestId(Uuid::new_v4()), valid, created)
}

/// The `sr_opened` event the app writes with a new SR, stamped at its creation time.
pub fn opened(sr: &SupportRequestRecord) -> NewEvent {
    sr.opened_event(&Stamp {
        at: sr.created_at,
        zone: "Europe/Berlin".into(),
        actor: "Dana Fischer".into(),
    })
}

/// Records `sr` as the app does: the SR with its `sr_opened` event.
pub fn insert(store: &mut Store, sr: &SupportRequestRecord) -> ChainedEvent {
    store.insert_support_request(sr, opened(sr)).unwrap()
}

/// The stream that holds an SR's own events.
pub fn sr_stream(sr: &SupportRequestRecord) -> String {
    sr.id.to_string()
}

/// A requested escalation of `sr`, as the wizard hands it over, with its first event.
pub fn requested_escalation(
    sr: &SupportRequestRecord,
    title: &str,
    at_secs: i64,
) -> (EscalationRecord, NewEvent) {
    let review = ReadinessInput {
        problem_statement: "vMotion of large VMs fails at 21%".into(),
        problem_statement_confirmed: true,
        business_impact: "400 VMs cannot be moved off failing hosts".into(),
        workaround: Workaround::None,
        milestone: Milestone::NoneExplicitly,
    }
    .review(NaiveDate::from_ymd_opt(2026, 9, 21).unwrap())
    .unwrap();
    EscalationRecord::request(
        EscalationId(Uuid::new_v4()),
        EscalationRequest {
            title: title.into(),
            support_request: sr.id,
            sr_number: sr.vendor_sr_number.clone(),
            triggers: vec![Trigger::CriticalImpact],
            review,
            route: Route {
                role: "Duty Manager".into(),
                how: ContactMethod::Phone,
                phone: Some("+1 877 486 9273".into()),
                region: "EMEA".into(),
            },
        },
        &stamp(at_secs),
    )
    .unwrap()
}

pub fn database_in(dir: &Path) -> PathBuf {
    dir.join(escalator_store::DATABASE_FILE_NAME)
}

/// A folder this process cannot write to. Root ignores permission bits, so as root we use a
/// kernel folder that refuses new files to everyone.
pub fn read_only_folder(scratch: &Path) -> PathBuf {
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if is_root {
        return PathBuf::from("/sys/kernel");
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch.join("read-only");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    dir
}

/// A VMware SR and a requested escalation of it, written as the app writes them.
pub fn escalation_in(store: &mut Store, number: &str) -> EscalationId {
    let sr = record("vmware", number, "vMotion fails", at(0));
    insert(store, &sr);
    let (escalation, event) = requested_escalation(&sr, "vMotion outage", 60);
    store.insert_escalation(&escalation, event).unwrap();
    escalation.id
}
