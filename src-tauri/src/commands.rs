//! The commands the window may call. Each is one call into `escalator-app`; anything more
//! belongs there, where it is testable without a window.

use chrono::{DateTime, NaiveDateTime, Utc};
use escalator_app::{
    ActionItemInput, ActionItemList, ApiError, App, AppStatus, CallPlan, CallPreview,
    CommunicationPlan, Contact, Dashboard, EngagementDetails, EscalationRequestInput,
    EscalationSummary, EscalationView, ExportRecord, ImportSummary, ItemFilter, ItemStatus,
    LifecycleAction, MinutesInput, NewSupportRequest, PassedReview, Playbook, PlaybookEntry,
    Profile, ReadinessInput, Recommendation, ReminderSettings, ReportFormat, ReportProgress,
    ReportRequest, RoutePlan, RunningEscalation, SavedFile, SearchHit, SeverityChange, Situation,
    SrDetails, SupportRequest, SupportRequestHistory, Timeline, TodayView, Vendor,
    VendorUpdateInput, WizardDraft,
};
use escalator_app::{
    CaseLinkView, ConnectionCheck, NewVendorAccount, SyncProgress, SyncReport, VendorAccount,
    VendorAction,
};
use escalator_vendors::Sensitive;
use tauri::State;
use tauri::ipc::Channel;

use crate::clipboard::SystemClipboard;
use crate::exports::ExportFolder;
use crate::ready::ReadySignal;
use crate::save_dialog::{SaveDialog, Saving};
use crate::system_browser::SystemBrowser;

#[tauri::command]
#[specta::specta]
pub fn app_status(app: State<'_, App>) -> AppStatus {
    app.status()
}

#[tauri::command]
#[specta::specta]
pub fn list_vendors(app: State<'_, App>) -> Vec<Vendor> {
    app.list_vendors()
}

// Commands that touch the database are async so they run off the main thread and never
// stall the window.
#[tauri::command]
#[specta::specta]
pub async fn create_support_request(
    app: State<'_, App>,
    input: NewSupportRequest,
) -> Result<SupportRequest, ApiError> {
    app.create_support_request(input)
}

#[tauri::command]
#[specta::specta]
pub async fn list_support_requests(app: State<'_, App>) -> Result<Vec<SupportRequest>, ApiError> {
    app.list_support_requests()
}

#[tauri::command]
#[specta::specta]
pub async fn get_support_request(
    app: State<'_, App>,
    id: String,
) -> Result<SupportRequest, ApiError> {
    app.get_support_request(&id)
}

/// The UI calls this once its first view has data on screen; start-up benchmarks wait for it.
#[tauri::command]
#[specta::specta]
pub fn mark_interactive(ready: State<'_, ReadySignal>) {
    ready.mark();
}

#[tauri::command]
#[specta::specta]
pub async fn update_support_request_details(
    app: State<'_, App>,
    id: String,
    details: SrDetails,
) -> Result<SupportRequest, ApiError> {
    app.update_support_request_details(&id, details)
}

#[tauri::command]
#[specta::specta]
pub async fn change_severity(
    app: State<'_, App>,
    id: String,
    change: SeverityChange,
) -> Result<SupportRequest, ApiError> {
    app.change_severity(&id, change)
}

#[tauri::command]
#[specta::specta]
pub async fn support_request_history(
    app: State<'_, App>,
    id: String,
) -> Result<SupportRequestHistory, ApiError> {
    app.support_request_history(&id)
}

#[tauri::command]
#[specta::specta]
pub async fn get_profile(app: State<'_, App>) -> Result<Profile, ApiError> {
    app.get_profile()
}

#[tauri::command]
#[specta::specta]
pub async fn save_profile(app: State<'_, App>, profile: Profile) -> Result<Profile, ApiError> {
    app.save_profile(profile)
}

#[tauri::command]
#[specta::specta]
pub fn list_playbooks(app: State<'_, App>) -> Vec<PlaybookEntry> {
    app.list_playbooks()
}

#[tauri::command]
#[specta::specta]
pub fn get_playbook(app: State<'_, App>, vendor_id: String) -> Result<Playbook, ApiError> {
    app.get_playbook(&vendor_id)
}

#[tauri::command]
#[specta::specta]
pub async fn save_playbook(app: State<'_, App>, text: String) -> Result<PlaybookEntry, ApiError> {
    app.save_playbook(&text)
}

