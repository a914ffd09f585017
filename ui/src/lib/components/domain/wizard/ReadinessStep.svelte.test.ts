import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ReadinessInput } from '$lib/ipc';
import type { FieldMessages, MilestoneFields } from '$lib/wizard';
import ReadinessStep from './ReadinessStep.svelte';

// A .svelte.test.ts file, so the props can be $state and the step's bindings write to them.
function renderStep(
	readiness: Partial<ReadinessInput> = {},
	milestone?: MilestoneFields,
	errors: FieldMessages = {}
) {
	const props = $state({
		errors,
		readiness: {
			problemStatement: 'Hosts lose storage',
			problemStatementConfirmed: false,
			businessImpact: '',
			workaround: { kind: 'none' },
			milestone: { kind: 'unset' },
			...readiness
		} as ReadinessInput,
		milestone: milestone ?? { choice: '', date: '', what: '' }
	});
	render(ReadinessStep, { props });
	return { props, user: userEvent.setup() };
}

describe('ReadinessStep', () => {
	it('labels every control', () => {
		renderStep();
		expect(screen.getByRole('textbox', { name: /Problem statement/ })).toHaveValue(
			'Hosts lose storage'
		);
		expect(
			screen.getByRole('checkbox', {
				name: 'I confirm the problem statement is correct and up to date'
			})
		).not.toBeChecked();
		expect(screen.getByRole('textbox', { name: /Business impact/ })).toBeInTheDocument();
		expect(screen.getByRole('radio', { name: 'There is no workaround' })).toBeChecked();
		expect(screen.getByRole('radiogroup', { name: 'Critical milestone' })).toBeInTheDocument();
	});

	it('asks why a workaround does not do, and remembers it across a change of mind', async () => {
		const { props, user } = renderStep();
		expect(document.querySelector('#workaround-why')).toBeNull();

		await user.click(document.querySelector<HTMLElement>('#workaround-impractical')!);
		await user.type(document.querySelector<HTMLElement>('#workaround-why')!, 'Needs downtime');
		expect(props.readiness.workaround).toEqual({ kind: 'impractical', why: 'Needs downtime' });

		await user.click(document.querySelector<HTMLElement>('#workaround-none')!);
		expect(document.querySelector('#workaround-why')).toBeNull();
		expect(props.readiness.workaround).toEqual({ kind: 'none' });

		await user.click(document.querySelector<HTMLElement>('#workaround-impractical')!);
		expect(document.querySelector<HTMLTextAreaElement>('#workaround-why')!.value).toBe(
			'Needs downtime'
		);
	});

	it('asks for the date and what happens then only for a milestone', async () => {
		const { props, user } = renderStep();
		expect(document.querySelector('#milestone-date')).toBeNull();

		await user.click(document.querySelector<HTMLElement>('#milestone-on')!);
		const date = document.querySelector<HTMLInputElement>('#milestone-date')!;
		expect(date.type).toBe('date');
		await user.type(date, '2031-05-01');
		await user.type(document.querySelector<HTMLElement>('#milestone-what')!, 'Go-live');
		expect(props.milestone).toEqual({ choice: 'on', date: '2031-05-01', what: 'Go-live' });

		await user.click(document.querySelector<HTMLElement>('#milestone-none')!);
		expect(document.querySelector('#milestone-date')).toBeNull();
		expect(props.milestone.choice).toBe('none');
	});

	it('marks the milestone choice invalid when none is made and Rust says so', () => {
		renderStep({ problemStatement: '' }, undefined, {
			milestone: 'Give the date, or state that there is none.',
			problemStatement: 'Describe it.'
		});
		const group = screen.getByRole('radiogroup', { name: 'Critical milestone' });
		expect(group).toHaveAttribute('aria-invalid', 'true');
		expect(group).toHaveAccessibleDescription('Give the date, or state that there is none.');
		expect(screen.getByRole('textbox', { name: /Problem statement/ })).toHaveAccessibleDescription(
			/^Describe it\./
		);
	});
});
