// Timestamps cross IPC as RFC 3339 strings in UTC. A string that does not parse is
// shown as it came, rather than as "Invalid Date".

const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function parse(value: string): Date | null {
	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? null : date;
}

/** E.g. "12 Mar 2025, 14:05" in the user's locale and time zone. */
export function formatLocalDateTime(value: string): string {
	const date = parse(value);
	return date === null ? value : localFormat.format(date);
}

/** E.g. "2025-03-12 13:05 UTC": unambiguous, for tooltips and exports. */
export function formatUtcDateTime(value: string): string {
	const date = parse(value);
	if (date === null) return value;
	const pad = (part: number) => String(part).padStart(2, '0');
	return (
		`${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
		`${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`
	);
}

/** The IANA zone this machine shows local times in, e.g. "Europe/Berlin". */
export function localTimeZone(): string {
	return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function zonedFormat(
	zone: string,
	options: Intl.DateTimeFormatOptions,
	locale: string | undefined
): Intl.DateTimeFormat | null {
	try {
		return new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
	} catch {
		// Not an IANA name this runtime knows: the caller shows the zone as it came.
		return null;
	}
}

const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };

/**
 * The wall-clock time `value` showed in `zone`, e.g. "09:00"; with the day ("12 Mar,
 * 09:00") when `withDay`. Null when the moment or the zone is not understood.
 */
export function formatTimeInZone(
	value: string,
	zone: string,
	{ withDay = false, locale }: { withDay?: boolean; locale?: string } = {}
): string | null {
	const date = parse(value);
	if (date === null) return null;
	const format = zonedFormat(zone, withDay ? { ...DAY, ...CLOCK } : CLOCK, locale);
	return format === null ? null : format.format(date);
}

/** E.g. "12 Mar 2025, 09:00" in `zone`; the value as it came when it cannot be read. */
export function formatDateTimeInZone(value: string, zone: string, locale?: string): string {
	const date = parse(value);
	if (date === null) return value;
	const format = zonedFormat(zone, { dateStyle: 'medium', timeStyle: 'short' }, locale);
	return format === null ? value : format.format(date);
}

/** Whether the calendar day of `value` is the same in both zones (false if either is unknown). */
export function sameDayInZones(value: string, zoneA: string, zoneB: string): boolean {
	const date = parse(value);
	if (date === null) return false;
	const a = zonedFormat(zoneA, { dateStyle: 'short' }, 'en-GB');
	const b = zonedFormat(zoneB, { dateStyle: 'short' }, 'en-GB');
	return a !== null && b !== null && a.format(date) === b.format(date);
}

/**
 * How long ago `from` was, short: "just now", "12 min", "5 h", "3 d". A moment in the
 * future (a clock set wrong) reads "just now"; one that does not parse reads "—".
 */
export function formatAge(from: string, now: number = Date.now()): string {
	const date = parse(from);
	if (date === null) return '—';
	const minutes = Math.floor((now - date.getTime()) / 60_000);
	if (minutes < 1) return 'just now';
	if (minutes < 60) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return `${hours} h`;
	return `${Math.floor(hours / 24)} d`;
}
