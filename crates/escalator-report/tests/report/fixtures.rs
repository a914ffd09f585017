//! Realistic, deterministic inputs for every report, shared by the tests of each format
//! (Markdown, CSV, HTML, PDF).
//!
//! Each fixture takes `t`, through which every piece of user or vendor text passes, so a test
//! can replace all of it at once with something hostile ([`HOSTILE`], a formula) and see that
//! nothing but that text changes. Pass [`plain`] for the fixture as a user would see it. The
//! reader's zone is Europe/Berlin and every report is generated at [`stamp`], never the clock.

use escalator_core::action_item::{
    ActionItem, ActionItemId, ItemDetails, ItemSource, ItemStatus, Side,
};
use escalator_core::cadence::{
    CadenceState, CommunicationPlan, IntervalUnit, UpdateMode, VendorUpdate,
};
use escalator_core::conference_call::{CallId, CallMinutes, ConferenceCall, Repeat, SeriesEnd};
use escalator_core::escalation::{
    EscalationState, Feedback, Milestone, PassedReview, ReadinessInput, Trigger, Workaround,
};
use escalator_core::escalation_record::{
    Contact, ContactRole, EscalationId, EscalationRecord, Route,
};
use escalator_core::metrics::{FeedbackEntry, VendorScorecard};
use escalator_core::playbook::ContactMethod;
use escalator_core::sr_details::{SrDetails, Technician};
use escalator_core::third_party::{
    EngagedVia, EngagementDetails, EngagementStatus, ThirdPartyEngagement,
};
use escalator_core::timeline::{ChainedEvent, EventKind};
use escalator_core::{Severity, SrStatus, SupportRequestId, SupportRequestRecord};
use escalator_report::document::Document;
use escalator_report::escalation_report::EscalationReport;
use escalator_report::scorecard::Scorecards;
use escalator_report::sr_register::{SrRegister, SrRow};
use escalator_report::status_report::{StatusReport, StatusRow};
use uuid::Uuid;

use crate::util::{date, local, plan, series, stamp, user_stamp, utc};

/// Text that would add structure to a document if any renderer let it through: Markdown
/// headings, links, tables, fences, emphasis, quotes, lists and indented code, and HTML.
pub const HOSTILE: &str = "# Heading\n[x](javascript:alert(1)) <script>alert(1)</script>\n| a | b |\n```rust\n`code` ~~strike~~ **bold** ===\n> quote\n- item\n    indented";

/// The text as typed.
pub fn plain(text: &str) -> String {
    text.to_owned()
}

const ESCALATION: u128 = 0x0e5c_0000_0000_4000_8000_0000_0000_0001;
const SR: u128 = 0x05a0_0000_0000_4000_8000_0000_0000_0002;
const CALL: u128 = 0x0ca1_0000_0000_4000_8000_0000_0000_0003;

