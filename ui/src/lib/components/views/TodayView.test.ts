import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { copyText, getProfile, today, type ActionItemView, type TodayView } from '$lib/ipc';
import { apiError } from '../../../test/fixtures';
import TodayViewComponent from './TodayView.svelte';

vi.mock('$lib/ipc', () => ({
	today: vi.fn(),
	getProfile: vi.fn(),
	copyText: vi.fn()
}));

function item(overrides: Partial<ActionItemView> = {}): ActionItemView {
	return {
		item: {
			id: 'item-1',
			escalation: 'esc-b',
			details: { title: 'Send logs', owner: 'Dana', side: 'us', due: '2025-03-12T08:00:00Z' },
			status: 'open',
			source: { from: 'plan' },
			statusSince: '2025-03-10T08:00:00Z',
			waitedOnVendorSeconds: null,
			waitedOnUsSeconds: null,
			createdAt: '2025-03-10T08:00:00Z',
			updatedAt: '2025-03-10T08:00:00Z'
		},
		escalationId: 'esc-b',
		escalationTitle: 'Satellite sync broken',
		overdue: true,
		dueToday: true,
		waitedOnVendorSeconds: null,
		waitedOnUsSeconds: null,
		...overrides
	};
}

const TODAY: TodayView = {
	date: '2025-03-12',
	updates: [
		{
			escalationId: 'esc-a',
			escalationTitle: 'Storage latency on cluster A',
			cadence: {
				state: 'due_soon',
				since: '2025-03-12T02:00:00Z',
				due: '2025-03-12T10:00:00Z',
				dueSoonFrom: '2025-03-12T08:00:00Z'
			}
		},
		{
			escalationId: 'esc-b',
			escalationTitle: 'Satellite sync <b>broken</b>',
			cadence: {
				state: 'missed',
				since: '2025-03-11T02:00:00Z',
				due: '2025-03-11T10:00:00Z',
				dueSoonFrom: '2025-03-11T08:00:00Z'
			}
		}
	],
	calls: [
		{
			callId: 'call-1',
			escalationId: 'esc-a',
			escalationTitle: 'Storage latency on cluster A',
			title: 'Daily sync',
			start: '2025-03-12T09:00:00Z',
			end: '2025-03-12T09:30:00Z',
			bridgeUrl: 'https://meet.example.com/abc',
			dialString: '+49 30 1234,,5678#'
		}
	],
	actionItems: [item()],
	whileClosed: [
		{
			kind: 'update_missed',
			at: '2025-03-11T10:00:00Z',
			escalationId: 'esc-b',
			title: 'Update missed: Satellite sync broken',
			body: "The vendor's update did not come when due. Consider re-escalating."
		}
	]
};

beforeEach(() => {
	vi.mocked(today).mockReset().mockResolvedValue({ ok: true, data: TODAY });
	vi.mocked(getProfile)
		.mockReset()
		.mockResolvedValue({
			ok: true,
			data: { name: 'Dana', organisation: 'ACME', region: 'EMEA', timeZone: 'Europe/Berlin' }
		});
	vi.mocked(copyText).mockReset().mockResolvedValue({ ok: true, data: null });
});

afterEach(() => {
	vi.useRealTimers();
});

describe('TodayView', () => {
	it('lists a missed update first, and what passed while the app was closed', async () => {
		render(TodayViewComponent);
		const updates = await screen.findAllByTestId('today-update');
		expect(updates.map((row) => row.dataset.state)).toEqual(['missed', 'due_soon']);
		expect(updates[0]).toHaveTextContent('Missed');
		expect(updates[0]).toHaveTextContent(/Was due (11 Mar|Mar 11), 11:00/);
		expect(updates[1]).toHaveTextContent('Due soon');
		// Vendor text stays text.
		const link = within(updates[0]!).getByRole('link', { name: 'Satellite sync <b>broken</b>' });
		expect(link).toHaveAttribute('href', '/escalations?id=esc-b');

		const closed = screen.getByTestId('while-closed');
		expect(closed).toHaveTextContent('Update missed: Satellite sync broken');
		expect(closed).toHaveTextContent('Consider re-escalating');
	});

	it('shows calls in the profile zone with the bridge to copy, and the items due', async () => {
		render(TodayViewComponent);
		const call = await screen.findByTestId('today-call');
		expect(call).toHaveTextContent('10:00–10:30');
		expect(call).toHaveTextContent('Daily sync');
		expect(within(call).getByTestId('today-call-bridge')).toHaveTextContent(
			'https://meet.example.com/abc'
		);
		expect(within(call).getByTestId('today-call-dial')).toHaveTextContent('+49 30 1234,,5678#');
		await fireEvent.click(within(call).getByTestId('today-call-copy'));
		expect(copyText).toHaveBeenCalledWith('https://meet.example.com/abc');

		const row = screen.getByTestId('today-item');
		expect(row).toHaveTextContent('Send logs');
		expect(row).toHaveTextContent('Dana · Us');
		expect(row).toHaveTextContent('Overdue');
		expect(row).toHaveTextContent('Due 09:00');
		expect(within(row).getByRole('link', { name: 'Satellite sync broken' })).toHaveAttribute(
			'href',
			'/escalations?id=esc-b'
		);
	});

	it('says when nothing is due, without the banner', async () => {
		vi.mocked(today).mockResolvedValue({
			ok: true,
			data: { date: '2025-03-12', updates: [], calls: [], actionItems: [], whileClosed: [] }
		});
		render(TodayViewComponent);
		expect(await screen.findByTestId('today-empty')).toHaveTextContent('Nothing due today');
		expect(screen.queryByTestId('while-closed')).toBeNull();
		expect(screen.queryByTestId('today-update')).toBeNull();
	});

	it('shows a load error', async () => {
		vi.mocked(today).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'storage', message: 'database locked' })
		});
		render(TodayViewComponent);
		expect(await screen.findByRole('alert')).toHaveTextContent('database locked');
	});

	it('refreshes on window focus and every minute, and stops when gone', async () => {
		vi.useFakeTimers();
		const { unmount } = render(TodayViewComponent);
		await vi.advanceTimersByTimeAsync(0);
		expect(today).toHaveBeenCalledTimes(1);

		await fireEvent(window, new Event('focus'));
		await vi.advanceTimersByTimeAsync(0);
		expect(today).toHaveBeenCalledTimes(2);

		await vi.advanceTimersByTimeAsync(60_000);
		expect(today).toHaveBeenCalledTimes(3);

		unmount();
		await vi.advanceTimersByTimeAsync(180_000);
		expect(today).toHaveBeenCalledTimes(3);
	});
});
