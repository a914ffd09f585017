//! The escalation report: everything a post-escalation review needs, as one Markdown file.
//!
//! The app assembles an [`EscalationReport`] from the store (the record, its SRs, plan,
//! updates, calls, minutes, items, third parties and the escalation's own verified timeline
//! stream) and [`markdown`] renders it. Rendering is pure and byte-for-byte reproducible:
//! the moment of generation and the user's zone are fields, never read here.
//!
//! Every piece of user or vendor text goes through [`escape`], so a pasted `# heading`,
//! link, table row, HTML tag or code fence shows as the text typed and cannot change the
//! document's structure. The output contains no raw HTML at all.
//!
//! It deliberately does not choose what to include (that is the app's query), verify the
//! chain (the caller says whether it verified), merge the SRs' own timeline streams, or
//! produce other formats (PDF, HTML); nor does it write the file anywhere.

use std::fmt::Write as _;

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

/// Makes user or vendor text inert in Markdown: every character that can start or end a
/// Markdown construct is backslash-escaped, and line breaks, tabs and other control
/// characters become single spaces, so the result is always one line that is safe both in
/// running text and in a table cell. Multi-line text is split first (see `paragraphs`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '('
                | ')'
                | '#'
                | '+'
                | '-'
                | '.'
                | '!'
                | '|'
                | '<'
                | '>'
                | '~'
                // Not in the classic list, but each can still start a construct: a line of
                // `=` underlines a setext heading, `&` starts an entity such as `&lt;`.
                | '='
                | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Multi-line text as Markdown: each source line escaped on its own line, blank lines kept
/// as paragraph breaks. Leading spaces go with the escaping, so no line can become an
/// indented code block. A blank result is shown as a dash.
fn paragraphs(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.trim().lines() {
        let line = escape(line);
        if line.is_empty() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            // A backslash before the line break is a hard break without trailing spaces.
            out.push_str(if blank { "\n\n" } else { "\\\n" });
        }
        blank = false;
        out.push_str(&line);
    }
    if out.is_empty() {
        out.push('—');
    }
    out
}

/// One-line text, or a dash when empty.
fn cell(text: &str) -> String {
    let text = escape(text);
    if text.is_empty() {
        "—".to_owned()
    } else {
        text
    }
}

struct Clock {
    tz: Tz,
    name: String,
}

impl Clock {
    fn new(zone: &str) -> Clock {
        let tz = zone.trim().parse::<Tz>().unwrap_or(Tz::UTC);
        Clock {
            tz,
            name: escape(tz.name()),
        }
    }

    fn local(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.tz)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    fn utc(at: DateTime<Utc>) -> String {
        at.format("%Y-%m-%d %H:%M").to_string()
    }

    /// `2026-01-15 13:00 Europe/Berlin (2026-01-15 12:00 UTC)`.
    fn both(&self, at: DateTime<Utc>) -> String {
        format!("{} {} ({} UTC)", self.local(at), self.name, Clock::utc(at))
    }
}

fn words(word: &str) -> String {
    word.replace('_', " ")
}

fn state_label(state: EscalationState) -> String {
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
        Workaround::Impractical { why } => format!("exists but impractical: {}", escape(why)),
    }
}

fn milestone_text(milestone: &Milestone) -> String {
    match milestone {
        Milestone::Unset => "not set".to_owned(),
        Milestone::NoneExplicitly => "none (no critical date)".to_owned(),
        Milestone::On { date, what } => {
            format!("{}: {}", date.format("%Y-%m-%d"), escape(what))
        }
    }
}

fn duration_text(seconds: i64) -> String {
    let minutes = seconds.max(0) / 60;
    let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if days > 0 {
        format!("{days}d {hours}h {minutes:02}m")
    } else {
        format!("{hours}h {minutes:02}m")
    }
}

fn contacts_table(out: &mut String, contacts: &[Contact]) {
    if contacts.is_empty() {
        out.push_str("None recorded.\n\n");
        return;
    }
    out.push_str("| Role | Name | Email | Phone | Note |\n|---|---|---|---|---|\n");
    for c in contacts {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            c.role.label(),
            cell(&c.name),
            cell(&c.email),
            cell(&c.phone),
            cell(&c.note)
        );
    }
    out.push('\n');
}

