import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { changeSeverity } from '$lib/ipc';
import { RED_HAT, apiError, supportRequest } from '../../../test/fixtures';
import SeverityChangeDialog from './SeverityChangeDialog.svelte';

vi.mock('$lib/ipc', () => ({ changeSeverity: vi.fn() }));

beforeEach(() => {
	vi.mocked(changeSeverity).mockReset();
});

function props(overrides: Record<string, unknown> = {}) {
	return {
		open: true,
		request: supportRequest({ id: 'sr-7', vendor: 'redhat', severity: 3, severityLabel: 'Severity 3 (Normal)' }),
		vendor: RED_HAT,
		onchanged: vi.fn(),
		onclose: vi.fn(),
		...overrides
	};
}

function options(): string[] {
	const select = document.querySelector<HTMLSelectElement>('#severity-to')!;
	return within(select)
		.getAllByRole('option')
		.map((option) => option.textContent?.trim() ?? '');
}

describe('SeverityChangeDialog', () => {
	it("uses the vendor's own levels, and plain levels for an unknown vendor", async () => {
		const { rerender } = render(SeverityChangeDialog, { props: props() });
		expect(options()).toEqual([
			'Choose a severity',
			'Severity 1 (Urgent)',
			'Severity 2 (High)',
			'Severity 3 (Normal) (current)'
		]);
		await rerender({ vendor: undefined });
		expect(options()).toEqual([
			'Choose a severity',
			'Severity 1',
			'Severity 2',
			'Severity 3 (current)',
			'Severity 4'
		]);
	});

	it('says whether the change raises or lowers the severity', async () => {
		const user = userEvent.setup();
		render(SeverityChangeDialog, { props: props() });
		const select = document.querySelector<HTMLSelectElement>('#severity-to')!;
		await user.selectOptions(select, '2');
		expect(screen.getByText(/Raises the severity from Severity 3 \(Normal\) to Severity 2/)).toHaveAttribute(
			'id',
			'severity-to-hint'
		);
		expect(select.getAttribute('aria-describedby')).toContain('severity-to-hint');
	});

	it('hands the changed SR back', async () => {
		const changed = supportRequest({ id: 'sr-7', severity: 2 });
		vi.mocked(changeSeverity).mockResolvedValue({ ok: true, data: changed });
		const onchanged = vi.fn();
		const user = userEvent.setup();
		render(SeverityChangeDialog, { props: props({ onchanged }) });
		await user.selectOptions(document.querySelector<HTMLSelectElement>('#severity-to')!, '2');
		await user.type(document.querySelector('#severity-note')!, 'More users hit.');
		await user.click(screen.getByTestId('dialog-confirm'));
		expect(changeSeverity).toHaveBeenCalledWith('sr-7', {
			to: 2,
			reason: 'impact_changed',
			note: 'More users hit.'
		});
		expect(onchanged).toHaveBeenCalledWith(changed);
	});

	it('shows a failure without fields in a banner', async () => {
		vi.mocked(changeSeverity).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'not_found', message: 'No support request with id sr-7.' })
		});
		const user = userEvent.setup();
		render(SeverityChangeDialog, { props: props() });
		await user.click(screen.getByTestId('dialog-confirm'));
		expect(await screen.findByRole('alert')).toHaveTextContent('No support request with id sr-7.');
	});

	it('starts blank each time it opens', async () => {
		const user = userEvent.setup();
		const { rerender } = render(SeverityChangeDialog, { props: props() });
		await user.type(document.querySelector('#severity-note')!, 'Draft');
		await user.click(document.querySelector('#severity-reason-recorded_wrongly')!);
		await rerender({ open: false });
		await rerender({ open: true });
		expect(document.querySelector('#severity-note')).toHaveValue('');
		expect(document.querySelector('#severity-reason-impact_changed')).toBeChecked();
	});
});
