//! Running an escalation once it is under way: the communication plan and its cadence, the
//! vendor updates logged against it, conference calls with their minutes, action items on
//! both sides and other vendors engaged. Every change writes its timeline event in the same
//! transaction, and every action returns the whole [`RunningEscalation`] so the screen
//! redraws from one answer.
//!
//! Times the user types arrive as wall-clock times in their profile's zone and are turned
//! into instants here, with the same rules calendars use. It does not send reminders (see
//! `reminders`), and it never reads the clock except through the app's [`crate::Clock`].

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use escalator_core::action_item::{
    ActionItem, ActionItemId, ItemDetails, ItemSource, ItemStatus, Side,
};
use escalator_core::cadence::{Cadence, CadenceState, CommunicationPlan, UpdateMode, VendorUpdate};
use escalator_core::conference_call::{CallId, CallMinutes, CallPlan, ConferenceCall, ZoneRow};
use escalator_core::escalation::{ActionKind, EscalationState};
use escalator_core::escalation_record::{EscalationRecord, Stamp};
use escalator_core::local_time;
use escalator_core::profile::parse_zone;
use escalator_core::third_party::{EngagementDetails, ThirdPartyEngagement};
use escalator_core::timeline::{EventKind, NewEvent};
use escalator_core::validation::{in_supported_years, years_message};
use escalator_store::{Store, StoredPlan};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::escalations::find_escalation;
use crate::support_requests::uuid_at;
use crate::{ApiError, App, ErrorCode};

/// How many past occurrences of a call the screen lists; older ones stay in the timeline.
const PAST_OCCURRENCES_SHOWN: usize = 20;
/// How many coming occurrences the screen lists.
const COMING_OCCURRENCES_SHOWN: usize = 5;

/// Everything the escalation screen shows about running the escalation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RunningEscalation {
    pub escalation_id: String,
    pub plan: Option<PlanView>,
    pub updates: Vec<VendorUpdate>,
    pub calls: Vec<CallView>,
    pub action_items: Vec<ActionItemView>,
    pub engagements: Vec<ThirdPartyEngagement>,
    /// Summed over the action items, counting the current waits up to now.
    // A JS number holds any realistic count of seconds exactly.
    #[specta(type = f64)]
    pub waited_on_vendor_seconds: i64,
    // A JS number holds any realistic count of seconds exactly.
    #[specta(type = f64)]
    pub waited_on_us_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanView {
    pub plan: CommunicationPlan,
    pub description: String,
    pub agreed_at: DateTime<Utc>,
    /// Only while the escalation is being worked (requested up to de-escalation proposed).
    pub cadence: Option<Cadence>,
    /// A missed update and re-escalating is possible now: the screen offers it, pre-filled.
    pub offer_re_escalation: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallView {
    pub call: ConferenceCall,
    pub description: String,
    pub next_start: Option<DateTime<Utc>>,
    /// The last past occurrences and the next coming ones, oldest first.
    pub occurrences: Vec<OccurrenceView>,
    #[specta(type = u32)]
    pub occurrence_count: usize,
    /// The next occurrence (or the last, when the series is over) in everyone's zone.
    pub zone_table: Vec<ZoneRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OccurrenceView {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub started: bool,
    pub minutes: Option<CallMinutes>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ActionItemView {
    pub item: ActionItem,
    pub escalation_id: String,
    pub escalation_title: String,
    pub overdue: bool,
    /// Due on the user's calendar date today, in their zone.
    pub due_today: bool,
    // A JS number holds any realistic count of seconds exactly.
    #[specta(type = f64)]
    pub waited_on_vendor_seconds: i64,
    // A JS number holds any realistic count of seconds exactly.
    #[specta(type = f64)]
    pub waited_on_us_seconds: i64,
}

/// An update as the user logs it: when (in their zone; empty for now), how, what.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VendorUpdateInput {
    pub received_at: Option<NaiveDateTime>,
    pub mode: UpdateMode,
    pub summary: String,
}

/// An action item as the user enters it; `due` is a wall-clock time in their zone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ActionItemInput {
    pub title: String,
    pub owner: String,
    pub side: Side,
    pub due: Option<NaiveDateTime>,
}

/// Minutes of one occurrence and the action items agreed in it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MinutesInput {
    pub occurrence: DateTime<Utc>,
    pub text: String,
    pub action_items: Vec<ActionItemInput>,
}

