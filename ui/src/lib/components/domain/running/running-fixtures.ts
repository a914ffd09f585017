// Test data for the running-the-escalation panels (not shipped: only tests import it).
import type {
	ActionItemView,
	CommunicationPlan,
	RunningEscalation,
	ThirdPartyEngagement,
	VendorUpdate
} from '$lib/ipc';

export function communicationPlan(overrides: Partial<CommunicationPlan> = {}): CommunicationPlan {
	return {
		modes: ['email', 'phone'],
		every: 4,
		unit: 'hours',
		zone: 'Europe/Berlin',
		businessHours: null,
		attendees: [
			{
				name: 'Eve Engineer',
				role: 'escalation_engineer',
				email: 'eve@vendor.example',
				zone: 'America/New_York'
			}
		],
		note: '',
		...overrides
	};
}

type PlanView = NonNullable<RunningEscalation['plan']>;

export function planView(overrides: Partial<PlanView> = {}): PlanView {
	return {
		plan: communicationPlan(),
		description: 'updates every 4 hours by email, phone',
		agreedAt: '2025-03-12T08:00:00Z',
		cadence: {
			state: 'on_track',
			since: '2025-03-12T08:00:00Z',
			due: '2025-03-12T12:00:00Z',
			dueSoonFrom: '2025-03-12T11:00:00Z'
		},
		offerReEscalation: false,
		...overrides
	};
}

export function vendorUpdate(overrides: Partial<VendorUpdate> = {}): VendorUpdate {
	return {
		id: 'upd-1',
		receivedAt: '2025-03-12T10:15:00Z',
		mode: 'email',
		summary: 'Logs analysed; next step is a debug build.',
		actor: 'Ada',
		...overrides
	};
}

export function actionItemView(
	overrides: {
		id?: string;
		title?: string;
		owner?: string;
		side?: ActionItemView['item']['details']['side'];
		due?: string | null;
		status?: ActionItemView['item']['status'];
		overdue?: boolean;
	} = {}
): ActionItemView {
	const id = overrides.id ?? 'item-1';
	return {
		item: {
			id,
			escalation: 'esc-1',
			details: {
				title: overrides.title ?? 'Send vm-support bundle',
				owner: overrides.owner ?? 'Ada',
				side: overrides.side ?? 'us',
				due: overrides.due === undefined ? '2025-03-12T16:00:00Z' : overrides.due
			},
			status: overrides.status ?? 'open',
			source: { from: 'plan' },
			statusSince: '2025-03-12T08:00:00Z',
			waitedOnVendorSeconds: null,
			waitedOnUsSeconds: null,
			createdAt: '2025-03-12T08:00:00Z',
			updatedAt: '2025-03-12T08:00:00Z'
		},
		escalationId: 'esc-1',
		escalationTitle: 'vMotion fails between hosts',
		overdue: overrides.overdue ?? false,
		dueToday: false,
		waitedOnVendorSeconds: null,
		waitedOnUsSeconds: null
	};
}

export function engagement(
	overrides: Partial<ThirdPartyEngagement['details']> & { id?: string } = {}
): ThirdPartyEngagement {
	const { id = 'tp-1', ...details } = overrides;
	return {
		id,
		escalation: 'esc-1',
		details: {
			vendor: 'Dell Technologies',
			via: 'tsanet',
			caseNumber: '123456789',
			status: 'engaged',
			contacts: [
				{
					role: 'third_party',
					name: 'Dora Dell',
					email: 'dora@dell.example',
					phone: '+1 555 0100',
					note: 'US hours'
				}
			],
			note: '',
			...details
		},
		createdAt: '2025-03-12T09:00:00Z',
		updatedAt: '2025-03-12T09:00:00Z'
	};
}

export function runningEscalation(overrides: Partial<RunningEscalation> = {}): RunningEscalation {
	return {
		escalationId: 'esc-1',
		plan: null,
		updates: [],
		calls: [],
		actionItems: [],
		engagements: [],
		waitedOnVendorSeconds: null,
		waitedOnUsSeconds: null,
		...overrides
	};
}
