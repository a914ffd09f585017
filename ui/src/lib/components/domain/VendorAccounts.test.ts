import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
	addVendorAccount,
	removeVendorAccount,
	syncVendorAccount,
	testVendorAccount,
	vendorAccounts
} from '$lib/ipc';
import { VENDORS, apiError, vendorAccount } from '../../../test/fixtures';
import VendorAccounts from './VendorAccounts.svelte';

vi.mock('$lib/ipc', () => ({
	vendorAccounts: vi.fn(),
	addVendorAccount: vi.fn(),
	testVendorAccount: vi.fn(),
	syncVendorAccount: vi.fn(),
	removeVendorAccount: vi.fn()
}));


beforeEach(() => {
	vi.mocked(vendorAccounts).mockReset().mockResolvedValue({ ok: true, data: [] });
	vi.mocked(addVendorAccount).mockReset();
	vi.mocked(testVendorAccount).mockReset();
	vi.mocked(syncVendorAccount).mockReset();
	vi.mocked(removeVendorAccount).mockReset();
});

describe('VendorAccounts', () => {
	it('adds an account, sends the secret once and clears it from the page', async () => {
		const user = userEvent.setup();
		render(VendorAccounts, { vendors: VENDORS });
		expect(await screen.findByTestId('vendor-accounts-empty')).toBeVisible();
		vi.mocked(addVendorAccount).mockResolvedValue({ ok: true, data: vendorAccount() });
		vi.mocked(vendorAccounts).mockResolvedValue({ ok: true, data: [vendorAccount()] });

		await user.type(screen.getByLabelText(/^Name/), 'Red Hat production');
		await user.type(screen.getByLabelText('User (e-mail)'), 'dana@example.com');
		await user.type(screen.getByLabelText('Offline token'), 'secret-offline-token');
		await user.click(screen.getByTestId('vendor-account-add'));

		expect(addVendorAccount).toHaveBeenCalledWith(
			{
				connector: 'red_hat',
				name: 'Red Hat production',
				baseUrl: 'https://api.access.redhat.com',
				user: 'dana@example.com',
				vendor: 'redhat'
			},
			'secret-offline-token'
		);
		expect(await screen.findByTestId('vendor-account')).toHaveTextContent('Red Hat production');
		expect(screen.getByTestId('vendor-account-secret')).toHaveValue('');
	});

	it('shows a refusal beside the field it is about and keeps what was typed', async () => {
		const user = userEvent.setup();
		render(VendorAccounts, { vendors: VENDORS });
		vi.mocked(addVendorAccount).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'bad address',
				fields: [{ field: 'baseUrl', message: 'The address must start with https://.' }]
			})
		});
		await user.click(screen.getByLabelText('Support API'));
		await user.selectOptions(screen.getByLabelText('Support API'), 'zendesk');
		expect(screen.getByLabelText(/^Address/)).toHaveValue('https://vendor.zendesk.com');
		expect(screen.getByLabelText('API token')).toBeInTheDocument();
		await user.clear(screen.getByLabelText(/^Address/));
		await user.type(screen.getByLabelText(/^Address/), 'http://acme.zendesk.com');
		await user.type(screen.getByLabelText('API token'), 'tok');
		await user.click(screen.getByTestId('vendor-account-add'));
		expect(await screen.findByText('The address must start with https://.')).toBeVisible();
		expect(screen.getByLabelText(/^Address/)).toHaveValue('http://acme.zendesk.com');
		expect(screen.getByLabelText('API token')).toHaveValue('tok');
	});

	it('says in plain words why the last sync failed and what waits', async () => {
		vi.mocked(vendorAccounts).mockResolvedValue({
			ok: true,
			data: [
				vendorAccount({
					queued: 2,
					lastSyncAt: '2026-11-27T09:00:00Z',
					lastError: apiError({
						code: 'credentials_rejected',
						message: 'The vendor rejected the credentials (sign-in refused).'
					})
				})
			]
		});
		render(VendorAccounts, { vendors: VENDORS });
		const row = await screen.findByTestId('vendor-account');
		expect(row).toHaveTextContent('2 waiting to be delivered');
		expect(within(row).getByTestId('vendor-account-error')).toHaveTextContent(
			'The vendor rejected the credentials: The vendor rejected the credentials (sign-in refused).'
		);
	});

	it('syncs on demand with progress, then reports what the sync did', async () => {
		const user = userEvent.setup();
		vi.mocked(vendorAccounts).mockResolvedValue({ ok: true, data: [vendorAccount()] });
		let finish: () => void = () => {};
		vi.mocked(syncVendorAccount).mockImplementation(async (_id, onProgress) => {
			onProgress?.({ casesRead: 100, label: '100 cases read from Red Hat production' });
			await new Promise<void>((done) => (finish = done));
			return {
				ok: true,
				data: {
					casesRead: 250,
					supportRequestsAdded: 250,
					supportRequestsChanged: 0,
					updatesReceived: 0,
					delivered: 1,
					refused: 0
				}
			};
		});
		render(VendorAccounts, { vendors: VENDORS });
		await user.click(await screen.findByTestId('vendor-account-sync'));
		expect(await screen.findByTestId('vendor-account-busy')).toHaveTextContent(
			'100 cases read from Red Hat production'
		);
		expect(screen.getByTestId('vendor-account-sync')).toBeDisabled();
		finish();
		await waitFor(() =>
			expect(screen.getByTestId('vendor-account-note')).toHaveTextContent(
				'250 cases read, 250 SRs added, 0 changed, 1 actions delivered.'
			)
		);
	});
});
