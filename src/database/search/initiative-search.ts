import { Injectable } from '@nestjs/common';
import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { fold } from '../../common/text';

/** The words of a text or query, folded (no diacritics, đ→d, lower case), as both databases see them. */
export function searchWords(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const isPostgres = (m: EntityManager) => m.connection.options.type === 'postgres';

/**
 * Full-text search of initiatives, diacritic-insensitive, with the same results on both
 * databases: the text is folded here (FTS5 does not fold đ) and split into the same words.
 * - SQLite: an FTS5 table keyed by the initiative id (rowid), ranked by bm25.
 * - PostgreSQL: a table of folded words with a generated tsvector ('simple' dictionary:
 *   no stemming, as FTS5) and a GIN index, ranked by ts_rank.
 * Every word of a query must appear; the last one may be the start of a word (people stop
 * typing mid-word). Kept in step by the initiatives service within its own transactions.
 */
@Injectable()
export class InitiativeSearch {
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

  async index(m: EntityManager, id: number, text: string): Promise<void> {
    const content = searchWords(text).join(' ');
    if (isPostgres(m)) {
      await m.query('INSERT INTO "initiatives_search" ("id", "content") VALUES ($1, $2) ON CONFLICT ("id") DO UPDATE SET "content" = EXCLUDED."content"', [id, content]);
      return;
    }
    await m.query('DELETE FROM "initiatives_fts" WHERE rowid = ?', [id]);
    await m.query('INSERT INTO "initiatives_fts" (rowid, "content") VALUES (?, ?)', [id, content]);
  }

  async remove(m: EntityManager, id: number): Promise<void> {
    if (isPostgres(m)) await m.query('DELETE FROM "initiatives_search" WHERE "id" = $1', [id]);
    else await m.query('DELETE FROM "initiatives_fts" WHERE rowid = ?', [id]);
  }

  /**
   * Narrows a query of initiatives (alias `alias`) to those matching the words; with
   * `ranked`, also selects their relevance as `fts.relevance` (lower is better; costs a
   * score per match, so counts go without). `within` (a query selecting initiative ids)
   * bounds the matches that are scored: a broad search scores a few thousand candidates
   * instead of every match. False when the query has no words.
   */
  restrict<T extends object>(qb: SelectQueryBuilder<T>, alias: string, query: string, ranked = true, within?: SelectQueryBuilder<ObjectLiteral>): boolean {
    if (qb.connection.options.type === 'postgres') {
      const tsq = InitiativeSearch.tsQuery(query);
      if (!tsq) return false;
      qb.innerJoin(
        (sub) => {
          sub.select('s.id', 'id').from('initiatives_search', 's').where(`s.document @@ to_tsquery('simple', :tsq)`, { tsq });
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
    qb.innerJoin(
      (sub) => {
        sub.select('rowid', 'id').from('initiatives_fts', 'initiatives_fts').where('"initiatives_fts" MATCH :match', { match });
        // `+rowid`, not `rowid`: a bare rowid IN (…) is handed to FTS5, which then runs
        // the whole MATCH once per candidate (2,000 × a broad query: 20 s on 100,000
        // initiatives); as an expression it is checked on each match of one MATCH (0.1 s).
        if (within) sub.andWhere(`+rowid IN (${within.getQuery()})`);
        return ranked ? sub.addSelect('bm25("initiatives_fts")', 'relevance') : sub;
      },
      'fts',
      `fts.id = ${alias}.id`,
    );
    if (within) qb.setParameters(within.getParameters());
    return true;
  }
}
