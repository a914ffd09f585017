import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetPlaybook, savePlaybook, type PlaybookEntry } from '$lib/ipc';
import { apiError } from '../../../test/fixtures';
import PlaybookEditor, { newVendorTemplate } from './PlaybookEditor.svelte';

vi.mock('$lib/ipc', () => ({ savePlaybook: vi.fn(), resetPlaybook: vi.fn() }));

const OTHER_TEXT = [
	'# Vendor playbook: a generic vendor.',
	'',
	'id = "other"',
	'name = "Other vendor"',
	'portal_url = ""',
	'portal_source = ""',
	''
].join('\n');

const ENTRIES: PlaybookEntry[] = [
	{ id: 'vmware', name: 'VMware by Broadcom', origin: 'built_in', text: 'id = "vmware"\n', problem: null },
	{
		id: 'redhat',
		name: 'Red Hat',
		origin: 'edited',
		text: 'id = "redhat"\nname = "Red Hat"\n',
		problem: 'line 3: unknown field `phon`'
	},
	{ id: 'acme', name: '<b>ACME</b>', origin: 'added', text: 'id = "acme"\n', problem: null },
	{ id: 'other', name: 'Other vendor', origin: 'built_in', text: OTHER_TEXT, problem: null }
];

function rows(): HTMLElement[] {
	return screen.getAllByTestId('playbook-row');
}

function row(id: string): HTMLElement {
	const found = rows().find((element) => element.dataset.id === id);
	if (!found) throw new Error(`no row ${id}`);
	return found;
}

function textArea(): HTMLTextAreaElement {
	return document.querySelector<HTMLTextAreaElement>('#playbook-text')!;
}

beforeEach(() => {
	vi.mocked(savePlaybook).mockReset();
	vi.mocked(resetPlaybook).mockReset();
});

