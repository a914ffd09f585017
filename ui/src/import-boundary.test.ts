import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Only src/lib/ipc may talk to Tauri: everything else goes through `$lib/ipc`, so the
// transport can be mocked in tests and the web view's surface stays in one place.

const SOURCE_ROOT = dirname(fileURLToPath(import.meta.url));
const IPC_FOLDER = join(SOURCE_ROOT, 'lib', 'ipc');
// Built from parts so that this file does not match its own pattern.
const TAURI_PACKAGE = ['@tauri-apps', 'api'].join('/');
const TAURI_IMPORT = new RegExp(
	String.raw`(?:from\s*|import\s*\(?\s*|require\s*\(\s*)['"\x60]${TAURI_PACKAGE.replace('/', '\\/')}(?:\/[^'"\x60]*)?['"\x60]`
);

function sourceFiles(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return /\.(svelte|ts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
	});
}

function importsTauri(source: string): boolean {
	return TAURI_IMPORT.test(source);
}

describe('import boundary', () => {
	it('recognises every way of importing the Tauri API', () => {
		expect(importsTauri(`import { invoke } from '${TAURI_PACKAGE}/core';`)).toBe(true);
		expect(importsTauri(`import * as tauri from "${TAURI_PACKAGE}";`)).toBe(true);
		expect(importsTauri(`import '${TAURI_PACKAGE}/event';`)).toBe(true);
		expect(importsTauri(`const core = await import('${TAURI_PACKAGE}/core');`)).toBe(true);
		expect(importsTauri(`export { invoke } from '${TAURI_PACKAGE}/core';`)).toBe(true);
		expect(importsTauri(`import { listVendors } from '$lib/ipc';`)).toBe(false);
	});

	it('finds the IPC module itself importing Tauri, so the scan is not vacuous', () => {
		const ipcFiles = sourceFiles(IPC_FOLDER);
		expect(ipcFiles.some((file) => importsTauri(readFileSync(file, 'utf8')))).toBe(true);
	});

	it('keeps every import of the Tauri API inside src/lib/ipc', () => {
		const offenders = sourceFiles(SOURCE_ROOT)
			.filter((file) => !file.startsWith(IPC_FOLDER + sep))
			.filter((file) => importsTauri(readFileSync(file, 'utf8')))
			.map((file) => relative(SOURCE_ROOT, file));

		expect(offenders).toEqual([]);
	});
});
