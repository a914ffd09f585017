import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { replaceState } from '$app/navigation';
import {
	actionItems,
	getProfile,
	updateActionItem,
	type ActionItemList,
	type ActionItemView,
	type ItemFilter
} from '$lib/ipc';
import { apiError } from '../../../test/fixtures';
import ActionItemsView from './ActionItemsView.svelte';

vi.mock('$lib/ipc', () => ({
	actionItems: vi.fn(),
	getProfile: vi.fn(),
	updateActionItem: vi.fn()
}));
vi.mock('$app/navigation', () => ({ replaceState: vi.fn() }));

function view(id: string, overrides: Partial<ActionItemView> = {}): ActionItemView {
	return {
		item: {
			id,
			escalation: 'esc-a',
			details: {
				title: `Item ${id}`,
				owner: 'Dana',
				side: 'vendor',
				due: '2025-03-12T08:05:00Z'
			},
			status: 'open',
			source: { from: 'plan' },
			statusSince: '2025-03-10T08:00:00Z',
			waitedOnVendorSeconds: null,
			waitedOnUsSeconds: null,
			createdAt: '2025-03-10T08:00:00Z',
			updatedAt: '2025-03-10T08:00:00Z'
		},
		escalationId: 'esc-a',
		escalationTitle: 'Storage latency on cluster A',
		overdue: true,
		dueToday: false,
		waitedOnVendorSeconds: null,
		waitedOnUsSeconds: null,
		...overrides
	};
}

const COUNTS = { unfinished: 7, overdue: 2, dueToday: 1, waitingOnVendor: 3 };

function list(items: ActionItemView[], counts = COUNTS): { ok: true; data: ActionItemList } {
	return { ok: true, data: { items, counts } };
}

beforeEach(() => {
	window.history.replaceState(null, '', '/action-items');
	vi.mocked(actionItems)
		.mockReset()
		.mockImplementation(async (filter: ItemFilter) =>
			list([view(`${filter}-1`), view(`${filter}-2`)])
		);
	vi.mocked(getProfile)
		.mockReset()
		.mockResolvedValue({
			ok: true,
			data: { name: 'Dana', organisation: 'ACME', region: 'EMEA', timeZone: 'Asia/Tokyo' }
		});
	vi.mocked(updateActionItem).mockReset();
	vi.mocked(replaceState).mockReset();
});

function rowIds(): string[] {
	return screen
		.getAllByTestId('items-row')
		.map((row) => row.querySelector<HTMLElement>('[data-id]')?.dataset.id ?? '');
}

