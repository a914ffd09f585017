//! Running an escalation: the communication plan and its cadence, calls across zones with
//! their calendar files and minutes, action items on both sides, third parties, reminders
//! and the Today view.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use escalator_app::{
    ActionItemInput, Attendee, BusinessHours, CadenceState, CallPlan, CommunicationPlan,
    ContactRole, EngagedVia, EngagementDetails, EngagementStatus, ErrorCode, IntervalUnit,
    ItemFilter, ItemSource, ItemStatus, LifecycleAction, MinutesInput, QuietHours, Recurrence,
    ReminderKind, ReminderSettings, Repeat, RunningEscalation, SeriesEnd, Side, UpdateMode,
    VendorUpdateInput, Weekday,
};
use escalator_core::timeline::EventKind;

use crate::util::{Desk, field_names};

fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn every_hours(hours: u32) -> CommunicationPlan {
    CommunicationPlan {
        modes: vec![UpdateMode::Email, UpdateMode::Phone],
        every: hours,
        unit: IntervalUnit::Hours,
        zone: "Europe/Berlin".into(),
        business_hours: None,
        attendees: vec![Attendee {
            name: "Priya Raman".into(),
            role: ContactRole::GlobalEscalationProgramManager,
            email: "priya@vendor.example".into(),
            zone: "Asia/Kolkata".into(),
        }],
        note: "Updates to the ops list".into(),
    }
}

fn attendee(name: &str, role: ContactRole, zone: &str) -> Attendee {
    Attendee {
        name: name.into(),
        role,
        email: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
        zone: zone.into(),
    }
}

/// A weekly call at 09:00 in Los Angeles, ten times, with people in three other zones.
fn weekly_call() -> CallPlan {
    CallPlan {
        title: "Weekly escalation review".into(),
        start: local(2026, 11, 30, 9, 0),
        zone: "America/Los_Angeles".into(),
        duration_minutes: 45,
        bridge_url: "https://meet.example.com/j/123".into(),
        dial_string: "+1 555 0100,,123456#".into(),
        recurrence: Some(Recurrence {
            repeat: Repeat::Weekly,
            ends: SeriesEnd::Count { count: 10 },
        }),
        attendees: vec![
            attendee("Dana Weber", ContactRole::OurSide, "Europe/Berlin"),
            attendee(
                "Priya Raman",
                ContactRole::GlobalEscalationProgramManager,
                "Asia/Kolkata",
            ),
            attendee(
                "Liam Chen",
                ContactRole::EscalationEngineer,
                "Australia/Sydney",
            ),
        ],
        agenda: "Progress on the vMotion fix".into(),
    }
}

fn item(title: &str, owner: &str, side: Side, due: Option<NaiveDateTime>) -> ActionItemInput {
    ActionItemInput {
        title: title.into(),
        owner: owner.into(),
        side,
        due,
    }
}

fn kinds(desk: &Desk, id: &str) -> Vec<EventKind> {
    desk.timeline(id)
        .entries
        .into_iter()
        .filter(|e| e.stream == id)
        .map(|e| e.event.kind)
        .collect()
}

fn count(kinds: &[EventKind], kind: EventKind) -> usize {
    kinds.iter().filter(|k| **k == kind).count()
}

fn cadence_state(running: &RunningEscalation) -> CadenceState {
    running.plan.as_ref().unwrap().cadence.unwrap().state
}

