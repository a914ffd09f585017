import type { ApiError, SrStatus, Vendor } from '$lib/ipc';

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
