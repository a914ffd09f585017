import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import BarChart from './BarChart.svelte';

const DATA = [
	{ label: 'Requested', value: 2 },
	{ label: 'Engineer assigned', value: 8 },
	{ label: 'Acknowledged', value: 4 },
	{ label: 'Draft', value: 0 }
];

function widths(container: HTMLElement): number[] {
	return Array.from(container.querySelectorAll('rect.bar'), (bar) =>
		Number.parseFloat(bar.getAttribute('width') ?? 'NaN')
	);
}

describe('BarChart', () => {
	it('draws one bar per value, proportional to it, the largest the widest', () => {
		const { container } = render(BarChart, {
			props: { title: 'Open by state', data: DATA, testid: 'chart' }
		});
		const [requested, engineer, acknowledged, draft] = widths(container);
		expect(engineer).toBe(Math.max(...widths(container)));
		expect(engineer).toBeGreaterThan(0);
		expect(requested).toBeCloseTo(engineer! / 4);
		expect(acknowledged).toBeCloseTo(engineer! / 2);
		expect(draft).toBe(0);
	});

	it('labels every bar with its name and value, and names the image', () => {
		render(BarChart, { props: { title: 'Open by state', data: DATA, testid: 'chart' } });
		const image = screen.getByRole('img', { name: 'Open by state' });
		for (const datum of DATA) {
			expect(image).toHaveTextContent(datum.label);
		}
		expect(Array.from(image.querySelectorAll('text.value'), (text) => text.textContent?.trim())).toEqual(
			['2', '8', '4', '0']
		);
	});

	it('gives assistive technology the numbers as a table', () => {
		render(BarChart, {
			props: {
				title: 'Open by vendor',
				data: [{ label: 'Red Hat', value: 3 }],
				labelHeading: 'Vendor',
				valueHeading: 'Open escalations'
			}
		});
		const table = screen.getByRole('table', { name: 'Open by vendor' });
		expect(within(table).getByRole('columnheader', { name: 'Vendor' })).toBeInTheDocument();
		expect(within(table).getByRole('rowheader', { name: 'Red Hat' })).toBeInTheDocument();
		expect(within(table).getByRole('cell', { name: '3' })).toBeInTheDocument();
	});

	it('copes with nothing but zeros', () => {
		const { container } = render(BarChart, {
			props: { title: 'Quiet', data: [{ label: 'A', value: 0 }, { label: 'B', value: 0 }] }
		});
		expect(widths(container)).toEqual([0, 0]);
	});

	it('formats values as asked', () => {
		render(BarChart, {
			props: {
				title: 'Times',
				data: [{ label: 'Red Hat', value: 90 }],
				formatValue: (value: number) => `${value / 60} min`
			}
		});
		expect(screen.getByRole('img', { name: 'Times' })).toHaveTextContent('1.5 min');
	});

	it('says so when there is no data', () => {
		render(BarChart, {
			props: { title: 'Open by vendor', data: [], empty: 'No open escalations', testid: 'chart' }
		});
		expect(screen.getByTestId('chart-empty')).toHaveTextContent('No open escalations');
		expect(screen.queryByRole('img')).toBeNull();
	});

	it('shortens a long label in the drawing but keeps it whole in the table', () => {
		const long = 'A vendor with a remarkably long and winding name, and a division too';
		render(BarChart, { props: { title: 'Vendors', data: [{ label: long, value: 1 }] } });
		const label = screen.getByRole('img', { name: 'Vendors' }).querySelector('text.label');
		expect(label?.textContent).toContain('…');
		expect(screen.getByRole('rowheader', { name: long })).toBeInTheDocument();
	});
});
