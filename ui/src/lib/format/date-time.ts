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
