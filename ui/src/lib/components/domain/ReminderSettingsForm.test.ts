import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { saveReminderSettings } from '$lib/ipc';
import { apiError } from '../../../test/fixtures';
import ReminderSettingsForm from './ReminderSettingsForm.svelte';

vi.mock('$lib/ipc', () => ({ saveReminderSettings: vi.fn() }));

beforeEach(() => {
	vi.mocked(saveReminderSettings).mockReset();
});

describe('ReminderSettingsForm', () => {
	it('reports a failure that belongs to no field in a banner, and saves the defaults', async () => {
		vi.mocked(saveReminderSettings).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'storage', message: 'disk full' })
		});
		const onsaved = vi.fn();
		const user = userEvent.setup();
		render(ReminderSettingsForm, {
			props: { settings: { notifications: true, quietHours: null }, onsaved }
		});
		await user.click(screen.getByLabelText('Quiet hours'));
		await user.click(screen.getByTestId('reminders-save'));
		expect(saveReminderSettings).toHaveBeenCalledWith({
			notifications: true,
			quietHours: { start: '22:00:00', end: '07:00:00' }
		});
		expect(await screen.findByRole('alert')).toHaveTextContent('disk full');
		expect(screen.queryByTestId('reminders-quiet-error')).toBeNull();
		expect(onsaved).not.toHaveBeenCalled();
	});
});
