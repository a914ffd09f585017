//! The escalation report: everything a post-escalation review needs, as one [`Document`].
//!
//! The app assembles an [`EscalationReport`] from the store (the record, its SRs, plan,
//! updates, calls, minutes, items, third parties and the escalation's own verified timeline
//! stream) and [`document`] says what the report contains, in the order a reviewer reads it;
//! each format's renderer lays that out. Building is pure and reproducible: the moment of
//! generation and the user's zone are fields, never read here. Times are written in the
//! user's zone with UTC beside them, so readers elsewhere need no conversion.
//!
//! It also holds the small formatting rules the other reports share (`Clock` for local and
//! UTC times, `duration_text`, `state_label`), so every report writes them the same way.
//!
//! It deliberately does not choose what to include (that is the app's query), verify the
//! chain (the caller says whether it verified), merge the SRs' own timeline streams, escape
//! anything (text stays as typed; each renderer escapes for its format) or lay out any
//! format; nor does it write the file anywhere.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use escalator_core::SupportRequestRecord;
use escalator_core::action_item::ActionItem;
use escalator_core::cadence::{CommunicationPlan, VendorUpdate};
use escalator_core::conference_call::{CallMinutes, ConferenceCall};
use escalator_core::escalation::{EscalationState, Milestone, Trigger, Workaround};
use escalator_core::escalation_record::{Contact, EscalationRecord};
use escalator_core::playbook::ContactMethod;
use escalator_core::third_party::ThirdPartyEngagement;
use escalator_core::timeline::{ChainedEvent, EventKind};

use crate::document::{Block, Document, Field, Section, Table, Tone};

/// What the app assembles for one escalation's report.
#[derive(Debug, Clone, PartialEq)]
pub struct EscalationReport {
    pub escalation: EscalationRecord,
    /// The escalation's SRs, the one it was opened on first.
    pub support_requests: Vec<SupportRequestRecord>,
    /// `(vendor id, display name)`; an SR whose vendor is missing shows the id.
    pub vendor_names: Vec<(String, String)>,
    pub communication_plan: Option<CommunicationPlan>,
    /// Updates received under the plan, oldest first.
    pub vendor_updates: Vec<VendorUpdate>,
    pub missed_updates: u32,
    pub calls: Vec<ConferenceCall>,
    /// Minutes of any of `calls`, matched by call id.
    pub minutes: Vec<CallMinutes>,
    pub action_items: Vec<ActionItem>,
    pub third_parties: Vec<ThirdPartyEngagement>,
    /// The escalation's own stream, in chain order.
    pub timeline: Vec<ChainedEvent>,
    /// Whether the caller verified `timeline` as an unbroken chain.
    pub chain_verified: bool,
    /// The user's IANA zone, for local times; an unknown name falls back to UTC.
    pub zone: String,
    pub generated_at: DateTime<Utc>,
}

/// The reader's zone, and how every report writes an instant in it.
pub(crate) struct Clock {
    tz: Tz,
    /// The zone's canonical name, for headers such as "Due (Europe/Berlin)".
    pub(crate) name: String,
}

impl Clock {
    /// An unknown or empty zone name falls back to UTC rather than failing the export: the
    /// times stay correct and the headers say which zone they are in.
    pub(crate) fn new(zone: &str) -> Clock {
        let tz = zone.trim().parse::<Tz>().unwrap_or(Tz::UTC);
        Clock {
            tz,
            name: tz.name().to_owned(),
        }
    }

    pub(crate) fn local(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.tz)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    pub(crate) fn utc(at: DateTime<Utc>) -> String {
        at.format("%Y-%m-%d %H:%M").to_string()
    }

    /// `2026-01-15 13:00 Europe/Berlin (2026-01-15 12:00 UTC)`.
    pub(crate) fn both(&self, at: DateTime<Utc>) -> String {
        format!("{} {} ({} UTC)", self.local(at), self.name, Clock::utc(at))
    }