/// The report as CommonMark (with GitHub-style tables).
pub fn markdown(report: &EscalationReport) -> String {
    let clock = Clock::new(&report.zone);
    let record = &report.escalation;
    let mut out = String::new();

    let _ = writeln!(out, "# Escalation report: {}\n", cell(&record.title));
    let _ = writeln!(out, "- State: {}", state_label(record.state));
    let _ = writeln!(out, "- Opened: {}", clock.both(record.created_at));
    let _ = writeln!(out, "- Last changed: {}", clock.both(record.updated_at));
    let _ = writeln!(out, "- Generated: {}\n", clock.both(report.generated_at));

    summary(&mut out, record);
    support_requests(&mut out, report);
    review(&mut out, record);

    out.push_str("## Contacts\n\n");
    contacts_table(&mut out, &record.contacts);

    out.push_str("## Action plan\n\n");
    let _ = writeln!(out, "{}\n", paragraphs(&record.action_plan));

    communication(&mut out, report, &clock);
    calls(&mut out, report, &clock);
    action_items(&mut out, report, &clock);
    third_parties(&mut out, report);
    closing(&mut out, record);
    timeline(&mut out, report, &clock);
    out
}

fn summary(out: &mut String, record: &EscalationRecord) {
    out.push_str("## Summary\n\n");
    let triggers: Vec<&str> = record.triggers.iter().map(|t| trigger_label(*t)).collect();
    let triggers = if triggers.is_empty() {
        "—".to_owned()
    } else {
        triggers.join("; ")
    };
    let _ = writeln!(out, "- Why escalated: {triggers}");
    match &record.route {
        Some(route) => {
            let phone = route
                .phone
                .as_deref()
                .map(|p| format!(", {}", escape(p)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- Route: {} by {}{phone}, region {}",
                cell(&route.role),
                method_label(route.how),
                cell(&route.region)
            );
        }
        None => out.push_str("- Route: —\n"),
    }
    let _ = writeln!(out, "- Escalation engineer: {}", cell(&record.engineer));
    let _ = writeln!(out, "- Re-escalations: {}\n", record.re_escalations);
}

fn support_requests(out: &mut String, report: &EscalationReport) {
    out.push_str("## Support requests\n\n");
    if report.support_requests.is_empty() {
        out.push_str("None linked.\n\n");
    }
    for sr in &report.support_requests {
        let vendor = report
            .vendor_names
            .iter()
            .find(|(id, _)| *id == sr.vendor)
            .map_or(sr.vendor.as_str(), |(_, name)| name.as_str());
        let _ = writeln!(
            out,
            "### {} SR {}: {}\n",
            cell(vendor),
            cell(&sr.vendor_sr_number),
            cell(&sr.title)
        );
        let details = &sr.details;
        let tech = &details.technician;
        let _ = writeln!(out, "- Severity: {}", sr.severity.level());
        let _ = writeln!(out, "- Status: {}", words(sr.status.as_str()));
        let _ = writeln!(out, "- Product: {}", cell(&details.product));
        let _ = writeln!(
            out,
            "- Technician: {}, {}, {}",
            cell(&tech.name),
            cell(&tech.email),
            cell(&tech.phone)
        );
        let _ = writeln!(
            out,
            "- Workaround: {}",
            workaround_text(&details.workaround)
        );
        let _ = writeln!(out, "- Milestone: {}\n", milestone_text(&details.milestone));
        let _ = writeln!(
            out,
            "**Problem statement**\n\n{}\n",
            paragraphs(&details.problem_statement)
        );
        let _ = writeln!(
            out,
            "**Business impact**\n\n{}\n",
            paragraphs(&details.business_impact)
        );
    }
}

fn review(out: &mut String, record: &EscalationRecord) {
    out.push_str("## Readiness review\n\n");
    let Some(review) = &record.review else {
        out.push_str("No review has passed.\n\n");
        return;
    };
    let input = &review.input;
    let _ = writeln!(
        out,
        "Passed on {}. Confirmed at that review:\n",
        review.reviewed_on.format("%Y-%m-%d")
    );
    let _ = writeln!(
        out,
        "- Problem statement re-read and confirmed current: {}",
        if input.problem_statement_confirmed {
            "yes"
        } else {
            "no"
        }
    );
    let _ = writeln!(out, "- Workaround: {}", workaround_text(&input.workaround));
    let _ = writeln!(out, "- Milestone: {}\n", milestone_text(&input.milestone));
    let _ = writeln!(
        out,
        "**Problem statement**\n\n{}\n",
        paragraphs(&input.problem_statement)
    );
    let _ = writeln!(
        out,
        "**Business impact**\n\n{}\n",
        paragraphs(&input.business_impact)
    );
}

fn communication(out: &mut String, report: &EscalationReport, clock: &Clock) {
    out.push_str("## Communication plan\n\n");
    match &report.communication_plan {
        Some(plan) => {
            let _ = writeln!(out, "{}\n", cell(&plan.describe()));
            if !plan.note.trim().is_empty() {
                let _ = writeln!(out, "{}\n", paragraphs(&plan.note));
            }
        }
        None => out.push_str("No plan agreed.\n\n"),
    }
    let _ = writeln!(out, "Missed updates: {}\n", report.missed_updates);
    out.push_str("### Updates received\n\n");
    if report.vendor_updates.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    let _ = writeln!(
        out,
        "| Received ({}) | UTC | Mode | Summary | Logged by |\n|---|---|---|---|---|",
        clock.name
    );
    for update in &report.vendor_updates {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            clock.local(update.received_at),
            Clock::utc(update.received_at),
            update.mode.label(),
            cell(&update.summary),
            cell(&update.actor)
        );
    }
    out.push('\n');
}

