import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import EscalationList, { filterEscalations, isOpenState, sortEscalations } from './EscalationList.svelte';
import { escalationSummary } from './escalation-fixtures';

const A = escalationSummary({ id: 'a', title: 'Alpha', state: 'requested', severity: 3, vendorSrNumber: '100', updatedAt: '2025-03-01T00:00:00Z', createdAt: '2025-02-01T00:00:00Z' });
const B = escalationSummary({ id: 'b', title: 'Beta', state: 'closed', severity: 1, vendor: 'redhat', vendorSrNumber: '200', updatedAt: '2025-03-03T00:00:00Z', createdAt: '2025-02-03T00:00:00Z' });
const C = escalationSummary({ id: 'c', title: 'Gamma', state: 'de_escalated', severity: 1, vendorSrNumber: '300', updatedAt: '2025-03-02T00:00:00Z', createdAt: 'not a date' });

describe('escalation list helpers', () => {
	it('knows which states are open', () => {
		expect(isOpenState('requested')).toBe(true);
		expect(isOpenState('de_escalated')).toBe(true);
		expect(isOpenState('closed')).toBe(false);
		expect(isOpenState('withdrawn')).toBe(false);
	});

	it('filters by open, state, vendor and words in the title or SR number', () => {
		const all = [A, B, C];
		const ids = (filter: Parameters<typeof filterEscalations>[1]) =>
			filterEscalations(all, filter).map((e) => e.id);
		expect(ids({ state: '', vendor: '', text: '' })).toEqual(['a', 'b', 'c']);
		expect(ids({ state: 'open', vendor: '', text: '' })).toEqual(['a', 'c']);
		expect(ids({ state: 'closed', vendor: '', text: '' })).toEqual(['b']);
		expect(ids({ state: '', vendor: 'vmware', text: '' })).toEqual(['a', 'c']);
		expect(ids({ state: '', vendor: '', text: ' 30 ' })).toEqual(['c']);
		expect(ids({ state: '', vendor: '', text: 'ALPHA 100' })).toEqual(['a']);
		expect(ids({ state: 'open', vendor: 'redhat', text: '' })).toEqual([]);
	});

	it('sorts without changing its input; an unreadable date counts as oldest', () => {
		const input = [A, B, C];
		expect(sortEscalations(input, 'updated').map((e) => e.id)).toEqual(['b', 'c', 'a']);
		expect(sortEscalations(input, 'age').map((e) => e.id)).toEqual(['c', 'a', 'b']);
		expect(sortEscalations(input, 'severity').map((e) => e.id)).toEqual(['b', 'c', 'a']);
		expect(sortEscalations(input, 'state').map((e) => e.id)).toEqual(['a', 'c', 'b']);
		expect(input.map((e) => e.id)).toEqual(['a', 'b', 'c']);
	});
});

describe('EscalationList', () => {
	it('opens the active row with Enter', async () => {
		const onopen = vi.fn();
		render(EscalationList, {
			props: { escalations: [A, B], severityLabel: (_v: string, level: number) => `S${level}`, now: Date.parse('2025-03-05T00:00:00Z'), onopen }
		});
		const user = userEvent.setup();
		const rows = screen.getAllByTestId('escalation-row');
		expect(rows.map((row) => row.dataset.state)).toEqual(['requested', 'closed']);
		expect(rows[0]).toHaveTextContent('S3');
		expect(rows[0]).toHaveTextContent('32 d');

		screen.getByRole('listbox').focus();
		await user.keyboard('{ArrowDown}{Enter}');
		expect(onopen).toHaveBeenCalledWith('b');
	});
});