    /// A header naming the zone of the column's times: `Due (Europe/Berlin)`.
    pub(crate) fn header(&self, what: &str) -> String {
        format!("{what} ({})", self.name)
    }
}

/// What a report shows where a value is missing, in every format alike.
pub(crate) const NONE: &str = "—";

/// Text as typed, or a dash when there is nothing but whitespace.
pub(crate) fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        NONE.to_owned()
    } else {
        text.to_owned()
    }
}

/// A snake-case word of the core's (`re_escalated`) as the words a reader expects
/// (`re-escalated`).
fn words(word: &str) -> String {
    let spaced = word
        .replace("re_escalat", "re-escalat")
        .replace("de_escalat", "de-escalat")
        .replace('_', " ");
    match spaced.strip_prefix("sr ") {
        Some(rest) => format!("SR {rest}"),
        None => spaced,
    }
}

/// Shared with the status report, so a state reads the same in every report.
pub(crate) fn state_label(state: EscalationState) -> String {
    words(state.as_str())
}

fn kind_label(kind: EventKind) -> String {
    words(kind.as_str())
}

fn trigger_label(trigger: Trigger) -> &'static str {
    match trigger {
        Trigger::Roadblock => "roadblock to an upgrade or implementation",
        Trigger::CriticalImpact => "critical business impact",
        Trigger::Dissatisfied => "dissatisfied with responsiveness or resolution",
    }
}

fn method_label(method: ContactMethod) -> &'static str {
    match method {
        ContactMethod::Phone => "phone",
        ContactMethod::Portal => "portal",
        ContactMethod::Email => "email",
        ContactMethod::Comment => "comment",
        ContactMethod::Api => "API",
    }
}

fn workaround_text(workaround: &Workaround) -> String {
    match workaround {
        Workaround::None => "none".to_owned(),
        Workaround::Impractical { why } => format!("exists but impractical: {}", or_dash(why)),
    }
}

fn milestone_text(milestone: &Milestone) -> String {
    match milestone {
        Milestone::Unset => "not set".to_owned(),
        Milestone::NoneExplicitly => "none (no critical date)".to_owned(),
        Milestone::On { date, what } => {
            format!("{}: {}", date.format("%Y-%m-%d"), or_dash(what))
        }
    }
}

/// A span of time to the minute: `2d 3h 05m`, or `3h 05m` under a day; negative spans
/// (clock skew between machines) count as none.
pub(crate) fn duration_text(seconds: i64) -> String {
    let minutes = seconds.max(0) / 60;
    let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if days > 0 {
        format!("{days}d {hours}h {minutes:02}m")
    } else {
        format!("{hours}h {minutes:02}m")
    }
}

/// Hands out table names unique within one document: the stem, then `stem-2`, `stem-3`, …
/// for tables that repeat per item (a third party's contacts), so CSV files never collide.
#[derive(Default)]
struct Names(Vec<String>);

impl Names {
    fn unique(&mut self, stem: &str) -> String {
        let mut name = stem.to_owned();
        let mut n = 1_u32;
        while self.0.contains(&name) {
            n = n.saturating_add(1);
            name = format!("{stem}-{n}");
        }
        self.0.push(name.clone());
        name
    }
}

fn table(name: String, headers: &[&str], rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        table: Table {
            name,
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        },
    }
}

fn text(text: &str) -> Block {
    Block::Text {
        text: or_dash(text),
    }
}

fn labelled(label: &str, text: &str) -> Block {
    Block::Labelled {
        label: label.to_owned(),
        text: or_dash(text),
    }
}

fn empty(text: &str) -> Block {
    Block::Empty {
        text: text.to_owned(),
    }
}

fn section(heading: &str, blocks: Vec<Block>) -> Section {
    Section {
        heading: heading.to_owned(),
        blocks,
    }
}

