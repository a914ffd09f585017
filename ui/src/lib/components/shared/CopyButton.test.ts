import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CopyButton from './CopyButton.svelte';

const writeText = vi.fn<(text: string) => Promise<void>>();

function setClipboard(clipboard: { writeText: typeof writeText } | undefined) {
	Object.defineProperty(navigator, 'clipboard', { value: clipboard, configurable: true });
}

beforeEach(() => {
	vi.useFakeTimers({ shouldAdvanceTime: true });
	writeText.mockReset();
	writeText.mockResolvedValue(undefined);
	setClipboard({ writeText });
});

afterEach(() => {
	vi.useRealTimers();
});

function renderButton(props: {
	text: string;
	label?: string;
	testid?: string;
	copy?: (text: string) => Promise<boolean>;
}) {
	render(CopyButton, { props });
	// user-event brings its own clipboard stub; put ours back after it.
	const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
	setClipboard({ writeText });
	return user;
}

describe('CopyButton', () => {
	it('copies the text and says so for two seconds', async () => {
		const user = renderButton({ text: '/home/me/escalator.db', testid: 'copy-path' });
		const button = screen.getByRole('button', { name: 'Copy' });
		expect(button).toHaveAttribute('data-testid', 'copy-path');
		const status = screen.getByRole('status');
		expect(status).toHaveAttribute('aria-live', 'polite');
		expect(status).toHaveAttribute('data-testid', 'copy-path-status');
		expect(status).toHaveTextContent('');

		await user.click(button);
		expect(writeText).toHaveBeenCalledExactlyOnceWith('/home/me/escalator.db');
		expect(status).toHaveTextContent('Copied');

		await vi.advanceTimersByTimeAsync(1900);
		expect(status).toHaveTextContent('Copied');
		await vi.advanceTimersByTimeAsync(200);
		expect(status).toHaveTextContent('');
	});

	it('takes its label from the caller', () => {
		renderButton({ text: 'x', label: 'Copy path' });
		expect(screen.getByRole('button', { name: 'Copy path' })).toBeInTheDocument();
	});

	it('restarts the two seconds on a second copy', async () => {
		const user = renderButton({ text: 'x' });
		const button = screen.getByRole('button', { name: 'Copy' });
		await user.click(button);
		await vi.advanceTimersByTimeAsync(1500);
		await user.click(button);
		await vi.advanceTimersByTimeAsync(1500);
		expect(screen.getByRole('status')).toHaveTextContent('Copied');
		await vi.advanceTimersByTimeAsync(600);
		expect(screen.getByRole('status')).toHaveTextContent('');
	});

	it('tells the user how to copy by hand when the clipboard refuses', async () => {
		writeText.mockRejectedValue(new DOMException('Denied', 'NotAllowedError'));
		const user = renderButton({ text: 'x' });
		await user.click(screen.getByRole('button', { name: 'Copy' }));
		const status = screen.getByRole('status');
		expect(status).toHaveTextContent('Copy failed — select the text and press Ctrl+C');
		await vi.advanceTimersByTimeAsync(5000);
		expect(status).toHaveTextContent('Copy failed');
	});

	it('reports failure when there is no clipboard at all', async () => {
		const user = renderButton({ text: 'x' });
		setClipboard(undefined);
		await user.click(screen.getByRole('button', { name: 'Copy' }));
		expect(screen.getByRole('status')).toHaveTextContent('Copy failed');
	});

	it('copies through the function it is given instead of the clipboard API', async () => {
		const copy = vi.fn<(text: string) => Promise<boolean>>().mockResolvedValue(true);
		const user = renderButton({ text: 'Call 1-877-4VMware', copy });
		await user.click(screen.getByRole('button', { name: 'Copy' }));
		expect(copy).toHaveBeenCalledExactlyOnceWith('Call 1-877-4VMware');
		expect(writeText).not.toHaveBeenCalled();
		expect(screen.getByRole('status')).toHaveTextContent('Copied');
	});

	it('reports failure when the function it is given says the copy failed', async () => {
		const copy = vi.fn<(text: string) => Promise<boolean>>().mockResolvedValue(false);
		const user = renderButton({ text: 'x', copy });
		await user.click(screen.getByRole('button', { name: 'Copy' }));
		expect(screen.getByRole('status')).toHaveTextContent('Copy failed');
	});

	it('reports failure when the function it is given rejects', async () => {
		const copy = vi.fn<(text: string) => Promise<boolean>>().mockRejectedValue(new Error('x'));
		const user = renderButton({ text: 'x', copy });
		await user.click(screen.getByRole('button', { name: 'Copy' }));
		expect(screen.getByRole('status')).toHaveTextContent('Copy failed');
	});
});