/// A vMotion failure on a production cluster, escalated on one SR: a passed readiness
/// review, a daily bridge with minutes, an item on each side, a third party engaged through
/// TSANet, one missed update and a verified four-event timeline.
pub fn escalation_report(t: &dyn Fn(&str) -> String) -> EscalationReport {
    let escalation = EscalationId(Uuid::from_u128(ESCALATION));
    let contact = |role, name: &str, email: &str, phone: &str, note: &str| Contact {
        role,
        name: t(name),
        email: t(email),
        phone: t(phone),
        note: t(note),
    };
    let input = ReadinessInput {
        problem_statement: t(
            "Since the 8.0 U3 upgrade, vMotion of VMs over 64 GB fails at 20 %.\nAffects all 12 hosts in cluster PROD-A.",
        ),
        problem_statement_confirmed: true,
        business_impact: t("Maintenance windows cannot be kept; patching of 400 VMs is blocked."),
        workaround: Workaround::Impractical {
            why: t("Cold migration needs downtime the business will not grant."),
        },
        milestone: Milestone::On {
            date: date(2026, 2, 1),
            what: t("Quarterly patch deadline (audit)"),
        },
    };
    let record = EscalationRecord {
        id: escalation,
        title: t("vMotion failures on PROD-A"),
        state: EscalationState::ActionPlanAgreed,
        triggers: vec![Trigger::Roadblock, Trigger::CriticalImpact],
        support_requests: vec![SupportRequestId(Uuid::from_u128(SR))],
        review: Some(PassedReview {
            input: input.clone(),
            reviewed_on: date(2026, 1, 9),
        }),
        route: Some(Route {
            role: t("Duty Manager"),
            how: ContactMethod::Phone,
            phone: Some(t("+1 877 486 9273")),
            region: t("EMEA"),
        }),
        engineer: t("Priya Raman"),
        action_plan: t(
            "1. Collect vmkernel logs from two hosts.\n2. Engineering reviews the stun-time trace.\n\nNext checkpoint on the daily call.",
        ),
        contacts: vec![
            contact(
                ContactRole::EscalationEngineer,
                "Priya Raman",
                "priya@vendor.example",
                "+44 20 7946 0000",
                "UK hours",
            ),
            contact(
                ContactRole::OurSide,
                "Ada Lovelace",
                "ada@customer.example",
                "",
                "",
            ),
        ],
        re_escalations: 1,
        de_escalation_agreement: t(
            "De-escalate once a hotfix is applied and 48 h of migrations succeed.",
        ),
        feedback: Some(Feedback {
            rating: 4,
            comment: t("Fast once the engineer was assigned."),
        }),
        withdrawn_reason: String::new(),
        created_at: utc(2026, 1, 9, 9, 15),
        updated_at: utc(2026, 1, 12, 16, 40),
    };
    let sr = SupportRequestRecord {
        id: SupportRequestId(Uuid::from_u128(SR)),
        vendor: "broadcom".to_owned(),
        vendor_sr_number: t("SR-2401-7781"),
        title: t("vMotion fails for large VMs"),
        severity: Severity::new(2).unwrap(),
        status: SrStatus::WaitingOnVendor,
        details: SrDetails {
            product: t("vSphere 8.0 U3"),
            problem_statement: input.problem_statement.clone(),
            business_impact: input.business_impact.clone(),
            workaround: input.workaround.clone(),
            milestone: input.milestone.clone(),
            technician: Technician {
                name: t("Jon Smith"),
                email: t("jon.smith@vendor.example"),
                phone: t("+1 555 0101"),
            },
        },
        created_at: utc(2026, 1, 5, 8, 0),
        updated_at: utc(2026, 1, 12, 16, 40),
    };
    let mut call_plan = plan(
        &t("Daily vMotion bridge"),
        local(2026, 1, 12, 15, 0),
        "Europe/Berlin",
        series(Repeat::Weekdays, SeriesEnd::Count { count: 5 }),
    );
    call_plan.agenda = t("Log review\nNext steps");
    let call = ConferenceCall {
        id: CallId(Uuid::from_u128(CALL)),
        escalation,
        plan: call_plan,
        sequence: 0,
        cancelled: false,
        created_at: utc(2026, 1, 10, 8, 30),
        updated_at: utc(2026, 1, 10, 8, 30),
    };
    let minutes = CallMinutes {
        call: call.id,
        occurrence: utc(2026, 1, 12, 14, 0),
        text: t("Vendor reproduced the failure in the lab.\nHotfix candidate expected Wednesday."),
        recorded_at: utc(2026, 1, 12, 15, 5),
        actor: t("Ada"),
    };
    let item = ActionItem {
        id: ActionItemId(Uuid::from_u128(0x11)),
        escalation,
        details: ItemDetails {
            title: t("Upload vmkernel logs from esx-07 and esx-09"),
            owner: t("Ada"),
            side: Side::Us,
            due: Some(utc(2026, 1, 13, 16, 0)),
        },
        status: ItemStatus::Done,
        source: ItemSource::Plan,
        status_since: utc(2026, 1, 12, 11, 0),
        waited_on_vendor_seconds: 0,
        waited_on_us_seconds: 7_500,
        created_at: utc(2026, 1, 12, 9, 0),
        updated_at: utc(2026, 1, 12, 11, 0),
    };
    let vendor_item = ActionItem {
        id: ActionItemId(Uuid::from_u128(0x12)),
        details: ItemDetails {
            title: t("Provide hotfix build"),
            owner: t("Priya Raman"),
            side: Side::Vendor,
            due: None,
        },
        status: ItemStatus::WaitingOnVendor,
        waited_on_vendor_seconds: 93_600,
        waited_on_us_seconds: 0,
        ..item.clone()
    };
    let third_party = ThirdPartyEngagement {
        id: Uuid::from_u128(0x21),
        escalation,
        details: EngagementDetails {
            vendor: t("Dell Technologies"),
            via: EngagedVia::Tsanet,
            case_number: t("DELL-99812"),
            status: EngagementStatus::Engaged,
            contacts: vec![contact(
                ContactRole::ThirdParty,
                "Mark Chen",
                "mark@dell.example",
                "",
                "NIC firmware",
            )],
            note: t("Checking NIC firmware 22.5 against the vendor's compatibility list."),
        },
        created_at: utc(2026, 1, 11, 10, 0),
        updated_at: utc(2026, 1, 11, 10, 0),
    };
    let updates = vec![VendorUpdate {
        id: Uuid::from_u128(0x31),
        received_at: utc(2026, 1, 11, 9, 45),
        mode: UpdateMode::Email,
        summary: t("Logs analysed; lab repro scheduled."),
        actor: t("Ada"),
    }];
    let communication = CommunicationPlan {
        modes: vec![UpdateMode::Email, UpdateMode::ConferenceCall],
        every: 24,
        unit: IntervalUnit::Hours,
        zone: "Europe/Berlin".to_owned(),
        business_hours: None,
        attendees: Vec::new(),
        note: t("Email summary after each call."),
    };
    EscalationReport {
        escalation: record,
        support_requests: vec![sr],
        vendor_names: vec![("broadcom".to_owned(), t("Broadcom (VMware)"))],
        communication_plan: Some(communication),
        vendor_updates: updates,
        missed_updates: 1,
        calls: vec![call],
        minutes: vec![minutes],
        action_items: vec![item, vendor_item],
        third_parties: vec![third_party],
        timeline: chain(t),
        chain_verified: true,
        zone: "Europe/Berlin".to_owned(),
        generated_at: stamp(),
    }
}

