import { describe, expect, it } from 'vitest';
import {
	dateInZone,
	formatMomentInZone,
	formatRangeInZone,
	fromTimeInput,
	localInputInZone,
	toTimeInput
} from './today-times';

describe('localInputInZone', () => {
	it('gives the wall-clock time in the zone, as a datetime-local input writes it', () => {
		expect(localInputInZone('2025-03-12T08:05:00Z', 'Europe/Berlin')).toBe('2025-03-12T09:05');
		expect(localInputInZone('2025-07-01T23:30:00Z', 'Asia/Tokyo')).toBe('2025-07-02T08:30');
		expect(localInputInZone('2025-01-01T00:00:00Z', 'UTC')).toBe('2025-01-01T00:00');
	});

	it('writes midnight as 00, not 24', () => {
		expect(localInputInZone('2025-03-11T23:00:00Z', 'Europe/Berlin')).toBe('2025-03-12T00:00');
	});

	it('is null for a moment or a zone it does not understand', () => {
		expect(localInputInZone('soon', 'UTC')).toBeNull();
		expect(localInputInZone('2025-03-12T08:05:00Z', 'Mars/Base')).toBeNull();
	});
});

describe('formatMomentInZone', () => {
	it('shows only the time on the given day, and the day otherwise', () => {
		expect(dateInZone('2025-03-12T08:05:00Z', 'Europe/Berlin')).toBe('2025-03-12');
		expect(formatMomentInZone('2025-03-12T08:05:00Z', 'Europe/Berlin', '2025-03-12', 'en-GB')).toBe(
			'09:05'
		);
		expect(formatMomentInZone('2025-03-11T08:05:00Z', 'Europe/Berlin', '2025-03-12', 'en-GB')).toBe(
			'11 Mar, 09:05'
		);
	});

	it('formats a range of times in the zone', () => {
		expect(
			formatRangeInZone('2025-03-12T08:00:00Z', '2025-03-12T09:00:00Z', 'America/New_York', 'en-GB')
		).toBe('04:00–05:00');
	});
});

describe('time inputs', () => {
	it('converts between HH:MM and HH:MM:SS', () => {
		expect(toTimeInput('22:00:00')).toBe('22:00');
		expect(fromTimeInput('07:30')).toBe('07:30:00');
		expect(fromTimeInput('')).toBe('');
	});
});
