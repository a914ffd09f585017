import type { ApiError, SupportRequest, Vendor, VendorAccount } from '$lib/ipc';

export const VMWARE: Vendor = {
	id: 'vmware',
	name: 'VMware by Broadcom',
	severities: [
		{ level: 1, label: 'Severity 1 (Critical)', description: 'Production down.' },
		{ level: 2, label: 'Severity 2 (Major)', description: 'Major functionality impaired.' },
		{ level: 3, label: 'Severity 3 (Minor)', description: 'Partial, non-critical loss.' },
		{ level: 4, label: 'Severity 4 (Cosmetic)', description: 'Question or cosmetic issue.' }
	]
};

export const RED_HAT: Vendor = {
	id: 'redhat',
	name: 'Red Hat',
	severities: [
		{ level: 1, label: 'Severity 1 (Urgent)', description: 'Severe production impact.' },
		{ level: 2, label: 'Severity 2 (High)', description: 'Production usable but impaired.' },
		{ level: 3, label: 'Severity 3 (Normal)', description: 'Partial, non-critical loss.' }
	]
};

export const VENDORS: Vendor[] = [VMWARE, RED_HAT];

export function supportRequest(overrides: Partial<SupportRequest> = {}): SupportRequest {
	return {
		id: '0190d7a4-0000-7000-8000-000000000001',
		vendor: 'vmware',
		vendorName: 'VMware by Broadcom',
		vendorSrNumber: '24512345678',
		title: 'vMotion fails between hosts',
		severity: 2,
		severityLabel: 'Severity 2 (Major)',
		status: 'open',
		details: {
			product: '',
			problemStatement: '',
			businessImpact: '',
			workaround: { kind: 'none' },
			milestone: { kind: 'unset' },
			technician: { name: '', email: '', phone: '' }
		},
		createdAt: '2025-03-12T13:05:00Z',
		updatedAt: '2025-03-12T13:05:00Z',
		...overrides
	};
}

export function apiError(overrides: Partial<ApiError> = {}): ApiError {
	return { code: 'internal', message: 'Something broke.', fields: [], ...overrides };
}

export function vendorAccount(overrides: Partial<VendorAccount> = {}): VendorAccount {
	return {
		id: 'acc-1',
		connector: 'red_hat',
		connectorName: 'Red Hat Customer Portal',
		name: 'Red Hat production',
		baseUrl: 'https://api.access.redhat.com',
		user: 'dana@example.com',
		vendor: 'redhat',
		can: { comment: true, changeSeverity: true, requestEscalation: true },
		createdAt: '2026-11-27T09:00:00Z',
		lastSyncAt: null,
		nextSyncAt: '2026-11-27T09:15:00Z',
		lastError: null,
		queued: 0,
		...overrides
	};
}