#[test]
fn the_cadence_runs_from_the_last_update_and_a_miss_is_flagged_once_and_offered_for_re_escalation()
{
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    let app = &desk.app;

    let running = app
        .set_communication_plan(&id, every_hours(4), None)
        .unwrap();
    let plan = running.plan.as_ref().unwrap();
    assert_eq!(plan.description, "updates every 4 hours by email, phone");
    let cadence = plan.cadence.unwrap();
    assert_eq!(cadence.state, CadenceState::OnTrack);
    assert_eq!(cadence.due, desk.now() + chrono::TimeDelta::hours(4));

    // Three hours in: due soon. An update an hour ago (entered in Berlin time) restarts it.
    desk.advance_minutes(180);
    assert_eq!(
        cadence_state(&app.escalation_running(&id).unwrap()),
        CadenceState::DueSoon
    );
    let running = app
        .log_vendor_update(
            &id,
            VendorUpdateInput {
                // 16:30 Berlin = 15:30 UTC, an hour before the clock's 16:30 UTC.
                received_at: Some(local(2026, 11, 27, 16, 30)),
                mode: UpdateMode::Email,
                summary: "Engineering reproduced the fault in the lab".into(),
            },
        )
        .unwrap();
    assert_eq!(running.updates.len(), 1);
    let cadence = running.plan.as_ref().unwrap().cadence.unwrap();
    assert_eq!(cadence.state, CadenceState::OnTrack);
    assert_eq!(
        cadence.due,
        Utc.with_ymd_and_hms(2026, 11, 27, 19, 30, 0).unwrap()
    );
    assert!(!running.plan.as_ref().unwrap().offer_re_escalation);

    // Past the due time: missed, and re-escalation is offered (the engineer was never
    // assigned, so the escalation is still "requested", where re-escalating is allowed).
    desk.advance_minutes(4 * 60);
    let running = app.escalation_running(&id).unwrap();
    assert_eq!(cadence_state(&running), CadenceState::Missed);
    assert!(running.plan.as_ref().unwrap().offer_re_escalation);

    // The reminder check writes the miss once, at the due time, however often it runs.
    let batch = app.take_reminders().unwrap();
    assert!(
        batch.notify.is_empty(),
        "first check after start has nothing before it"
    );
    app.take_reminders().unwrap();
    let events = kinds(&desk, &id);
    assert_eq!(count(&events, EventKind::UpdateMissed), 1);
    let missed = desk
        .timeline(&id)
        .entries
        .into_iter()
        .find(|e| e.event.kind == EventKind::UpdateMissed)
        .unwrap();
    assert_eq!(missed.event.at, cadence.due);

    // Re-escalating for the missed updates goes through, as offered.
    let view = app
        .apply_escalation_action(
            &id,
            LifecycleAction::ReEscalate {
                reason: escalator_app::ReEscalationReason::MissedUpdates,
                management_call: "Called the Duty Manager about the missed update".into(),
            },
        )
        .unwrap();
    assert_eq!(view.re_escalations, 1);
    // Still missed (no update came), but no longer pressed for a re-escalation.
    let running = app.escalation_running(&id).unwrap();
    assert_eq!(cadence_state(&running), CadenceState::Missed);
    assert!(!running.plan.unwrap().offer_re_escalation);
}

#[test]
fn a_late_update_still_records_the_miss_before_it() {
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    let app = &desk.app;
    app.set_communication_plan(&id, every_hours(2), None)
        .unwrap();
    desk.advance_minutes(150);
    app.log_vendor_update(
        &id,
        VendorUpdateInput {
            received_at: None,
            mode: UpdateMode::Phone,
            summary: "Sorry for the delay".into(),
        },
    )
    .unwrap();
    let events = kinds(&desk, &id);
    let missed = events
        .iter()
        .position(|k| *k == EventKind::UpdateMissed)
        .unwrap();
    let received = events
        .iter()
        .position(|k| *k == EventKind::UpdateReceived)
        .unwrap();
    assert!(missed < received, "{events:?}");
}

#[test]
fn business_hours_carry_the_cadence_over_the_weekend() {
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    // Friday 27 November 2026, 15:30 in Berlin; a 4-hour cadence in Berlin business hours.
    let plan = CommunicationPlan {
        business_hours: Some(BusinessHours {
            start: time(9, 0),
            end: time(17, 0),
            weekdays: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
        }),
        ..every_hours(4)
    };
    let running = desk.app.set_communication_plan(&id, plan, None).unwrap();
    let cadence = running.plan.unwrap().cadence.unwrap();
    // 1.5 h left on Friday, 2.5 h on Monday from 09:00 Berlin (08:00 UTC).
    assert_eq!(
        cadence.due,
        Utc.with_ymd_and_hms(2026, 11, 30, 10, 30, 0).unwrap()
    );
}

