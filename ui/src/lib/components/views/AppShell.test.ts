import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createRawSnippet } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { goto } from '$app/navigation';
import AppShell from './AppShell.svelte';

vi.mock('$app/navigation', () => ({ goto: vi.fn() }));

beforeEach(() => {
	vi.mocked(goto).mockReset().mockResolvedValue(undefined);
});

const content = createRawSnippet(() => ({ render: () => '<p>Page content</p>' }));

describe('AppShell', () => {
	it('lists every section with its stable test id, in order', () => {
		render(AppShell, { props: { currentPath: '/support-requests', children: content } });
		const ids = Array.from(
			screen.getByRole('navigation', { name: 'Main' }).querySelectorAll('a'),
			(link) => link.dataset.testid
		);
		expect(ids).toEqual([
			'nav-today',
			'nav-dashboard',
			'nav-escalations',
			'nav-support-requests',
			'nav-action-items',
			'nav-reports',
			'nav-settings'
		]);
		expect(screen.getByText('Escalator')).toBeInTheDocument();
		expect(screen.getByText('Page content')).toBeInTheDocument();
	});

	it('marks only the current section', () => {
		render(AppShell, { props: { currentPath: '/settings', children: content } });
		expect(screen.getByTestId('nav-settings')).toHaveAttribute('aria-current', 'page');
		expect(screen.getByTestId('nav-support-requests')).not.toHaveAttribute('aria-current');
	});
});

describe('AppShell search', () => {
	function searchField(): HTMLInputElement {
		return screen.getByRole('searchbox', { name: 'Search' });
	}

	it('offers a labelled search field', () => {
		render(AppShell, { props: { currentPath: '/support-requests', children: content } });
		const field = searchField();
		expect(field).toHaveAttribute('id', 'global-search');
		expect(field).toHaveAttribute('type', 'search');
		expect(field).toHaveAttribute('placeholder', 'Search SRs, escalations, timelines');
	});

	it('focuses the field on Ctrl+K and on Cmd+K', async () => {
		const user = userEvent.setup();
		render(AppShell, { props: { currentPath: '/support-requests', children: content } });
		expect(searchField()).not.toHaveFocus();

		await user.keyboard('{Control>}k{/Control}');
		expect(searchField()).toHaveFocus();

		searchField().blur();
		await user.keyboard('{Meta>}K{/Meta}');
		expect(searchField()).toHaveFocus();
	});

	it('opens the search screen with the text on Enter', async () => {
		const user = userEvent.setup();
		render(AppShell, { props: { currentPath: '/support-requests', children: content } });
		await user.type(searchField(), 'kernel panic & more{Enter}');
		expect(goto).toHaveBeenCalledWith('/search?q=kernel%20panic%20%26%20more');
	});

	it('does nothing on Enter with an empty field', async () => {
		const user = userEvent.setup();
		render(AppShell, { props: { currentPath: '/support-requests', children: content } });
		await user.type(searchField(), '   {Enter}');
		expect(goto).not.toHaveBeenCalled();
	});
});
