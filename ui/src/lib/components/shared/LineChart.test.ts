import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import LineChart from './LineChart.svelte';
import { niceCeiling, shorten } from './chart-scale';

const MONTHS = ['Feb', 'Mar', 'Apr', 'May'];

function points(container: HTMLElement, series: string): SVGCircleElement[] {
	return Array.from(
		container.querySelectorAll<SVGCircleElement>(`g.series[data-series="${series}"] circle.point`)
	);
}

describe('LineChart', () => {
	it('draws a point per value, higher for larger values, with a legend entry per series', () => {
		const { container } = render(LineChart, {
			props: {
				title: 'Opened per vendor',
				categories: MONTHS,
				series: [
					{ name: 'Red Hat', values: [1, 4, 2, 0] },
					{ name: 'VMware', values: [0, 0, 5, 1] }
				]
			}
		});
		const redHat = points(container, 'Red Hat');
		expect(redHat).toHaveLength(4);
		const ys = redHat.map((point) => Number(point.getAttribute('cy')));
		// SVG's y grows downwards: the largest value sits highest.
		expect(Math.min(...ys)).toBe(ys[1]);
		expect(Math.max(...ys)).toBe(ys[3]);
		expect(container.querySelectorAll('g.series[data-series="Red Hat"] line.line')).toHaveLength(3);

		const legend = container.querySelector('ul.legend');
		expect(legend).toHaveTextContent('Red Hat');
		expect(legend).toHaveTextContent('VMware');
		// Every series has its own colour and dash.
		const groups = Array.from(container.querySelectorAll('g.series'), (group) =>
			group.getAttribute('class')
		);
		expect(new Set(groups).size).toBe(2);
	});

	it('breaks the line where a value is missing', () => {
		const { container } = render(LineChart, {
			props: {
				title: 'Median time',
				categories: MONTHS,
				series: [{ name: 'Red Hat', values: [3600, null, 7200, 1800] }]
			}
		});
		expect(points(container, 'Red Hat')).toHaveLength(3);
		// Only Apr–May is joined: Feb and Apr have a gap between them.
		expect(container.querySelectorAll('line.line')).toHaveLength(1 + 1 /* legend swatch */);
	});

	it('labels the months and gives the numbers as a table, with gaps said', () => {
		render(LineChart, {
			props: {
				title: 'Median time',
				categories: MONTHS,
				series: [{ name: 'Red Hat', values: [60, null, 120, 30] }],
				formatValue: (value: number) => `${value}s`,
				seriesHeading: 'Vendor'
			}
		});
		const image = screen.getByRole('img', { name: 'Median time' });
		for (const month of MONTHS) expect(image).toHaveTextContent(month);
		const table = screen.getByRole('table', { name: 'Median time' });
		expect(within(table).getByRole('columnheader', { name: 'Vendor' })).toBeInTheDocument();
		const row = within(table).getByRole('row', { name: /Red Hat/ });
		expect(within(row).getAllByRole('cell').map((cell) => cell.textContent)).toEqual([
			'60s',
			'No data',
			'120s',
			'30s'
		]);
	});

	it('keeps whole-number grid lines for counts', () => {
		const { container } = render(LineChart, {
			props: {
				title: 'Opened',
				categories: MONTHS,
				series: [{ name: 'Red Hat', values: [0, 1, 0, 1] }],
				integers: true
			}
		});
		const ticks = Array.from(container.querySelectorAll('text.tick'), (tick) =>
			tick.textContent?.trim()
		);
		expect(ticks).toEqual(['0', '1']);
	});

	it('says so when there is nothing to draw', () => {
		render(LineChart, {
			props: {
				title: 'Median time',
				categories: MONTHS,
				series: [{ name: 'Red Hat', values: [null, null, null, null] }],
				empty: 'No engineer assigned',
				testid: 'trend'
			}
		});
		expect(screen.getByTestId('trend-empty')).toHaveTextContent('No engineer assigned');
		expect(screen.queryByRole('img')).toBeNull();
	});
});

describe('chart scale', () => {
	it('rounds the top of a scale up to 1, 2 or 5 times a power of ten', () => {
		expect([0, 0.3, 1, 3, 7, 12, 60, 450].map(niceCeiling)).toEqual([1, 0.5, 1, 5, 10, 20, 100, 500]);
	});

	it('shortens text with an ellipsis', () => {
		expect(shorten('Engineer assigned', 30)).toBe('Engineer assigned');
		expect(shorten('Engineer assigned', 8)).toBe('Enginee…');
	});
});
