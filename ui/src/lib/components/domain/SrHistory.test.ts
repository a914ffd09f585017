import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SupportRequestHistory, TimelineEntry } from '$lib/ipc';
import SrHistory from './SrHistory.svelte';

function entry(seq: number, kind: TimelineEntry['event']['kind'] = 'note'): TimelineEntry {
	return {
		stream: 'sr-1',
		streamLabel: 'SR 1',
		event: {
			seq,
			kind,
			at: '2025-03-12T13:05:00Z',
			zone: 'UTC',
			actor: 'You',
			summary: `Event ${seq}`,
			details: null,
			prevHash: '',
			hash: ''
		}
	};
}

function data(entries: TimelineEntry[], overrides: Partial<SupportRequestHistory['timeline']> = {}) {
	return {
		ok: true as const,
		data: { escalations: [], timeline: { entries, chains: [], intact: true, ...overrides } }
	};
}

describe('SrHistory', () => {
	it('says it is loading, then what is empty', async () => {
		const { rerender } = render(SrHistory, { props: { history: null } });
		expect(screen.getByTestId('sr-history')).toHaveTextContent('Loading history…');
		await rerender({ history: data([]) });
		expect(screen.getByTestId('sr-no-escalations')).toHaveTextContent('has not been escalated');
		expect(screen.getByTestId('sr-history')).toHaveTextContent('Nothing recorded yet.');
	});

	it('shows events newest first, a hundred at a time', async () => {
		const user = userEvent.setup();
		const entries = Array.from({ length: 130 }, (_, index) => entry(index + 1));
		render(SrHistory, { props: { history: data(entries) } });
		let events = screen.getAllByTestId('sr-event');
		expect(events).toHaveLength(100);
		expect(events[0]).toHaveTextContent('Event 130');
		await user.click(screen.getByRole('button', { name: 'Show 30 older events' }));
		events = screen.getAllByTestId('sr-event');
		expect(events).toHaveLength(130);
		expect(events[129]).toHaveTextContent('Event 1');
	});

	it('names each kind of event and ignores details without a note', () => {
		render(SrHistory, { props: { history: data([entry(1, 'sr_opened'), entry(2, 'synced')]) } });
		const events = screen.getAllByTestId('sr-event');
		expect(events[0]).toHaveAttribute('data-kind', 'synced');
		expect(events[0]).toHaveTextContent('Synced');
		expect(events[1]).toHaveTextContent('SR opened');
		expect(document.querySelector('.note')).toBeNull();
	});

	it('flags a broken chain even when no chain names the event', () => {
		render(SrHistory, { props: { history: data([entry(1)], { intact: false }) } });
		expect(screen.getByTestId('chain-broken')).toHaveTextContent('does not verify');
	});
});
