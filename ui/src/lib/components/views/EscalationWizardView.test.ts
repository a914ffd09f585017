import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { goto } from '$app/navigation';
import {
	changeSeverity,
	copyText,
	createSupportRequest,
	discardWizardDraft,
	getProfile,
	listSupportRequests,
	listVendors,
	listWizardDrafts,
	planRoute,
	recommend,
	requestEscalation,
	reviewReadiness,
	saveWizardDraft,
	type EscalationView,
	type ReadinessInput,
	type RoutePlan,
	type WizardDraft,
	type WizardDraftInput
} from '$lib/ipc';
import { VENDORS, apiError, supportRequest } from '../../../test/fixtures';
import EscalationWizardView from './EscalationWizardView.svelte';

vi.mock('$lib/ipc', () => ({
	changeSeverity: vi.fn(),
	copyText: vi.fn(),
	createSupportRequest: vi.fn(),
	discardWizardDraft: vi.fn(),
	getProfile: vi.fn(),
	listSupportRequests: vi.fn(),
	listVendors: vi.fn(),
	listWizardDrafts: vi.fn(),
	planRoute: vi.fn(),
	recommend: vi.fn(),
	requestEscalation: vi.fn(),
	reviewReadiness: vi.fn(),
	saveWizardDraft: vi.fn()
}));
vi.mock('$app/navigation', () => ({ goto: vi.fn() }));

const SR = supportRequest({
	id: 'sr-1',
	vendorSrNumber: '24512345678',
	title: 'vMotion fails between hosts',
	severity: 2,
	details: {
		product: 'vSphere 8.0 U3',
		problemStatement: 'vMotion fails between esx01 and esx02 since 8.0 U3',
		businessImpact: '',
		workaround: { kind: 'none' },
		milestone: { kind: 'unset' },
		technician: { name: '', email: '', phone: '' }
	}
});

const PLAN: RoutePlan = {
	vendorName: 'VMware by Broadcom',
	vendorSrNumber: '24512345678',
	severityLabel: 'Severity 2 (Major)',
	region: 'EMEA',
	phone: {
		region: 'EMEA',
		number: '+44 20 3564 1888',
		note: 'English, 24x7',
		source: 'https://example.test/phones'
	},
	phoneRecommended: true,
	phoneRecommendedSource: 'https://example.test/escalate',
	channels: [
		{ role: 'Assigned technician', how: 'phone', when: 'First', source: 'kb 1' },
		{ role: 'Duty Manager', how: 'phone', when: 'If the technician cannot help', source: 'kb 2' }
	],
	portalUrl: 'https://support.example.test',
	tsanetMember: true,
	script: 'This is Acme about SR 24512345678.',
	pasteable: 'SR number: 24512345678\n'
};

const READY: ReadinessInput = {
	problemStatement: 'vMotion fails between esx01 and esx02 since 8.0 U3',
	problemStatementConfirmed: true,
	businessImpact: 'Payroll stops',
	workaround: { kind: 'none' },
	milestone: { kind: 'none_explicitly' }
};

function savedDraft(overrides: Partial<WizardDraft> = {}): WizardDraft {
	return {
		id: 'draft-7',
		step: 'support_request',
		supportRequestId: 'sr-1',
		triggers: ['critical_impact'],
		warrantedSeverity: 2,
		impactChanged: false,
		recordedWrongly: false,
		readiness: READY,
		title: 'Escalation of SR 24512345678: vMotion fails between hosts',
		channel: null,
		updatedAt: '2026-11-27T09:30:00Z',
		...overrides
	};
}

function escalation(id: string): EscalationView {
	return { id } as EscalationView;
}

