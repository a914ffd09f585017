import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
	backupData,
	exportReport,
	importData,
	listEscalations,
	listVendors,
	recentExports,
	reportPreview,
	type EscalationSummary,
	type ExportRecord,
	type Outcome,
	type ReportProgress
} from '$lib/ipc';
import { VENDORS, apiError } from '../../../test/fixtures';
import ReportsViewComponent from './ReportsView.svelte';

vi.mock('$lib/ipc', () => ({
	reportPreview: vi.fn(),
	exportReport: vi.fn(),
	recentExports: vi.fn(),
	listEscalations: vi.fn(),
	listVendors: vi.fn(),
	backupData: vi.fn(),
	importData: vi.fn()
}));

function escalation(overrides: Partial<EscalationSummary> = {}): EscalationSummary {
	return {
		id: 'esc-1',
		title: 'Storage latency on cluster A',
		state: 'engineer_assigned',
		vendor: 'vmware',
		vendorName: 'VMware by Broadcom',
		vendorSrNumber: '24512345678',
		severity: 1,
		supportRequestCount: 1,
		reEscalations: 0,
		createdAt: '2026-07-01T08:00:00Z',
		updatedAt: '2026-07-10T08:00:00Z',
		...overrides
	};
}

const ESCALATIONS = [
	escalation(),
	escalation({
		id: 'esc-2',
		title: 'Satellite sync broken',
		vendor: 'redhat',
		vendorName: 'Red Hat',
		vendorSrNumber: '04123456'
	})
];

function record(overrides: Partial<ExportRecord> = {}): ExportRecord {
	return {
		title: 'Status report',
		format: 'pdf',
		path: '/home/dana/Downloads/status-report-2026-07-14.pdf',
		files: 1,
		bytes: 48_230,
		at: '2026-07-14T09:00:00Z',
		...overrides
	};
}

const PREVIEW = '<!doctype html><html><body><h1>Status report</h1></body></html>';

beforeEach(() => {
	vi.mocked(reportPreview).mockReset().mockResolvedValue({ ok: true, data: PREVIEW });
	vi.mocked(exportReport).mockReset().mockResolvedValue({ ok: true, data: record() });
	vi.mocked(recentExports).mockReset().mockResolvedValue({ ok: true, data: [] });
	vi.mocked(listEscalations).mockReset().mockResolvedValue({ ok: true, data: ESCALATIONS });
	vi.mocked(listVendors).mockReset().mockResolvedValue({ ok: true, data: VENDORS });
	vi.mocked(backupData).mockReset().mockResolvedValue({ ok: true, data: null });
	vi.mocked(importData).mockReset().mockResolvedValue({ ok: true, data: null });
});

async function renderView() {
	const user = userEvent.setup();
	const result = render(ReportsViewComponent);
	await waitFor(() => expect(screen.getByTestId('reports')).toHaveAttribute('data-loaded', 'true'));
	return { ...result, user };
}

function lastPreviewRequest() {
	return vi.mocked(reportPreview).mock.lastCall?.[0];
}

/** A promise to resolve by hand, to look at the screen while a call is running. */
function deferred<T>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((done) => (resolve = done));
	return { promise, resolve };
}

