import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { zoneRows } from './calls-fixtures';
import ZoneTable, {
	attendeeRoleLabel,
	formatDayOffset,
	formatLocalSpan,
	formatUtcOffset
} from './ZoneTable.svelte';

describe('ZoneTable', () => {
	it('formats local spans, day offsets and UTC offsets', () => {
		expect(formatLocalSpan('2025-03-10T18:00:00', '2025-03-10T18:45:00')).toBe('Mon 18:00–18:45');
		expect(formatLocalSpan('2025-03-09T23:30:00', '2025-03-10T00:15:00')).toBe(
			'Sun 23:30–Mon 00:15'
		);
		expect(formatDayOffset(0)).toBe('');
		expect(formatDayOffset(1)).toBe('+1 day');
		expect(formatDayOffset(-1)).toBe('\u22121 day');
		expect(formatDayOffset(2)).toBe('+2 days');
		expect(formatUtcOffset(330)).toBe('UTC+5:30');
		expect(formatUtcOffset(-210)).toBe('UTC\u22123:30');
		expect(formatUtcOffset(0)).toBe('UTC+0');
		expect(formatUtcOffset(-420)).toBe('UTC\u22127');
		expect(attendeeRoleLabel('global_escalation_program_manager')).toBe(
			'Global escalation program manager'
		);
		expect(attendeeRoleLabel(null)).toBe('');
	});

	it('shows the day before and the outside-hours marker', () => {
		const rows = zoneRows();
		rows[3] = {
			...rows[3]!,
			dayOffset: -1,
			start: '2025-03-09T23:00:00',
			end: '2025-03-09T23:45:00'
		};
		render(ZoneTable, { props: { rows, testid: 'preview' } });
		const lena = within(screen.getByTestId('preview'))
			.getAllByTestId('zone-row')
			.find((row) => row.dataset.who === 'Lena')!;
		expect(lena).toHaveTextContent('Sun 23:00–23:45');
		expect(within(lena).getByTestId('zone-day-offset')).toHaveTextContent('\u22121 day');
		const priya = screen.getAllByTestId('zone-row').find((row) => row.dataset.who === 'Priya')!;
		expect(within(priya).getByTestId('zone-outside-hours')).toBeInTheDocument();
	});
});