#[tauri::command]
#[specta::specta]
pub async fn reset_playbook(
    app: State<'_, App>,
    vendor_id: String,
) -> Result<Vec<PlaybookEntry>, ApiError> {
    app.reset_playbook(&vendor_id)
}

#[tauri::command]
#[specta::specta]
pub async fn save_wizard_draft(
    app: State<'_, App>,
    draft: WizardDraft,
) -> Result<WizardDraft, ApiError> {
    app.save_wizard_draft(draft)
}

#[tauri::command]
#[specta::specta]
pub async fn list_wizard_drafts(app: State<'_, App>) -> Result<Vec<WizardDraft>, ApiError> {
    app.list_wizard_drafts()
}

#[tauri::command]
#[specta::specta]
pub async fn discard_wizard_draft(app: State<'_, App>, id: String) -> Result<(), ApiError> {
    app.discard_wizard_draft(&id)
}

#[tauri::command]
#[specta::specta]
pub async fn review_readiness(
    app: State<'_, App>,
    input: ReadinessInput,
) -> Result<PassedReview, ApiError> {
    app.review_readiness(input)
}

#[tauri::command]
#[specta::specta]
pub async fn recommend(
    app: State<'_, App>,
    situation: Situation,
) -> Result<Recommendation, ApiError> {
    app.recommend(situation)
}

#[tauri::command]
#[specta::specta]
pub async fn plan_route(
    app: State<'_, App>,
    support_request_id: String,
    readiness: ReadinessInput,
) -> Result<RoutePlan, ApiError> {
    app.plan_route(&support_request_id, readiness)
}

#[tauri::command]
#[specta::specta]
pub async fn request_escalation(
    app: State<'_, App>,
    input: EscalationRequestInput,
) -> Result<EscalationView, ApiError> {
    app.request_escalation(input)
}

#[tauri::command]
#[specta::specta]
pub async fn list_escalations(app: State<'_, App>) -> Result<Vec<EscalationSummary>, ApiError> {
    app.list_escalations()
}

#[tauri::command]
#[specta::specta]
pub async fn get_escalation(app: State<'_, App>, id: String) -> Result<EscalationView, ApiError> {
    app.get_escalation(&id)
}

#[tauri::command]
#[specta::specta]
pub async fn escalation_timeline(app: State<'_, App>, id: String) -> Result<Timeline, ApiError> {
    app.escalation_timeline(&id)
}

#[tauri::command]
#[specta::specta]
pub async fn apply_escalation_action(
    app: State<'_, App>,
    id: String,
    action: LifecycleAction,
) -> Result<EscalationView, ApiError> {
    app.apply_escalation_action(&id, action)
}

#[tauri::command]
#[specta::specta]
pub async fn set_escalation_contacts(
    app: State<'_, App>,
    id: String,
    contacts: Vec<Contact>,
) -> Result<EscalationView, ApiError> {
    app.set_escalation_contacts(&id, contacts)
}

#[tauri::command]
#[specta::specta]
pub async fn link_support_request(
    app: State<'_, App>,
    id: String,
    support_request_id: String,
) -> Result<EscalationView, ApiError> {
    app.link_support_request(&id, &support_request_id)
}

#[tauri::command]
#[specta::specta]
pub async fn add_escalation_note(
    app: State<'_, App>,
    id: String,
    text: String,
) -> Result<EscalationView, ApiError> {
    app.add_escalation_note(&id, &text)
}

#[tauri::command]
#[specta::specta]
pub async fn search(app: State<'_, App>, query: String) -> Result<Vec<SearchHit>, ApiError> {
    app.search(&query)
}

/// Puts text the user asked to copy (the wizard's script) on the system clipboard.
#[tauri::command]
#[specta::specta]
pub fn copy_text(clipboard: State<'_, SystemClipboard>, text: String) -> Result<(), ApiError> {
    clipboard.copy(&text)
}

#[tauri::command]
#[specta::specta]
pub async fn escalation_running(
    app: State<'_, App>,
    id: String,
) -> Result<RunningEscalation, ApiError> {
    app.escalation_running(&id)
}

#[tauri::command]
#[specta::specta]
pub async fn set_communication_plan(
    app: State<'_, App>,
    id: String,
    plan: CommunicationPlan,
    agreed_at: Option<NaiveDateTime>,
) -> Result<RunningEscalation, ApiError> {
    app.set_communication_plan(&id, plan, agreed_at)
}

