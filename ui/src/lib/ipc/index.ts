// The app's only door to the Rust side. Everything else imports from `$lib/ipc`,
// never from `@tauri-apps/api` or `./bindings` directly, so the transport can be
// mocked in tests and swapped without touching views.

import { isTauri } from '@tauri-apps/api/core';
import { commands } from './bindings';
import type {
	ApiError,
	AppStatus,
	ErrorCode,
	FieldError,
	NewSupportRequest,
	SupportRequest,
	Vendor
} from './bindings';

export type {
	ApiError,
	AppStatus,
	ErrorCode,
	FieldError,
	NewSupportRequest,
	SeverityLevel,
	SrStatus,
	SupportRequest,
	Vendor
} from './bindings';

/** What every call here resolves to. It never rejects: failures become an `ApiError`. */
export type Outcome<T> = { ok: true; data: T } | { ok: false; error: ApiError };

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
	'validation',
	'not_found',
	'database_read_only',
	'database_corrupt',
	'database_too_new',
	'database_unavailable',
	'storage',
	'internal'
]);

const OUTSIDE_DESKTOP_APP =
	"Escalator's back end is not reachable: this page is running outside the desktop app.";

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function toFieldErrors(value: unknown): FieldError[] {
	if (!Array.isArray(value)) return [];
	return value.flatMap((item: unknown) =>
		isRecord(item) && typeof item.field === 'string' && typeof item.message === 'string'
			? [{ field: item.field, message: item.message }]
			: []
	);
}

/**
 * Turns whatever an invoke rejected with into an `ApiError`. Our commands reject with
 * `{ code, message, fields }`, but Tauri itself rejects with a plain string (unknown
 * command, bad arguments, denied by capabilities) and the JS side may throw an `Error`.
 */
export function toApiError(reason: unknown): ApiError {
	if (typeof reason === 'string') {
		return { code: 'internal', message: reason, fields: [] };
	}
	if (reason instanceof Error) {
		return { code: 'internal', message: reason.message || reason.name, fields: [] };
	}
	if (isRecord(reason) && typeof reason.message === 'string') {
		const code =
			typeof reason.code === 'string' && ERROR_CODES.has(reason.code)
				? (reason.code as ErrorCode)
				: 'internal';
		return { code, message: reason.message, fields: toFieldErrors(reason.fields) };
	}
	return { code: 'internal', message: 'Something went wrong inside Escalator.', fields: [] };
}

async function call<T>(run: () => Promise<T>): Promise<Outcome<T>> {
	if (!isTauri()) {
		return { ok: false, error: { code: 'internal', message: OUTSIDE_DESKTOP_APP, fields: [] } };
	}
	try {
		return { ok: true, data: await run() };
	} catch (reason) {
		return { ok: false, error: toApiError(reason) };
	}
}

/** The shape tauri-specta gives commands that return `Result` in Rust. */
type CommandResult<T> = { status: 'ok'; data: T } | { status: 'error'; error: ApiError };

async function callWithResult<T>(run: () => Promise<CommandResult<T>>): Promise<Outcome<T>> {
	const outcome = await call(run);
	if (!outcome.ok) return outcome;
	const result = outcome.data;
	return result.status === 'ok'
		? { ok: true, data: result.data }
		: { ok: false, error: toApiError(result.error) };
}

/** Where the data lives and whether the database could be opened. */
export function getAppStatus(): Promise<Outcome<AppStatus>> {
	return call(() => commands.appStatus());
}

/** The vendor playbooks installed, each with its own severity wording. */
export function listVendors(): Promise<Outcome<Vendor[]>> {
	return call(() => commands.listVendors());
}

export function listSupportRequests(): Promise<Outcome<SupportRequest[]>> {
	return callWithResult(() => commands.listSupportRequests());
}

export function getSupportRequest(id: string): Promise<Outcome<SupportRequest>> {
	return callWithResult(() => commands.getSupportRequest(id));
}

export function createSupportRequest(input: NewSupportRequest): Promise<Outcome<SupportRequest>> {
	return callWithResult(() => commands.createSupportRequest(input));
}

/**
 * Tells the shell the first view has data on screen. Start-up benchmarks wait for this;
 * it is harmless to call more than once.
 */
export async function markInteractive(): Promise<void> {
	await call(() => commands.markInteractive());
}
