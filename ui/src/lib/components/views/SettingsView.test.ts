import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
	getProfile,
	listPlaybooks,
	listVendors,
	vendorAccounts,
	reminderSettings,
	resetPlaybook,
	saveReminderSettings,
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
	resetPlaybook: vi.fn(),
	reminderSettings: vi.fn(),
	saveReminderSettings: vi.fn(),
	listVendors: vi.fn(),
	vendorAccounts: vi.fn(),
	addVendorAccount: vi.fn(),
	testVendorAccount: vi.fn(),
	syncVendorAccount: vi.fn(),
	removeVendorAccount: vi.fn()
}));

const PLAYBOOKS: PlaybookEntry[] = [
	{
		id: 'vmware',
		name: 'VMware by Broadcom',
		origin: 'built_in',
		text: 'id = "vmware"\n',
		problem: null
	}
];

const PROPS = {
	dataDir: '/home/dana/.local/share/escalator',
	databasePath: '/home/dana/.local/share/escalator/escalator.db'
};

beforeEach(() => {
	vi.mocked(getProfile)
		.mockReset()
		.mockResolvedValue({
			ok: true,
			data: { name: 'Dana', organisation: 'ACME', region: 'EMEA', timeZone: 'Europe/Berlin' }
		});
	vi.mocked(saveProfile).mockReset();
	vi.mocked(listPlaybooks).mockReset().mockResolvedValue({ ok: true, data: PLAYBOOKS });
	vi.mocked(savePlaybook).mockReset();
	vi.mocked(resetPlaybook).mockReset();
	vi.mocked(reminderSettings)
		.mockReset()
		.mockResolvedValue({ ok: true, data: { notifications: true, quietHours: null } });
	vi.mocked(saveReminderSettings).mockReset();
	vi.mocked(listVendors).mockReset().mockResolvedValue({ ok: true, data: [] });
	vi.mocked(vendorAccounts).mockReset().mockResolvedValue({ ok: true, data: [] });
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

describe('SettingsView reminders', () => {
	it('explains reminders and saves what was typed, with a quiet-hours error beside the times', async () => {
		vi.mocked(saveReminderSettings)
			.mockResolvedValueOnce({
				ok: false,
				error: apiError({
					code: 'validation',
					fields: [{ field: 'quietHours', message: 'Quiet hours need a different start and end.' }]
				})
			})
			.mockResolvedValueOnce({
				ok: true,
				data: { notifications: false, quietHours: { start: '21:30:00', end: '06:45:00' } }
			});
		const user = userEvent.setup();
		render(SettingsView, { props: PROPS });
		const section = await screen.findByTestId('settings-reminders');
		expect(section).toHaveTextContent('calls starting in 10 minutes');
		expect(section).toHaveTextContent("profile's time zone");

		const notifications = await screen.findByTestId('reminders-notifications');
		expect(notifications).toBeChecked();
		const start = screen.getByTestId('reminders-quiet-start');
		const end = screen.getByTestId('reminders-quiet-end');
		// Off by default, offering 22:00–07:00 once switched on.
		expect(start).toBeDisabled();
		expect(start).toHaveValue('22:00');
		expect(end).toHaveValue('07:00');

		await user.click(notifications);
		await user.click(screen.getByTestId('reminders-quiet'));
		expect(start).toBeEnabled();
		await fireEvent.input(start, { target: { value: '07:00' } });
		await user.click(screen.getByTestId('reminders-save'));
		expect(saveReminderSettings).toHaveBeenLastCalledWith({
			notifications: false,
			quietHours: { start: '07:00:00', end: '07:00:00' }
		});
		const error = await screen.findByText('Quiet hours need a different start and end.');
		expect(error).toHaveAttribute('id', 'quietHours-error');
		expect(start).toHaveAttribute('aria-invalid', 'true');
		expect(start).toHaveAttribute('aria-describedby', 'quietHours-error');
		expect(screen.queryByTestId('reminders-saved')).toBeNull();

		await fireEvent.input(start, { target: { value: '21:30' } });
		await fireEvent.input(end, { target: { value: '06:45' } });
		await user.click(screen.getByTestId('reminders-save'));
		expect(saveReminderSettings).toHaveBeenLastCalledWith({
			notifications: false,
			quietHours: { start: '21:30:00', end: '06:45:00' }
		});
		expect(await screen.findByTestId('reminders-saved')).toHaveTextContent('Saved');
		expect(document.getElementById('quietHours-error')).toBeNull();
	});

	it('shows saved quiet hours, and sends none when they are switched off', async () => {
		vi.mocked(reminderSettings).mockResolvedValue({
			ok: true,
			data: { notifications: true, quietHours: { start: '23:00:00', end: '06:00:00' } }
		});
		vi.mocked(saveReminderSettings).mockImplementation(async (settings) => ({
			ok: true,
			data: settings
		}));
		const user = userEvent.setup();
		render(SettingsView, { props: PROPS });
		const quiet = await screen.findByTestId('reminders-quiet');
		expect(quiet).toBeChecked();
		expect(screen.getByTestId('reminders-quiet-start')).toHaveValue('23:00');
		expect(screen.getByTestId('reminders-quiet-end')).toHaveValue('06:00');
		await user.click(quiet);
		await user.click(screen.getByTestId('reminders-save'));
		expect(saveReminderSettings).toHaveBeenLastCalledWith({
			notifications: true,
			quietHours: null
		});
	});

	it('says when the reminder settings cannot be loaded', async () => {
		vi.mocked(reminderSettings).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'internal', message: 'command reminder_settings not found' })
		});
		render(SettingsView, { props: PROPS });
		const section = await screen.findByTestId('settings-reminders');
		expect(await within(section).findByRole('alert')).toHaveTextContent(
			'command reminder_settings not found'
		);
	});
});
