import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Timeline } from '$lib/ipc';
import TimelineView from './TimelineView.svelte';
import { intactTimeline, manyEntries, timelineEntry } from './timeline-fixtures';

function rows(): HTMLElement[] {
	return screen.getAllByTestId('timeline-row');
}

function seqs(): number[] {
	return rows().map((row) => Number(row.dataset.seq));
}

function renderTimeline(timeline: Timeline, localZone = 'UTC') {
	const user = userEvent.setup();
	render(TimelineView, { props: { timeline, localZone } });
	return { user, list: screen.getByTestId('timeline') };
}

describe('TimelineView', () => {
	it('renders fewer than 100 rows of 5,000 events, newest first', () => {
		const { list } = renderTimeline(intactTimeline(manyEntries(5000)));
		expect(list).toHaveAttribute('role', 'listbox');
		expect(rows().length).toBeGreaterThan(0);
		expect(rows().length).toBeLessThan(100);
		expect(seqs()[0]).toBe(5000);
		expect(rows()[0]).toHaveAttribute('data-kind', 'update_missed');
		expect(rows()[0]).toHaveTextContent('Event number 5000');
		expect(rows()[0]).toHaveTextContent('Update missed');
		expect(rows()[0]).toHaveTextContent('Escalation');
		expect(rows()[0]).toHaveTextContent('Dana Ops');
		expect(screen.getByTestId('timeline-count')).toHaveTextContent('5000 events');
	});

	it('flips the order, filters by kind and by text', async () => {
		const { user, list } = renderTimeline(intactTimeline(manyEntries(5000)));

		await user.selectOptions(document.querySelector<HTMLSelectElement>('#timeline-order')!, 'oldest');
		expect(seqs().slice(0, 3)).toEqual([1, 2, 3]);

		const kind = document.querySelector<HTMLSelectElement>('#timeline-filter-kind')!;
		expect(within(kind).getAllByRole('option').map((option) => option.textContent)).toEqual([
			'All kinds',
			'Call held',
			'Note',
			'Update missed',
			'Update received'
		]);
		await user.selectOptions(kind, 'call_held');
		expect(rows().length).toBeLessThan(100);
		expect(rows().every((row) => row.dataset.kind === 'call_held')).toBe(true);
		expect(seqs().slice(0, 2)).toEqual([2, 6]);
		expect(screen.getByTestId('timeline-count')).toHaveTextContent('1250 of 5000 events');

		await user.selectOptions(document.querySelector<HTMLSelectElement>('#timeline-order')!, 'newest');
		expect(seqs()[0]).toBe(4998);

		await user.type(document.querySelector('#timeline-filter-text')!, 'NUMBER 4298');
		expect(seqs()).toEqual([4298]);
		expect(screen.getByTestId('timeline-count')).toHaveTextContent('1 of 5000 events');

		// Rows scrolled into view carry their kind and number too.
		await user.selectOptions(kind, '');
		await user.clear(document.querySelector('#timeline-filter-text')!);
		list.scrollTop = 3000 * 60;
		await fireEvent.scroll(list);
		expect(seqs()).toContain(2000);
		expect(rows().every((row) => row.dataset.kind !== undefined)).toBe(true);
	});

	it('renders markup in a summary or a note as text', async () => {
		const { user } = renderTimeline(
			intactTimeline([
				timelineEntry({
					seq: 1,
					summary: '<script>alert("x")</script>',
					details: { text: '<img src=x onerror=alert(1)>' }
				})
			])
		);
		const [row] = rows();
		expect(row).toHaveTextContent('<script>alert("x")</script>');
		expect(row).toHaveTextContent('<img src=x onerror=alert(1)>');
		expect(row!.querySelector('script, img')).toBeNull();

		await user.click(row!);
		const detail = screen.getByTestId('timeline-detail');
		expect(screen.getByTestId('timeline-detail-text')).toHaveTextContent('<img src=x onerror=alert(1)>');
		expect(detail.querySelector('script, img')).toBeNull();
	});

	it('shows the text of notes, plans and agreements, in full in the detail panel', async () => {
		const plan = 'Collect vmkernel logs from all hosts\nDaily call at 09:00 with the engineer';
		const { user, list } = renderTimeline(
			intactTimeline([
				timelineEntry({ seq: 1, kind: 'action_plan_agreed', summary: 'Action plan agreed', details: { plan } }),
				timelineEntry({
					seq: 2,
					kind: 'de_escalated',
					summary: 'De-escalated',
					details: { agreement: 'SR comment 14: customer agrees' }
				})
			])
		);
		expect(rows()[0]).toHaveTextContent('SR comment 14: customer agrees');
		expect(rows()[1]).toHaveTextContent('Collect vmkernel logs from all hosts');
		expect(screen.queryByTestId('timeline-detail')).toBeNull();

		list.focus();
		await user.keyboard('{ArrowDown}{Enter}');
		expect(screen.getByTestId('timeline-detail-text').textContent).toBe(plan);
		expect(screen.getByTestId('timeline-detail')).toHaveTextContent('event #1');

		await user.click(screen.getByRole('button', { name: 'Close event details' }));
		expect(screen.queryByTestId('timeline-detail')).toBeNull();
	});

	it('shows the zone an event was entered in when its clock read differently', () => {
		renderTimeline(
			intactTimeline([
				timelineEntry({ seq: 1, at: '2025-03-12T08:00:00Z', zone: 'Europe/Berlin' }),
				timelineEntry({ seq: 2, at: '2025-03-12T09:00:00Z', zone: 'UTC' })
			])
		);
		const [utc, berlin] = rows();
		expect(berlin).toHaveTextContent('entered 09:00 Europe/Berlin');
		expect(utc).not.toHaveTextContent('entered');
		expect(berlin!.querySelector('time')).toHaveAttribute('title', '2025-03-12 08:00 UTC');
	});

	it('says when nothing matches and clears the filters', async () => {
		const { user } = renderTimeline(intactTimeline(manyEntries(10)));
		await user.type(document.querySelector('#timeline-filter-text')!, 'no such words');
		expect(screen.queryAllByTestId('timeline-row')).toHaveLength(0);
		await user.click(within(screen.getByTestId('timeline-empty')).getByRole('button'));
		expect(rows()).toHaveLength(10);
	});
});
