/**
 * The `aria-describedby` value for a form control with an optional hint and error,
 * whose paragraphs use the ids `<id>-hint` and `<id>-error`.
 */
export function describedBy(id: string, hasHint: boolean, hasError: boolean): string | undefined {
	const ids = [hasError ? `${id}-error` : null, hasHint ? `${id}-hint` : null].filter(
		(value): value is string => value !== null
	);
	return ids.length > 0 ? ids.join(' ') : undefined;
}