beforeEach(() => {
	vi.mocked(listSupportRequests).mockReset().mockResolvedValue({ ok: true, data: [SR] });
	vi.mocked(listVendors).mockReset().mockResolvedValue({ ok: true, data: VENDORS });
	vi.mocked(getProfile)
		.mockReset()
		.mockResolvedValue({
			ok: true,
			data: { name: 'Sam', organisation: 'Acme', region: 'EMEA', timeZone: 'Europe/Berlin' }
		});
	vi.mocked(listWizardDrafts).mockReset().mockResolvedValue({ ok: true, data: [] });
	vi.mocked(saveWizardDraft)
		.mockReset()
		.mockImplementation(async (draft: WizardDraftInput) => ({
			ok: true,
			data: {
				...draft,
				id: draft.id || 'draft-1',
				supportRequestId: draft.supportRequestId ?? null,
				warrantedSeverity: draft.warrantedSeverity ?? null,
				channel: draft.channel ?? null,
				updatedAt: '2026-11-27T10:15:00Z'
			}
		}));
	vi.mocked(discardWizardDraft).mockReset().mockResolvedValue({ ok: true, data: null });
	vi.mocked(reviewReadiness)
		.mockReset()
		.mockImplementation(async (input) => ({
			ok: true,
			data: { input, reviewedOn: '2026-11-27' }
		}));
	vi.mocked(recommend).mockReset().mockResolvedValue({ ok: true, data: { advice: 'escalate' } });
	vi.mocked(planRoute).mockReset().mockResolvedValue({ ok: true, data: PLAN });
	vi.mocked(requestEscalation)
		.mockReset()
		.mockResolvedValue({ ok: true, data: escalation('esc-1') });
	vi.mocked(changeSeverity).mockReset();
	vi.mocked(copyText).mockReset().mockResolvedValue({ ok: true, data: null });
	vi.mocked(goto).mockReset();
	vi.mocked(createSupportRequest).mockReset();
});

function field<T extends HTMLElement>(selector: string): T {
	const element = document.querySelector<T>(selector);
	if (!element) throw new Error(`no element matches ${selector}`);
	return element;
}

async function stepHeading(name: string): Promise<HTMLElement> {
	const heading = await screen.findByRole('heading', { level: 2, name });
	await waitFor(() => expect(heading).toHaveFocus());
	return heading;
}

/** Presses Tab until `target` has focus, as a keyboard user would. */
async function tabTo(user: ReturnType<typeof userEvent.setup>, target: HTMLElement) {
	for (let presses = 0; presses < 60 && document.activeElement !== target; presses += 1) {
		await user.tab();
	}
	expect(target).toHaveFocus();
}

