import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
	actions,
	escalationView
} from '$lib/components/domain/escalation/escalation-fixtures';
import {
	intactTimeline,
	manyEntries,
	timelineEntry
} from '$lib/components/domain/timeline/timeline-fixtures';
import {
	actionItemView,
	planView,
	runningEscalation
} from '$lib/components/domain/running/running-fixtures';
import {
	addEscalationNote,
	applyEscalationAction,
	escalationRunning,
	escalationTimeline,
	getEscalation,
	getProfile,
	linkSupportRequest,
	listSupportRequests,
	setEscalationContacts,
	updateActionItem,
	type EscalationView,
	type RunningEscalation,
	type Timeline
} from '$lib/ipc';
import { apiError, supportRequest } from '../../../test/fixtures';
import EscalationDetailView from './EscalationDetailView.svelte';

// The rest of the façade stays real: outside the desktop app it answers with an error.
vi.mock('$lib/ipc', async (importOriginal) => ({
	...(await importOriginal<typeof import('$lib/ipc')>()),
	getEscalation: vi.fn(),
	escalationTimeline: vi.fn(),
	applyEscalationAction: vi.fn(),
	setEscalationContacts: vi.fn(),
	linkSupportRequest: vi.fn(),
	addEscalationNote: vi.fn(),
	listSupportRequests: vi.fn(),
	escalationRunning: vi.fn(),
	getProfile: vi.fn(),
	updateActionItem: vi.fn()
}));

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
	const element = document.getElementById(id);
	if (!element) throw new Error(`#${id} is not in the document`);
	return element as T;
}

async function show(
	view: EscalationView = escalationView(),
	timeline: Timeline = intactTimeline(manyEntries(3)),
	running: RunningEscalation = runningEscalation()
) {
	vi.mocked(getEscalation).mockResolvedValue({ ok: true, data: view });
	vi.mocked(escalationRunning).mockResolvedValue({ ok: true, data: running });
	vi.mocked(escalationTimeline).mockResolvedValue({ ok: true, data: timeline });
	const user = userEvent.setup();
	render(EscalationDetailView, { props: { id: view.id } });
	await screen.findByTestId('escalation-detail');
	return { user };
}

function dialog(): HTMLElement {
	return screen.getByRole('dialog');
}

beforeEach(() => {
	for (const mock of [
		getEscalation,
		escalationTimeline,
		applyEscalationAction,
		setEscalationContacts,
		linkSupportRequest,
		addEscalationNote,
		listSupportRequests,
		escalationRunning,
		getProfile,
		updateActionItem
	]) {
		vi.mocked(mock).mockReset();
	}
	vi.mocked(escalationRunning).mockResolvedValue({ ok: true, data: runningEscalation() });
	vi.mocked(getProfile).mockResolvedValue({
		ok: true,
		data: { name: 'Ada', organisation: 'Acme', region: 'EMEA', timeZone: 'Asia/Tokyo' }
	});
});

