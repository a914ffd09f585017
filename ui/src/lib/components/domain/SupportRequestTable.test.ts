import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { supportRequest } from '../../../test/fixtures';
import SupportRequestTable from './SupportRequestTable.svelte';

const REQUESTS = [
	supportRequest({ id: 'a', title: 'First' }),
	supportRequest({ id: 'b', title: 'Second' })
];

describe('SupportRequestTable', () => {
	it('tells assistive technology how the rows are sorted', async () => {
		const { rerender } = render(SupportRequestTable, {
			props: { requests: REQUESTS, onopen: vi.fn() }
		});
		expect(screen.getByRole('columnheader', { name: 'Created' })).toHaveAttribute(
			'aria-sort',
			'descending'
		);
		await rerender({ sort: 'severity' });
		expect(screen.getByRole('columnheader', { name: 'Severity' })).toHaveAttribute(
			'aria-sort',
			'ascending'
		);
		expect(screen.getByRole('columnheader', { name: 'Created' })).not.toHaveAttribute('aria-sort');
	});

	it('asks for more rows on Arrow Down from the last row, and opens with Enter or Space', async () => {
		const onopen = vi.fn();
		const onpastend = vi.fn();
		const user = userEvent.setup();
		render(SupportRequestTable, { props: { requests: REQUESTS, onopen, onpastend } });
		const rows = screen.getAllByTestId('sr-row');
		rows[1]!.focus();
		await user.keyboard('{ArrowDown}');
		expect(onpastend).toHaveBeenCalledTimes(1);
		await user.keyboard('{ArrowUp} ');
		expect(onopen).toHaveBeenCalledWith('a');
	});

	it('focuses the first row on request', () => {
		const { component } = render(SupportRequestTable, {
			props: { requests: REQUESTS, onopen: vi.fn() }
		});
		component.focusFirstRow();
		expect(screen.getAllByTestId('sr-row')[0]).toHaveFocus();
	});
});