#[test]
fn a_plan_in_an_unknown_zone_is_refused_beside_the_field_and_nothing_is_written() {
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    let before = desk.own_events(&id);
    let mut plan = every_hours(4);
    plan.zone = "Mars/Olympus_Mons".into();
    plan.attendees[0].zone = "Europe/Atlantis".into();
    let err = desk
        .app
        .set_communication_plan(&id, plan, None)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(field_names(&err), ["zone", "attendees.0.zone"]);
    assert!(err.fields[0].message.contains("Mars/Olympus_Mons"));
    assert_eq!(desk.own_events(&id), before);
    assert!(desk.app.escalation_running(&id).unwrap().plan.is_none());
}

#[test]
fn a_weekly_call_shows_everyones_local_time_and_exports_a_calendar_file() {
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    let app = &desk.app;

    let preview = app.preview_call(weekly_call()).unwrap();
    assert_eq!(preview.occurrence_count, 10);
    let running = app.schedule_call(&id, weekly_call()).unwrap();
    let call = &running.calls[0];
    assert_eq!(call.occurrence_count, 10);
    // Monday 30 November, 09:00 in Los Angeles is 17:00 UTC.
    assert_eq!(
        call.next_start,
        Some(Utc.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).unwrap())
    );
    let table: Vec<(String, String, i32, bool)> = call
        .zone_table
        .iter()
        .map(|row| {
            (
                row.who.clone(),
                row.start.format("%a %H:%M").to_string(),
                row.day_offset,
                row.outside_working_hours,
            )
        })
        .collect();
    assert_eq!(
        table,
        [
            ("Organiser".to_owned(), "Mon 09:00".to_owned(), 0, false),
            ("Dana Weber".to_owned(), "Mon 18:00".to_owned(), 0, true),
            ("Priya Raman".to_owned(), "Mon 22:30".to_owned(), 0, true),
            ("Liam Chen".to_owned(), "Tue 04:00".to_owned(), 1, true),
        ]
    );
    assert_eq!(call.zone_table[2].utc_offset_minutes, 330);

    // The calendar file lands in the folder, never over an earlier one.
    let folder = desk.dir.path().join("Downloads");
    let call_id = call.call.id.to_string();
    let first = app.save_call_calendar(&call_id, None, &folder).unwrap();
    let second = app.save_call_calendar(&call_id, None, &folder).unwrap();
    assert_eq!(first.file_name, "weekly-escalation-review.ics");
    assert_eq!(second.file_name, "weekly-escalation-review (2).ics");
    let ics = std::fs::read_to_string(&first.path).unwrap();
    assert!(ics.contains("SEQUENCE:0"), "{ics}");
    assert!(ics.contains("TZID=America/Los_Angeles"), "{ics}");

    // Moving the call raises the calendar sequence and keeps the UID.
    let mut moved = weekly_call();
    moved.start = local(2026, 11, 30, 8, 0);
    let running = app.reschedule_call(&call_id, moved).unwrap();
    assert_eq!(running.calls[0].call.sequence, 1);
    let again = app.save_call_calendar(&call_id, None, &folder).unwrap();
    let ics_again = std::fs::read_to_string(&again.path).unwrap();
    assert!(ics_again.contains("SEQUENCE:1"));
    let uid = |text: &str| {
        text.lines()
            .find(|line| line.starts_with("UID:"))
            .unwrap()
            .to_owned()
    };
    assert_eq!(uid(&ics), uid(&ics_again));

    let events = kinds(&desk, &id);
    assert_eq!(count(&events, EventKind::CallScheduled), 2);
}