describe('ActionItemsView', () => {
	it('opens on overdue with the count of every filter, and switches filters', async () => {
		const user = userEvent.setup();
		render(ActionItemsView);
		const overdue = await screen.findByTestId('items-filter-overdue');
		expect(overdue).toHaveAttribute('aria-pressed', 'true');
		expect(overdue).toHaveTextContent('Overdue 2');
		expect(screen.getByTestId('items-filter-due_today')).toHaveTextContent('Due today 1');
		expect(screen.getByTestId('items-filter-waiting_on_vendor')).toHaveTextContent(
			'Waiting on vendor 3'
		);
		expect(screen.getByTestId('items-filter-unfinished')).toHaveTextContent('All unfinished 7');
		expect(actionItems).toHaveBeenCalledWith('overdue');
		await waitFor(() => expect(rowIds()).toEqual(['overdue-1', 'overdue-2']));

		await user.click(screen.getByTestId('items-filter-waiting_on_vendor'));
		expect(actionItems).toHaveBeenLastCalledWith('waiting_on_vendor');
		await waitFor(() => expect(rowIds()).toEqual(['waiting_on_vendor-1', 'waiting_on_vendor-2']));
		expect(screen.getByTestId('items-filter-waiting_on_vendor')).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		expect(overdue).toHaveAttribute('aria-pressed', 'false');
		expect(replaceState).toHaveBeenLastCalledWith('/action-items?filter=waiting_on_vendor', {});
	});

	it('opens on all unfinished when nothing is overdue', async () => {
		vi.mocked(actionItems).mockImplementation(async (filter: ItemFilter) =>
			list(filter === 'overdue' ? [] : [view('a', { overdue: false })], {
				...COUNTS,
				overdue: 0
			})
		);
		render(ActionItemsView);
		await waitFor(() =>
			expect(screen.getByTestId('items-filter-unfinished')).toHaveAttribute('aria-pressed', 'true')
		);
		expect(actionItems).toHaveBeenLastCalledWith('unfinished');
		expect(rowIds()).toEqual(['a']);
	});

	it('starts on the filter named in the URL', async () => {
		window.history.replaceState(null, '', '/action-items?filter=due_today');
		render(ActionItemsView);
		await waitFor(() =>
			expect(screen.getByTestId('items-filter-due_today')).toHaveAttribute('aria-pressed', 'true')
		);
		expect(actionItems).toHaveBeenCalledTimes(1);
		expect(actionItems).toHaveBeenCalledWith('due_today');
	});

	it('shows a row with its escalation, owner, side and due time in the profile zone', async () => {
		render(ActionItemsView);
		await screen.findAllByTestId('items-row');
		const row = screen.getAllByTestId('items-row')[0]!;
		expect(row).toHaveTextContent('Item overdue-1');
		expect(row).toHaveTextContent('Storage latency on cluster A');
		expect(row).toHaveTextContent('Dana');
		expect(row).toHaveTextContent('Vendor');
		// 08:05 UTC is 17:05 in Tokyo.
		expect(row).toHaveTextContent('17:05');
		expect(row).toHaveTextContent('Overdue');
		expect(row).toHaveTextContent('Open');
	});

	it('changes a status with the item as entered (due in the profile zone), then reloads', async () => {
		vi.mocked(updateActionItem).mockResolvedValue({ ok: true, data: {} as never });
		const user = userEvent.setup();
		render(ActionItemsView);
		await screen.findAllByTestId('items-row');
		await waitFor(() => expect(screen.getAllByTestId('items-row')[0]!).toHaveTextContent('17:05'));
		await user.click(screen.getAllByTestId('items-row')[0]!);

		const detail = screen.getByTestId('items-detail');
		expect(within(detail).getByTestId('items-detail-escalation')).toHaveAttribute(
			'href',
			'/escalations?id=esc-a'
		);
		const status = within(detail).getByTestId('items-row-status');
		expect(status).toHaveValue('open');
		await user.selectOptions(status, 'waiting_on_vendor');

		expect(updateActionItem).toHaveBeenCalledWith(
			'overdue-1',
			{ title: 'Item overdue-1', owner: 'Dana', side: 'vendor', due: '2025-03-12T17:05' },
			'waiting_on_vendor'
		);
		await waitFor(() => expect(actionItems).toHaveBeenCalledTimes(2));
		expect(actionItems).toHaveBeenLastCalledWith('overdue');
		expect(await screen.findByTestId('items-status-saved')).toHaveTextContent('Waiting on vendor');
	});

	it('sends no due time for an item without one, and shows a refused change', async () => {
		vi.mocked(actionItems).mockResolvedValue(
			list([
				view('x', {
					item: {
						...view('x').item,
						details: { title: 'Call back', owner: '', side: 'us', due: null }
					}
				})
			])
		);
		vi.mocked(updateActionItem).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'not_allowed', message: 'The escalation is closed.' })
		});
		render(ActionItemsView);
		const row = (await screen.findAllByTestId('items-row'))[0]!;
		expect(row).toHaveTextContent('No due date');
		await fireEvent.click(row);
		await fireEvent.change(screen.getByTestId('items-row-status'), { target: { value: 'done' } });
		expect(updateActionItem).toHaveBeenCalledWith(
			'x',
			{ title: 'Call back', owner: '', side: 'us', due: null },
			'done'
		);
		expect(await screen.findByRole('alert')).toHaveTextContent('The escalation is closed.');
		expect(screen.getByTestId('items-row-status')).toHaveValue('open');
	});

	it('keeps 10,000 items fast by rendering only the rows in view', async () => {
		const many = Array.from({ length: 10_000 }, (_, index) => view(`i${index}`));
		vi.mocked(actionItems).mockResolvedValue(
			list(many, { unfinished: 10_000, overdue: 10_000, dueToday: 0, waitingOnVendor: 0 })
		);
		render(ActionItemsView);
		const rows = await screen.findAllByTestId('items-row');
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.length).toBeLessThan(60);
		expect(screen.getByTestId('items-filter-overdue')).toHaveTextContent('10000');
	});
});
