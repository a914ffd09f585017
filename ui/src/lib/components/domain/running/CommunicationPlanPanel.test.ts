import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { logVendorUpdate, setCommunicationPlan, type RunningEscalation } from '$lib/ipc';
import { formatDateTimeInZone } from '$lib/format/date-time';
import { apiError } from '../../../../test/fixtures';
import CommunicationPlanPanel from './CommunicationPlanPanel.svelte';
import { communicationPlan, planView, runningEscalation, vendorUpdate } from './running-fixtures';

vi.mock('$lib/ipc', () => ({ setCommunicationPlan: vi.fn(), logVendorUpdate: vi.fn() }));

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
	const element = document.getElementById(id);
	if (!element) throw new Error(`#${id} is not in the document`);
	return element as T;
}

function show(running: RunningEscalation, disabled = false) {
	const onchange = vi.fn();
	const onreescalate = vi.fn();
	const user = userEvent.setup();
	render(CommunicationPlanPanel, {
		props: {
			escalationId: 'esc-1',
			running,
			disabled,
			zone: 'Europe/Berlin',
			onchange,
			onreescalate
		}
	});
	return { user, onchange, onreescalate };
}

beforeEach(() => {
	vi.mocked(setCommunicationPlan).mockReset();
	vi.mocked(logVendorUpdate).mockReset();
});

