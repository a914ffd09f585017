import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
	cancelCall,
	copyText,
	previewCall,
	recordMinutes,
	rescheduleCall,
	saveCallCalendar,
	scheduleCall,
	type RunningEscalation
} from '$lib/ipc';
import { CALL_ID, ESCALATION_ID, callPreview, callView, running } from './calls-fixtures';
import CallsPanel from './CallsPanel.svelte';

vi.mock('$lib/ipc', () => ({
	previewCall: vi.fn(),
	scheduleCall: vi.fn(),
	rescheduleCall: vi.fn(),
	cancelCall: vi.fn(),
	recordMinutes: vi.fn(),
	saveCallCalendar: vi.fn(),
	copyText: vi.fn()
}));

const MOCKS = [
	previewCall,
	scheduleCall,
	rescheduleCall,
	cancelCall,
	recordMinutes,
	saveCallCalendar,
	copyText
];

function show(data: RunningEscalation = running(), disabled = false) {
	const onchange = vi.fn();
	const user = userEvent.setup({ delay: null });
	render(CallsPanel, {
		props: { escalationId: ESCALATION_ID, running: data, disabled, zone: 'Europe/Berlin', onchange }
	});
	return { user, onchange };
}

function input(testid: string): HTMLInputElement {
	return screen.getByTestId(testid) as HTMLInputElement;
}

async function fill(user: ReturnType<typeof userEvent.setup>, testid: string, value: string) {
	await user.clear(input(testid));
	await user.type(input(testid), value);
}

beforeEach(() => {
	for (const mock of MOCKS) vi.mocked(mock).mockReset();
	vi.mocked(previewCall).mockResolvedValue({ ok: true, data: callPreview() });
	vi.mocked(copyText).mockResolvedValue({ ok: true, data: null });
});

async function fillWeeklyCall(user: ReturnType<typeof userEvent.setup>) {
	await user.click(screen.getByTestId('call-schedule'));
	await fill(user, 'call-title', 'Daily status call');
	await fireEvent.input(input('call-start'), { target: { value: '2025-03-10T18:00' } });
	await fill(user, 'call-duration', '45');
	await fill(user, 'call-bridge', 'https://meet.example.com/abc');
	await fill(user, 'call-dial', '+1 555 0100,,123456#');
	await user.selectOptions(screen.getByTestId('call-repeat'), 'weekly');
	const people = [
		['Priya', 'escalation_engineer', 'priya@vendor.example', 'Asia/Kolkata'],
		['Kenji', 'duty_manager', '', 'Asia/Tokyo'],
		['Lena', 'our_side', '', 'America/Los_Angeles']
	] as const;
	for (const [index, [name, role, email, zone]] of people.entries()) {
		await user.click(screen.getByTestId('call-attendee-add'));
		expect(input(`call-attendee-zone-${index}`)).toHaveValue('Europe/Berlin');
		await user.type(input(`call-attendee-name-${index}`), name);
		await user.selectOptions(screen.getByTestId(`call-attendee-role-${index}`), role);
		if (email) await user.type(input(`call-attendee-email-${index}`), email);
		await fill(user, `call-attendee-zone-${index}`, zone);
	}
	await user.type(screen.getByTestId('call-agenda'), 'Core dump analysis');
}

