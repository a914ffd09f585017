import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
	changeSeverity,
	getSupportRequest,
	listVendors,
	supportRequestHistory,
	updateSupportRequestDetails,
	type SupportRequestHistory,
	type TimelineEntry
} from '$lib/ipc';
import { VENDORS, apiError, supportRequest } from '../../../test/fixtures';
import SupportRequestDetailView from './SupportRequestDetailView.svelte';

vi.mock('$lib/ipc', () => ({
	getSupportRequest: vi.fn(),
	listVendors: vi.fn(),
	supportRequestHistory: vi.fn(),
	updateSupportRequestDetails: vi.fn(),
	changeSeverity: vi.fn(),
	caseLink: vi.fn(() => Promise.resolve({ ok: true, data: null })),
	vendorAccounts: vi.fn(() => Promise.resolve({ ok: true, data: [] }))
}));

const SR_ID = 'sr-1';

function event(seq: number, overrides: Partial<TimelineEntry['event']> = {}): TimelineEntry {
	return {
		stream: SR_ID,
		streamLabel: 'SR 24512345678',
		event: {
			seq,
			kind: 'note',
			at: `2025-03-1${seq}T09:00:00Z`,
			zone: 'Europe/Berlin',
			actor: 'Dana',
			summary: `Event ${seq}`,
			details: {},
			prevHash: '0'.repeat(64),
			hash: String(seq).repeat(64).slice(0, 64),
			...overrides
		}
	};
}

function history(overrides: Partial<SupportRequestHistory> = {}): SupportRequestHistory {
	return {
		escalations: [],
		timeline: {
			entries: [event(1, { kind: 'sr_opened', summary: 'SR opened' })],
			chains: [
				{
					stream: SR_ID,
					streamLabel: 'SR 24512345678',
					verdict: { state: 'intact', count: 1, head: 'a'.repeat(64) }
				}
			],
			intact: true
		},
		...overrides
	};
}

const FULL = supportRequest({
	id: SR_ID,
	details: {
		product: 'vSphere 8.0 U3',
		problemStatement: 'vMotion fails with error 0x1.\nSince Monday.',
		businessImpact: 'Maintenance windows are blocked.',
		workaround: { kind: 'impractical', why: 'Powering VMs off takes hours.' },
		milestone: { kind: 'on', date: '2026-12-01', what: 'Data centre move' },
		technician: { name: 'Alex Vendor', email: 'alex@vendor.example', phone: '+1 555 0100' }
	}
});

beforeEach(() => {
	vi.mocked(getSupportRequest).mockReset().mockResolvedValue({ ok: true, data: FULL });
	vi.mocked(listVendors).mockReset().mockResolvedValue({ ok: true, data: VENDORS });
	vi.mocked(supportRequestHistory).mockReset().mockResolvedValue({ ok: true, data: history() });
	vi.mocked(updateSupportRequestDetails).mockReset();
	vi.mocked(changeSeverity).mockReset();
});

function field<T extends HTMLElement = HTMLInputElement>(selector: string): T {
	const element = document.querySelector<T>(selector);
	if (!element) throw new Error(`no ${selector}`);
	return element;
}

