//! The running tables: plan, vendor updates, calls and minutes, action items and third
//! parties, each written with its event on the escalation's chain.

use chrono::{NaiveDate, TimeDelta};
use escalator_core::action_item::{
    ActionItem, ActionItemId, ItemDetails, ItemSource, ItemStatus, Side,
};
use escalator_core::cadence::{CommunicationPlan, IntervalUnit, UpdateMode, VendorUpdate};
use escalator_core::conference_call::{CallId, CallMinutes, CallPlan, ConferenceCall};
use escalator_core::escalation_record::EscalationId;
use escalator_core::third_party::{
    EngagedVia, EngagementDetails, EngagementStatus, ThirdPartyEngagement,
};
use escalator_core::timeline::{EventKind, verify};
use escalator_store::Store;
use uuid::Uuid;

use crate::util::{at, stamp};

/// An escalation in a fresh store, and the store.
fn store_with_escalation() -> (tempfile::TempDir, Store, EscalationId) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in(dir.path()).unwrap();
    let id = crate::util::escalation_in(&mut store, "24561234567");
    (dir, store, id)
}

fn plan(hours: u32) -> CommunicationPlan {
    CommunicationPlan {
        modes: vec![UpdateMode::Email],
        every: hours,
        unit: IntervalUnit::Hours,
        zone: "Europe/Berlin".into(),
        business_hours: None,
        attendees: vec![],
        note: String::new(),
    }
    .validate()
    .unwrap()
}

fn call_plan() -> CallPlan {
    CallPlan {
        title: "Daily bridge".into(),
        start: NaiveDate::from_ymd_opt(2026, 9, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
        zone: "Europe/Berlin".into(),
        duration_minutes: 30,
        bridge_url: "https://meet.example.com/x".into(),
        dial_string: "+49 30 1234,,99#".into(),
        recurrence: None,
        attendees: vec![],
        agenda: String::new(),
    }
}

fn item(escalation: EscalationId, title: &str, due: Option<i64>, secs: i64) -> ActionItem {
    ActionItem::create(
        ActionItemId(Uuid::new_v4()),
        escalation,
        &ItemDetails {
            title: title.into(),
            owner: "Dana".into(),
            side: Side::Us,
            due: due.map(at),
        },
        ItemSource::Plan,
        &stamp(secs),
    )
    .unwrap()
    .0
}

#[test]
fn the_plan_and_the_latest_update_feed_the_cadence_and_a_miss_is_kept() {
    let (_dir, mut store, id) = store_with_escalation();
    store
        .set_communication_plan(id, &plan(4), at(100), plan(4).agreed_event(&stamp(100)))
        .unwrap();
    for (secs, summary) in [(3_000, "first"), (9_000, "second")] {
        let (update, event) = VendorUpdate::log(
            Uuid::new_v4(),
            at(secs),
            UpdateMode::Email,
            summary,
            &stamp(secs),
        )
        .unwrap();
        store.insert_vendor_update(id, &update, event).unwrap();
    }
    let rows = store.cadence_rows().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].last_update, Some(at(9_000)));
    assert_eq!(rows[0].plan.agreed_at, at(100));
    let summaries: Vec<String> = store
        .vendor_updates(id)
        .unwrap()
        .into_iter()
        .map(|u| u.summary)
        .collect();
    assert_eq!(summaries, ["second", "first"]);

    let cadence = plan(4).cadence(at(9_000), at(9_000) + TimeDelta::hours(5));
    store
        .flag_missed_update(id, cadence.due, cadence.missed_event("Europe/Berlin"))
        .unwrap();
    assert_eq!(
        store.communication_plan(id).unwrap().unwrap().missed_due,
        Some(cadence.due)
    );
    // A new plan restarts the cadence; the miss already written is remembered, so a plan
    // agreed before it cannot write it again.
    store
        .set_communication_plan(
            id,
            &plan(2),
            at(20_000),
            plan(2).agreed_event(&stamp(20_000)),
        )
        .unwrap();
    let stored = store.communication_plan(id).unwrap().unwrap();
    assert_eq!(
        (stored.plan.every, stored.missed_due),
        (2, Some(cadence.due))
    );
    assert_eq!(store.last_update_at(id).unwrap(), Some(at(9_000)));

    let events = store.stream_events(&id.to_string()).unwrap();
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds[1..],
        [
            EventKind::CommunicationPlanSet,
            EventKind::UpdateReceived,
            EventKind::UpdateReceived,
            EventKind::UpdateMissed,
            EventKind::CommunicationPlanSet
        ]
    );
    assert!(verify(&events).is_intact());
}

