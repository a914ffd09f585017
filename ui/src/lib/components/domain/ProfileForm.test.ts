import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveProfile, type Profile } from '$lib/ipc';
import { apiError } from '../../../test/fixtures';
import ProfileForm from './ProfileForm.svelte';

vi.mock('$lib/ipc', () => ({ saveProfile: vi.fn() }));

const DEFAULT: Profile = { name: '', organisation: '', region: 'Global', timeZone: 'UTC' };
const DANA: Profile = {
	name: 'Dana',
	organisation: 'ACME Corp',
	region: 'EMEA',
	timeZone: 'Europe/Berlin'
};

function pretendComputerZone(zone: string) {
	const original = Intl.DateTimeFormat.prototype.resolvedOptions;
	vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockImplementation(function (
		this: Intl.DateTimeFormat
	) {
		return { ...original.call(this), timeZone: zone };
	});
}

function input(selector: string): HTMLInputElement {
	return document.querySelector<HTMLInputElement>(selector)!;
}

beforeEach(() => {
	vi.mocked(saveProfile).mockReset();
});

afterEach(() => {
	vi.restoreAllMocks();
});

describe('ProfileForm', () => {
	it('shows the saved profile', () => {
		pretendComputerZone('Asia/Tokyo');
		render(ProfileForm, { props: { profile: DANA } });
		expect(screen.getByLabelText('Your name')).toHaveValue('Dana');
		expect(screen.getByLabelText('Organisation')).toHaveValue('ACME Corp');
		expect(screen.getByLabelText('Region')).toHaveValue('EMEA');
		expect(screen.getByLabelText('Time zone')).toHaveValue('Europe/Berlin');
		expect(input('#profile-time-zone')).toHaveAttribute('list', 'profile-time-zone-list');
		const zones = Array.from(document.querySelectorAll('#profile-time-zone-list option'), (o) =>
			o.getAttribute('value')
		);
		expect(zones).toContain('Europe/Berlin');
		expect(zones).toContain('Asia/Tokyo');
		expect(
			Array.from(input('#profile-region').querySelectorAll('option'), (o) => o.value)
		).toEqual(['Americas', 'EMEA', 'APJ', 'Global']);
	});

	it("offers this computer's zone for a profile never saved, without saving it", () => {
		pretendComputerZone('America/Chicago');
		render(ProfileForm, { props: { profile: DEFAULT } });
		expect(input('#profile-time-zone')).toHaveValue('America/Chicago');
		expect(screen.getByText(/Taken from this computer/)).toBeInTheDocument();
		expect(saveProfile).not.toHaveBeenCalled();
	});

	it('keeps UTC once a name was saved', () => {
		pretendComputerZone('America/Chicago');
		render(ProfileForm, { props: { profile: { ...DEFAULT, name: 'Dana' } } });
		expect(input('#profile-time-zone')).toHaveValue('UTC');
	});

	it("fills in this computer's zone on request", async () => {
		pretendComputerZone('Australia/Sydney');
		const user = userEvent.setup();
		render(ProfileForm, { props: { profile: DANA } });
		await user.click(screen.getByRole('button', { name: "Use this computer's zone" }));
		expect(input('#profile-time-zone')).toHaveValue('Australia/Sydney');
	});

	it('saves the profile and says so', async () => {
		vi.mocked(saveProfile).mockResolvedValue({ ok: true, data: { ...DANA, name: 'Dana K.' } });
		const onsaved = vi.fn();
		const user = userEvent.setup();
		render(ProfileForm, { props: { profile: DANA, onsaved } });
		await user.clear(input('#profile-name'));
		await user.type(input('#profile-name'), 'Dana K. ');
		await user.selectOptions(input('#profile-region') as unknown as HTMLSelectElement, 'APJ');
		await user.click(screen.getByTestId('save-profile'));

		expect(saveProfile).toHaveBeenCalledWith({
			name: 'Dana K. ',
			organisation: 'ACME Corp',
			region: 'APJ',
			timeZone: 'Europe/Berlin'
		});
		expect(await screen.findByTestId('profile-saved')).toHaveTextContent('Profile saved.');
		// What Rust stored (trimmed) is what the form now shows.
		expect(input('#profile-name')).toHaveValue('Dana K.');
		expect(onsaved).toHaveBeenCalledWith({ ...DANA, name: 'Dana K.' });

		await user.type(input('#profile-organisation'), '!');
		expect(screen.queryByTestId('profile-saved')).toBeNull();
	});

	it('shows a time zone error beside the field and keeps what was typed', async () => {
		vi.mocked(saveProfile).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Some details need attention.',
				fields: [
					{
						field: 'timeZone',
						message: '“Europe/Atlantis” is not an IANA time zone; use a name like Europe/Berlin.'
					},
					{ field: 'region', message: 'Choose Americas, EMEA, APJ or Global.' }
				]
			})
		});
		const user = userEvent.setup();
		render(ProfileForm, { props: { profile: DANA } });
		await user.clear(input('#profile-time-zone'));
		await user.type(input('#profile-time-zone'), 'Europe/Atlantis');
		await user.click(screen.getByTestId('save-profile'));

		const message = await screen.findByText(/is not an IANA time zone/);
		expect(message).toHaveAttribute('id', 'timeZone-error');
		const zone = input('#profile-time-zone');
		expect(zone).toHaveAttribute('aria-invalid', 'true');
		expect(zone.getAttribute('aria-describedby')).toContain('timeZone-error');
		expect(zone).toHaveValue('Europe/Atlantis');
		expect(document.getElementById('region-error')).toHaveTextContent('Choose Americas');
		expect(input('#profile-region').getAttribute('aria-describedby')).toContain('region-error');
		await waitFor(() => expect(input('#profile-region')).toHaveFocus());
		expect(screen.queryByTestId('profile-saved')).toBeNull();
	});

	it('shows name and organisation errors beside their fields', async () => {
		vi.mocked(saveProfile).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				fields: [
					{ field: 'name', message: 'Name: at most 200 characters.' },
					{ field: 'organisation', message: 'Organisation: at most 200 characters.' }
				]
			})
		});
		const user = userEvent.setup();
		render(ProfileForm, { props: { profile: DANA } });
		await user.click(screen.getByTestId('save-profile'));
		expect(await screen.findByText('Name: at most 200 characters.')).toHaveAttribute(
			'id',
			'name-error'
		);
		expect(screen.getByText('Organisation: at most 200 characters.')).toHaveAttribute(
			'id',
			'organisation-error'
		);
	});
});
