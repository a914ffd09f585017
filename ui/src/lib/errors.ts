import type { ErrorCode } from '$lib/ipc';

/** A short, human heading for an error, used above its message. */
export function errorHeading(code: ErrorCode): string {
	switch (code) {
		case 'validation':
			return 'Some details need attention';
		case 'not_found':
			return 'Not found';
		case 'not_allowed':
			return 'Not possible right now';
		case 'database_read_only':
			return 'The database is read-only';
		case 'database_corrupt':
			return 'The database file is damaged';
		case 'database_too_new':
			return 'The database was made by a newer version of Escalator';
		case 'database_unavailable':
			return 'The database could not be opened';
		case 'database_busy':
			return 'The database is busy';
		case 'storage':
			return 'The data could not be saved or read';
		case 'keychain_unavailable':
			return 'The keychain is locked or unavailable';
		case 'credentials_rejected':
			return 'The vendor rejected the credentials';
		case 'vendor_unavailable':
			return 'The vendor could not be reached';
		case 'vendor_refused':
			return 'The vendor refused the request';
		case 'internal':
			return 'Something went wrong inside Escalator';
	}
}
