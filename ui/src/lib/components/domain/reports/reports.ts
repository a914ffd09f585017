// The words the Reports screen uses for reports, scopes and formats, and for what an
// export or an import did.

import type { ImportSummary, ReportFormat, ReportRequest, Selection } from '$lib/ipc';

export type ReportKind = ReportRequest['report'];
export type ScopeKind = Selection['kind'];

type Choice<T extends string> = { value: T; label: string; description: string };

export const REPORT_KINDS: readonly Choice<ReportKind>[] = [
	{
		value: 'escalation',
		label: 'Escalation report',
		description: 'Everything about one escalation, for a post-escalation review.'
	},
	{
		value: 'status',
		label: 'Status report',
		description: 'One row per escalation, for management.'
	},
	{
		value: 'scorecard',
		label: 'Vendor scorecard',
		description: 'Per vendor, how its escalations went.'
	},
	{
		value: 'support_requests',
		label: 'SR register',
		description: 'One row per support request, escalated or not.'
	}
];

const ESCALATION_SCOPES: readonly Choice<ScopeKind>[] = [
	{ value: 'open', label: 'All open', description: 'Every escalation not closed or withdrawn.' },
	{
		value: 'opened_between',
		label: 'Opened between two dates',
		description: 'Escalations opened on these days, both included.'
	},
	{ value: 'vendor', label: 'One vendor', description: "Escalations with one vendor's SRs." },
	{ value: 'all', label: 'All', description: 'Every escalation, open or not.' }
];

const SR_SCOPES: readonly Choice<ScopeKind>[] = [
	{ value: 'open', label: 'All open', description: 'Every SR not resolved or closed.' },
	{
		value: 'opened_between',
		label: 'Opened between two dates',
		description: 'SRs opened on these days, both included.'
	},
	{ value: 'vendor', label: 'One vendor', description: "One vendor's SRs." },
	{ value: 'all', label: 'All', description: 'Every SR, open or not.' }
];

/** The scopes a report can cover: escalations, or for the SR register, SRs. */
export function scopesFor(kind: ReportKind): readonly Choice<ScopeKind>[] {
	return kind === 'support_requests' ? SR_SCOPES : ESCALATION_SCOPES;
}

export const FORMATS: readonly Choice<ReportFormat>[] = [
	{ value: 'pdf', label: 'PDF', description: 'A printable document, to share or archive.' },
	{ value: 'html', label: 'HTML', description: 'A self-contained web page for any browser.' },
	{
		value: 'markdown',
		label: 'Markdown',
		description: 'Plain text with light formatting, for wikis and tickets.'
	},
	{
		value: 'csv',
		label: 'CSV (a folder of tables)',
		description: 'One CSV file per table, in a folder you choose, for spreadsheets.'
	},
	{
		value: 'json',
		label: 'JSON (data, re-importable)',
		description: 'The data itself, which Escalator can import again.'
	}
];

export function formatLabel(format: string): string {
	return FORMATS.find((choice) => choice.value === format)?.label.replace(/ \(.*\)$/, '') ?? format;
}

/** A file size in words: "812 B", "12.4 KB", "3.1 MB". */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes) || bytes < 0) return '—';
	if (bytes < 1024) return `${Math.round(bytes)} B`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

function count(value: number, one: string, many: string): string {
	return `${value.toLocaleString()} ${value === 1 ? one : many}`;
}

/**
 * What an import did, in words: "Added 3 escalations, 12 support requests, 140 events;
 * 5 unchanged".
 */
export function describeImport(summary: ImportSummary): string {
	const added = [
		summary.escalationsAdded > 0 ? count(summary.escalationsAdded, 'escalation', 'escalations') : '',
		summary.supportRequestsAdded > 0
			? count(summary.supportRequestsAdded, 'support request', 'support requests')
			: '',
		summary.eventsAdded > 0 ? count(summary.eventsAdded, 'event', 'events') : '',
		summary.otherAdded > 0 ? count(summary.otherAdded, 'other record', 'other records') : ''
	].filter((part) => part !== '');
	const parts = [
		added.length > 0 ? `Added ${added.join(', ')}` : '',
		summary.recordsUpdated > 0
			? `${added.length > 0 ? 'updated' : 'Updated'} ${count(summary.recordsUpdated, 'record', 'records')}`
			: ''
	].filter((part) => part !== '');
	if (parts.length === 0) {
		return summary.unchanged > 0
			? `Nothing new: ${count(summary.unchanged, 'record', 'records')} already here, unchanged`
			: 'The file held nothing to import';
	}
	return summary.unchanged > 0
		? `${parts.join('; ')}; ${summary.unchanged.toLocaleString()} unchanged`
		: parts.join('; ');
}