fn contacts(names: &mut Names, stem: &str, contacts: &[Contact]) -> Block {
    if contacts.is_empty() {
        return empty("None recorded.");
    }
    let rows = contacts
        .iter()
        .map(|c| {
            vec![
                c.role.label().to_owned(),
                or_dash(&c.name),
                or_dash(&c.email),
                or_dash(&c.phone),
                or_dash(&c.note),
            ]
        })
        .collect();
    table(
        names.unique(stem),
        &["Role", "Name", "Email", "Phone", "Note"],
        rows,
    )
}

/// The report as a document: facts, then the sections a review goes through, from why it
/// was escalated to the timeline and whether its chain held.
pub fn document(report: &EscalationReport) -> Document {
    let clock = Clock::new(&report.zone);
    let record = &report.escalation;
    let mut names = Names::default();
    Document {
        title: format!("Escalation report: {}", or_dash(&record.title)),
        facts: vec![
            Field::new("State", state_label(record.state)),
            Field::new("Opened", clock.both(record.created_at)),
            Field::new("Last changed", clock.both(record.updated_at)),
            Field::new("Generated", clock.both(report.generated_at)),
        ],
        sections: vec![
            summary(record),
            support_requests(report, &mut names),
            review(record),
            section(
                "Contacts",
                vec![contacts(&mut names, "contacts", &record.contacts)],
            ),
            section("Action plan", vec![text(&record.action_plan)]),
            communication(report, &clock, &mut names),
            calls(report, &clock),
            action_items(report, &clock, &mut names),
            third_parties(report, &mut names),
            de_escalation(record),
            feedback(record),
            timeline(report, &clock, &mut names),
        ],
    }
}

fn summary(record: &EscalationRecord) -> Section {
    let triggers: Vec<&str> = record.triggers.iter().map(|t| trigger_label(*t)).collect();
    let route = match &record.route {
        Some(route) => {
            let phone = route
                .phone
                .as_deref()
                .map(|p| format!(", {}", or_dash(p)))
                .unwrap_or_default();
            format!(
                "{} by {}{phone}, region {}",
                or_dash(&route.role),
                method_label(route.how),
                or_dash(&route.region)
            )
        }
        None => NONE.to_owned(),
    };
    section(
        "Summary",
        vec![Block::Fields {
            fields: vec![
                Field::new("Why escalated", or_dash(&triggers.join("; "))),
                Field::new("Route", route),
                Field::new("Escalation engineer", or_dash(&record.engineer)),
                Field::new("Re-escalations", record.re_escalations.to_string()),
            ],
        }],
    )
}

fn vendor_name<'a>(report: &'a EscalationReport, vendor: &'a str) -> &'a str {
    report
        .vendor_names
        .iter()
        .find(|(id, _)| id == vendor)
        .map_or(vendor, |(_, name)| name.as_str())
}

/// One table of the SRs for an overview (and a CSV with a row per SR), then each SR's own
/// details, which are too long for a cell.
fn support_requests(report: &EscalationReport, names: &mut Names) -> Section {
    if report.support_requests.is_empty() {
        return section("Support requests", vec![empty("None linked.")]);
    }
    let rows = report
        .support_requests
        .iter()
        .map(|sr| {
            let tech = &sr.details.technician;
            vec![
                or_dash(vendor_name(report, &sr.vendor)),
                or_dash(&sr.vendor_sr_number),
                or_dash(&sr.title),
                sr.severity.level().to_string(),
                words(sr.status.as_str()),
                or_dash(&sr.details.product),
                format!(
                    "{}, {}, {}",
                    or_dash(&tech.name),
                    or_dash(&tech.email),
                    or_dash(&tech.phone)
                ),
            ]
        })
        .collect();
    let mut blocks = vec![table(
        names.unique("support-requests"),
        &[
            "Vendor",
            "SR",
            "Title",
            "Severity",
            "Status",
            "Product",
            "Technician",
        ],
        rows,
    )];
    for sr in &report.support_requests {
        let details = &sr.details;
        blocks.push(Block::Subsection {
            heading: format!(
                "{} SR {}: {}",
                or_dash(vendor_name(report, &sr.vendor)),
                or_dash(&sr.vendor_sr_number),
                or_dash(&sr.title)
            ),
            blocks: vec![
                Block::Fields {
                    fields: vec![
                        Field::new("Workaround", workaround_text(&details.workaround)),
                        Field::new("Milestone", milestone_text(&details.milestone)),
                    ],
                },
                labelled("Problem statement", &details.problem_statement),
                labelled("Business impact", &details.business_impact),
            ],
        });
    }
    section("Support requests", blocks)
}

