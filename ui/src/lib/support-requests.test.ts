import { describe, expect, it } from 'vitest';
import { VMWARE, apiError, supportRequest } from '../test/fixtures';
import {
	compareTimes,
	describeMilestone,
	describeWorkaround,
	filterRequests,
	formatCalendarDate,
	hasFilters,
	isSrSort,
	NO_FILTERS,
	severityLabels,
	sortRequests,
	splitErrorsFor,
	splitFieldErrors,
	vendorsInRequests
} from './support-requests';

const A = supportRequest({
	id: 'a',
	vendorSrNumber: '10',
	title: 'Disk latency',
	severity: 3,
	status: 'open',
	createdAt: '2025-03-01T10:00:00Z'
});
const B = supportRequest({
	id: 'b',
	vendor: 'redhat',
	vendorName: 'Red Hat',
	vendorSrNumber: '9',
	title: 'Kernel panic',
	severity: 1,
	status: 'waiting_on_vendor',
	createdAt: '2025-03-03T10:00:00.250Z'
});
const C = supportRequest({
	id: 'c',
	vendorSrNumber: '100',
	title: 'vMotion DISK errors',
	severity: 1,
	status: 'closed',
	createdAt: '2025-03-02T10:00:00Z'
});

const ids = (list: readonly { id: string }[]) => list.map((request) => request.id);

describe('sorting and filtering the list', () => {
	const index = [A, B, C];

	it('sorts by time with fractional seconds, by severity, and by SR number as a number', () => {
		expect(ids(sortRequests(index, 'newest'))).toEqual(['b', 'c', 'a']);
		expect(ids(sortRequests(index, 'oldest'))).toEqual(['a', 'c', 'b']);
		// Severity 1 first; among equals, the newest first.
		expect(ids(sortRequests(index, 'severity'))).toEqual([
			'b',
			'c',
			'a'
		]);
		expect(ids(sortRequests(index, 'number'))).toEqual(['b', 'a', 'c']);
	});

	it('compares times as text when alike, and parsed when the fractions differ', () => {
		expect(compareTimes('2025-03-01T10:00:00Z', '2025-03-01T10:00:01Z')).toBe(-1);
		expect(compareTimes('2025-03-01T10:00:00.5Z', '2025-03-01T10:00:00Z')).toBe(1);
		expect(compareTimes('2025-03-01T10:00:00.000001Z', '2025-03-01T10:00:00.5Z')).toBe(-1);
		expect(compareTimes('2025-03-01T10:00:00Z', '2025-03-01T10:00:00.000Z')).toBe(0);
	});

	it('returns a list already in order as it is', () => {
		const newest = [B, C, A];
		expect(sortRequests(newest, 'newest')).toBe(newest);
	});

	it('does not change the list it sorts', () => {
		sortRequests(index, 'oldest');
		expect(ids(index)).toEqual(['a', 'b', 'c']);
	});

	it('filters by vendor, status and text in number or title, ignoring case', () => {
		expect(ids(filterRequests(index, NO_FILTERS))).toEqual(['a', 'b', 'c']);
		expect(ids(filterRequests(index, { ...NO_FILTERS, vendor: 'redhat' }))).toEqual(['b']);
		expect(ids(filterRequests(index, { ...NO_FILTERS, status: 'closed' }))).toEqual(['c']);
		expect(ids(filterRequests(index, { ...NO_FILTERS, text: '  disk ' }))).toEqual(['a', 'c']);
		expect(ids(filterRequests(index, { ...NO_FILTERS, text: '10' }))).toEqual(['a', 'c']);
		expect(ids(filterRequests(index, { vendor: 'vmware', status: 'open', text: 'disk' }))).toEqual([
			'a'
		]);
	});

	it('knows when filters are set and which sorts exist', () => {
		expect(hasFilters(NO_FILTERS)).toBe(false);
		expect(hasFilters({ ...NO_FILTERS, text: '   ' })).toBe(false);
		expect(hasFilters({ ...NO_FILTERS, status: 'open' })).toBe(true);
		expect(isSrSort('severity')).toBe(true);
		expect(isSrSort('title')).toBe(false);
	});

	it('offers the vendors that have SRs, by name', () => {
		expect(vendorsInRequests([A, B, C])).toEqual([
			{ value: 'redhat', label: 'Red Hat' },
			{ value: 'vmware', label: 'VMware by Broadcom' }
		]);
	});

	// Correctness at scale only: timings are benchmarks, never test assertions (BENCHMARKS.md).
	it('filters and sorts 50,000 SRs', () => {
		const many = Array.from({ length: 50_000 }, (_, n) =>
			supportRequest({
				id: `sr-${n}`,
				vendorSrNumber: String(1_000_000 + n),
				title: n % 1000 === 0 ? `Needle ${n}` : `Haystack ${n}`,
				createdAt: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString()
			})
		);
		const big = sortRequests(many, 'newest');
		const found = filterRequests(big, { ...NO_FILTERS, text: 'needle' });
		expect(found).toHaveLength(50);
		expect(found[0]?.title).toBe('Needle 49000');
		expect(found[49]?.title).toBe('Needle 0');
	});
});

describe('field errors', () => {
	it('splits errors between known fields and the rest', () => {
		const error = apiError({
			code: 'validation',
			fields: [
				{ field: 'to', message: 'Choose a severity.' },
				{ field: 'note', message: 'Say what changed.' },
				{ field: 'note', message: 'Shorter.' },
				{ field: 'elsewhere', message: 'Something else.' }
			]
		});
		expect(splitErrorsFor(error, ['to', 'note'] as const)).toEqual({
			fields: { to: 'Choose a severity.', note: 'Say what changed. Shorter.' },
			other: ['Something else.']
		});
		expect(splitFieldErrors(error).other).toHaveLength(4);
	});
});

describe('facts in words', () => {
	it('states the workaround and the milestone', () => {
		expect(describeWorkaround({ kind: 'none' })).toBe('None');
		expect(describeWorkaround({ kind: 'impractical', why: 'x' })).toBe('Exists, but impractical');
		expect(describeMilestone({ kind: 'unset' })).toBe('Not set');
		expect(describeMilestone({ kind: 'none_explicitly' })).toBe('None');
		const on = describeMilestone({ kind: 'on', date: '2026-12-01', what: 'Go-live' });
		expect(on).toBe(`${formatCalendarDate('2026-12-01')}: Go-live`);
		expect(on).toMatch(/2026/);
		expect(describeMilestone({ kind: 'on', date: '2026-12-01', what: ' ' })).toBe(
			formatCalendarDate('2026-12-01')
		);
	});

	it('keeps the calendar day whatever the zone, and shows a strange date as it came', () => {
		expect(formatCalendarDate('2026-12-01')).toMatch(/\b1\b/);
		expect(formatCalendarDate('next week')).toBe('next week');
	});

	it("uses the vendor's severity words, or plain levels for an unknown vendor", () => {
		expect(severityLabels(VMWARE).map((level) => level.label)).toEqual([
			'Severity 1 (Critical)',
			'Severity 2 (Major)',
			'Severity 3 (Minor)',
			'Severity 4 (Cosmetic)'
		]);
		expect(severityLabels(undefined)).toEqual([
			{ level: 1, label: 'Severity 1' },
			{ level: 2, label: 'Severity 2' },
			{ level: 3, label: 'Severity 3' },
			{ level: 4, label: 'Severity 4' }
		]);
	});
});