fn chain(t: &dyn Fn(&str) -> String) -> Vec<ChainedEvent> {
    let events = [
        (
            utc(2026, 1, 9, 9, 15),
            EventKind::EscalationRequested,
            "Escalation of SR SR-2401-7781 requested via Duty Manager",
        ),
        (
            utc(2026, 1, 9, 11, 2),
            EventKind::Acknowledged,
            "Acknowledged by the vendor",
        ),
        (
            utc(2026, 1, 10, 8, 30),
            EventKind::CallScheduled,
            "Daily vMotion bridge scheduled",
        ),
        (
            utc(2026, 1, 12, 16, 40),
            EventKind::Note,
            "Hotfix candidate promised for Wednesday",
        ),
    ];
    let mut out: Vec<ChainedEvent> = Vec::new();
    for (at, kind, summary) in events {
        let mut stamp = user_stamp(at);
        stamp.actor = t("Ada");
        let event = stamp.event(kind, t(summary), Default::default());
        let next = ChainedEvent::append(out.last(), event);
        out.push(next);
    }
    out
}

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// Monday's status of four open escalations in different states: one on track, a
/// multi-vendor war room that missed updates and was re-escalated, a fresh request without a
/// plan or engineer, and one whose de-escalation is proposed with an update due soon.
pub fn status_report(t: &dyn Fn(&str) -> String) -> StatusReport {
    let rows = vec![
        StatusRow {
            title: t("vMotion failures on PROD-A"),
            state: EscalationState::ActionPlanAgreed,
            vendors: vec![t("Broadcom (VMware)")],
            sr_numbers: vec![t("SR-2401-7781")],
            severity: Some(2),
            opened_at: utc(2026, 1, 9, 9, 15),
            updated_at: utc(2026, 1, 12, 16, 40),
            engineer: t("Priya Raman"),
            cadence: Some((CadenceState::OnTrack, utc(2026, 1, 16, 9, 45))),
            updates_missed: 1,
            re_escalations: 1,
            open_items: 1,
            overdue_items: 0,
            next_call: Some(utc(2026, 1, 15, 14, 0)),
        },
        StatusRow {
            title: t("SAP HANA storage latency spikes"),
            state: EscalationState::ReEscalated,
            vendors: vec![t("NetApp"), t("Cisco"), t("SUSE")],
            sr_numbers: vec![t("2009876543"), t("698765432"), t("00412345")],
            severity: Some(1),
            opened_at: utc(2026, 1, 7, 6, 40),
            updated_at: utc(2026, 1, 15, 8, 10),
            engineer: t("Tomás Oliveira"),
            cadence: Some((CadenceState::Missed, utc(2026, 1, 15, 10, 0))),
            updates_missed: 3,
            re_escalations: 2,
            open_items: 4,
            overdue_items: 2,
            next_call: Some(utc(2026, 1, 15, 15, 30)),
        },
        StatusRow {
            title: t("Backup jobs stall after agent update"),
            state: EscalationState::Requested,
            vendors: vec![t("Veeam")],
            sr_numbers: vec![t("05871234")],
            severity: Some(3),
            opened_at: utc(2026, 1, 14, 13, 20),
            updated_at: utc(2026, 1, 14, 13, 20),
            engineer: String::new(),
            cadence: None,
            updates_missed: 0,
            re_escalations: 0,
            open_items: 0,
            overdue_items: 0,
            next_call: None,
        },
        StatusRow {
            title: t("Intermittent GlobalProtect VPN drops"),
            state: EscalationState::DeEscalationProposed,
            vendors: vec![t("Palo Alto Networks")],
            sr_numbers: vec![t("PAN-03312")],
            severity: Some(2),
            opened_at: utc(2025, 12, 18, 15, 5),
            updated_at: utc(2026, 1, 14, 9, 30),
            engineer: t("Lena Fischer"),
            cadence: Some((CadenceState::DueSoon, utc(2026, 1, 15, 13, 0))),
            updates_missed: 0,
            re_escalations: 0,
            open_items: 1,
            overdue_items: 0,
            next_call: None,
        },
    ];
    StatusReport {
        scope: t("All open escalations"),
        rows,
        zone: "Europe/Berlin".to_owned(),
        generated_at: stamp(),
    }
}

