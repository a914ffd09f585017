import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { goto } from '$app/navigation';
import { search, type SearchHit } from '$lib/ipc';
import { apiError } from '../../../test/fixtures';
import SearchView from './SearchView.svelte';

vi.mock('$lib/ipc', () => ({ search: vi.fn() }));
vi.mock('$app/navigation', () => ({ goto: vi.fn() }));

const HITS: SearchHit[] = [
	{ kind: 'event', opens: 'escalation', id: 'esc-1', title: 'Call held: vMotion', at: '2025-03-14T09:00:00Z' },
	{ kind: 'support_request', opens: 'support_request', id: 'sr-1', title: 'vMotion fails', at: '2025-03-12T13:05:00Z' },
	{ kind: 'escalation', opens: 'escalation', id: 'esc-1', title: 'vMotion outage', at: null },
	{ kind: 'event', opens: 'support_request', id: 'sr-1', title: 'Severity raised: vMotion', at: '2025-03-13T09:00:00Z' }
];

beforeEach(() => {
	vi.mocked(search).mockReset().mockResolvedValue({ ok: true, data: HITS });
	vi.mocked(goto).mockReset().mockResolvedValue(undefined);
});

function queryField(): HTMLInputElement {
	return document.querySelector<HTMLInputElement>('#search-query')!;
}

describe('SearchView', () => {
	it('searches for the query from the address and groups the hits by kind', async () => {
		render(SearchView, { props: { query: 'vmotion' } });

		const results = await screen.findByTestId('search-results');
		expect(search).toHaveBeenCalledWith('vmotion');
		expect(queryField()).toHaveValue('vmotion');
		expect(queryField()).toHaveFocus();

		const headings = within(results).getAllByRole('heading').map((h) => h.textContent?.replace(/\d+/g, '').trim());
		expect(headings).toEqual(['Support requests', 'Escalations', 'Timeline']);
		const hits = within(results).getAllByTestId('search-hit');
		expect(hits.map((hit) => hit.dataset.kind)).toEqual(['support_request', 'escalation', 'event', 'event']);
		expect(hits[0]).toHaveTextContent('vMotion fails');
		expect(hits[0]?.querySelector('time')).toHaveAttribute('title', '2025-03-12 13:05 UTC');
		expect(hits[1]?.querySelector('time')).toBeNull();
		expect(hits[2]).toHaveTextContent('In an escalation');
		expect(hits[3]).toHaveTextContent('In a support request');
	});

	it('opens the screen each hit belongs to', async () => {
		const user = userEvent.setup();
		render(SearchView, { props: { query: 'vmotion' } });
		const hits = await screen.findAllByTestId('search-hit');

		expect(hits[0]).toHaveAttribute('href', '/support-requests?id=sr-1');
		expect(hits[1]).toHaveAttribute('href', '/escalations?id=esc-1');
		expect(hits[2]).toHaveAttribute('href', '/escalations?id=esc-1');
		expect(hits[3]).toHaveAttribute('href', '/support-requests?id=sr-1');

		await user.click(hits[2]!);
		expect(goto).toHaveBeenLastCalledWith('/escalations?id=esc-1');
		await user.click(hits[3]!);
		expect(goto).toHaveBeenLastCalledWith('/support-requests?id=sr-1');
	});

	it('moves through the hits with the arrow keys and opens one with Enter', async () => {
		const user = userEvent.setup();
		render(SearchView, { props: { query: 'vmotion' } });
		const hits = await screen.findAllByTestId('search-hit');
		await waitFor(() => expect(queryField()).toHaveFocus());

		await user.keyboard('{ArrowDown}');
		expect(hits[0]).toHaveFocus();
		await user.keyboard('{ArrowDown}{ArrowDown}');
		expect(hits[2]).toHaveFocus();
		await user.keyboard('{ArrowUp}');
		expect(hits[1]).toHaveFocus();
		await user.keyboard('{Enter}');
		expect(goto).toHaveBeenLastCalledWith('/escalations?id=esc-1');
		await user.keyboard('{Home}{ArrowUp}');
		expect(queryField()).toHaveFocus();
	});

	it('searches again as the user types, once typing pauses', async () => {
		const user = userEvent.setup();
		render(SearchView, { props: { query: '' } });
		expect(search).not.toHaveBeenCalled();
		expect(screen.queryByTestId('search-results')).toBeNull();

		await user.type(queryField(), 'kernel');
		// One search for the whole word, not one per key.
		await waitFor(() => expect(search).toHaveBeenCalledTimes(1));
		expect(search).toHaveBeenCalledWith('kernel');
		expect(goto).toHaveBeenCalledWith('/search?q=kernel', {
			replaceState: true,
			keepFocus: true,
			noScroll: true
		});
		expect(await screen.findByTestId('search-results')).toBeInTheDocument();
	});

	it('says when nothing matches', async () => {
		vi.mocked(search).mockResolvedValue({ ok: true, data: [] });
		render(SearchView, { props: { query: 'zzz' } });
		expect(await screen.findByTestId('search-empty')).toHaveTextContent('Nothing matches “zzz”');
		expect(screen.queryByTestId('search-results')).toBeNull();
	});

	it('shows a query that is too long as an error under the field', async () => {
		vi.mocked(search).mockResolvedValue({
			ok: false,
			error: apiError({
				code: 'validation',
				message: 'Some details need attention.',
				fields: [{ field: 'query', message: 'Search for at most 200 characters.' }]
			})
		});
		render(SearchView, { props: { query: 'x'.repeat(300) } });

		const message = await screen.findByText('Search for at most 200 characters.');
		expect(message).toHaveAttribute('id', 'query-error');
		expect(queryField()).toHaveAttribute('aria-invalid', 'true');
		expect(queryField()).toHaveAttribute('aria-describedby', 'query-error');
		expect(screen.queryByRole('alert')).toBeNull();
	});

	it('shows other failures in a banner', async () => {
		vi.mocked(search).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'storage', message: 'disk I/O error' })
		});
		render(SearchView, { props: { query: 'x' } });
		expect(await screen.findByRole('alert')).toHaveTextContent('disk I/O error');
	});

	it('renders titles as text', async () => {
		vi.mocked(search).mockResolvedValue({
			ok: true,
			data: [
				{
					kind: 'support_request',
					opens: 'support_request',
					id: 'sr-1',
					title: '<script>window.hacked = true</script><img src=x>',
					at: null
				}
			]
		});
		render(SearchView, { props: { query: 'script' } });
		const [hit] = await screen.findAllByTestId('search-hit');
		expect(hit).toHaveTextContent('<script>window.hacked = true</script><img src=x>');
		expect(document.body.querySelector('script, img')).toBeNull();
	});

	it('follows a new query from the address', async () => {
		const { rerender } = render(SearchView, { props: { query: 'first' } });
		await screen.findByTestId('search-results');
		await rerender({ query: 'second' });
		await waitFor(() => expect(search).toHaveBeenLastCalledWith('second'));
		expect(queryField()).toHaveValue('second');
	});
});
