// The app's only door to the Rust side. Everything else imports from `$lib/ipc`,
// never from `@tauri-apps/api` or `./bindings` directly, so the transport can be
// mocked in tests and swapped without touching views.

import { Channel, isTauri } from '@tauri-apps/api/core';
import { commands } from './bindings';
import type {
	ApiError,
	AppStatus,
	Contact,
	ErrorCode,
	EscalationRequestInput_Deserialize,
	EscalationSummary,
	EscalationView_Serialize,
	FieldError,
	LifecycleAction,
	NewSupportRequest,
	PassedReview,
	PlaybookEntry_Serialize,
	Playbook_Serialize,
	Profile,
	ReadinessInput,
	Recommendation,
	RoutePlan_Serialize,
	SearchHit_Serialize,
	SeverityChange,
	Situation,
	SrDetails,
	SupportRequest,
	SupportRequestHistory,
	Timeline,
	Vendor,
	WizardDraft_Deserialize,
	WizardDraft_Serialize
} from './bindings';

export type {
	ActionAvailability,
	ActionKind,
	ApiError,
	AppStatus,
	BreakReason,
	ChainCheck,
	ChainVerdict,
	ChainedEvent,
	Contact,
	ContactMethod,
	ContactRole,
	DeEscalationCriteria,
	ErrorCode,
	EscalationState,
	EscalationSummary,
	EventKind,
	Feedback,
	FieldError,
	HitKind,
	JsonValue,
	LifecycleAction,
	Milestone,
	NewSupportRequest,
	PassedReview,
	PlaybookOrigin,
	Profile,
	ReEscalationReason,
	ReadinessInput,
	Recommendation,
	Region,
	SeverityChange,
	SeverityChangeReason,
	SeverityLevel,
	Situation,
	SrDetails,
	SrStatus,
	SupportRequest,
	SupportRequestHistory,
	Technician,
	Timeline,
	TimelineEntry,
	Trigger,
	Vendor,
	WizardStep,
	Workaround
} from './bindings';

// specta splits types whose serialised and deserialised shapes differ (optional fields);
// the UI reads what Rust serialises and sends what Rust deserialises.
export type EscalationView = EscalationView_Serialize;
export type EscalationChannel = import('./bindings').EscalationChannel_Serialize;
export type Phone = import('./bindings').Phone_Serialize;
export type Playbook = Playbook_Serialize;
export type PlaybookEntry = PlaybookEntry_Serialize;
export type Route = import('./bindings').Route_Serialize;
export type RoutePlan = RoutePlan_Serialize;
export type SearchHit = SearchHit_Serialize;
export type WizardDraft = WizardDraft_Serialize;
export type WizardDraftInput = WizardDraft_Deserialize;
export type EscalationRequestInput = EscalationRequestInput_Deserialize;

// Running an escalation. Types the UI sends are the `_Deserialize` (Rust reads them) shapes,
// types it receives the `_Serialize` ones.
export type ActionItemInput = import('./bindings').ActionItemInput_Deserialize;
export type ActionItemList = import('./bindings').ActionItemList_Serialize;
export type ActionItemView = import('./bindings').ActionItemView_Serialize;
export type ActionItem = import('./bindings').ActionItem_Serialize;
export type Attendee = import('./bindings').Attendee;
export type BusinessHours = import('./bindings').BusinessHours;
export type Cadence = import('./bindings').Cadence;
export type CadenceEntry = import('./bindings').CadenceEntry;
export type CadenceState = import('./bindings').CadenceState;
export type CallMinutes = import('./bindings').CallMinutes;
export type CallPlan = import('./bindings').CallPlan_Serialize;
export type CallPreview = import('./bindings').CallPreview;
export type CallToday = import('./bindings').CallToday;
export type CallView = import('./bindings').CallView;
export type CommunicationPlan = import('./bindings').CommunicationPlan_Serialize;
export type ConferenceCall = import('./bindings').ConferenceCall_Serialize;
export type EngagedVia = import('./bindings').EngagedVia;
export type EngagementDetails = import('./bindings').EngagementDetails;
export type EngagementStatus = import('./bindings').EngagementStatus;
export type IntervalUnit = import('./bindings').IntervalUnit;
export type ItemCounts = import('./bindings').ItemCounts;
export type ItemFilter = import('./bindings').ItemFilter;
export type ItemSource = import('./bindings').ItemSource;
export type ItemStatus = import('./bindings').ItemStatus;
export type MinutesInput = import('./bindings').MinutesInput_Deserialize;
export type OccurrenceView = import('./bindings').OccurrenceView;
export type PlanView = import('./bindings').PlanView;
export type QuietHours = import('./bindings').QuietHours;
export type Recurrence = import('./bindings').Recurrence;
export type Reminder = import('./bindings').Reminder;
export type ReminderKind = import('./bindings').ReminderKind;
export type ReminderSettings = import('./bindings').ReminderSettings_Serialize;
export type Repeat = import('./bindings').Repeat;
export type RunningEscalation = import('./bindings').RunningEscalation_Serialize;
export type SavedFile = import('./bindings').SavedFile;
export type SeriesEnd = import('./bindings').SeriesEnd;
export type Side = import('./bindings').Side;
export type ThirdPartyEngagement = import('./bindings').ThirdPartyEngagement;
export type TodayView = import('./bindings').TodayView_Serialize;
export type UpdateMode = import('./bindings').UpdateMode;
export type VendorUpdate = import('./bindings').VendorUpdate;
export type VendorUpdateInput = import('./bindings').VendorUpdateInput_Deserialize;
export type Weekday = import('./bindings').Weekday;
export type ZoneRow = import('./bindings').ZoneRow;

