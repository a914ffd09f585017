// Moments for the Today and action-item screens, shown in the profile's zone. Times cross
// IPC as RFC 3339 strings in UTC; wall-clock inputs go back as "YYYY-MM-DDTHH:MM".

import { formatTimeInZone } from './date-time';

function parse(value: string): Date | null {
	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? null : date;
}

function partsIn(date: Date, zone: string): Record<string, string> | null {
	let format: Intl.DateTimeFormat;
	try {
		format = new Intl.DateTimeFormat('en-CA', {
			timeZone: zone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		});
	} catch {
		return null;
	}
	const parts: Record<string, string> = {};
	for (const part of format.formatToParts(date)) parts[part.type] = part.value;
	return parts;
}

/**
 * The wall-clock time `value` showed in `zone`, as a `datetime-local` input writes it
 * ("2025-03-12T09:00"). Null when the moment or the zone is not understood.
 */
export function localInputInZone(value: string, zone: string): string | null {
	const date = parse(value);
	if (date === null) return null;
	const parts = partsIn(date, zone);
	if (parts === null) return null;
	return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The calendar date `value` falls on in `zone`, "YYYY-MM-DD"; null if not understood. */
export function dateInZone(value: string, zone: string): string | null {
	return localInputInZone(value, zone)?.slice(0, 10) ?? null;
}

/**
 * A moment for a list: "09:00" when it falls on `today` ("YYYY-MM-DD" in `zone`),
 * otherwise with its day ("12 Mar, 09:00"). The value as it came when not understood.
 */
export function formatMomentInZone(
	value: string,
	zone: string,
	today: string | null,
	locale?: string
): string {
	const sameDay = today !== null && dateInZone(value, zone) === today;
	return formatTimeInZone(value, zone, { withDay: !sameDay, locale }) ?? value;
}

/** "09:00–10:00" in `zone`; the raw values joined when they are not understood. */
export function formatRangeInZone(start: string, end: string, zone: string, locale?: string) {
	const from = formatTimeInZone(start, zone, { locale }) ?? start;
	const to = formatTimeInZone(end, zone, { locale }) ?? end;
	return `${from}–${to}`;
}

/** "22:00:00" → "22:00", as a time input wants it. */
export function toTimeInput(value: string): string {
	const match = /^(\d{2}):(\d{2})/.exec(value);
	return match ? `${match[1]}:${match[2]}` : value;
}

/** "22:00" → "22:00:00", as Rust reads it; other text passes unchanged for Rust to refuse. */
export function fromTimeInput(value: string): string {
	return /^\d{2}:\d{2}$/.test(value) ? `${value}:00` : value;
}
