import { DataSource, In } from 'typeorm';
import { InitiativeSearch, SearchScope } from '../src/database/search/initiative-search';
import { Initiative } from '../src/initiatives/initiative.entity';
import { InitiativeStatus } from '../src/initiatives/initiative-status';
import { ReadPool } from '../src/database/read-pool';
import { UnitOfWork } from '../src/database/unit-of-work';
import { PublicSearchIndex1766700000000 } from '../src/database/migrations/1766700000000-PublicSearchIndex';
import { SearchFacets1766800000000 } from '../src/database/migrations/1766800000000-SearchFacets';
import { InitiativesRepository, ListRestriction, ListWindow, ResolvedFilter } from '../src/initiatives/initiatives.repository';
import { InitiativesService } from '../src/initiatives/initiatives.service';
import { APP_HOOK_TIMEOUT, createTestApp, TEST_DATABASE_URL, TestApp } from './helpers/test-app';

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

  /**
   * Every match of the words in the index of a scope (the public catalogue's, or every
   * initiative's), joined as the search adapter does, by relevance (then newest first).
   */
  async function ranked(db: DataSource, q: string, scope: SearchScope): Promise<number[]> {
    const qb = db.getRepository(Initiative).createQueryBuilder('i').select('i.id', 'id');
    expect(t.app.get(InitiativeSearch).restrict(qb, 'i', q, true, undefined, scope)).toBe(true);
    qb.orderBy('fts.relevance', 'ASC').addOrderBy('i.id', 'DESC');
    return (await qb.getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
  }

  const passes = (row: Initiative, f: ResolvedFilter, r: ListRestriction) =>
    (!('public' in r) || row.status === InitiativeStatus.Recognized) && (!f.year || row.year === f.year) && (!f.fieldId || row.fieldId === f.fieldId) && (!f.status || row.status === f.status);
  const newestFirst = (a: Initiative, b: Initiative) => b.updatedAt.getTime() - a.updatedAt.getTime() || b.id - a.id;
  /** The ids a window of a list shows: a page past the end is the last one. */
  const pageOf = (ids: number[], count: number, w: ListWindow) => {
    const page = Math.min(w.page, Math.max(1, Math.ceil(Math.min(count, w.cap) / w.pageSize)));
    return ids.slice((page - 1) * w.pageSize, page * w.pageSize);
  };

  it('finds, counts and orders as the join does, for the catalogue and for everyone, with and without filters', async () => {
    const byId = new Map(rows.map((r) => [r.id, r]));
    const recognised = rows.filter((r) => r.status === InitiativeStatus.Recognized);
    const years = [...new Set(recognised.map((r) => r.year))];
    const fields = [...new Set(recognised.map((r) => r.fieldId))];
    const filters: ResolvedFilter[] = [{}, { year: years[0] }, { fieldId: fields[0] }, { year: years[0], fieldId: fields[0] }, { status: InitiativeStatus.Recognized }];
    let checked = 0;
    for (const q of ['dich vu cong', 'ho so', 'mot cua', 'ubnd xa', 'khongtontai']) {
      for (const restriction of [{ public: true }, { everything: true }] as ListRestriction[]) {
        const all = await ranked(t.db, q, 'public' in restriction ? 'public' : 'all');
        for (const filter of filters) {
          const matches = all.filter((id) => passes(byId.get(id) as Initiative, filter, restriction));
          const f = { ...filter, q };
          const every = async (g: ResolvedFilter, rankWithin?: number) => (await repo.list(g, restriction, undefined, rankWithin)).ids;
          // By relevance: every match, or the newest two of them, in the order of relevance.
          expect(await repo.list(f, restriction)).toEqual({ count: matches.length, ids: matches });
          const newestTwo = [...matches].sort((a, b) => b - a).slice(0, 2);
          expect(await every(f, 2)).toEqual(matches.filter((id) => newestTwo.includes(id)));
          // Newest and oldest first: by the time of the last change.
          const newest = matches.map((id) => byId.get(id) as Initiative).sort(newestFirst).map((r) => r.id);
          expect(await every({ ...f, sort: 'newest' })).toEqual(newest);
          expect(await every({ ...f, sort: 'oldest' })).toEqual([...newest].reverse());
          const title = await every({ ...f, sort: 'title' });
          expect(new Set(title)).toEqual(new Set(matches));
          // A page and its count, read together: the page is sorted from what the count
          // walked (every match, or the newest candidates of a ranking, past its cap too)
          // or read on its own, and is the same page either way.
          const expected = { relevance: matches, newest, oldest: [...newest].reverse(), title, code: await every({ ...f, sort: 'code' }) };
          for (const sort of ['relevance', 'newest', 'oldest', 'title', 'code'] as const) {
            for (const rankWithin of sort === 'relevance' ? [undefined, 100, 2] : [undefined]) {
              const order = rankWithin === 2 ? matches.filter((id) => newestTwo.includes(id)) : expected[sort];
              for (const cap of [100, 1]) {
                for (const page of [1, 2, 99]) {
                  const window = { page, pageSize: 2, cap };
                  const count = Math.min(matches.length, cap + 1);
                  expect(await repo.list({ ...f, sort }, restriction, window, rankWithin)).toEqual({ count, ids: pageOf(order, count, window) });
                }
              }
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
      // The recognised initiatives of a field, as the lists that keep the status clause read them
      // (see InitiativesRepository.filtered): from a covering index.
      const plan = ((await t.db.query(`EXPLAIN QUERY PLAN SELECT "i"."id" FROM "initiatives" "i" WHERE "i"."status" = 'recognized' AND "i"."fieldId" = 1`)) as { detail: string }[]).map((r) => r.detail).join(' ');
      expect(plan).toMatch(/USING COVERING INDEX IDX_initiatives_status_(year_)?fieldId_updatedAt_id/);
    }
  });

  it('builds, by its migration, the public catalogue’s index of the initiatives already recognised (and on SQLite the full index again with longer prefixes), undone and redone', async () => {
    const sqlite = t.db.options.type === 'sqlite';
    const ids = async (sql: string) => ((await t.db.query(sql)) as { id: number | string }[]).map((r) => Number(r.id));
    const recognised = await ids(`SELECT id FROM initiatives WHERE status = 'recognized' ORDER BY id`);
    const everyEntry = sqlite ? 'SELECT rowid AS id FROM initiatives_fts ORDER BY 1' : 'SELECT id FROM initiatives_search ORDER BY 1';
    const publicEntries = sqlite ? 'SELECT rowid AS id FROM initiatives_fts_public ORDER BY 1' : 'SELECT id FROM initiatives_search WHERE public ORDER BY 1';
    const indexed = await ids(everyEntry);
    const found = (await repo.list({ q: 'dich vu cong' }, { public: true })).ids;
    expect(recognised.length).toBeGreaterThan(1);
    expect(found.length).toBeGreaterThan(1);
    const runner = t.db.createQueryRunner();
    try {
      // Undone in the order they were made: the later migration's indexes are of the public entries.
      await new SearchFacets1766800000000().down(runner);
      await new PublicSearchIndex1766700000000().down(runner);
      await new PublicSearchIndex1766700000000().up(runner);
      await new SearchFacets1766800000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await ids(publicEntries)).toEqual(recognised);
    expect(await ids(everyEntry)).toEqual(indexed);
    expect((await repo.list({ q: 'dich vu cong' }, { public: true })).ids).toEqual(found);
    if (sqlite) {
      const tables = (await t.db.query(`SELECT sql FROM sqlite_master WHERE name IN ('initiatives_fts', 'initiatives_fts_public')`)) as { sql: string }[];
      expect(tables).toHaveLength(2);
      for (const { sql } of tables) expect(sql).toContain("prefix = '2 3 4 5 6'");
    }
  });

  /** PostgreSQL: each search entry's year and field beside its initiative's, where they differ. */
  const misfiled = async () =>
    ((await t.db.query(`SELECT s.id FROM initiatives_search s JOIN initiatives i ON i.id = s.id WHERE s.year <> i.year OR s."fieldId" <> i."fieldId"`)) as unknown[]).length;

  (TEST_DATABASE_URL ? it : it.skip)('files every search entry under its initiative’s year and field by its migration, undone and redone (PostgreSQL)', async () => {
    const entries = async () => (await t.db.query(`SELECT id, year, "fieldId" FROM initiatives_search ORDER BY id`)) as unknown[];
    const before = await entries();
    const runner = t.db.createQueryRunner();
    try {
      await new SearchFacets1766800000000().down(runner);
      await expect(t.db.query('SELECT year FROM initiatives_search LIMIT 1')).rejects.toThrow();
      await new SearchFacets1766800000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await entries()).toEqual(before);
    expect(before.length).toBe(rows.length);
    expect(await misfiled()).toBe(0);
    const indexes = ((await t.db.query(`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'initiatives_search'`)) as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['IDX_initiatives_search_public_year', 'IDX_initiatives_search_public_field', 'IDX_initiatives_search_public_year_field']));
  });

  (TEST_DATABASE_URL ? it : it.skip)('walks the public catalogue’s matches however the query reads best, with the same answers: a small catalogue whole, a broad word newest first, a rare one from the GIN index (PostgreSQL)', async () => {
    const byId = new Map(rows.map((r) => [r.id, r]));
    const recognised = rows.filter((r) => r.status === InitiativeStatus.Recognized);
    const year = recognised[0].year;
    const fieldId = recognised[0].fieldId;
    const reads = jest.spyOn(t.app.get(ReadPool), 'query');
    const saved = { ...InitiativeSearch.walkProbe };
    // How the walk is read, seen in the statement after the one that tells it: the entries
    // newest first (in a subquery bounded by nothing), or the GIN index's matches.
    const ways = {
      whole: { rows: 512, broadShare: 0.2, small: 3000 },
      yearOrFieldWhole: { rows: 2, broadShare: 2, small: 3000 },
      newestFirst: { rows: 2, broadShare: 0, small: -1 },
      gin: { rows: 2, broadShare: 2, small: -1 },
    };
    const walkOf = (settings: typeof InitiativeSearch.walkProbe, filter: ResolvedFilter) => {
      const size = recognised.filter((r) => passes(r, filter, { public: true })).length;
      if (size < settings.rows) return 'LIMIT 2147483647) "r"';
      const narrowed = Boolean(filter.year || filter.fieldId);
      return (narrowed && size <= settings.small) || settings.broadShare === 0 ? 'LIMIT 2147483647) "r"' : 's.document @@ to_tsquery';
    };
    const seen = new Set<string>();
    let checked = 0;
    try {
      for (const settings of Object.values(ways)) {
        InitiativeSearch.walkProbe = settings;
        for (const q of ['dich vu cong', 'ho so', 'mot cua', 'khongtontai']) {
          const all = await ranked(t.db, q, 'public');
          for (const filter of [{}, { year }, { fieldId }, { year, fieldId }] as ResolvedFilter[]) {
            const matches = all.filter((id) => passes(byId.get(id) as Initiative, filter, { public: true }));
            const newest = matches.map((id) => byId.get(id) as Initiative).sort(newestFirst).map((r) => r.id);
            for (const cap of [1000, 1]) {
              const window = { page: 1, pageSize: 2, cap };
              const count = Math.min(matches.length, cap + 1);
              reads.mockClear();
              expect(await repo.list({ ...filter, q }, { public: true }, window, 2000)).toEqual({ count, ids: pageOf(matches, count, window) });
              const [probe, read] = reads.mock.calls.map(([sql]) => sql);
              expect(probe).toContain('FILTER (WHERE');
              const walk = walkOf(settings, filter);
              expect(read).toContain(walk);
              if (!walk.includes('document')) expect(read).not.toContain('s.document @@ to_tsquery');
              seen.add(walk);
              // Newest first by the last change: counted by the walk.
              expect(await repo.list({ ...filter, q, sort: 'newest' }, { public: true }, window)).toEqual({ count, ids: pageOf(newest, count, window) });
            }
            // Every match, in order, from one page as large as the cap.
            expect(await repo.list({ ...filter, q }, { public: true }, { page: 1, pageSize: 1000, cap: 1000 }, 2000)).toEqual({ count: matches.length, ids: matches });
            // Ranked among its newest two.
            const newestTwo = [...matches].sort((a, b) => b - a).slice(0, 2);
            expect((await repo.list({ ...filter, q }, { public: true }, { page: 1, pageSize: 20, cap: 1000 }, 2)).ids).toEqual(matches.filter((id) => newestTwo.includes(id)));
            checked += matches.length;
          }
        }
      }
    } finally {
      InitiativeSearch.walkProbe = saved;
      reads.mockRestore();
    }
    expect(checked).toBeGreaterThan(20);
    // Every way was read.
    expect(seen).toEqual(new Set(['LIMIT 2147483647) "r"', 's.document @@ to_tsquery']));
  });

  (TEST_DATABASE_URL ? it : it.skip)('keeps a search entry filed under its initiative’s year and field when they change, and files it anew on start when they were written straight into the database (PostgreSQL)', async () => {
    const uow = t.app.get(UnitOfWork);
    const shown = rows.find((r) => r.status === InitiativeStatus.Recognized) as Initiative;
    const otherField = (rows.find((r) => r.fieldId !== shown.fieldId) as Initiative).fieldId;
    const found = async (filter: ResolvedFilter) => (await repo.list({ ...filter, q: shown.code as string }, { public: true }, { page: 1, pageSize: 20, cap: 1000 }, 2000)).ids;
    expect(await found({ year: shown.year, fieldId: shown.fieldId })).toContain(shown.id);
    try {
      await uow.run(() => repo.update(shown.id, { fieldId: otherField, year: 1999, updatedAt: shown.updatedAt }));
      expect(await misfiled()).toBe(0);
      expect(await found({ year: 1999, fieldId: otherField })).toContain(shown.id);
      expect(await found({ fieldId: shown.fieldId })).not.toContain(shown.id);
      // Written straight into the database: found under its old year until the next start.
      await t.db.query(`UPDATE initiatives SET year = 1998 WHERE id = ${shown.id}`);
      expect(await misfiled()).toBe(1);
      await t.app.get(InitiativesService).onApplicationBootstrap();
      expect(await misfiled()).toBe(0);
      expect(await found({ year: 1998 })).toContain(shown.id);
    } finally {
      await uow.run(() => repo.update(shown.id, { fieldId: shown.fieldId, year: shown.year, updatedAt: shown.updatedAt }));
    }
    expect(await misfiled()).toBe(0);
    expect(await found({ year: shown.year, fieldId: shown.fieldId })).toContain(shown.id);
  });

  it('brings the public catalogue’s index in step with statuses written straight into the database, as each start does', async () => {
    const sqlite = t.db.options.type === 'sqlite';
    const ids = async (sql: string) => ((await t.db.query(sql)) as { id: number | string }[]).map((r) => Number(r.id));
    const publicEntries = () => ids(sqlite ? 'SELECT rowid AS id FROM initiatives_fts_public ORDER BY 1' : 'SELECT id FROM initiatives_search WHERE public ORDER BY 1');
    const recognised = () => ids(`SELECT id FROM initiatives WHERE status = 'recognized' ORDER BY id`);
    const [draft] = await ids(`SELECT id FROM initiatives WHERE status = 'draft' ORDER BY id`);
    const [shown] = await recognised();
    const draftTitle = rows.find((r) => r.id === draft)?.title as string;
    expect(draftTitle).toBeTruthy();
    const start = () => t.app.get(InitiativesService).onApplicationBootstrap();
    try {
      await t.db.query(`UPDATE initiatives SET status = 'recognized' WHERE id = ${draft}`);
      await t.db.query(`UPDATE initiatives SET status = 'not_recognized' WHERE id = ${shown}`);
      expect(await publicEntries()).not.toEqual(await recognised());
      await start();
      expect(await publicEntries()).toEqual(await recognised());
      expect(await publicEntries()).toContain(draft);
      expect(await publicEntries()).not.toContain(shown);
      // With its words: the public catalogue finds it by its title.
      expect((await repo.list({ q: draftTitle }, { public: true })).ids).toContain(draft);
      await start();
      expect(await publicEntries()).toEqual(await recognised());
    } finally {
      await t.db.query(`UPDATE initiatives SET status = 'draft' WHERE id = ${draft}`);
      await t.db.query(`UPDATE initiatives SET status = 'recognized' WHERE id = ${shown}`);
      await start();
    }
    expect(await publicEntries()).toEqual(await recognised());
  });

  it('finds nothing for a query with no words', async () => {
    expect(await repo.list({ q: ' " * ' }, { public: true }, { page: 1, pageSize: 20, cap: 10 })).toEqual({ count: 0, ids: [] });
    expect(await repo.list({ q: ' " * ' }, { public: true })).toEqual({ count: 0, ids: [] });
    expect(await repo.list({ q: ' " * ', sort: 'newest' }, { everything: true })).toEqual({ count: 0, ids: [] });
  });

  it('counts and pages a search from one reading: a narrowed search, or the whole catalogue by relevance, is read once, its page sorted from the count’s walk, on both databases', async () => {
    const sqlite = t.db.options.type === 'sqlite';
    const q = 'dich vu cong';
    const recognised = new Map(rows.filter((r) => r.status === InitiativeStatus.Recognized).map((r) => [r.id, r]));
    const matches = await ranked(t.db, q, 'public');
    expect(matches.every((id) => recognised.has(id))).toBe(true);
    expect(matches.length).toBeGreaterThan(1);
    const year = (recognised.get(matches[0]) as Initiative).year;
    const ofYear = matches.filter((id) => recognised.get(id)?.year === year);
    const reads = jest.spyOn(t.app.get(ReadPool), 'query');
    // PostgreSQL first reads the newest entries of the catalogue to tell how to walk its
    // matches (see InitiativeSearch.pgWalk): one short statement more.
    const told = sqlite ? 0 : 1;
    const probed = () => reads.mock.calls.filter(([sql]) => sql.includes('FILTER (WHERE')).length;
    try {
      const window = { page: 1, pageSize: 20, cap: 1000 };
      // By relevance, ranked among the newest candidates (as the lists ask): the count's walk
      // scores them, and the page needs no second query.
      expect(await repo.list({ q, year }, { public: true }, window, 2000)).toEqual({ count: ofYear.length, ids: ofYear.slice(0, 20) });
      expect(reads).toHaveBeenCalledTimes(1 + told);
      expect(probed()).toBe(told);
      // The whole public catalogue by relevance likewise: one walk counts and ranks.
      reads.mockClear();
      expect(await repo.list({ q }, { public: true }, window, 2000)).toEqual({ count: matches.length, ids: matches.slice(0, 20) });
      expect(reads).toHaveBeenCalledTimes(1 + told);
      expect(probed()).toBe(told);
      // In another order, the page is read from the ids the count walked, not by walking again.
      reads.mockClear();
      const page = await repo.list({ q, year, sort: 'newest' }, { public: true }, window);
      expect(new Set(page.ids)).toEqual(new Set(ofYear));
      expect(page.count).toBe(ofYear.length);
      expect(reads).toHaveBeenCalledTimes(2 + told);
      if (sqlite) expect(reads.mock.calls[1][0]).toContain('json_each');
    } finally {
      reads.mockRestore();
    }
  });

  it('counts and pages a list without words in one statement (the count a subquery of the page’s), a page past the end read again as the last one', async () => {
    const recognised = rows.filter((r) => r.status === InitiativeStatus.Recognized).sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || b.id - a.id);
    expect(recognised.length).toBeGreaterThan(2);
    const reads = jest.spyOn(t.app.get(ReadPool), 'query');
    try {
      expect(await repo.list({}, { public: true }, { page: 1, pageSize: 2, cap: 1000 })).toEqual({ count: recognised.length, ids: recognised.slice(0, 2).map((r) => r.id) });
      expect(reads).toHaveBeenCalledTimes(1);
      // Past the cap: counted to the cap and one more, the page within it.
      reads.mockClear();
      expect(await repo.list({}, { public: true }, { page: 2, pageSize: 1, cap: 1 })).toEqual({ count: 2, ids: [recognised[0].id] });
      expect(reads).toHaveBeenCalledTimes(2);
      // Past the end: nothing read there, so counted, and the last page read.
      reads.mockClear();
      const last = Math.ceil(recognised.length / 2);
      expect(await repo.list({}, { public: true }, { page: 99, pageSize: 2, cap: 1000 })).toEqual({ count: recognised.length, ids: recognised.slice((last - 1) * 2, last * 2).map((r) => r.id) });
      expect(reads).toHaveBeenCalledTimes(3);
      // Nothing matches: no page, no count, one statement.
      reads.mockClear();
      expect(await repo.list({ year: 1990 }, { public: true }, { page: 1, pageSize: 2, cap: 1000 })).toEqual({ count: 0, ids: [] });
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('reads a list’s rows by hand as the query builder reads them: every column converted the same on both databases, names, authors in order, in the order asked', async () => {
    // An initiative without authors (a row of its own), and two authors at the same position of another (then by id).
    const [alone, pair] = rows.map((r) => r.id).sort((a, b) => a - b);
    await t.db.query('DELETE FROM "initiative_authors" WHERE "initiativeId" = ?', [alone]);
    for (const fullName of ['Tác giả B', 'Tác giả A']) await t.db.query('INSERT INTO "initiative_authors" ("initiativeId", "position", "fullName", "share") VALUES (?, ?, ?, ?)', [pair, 9, fullName, 10]);
    // The rows as TypeORM's query builder built them before (the reference).
    const reference = async (ids: number[]) => {
      const found = await t.db
        .getRepository(Initiative)
        .createQueryBuilder('i')
        .select(['id', 'code', 'title', 'unitId', 'fieldId', 'roundId', 'status', 'level', 'year', 'firstAppliedDate', 'submittedAt', 'createdAt', 'updatedAt'].map((c) => `i.${c}`))
        .leftJoin('i.unit', 'unit')
        .addSelect(['unit.id', 'unit.name'])
        .leftJoin('i.field', 'field')
        .addSelect(['field.id', 'field.name'])
        .leftJoin('i.round', 'round')
        .addSelect(['round.id', 'round.name', 'round.year'])
        .leftJoin('i.authors', 'author')
        .addSelect(['author.id', 'author.fullName', 'author.share', 'author.position'])
        .where('i.id IN (:...ids)', { ids })
        .getMany();
      const byId = new Map(found.map((r) => [r.id, r]));
      return ids.flatMap((id) => {
        const r = byId.get(id);
        r?.authors?.sort((a, b) => a.position - b.position || a.id - b.id);
        return r ? [r] : [];
      });
    };
    const ids = rows.map((r) => r.id).sort((a, b) => b - a);
    const read = await repo.shortRows(ids);
    expect(read).toEqual(await reference(ids));
    expect(read.map((r) => r.id)).toEqual(ids);
    // What the demo holds, so that every kind of value was compared: drafts without a round or
    // a date of submission, rounds, several authors, a first date of application.
    expect(read.some((r) => r.round === null && r.submittedAt === null)).toBe(true);
    expect(read.some((r) => r.round?.name && r.submittedAt instanceof Date)).toBe(true);
    expect(read.some((r) => (r.authors?.length ?? 0) > 1)).toBe(true);
    expect(read.some((r) => typeof r.firstAppliedDate === 'string')).toBe(true);
    expect(read.every((r) => r.createdAt instanceof Date && typeof r.unit?.name === 'string' && typeof r.field?.name === 'string')).toBe(true);
    for (const r of read) for (const [k, a] of (r.authors ?? []).entries()) if (k > 0) expect(a.position).toBeGreaterThanOrEqual((r.authors ?? [])[k - 1].position);
    // Any order asked, ids that are not there left out, none asked: none read.
    const some = [ids[3], ids[0], 999_999, ids[7]];
    expect((await repo.shortRows(some)).map((r) => r.id)).toEqual([ids[3], ids[0], ids[7]]);
    expect(await repo.shortRows(some)).toEqual(await reference(some));
    expect(await repo.shortRows([])).toEqual([]);
    expect(read.find((r) => r.id === alone)?.authors).toEqual([]);
    expect(read.find((r) => r.id === pair)?.authors?.slice(-2).map((a) => a.fullName)).toEqual(['Tác giả B', 'Tác giả A']);
    // Inside a transaction, through its connection (on PostgreSQL not prepared on another one):
    // an author added there and not yet committed is read; rolled back, it is gone.
    const undo = new Error('undo');
    await expect(
      t.app.get(UnitOfWork).run(async (m) => {
        await m.query(t.db.options.type === 'postgres' ? 'INSERT INTO "initiative_authors" ("initiativeId", "position", "fullName", "share") VALUES ($1, $2, $3, $4)' : 'INSERT INTO "initiative_authors" ("initiativeId", "position", "fullName", "share") VALUES (?, ?, ?, ?)', [alone, 0, 'Tác giả chưa lưu', 100]);
        expect((await repo.shortRows([alone]))[0].authors?.map((a) => a.fullName)).toEqual(['Tác giả chưa lưu']);
        throw undo;
      }),
    ).rejects.toBe(undo);
    expect(await repo.shortRows(ids)).toEqual(read);
    // By code, as the programmes read their initiatives: the same order and short columns as
    // the entities TypeORM found by code before (drafts without a code among them).
    const byCode = await t.db.getRepository(Initiative).find({ where: { id: In(ids) }, relations: { unit: true }, order: { code: 'ASC', id: 'ASC' } });
    const found = await repo.findMany(ids);
    expect(found.map((r) => r.id)).toEqual(byCode.map((r) => r.id));
    const short = (r: Initiative) => ({ id: r.id, code: r.code, title: r.title, status: r.status, year: r.year, unitId: r.unitId, unit: r.unit?.name, updatedAt: r.updatedAt });
    expect(found.map(short)).toEqual(byCode.map(short));
    expect(byCode.some((r) => r.code === null)).toBe(true);
    expect(await repo.findMany([])).toEqual([]);
  });
});