// Reports, exports, backups and the dashboard.
export type Dashboard = import('./bindings').Dashboard_Serialize;
export type DayCount = import('./bindings').DayCount;
export type ExportRecord = import('./bindings').ExportRecord;
export type ImportSummary = import('./bindings').ImportSummary;
export type NamedCount = import('./bindings').NamedCount;
export type ReportFormat = import('./bindings').ReportFormat;
export type ReportProgress = import('./bindings').ReportProgress;
export type ReportRequest = import('./bindings').ReportRequest;
export type Selection = import('./bindings').Selection;
export type StateCount = import('./bindings').StateCount;
export type VendorTrend = import('./bindings').VendorTrend;

/** What every call here resolves to. It never rejects: failures become an `ApiError`. */
export type Outcome<T> = { ok: true; data: T } | { ok: false; error: ApiError };

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
	'validation',
	'not_found',
	'not_allowed',
	'database_read_only',
	'database_corrupt',
	'database_too_new',
	'database_unavailable',
	'database_busy',
	'storage',
	'internal'
]);

const OUTSIDE_DESKTOP_APP =
	"Escalator's back end is not reachable: this page is running outside the desktop app.";

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function toFieldErrors(value: unknown): FieldError[] {
	if (!Array.isArray(value)) return [];
	return value.flatMap((item: unknown) =>
		isRecord(item) && typeof item.field === 'string' && typeof item.message === 'string'
			? [{ field: item.field, message: item.message }]
			: []
	);
}

/**
 * Turns whatever an invoke rejected with into an `ApiError`. Our commands reject with
 * `{ code, message, fields }`, but Tauri itself rejects with a plain string (unknown
 * command, bad arguments, denied by capabilities) and the JS side may throw an `Error`.
 */
export function toApiError(reason: unknown): ApiError {
	if (typeof reason === 'string') {
		return { code: 'internal', message: reason, fields: [] };
	}
	if (reason instanceof Error) {
		return { code: 'internal', message: reason.message || reason.name, fields: [] };
	}
	if (isRecord(reason) && typeof reason.message === 'string') {
		const code =
			typeof reason.code === 'string' && ERROR_CODES.has(reason.code)
				? (reason.code as ErrorCode)
				: 'internal';
		return { code, message: reason.message, fields: toFieldErrors(reason.fields) };
	}
	return { code: 'internal', message: 'Something went wrong inside Escalator.', fields: [] };
}

async function call<T>(run: () => Promise<T>): Promise<Outcome<T>> {
	if (!isTauri()) {
		return { ok: false, error: { code: 'internal', message: OUTSIDE_DESKTOP_APP, fields: [] } };
	}
	try {
		return { ok: true, data: await run() };
	} catch (reason) {
		return { ok: false, error: toApiError(reason) };
	}
}

/** The shape tauri-specta gives commands that return `Result` in Rust. */
type CommandResult<T> = { status: 'ok'; data: T } | { status: 'error'; error: ApiError };

async function callWithResult<T>(run: () => Promise<CommandResult<T>>): Promise<Outcome<T>> {
	const outcome = await call(run);
	if (!outcome.ok) return outcome;
	const result = outcome.data;
	return result.status === 'ok'
		? { ok: true, data: result.data }
		: { ok: false, error: toApiError(result.error) };
}

/** Where the data lives and whether the database could be opened. */
export function getAppStatus(): Promise<Outcome<AppStatus>> {
	return call(() => commands.appStatus());
}

