import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ColumnChart from './ColumnChart.svelte';

const WEEK = [
	{ label: 'Mon', description: 'Monday 13 July', value: 1 },
	{ label: 'Tue', description: 'Tuesday 14 July', value: 3 },
	{ label: 'Wed', description: 'Wednesday 15 July', value: 0 },
	{ label: 'Thu', description: 'Thursday 16 July', value: 6 },
	{ label: 'Fri', description: 'Friday 17 July', value: 0 },
	{ label: 'Sat', description: 'Saturday 18 July', value: 0 },
	{ label: 'Sun', description: 'Sunday 19 July', value: 0 }
];

function heights(container: HTMLElement): number[] {
	return Array.from(container.querySelectorAll('rect.column'), (column) =>
		Number(column.getAttribute('height'))
	);
}

describe('ColumnChart', () => {
	it('draws columns proportional to their values, the largest the tallest', () => {
		const { container } = render(ColumnChart, { props: { title: 'Missed', data: WEEK } });
		const all = heights(container);
		expect(all).toHaveLength(7);
		const tallest = Math.max(...all);
		expect(all[3]).toBe(tallest);
		expect(all[0]).toBeCloseTo(tallest / 6);
		expect(all[1]).toBeCloseTo(tallest / 2);
		expect(all[2]).toBe(0);
	});

	it('puts the columns side by side in order, each with its label and value', () => {
		const { container } = render(ColumnChart, { props: { title: 'Missed', data: WEEK } });
		const xs = Array.from(container.querySelectorAll('rect.column'), (column) =>
			Number.parseFloat(column.getAttribute('x') ?? 'NaN')
		);
		expect([...xs].sort((a, b) => a - b)).toEqual(xs);
		const labels = Array.from(container.querySelectorAll('text.label'), (text) =>
			text.textContent?.trim()
		);
		expect(labels).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
		const values = Array.from(container.querySelectorAll('text.value'), (text) =>
			text.textContent?.trim()
		);
		expect(values).toEqual(['1', '3', '0', '6', '0', '0', '0']);
	});

	it('names the image and lists the full days with their numbers in a table', () => {
		render(ColumnChart, {
			props: { title: 'Missed updates', data: WEEK, labelHeading: 'Day', valueHeading: 'Missed' }
		});
		expect(screen.getByRole('img', { name: 'Missed updates' })).toBeInTheDocument();
		const table = screen.getByRole('table', { name: 'Missed updates' });
		const row = within(table).getByRole('row', { name: /Thursday 16 July/ });
		expect(row).toHaveTextContent('6');
	});

	it('draws a week of zeros flat', () => {
		const { container } = render(ColumnChart, {
			props: { title: 'Missed', data: WEEK.map((day) => ({ ...day, value: 0 })) }
		});
		expect(heights(container)).toEqual([0, 0, 0, 0, 0, 0, 0]);
	});

	it('says so when there is no data', () => {
		render(ColumnChart, {
			props: { title: 'Missed', data: [], empty: 'No days', testid: 'missed' }
		});
		expect(screen.getByTestId('missed-empty')).toHaveTextContent('No days');
	});
});
