// Numbers as they are written in Vietnamese, on every page and in every text export:
// decimal comma, thousands grouped with a dot (1.234,5), percent sign right after the
// number with no space (33,3%, as vi-VN writes it and as the app always has).
//
// - counts and other integers: formatInteger → 1.234
// - scores typed by a member, maxima, thresholds: formatScore → up to 2 decimals (27,5)
// - averages and deviations: formatMean → exactly 2 decimals (88,88; 85,00)
// - rates: formatRate → 1 decimal and % (33,3%); contribution shares: formatShare → up to 2 decimals and % (33,33%)
// - any other measured value: formatNumber → up to 4 decimals (96,5)
//
// Formatters are built once: building an Intl.NumberFormat costs more than using it.

const LOCALE = 'vi-VN';
// signDisplay 'negative': a value that rounds to zero is written 0, never -0.
const UP_TO = [0, 1, 2, 3, 4].map((d) => new Intl.NumberFormat(LOCALE, { maximumFractionDigits: d, signDisplay: 'negative' }));
const EXACTLY_2 = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'negative' });

export type NumberInput = number | string | null | undefined;

/** A number, or a string holding one as the database or a form gives it ("88.88"); null otherwise. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

function using(format: Intl.NumberFormat, value: NumberInput, suffix = ''): string {
  const n = toNumber(value);
  return n === null ? '' : `${format.format(n)}${suffix}`;
}

/** 1.234 (rounded to a whole number). Empty for a missing value. */
export function formatInteger(value: NumberInput): string {
  return using(UP_TO[0], value);
}

/** Up to `digits` decimals (4 unless said): 96,5; 1.234,5678; a size of 2,5 MB with 1. */
export function formatNumber(value: NumberInput, digits: 0 | 1 | 2 | 3 | 4 = 4): string {
  return using(UP_TO[digits], value);
}

/** A score, a maximum or a threshold: up to 2 decimals (27,5; 100). */
export function formatScore(value: NumberInput): string {
  return using(UP_TO[2], value);
}

/** An average or a deviation: exactly 2 decimals (88,88; 85,00). */
export function formatMean(value: NumberInput): string {
  return using(EXACTLY_2, value);
}

/** A rate given in percent (33.33…): one decimal and the sign, 33,3%. */
export function formatRate(percent: NumberInput): string {
  return using(UP_TO[1], percent, '%');
}

/** A contribution share in percent: up to 2 decimals and the sign, 33,33%. */
export function formatShare(percent: NumberInput): string {
  return using(UP_TO[2], percent, '%');
}

/** The same number as formatShare without the sign (for a form field next to a "%" label). */
export function formatShareValue(percent: NumberInput): string {
  return using(UP_TO[2], percent);
}
