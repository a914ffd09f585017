import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Timeline } from '$lib/ipc';
import ChainStatus from './ChainStatus.svelte';
import { intactTimeline, manyEntries } from './timeline-fixtures';

function brokenAt(reason: Extract<Timeline['chains'][number]['verdict'], { state: 'broken' }>['reason']): Timeline {
	return {
		entries: manyEntries(8),
		intact: false,
		chains: [
			{
				stream: 'esc-1',
				streamLabel: 'Escalation',
				verdict: { state: 'broken', atSeq: 6, reason }
			}
		]
	};
}

describe('ChainStatus', () => {
	it('says how many events verified when every chain holds', () => {
		render(ChainStatus, { props: { timeline: intactTimeline(manyEntries(12)), viewIntact: true } });
		expect(screen.getByTestId('chain-intact')).toHaveTextContent('Timeline verified (12 events)');
		expect(screen.queryByTestId('chain-broken')).toBeNull();
	});

	it('names the stream, the event and the reason of a break', () => {
		const { rerender } = render(ChainStatus, {
			props: { timeline: brokenAt({ kind: 'hash_mismatch' }), viewIntact: true }
		});
		const banner = screen.getByTestId('chain-broken');
		expect(banner).toHaveTextContent('Escalation: event #6 was changed after it was written.');

		void rerender({ timeline: brokenAt({ kind: 'link_mismatch' }), viewIntact: false });
		expect(screen.getByTestId('chain-broken')).toHaveTextContent(
			'event #6 does not follow the event before it'
		);
	});

	it('names missing events', () => {
		render(ChainStatus, {
			props: { timeline: brokenAt({ kind: 'sequence_gap', expected: 4 }), viewIntact: false }
		});
		expect(screen.getByTestId('chain-broken')).toHaveTextContent('events before #6 are missing');
		expect(screen.queryByTestId('chain-intact')).toBeNull();
	});

	it('trusts the escalation’s own verdict while the timeline is not there', () => {
		render(ChainStatus, { props: { timeline: null, viewIntact: false } });
		expect(screen.getByTestId('chain-broken')).toBeInTheDocument();
	});

	it('says nothing while an intact escalation’s timeline loads', () => {
		render(ChainStatus, { props: { timeline: null, viewIntact: true } });
		expect(screen.queryByTestId('chain-broken')).toBeNull();
		expect(screen.queryByTestId('chain-intact')).toBeNull();
	});
});