/** The vendor playbooks installed, each with its own severity wording. */
export function listVendors(): Promise<Outcome<Vendor[]>> {
	return call(() => commands.listVendors());
}

export function listSupportRequests(): Promise<Outcome<SupportRequest[]>> {
	return callWithResult(() => commands.listSupportRequests());
}

export function getSupportRequest(id: string): Promise<Outcome<SupportRequest>> {
	return callWithResult(() => commands.getSupportRequest(id));
}

export function createSupportRequest(input: NewSupportRequest): Promise<Outcome<SupportRequest>> {
	return callWithResult(() => commands.createSupportRequest(input));
}

export function updateSupportRequestDetails(
	id: string,
	details: SrDetails
): Promise<Outcome<SupportRequest>> {
	return callWithResult(() => commands.updateSupportRequestDetails(id, details));
}

/** Raises or lowers an SR's severity without escalating, with the reason. */
export function changeSeverity(id: string, change: SeverityChange): Promise<Outcome<SupportRequest>> {
	return callWithResult(() => commands.changeSeverity(id, change));
}

/** An SR's own timeline and the escalations it belongs to. */
export function supportRequestHistory(id: string): Promise<Outcome<SupportRequestHistory>> {
	return callWithResult(() => commands.supportRequestHistory(id));
}

export function getProfile(): Promise<Outcome<Profile>> {
	return callWithResult(() => commands.getProfile());
}

export function saveProfile(profile: Profile): Promise<Outcome<Profile>> {
	return callWithResult(() => commands.saveProfile(profile));
}

export function listPlaybooks(): Promise<Outcome<PlaybookEntry_Serialize[]>> {
	return call(() => commands.listPlaybooks());
}

export function getPlaybook(vendorId: string): Promise<Outcome<Playbook_Serialize>> {
	return callWithResult(() => commands.getPlaybook(vendorId));
}

/** Checks and saves a playbook's TOML text; a problem comes back on the field `text`. */
export function savePlaybook(text: string): Promise<Outcome<PlaybookEntry_Serialize>> {
	return callWithResult(() => commands.savePlaybook(text));
}

export function resetPlaybook(vendorId: string): Promise<Outcome<PlaybookEntry_Serialize[]>> {
	return callWithResult(() => commands.resetPlaybook(vendorId));
}

export function saveWizardDraft(
	draft: WizardDraft_Deserialize
): Promise<Outcome<WizardDraft_Serialize>> {
	return callWithResult(() => commands.saveWizardDraft(draft));
}

export function listWizardDrafts(): Promise<Outcome<WizardDraft_Serialize[]>> {
	return callWithResult(() => commands.listWizardDrafts());
}

export function discardWizardDraft(id: string): Promise<Outcome<null>> {
	return callWithResult(() => commands.discardWizardDraft(id));
}

/** Checks readiness in Rust; gaps come back as field errors. */
export function reviewReadiness(input: ReadinessInput): Promise<Outcome<PassedReview>> {
	return callWithResult(() => commands.reviewReadiness(input));
}

export function recommend(situation: Situation): Promise<Outcome<Recommendation>> {
	return callWithResult(() => commands.recommend(situation));
}

export function planRoute(
	supportRequestId: string,
	readiness: ReadinessInput
): Promise<Outcome<RoutePlan_Serialize>> {
	return callWithResult(() => commands.planRoute(supportRequestId, readiness));
}

export function requestEscalation(
	input: EscalationRequestInput_Deserialize
): Promise<Outcome<EscalationView_Serialize>> {
	return callWithResult(() => commands.requestEscalation(input));
}

export function listEscalations(): Promise<Outcome<EscalationSummary[]>> {
	return callWithResult(() => commands.listEscalations());
}

export function getEscalation(id: string): Promise<Outcome<EscalationView_Serialize>> {
	return callWithResult(() => commands.getEscalation(id));
}

export function escalationTimeline(id: string): Promise<Outcome<Timeline>> {
	return callWithResult(() => commands.escalationTimeline(id));
}

export function applyEscalationAction(
	id: string,
	action: LifecycleAction
): Promise<Outcome<EscalationView_Serialize>> {
	return callWithResult(() => commands.applyEscalationAction(id, action));
}

export function setEscalationContacts(
	id: string,
	contacts: Contact[]
): Promise<Outcome<EscalationView_Serialize>> {
	return callWithResult(() => commands.setEscalationContacts(id, contacts));
}

export function linkSupportRequest(
	id: string,
	supportRequestId: string
): Promise<Outcome<EscalationView_Serialize>> {
	return callWithResult(() => commands.linkSupportRequest(id, supportRequestId));
}

