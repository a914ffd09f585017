//! The escalation report in Markdown: a golden file for the whole layout, hostile text in
//! every field staying inert, and a broken chain being said so.

use std::path::PathBuf;

use escalator_core::action_item::{
    ActionItem, ActionItemId, ItemDetails, ItemSource, ItemStatus, Side,
};
use escalator_core::cadence::{CommunicationPlan, IntervalUnit, UpdateMode, VendorUpdate};
use escalator_core::conference_call::{CallId, CallMinutes, ConferenceCall, Repeat, SeriesEnd};
use escalator_core::escalation::{
    EscalationState, Feedback, Milestone, PassedReview, ReadinessInput, Trigger, Workaround,
};
use escalator_core::escalation_record::{
    Contact, ContactRole, EscalationId, EscalationRecord, Route,
};
use escalator_core::playbook::ContactMethod;
use escalator_core::sr_details::{SrDetails, Technician};
use escalator_core::third_party::{
    EngagedVia, EngagementDetails, EngagementStatus, ThirdPartyEngagement,
};
use escalator_core::timeline::{self, ChainVerdict, ChainedEvent, EventKind};
use escalator_core::{Severity, SrStatus, SupportRequestId, SupportRequestRecord};
use escalator_report::escalation_report::{EscalationReport, markdown};
use uuid::Uuid;

use crate::util::{date, local, plan, series, user_stamp, utc};

const ESCALATION: u128 = 0x0e5c_0000_0000_4000_8000_0000_0000_0001;
const SR: u128 = 0x05a0_0000_0000_4000_8000_0000_0000_0002;
const CALL: u128 = 0x0ca1_0000_0000_4000_8000_0000_0000_0003;

/// A realistic escalation; `t` passes every piece of user or vendor text through, so the
/// injection test can replace all of it at once.
fn report(t: &dyn Fn(&str) -> String) -> EscalationReport {
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
        generated_at: utc(2026, 1, 15, 12, 0),
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

fn golden_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/report/golden/escalation.md")
}

#[test]
fn escalation_report_matches_the_golden_file() {
    let rendered = markdown(&report(&|s| s.to_owned()));
    let path = golden_path();
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, &rendered).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if rendered != expected {
        let first = rendered
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| rendered.lines().count().min(expected.lines().count()));
        panic!(
            "the report differs from {} at line {}:\n  rendered: {:?}\n  golden:   {:?}\n\
             If the change is intended, rewrite the file with \
             `UPDATE_GOLDEN=1 cargo test -p escalator-report markdown` and review its diff.",
            path.display(),
            first + 1,
            rendered.lines().nth(first),
            expected.lines().nth(first),
        );
    }
}

const PAYLOAD: &str = "# Heading\n[x](javascript:alert(1)) <script>alert(1)</script>\n| a | b |\n```rust\n`code` ~~strike~~ **bold** ===\n> quote\n- item\n    indented";

#[test]
fn markdown_and_html_in_every_text_field_stay_text() {
    let report = report(&|_| PAYLOAD.to_owned());
    let rendered = markdown(&report);

    for raw in [
        "<script>",
        "](javascript",
        "[x]",
        "| a | b |",
        "```",
        "**bold**",
        "~~strike~~",
        "\n# Heading",
        "\n> quote",
        "\n- item",
        "\n    indented",
        "\n===",
    ] {
        assert!(!rendered.contains(raw), "{raw:?} appears unescaped");
    }
    assert!(rendered.contains(r"\# Heading"));
    assert!(rendered.contains(r"\<script\>alert\(1\)\</script\>"));
    assert!(rendered.contains(r"\[x\]\(javascript:alert\(1\)\)"));
    assert!(rendered.contains(r"\| a \| b \|"));

    // Every `<`, `[`, `*` and backtick is escaped; the only ones left are the report's own:
    // bold field labels and the backticks around the head hash.
    for (i, line) in rendered.lines().enumerate() {
        let own_label = line.len() > 4
            && line.starts_with("**")
            && line.ends_with("**")
            && line[2..line.len() - 2]
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == ' ');
        if own_label || line.starts_with("Chain head: `") {
            continue;
        }
        let mut backslashes = 0;
        for c in line.chars() {
            let escaped = backslashes % 2 == 1;
            if matches!(c, '<' | '>' | '[' | '`' | '|' | '*' | '_') && !escaped {
                // A table's own pipes are the only unescaped ones.
                assert!(
                    c == '|' && line.starts_with('|'),
                    "line {} has an unescaped {c:?}: {line}",
                    i + 1
                );
            }
            backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        }
    }

    // Only the report's own headings: the title, the twelve sections, "Updates received",
    // one per SR, call and third party, and one per call's minutes.
    let headings: Vec<&str> = rendered.lines().filter(|l| l.starts_with('#')).collect();
    let expected = 1
        + 12
        + 1
        + report.support_requests.len()
        + report.calls.len()
        + report.third_parties.len()
        + report.minutes.len();
    assert_eq!(headings.len(), expected, "{headings:#?}");
    for heading in headings {
        let text = heading.trim_start_matches('#');
        assert!(text.starts_with(' '), "{heading}");
        assert!(!text.trim_start().starts_with('#'), "{heading}");
    }
}

#[test]
fn a_broken_chain_is_reported_as_broken() {
    let mut report = report(&|s| s.to_owned());
    report.timeline[1].summary = "Quietly rewritten".to_owned();
    report.chain_verified = matches!(
        timeline::verify(&report.timeline),
        ChainVerdict::Intact { .. }
    );
    assert!(!report.chain_verified);

    let rendered = markdown(&report);
    let head = report.timeline.last().unwrap().hash.to_hex();
    assert!(
        rendered.contains(&format!("Chain head: `{head}` (BROKEN)")),
        "{rendered}"
    );
    assert!(!rendered.contains("verified"));
}
