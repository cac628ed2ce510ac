import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ReadPool } from '../src/database/read-pool';
import { openDatabase } from '../src/database/startup';
import { SqliteStatistics } from '../src/database/sqlite-statistics';
import { APP_HOOK_TIMEOUT, createTestApp, TestApp } from './helpers/test-app';
import { UnitOfWork } from '../src/database/unit-of-work';

/**
 * SQLite plans its queries from the statistics of ANALYZE: the application keeps them (at
 * start and every hour), and its read-only connections use them once they change. Without
 * them a broad search of the catalogue read every recognised initiative and ran the whole
 * search on each.
 */
describe('SQLite statistics for the query planner', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true, sqlite: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  const BROAD = `SELECT 1 FROM "initiatives" "i" INNER JOIN (SELECT rowid AS "id" FROM "initiatives_fts" "initiatives_fts" WHERE "initiatives_fts" MATCH '"dich" "vu"*') "fts" ON fts.id = "i"."id" WHERE "i"."status" = 'recognized' LIMIT 1001`;
  const stats = async () => (await t.db.query(`SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl = 'initiatives' ORDER BY idx`)) as { idx: string; stat: string }[];

  it('are taken when the application opens a database that has none', async () => {
    // A copy of the demo's database without statistics, opened as the application starts.
    const dir = join(t.dir, 'copy');
    mkdirSync(dir, { recursive: true });
    // Copied through the application's connection: never open a live database file from Node.
    // In turn with its transactions (a start-up job's may be open on that connection, and
    // VACUUM cannot run inside one).
    await t.app.get(UnitOfWork).write((m) => m.query(`VACUUM INTO '${join(dir, 'copy.sqlite').replace(/'/g, "''")}'`));
    const copy = await new DataSource({ type: 'sqlite', database: join(dir, 'copy.sqlite') }).initialize();
    await copy.query('DROP TABLE IF EXISTS sqlite_stat1');
    await copy.destroy();
    const bare = await openDatabase({ ...dataSourceOptions(dir, 'copy.sqlite'), migrationsRun: false });
    try {
      const rows = (await bare.query(`SELECT idx FROM sqlite_stat1 WHERE tbl = 'initiatives'`)) as { idx: string }[];
      expect(rows.map((r) => r.idx)).toEqual(expect.arrayContaining(['IDX_initiatives_status_updatedAt_id', 'IDX_initiatives_code']));
    } finally {
      await bare.destroy();
    }
  });

  it('are taken again once the initiatives have grown, and the readers then plan the search first', async () => {
    const statistics = t.app.get(SqliteStatistics);
    // Settled (the demo may have been loaded after the start), then nothing left to do:
    // the readers stay open.
    await statistics.update();
    expect(await statistics.update()).toBe(false);
    const before = await stats();
    // The demo's initiatives, copied until there are thousands (as a district grows).
    const columns = ((await t.db.query(`PRAGMA table_info("initiatives")`)) as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id' && c !== 'code');
    const list = columns.map((c) => `"${c}"`).join(', ');
    for (let i = 0; i < 10; i++) await t.db.query(`INSERT INTO "initiatives" (${list}) SELECT ${list} FROM "initiatives"`);
    const [{ n }] = await t.db.query(`SELECT COUNT(*) AS n FROM "initiatives"`);
    expect(Number(n)).toBeGreaterThan(5000);

    // Readers opened without statistics (as on every database before): the search is run
    // once per recognised initiative.
    const reads = t.app.get(ReadPool);
    expect(reads.size).toBeGreaterThan(0);
    await t.db.query('DELETE FROM sqlite_stat1');
    await reads.reopen();
    const planOf = async () => (await reads.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${BROAD}`)).map((r) => r.detail);
    expect((await planOf())[0]).toMatch(/SEARCH i USING COVERING INDEX/);

    expect(await statistics.update()).toBe(true);
    expect(await stats()).not.toEqual(before);
    const plan = await planOf();
    // The matches of the words are walked once, each initiative found by its id.
    expect(plan[0]).toMatch(/SCAN initiatives_fts VIRTUAL TABLE/);
    expect(plan.join(' ')).toMatch(/SEARCH i USING INTEGER PRIMARY KEY/);
    // The readers still answer (the old ones closed once idle).
    const [{ c }] = await reads.query<{ c: number }>(`SELECT COUNT(*) AS c FROM "initiatives"`);
    expect(Number(c)).toBe(Number(n));
    await t.agent().get('/catalogue?q=d%E1%BB%8Bch+v%E1%BB%A5').expect(200);
  });
});
