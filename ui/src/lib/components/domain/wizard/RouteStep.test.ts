import { render, screen } from '@testing-library/svelte';
import type { ComponentProps } from 'svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Profile, RoutePlan } from '$lib/ipc';
import RouteStep from './RouteStep.svelte';

const PLAN: RoutePlan = {
	vendorName: 'VMware by Broadcom',
	vendorSrNumber: '24512345678',
	severityLabel: 'Severity 2 (Major)',
	region: 'Americas',
	phone: { region: 'Americas', number: '1-877-4VMware', note: '', source: 'vendor page' },
	phoneRecommended: true,
	phoneRecommendedSource: 'escalation page',
	channels: [
		{ role: 'Assigned technician', how: 'comment', when: 'First', source: '' },
		{ role: 'Duty Manager', how: 'phone', when: 'When the technician cannot help', source: 's' }
	],
	portalUrl: 'https://support.example.test',
	tsanetMember: null,
	script: 'Hello',
	pasteable: 'SR number: 24512345678\n'
};

const PROFILE: Profile = { name: '', organisation: 'Acme', region: 'Americas', timeZone: 'UTC' };

function renderStep(props: Partial<ComponentProps<typeof RouteStep>> = {}) {
	const copy = vi.fn<(text: string) => Promise<boolean>>().mockResolvedValue(true);
	const onretry = vi.fn();
	render(RouteStep, {
		props: {
			plan: PLAN,
			loadError: null,
			profile: PROFILE,
			channel: 0,
			title: 'Escalation',
			copy,
			onretry,
			...props
		}
	});
	return { copy, onretry, user: userEvent.setup() };
}

describe('RouteStep', () => {
	it('shows the number for the region as plain text, not a link', () => {
		renderStep();
		const phone = screen.getByTestId('route-phone');
		expect(phone).toHaveTextContent('1-877-4VMware');
		expect(phone).toHaveTextContent('recommends calling');
		expect(phone.querySelector('a')).toBeNull();
		expect(screen.getByTestId('route-portal')).toHaveTextContent('https://support.example.test');
		expect(screen.getByTestId('route-portal').querySelector('a')).toBeNull();
	});

	it('says when no number is published', () => {
		renderStep({ plan: { ...PLAN, phone: null, phoneRecommended: false } });
		expect(screen.getByTestId('route-phone')).toHaveTextContent(
			'publishes no support number for Americas'
		);
	});

	it('lists the channels in the vendor’s order as labelled radios', () => {
		renderStep();
		expect(screen.getByRole('radio', { name: /Assigned technician/ })).toBe(
			document.querySelector('#channel-0')
		);
		expect(screen.getByRole('radio', { name: /Duty Manager/ })).toBe(
			document.querySelector('#channel-1')
		);
		expect(document.querySelector('#channel-0')).toBeChecked();
		expect(screen.getByText('Comment on the SR')).toBeInTheDocument();
	});

	it('words TSANet membership for each answer the playbook can give', async () => {
		const { rerender } = render(RouteStep, {
			props: {
				plan: PLAN,
				loadError: null,
				profile: PROFILE,
				channel: 0,
				title: '',
				copy: vi.fn(),
				onretry: vi.fn()
			}
		});
		expect(screen.getByTestId('route-tsanet')).toHaveTextContent('could not be confirmed');
		await rerender({ plan: { ...PLAN, tsanetMember: true } });
		expect(screen.getByTestId('route-tsanet')).toHaveTextContent('is a TSANet member');
		await rerender({ plan: { ...PLAN, tsanetMember: false } });
		expect(screen.getByTestId('route-tsanet')).toHaveTextContent('is not a TSANet member');
	});

	it('copies the facts through the function it is given', async () => {
		const { copy, user } = renderStep();
		await user.click(screen.getByTestId('copy-pasteable'));
		expect(copy).toHaveBeenCalledWith('SR number: 24512345678\n');
		expect(screen.getByTestId('copy-pasteable-status')).toHaveTextContent('Copied');
	});

	it('shows errors beside the title and the channels', () => {
		renderStep({ channel: null, errors: { title: 'Give a title.', channel: 'Choose one.' } });
		expect(document.querySelector('#escalation-title')).toHaveAccessibleDescription(
			/Give a title\./
		);
		expect(screen.getByRole('radiogroup', { name: 'Escalation path' })).toHaveAttribute(
			'aria-invalid',
			'true'
		);
		expect(document.querySelector('#channel-error')).toHaveTextContent('Choose one.');
	});

	it('offers to try again when the route could not be planned', async () => {
		const { onretry, user } = renderStep({
			plan: null,
			loadError: { code: 'not_found', message: 'There is no playbook for Acme.', fields: [] }
		});
		expect(screen.getByRole('alert')).toHaveTextContent('There is no playbook for Acme.');
		await user.click(screen.getByRole('button', { name: 'Try again' }));
		expect(onretry).toHaveBeenCalledOnce();
	});
});
