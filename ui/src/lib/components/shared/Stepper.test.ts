import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import Stepper from './Stepper.svelte';

const STEPS = [
	{ id: 'situation', label: 'Situation' },
	{ id: 'readiness', label: 'Readiness' },
	{ id: 'statement', label: 'Problem statement' },
	{ id: 'review', label: 'Review' }
];

function renderStepper(current = 'statement', reached = ['situation', 'readiness', 'statement']) {
	const onselect = vi.fn();
	const result = render(Stepper, { props: { steps: STEPS, current, reached, onselect } });
	return { ...result, onselect, user: userEvent.setup() };
}

describe('Stepper', () => {
	it('lists the steps in order inside a labelled navigation', () => {
		renderStepper();
		const nav = screen.getByRole('navigation', { name: 'Steps' });
		const list = within(nav).getByRole('list');
		expect(list).toHaveAttribute('data-testid', 'stepper');
		expect(list.tagName).toBe('OL');
		expect(within(list).getAllByRole('listitem')).toHaveLength(4);
		expect(within(list).getAllByRole('button').map((button) => button.dataset.testid)).toEqual([
			'step-situation',
			'step-readiness',
			'step-statement',
			'step-review'
		]);
	});

	it('marks the current step, and only it', () => {
		renderStepper();
		expect(screen.getByTestId('step-statement')).toHaveAttribute('aria-current', 'step');
		for (const id of ['situation', 'readiness', 'review']) {
			expect(screen.getByTestId(`step-${id}`)).not.toHaveAttribute('aria-current');
		}
	});

	it('lets the user go back to a reached step', async () => {
		const { onselect, user } = renderStepper();
		const readiness = screen.getByRole('button', { name: 'Readiness (done)' });
		expect(readiness).toBeEnabled();
		await user.click(readiness);
		expect(onselect).toHaveBeenCalledExactlyOnceWith('readiness');
	});

	it('disables steps not reached yet', async () => {
		const { onselect, user } = renderStepper();
		const review = screen.getByTestId('step-review');
		expect(review).toBeDisabled();
		expect(review).toHaveAccessibleName('Review');
		await user.click(review);
		expect(onselect).not.toHaveBeenCalled();
	});

	it('does not select the step the user is on', async () => {
		const { onselect, user } = renderStepper();
		const current = screen.getByTestId('step-statement');
		expect(current).toBeEnabled();
		await user.click(current);
		expect(onselect).not.toHaveBeenCalled();
	});

	it('allows jumping forward to a step reached before going back', async () => {
		const { onselect, user } = renderStepper('readiness', ['situation', 'readiness', 'statement']);
		const statement = screen.getByTestId('step-statement');
		expect(statement).toBeEnabled();
		expect(statement).toHaveAccessibleName('Problem statement');
		await user.click(statement);
		expect(onselect).toHaveBeenCalledExactlyOnceWith('statement');
	});

	it('follows the current step as it changes', async () => {
		const { rerender } = renderStepper('situation', ['situation']);
		expect(screen.getByTestId('step-readiness')).toBeDisabled();
		await rerender({ current: 'readiness', reached: ['situation', 'readiness'] });
		expect(screen.getByTestId('step-readiness')).toHaveAttribute('aria-current', 'step');
		expect(screen.getByTestId('step-situation')).toBeEnabled();
	});
});
