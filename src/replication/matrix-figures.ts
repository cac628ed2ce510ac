import { AdoptionStatus, rate, Rate } from './adoption-rules';
import { FINAL_STATUSES } from './matrix';
import { RateMode } from './unit-lineage';

// The matrix page's figures counted by the database (GROUP BY), not by building the
// programme's records in memory (a 100 × 600 programme has 60,000): the same numbers as
// `adoptionRates`, `groupSummaries` and `overdueUnitIds` give of the records, from a few
// hundred rows.
//
// A cell is one initiative × one column unit (the record's unit, or in today's units the
// successor it rolled up into); it counts once, adopted if any record of it adopted. A
// programme's records are unique by initiative and unit, so a record whose unit neither
// merged into another nor took one over is a cell of its own: those are counted by two
// plain GROUP BYs (per unit, per initiative), both ways at once; the records last reported
// late, which count at report time with their last report in time, by a third. Only the
// records of units merged since and of their successors (`merged`) are counted cell by cell,
// by a fourth statement that reads those records alone. A group (kind of unit) counts the cells of its
// units' records, by the kind of the unit the record is of (a target unit of the programme
// in force; other records count in no group), so two units of different kinds merged into
// one count once in each group, as `groupSummaries` counts them.

/** Rates per initiative, per column unit and overall, as `adoptionRates` gives them. */
export interface RateFigures {
  rows: Map<number, Rate>;
  columns: Map<number, Rate>;
  overall: Rate;
}

/** A way of counting: its rates, and the rate of each kind of unit (kinds without records absent). */
export interface ModeFigures {
  rates: RateFigures;
  kinds: Map<string, Rate>;
}

/** How a programme's records are counted. */
export interface FigureQuery {
  /**
   * The first instant after the deadline's day: at report time, a record last reported from
   * then on counts with the status of its last report filed before it (not started without
   * one). Null: every record as it is.
   */
  late: Date | null;
  /** Units whose records count under another unit today (predecessor, successor); the rest count under themselves. */
  rollUps: [number, number][];
}

/** A row of the plain counts: one unit or one initiative. Counts not asked for (not different) are absent. */
export interface PlainRow {
  id: number | string;
  total: number | string;
  adoptedNow: number | string | null;
  /** Adopted among the records last reported in time (absent without a deadline: adoptedNow). */
  adoptedThen?: number | string | null;
  /** Records without a final answer (units only). */
  open?: number | string | null;
  /** Records last reported late (initiatives only, with a deadline). */
  late?: number | string | null;
  /** Records, and adopted ones, not of merged units and their successors (absent without mergers: total, adoptedNow). */
  plainTotal?: number | string | null;
  plainAdopted?: number | string | null;
}

/** A row of the cell-by-cell count of merged units' records: one initiative ('i'), column unit ('c') or kind of unit ('k'). */
export interface MergedRow {
  part: 'i' | 'c' | 'k';
  id: number | string | null;
  kind: string | null;
  total: number | string;
  adopted: number | string | null;
}

const q = (s: string) => `'${s}'`;
const ADOPTED = q(AdoptionStatus.Adopted);

/** The units whose records are counted cell by cell: those merged since, and those they rolled up into. */
export function mergedUnits(rollUps: [number, number][]): number[] {
  for (const pair of rollUps) if (!pair.every((id) => Number.isSafeInteger(id))) throw new Error(`not a unit id: ${pair.join(', ')}`);
  return [...new Set(rollUps.flat())].sort((a, b) => a - b);
}

/**
 * Counts of a programme's records in force per unit or per initiative (parameters
 * `:programmeId`, and `:late` when set): records, adopted now, adopted at report time among
 * the records last reported in time (the late ones are counted by `lateSql`), open (no
 * final answer), and records and adopted ones not of merged units.
 */
