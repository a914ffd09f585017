import { render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getSupportRequest } from '$lib/ipc';
import { apiError, supportRequest } from '../../../test/fixtures';
import SupportRequestDetailView from './SupportRequestDetailView.svelte';

vi.mock('$lib/ipc', () => ({ getSupportRequest: vi.fn() }));

beforeEach(() => {
	vi.mocked(getSupportRequest).mockReset();
});

describe('SupportRequestDetailView', () => {
	it('shows the support request', async () => {
		vi.mocked(getSupportRequest).mockResolvedValue({
			ok: true,
			data: supportRequest({ severity: 1, severityLabel: 'Severity 1 (Critical)' })
		});
		render(SupportRequestDetailView, { props: { id: 'sr-1' } });

		const title = await screen.findByTestId('sr-detail-title');
		expect(title).toHaveTextContent('vMotion fails between hosts');
		const detail = screen.getByTestId('sr-detail');
		expect(detail).toHaveTextContent('24512345678');
		expect(detail).toHaveTextContent('VMware by Broadcom');
		expect(detail).toHaveTextContent('Severity 1 (Critical)');
		expect(detail).toHaveTextContent('Open');
		expect(detail.querySelector('time')).toHaveAttribute('title', '2025-03-12 13:05 UTC');
		expect(screen.getByRole('link', { name: 'Back to list' })).toHaveAttribute(
			'href',
			'/support-requests'
		);
		expect(getSupportRequest).toHaveBeenCalledWith('sr-1');
	});

	it('says clearly when the support request does not exist', async () => {
		vi.mocked(getSupportRequest).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'not_found', message: 'No support request with id sr-9.' })
		});
		render(SupportRequestDetailView, { props: { id: 'sr-9' } });

		expect(await screen.findByTestId('sr-detail-missing')).toHaveTextContent(
			'Support request not found'
		);
		expect(screen.queryByTestId('sr-detail')).toBeNull();
	});

	it('shows other errors in a banner', async () => {
		vi.mocked(getSupportRequest).mockResolvedValue({
			ok: false,
			error: apiError({ code: 'internal', message: 'command get_support_request not found' })
		});
		render(SupportRequestDetailView, { props: { id: 'sr-1' } });

		expect(await screen.findByRole('alert')).toHaveTextContent(
			'command get_support_request not found'
		);
	});
});
