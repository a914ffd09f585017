import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { goto } from '$app/navigation';
import { createSupportRequest, listSupportRequests, listVendors, markInteractive } from '$lib/ipc';
import { VENDORS, apiError, supportRequest } from '../../../test/fixtures';
import SupportRequestsView from './SupportRequestsView.svelte';

vi.mock('$lib/ipc', () => ({
	listSupportRequests: vi.fn(),
	listVendors: vi.fn(),
	createSupportRequest: vi.fn(),
	markInteractive: vi.fn()
}));
vi.mock('$app/navigation', () => ({ goto: vi.fn() }));

const EXISTING = supportRequest({ id: 'sr-1', vendorSrNumber: '111', title: 'Old one' });

beforeEach(() => {
	vi.mocked(listSupportRequests).mockReset();
	vi.mocked(listVendors).mockReset().mockResolvedValue({ ok: true, data: VENDORS });
	vi.mocked(createSupportRequest).mockReset();
	vi.mocked(goto).mockReset();
	vi.mocked(markInteractive).mockReset().mockResolvedValue(undefined);
});

describe('SupportRequestsView', () => {
	it('invites to create the first support request when there are none', async () => {
		vi.mocked(listSupportRequests).mockResolvedValue({ ok: true, data: [] });
		render(SupportRequestsView);

		const empty = await screen.findByTestId('sr-empty');
		expect(empty).toHaveAttribute('data-loaded', 'true');
		expect(empty).toHaveTextContent('No support requests yet');
		expect(screen.queryByTestId('sr-list')).toBeNull();
		// Start-up benchmarks wait for this signal, sent once the first view has data.
		await waitFor(() => expect(markInteractive).toHaveBeenCalledTimes(1));
	});

	it('lists support requests and marks the list loaded', async () => {
		vi.mocked(listSupportRequests).mockResolvedValue({
			ok: true,
			data: [EXISTING, supportRequest({ id: 'sr-2', title: '<i>Second</i>', severity: 1 })]
		});
		render(SupportRequestsView);

		const list = await screen.findByTestId('sr-list');
		expect(list).toHaveAttribute('data-loaded', 'true');
		const rows = screen.getAllByTestId('sr-row');
		expect(rows).toHaveLength(2);
		expect(rows[0]).toHaveTextContent('111');
		expect(rows[0]).toHaveTextContent('Old one');
		expect(rows[0]).toHaveTextContent('VMware by Broadcom');
		expect(rows[0]).toHaveTextContent('Severity 2 (Major)');
		expect(rows[0]).toHaveTextContent('Open');
		expect(rows[0]?.querySelector('time')).toHaveAttribute('title', '2025-03-12 13:05 UTC');
		expect(rows[1]).toHaveTextContent('<i>Second</i>');
		expect(rows[1]?.querySelector('i')).toBeNull();
	});

	it('opens a support request on click and on Enter', async () => {
		vi.mocked(listSupportRequests).mockResolvedValue({ ok: true, data: [EXISTING] });
		const user = userEvent.setup();
		render(SupportRequestsView);

		const [row] = await screen.findAllByTestId('sr-row');
		await user.click(within(row!).getByText('Old one'));
		expect(goto).toHaveBeenLastCalledWith('/support-requests?id=sr-1');

		vi.mocked(goto).mockClear();
		row!.focus();
		await user.keyboard('{Enter}');
		expect(goto).toHaveBeenCalledWith('/support-requests?id=sr-1');
	});

	it('shows a load failure in a banner', async () => {
		vi.mocked(listSupportRequests).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'storage', message: 'disk I/O error' })
		});
		render(SupportRequestsView);

		const alert = await screen.findByRole('alert');
		expect(alert).toHaveTextContent('disk I/O error');
	});

	it('creates a support request and shows it in the list, selected', async () => {
		vi.mocked(listSupportRequests).mockResolvedValue({ ok: true, data: [EXISTING] });
		const created = supportRequest({ id: 'sr-new', vendorSrNumber: '222', title: 'New one' });
		vi.mocked(createSupportRequest).mockResolvedValue({ ok: true, data: created });
		const user = userEvent.setup();
		render(SupportRequestsView);
		await screen.findByTestId('sr-list');

		await user.click(screen.getByTestId('new-sr'));
		const form = screen.getByTestId('sr-form');
		expect(form).toBeVisible();
		expect(document.querySelector('#sr-vendor')).toHaveFocus();

		await user.selectOptions(document.querySelector<HTMLSelectElement>('#sr-vendor')!, 'vmware');
		await user.type(document.querySelector('#sr-number')!, '222');
		await user.type(document.querySelector('#sr-title')!, 'New one');
		await user.selectOptions(document.querySelector<HTMLSelectElement>('#sr-severity')!, '2');
		await user.click(screen.getByTestId('sr-submit'));

		await waitFor(() => expect(screen.queryByTestId('sr-form')).toBeNull());
		const rows = screen.getAllByTestId('sr-row');
		expect(rows).toHaveLength(2);
		expect(rows[0]).toHaveTextContent('New one');
		expect(rows[0]).toHaveClass('selected');
		await waitFor(() => expect(rows[0]).toHaveFocus());
		expect(screen.getByRole('status')).toHaveTextContent('Support request created');
	});

	it('puts focus back on the button when the form is cancelled', async () => {
		vi.mocked(listSupportRequests).mockResolvedValue({ ok: true, data: [] });
		const user = userEvent.setup();
		render(SupportRequestsView);
		await screen.findByTestId('sr-empty');

		await user.click(screen.getByTestId('new-sr'));
		await user.click(screen.getByRole('button', { name: 'Cancel' }));

		await waitFor(() => expect(screen.queryByTestId('sr-form')).toBeNull());
		expect(screen.getByTestId('new-sr')).toHaveFocus();
	});
});