describe('SupportRequestDetailView', () => {
	it('shows the support request', async () => {
		vi.mocked(getSupportRequest).mockResolvedValue({
			ok: true,
			data: supportRequest({ severity: 1, severityLabel: 'Severity 1 (Critical)' })
		});
		render(SupportRequestDetailView, { props: { id: 'sr-1' } });

		const title = await screen.findByTestId('sr-detail-title');
		expect(title).toHaveTextContent('vMotion fails between hosts');
		const detail = screen.getByTestId('sr-detail');
		expect(detail).toHaveTextContent('24512345678');
		expect(detail).toHaveTextContent('VMware by Broadcom');
		expect(detail).toHaveTextContent('Severity 1 (Critical)');
		expect(screen.getByTestId('sr-severity')).toHaveTextContent('Severity 1 (Critical)');
		expect(detail).toHaveTextContent('Open');
		expect(detail.querySelector('time')).toHaveAttribute('title', '2025-03-12 13:05 UTC');
		expect(screen.getByTestId('sr-milestone')).toHaveTextContent('Not set');
		expect(screen.getByTestId('sr-workaround')).toHaveTextContent('None');
		expect(screen.getByRole('link', { name: 'Back to list' })).toHaveAttribute(
			'href',
			'/support-requests'
		);
		expect(getSupportRequest).toHaveBeenCalledWith('sr-1');
	});

	it('says clearly when the support request does not exist', async () => {
		vi.mocked(getSupportRequest).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'not_found', message: 'No support request with id sr-9.' })
		});
		render(SupportRequestDetailView, { props: { id: 'sr-9' } });

		expect(await screen.findByTestId('sr-detail-missing')).toHaveTextContent(
			'Support request not found'
		);
		expect(screen.queryByTestId('sr-detail')).toBeNull();
	});

	it('shows other errors in a banner', async () => {
		vi.mocked(getSupportRequest).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'internal', message: 'command get_support_request not found' })
		});
		render(SupportRequestDetailView, { props: { id: 'sr-1' } });

		expect(await screen.findByRole('alert')).toHaveTextContent(
			'command get_support_request not found'
		);
	});

	it('shows every fact of the SR and the way to escalate it', async () => {
		render(SupportRequestDetailView, { props: { id: SR_ID } });
		await screen.findByTestId('sr-detail');

		expect(screen.getByTestId('sr-severity')).toHaveTextContent('Severity 2 (Major)');
		expect(screen.getByTestId('sr-status')).toHaveTextContent('Open');
		expect(screen.getByTestId('sr-product')).toHaveTextContent('vSphere 8.0 U3');
		expect(screen.getByTestId('sr-problem-statement')).toHaveTextContent(
			'vMotion fails with error 0x1. Since Monday.'
		);
		expect(screen.getByTestId('sr-business-impact')).toHaveTextContent(
			'Maintenance windows are blocked.'
		);
		const workaround = screen.getByTestId('sr-workaround');
		expect(workaround).toHaveTextContent('Exists, but impractical');
		expect(workaround).toHaveTextContent('Powering VMs off takes hours.');
		const milestone = screen.getByTestId('sr-milestone');
		expect(milestone).toHaveTextContent('Data centre move');
		expect(milestone).toHaveTextContent('2026');
		const technician = screen.getByTestId('sr-technician');
		expect(technician).toHaveTextContent('Alex Vendor');
		expect(technician).toHaveTextContent('alex@vendor.example');
		expect(technician).toHaveTextContent('+1 555 0100');

		const escalate = screen.getByTestId('escalate-sr');
		expect(escalate).toHaveAttribute('href', '/escalations/new?sr=sr-1');
		expect(escalate).toHaveTextContent('Escalate…');
	});

	it('says "None" for a milestone stated as none', async () => {
		vi.mocked(getSupportRequest).mockResolvedValue({
			ok: true,
			data: supportRequest({
				details: { ...FULL.details, milestone: { kind: 'none_explicitly' } }
			})
		});
		render(SupportRequestDetailView, { props: { id: SR_ID } });
		expect(await screen.findByTestId('sr-milestone')).toHaveTextContent('None');
	});
});

