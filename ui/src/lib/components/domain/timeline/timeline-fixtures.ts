// Test data for timeline tests (not shipped: only tests import it).
import type { ChainCheck, ChainedEvent, EventKind, Timeline, TimelineEntry } from '$lib/ipc';

export const ESCALATION_STREAM = 'esc-1';

const HASH = 'a'.repeat(64);

export function timelineEntry(
	overrides: Partial<ChainedEvent> = {},
	stream = ESCALATION_STREAM,
	streamLabel = 'Escalation'
): TimelineEntry {
	return {
		stream,
		streamLabel,
		event: {
			seq: 1,
			kind: 'note',
			at: '2025-03-12T08:00:00Z',
			zone: 'UTC',
			actor: 'Dana Ops',
			summary: 'Something happened',
			details: {},
			prevHash: HASH,
			hash: HASH,
			...overrides
		}
	};
}

const KINDS: EventKind[] = ['note', 'call_held', 'update_received', 'update_missed'];

/** `count` events, oldest first, kinds cycling through four, one minute apart. */
export function manyEntries(count: number): TimelineEntry[] {
	const start = Date.parse('2025-01-01T00:00:00Z');
	return Array.from({ length: count }, (_, index) =>
		timelineEntry({
			seq: index + 1,
			kind: KINDS[index % KINDS.length] ?? 'note',
			at: new Date(start + index * 60_000).toISOString(),
			summary: `Event number ${index + 1}`
		})
	);
}

export function intactTimeline(entries: TimelineEntry[]): Timeline {
	const chains: ChainCheck[] = [
		{
			stream: ESCALATION_STREAM,
			streamLabel: 'Escalation',
			verdict: { state: 'intact', count: entries.length, head: HASH }
		}
	];
	return { entries, chains, intact: true };
}