/// What the scheduling dialog shows before the call is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallPreview {
    pub description: String,
    pub first_starts: Vec<DateTime<Utc>>,
    #[specta(type = u32)]
    pub occurrence_count: usize,
    pub zone_table: Vec<ZoneRow>,
}

/// A calendar file written for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SavedFile {
    pub path: String,
    pub file_name: String,
}

impl App {
    pub fn escalation_running(&self, id: &str) -> Result<RunningEscalation, ApiError> {
        let (_, profile) = self.stamp()?;
        let store = self.store()?;
        let record = find_escalation(&store, id)?;
        self.running(&store, &record, user_zone(&profile.time_zone))
    }

    /// Sets (or replaces) the plan, agreed at `agreed_at` in the user's zone (empty for now:
    /// plans are often agreed on a call and typed in afterwards, and an escalation raised by
    /// phone may be recorded here only later, so the moment may even precede its record).
    /// The cadence starts again from that moment.
    pub fn set_communication_plan(
        &self,
        id: &str,
        plan: CommunicationPlan,
        agreed_at: Option<NaiveDateTime>,
    ) -> Result<RunningEscalation, ApiError> {
        let plan = plan.validate()?;
        let (stamp, profile) = self.stamp()?;
        let zone = user_zone(&profile.time_zone);
        let agreed_at = agreed_at.map_or(stamp.at, |local| local_time::to_utc(local, zone));
        if agreed_at > stamp.at {
            return Err(ApiError::field(
                "agreedAt",
                "A plan cannot be agreed in the future.",
            ));
        }
        if !in_supported_years(agreed_at.date_naive()) {
            return Err(ApiError::field("agreedAt", years_message()));
        }
        let mut store = self.store()?;
        let record = find_escalation(&store, id)?;
        refuse_when_finished(&record)?;
        flag_missed_update(&mut store, &record, agreed_at)?;
        let agreed = Stamp {
            at: agreed_at,
            ..stamp
        };
        store.set_communication_plan(record.id, &plan, agreed_at, plan.agreed_event(&agreed))?;
        self.running(&store, &record, zone)
    }

    pub fn log_vendor_update(
        &self,
        id: &str,
        input: VendorUpdateInput,
    ) -> Result<RunningEscalation, ApiError> {
        let (stamp, profile) = self.stamp()?;
        let zone = user_zone(&profile.time_zone);
        let received_at = input
            .received_at
            .map_or(stamp.at, |local| local_time::to_utc(local, zone));
        let mut store = self.store()?;
        let record = find_escalation(&store, id)?;
        refuse_when_finished(&record)?;
        let (update, event) = VendorUpdate::log(
            uuid_at(stamp.at),
            received_at,
            input.mode,
            &input.summary,
            &stamp,
        )?;
        // A miss that happened before this update is a miss even though an update came later.
        flag_missed_update(&mut store, &record, received_at)?;
        store.insert_vendor_update(record.id, &update, event)?;
        self.running(&store, &record, zone)
    }

    /// What the call would look like, for the dialog, without saving it.
    pub fn preview_call(&self, plan: CallPlan) -> Result<CallPreview, ApiError> {
        let plan = plan.validate()?;
        let first_starts: Vec<_> = plan.starts().take(COMING_OCCURRENCES_SHOWN).collect();
        Ok(CallPreview {
            description: plan.describe(),
            zone_table: first_starts
                .first()
                .map(|start| plan.zone_table(*start))
                .unwrap_or_default(),
            occurrence_count: plan.local_starts().count(),
            first_starts,
        })
    }

