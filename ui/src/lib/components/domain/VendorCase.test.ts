import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
	caseLink,
	linkVendorCase,
	openVendorCase,
	queueVendorAction,
	vendorAccounts,
	type CaseLinkView
} from '$lib/ipc';
import { apiError, supportRequest, vendorAccount } from '../../../test/fixtures';
import VendorCase from './VendorCase.svelte';

vi.mock('$lib/ipc', () => ({
	caseLink: vi.fn(),
	linkVendorCase: vi.fn(),
	openVendorCase: vi.fn(),
	queueVendorAction: vi.fn(),
	vendorAccounts: vi.fn()
}));

const request = supportRequest({
	vendor: 'redhat',
	vendorName: 'Red Hat',
	vendorSrNumber: '04000000'
});


function link(overrides: Partial<CaseLinkView> = {}): CaseLinkView {
	return {
		accountId: 'acc-1',
		accountName: 'Red Hat production',
		caseKey: '04000000',
		webUrl: 'https://access.redhat.com/support/cases/#/case/04000000',
		vendorStatus: 'Waiting on Red Hat',
		vendorUpdatedAt: '2026-11-27T08:00:00Z',
		can: { comment: true, changeSeverity: true, requestEscalation: true },
		outbox: [],
		deEscalationAgreement: null,
		...overrides
	};
}

beforeEach(() => {
	vi.mocked(caseLink).mockReset().mockResolvedValue({ ok: true, data: null });
	vi.mocked(vendorAccounts).mockReset().mockResolvedValue({ ok: true, data: [] });
	vi.mocked(linkVendorCase).mockReset();
	vi.mocked(openVendorCase).mockReset();
	vi.mocked(queueVendorAction).mockReset();
});

