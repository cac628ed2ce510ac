import { Injectable } from '@nestjs/common';
import { Brackets, In, IsNull, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { rawQuery } from '../database/raw-query';
import { ReadPool } from '../database/read-pool';
import { InitiativeSearch, SearchScope } from '../database/search/initiative-search';
import { UnitOfWork } from '../database/unit-of-work';
import { InitiativeAuthor } from './initiative-author.entity';
import { InitiativeIndicator } from './initiative-indicator.entity';
import { InitiativeRevision } from './initiative-revision.entity';
import { formatInitiativeCode } from './initiative-rules';
import { InitiativeStatus, isPublicStatus, RecognitionLevel } from './initiative-status';
import { InitiativeTransition } from './initiative-transition.entity';
import { Initiative } from './initiative.entity';
import { EntityNotFound } from '../common/exceptions';
import { findByKey } from '../database/find-by-key';
import { EntityColumns, RowReader } from '../database/raw-rows';
import { Field } from '../fields/field.entity';
import { Round } from '../rounds/round.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';

export type InitiativeSort = 'relevance' | 'newest' | 'oldest' | 'title' | 'code';

export interface InitiativeFilter {
  q?: string;
  year?: number;
  roundId?: number;
  unitId?: number;
  fieldId?: number;
  status?: InitiativeStatus;
  level?: RecognitionLevel;
  sort?: InitiativeSort;
}

/**
 * Which initiatives a list may hold: the public catalogue's (recognised), everything (the
 * district), or what a signed-in user may see (the rule of canView, in SQL).
 */
export type ListRestriction = { public: true } | { everything: true } | { userId: number; scope: number[]; focal: boolean; council: boolean };

/** The columns of a list's rows (shortRows): never the long texts. */
const SHORT_COLUMNS = ['id', 'code', 'title', 'unitId', 'fieldId', 'roundId', 'status', 'level', 'year', 'firstAppliedDate', 'submittedAt', 'createdAt', 'updatedAt'] as const;

/** The statements of InitiativesRepository.load and the readers of their rows. */
interface LoadedReaders {
  initiative: string;
  authors: string;
  indicators: string;
  read: {
    initiative: EntityColumns<Initiative>['read'];
    unit: EntityColumns<Unit>['read'];
    field: EntityColumns<Field>['read'];
    round: EntityColumns<Round>['read'];
    organiser: EntityColumns<Unit>['read'];
    creator: EntityColumns<User>['read'];
    author: EntityColumns<InitiativeAuthor>['read'];
    authorUser: EntityColumns<User>['read'];
    indicator: EntityColumns<InitiativeIndicator>['read'];
  };
}

interface ShortReaders {
  initiative: RowReader<Initiative>;
  unit: RowReader<Unit>;
  field: RowReader<Field>;
  round: RowReader<Round>;
  author: RowReader<InitiativeAuthor>;
}

/** The search index a list reads: the public catalogue's holds only what it shows. */
const scopeOf = (r: ListRestriction): SearchScope => ('public' in r ? 'public' : 'all');

/** Whether a filter narrows a list besides its words and its restriction. */
const isNarrowed = (f: ResolvedFilter) => Boolean(f.year || f.roundId || f.fieldId || f.status || f.level || f.unitIds);

/** A filter with the units it covers already resolved (a unit and its sub-units). */
export type ResolvedFilter = InitiativeFilter & { unitIds?: number[] };

/** A page of a list (numbered from 1), and how far its matches are counted. */
export interface ListWindow {
  page: number;
  pageSize: number;
  cap: number;
}

/**
 * What a list holds, from one reading: how many initiatives match (with a window, up to
 * its `cap` + 1) and the ids of its page (without a window, every matching id).
 */
export interface ListMatches {
  count: number;
  ids: number[];
}

/**
 * Every query on the initiatives' tables: `initiatives`, `initiative_authors`,
 * `initiative_indicators`, `initiative_transitions`, `initiative_revisions`,
 * `code_counters`, and their search index. Inside the current unit of work when there is one.
 */
@Injectable()
export class InitiativesRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly search: InitiativeSearch,
    private readonly reads: ReadPool,
  ) {}

  private get initiatives() {
    return this.uow.repository(Initiative);
  }

  /** Locks these initiatives' rows until the current transaction ends (see UnitOfWork.lockRows). */
  lockForUpdate(ids: number[]): Promise<void> {
    return this.uow.lockRows(Initiative, ids);
  }

  /**
   * The initiative with what its pages show: unit, field, round and its organiser, creator
   * (one statement), and beside it its authors with their accounts and its indicators, each
   * in their order; EntityNotFound (404) if there is none. Joined in one statement, every
   * author × indicator pair would be a row repeating the initiative's long texts (three
   * authors and five indicators: fifteen). Hand-written (see loadedReaders): every page and
   * form of an initiative reads it.
   */
  async load(id: number): Promise<Initiative> {
    const r = this.loadedReaders();
    // Each through its own `uow.manager`: outside a transaction, SQLite's read-only connections take them in turn.
    const read = (sql: string) => rawQuery<Record<string, unknown>>(this.uow.manager, sql, { id }, { prepare: true });
    const [[row], authorRows, indicatorRows] = await Promise.all([
      read(`${r.initiative} WHERE i."id" = :id`),
      read(`${r.authors} WHERE a."initiativeId" = :id ORDER BY a."position" ASC, a."id" ASC`),
      read(`${r.indicators} WHERE x."initiativeId" = :id ORDER BY x."position" ASC, x."id" ASC`),
    ]);
    const initiative = row ? r.read.initiative(row) : null;
    if (!initiative) throw new EntityNotFound('initiative', id);
    // As TypeORM joins them: every initiative has its unit, field and creator (foreign keys); no round, null.
    initiative.unit = r.read.unit(row) as Unit;
    initiative.field = r.read.field(row) as Field;
    initiative.createdBy = r.read.creator(row) as User;
    initiative.round = r.read.round(row);
    if (initiative.round) initiative.round.organisingUnit = r.read.organiser(row);
    initiative.authors = authorRows.map((a) => {
      const author = r.read.author(a) as InitiativeAuthor;
      author.user = r.read.authorUser(a);
      return author;
    });
    initiative.indicators = indicatorRows.map((x) => r.read.indicator(x) as InitiativeIndicator);
    return initiative;
  }

  private loadedRowReaders?: LoadedReaders;

  /** The statements of `load` (without their WHERE) and the readers of their rows, made once. */
  private loadedReaders(): LoadedReaders {
    if (this.loadedRowReaders) return this.loadedRowReaders;
    const c = {
      initiative: this.uow.entityColumns(Initiative, 'i', ''),
      unit: this.uow.entityColumns(Unit, 'u', 'unit_'),
      field: this.uow.entityColumns(Field, 'f', 'field_'),
      round: this.uow.entityColumns(Round, 'r', 'round_'),
      organiser: this.uow.entityColumns(Unit, 'ou', 'organiser_'),
      creator: this.uow.entityColumns(User, 'cb', 'creator_'),
      author: this.uow.entityColumns(InitiativeAuthor, 'a', ''),
      authorUser: this.uow.entityColumns(User, 'au', 'user_'),
      indicator: this.uow.entityColumns(InitiativeIndicator, 'x', ''),
    };
    return (this.loadedRowReaders = {
      initiative: [
        `SELECT ${[c.initiative, c.unit, c.field, c.round, c.organiser, c.creator].map((x) => x.select).join(', ')}`,
        'FROM "initiatives" i LEFT JOIN "units" u ON u."id" = i."unitId" LEFT JOIN "fields" f ON f."id" = i."fieldId"',
        'LEFT JOIN "rounds" r ON r."id" = i."roundId" LEFT JOIN "units" ou ON ou."id" = r."organisingUnitId" LEFT JOIN "users" cb ON cb."id" = i."createdById"',
      ].join(' '),
      authors: `SELECT ${c.author.select}, ${c.authorUser.select} FROM "initiative_authors" a LEFT JOIN "users" au ON au."id" = a."userId"`,
      indicators: `SELECT ${c.indicator.select} FROM "initiative_indicators" x`,
      read: Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.read])) as LoadedReaders['read'],
    });
  }

  /** The row alone (status checks inside a transition); EntityNotFound (404) if there is none. */
  async plainOrFail(id: number): Promise<Initiative> {
    const initiative = await this.initiatives.findOne({ where: { id } });
    if (!initiative) throw new EntityNotFound('initiative', id);
    return initiative;
  }

  withAuthors(id: number): Promise<Initiative | null> {
    return findByKey(this.initiatives, { id }, { authors: true });
  }

  private historyColumns?: { transition: EntityColumns<InitiativeTransition>; revision: EntityColumns<InitiativeRevision> };

  /** Its steps, oldest first, and its revisions, newest first. Hand-written (see load): its page reads them on every view. */
  async history(id: number): Promise<{ transitions: InitiativeTransition[]; revisions: InitiativeRevision[] }> {
    const c = (this.historyColumns ??= { transition: this.uow.entityColumns(InitiativeTransition, 't', ''), revision: this.uow.entityColumns(InitiativeRevision, 'v', '') });
    const read = (sql: string) => rawQuery<Record<string, unknown>>(this.uow.manager, sql, { id }, { prepare: true });
    const [transitions, revisions] = await Promise.all([
      read(`SELECT ${c.transition.select} FROM "initiative_transitions" t WHERE t."initiativeId" = :id ORDER BY t."at" ASC, t."id" ASC`),
      read(`SELECT ${c.revision.select} FROM "initiative_revisions" v WHERE v."initiativeId" = :id ORDER BY v."number" DESC`),
    ]);
    return { transitions: transitions.map((r) => c.transition.read(r) as InitiativeTransition), revisions: revisions.map((r) => c.revision.read(r) as InitiativeRevision) };
  }

  recognised(): Promise<Initiative[]> {
    return this.initiatives.find({ where: { status: InitiativeStatus.Recognized }, relations: { unit: true }, order: { year: 'DESC', code: 'ASC' } });
  }

  /** The initiatives this person is an author of (with their units and authors), in any status, oldest year first. */
  authoredBy(userId: number): Promise<Initiative[]> {
    return this.initiatives
      .createQueryBuilder('i')
      .leftJoinAndSelect('i.unit', 'unit')
      .leftJoinAndSelect('i.authors', 'author')
      .where('i.id IN (SELECT a."initiativeId" FROM "initiative_authors" a WHERE a."userId" = :userId)', { userId })
      .orderBy('i.year', 'ASC')
      .addOrderBy('i.code', 'ASC')
      .addOrderBy('author.position', 'ASC')
      .getMany();
  }

  /** The initiative with this code (as codes are written: SK-2022-0001), if any. */
  byCode(code: string): Promise<Initiative | null> {
    return this.initiatives.findOne({ where: { code } });
  }

  /** These initiatives by code, their short columns (as shortRows: a programme's matrix, its exports and forms need no more). */
  findMany(ids: number[]): Promise<Initiative[]> {
    return this.readShortRows(ids, true);
  }

  inRound(roundId: number, statuses?: InitiativeStatus[]): Promise<Initiative[]> {
    return this.initiatives.find({ where: { roundId, ...(statuses ? { status: In(statuses) } : {}) }, relations: { unit: true, authors: true }, order: { code: 'ASC' } });
  }

  /** How many initiatives a round holds, whatever their status. */
  countInRound(roundId: number): Promise<number> {
    return this.initiatives.count({ where: { roundId } });
  }

  /**
   * The years that initiatives are of, newest first: one step down the year index per year
   * (a handful of reads), not a scan of every initiative as SELECT DISTINCT would be on
   * PostgreSQL (80 ms at 100,000 initiatives, on every list page not in memory).
   */
  async years(): Promise<number[]> {
    const rows = await this.reads.query<{ year: number | string }>(
      `WITH RECURSIVE "y"("year") AS (
         SELECT MAX("year") FROM "initiatives"
         UNION ALL
         SELECT (SELECT MAX("i"."year") FROM "initiatives" "i" WHERE "i"."year" < "y"."year") FROM "y" WHERE "y"."year" IS NOT NULL
       )
       SELECT "year" FROM "y" WHERE "year" IS NOT NULL`,
      [],
    );
    return rows.map((r) => Number(r.year));
  }

  /**
   * Submitted initiatives without a round ("chưa có đợt xét"), oldest submission first.
   * Records entered from the paper files are of a past year: they never wait for a round.
   */
  awaitingRound(): Promise<Initiative[]> {
    return this.initiatives.find({
      where: { status: InitiativeStatus.Submitted, roundId: IsNull(), paperRecord: false },
      relations: { unit: true, field: true },
      order: { submittedAt: 'ASC', id: 'ASC' },
    });
  }

  /** The first submission (draft → submitted) of each of these initiatives: its note says why it waits for a round. */
  async firstSubmissions(ids: number[]): Promise<Map<number, InitiativeTransition>> {
    if (ids.length === 0) return new Map();
    const rows = await this.uow
      .repository(InitiativeTransition)
      .find({ where: { initiativeId: In(ids), fromStatus: InitiativeStatus.Draft, toStatus: InitiativeStatus.Submitted }, order: { at: 'ASC', id: 'ASC' } });
    const first = new Map<number, InitiativeTransition>();
    for (const t of rows) if (!first.has(t.initiativeId)) first.set(t.initiativeId, t);
    return first;
  }

  awaitingDecision(): Promise<Initiative[]> {
    return this.initiatives.find({ where: { status: In([InitiativeStatus.Submitted, InitiativeStatus.UnderReview]) }, relations: { round: true, unit: true } });
  }

  // ---- lists ----------------------------------------------------------------------

  /**
   * What a list holds, read once: with a window, how many initiatives match, counted up to
   * `cap` + 1 (a broad search need not be counted to the last one), and the ids of the
   * window's page (a page past the end is the last one); without, every matching id (for
   * exports). A search by relevance whose matches are walked is counted and ranked in one
   * reading (see rankedPage); another page is taken from what the count walked when it can
   * be (see countUpTo). With `rankWithin`, a search by relevance ranks only its newest
   * `rankWithin` matches.
   * Read through the read pool (beside the SQLite connection that writes).
   */
  async list(filter: ResolvedFilter, restriction: ListRestriction, window?: ListWindow, rankWithin?: number): Promise<ListMatches> {
    if (!window) {
      const ids = await this.ids(filter, restriction, undefined, rankWithin);
      return { count: ids.length, ids };
    }
    // Page and count from one statement when they can be.
    const together = (await this.rankedPage(filter, restriction, window, rankWithin)) ?? (await this.countedPage(filter, restriction, window));
    if (together) return together;
    const { count, walked } = await this.countUpTo(filter, restriction, window.cap);
    const page = lastPageAtMost(window, count);
    const ids = await this.ids(filter, restriction, { offset: (page - 1) * window.pageSize, limit: window.pageSize }, rankWithin, walked);
    return { count, ids };
  }

  /**
   * A search by relevance ranked among its newest `rankWithin` matches, when its matches are
   * walked (see walksMatches): the count and the page from one walk, ranked by the database
   * (bm25 or ts_rank, then newest first), so that only the page's ids come back. Handing
   * back every walked match to rank them here made each into an object on the main thread
   * (2.5 ms for the 2,000 of a broad search; a fifth of the main thread's time over
   * never-seen broad searches). A page past the last one is read again as the last one.
   * Null when the matches are not walked.
   */
  private async rankedPage(filter: ResolvedFilter, restriction: ListRestriction, window: ListWindow, rankWithin?: number): Promise<ListMatches | null> {
    if ((filter.sort ?? 'relevance') !== 'relevance' || rankWithin === undefined) return null;
    const read = await this.walksMatches(filter, restriction, true);
    if (!read) return null;
    // The matches newest first: the newest `rankWithin` are ranked, and as many as the cap
    // needs are counted (more than are ranked only when the cap is the larger).
    const limit = Math.max(window.cap + 1, rankWithin);
    const [walk, params] = read.limit(limit).getQueryAndParameters();
    const ranked =
      rankWithin < limit
        ? `SELECT "id", "relevance", "n" FROM (SELECT "w"."id" AS "id", "w"."relevance" AS "relevance", COUNT(*) OVER () AS "n", ROW_NUMBER() OVER (ORDER BY "w"."id" DESC) AS "k" FROM (${walk}) "w") "c" WHERE "k" <= ${rankWithin}`
        : `SELECT "w"."id" AS "id", "w"."relevance" AS "relevance", COUNT(*) OVER () AS "n" FROM (${walk}) "w"`;
    const readPage = async (page: number) => {
      const rows = await this.reads.query<{ id: number | string; n: number | string }>(
        `SELECT "r"."id" AS "id", "r"."n" AS "n" FROM (${ranked}) "r" ORDER BY "r"."relevance" ASC, "r"."id" DESC LIMIT ${window.pageSize} OFFSET ${(page - 1) * window.pageSize}`,
        params,
      );
      return { ids: rows.map((r) => Number(r.id)), count: rows.length ? Number(rows[0].n) : null };
    };
    let found = await readPage(window.page);
    // No row on the first page: no match. Past the end (no row, so no count), or past the
    // cap: the last page, as another list shows it.
    const count = found.count ?? (window.page === 1 ? 0 : Number((await this.reads.query<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM (${walk}) "w"`, params))[0].n));
    const page = lastPageAtMost(window, count);
    if (page !== window.page) found = await readPage(page);
    return { count: Math.min(count, window.cap + 1), ids: found.ids };
  }

  /**
   * A list without words (the catalogue's pages, a year, a unit…): its page's ids and its
   * count, up to `cap` + 1, read by one statement (the count a subquery the database runs
   * once), instead of a count and then the page: on PostgreSQL each statement is a round
   * trip, parsed and planned. A page past the last one is read again as the last one.
   * Null for a search (its count may walk its matches: see countUpTo).
   */
  private async countedPage(filter: ResolvedFilter, restriction: ListRestriction, window: ListWindow): Promise<ListMatches | null> {
    if (filter.q) return null;
    const counted = this.matching(filter, restriction, false).select('1').orderBy();
    const readPage = async (page: number) => {
      const qb = this.matching(filter, restriction, true)
        .addSelect(`(SELECT COUNT(*) FROM (${counted.getQuery()} LIMIT ${window.cap + 1}) "capped")`, 'n')
        .offset((page - 1) * window.pageSize)
        .limit(window.pageSize);
      // The same filter on both: the same parameters, by the same names.
      const [sql, params] = qb.setParameters({ ...counted.getParameters(), ...qb.getParameters() }).getQueryAndParameters();
      const rows = await this.reads.query<{ id: number | string; n: number | string }>(sql, params);
      return { ids: rows.map((r) => Number(r.id)), count: rows.length ? Number(rows[0].n) : null };
    };
    let found = await readPage(window.page);
    // No row: no match on the first page; past the end on another, counted alone.
    const count = found.count ?? (window.page === 1 ? 0 : (await this.countUpTo(filter, restriction, window.cap)).count);
    const page = lastPageAtMost(window, count);
    if (page !== window.page) found = await readPage(page);
    return { count, ids: found.ids };
  }

  /**
   * How many initiatives match, counted up to `cap` + 1; `walked`, when the count read the
   * matches themselves (newest first) and they were no more than the cap: every one.
   */
  private async countUpTo(filter: ResolvedFilter, restriction: ListRestriction, cap: number): Promise<{ count: number; walked?: number[] }> {
    const read = await this.walksMatches(filter, restriction, false);
    if (read) {
      const [sql, params] = read.limit(cap + 1).getQueryAndParameters();
      const ids = (await this.reads.query<{ id: number | string }>(sql, params)).map((r) => Number(r.id));
      return { count: ids.length, walked: ids.length <= cap ? ids : undefined };
    }
    const [sql, params] = this.matching(filter, restriction, false).select('1').orderBy().getQueryAndParameters();
    const [row] = await this.reads.query<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM (${sql} LIMIT ${cap + 1}) "capped"`, params);
    return { count: Number(row.n) };
  }

  /**
   * Ids of the matching initiatives in the filter's order (a page, or all of them), sorted
   * from what the count walked when it did. With `rankWithin`, a search by relevance ranks
   * only the newest `rankWithin` matches.
   */
  private async ids(filter: ResolvedFilter, restriction: ListRestriction, page?: { offset: number; limit: number }, rankWithin?: number, walked?: number[]): Promise<number[]> {
    const qb = (this.readsIndexFirst(filter, restriction) && this.fromSearchIndex(filter, restriction, rankWithin, walked)) || this.matching(filter, restriction, true, rankWithin);
    if (page) qb.offset(page.offset).limit(page.limit);
    const [sql, params] = qb.getQueryAndParameters();
    return (await this.reads.query<{ id: number | string }>(sql, params)).map((r) => Number(r.id));
  }

  /**
   * Rows for lists and exports, in the order of `ids`: the short columns only, never the
   * long texts, with the unit's, field's and round's names and the authors (in their
   * order). Every list, search and catalogue page reads them, cached or not: one
   * statement written here and read through the read pool, the values converted as
   * TypeORM converts them (rowReader). Through the query builder (joins, then an entity
   * per row and per author) this took 1.5 ms of the main thread per page, more than a
   * cached page's rendering.
   */
  shortRows(ids: number[]): Promise<Initiative[]> {
    return this.readShortRows(ids, false);
  }

  /** The short rows of `ids`, in their order, or `byCode` (as the database orders the codes). */
  private async readShortRows(ids: number[], byCode: boolean): Promise<Initiative[]> {
    if (ids.length === 0) return [];
    for (const id of ids) if (!Number.isSafeInteger(id)) throw new Error(`not an initiative id: ${id}`);
    const read = this.shortReaders();
    // One statement, a row per author (one for an initiative without any): on PostgreSQL each
    // statement is a round trip. There the ids are one parameter, so that the statement is the
    // same for every list and each connection prepares it once (see ReadPool.prepared).
    const pg = !this.onSqlite;
    const sql = [
      `SELECT ${SHORT_COLUMNS.map((c) => `i."${c}" AS "${c}"`).join(', ')},`,
      'u."id" AS "unit_id", u."name" AS "unit_name", f."id" AS "field_id", f."name" AS "field_name", r."id" AS "round_id", r."name" AS "round_name", r."year" AS "round_year",',
      'a."id" AS "author_id", a."fullName" AS "author_fullName", a."share" AS "author_share", a."position" AS "author_position"',
      'FROM "initiatives" i LEFT JOIN "units" u ON u."id" = i."unitId" LEFT JOIN "fields" f ON f."id" = i."fieldId" LEFT JOIN "rounds" r ON r."id" = i."roundId"',
      'LEFT JOIN "initiative_authors" a ON a."initiativeId" = i."id"',
      pg ? 'WHERE i."id" = ANY($1)' : `WHERE i."id" IN (${ids.join(', ')})`,
      `ORDER BY ${byCode ? 'i."code" ASC, ' : ''}i."id", a."position", a."id"`,
    ].join(' ');
    const rows = await this.reads.prepared<Record<string, unknown>>(sql, pg ? [ids] : []);
    const byId = new Map<number, Initiative>();
    for (const row of rows) {
      let i = byId.get(Number(row.id));
      if (!i) {
        i = read.initiative(row);
        // Every initiative has its unit and field (foreign keys); without a round, null, as TypeORM leaves it.
        i.unit = read.unit(row, 'unit_');
        i.field = read.field(row, 'field_');
        i.round = row.round_id === null ? null : read.round(row, 'round_');
        i.authors = [];
        byId.set(i.id, i);
      }
      if (row.author_id !== null) i.authors?.push(read.author(row, 'author_'));
    }
    if (byCode) return [...byId.values()];
    return ids.map((id) => byId.get(id)).filter((r): r is Initiative => Boolean(r));
  }

  private shortRowReaders?: ShortReaders;

  private shortReaders(): ShortReaders {
    return (this.shortRowReaders ??= {
      initiative: this.uow.rowReader(Initiative, SHORT_COLUMNS),
      unit: this.uow.rowReader(Unit, ['id', 'name']),
      field: this.uow.rowReader(Field, ['id', 'name']),
      round: this.uow.rowReader(Round, ['id', 'name', 'year']),
      author: this.uow.rowReader(InitiativeAuthor, ['id', 'fullName', 'share', 'position']),
    });
  }

  /** Drafts and returned initiatives of a person (and, for a focal point, of the units of `focalScope`). */
  async awaitingAuthorIds(userId: number, focalScope: number[] | null, limit: number): Promise<number[]> {
    const qb = this.initiatives
      .createQueryBuilder('i')
      .select('i.id', 'id')
      .where('i.status IN (:...open)', { open: [InitiativeStatus.Draft, InitiativeStatus.Returned] })
      .andWhere(
        new Brackets((w) => {
          w.where('i.createdById = :me', { me: userId }).orWhere('i.id IN (SELECT a."initiativeId" FROM "initiative_authors" a WHERE a."userId" = :me)', { me: userId });
        }),
      )
      .orderBy('i.updatedAt', 'DESC')
      .limit(limit);
    if (focalScope) qb.orWhere(new Brackets((w) => w.where('i.status IN (:...open)').andWhere('i.unitId IN (:...scope)', { scope: focalScope })));
    return (await qb.getRawMany<{ id: number }>()).map((r) => Number(r.id));
  }

  /**
   * SQLite, a search of the public catalogue or of every initiative: read from the search
   * index first. Its matches are walked newest first and checked against the set of the
   * initiatives that pass the other filters (read once from their indexes), instead of
   * looking up each match's initiative: a broad word matches nearly every initiative, and a
   * filter on year and field keeps a few hundred of them. A signed-in user's list (whose
   * rule reads the whole table) joins each match as before.
   */
  private readsIndexFirst(filter: ResolvedFilter, restriction: ListRestriction): boolean {
    return Boolean(filter.q) && this.uow.manager.connection.options.type === 'sqlite' && !('userId' in restriction);
  }

  private get onSqlite(): boolean {
    return this.uow.manager.connection.options.type === 'sqlite';
  }

  /**
   * The walk of a search's matches, newest first, that counts it and (by relevance) scores
   * its candidates at once: on SQLite when the search index is read first (see
   * matchesFirst); on PostgreSQL for the catalogue and the district's lists (a signed-in
   * user's rule reads the initiatives table itself: it joins as before). Null otherwise.
   */
  private async walksMatches(filter: ResolvedFilter, restriction: ListRestriction, ranked: boolean): Promise<SelectQueryBuilder<ObjectLiteral> | null> {
    if (!filter.q) return null;
    const o = () => ({ among: this.filtered(filter, restriction, false, true), scored: ranked, scope: scopeOf(restriction) });
    if (this.onSqlite) return this.matchesFirst(filter, restriction) ? this.search.ftsMatches(filter.q, o()) : null;
    if ('userId' in restriction) return null;
    // The public catalogue in a year, a field or both: from the search table alone (see InitiativeSearch.pgWalk).
    const { q, year, fieldId, sort: _sort, ...others } = filter;
    if ('public' in restriction && Object.values(others).every((v) => v === undefined)) {
      return this.search.pgWalk(q, { year: year || undefined, fieldId: fieldId || undefined }, ranked, (sql, params) => this.reads.query(sql, params));
    }
    return this.search.pgMatches(filter.q, o());
  }

  /**
   * Whether a count or a ranking walks the matches against the set of the initiatives that
   * pass the filters (see readsIndexFirst). For the whole public catalogue, only by
   * relevance: there the one walk both counts and scores the newest candidates (34 ms for
   * "Đức Hạnh" at 100,000 initiatives, against 63 ms for a count joining each match and then
   * a second walk to rank). In another order it does not: a third of all initiatives are
   * recognised, and joining each match until enough are found reads fewer rows than that set.
   */
  private matchesFirst(filter: ResolvedFilter, restriction: ListRestriction): boolean {
    const byRelevance = (filter.sort ?? 'relevance') === 'relevance';
    return this.readsIndexFirst(filter, restriction) && (isNarrowed(filter) || byRelevance || !('public' in restriction));
  }

  /**
   * The ids of a search read from the search index first (see readsIndexFirst), in the
   * filter's order: by relevance, the matches ranked by bm25 (within the newest
   * `rankWithin` of them); in another order, the initiatives in the order of their index,
   * each checked against the matches. `all`: every match, when the count walked them all
   * (see countUpTo). Null when the query has no words (nothing matches), or when the join
   * reads less (see matchesFirst).
   */
  private fromSearchIndex(filter: ResolvedFilter, restriction: ListRestriction, rankWithin?: number, all?: number[]): SelectQueryBuilder<ObjectLiteral> | null {
    const q = filter.q ?? '';
    const sort = filter.sort ?? 'relevance';
    if (sort !== 'relevance') {
      // Sorted as they are, instead of walking the index checking each against the matches.
      if (all) return this.order(this.initiatives.createQueryBuilder('i').select('i.id', 'id').where(`"i"."id" IN (SELECT "value" FROM json_each(:found))`, { found: JSON.stringify(all) }), sort);
      const qb = this.filtered(filter, restriction, true);
      return this.search.matchedBy(qb, 'i', q, scopeOf(restriction)) ? this.order(qb, sort) : null;
    }
    if (!this.matchesFirst(filter, restriction)) return null;
    const scope = scopeOf(restriction);
    const among = this.filtered(filter, restriction, false, true);
    // No more matches than would be ranked: all of them are, without first walking them for
    // the newest (a third of the time of a search narrowed to a year and a field).
    const within = rankWithin && !(all && all.length <= rankWithin) ? this.search.ftsMatches(q, { among, scope })?.limit(rankWithin) : among;
    return within === null ? null : this.search.ftsMatches(q, { among: within, byRelevance: true, scope });
  }

  /**
   * The ids of the initiatives that pass the restriction and every filter but the words;
   * undefined when none applies (unless `always`). `scoped`: for the matches of a search of
   * the restriction's scope (see scopeOf), which are all public in the public catalogue, so
   * the status need not be checked; PostgreSQL still checks it beside another filter, whose
   * index it leads (a year's recognised initiatives are read from one index range instead
   * of the whole year's: 63 against 106 ms for a broad word in one year at 100,000
   * initiatives), while SQLite builds the set faster without it (more ids, but read from
   * the year's or the field's index with no status to check).
   */
  private filtered(filter: ResolvedFilter, restriction: ListRestriction, always: true, scoped?: boolean): SelectQueryBuilder<Initiative>;
  private filtered(filter: ResolvedFilter, restriction: ListRestriction, always?: boolean, scoped?: boolean): SelectQueryBuilder<Initiative> | undefined;
  private filtered(filter: ResolvedFilter, restriction: ListRestriction, always = false, scoped = false): SelectQueryBuilder<Initiative> | undefined {
    const qb = this.initiatives.createQueryBuilder('i').select('i.id', 'id');
    if ('public' in restriction && (!scoped || (isNarrowed(filter) && !this.onSqlite))) qb.andWhere('i.status = :recognized', { recognized: InitiativeStatus.Recognized });
    else if ('userId' in restriction) this.restrictTo(qb, restriction);
    if (filter.year) qb.andWhere('i.year = :year', { year: filter.year });
    if (filter.roundId) qb.andWhere('i.roundId = :roundId', { roundId: filter.roundId });
    if (filter.fieldId) qb.andWhere('i.fieldId = :fieldId', { fieldId: filter.fieldId });
    if (filter.status) qb.andWhere('i.status = :status', { status: filter.status });
    if (filter.level) qb.andWhere('i.level = :level', { level: filter.level });
    if (filter.unitIds) qb.andWhere('i.unitId IN (:...unitIds)', { unitIds: filter.unitIds });
    return always || qb.expressionMap.wheres.length > 0 ? qb : undefined;
  }

  private order<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, sort: Exclude<InitiativeSort, 'relevance'>): SelectQueryBuilder<T> {
    if (sort === 'oldest') return qb.orderBy('i.updatedAt', 'ASC').addOrderBy('i.id', 'ASC');
    if (sort === 'title') return qb.orderBy('i.titleSort', 'ASC').addOrderBy('i.id', 'ASC');
    // Drafts have no code yet: after the coded ones on both databases (SQLite puts NULL first, PostgreSQL last).
    if (sort === 'code') return qb.orderBy('i.code', 'ASC', 'NULLS LAST').addOrderBy('i.id', 'ASC');
    return qb.orderBy('i.updatedAt', 'DESC').addOrderBy('i.id', 'DESC');
  }

  private matching(filter: ResolvedFilter, restriction: ListRestriction, ranked: boolean, rankWithin?: number): SelectQueryBuilder<Initiative> {
    const qb = this.filtered(filter, restriction, true);
    const sort = filter.sort ?? (filter.q ? 'relevance' : 'newest');
    // The candidates to score: the newest matches that pass every other filter. Ordered by
    // the search index's id (the same as the initiative's): SQLite's FTS5 then reads its
    // matches newest first and stops at the limit (20 ms instead of 110 ms for 51,000
    // matches of 100,000, which were all sorted).
    const within = filter.q && ranked && rankWithin && sort === 'relevance' ? this.matching(filter, restriction, false).orderBy('fts.id', 'DESC').limit(rankWithin) : undefined;
    const searched = filter.q ? this.search.restrict(qb, 'i', filter.q, ranked, within, scopeOf(restriction)) : false;
    if (filter.q && !searched) qb.andWhere('1 = 0');
    if (sort === 'relevance' && searched && ranked) return qb.orderBy('fts.relevance', 'ASC').addOrderBy('i.id', 'DESC');
    return this.order(qb, sort === 'relevance' ? 'newest' : sort);
  }

  /** What a signed-in user may list: the same rule as canView, in SQL. */
  private restrictTo(qb: SelectQueryBuilder<Initiative>, r: { userId: number; scope: number[]; focal: boolean; council: boolean }): void {
    qb.andWhere(
      new Brackets((w) => {
        w.where('i.createdById = :me', { me: r.userId })
          .orWhere('i.id IN (SELECT a."initiativeId" FROM "initiative_authors" a WHERE a."userId" = :me)', { me: r.userId })
          .orWhere('i.status = :recognized', { recognized: InitiativeStatus.Recognized });
        if (r.focal) w.orWhere('i.unitId IN (:...scope)', { scope: r.scope });
        w.orWhere(
          new Brackets((v) => {
            // Not a private draft (see isPrivateDraft).
            v.where('i.status <> :draft', { draft: InitiativeStatus.Draft }).andWhere(
              new Brackets((x) => x.where('i.status <> :withdrawn', { withdrawn: InitiativeStatus.Withdrawn }).orWhere('i.code IS NOT NULL')),
            );
            if (!r.council) v.andWhere('i.unitId IN (:...scope)', { scope: r.scope });
          }),
        );
      }),
    );
  }

  // ---- writes ---------------------------------------------------------------------

  insert(initiative: Initiative): Promise<Initiative> {
    return this.initiatives.save(initiative);
  }

  /**
   * Changes an initiative's columns; a change of status moves it into or out of the public
   * search index, a change of year or field files its search entry anew.
   */
  async update(id: number, changes: Partial<Initiative>): Promise<void> {
    await this.initiatives.update({ id }, changes);
    const filing = { public: changes.status === undefined ? undefined : isPublicStatus(changes.status), year: changes.year, fieldId: changes.fieldId };
    if (Object.values(filing).some((v) => v !== undefined)) await this.search.refile(id, filing);
  }

  /** The authors and indicators of the form, in their order, in place of the earlier ones. */
  async replaceRows(initiativeId: number, authors: Partial<InitiativeAuthor>[], indicators: Partial<InitiativeIndicator>[]): Promise<void> {
    const authorRepo = this.uow.repository(InitiativeAuthor);
    const indicatorRepo = this.uow.repository(InitiativeIndicator);
    await authorRepo.delete({ initiativeId });
    await indicatorRepo.delete({ initiativeId });
    for (const [position, a] of authors.entries()) await authorRepo.save(new InitiativeAuthor({ ...a, initiativeId, position }));
    for (const [position, x] of indicators.entries()) await indicatorRepo.save(new InitiativeIndicator({ ...x, initiativeId, position }));
  }

  async addTransition(transition: InitiativeTransition): Promise<void> {
    await this.uow.repository(InitiativeTransition).save(transition);
  }

  /** The next revision of the initiative (numbered from 1). */
  async addRevision(initiativeId: number, revision: Omit<InitiativeRevision, 'id' | 'number' | 'initiativeId' | 'at' | 'initiative'>): Promise<void> {
    const repo = this.uow.repository(InitiativeRevision);
    const last = await repo.findOne({ where: { initiativeId }, order: { number: 'DESC' } });
    await repo.save(new InitiativeRevision({ ...revision, initiativeId, number: (last?.number ?? 0) + 1 }));
  }

  /** The next code of the year; codes are never reused, even if an initiative is withdrawn. */
  async nextCode(year: number): Promise<string> {
    const m = this.uow.manager;
    const name = `SK-${year}`;
    // A year's first code starts after any code of that year already held (codes written
    // before the counter existed): the unique index on codes would refuse a repeat.
    const [counter] = await rawQuery<{ value: number }>(m, 'SELECT "value" FROM "code_counters" WHERE "name" = :name', { name });
    if (!counter) {
      await rawQuery(
        m,
        `INSERT INTO "code_counters" ("name", "value")
           SELECT :name, COALESCE(MAX(CAST(SUBSTR("code", ${name.length + 2}) AS INTEGER)), 0) FROM "initiatives" WHERE "code" LIKE :prefix
         ON CONFLICT ("name") DO NOTHING`,
        { name, prefix: `${name}-%` },
      );
    }
    // The update locks the counter's row until the transaction ends: two submissions never share a code.
    await rawQuery(m, 'UPDATE "code_counters" SET "value" = "value" + 1 WHERE "name" = :name', { name });
    const [row] = await rawQuery<{ value: number }>(m, 'SELECT "value" FROM "code_counters" WHERE "name" = :name', { name });
    return formatInitiativeCode(year, Number(row.value));
  }

  /** Keeps the search index in step with what the public page may show. */
  async reindex(id: number, text: string): Promise<void> {
    const row = await this.initiatives.findOne({ where: { id }, select: { id: true, status: true, year: true, fieldId: true } });
    if (!row) throw new EntityNotFound('initiative', id);
    await this.search.index(id, text, { public: isPublicStatus(row.status), year: row.year, fieldId: row.fieldId });
  }

  /**
   * The search index brought in step with the initiatives (a status, year or field written
   * straight into the database leaves it behind): the public catalogue's entries exactly the
   * recognised initiatives, every entry filed under its initiative's year and field (see
   * InitiativeSearch.reconcile).
   */
  reconcileSearchIndex(): Promise<{ published: number; refiled: number }> {
    const recognised = this.initiatives.createQueryBuilder('i').select('i.id').where('i.status = :recognized', { recognized: InitiativeStatus.Recognized });
    return this.search.reconcile(recognised);
  }

  /** Deletes an initiative (a draft: see InitiativesService.deleteDraft) and its search entry; its rows of its own go with it (foreign keys ON DELETE CASCADE). */
  async delete(id: number): Promise<void> {
    await this.search.remove(id);
    await this.uow.repository(Initiative).delete({ id });
  }
}

/** The page asked for, or the last one of `count` matches (counted up to the cap) when it is past it. */
function lastPageAtMost(window: ListWindow, count: number): number {
  const total = Math.min(count, window.cap);
  return Math.min(window.page, Math.max(1, Math.ceil(total / window.pageSize)));
}