/// A quarter's scorecards for three vendors: one with two comments (one of them on two
/// lines), one with a low rating and slipped updates, and one with a single open escalation
/// that has no measures or feedback yet.
pub fn scorecards(t: &dyn Fn(&str) -> String) -> Scorecards {
    let feedback = |escalation: &str, rating: u8, comment: &str| FeedbackEntry {
        escalation: t(escalation),
        rating,
        comment: t(comment),
    };
    let vendors = vec![
        VendorScorecard {
            vendor: t("Broadcom (VMware)"),
            escalations: 4,
            open: 1,
            median_time_to_escalate_seconds: Some(2 * DAY + 3 * HOUR + 5 * MINUTE),
            median_time_to_engineer_seconds: Some(3 * HOUR + 20 * MINUTE),
            updates_received: 18,
            updates_missed: 2,
            re_escalations: 1,
            waited_on_vendor_seconds: 5 * DAY + 7 * HOUR + 30 * MINUTE,
            waited_on_us_seconds: 9 * HOUR + 15 * MINUTE,
            feedback: vec![
                feedback(
                    "vCenter upgrade blocked by SSO error",
                    4,
                    "Fast once the engineer was assigned.",
                ),
                feedback(
                    "ESXi hosts lose storage paths",
                    3,
                    "Needed a re-escalation to reach engineering.\nGood root-cause report.",
                ),
            ],
        },
        VendorScorecard {
            vendor: t("NetApp"),
            escalations: 2,
            open: 1,
            median_time_to_escalate_seconds: Some(6 * HOUR + 30 * MINUTE),
            median_time_to_engineer_seconds: Some(45 * MINUTE),
            updates_received: 7,
            updates_missed: 3,
            re_escalations: 2,
            waited_on_vendor_seconds: 2 * DAY + 4 * HOUR,
            waited_on_us_seconds: DAY + 2 * HOUR + 10 * MINUTE,
            feedback: vec![feedback(
                "Snapshot reserve exhausted on aggr1",
                2,
                "Updates slipped while the case moved between teams.",
            )],
        },
        VendorScorecard {
            vendor: t("Veeam"),
            escalations: 1,
            open: 1,
            median_time_to_escalate_seconds: None,
            median_time_to_engineer_seconds: None,
            updates_received: 0,
            updates_missed: 0,
            re_escalations: 0,
            waited_on_vendor_seconds: 0,
            waited_on_us_seconds: 0,
            feedback: Vec::new(),
        },
    ];
    Scorecards {
        scope: t("Escalations opened 2025-10-01 to 2025-12-31"),
        vendors,
        zone: "Europe/Berlin".to_owned(),
        generated_at: stamp(),
    }
}