export function plainSql(by: 'unitId' | 'initiativeId', query: FigureQuery): string {
  const merged = mergedUnits(query.rollUps);
  const adopted = `a."status" = ${ADOPTED}`;
  const plain = `a."unitId" NOT IN (${merged.join(', ')})`;
  // Only what differs is counted (each sum is an expression for every record): without a
  // deadline nothing is late, without mergers every record is plain, and only units are overdue.
  return [
    `SELECT a."${by}" AS "id", COUNT(*) AS "total", SUM(CASE WHEN ${adopted} THEN 1 ELSE 0 END) AS "adoptedNow"`,
    ...(query.late ? [`, SUM(CASE WHEN ${adopted} AND (a."reportedAt" IS NULL OR a."reportedAt" < :late) THEN 1 ELSE 0 END) AS "adoptedThen"`] : []),
    ...(by === 'unitId' ? [`, SUM(CASE WHEN a."status" NOT IN (${FINAL_STATUSES.map(q).join(', ')}) THEN 1 ELSE 0 END) AS "open"`] : []),
    // How many were last reported late (whether `lateSql` has anything to count).
    ...(by === 'initiativeId' && query.late ? [`, SUM(CASE WHEN a."reportedAt" >= :late THEN 1 ELSE 0 END) AS "late"`] : []),
    ...(merged.length ? [`, SUM(CASE WHEN ${plain} THEN 1 ELSE 0 END) AS "plainTotal", SUM(CASE WHEN ${plain} AND ${adopted} THEN 1 ELSE 0 END) AS "plainAdopted"`] : []),
    'FROM "adoptions" a',
    'WHERE a."programmeId" = :programmeId AND a."removedAt" IS NULL',
    `GROUP BY a."${by}"`,
  ].join('\n');
}

/** A row of the count of late records adopted at report time: one unit ('u') or one initiative ('i'). */
export interface LateRow {
  part: 'u' | 'i';
  id: number | string;
  adopted: number | string | null;
}

/**
 * The records last reported late (from `:late` on, parameter `:programmeId` too) that had
 * adopted by the deadline (their last report filed before it said so), per unit and per
 * initiative. Null without a deadline. Apart from `plainSql` so that only late records pay
 * for the look-up of their reports (and PostgreSQL plans the plain counts as cheap as they
 * are, without compiling them); run only when `plainSql` found late records.
 */
export function lateSql(query: FigureQuery): string | null {
  if (!query.late) return null;
  const then = `(SELECT r."status" FROM "adoption_reports" r WHERE r."adoptionId" = a."id" AND r."createdAt" < :late ORDER BY r."version" DESC LIMIT 1)`;
  return [
    `WITH late AS (SELECT a."unitId" AS u, a."initiativeId" AS i, CASE WHEN ${then} = ${ADOPTED} THEN 1 ELSE 0 END AS ad`,
    '  FROM "adoptions" a WHERE a."programmeId" = :programmeId AND a."removedAt" IS NULL AND a."reportedAt" >= :late)',
    `SELECT 'u' AS "part", u AS "id", SUM(ad) AS "adopted" FROM late GROUP BY u`,
    `UNION ALL SELECT 'i', i, SUM(ad) FROM late GROUP BY i`,
  ].join('\n');
}

/**
 * The records of merged units and their successors counted cell by cell in today's units
 * (parameter `:programmeId`): one row per initiative, per column unit and per kind of unit.
 * Null when no unit merged.
 */
export function mergedSql(query: FigureQuery): string | null {
  const merged = mergedUnits(query.rollUps);
  if (merged.length === 0) return null;
  const kind = 'CASE WHEN a."unitId" IN (SELECT pu."unitId" FROM "programme_units" pu WHERE pu."programmeId" = :programmeId AND pu."removedAt" IS NULL) THEN u."kind" END';
  return [
    `WITH l("p", "s") AS (VALUES ${query.rollUps.map(([p, s]) => `(${p}, ${s})`).join(', ')}), g AS (`,
    `  SELECT a."initiativeId" AS i, ${kind} AS k, COALESCE(l."s", a."unitId") AS c, MAX(CASE WHEN a."status" = ${ADOPTED} THEN 1 ELSE 0 END) AS ad`,
    '  FROM "adoptions" a JOIN "units" u ON u."id" = a."unitId" LEFT JOIN l ON l."p" = a."unitId"',
    `  WHERE a."programmeId" = :programmeId AND a."removedAt" IS NULL AND a."unitId" IN (${merged.join(', ')})`,
    '  GROUP BY 1, 2, 3',
    '), h AS (SELECT i, c, MAX(ad) AS ad FROM g GROUP BY i, c)',
    `SELECT 'i' AS "part", i AS "id", NULL AS "kind", COUNT(*) AS "total", SUM(ad) AS "adopted" FROM h GROUP BY i`,
    `UNION ALL SELECT 'c', c, NULL, COUNT(*), SUM(ad) FROM h GROUP BY c`,
    `UNION ALL SELECT 'k', NULL, k, COUNT(*), SUM(ad) FROM g WHERE k IS NOT NULL GROUP BY k`,
  ].join('\n');
}

