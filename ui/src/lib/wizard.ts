/**
 * The escalation wizard's pure rules: its steps and their order, the empty draft, what an
 * SR choice fills in, how the milestone inputs become a `Milestone`, and which step a
 * field error from Rust belongs to. The view holds the state; this module decides nothing
 * the Rust side checks.
 */

import type {
	FieldError,
	Milestone,
	ReadinessInput,
	SeverityChangeReason,
	SupportRequest,
	Trigger,
	WizardDraftInput,
	WizardStep
} from '$lib/ipc';

export type StepInfo = {
	id: WizardStep;
	/** Short, for the stepper. */
	label: string;
	/** The step's heading, which takes focus when the step opens. */
	heading: string;
};

// Labels are short so the stepper fits on one line in a normal window.
export const WIZARD_STEPS: readonly StepInfo[] = [
	{ id: 'support_request', label: 'SR', heading: 'Which support request?' },
	{ id: 'triggers', label: 'Reasons', heading: 'Why escalate?' },
	{ id: 'readiness', label: 'Readiness', heading: 'Review the support request' },
	{ id: 'recommendation', label: 'Advice', heading: 'Escalate, or raise the severity?' },
	{ id: 'route', label: 'Contact', heading: 'Whom to contact' },
	{ id: 'confirm', label: 'Confirm', heading: 'Confirm the escalation' }
];

const STEP_IDS: readonly WizardStep[] = WIZARD_STEPS.map((step) => step.id);

export function isWizardStep(value: string): value is WizardStep {
	return (STEP_IDS as readonly string[]).includes(value);
}

export function stepIndex(step: WizardStep): number {
	return STEP_IDS.indexOf(step);
}

export function stepInfo(step: WizardStep): StepInfo {
	// Every WizardStep is listed, so the fallback only satisfies the type checker.
	return WIZARD_STEPS[stepIndex(step)] ?? WIZARD_STEPS[0]!;
}

export function nextStep(step: WizardStep): WizardStep | null {
	return STEP_IDS[stepIndex(step) + 1] ?? null;
}

export function previousStep(step: WizardStep): WizardStep | null {
	const index = stepIndex(step);
	return index > 0 ? (STEP_IDS[index - 1] ?? null) : null;
}

/** The steps the user may jump to: every one up to the furthest reached. */
export function reachedSteps(furthest: WizardStep): WizardStep[] {
	return STEP_IDS.slice(0, stepIndex(furthest) + 1);
}

export function laterStep(a: WizardStep, b: WizardStep): WizardStep {
	return stepIndex(a) >= stepIndex(b) ? a : b;
}

/**
 * Steps whose answers feed a later step's advice or check. Changing one of them means the
 * steps after it have to be walked again (a changed readiness must pass the review again).
 */
const DECISIVE_STEPS: ReadonlySet<WizardStep> = new Set<WizardStep>([
	'support_request',
	'triggers',
	'readiness'
]);

/** The furthest step still reachable after the user changed an answer on `current`. */
export function furthestAfterEdit(current: WizardStep, furthest: WizardStep): WizardStep {
	return DECISIVE_STEPS.has(current) && stepIndex(current) < stepIndex(furthest)
		? current
		: furthest;
}

/** The vendor's three situations for an escalation, in its words. */
export const TRIGGERS: readonly { id: Trigger; label: string }[] = [
	{ id: 'roadblock', label: 'Roadblock or showstopper to an upgrade or implementation' },
	{ id: 'critical_impact', label: 'Critical business impact' },
	{ id: 'dissatisfied', label: 'Dissatisfied with responsiveness or the resolution offered' }
];

export function triggerLabel(trigger: Trigger): string {
	return TRIGGERS.find((entry) => entry.id === trigger)?.label ?? trigger;
}

/** The triggers in their canonical order, whatever order they were ticked in. */
export function orderedTriggers(triggers: readonly Trigger[]): Trigger[] {
	return TRIGGERS.map((entry) => entry.id).filter((id) => triggers.includes(id));
}

export function emptyReadiness(): ReadinessInput {
	return {
		problemStatement: '',
		problemStatementConfirmed: false,
		businessImpact: '',
		workaround: { kind: 'none' },
		milestone: { kind: 'unset' }
	};
}

export function emptyDraft(): WizardDraftInput {
	return {
		id: '',
		step: 'support_request',
		supportRequestId: null,
		triggers: [],
		warrantedSeverity: null,
		impactChanged: false,
		recordedWrongly: false,
		readiness: emptyReadiness(),
		title: '',
		channel: null,
		updatedAt: null
	};
}

export function defaultTitle(request: SupportRequest): string {
	return `Escalation of SR ${request.vendorSrNumber}: ${request.title}`;
}

export function supportRequestLabel(request: SupportRequest): string {
	return `${request.vendorSrNumber} — ${request.title} (${request.vendorName})`;
}

/**
 * The draft with `request` chosen. What the SR already records fills the answers the user
 * has not touched; answers that only held the previous SR's values follow the new one.
 */
