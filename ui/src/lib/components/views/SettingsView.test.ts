import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
	getProfile,
	listPlaybooks,
	resetPlaybook,
	savePlaybook,
	saveProfile,
	type PlaybookEntry
} from '$lib/ipc';
import { apiError } from '../../../test/fixtures';
import SettingsView from './SettingsView.svelte';

vi.mock('$lib/ipc', () => ({
	getProfile: vi.fn(),
	saveProfile: vi.fn(),
	listPlaybooks: vi.fn(),
	savePlaybook: vi.fn(),
	resetPlaybook: vi.fn()
}));

const PLAYBOOKS: PlaybookEntry[] = [
	{ id: 'vmware', name: 'VMware by Broadcom', origin: 'built_in', text: 'id = "vmware"\n', problem: null }
];

const PROPS = { dataDir: '/home/dana/.local/share/escalator', databasePath: '/home/dana/.local/share/escalator/escalator.db' };

beforeEach(() => {
	vi.mocked(getProfile).mockReset().mockResolvedValue({
		ok: true,
		data: { name: 'Dana', organisation: 'ACME', region: 'EMEA', timeZone: 'Europe/Berlin' }
	});
	vi.mocked(saveProfile).mockReset();
	vi.mocked(listPlaybooks).mockReset().mockResolvedValue({ ok: true, data: PLAYBOOKS });
	vi.mocked(savePlaybook).mockReset();
	vi.mocked(resetPlaybook).mockReset();
});

describe('SettingsView', () => {
	it('shows the profile, the playbooks and where the data is', async () => {
		render(SettingsView, { props: PROPS });
		expect(await screen.findByLabelText('Your name')).toHaveValue('Dana');
		expect(await screen.findAllByTestId('playbook-row')).toHaveLength(1);
		expect(screen.getByTestId('settings-data-dir')).toHaveTextContent(PROPS.dataDir);
		expect(screen.getByTestId('settings-database-path')).toHaveTextContent(PROPS.databasePath);
	});

	it('saves the profile, and shows a time zone error beside the field', async () => {
		vi.mocked(saveProfile)
			.mockResolvedValueOnce({
				ok: false,
				error: apiError({
					code: 'validation',
					fields: [{ field: 'timeZone', message: '“Mars/Base” is not an IANA time zone.' }]
				})
			})
			.mockResolvedValueOnce({
				ok: true,
				data: { name: 'Dana', organisation: 'ACME', region: 'EMEA', timeZone: 'Asia/Tokyo' }
			});
		const user = userEvent.setup();
		render(SettingsView, { props: PROPS });
		const zone = await screen.findByLabelText('Time zone');
		await user.clear(zone);
		await user.type(zone, 'Mars/Base');
		await user.click(screen.getByTestId('save-profile'));
		expect(await screen.findByText('“Mars/Base” is not an IANA time zone.')).toHaveAttribute(
			'id',
			'timeZone-error'
		);
		expect(zone).toHaveValue('Mars/Base');

		await user.clear(zone);
		await user.type(zone, 'Asia/Tokyo');
		await user.click(screen.getByTestId('save-profile'));
		expect(await screen.findByTestId('profile-saved')).toBeInTheDocument();
		expect(document.getElementById('timeZone-error')).toBeNull();
		expect(saveProfile).toHaveBeenLastCalledWith({
			name: 'Dana',
			organisation: 'ACME',
			region: 'EMEA',
			timeZone: 'Asia/Tokyo'
		});
	});

	it('says when the profile or the playbooks cannot be loaded', async () => {
		vi.mocked(getProfile).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'storage', message: 'profile unreadable' })
		});
		vi.mocked(listPlaybooks).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'internal', message: 'command list_playbooks not found' })
		});
		render(SettingsView, { props: PROPS });
		const profile = await screen.findByTestId('settings-profile');
		expect(await within(profile).findByRole('alert')).toHaveTextContent('profile unreadable');
		const playbooks = screen.getByTestId('settings-playbooks');
		expect(await within(playbooks).findByRole('alert')).toHaveTextContent(
			'command list_playbooks not found'
		);
	});
});
