import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Contact } from '$lib/ipc';
import ContactsPanel, { groupContacts } from './ContactsPanel.svelte';

vi.mock('$lib/ipc', () => ({ setEscalationContacts: vi.fn() }));

function contact(role: Contact['role'], name: string): Contact {
	return { role, name, email: '', phone: '', note: '' };
}

describe('ContactsPanel', () => {
	it('groups contacts by role in the order of the vendor’s process', () => {
		const groups = groupContacts([
			contact('our_side', 'Ola Ours'),
			contact('escalation_engineer', 'Eve'),
			contact('assigned_technician', 'Tom'),
			contact('escalation_engineer', 'Ed')
		]);
		expect(groups.map((group) => [group.label, group.contacts.map((c) => c.name)])).toEqual([
			['Assigned technician', ['Tom']],
			['Escalation Engineer (primary contact)', ['Eve', 'Ed']],
			['Our side', ['Ola Ours']]
		]);
	});

	it('shows each role’s label and its people as text', () => {
		render(ContactsPanel, {
			props: {
				escalationId: 'esc-1',
				contacts: [
					{ ...contact('third_party', '<b>Acme</b> storage'), note: 'Via TSANet' },
					contact('global_escalation_program_manager', 'Gail'),
					contact('regional_escalation_manager', 'Rita'),
					contact('duty_manager', 'Dan')
				],
				onsaved: vi.fn()
			}
		});
		const groups = screen.getAllByTestId('contact-group');
		expect(groups.map((group) => within(group).getByRole('term').textContent)).toEqual([
			'Duty Manager',
			'Regional Escalation Manager',
			'Global Escalation Program Manager',
			'Third-party vendor'
		]);
		expect(groups[3]).toHaveTextContent('<b>Acme</b> storage');
		expect(groups[3]).toHaveTextContent('Via TSANet');
		expect(groups[3]!.querySelector('b')).toBeNull();
		expect(screen.getByTestId('edit-contacts')).toHaveTextContent('Edit contacts');
	});
});