    pub fn schedule_call(&self, id: &str, plan: CallPlan) -> Result<RunningEscalation, ApiError> {
        let (stamp, profile) = self.stamp()?;
        let mut store = self.store()?;
        let record = find_escalation(&store, id)?;
        refuse_when_finished(&record)?;
        let (call, event) =
            ConferenceCall::schedule(CallId(uuid_at(stamp.at)), record.id, &plan, &stamp)?;
        store.save_call(&call, event)?;
        self.running(&store, &record, user_zone(&profile.time_zone))
    }

    pub fn reschedule_call(
        &self,
        call_id: &str,
        plan: CallPlan,
    ) -> Result<RunningEscalation, ApiError> {
        let (stamp, profile) = self.stamp()?;
        let mut store = self.store()?;
        let mut call = find_call(&store, call_id)?;
        let record = find_escalation(&store, &call.escalation.to_string())?;
        refuse_when_finished(&record)?;
        let event = call.reschedule(&plan, &stamp)?;
        store.save_call(&call, event)?;
        self.running(&store, &record, user_zone(&profile.time_zone))
    }

    pub fn cancel_call(&self, call_id: &str) -> Result<RunningEscalation, ApiError> {
        let (stamp, profile) = self.stamp()?;
        let mut store = self.store()?;
        let mut call = find_call(&store, call_id)?;
        let record = find_escalation(&store, &call.escalation.to_string())?;
        if call.cancelled {
            return Err(ApiError::new(
                ErrorCode::NotAllowed,
                "This call is already cancelled.",
            ));
        }
        let event = call.cancel(&stamp);
        store.save_call(&call, event)?;
        self.running(&store, &record, user_zone(&profile.time_zone))
    }

    /// Minutes of one occurrence (which says the call was held) and the action items taken
    /// from them, saved together.
    pub fn record_minutes(
        &self,
        call_id: &str,
        input: MinutesInput,
    ) -> Result<RunningEscalation, ApiError> {
        let (stamp, profile) = self.stamp()?;
        let zone = user_zone(&profile.time_zone);
        let mut store = self.store()?;
        let call = find_call(&store, call_id)?;
        let record = find_escalation(&store, &call.escalation.to_string())?;
        refuse_when_finished(&record)?;
        if call.cancelled {
            return Err(ApiError::new(
                ErrorCode::NotAllowed,
                "This call was cancelled; it has no minutes to take.",
            ));
        }
        if store
            .minutes(call.id)?
            .iter()
            .any(|m| m.occurrence == input.occurrence)
        {
            return Err(ApiError::new(
                ErrorCode::NotAllowed,
                "Minutes of this call are already recorded; add what was missed as a note.",
            ));
        }
        let (minutes, held) = CallMinutes::record(&call, input.occurrence, &input.text, &stamp)?;
        let source = ItemSource::Call {
            call: call.id,
            occurrence: minutes.occurrence,
        };
        let mut items = Vec::with_capacity(input.action_items.len());
        for (index, item) in input.action_items.iter().enumerate() {
            let created = ActionItem::create(
                ActionItemId(uuid_at(stamp.at)),
                record.id,
                &item_details(item, zone),
                source,
                &stamp,
            )
            .map_err(|err| prefixed(err, &format!("actionItems.{index}.")))?;
            items.push(created);
        }
        store.record_minutes(record.id, &minutes, held, &items)?;
        self.running(&store, &record, zone)
    }

