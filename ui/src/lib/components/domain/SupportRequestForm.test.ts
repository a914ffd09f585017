import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createSupportRequest } from '$lib/ipc';
import { RED_HAT, VENDORS, VMWARE, apiError, supportRequest } from '../../../test/fixtures';
import SupportRequestForm from './SupportRequestForm.svelte';

vi.mock('$lib/ipc', () => ({ createSupportRequest: vi.fn() }));

const create = vi.mocked(createSupportRequest);

function renderForm() {
	const oncreated = vi.fn();
	const oncancel = vi.fn();
	render(SupportRequestForm, { props: { vendors: VENDORS, oncreated, oncancel } });
	return { oncreated, oncancel, user: userEvent.setup() };
}

function field<T extends HTMLElement>(selector: string): T {
	const element = document.querySelector<T>(selector);
	if (!element) throw new Error(`no element matches ${selector}`);
	return element;
}

function optionLabels(select: HTMLSelectElement): string[] {
	return Array.from(select.options)
		.filter((option) => option.value !== '')
		.map((option) => option.text.trim());
}

async function fillIn(user: ReturnType<typeof userEvent.setup>) {
	await user.selectOptions(field('#sr-vendor'), 'vmware');
	await user.type(field('#sr-number'), '  24512345678');
	await user.type(field('#sr-title'), '<script>alert(1)</script> vMotion fails');
	await user.selectOptions(field('#sr-severity'), '2');
}

beforeEach(() => {
	create.mockReset();
});

describe('SupportRequestForm', () => {
	it('labels every control', () => {
		renderForm();
		expect(screen.getByRole('combobox', { name: 'Vendor' })).toBe(field('#sr-vendor'));
		expect(screen.getByRole('textbox', { name: 'Vendor SR number' })).toBe(field('#sr-number'));
		expect(screen.getByRole('textbox', { name: 'Title' })).toBe(field('#sr-title'));
		expect(screen.getByRole('combobox', { name: 'Severity' })).toBe(field('#sr-severity'));
	});

	it('offers the chosen vendor’s own severity labels, valued by level', async () => {
		const { user } = renderForm();
		const severity = field<HTMLSelectElement>('#sr-severity');
		expect(severity).toBeDisabled();

		await user.selectOptions(field('#sr-vendor'), 'vmware');
		expect(severity).toBeEnabled();
		expect(optionLabels(severity)).toEqual(VMWARE.severities.map((level) => level.label));
		expect(Array.from(severity.options, (option) => option.value)).toEqual([
			'',
			'1',
			'2',
			'3',
			'4'
		]);

		await user.selectOptions(severity, '2');
		expect(screen.getByText('Major functionality impaired.')).toBeInTheDocument();

		await user.selectOptions(field('#sr-vendor'), 'redhat');
		expect(optionLabels(severity)).toEqual(RED_HAT.severities.map((level) => level.label));
		// Level 2 exists at Red Hat too, so the choice stays, now in Red Hat's words.
		expect(severity.value).toBe('2');
		expect(severity.selectedOptions[0]?.text).toBe('Severity 2 (High)');
	});

	it('clears the severity when the new vendor has no such level', async () => {
		const { user } = renderForm();
		await user.selectOptions(field('#sr-vendor'), 'vmware');
		await user.selectOptions(field('#sr-severity'), '4');
		await user.selectOptions(field('#sr-vendor'), 'redhat');
		expect(field<HTMLSelectElement>('#sr-severity').value).toBe('');
	});

	it('sends what was typed, with the severity as a level number', async () => {
		const created = supportRequest();
		create.mockResolvedValue({ ok: true, data: created });
		const { user, oncreated } = renderForm();

		await fillIn(user);
		await user.click(screen.getByTestId('sr-submit'));

		expect(create).toHaveBeenCalledWith({
			vendor: 'vmware',
			vendorSrNumber: '  24512345678',
			title: '<script>alert(1)</script> vMotion fails',
			severity: 2
		});
		expect(oncreated).toHaveBeenCalledWith(created);
	});

	it('shows validation errors beside their fields and keeps the values', async () => {
		create.mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'The support request is not valid.',
				fields: [
					{ field: 'vendorSrNumber', message: 'The SR number may only contain digits.' },
					{ field: 'title', message: 'The title is too long.' }
				]
			})
		});
		const { user, oncreated } = renderForm();

		await fillIn(user);
		await user.click(screen.getByTestId('sr-submit'));

		const number = field<HTMLInputElement>('#sr-number');
		const title = field<HTMLInputElement>('#sr-title');
		expect(field('#sr-number-error')).toHaveTextContent('The SR number may only contain digits.');
		expect(field('#sr-title-error')).toHaveTextContent('The title is too long.');
		expect(number).toHaveAttribute('aria-invalid', 'true');
		expect(number.getAttribute('aria-describedby')).toContain('sr-number-error');
		expect(title).toHaveAccessibleDescription(/The title is too long\./);
		expect(document.querySelector('#sr-vendor-error')).toBeNull();
		expect(document.querySelector('#sr-severity-error')).toBeNull();
		expect(field('#sr-vendor')).not.toHaveAttribute('aria-invalid');

		// Nothing the user typed is lost, and focus goes to the first field to fix.
		expect(field<HTMLSelectElement>('#sr-vendor').value).toBe('vmware');
		expect(number.value).toBe('  24512345678');
		expect(title.value).toBe('<script>alert(1)</script> vMotion fails');
		expect(field<HTMLSelectElement>('#sr-severity').value).toBe('2');
		expect(number).toHaveFocus();
		expect(oncreated).not.toHaveBeenCalled();
		// Field errors need no banner on top.
		expect(screen.queryByRole('alert')).toBeNull();
	});

	it('clears old field errors when the next attempt fails differently', async () => {
		create.mockResolvedValueOnce({
			ok: false,
			error: apiError({
				code: 'validation',
				fields: [{ field: 'severity', message: 'Choose a severity.' }]
			})
		});
		create.mockResolvedValueOnce({
			ok: false,
			error: apiError({ code: 'database_read_only', message: 'The disk is read-only.' })
		});
		const { user } = renderForm();

		await user.click(screen.getByTestId('sr-submit'));
		expect(field('#sr-severity-error')).toHaveTextContent('Choose a severity.');
		expect(create).toHaveBeenLastCalledWith({
			vendor: '',
			vendorSrNumber: '',
			title: '',
			severity: 0
		});

		await user.click(screen.getByTestId('sr-submit'));
		expect(document.querySelector('#sr-severity-error')).toBeNull();
		expect(screen.getByRole('alert')).toHaveTextContent('The database is read-only');
		expect(screen.getByRole('alert')).toHaveTextContent('The disk is read-only.');
	});

	it('shows errors about unknown fields in a banner, as text', async () => {
		create.mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'The support request is not valid.',
				fields: [{ field: 'product', message: '<b>Product</b> is unknown.' }]
			})
		});
		const { user } = renderForm();

		await user.click(screen.getByTestId('sr-submit'));

		const banner = screen.getByRole('alert');
		expect(banner).toHaveTextContent('The support request is not valid.');
		expect(banner).toHaveTextContent('<b>Product</b> is unknown.');
		expect(banner.querySelector('b')).toBeNull();
	});

	it('calls oncancel from the Cancel button', async () => {
		const { user, oncancel } = renderForm();
		await user.click(screen.getByRole('button', { name: 'Cancel' }));
		expect(oncancel).toHaveBeenCalledOnce();
	});
});
