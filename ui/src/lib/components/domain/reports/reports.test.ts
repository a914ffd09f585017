import { describe, expect, it } from 'vitest';
import { describeImport, formatBytes, formatLabel } from './reports';

const NOTHING = {
	supportRequestsAdded: 0,
	escalationsAdded: 0,
	recordsUpdated: 0,
	eventsAdded: 0,
	otherAdded: 0,
	unchanged: 0
};

describe('describeImport', () => {
	it('says what was added and what stayed as it was', () => {
		expect(
			describeImport({
				...NOTHING,
				escalationsAdded: 3,
				supportRequestsAdded: 12,
				eventsAdded: 140,
				unchanged: 5
			})
		).toBe('Added 3 escalations, 12 support requests, 140 events; 5 unchanged');
	});

	it('uses the singular for one, and mentions updates', () => {
		expect(
			describeImport({ ...NOTHING, escalationsAdded: 1, eventsAdded: 1, recordsUpdated: 2 })
		).toBe('Added 1 escalation, 1 event; updated 2 records');
		expect(describeImport({ ...NOTHING, recordsUpdated: 1, otherAdded: 0 })).toBe(
			'Updated 1 record'
		);
	});

	it('says when nothing was new', () => {
		expect(describeImport({ ...NOTHING, unchanged: 9 })).toBe(
			'Nothing new: 9 records already here, unchanged'
		);
		expect(describeImport(NOTHING)).toBe('The file held nothing to import');
	});
});

describe('formatBytes', () => {
	it('says sizes in bytes, kilobytes and megabytes', () => {
		expect(formatBytes(812)).toBe('812 B');
		expect(formatBytes(12_700)).toBe('12.4 KB');
		expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
		expect(formatBytes(-1)).toBe('—');
	});
});

describe('formatLabel', () => {
	it('names a format without its explanation', () => {
		expect(formatLabel('csv')).toBe('CSV');
		expect(formatLabel('json')).toBe('JSON');
		expect(formatLabel('markdown')).toBe('Markdown');
		expect(formatLabel('docx')).toBe('docx');
	});
});
