import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { formatDateTimeInZone } from '$lib/format/date-time';
import { addActionItem, updateActionItem, type RunningEscalation } from '$lib/ipc';
import { apiError } from '../../../../test/fixtures';
import ActionItemsPanel, { formatWaited } from './ActionItemsPanel.svelte';
import { actionItemView, runningEscalation } from './running-fixtures';

vi.mock('$lib/ipc', () => ({ addActionItem: vi.fn(), updateActionItem: vi.fn() }));

function show(running: RunningEscalation, disabled = false) {
	const onchange = vi.fn();
	const user = userEvent.setup();
	render(ActionItemsPanel, {
		props: { escalationId: 'esc-1', running, disabled, zone: 'Europe/Berlin', onchange }
	});
	return { user, onchange };
}

const twoItems = () =>
	runningEscalation({
		actionItems: [
			actionItemView({ overdue: true }),
			actionItemView({
				id: 'item-2',
				title: '<i>Patch</i> the hosts',
				owner: 'Eve',
				side: 'vendor',
				due: null,
				status: 'waiting_on_vendor'
			})
		],
		waitedOnVendorSeconds: 7200,
		waitedOnUsSeconds: 3600
	});

beforeEach(() => {
	vi.mocked(addActionItem).mockReset();
	vi.mocked(updateActionItem).mockReset();
});

describe('formatWaited', () => {
	it('says hours and minutes', () => {
		expect(formatWaited(null)).toBe('none');
		expect(formatWaited(0)).toBe('none');
		expect(formatWaited(45 * 60 + 20)).toBe('45 min');
		expect(formatWaited(7200)).toBe('2 h 0 min');
		expect(formatWaited(27 * 3600 + 5 * 60)).toBe('27 h 5 min');
	});
});