export function addEscalationNote(
	id: string,
	text: string
): Promise<Outcome<EscalationView_Serialize>> {
	return callWithResult(() => commands.addEscalationNote(id, text));
}

export function search(query: string): Promise<Outcome<SearchHit_Serialize[]>> {
	return callWithResult(() => commands.search(query));
}

/** Puts text on the system clipboard through Rust (WebKitGTK has no clipboard API here). */
export function copyText(text: string): Promise<Outcome<null>> {
	return callWithResult(() => commands.copyText(text));
}

/**
 * Wall-clock times go to Rust as `YYYY-MM-DDTHH:MM:SS`; an `<input type="datetime-local">`
 * gives `YYYY-MM-DDTHH:MM`, which chrono does not read.
 */
export function withSeconds(local: string): string {
	return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local;
}

export function escalationRunning(id: string): Promise<Outcome<RunningEscalation>> {
	return callWithResult(() => commands.escalationRunning(id));
}

/** `agreedAt`: when the plan was agreed, local `YYYY-MM-DDTHH:MM` in the profile's zone; empty for now. */
export function setCommunicationPlan(
	id: string,
	plan: CommunicationPlan,
	agreedAt: string | null = null
): Promise<Outcome<RunningEscalation>> {
	return callWithResult(() =>
		commands.setCommunicationPlan(id, plan, agreedAt ? withSeconds(agreedAt) : null)
	);
}

export function logVendorUpdate(
	id: string,
	input: VendorUpdateInput
): Promise<Outcome<RunningEscalation>> {
	const receivedAt = input.receivedAt ? withSeconds(input.receivedAt) : null;
	return callWithResult(() => commands.logVendorUpdate(id, { ...input, receivedAt }));
}

export function previewCall(plan: CallPlan): Promise<Outcome<CallPreview>> {
	return callWithResult(() => commands.previewCall({ ...plan, start: withSeconds(plan.start) }));
}

export function scheduleCall(id: string, plan: CallPlan): Promise<Outcome<RunningEscalation>> {
	return callWithResult(() => commands.scheduleCall(id, { ...plan, start: withSeconds(plan.start) }));
}

export function rescheduleCall(
	callId: string,
	plan: CallPlan
): Promise<Outcome<RunningEscalation>> {
	return callWithResult(() =>
		commands.rescheduleCall(callId, { ...plan, start: withSeconds(plan.start) })
	);
}

export function cancelCall(callId: string): Promise<Outcome<RunningEscalation>> {
	return callWithResult(() => commands.cancelCall(callId));
}

function itemInput(input: ActionItemInput): ActionItemInput {
	return { ...input, due: input.due ? withSeconds(input.due) : null };
}

export function recordMinutes(
	callId: string,
	input: MinutesInput
): Promise<Outcome<RunningEscalation>> {
	return callWithResult(() =>
		commands.recordMinutes(callId, { ...input, actionItems: input.actionItems.map(itemInput) })
	);
}

/** Writes the call's `.ics` (the series, or one occurrence) to the downloads folder. */
export function saveCallCalendar(
	callId: string,
	occurrence: string | null
): Promise<Outcome<SavedFile>> {
	return callWithResult(() => commands.saveCallCalendar(callId, occurrence));
}

export function addActionItem(
	id: string,
	input: ActionItemInput
): Promise<Outcome<RunningEscalation>> {
	return callWithResult(() => commands.addActionItem(id, itemInput(input)));
}

export function updateActionItem(
	itemId: string,
	input: ActionItemInput,
	status: ItemStatus
): Promise<Outcome<RunningEscalation>> {
	return callWithResult(() => commands.updateActionItem(itemId, itemInput(input), status));
}

export function engageThirdParty(
	id: string,
	details: EngagementDetails
): Promise<Outcome<RunningEscalation>> {
	return callWithResult(() => commands.engageThirdParty(id, details));
}

export function updateThirdParty(
	engagementId: string,
	details: EngagementDetails
): Promise<Outcome<RunningEscalation>> {
	return callWithResult(() => commands.updateThirdParty(engagementId, details));
}

export function today(): Promise<Outcome<TodayView>> {
	return callWithResult(() => commands.today());
}

export function actionItems(filter: ItemFilter): Promise<Outcome<ActionItemList>> {
	return callWithResult(() => commands.actionItems(filter));
}

export function reminderSettings(): Promise<Outcome<ReminderSettings>> {
	return callWithResult(() => commands.reminderSettings());
}