fn calls(out: &mut String, report: &EscalationReport, clock: &Clock) {
    out.push_str("## Calls\n\n");
    if report.calls.is_empty() {
        out.push_str("None scheduled.\n\n");
    }
    for call in &report.calls {
        let cancelled = if call.cancelled { " (cancelled)" } else { "" };
        let _ = writeln!(out, "### {}{cancelled}\n", cell(&call.plan.title));
        let _ = writeln!(out, "{}\n", cell(&call.plan.describe()));
        if !call.plan.agenda.trim().is_empty() {
            let _ = writeln!(out, "**Agenda**\n\n{}\n", paragraphs(&call.plan.agenda));
        }
        let mut minutes: Vec<&CallMinutes> = report
            .minutes
            .iter()
            .filter(|m| m.call == call.id)
            .collect();
        minutes.sort_by_key(|m| m.occurrence);
        if minutes.is_empty() {
            out.push_str("No minutes recorded.\n\n");
        }
        for m in minutes {
            let _ = writeln!(out, "#### Minutes of {}\n", clock.both(m.occurrence));
            let _ = writeln!(
                out,
                "Recorded by {} on {}.\n\n{}\n",
                cell(&m.actor),
                clock.both(m.recorded_at),
                paragraphs(&m.text)
            );
        }
    }
}

fn action_items(out: &mut String, report: &EscalationReport, clock: &Clock) {
    out.push_str("## Action items\n\n");
    if report.action_items.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    let _ = writeln!(
        out,
        "| Title | Owner | Side | Due ({}) | Status | Waited on vendor | Waited on us |\n|---|---|---|---|---|---|---|",
        clock.name
    );
    for item in &report.action_items {
        let d = &item.details;
        let due = d.due.map_or_else(|| "—".to_owned(), |due| clock.local(due));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            cell(&d.title),
            cell(&d.owner),
            d.side.label(),
            due,
            item.status.label(),
            duration_text(item.waited_on_vendor_seconds),
            duration_text(item.waited_on_us_seconds)
        );
    }
    out.push('\n');
}

fn third_parties(out: &mut String, report: &EscalationReport) {
    out.push_str("## Third parties\n\n");
    if report.third_parties.is_empty() {
        out.push_str("None engaged.\n\n");
    }
    for engagement in &report.third_parties {
        let d = &engagement.details;
        let _ = writeln!(out, "### {}\n", cell(&d.vendor));
        let _ = writeln!(out, "- Engaged via: {}", d.via.label());
        let _ = writeln!(out, "- Case number: {}", cell(&d.case_number));
        let _ = writeln!(out, "- Status: {}\n", d.status.label());
        contacts_table(out, &d.contacts);
        if !d.note.trim().is_empty() {
            let _ = writeln!(out, "{}\n", paragraphs(&d.note));
        }
    }
}

fn closing(out: &mut String, record: &EscalationRecord) {
    out.push_str("## De-escalation\n\n");
    let _ = writeln!(out, "{}\n", paragraphs(&record.de_escalation_agreement));
    if !record.withdrawn_reason.trim().is_empty() {
        let _ = writeln!(
            out,
            "**Withdrawn because**\n\n{}\n",
            paragraphs(&record.withdrawn_reason)
        );
    }
    out.push_str("## Feedback\n\n");
    match &record.feedback {
        Some(feedback) => {
            let _ = writeln!(
                out,
                "Rating: {} of 5\n\n{}\n",
                feedback.rating,
                paragraphs(&feedback.comment)
            );
        }
        None => out.push_str("None given.\n\n"),
    }
}

fn timeline(out: &mut String, report: &EscalationReport, clock: &Clock) {
    out.push_str("## Timeline\n\n");
    if report.timeline.is_empty() {
        out.push_str("No events.\n\n");
    } else {
        let _ = writeln!(
            out,
            "| # | Local ({}) | UTC | Kind | Actor | Summary |\n|---|---|---|---|---|---|",
            clock.name
        );
        for event in &report.timeline {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                event.seq,
                clock.local(event.at),
                Clock::utc(event.at),
                kind_label(event.kind),
                cell(&event.actor),
                cell(&event.summary)
            );
        }
        out.push('\n');
    }
    let verdict = if report.chain_verified {
        "verified"
    } else {
        "BROKEN"
    };
    match report.timeline.last() {
        Some(head) => {
            let _ = writeln!(out, "Chain head: `{}` ({verdict})", head.hash.to_hex());
        }
        None => {
            let _ = writeln!(out, "Chain head: none ({verdict})");
        }
    }
}