#[test]
fn minutes_say_the_call_was_held_and_their_action_items_land_on_both_sides() {
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    let app = &desk.app;
    let running = app.schedule_call(&id, weekly_call()).unwrap();
    let call_id = running.calls[0].call.id.to_string();
    let first = running.calls[0].next_start.unwrap();

    // Minutes for a call that has not started are refused.
    let err = app
        .record_minutes(
            &call_id,
            MinutesInput {
                occurrence: first,
                text: "Too early".into(),
                action_items: vec![],
            },
        )
        .unwrap_err();
    assert_eq!(field_names(&err), ["occurrence"]);

    // After the first call (Monday 17:00 UTC; the clock is Friday 14:30 UTC).
    desk.advance_minutes((3 * 24 * 60) + 150 + 60);
    // An item with a missing owner refuses the lot, beside that item's field; nothing is
    // written.
    let err = app
        .record_minutes(
            &call_id,
            MinutesInput {
                occurrence: first,
                text: "Vendor to deliver a debug build".into(),
                action_items: vec![
                    item("Deliver debug build", "Liam Chen", Side::Vendor, None),
                    item("Something", " ", Side::Us, None),
                ],
            },
        )
        .unwrap_err();
    assert_eq!(field_names(&err), ["actionItems.1.owner"]);
    assert!(app.escalation_running(&id).unwrap().action_items.is_empty());
    assert_eq!(count(&kinds(&desk, &id), EventKind::CallHeld), 0);

    let running = app
        .record_minutes(
            &call_id,
            MinutesInput {
                occurrence: first,
                text: "Vendor to deliver a debug build; we collect vmkernel logs".into(),
                action_items: vec![
                    item(
                        "Deliver debug build",
                        "Liam Chen",
                        Side::Vendor,
                        Some(local(2026, 12, 2, 18, 0)),
                    ),
                    item(
                        "Collect vmkernel logs",
                        "Dana Weber",
                        Side::Us,
                        Some(local(2026, 12, 1, 12, 0)),
                    ),
                ],
            },
        )
        .unwrap();
    let occurrence = running.calls[0]
        .occurrences
        .iter()
        .find(|o| o.start == first)
        .unwrap();
    assert!(
        occurrence
            .minutes
            .as_ref()
            .unwrap()
            .text
            .contains("debug build")
    );
    assert_eq!(running.action_items.len(), 2);
    for view in &running.action_items {
        assert_eq!(
            view.item.source,
            ItemSource::Call {
                call: running.calls[0].call.id,
                occurrence: first
            }
        );
    }
    let events = kinds(&desk, &id);
    assert_eq!(count(&events, EventKind::CallHeld), 1);
    assert_eq!(count(&events, EventKind::ActionItemChanged), 2);
}

