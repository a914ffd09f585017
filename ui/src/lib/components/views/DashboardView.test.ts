import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { dashboard, type Dashboard } from '$lib/ipc';
import { apiError } from '../../../test/fixtures';
import DashboardViewComponent, {
	durationCeiling,
	formatDuration,
	monthLabel
} from './DashboardView.svelte';

vi.mock('$lib/ipc', () => ({ dashboard: vi.fn() }));

const DASHBOARD: Dashboard = {
	openTotal: 7,
	openByState: [
		{ state: 'draft', count: 0 },
		{ state: 'requested', count: 2 },
		{ state: 'acknowledged', count: 1 },
		{ state: 'engineer_assigned', count: 4 },
		{ state: 'action_plan_agreed', count: 0 },
		{ state: 're_escalated', count: 0 },
		{ state: 'de_escalation_proposed', count: 0 }
	],
	openByVendor: [
		{ name: 'VMware by Broadcom', count: 5 },
		{ name: 'Red Hat', count: 2 }
	],
	updatesMissedThisWeek: 3,
	missedByDay: [
		{ date: '2026-07-13', count: 1 },
		{ date: '2026-07-14', count: 2 },
		{ date: '2026-07-15', count: 0 },
		{ date: '2026-07-16', count: 0 },
		{ date: '2026-07-17', count: 0 },
		{ date: '2026-07-18', count: 0 },
		{ date: '2026-07-19', count: 0 }
	],
	medianTimeToEngineerSeconds: 12_000,
	months: ['2026-05', '2026-06', '2026-07'],
	vendorTrends: [
		{ vendor: 'VMware by Broadcom', opened: [1, 3, 2], medianTimeToEngineerSeconds: [3600, null, 7200] },
		{ vendor: 'Red Hat', opened: [0, 1, 1], medianTimeToEngineerSeconds: [null, null, null] }
	]
};

const EMPTY: Dashboard = {
	openTotal: 0,
	openByState: DASHBOARD.openByState.map((entry) => ({ ...entry, count: 0 })),
	openByVendor: [],
	updatesMissedThisWeek: 0,
	missedByDay: DASHBOARD.missedByDay.map((entry) => ({ ...entry, count: 0 })),
	medianTimeToEngineerSeconds: null,
	months: ['2026-05', '2026-06', '2026-07'],
	vendorTrends: []
};

beforeEach(() => {
	vi.mocked(dashboard).mockReset().mockResolvedValue({ ok: true, data: DASHBOARD });
});

describe('formatDuration', () => {
	it('says spans in minutes, hours and days, and a dash for none', () => {
		expect(formatDuration(null)).toBe('—');
		expect(formatDuration(0)).toBe('0m');
		expect(formatDuration(20)).toBe('<1m');
		expect(formatDuration(45 * 60)).toBe('45m');
		expect(formatDuration(3 * 3600 + 20 * 60)).toBe('3h 20m');
		expect(formatDuration(5 * 3600)).toBe('5h');
		expect(formatDuration(2 * 86_400 + 4 * 3600)).toBe('2d 4h');
		expect(formatDuration(3 * 86_400)).toBe('3d');
	});

	it('rounds a duration scale to whole minutes, hours or days', () => {
		expect(durationCeiling(0)).toBe(10 * 60);
		expect(durationCeiling(40 * 60)).toBe(3600);
		expect(durationCeiling(3 * 3600)).toBe(4 * 3600);
		expect(durationCeiling(25 * 3600)).toBe(2 * 86_400);
		expect(durationCeiling(3 * 86_400)).toBe(4 * 86_400);
		expect(durationCeiling(100 * 86_400)).toBe(100 * 86_400);
	});

	it('names months, and leaves what is not one alone', () => {
		expect(monthLabel('2026-07')).toMatch(/Jul/);
		expect(monthLabel('2026-07')).toMatch(/2026/);
		expect(monthLabel('someday')).toBe('someday');
	});
});

