import { AdoptionStatus, rate, Rate } from './adoption-rules';
import { FINAL_STATUSES } from './matrix';

// The matrix page's figures counted by the database (GROUP BY), not by building the
// programme's records in memory (a 100 × 600 programme has 60,000): the same numbers as
// `adoptionRates` and `groupSummaries` give of the records, in a few hundred rows.
//
// A cell is one initiative × one column unit (the record's unit, or in today's units the
// successor it rolled up into); it counts once, adopted if any record of it adopted. A
// group (kind of unit) counts the cells of its units' records, by the kind of the unit the
// record is of (a unit of the programme's targets in force; other records count in no
// group), so two units of different kinds merged into one count once in each group, as
// `groupSummaries` counts them.

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

/** How one way of counting reads the records. */
export interface FigureQuery {
  /**
   * The first instant after the deadline's day: a record last reported from then on counts
   * with the status of its last report filed before it (not started without one). Null:
   * every record as it is.
   */
  late: Date | null;
  /** Units whose records count under another unit (predecessor, successor); the rest count under themselves. */
  rollUps: [number, number][];
}

/** A row of the figures' query: one initiative ('i'), column unit ('c') or kind of unit ('k'). */
export interface FigureRow {
  part: 'i' | 'c' | 'k';
  id: number | string | null;
  kind: string | null;
  total: number | string;
  adopted: number | string | null;
}

const ADOPTED = `'${AdoptionStatus.Adopted}'`;

/**
 * The statement counting a programme's records one way (parameters `:programmeId` and,
 * when `late` is set, `:late`): one row per initiative, per column unit and per kind.
 */
export function figuresSql(q: FigureQuery): string {
  for (const pair of q.rollUps) if (!pair.every((id) => Number.isSafeInteger(id))) throw new Error(`not a unit id: ${pair.join(', ')}`);
  const status = q.late
    ? `CASE WHEN a."reportedAt" >= :late THEN COALESCE((SELECT r."status" FROM "adoption_reports" r WHERE r."adoptionId" = a."id" AND r."createdAt" < :late ORDER BY r."version" DESC LIMIT 1), '${AdoptionStatus.NotStarted}') ELSE a."status" END`
    : 'a."status"';
  const column = q.rollUps.length ? 'COALESCE(l."s", a."unitId")' : 'a."unitId"';
  const kind = 'CASE WHEN a."unitId" IN (SELECT pu."unitId" FROM "programme_units" pu WHERE pu."programmeId" = :programmeId AND pu."removedAt" IS NULL) THEN u."kind" END';
  const lineage = q.rollUps.length ? `l("p", "s") AS (VALUES ${q.rollUps.map(([p, s]) => `(${p}, ${s})`).join(', ')}), ` : '';
  return [
    `WITH ${lineage}g AS (`,
    `  SELECT a."initiativeId" AS i, ${kind} AS k, ${column} AS c, MAX(CASE WHEN ${status} = ${ADOPTED} THEN 1 ELSE 0 END) AS ad`,
    `  FROM "adoptions" a JOIN "units" u ON u."id" = a."unitId"${q.rollUps.length ? ' LEFT JOIN l ON l."p" = a."unitId"' : ''}`,
    '  WHERE a."programmeId" = :programmeId AND a."removedAt" IS NULL',
    '  GROUP BY 1, 2, 3',
    '), h AS (SELECT i, c, MAX(ad) AS ad FROM g GROUP BY i, c)',
    `SELECT 'i' AS "part", i AS "id", NULL AS "kind", COUNT(*) AS "total", SUM(ad) AS "adopted" FROM h GROUP BY i`,
    `UNION ALL SELECT 'c', c, NULL, COUNT(*), SUM(ad) FROM h GROUP BY c`,
    `UNION ALL SELECT 'k', NULL, k, COUNT(*), SUM(ad) FROM g WHERE k IS NOT NULL GROUP BY k`,
  ].join('\n');
}

/** The figures of one way of counting, from the rows of `figuresSql`. */
export function foldFigures(rows: FigureRow[]): ModeFigures {
  const ratesOf = new Map<'i' | 'c' | 'k', Map<number | string, Rate>>([
    ['i', new Map()],
    ['c', new Map()],
    ['k', new Map()],
  ]);
  let adopted = 0;
  let total = 0;
  for (const r of rows) {
    const a = Number(r.adopted ?? 0);
    const t = Number(r.total);
    ratesOf.get(r.part)?.set(r.part === 'k' ? String(r.kind) : Number(r.id), rate(a, t));
    if (r.part === 'i') {
      adopted += a;
      total += t;
    }
  }
  return {
    rates: { rows: ratesOf.get('i') as Map<number, Rate>, columns: ratesOf.get('c') as Map<number, Rate>, overall: rate(adopted, total) },
    kinds: ratesOf.get('k') as Map<string, Rate>,
  };
}

/** The statuses that leave a record open (overdue after the deadline), as SQL text. */
export const OPEN_STATUSES_SQL = `NOT IN (${FINAL_STATUSES.map((s) => `'${s}'`).join(', ')})`;
