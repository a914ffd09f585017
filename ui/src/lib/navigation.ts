import type { IconName } from '$lib/components/shared/Icon.svelte';

export type NavEntry = {
	href: string;
	label: string;
	icon: IconName;
	testId: string;
	/** Settings sits apart, at the foot of the sidebar. */
	placement: 'main' | 'foot';
};

/** The sidebar, in order. `testId`s are relied on by the end-to-end tests. */
export const NAV_ENTRIES: readonly NavEntry[] = [
	{ href: '/today', label: 'Today', icon: 'calendar', testId: 'nav-today', placement: 'main' },
	{
		href: '/dashboard',
		label: 'Dashboard',
		icon: 'pie-chart',
		testId: 'nav-dashboard',
		placement: 'main'
	},
	{
		href: '/escalations',
		label: 'Escalations',
		icon: 'escalation',
		testId: 'nav-escalations',
		placement: 'main'
	},
	{
		href: '/support-requests',
		label: 'Support requests',
		icon: 'inbox',
		testId: 'nav-support-requests',
		placement: 'main'
	},
	{
		href: '/action-items',
		label: 'Action items',
		icon: 'check-square',
		testId: 'nav-action-items',
		placement: 'main'
	},
	{
		href: '/reports',
		label: 'Reports',
		icon: 'bar-chart',
		testId: 'nav-reports',
		placement: 'main'
	},
	{
		href: '/settings',
		label: 'Settings',
		icon: 'sliders',
		testId: 'nav-settings',
		placement: 'foot'
	}
];

export function isCurrent(entry: NavEntry, pathname: string): boolean {
	return pathname === entry.href || pathname.startsWith(`${entry.href}/`);
}