#[test]
fn waiting_on_the_vendor_is_accumulated_and_the_views_across_escalations_filter_it() {
    let desk = Desk::new();
    let first = desk.escalation("24561234567").id;
    let second = desk.escalation("24561234568").id;
    let app = &desk.app;
    // Clock: Friday 27 November 15:30 in Berlin.
    let running = app
        .add_action_item(
            &first,
            item(
                "Send HAR file",
                "Dana Weber",
                Side::Us,
                Some(local(2026, 11, 27, 18, 0)),
            ),
        )
        .unwrap();
    let ours = running.action_items[0].item.id.to_string();
    app.add_action_item(
        &first,
        item(
            "Patch ETA",
            "Vendor PM",
            Side::Vendor,
            Some(local(2026, 11, 26, 9, 0)),
        ),
    )
    .unwrap();
    app.add_action_item(
        &second,
        item("Open TSANet case", "Dana Weber", Side::Us, None),
    )
    .unwrap();

    let list = app.action_items(ItemFilter::Unfinished).unwrap();
    assert_eq!(list.counts.unfinished, 3);
    assert_eq!(list.counts.overdue, 1);
    assert_eq!(list.counts.due_today, 1);
    let overdue = app.action_items(ItemFilter::Overdue).unwrap();
    assert_eq!(overdue.items.len(), 1);
    assert_eq!(overdue.items[0].item.details.title, "Patch ETA");
    assert_eq!(overdue.items[0].escalation_id, first);
    let titles = |filter| -> Vec<String> {
        app.action_items(filter)
            .unwrap()
            .items
            .into_iter()
            .map(|view| view.item.details.title)
            .collect()
    };
    assert_eq!(titles(ItemFilter::DueToday), ["Send HAR file"]);
    // Soonest due first, undated last.
    assert_eq!(
        titles(ItemFilter::Unfinished),
        ["Patch ETA", "Send HAR file", "Open TSANet case"]
    );

    // Two hours waiting on the vendor, then one waiting on us, then done.
    let send = item(
        "Send HAR file",
        "Dana Weber",
        Side::Us,
        Some(local(2026, 11, 27, 18, 0)),
    );
    app.update_action_item(&ours, send.clone(), ItemStatus::WaitingOnVendor)
        .unwrap();
    assert_eq!(
        app.action_items(ItemFilter::WaitingOnVendor)
            .unwrap()
            .items
            .len(),
        1
    );
    desk.advance_minutes(120);
    app.update_action_item(&ours, send.clone(), ItemStatus::WaitingOnUs)
        .unwrap();
    desk.advance_minutes(60);
    let running = app
        .update_action_item(&ours, send.clone(), ItemStatus::Done)
        .unwrap();
    assert_eq!(running.waited_on_vendor_seconds, 2 * 3600);
    assert_eq!(running.waited_on_us_seconds, 3600);
    // Saving it unchanged writes nothing.
    let before = desk.own_events(&first);
    app.update_action_item(&ours, send, ItemStatus::Done)
        .unwrap();
    assert_eq!(desk.own_events(&first), before);
    assert_eq!(
        app.action_items(ItemFilter::Unfinished)
            .unwrap()
            .counts
            .unfinished,
        2
    );
    // A withdrawn escalation's items leave the views.
    app.apply_escalation_action(
        &second,
        LifecycleAction::Withdraw {
            reason: "Duplicate of the first".into(),
        },
    )
    .unwrap();
    assert_eq!(titles(ItemFilter::Unfinished), ["Patch ETA"]);
    assert_eq!(
        app.action_items(ItemFilter::Overdue)
            .unwrap()
            .counts
            .unfinished,
        1
    );
}

#[test]
fn third_parties_are_engaged_and_tracked_on_the_timeline() {
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    let details = EngagementDetails {
        vendor: "Dell Technologies".into(),
        via: EngagedVia::Tsanet,
        case_number: String::new(),
        status: EngagementStatus::Requested,
        contacts: vec![],
        note: "Storage array firmware suspected".into(),
    };
    let running = desk.app.engage_third_party(&id, details.clone()).unwrap();
    let engagement = running.engagements[0].id.to_string();
    let running = desk
        .app
        .update_third_party(
            &engagement,
            EngagementDetails {
                case_number: "DELL-778899".into(),
                status: EngagementStatus::Engaged,
                ..details
            },
        )
        .unwrap();
    assert_eq!(running.engagements[0].details.case_number, "DELL-778899");
    let summaries: Vec<String> = desk
        .timeline(&id)
        .entries
        .into_iter()
        .filter(|e| e.event.kind == EventKind::ThirdPartyEngaged)
        .map(|e| e.event.summary)
        .collect();
    assert_eq!(
        summaries,
        [
            "Third party: Dell Technologies via TSANet (requested)",
            "Third party updated: Dell Technologies via TSANet, case DELL-778899 (engaged)"
        ]
    );
}