#[tauri::command]
#[specta::specta]
pub async fn log_vendor_update(
    app: State<'_, App>,
    id: String,
    input: VendorUpdateInput,
) -> Result<RunningEscalation, ApiError> {
    app.log_vendor_update(&id, input)
}

#[tauri::command]
#[specta::specta]
pub async fn preview_call(app: State<'_, App>, plan: CallPlan) -> Result<CallPreview, ApiError> {
    app.preview_call(plan)
}

#[tauri::command]
#[specta::specta]
pub async fn schedule_call(
    app: State<'_, App>,
    id: String,
    plan: CallPlan,
) -> Result<RunningEscalation, ApiError> {
    app.schedule_call(&id, plan)
}

#[tauri::command]
#[specta::specta]
pub async fn reschedule_call(
    app: State<'_, App>,
    call_id: String,
    plan: CallPlan,
) -> Result<RunningEscalation, ApiError> {
    app.reschedule_call(&call_id, plan)
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_call(
    app: State<'_, App>,
    call_id: String,
) -> Result<RunningEscalation, ApiError> {
    app.cancel_call(&call_id)
}

#[tauri::command]
#[specta::specta]
pub async fn record_minutes(
    app: State<'_, App>,
    call_id: String,
    input: MinutesInput,
) -> Result<RunningEscalation, ApiError> {
    app.record_minutes(&call_id, input)
}

/// Writes the call's `.ics` into the user's downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn save_call_calendar(
    app: State<'_, App>,
    folder: State<'_, ExportFolder>,
    call_id: String,
    occurrence: Option<DateTime<Utc>>,
) -> Result<SavedFile, ApiError> {
    app.save_call_calendar(&call_id, occurrence, folder.path())
}

#[tauri::command]
#[specta::specta]
pub async fn add_action_item(
    app: State<'_, App>,
    id: String,
    input: ActionItemInput,
) -> Result<RunningEscalation, ApiError> {
    app.add_action_item(&id, input)
}

#[tauri::command]
#[specta::specta]
pub async fn update_action_item(
    app: State<'_, App>,
    item_id: String,
    input: ActionItemInput,
    status: ItemStatus,
) -> Result<RunningEscalation, ApiError> {
    app.update_action_item(&item_id, input, status)
}

#[tauri::command]
#[specta::specta]
pub async fn engage_third_party(
    app: State<'_, App>,
    id: String,
    details: EngagementDetails,
) -> Result<RunningEscalation, ApiError> {
    app.engage_third_party(&id, details)
}

#[tauri::command]
#[specta::specta]
pub async fn update_third_party(
    app: State<'_, App>,
    engagement_id: String,
    details: EngagementDetails,
) -> Result<RunningEscalation, ApiError> {
    app.update_third_party(&engagement_id, details)
}

#[tauri::command]
#[specta::specta]
pub async fn today(app: State<'_, App>) -> Result<TodayView, ApiError> {
    app.today()
}

#[tauri::command]
#[specta::specta]
pub async fn action_items(
    app: State<'_, App>,
    filter: ItemFilter,
) -> Result<ActionItemList, ApiError> {
    app.action_items(filter)
}

#[tauri::command]
#[specta::specta]
pub async fn reminder_settings(app: State<'_, App>) -> Result<ReminderSettings, ApiError> {
    app.reminder_settings()
}

#[tauri::command]
#[specta::specta]
pub async fn save_reminder_settings(
    app: State<'_, App>,
    settings: ReminderSettings,
) -> Result<ReminderSettings, ApiError> {
    app.save_reminder_settings(settings)
}

#[tauri::command]
#[specta::specta]
pub async fn report_preview(
    app: State<'_, App>,
    request: ReportRequest,
) -> Result<String, ApiError> {
    app.report_preview(&request)
}

/// Renders the report and saves it where the user chooses; `None` when they cancel.
#[tauri::command]
#[specta::specta]
pub async fn export_report(
    dialog: State<'_, SaveDialog>,
    app: State<'_, App>,
    folder: State<'_, ExportFolder>,
    request: ReportRequest,
    format: ReportFormat,
    progress: Channel<ReportProgress>,
) -> Result<Option<ExportRecord>, ApiError> {
    let name = app.report_file_name(&request, format)?;
    let Some(destination) = dialog.choose(&folder, report_target(&name, format)) else {
        return Ok(None);
    };
    app.save_report(&request, format, &destination, &mut |step| {
        // A closed window is no reason to stop the export.
        let _ = progress.send(step);
    })
    .map(Some)
}

