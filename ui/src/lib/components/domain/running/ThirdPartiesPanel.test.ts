import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { engageThirdParty, updateThirdParty, type RunningEscalation } from '$lib/ipc';
import { apiError } from '../../../../test/fixtures';
import ThirdPartiesPanel from './ThirdPartiesPanel.svelte';
import { engagement, runningEscalation } from './running-fixtures';

vi.mock('$lib/ipc', () => ({ engageThirdParty: vi.fn(), updateThirdParty: vi.fn() }));

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
	const element = document.getElementById(id);
	if (!element) throw new Error(`#${id} is not in the document`);
	return element as T;
}

function show(running: RunningEscalation, disabled = false) {
	const onchange = vi.fn();
	const user = userEvent.setup();
	render(ThirdPartiesPanel, {
		props: { escalationId: 'esc-1', running, disabled, zone: 'Europe/Berlin', onchange }
	});
	return { user, onchange };
}

beforeEach(() => {
	vi.mocked(engageThirdParty).mockReset();
	vi.mocked(updateThirdParty).mockReset();
});

describe('ThirdPartiesPanel', () => {
	it('lists engagements with how, case, status and contacts as text', () => {
		show(
			runningEscalation({
				engagements: [
					engagement(),
					engagement({
						id: 'tp-2',
						vendor: '<b>Acme</b> Storage',
						via: 'support_contract',
						caseNumber: '',
						status: 'requested',
						contacts: []
					})
				]
			})
		);
		const [dell, acme] = screen.getAllByTestId('third-party');
		expect(dell).toHaveTextContent('Dell Technologies');
		expect(dell).toHaveTextContent('via TSANet');
		expect(dell).toHaveTextContent('case 123456789');
		expect(dell).toHaveTextContent('Engaged');
		const contact = within(dell!).getByTestId('third-party-contact');
		expect(contact).toHaveTextContent('Dora Dell');
		expect(contact).toHaveTextContent('Third-party vendor');
		expect(contact).toHaveTextContent('+1 555 0100');
		expect(acme).toHaveTextContent('<b>Acme</b> Storage');
		expect(acme!.querySelector('b')).toBeNull();
		expect(acme).toHaveTextContent('via Our support contract');
		expect(acme).toHaveTextContent('no case number yet');
		expect(acme).toHaveAttribute('data-status', 'requested');
	});

	it('engages another vendor with contacts', async () => {
		const next = runningEscalation({ engagements: [engagement()] });
		vi.mocked(engageThirdParty).mockResolvedValue({ ok: true, data: next });
		const { user, onchange } = show(runningEscalation());
		expect(screen.getByTestId('third-parties-empty')).toBeInTheDocument();

		await user.click(screen.getByTestId('third-party-add'));
		await user.type(screen.getByTestId('tp-vendor'), 'Dell Technologies');
		await user.selectOptions(screen.getByTestId('tp-via'), 'support_contract');
		await user.type(screen.getByTestId('tp-case'), 'C-42');
		await user.selectOptions(screen.getByTestId('tp-status'), 'engaged');
		await user.click(screen.getByTestId('tp-contact-add'));
		await user.type(screen.getByTestId('tp-contact-name'), 'Dora');
		await user.type(screen.getByTestId('tp-contact-phone'), '+1 555 0100');
		await user.type(byId('tp-note'), 'Storage side.');
		await user.click(screen.getByTestId('tp-save'));

		expect(engageThirdParty).toHaveBeenCalledWith('esc-1', {
			vendor: 'Dell Technologies',
			via: 'support_contract',
			caseNumber: 'C-42',
			status: 'engaged',
			note: 'Storage side.',
			contacts: [{ role: 'third_party', name: 'Dora', email: '', phone: '+1 555 0100', note: '' }]
		});
		expect(onchange).toHaveBeenCalledWith(next);
		await waitFor(() => expect(screen.queryByTestId('tp-form')).toBeNull());
	});

	it('edits an engagement; errors appear beside their fields and typing is kept', async () => {
		vi.mocked(updateThirdParty).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Some details need attention.',
				fields: [
					{ field: 'vendor', message: 'Name the other vendor.' },
					{ field: 'contacts.0.email', message: 'Not an e-mail address.' }
				]
			})
		});
		const { user, onchange } = show(runningEscalation({ engagements: [engagement()] }));
		await user.click(screen.getByTestId('third-party-edit'));
		expect(screen.getByTestId('tp-case')).toHaveValue('123456789');
		expect(screen.getByTestId('tp-contact-name')).toHaveValue('Dora Dell');
		await user.clear(screen.getByTestId('tp-vendor'));
		await user.clear(screen.getByTestId('tp-contact-email'));
		await user.type(screen.getByTestId('tp-contact-email'), 'dora');
		await user.selectOptions(screen.getByTestId('tp-status'), 'resolved');
		await user.click(screen.getByTestId('tp-save'));

		expect(updateThirdParty).toHaveBeenCalledWith(
			'tp-1',
			expect.objectContaining({ vendor: '', status: 'resolved' })
		);
		const vendor = screen.getByTestId('tp-vendor');
		await waitFor(() => expect(vendor).toHaveAttribute('aria-invalid', 'true'));
		expect(vendor).toHaveAccessibleDescription('Name the other vendor.');
		expect(byId('tp-contacts-0-email-error')).toHaveTextContent('Not an e-mail address.');
		expect(screen.getByTestId('tp-contact-email')).toHaveValue('dora');
		expect(screen.getByTestId('tp-status')).toHaveValue('resolved');
		expect(onchange).not.toHaveBeenCalled();
	});

	it('changes nothing once the escalation is over', () => {
		show(runningEscalation({ engagements: [engagement()] }), true);
		expect(screen.getByTestId('third-party-add')).toBeDisabled();
		expect(screen.getByTestId('third-party-edit')).toBeDisabled();
	});
});