#[test]
fn reminders_come_once_each_quiet_hours_hold_them_and_what_passed_while_closed_is_kept() {
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    let app = &desk.app;
    app.set_communication_plan(&id, every_hours(4), None)
        .unwrap();
    app.add_action_item(
        &id,
        item(
            "Send logs",
            "Dana Weber",
            Side::Us,
            Some(local(2026, 11, 27, 17, 0)),
        ),
    )
    .unwrap();
    let mut call = weekly_call();
    // A call today at 16:00 Berlin (15:00 UTC), half an hour from the clock.
    call.start = local(2026, 11, 27, 16, 0);
    call.zone = "Europe/Berlin".into();
    call.recurrence = None;
    app.schedule_call(&id, call).unwrap();
    assert!(app.take_reminders().unwrap().notify.is_empty());

    // 20 minutes on: the call starts in 10.
    desk.advance_minutes(20);
    let batch = app.take_reminders().unwrap();
    let kinds: Vec<ReminderKind> = batch.notify.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, [ReminderKind::CallStarting]);
    assert!(
        app.take_reminders().unwrap().notify.is_empty(),
        "shown once"
    );

    // Quiet from 15:00 to 23:00 Berlin: the action item due at 17:00 Berlin stays silent.
    app.save_reminder_settings(ReminderSettings {
        notifications: true,
        quiet_hours: Some(QuietHours {
            start: time(15, 0),
            end: time(23, 0),
        }),
    })
    .unwrap();
    desk.advance_minutes(80);
    let batch = app.take_reminders().unwrap();
    assert!(batch.notify.is_empty());
    assert_eq!(batch.silenced, 1);

    // Closed overnight: on start the first check reports what passed meanwhile. The update
    // came due soon and was then missed; only the miss is worth telling.
    app.save_reminder_settings(ReminderSettings::default())
        .unwrap();
    let desk = desk.reopen();
    desk.advance_minutes(12 * 60);
    let desk = desk.reopen();
    let batch = desk.app.take_reminders().unwrap();
    let kinds: Vec<ReminderKind> = batch.while_closed.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, [ReminderKind::UpdateMissed]);
    assert_eq!(batch.notify, batch.while_closed);
    let today = desk.app.today().unwrap();
    assert_eq!(today.while_closed, batch.while_closed);
    assert_eq!(today.updates[0].cadence.state, CadenceState::Missed);
}