export function saveReminderSettings(
	settings: ReminderSettings
): Promise<Outcome<ReminderSettings>> {
	return callWithResult(() => commands.saveReminderSettings(settings));
}

/** The report as one self-contained HTML document (its own strict CSP, no scripts). */
export function reportPreview(request: ReportRequest): Promise<Outcome<string>> {
	return callWithResult(() => commands.reportPreview(request));
}

/**
 * Asks where to save (a folder for CSV) and writes the report there; `null` when the user
 * cancelled the dialog. `onProgress` hears each step while the file is written.
 */
export function exportReport(
	request: ReportRequest,
	format: ReportFormat,
	onProgress: (progress: ReportProgress) => void = () => {}
): Promise<Outcome<ExportRecord | null>> {
	return callWithResult(() => {
		// Made here, inside the desktop app only: a Channel needs Tauri's internals.
		const progress = new Channel<ReportProgress>();
		progress.onmessage = onProgress;
		return commands.exportReport(request, format, progress);
	});
}

/** Reports and backups saved lately, newest first. */
export function recentExports(): Promise<Outcome<ExportRecord[]>> {
	return callWithResult(() => commands.recentExports());
}

export function dashboard(): Promise<Outcome<Dashboard>> {
	return callWithResult(() => commands.dashboard());
}

/** Asks where to save, then writes a backup of all data; `null` when the user cancelled. */
export function backupData(): Promise<Outcome<ExportRecord | null>> {
	return callWithResult(() => commands.backupData());
}

/** Asks for a backup or JSON report and imports it; `null` when the user cancelled. */
export function importData(): Promise<Outcome<ImportSummary | null>> {
	return callWithResult(() => commands.importData());
}

/**
 * Tells the shell the first view has data on screen. Start-up benchmarks wait for this;
 * it is harmless to call more than once.
 */
export async function markInteractive(): Promise<void> {
	await call(() => commands.markInteractive());
}

export type VendorAccount = import('./bindings').VendorAccount;
export type NewVendorAccount = import('./bindings').NewVendorAccount;
export type ConnectionCheck = import('./bindings').ConnectionCheck;
export type SyncReport = import('./bindings').SyncReport;
export type SyncProgress = import('./bindings').SyncProgress;
export type CaseLinkView = import('./bindings').CaseLinkView;
export type VendorAction = import('./bindings').VendorAction;

/** Vendor accounts, without their secrets (those never leave the keychain). */
export function vendorAccounts(): Promise<Outcome<VendorAccount[]>> {
	return callWithResult(() => commands.vendorAccounts());
}

/** Adds an account; `secret` goes to the OS keychain and is never sent back. */
export function addVendorAccount(
	account: NewVendorAccount,
	secret: string
): Promise<Outcome<VendorAccount>> {
	return callWithResult(() => commands.addVendorAccount(account, secret));
}

export function testVendorAccount(id: string): Promise<Outcome<ConnectionCheck>> {
	return callWithResult(() => commands.testVendorAccount(id));
}

export function removeVendorAccount(id: string): Promise<Outcome<null>> {
	return callWithResult(() => commands.removeVendorAccount(id));
}

export function syncVendorAccount(
	id: string,
	onProgress: (progress: SyncProgress) => void = () => {}
): Promise<Outcome<SyncReport>> {
	return callWithResult(() => {
		// Made here, inside the desktop app only: a Channel needs Tauri's internals.
		const progress = new Channel<SyncProgress>();
		progress.onmessage = onProgress;
		return commands.syncVendorAccount(id, progress);
	});
}

/** The SR's vendor case and what waits to be delivered there; `null` when not linked. */
export function caseLink(supportRequestId: string): Promise<Outcome<CaseLinkView | null>> {
	return callWithResult(() => commands.caseLink(supportRequestId));
}

/** Links the SR to a case of the account, after the vendor confirmed the case exists. */
export function linkVendorCase(
	supportRequestId: string,
	accountId: string,
	caseKey: string
): Promise<Outcome<CaseLinkView>> {
	return callWithResult(() => commands.linkVendorCase(supportRequestId, accountId, caseKey));
}

/** Queues an action for the SR's vendor case; the next sync delivers it, once. */
export function queueVendorAction(
	supportRequestId: string,
	action: VendorAction
): Promise<Outcome<CaseLinkView>> {
	return callWithResult(() => commands.queueVendorAction(supportRequestId, action));
}

/** Opens the SR's vendor case in the system browser (https pages only). */
export function openVendorCase(supportRequestId: string): Promise<Outcome<null>> {
	return callWithResult(() => commands.openVendorCase(supportRequestId));
}