/// The SR register of five SRs with three vendors: two escalated (one war room shares an
/// escalation), one waiting on us, one resolved, one without a product.
pub fn sr_register(t: &dyn Fn(&str) -> String) -> SrRegister {
    let row = |vendor: &str, number: &str, title: &str, product: &str, severity, status| SrRow {
        vendor: t(vendor),
        sr_number: t(number),
        title: t(title),
        product: t(product),
        severity,
        status,
        opened_at: utc(2026, 1, 8, 14, 20),
        updated_at: utc(2026, 1, 12, 16, 40),
        escalation: None,
    };
    let war_room = (t("Storage latency war room"), EscalationState::Requested);
    let rows = vec![
        SrRow {
            escalation: Some((
                t("vMotion failures on PROD-A"),
                EscalationState::ActionPlanAgreed,
            )),
            ..row(
                "Broadcom (VMware)",
                "SR-2401-7781",
                "vMotion of large VMs fails at 20 %",
                "vSphere 8.0 U3",
                1,
                SrStatus::WaitingOnVendor,
            )
        },
        SrRow {
            escalation: Some(war_room.clone()),
            opened_at: utc(2026, 1, 10, 7, 5),
            ..row(
                "Cisco",
                "694112233",
                "UCS fabric interconnect drops FC paths",
                "UCS 6454",
                2,
                SrStatus::Open,
            )
        },
        SrRow {
            escalation: Some(war_room),
            ..row(
                "Oracle",
                "3-36011122001",
                "ASM rebalance stalls on the new LUNs",
                "",
                2,
                SrStatus::WaitingOnUs,
            )
        },
        row(
            "Oracle",
            "3-35999000111",
            "Patch 36582781 fails its prerequisite check",
            "Database 19c",
            3,
            SrStatus::Resolved,
        ),
        row(
            "Red Hat",
            "04012345",
            "Kernel panic in nfsd under load",
            "RHEL 9.4",
            4,
            SrStatus::Open,
        ),
    ];
    SrRegister {
        scope: t("All support requests"),
        rows,
        zone: "Europe/Berlin".to_owned(),
        generated_at: stamp(),
    }
}

/// Each report the app exports, built from the fixtures above with `t` applied to all text.
pub fn reports(t: &dyn Fn(&str) -> String) -> Vec<(&'static str, Document)> {
    vec![
        (
            "escalation",
            escalator_report::escalation_report::document(&escalation_report(t)),
        ),
        (
            "status",
            escalator_report::status_report::document(&status_report(t)),
        ),
        (
            "scorecard",
            escalator_report::scorecard::document(&scorecards(t)),
        ),
        (
            "support-requests",
            escalator_report::sr_register::document(&sr_register(t)),
        ),
    ]
}

/// Compares an export with its golden file byte for byte; with `UPDATE_GOLDEN=1` rewrites
/// the file instead, so an intended change is one command and a reviewed diff.
/// `relative` is the path under `tests/report/golden`.
pub fn assert_golden(relative: &str, rendered: &str) {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/report/golden")
        .join(relative);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, rendered).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_default();
    if rendered.as_bytes() != expected.as_slice() {
        let expected = String::from_utf8_lossy(&expected);
        let first = rendered
            .split('\n')
            .zip(expected.split('\n'))
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| {
                rendered
                    .split('\n')
                    .count()
                    .min(expected.split('\n').count())
            });
        panic!(
            "the export differs from {} at line {}:\n  rendered: {:?}\n  golden:   {:?}\n\
             If the change is intended, rewrite the file with \
             `UPDATE_GOLDEN=1 cargo test -p escalator-report` and review its diff.",
            path.display(),
            first + 1,
            rendered.split('\n').nth(first),
            expected.split('\n').nth(first),
        );
    }
}