#[tauri::command]
#[specta::specta]
pub async fn recent_exports(app: State<'_, App>) -> Result<Vec<ExportRecord>, ApiError> {
    app.recent_exports()
}

#[tauri::command]
#[specta::specta]
pub async fn dashboard(app: State<'_, App>) -> Result<Dashboard, ApiError> {
    app.dashboard()
}

/// Saves a backup of all data where the user chooses; `None` when they cancel.
#[tauri::command]
#[specta::specta]
pub async fn backup_data(
    dialog: State<'_, SaveDialog>,
    app: State<'_, App>,
    folder: State<'_, ExportFolder>,
) -> Result<Option<ExportRecord>, ApiError> {
    let name = app.backup_file_name()?;
    let saving = Saving::File {
        name: &name,
        filter: "Escalator data",
        extension: "json",
    };
    match dialog.choose(&folder, saving) {
        Some(destination) => app.backup(&destination).map(Some),
        None => Ok(None),
    }
}

/// Imports a backup or JSON report the user picks; `None` when they cancel.
#[tauri::command]
#[specta::specta]
pub async fn import_data(
    dialog: State<'_, SaveDialog>,
    app: State<'_, App>,
    folder: State<'_, ExportFolder>,
) -> Result<Option<ImportSummary>, ApiError> {
    let picking = Saving::Open {
        filter: "Escalator data",
        extension: "json",
    };
    match dialog.choose(&folder, picking) {
        Some(source) => app.import_data(&source).map(Some),
        None => Ok(None),
    }
}

fn report_target(name: &str, format: ReportFormat) -> Saving<'_> {
    let filter = match format {
        ReportFormat::Pdf => "PDF document",
        ReportFormat::Html => "Web page",
        ReportFormat::Markdown => "Markdown",
        ReportFormat::Json => "Escalator data",
        ReportFormat::Csv => return Saving::Folder { name },
    };
    Saving::File {
        name,
        filter,
        extension: format.extension(),
    }
}

#[tauri::command]
#[specta::specta]
pub async fn vendor_accounts(app: State<'_, App>) -> Result<Vec<VendorAccount>, ApiError> {
    app.vendor_accounts()
}

/// The secret arrives once, from the form, and goes straight to the OS keychain; no command
/// returns it.
#[tauri::command]
#[specta::specta]
pub async fn add_vendor_account(
    app: State<'_, App>,
    account: NewVendorAccount,
    secret: String,
) -> Result<VendorAccount, ApiError> {
    app.add_vendor_account(account, Sensitive::new(secret))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn test_vendor_account(
    app: State<'_, App>,
    id: String,
) -> Result<ConnectionCheck, ApiError> {
    app.test_vendor_account(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_vendor_account(app: State<'_, App>, id: String) -> Result<(), ApiError> {
    app.remove_vendor_account(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_vendor_account(
    app: State<'_, App>,
    id: String,
    progress: Channel<SyncProgress>,
) -> Result<SyncReport, ApiError> {
    app.sync_account(&id, &mut |step| {
        // A closed window is no reason to stop the sync.
        let _ = progress.send(step);
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn case_link(
    app: State<'_, App>,
    support_request_id: String,
) -> Result<Option<CaseLinkView>, ApiError> {
    app.case_link(&support_request_id)
}

/// Opens the SR's vendor case in the system browser.
#[tauri::command]
#[specta::specta]
pub async fn open_vendor_case(
    app: State<'_, App>,
    browser: State<'_, SystemBrowser>,
    support_request_id: String,
) -> Result<(), ApiError> {
    browser.open(&app.vendor_case_page(&support_request_id)?)
}

#[tauri::command]
#[specta::specta]
pub async fn link_vendor_case(
    app: State<'_, App>,
    support_request_id: String,
    account_id: String,
    case_key: String,
) -> Result<CaseLinkView, ApiError> {
    app.link_vendor_case(&support_request_id, &account_id, &case_key)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn queue_vendor_action(
    app: State<'_, App>,
    support_request_id: String,
    action: VendorAction,
) -> Result<CaseLinkView, ApiError> {
    app.queue_vendor_action(&support_request_id, action)
}