describe('EscalationWizardView', () => {
	it('takes a keyboard user through every step to the escalation request', async () => {
		const user = userEvent.setup();
		render(EscalationWizardView, { props: { srId: 'sr-1' } });

		// 1. The SR from the link is chosen already.
		await screen.findByRole('heading', { level: 2, name: 'Which support request?' });
		expect(screen.getByTestId('wizard')).toHaveAttribute('data-step', 'support_request');
		const select = field<HTMLSelectElement>('#wizard-sr');
		expect(select.value).toBe('sr-1');
		expect(select.selectedOptions[0]?.text).toBe(
			'24512345678 — vMotion fails between hosts (VMware by Broadcom)'
		);
		await tabTo(user, screen.getByTestId('wizard-next'));
		await user.keyboard('{Enter}');

		// 2. Why: a trigger, and the severity the impact warrants (the SR's by default).
		await stepHeading('Why escalate?');
		expect(field<HTMLSelectElement>('#wizard-warranted-severity').value).toBe('2');
		await tabTo(user, field('#trigger-critical_impact'));
		await user.keyboard(' ');
		expect(field('#trigger-critical_impact')).toBeChecked();
		await tabTo(user, screen.getByTestId('wizard-next'));
		await user.keyboard('{Enter}');

		// 3. Readiness, prefilled from the SR.
		await stepHeading('Review the support request');
		expect(field<HTMLTextAreaElement>('#readiness-problem-statement').value).toBe(
			'vMotion fails between esx01 and esx02 since 8.0 U3'
		);
		await tabTo(user, field('#readiness-confirmed'));
		await user.keyboard(' ');
		await tabTo(user, field('#readiness-business-impact'));
		await user.keyboard('Payroll stops for 4,000 staff');
		await tabTo(user, field('#milestone-on'));
		await user.keyboard(' ');
		await tabTo(user, field('#milestone-date'));
		await user.keyboard('2031-05-01');
		await tabTo(user, field('#milestone-what'));
		// Enter in a single-line field moves on.
		await user.keyboard('Go-live{Enter}');

		const expectedReadiness: ReadinessInput = {
			problemStatement: 'vMotion fails between esx01 and esx02 since 8.0 U3',
			problemStatementConfirmed: true,
			businessImpact: 'Payroll stops for 4,000 staff',
			workaround: { kind: 'none' },
			milestone: { kind: 'on', date: '2031-05-01', what: 'Go-live' }
		};
		await waitFor(() => expect(reviewReadiness).toHaveBeenCalledWith(expectedReadiness));

		// 4. The advice.
		await stepHeading('Escalate, or raise the severity?');
		const advice = await screen.findByTestId('recommendation');
		expect(advice).toHaveAttribute('data-advice', 'escalate');
		expect(recommend).toHaveBeenCalledWith({
			supportRequestId: 'sr-1',
			warrantedSeverity: 2,
			impactChanged: false,
			recordedWrongly: false,
			triggers: ['critical_impact']
		});
		await tabTo(user, screen.getByTestId('wizard-next'));
		await user.keyboard('{Enter}');

		// 5. Whom to contact.
		await stepHeading('Whom to contact');
		expect(await screen.findByTestId('route-phone')).toHaveTextContent('+44 20 3564 1888');
		expect(planRoute).toHaveBeenLastCalledWith('sr-1', expectedReadiness);
		expect(field('#channel-0')).toBeChecked();
		expect(screen.getByTestId('route-script')).toHaveTextContent(
			'This is Acme about SR 24512345678.'
		);
		await tabTo(user, screen.getByTestId('copy-script'));
		await user.keyboard('{Enter}');
		expect(copyText).toHaveBeenCalledWith('This is Acme about SR 24512345678.');
		expect(screen.getByTestId('copy-script-status')).toHaveTextContent('Copied');

		const title = field<HTMLInputElement>('#escalation-title');
		expect(title.value).toBe('Escalation of SR 24512345678: vMotion fails between hosts');
		// The Duty Manager instead: arrows move within the radio group.
		await tabTo(user, field('#channel-0'));
		await user.keyboard('{ArrowDown}');
		expect(field('#channel-1')).toBeChecked();
		await tabTo(user, title);
		await user.keyboard('{Enter}');

		// 6. Confirm; Alt+Left goes back a step and Enter comes forward again.
		await stepHeading('Confirm the escalation');
		const summary = screen.getByTestId('wizard-summary');
		expect(summary).toHaveTextContent('Critical business impact');
		expect(summary).toHaveTextContent('2031-05-01 — Go-live');
		expect(summary).toHaveTextContent('Duty Manager');
		await user.keyboard('{Alt>}{ArrowLeft}{/Alt}');
		await stepHeading('Whom to contact');
		await tabTo(user, field('#escalation-title'));
		await user.keyboard('{Enter}');
		await stepHeading('Confirm the escalation');

		await tabTo(user, screen.getByTestId('wizard-confirm'));
		await user.keyboard('{Enter}');

		await waitFor(() => expect(requestEscalation).toHaveBeenCalledOnce());
		expect(requestEscalation).toHaveBeenCalledWith({
			draftId: 'draft-1',
			supportRequestId: 'sr-1',
			title: 'Escalation of SR 24512345678: vMotion fails between hosts',
			triggers: ['critical_impact'],
			readiness: expectedReadiness,
			channel: 1
		});
		await waitFor(() => expect(goto).toHaveBeenCalledWith('/escalations?id=esc-1'));
		// The draft was saved along the way, always as the same draft.
		const ids = vi.mocked(saveWizardDraft).mock.calls.map(([draft]) => draft.id);
		expect(ids[0]).toBe('');
		expect(ids.slice(1).every((id) => id === 'draft-1')).toBe(true);
		// Every key press is simulated: give the whole journey time on a slow machine.
	}, 30_000);

	it('creates a support request inline and chooses it', async () => {
		vi.mocked(listSupportRequests).mockResolvedValue({ ok: true, data: [] });
		const created = supportRequest({ id: 'sr-new', vendorSrNumber: '999', title: 'Disk full' });
		vi.mocked(createSupportRequest).mockResolvedValue({ ok: true, data: created });
		const user = userEvent.setup();
		render(EscalationWizardView, { props: {} });
		await stepHeading('Which support request?');

		await user.click(screen.getByTestId('wizard-next'));
		expect(field('#wizard-sr-error')).toHaveTextContent('Choose the support request to escalate.');

		await user.click(screen.getByTestId('wizard-new-sr'));
		expect(field('#sr-vendor')).toHaveFocus();
		await user.selectOptions(field('#sr-vendor'), 'vmware');
		await user.type(field('#sr-number'), '999');
		await user.type(field('#sr-title'), 'Disk full');
		await user.selectOptions(field('#sr-severity'), '2');
		// Enter in the SR form submits that form, not the wizard's step.
		await user.type(field('#sr-title'), '{Enter}');

		await waitFor(() => expect(screen.queryByTestId('sr-form')).toBeNull());
		const select = field<HTMLSelectElement>('#wizard-sr');
		expect(select.value).toBe('sr-new');
		await waitFor(() => expect(select).toHaveFocus());
		expect(screen.getByTestId('wizard-sr-summary')).toHaveTextContent('999');
		expect(document.querySelector('#wizard-sr-error')).toBeNull();
		expect(screen.getByTestId('wizard')).toHaveAttribute('data-step', 'support_request');
	});

	it('asks for a reason before leaving the triggers step', async () => {
		vi.mocked(listWizardDrafts).mockResolvedValue({
			ok: true,
			data: [savedDraft({ step: 'triggers', triggers: [], warrantedSeverity: null })]
		});
		const user = userEvent.setup();
		render(EscalationWizardView, { props: { draftId: 'draft-7' } });
		await stepHeading('Why escalate?');
		// Not answered yet: the SR's own severity is where the answer starts.
		expect(field<HTMLSelectElement>('#wizard-warranted-severity').value).toBe('2');

		await user.click(screen.getByTestId('wizard-next'));
		const error = field('#triggers-error');
		expect(error).toHaveTextContent('Choose at least one reason to escalate.');
		expect(field('#trigger-roadblock')).toHaveAttribute('aria-invalid', 'true');
		expect(field('#trigger-roadblock')).toHaveAccessibleDescription(
			'Choose at least one reason to escalate.'
		);
		expect(field('#trigger-roadblock')).toHaveFocus();
		expect(screen.getByTestId('wizard')).toHaveAttribute('data-step', 'triggers');
	});

	it('shows Rust’s readiness errors beside their fields and keeps what was typed', async () => {
		vi.mocked(listWizardDrafts).mockResolvedValue({
			ok: true,
			data: [
				savedDraft({
					step: 'readiness',
					readiness: {
						problemStatement: '',
						problemStatementConfirmed: false,
						businessImpact: '',
						workaround: { kind: 'impractical', why: '' },
						milestone: { kind: 'unset' }
					}
				})
			]
		});
		vi.mocked(reviewReadiness).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'The review did not pass.',
				fields: [
					{ field: 'problemStatementConfirmed', message: 'Confirm the problem statement.' },
					{ field: 'businessImpact', message: 'Describe the business impact.' },
					{ field: 'workaround', message: 'Explain why the workaround is impractical.' },
					{ field: 'milestone', message: 'The milestone date 2020-01-01 is not in the future.' }
				]
			})
		});
		const user = userEvent.setup();
		render(EscalationWizardView, { props: { draftId: 'draft-7' } });
		await stepHeading('Review the support request');

		await user.type(field('#readiness-problem-statement'), '<b>Hosts</b> lose storage');
		await user.type(field('#readiness-business-impact'), ' ');
		await user.click(field('#milestone-on'));
		await user.type(field('#milestone-date'), '2020-01-01');
		await user.click(screen.getByTestId('wizard-next'));

		expect(await screen.findByText('Confirm the problem statement.')).toHaveAttribute(
			'id',
			'problemStatementConfirmed-error'
		);
		expect(field('#businessImpact-error')).toHaveTextContent('Describe the business impact.');
		expect(field('#workaround-error')).toHaveTextContent(
			'Explain why the workaround is impractical.'
		);
		expect(field('#milestone-error')).toHaveTextContent('is not in the future');
		expect(document.querySelector('#problemStatement-error')).toBeNull();

		const confirmed = field('#readiness-confirmed');
		expect(confirmed).toHaveAttribute('aria-invalid', 'true');
		expect(confirmed).toHaveAccessibleDescription('Confirm the problem statement.');
		const impact = field('#readiness-business-impact');
		expect(impact).toHaveAttribute('aria-invalid', 'true');
		expect(impact.getAttribute('aria-describedby')).toContain('businessImpact-error');
		expect(field('#workaround-why')).toHaveAttribute('aria-invalid', 'true');
		expect(field('#milestone-date')).toHaveAttribute('aria-invalid', 'true');
		expect(field('#milestone-date').getAttribute('aria-describedby')).toBe('milestone-error');
		expect(confirmed).toHaveFocus();

		// Still on the step, with everything typed in place and shown as text.
		expect(screen.getByTestId('wizard')).toHaveAttribute('data-step', 'readiness');
		expect(field<HTMLTextAreaElement>('#readiness-problem-statement').value).toBe(
			'<b>Hosts</b> lose storage'
		);
		expect(field<HTMLInputElement>('#milestone-date').value).toBe('2020-01-01');
		expect(recommend).not.toHaveBeenCalled();
		expect(screen.queryByRole('alert')).toBeNull();
	});

	it('raises the severity instead when the advice says so, and discards the draft', async () => {
		vi.mocked(listWizardDrafts).mockResolvedValue({
			ok: true,
			data: [
				savedDraft({
					step: 'recommendation',
					warrantedSeverity: 1,
					impactChanged: false,
					recordedWrongly: true
				})
			]
		});
		vi.mocked(recommend).mockResolvedValue({
			ok: true,
			data: { advice: 'raise_severity', from: 2, to: 1 }
		});
		const raisedSr = { ...SR, severity: 1, severityLabel: 'Severity 1 (Critical)' };
		vi.mocked(changeSeverity)
			.mockResolvedValueOnce({
				ok: false,
				error: apiError({
					code: 'validation',
					fields: [{ field: 'note', message: 'Say what changed.' }]
				})
			})
			.mockResolvedValueOnce({ ok: true, data: raisedSr });
		const user = userEvent.setup();
		render(EscalationWizardView, { props: { draftId: 'draft-7' } });

		const advice = await screen.findByTestId('recommendation');
		expect(advice).toHaveAttribute('data-advice', 'raise_severity');
		expect(advice).toHaveTextContent('raised — no escalation is needed');
		expect(advice).toHaveTextContent('Severity 1 (Critical)');
		expect(screen.getByTestId('wizard-escalate-anyway')).toBeEnabled();
		expect(screen.queryByTestId('wizard-next')).toBeNull();
		// The reason starts from the answers on the triggers step.
		expect(field('#raise-reason-recorded_wrongly')).toBeChecked();

		await user.click(screen.getByTestId('raise-severity-confirm'));
		expect(await screen.findByText('Say what changed.')).toHaveAttribute(
			'id',
			'raise-severity-note-error'
		);
		expect(field('#raise-severity-note')).toHaveFocus();

		await user.type(field('#raise-severity-note'), 'Recorded as Sev 2; production is down.');
		await user.click(screen.getByTestId('raise-severity-confirm'));

		expect(changeSeverity).toHaveBeenLastCalledWith('sr-1', {
			to: 1,
			reason: 'recorded_wrongly',
			note: 'Recorded as Sev 2; production is down.'
		});
		const done = await screen.findByTestId('raise-severity-done');
		expect(done).toHaveTextContent('Severity 1 (Critical)');
		expect(done).toHaveTextContent('call them or update the SR');
		expect(within(done).getByRole('link', { name: 'Open the support request' })).toHaveAttribute(
			'href',
			'/support-requests?id=sr-1'
		);
		await waitFor(() => expect(discardWizardDraft).toHaveBeenCalledWith('draft-7'));
		expect(screen.getByTestId('wizard-saved')).toHaveTextContent('Draft discarded');
		expect(requestEscalation).not.toHaveBeenCalled();
		expect(screen.queryByTestId('wizard-escalate-anyway')).toBeNull();
	});

	it('can escalate anyway against the advice', async () => {
		vi.mocked(listWizardDrafts).mockResolvedValue({
			ok: true,
			data: [savedDraft({ step: 'recommendation', warrantedSeverity: 1, impactChanged: true })]
		});
		vi.mocked(recommend).mockResolvedValue({
			ok: true,
			data: { advice: 'raise_severity', from: 2, to: 1 }
		});
		const user = userEvent.setup();
		render(EscalationWizardView, { props: { draftId: 'draft-7' } });

		await user.click(await screen.findByTestId('wizard-escalate-anyway'));
		await stepHeading('Whom to contact');
		expect(changeSeverity).not.toHaveBeenCalled();
	});

	it('saves the draft after typing, and resumes it at its step after a restart', async () => {
		const user = userEvent.setup();
		const first = render(EscalationWizardView, { props: {} });
		await screen.findByRole('heading', { level: 2, name: 'Which support request?' });
		expect(saveWizardDraft).not.toHaveBeenCalled();

		await user.selectOptions(field('#wizard-sr'), 'sr-1');
		await user.click(screen.getByTestId('wizard-next'));
		await stepHeading('Why escalate?');
		await user.click(field('#trigger-roadblock'));
		await user.click(screen.getByTestId('wizard-next'));
		await stepHeading('Review the support request');

		await user.type(field('#readiness-business-impact'), 'Upgrade blocked');
		await waitFor(() =>
			expect(vi.mocked(saveWizardDraft).mock.lastCall?.[0].readiness.businessImpact).toBe(
				'Upgrade blocked'
			)
		);
		const last = vi.mocked(saveWizardDraft).mock.lastCall![0];
		expect(last).toMatchObject({
			id: 'draft-1',
			step: 'readiness',
			supportRequestId: 'sr-1',
			triggers: ['roadblock']
		});
		expect(screen.getByTestId('wizard-saved')).toHaveTextContent('Draft saved');
		first.unmount();

		// After a restart: the draft is offered, and resumes where it was left.
		vi.mocked(listWizardDrafts).mockResolvedValue({
			ok: true,
			data: [{ ...savedDraft(), ...last, updatedAt: '2026-11-27T10:15:00Z' } as WizardDraft]
		});
		render(EscalationWizardView, { props: {} });
		const list = await screen.findByTestId('wizard-drafts');
		expect(list).toHaveTextContent('24512345678 — vMotion fails between hosts');
		expect(list).toHaveTextContent('Step 3 of 6: Readiness');
		await user.click(within(list).getByTestId('resume-draft'));

		await stepHeading('Review the support request');
		expect(field<HTMLTextAreaElement>('#readiness-business-impact').value).toBe('Upgrade blocked');
		// Steps before it can be revisited.
		expect(screen.getByTestId('step-triggers')).toBeEnabled();
		expect(screen.getByTestId('step-route')).toBeDisabled();
	});

	it('resumes a draft named in the link directly', async () => {
		vi.mocked(listWizardDrafts).mockResolvedValue({
			ok: true,
			data: [savedDraft({ id: 'other' }), savedDraft({ step: 'route', channel: 1 })]
		});
		render(EscalationWizardView, { props: { draftId: 'draft-7' } });
		await stepHeading('Whom to contact');
		expect(screen.queryByTestId('wizard-drafts')).toBeNull();
		await waitFor(() => expect(field('#channel-1')).toBeChecked());
		expect(screen.getByTestId('wizard-saved')).toHaveTextContent('Draft saved');
	});

	it('discards a draft from the list and starts afresh when none is left', async () => {
		vi.mocked(listWizardDrafts).mockResolvedValue({ ok: true, data: [savedDraft()] });
		const user = userEvent.setup();
		render(EscalationWizardView, { props: {} });

		await user.click(await screen.findByTestId('discard-draft'));
		expect(discardWizardDraft).toHaveBeenCalledWith('draft-7');
		await stepHeading('Which support request?');
		expect(screen.queryByTestId('wizard-drafts')).toBeNull();
	});

	it('starts a new escalation instead of resuming one', async () => {
		vi.mocked(listWizardDrafts).mockResolvedValue({ ok: true, data: [savedDraft()] });
		const user = userEvent.setup();
		render(EscalationWizardView, { props: { srId: 'sr-1' } });

		await user.click(await screen.findByTestId('wizard-start-new'));
		await stepHeading('Which support request?');
		expect(field<HTMLSelectElement>('#wizard-sr').value).toBe('sr-1');
		expect(discardWizardDraft).not.toHaveBeenCalled();
	});

	it('takes the user to the step of a field Rust rejects on confirmation', async () => {
		vi.mocked(listWizardDrafts).mockResolvedValue({
			ok: true,
			data: [savedDraft({ step: 'confirm', channel: 0 })]
		});
		vi.mocked(requestEscalation).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				fields: [
					{ field: 'title', message: 'Give the escalation a short title.' },
					{ field: 'feedback', message: 'Something else is wrong.' }
				]
			})
		});
		const user = userEvent.setup();
		render(EscalationWizardView, { props: { draftId: 'draft-7' } });
		await stepHeading('Confirm the escalation');

		await user.click(screen.getByTestId('wizard-confirm'));

		await waitFor(() =>
			expect(screen.getByTestId('wizard')).toHaveAttribute('data-step', 'route')
		);
		expect(await screen.findByText('Give the escalation a short title.')).toHaveAttribute(
			'id',
			'escalation-title-error'
		);
		await waitFor(() => expect(field('#escalation-title')).toHaveFocus());
		expect(screen.getByTestId('wizard-error')).toHaveTextContent('Something else is wrong.');
		expect(goto).not.toHaveBeenCalled();
	});

	it('hints at the Settings when the organisation is not set', async () => {
		vi.mocked(getProfile).mockResolvedValue({
			ok: true,
			data: { name: '', organisation: ' ', region: 'Global', timeZone: 'UTC' }
		});
		vi.mocked(listWizardDrafts).mockResolvedValue({
			ok: true,
			data: [savedDraft({ step: 'route' })]
		});
		render(EscalationWizardView, { props: { draftId: 'draft-7' } });

		const hint = await screen.findByTestId('route-organisation-hint');
		expect(within(hint).getByRole('link', { name: 'Settings' })).toHaveAttribute(
			'href',
			'/settings'
		);
		expect(screen.getByTestId('route-profile')).toHaveTextContent('Global');
	});

	it('renders text from users and vendors as text', async () => {
		const hostile = '<script>window.pwned = true</script><img src=x onerror=alert(1)>';
		vi.mocked(listSupportRequests).mockResolvedValue({
			ok: true,
			data: [{ ...SR, title: hostile }]
		});
		vi.mocked(planRoute).mockResolvedValue({
			ok: true,
			data: {
				...PLAN,
				script: `Say: ${hostile}`,
				pasteable: hostile,
				channels: [{ role: hostile, how: 'phone', when: hostile, source: hostile }]
			}
		});
		vi.mocked(listWizardDrafts).mockResolvedValue({
			ok: true,
			data: [
				savedDraft({
					step: 'route',
					title: hostile,
					readiness: { ...READY, businessImpact: hostile }
				})
			]
		});
		render(EscalationWizardView, { props: { draftId: 'draft-7' } });

		const script = await screen.findByTestId('route-script');
		expect(script).toHaveTextContent(`Say: ${hostile}`);
		expect(screen.getByTestId('route-pasteable')).toHaveTextContent(hostile);
		expect(field<HTMLInputElement>('#escalation-title').value).toBe(hostile);
		const wizard = screen.getByTestId('wizard');
		expect(wizard.querySelector('script')).toBeNull();
		expect(wizard.querySelector('img')).toBeNull();
		expect(wizard).toHaveTextContent(hostile);
	});
});
