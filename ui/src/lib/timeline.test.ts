import { describe, expect, it } from 'vitest';
import {
	ESCALATION_STREAM,
	intactTimeline,
	manyEntries,
	timelineEntry
} from '$lib/components/domain/timeline/timeline-fixtures';
import { formatAge, formatDateTimeInZone, formatTimeInZone } from '$lib/format/date-time';
import type { Timeline } from '$lib/ipc';
import {
	brokenChains,
	describeBreak,
	enteredNote,
	eventText,
	filterTimeline,
	kindLabel,
	kindsPresent,
	orderTimeline,
	prepareTimeline,
	verifiedCount
} from './timeline';

describe('kindLabel', () => {
	it('names known kinds and shows unknown ones as themselves', () => {
		expect(kindLabel('acknowledged')).toBe('Acknowledged by vendor');
		expect(kindLabel('re_escalated')).toBe('Re-escalated');
		expect(kindLabel('note')).toBe('Note');
		expect(kindLabel('on_hold')).toBe('on_hold');
		expect(kindLabel('toString')).toBe('toString');
	});
});

describe('eventText', () => {
	it('finds the words a person wrote in the details', () => {
		expect(eventText({ details: { text: 'Called the TAM' } })).toBe('Called the TAM');
		expect(eventText({ details: { plan: 'Collect logs', from: 'a' } })).toBe('Collect logs');
		expect(eventText({ details: { agreement: 'Agreed on call' } })).toBe('Agreed on call');
		expect(eventText({ details: { managementCall: 'Duty manager, 9:00' } })).toBe(
			'Duty manager, 9:00'
		);
	});

	it('is empty for details without text', () => {
		expect(eventText({ details: {} })).toBe('');
		expect(eventText({ details: null })).toBe('');
		expect(eventText({ details: 'plain' })).toBe('');
		expect(eventText({ details: [1, 2] })).toBe('');
		expect(eventText({ details: { text: 42 } })).toBe('');
	});
});

describe('time zones', () => {
	const at = '2025-03-12T08:00:00Z';

	it('formats a time in a given IANA zone', () => {
		expect(formatTimeInZone(at, 'Europe/Berlin', { locale: 'en-GB' })).toBe('09:00');
		expect(formatTimeInZone(at, 'Asia/Tokyo', { locale: 'en-GB' })).toBe('17:00');
		expect(formatTimeInZone(at, 'Not/AZone')).toBeNull();
		expect(formatTimeInZone('yesterday', 'UTC')).toBeNull();
		expect(formatDateTimeInZone('yesterday', 'UTC')).toBe('yesterday');
	});

	it('says where an event was entered only when the clock there read differently', () => {
		expect(enteredNote(at, 'Europe/Berlin', 'UTC', 'en-GB')).toBe('entered 09:00 Europe/Berlin');
		expect(enteredNote(at, 'Europe/Berlin', 'Europe/Berlin', 'en-GB')).toBeNull();
		// Same offset, different name: nothing worth saying.
		expect(enteredNote(at, 'Europe/Paris', 'Europe/Berlin', 'en-GB')).toBeNull();
		expect(enteredNote('2025-03-12T20:00:00Z', 'Asia/Tokyo', 'UTC', 'en-GB')).toBe(
			'entered 13 Mar, 05:00 Asia/Tokyo'
		);
		expect(enteredNote(at, 'Mars/Olympus', 'UTC')).toBe('entered in Mars/Olympus');
		expect(enteredNote(at, '', 'UTC')).toBeNull();
	});

	it('gives an age in short units', () => {
		const now = Date.parse('2025-03-15T12:00:00Z');
		expect(formatAge('2025-03-12T11:00:00Z', now)).toBe('3 d');
		expect(formatAge('2025-03-15T07:00:00Z', now)).toBe('5 h');
		expect(formatAge('2025-03-15T11:48:00Z', now)).toBe('12 min');
		expect(formatAge('2025-03-15T12:00:30Z', now)).toBe('just now');
		expect(formatAge('garbage', now)).toBe('—');
	});
});