export function withSupportRequest(
	draft: WizardDraftInput,
	request: SupportRequest,
	previous: SupportRequest | undefined
): WizardDraftInput {
	if (draft.supportRequestId === request.id) return draft;
	const { details } = request;
	const untouched = (value: string, previousValue: string | undefined) =>
		value.trim() === '' || value === previousValue;
	const readiness = draft.readiness;
	const statementFollows = untouched(
		readiness.problemStatement,
		previous?.details.problemStatement
	);
	return {
		...draft,
		supportRequestId: request.id,
		warrantedSeverity: request.severity,
		// Channels are indexes into the vendor's list, which another SR may not share.
		channel: previous && previous.vendor === request.vendor ? draft.channel : null,
		title: untouched(draft.title, previous ? defaultTitle(previous) : undefined)
			? defaultTitle(request)
			: draft.title,
		readiness: {
			problemStatement: statementFollows ? details.problemStatement : readiness.problemStatement,
			// A confirmation was for the statement it was given for.
			problemStatementConfirmed: statementFollows ? false : readiness.problemStatementConfirmed,
			businessImpact: untouched(readiness.businessImpact, previous?.details.businessImpact)
				? details.businessImpact
				: readiness.businessImpact,
			workaround:
				readiness.workaround.kind === 'none' ||
				same(readiness.workaround, previous?.details.workaround)
					? details.workaround
					: readiness.workaround,
			milestone:
				readiness.milestone.kind === 'unset' ||
				same(readiness.milestone, previous?.details.milestone)
					? details.milestone
					: readiness.milestone
		}
	};
}

function same(a: unknown, b: unknown): boolean {
	return b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** The milestone as its radios and inputs hold it, including a date not typed in yet. */
export type MilestoneChoice = '' | 'on' | 'none';
export type MilestoneFields = { choice: MilestoneChoice; date: string; what: string };

/** A calendar date as `<input type="date">` gives it: YYYY-MM-DD, and a real day. */
export function isIsoDate(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
	);
}

/**
 * The `Milestone` to send. A milestone chosen without a usable date is still `unset`: Rust
 * reads the date as a calendar date and would refuse the whole input otherwise.
 */
export function toMilestone(fields: MilestoneFields): Milestone {
	switch (fields.choice) {
		case 'none':
			return { kind: 'none_explicitly' };
		case 'on':
			return isIsoDate(fields.date)
				? { kind: 'on', date: fields.date, what: fields.what }
				: { kind: 'unset' };
		case '':
			return { kind: 'unset' };
	}
}

export function milestoneFields(milestone: Milestone): MilestoneFields {
	switch (milestone.kind) {
		case 'unset':
			return { choice: '', date: '', what: '' };
		case 'none_explicitly':
			return { choice: 'none', date: '', what: '' };
		case 'on':
			return { choice: 'on', date: milestone.date, what: milestone.what };
	}
}

/** What the browser can tell before Rust does: a milestone chosen but no date entered. */
export function milestoneProblem(fields: MilestoneFields): string | null {
	return fields.choice === 'on' && !isIsoDate(fields.date)
		? 'Enter the date of the milestone, or choose “No critical milestone”.'
		: null;
}

export function describeMilestone(milestone: Milestone): string {
	switch (milestone.kind) {
		case 'unset':
			return 'Not stated';
		case 'none_explicitly':
			return 'No critical milestone';
		case 'on':
			return milestone.what.trim() === ''
				? milestone.date
				: `${milestone.date} — ${milestone.what.trim()}`;
	}
}

/** The reason the raise-severity form starts with, from the answers on the triggers step. */
export function severityChangeReason(draft: {
	impactChanged: boolean;
	recordedWrongly: boolean;
}): SeverityChangeReason {
	return !draft.impactChanged && draft.recordedWrongly ? 'recorded_wrongly' : 'impact_changed';
}

/** Which step shows each field Rust may name in a validation error. */
const STEP_OF_FIELD: Readonly<Record<string, WizardStep>> = {
	supportRequestId: 'support_request',
	triggers: 'triggers',
	warrantedSeverity: 'triggers',
	problemStatement: 'readiness',
	problemStatementConfirmed: 'readiness',
	businessImpact: 'readiness',
	workaround: 'readiness',
	milestone: 'readiness',
	title: 'route',
	channel: 'route'
};

export type FieldMessages = Record<string, string>;

/**
 * Splits field errors into messages for fields the wizard shows (several for one field are
 * joined) and messages for a banner, so none is lost.
 */
export function splitWizardErrors(fields: readonly FieldError[]): {
	messages: FieldMessages;
	other: string[];
} {
	const messages: FieldMessages = {};
	const other: string[] = [];
	for (const { field, message } of fields) {
		if (Object.hasOwn(STEP_OF_FIELD, field)) {
			messages[field] = messages[field] ? `${messages[field]} ${message}` : message;
		} else {
			other.push(message);
		}
	}
	return { messages, other };
}

/** The earliest step showing one of these fields, where the user should go to fix them. */
export function firstStepWithErrors(messages: FieldMessages): WizardStep | null {
	const steps = Object.keys(messages)
		.map((field) => STEP_OF_FIELD[field])
		.filter((step): step is WizardStep => step !== undefined);
	if (steps.length === 0) return null;
	return steps.reduce((first, step) => (stepIndex(step) < stepIndex(first) ? step : first));
}
