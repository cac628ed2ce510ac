import { todayIso } from '../src/common/dates';
import { ReadCache } from '../src/database/read-cache';
import { adoptionRates } from '../src/replication/adoption-rules';
import { groupsOf, groupSummaries, overdueUnitIds, recordLookup } from '../src/replication/matrix';
import { ReplicationService } from '../src/replication/replication.service';
import { RateMode } from '../src/replication/unit-lineage';
import { UnitKind } from '../src/units/unit-kinds';
import { APP_HOOK_TIMEOUT, createTestApp, TestApp } from './helpers/test-app';

/** A small deterministic random generator: the same data set on every run and database. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STATUSES = ['not_started', 'planned', 'in_progress', 'adopted', 'adopted', 'not_adopted'];
const REASONS = ['no_budget', 'no_equipment', 'other'];
/** Times as the application writes them (UTC, milliseconds). */
const at = (iso: string) => iso.replace('T', ' ').replace('Z', '');

/**
 * The matrix page's figures are counted by the database (GROUP BY) since a programme of
 * 100 × 600 has 60,000 records. They must be exactly what the in-code computation of the
 * records gives (`adoptionRates`, `groupSummaries`, `overdueUnitIds`, `recordLookup`): both
 * ways of counting, on data with every case the rules name — late reports (with and without a
 * report in time, one at the first late instant), removed units and records, mergers in a
 * chain, across kinds of unit and into a unit outside the programme, a loop in bad data,
 * splits (never rolled up) — and deadlines past, future and none.
 */