    /// The call's calendar file, written to `folder` under a name that does not overwrite
    /// an earlier export. `occurrence` exports one occurrence instead of the series.
    pub fn save_call_calendar(
        &self,
        call_id: &str,
        occurrence: Option<DateTime<Utc>>,
        folder: &std::path::Path,
    ) -> Result<SavedFile, ApiError> {
        let call = find_call(&*self.store()?, call_id)?;
        let now = self.clock.now();
        let content = match occurrence {
            Some(start) if call.plan.has_occurrence(start) => {
                escalator_report::ics::occurrence_calendar(&call, start, now)
            }
            Some(_) => {
                return Err(ApiError::field(
                    "occurrence",
                    "Choose one of the call's occurrences.",
                ));
            }
            None => escalator_report::ics::call_calendar(&call, now),
        };
        let file_name = escalator_report::ics::file_name(&call);
        let path = crate::files::write_new(folder, &file_name, content.as_bytes())?;
        tracing::info!(call = %call.id, "calendar file saved");
        Ok(SavedFile {
            file_name: path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or(file_name),
            path: path.display().to_string(),
        })
    }

    pub fn add_action_item(
        &self,
        id: &str,
        input: ActionItemInput,
    ) -> Result<RunningEscalation, ApiError> {
        let (stamp, profile) = self.stamp()?;
        let zone = user_zone(&profile.time_zone);
        let mut store = self.store()?;
        let record = find_escalation(&store, id)?;
        refuse_when_finished(&record)?;
        let (item, event) = ActionItem::create(
            ActionItemId(uuid_at(stamp.at)),
            record.id,
            &item_details(&input, zone),
            ItemSource::Plan,
            &stamp,
        )?;
        store.save_action_item(&item, event)?;
        self.running(&store, &record, zone)
    }

    /// Edits an item's details and status at once; saving it unchanged writes nothing.
    pub fn update_action_item(
        &self,
        item_id: &str,
        input: ActionItemInput,
        status: ItemStatus,
    ) -> Result<RunningEscalation, ApiError> {
        let (stamp, profile) = self.stamp()?;
        let zone = user_zone(&profile.time_zone);
        let mut store = self.store()?;
        let mut item = find_item(&store, item_id)?;
        let record = find_escalation(&store, &item.escalation.to_string())?;
        if let Some(event) = item.edit(&item_details(&input, zone), status, &stamp)? {
            store.save_action_item(&item, event)?;
        }
        self.running(&store, &record, zone)
    }

    pub fn engage_third_party(
        &self,
        id: &str,
        details: EngagementDetails,
    ) -> Result<RunningEscalation, ApiError> {
        let (stamp, profile) = self.stamp()?;
        let mut store = self.store()?;
        let record = find_escalation(&store, id)?;
        refuse_when_finished(&record)?;
        let (engagement, event) =
            ThirdPartyEngagement::engage(uuid_at(stamp.at), record.id, &details, &stamp)?;
        store.save_engagement(&engagement, event)?;
        self.running(&store, &record, user_zone(&profile.time_zone))
    }

    pub fn update_third_party(
        &self,
        engagement_id: &str,
        details: EngagementDetails,
    ) -> Result<RunningEscalation, ApiError> {
        let (stamp, profile) = self.stamp()?;
        let mut store = self.store()?;
        let not_found = || ApiError::new(ErrorCode::NotFound, "This engagement does not exist.");
        let id = Uuid::parse_str(engagement_id).map_err(|_| not_found())?;
        let mut engagement = store.engagement(id)?.ok_or_else(not_found)?;
        let record = find_escalation(&store, &engagement.escalation.to_string())?;
        if let Some(event) = engagement.edit(&details, &stamp)? {
            store.save_engagement(&engagement, event)?;
        }
        self.running(&store, &record, user_zone(&profile.time_zone))
    }

