import { beforeEach, describe, expect, it, vi } from 'vitest';
import { invoke, isTauri } from '@tauri-apps/api/core';
import {
	createSupportRequest,
	exportReport,
	getAppStatus,
	listVendors,
	toApiError,
	type ReportProgress
} from './index';

// Inside src/lib/ipc the Tauri API itself is mocked, to test the façade over bindings.ts.
vi.mock('@tauri-apps/api/core', () => ({
	invoke: vi.fn(),
	isTauri: vi.fn(() => true),
	// Enough of a Channel for the façade: Rust's messages arrive through `onmessage`.
	Channel: class {
		onmessage: (message: unknown) => void = () => {};
	}
}));

const mockedInvoke = vi.mocked(invoke);

const INPUT = { vendor: 'vmware', vendorSrNumber: '1', title: 'T', severity: 1 };

beforeEach(() => {
	mockedInvoke.mockReset();
	vi.mocked(isTauri).mockReturnValue(true);
});

describe('toApiError', () => {
	it('keeps an ApiError as it is', () => {
		const error = {
			code: 'validation',
			message: 'Not valid.',
			fields: [{ field: 'title', message: 'Too long.' }]
		};
		expect(toApiError(error)).toEqual(error);
	});

	it('turns a plain string from Tauri into an internal error', () => {
		expect(toApiError('command create_support_request not found')).toEqual({
			code: 'internal',
			message: 'command create_support_request not found',
			fields: []
		});
	});

	it('turns a thrown Error into an internal error', () => {
		expect(toApiError(new TypeError('boom'))).toMatchObject({ code: 'internal', message: 'boom' });
	});

	it('copes with unknown codes, missing or malformed fields and junk', () => {
		expect(toApiError({ code: 'teapot', message: 'Short and stout.' })).toEqual({
			code: 'internal',
			message: 'Short and stout.',
			fields: []
		});
		expect(
			toApiError({ code: 'validation', message: 'x', fields: [{ field: 1 }, null, 'y'] })
		).toEqual({ code: 'validation', message: 'x', fields: [] });
		expect(toApiError(42)).toMatchObject({ code: 'internal' });
		expect(toApiError(null)).toMatchObject({ code: 'internal' });
	});
});

describe('commands', () => {
	it('passes the input under the key the Rust command expects', async () => {
		mockedInvoke.mockResolvedValue({ id: 'x' });
		await createSupportRequest(INPUT);
		expect(mockedInvoke).toHaveBeenCalledWith('create_support_request', { input: INPUT });
	});

	it('returns the data when the command succeeds', async () => {
		mockedInvoke.mockResolvedValue([]);
		expect(await listVendors()).toEqual({ ok: true, data: [] });
	});

	it('returns an ApiError when the command rejects with one', async () => {
		const error = { code: 'validation', message: 'Not valid.', fields: [] };
		mockedInvoke.mockRejectedValue(error);
		expect(await createSupportRequest(INPUT)).toEqual({ ok: false, error });
	});

	it('returns an internal error when Tauri rejects with a plain string', async () => {
		mockedInvoke.mockRejectedValue('command list_vendors not allowed by ACL');
		expect(await listVendors()).toEqual({
			ok: false,
			error: { code: 'internal', message: 'command list_vendors not allowed by ACL', fields: [] }
		});
		mockedInvoke.mockRejectedValue('invalid args `input` for command');
		expect(await createSupportRequest(INPUT)).toMatchObject({
			ok: false,
			error: { code: 'internal', message: 'invalid args `input` for command' }
		});
	});

	it('says so, without calling Tauri, when running outside the desktop app', async () => {
		vi.mocked(isTauri).mockReturnValue(false);
		const outcome = await getAppStatus();
		expect(outcome.ok).toBe(false);
		expect(mockedInvoke).not.toHaveBeenCalled();
	});

	it('hands exportReport a channel whose messages reach the progress callback', async () => {
		const record = {
			title: 'Status report',
			format: 'pdf',
			path: '/home/dana/Downloads/status.pdf',
			files: 1,
			bytes: 2048,
			at: '2026-07-14T09:00:00Z'
		};
		mockedInvoke.mockImplementation(async (_command, args) => {
			const progress = (args as { progress: { onmessage: (step: ReportProgress) => void } })
				.progress;
			progress.onmessage({ step: 1, steps: 2, label: 'Laying out' });
			progress.onmessage({ step: 2, steps: 2, label: 'Writing the file' });
			return record;
		});
		const heard: ReportProgress[] = [];
		const request = { report: 'status', selection: { kind: 'open' } } as const;
		const outcome = await exportReport(request, 'pdf', (step) => heard.push(step));

		expect(outcome).toEqual({ ok: true, data: record });
		expect(mockedInvoke).toHaveBeenCalledWith('export_report', {
			request,
			format: 'pdf',
			progress: expect.any(Object)
		});
		expect(heard.map((step) => step.label)).toEqual(['Laying out', 'Writing the file']);
	});

	it('passes a cancelled export on as null', async () => {
		mockedInvoke.mockResolvedValue(null);
		expect(await exportReport({ report: 'escalation', id: 'esc-1' }, 'csv')).toEqual({
			ok: true,
			data: null
		});
	});
});