describe('editing the details', () => {
	it('shows a Rust field error beside its field and keeps everything typed', async () => {
		vi.mocked(getSupportRequest).mockResolvedValue({ ok: true, data: supportRequest({ id: SR_ID }) });
		vi.mocked(updateSupportRequestDetails).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Some details need attention.',
				fields: [{ field: 'technicianEmail', message: 'Enter an e-mail address like name@vendor.com.' }]
			})
		});
		const user = userEvent.setup();
		render(SupportRequestDetailView, { props: { id: SR_ID } });
		await user.click(await screen.findByTestId('edit-sr-details'));

		await waitFor(() => expect(field('#sr-product')).toHaveFocus());
		await user.type(field('#sr-product'), 'RHEL 9.4');
		await user.type(field('#sr-problem-statement'), 'Kernel panic on boot');
		await user.type(field('#sr-business-impact'), 'Payroll is down');
		await user.click(field('#sr-workaround-impractical'));
		await user.type(field('#sr-workaround-why'), 'Rollback loses a day');
		await user.click(field('#sr-milestone-on'));
		await user.type(field('#sr-milestone-date'), '2026-12-01');
		await user.type(field('#sr-milestone-what'), 'Payroll run');
		await user.type(field('#sr-technician-name'), 'Sam');
		await user.type(field('#sr-technician-email'), 'sam at vendor');
		await user.type(field('#sr-technician-phone'), '+44 20 7946 0000');
		await user.click(screen.getByTestId('save-sr-details'));

		expect(updateSupportRequestDetails).toHaveBeenCalledWith(SR_ID, {
			product: 'RHEL 9.4',
			problemStatement: 'Kernel panic on boot',
			businessImpact: 'Payroll is down',
			workaround: { kind: 'impractical', why: 'Rollback loses a day' },
			milestone: { kind: 'on', date: '2026-12-01', what: 'Payroll run' },
			technician: { name: 'Sam', email: 'sam at vendor', phone: '+44 20 7946 0000' }
		});

		const message = await screen.findByText('Enter an e-mail address like name@vendor.com.');
		expect(message).toHaveAttribute('id', 'technicianEmail-error');
		const email = field('#sr-technician-email');
		expect(email).toHaveAttribute('aria-invalid', 'true');
		expect(email.getAttribute('aria-describedby')).toContain('technicianEmail-error');
		expect(email).toHaveFocus();
		// The message sits beside its own field.
		expect(email.parentElement).toContainElement(message);
		expect(email).toHaveValue('sam at vendor');
		expect(field('#sr-product')).toHaveValue('RHEL 9.4');
		expect(field('#sr-problem-statement')).toHaveValue('Kernel panic on boot');
		expect(field('#sr-workaround-why')).toHaveValue('Rollback loses a day');
		expect(field('#sr-milestone-date')).toHaveValue('2026-12-01');
		expect(field('#sr-milestone-what')).toHaveValue('Payroll run');
		expect(field('#sr-product')).not.toHaveAttribute('aria-invalid');
	});

	it('puts every known field error beside its field and the rest in a banner', async () => {
		vi.mocked(updateSupportRequestDetails).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Some details need attention.',
				fields: [
					{ field: 'product', message: 'Product too long.' },
					{ field: 'problemStatement', message: 'Statement too long.' },
					{ field: 'businessImpact', message: 'Impact too long.' },
					{ field: 'workaround', message: 'Why too long.' },
					{ field: 'milestone', message: 'What too long.' },
					{ field: 'technicianName', message: 'Name too long.' },
					{ field: 'technicianPhone', message: 'Phone too long.' },
					{ field: 'somethingElse', message: 'Unplaced problem.' }
				]
			})
		});
		const user = userEvent.setup();
		render(SupportRequestDetailView, { props: { id: SR_ID } });
		await user.click(await screen.findByTestId('edit-sr-details'));
		await user.click(screen.getByTestId('save-sr-details'));

		const pairs: [string, string, string][] = [
			['#sr-product', 'product-error', 'Product too long.'],
			['#sr-problem-statement', 'problemStatement-error', 'Statement too long.'],
			['#sr-business-impact', 'businessImpact-error', 'Impact too long.'],
			['#sr-workaround-why', 'workaround-error', 'Why too long.'],
			['#sr-milestone-what', 'milestone-error', 'What too long.'],
			['#sr-technician-name', 'technicianName-error', 'Name too long.'],
			['#sr-technician-phone', 'technicianPhone-error', 'Phone too long.']
		];
		for (const [selector, errorId, text] of pairs) {
			await waitFor(() => expect(document.getElementById(errorId)).toHaveTextContent(text));
			expect(field(selector).getAttribute('aria-describedby')).toContain(errorId);
			expect(field(selector)).toHaveAttribute('aria-invalid', 'true');
		}
		expect(screen.getByRole('alert')).toHaveTextContent('Unplaced problem.');
	});

	it('asks for the date of a dated milestone before sending anything', async () => {
		vi.mocked(getSupportRequest).mockResolvedValue({ ok: true, data: supportRequest({ id: SR_ID }) });
		const user = userEvent.setup();
		render(SupportRequestDetailView, { props: { id: SR_ID } });
		await user.click(await screen.findByTestId('edit-sr-details'));
		await user.click(field('#sr-milestone-on'));
		await user.click(screen.getByTestId('save-sr-details'));

		expect(await screen.findByText(/Choose the date of the milestone/)).toHaveAttribute(
			'id',
			'milestone-error'
		);
		expect(field('#sr-milestone-date')).toHaveFocus();
		expect(updateSupportRequestDetails).not.toHaveBeenCalled();
	});

	it('shows the saved details, reloads the history and returns focus', async () => {
		vi.mocked(updateSupportRequestDetails).mockResolvedValue({
			ok: true,
			data: { ...FULL, details: { ...FULL.details, product: 'vSphere 8.0 U3b' } }
		});
		const user = userEvent.setup();
		render(SupportRequestDetailView, { props: { id: SR_ID } });
		await user.click(await screen.findByTestId('edit-sr-details'));
		expect(field('#sr-product')).toHaveValue('vSphere 8.0 U3');
		expect(field('#sr-workaround-impractical')).toBeChecked();
		expect(field('#sr-milestone-on')).toBeChecked();
		await user.clear(field('#sr-product'));
		await user.type(field('#sr-product'), 'vSphere 8.0 U3b');
		await user.click(screen.getByTestId('save-sr-details'));

		await waitFor(() => expect(screen.getByTestId('sr-product')).toHaveTextContent('vSphere 8.0 U3b'));
		expect(document.querySelector('#sr-product')).toBeNull();
		expect(screen.getByTestId('sr-saved')).toHaveTextContent('Details saved.');
		await waitFor(() => expect(screen.getByTestId('edit-sr-details')).toHaveFocus());
		expect(supportRequestHistory).toHaveBeenCalledTimes(2);
	});

	it('cancels without saving', async () => {
		const user = userEvent.setup();
		render(SupportRequestDetailView, { props: { id: SR_ID } });
		await user.click(await screen.findByTestId('edit-sr-details'));
		await user.type(field('#sr-product'), ' changed');
		await user.click(screen.getByRole('button', { name: 'Cancel' }));
		expect(document.querySelector('#sr-product')).toBeNull();
		expect(screen.getByTestId('sr-product')).toHaveTextContent('vSphere 8.0 U3');
		expect(updateSupportRequestDetails).not.toHaveBeenCalled();
	});
});

