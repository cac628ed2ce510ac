import { formatDate, todayIso } from '../common/dates';
import { AdoptionStatus, RateCell } from './adoption-rules';

// The report-time reading of a programme ("theo đơn vị lúc báo cáo") is the state of each
// record at its report deadline: the figures of a report already sent never change. A report
// filed after the deadline's day (in Vietnam) is late ("báo cáo muộn"): it is marked with its
// date, and counts in today's reading only. Pure functions, tested on their own.

const DAY_MS = 86_400_000;

/**
 * The first instant after the deadline's day in Vietnam (UTC+7, no daylight saving): a report
 * filed from then on is late. The bound the database compares report times with; null
 * without a deadline.
 */
export function lateFrom(deadline: string | null): Date | null {
  return deadline ? new Date(Date.parse(`${deadline}T00:00:00+07:00`) + DAY_MS) : null;
}

/** Whether a report filed at `filedAt` came on or after `from` (lateFrom of the deadline): instants compared, no formatting (a programme has 15,000 records). */
function isLate(filedAt: Date | null | undefined, from: Date | null): boolean {
  return Boolean(filedAt && from && filedAt.getTime() >= from.getTime());
}

/** The day (yyyy-mm-dd, Vietnam) of a report filed after the deadline's day; null when in time or without a deadline. */
export function lateOn(filedAt: Date | null | undefined, deadline: string | null | undefined): string | null {
  return lateDayOf(deadline)(filedAt);
}

/** lateOn for many reports against one deadline (a page of the matrix): the deadline read once. */
export function lateDayOf(deadline: string | null | undefined): (filedAt: Date | null | undefined) => string | null {
  const from = lateFrom(deadline ?? null);
  return (filedAt) => (filedAt && isLate(filedAt, from) ? todayIso(filedAt) : null);
}

/** "báo cáo muộn (05/12/2026)": the mark of a late report, on every page and in the exports. */
export function lateLabel(day: string): string {
  return `báo cáo muộn (${formatDate(day)})`;
}

/** The status of each record's last report among these (reports filed in time), by record. */
export function lastInTime(reports: { adoptionId: number; version: number; status: AdoptionStatus }[]): Map<number, AdoptionStatus> {
  const best = new Map<number, { version: number; status: AdoptionStatus }>();
  for (const r of reports) {
    const known = best.get(r.adoptionId);
    if (!known || r.version > known.version) best.set(r.adoptionId, { version: r.version, status: r.status });
  }
  return new Map([...best].map(([id, r]) => [id, r.status]));
}

/**
 * Each record as it stood at the deadline: as it is when its last report was in time (or it
 * never reported); otherwise the status of its last report filed in time (`inTime`, by record
 * id), or not started when every report of it came late.
 */
export function atDeadline(records: (RateCell & { id: number; reportedAt: Date | null })[], deadline: string | null, inTime: ReadonlyMap<number, AdoptionStatus>): RateCell[] {
  const from = lateFrom(deadline);
  return records.map((r) => ({
    initiativeId: r.initiativeId,
    unitId: r.unitId,
    status: isLate(r.reportedAt, from) ? (inTime.get(r.id) ?? AdoptionStatus.NotStarted) : r.status,
  }));
}

/** Whether any of these records was last reported after the deadline's day. */
export function anyLate(records: { reportedAt: Date | null }[], deadline: string | null): boolean {
  const from = lateFrom(deadline);
  return from !== null && records.some((r) => isLate(r.reportedAt, from));
}
