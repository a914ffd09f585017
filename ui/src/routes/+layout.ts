import { getAppStatus } from '$lib/ipc';
import type { LayoutLoad } from './$types';

// A single-page app served from static files by Tauri: no server rendering, no prerendering.
export const ssr = false;
export const prerender = false;

export const load: LayoutLoad = async () => ({
	appStatus: await getAppStatus()
});
