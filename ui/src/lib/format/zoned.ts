// Moments cross IPC in UTC; wall-clock inputs (`<input type="datetime-local">`) go back to
// Rust as `YYYY-MM-DDTHH:MM` in the user's profile zone. These helpers convert between the two.

const PARTS: Intl.DateTimeFormatOptions = {
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
};

const formats = new Map<string, Intl.DateTimeFormat | null>();

function formatFor(zone: string): Intl.DateTimeFormat | null {
	let format = formats.get(zone);
	if (format === undefined) {
		try {
			format = new Intl.DateTimeFormat('en-US', { ...PARTS, timeZone: zone });
		} catch {
			// Not an IANA name this runtime knows.
			format = null;
		}
		formats.set(zone, format);
	}
	return format;
}

/**
 * The wall-clock time `value` (an RFC 3339 moment) showed in `zone`, as an
 * `<input type="datetime-local">` value: `YYYY-MM-DDTHH:MM`. Null when `value` is null or
 * empty, does not parse, or the zone is unknown.
 */
export function toZonedInput(value: string | null | undefined, zone: string): string | null {
	if (!value) return null;
	const date = new Date(value);
	if (Number.isNaN(date.getTime())) return null;
	const format = formatFor(zone);
	if (format === null) return null;
	const part: Record<string, string> = {};
	for (const { type, value: text } of format.formatToParts(date)) part[type] = text;
	// Some engines still write midnight as 24 with a 23-hour cycle.
	const hour = part.hour === '24' ? '00' : part.hour;
	return `${part.year}-${part.month}-${part.day}T${hour}:${part.minute}`;
}
