import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit(), svelteTesting()],
	// Tauri expects a fixed port in development and must see Rust errors in the terminal.
	clearScreen: false,
	server: {
		port: 1420,
		strictPort: true
	},
	build: {
		rolldownOptions: {
			// SvelteKit's adapter step is slow on small machines; the timing report that
			// triggers is not actionable and only adds noise to CI logs.
			checks: { bundlerTimings: false }
		}
	},
	test: {
		environment: 'jsdom',
		include: ['src/**/*.test.ts'],
		setupFiles: ['./src/test-setup.ts']
	}
});
