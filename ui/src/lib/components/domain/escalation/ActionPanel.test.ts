import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import ActionPanel, { ACTION_LABELS } from './ActionPanel.svelte';
import { actions } from './escalation-fixtures';

describe('ActionPanel', () => {
	it('labels every action in the vendor process’s words', () => {
		expect([
			ACTION_LABELS.acknowledge,
			ACTION_LABELS.assign_engineer,
			ACTION_LABELS.agree_action_plan,
			ACTION_LABELS.re_escalate,
			ACTION_LABELS.propose_de_escalation,
			ACTION_LABELS.de_escalate,
			ACTION_LABELS.close,
			ACTION_LABELS.withdraw
		]).toEqual([
			'Acknowledged by vendor',
			'Engineer assigned',
			'Action plan agreed',
			'Re-escalate',
			'Propose de-escalation',
			'De-escalate',
			'Close',
			'Withdraw'
		]);
	});

	it('chooses an available action; an unavailable one stays focusable and says why', async () => {
		const onchoose = vi.fn();
		render(ActionPanel, { props: { actions: actions(['assign_engineer']), onchoose } });
		const user = userEvent.setup();

		await user.click(screen.getByTestId('action-assign_engineer'));
		expect(onchoose).toHaveBeenCalledExactlyOnceWith('assign_engineer');

		const withdraw = screen.getByTestId('action-withdraw');
		expect(withdraw).toHaveAttribute('aria-disabled', 'true');
		expect(withdraw).toHaveAccessibleDescription('Cannot withdraw now.');
		await user.click(withdraw);
		expect(withdraw).toHaveFocus();
		expect(onchoose).toHaveBeenCalledTimes(1);
		expect(screen.getAllByRole('button', { name: /./ }).every((b) => !b.hasAttribute('disabled'))).toBe(true);
	});

	it('says when nothing more can happen', () => {
		render(ActionPanel, { props: { actions: actions([]), onchoose: vi.fn() } });
		expect(screen.getByText('Nothing more can happen to this escalation.')).toBeInTheDocument();
		expect(screen.getByTestId('action-close-why')).toHaveTextContent('Cannot close now.');
	});
});
