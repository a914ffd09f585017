/**
 * The escalation lifecycle's states as the Rust core names them (`EscalationState`,
 * serialised snake_case), with the words the UI shows for them.
 */

export type EscalationState =
	| 'draft'
	| 'requested'
	| 'acknowledged'
	| 'engineer_assigned'
	| 'action_plan_agreed'
	| 're_escalated'
	| 'de_escalation_proposed'
	| 'de_escalated'
	| 'closed'
	| 'withdrawn';

/** Every state, in the order of `EscalationState::ALL` in the core. */
export const STATE_ORDER: readonly EscalationState[] = [
	'draft',
	'requested',
	'acknowledged',
	'engineer_assigned',
	'action_plan_agreed',
	're_escalated',
	'de_escalation_proposed',
	'de_escalated',
	'closed',
	'withdrawn'
];

/** The way an escalation normally goes, without the re-escalation loop and withdrawal. */
export const MAIN_PATH: readonly EscalationState[] = [
	'draft',
	'requested',
	'acknowledged',
	'engineer_assigned',
	'action_plan_agreed',
	'de_escalation_proposed',
	'de_escalated',
	'closed'
];

const LABELS: Readonly<Record<EscalationState, string>> = {
	draft: 'Draft',
	requested: 'Requested',
	acknowledged: 'Acknowledged',
	engineer_assigned: 'Engineer assigned',
	action_plan_agreed: 'Action plan agreed',
	re_escalated: 'Re-escalated',
	de_escalation_proposed: 'De-escalation proposed',
	de_escalated: 'De-escalated',
	closed: 'Closed',
	withdrawn: 'Withdrawn'
};

export function isEscalationState(value: string): value is EscalationState {
	return Object.hasOwn(LABELS, value);
}

/**
 * The human label of a state. A word the core added later than this UI still reaches
 * the user, as itself, rather than as an empty string.
 */
export function stateLabel(state: string): string {
	return isEscalationState(state) ? LABELS[state] : state;
}
