import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { goto } from '$app/navigation';
import { createSupportRequest, listSupportRequests, listVendors, markInteractive } from '$lib/ipc';
import { VENDORS, apiError, supportRequest } from '../../../test/fixtures';
import SupportRequestsView, { forgetListState } from './SupportRequestsView.svelte';

vi.mock('$lib/ipc', () => ({
	listSupportRequests: vi.fn(),
	listVendors: vi.fn(),
	createSupportRequest: vi.fn(),
	markInteractive: vi.fn()
}));
vi.mock('$app/navigation', () => ({ goto: vi.fn() }));

const EXISTING = supportRequest({ id: 'sr-1', vendorSrNumber: '111', title: 'Old one' });

beforeEach(() => {
	forgetListState();
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

describe('SupportRequestsView filters, sort and keyboard', () => {
	const DISK = supportRequest({
		id: 'disk',
		vendorSrNumber: '300',
		title: 'Disk latency',
		severity: 3,
		severityLabel: 'Severity 3 (Minor)',
		createdAt: '2025-03-01T10:00:00Z'
	});
	const PANIC = supportRequest({
		id: 'panic',
		vendor: 'redhat',
		vendorName: 'Red Hat',
		vendorSrNumber: '20',
		title: 'Kernel panic',
		severity: 1,
		severityLabel: 'Severity 1 (Urgent)',
		status: 'waiting_on_vendor',
		createdAt: '2025-03-03T10:00:00Z'
	});
	const VMOTION = supportRequest({
		id: 'vmotion',
		vendorSrNumber: '1000',
		title: 'vMotion fails',
		severity: 2,
		status: 'closed',
		createdAt: '2025-03-02T10:00:00Z'
	});

	function titles(): string[] {
		return screen
			.getAllByTestId('sr-row')
			.map((row) => row.querySelector('td.title')?.textContent ?? '');
	}

	async function renderThree() {
		vi.mocked(listSupportRequests).mockResolvedValue({ ok: true, data: [DISK, PANIC, VMOTION] });
		const user = userEvent.setup();
		render(SupportRequestsView);
		await screen.findByTestId('sr-list');
		return user;
	}

	it('sorts newest first, then as chosen', async () => {
		const user = await renderThree();
		expect(titles()).toEqual(['Kernel panic', 'vMotion fails', 'Disk latency']);

		const sort = document.querySelector<HTMLSelectElement>('#sr-sort')!;
		await user.selectOptions(sort, 'oldest');
		expect(titles()).toEqual(['Disk latency', 'vMotion fails', 'Kernel panic']);
		await user.selectOptions(sort, 'severity');
		expect(titles()).toEqual(['Kernel panic', 'vMotion fails', 'Disk latency']);
		await user.selectOptions(sort, 'number');
		expect(titles()).toEqual(['Kernel panic', 'Disk latency', 'vMotion fails']);
		expect(screen.getByRole('columnheader', { name: 'SR number' })).toHaveAttribute(
			'aria-sort',
			'ascending'
		);
	});

	it('filters by vendor, status and text, and clears them', async () => {
		const user = await renderThree();

		const vendor = document.querySelector<HTMLSelectElement>('#sr-filter-vendor')!;
		expect(within(vendor).getAllByRole('option').map((option) => option.textContent)).toEqual([
			'All vendors',
			'Red Hat',
			'VMware by Broadcom'
		]);
		await user.selectOptions(vendor, 'vmware');
		expect(titles()).toEqual(['vMotion fails', 'Disk latency']);
		expect(screen.getByText(/2 of 3 support requests match/)).toBeInTheDocument();

		await user.selectOptions(document.querySelector<HTMLSelectElement>('#sr-filter-status')!, 'open');
		expect(titles()).toEqual(['Disk latency']);

		await user.selectOptions(vendor, '');
		await user.selectOptions(document.querySelector<HTMLSelectElement>('#sr-filter-status')!, '');
		await user.type(document.querySelector('#sr-filter-text')!, 'PANIC');
		expect(titles()).toEqual(['Kernel panic']);
		await user.clear(document.querySelector('#sr-filter-text')!);
		await user.type(document.querySelector('#sr-filter-text')!, '100');
		expect(titles()).toEqual(['vMotion fails']);

		await user.type(document.querySelector('#sr-filter-text')!, 'nothing');
		expect(screen.queryAllByTestId('sr-row')).toHaveLength(0);
		const noMatch = screen.getByTestId('sr-no-match');
		expect(screen.getByTestId('sr-list')).toHaveAttribute('data-loaded', 'true');
		await user.click(within(noMatch).getByRole('button', { name: 'Clear filters' }));
		expect(titles()).toHaveLength(3);
		expect(document.querySelector('#sr-filter-text')).toHaveValue('');
	});

	it('moves between rows with the arrow keys and opens with Enter', async () => {
		const user = await renderThree();

		await user.click(document.querySelector('#sr-filter-text')!);
		await user.keyboard('{ArrowDown}');
		const rows = screen.getAllByTestId('sr-row');
		expect(rows[0]).toHaveFocus();
		await user.keyboard('{ArrowDown}{ArrowDown}');
		expect(rows[2]).toHaveFocus();
		await user.keyboard('{ArrowDown}');
		expect(rows[2]).toHaveFocus();
		await user.keyboard('{ArrowUp}');
		expect(rows[1]).toHaveFocus();
		await user.keyboard('{Home}');
		expect(rows[0]).toHaveFocus();
		await user.keyboard('{End}{Enter}');
		expect(goto).toHaveBeenCalledWith('/support-requests?id=disk');
	});

	it('keeps the filters and focuses the SR that was opened on coming back', async () => {
		const user = await renderThree();
		await user.type(document.querySelector('#sr-filter-text')!, 'panic');
		const [row] = screen.getAllByTestId('sr-row');
		row!.focus();
		await user.keyboard('{Enter}');
		cleanup();

		render(SupportRequestsView);
		await screen.findByTestId('sr-list');
		expect(document.querySelector('#sr-filter-text')).toHaveValue('panic');
		expect(titles()).toEqual(['Kernel panic']);
		await waitFor(() => expect(screen.getByTestId('sr-row')).toHaveFocus());
	});

	it('pages 50,000 SRs by 200, filters them and extends the page from the keyboard', async () => {
		const many = Array.from({ length: 50_000 }, (_, n) =>
			supportRequest({
				id: `sr-${n}`,
				vendorSrNumber: String(5_000_000 + n),
				title: `Request ${n}`,
				createdAt: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString()
			})
		);
		vi.mocked(listSupportRequests).mockResolvedValue({ ok: true, data: many });
		const user = userEvent.setup();
		render(SupportRequestsView);
		await screen.findByTestId('sr-list');

		let rows = screen.getAllByTestId('sr-row');
		expect(rows).toHaveLength(200);
		expect(rows[0]).toHaveTextContent('Request 49999');
		expect(screen.getByText('50,000 support requests')).toBeInTheDocument();

		// Arrow Down on the last row shows the next page and moves into it.
		rows[199]!.focus();
		await user.keyboard('{ArrowDown}');
		rows = screen.getAllByTestId('sr-row');
		expect(rows).toHaveLength(400);
		await waitFor(() => expect(rows[200]).toHaveFocus());

		await user.click(document.querySelector('#sr-filter-text')!);
		await user.paste('request 4999');
		rows = screen.getAllByTestId('sr-row');
		// 4999 and 49990–49999.
		expect(rows).toHaveLength(11);
		expect(screen.getByText(/11 of 50,000 support requests match/)).toBeInTheDocument();
		// jsdom builds rows slowly; the time is a benchmark's business, not this test's.
	}, 30_000);
});