describe('ReportsView preview', () => {
	it('previews the status report of all open escalations in a sandbox without rights', async () => {
		await renderView();
		const frame = await screen.findByTestId('report-preview');
		expect(frame.tagName).toBe('IFRAME');
		expect(frame).toHaveAttribute('sandbox', '');
		expect(frame).toHaveAttribute('srcdoc', PREVIEW);
		expect(frame).toHaveAttribute('title', 'Report preview');
		expect(reportPreview).toHaveBeenCalledTimes(1);
		expect(lastPreviewRequest()).toEqual({ report: 'status', selection: { kind: 'open' } });
	});

	it('asks again, once, for the report and scope last chosen', async () => {
		const { user } = await renderView();
		await screen.findByTestId('report-preview');
		vi.mocked(reportPreview).mockClear();

		await user.selectOptions(screen.getByTestId('report-kind'), 'scorecard');
		await user.selectOptions(screen.getByTestId('report-scope'), 'vendor');
		await user.selectOptions(screen.getByTestId('report-vendor'), 'Red Hat');

		await waitFor(() =>
			expect(lastPreviewRequest()).toEqual({
				report: 'scorecard',
				selection: { kind: 'vendor', vendor: 'redhat' }
			})
		);
		// Debounced: the choices on the way did not each ask.
		await new Promise((done) => setTimeout(done, 400));
		expect(reportPreview).toHaveBeenCalledTimes(1);
	});

	it('lists SRs, not escalations, in the SR register and says so', async () => {
		const { user } = await renderView();
		await screen.findByTestId('report-preview');

		await user.selectOptions(screen.getByTestId('report-kind'), 'support_requests');
		await user.selectOptions(screen.getByTestId('report-scope'), 'open');

		await waitFor(() =>
			expect(lastPreviewRequest()).toEqual({
				report: 'support_requests',
				selection: { kind: 'open' }
			})
		);
		expect(screen.getByText('Every SR not resolved or closed.')).toBeVisible();
		expect(screen.getByText('One row per support request, escalated or not.')).toBeVisible();
	});

	it('previews one escalation picked by its title, findable by vendor', async () => {
		const { user } = await renderView();
		await user.selectOptions(screen.getByTestId('report-kind'), 'escalation');
		const picker = screen.getByTestId('report-escalation') as HTMLSelectElement;
		expect(picker.tagName).toBe('SELECT');
		expect(within(picker).getAllByRole('option').map((option) => option.textContent)).toEqual([
			'Storage latency on cluster A',
			'Satellite sync broken'
		]);
		await waitFor(() => expect(lastPreviewRequest()).toEqual({ report: 'escalation', id: 'esc-1' }));

		await user.type(screen.getByLabelText('Find an escalation'), 'red hat');
		expect(screen.getByText('Showing 2 of 2 escalations.')).toBeInTheDocument();
		await user.selectOptions(picker, 'Satellite sync broken');
		await user.clear(screen.getByLabelText('Find an escalation'));
		await user.type(screen.getByLabelText('Find an escalation'), 'red hat');
		expect(within(picker).getAllByRole('option').map((option) => option.textContent)).toEqual([
			'Satellite sync broken'
		]);
		await waitFor(() => expect(lastPreviewRequest()).toEqual({ report: 'escalation', id: 'esc-2' }));
	});

	it('covers the days chosen, and does not ask while they are the wrong way round', async () => {
		const { user } = await renderView();
		await user.selectOptions(screen.getByTestId('report-scope'), 'opened_between');
		const from = screen.getByLabelText('First day');
		const to = screen.getByLabelText('Last day');
		await user.clear(from);
		await user.type(from, '2026-07-01');
		await user.clear(to);
		await user.type(to, '2026-07-31');
		await waitFor(() =>
			expect(lastPreviewRequest()).toEqual({
				report: 'status',
				selection: { kind: 'opened_between', from: '2026-07-01', to: '2026-07-31' }
			})
		);

		vi.mocked(reportPreview).mockClear();
		await user.clear(to);
		await user.type(to, '2026-06-01');
		expect(screen.getByTestId('report-dates-error')).toHaveTextContent(
			'The first day must not be after the last.'
		);
		expect(to).toHaveAttribute('aria-invalid', 'true');
		expect(screen.getByTestId('report-export')).toBeDisabled();
		await new Promise((done) => setTimeout(done, 400));
		expect(reportPreview).not.toHaveBeenCalled();
	});

	it('shows a preview error in place', async () => {
		vi.mocked(reportPreview).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'not_found', message: 'No such escalation.' })
		});
		await renderView();
		expect(await screen.findByTestId('report-preview-error')).toHaveTextContent(
			'No such escalation.'
		);
		expect(screen.queryByTestId('report-preview')).toBeNull();
	});
});

