/**
 * Pure helpers for showing a timeline: kind labels, the free text an event carries, the
 * zone it was entered in, filtering and ordering, and what a broken hash chain means.
 * No IPC and no DOM, so they can be tested on their own and run over 5,000 events per
 * keystroke.
 */

import { formatTimeInZone, sameDayInZones } from '$lib/format/date-time';
import type { ChainCheck, ChainVerdict, ChainedEvent, Timeline, TimelineEntry } from '$lib/ipc';

const KIND_LABELS: Readonly<Record<string, string>> = {
	sr_opened: 'SR opened',
	severity_changed: 'Severity changed',
	escalation_drafted: 'Escalation drafted',
	escalation_requested: 'Escalation requested',
	acknowledged: 'Acknowledged by vendor',
	engineer_assigned: 'Engineer assigned',
	action_plan_agreed: 'Action plan agreed',
	re_escalated: 'Re-escalated',
	de_escalation_proposed: 'De-escalation proposed',
	de_escalated: 'De-escalated',
	closed: 'Closed',
	withdrawn: 'Withdrawn',
	call_scheduled: 'Call scheduled',
	call_held: 'Call held',
	communication_plan_set: 'Communication plan',
	update_received: 'Update received',
	update_missed: 'Update missed',
	action_item_changed: 'Action item changed',
	third_party_engaged: 'Third party engaged',
	note: 'Note',
	synced: 'Synced'
};

/** The words for an event kind; a kind newer than this UI shows as itself. */
export function kindLabel(kind: string): string {
	return Object.hasOwn(KIND_LABELS, kind) ? (KIND_LABELS[kind] ?? kind) : kind;
}

export type KindTone = 'lifecycle' | 'problem' | 'good' | 'neutral';

const TONES: Readonly<Record<string, KindTone>> = {
	escalation_requested: 'lifecycle',
	acknowledged: 'lifecycle',
	engineer_assigned: 'lifecycle',
	action_plan_agreed: 'lifecycle',
	de_escalation_proposed: 'lifecycle',
	re_escalated: 'problem',
	update_missed: 'problem',
	severity_changed: 'problem',
	de_escalated: 'good',
	closed: 'good',
	update_received: 'good'
};

/** A colour family for the kind's badge; never the only sign, the label is always there. */
export function kindTone(kind: string): KindTone {
	return Object.hasOwn(TONES, kind) ? (TONES[kind] ?? 'neutral') : 'neutral';
}

// Where events keep the words a person wrote: a note, the plan, the quoted agreement,
// the management call of a re-escalation, the note on a severity change.
const TEXT_KEYS = ['text', 'plan', 'agreement', 'managementCall', 'note'] as const;

/** The free text an event carries in its details, or "" when it has none. */
export function eventText(event: Pick<ChainedEvent, 'details'>): string {
	const details = event.details;
	if (typeof details !== 'object' || details === null || Array.isArray(details)) return '';
	for (const key of TEXT_KEYS) {
		const value = details[key];
		if (typeof value === 'string' && value.trim() !== '') return value;
	}
	return '';
}

/**
 * "entered 09:00 Europe/Berlin" when the event was entered in a zone whose clock read
 * differently from the local one at that moment; null when the clocks agree. The day is
 * added when it differs too. An unknown zone is named without a time.
 */
export function enteredNote(
	at: string,
	zone: string,
	localZone: string,
	locale?: string
): string | null {
	if (zone === '' || zone === localZone) return null;
	const there = formatTimeInZone(at, zone, { locale });
	if (there === null) return `entered in ${zone}`;
	const here = formatTimeInZone(at, localZone, { locale });
	const sameDay = sameDayInZones(at, zone, localZone);
	if (there === here && sameDay) return null;
	const shown = sameDay ? there : (formatTimeInZone(at, zone, { withDay: true, locale }) ?? there);
	return `entered ${shown} ${zone}`;
}