fn review(record: &EscalationRecord) -> Section {
    let Some(review) = &record.review else {
        return section("Readiness review", vec![empty("No review has passed.")]);
    };
    let input = &review.input;
    let confirmed = if input.problem_statement_confirmed {
        "yes"
    } else {
        "no"
    };
    section(
        "Readiness review",
        vec![
            text(&format!(
                "Passed on {}. Confirmed at that review:",
                review.reviewed_on.format("%Y-%m-%d")
            )),
            Block::Fields {
                fields: vec![
                    Field::new("Problem statement re-read and confirmed current", confirmed),
                    Field::new("Workaround", workaround_text(&input.workaround)),
                    Field::new("Milestone", milestone_text(&input.milestone)),
                ],
            },
            labelled("Problem statement", &input.problem_statement),
            labelled("Business impact", &input.business_impact),
        ],
    )
}

fn communication(report: &EscalationReport, clock: &Clock, names: &mut Names) -> Section {
    let mut blocks = Vec::new();
    match &report.communication_plan {
        Some(plan) => {
            blocks.push(text(&plan.describe()));
            if !plan.note.trim().is_empty() {
                blocks.push(text(&plan.note));
            }
        }
        None => blocks.push(empty("No plan agreed.")),
    }
    let missed = format!("Missed updates: {}", report.missed_updates);
    blocks.push(if report.missed_updates > 0 {
        Block::Notice {
            tone: Tone::Caution,
            text: missed,
        }
    } else {
        text(&missed)
    });
    let updates = if report.vendor_updates.is_empty() {
        empty("None.")
    } else {
        let rows = report
            .vendor_updates
            .iter()
            .map(|update| {
                vec![
                    clock.local(update.received_at),
                    Clock::utc(update.received_at),
                    update.mode.label().to_owned(),
                    or_dash(&update.summary),
                    or_dash(&update.actor),
                ]
            })
            .collect();
        table(
            names.unique("vendor-updates"),
            &[
                &clock.header("Received"),
                "UTC",
                "Mode",
                "Summary",
                "Logged by",
            ],
            rows,
        )
    };
    blocks.push(Block::Subsection {
        heading: "Updates received".to_owned(),
        blocks: vec![updates],
    });
    section("Communication plan", blocks)
}

fn calls(report: &EscalationReport, clock: &Clock) -> Section {
    if report.calls.is_empty() {
        return section("Calls", vec![empty("None scheduled.")]);
    }
    let mut blocks = Vec::new();
    for call in &report.calls {
        let cancelled = if call.cancelled { " (cancelled)" } else { "" };
        let mut inner = vec![text(&call.plan.describe())];
        if !call.plan.agenda.trim().is_empty() {
            inner.push(labelled("Agenda", &call.plan.agenda));
        }
        let mut minutes: Vec<&CallMinutes> = report
            .minutes
            .iter()
            .filter(|m| m.call == call.id)
            .collect();
        minutes.sort_by_key(|m| m.occurrence);
        if minutes.is_empty() {
            inner.push(empty("No minutes recorded."));
        }
        for m in minutes {
            inner.push(Block::Labelled {
                label: format!("Minutes of {}", clock.both(m.occurrence)),
                text: format!(
                    "Recorded by {} on {}.",
                    or_dash(&m.actor),
                    clock.both(m.recorded_at)
                ),
            });
            inner.push(text(&m.text));
        }
        blocks.push(Block::Subsection {
            heading: format!("{}{cancelled}", or_dash(&call.plan.title)),
            blocks: inner,
        });
    }
    section("Calls", blocks)
}