describe('filtering and ordering', () => {
	const items = prepareTimeline(intactTimeline(manyEntries(5000)));

	it('filters by kind and by every word of the text, in any case', () => {
		expect(filterTimeline(items, { kind: '', text: '' })).toHaveLength(5000);
		const notes = filterTimeline(items, { kind: 'note', text: '' });
		expect(notes).toHaveLength(1250);
		expect(notes.every((item) => item.entry.event.kind === 'note')).toBe(true);
		expect(filterTimeline(items, { kind: '', text: 'NUMBER 4999' }).map((i) => i.entry.event.seq)).toEqual([
			4999
		]);
		expect(filterTimeline(items, { kind: '', text: 'update missed' })).toHaveLength(1250);
		expect(filterTimeline(items, { kind: 'note', text: 'number 2' }).map((i) => i.entry.event.seq)).toEqual(
			expect.arrayContaining([21, 25, 201])
		);
	});

	it('searches the text in the details and the stream label', () => {
		const prepared = prepareTimeline(
			intactTimeline([
				timelineEntry({ seq: 1, summary: 'Plan', kind: 'action_plan_agreed', details: { plan: 'Gather vmkernel logs' } }),
				timelineEntry({ seq: 1, summary: 'SR opened' }, 'sr-1', 'SR 24512345678')
			])
		);
		expect(filterTimeline(prepared, { kind: '', text: 'vmkernel' })).toHaveLength(1);
		expect(filterTimeline(prepared, { kind: '', text: '2451' })).toHaveLength(1);
		// The same seq in two streams still gives two keys.
		expect(new Set(prepared.map((item) => item.key)).size).toBe(2);
	});

	it('orders newest or oldest first', () => {
		expect(orderTimeline(items, 'newest')[0]?.entry.event.seq).toBe(5000);
		expect(orderTimeline(items, 'oldest')[0]?.entry.event.seq).toBe(1);
		const filtered = filterTimeline(items, { kind: 'call_held', text: '' });
		expect(orderTimeline(orderTimeline(filtered, 'newest'), 'oldest')).toEqual(filtered);
	});

	it('lists the kinds present, labelled', () => {
		expect(kindsPresent(items)).toEqual([
			{ value: 'call_held', label: 'Call held' },
			{ value: 'note', label: 'Note' },
			{ value: 'update_missed', label: 'Update missed' },
			{ value: 'update_received', label: 'Update received' }
		]);
	});
});

describe('chains', () => {
	function broken(kind: 'hash_mismatch' | 'link_mismatch' | 'sequence_gap'): Timeline {
		const reason =
			kind === 'sequence_gap' ? ({ kind, expected: 3 } as const) : ({ kind } as const);
		return {
			entries: manyEntries(6),
			intact: false,
			chains: [
				{
					stream: ESCALATION_STREAM,
					streamLabel: 'Escalation',
					verdict: { state: 'broken', atSeq: 5, reason }
				},
				{
					stream: 'sr-1',
					streamLabel: 'SR 1',
					verdict: { state: 'intact', count: 2, head: 'f'.repeat(64) }
				}
			]
		};
	}

	it('explains each kind of break in words', () => {
		const [hash] = brokenChains(broken('hash_mismatch'));
		expect(hash?.streamLabel).toBe('Escalation');
		expect(describeBreak(hash!.verdict)).toBe('event #5 was changed after it was written');
		expect(describeBreak(brokenChains(broken('link_mismatch'))[0]!.verdict)).toBe(
			'event #5 does not follow the event before it'
		);
		expect(describeBreak(brokenChains(broken('sequence_gap'))[0]!.verdict)).toBe(
			'events before #5 are missing'
		);
	});

	it('marks the event where a chain breaks and counts verified events', () => {
		const timeline = broken('hash_mismatch');
		const marked = prepareTimeline(timeline).filter((item) => item.breaksChain);
		expect(marked.map((item) => item.entry.event.seq)).toEqual([5]);
		expect(verifiedCount(timeline)).toBe(2);
		expect(brokenChains(intactTimeline(manyEntries(3)))).toEqual([]);
	});
});