#[test]
fn today_lists_missed_updates_todays_calls_and_items_due() {
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    let app = &desk.app;
    app.set_communication_plan(&id, every_hours(1), None)
        .unwrap();
    app.add_action_item(
        &id,
        item(
            "Due later today",
            "Dana",
            Side::Us,
            Some(local(2026, 11, 27, 20, 0)),
        ),
    )
    .unwrap();
    app.add_action_item(
        &id,
        item(
            "Due tomorrow",
            "Dana",
            Side::Us,
            Some(local(2026, 11, 28, 10, 0)),
        ),
    )
    .unwrap();
    let mut call = weekly_call();
    call.start = local(2026, 11, 27, 21, 0);
    call.zone = "Europe/Berlin".into();
    app.schedule_call(&id, call).unwrap();
    desk.advance_minutes(90);

    let today = app.today().unwrap();
    assert_eq!(today.date, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    assert_eq!(today.updates.len(), 1);
    assert_eq!(today.updates[0].cadence.state, CadenceState::Missed);
    assert_eq!(today.calls.len(), 1);
    assert_eq!(
        today.calls[0].start,
        Utc.with_ymd_and_hms(2026, 11, 27, 20, 0, 0).unwrap()
    );
    let titles: Vec<&str> = today
        .action_items
        .iter()
        .map(|i| i.item.details.title.as_str())
        .collect();
    assert_eq!(titles, ["Due later today"]);
}

#[test]
fn a_closed_escalation_takes_no_new_plan_calls_or_items() {
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    desk.app
        .apply_escalation_action(
            &id,
            LifecycleAction::Withdraw {
                reason: "Fixed by a reboot".into(),
            },
        )
        .unwrap();
    let err = desk
        .app
        .set_communication_plan(&id, every_hours(4), None)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    let err = desk.app.schedule_call(&id, weekly_call()).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    let err = desk
        .app
        .add_action_item(&id, item("Too late", "Dana", Side::Us, None))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
}

#[test]
fn waiting_stops_counting_when_the_escalation_is_withdrawn() {
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    let app = &desk.app;
    let running = app
        .add_action_item(
            &id,
            item(
                "Patch ETA",
                "Vendor PM",
                Side::Vendor,
                Some(local(2026, 11, 28, 10, 0)),
            ),
        )
        .unwrap();
    let item_id = running.action_items[0].item.id.to_string();
    let details = item(
        "Patch ETA",
        "Vendor PM",
        Side::Vendor,
        Some(local(2026, 11, 28, 10, 0)),
    );
    app.update_action_item(&item_id, details, ItemStatus::WaitingOnVendor)
        .unwrap();
    desk.advance_minutes(60);
    app.apply_escalation_action(
        &id,
        LifecycleAction::Withdraw {
            reason: "Fixed by a reboot".into(),
        },
    )
    .unwrap();
    desk.advance_minutes(24 * 60);
    let running = app.escalation_running(&id).unwrap();
    assert_eq!(running.waited_on_vendor_seconds, 3600);
    // Due the morning after it was withdrawn: never overdue, a day later still.
    assert!(!running.action_items[0].overdue);
}

#[test]
fn a_plan_typed_in_after_the_call_runs_from_when_it_was_agreed() {
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    desk.advance_minutes(6 * 60);
    // Agreed at 15:45 Berlin (14:45 UTC), typed in at 21:30 Berlin: the hourly update is late.
    let running = desk
        .app
        .set_communication_plan(&id, every_hours(1), Some(local(2026, 11, 27, 15, 45)))
        .unwrap();
    let plan = running.plan.unwrap();
    assert_eq!(
        plan.agreed_at,
        Utc.with_ymd_and_hms(2026, 11, 27, 14, 45, 0).unwrap()
    );
    assert_eq!(plan.cadence.unwrap().state, CadenceState::Missed);
    assert!(plan.offer_re_escalation);

    let err = desk
        .app
        .set_communication_plan(&id, every_hours(1), Some(local(2026, 11, 28, 9, 0)))
        .unwrap_err();
    assert_eq!(field_names(&err), ["agreedAt"]);
}

#[test]
fn a_miss_is_written_once_even_when_the_plan_is_entered_again_with_its_old_agreement() {
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    let app = &desk.app;
    // Agreed at 15:30 Berlin (the clock's moment), hourly; three hours on, it was missed.
    app.set_communication_plan(&id, every_hours(1), None)
        .unwrap();
    desk.advance_minutes(180);
    app.take_reminders().unwrap();
    app.take_reminders().unwrap();
    // The same plan typed in again with the same agreement time re-runs the same cadence.
    app.set_communication_plan(&id, every_hours(1), Some(local(2026, 11, 27, 15, 30)))
        .unwrap();
    app.take_reminders().unwrap();
    assert_eq!(count(&kinds(&desk, &id), EventKind::UpdateMissed), 1);
}

#[test]
fn minutes_are_taken_once_per_occurrence_and_never_for_a_cancelled_call_or_a_closed_escalation() {
    let desk = Desk::new();
    let id = desk.escalation("24561234567").id;
    let app = &desk.app;
    let mut plan = weekly_call();
    plan.start = local(2026, 11, 23, 9, 0);
    let running = app.schedule_call(&id, plan).unwrap();
    let call_id = running.calls[0].call.id.to_string();
    let first = running.calls[0].occurrences[0].start;
    let minutes = |text: &str| MinutesInput {
        occurrence: first,
        text: text.into(),
        action_items: vec![],
    };
    app.record_minutes(&call_id, minutes("Agreed next steps"))
        .unwrap();
    let again = app.record_minutes(&call_id, minutes("Again")).unwrap_err();
    assert_eq!(again.code, ErrorCode::NotAllowed);
    assert_eq!(count(&kinds(&desk, &id), EventKind::CallHeld), 1);

    app.cancel_call(&call_id).unwrap();
    let cancelled = app.record_minutes(&call_id, minutes("Late")).unwrap_err();
    assert_eq!(cancelled.code, ErrorCode::NotAllowed);

    // Dates outside 1970–2200 are refused beside their fields, not stored.
    let mut far = weekly_call();
    far.start = local(2500, 1, 4, 9, 0);
    let err = app.schedule_call(&id, far).unwrap_err();
    assert_eq!(field_names(&err), ["start"]);
    let err = app
        .add_action_item(
            &id,
            item(
                "Someday",
                "Dana",
                Side::Us,
                Some(local(9999, 12, 31, 23, 0)),
            ),
        )
        .unwrap_err();
    assert_eq!(field_names(&err), ["due"]);
}