describe('ReportsView export', () => {
	it('shows the progress while exporting, then where the report was saved', async () => {
		let report: ((step: ReportProgress) => void) | undefined;
		const pending = deferred<Outcome<ExportRecord | null>>();
		vi.mocked(exportReport).mockImplementation((_request, _format, onProgress) => {
			report = onProgress;
			return pending.promise;
		});
		vi.mocked(recentExports)
			.mockResolvedValueOnce({ ok: true, data: [] })
			.mockResolvedValue({ ok: true, data: [record()] });
		const { user } = await renderView();
		await user.selectOptions(screen.getByTestId('report-format'), 'html');
		await user.click(screen.getByTestId('report-export'));

		expect(exportReport).toHaveBeenCalledWith(
			{ report: 'status', selection: { kind: 'open' } },
			'html',
			expect.any(Function)
		);
		expect(screen.getByTestId('report-export')).toBeDisabled();
		expect(screen.getByTestId('report-progress').tagName).toBe('PROGRESS');

		report?.({ step: 2, steps: 3, label: 'Laying out the pages' });
		await waitFor(() =>
			expect(screen.getByTestId('report-progress')).toHaveAttribute('value', '2')
		);
		expect(screen.getByTestId('report-progress')).toHaveAttribute('max', '3');
		expect(screen.getByText('Step 2 of 3: Laying out the pages')).toBeInTheDocument();

		pending.resolve({ ok: true, data: record({ format: 'html', path: '/tmp/status.html' }) });
		const saved = await screen.findByTestId('report-saved');
		expect(saved).toHaveTextContent('/tmp/status.html');
		expect(screen.queryByTestId('report-progress')).toBeNull();
		expect(screen.getByTestId('report-export')).toBeEnabled();
		// The list of recent exports is read again.
		await waitFor(() => expect(screen.getAllByTestId('recent-export')).toHaveLength(1));
	});

	it('says how many files a CSV export wrote into its folder', async () => {
		vi.mocked(exportReport).mockResolvedValue({
			ok: true,
			data: record({ format: 'csv', path: '/tmp/status-report', files: 4 })
		});
		const { user } = await renderView();
		await user.selectOptions(screen.getByTestId('report-format'), 'csv');
		await user.click(screen.getByTestId('report-export'));
		const saved = await screen.findByTestId('report-saved');
		expect(saved).toHaveTextContent('4 files in the folder /tmp/status-report');
	});

	it('says nothing when the save dialog was cancelled', async () => {
		vi.mocked(exportReport).mockResolvedValue({ ok: true, data: null });
		const { user } = await renderView();
		await user.click(screen.getByTestId('report-export'));
		await waitFor(() => expect(screen.getByTestId('report-export')).toBeEnabled());
		expect(screen.queryByTestId('report-saved')).toBeNull();
		expect(screen.queryByRole('alert')).toBeNull();
		expect(recentExports).toHaveBeenCalledTimes(1);
	});

	it('shows an export error in a banner', async () => {
		vi.mocked(exportReport).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'storage', message: 'The disk is full.' })
		});
		const { user } = await renderView();
		await user.click(screen.getByTestId('report-export'));
		const alert = await screen.findByRole('alert');
		expect(alert).toHaveTextContent('The report was not exported. The disk is full.');
		expect(screen.queryByTestId('report-saved')).toBeNull();
	});

	it('lists the recent exports with format, size and path', async () => {
		vi.mocked(recentExports).mockResolvedValue({
			ok: true,
			data: [
				record({ title: 'Vendor scorecard', format: 'csv', files: 3, bytes: 3 * 1024 * 1024 }),
				record(),
				record({ title: 'Escalation report', format: 'markdown', bytes: null })
			]
		});
		await renderView();
		const rows = await screen.findAllByTestId('recent-export');
		expect(rows).toHaveLength(3);
		// A size Rust could not read is left out rather than made up.
		expect(rows[2]).toHaveTextContent('Markdown');
		expect(rows[2]).not.toHaveTextContent(/\d B|KB|MB/);
		expect(rows[0]).toHaveTextContent('Vendor scorecard');
		expect(rows[0]).toHaveTextContent('CSV');
		expect(rows[0]).toHaveTextContent('3.0 MB in 3 files');
		expect(rows[1]).toHaveTextContent('47.1 KB');
		expect(rows[1]).toHaveTextContent('/home/dana/Downloads/status-report-2026-07-14.pdf');
		expect(within(rows[1]!).getByText(/2026|Jul/, { selector: 'time' })).toHaveAttribute(
			'datetime',
			'2026-07-14T09:00:00Z'
		);
	});
});

describe('ReportsView data', () => {
	it('backs up all data and says where', async () => {
		vi.mocked(backupData).mockResolvedValue({
			ok: true,
			data: record({ title: 'Backup', format: 'json', path: '/tmp/escalator-backup.json' })
		});
		const { user } = await renderView();
		await user.click(screen.getByRole('button', { name: 'Back up all data…' }));
		expect(await screen.findByTestId('backup-saved')).toHaveTextContent(
			'/tmp/escalator-backup.json'
		);
	});

	it('imports data and says what it added', async () => {
		vi.mocked(importData).mockResolvedValue({
			ok: true,
			data: {
				supportRequestsAdded: 12,
				escalationsAdded: 3,
				recordsUpdated: 0,
				eventsAdded: 140,
				otherAdded: 0,
				unchanged: 5
			}
		});
		const { user } = await renderView();
		await user.click(screen.getByRole('button', { name: 'Import data…' }));
		expect(await screen.findByTestId('import-summary')).toHaveTextContent(
			'Added 3 escalations, 12 support requests, 140 events; 5 unchanged.'
		);
		// What the reports cover may have changed.
		await waitFor(() => expect(listEscalations).toHaveBeenCalledTimes(2));
	});

	it('shows why an import failed', async () => {
		vi.mocked(importData).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'validation', message: 'This is not an Escalator file.' })
		});
		const { user } = await renderView();
		await user.click(screen.getByRole('button', { name: 'Import data…' }));
		expect(await screen.findByRole('alert')).toHaveTextContent(
			'Nothing was imported. This is not an Escalator file.'
		);
	});
});