/** What the matrix page shows of the records: the rates both ways, and the open records of each unit. */
export interface MatrixFigures {
  modes: Record<RateMode, ModeFigures>;
  /** Records without a final answer, per unit (units with none left out). */
  open: Map<number, number>;
}

const n = (v: number | string | null | undefined) => Number(v ?? 0);

/** Adds `adopted` of `total` to the count kept under `key`. */
function add<K>(counts: Map<K, [number, number]>, key: K, adopted: number, total: number): void {
  const c = counts.get(key);
  if (c) {
    c[0] += adopted;
    c[1] += total;
  } else counts.set(key, [adopted, total]);
}

function ratesOf<K>(counts: Map<K, [number, number]>): Map<K, Rate> {
  return new Map([...counts].map(([k, [a, t]]) => [k, rate(a, t)]));
}

function figures(rows: Map<number, [number, number]>, columns: Map<number, [number, number]>, kinds: Map<string, [number, number]>): ModeFigures {
  let adopted = 0;
  let total = 0;
  for (const [a, t] of rows.values()) {
    adopted += a;
    total += t;
  }
  return { rates: { rows: ratesOf(rows), columns: ratesOf(columns), overall: rate(adopted, total) }, kinds: ratesOf(kinds) };
}

/**
 * The figures both ways from the rows of the four statements. `units` are the programme's
 * target units in force with their kind (a record counts in its unit's group only then).
 */
export function foldFigures(perUnit: PlainRow[], perInitiative: PlainRow[], late: LateRow[], merged: MergedRow[], units: { id: number; kind: string }[]): MatrixFigures {
  const kindOf = new Map(units.map((u) => [u.id, u.kind as string]));
  const then = { rows: new Map<number, [number, number]>(), columns: new Map<number, [number, number]>(), kinds: new Map<string, [number, number]>() };
  const now = { rows: new Map<number, [number, number]>(), columns: new Map<number, [number, number]>(), kinds: new Map<string, [number, number]>() };
  const open = new Map<number, number>();
  // Late records adopted by the deadline, added to those adopted among the records in time.
  const lateAdopted = { u: new Map<number, number>(), i: new Map<number, number>() };
  for (const r of late) lateAdopted[r.part].set(Number(r.id), n(r.adopted));
  const inTime = (r: PlainRow) => n(r.adoptedThen === undefined ? r.adoptedNow : r.adoptedThen);
  const plainTotal = (r: PlainRow) => n(r.plainTotal === undefined ? r.total : r.plainTotal);
  const plainAdopted = (r: PlainRow) => n(r.plainAdopted === undefined ? r.adoptedNow : r.plainAdopted);
  for (const r of perInitiative) {
    const id = Number(r.id);
    add(then.rows, id, inTime(r) + (lateAdopted.i.get(id) ?? 0), n(r.total));
    if (plainTotal(r) > 0) add(now.rows, id, plainAdopted(r), plainTotal(r));
  }
  for (const r of perUnit) {
    const id = Number(r.id);
    const kind = kindOf.get(id);
    const adoptedThen = inTime(r) + (lateAdopted.u.get(id) ?? 0);
    add(then.columns, id, adoptedThen, n(r.total));
    if (kind) add(then.kinds, kind, adoptedThen, n(r.total));
    if (plainTotal(r) > 0) {
      add(now.columns, id, plainAdopted(r), plainTotal(r));
      if (kind) add(now.kinds, kind, plainAdopted(r), plainTotal(r));
    }
    if (n(r.open) > 0) open.set(id, n(r.open));
  }
  for (const r of merged) {
    if (r.part === 'i') add(now.rows, Number(r.id), n(r.adopted), n(r.total));
    else if (r.part === 'c') add(now.columns, Number(r.id), n(r.adopted), n(r.total));
    else add(now.kinds, String(r.kind), n(r.adopted), n(r.total));
  }
  return { modes: { [RateMode.Then]: figures(then.rows, then.columns, then.kinds), [RateMode.Now]: figures(now.rows, now.columns, now.kinds) }, open };
}

/** The statuses that leave a record open (overdue after the deadline), as SQL text. */
export const OPEN_STATUSES_SQL = `NOT IN (${FINAL_STATUSES.map(q).join(', ')})`;