describe('VendorCase', () => {
	it('points to Settings when no account of the vendor exists', async () => {
		vi.mocked(vendorAccounts).mockResolvedValue({
			ok: true,
			data: [vendorAccount({ vendor: 'vmware', name: 'Broadcom' })]
		});
		render(VendorCase, { request });
		const none = await screen.findByTestId('vendor-case-none');
		expect(none).toHaveTextContent('Add a Red Hat account');
		expect(within(none).getByRole('link')).toHaveAttribute(
			'href',
			'/settings#settings-vendor-accounts'
		);
	});

	it('links the SR to its case, the SR number offered as the case number', async () => {
		const user = userEvent.setup();
		vi.mocked(vendorAccounts).mockResolvedValue({ ok: true, data: [vendorAccount()] });
		vi.mocked(linkVendorCase).mockResolvedValue({ ok: true, data: link() });
		const onchange = vi.fn();
		render(VendorCase, { request, onchange });

		const key = await screen.findByLabelText(/^Case number/);
		expect(key).toHaveValue('04000000');
		await user.click(screen.getByTestId('vendor-case-link'));

		expect(linkVendorCase).toHaveBeenCalledWith(request.id, 'acc-1', '04000000');
		expect(await screen.findByTestId('vendor-case-linked')).toHaveTextContent(
			'Linked to Red Hat production case 04000000'
		);
		expect(onchange).toHaveBeenCalled();
	});

	it('shows a case the vendor does not know beside the case number', async () => {
		const user = userEvent.setup();
		vi.mocked(vendorAccounts).mockResolvedValue({ ok: true, data: [vendorAccount()] });
		vi.mocked(linkVendorCase).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Check the highlighted field.',
				fields: [{ field: 'caseKey', message: 'Red Hat production has no case 0999.' }]
			})
		});
		render(VendorCase, { request });
		const key = await screen.findByLabelText(/^Case number/);
		await user.clear(key);
		await user.type(key, '0999');
		await user.click(screen.getByTestId('vendor-case-link'));

		expect(await screen.findByText('Red Hat production has no case 0999.')).toBeVisible();
		expect(key).toHaveValue('0999');
	});

	it('opens the case in the browser and lists what waits to be delivered', async () => {
		const user = userEvent.setup();
		vi.mocked(caseLink).mockResolvedValue({
			ok: true,
			data: link({
				outbox: [
					{
						id: 'o-1',
						what: 'Change severity to 1',
						queuedAt: '2026-11-27T09:00:00Z',
						state: 'queued',
						deliveredAt: null,
						refusal: null
					},
					{
						id: 'o-2',
						what: 'Comment: Logs attached',
						queuedAt: '2026-11-27T08:00:00Z',
						state: 'refused',
						deliveredAt: null,
						refusal: 'The case is closed.'
					}
				]
			})
		});
		vi.mocked(openVendorCase).mockResolvedValue({ ok: true, data: null });
		render(VendorCase, { request });

		await user.click(await screen.findByTestId('vendor-case-open'));
		expect(openVendorCase).toHaveBeenCalledWith(request.id);
		const items = screen.getAllByTestId('vendor-case-outbox-item');
		expect(items[0]).toHaveTextContent('Change severity to 1');
		expect(items[0]).toHaveTextContent('Waiting for the next sync');
		expect(items[1]).toHaveTextContent('Refused: The case is closed.');
	});

	it('queues a comment and keeps the text when it is refused', async () => {
		const user = userEvent.setup();
		vi.mocked(caseLink).mockResolvedValue({ ok: true, data: link() });
		vi.mocked(queueVendorAction).mockResolvedValueOnce({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Check the highlighted field.',
				fields: [{ field: 'body', message: 'Write the comment (at most 10000 characters).' }]
			})
		});
		render(VendorCase, { request });

		await user.click(await screen.findByTestId('vendor-case-comment'));
		await user.type(screen.getByLabelText(/^Comment to the vendor/), 'Logs attached.');
		await user.click(screen.getByTestId('vendor-case-send'));
		expect(await screen.findByText(/Write the comment/)).toBeVisible();
		expect(screen.getByLabelText(/^Comment to the vendor/)).toHaveValue('Logs attached.');

		vi.mocked(queueVendorAction).mockResolvedValueOnce({
			ok: true,
			data: link({
				outbox: [
					{
						id: 'o-3',
						what: 'Comment: Logs attached.',
						queuedAt: '2026-11-27T09:00:00Z',
						state: 'queued',
						deliveredAt: null,
						refusal: null
					}
				]
			})
		});
		await user.click(screen.getByTestId('vendor-case-send'));
		expect(queueVendorAction).toHaveBeenLastCalledWith(request.id, {
			kind: 'comment',
			body: 'Logs attached.'
		});
		expect(await screen.findByTestId('vendor-case-queued')).toHaveTextContent('Comment queued.');
		expect(screen.getByTestId('vendor-case-outbox')).toHaveTextContent('Comment: Logs attached.');
	});

	it('posts the de-escalation agreement once one was agreed', async () => {
		const user = userEvent.setup();
		vi.mocked(caseLink).mockResolvedValue({
			ok: true,
			data: link({
				can: { comment: true, changeSeverity: false, requestEscalation: false },
				deEscalationAgreement: 'Customer agrees to de-escalate (SR comment of 4 Dec)'
			})
		});
		vi.mocked(queueVendorAction).mockResolvedValue({ ok: true, data: link() });
		render(VendorCase, { request });

		await user.click(await screen.findByTestId('vendor-case-post-agreement'));
		expect(queueVendorAction).toHaveBeenCalledWith(request.id, {
			kind: 'de_escalation_agreement'
		});
		expect(await screen.findByTestId('vendor-case-queued')).toHaveTextContent(
			'De-escalation agreement queued.'
		);
	});

	it('offers only what the vendor API allows, and no agreement before one was agreed', async () => {
		vi.mocked(caseLink).mockResolvedValue({
			ok: true,
			data: link({ can: { comment: true, changeSeverity: false, requestEscalation: false } })
		});
		render(VendorCase, { request });
		expect(await screen.findByTestId('vendor-case-comment')).toBeVisible();
		expect(screen.queryByTestId('vendor-case-request-escalation')).toBeNull();
		expect(screen.queryByTestId('vendor-case-post-agreement')).toBeNull();
	});
});
