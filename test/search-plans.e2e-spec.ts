import { DataSource } from 'typeorm';
import { InitiativeSearch } from '../src/database/search/initiative-search';
import { Initiative } from '../src/initiatives/initiative.entity';
import { InitiativeStatus } from '../src/initiatives/initiative-status';
import { InitiativesRepository, ListRestriction, ResolvedFilter } from '../src/initiatives/initiatives.repository';
import { APP_HOOK_TIMEOUT, createTestApp, TestApp } from './helpers/test-app';

/**
 * A search of the catalogue or of every initiative may be read from the search index first
 * (SQLite) instead of joining each match to its initiative: the same initiatives, counts and
 * orders as the plain join of the search adapter, filtered and sorted here in plain code.
 */
describe('search lists: the same answers however they are read', () => {
  let t: TestApp;
  let repo: InitiativesRepository;
  let rows: Initiative[];
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    repo = t.app.get(InitiativesRepository);
    rows = await t.db.getRepository(Initiative).find();
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  /** Every match of the words, joined as the search adapter does, by relevance (then newest first). */
  async function ranked(db: DataSource, q: string): Promise<number[]> {
    const qb = db.getRepository(Initiative).createQueryBuilder('i').select('i.id', 'id');
    expect(t.app.get(InitiativeSearch).restrict(qb, 'i', q, true)).toBe(true);
    qb.orderBy('fts.relevance', 'ASC').addOrderBy('i.id', 'DESC');
    return (await qb.getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
  }

  const passes = (row: Initiative, f: ResolvedFilter, r: ListRestriction) =>
    (!('public' in r) || row.status === InitiativeStatus.Recognized) && (!f.year || row.year === f.year) && (!f.fieldId || row.fieldId === f.fieldId) && (!f.status || row.status === f.status);
  const newestFirst = (a: Initiative, b: Initiative) => b.updatedAt.getTime() - a.updatedAt.getTime() || b.id - a.id;

  it('finds, counts and orders as the join does, for the catalogue and for everyone, with and without filters', async () => {
    const byId = new Map(rows.map((r) => [r.id, r]));
    const recognised = rows.filter((r) => r.status === InitiativeStatus.Recognized);
    const years = [...new Set(recognised.map((r) => r.year))];
    const fields = [...new Set(recognised.map((r) => r.fieldId))];
    const filters: ResolvedFilter[] = [{}, { year: years[0] }, { fieldId: fields[0] }, { year: years[0], fieldId: fields[0] }, { status: InitiativeStatus.Recognized }];
    let checked = 0;
    for (const q of ['dich vu cong', 'ho so', 'mot cua', 'ubnd xa', 'khongtontai']) {
      const all = await ranked(t.db, q);
      for (const restriction of [{ public: true }, { everything: true }] as ListRestriction[]) {
        for (const filter of filters) {
          const matches = all.filter((id) => passes(byId.get(id) as Initiative, filter, restriction));
          const f = { ...filter, q };
          expect(await repo.countUpTo(f, restriction, 2)).toBe(Math.min(matches.length, 3));
          // By relevance: every match, or the newest two of them, in the order of relevance.
          expect(await repo.ids(f, restriction)).toEqual(matches);
          expect(await repo.ids(f, restriction, { offset: 1, limit: 2 }, 100)).toEqual(matches.slice(1, 3));
          const newestTwo = [...matches].sort((a, b) => b - a).slice(0, 2);
          expect(await repo.ids(f, restriction, undefined, 2)).toEqual(matches.filter((id) => newestTwo.includes(id)));
          // Newest and oldest first: by the time of the last change.
          const newest = matches.map((id) => byId.get(id) as Initiative).sort(newestFirst).map((r) => r.id);
          expect(await repo.ids({ ...f, sort: 'newest' }, restriction)).toEqual(newest);
          expect(await repo.ids({ ...f, sort: 'newest' }, restriction, { offset: 1, limit: 2 })).toEqual(newest.slice(1, 3));
          expect(await repo.ids({ ...f, sort: 'oldest' }, restriction)).toEqual([...newest].reverse());
          expect(new Set(await repo.ids({ ...f, sort: 'title' }, restriction))).toEqual(new Set(matches));
          // A page asked right after its count with the same filter (as the lists do) may be
          // taken from what the count found: the same page.
          const expected = { relevance: matches, newest, oldest: [...newest].reverse(), title: await repo.ids({ ...f, sort: 'title' }, restriction), code: await repo.ids({ ...f, sort: 'code' }, restriction) };
          for (const sort of ['relevance', 'newest', 'oldest', 'title', 'code'] as const) {
            for (const cap of [100, 1]) {
              const same = { ...f, sort };
              expect(await repo.countUpTo(same, restriction, cap)).toBe(Math.min(matches.length, cap + 1));
              expect(await repo.ids(same, restriction, { offset: 1, limit: 2 }, 100)).toEqual(expected[sort].slice(1, 3));
              expect(await repo.ids(same, restriction)).toEqual(expected[sort]);
            }
            const ranked2 = { ...f, sort };
            await repo.countUpTo(ranked2, restriction, 100);
            if (sort === 'relevance') {
              expect(await repo.ids(ranked2, restriction, undefined, 2)).toEqual(matches.filter((id) => newestTwo.includes(id)));
              // A count told the ranking's bound finds the newest candidates, past its cap too.
              expect(await repo.countUpTo(ranked2, restriction, 0, 2)).toBe(Math.min(matches.length, 1));
              expect(await repo.ids(ranked2, restriction, { offset: 1, limit: 1 }, 2)).toEqual(matches.filter((id) => newestTwo.includes(id)).slice(1, 2));
              // What it found is not all: a wider ranking, or one without a bound, reads again.
              await repo.countUpTo(ranked2, restriction, 0, 2);
              const newestThree = [...matches].sort((a, b) => b - a).slice(0, 3);
              expect(await repo.ids(ranked2, restriction, undefined, 3)).toEqual(matches.filter((id) => newestThree.includes(id)));
              await repo.countUpTo(ranked2, restriction, 0, 2);
              expect(await repo.ids(ranked2, restriction)).toEqual(matches);
            }
          }
          checked += matches.length;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('reads the recognised initiatives of a field from an index alone, on a database made by every migration at once', async () => {
    const sqlite = t.db.options.type === 'sqlite';
    const names = ((await t.db.query(sqlite ? `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'initiatives'` : `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'initiatives'`)) as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['IDX_initiatives_status_fieldId_updatedAt_id', 'IDX_initiatives_status_year_fieldId_updatedAt_id']));
    if (sqlite) {
      // The set each match of the words is checked against (see InitiativesRepository.filtered).
      const plan = ((await t.db.query(`EXPLAIN QUERY PLAN SELECT "i"."id" FROM "initiatives" "i" WHERE "i"."status" = 'recognized' AND "i"."fieldId" = 1`)) as { detail: string }[]).map((r) => r.detail).join(' ');
      expect(plan).toMatch(/USING COVERING INDEX IDX_initiatives_status_(year_)?fieldId_updatedAt_id/);
    }
  });

  it('finds nothing for a query with no words', async () => {
    expect(await repo.countUpTo({ q: ' " * ' }, { public: true }, 10)).toBe(0);
    expect(await repo.ids({ q: ' " * ' }, { public: true })).toEqual([]);
    expect(await repo.ids({ q: ' " * ', sort: 'newest' }, { everything: true })).toEqual([]);
  });
});
