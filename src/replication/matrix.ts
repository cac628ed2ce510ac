import { UNIT_KINDS, UnitKind } from '../units/unit-kinds';
import { adoptionRates, AdoptionStatus, Rate, RateCell } from './adoption-rules';

// What the adoption matrix page computes, as pure functions of the records: overdue
// units, rates per group of units, the page of units shown, and a lookup of one cell.
// A province programme has 50 initiatives × 300 units = 15,000 records.

/** Units per page of the grid (the summary above it covers every unit). */
export const MATRIX_UNITS_PER_PAGE = 30;

/** More units than this: rows are units (a wide table of units is unreadable). */
export const UNITS_AS_ROWS_ABOVE = 40;

/** A final answer: the unit has reported adopted or not adopted. */
export const FINAL_STATUSES: readonly AdoptionStatus[] = [AdoptionStatus.Adopted, AdoptionStatus.NotAdopted];

/** Overdue: the deadline has passed and the unit has not given a final answer. */
export function isOverdue(record: { status: AdoptionStatus }, programme: { reportDeadline: string | null }, today: string): boolean {
  return Boolean(programme.reportDeadline && programme.reportDeadline < today && !FINAL_STATUSES.includes(record.status));
}

/** The units with at least one overdue record. */
export function overdueUnitIds(records: { unitId: number; status: AdoptionStatus }[], programme: { reportDeadline: string | null }, today: string): Set<number> {
  const ids = new Set<number>();
  if (!programme.reportDeadline || programme.reportDeadline >= today) return ids;
  for (const r of records) if (!FINAL_STATUSES.includes(r.status)) ids.add(r.unitId);
  return ids;
}

/** One record by initiative and unit: numeric lookups, no string keys. */
export function recordLookup<T extends { initiativeId: number; unitId: number }>(records: T[]): (initiativeId: number, unitId: number) => T | undefined {
  const byUnit = new Map<number, Map<number, T>>();
  for (const r of records) {
    let row = byUnit.get(r.unitId);
    if (!row) byUnit.set(r.unitId, (row = new Map()));
    row.set(r.initiativeId, r);
  }
  return (initiativeId, unitId) => byUnit.get(unitId)?.get(initiativeId);
}

export interface UnitGroupSummary {
  kind: UnitKind;
  units: number;
  rate: Rate;
  overdue: number;
}

/**
 * Rates per kind of unit — the groups a province compares (communes, wards,
 * departments) — in the order of UNIT_KINDS, only kinds the programme targets. Records
 * count under `successorOf(unit)` (the unit itself when read as reported; its successor
 * when rolled up into today's units), as in the overall rate; so do the units counted.
 */
export function groupSummaries(units: { id: number; kind: UnitKind }[], records: RateCell[], successorOf: (unitId: number) => number, overdue: Set<number>): UnitGroupSummary[] {
  const kindOf = new Map(units.map((u) => [u.id, u.kind]));
  return UNIT_KINDS.filter((kind) => units.some((u) => u.kind === kind)).map((kind) => {
    const mine = units.filter((u) => u.kind === kind);
    return {
      kind,
      units: new Set(mine.map((u) => successorOf(u.id))).size,
      rate: adoptionRates(
        records.filter((r) => kindOf.get(r.unitId) === kind),
        successorOf,
      ).overall,
      overdue: mine.filter((u) => overdue.has(u.id)).length,
    };
  });
}

/**
 * The same summaries as `groupSummaries`, from rates per kind counted elsewhere (by the
 * database, see matrix-figures.ts): a kind without records has a rate of 0 of 0.
 */
export function groupsOf(units: { id: number; kind: UnitKind }[], kindRates: ReadonlyMap<string, Rate>, successorOf: (unitId: number) => number, overdue: Set<number>): UnitGroupSummary[] {
  return UNIT_KINDS.filter((kind) => units.some((u) => u.kind === kind)).map((kind) => {
    const mine = units.filter((u) => u.kind === kind);
    return {
      kind,
      units: new Set(mine.map((u) => successorOf(u.id))).size,
      rate: kindRates.get(kind) ?? adoptionRates([]).overall,
      overdue: mine.filter((u) => overdue.has(u.id)).length,
    };
  });
}
