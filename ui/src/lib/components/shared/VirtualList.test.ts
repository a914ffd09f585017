import { fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import VirtualList from './VirtualList.svelte';

type Item = { id: string; name: string };

const ROW_HEIGHT = 30;

function makeItems(count: number): Item[] {
	return Array.from({ length: count }, (_, index) => ({ id: `id-${index}`, name: `Item ${index}` }));
}

// Test data only: names are plain words, so building the row's HTML from them is safe.
const row = createRawSnippet((item: () => Item, index: () => number) => ({
	render: () => `<span data-row-index="${index()}">${item().name}</span>`
}));

type Extra = { onactivate?: (item: Item) => void; overscan?: number };

function renderList(count = 5000, extra: Extra = {}) {
	const items = makeItems(count);
	const result = render(VirtualList<Item>, {
		props: {
			items,
			rowHeight: ROW_HEIGHT,
			key: (item: Item) => item.id,
			row,
			label: 'Escalations',
			testid: 'escalation-list',
			...extra
		}
	});
	const list = screen.getByRole('listbox', { name: 'Escalations' });
	return { ...result, items, list, user: userEvent.setup() };
}

function renderedNames(): string[] {
	return screen.getAllByRole('option').map((option) => option.textContent?.trim() ?? '');
}

function activeOption(list: HTMLElement): HTMLElement | null {
	const id = list.getAttribute('aria-activedescendant');
	return id ? document.getElementById(id) : null;
}

async function scrollTo(list: HTMLElement, top: number) {
	list.scrollTop = top;
	await fireEvent.scroll(list);
}

describe('VirtualList', () => {
	it('renders a bounded window of 5,000 rows, sized through custom properties', () => {
		const { list } = renderList();
		const options = screen.getAllByRole('option');
		expect(options.length).toBeGreaterThan(0);
		expect(options.length).toBeLessThan(100);
		// The 600px fallback view holds 20 rows, plus 8 overscan below.
		expect(options).toHaveLength(28);
		expect(renderedNames()[0]).toBe('Item 0');
		expect(list.style.getPropertyValue('--virtual-list-total-height')).toBe(`${5000 * ROW_HEIGHT}px`);
		expect(list.style.getPropertyValue('--virtual-list-row-height')).toBe(`${ROW_HEIGHT}px`);
		expect(list.style.getPropertyValue('--virtual-list-offset')).toBe('0px');
		expect(list).toHaveAttribute('data-testid', 'escalation-list');
		expect(screen.getAllByTestId('escalation-list-row')).toHaveLength(28);
	});

	it('tells assistive technology each row’s place in the whole list', () => {
		renderList();
		const first = screen.getAllByRole('option')[0];
		expect(first).toHaveAttribute('aria-setsize', '5000');
		expect(first).toHaveAttribute('aria-posinset', '1');
	});

	it('renders other rows when scrolled', async () => {
		const { list } = renderList();
		await scrollTo(list, 3000 * ROW_HEIGHT);

		const names = renderedNames();
		expect(names.length).toBeLessThan(100);
		expect(names).toContain('Item 3000');
		expect(names).not.toContain('Item 0');
		expect(names[0]).toBe('Item 2992');
		expect(screen.getByText('Item 3000').closest('[role="option"]')).toHaveAttribute(
			'aria-posinset',
			'3001'
		);
		expect(list.style.getPropertyValue('--virtual-list-offset')).toBe(`${2992 * ROW_HEIGHT}px`);
		// The row snippet gets the item's index in the whole list, not in the window.
		expect(screen.getByText('Item 3000')).toHaveAttribute('data-row-index', '3000');

		await scrollTo(list, 5000 * ROW_HEIGHT - 600);
		expect(renderedNames().at(-1)).toBe('Item 4999');
	});

	it('honours a custom overscan', () => {
		renderList(5000, { overscan: 0 });
		expect(screen.getAllByRole('option')).toHaveLength(20);
	});

	it('renders every row of a short list', () => {
		renderList(3);
		expect(renderedNames()).toEqual(['Item 0', 'Item 1', 'Item 2']);
	});

	it('moves the active row with the keyboard and scrolls it into view', async () => {
		const onactivate = vi.fn();
		const { list, user, items } = renderList(5000, { onactivate });

		await user.tab();
		expect(list).toHaveFocus();
		expect(activeOption(list)).toHaveTextContent('Item 0');
		expect(activeOption(list)).toHaveAttribute('aria-selected', 'true');

		await user.keyboard('{ArrowDown}{ArrowDown}');
		expect(activeOption(list)).toHaveTextContent('Item 2');
		await user.keyboard('{ArrowUp}');
		expect(activeOption(list)).toHaveTextContent('Item 1');

		await user.keyboard('{PageDown}');
		expect(activeOption(list)).toHaveTextContent('Item 21');
		// Row 21 ends at 660px: the view scrolls just far enough to show it.
		expect(list.scrollTop).toBe(22 * ROW_HEIGHT - 600);

		await user.keyboard('{PageUp}');
		expect(activeOption(list)).toHaveTextContent('Item 1');

		await user.keyboard('{End}');
		expect(activeOption(list)).toHaveTextContent('Item 4999');
		expect(list.scrollTop).toBe(5000 * ROW_HEIGHT - 600);
		expect(renderedNames()).not.toContain('Item 0');

		await user.keyboard('{ArrowDown}');
		expect(activeOption(list)).toHaveTextContent('Item 4999');

		await user.keyboard('{Home}');
		expect(activeOption(list)).toHaveTextContent('Item 0');
		expect(list.scrollTop).toBe(0);

		await user.keyboard('{ArrowDown}{Enter}');
		expect(onactivate).toHaveBeenCalledExactlyOnceWith(items[1]);
	});

	it('activates a clicked row', async () => {
		const onactivate = vi.fn();
		const { list, user, items } = renderList(5000, { onactivate });
		await user.click(screen.getByText('Item 4'));
		expect(onactivate).toHaveBeenCalledExactlyOnceWith(items[4]);
		expect(list).toHaveFocus();
		expect(activeOption(list)).toHaveTextContent('Item 4');
	});

	it('names no active row while it is scrolled out of the DOM', async () => {
		const { list, user } = renderList();
		await user.click(screen.getByText('Item 2'));
		await scrollTo(list, 1000 * ROW_HEIGHT);
		expect(list).not.toHaveAttribute('aria-activedescendant');

		// The keyboard carries on from the active row and brings it back.
		await user.keyboard('{ArrowDown}');
		expect(activeOption(list)).toHaveTextContent('Item 3');
		expect(list.scrollTop).toBe(3 * ROW_HEIGHT);
	});

	it('keeps the active row on its item when the items change', async () => {
		const { list, user, items, rerender } = renderList(20);
		await user.click(screen.getByText('Item 5'));
		await rerender({ items: [...items].reverse() });
		expect(activeOption(list)).toHaveTextContent('Item 5');
		expect(activeOption(list)).toHaveAttribute('aria-posinset', '15');
	});

	it('ignores keys on an empty list', async () => {
		const onactivate = vi.fn();
		const { list, user } = renderList(0, { onactivate });
		await user.tab();
		await user.keyboard('{ArrowDown}{End}{Enter}');
		expect(screen.queryAllByRole('option')).toHaveLength(0);
		expect(list).not.toHaveAttribute('aria-activedescendant');
		expect(onactivate).not.toHaveBeenCalled();
	});

	it('writes no style attribute from markup, only CSSOM custom properties', () => {
		const { list } = renderList();
		for (const element of list.querySelectorAll('[style]')) {
			expect(element.getAttribute('style')).toBe('');
		}
		expect(list.getAttribute('style')).toMatch(/^(--virtual-list-[a-z-]+: [\d.]+px; ?)+$/);
	});
});