    fn running(
        &self,
        store: &Store,
        record: &EscalationRecord,
        zone: Tz,
    ) -> Result<RunningEscalation, ApiError> {
        let now = self.clock.now();
        let today = local_time::to_local(now, zone).date();
        let plan = store
            .communication_plan(record.id)?
            .map(|stored| plan_view(store, record, stored, now))
            .transpose()?;
        let calls = store
            .calls(record.id)?
            .into_iter()
            .map(|call| call_view(store, call, now))
            .collect::<Result<Vec<_>, _>>()?;
        // A closed escalation's items stop the clock where it closed: nothing is overdue
        // and no waiting time grows after that.
        let items_until = if record.state.is_open() {
            now
        } else {
            record.updated_at
        };
        let action_items: Vec<_> = store
            .action_items(record.id)?
            .into_iter()
            .map(|item| {
                item_view(
                    item,
                    &record.id.to_string(),
                    &record.title,
                    items_until,
                    today,
                    zone,
                )
            })
            .collect();
        Ok(RunningEscalation {
            escalation_id: record.id.to_string(),
            waited_on_vendor_seconds: action_items
                .iter()
                .map(|i| i.waited_on_vendor_seconds)
                .sum(),
            waited_on_us_seconds: action_items.iter().map(|i| i.waited_on_us_seconds).sum(),
            plan,
            updates: store.vendor_updates(record.id)?,
            calls,
            action_items,
            engagements: store.engagements(record.id)?,
        })
    }
}

fn plan_view(
    store: &Store,
    record: &EscalationRecord,
    stored: StoredPlan,
    now: DateTime<Utc>,
) -> Result<PlanView, ApiError> {
    let cadence = if tracks_cadence(record.state) {
        let last = store.last_update_at(record.id)?;
        Some(stored.plan.cadence(since(&stored, last), now))
    } else {
        None
    };
    // Offered once per miss: after a re-escalation for it, the badge still says missed but
    // the screen stops pressing.
    let re_escalated_at = store.latest_event_at(&record.id.to_string(), EventKind::ReEscalated)?;
    let offer_re_escalation = cadence.is_some_and(|c| {
        c.state == CadenceState::Missed && re_escalated_at.is_none_or(|at| at < c.due)
    }) && escalator_core::escalation::available_actions(record.state)
        .into_iter()
        .any(|(kind, availability)| kind == ActionKind::ReEscalate && availability.is_ok());
    Ok(PlanView {
        description: stored.plan.describe(),
        plan: stored.plan,
        agreed_at: stored.agreed_at,
        cadence,
        offer_re_escalation,
    })
}

/// The cadence runs from the latest update, or from the plan's agreement if it is later
/// (a new plan restarts the clock).
pub(crate) fn since(stored: &StoredPlan, last_update: Option<DateTime<Utc>>) -> DateTime<Utc> {
    last_update.map_or(stored.agreed_at, |last| last.max(stored.agreed_at))
}

/// While the vendor is working the escalation; before the request and after de-escalation
/// no update is owed.
pub(crate) fn tracks_cadence(state: EscalationState) -> bool {
    matches!(
        state,
        EscalationState::Requested
            | EscalationState::Acknowledged
            | EscalationState::EngineerAssigned
            | EscalationState::ActionPlanAgreed
            | EscalationState::ReEscalated
            | EscalationState::DeEscalationProposed
    )
}

/// Writes the "update missed" event once for the current cadence if its due time lies before
/// `until`.
pub(crate) fn flag_missed_update(
    store: &mut Store,
    record: &EscalationRecord,
    until: DateTime<Utc>,
) -> Result<(), ApiError> {
    if !tracks_cadence(record.state) {
        return Ok(());
    }
    let Some(stored) = store.communication_plan(record.id)? else {
        return Ok(());
    };
    let last = store.last_update_at(record.id)?;
    if let Some((due, event)) = unrecorded_miss(&stored, last, until) {
        store.flag_missed_update(record.id, due, event)?;
        tracing::info!(id = %record.id, "vendor update missed");
    }
    Ok(())
}

/// The miss of the cadence running from `last` (or the agreement), when its due time lies
/// before `until` and has not been recorded yet: the due time and its event.
pub(crate) fn unrecorded_miss(
    stored: &StoredPlan,
    last: Option<DateTime<Utc>>,
    until: DateTime<Utc>,
) -> Option<(DateTime<Utc>, NewEvent)> {
    let cadence = stored.plan.cadence(since(stored, last), until);
    let recorded = stored
        .missed_due
        .is_some_and(|flagged| flagged >= cadence.due);
    (cadence.state == CadenceState::Missed && !recorded)
        .then(|| (cadence.due, cadence.missed_event(&stored.plan.zone)))
}