describe('ActionItemsPanel', () => {
	it('lists items with owner, side, due time in the user’s zone and status', () => {
		show(twoItems());
		const rows = screen.getAllByTestId('action-item');
		expect(rows).toHaveLength(2);
		expect(rows[0]).toHaveAttribute('data-status', 'open');
		expect(rows[0]).toHaveTextContent('Send vm-support bundle');
		expect(rows[0]).toHaveTextContent('Ada');
		expect(rows[0]).toHaveTextContent('Us');
		expect(rows[0]).toHaveTextContent(
			formatDateTimeInZone('2025-03-12T16:00:00Z', 'Europe/Berlin')
		);
		expect(within(rows[0]!).getByTestId('action-item-overdue')).toHaveTextContent('overdue');
		expect(rows[1]).toHaveAttribute('data-status', 'waiting_on_vendor');
		expect(rows[1]).toHaveTextContent('<i>Patch</i> the hosts');
		expect(rows[1]!.querySelector('i')).toBeNull();
		expect(rows[1]).toHaveTextContent('Vendor');
		expect(rows[1]).toHaveTextContent('No due time');
		expect(within(rows[1]!).queryByTestId('action-item-overdue')).toBeNull();
		const status = within(rows[1]!).getByTestId('action-item-status');
		expect(status).toHaveValue('waiting_on_vendor');
		expect(status).toHaveAccessibleName('Status of “<i>Patch</i> the hosts”');
		expect(
			within(status)
				.getAllByRole('option')
				.map((o) => o.textContent)
		).toEqual(['Open', 'In progress', 'Waiting on vendor', 'Waiting on us', 'Done', 'Dropped']);
		expect(screen.getByTestId('waited-totals')).toHaveTextContent(
			'Waited on vendor: 2 h 0 min · on us: 1 h 0 min'
		);
	});

	it('changes a status with the item’s details, due back in the user’s zone', async () => {
		const next = runningEscalation();
		vi.mocked(updateActionItem).mockResolvedValue({ ok: true, data: next });
		const { user, onchange } = show(twoItems());

		const [first, second] = screen.getAllByTestId('action-item-status');
		await user.selectOptions(first!, 'done');
		// 16:00 UTC is 17:00 in Berlin in March.
		expect(updateActionItem).toHaveBeenCalledWith(
			'item-1',
			{ title: 'Send vm-support bundle', owner: 'Ada', side: 'us', due: '2025-03-12T17:00' },
			'done'
		);
		expect(onchange).toHaveBeenCalledWith(next);

		await user.selectOptions(second!, 'waiting_on_us');
		expect(updateActionItem).toHaveBeenLastCalledWith(
			'item-2',
			{ title: '<i>Patch</i> the hosts', owner: 'Eve', side: 'vendor', due: null },
			'waiting_on_us'
		);
	});

	it('puts the status back and says why when the change fails', async () => {
		vi.mocked(updateActionItem).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'not_allowed', message: 'The escalation is closed.' })
		});
		const { user, onchange } = show(twoItems());
		const status = screen.getAllByTestId('action-item-status')[0]!;
		await user.selectOptions(status, 'in_progress');
		expect(await screen.findByTestId('action-items-error')).toHaveTextContent(
			'The escalation is closed.'
		);
		expect(status).toHaveValue('open');
		expect(onchange).not.toHaveBeenCalled();
	});

	it('adds an item with a due time typed in the user’s zone', async () => {
		const next = twoItems();
		vi.mocked(addActionItem).mockResolvedValue({ ok: true, data: next });
		const { user, onchange } = show(runningEscalation());
		expect(screen.getByTestId('action-items-empty')).toBeInTheDocument();
		expect(screen.getByTestId('waited-totals')).toHaveTextContent(
			'Waited on vendor: none · on us: none'
		);

		await user.click(screen.getByTestId('action-item-add'));
		await user.type(screen.getByTestId('item-title'), 'Collect logs');
		await user.type(screen.getByTestId('item-owner'), 'Tom');
		await user.selectOptions(screen.getByTestId('item-side'), 'third_party');
		await user.type(screen.getByTestId('item-due'), '2025-03-14T10:00');
		await user.click(screen.getByTestId('item-save'));
		expect(addActionItem).toHaveBeenCalledWith('esc-1', {
			title: 'Collect logs',
			owner: 'Tom',
			side: 'third_party',
			due: '2025-03-14T10:00'
		});
		expect(onchange).toHaveBeenCalledWith(next);
		await waitFor(() => expect(screen.queryByTestId('item-form')).toBeNull());
	});

	it('edits an item, keeping its status; errors appear beside the fields', async () => {
		vi.mocked(updateActionItem).mockResolvedValueOnce({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Some details need attention.',
				fields: [{ field: 'owner', message: 'Say who owns it.' }]
			})
		});
		const { user } = show(twoItems());
		await user.click(screen.getAllByTestId('action-item-edit')[0]!);
		expect(screen.getByTestId('item-title')).toHaveValue('Send vm-support bundle');
		expect(screen.getByTestId('item-due')).toHaveValue('2025-03-12T17:00');
		await user.clear(screen.getByTestId('item-owner'));
		await user.click(screen.getByTestId('item-save'));
		expect(updateActionItem).toHaveBeenCalledWith(
			'item-1',
			{ title: 'Send vm-support bundle', owner: '', side: 'us', due: '2025-03-12T17:00' },
			'open'
		);
		const owner = screen.getByTestId('item-owner');
		await waitFor(() => expect(owner).toHaveAttribute('aria-invalid', 'true'));
		expect(owner).toHaveAccessibleDescription('Say who owns it.');
		expect(screen.getByTestId('item-title')).toHaveValue('Send vm-support bundle');
	});

	it('changes nothing once the escalation is over', () => {
		show(twoItems(), true);
		expect(screen.getByTestId('action-item-add')).toBeDisabled();
		for (const select of screen.getAllByTestId('action-item-status')) expect(select).toBeDisabled();
		for (const edit of screen.getAllByTestId('action-item-edit')) expect(edit).toBeDisabled();
	});
});