describe('PlaybookEditor', () => {
	it('lists the playbooks with their origin and problems', () => {
		render(PlaybookEditor, { props: { entries: ENTRIES } });
		expect(rows().map((element) => element.dataset.id)).toEqual(['vmware', 'redhat', 'acme', 'other']);
		expect(within(row('vmware')).getByTestId('playbook-origin')).toHaveTextContent('Built-in');
		expect(within(row('redhat')).getByTestId('playbook-origin')).toHaveTextContent('Edited');
		expect(within(row('acme')).getByTestId('playbook-origin')).toHaveTextContent('Added');
		expect(within(row('redhat')).getByTestId('playbook-problem')).toHaveTextContent(
			'line 3: unknown field `phon`'
		);
		expect(within(row('vmware')).queryByTestId('playbook-problem')).toBeNull();
		// Only a user's copy can be reset.
		expect(within(row('vmware')).queryByTestId('reset-playbook')).toBeNull();
		expect(within(row('redhat')).getByTestId('reset-playbook')).toBeInTheDocument();
		expect(within(row('acme')).getByTestId('reset-playbook')).toBeInTheDocument();
		expect(row('acme')).toHaveTextContent('<b>ACME</b>');
		expect(row('acme').querySelector('b')).toBeNull();
		expect(screen.getByText(/keeps its public source/)).toBeInTheDocument();
	});

	it('edits a playbook as TOML in a labelled monospace field', async () => {
		const user = userEvent.setup();
		render(PlaybookEditor, { props: { entries: ENTRIES } });
		await user.click(within(row('redhat')).getByTestId('edit-playbook'));

		const field = screen.getByLabelText('Playbook (TOML)');
		expect(field).toBe(textArea());
		expect(field).toHaveValue('id = "redhat"\nname = "Red Hat"\n');
		expect(field).toHaveFocus();
		expect(screen.getByRole('heading', { name: 'Edit playbook: Red Hat' })).toBeInTheDocument();
	});

	it('shows a save error beside the text and keeps the text', async () => {
		vi.mocked(savePlaybook).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Some details need attention.',
				fields: [{ field: 'text', message: 'TOML parse error at line 2: expected `=`' }]
			})
		});
		const user = userEvent.setup();
		render(PlaybookEditor, { props: { entries: ENTRIES } });
		await user.click(within(row('vmware')).getByTestId('edit-playbook'));
		await user.clear(textArea());
		await user.type(textArea(), 'id = "vmware"{Enter}name is broken');
		await user.click(screen.getByTestId('save-playbook'));

		expect(savePlaybook).toHaveBeenCalledWith('id = "vmware"\nname is broken');
		const message = await screen.findByText('TOML parse error at line 2: expected `=`');
		expect(message).toHaveAttribute('id', 'text-error');
		expect(textArea()).toHaveAttribute('aria-invalid', 'true');
		expect(textArea().getAttribute('aria-describedby')).toContain('text-error');
		expect(textArea()).toHaveValue('id = "vmware"\nname is broken');
		await waitFor(() => expect(textArea()).toHaveFocus());
	});

	it('saves a playbook and shows what Rust returned', async () => {
		const saved: PlaybookEntry = {
			...ENTRIES[0]!,
			origin: 'edited',
			text: 'id = "vmware"\nname = "VMware"\n'
		};
		vi.mocked(savePlaybook).mockResolvedValue({ ok: true, data: saved });
		const user = userEvent.setup();
		render(PlaybookEditor, { props: { entries: ENTRIES } });
		await user.click(within(row('vmware')).getByTestId('edit-playbook'));
		await user.click(screen.getByTestId('save-playbook'));

		await waitFor(() => expect(textArea()).toBeNull());
		expect(within(row('vmware')).getByTestId('playbook-origin')).toHaveTextContent('Edited');
		expect(screen.getByTestId('playbook-status')).toHaveTextContent('playbook saved');
		await waitFor(() =>
			expect(within(row('vmware')).getByTestId('edit-playbook')).toHaveFocus()
		);
	});

	it('adds a vendor from the generic playbook with its own id and name', async () => {
		const added: PlaybookEntry = {
			id: 'my-vendor',
			name: 'My vendor',
			origin: 'added',
			text: 'x',
			problem: null
		};
		vi.mocked(savePlaybook).mockResolvedValue({ ok: true, data: added });
		const user = userEvent.setup();
		render(PlaybookEditor, { props: { entries: ENTRIES } });
		await user.click(screen.getByTestId('add-playbook'));

		expect(screen.getByRole('heading', { name: 'Add a vendor' })).toBeInTheDocument();
		const text = textArea().value;
		expect(text).toContain('id = "my-vendor"');
		expect(text).toContain('name = "My vendor"');
		expect(text).not.toContain('id = "other"');
		expect(text).toContain('portal_source = ""');

		await user.click(screen.getByTestId('save-playbook'));
		await waitFor(() => expect(rows().map((element) => element.dataset.id)).toContain('my-vendor'));
		expect(within(row('my-vendor')).getByTestId('playbook-origin')).toHaveTextContent('Added');
	});

	it('resets a playbook only after confirmation', async () => {
		const afterReset = ENTRIES.map((entry) =>
			entry.id === 'redhat' ? { ...entry, origin: 'built_in' as const, problem: null } : entry
		);
		vi.mocked(resetPlaybook).mockResolvedValue({ ok: true, data: afterReset });
		const user = userEvent.setup();
		render(PlaybookEditor, { props: { entries: ENTRIES } });

		await user.click(within(row('redhat')).getByTestId('reset-playbook'));
		const dialog = screen.getByRole('dialog', { name: 'Reset Red Hat?' });
		await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
		expect(resetPlaybook).not.toHaveBeenCalled();
		await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

		await user.click(within(row('redhat')).getByTestId('reset-playbook'));
		await user.click(screen.getByTestId('dialog-confirm'));
		expect(resetPlaybook).toHaveBeenCalledWith('redhat');
		await waitFor(() =>
			expect(within(row('redhat')).getByTestId('playbook-origin')).toHaveTextContent('Built-in')
		);
		expect(within(row('redhat')).queryByTestId('playbook-problem')).toBeNull();
		expect(within(row('redhat')).queryByTestId('reset-playbook')).toBeNull();
	});

	it('builds a template even without a generic playbook', () => {
		expect(newVendorTemplate(undefined)).toBe('id = "my-vendor"\nname = "My vendor"\n');
		expect(newVendorTemplate('# only a comment\n')).toBe(
			'id = "my-vendor"\nname = "My vendor"\n# only a comment\n'
		);
	});
});