describe('changing the severity', () => {
	it("offers the vendor's words and sends {to, reason, note}", async () => {
		vi.mocked(changeSeverity).mockResolvedValue({
			ok: true,
			data: { ...FULL, severity: 1, severityLabel: 'Severity 1 (Critical)' }
		});
		const user = userEvent.setup();
		render(SupportRequestDetailView, { props: { id: SR_ID } });
		await user.click(await screen.findByTestId('change-severity'));

		const dialog = screen.getByRole('dialog', { name: 'Change severity' });
		expect(dialog).toHaveTextContent(
			"The vendor's rule: when the business impact changed, or the severity was recorded wrongly at first, raise the severity rather than escalate."
		);
		const to = field<HTMLSelectElement>('#severity-to');
		const options = within(to).getAllByRole('option');
		expect(options.map((option) => option.textContent?.trim())).toEqual([
			'Choose a severity',
			'Severity 1 (Critical)',
			'Severity 2 (Major) (current)',
			'Severity 3 (Minor)',
			'Severity 4 (Cosmetic)'
		]);
		expect(field('#severity-reason-impact_changed').closest('label')).toHaveTextContent(
			'The business impact changed'
		);
		expect(field('#severity-reason-recorded_wrongly').closest('label')).toHaveTextContent(
			'It was recorded wrongly at first'
		);

		await user.selectOptions(to, '1');
		expect(dialog).toHaveTextContent(
			'Raises the severity from Severity 2 (Major) to Severity 1 (Critical).'
		);
		await user.click(field('#severity-reason-recorded_wrongly'));
		await user.type(field('#severity-note'), 'Production has been down since 09:00.');
		await user.click(within(dialog).getByTestId('dialog-confirm'));

		expect(changeSeverity).toHaveBeenCalledWith(SR_ID, {
			to: 1,
			reason: 'recorded_wrongly',
			note: 'Production has been down since 09:00.'
		});
		await waitFor(() =>
			expect(screen.getByTestId('sr-severity')).toHaveTextContent('Severity 1 (Critical)')
		);
		expect(screen.queryByRole('dialog')).toBeNull();
		expect(screen.getByTestId('sr-saved')).toHaveTextContent('Severity changed to Severity 1');
		expect(supportRequestHistory).toHaveBeenCalledTimes(2);
	});

	it('shows the to and note errors beside their fields', async () => {
		vi.mocked(changeSeverity).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Some details need attention.',
				fields: [
					{ field: 'to', message: 'Choose a severity from 1 (most severe) to 4.' },
					{ field: 'note', message: 'Say what changed.' }
				]
			})
		});
		const user = userEvent.setup();
		render(SupportRequestDetailView, { props: { id: SR_ID } });
		await user.click(await screen.findByTestId('change-severity'));
		await user.click(screen.getByTestId('dialog-confirm'));

		expect(changeSeverity).toHaveBeenCalledWith(SR_ID, { to: 0, reason: 'impact_changed', note: '' });
		expect(await screen.findByText('Choose a severity from 1 (most severe) to 4.')).toHaveAttribute(
			'id',
			'to-error'
		);
		expect(screen.getByText('Say what changed.')).toHaveAttribute('id', 'note-error');
		expect(field('#severity-to')).toHaveAttribute('aria-invalid', 'true');
		expect(field('#severity-to').getAttribute('aria-describedby')).toContain('to-error');
		expect(field('#severity-note').getAttribute('aria-describedby')).toContain('note-error');
		expect(field('#severity-to')).toHaveFocus();
		expect(screen.getByRole('dialog')).toBeInTheDocument();
	});
});

