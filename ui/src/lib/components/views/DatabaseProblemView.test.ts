import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '$lib/ipc';
import { apiError } from '../../../test/fixtures';
import DatabaseProblemView from './DatabaseProblemView.svelte';

const DATABASE_PATH = '/home/ana/.local/share/escalator/escalator.db';
const DATA_DIR = '/home/ana/.local/share/escalator';

function renderProblem(code: ErrorCode, message = 'attempt to write a readonly database') {
	render(DatabaseProblemView, {
		props: { problem: apiError({ code, message }), databasePath: DATABASE_PATH, dataDir: DATA_DIR }
	});
	return screen.getByTestId('db-problem');
}

describe('DatabaseProblemView', () => {
	it.each([
		['database_read_only', 'The database is read-only', /permission|write/i],
		['database_corrupt', 'The database file is damaged', /backup/i],
		[
			'database_too_new',
			'The database was made by a newer version of Escalator',
			/update escalator/i
		],
		['database_unavailable', 'The database could not be opened', /folder exists/i]
	] as const)('explains %s', (code, heading, advice) => {
		const screenRoot = renderProblem(code);
		expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(heading);
		expect(screenRoot).toHaveTextContent(advice);
	});

	it('falls back to a generic heading for other codes', () => {
		renderProblem('storage');
		expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(
			'The database could not be opened'
		);
	});

	it('shows the message and the database path as text', () => {
		renderProblem('database_corrupt', 'file is not a database <img src=x>');
		expect(screen.getByText('file is not a database <img src=x>')).toBeInTheDocument();
		expect(screen.getByTestId('db-problem').querySelector('img')).toBeNull();
		const path = screen.getByTestId('db-problem-path');
		expect(path.textContent).toBe(DATABASE_PATH);
		expect(path.tagName).toBe('CODE');
	});

	it.each([
		'database_read_only',
		'database_corrupt',
		'database_too_new',
		'database_unavailable'
	] as const)('never suggests deleting the database (%s)', (code) => {
		expect(renderProblem(code).textContent).not.toMatch(/delet|remove the (database|file)/i);
	});

	it('suggests moving a damaged file aside or restoring it', () => {
		expect(renderProblem('database_corrupt')).toHaveTextContent(/move the damaged file aside/i);
	});
});
