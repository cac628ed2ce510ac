import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { fold } from '../../common/text';

/**
 * Full-text search of initiatives, diacritic-insensitive. SQLite: an FTS5 table of folded
 * text (đ→d done here, since FTS5 does not fold it), keyed by the initiative id and kept
 * in step by the initiatives service within its own transactions. A PostgreSQL version
 * would implement the same three methods.
 */
@Injectable()
export class InitiativeSearch {
  /**
   * Words of a query as an FTS5 expression: every word must appear; the last one may be
   * the start of a word (people stop typing mid-word).
   */
  static matchExpression(query: string): string | null {
    const words = fold(query)
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .slice(0, 12);
    if (words.length === 0) return null;
    return words.map((w, i) => (i === words.length - 1 ? `"${w}"*` : `"${w}"`)).join(' ');
  }

  async index(m: EntityManager, id: number, text: string): Promise<void> {
    await m.query('DELETE FROM "initiatives_fts" WHERE rowid = ?', [id]);
    await m.query('INSERT INTO "initiatives_fts" (rowid, "content") VALUES (?, ?)', [id, fold(text)]);
  }

  async remove(m: EntityManager, id: number): Promise<void> {
    await m.query('DELETE FROM "initiatives_fts" WHERE rowid = ?', [id]);
  }

  /**
   * Narrows a query of initiatives (alias `alias`) to those matching the words; with
   * `ranked`, also selects their relevance as `fts.relevance` (lower is better; costs a
   * score per match, so counts go without). False when the query has no words.
   */
  restrict<T extends object>(qb: SelectQueryBuilder<T>, alias: string, query: string, ranked = true): boolean {
    const match = InitiativeSearch.matchExpression(query);
    if (!match) return false;
    qb.innerJoin(
      (sub) => {
        sub.select('rowid', 'id').from('initiatives_fts', 'initiatives_fts').where('"initiatives_fts" MATCH :match', { match });
        return ranked ? sub.addSelect('bm25("initiatives_fts")', 'relevance') : sub;
      },
      'fts',
      `fts.id = ${alias}.id`,
    );
    return true;
  }
}