describe('the SR history', () => {
	it('lists its escalations and its own events with their notes', async () => {
		vi.mocked(supportRequestHistory).mockResolvedValue({
			ok: true,
			data: history({
				escalations: [
					{
						id: 'esc-1',
						title: 'Payroll outage',
						state: 'engineer_assigned',
						vendor: 'vmware',
						vendorName: 'VMware by Broadcom',
						vendorSrNumber: '24512345678',
						severity: 1,
						supportRequestCount: 2,
						reEscalations: 0,
						createdAt: '2025-03-13T09:00:00Z',
						updatedAt: '2025-03-14T09:00:00Z'
					}
				],
				timeline: {
					entries: [
						event(1, { kind: 'sr_opened', summary: 'SR opened' }),
						event(2, {
							kind: 'severity_changed',
							summary: 'Severity raised from 2 to 1: the business impact changed',
							details: { from: 2, to: 1, reason: 'impact_changed', note: 'All sites down.' }
						})
					],
					chains: [],
					intact: true
				}
			})
		});
		render(SupportRequestDetailView, { props: { id: SR_ID } });

		const historySection = await screen.findByTestId('sr-history');
		const link = await within(historySection).findByTestId('sr-escalation');
		expect(link).toHaveAttribute('href', '/escalations?id=esc-1');
		expect(link).toHaveTextContent('Payroll outage');
		expect(link).toHaveTextContent('Engineer assigned');
		expect(link).toHaveTextContent('War room');

		const events = screen.getAllByTestId('sr-event');
		expect(events.map((item) => item.dataset.kind)).toEqual(['severity_changed', 'sr_opened']);
		expect(events[0]).toHaveTextContent('Severity changed');
		expect(events[0]).toHaveTextContent('Dana');
		expect(events[0]).toHaveTextContent('Severity raised from 2 to 1');
		expect(events[0]).toHaveTextContent('All sites down.');
		expect(events[0]?.querySelector('time')).toHaveAttribute('title', '2025-03-12 09:00 UTC');
		expect(screen.queryByTestId('chain-broken')).toBeNull();
	});

	it('flags a broken chain and marks the event where it breaks', async () => {
		vi.mocked(supportRequestHistory).mockResolvedValue({
			ok: true,
			data: history({
				timeline: {
					entries: [event(1), event(2)],
					chains: [
						{
							stream: SR_ID,
							streamLabel: 'SR 24512345678',
							verdict: { state: 'broken', atSeq: 2, reason: { kind: 'hash_mismatch' } }
						}
					],
					intact: false
				}
			})
		});
		render(SupportRequestDetailView, { props: { id: SR_ID } });

		const banner = await screen.findByTestId('chain-broken');
		expect(banner).toHaveTextContent('SR 24512345678');
		expect(banner).toHaveTextContent('event 2');
		expect(banner).toHaveTextContent('the event itself was changed');
		const altered = screen.getAllByTestId('sr-event').find((item) => item.dataset.seq === '2');
		expect(altered).toHaveTextContent('Chain breaks here');
	});

	it('says when the history cannot be loaded, and still shows the SR', async () => {
		vi.mocked(supportRequestHistory).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'storage', message: 'disk I/O error' })
		});
		render(SupportRequestDetailView, { props: { id: SR_ID } });
		expect(await screen.findByTestId('sr-history-error')).toHaveTextContent('disk I/O error');
		expect(screen.getByTestId('sr-detail')).toBeInTheDocument();
	});
});

