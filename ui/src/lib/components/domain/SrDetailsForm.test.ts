import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { updateSupportRequestDetails } from '$lib/ipc';
import { apiError, supportRequest } from '../../../test/fixtures';
import SrDetailsForm from './SrDetailsForm.svelte';

vi.mock('$lib/ipc', () => ({ updateSupportRequestDetails: vi.fn() }));

beforeEach(() => {
	vi.mocked(updateSupportRequestDetails).mockReset();
});

function renderForm(request = supportRequest({ id: 'sr-3' })) {
	const onsaved = vi.fn();
	const oncancel = vi.fn();
	render(SrDetailsForm, { props: { request, onsaved, oncancel } });
	return { onsaved, oncancel, user: userEvent.setup() };
}

describe('SrDetailsForm', () => {
	it('labels every control', () => {
		renderForm();
		for (const label of [
			'Product and version',
			'Problem statement',
			'Business impact',
			'There is no workaround',
			'There is one, but it is impractical',
			'Not known yet',
			'There is no critical date',
			'It must be solved by a date',
			'Name',
			'E-mail',
			'Phone'
		]) {
			expect(screen.getByLabelText(label)).toBeInTheDocument();
		}
		expect(screen.getByLabelText('Not known yet')).toBeChecked();
		expect(screen.getByLabelText('There is no workaround')).toBeChecked();
	});

	it('sends an explicit "no milestone" and no workaround', async () => {
		const saved = supportRequest({ id: 'sr-3' });
		vi.mocked(updateSupportRequestDetails).mockResolvedValue({ ok: true, data: saved });
		const { onsaved, user } = renderForm();
		await user.click(screen.getByLabelText('There is no critical date'));
		await user.click(screen.getByTestId('save-sr-details'));
		expect(updateSupportRequestDetails).toHaveBeenCalledWith('sr-3', {
			product: '',
			problemStatement: '',
			businessImpact: '',
			workaround: { kind: 'none' },
			milestone: { kind: 'none_explicitly' },
			technician: { name: '', email: '', phone: '' }
		});
		expect(onsaved).toHaveBeenCalledWith(saved);
	});

	it('keeps the reason for an impractical workaround while the choice changes', async () => {
		const { user } = renderForm();
		await user.click(screen.getByLabelText('There is one, but it is impractical'));
		await user.type(screen.getByLabelText('Why it does not do'), 'Too slow');
		await user.click(screen.getByLabelText('There is no workaround'));
		expect(document.querySelector('#sr-workaround-why')).toBeNull();
		await user.click(screen.getByLabelText('There is one, but it is impractical'));
		expect(screen.getByLabelText('Why it does not do')).toHaveValue('Too slow');
	});

	it('shows a failure without fields in a banner and keeps the form', async () => {
		vi.mocked(updateSupportRequestDetails).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'database_read_only', message: 'The data folder is read-only.' })
		});
		const { user } = renderForm();
		await user.type(screen.getByLabelText('Product and version'), 'NSX 4.2');
		await user.click(screen.getByTestId('save-sr-details'));
		expect(await screen.findByRole('alert')).toHaveTextContent('The data folder is read-only.');
		expect(screen.getByLabelText('Product and version')).toHaveValue('NSX 4.2');
	});

	it('cancels', async () => {
		const { oncancel, user } = renderForm();
		await user.click(screen.getByRole('button', { name: 'Cancel' }));
		expect(oncancel).toHaveBeenCalled();
	});
});
