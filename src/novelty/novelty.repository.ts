import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rawQuery } from '../database/raw-query';
import { InitiativeSearch } from '../database/search/initiative-search';
import { UnitOfWork } from '../database/unit-of-work';
import { InitiativeStatus } from '../initiatives/initiative-status';

/** What the check reads of a candidate initiative. */
export interface CandidateRow {
  id: number | string;
  code: string | null;
  title: string;
  year: number | string;
  status: InitiativeStatus;
  unitId: number | string;
  createdById: number | string;
  roundId: number | string | null;
  paperRecord: number | boolean | null;
  problem: string | null;
  solution: string | null;
}

/** A kept check as stored (items as JSON). */
export interface CheckRow {
  id: number | string;
  initiativeId: number | string;
  checkedAt: Date | string;
  checkedByName: string;
  showAt: number | string;
  likelyAt: number | string;
  items: string;
}

/**
 * The novelty check's database access, in one place: its own table (novelty_checks), and
 * the few columns it reads of initiatives and their authors (plain rows by id, read-only).
 * It cannot go through the initiatives' repository: the initiatives module uses the check,
 * so the check does not import it back.
 */
@Injectable()
export class NoveltyRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly search: InitiativeSearch,
  ) {}

  private get m(): EntityManager {
    return this.uow.manager;
  }

  /** Ids of the initiatives holding each word, for the words found at most `limit - 1` times (see InitiativeSearch.wordIds). */
  wordIds(words: string[], limit: number): Promise<Map<string, number[]>> {
    return this.search.wordIds(words, limit);
  }

  /** The newest (or first) initiatives holding these words. */
  phraseIds(words: string[], limit: number, newestFirst: boolean): Promise<number[]> {
    return this.search.phraseIds(words, limit, newestFirst);
  }

  candidates(ids: number[]): Promise<CandidateRow[]> {
    return rawQuery<CandidateRow>(
      this.m,
      `SELECT "id", "code", "title", "year", "status", "unitId", "createdById", "roundId", "paperRecord", "problem", "solution" FROM "initiatives" WHERE "id" IN (:...ids)`,
      { ids },
    );
  }

  /** Which of these initiatives name this person among their authors. */
  async authoredBy(userId: number, ids: number[]): Promise<Set<number>> {
    const rows = await rawQuery<{ initiativeId: number | string }>(this.m, `SELECT "initiativeId" FROM "initiative_authors" WHERE "userId" = :userId AND "initiativeId" IN (:...ids)`, { userId, ids });
    return new Set(rows.map((r) => Number(r.initiativeId)));
  }

  /** Keeps a check (inside the submission's transaction). */
  async insertCheck(check: { initiativeId: number; checkedAt: Date; checkedById: number | null; checkedByName: string; showAt: number; likelyAt: number; items: string }): Promise<void> {
    const m = this.m;
    await rawQuery(
      m,
      `INSERT INTO "novelty_checks" ("initiativeId", "checkedAt", "checkedById", "checkedByName", "showAt", "likelyAt", "items") VALUES (:initiativeId, :checkedAt, :checkedById, :checkedByName, :showAt, :likelyAt, :items)`,
      { ...check, checkedAt: m.connection.options.type === 'postgres' ? check.checkedAt : check.checkedAt.toISOString().replace('T', ' ').replace('Z', '') },
    );
  }

  /** The checks kept with these initiatives, oldest first. */
  checksOf(initiativeIds: number[]): Promise<CheckRow[]> {
    return rawQuery<CheckRow>(
      this.m,
      `SELECT "id", "initiativeId", "checkedAt", "checkedByName", "showAt", "likelyAt", "items" FROM "novelty_checks" WHERE "initiativeId" IN (:...ids) ORDER BY "checkedAt", "id"`,
      { ids: initiativeIds },
    );
  }
}
