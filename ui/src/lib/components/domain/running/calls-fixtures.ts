// Test data for the calls panel: a weekly call organised from Berlin, with attendees in
// Kolkata (late evening), Tokyo (the next day, at night) and Los Angeles (morning).
import type { CallPreview, RunningEscalation } from '$lib/ipc';

export type CallViewFixture = RunningEscalation['calls'][number];
type ZoneRow = CallViewFixture['zoneTable'][number];

export const ESCALATION_ID = 'esc-1';
export const CALL_ID = 'call-1';

/** Monday 10 March 2025, 18:00 in Berlin, as each person sees it. */
export function zoneRows(): ZoneRow[] {
	return [
		{
			who: 'Organiser',
			role: null,
			zone: 'Europe/Berlin',
			start: '2025-03-10T18:00:00',
			end: '2025-03-10T18:45:00',
			dayOffset: 0,
			utcOffsetMinutes: 60,
			outsideWorkingHours: false
		},
		{
			who: 'Priya',
			role: 'escalation_engineer',
			zone: 'Asia/Kolkata',
			start: '2025-03-10T22:30:00',
			end: '2025-03-10T23:15:00',
			dayOffset: 0,
			utcOffsetMinutes: 330,
			outsideWorkingHours: true
		},
		{
			who: 'Kenji',
			role: 'duty_manager',
			zone: 'Asia/Tokyo',
			start: '2025-03-11T02:00:00',
			end: '2025-03-11T02:45:00',
			dayOffset: 1,
			utcOffsetMinutes: 540,
			outsideWorkingHours: true
		},
		{
			who: 'Lena',
			role: 'our_side',
			zone: 'America/Los_Angeles',
			start: '2025-03-10T10:00:00',
			end: '2025-03-10T10:45:00',
			dayOffset: 0,
			utcOffsetMinutes: -420,
			outsideWorkingHours: false
		}
	];
}

export function callView(overrides: Partial<CallViewFixture> = {}): CallViewFixture {
	return {
		call: {
			id: CALL_ID,
			escalation: ESCALATION_ID,
			plan: {
				title: 'Daily status call',
				start: '2025-03-03T18:00:00',
				zone: 'Europe/Berlin',
				durationMinutes: 45,
				bridgeUrl: 'https://meet.example.com/abc-defg',
				dialString: '+1 555 0100,,123456#',
				recurrence: { repeat: 'weekly', ends: { end: 'count', count: 10 } },
				attendees: [
					{
						name: 'Priya',
						role: 'escalation_engineer',
						email: 'priya@vendor.example',
						zone: 'Asia/Kolkata'
					},
					{ name: 'Kenji', role: 'duty_manager', email: '', zone: 'Asia/Tokyo' },
					{ name: 'Lena', role: 'our_side', email: '', zone: 'America/Los_Angeles' }
				],
				agenda: 'Status of the <b>core dump</b> analysis'
			},
			sequence: 0,
			cancelled: false,
			createdAt: '2025-03-01T10:00:00Z',
			updatedAt: '2025-03-01T10:00:00Z'
		},
		description: '18:00 Europe/Berlin, weekly, 10 calls',
		nextStart: '2025-03-10T17:00:00Z',
		occurrences: [
			{
				start: '2025-03-03T17:00:00Z',
				end: '2025-03-03T17:45:00Z',
				started: true,
				minutes: {
					call: CALL_ID,
					occurrence: '2025-03-03T17:00:00Z',
					text: 'Vendor <i>reproduced</i> the fault.',
					recordedAt: '2025-03-03T18:00:00Z',
					actor: 'ola'
				}
			},
			{
				start: '2025-03-10T17:00:00Z',
				end: '2025-03-10T17:45:00Z',
				started: true,
				minutes: null
			},
			{
				start: '2025-03-17T17:00:00Z',
				end: '2025-03-17T17:45:00Z',
				started: false,
				minutes: null
			}
		],
		occurrenceCount: 10,
		zoneTable: zoneRows(),
		...overrides
	};
}

export function running(calls: CallViewFixture[] = [callView()]): RunningEscalation {
	return {
		escalationId: ESCALATION_ID,
		plan: null,
		updates: [],
		calls,
		actionItems: [],
		engagements: [],
		waitedOnVendorSeconds: null,
		waitedOnUsSeconds: null
	};
}

export function callPreview(): CallPreview {
	return {
		description: '18:00 Europe/Berlin, weekly, 10 calls',
		firstStarts: ['2025-03-10T17:00:00Z'],
		occurrenceCount: 10,
		zoneTable: zoneRows()
	};
}