fn action_items(report: &EscalationReport, clock: &Clock, names: &mut Names) -> Section {
    if report.action_items.is_empty() {
        return section("Action items", vec![empty("None.")]);
    }
    let rows = report
        .action_items
        .iter()
        .map(|item| {
            let d = &item.details;
            vec![
                or_dash(&d.title),
                or_dash(&d.owner),
                d.side.label().to_owned(),
                d.due
                    .map_or_else(|| NONE.to_owned(), |due| clock.local(due)),
                item.status.label().to_owned(),
                duration_text(item.waited_on_vendor_seconds),
                duration_text(item.waited_on_us_seconds),
            ]
        })
        .collect();
    section(
        "Action items",
        vec![table(
            names.unique("action-items"),
            &[
                "Title",
                "Owner",
                "Side",
                &clock.header("Due"),
                "Status",
                "Waited on vendor",
                "Waited on us",
            ],
            rows,
        )],
    )
}

fn third_parties(report: &EscalationReport, names: &mut Names) -> Section {
    if report.third_parties.is_empty() {
        return section("Third parties", vec![empty("None engaged.")]);
    }
    let mut blocks = Vec::new();
    for engagement in &report.third_parties {
        let d = &engagement.details;
        let mut inner = vec![
            Block::Fields {
                fields: vec![
                    Field::new("Engaged via", d.via.label()),
                    Field::new("Case number", or_dash(&d.case_number)),
                    Field::new("Status", d.status.label()),
                ],
            },
            contacts(names, "third-party-contacts", &d.contacts),
        ];
        if !d.note.trim().is_empty() {
            inner.push(text(&d.note));
        }
        blocks.push(Block::Subsection {
            heading: or_dash(&d.vendor),
            blocks: inner,
        });
    }
    section("Third parties", blocks)
}

fn de_escalation(record: &EscalationRecord) -> Section {
    let mut blocks = vec![text(&record.de_escalation_agreement)];
    if !record.withdrawn_reason.trim().is_empty() {
        blocks.push(labelled("Withdrawn because", &record.withdrawn_reason));
    }
    section("De-escalation", blocks)
}

fn feedback(record: &EscalationRecord) -> Section {
    let blocks = match &record.feedback {
        Some(feedback) => vec![
            text(&format!("Rating: {} of 5", feedback.rating)),
            text(&feedback.comment),
        ],
        None => vec![empty("None given.")],
    };
    section("Feedback", blocks)
}

fn timeline(report: &EscalationReport, clock: &Clock, names: &mut Names) -> Section {
    let mut blocks = Vec::new();
    if report.timeline.is_empty() {
        blocks.push(empty("No events."));
    } else {
        let rows = report
            .timeline
            .iter()
            .map(|event| {
                vec![
                    event.seq.to_string(),
                    clock.local(event.at),
                    Clock::utc(event.at),
                    kind_label(event.kind),
                    or_dash(&event.actor),
                    or_dash(&event.summary),
                ]
            })
            .collect();
        blocks.push(table(
            names.unique("timeline"),
            &[
                "#",
                &clock.header("Local"),
                "UTC",
                "Kind",
                "Actor",
                "Summary",
            ],
            rows,
        ));
    }
    let verdict = if report.chain_verified {
        "verified"
    } else {
        "BROKEN"
    };
    blocks.push(Block::Code {
        label: format!("Chain head ({verdict})"),
        value: report
            .timeline
            .last()
            .map_or_else(|| "none".to_owned(), |head| head.hash.to_hex()),
    });
    if !report.chain_verified {
        blocks.push(Block::Notice {
            tone: Tone::Alarm,
            text: "The timeline did not verify as an unbroken chain: events may have been \
                   changed, removed or inserted since they were recorded."
                .to_owned(),
        });
    }
    section("Timeline", blocks)
}