describe('the matrix figures from the database equal those computed from the records', () => {
  let t: TestApp;
  let service: ReplicationService;
  let units: { id: number; kind: string }[];
  let initiatives: number[];
  /** The succession edges this suite added. */
  let added: number[];

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    service = t.app.get(ReplicationService);
    // More units than the demo's, of several kinds.
    const kinds = [UnitKind.Commune, UnitKind.Ward, UnitKind.Department, UnitKind.SpecialZone];
    const now = at(new Date().toISOString());
    for (let n = 0; n < 36; n++) {
      await t.db.query(`INSERT INTO units (code, name, kind, "parentId", "searchText", "createdAt", "updatedAt") VALUES (?, ?, ?, 1, ?, ?, ?)`, [`THU${n}`, `Đơn vị thử ${n}`, kinds[n % kinds.length], `thu${n} don vi thu ${n}`, now, now]);
    }
    units = (await t.db.query('SELECT id, kind FROM units ORDER BY id')).map((u: { id: number; kind: string }) => ({ id: Number(u.id), kind: u.kind }));
    initiatives = (await t.db.query('SELECT id FROM initiatives ORDER BY id LIMIT 9')).map((r: { id: number }) => Number(r.id));
    // Mergers: a chain (0 → 1 → 2), across kinds, into a unit outside the programmes (the last
    // unit), a loop (bad data); and a split, which rolls nothing up.
    const u = (i: number) => units[i].id;
    const commune = units.filter((x) => x.kind === UnitKind.Commune);
    const ward = units.filter((x) => x.kind !== UnitKind.Commune);
    const edges: [number, number, string][] = [
      [u(3), u(4), 'merge'],
      [u(4), u(5), 'merge'],
      [commune[2].id, ward[3].id, 'merge'],
      [u(8), units[units.length - 1].id, 'merge'],
      [u(10), u(11), 'merge'],
      [u(11), u(10), 'merge'],
      [u(12), u(13), 'split'],
      [u(12), u(14), 'split'],
    ];
    for (const [p, s, kind] of edges) await t.db.query(`INSERT INTO unit_successions ("predecessorId", "successorId", kind, instrument, "effectiveDate") VALUES (?, ?, ?, '', '2025-07-01')`, [p, s, kind]);
    added = (await t.db.query(`SELECT id FROM unit_successions ORDER BY id DESC LIMIT ${edges.length}`)).map((r: { id: number }) => Number(r.id));
    // Written beside the application: what it keeps of units in memory goes.
    t.app.get(ReadCache).changed(new Set(['units']));
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  /** A programme of `initiatives` × the units but the last, with reports of every kind; its id. */
  async function programme(seed: number, deadline: string | null): Promise<number> {
    const r = rng(seed);
    const now = at(new Date().toISOString());
    await t.db.query(
      `INSERT INTO programmes (year, title, "issuingUnitId", "decisionNumber", "decisionDate", "reportDeadline", "createdById", "createdAt", "updatedAt") VALUES (2024, ?, ?, '1/QĐ', '2024-02-01', ?, 1, ?, ?)`,
      [`Kế hoạch thử ${seed}`, units[0].id, deadline, now, now],
    );
    const [{ id: raw }] = await t.db.query('SELECT MAX(id) AS id FROM programmes');
    const id = Number(raw);
    const targets = units.slice(1, -1);
    const removed = new Set(targets.filter(() => r() < 0.1).map((x) => x.id));
    for (const i of initiatives) await t.db.query('INSERT INTO programme_initiatives ("programmeId", "initiativeId") VALUES (?, ?)', [id, i]);
    for (const x of targets) await t.db.query('INSERT INTO programme_units ("programmeId", "unitId", "removedAt") VALUES (?, ?, ?)', [id, x.id, removed.has(x.id) ? now : null]);
    // The deadline's first late instant (the day after it, 00:00 in Vietnam).
    const lateFrom = deadline ? new Date(Date.parse(`${deadline}T00:00:00+07:00`) + 86_400_000) : new Date('2024-07-01T00:00:00Z');
    const shift = (ms: number) => at(new Date(lateFrom.getTime() + ms).toISOString());
    for (const i of initiatives) {
      for (const x of targets) {
        if (r() < 0.05) continue; // a pair without a record (added to the programme later)
        const status = STATUSES[Math.floor(r() * STATUSES.length)];
        const reported = status !== 'not_started' || r() < 0.2;
        // When the last report came: well in time, at the last in-time instant, at the first late one, or late.
        const when = [-30 * 86_400_000, -1, 0, 5 * 86_400_000][Math.floor(r() * 4)];
        const gone = removed.has(x.id) || r() < 0.03;
        await t.db.query(
          `INSERT INTO adoptions ("programmeId", "initiativeId", "unitId", status, "adoptedDate", reason, version, "reportedAt", "reportedById", "removedAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [id, i, x.id, status, status === 'adopted' ? '2024-05-10' : null, status === 'not_adopted' ? REASONS[Math.floor(r() * REASONS.length)] : null, reported ? 2 : 0, reported ? shift(when) : null, reported ? 1 : null, gone ? now : null, now, now],
        );
        if (!reported) continue;
        const [{ id: record }] = await t.db.query('SELECT id FROM adoptions WHERE "programmeId" = ? AND "initiativeId" = ? AND "unitId" = ?', [id, i, x.id]);
        // A late record: sometimes a report in time before the late one, sometimes none.
        const earlier = when >= 0 && r() < 0.6 ? STATUSES[Math.floor(r() * STATUSES.length)] : null;
        if (earlier) await t.db.query(`INSERT INTO adoption_reports ("adoptionId", version, status, "reportedById", "reportedByName", "createdAt") VALUES (?, 1, ?, 1, 'Thử', ?)`, [record, earlier, shift(-86_400_000)]);
        await t.db.query(`INSERT INTO adoption_reports ("adoptionId", version, status, "reportedById", "reportedByName", "createdAt") VALUES (?, 2, ?, 1, 'Thử', ?)`, [record, status, shift(when)]);
      }
    }
    return id;
  }

  /** The figures of programme `id` both ways, as the database counts them and as the code did. */
  async function compare(id: number, deadline: string | null, mergers: boolean): Promise<void> {
    const today = todayIso();
    // As computed before: every record read and counted in code.
    const old = await service.withRecords(id, 'short');
    const rollUp = old.history.line.rollUp;
    const same = (u: number) => u;
    const overdue = overdueUnitIds(old.records, old.programme, today);
    // Counted by the database.
    const { modes: figures, open } = await service.matrixFigures(old.programme, old.history.line, old.units);
    expect(open).toEqual(await service.openByUnit(id));
    const overdueNow = new Set<number>(old.programme.reportDeadline && old.programme.reportDeadline < today ? open.keys() : []);

    expect(old.records.length).toBeGreaterThan(100);
    expect(figures[RateMode.Then].rates).toEqual(old.rates[RateMode.Then]);
    expect(figures[RateMode.Now].rates).toEqual(old.rates[RateMode.Now]);
    // The data set has what it is meant to test: late reports changing the report-time reading, and mergers.
    if (deadline === '2024-06-30') expect(old.rates[RateMode.Then].overall).not.toEqual(adoptionRates(old.records).overall);
    if (mergers) expect(old.rates[RateMode.Now].columns.size).toBeLessThan(adoptionRates(old.records).columns.size);

    expect(groupsOf(old.units, figures[RateMode.Then].kinds, same, overdueNow)).toEqual(groupSummaries(old.units, old.atDeadline, same, overdue));
    expect(groupsOf(old.units, figures[RateMode.Now].kinds, rollUp, overdueNow)).toEqual(groupSummaries(old.units, old.records, rollUp, overdue));
    expect([...overdueNow].sort((a, b) => a - b)).toEqual([...overdue].sort((a, b) => a - b));
    if (deadline === '2024-06-30') expect(overdue.size).toBeGreaterThan(0);
    for (const [unitId, n] of open) expect(n).toBe(old.records.filter((r) => r.unitId === unitId && !['adopted', 'not_adopted'].includes(r.status)).length);

    // A page of the grid: its units' records only, the same cells.
    const page = old.units.slice(0, 5).map((u) => u.id);
    const all = recordLookup(old.records);
    const mine = recordLookup(await service.matrixRecords(id, page));
    for (const unitId of page) for (const i of initiatives) expect(mine(i, unitId)).toEqual(all(i, unitId));
  }

  for (const [seed, deadline] of [
    [1, '2024-06-30'],
    [2, '2099-12-31'],
    [3, null],
    [4, '2024-06-30'],
  ] as const) {
    it(`counts programme ${seed} (deadline ${deadline ?? 'none'}) the same both ways, with the same groups, overdue units and page records`, async () => {
      await compare(await programme(seed, deadline), deadline, true);
    });
  }

  it('counts the same without any merger (every record a cell of its own)', async () => {
    await t.db.query(`DELETE FROM unit_successions WHERE id IN (${added.join(', ')})`);
    t.app.get(ReadCache).changed(new Set(['units']));
    await compare(await programme(5, '2024-06-30'), '2024-06-30', false);
    await compare(await programme(6, null), null, false);
  });
});
