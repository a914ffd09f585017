import type {
	ApiError,
	Milestone,
	SeverityChangeReason,
	SrStatus,
	SupportRequest,
	Vendor,
	Workaround
} from '$lib/ipc';

export const SR_STATUS_LABELS: Readonly<Record<SrStatus, string>> = {
	open: 'Open',
	waiting_on_vendor: 'Waiting on vendor',
	waiting_on_us: 'Waiting on us',
	resolved: 'Resolved',
	closed: 'Closed'
};

/** Keys of `NewSupportRequest`, which the Rust side uses as `FieldError.field`. */
export type SupportRequestField = 'vendor' | 'vendorSrNumber' | 'title' | 'severity';

const FORM_FIELDS: ReadonlySet<string> = new Set<SupportRequestField>([
	'vendor',
	'vendorSrNumber',
	'title',
	'severity'
]);

export type FieldMessages = Partial<Record<SupportRequestField, string>>;

/**
 * Splits an error into messages for the form's fields and messages for a banner.
 * Errors about fields the form does not have still reach the user, in the banner.
 */
export function splitFieldErrors(error: ApiError): { fields: FieldMessages; other: string[] } {
	const fields: FieldMessages = {};
	const other: string[] = [];
	for (const { field, message } of error.fields) {
		if (FORM_FIELDS.has(field)) {
			const key = field as SupportRequestField;
			fields[key] = fields[key] ? `${fields[key]} ${message}` : message;
		} else {
			other.push(message);
		}
	}
	return { fields, other };
}

export type SeverityOption = { value: string; label: string; description: string };

/** The chosen vendor's own severity wording, most severe first; value is the level. */
export function severityOptions(vendor: Vendor | undefined): SeverityOption[] {
	if (!vendor) return [];
	return [...vendor.severities]
		.sort((a, b) => a.level - b.level)
		.map(({ level, label, description }) => ({ value: String(level), label, description }));
}

/**
 * Splits an error into messages for the fields a form has and messages for a banner,
 * for any form whose controls are named by the Rust side's `FieldError.field` keys.
 */
export function splitErrorsFor<K extends string>(
	error: ApiError,
	known: readonly K[]
): { fields: Partial<Record<K, string>>; other: string[] } {
	const names: ReadonlySet<string> = new Set(known);
	const fields: Partial<Record<K, string>> = {};
	const other: string[] = [];
	for (const { field, message } of error.fields) {
		if (names.has(field)) {
			const key = field as K;
			fields[key] = fields[key] ? `${fields[key]} ${message}` : message;
		} else {
			other.push(message);
		}
	}
	return { fields, other };
}

// ---------------------------------------------------------------------------------------
// The list: filtering and sorting tens of thousands of SRs on every keystroke, without
// adding to start-up. Nothing is computed for an SR until a filter or sort needs it.

export type SrSort = 'newest' | 'oldest' | 'severity' | 'number';

export const SR_SORT_OPTIONS: readonly { value: SrSort; label: string }[] = [
	{ value: 'newest', label: 'Newest first' },
	{ value: 'oldest', label: 'Oldest first' },
	{ value: 'severity', label: 'Most severe first' },
	{ value: 'number', label: 'SR number' }
];

export function isSrSort(value: string): value is SrSort {
	return SR_SORT_OPTIONS.some((option) => option.value === value);
}

/**
 * Orders two RFC 3339 UTC times. Rust writes them alike, so two of the same length compare
 * as text (no parsing); the fractional seconds vary in length, and only then are they parsed.
 */