describe('CommunicationPlanPanel', () => {
	it('shows the plan, its attendees and the cadence in the user’s zone', () => {
		show(runningEscalation({ plan: planView() }));

		expect(screen.getByTestId('plan-description')).toHaveTextContent(
			'updates every 4 hours by email, phone'
		);
		expect(screen.getByTestId('plan-modes')).toHaveTextContent('E-mail');
		expect(screen.getByTestId('plan-modes')).toHaveTextContent('Phone');
		const attendee = screen.getByTestId('plan-attendee-row');
		expect(attendee).toHaveTextContent('Eve Engineer');
		expect(attendee).toHaveTextContent('Escalation Engineer');
		expect(attendee).toHaveTextContent('America/New_York');
		const cadence = screen.getByTestId('cadence-state');
		expect(cadence).toHaveAttribute('data-state', 'on_track');
		// Shown in the profile zone: 12:00 UTC is 13:00 in Berlin.
		const due = formatDateTimeInZone('2025-03-12T12:00:00Z', 'Europe/Berlin');
		expect(due).toMatch(/1(3:00|:00 PM)/);
		expect(cadence.textContent?.trim()).toBe(`On track — next update due ${due}`);
		expect(screen.queryByTestId('cadence-missed')).toBeNull();
		expect(screen.getByTestId('plan-edit')).toHaveTextContent('Change plan');
	});

	it('words each cadence state', () => {
		show(
			runningEscalation({
				plan: planView({
					cadence: {
						state: 'missed',
						since: '2025-03-12T08:00:00Z',
						due: '2025-03-12T12:00:00Z',
						dueSoonFrom: '2025-03-12T11:00:00Z'
					}
				})
			})
		);
		const cadence = screen.getByTestId('cadence-state');
		expect(cadence).toHaveAttribute('data-state', 'missed');
		expect(cadence.textContent?.trim()).toBe(
			`Missed — was due ${formatDateTimeInZone('2025-03-12T12:00:00Z', 'Europe/Berlin')}`
		);
	});

	it('offers re-escalation only when Rust says so', async () => {
		const { user, onreescalate } = show(
			runningEscalation({ plan: planView({ offerReEscalation: true }) })
		);
		const banner = screen.getByTestId('cadence-missed');
		expect(banner).toHaveTextContent('The vendor missed an update');
		await user.click(within(banner).getByTestId('re-escalate-missed'));
		expect(onreescalate).toHaveBeenCalledOnce();
	});

	it('without a plan, invites setting one and logs nothing yet', () => {
		show(runningEscalation());
		expect(screen.getByTestId('plan-missing')).toBeInTheDocument();
		expect(screen.getByTestId('plan-edit')).toHaveTextContent('Set communication plan');
		expect(screen.queryByTestId('cadence-state')).toBeNull();
		expect(screen.getByTestId('vendor-updates-empty')).toBeInTheDocument();
	});

	it('changes nothing once the escalation is over', () => {
		show(runningEscalation({ plan: planView() }), true);
		expect(screen.getByTestId('plan-edit')).toBeDisabled();
		expect(screen.getByTestId('update-log')).toBeDisabled();
	});

	it('saves the plan as typed, in the profile zone by default', async () => {
		const next = runningEscalation({ plan: planView() });
		vi.mocked(setCommunicationPlan).mockResolvedValue({ ok: true, data: next });
		const { user, onchange } = show(runningEscalation());

		await user.click(screen.getByTestId('plan-edit'));
		expect(screen.getByTestId('plan-zone')).toHaveValue('Europe/Berlin');
		await user.clear(screen.getByTestId('plan-every'));
		await user.type(screen.getByTestId('plan-every'), '4');
		await user.selectOptions(screen.getByTestId('plan-unit'), 'hours');
		await user.click(screen.getByTestId('plan-mode-phone'));
		await user.click(screen.getByTestId('plan-mode-email'));
		await user.click(screen.getByTestId('plan-business-hours'));
		await user.click(screen.getByTestId('plan-weekday-fri'));
		await user.click(screen.getByTestId('plan-attendee-add'));
		await user.type(screen.getByTestId('plan-attendee-name'), 'Rita');
		await user.selectOptions(
			screen.getByTestId('plan-attendee-role'),
			'regional_escalation_manager'
		);
		await user.type(screen.getByTestId('plan-attendee-email'), 'rita@vendor.example');
		await user.clear(screen.getByTestId('plan-attendee-zone'));
		await user.type(screen.getByTestId('plan-attendee-zone'), 'Asia/Tokyo');
		await user.type(byId('plan-note'), 'Rita joins the Friday call.');
		await user.type(screen.getByTestId('plan-agreed-at'), '2026-11-27T08:00');
		await user.click(screen.getByTestId('plan-save'));

		expect(setCommunicationPlan).toHaveBeenCalledWith('esc-1', {
			every: 4,
			unit: 'hours',
			zone: 'Europe/Berlin',
			modes: ['email', 'phone'],
			businessHours: {
				start: '09:00:00',
				end: '17:00:00',
				weekdays: ['mon', 'tue', 'wed', 'thu']
			},
			attendees: [
				{
					name: 'Rita',
					role: 'regional_escalation_manager',
					email: 'rita@vendor.example',
					zone: 'Asia/Tokyo'
				}
			],
			note: 'Rita joins the Friday call.'
		}, '2026-11-27T08:00');
		expect(onchange).toHaveBeenCalledWith(next);
		await waitFor(() => expect(screen.queryByTestId('plan-form')).toBeNull());
	});

	it('shows Rust’s errors beside their fields and keeps what was typed', async () => {
		vi.mocked(setCommunicationPlan).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Some details need attention.',
				fields: [
					{ field: 'zone', message: '“Mars/Base” is not an IANA time zone.' },
					{ field: 'attendees.0.zone', message: '“Nowhere” is not an IANA time zone.' },
					{ field: 'modes', message: 'Choose how updates arrive.' }
				]
			})
		});
		const { user, onchange } = show(
			runningEscalation({ plan: planView({ plan: communicationPlan() }) })
		);

		await user.click(screen.getByTestId('plan-edit'));
		// The current plan is filled in.
		expect(screen.getByTestId('plan-every')).toHaveValue(4);
		expect(screen.getByTestId('plan-mode-email')).toBeChecked();
		expect(screen.getByTestId('plan-attendee-name')).toHaveValue('Eve Engineer');
		await user.clear(screen.getByTestId('plan-zone'));
		await user.type(screen.getByTestId('plan-zone'), 'Mars/Base');
		await user.clear(screen.getByTestId('plan-attendee-zone'));
		await user.type(screen.getByTestId('plan-attendee-zone'), 'Nowhere');
		await user.click(screen.getByTestId('plan-save'));

		const zone = screen.getByTestId('plan-zone');
		await waitFor(() => expect(zone).toHaveAttribute('aria-invalid', 'true'));
		expect(byId('plan-zone-error')).toHaveTextContent('“Mars/Base” is not an IANA time zone.');
		expect(zone).toHaveAccessibleDescription(expect.stringContaining('Mars/Base'));
		expect(byId('plan-attendees-0-zone-error')).toHaveTextContent('“Nowhere”');
		expect(byId('plan-modes-error')).toHaveTextContent('Choose how updates arrive.');
		expect(zone).toHaveValue('Mars/Base');
		expect(screen.getByTestId('plan-attendee-zone')).toHaveValue('Nowhere');
		expect(screen.getByTestId('plan-every')).toHaveValue(4);
		expect(screen.queryByTestId('plan-error')).toBeNull();
		expect(onchange).not.toHaveBeenCalled();
	});

	it('logs a vendor update and lists updates as text', async () => {
		const next = runningEscalation({ updates: [vendorUpdate()] });
		vi.mocked(logVendorUpdate).mockResolvedValue({ ok: true, data: next });
		const { user, onchange } = show(
			runningEscalation({
				plan: planView(),
				updates: [vendorUpdate({ summary: '<b>bold</b> claim', mode: 'portal' })]
			})
		);
		const row = screen.getByTestId('vendor-update');
		expect(row).toHaveTextContent('<b>bold</b> claim');
		expect(row).toHaveTextContent('Portal comment');
		expect(row).toHaveTextContent(formatDateTimeInZone('2025-03-12T10:15:00Z', 'Europe/Berlin'));
		expect(row.querySelector('b')).toBeNull();

		await user.click(screen.getByTestId('update-log'));
		// The plan's first mode is the likely one.
		expect(screen.getByTestId('update-mode')).toHaveValue('email');
		await user.selectOptions(screen.getByTestId('update-mode'), 'phone');
		await user.type(screen.getByTestId('update-summary'), 'Engineer called: fix in test.');
		await user.click(screen.getByTestId('update-save'));
		expect(logVendorUpdate).toHaveBeenCalledWith('esc-1', {
			receivedAt: null,
			mode: 'phone',
			summary: 'Engineer called: fix in test.'
		});
		expect(onchange).toHaveBeenCalledWith(next);
	});

	it('sends the time typed for an update and shows its error beside it', async () => {
		vi.mocked(logVendorUpdate).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Some details need attention.',
				fields: [{ field: 'receivedAt', message: 'That is in the future.' }]
			})
		});
		const { user } = show(runningEscalation());
		await user.click(screen.getByTestId('update-log'));
		const when = screen.getByTestId('update-received-at');
		await user.type(when, '2025-03-12T09:30');
		await user.type(screen.getByTestId('update-summary'), 'Mail');
		await user.click(screen.getByTestId('update-save'));
		expect(logVendorUpdate).toHaveBeenCalledWith('esc-1', {
			receivedAt: '2025-03-12T09:30',
			mode: 'email',
			summary: 'Mail'
		});
		expect(await waitFor(() => byId('update-received-at-error'))).toHaveTextContent(
			'That is in the future.'
		);
		expect(screen.getByTestId('update-summary')).toHaveValue('Mail');
	});
});