/** One timeline entry ready for the list: a stable key and what the filter searches. */
export type TimelineItem = {
	/** Unique even if a tampered timeline repeats a seq: the position is part of it. */
	key: string;
	/** Position in the timeline as Rust sent it, oldest first. */
	index: number;
	entry: TimelineEntry;
	/** The free text from the details (see `eventText`). */
	text: string;
	/** Whether the stream's hash chain breaks at this event. */
	breaksChain: boolean;
	/** Lower-case summary, text, actor, stream, kind and number, for the text filter. */
	haystack: string;
};

type BrokenVerdict = Extract<ChainVerdict, { state: 'broken' }>;
export type BrokenChain = ChainCheck & { verdict: BrokenVerdict };

/** The chains that did not verify, in the order Rust checked them. */
export function brokenChains(timeline: Pick<Timeline, 'chains'>): BrokenChain[] {
	return timeline.chains.filter(
		(check): check is BrokenChain => check.verdict.state === 'broken'
	);
}

/** Events that verified across every intact chain. */
export function verifiedCount(timeline: Pick<Timeline, 'chains'>): number {
	return timeline.chains.reduce(
		(sum, check) => sum + (check.verdict.state === 'intact' ? check.verdict.count : 0),
		0
	);
}

/** What a broken verdict means, in words: "event #5 was changed after it was written". */
export function describeBreak(verdict: BrokenVerdict): string {
	const seq = verdict.atSeq;
	switch (verdict.reason.kind) {
		case 'hash_mismatch':
			return `event #${seq} was changed after it was written`;
		case 'link_mismatch':
			return `event #${seq} does not follow the event before it`;
		case 'sequence_gap':
			return `events before #${seq} are missing`;
		default:
			return `the chain breaks at event #${seq}`;
	}
}

/** Builds the list items once per timeline, so filtering is a cheap scan. */
export function prepareTimeline(timeline: Timeline): TimelineItem[] {
	const breaks = new Set(
		brokenChains(timeline).map((check) => `${check.stream}\u0000${check.verdict.atSeq}`)
	);
	return timeline.entries.map((entry, index) => {
		const { event } = entry;
		const text = eventText(event);
		const haystack = [
			event.summary,
			text,
			event.actor,
			entry.streamLabel,
			kindLabel(event.kind),
			`#${event.seq}`
		]
			.join('\n')
			.toLowerCase();
		return {
			key: `${entry.stream}:${event.seq}:${index}`,
			index,
			entry,
			text,
			breaksChain: breaks.has(`${entry.stream}\u0000${event.seq}`),
			haystack
		};
	});
}

export type TimelineFilter = {
	/** An event kind, or "" for all. */
	kind: string;
	/** Words that must all appear (any case); blank for all. */
	text: string;
};

export function filterTimeline(
	items: readonly TimelineItem[],
	{ kind, text }: TimelineFilter
): TimelineItem[] {
	const terms = text.toLowerCase().split(/\s+/).filter((term) => term !== '');
	if (kind === '' && terms.length === 0) return [...items];
	return items.filter(
		(item) =>
			(kind === '' || item.entry.event.kind === kind) &&
			terms.every((term) => item.haystack.includes(term))
	);
}

export type TimelineOrder = 'newest' | 'oldest';

/** Rust sends the timeline oldest first; newest first is that, reversed. */
export function orderTimeline(
	items: readonly TimelineItem[],
	order: TimelineOrder
): TimelineItem[] {
	const oldestFirst = [...items].sort((a, b) => a.index - b.index);
	return order === 'oldest' ? oldestFirst : oldestFirst.reverse();
}

/** The kinds that occur, labelled, in label order, for the kind filter. */
export function kindsPresent(
	items: readonly TimelineItem[]
): { value: string; label: string }[] {
	const kinds = new Set(items.map((item) => item.entry.event.kind as string));
	return [...kinds]
		.map((kind) => ({ value: kind, label: kindLabel(kind) }))
		.sort((a, b) => a.label.localeCompare(b.label));
}