export function compareTimes(a: string, b: string): number {
	if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
	const difference = (Date.parse(a) || 0) - (Date.parse(b) || 0);
	return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

const numberCollator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

type Compare = (a: SupportRequest, b: SupportRequest) => number;

const newestFirst: Compare = (a, b) => compareTimes(b.createdAt, a.createdAt);

const COMPARE: Readonly<Record<SrSort, Compare>> = {
	newest: newestFirst,
	oldest: (a, b) => compareTimes(a.createdAt, b.createdAt),
	severity: (a, b) => a.severity - b.severity || newestFirst(a, b),
	number: (a, b) => numberCollator.compare(a.vendorSrNumber, b.vendorSrNumber) || newestFirst(a, b)
};

/**
 * The SRs in the order asked for; equal ones keep their order, so the list never shuffles
 * itself. The list arrives newest first: a list already in order is returned as it is,
 * after one pass, which keeps sorting off the start-up path.
 */
export function sortRequests(
	requests: readonly SupportRequest[],
	sort: SrSort
): readonly SupportRequest[] {
	const compare = COMPARE[sort];
	for (let index = 1; index < requests.length; index++) {
		if (compare(requests[index - 1]!, requests[index]!) > 0) {
			return [...requests].sort(compare);
		}
	}
	return requests;
}

export type SrFilters = {
	/** Vendor id; empty for every vendor. */
	vendor: string;
	/** Empty for every status. */
	status: SrStatus | '';
	/** Matched against the SR number and title, ignoring case. */
	text: string;
};

export const NO_FILTERS: Readonly<SrFilters> = { vendor: '', status: '', text: '' };

export function hasFilters(filters: SrFilters): boolean {
	return filters.vendor !== '' || filters.status !== '' || filters.text.trim() !== '';
}

// Lower-cased once per SR, on the first keystroke that needs it. SRs are replaced, never
// changed in place, so an entry never goes stale; the map lets go of SRs that are gone.
const haystacks = new WeakMap<SupportRequest, string>();

function haystack(request: SupportRequest): string {
	let text = haystacks.get(request);
	if (text === undefined) {
		text = `${request.vendorSrNumber}\n${request.title}`.toLowerCase();
		haystacks.set(request, text);
	}
	return text;
}

/** The SRs that pass every filter, in the order given; the list itself when none is set. */
export function filterRequests(
	requests: readonly SupportRequest[],
	filters: SrFilters
): readonly SupportRequest[] {
	const text = filters.text.trim().toLowerCase();
	const { vendor, status } = filters;
	if (vendor === '' && status === '' && text === '') return requests;
	const out: SupportRequest[] = [];
	for (const request of requests) {
		if (vendor !== '' && request.vendor !== vendor) continue;
		if (status !== '' && request.status !== status) continue;
		if (text !== '' && !haystack(request).includes(text)) continue;
		out.push(request);
	}
	return out;
}

/** The vendors that have SRs, by name, for the vendor filter. */
export function vendorsInRequests(
	requests: readonly SupportRequest[]
): { value: string; label: string }[] {
	const names = new Map<string, string>();
	for (const request of requests) {
		if (!names.has(request.vendor)) names.set(request.vendor, request.vendorName || request.vendor);
	}
	return Array.from(names, ([value, label]) => ({ value, label })).sort((a, b) =>
		a.label.localeCompare(b.label)
	);
}

// ---------------------------------------------------------------------------------------
// The SR's facts in words.

export function describeWorkaround(workaround: Workaround): string {
	return workaround.kind === 'none' ? 'None' : 'Exists, but impractical';
}

/** A milestone as the SR screen states it; the date is shown as written (a calendar day). */
export function describeMilestone(milestone: Milestone): string {
	switch (milestone.kind) {
		case 'unset':
			return 'Not set';
		case 'none_explicitly':
			return 'None';
		case 'on':
			return milestone.what.trim() === ''
				? formatCalendarDate(milestone.date)
				: `${formatCalendarDate(milestone.date)}: ${milestone.what}`;
	}
}

const calendarFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** "2026-12-01" in the user's words; the day stays the day, whatever the zone. */
export function formatCalendarDate(date: string): string {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!match) return date;
	const [, year, month, day] = match;
	const value = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
	return Number.isNaN(value.getTime()) ? date : calendarFormat.format(value);
}

export const SEVERITY_CHANGE_REASONS: readonly { value: SeverityChangeReason; label: string }[] = [
	{ value: 'impact_changed', label: 'The business impact changed' },
	{ value: 'recorded_wrongly', label: 'It was recorded wrongly at first' }
];

/** The vendor's wording for each level, most severe first; plain words for an unknown vendor. */
export function severityLabels(vendor: Vendor | undefined): { level: number; label: string }[] {
	const levels = vendor?.severities.length
		? [...vendor.severities].sort((a, b) => a.level - b.level)
		: [1, 2, 3, 4].map((level) => ({ level, label: `Severity ${level}` }));
	return levels.map(({ level, label }) => ({ level, label: label || `Severity ${level}` }));
}