describe('text from users and vendors', () => {
	it('renders <script> and markup as inert text', async () => {
		const script = '<script>window.hacked = true</script>';
		const image = '<img src=x onerror="window.hacked = true">';
		vi.mocked(getSupportRequest).mockResolvedValue({
			ok: true,
			data: supportRequest({
				id: SR_ID,
				title: script,
				details: {
					...FULL.details,
					product: image,
					problemStatement: script,
					technician: { name: '<b>Bold</b>', email: '', phone: '' }
				}
			})
		});
		vi.mocked(supportRequestHistory).mockResolvedValue({
			ok: true,
			data: history({
				timeline: {
					entries: [event(1, { summary: script, actor: image, details: { note: script } })],
					chains: [],
					intact: true
				}
			})
		});
		render(SupportRequestDetailView, { props: { id: SR_ID } });

		expect(await screen.findByTestId('sr-detail-title')).toHaveTextContent(script);
		expect(screen.getByTestId('sr-product')).toHaveTextContent(image);
		expect(screen.getByTestId('sr-technician')).toHaveTextContent('<b>Bold</b>');
		const [item] = await screen.findAllByTestId('sr-event');
		expect(item).toHaveTextContent(script);
		const page = document.body;
		expect(page.querySelector('script')).toBeNull();
		expect(page.querySelector('img')).toBeNull();
		expect(page.querySelector('b')).toBeNull();
		expect((window as unknown as { hacked?: boolean }).hacked).toBeUndefined();
	});
});