// Typing a whole call plan takes a few seconds on a busy machine.
describe('CallsPanel', { timeout: 20_000 }, () => {
	it('schedules a weekly call with three attendees and previews it', async () => {
		const { user, onchange } = show(running([]));
		expect(screen.getByTestId('calls-empty')).toBeInTheDocument();
		await fillWeeklyCall(user);

		expect(input('call-zone')).toHaveValue('Europe/Berlin');
		expect(screen.getByTestId('call-ends')).toHaveValue('count');
		expect(input('call-count')).toHaveValue(10);
		const preview = await screen.findByTestId('call-preview-zones');
		expect(within(preview).getAllByTestId('zone-row')).toHaveLength(4);
		expect(screen.getByTestId('call-preview-count')).toHaveTextContent('10 calls');
		expect(vi.mocked(previewCall).mock.calls.length).toBeGreaterThan(0);

		const next = running();
		vi.mocked(scheduleCall).mockResolvedValue({ ok: true, data: next });
		await user.click(screen.getByTestId('call-save'));

		expect(scheduleCall).toHaveBeenCalledWith(ESCALATION_ID, {
			title: 'Daily status call',
			start: '2025-03-10T18:00',
			zone: 'Europe/Berlin',
			durationMinutes: 45,
			bridgeUrl: 'https://meet.example.com/abc',
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
			agenda: 'Core dump analysis'
		});
		expect(onchange).toHaveBeenCalledWith(next);
		await waitFor(() => expect(screen.queryByTestId('call-form')).not.toBeInTheDocument());
	});

	it('shows an attendee’s zone error beside that attendee and keeps what was typed', async () => {
		const { user, onchange } = show(running([]));
		const invalid = {
			ok: false as const,
			error: {
				code: 'validation' as const,
				message: 'Some details need attention.',
				fields: [
					{
						field: 'attendees.1.zone',
						message: '“Mars/Olympus” is not an IANA time zone; use a name like Europe/Berlin.'
					}
				]
			}
		};
		vi.mocked(previewCall).mockResolvedValue(invalid);
		await fillWeeklyCall(user);
		await fill(user, 'call-attendee-zone-1', 'Mars/Olympus');
		// The preview's complaint is not an error until Save.
		await waitFor(() => expect(previewCall).toHaveBeenCalled());
		expect(screen.queryByTestId('call-attendee-zone-1-error')).not.toBeInTheDocument();
		expect(screen.queryByTestId('call-preview-zones')).not.toBeInTheDocument();

		vi.mocked(scheduleCall).mockResolvedValue(invalid);
		await user.click(screen.getByTestId('call-save'));

		const zone = input('call-attendee-zone-1');
		await waitFor(() => expect(zone).toHaveAttribute('aria-invalid', 'true'));
		const error = screen.getByTestId('call-attendee-zone-1-error');
		expect(error).toHaveTextContent('not an IANA time zone');
		expect(zone).toHaveAttribute('aria-describedby', error.id);
		expect(zone.closest('[data-testid="call-attendee"]')).toContainElement(error);
		expect(input('call-attendee-zone-0')).not.toHaveAttribute('aria-invalid');
		expect(zone).toHaveFocus();

		expect(zone).toHaveValue('Mars/Olympus');
		expect(input('call-title')).toHaveValue('Daily status call');
		expect(input('call-start')).toHaveValue('2025-03-10T18:00');
		expect(input('call-attendee-name-1')).toHaveValue('Kenji');
		expect(input('call-attendee-name-2')).toHaveValue('Lena');
		expect(screen.getByTestId('call-repeat')).toHaveValue('weekly');
		expect(screen.getByTestId('call-agenda')).toHaveValue('Core dump analysis');
		expect(onchange).not.toHaveBeenCalled();
	});

	it('shows each call with how to join and the zone table, as text', () => {
		show();
		const call = screen.getByTestId('call');
		expect(call).toHaveAttribute('data-call-id', CALL_ID);
		expect(call).toHaveTextContent('Daily status call');
		expect(screen.getByTestId('call-description')).toHaveTextContent(
			'18:00 Europe/Berlin, weekly, 10 calls'
		);
		expect(screen.getByTestId('call-next').querySelector('time')).toHaveAttribute(
			'datetime',
			'2025-03-10T17:00:00Z'
		);
		expect(screen.getByTestId('call-next')).toHaveTextContent('18:00');
		expect(screen.getByTestId('call-bridge-text')).toHaveTextContent(
			'https://meet.example.com/abc-defg'
		);
		expect(screen.getByTestId('call-dial-text')).toHaveTextContent('+1 555 0100,,123456#');
		expect(screen.getByTestId('call-copy-bridge')).toBeInTheDocument();
		expect(screen.getByTestId('call-copy-dial')).toBeInTheDocument();
		expect(screen.queryByTestId('call-cancelled')).not.toBeInTheDocument();

		const rows = within(screen.getByTestId('call-zone-table')).getAllByTestId('zone-row');
		expect(rows.map((row) => row.dataset.who)).toEqual(['Organiser', 'Priya', 'Kenji', 'Lena']);
		const [organiser, priya, kenji, lena] = rows as [
			HTMLElement,
			HTMLElement,
			HTMLElement,
			HTMLElement
		];
		expect(organiser).toHaveTextContent('Mon 18:00–18:45');
		expect(organiser).toHaveTextContent('UTC+1');
		expect(organiser).not.toHaveTextContent('Outside working hours');
		expect(priya).toHaveTextContent('Escalation engineer');
		expect(priya).toHaveTextContent('UTC+5:30');
		expect(within(priya).getByTestId('zone-outside-hours')).toHaveTextContent(
			'Outside working hours'
		);
		expect(within(priya).queryByTestId('zone-day-offset')).not.toBeInTheDocument();
		expect(kenji).toHaveTextContent('Tue 02:00–02:45');
		expect(within(kenji).getByTestId('zone-day-offset')).toHaveTextContent('+1 day');
		expect(within(kenji).getByTestId('zone-outside-hours')).toBeInTheDocument();
		expect(lena).toHaveTextContent('UTC\u22127');
		expect(within(lena).queryByTestId('zone-outside-hours')).not.toBeInTheDocument();

		const occurrences = screen.getAllByTestId('occurrence');
		expect(occurrences.map((o) => o.dataset.start)).toEqual([
			'2025-03-03T17:00:00Z',
			'2025-03-10T17:00:00Z',
			'2025-03-17T17:00:00Z'
		]);
		const [held, due, coming] = occurrences as [HTMLElement, HTMLElement, HTMLElement];
		expect(within(held).getByTestId('occurrence-held')).toBeInTheDocument();
		expect(within(held).getByTestId('occurrence-minutes')).toHaveTextContent(
			'Vendor <i>reproduced</i> the fault.'
		);
		expect(held.querySelector('i')).toBeNull();
		expect(within(held).queryByTestId('minutes-record')).not.toBeInTheDocument();
		expect(within(due).getByTestId('minutes-record')).toBeInTheDocument();
		expect(within(coming).queryByTestId('minutes-record')).not.toBeInTheDocument();
		expect(within(coming).getByTestId('occurrence-export')).toBeInTheDocument();
	});

	it('hides the changing actions when disabled and marks a cancelled call', () => {
		const cancelled = callView({ call: { ...callView().call, cancelled: true }, nextStart: null });
		show(running([cancelled]), true);
		expect(screen.queryByTestId('call-schedule')).not.toBeInTheDocument();
		expect(screen.queryByTestId('call-edit')).not.toBeInTheDocument();
		expect(screen.queryByTestId('call-cancel')).not.toBeInTheDocument();
		expect(screen.queryByTestId('minutes-record')).not.toBeInTheDocument();
		expect(screen.getByTestId('call-cancelled')).toHaveTextContent('Cancelled');
		expect(screen.getByTestId('call-export')).toBeEnabled();
	});

	it('exports the series and shows where the file was saved', async () => {
		const { user } = show();
		vi.mocked(saveCallCalendar).mockResolvedValue({
			ok: true,
			data: { path: '/home/ola/Downloads/daily-status-call.ics', fileName: 'daily-status-call.ics' }
		});
		await user.click(screen.getByTestId('call-export'));

		expect(saveCallCalendar).toHaveBeenCalledWith(CALL_ID, null);
		const saved = await screen.findByTestId('call-export-saved');
		expect(saved).toHaveTextContent('Saved to /home/ola/Downloads/daily-status-call.ics');
		await user.click(within(saved).getByTestId('call-export-copy'));
		expect(copyText).toHaveBeenCalledWith('/home/ola/Downloads/daily-status-call.ics');
	});

	it('exports one occurrence, and shows a failure in a banner', async () => {
		const { user } = show();
		vi.mocked(saveCallCalendar).mockResolvedValue({
			ok: false,
			error: { code: 'storage', message: 'The downloads folder is not writable.', fields: [] }
		});
		const coming = screen.getAllByTestId('occurrence')[2]!;
		await user.click(within(coming).getByTestId('occurrence-export'));

		expect(saveCallCalendar).toHaveBeenCalledWith(CALL_ID, '2025-03-17T17:00:00Z');
		expect(await screen.findByTestId('call-error')).toHaveTextContent(
			'The downloads folder is not writable.'
		);
		expect(screen.queryByTestId('call-export-saved')).not.toBeInTheDocument();
	});

	it('cancels a call only after confirming', async () => {
		const { user, onchange } = show();
		const next = running([callView({ call: { ...callView().call, cancelled: true } })]);
		vi.mocked(cancelCall).mockResolvedValue({ ok: true, data: next });

		await user.click(screen.getByTestId('call-cancel'));
		await user.click(screen.getByTestId('call-cancel-keep'));
		expect(cancelCall).not.toHaveBeenCalled();

		await user.click(screen.getByTestId('call-cancel'));
		await user.click(screen.getByTestId('call-cancel-confirm'));
		expect(cancelCall).toHaveBeenCalledWith(CALL_ID);
		expect(onchange).toHaveBeenCalledWith(next);
		await waitFor(() =>
			expect(screen.queryByTestId('call-cancel-dialog')).not.toBeInTheDocument()
		);
	});

	it('edits a call starting from its plan and reschedules it', async () => {
		const { user, onchange } = show();
		await user.click(screen.getByTestId('call-edit'));
		expect(input('call-title')).toHaveValue('Daily status call');
		expect(input('call-start')).toHaveValue('2025-03-03T18:00');
		expect(input('call-attendee-zone-2')).toHaveValue('America/Los_Angeles');
		await fill(user, 'call-title', 'Weekly status call');

		const next = running();
		vi.mocked(rescheduleCall).mockResolvedValue({ ok: true, data: next });
		await user.click(screen.getByTestId('call-save'));

		expect(scheduleCall).not.toHaveBeenCalled();
		expect(rescheduleCall).toHaveBeenCalledWith(
			CALL_ID,
			expect.objectContaining({
				title: 'Weekly status call',
				start: '2025-03-03T18:00',
				durationMinutes: 45,
				recurrence: { repeat: 'weekly', ends: { end: 'count', count: 10 } }
			})
		);
		expect(onchange).toHaveBeenCalledWith(next);
	});

	it('records minutes with two action items', async () => {
		const { user, onchange } = show();
		const due = screen.getAllByTestId('occurrence')[1]!;
		await user.click(within(due).getByTestId('minutes-record'));

		await user.type(screen.getByTestId('minutes-text'), 'Vendor will patch the driver.');
		await user.click(screen.getByTestId('minutes-item-add'));
		await user.type(input('minutes-item-title-0'), 'Provide patched driver');
		await user.type(input('minutes-item-owner-0'), 'Priya');
		await user.selectOptions(screen.getByTestId('minutes-item-side-0'), 'vendor');
		await user.click(screen.getByTestId('minutes-item-add'));
		await user.type(input('minutes-item-title-1'), 'Install it on host 7');
		await user.type(input('minutes-item-owner-1'), 'Lena');
		await user.selectOptions(screen.getByTestId('minutes-item-side-1'), 'us');
		await fireEvent.input(input('minutes-item-due-1'), { target: { value: '2025-03-12T09:00' } });

		const next = running();
		vi.mocked(recordMinutes).mockResolvedValue({ ok: true, data: next });
		await user.click(screen.getByTestId('minutes-save'));

		expect(recordMinutes).toHaveBeenCalledWith(CALL_ID, {
			occurrence: '2025-03-10T17:00:00Z',
			text: 'Vendor will patch the driver.',
			actionItems: [
				{ title: 'Provide patched driver', owner: 'Priya', side: 'vendor', due: null },
				{ title: 'Install it on host 7', owner: 'Lena', side: 'us', due: '2025-03-12T09:00' }
			]
		});
		expect(onchange).toHaveBeenCalledWith(next);
		await waitFor(() => expect(screen.queryByTestId('minutes-form')).not.toBeInTheDocument());
	});

	it('shows an action item’s error beside that item and keeps the minutes', async () => {
		const { user } = show();
		await user.click(within(screen.getAllByTestId('occurrence')[1]!).getByTestId('minutes-record'));
		await user.type(screen.getByTestId('minutes-text'), 'Agreed next steps.');
		await user.click(screen.getByTestId('minutes-item-add'));
		await user.type(input('minutes-item-title-0'), 'Send logs');
		vi.mocked(recordMinutes).mockResolvedValue({
			ok: false,
			error: {
				code: 'validation',
				message: 'Some details need attention.',
				fields: [{ field: 'actionItems.0.owner', message: 'Name who does it.' }]
			}
		});
		await user.click(screen.getByTestId('minutes-save'));

		const owner = input('minutes-item-owner-0');
		await waitFor(() => expect(owner).toHaveAttribute('aria-invalid', 'true'));
		expect(screen.getByTestId('minutes-item-owner-0-error')).toHaveTextContent('Name who does it.');
		expect(owner).toHaveFocus();
		expect(screen.getByTestId('minutes-text')).toHaveValue('Agreed next steps.');
		expect(input('minutes-item-title-0')).toHaveValue('Send logs');
	});
});