#[test]
fn minutes_and_their_items_are_written_together_and_unfinished_items_come_soonest_first() {
    let (_dir, mut store, id) = store_with_escalation();
    let (call, event) =
        ConferenceCall::schedule(CallId(Uuid::new_v4()), id, &call_plan(), &stamp(0)).unwrap();
    store.save_call(&call, event).unwrap();
    let occurrence = call.plan.starts().next().unwrap();
    let (minutes, held) =
        CallMinutes::record(&call, occurrence, "Agreed next steps", &stamp(9_000_000)).unwrap();
    let items = [
        item(id, "later", Some(5_000), 1),
        item(id, "sooner", Some(2_000), 2),
    ];
    let with_events: Vec<_> = items
        .iter()
        .map(|i| {
            (
                i.clone(),
                stamp(3).event(
                    EventKind::ActionItemChanged,
                    i.details.title.clone(),
                    serde_json::json!({}),
                ),
            )
        })
        .collect();
    store
        .record_minutes(id, &minutes, held, &with_events)
        .unwrap();
    let undated = item(id, "undated", None, 4);
    store
        .save_action_item(
            &undated,
            stamp(4).event(
                EventKind::ActionItemChanged,
                "undated".into(),
                serde_json::json!({}),
            ),
        )
        .unwrap();

    assert_eq!(store.minutes(call.id).unwrap(), [minutes]);
    let order: Vec<String> = store
        .unfinished_action_items(escalator_store::ItemQuery::default())
        .unwrap()
        .into_iter()
        .map(|row| row.item.details.title)
        .collect();
    assert_eq!(order, ["sooner", "later", "undated"]);

    // Done items leave the unfinished list; cancelled calls leave the active ones.
    let mut done = items[1].clone();
    let event = done
        .edit(&done.details.clone(), ItemStatus::Done, &stamp(10))
        .unwrap()
        .unwrap();
    store.save_action_item(&done, event).unwrap();
    assert_eq!(
        store
            .unfinished_action_items(escalator_store::ItemQuery::default())
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        store.action_item(done.id).unwrap().unwrap().status,
        ItemStatus::Done
    );
    let mut cancelled = call.clone();
    let event = cancelled.cancel(&stamp(11));
    store.save_call(&cancelled, event).unwrap();
    assert!(store.active_calls().unwrap().is_empty());
    assert_eq!(store.calls(id).unwrap(), [cancelled]);

    let (engagement, event) = ThirdPartyEngagement::engage(
        Uuid::new_v4(),
        id,
        &EngagementDetails {
            vendor: "Dell".into(),
            via: EngagedVia::SupportContract,
            case_number: "D-1".into(),
            status: EngagementStatus::Engaged,
            contacts: vec![],
            note: String::new(),
        },
        &stamp(12),
    )
    .unwrap();
    store.save_engagement(&engagement, event).unwrap();
    assert_eq!(store.engagements(id).unwrap(), [engagement]);

    let events = store.stream_events(&id.to_string()).unwrap();
    assert!(verify(&events).is_intact());
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind).collect();
    // Requested, scheduled, held, two items, the undated item, done, cancelled, engaged.
    assert_eq!(kinds.len(), 9, "{kinds:?}");
    assert_eq!(kinds[2], EventKind::CallHeld);
}
