import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { MAIN_PATH, STATE_ORDER, stateLabel } from '$lib/escalation-states';
import LifecycleChart from './LifecycleChart.svelte';

function node(state: string): HTMLElement {
	return screen.getByTestId(`lifecycle-node-${state}`);
}

function hiddenSteps(): HTMLElement[] {
	return within(screen.getByRole('list', { name: 'Escalation steps' })).getAllByRole('listitem');
}

describe('stateLabel', () => {
	it('names every state in the core’s order', () => {
		expect(STATE_ORDER.map(stateLabel)).toEqual([
			'Draft',
			'Requested',
			'Acknowledged',
			'Engineer assigned',
			'Action plan agreed',
			'Re-escalated',
			'De-escalation proposed',
			'De-escalated',
			'Closed',
			'Withdrawn'
		]);
	});

	it('shows a state it does not know as itself', () => {
		expect(stateLabel('on_hold')).toBe('on_hold');
		expect(stateLabel('toString')).toBe('toString');
	});
});

describe('LifecycleChart', () => {
	it('draws every state as a labelled node', () => {
		render(LifecycleChart, { props: { current: 'draft' } });
		expect(screen.getByTestId('lifecycle-chart')).toBeInTheDocument();
		for (const state of STATE_ORDER) {
			expect(node(state)).toHaveTextContent(stateLabel(state));
		}
	});

	it('marks the current step and summarises it for assistive technology', () => {
		render(LifecycleChart, { props: { current: 'engineer_assigned' } });

		const current = node('engineer_assigned');
		expect(current).toHaveAttribute('data-current', 'true');
		expect(current).toHaveAttribute('aria-current', 'step');
		expect(current).toHaveClass('current');
		for (const state of STATE_ORDER.filter((state) => state !== 'engineer_assigned')) {
			expect(node(state)).not.toHaveAttribute('data-current');
			expect(node(state)).not.toHaveAttribute('aria-current');
		}

		expect(
			screen.getByRole('img', { name: 'Escalation process; current step: Engineer assigned' })
		).toBeInTheDocument();
	});

	it('lists the steps in order for screen readers, the current one marked', () => {
		render(LifecycleChart, { props: { current: 'engineer_assigned' } });
		const steps = hiddenSteps();
		expect(steps).toHaveLength(10);
		expect(steps.map((step) => step.textContent?.split(/ — | \(/)[0])).toEqual([
			...MAIN_PATH.map(stateLabel),
			'Re-escalated',
			'Withdrawn'
		]);
		expect(steps[3]).toHaveTextContent('Engineer assigned — current step');
		expect(steps[3]).toHaveAttribute('aria-current', 'step');
		expect(steps[0]).toHaveTextContent('Draft — done');
		expect(steps[4]).toHaveTextContent(/^Action plan agreed$/);
		expect(steps[8]).toHaveTextContent(/leads back to Engineer assigned or Action plan agreed/);
	});

	it('counts the main-path steps before the current one as done when not told', () => {
		render(LifecycleChart, { props: { current: 'action_plan_agreed' } });
		for (const state of ['draft', 'requested', 'acknowledged', 'engineer_assigned']) {
			expect(node(state)).toHaveClass('done');
		}
		const later = ['de_escalation_proposed', 'de_escalated', 'closed', 're_escalated', 'withdrawn'];
		for (const state of later) {
			expect(node(state)).not.toHaveClass('done');
			expect(node(state)).toHaveAttribute('data-status', 'todo');
		}
	});

	it('shows exactly the visited states as done when given', () => {
		render(LifecycleChart, {
			props: {
				current: 'action_plan_agreed',
				visited: ['draft', 'requested', 'engineer_assigned', 're_escalated']
			}
		});
		expect(node('re_escalated')).toHaveClass('done');
		expect(node('engineer_assigned')).toHaveClass('done');
		// Skipped: assignment came straight after the request.
		expect(node('acknowledged')).not.toHaveClass('done');
		expect(node('action_plan_agreed')).toHaveAttribute('data-status', 'current');
	});

	it('highlights a side state as current', () => {
		render(LifecycleChart, { props: { current: 'withdrawn', visited: ['draft', 'requested'] } });
		expect(node('withdrawn')).toHaveAttribute('data-current', 'true');
		expect(screen.getByRole('img')).toHaveAccessibleName(
			'Escalation process; current step: Withdrawn'
		);
		expect(hiddenSteps()[9]).toHaveTextContent(/^Withdrawn — current step/);
	});

	it('copes with a state it does not know', () => {
		render(LifecycleChart, { props: { current: 'on_hold' } });
		expect(screen.getByRole('img')).toHaveAccessibleName('Escalation process; current step: on_hold');
		expect(document.querySelector('[data-current]')).toBeNull();
	});

	it('draws the arrows with per-instance markers', () => {
		const { container } = render(LifecycleChart, { props: { current: 'draft' } });
		const ids = Array.from(container.querySelectorAll('marker'), (marker) => marker.id);
		expect(ids).toHaveLength(2);
		for (const id of ids) {
			const users = `[marker-end="url(#${id})"], [marker-start="url(#${id})"]`;
			expect(container.querySelector(users)).not.toBeNull();
		}
		expect(container.querySelector('[style]')).toBeNull();
	});
});
