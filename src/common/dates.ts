// Dates: stored as yyyy-mm-dd (date-only) or UTC timestamps, shown as dd/mm/yyyy in
// Vietnam's time zone.

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function isValidIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1900 && y <= 2200;
}

/** Accepts yyyy-mm-dd or dd/mm/yyyy (as people type it); returns yyyy-mm-dd or null. */
export function parseDateInput(value: string): string | null {
  const s = value.trim();
  if (isValidIsoDate(s)) return s;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : null;
}

/** dd/mm/yyyy for a date-only string or a timestamp. */
// Formatters are built once: building an Intl.DateTimeFormat costs more than using it.
const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const DAY_TIME_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const DAY_TIME_SECONDS_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const ISO_DAY_FORMAT = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
    value = new Date(value);
  }
  if (Number.isNaN(value.getTime())) return '';
  const parts = DAY_FORMAT.formatToParts(value);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')}`;
}

/** dd/mm/yyyy HH:mm in Vietnam's time zone. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '';
  const parts = DAY_TIME_FORMAT.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

/**
 * The wall-clock time in Vietnam at an instant, carried in a Date's UTC fields (09:00 in
 * Vietnam → 09:00Z): what a spreadsheet, which has no time zones, should be given, since
 * ExcelJS writes a Date's UTC fields.
 */
export function localWallClock(at: Date): Date {
  const parts = DAY_TIME_SECONDS_FORMAT.formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return new Date(Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'), at.getUTCMilliseconds()));
}

let dayMinute = NaN;
let dayOfMinute = '';

/**
 * Today in Vietnam, as yyyy-mm-dd. Pages ask it several times each; formatting with the time
 * zone costs tens of microseconds, so the day of the last minute asked is kept (a day begins
 * on a whole minute in every time zone Vietnam has used since 1975).
 */
export function todayIso(now = new Date()): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== dayMinute) {
    dayOfMinute = ISO_DAY_FORMAT.format(now);
    dayMinute = minute;
  }
  return dayOfMinute;
}

/** The day before an ISO date: the last day an ended unit existed. */
export function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The day after an ISO date: the first day an ended unit no longer existed. */
export function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
