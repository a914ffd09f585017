import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { goto } from '$app/navigation';
import { escalationSummary } from '$lib/components/domain/escalation/escalation-fixtures';
import { listEscalations, listVendors, markInteractive, type EscalationSummary } from '$lib/ipc';
import { VENDORS, apiError } from '../../../test/fixtures';
import EscalationsView from './EscalationsView.svelte';

vi.mock('$lib/ipc', () => ({
	listEscalations: vi.fn(),
	listVendors: vi.fn(),
	markInteractive: vi.fn()
}));
vi.mock('$app/navigation', () => ({ goto: vi.fn() }));

const DAY = 86_400_000;

function ago(ms: number): string {
	return new Date(Date.now() - ms).toISOString();
}

const ESCALATIONS: EscalationSummary[] = [
	escalationSummary({
		id: 'esc-a',
		title: 'Storage latency on cluster A',
		state: 'engineer_assigned',
		vendorSrNumber: '11111111',
		severity: 2,
		createdAt: ago(3 * DAY + 60_000),
		updatedAt: ago(2 * 3_600_000)
	}),
	escalationSummary({
		id: 'esc-b',
		title: 'Satellite sync broken',
		state: 'closed',
		vendor: 'redhat',
		vendorName: 'Red Hat',
		vendorSrNumber: '22222222',
		severity: 1,
		createdAt: ago(10 * DAY),
		updatedAt: ago(DAY)
	}),
	escalationSummary({
		id: 'esc-c',
		title: 'vMotion fails between hosts',
		state: 'withdrawn',
		vendorSrNumber: '33333333',
		severity: 3,
		createdAt: ago(DAY),
		updatedAt: ago(60_000)
	}),
	escalationSummary({
		id: 'esc-d',
		title: 'Upgrade blocked by <script>alert(1)</script>',
		state: 're_escalated',
		vendorSrNumber: '44444444',
		severity: 1,
		supportRequestCount: 3,
		reEscalations: 2,
		createdAt: ago(5 * DAY),
		updatedAt: ago(3 * DAY)
	})
];

function rowIds(): string[] {
	return screen.getAllByTestId('escalation-row').map((row) => row.dataset.id ?? '');
}

function select(id: string): HTMLSelectElement {
	return document.querySelector<HTMLSelectElement>(`#${id}`)!;
}

async function renderList(data: EscalationSummary[] = ESCALATIONS) {
	vi.mocked(listEscalations).mockResolvedValue({ ok: true, data });
	const user = userEvent.setup();
	render(EscalationsView);
	const list = await screen.findByTestId('escalation-list');
	return { user, list };
}

beforeEach(() => {
	vi.mocked(listEscalations).mockReset();
	vi.mocked(listVendors).mockReset().mockResolvedValue({ ok: true, data: VENDORS });
	vi.mocked(goto).mockReset();
	vi.mocked(markInteractive).mockReset().mockResolvedValue(undefined);
});

