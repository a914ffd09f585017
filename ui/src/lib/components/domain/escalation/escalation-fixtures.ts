// Test data for escalation tests (not shipped: only tests import it).
import type { ActionAvailability, ActionKind, EscalationSummary, EscalationView } from '$lib/ipc';
import { supportRequest } from '../../../../test/fixtures';

export function escalationSummary(overrides: Partial<EscalationSummary> = {}): EscalationSummary {
	return {
		id: 'esc-1',
		title: 'vMotion fails between hosts',
		state: 'requested',
		vendor: 'vmware',
		vendorName: 'VMware by Broadcom',
		vendorSrNumber: '24512345678',
		severity: 2,
		supportRequestCount: 1,
		reEscalations: 0,
		createdAt: '2025-03-12T13:05:00Z',
		updatedAt: '2025-03-12T13:05:00Z',
		...overrides
	};
}

const ALL_ACTIONS: ActionKind[] = [
	'acknowledge',
	'assign_engineer',
	'agree_action_plan',
	're_escalate',
	'propose_de_escalation',
	'de_escalate',
	'close',
	'withdraw'
];

/** Every action; those named in `available` are possible, the rest say why not. */
export function actions(available: ActionKind[]): ActionAvailability[] {
	return ALL_ACTIONS.map((action) => ({
		action,
		available: available.includes(action),
		whyNot: available.includes(action) ? '' : `Cannot ${action.replaceAll('_', ' ')} now.`
	}));
}

export function escalationView(overrides: Partial<EscalationView> = {}): EscalationView {
	return {
		id: 'esc-1',
		title: 'vMotion fails between hosts',
		state: 'requested',
		visited: ['requested'],
		triggers: ['critical_impact'],
		supportRequests: [supportRequest({ id: 'sr-1' })],
		route: { role: 'Duty Manager', how: 'phone', phone: '1-877-4VMware', region: 'EMEA' },
		engineer: '',
		actionPlan: '',
		contacts: [],
		reEscalations: 0,
		deEscalationAgreement: '',
		feedback: null,
		withdrawnReason: '',
		channels: [
			{ role: 'Assigned technician', how: 'phone', when: 'First', source: '' },
			{ role: 'Duty Manager', how: 'phone', when: 'If the technician cannot help', source: '' }
		],
		closureRules: ['Confirm that the action plan is acceptable.'],
		actions: actions(['acknowledge', 'assign_engineer', 're_escalate', 'withdraw']),
		createdAt: '2025-03-12T13:05:00Z',
		updatedAt: '2025-03-12T13:05:00Z',
		timelineIntact: true,
		...overrides
	};
}
