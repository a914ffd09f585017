/** One labelled number of a bar or column chart. */
export type ChartDatum = {
	label: string;
	value: number;
	/** A longer wording for tooltips and the data table (e.g. a full date); else the label. */
	description?: string;
};

/** One line of a line chart: a value (or a gap, `null`) per category. */
export type ChartSeries = {
	name: string;
	values: readonly (number | null)[];
};

/** The smallest 1, 2 or 5 times a power of ten that is at least `max`; 1 for nothing to show. */
export function niceCeiling(max: number): number {
	if (!Number.isFinite(max) || max <= 0) return 1;
	const power = 10 ** Math.floor(Math.log10(max));
	const fraction = max / power;
	const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
	return nice * power;
}

/** `value` as a share of `max`, from 0 to 1; 0 when `max` is not positive. */
export function share(value: number, max: number): number {
	if (!(max > 0) || !Number.isFinite(value) || value <= 0) return 0;
	return Math.min(value / max, 1);
}

/** Rounds a percentage for an SVG attribute, e.g. 33.33333 → "33.333%". */
export function percent(value: number): string {
	return `${Math.round(value * 1000) / 1000}%`;
}

/** A label cut to `max` characters with an ellipsis, for text that cannot wrap in SVG. */
export function shorten(label: string, max: number): string {
	const characters = Array.from(label);
	return characters.length <= max ? label : `${characters.slice(0, max - 1).join('')}…`;
}

export const defaultFormat = (value: number): string => value.toLocaleString();
