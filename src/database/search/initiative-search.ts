import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { fold } from '../../common/text';
import { UnitOfWork } from '../unit-of-work';

/** The words of a text or query, folded (no diacritics, đ→d, lower case), as both databases see them. */
export function searchWords(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const isPostgres = (m: EntityManager) => m.connection.options.type === 'postgres';

/** What a search entry is filed under besides its words. */
export interface SearchFiling {
  /** Whether the public catalogue shows the initiative. */
  public: boolean;
  /** PostgreSQL: its year and field, which a search of the public catalogue filters on (see InitiativeSearch.pgWalk). */
  year: number;
  fieldId: number;
}

/** The year and field a search of the public catalogue is narrowed to, read from the search table itself (PostgreSQL). */
export interface SearchFacets {
  year?: number;
  fieldId?: number;
}

/** A subquery's LIMIT above any number of entries: it bounds nothing, but keeps the subquery whole. */
const ALL_ENTRIES = 2_147_483_647;

/** Which initiatives a search reads: every one, or those of the public catalogue. */
export type SearchScope = 'all' | 'public';

/** SQLite: the FTS5 table of a scope. */
const ftsTable = (scope: SearchScope) => (scope === 'public' ? 'initiatives_fts_public' : 'initiatives_fts');

/** How the matches of a query are read (see ftsMatches and pgMatches). */
export interface MatchOptions {
  /** Only those among the initiatives this query selects (as `id`). */
  among?: SelectQueryBuilder<ObjectLiteral>;
  /** Select each match's relevance as `relevance` (lower is better). */
  scored?: boolean;
  /** SQLite: ordered by relevance (then newest first) instead of newest first. */
  byRelevance?: boolean;
  scope?: SearchScope;
}

/**
 * Full-text search of initiatives, diacritic-insensitive, with the same results on both
 * databases: the text is folded here (FTS5 does not fold đ) and split into the same words.
 * - SQLite: an FTS5 table keyed by the initiative id (rowid), ranked by bm25.
 * - PostgreSQL: a table of folded words with a generated tsvector ('simple' dictionary:
 *   no stemming, as FTS5) and a GIN index, ranked by ts_rank.
 * Every word of a query must appear; the last one may be the start of a word (people stop
 * typing mid-word). Kept in step by the initiatives service within its own transactions.
 *
 * Two scopes: every initiative, and the public ones (those the public catalogue shows), so
 * that a search of the catalogue reads only its own matches instead of checking each match
 * of the whole index against the initiatives' statuses (SQLite: "Đức Hạnh" 35 → 7 ms,
 * "dịch vụ công" 46 → 10 ms at 100,000 initiatives). SQLite keeps the public ones in a
 * second FTS5 table (`initiatives_fts_public`, whose bm25 is computed among them);
 * PostgreSQL flags them (`public`) and indexes the flagged rows in a partial GIN index.
 */
@Injectable()
export class InitiativeSearch {
  /** Reads and writes in the current unit of work, as the repositories do. */
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * PostgreSQL: how pgWalk tells how to read a search's matches: how many of the newest
   * entries it reads, the share of them that must match for it to read entries newest first,
   * and how many entries a year or field may hold for them all to be read. Settings of the
   * process (the tests change them to read each way on a small catalogue).
   */
  static walkProbe = { rows: 512, broadShare: 0.2, small: 3000 };

  /** The words of a query, at most twelve; null when it has none. */
  static queryWords(query: string): string[] | null {
    const words = searchWords(query).slice(0, 12);
    return words.length ? words : null;
  }

  /** A query as an FTS5 expression ("cai" "cach"*). */
  static matchExpression(query: string): string | null {
    const words = InitiativeSearch.queryWords(query);
    return words && words.map((w, i) => (i === words.length - 1 ? `"${w}"*` : `"${w}"`)).join(' ');
  }

  /** A query as a PostgreSQL tsquery (cai & cach:*); the words are [a-z0-9] only. */
  static tsQuery(query: string): string | null {
    const words = InitiativeSearch.queryWords(query);
    return words && words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
  }

  /** The entry of an initiative: its text, and what it is filed under (see SearchFiling). */
  async index(id: number, text: string, filing: SearchFiling): Promise<void> {
    const m = this.uow.manager;
    const content = searchWords(text).join(' ');
    if (isPostgres(m)) {
      await m.query(
        `INSERT INTO "initiatives_search" ("id", "content", "public", "year", "fieldId") VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT ("id") DO UPDATE SET "content" = EXCLUDED."content", "public" = EXCLUDED."public", "year" = EXCLUDED."year", "fieldId" = EXCLUDED."fieldId"`,
        [id, content, filing.public, filing.year, filing.fieldId],
      );
      return;
    }
    for (const table of [ftsTable('all'), ftsTable('public')]) await m.query(`DELETE FROM "${table}" WHERE rowid = ?`, [id]);
    await m.query('INSERT INTO "initiatives_fts" (rowid, "content") VALUES (?, ?)', [id, content]);
    if (filing.public) await m.query('INSERT INTO "initiatives_fts_public" (rowid, "content") VALUES (?, ?)', [id, content]);
  }

  /**
   * The entry of an initiative filed anew, its text as indexed: whether the public catalogue
   * shows it (its status changed), its year, its field (PostgreSQL); what is not given stays.
   */
  async refile(id: number, filing: Partial<SearchFiling>): Promise<void> {
    const m = this.uow.manager;
    if (isPostgres(m)) {
      const set = (['public', 'year', 'fieldId'] as const).filter((k) => filing[k] !== undefined);
      if (set.length === 0) return;
      const values = set.map((k) => filing[k]);
      await m.query(
        `UPDATE "initiatives_search" SET ${set.map((k, i) => `"${k}" = $${i + 2}`).join(', ')} WHERE "id" = $1 AND (${set.map((k, i) => `"${k}" <> $${i + 2}`).join(' OR ')})`,
        [id, ...values],
      );
      return;
    }
    if (filing.public === undefined) return;
    await m.query('DELETE FROM "initiatives_fts_public" WHERE rowid = ?', [id]);
    if (filing.public) await m.query('INSERT INTO "initiatives_fts_public" (rowid, "content") SELECT rowid, "content" FROM "initiatives_fts" WHERE rowid = ?', [id]);
  }

  /**
   * The public scope made to hold exactly the initiatives `shown` selects (a query of their
   * ids), with their indexed words, and (PostgreSQL) every entry filed under its initiative's
   * year and field: for a status, year or field written straight into the database, not
   * through the application. How many entries were put in or taken out of the public scope,
   * and how many were filed anew under their year and field.
   */
  async reconcile(shown: SelectQueryBuilder<ObjectLiteral>): Promise<{ published: number; refiled: number }> {
    const m = this.uow.manager;
    const [sql, params] = shown.getQueryAndParameters();
    if (isPostgres(m)) {
      const n = params.length;
      const ids = sql.replace(/\$(\d+)/g, (_, k: string) => `$${Number(k) + n}`);
      // TypeORM hands an UPDATE … RETURNING back as [rows, count].
      const changed = (rows: [unknown[], number] | unknown[]) => (Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length);
      const published = changed(await m.query(`UPDATE "initiatives_search" SET "public" = ("id" IN (${sql})) WHERE "public" <> ("id" IN (${ids})) RETURNING "id"`, [...params, ...params]));
      const refiled = changed(
        await m.query(
          `UPDATE "initiatives_search" "s" SET "year" = "i"."year", "fieldId" = "i"."fieldId" FROM "initiatives" "i"
             WHERE "i"."id" = "s"."id" AND ("s"."year" <> "i"."year" OR "s"."fieldId" <> "i"."fieldId") RETURNING "s"."id"`,
        ),
      );
      return { published, refiled };
    }
    const count = async () => Number(((await m.query('SELECT changes() AS "n"')) as { n: number }[])[0].n);
    await m.query(`DELETE FROM "initiatives_fts_public" WHERE rowid NOT IN (${sql})`, params);
    const removed = await count();
    await m.query(
      `INSERT INTO "initiatives_fts_public" (rowid, "content")
         SELECT rowid, "content" FROM "initiatives_fts" WHERE rowid IN (${sql}) AND rowid NOT IN (SELECT rowid FROM "initiatives_fts_public")`,
      params,
    );
    return { published: removed + (await count()), refiled: 0 };
  }

  async remove(id: number): Promise<void> {
    const m = this.uow.manager;
    if (isPostgres(m)) await m.query('DELETE FROM "initiatives_search" WHERE "id" = $1', [id]);
    else for (const table of [ftsTable('all'), ftsTable('public')]) await m.query(`DELETE FROM "${table}" WHERE rowid = ?`, [id]);
  }

  /**
   * Narrows a query of initiatives (alias `alias`) to those of `scope` matching the words;
   * with `ranked`, also selects their relevance as `fts.relevance` (lower is better; costs a
   * score per match, so counts go without). `within` (a query selecting initiative ids)
   * bounds the matches that are scored: a broad search scores a few thousand candidates
   * instead of every match. False when the query has no words.
   */
  restrict<T extends object>(qb: SelectQueryBuilder<T>, alias: string, query: string, ranked = true, within?: SelectQueryBuilder<ObjectLiteral>, scope: SearchScope = 'all'): boolean {
    if (qb.connection.options.type === 'postgres') {
      const tsq = InitiativeSearch.tsQuery(query);
      if (!tsq) return false;
      qb.innerJoin(
        (sub) => {
          sub.select('s.id', 'id').from('initiatives_search', 's').where(`s.document @@ to_tsquery('simple', :tsq)`, { tsq });
          if (scope === 'public') sub.andWhere('s.public');
          if (within) sub.andWhere(`s.id IN (${within.getQuery()})`);
          return ranked ? sub.addSelect(`-ts_rank(s.document, to_tsquery('simple', :tsq))`, 'relevance') : sub;
        },
        'fts',
        `fts.id = ${alias}.id`,
      );
      if (within) qb.setParameters(within.getParameters());
      return true;
    }
    const match = InitiativeSearch.matchExpression(query);
    if (!match) return false;
    const table = ftsTable(scope);
    qb.innerJoin(
      (sub) => {
        sub.select('rowid', 'id').from(table, table).where(`"${table}" MATCH :match`, { match });
        // `+rowid`, not `rowid`: a bare rowid IN (…) is handed to FTS5, which then runs
        // the whole MATCH once per candidate (2,000 × a broad query: 20 s on 100,000
        // initiatives); as an expression it is checked on each match of one MATCH (0.1 s).
        if (within) sub.andWhere(`+rowid IN (${within.getQuery()})`);
        return ranked ? sub.addSelect(`bm25("${table}")`, 'relevance') : sub;
      },
      'fts',
      `fts.id = ${alias}.id`,
    );
    if (within) qb.setParameters(within.getParameters());
    return true;
  }

  /**
   * SQLite: the matches read from the FTS5 index of the scope alone, newest first (FTS5 reads
   * its matches in rowid order and stops at a limit), as `id`; with `among` (a query
   * selecting initiative ids), only those among them. The ids of `among` are read once into
   * a set that each match is checked against (`+rowid`: see restrict), so no initiative is
   * looked up per match: a search narrowed to a few hundred initiatives of one year and field
   * walks its 98,000 matches in 10 ms instead of 110 ms. `scored`: with their bm25 as
   * `relevance`; `byRelevance`: ordered by it (then newest first). Null when the query has no words.
   */
  ftsMatches(query: string, o: MatchOptions = {}): SelectQueryBuilder<ObjectLiteral> | null {
    const manager = this.uow.manager;
    const match = InitiativeSearch.matchExpression(query);
    if (!match) return null;
    const table = ftsTable(o.scope ?? 'all');
    const qb = manager.createQueryBuilder().select('rowid', 'id').from(table, table).where(`"${table}" MATCH :match`, { match });
    if (o.among) qb.andWhere(`+rowid IN (${o.among.getQuery()})`).setParameters(o.among.getParameters());
    if (o.scored || o.byRelevance) qb.addSelect(`bm25("${table}")`, 'relevance');
    if (o.byRelevance) qb.orderBy(`bm25("${table}")`, 'ASC').addOrderBy('rowid', 'DESC');
    else qb.orderBy('rowid', 'DESC');
    return qb;
  }

  /**
   * PostgreSQL: the matches of the scope read from the search table, newest first, as `id`
   * (`scored`: with their `relevance`, lower is better, as bm25): one scan of the GIN index
   * (for the public scope, the partial index of the public rows), each match checked against
   * the initiatives of `among` (a query selecting initiative ids). Counting and ranking a
   * search both come from this one walk (see InitiativesRepository.rankedPage) instead of two
   * scans of the index joined to the initiatives. Null when the query has no words.
   */
  pgMatches(query: string, o: MatchOptions = {}): SelectQueryBuilder<ObjectLiteral> | null {
    const manager = this.uow.manager;
    const tsq = InitiativeSearch.tsQuery(query);
    if (!tsq) return null;
    const qb = manager.createQueryBuilder().select('s.id', 'id').from('initiatives_search', 's').where(`s.document @@ to_tsquery('simple', :tsq)`, { tsq });
    if (o.scope === 'public') qb.andWhere('s.public');
    if (o.scored) qb.addSelect(`-ts_rank(s.document, to_tsquery('simple', :tsq))`, 'relevance');
    if (o.among) qb.andWhere(`s.id IN (${o.among.getQuery()})`).setParameters(o.among.getParameters());
    return qb.orderBy('s.id', 'DESC');
  }

  /**
   * PostgreSQL: the matches of the public catalogue in a year, a field, both or neither (read
   * from the search table itself, see SearchFacets), newest first, as `id` (`scored`: with
   * their `relevance`, as pgMatches). How they are read depends on the catalogue so narrowed
   * and on the query, told by one short statement run by `read`: how many entries the year or
   * field holds (counted from its index up to `walkProbe.small` + 1), and how many of its
   * newest `walkProbe.rows` entries match.
   * - A year or field of at most `walkProbe.small` entries, or one whose newest entries are
   *   all read: its entries newest first, each matched (the planner, left to itself, may
   *   intersect each word's list in the GIN index, which holds the whole catalogue and grows
   *   with it).
   * - At least `walkProbe.broadShare` of the newest entries match (a broad word): entries
   *   newest first until the caller's limit, a few thousand whatever the catalogue's size.
   * - Fewer match (a rare word in a large catalogue): the GIN index's matches, then sorted (a
   *   walk newest first would read most of the catalogue to find them).
   * The same matches in the same order whichever way. Null when the query has no words.
   */
  async pgWalk(query: string, facets: SearchFacets, scored: boolean, read: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>): Promise<SelectQueryBuilder<ObjectLiteral> | null> {
    const tsq = InitiativeSearch.tsQuery(query);
    if (!tsq) return null;
    const m = this.uow.manager;
    const probe = InitiativeSearch.walkProbe;
    const narrowed = facets.year !== undefined || facets.fieldId !== undefined;
    const filed = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias = 's') => {
      qb.where(`${alias}.public`);
      if (facets.year !== undefined) qb.andWhere(`${alias}.year = :year`, { year: facets.year });
      if (facets.fieldId !== undefined) qb.andWhere(`${alias}."fieldId" = :fieldId`, { fieldId: facets.fieldId });
      return qb;
    };
    // The newest entries, in the order of an index (the subquery's LIMIT keeps the planner
    // from merging it into the match: it would then choose the GIN index).
    const newest = (limit: number) => (sub: SelectQueryBuilder<ObjectLiteral>) => filed(sub.select('s.id', 'id').addSelect('s.document', 'document').from('initiatives_search', 's')).orderBy('s.id', 'DESC').limit(limit);
    const matched = `r.document @@ to_tsquery('simple', :tsq)`;
    const told = m.createQueryBuilder().select('COUNT(*)', 'n').addSelect(`COUNT(*) FILTER (WHERE ${matched})`, 'hits').from(newest(probe.rows), 'r').setParameter('tsq', tsq);
    // A year's or field's entries counted from its index (the whole catalogue is not: its
    // count would read the table). Its :year and :fieldId are those the walk's subquery set.
    if (narrowed) told.addSelect(`(SELECT COUNT(*) FROM (${filed(m.createQueryBuilder().select('1').from('initiatives_search', 'e'), 'e').limit(probe.small + 1).getQuery()}) "c")`, 'size');
    const [sql, params] = told.getQueryAndParameters();
    const [found] = await read(sql, params);
    const n = Number(found.n);
    const whole = n < probe.rows || (narrowed && Number(found.size) <= probe.small);
    if (whole || Number(found.hits) >= n * probe.broadShare) {
      // Unbounded even when the probe read them all: entries committed since are read too.
      const qb = m.createQueryBuilder().select('r.id', 'id').from(newest(ALL_ENTRIES), 'r').where(matched, { tsq });
      if (scored) qb.addSelect(`-ts_rank(r.document, to_tsquery('simple', :tsq))`, 'relevance');
      return qb.orderBy('r.id', 'DESC');
    }
    const qb = filed(m.createQueryBuilder().select('s.id', 'id').from('initiatives_search', 's')).andWhere(`s.document @@ to_tsquery('simple', :tsq)`, { tsq });
    if (scored) qb.addSelect(`-ts_rank(s.document, to_tsquery('simple', :tsq))`, 'relevance');
    return qb.orderBy('s.id', 'DESC');
  }

  /**
   * SQLite: narrows a query of initiatives (alias `alias`) to those of the scope matching the
   * words, checked on each initiative the query reads (in the order of its own index) against
   * the set of matches, read once: a list in the order of an index (the newest first) stops
   * after a page instead of sorting every match. False when the query has no words.
   */
  matchedBy<T extends object>(qb: SelectQueryBuilder<T>, alias: string, query: string, scope: SearchScope = 'all'): boolean {
    const match = InitiativeSearch.matchExpression(query);
    if (!match) return false;
    const table = ftsTable(scope);
    qb.andWhere(`+"${alias}"."id" IN (SELECT rowid FROM "${table}" WHERE "${table}" MATCH :match)`, { match });
    return true;
  }
  /**
   * The novelty check's candidates: ids of the initiatives whose indexed (folded) text holds
   * these words one after the other (a phrase: "buu chinh"), at most `limit`. The words are
   * folded syllables ([a-z0-9]). The same set on both databases (FTS5 phrase, PostgreSQL
   * `<->`): with `newestFirst` the newest `limit` of them, else any `limit` of them (enough
   * to tell a phrase too common to narrow anything).
   */
  async phraseIds(words: string[], limit: number, newestFirst = false): Promise<number[]> {
    const manager = this.uow.manager;
    const clean = words.filter((w) => /^[a-z0-9]+$/.test(w));
    if (!clean.length) return [];
    const order = newestFirst ? 'ORDER BY 1 DESC ' : '';
    const rows: { id: number | string }[] = isPostgres(manager)
      ? await manager.query(`SELECT s."id" AS "id" FROM "initiatives_search" s WHERE s."document" @@ to_tsquery('simple', $1) ${order}LIMIT ${Math.floor(limit)}`, [clean.join(' <-> ')])
      : await manager.query(`SELECT rowid AS "id" FROM "initiatives_fts" WHERE "initiatives_fts" MATCH ? ${order}LIMIT ${Math.floor(limit)}`, [`"${clean.join(' ')}"`]);
    return rows.map((r) => Number(r.id));
  }
  /**
   * The novelty check's candidates, in one statement: for each word (folded, [a-z0-9]), the
   * ids of the initiatives whose indexed text holds it when they are fewer than `limit`;
   * none for a word found `limit` times or more (too common to narrow anything). A single word's frequency is
   * estimated well by both planners, so each look-up reads the index (or stops early on a
   * common word); the same sets on both databases.
   */
  async wordIds(words: string[], limit: number): Promise<Map<string, number[]>> {
    const manager = this.uow.manager;
    const clean = [...new Set(words.filter((w) => /^[a-z0-9]+$/.test(w)))];
    const out = new Map<string, number[]>(clean.map((w) => [w, []]));
    if (!clean.length) return out;
    const pg = isPostgres(manager);
    const n = Math.floor(limit);
    const sql = clean
      .map((_, k) =>
        pg
          ? `SELECT ${k} AS "k", q${k}."id" FROM (SELECT s."id" FROM "initiatives_search" s WHERE s."document" @@ to_tsquery('simple', $${k + 1}) LIMIT ${n}) q${k}`
          : `SELECT ${k} AS "k", q${k}."id" FROM (SELECT rowid AS "id" FROM "initiatives_fts" WHERE "initiatives_fts" MATCH ? LIMIT ${n}) q${k}`,
      )
      .join(' UNION ALL ');
    // Only the ids of the words found at most `limit - 1` times leave the database.
    const rare = `SELECT "k", "id" FROM (SELECT "k", "id", COUNT(*) OVER (PARTITION BY "k") AS "c" FROM (${sql}) "u") "w" WHERE "c" < ${n}`;
    const rows: { k: number | string; id: number | string }[] = await manager.query(rare, pg ? clean : clean.map((w) => `"${w}"`));
    for (const r of rows) out.get(clean[Number(r.k)])?.push(Number(r.id));
    return out;
  }
}
