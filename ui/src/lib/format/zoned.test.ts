import { describe, expect, it } from 'vitest';
import { toZonedInput } from './zoned';

describe('toZonedInput', () => {
	it('gives the wall-clock time in the zone, as a datetime-local value', () => {
		expect(toZonedInput('2025-03-12T13:05:00Z', 'Europe/Berlin')).toBe('2025-03-12T14:05');
		expect(toZonedInput('2025-03-12T13:05:00Z', 'America/New_York')).toBe('2025-03-12T09:05');
		expect(toZonedInput('2025-03-12T13:05:00Z', 'UTC')).toBe('2025-03-12T13:05');
	});

	it('follows summer time and crosses the date line', () => {
		expect(toZonedInput('2025-07-01T10:30:00Z', 'Europe/Berlin')).toBe('2025-07-01T12:30');
		expect(toZonedInput('2025-03-12T13:05:00Z', 'Pacific/Auckland')).toBe('2025-03-13T02:05');
		expect(toZonedInput('2025-03-12T23:00:00+00:00', 'Europe/Berlin')).toBe('2025-03-13T00:00');
	});

	it('writes midnight as 00', () => {
		expect(toZonedInput('2025-03-12T00:00:00Z', 'UTC')).toBe('2025-03-12T00:00');
	});

	it('gives null for no value, an unreadable one or an unknown zone', () => {
		expect(toZonedInput(null, 'UTC')).toBeNull();
		expect(toZonedInput('', 'UTC')).toBeNull();
		expect(toZonedInput('tomorrow', 'UTC')).toBeNull();
		expect(toZonedInput('2025-03-12T13:05:00Z', 'Mars/Olympus_Mons')).toBeNull();
	});
});