describe('EscalationsView', () => {
	it('invites to start the wizard when there are no escalations', async () => {
		vi.mocked(listEscalations).mockResolvedValue({ ok: true, data: [] });
		const user = userEvent.setup();
		render(EscalationsView);

		const empty = await screen.findByTestId('escalations-empty');
		expect(empty).toHaveAttribute('data-loaded', 'true');
		expect(screen.queryByTestId('escalation-list')).toBeNull();
		await waitFor(() => expect(markInteractive).toHaveBeenCalledTimes(1));

		await user.click(within(empty).getByRole('button', { name: 'Start the escalation wizard' }));
		expect(goto).toHaveBeenLastCalledWith('/escalations/new');
		await user.click(screen.getByTestId('new-escalation'));
		expect(goto).toHaveBeenLastCalledWith('/escalations/new');
	});

	it('lists escalations with state, vendor, SR, severity and age, most recent change first', async () => {
		const { list } = await renderList();
		expect(list).toHaveAttribute('data-loaded', 'true');
		await waitFor(() => expect(markInteractive).toHaveBeenCalledTimes(1));

		expect(rowIds()).toEqual(['esc-c', 'esc-a', 'esc-b', 'esc-d']);
		const row = screen.getAllByTestId('escalation-row')[1]!;
		expect(row).toHaveAttribute('data-state', 'engineer_assigned');
		expect(row).toHaveTextContent('Storage latency on cluster A');
		expect(row).toHaveTextContent('Engineer assigned');
		expect(row).toHaveTextContent('VMware by Broadcom');
		expect(row).toHaveTextContent('11111111');
		// The vendor's own wording for the severity, from its playbook.
		await waitFor(() => expect(row).toHaveTextContent('Severity 2 (Major)'));
		expect(row).toHaveTextContent('3 d');
		expect(row.querySelector('time')).toHaveAttribute('datetime', ESCALATIONS[0]!.updatedAt);

		const warRoom = screen.getAllByTestId('escalation-row')[3]!;
		expect(warRoom).toHaveTextContent('War room · 3 SRs');
		expect(warRoom).toHaveTextContent('Re-escalated 2×');
		expect(screen.getByTestId('escalation-count')).toHaveTextContent('4 escalations, 2 open');
	});

	it('renders vendor text as text', async () => {
		await renderList();
		const row = screen.getAllByTestId('escalation-row').find((r) => r.dataset.id === 'esc-d')!;
		expect(row).toHaveTextContent('Upgrade blocked by <script>alert(1)</script>');
		expect(row.querySelector('script')).toBeNull();
	});

	it('filters by state, vendor and text', async () => {
		const { user } = await renderList();

		await user.selectOptions(select('escalation-filter-state'), 'open');
		expect(rowIds().sort()).toEqual(['esc-a', 'esc-d']);

		await user.selectOptions(select('escalation-filter-state'), 'closed');
		expect(rowIds()).toEqual(['esc-b']);

		await user.selectOptions(select('escalation-filter-state'), '');
		await waitFor(() =>
			expect(within(select('escalation-filter-vendor')).getByRole('option', { name: 'Red Hat' })).toBeInTheDocument()
		);
		await user.selectOptions(select('escalation-filter-vendor'), 'redhat');
		expect(rowIds()).toEqual(['esc-b']);

		await user.selectOptions(select('escalation-filter-vendor'), '');
		await user.type(document.querySelector('#escalation-filter-text')!, '3333');
		expect(rowIds()).toEqual(['esc-c']);
		expect(screen.getByTestId('escalation-count')).toHaveTextContent('1 of 4 escalations');

		await user.clear(document.querySelector('#escalation-filter-text')!);
		await user.type(document.querySelector('#escalation-filter-text')!, 'STORAGE latency');
		expect(rowIds()).toEqual(['esc-a']);

		await user.type(document.querySelector('#escalation-filter-text')!, ' nothing like it');
		expect(screen.queryAllByTestId('escalation-row')).toHaveLength(0);
		const noMatch = screen.getByTestId('escalations-no-match');
		await user.click(within(noMatch).getByRole('button', { name: 'Clear filters' }));
		expect(rowIds()).toHaveLength(4);
	});

	it('sorts by age, severity and state', async () => {
		const { user } = await renderList();

		await user.selectOptions(select('escalation-sort'), 'age');
		expect(rowIds()).toEqual(['esc-b', 'esc-d', 'esc-a', 'esc-c']);

		await user.selectOptions(select('escalation-sort'), 'severity');
		// Severity 1 first; between the two, the more recent change first.
		expect(rowIds()).toEqual(['esc-b', 'esc-d', 'esc-a', 'esc-c']);

		await user.selectOptions(select('escalation-sort'), 'state');
		expect(rowIds()).toEqual(['esc-a', 'esc-d', 'esc-b', 'esc-c']);
	});

	it('moves through rows with the arrow keys and opens one with Enter or a click', async () => {
		const { user } = await renderList();
		const listbox = screen.getByRole('listbox');

		listbox.focus();
		await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
		expect(goto).toHaveBeenLastCalledWith('/escalations?id=esc-b');

		await user.keyboard('{ArrowUp}{Enter}');
		expect(goto).toHaveBeenLastCalledWith('/escalations?id=esc-a');

		await user.click(screen.getByText('Satellite sync broken'));
		expect(goto).toHaveBeenLastCalledWith('/escalations?id=esc-b');
	});

	it('stays responsive with 5,000 escalations: only the rows in view are rendered', async () => {
		const many = Array.from({ length: 5000 }, (_, index) =>
			escalationSummary({
				id: `esc-${index}`,
				title: `Escalation ${index}`,
				vendorSrNumber: String(10_000_000 + index),
				state: index % 3 === 0 ? 'closed' : 'requested',
				updatedAt: new Date(Date.parse('2025-01-01T00:00:00Z') + index * 60_000).toISOString()
			})
		);
		const { user } = await renderList(many);

		const rows = screen.getAllByTestId('escalation-row');
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.length).toBeLessThan(100);
		expect(rows[0]).toHaveAttribute('data-id', 'esc-4999');

		await user.selectOptions(select('escalation-filter-state'), 'closed');
		expect(screen.getAllByTestId('escalation-row').length).toBeLessThan(100);
		expect(screen.getByTestId('escalation-count')).toHaveTextContent('1667 of 5000 escalations');
	});

	it('shows a load failure in a banner', async () => {
		vi.mocked(listEscalations).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'storage', message: 'disk I/O error' })
		});
		render(EscalationsView);

		expect(await screen.findByRole('alert')).toHaveTextContent('disk I/O error');
		await waitFor(() => expect(markInteractive).toHaveBeenCalledTimes(1));
	});
});