fn call_view(
    store: &Store,
    call: ConferenceCall,
    now: DateTime<Utc>,
) -> Result<CallView, ApiError> {
    let minutes = store.minutes(call.id)?;
    let duration = call.plan.duration();
    let starts: Vec<DateTime<Utc>> = call.plan.starts().collect();
    let first_coming = starts.partition_point(|start| *start + duration <= now);
    let from = first_coming.saturating_sub(PAST_OCCURRENCES_SHOWN);
    let to = (first_coming + COMING_OCCURRENCES_SHOWN).min(starts.len());
    let occurrences = starts
        .get(from..to)
        .unwrap_or_default()
        .iter()
        .map(|start| OccurrenceView {
            start: *start,
            end: *start + duration,
            started: *start <= now,
            minutes: minutes.iter().find(|m| m.occurrence == *start).cloned(),
        })
        .collect();
    let next_start = if call.cancelled {
        None
    } else {
        starts.get(first_coming).copied()
    };
    let shown = next_start.or_else(|| starts.last().copied());
    Ok(CallView {
        description: call.plan.describe(),
        zone_table: shown
            .map(|start| call.plan.zone_table(start))
            .unwrap_or_default(),
        next_start,
        occurrences,
        occurrence_count: starts.len(),
        call,
    })
}

pub(crate) fn item_view(
    item: ActionItem,
    escalation_id: &str,
    escalation_title: &str,
    now: DateTime<Utc>,
    today: NaiveDate,
    zone: Tz,
) -> ActionItemView {
    let (on_vendor, on_us) = item.waiting_seconds(now);
    ActionItemView {
        overdue: item.is_overdue(now),
        due_today: !item.status.is_finished()
            && item
                .details
                .due
                .is_some_and(|due| local_time::to_local(due, zone).date() == today),
        escalation_id: escalation_id.to_owned(),
        escalation_title: escalation_title.to_owned(),
        waited_on_vendor_seconds: on_vendor,
        waited_on_us_seconds: on_us,
        item,
    }
}

fn item_details(input: &ActionItemInput, zone: Tz) -> ItemDetails {
    ItemDetails {
        title: input.title.clone(),
        owner: input.owner.clone(),
        side: input.side,
        due: input.due.map(|local| local_time::to_utc(local, zone)),
    }
}

pub(crate) fn user_zone(name: &str) -> Tz {
    parse_zone(name).unwrap_or(Tz::UTC)
}

/// Running a closed or withdrawn escalation makes no sense; its record is final.
fn refuse_when_finished(record: &EscalationRecord) -> Result<(), ApiError> {
    if record.state.is_open() {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::NotAllowed,
            "This escalation is closed; its plan, calls and action items can no longer change.",
        ))
    }
}

fn find_call(store: &Store, id: &str) -> Result<ConferenceCall, ApiError> {
    let not_found = || {
        ApiError::new(
            ErrorCode::NotFound,
            "This call does not exist; it may have been removed.",
        )
    };
    let id = Uuid::parse_str(id).map_err(|_| not_found())?;
    store.call(CallId(id))?.ok_or_else(not_found)
}

fn find_item(store: &Store, id: &str) -> Result<ActionItem, ApiError> {
    let not_found = || ApiError::new(ErrorCode::NotFound, "This action item does not exist.");
    let id = Uuid::parse_str(id).map_err(|_| not_found())?;
    store.action_item(ActionItemId(id))?.ok_or_else(not_found)
}

/// Field errors of a nested input, renamed to where the form shows them.
fn prefixed(err: escalator_core::ValidationError, prefix: &str) -> ApiError {
    let mut err = ApiError::from(err);
    for field in &mut err.fields {
        field.field = format!("{prefix}{}", field.field);
    }
    err
}
