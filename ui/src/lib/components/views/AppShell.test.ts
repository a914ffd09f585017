import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import AppShell from './AppShell.svelte';

const content = createRawSnippet(() => ({ render: () => '<p>Page content</p>' }));

describe('AppShell', () => {
	it('lists every section with its stable test id, in order', () => {
		render(AppShell, { props: { currentPath: '/support-requests', children: content } });
		const ids = Array.from(
			screen.getByRole('navigation', { name: 'Main' }).querySelectorAll('a'),
			(link) => link.dataset.testid
		);
		expect(ids).toEqual([
			'nav-escalations',
			'nav-support-requests',
			'nav-calls',
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
