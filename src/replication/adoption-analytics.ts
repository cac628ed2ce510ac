import { AdoptionStatus, median, NotAdoptedReason, REASONS } from './adoption-rules';

// What the analysis page of a programme computes: reasons counted, days to adopt, the
// growth line. Pure functions of the records, tested on their own; the view only maps.

export interface AnalysedRecord {
  initiativeId: number;
  status: AdoptionStatus;
  reason: NotAdoptedReason | null;
  adoptedDate: string | null;
}

/** How many records give each reason, in the order of REASONS. */
export function reasonCounts(records: Pick<AnalysedRecord, 'status' | 'reason'>[]): number[] {
  const notAdopted = records.filter((r) => r.status === AdoptionStatus.NotAdopted && r.reason);
  return REASONS.map((reason) => notAdopted.filter((r) => r.reason === reason).length);
}

/** Whole days from one yyyy-mm-dd date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Days from the programme's decision to each adoption of an initiative, their median, and
 * how many units had adopted it before the decision (those say nothing of the programme).
 */
export function timeToAdopt(decisionDate: string | null, records: AnalysedRecord[], initiativeId: number): { days: number[]; median: number | null; before: number } {
  const adopted = records.filter((r) => r.initiativeId === initiativeId && r.status === AdoptionStatus.Adopted && r.adoptedDate) as (AnalysedRecord & { adoptedDate: string })[];
  if (!decisionDate) return { days: [], median: null, before: 0 };
  const days = adopted.filter((r) => r.adoptedDate >= decisionDate).map((r) => daysBetween(decisionDate, r.adoptedDate));
  return { days, median: median(days), before: adopted.filter((r) => r.adoptedDate < decisionDate).length };
}

/**
 * Adoptions counted cumulatively by month (yyyy-mm), from the decision's month to the last
 * adoption's (at most ten years).
 */
export function growthLine(decisionDate: string | null, records: Pick<AnalysedRecord, 'status' | 'adoptedDate'>[]): { months: string[]; cumulative: number[] } {
  const dates = records.filter((r) => r.status === AdoptionStatus.Adopted && r.adoptedDate).map((r) => r.adoptedDate as string);
  if (!decisionDate || dates.length === 0) return { months: [], cumulative: [] };
  const last = dates.sort()[dates.length - 1].slice(0, 7);
  const months: string[] = [];
  for (let d = new Date(`${decisionDate.slice(0, 7)}-01T00:00:00Z`); d.toISOString().slice(0, 7) <= last && months.length < 120; d.setUTCMonth(d.getUTCMonth() + 1)) months.push(d.toISOString().slice(0, 7));
  return { months, cumulative: months.map((m) => dates.filter((x) => x.slice(0, 7) <= m).length) };
}
