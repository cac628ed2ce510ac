import { DataSource } from 'typeorm';
import { ReadPool } from '../src/database/read-pool';
import { UnitOfWork } from '../src/database/unit-of-work';
import { Initiative } from '../src/initiatives/initiative.entity';
import { InitiativesRepository, ListRestriction, ResolvedFilter } from '../src/initiatives/initiatives.repository';
import { APP_HOOK_TIMEOUT, createTestApp, TEST_DATABASE_URL, TestApp } from './helpers/test-app';

/** Lists and searches read on connections of their own (SQLite) beside the one that writes. */
describe('the read pool', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  const everything: ListRestriction = { everything: true };
  const cases: [ResolvedFilter, ListRestriction][] = [
    [{ q: 'dich vu cong' }, everything],
    [{ q: 'dịch vụ công', sort: 'newest' }, { public: true }],
    [{ sort: 'title' }, everything],
    [{ year: 2022, sort: 'code' }, { userId: 1, scope: [1, 2, 3], focal: true, council: false }],
  ];

  it('reads on connections of its own on SQLite (read-only), on the pool of PostgreSQL', async () => {
    const pool = t.app.get(ReadPool);
    if (TEST_DATABASE_URL) {
      expect(pool.size).toBe(0);
      return;
    }
    expect(pool.size).toBe(2);
    await expect(pool.query('DELETE FROM initiatives')).rejects.toThrow(/SQLITE_READONLY/);
    // The full-text index and its ranking need nothing registered on the main connection.
    const [row] = await pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM "initiatives_fts" WHERE "initiatives_fts" MATCH ? AND bm25("initiatives_fts") < 0`, ['"dich" "vu" "cong"*']);
    expect(row.n).toBeGreaterThan(0);
  });

  it('finds what the writing connection finds (counts and ranked ids)', async () => {
    const repo = t.app.get(InitiativesRepository);
    const uow = t.app.get(UnitOfWork);
    // Inside a transaction the repository reads on the transaction's connection.
    const onMain = <T>(read: () => Promise<T>) => uow.run(read);
    for (const [filter, restriction] of cases) {
      const every = await repo.list(filter, restriction);
      expect(every).toEqual(await onMain(() => repo.list(filter, restriction)));
      const second = { page: 2, pageSize: 2, cap: 1000 };
      expect(await repo.list(filter, restriction, second, 3)).toEqual(await onMain(() => repo.list(filter, restriction, second, 3)));
      expect((await repo.list(filter, restriction, { page: 1, pageSize: 20, cap: 1000 })).count).toBe(every.ids.length);
    }
    expect((await repo.list(cases[0][0], everything)).ids.length).toBeGreaterThan(2);
  });

  it('sees a commit on the next read, and a transaction its own writes before it commits', async () => {
    const repo = t.app.get(InitiativesRepository);
    const uow = t.app.get(UnitOfWork);
    const newest = async () => (await repo.list({ sort: 'newest' }, everything, { page: 1, pageSize: 1, cap: 1000 })).ids;
    const [first] = await newest();
    const [{ id: other }] = await t.db.query('SELECT id FROM initiatives WHERE id <> ? ORDER BY id LIMIT 1', [first]);
    await uow.run(async () => {
      await uow.repository(Initiative).update({ id: other }, { updatedAt: new Date(Date.now() + 24 * 3600_000) });
      expect(await newest()).toEqual([other]);
    });
    expect(await newest()).toEqual([other]);
    // The data source itself agrees.
    const [row] = await t.app.get(DataSource).query('SELECT id FROM initiatives ORDER BY "updatedAt" DESC, id DESC LIMIT 1');
    expect(Number(row.id)).toBe(other);
  });
});