describe('EscalationDetailView', () => {
	it('shows the escalation, its SR, its state and a verified timeline', async () => {
		await show();

		expect(screen.getByTestId('escalation-title')).toHaveTextContent('vMotion fails between hosts');
		const state = screen.getByTestId('escalation-state');
		expect(state).toHaveAttribute('data-state', 'requested');
		expect(state).toHaveTextContent('Requested');
		const sr = screen.getByTestId('escalation-sr');
		expect(sr).toHaveTextContent('24512345678');
		expect(sr).toHaveTextContent('VMware by Broadcom');
		expect(sr).toHaveTextContent('Severity 2 (Major)');
		expect(within(sr).getByRole('link')).toHaveAttribute('href', '/support-requests?id=sr-1');
		expect(screen.getByTestId('escalation-triggers')).toHaveTextContent('Critical business impact');
		expect(screen.getByTestId('escalation-route')).toHaveTextContent('Duty Manager · Phone');
		expect(screen.getByTestId('escalation-age')).toHaveTextContent(/\d+ d/);
		expect(screen.getByTestId('lifecycle-node-requested')).toHaveAttribute('data-status', 'current');
		expect(screen.getByTestId('escalation-path')).toHaveTextContent('If the technician cannot help');
		expect(await screen.findByTestId('chain-intact')).toHaveTextContent('Timeline verified (3 events)');
		expect(screen.queryByTestId('chain-broken')).toBeNull();
		expect(screen.getAllByTestId('timeline-row')).toHaveLength(3);
		expect(getEscalation).toHaveBeenCalledWith('esc-1');
		expect(escalationTimeline).toHaveBeenCalledWith('esc-1');
	});

	it('shows available actions and, for the others, why not', async () => {
		const { user } = await show();

		const acknowledge = screen.getByTestId('action-acknowledge');
		expect(acknowledge).toHaveTextContent('Acknowledged by vendor');
		expect(acknowledge).not.toHaveAttribute('aria-disabled');

		const close = screen.getByTestId('action-close');
		expect(close).toHaveTextContent('Close');
		expect(close).toHaveAttribute('aria-disabled', 'true');
		expect(close).toHaveAttribute('title', 'Cannot close now.');
		expect(close).not.toBeDisabled();
		expect(screen.getByTestId('action-close-why')).toHaveTextContent('Cannot close now.');
		expect(close).toHaveAccessibleDescription('Cannot close now.');

		// Still focusable, so the reason can be reached; pressing it does nothing.
		close.focus();
		expect(close).toHaveFocus();
		await user.click(close);
		expect(screen.queryByRole('dialog')).toBeNull();
		expect(applyEscalationAction).not.toHaveBeenCalled();

		for (const action of ['assign_engineer', 're_escalate', 'withdraw']) {
			expect(screen.getByTestId(`action-${action}`)).not.toHaveAttribute('aria-disabled');
		}
		for (const action of ['agree_action_plan', 'propose_de_escalation', 'de_escalate']) {
			expect(screen.getByTestId(`action-${action}`)).toHaveAttribute('aria-disabled', 'true');
			expect(screen.getByTestId(`action-${action}-why`)).toBeInTheDocument();
		}
	});

	it('de-escalates with the three criteria and shows Rust’s error beside the agreement', async () => {
		const view = escalationView({
			state: 'de_escalation_proposed',
			actions: actions(['de_escalate', 'agree_action_plan', 're_escalate', 'withdraw']),
			closureRules: ['Confirm that the action plan is acceptable', 'Document the agreement in the SR']
		});
		const { user } = await show(view);
		vi.mocked(applyEscalationAction).mockResolvedValueOnce({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Some details need attention.',
				fields: [
					{ field: 'agreementText', message: 'Quote the agreement to de-escalate as documented in the SR.' }
				]
			})
		});

		await user.click(screen.getByTestId('action-de_escalate'));
		expect(dialog()).toHaveTextContent('Document the agreement in the SR');
		await user.click(byId('actionPlanAcceptable'));
		await user.click(byId('troubleshootingOnTrack'));
		await user.type(byId('agreementText'), '   ');
		await user.click(screen.getByTestId('dialog-confirm'));

		expect(applyEscalationAction).toHaveBeenCalledWith('esc-1', {
			action: 'de_escalate',
			criteria: { actionPlanAcceptable: true, troubleshootingOnTrack: true, agreementText: '   ' }
		});
		const error = await waitFor(() => byId('agreementText-error'));
		expect(error).toHaveTextContent('Quote the agreement to de-escalate as documented in the SR.');
		const textarea = byId('agreementText');
		expect(textarea).toHaveAttribute('aria-invalid', 'true');
		expect(textarea.getAttribute('aria-describedby')).toContain('agreementText-error');
		await waitFor(() => expect(textarea).toHaveFocus());
		expect(screen.queryByTestId('action-error')).toBeNull();

		// Corrected, it goes through; the screen takes the new state and reloads the timeline.
		vi.mocked(applyEscalationAction).mockResolvedValueOnce({
			ok: true,
			data: escalationView({
				state: 'de_escalated',
				visited: ['requested', 'de_escalation_proposed', 'de_escalated'],
				deEscalationAgreement: 'Agreed in SR comment 12',
				actions: actions(['close'])
			})
		});
		await user.clear(textarea);
		await user.type(textarea, 'Agreed in SR comment 12');
		await user.click(screen.getByTestId('dialog-confirm'));

		await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
		expect(screen.getByTestId('escalation-state')).toHaveAttribute('data-state', 'de_escalated');
		expect(screen.getByTestId('de-escalation-agreement')).toHaveTextContent('Agreed in SR comment 12');
		expect(screen.getByTestId('action-close')).not.toHaveAttribute('aria-disabled');
		expect(screen.getByTestId('action-done')).toHaveTextContent('De-escalate');
		await waitFor(() => expect(escalationTimeline).toHaveBeenCalledTimes(2));
	});

	it('shows a move that is not possible now in the dialog', async () => {
		const { user } = await show();
		vi.mocked(applyEscalationAction).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'not_allowed', message: 'The escalation was withdrawn.' })
		});

		await user.click(screen.getByTestId('action-acknowledge'));
		await user.click(screen.getByTestId('dialog-confirm'));

		expect(applyEscalationAction).toHaveBeenCalledWith('esc-1', { action: 'acknowledge' });
		const error = await within(dialog()).findByTestId('action-error');
		expect(error).toHaveTextContent('Not possible right now');
		expect(error).toHaveTextContent('The escalation was withdrawn.');
	});

	it('re-escalates with a reason and the management call', async () => {
		const { user } = await show();
		vi.mocked(applyEscalationAction).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Some details need attention.',
				fields: [{ field: 'managementCall', message: 'Record the management call.' }]
			})
		});

		await user.click(screen.getByTestId('action-re_escalate'));
		const reason = byId<HTMLSelectElement>('reason');
		expect(within(reason).getAllByRole('option').map((o) => o.textContent)).toEqual([
			'Choose a reason',
			'Stalled',
			'Missed updates',
			'No progress'
		]);
		// Without a reason nothing is sent.
		await user.click(screen.getByTestId('dialog-confirm'));
		expect(byId('reason-error')).toHaveTextContent('Choose why you re-escalate.');
		expect(applyEscalationAction).not.toHaveBeenCalled();

		await user.selectOptions(reason, 'missed_updates');
		await user.click(screen.getByTestId('dialog-confirm'));
		expect(applyEscalationAction).toHaveBeenCalledWith('esc-1', {
			action: 're_escalate',
			reason: 'missed_updates',
			managementCall: ''
		});
		expect(await waitFor(() => byId('managementCall-error'))).toHaveTextContent(
			'Record the management call.'
		);
	});

	it('shows a withdrawal’s reason error beside its text box and a close’s beside the rating', async () => {
		const view = escalationView({ actions: actions(['withdraw', 'close']) });
		const { user } = await show(view);
		vi.mocked(applyEscalationAction).mockResolvedValueOnce({
			ok: false,
			error: apiError({
				code: 'validation',
				fields: [{ field: 'reason', message: 'Say why the escalation is withdrawn.' }]
			})
		});

		await user.click(screen.getByTestId('action-withdraw'));
		await user.click(screen.getByTestId('dialog-confirm'));
		expect(await waitFor(() => byId('reason-error'))).toHaveTextContent(
			'Say why the escalation is withdrawn.'
		);
		expect(byId('withdraw-reason')).toHaveAttribute('aria-describedby', 'reason-error');
		await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
		await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

		vi.mocked(applyEscalationAction).mockResolvedValueOnce({
			ok: false,
			error: apiError({
				code: 'validation',
				fields: [{ field: 'rating', message: "Rate the vendor's handling from 1 to 5." }]
			})
		});
		await user.click(screen.getByTestId('action-close'));
		await user.type(byId('comment'), 'Slow start, then good');
		await user.click(screen.getByTestId('dialog-confirm'));
		expect(applyEscalationAction).toHaveBeenLastCalledWith('esc-1', {
			action: 'close',
			feedback: { rating: 0, comment: 'Slow start, then good' }
		});
		expect(await waitFor(() => byId('rating-error'))).toHaveTextContent('from 1 to 5');

		await user.click(byId('rating-4'));
		vi.mocked(applyEscalationAction).mockResolvedValueOnce({
			ok: true,
			data: escalationView({
				state: 'closed',
				feedback: { rating: 4, comment: 'Slow start, then good' },
				actions: actions([])
			})
		});
		await user.click(screen.getByTestId('dialog-confirm'));
		expect(applyEscalationAction).toHaveBeenLastCalledWith('esc-1', {
			action: 'close',
			feedback: { rating: 4, comment: 'Slow start, then good' }
		});
		expect(await screen.findByTestId('feedback')).toHaveTextContent('4 of 5');
	});

	it('shows a broken chain prominently, naming the stream, the event and the reason', async () => {
		const timeline: Timeline = {
			entries: [
				timelineEntry({ seq: 1, summary: 'Escalation requested' }),
				timelineEntry({ seq: 4, summary: 'SR opened' }, 'sr-1', 'SR 24512345678')
			],
			intact: false,
			chains: [
				{
					stream: 'esc-1',
					streamLabel: 'Escalation',
					verdict: { state: 'intact', count: 1, head: 'a'.repeat(64) }
				},
				{
					stream: 'sr-1',
					streamLabel: 'SR 24512345678',
					verdict: { state: 'broken', atSeq: 4, reason: { kind: 'hash_mismatch' } }
				}
			]
		};
		await show(escalationView({ timelineIntact: false }), timeline);

		const banner = await screen.findByTestId('chain-broken');
		expect(banner).toHaveAttribute('role', 'alert');
		await waitFor(() =>
			expect(banner).toHaveTextContent('SR 24512345678: event #4 was changed after it was written.')
		);
		expect(within(banner).queryByRole('button', { name: 'Dismiss' })).toBeNull();
		expect(screen.queryByTestId('chain-intact')).toBeNull();
		const marked = screen
			.getAllByTestId('timeline-row')
			.find((row) => row.dataset.stream === 'sr-1');
		expect(marked).toHaveTextContent('Chain breaks here');
	});

	it('warns of a broken chain even when the timeline cannot be loaded', async () => {
		vi.mocked(getEscalation).mockResolvedValue({
			ok: true,
			data: escalationView({ timelineIntact: false })
		});
		vi.mocked(escalationTimeline).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'storage', message: 'disk I/O error' })
		});
		render(EscalationDetailView, { props: { id: 'esc-1' } });

		expect(await screen.findByTestId('chain-broken')).toHaveTextContent('did not verify');
		expect(await screen.findByTestId('timeline-error')).toHaveTextContent('disk I/O error');
	});

	it('edits the contacts and shows a row’s error beside its field', async () => {
		const { user } = await show(
			escalationView({
				contacts: [
					{ role: 'duty_manager', name: 'Pat Duty', email: 'pat@vendor.example', phone: '', note: '' }
				]
			})
		);
		const contacts = screen.getByTestId('contacts');
		expect(contacts).toHaveTextContent('Duty Manager');
		expect(contacts).toHaveTextContent('Pat Duty');

		await user.click(screen.getByTestId('edit-contacts'));
		await user.click(screen.getByTestId('add-contact'));
		expect(screen.getAllByTestId('contact-editor-row')).toHaveLength(2);
		await user.selectOptions(byId<HTMLSelectElement>('contacts-1-role'), 'escalation_engineer');
		vi.mocked(setEscalationContacts).mockResolvedValueOnce({
			ok: false,
			error: apiError({
				code: 'validation',
				fields: [{ field: 'contacts.1.name', message: "Give the contact's name." }]
			})
		});
		await user.click(screen.getByTestId('save-contacts'));

		expect(setEscalationContacts).toHaveBeenCalledWith('esc-1', [
			{ role: 'duty_manager', name: 'Pat Duty', email: 'pat@vendor.example', phone: '', note: '' },
			{ role: 'escalation_engineer', name: '', email: '', phone: '', note: '' }
		]);
		expect(await waitFor(() => byId('contacts-1-name-error'))).toHaveTextContent(
			"Give the contact's name."
		);
		expect(byId('contacts-1-name')).toHaveAttribute('aria-invalid', 'true');

		await user.type(byId('contacts-1-name'), 'Eve Engineer');
		vi.mocked(setEscalationContacts).mockResolvedValueOnce({
			ok: true,
			data: escalationView({
				contacts: [
					{ role: 'duty_manager', name: 'Pat Duty', email: 'pat@vendor.example', phone: '', note: '' },
					{ role: 'escalation_engineer', name: 'Eve Engineer', email: '', phone: '', note: '' }
				]
			})
		});
		await user.click(screen.getByTestId('save-contacts'));
		await waitFor(() => expect(screen.queryAllByTestId('contact-editor-row')).toHaveLength(0));
		expect(screen.getByTestId('contacts')).toHaveTextContent('Escalation Engineer (primary contact)');
		expect(screen.getByTestId('contacts')).toHaveTextContent('Eve Engineer');
	});

	it('adds another SR to the escalation (war room) and a note to the timeline', async () => {
		const { user } = await show();
		const other = supportRequest({ id: 'sr-2', vendorSrNumber: '999', title: 'Array firmware', vendorName: 'Red Hat' });
		vi.mocked(listSupportRequests).mockResolvedValue({
			ok: true,
			data: [supportRequest({ id: 'sr-1' }), other]
		});
		vi.mocked(linkSupportRequest).mockResolvedValue({
			ok: true,
			data: escalationView({ supportRequests: [supportRequest({ id: 'sr-1' }), other] })
		});

		await user.click(screen.getByTestId('link-sr'));
		const picker = await waitFor(() => byId<HTMLSelectElement>('link-sr-id'));
		// The SR already in the escalation is not offered again.
		expect(within(picker).queryByRole('option', { name: /24512345678/ })).toBeNull();
		await user.selectOptions(picker, 'sr-2');
		await user.click(screen.getByTestId('link-sr-confirm'));
		expect(linkSupportRequest).toHaveBeenCalledWith('esc-1', 'sr-2');
		await waitFor(() => expect(screen.getAllByTestId('escalation-sr')).toHaveLength(2));

		vi.mocked(addEscalationNote).mockResolvedValue({ ok: true, data: escalationView() });
		await user.type(byId('note-text'), 'Called the TAM');
		await user.click(screen.getByTestId('add-note'));
		expect(addEscalationNote).toHaveBeenCalledWith('esc-1', 'Called the TAM');
		await waitFor(() => expect(byId<HTMLTextAreaElement>('note-text').value).toBe(''));
		await waitFor(() => expect(escalationTimeline).toHaveBeenCalledTimes(3));
	});

	it('shows running the escalation; a missed update offers re-escalation, pre-filled', async () => {
		const { user } = await show(
			escalationView(),
			intactTimeline(manyEntries(3)),
			runningEscalation({ plan: planView({ offerReEscalation: true }) })
		);
		const running = await screen.findByTestId('communication-plan');
		expect(escalationRunning).toHaveBeenCalledWith('esc-1');
		expect(screen.getByTestId('action-items')).toBeInTheDocument();
		expect(screen.getByTestId('third-parties')).toBeInTheDocument();
		expect(within(running).getByTestId('plan-edit')).not.toBeDisabled();

		await user.click(screen.getByTestId('re-escalate-missed'));
		expect(dialog()).toHaveTextContent('Re-escalate');
		expect(byId<HTMLSelectElement>('reason')).toHaveValue('missed_updates');

		// Chosen from the next steps instead, the reason starts empty.
		await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
		await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
		await user.click(screen.getByTestId('action-re_escalate'));
		expect(byId<HTMLSelectElement>('reason')).toHaveValue('');
	});

	it('takes a running change and reloads the timeline, in the profile’s zone', async () => {
		const { user } = await show(
			escalationView(),
			intactTimeline(manyEntries(3)),
			runningEscalation({ actionItems: [actionItemView()] })
		);
		await screen.findByTestId('action-item');
		vi.mocked(updateActionItem).mockResolvedValue({
			ok: true,
			data: runningEscalation({ actionItems: [actionItemView({ status: 'done' })] })
		});
		await user.selectOptions(screen.getByTestId('action-item-status'), 'done');
		// 16:00 UTC is 01:00 the next day in Tokyo, the profile's zone.
		expect(updateActionItem).toHaveBeenCalledWith(
			'item-1',
			{ title: 'Send vm-support bundle', owner: 'Ada', side: 'us', due: '2025-03-13T01:00' },
			'done'
		);
		await waitFor(() =>
			expect(screen.getByTestId('action-item')).toHaveAttribute('data-status', 'done')
		);
		await waitFor(() => expect(escalationTimeline).toHaveBeenCalledTimes(2));
	});

	it('keeps running read-only once the escalation is over', async () => {
		await show(escalationView({ state: 'closed', actions: actions([]) }));
		expect(await screen.findByTestId('plan-edit')).toBeDisabled();
		expect(screen.getByTestId('action-item-add')).toBeDisabled();
		expect(screen.getByTestId('third-party-add')).toBeDisabled();
	});

	it('says when running the escalation cannot be loaded', async () => {
		vi.mocked(getEscalation).mockResolvedValue({ ok: true, data: escalationView() });
		vi.mocked(escalationTimeline).mockResolvedValue({
			ok: true,
			data: intactTimeline(manyEntries(3))
		});
		vi.mocked(escalationRunning).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'storage', message: 'Disk full.' })
		});
		render(EscalationDetailView, { props: { id: 'esc-1' } });
		expect(await screen.findByTestId('running-error')).toHaveTextContent('Disk full.');
		expect(screen.getByTestId('escalation-title')).toBeInTheDocument();
	});

	it('says clearly when the escalation does not exist', async () => {
		vi.mocked(getEscalation).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'not_found', message: 'This escalation does not exist.' })
		});
		vi.mocked(escalationTimeline).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'not_found', message: 'This escalation does not exist.' })
		});
		render(EscalationDetailView, { props: { id: 'esc-9' } });

		expect(await screen.findByTestId('escalation-detail-missing')).toHaveTextContent(
			'Escalation not found'
		);
		expect(screen.queryByTestId('escalation-detail')).toBeNull();
	});
});