describe('DashboardView', () => {
	it('shows the headline figures', async () => {
		render(DashboardViewComponent);
		expect(await screen.findByTestId('dashboard-open-total')).toHaveTextContent('7');
		expect(screen.getByTestId('dashboard-missed')).toHaveTextContent('3');
		expect(screen.getByTestId('dashboard-median')).toHaveTextContent('3h 20m');
		expect(screen.getByTestId('dashboard')).toHaveAttribute('data-loaded', 'true');
	});

	it('draws open escalations by state and by vendor with their labels', async () => {
		render(DashboardViewComponent);
		const byState = await screen.findByTestId('chart-open-by-state');
		const image = within(byState).getByRole('img', { name: 'Open escalations by state' });
		expect(image).toHaveTextContent('Engineer assigned');
		expect(image).toHaveTextContent('Requested');
		const bars = Array.from(byState.querySelectorAll('rect.bar'));
		expect(bars).toHaveLength(7);
		const widest = bars.reduce((a, b) =>
			Number.parseFloat(b.getAttribute('width')!) > Number.parseFloat(a.getAttribute('width')!)
				? b
				: a
		);
		expect(widest).toHaveAttribute('data-value', '4');

		const byVendor = screen.getByTestId('chart-open-by-vendor');
		expect(within(byVendor).getByRole('rowheader', { name: 'VMware by Broadcom' })).toBeInTheDocument();
		expect(within(byVendor).getByRole('cell', { name: '5' })).toBeInTheDocument();
	});

	it('draws the week Monday to Sunday and the trends per vendor', async () => {
		render(DashboardViewComponent);
		const week = await screen.findByTestId('chart-missed-by-day');
		expect(week.querySelectorAll('rect.column')).toHaveLength(7);
		expect(within(week).getByRole('table')).toHaveTextContent(/Monday/);

		const opened = screen.getByTestId('chart-opened-trend');
		expect(opened.querySelectorAll('g.series')).toHaveLength(2);
		expect(within(opened).getByRole('img')).toHaveTextContent(monthLabel('2026-07'));

		// Red Hat had no engineer in these months: no line of nothing for it.
		const engineer = screen.getByTestId('chart-engineer-trend');
		expect(engineer.querySelectorAll('g.series')).toHaveLength(1);
		const row = within(within(engineer).getByRole('table')).getByRole('row', {
			name: /VMware by Broadcom/
		});
		expect(row).toHaveTextContent('1h');
		expect(row).toHaveTextContent('2h');
	});

	it('says when nothing is open and nothing was opened', async () => {
		vi.mocked(dashboard).mockResolvedValue({ ok: true, data: EMPTY });
		render(DashboardViewComponent);
		expect(await screen.findByTestId('chart-open-by-state-empty')).toHaveTextContent(
			'No open escalations'
		);
		expect(screen.getByTestId('chart-open-by-vendor-empty')).toHaveTextContent(
			'No open escalations'
		);
		expect(screen.getByTestId('chart-opened-trend-empty')).toBeInTheDocument();
		expect(screen.getByTestId('chart-engineer-trend-empty')).toBeInTheDocument();
		expect(screen.getByTestId('dashboard-open-total')).toHaveTextContent('0');
		expect(screen.getByTestId('dashboard-median')).toHaveTextContent('—');
	});

	it('shows a load error', async () => {
		vi.mocked(dashboard).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'storage', message: 'database locked' })
		});
		render(DashboardViewComponent);
		expect(await screen.findByRole('alert')).toHaveTextContent('database locked');
	});

	it('refreshes when the window regains focus', async () => {
		render(DashboardViewComponent);
		await screen.findByTestId('dashboard-open-total');
		expect(dashboard).toHaveBeenCalledTimes(1);
		vi.mocked(dashboard).mockResolvedValue({
			ok: true,
			data: { ...DASHBOARD, openTotal: 8 }
		});
		await fireEvent(window, new Event('focus'));
		await vi.waitFor(() =>
			expect(screen.getByTestId('dashboard-open-total')).toHaveTextContent('8')
		);
		expect(dashboard).toHaveBeenCalledTimes(2);
	});
});
