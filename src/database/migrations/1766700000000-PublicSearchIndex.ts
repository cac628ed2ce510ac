import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SQLite: the FTS5 tables' prefix indexes, made as this migration leaves them. A query's
 * last word is searched as the start of a word ("cong"*); FTS5 serves that from a prefix
 * index of the word's length, else it merges every term that starts so into one list of all
 * their matches before reading the first one (the cost grows with the catalogue: "dịch vụ
 * công" 18 ms at 300,000 initiatives, 6.5 ms with the index of 4 letters). Folded Vietnamese
 * syllables have at most seven letters, most four or five.
 */
export const FTS5_OPTIONS = `tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6'`;

/**
 * A search index of the recognised initiatives alone, for the public catalogue: its
 * searches read a third of the matches and check none of them against the initiatives'
 * statuses (see InitiativeSearch). SQLite: a second FTS5 table with the same words, kept
 * for recognised initiatives only; both tables with prefix indexes of 2 to 6 letters (see
 * FTS5_OPTIONS; the full index is made again with them). PostgreSQL: a `public` flag on
 * the search table and a GIN index of the flagged rows.
 */
export class PublicSearchIndex1766700000000 implements MigrationInterface {
  name = 'PublicSearchIndex1766700000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type === 'sqlite') {
      await q.query(`CREATE VIRTUAL TABLE "initiatives_fts_next" USING fts5("content", ${FTS5_OPTIONS})`);
      await q.query(`INSERT INTO "initiatives_fts_next" (rowid, "content") SELECT rowid, "content" FROM "initiatives_fts"`);
      await q.query('DROP TABLE "initiatives_fts"');
      await q.query('ALTER TABLE "initiatives_fts_next" RENAME TO "initiatives_fts"');
      await q.query(`CREATE VIRTUAL TABLE "initiatives_fts_public" USING fts5("content", ${FTS5_OPTIONS})`);
      await q.query(
        `INSERT INTO "initiatives_fts_public" (rowid, "content")
           SELECT "f".rowid, "f"."content" FROM "initiatives_fts" "f" WHERE "f".rowid IN (SELECT "id" FROM "initiatives" WHERE "status" = 'recognized')`,
      );
      return;
    }
    await q.query(`ALTER TABLE "initiatives_search" ADD COLUMN "public" boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE "initiatives_search" "s" SET "public" = true FROM "initiatives" "i" WHERE "i"."id" = "s"."id" AND "i"."status" = 'recognized'`);
    await q.query(`CREATE INDEX "IDX_initiatives_search_public_document" ON "initiatives_search" USING GIN ("document") WHERE "public"`);
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type === 'sqlite') {
      await q.query('DROP TABLE IF EXISTS "initiatives_fts_public"');
      await q.query(`CREATE VIRTUAL TABLE "initiatives_fts_next" USING fts5("content", tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`);
      await q.query(`INSERT INTO "initiatives_fts_next" (rowid, "content") SELECT rowid, "content" FROM "initiatives_fts"`);
      await q.query('DROP TABLE "initiatives_fts"');
      await q.query('ALTER TABLE "initiatives_fts_next" RENAME TO "initiatives_fts"');
      return;
    }
    await q.query('DROP INDEX IF EXISTS "IDX_initiatives_search_public_document"');
    await q.query('ALTER TABLE "initiatives_search" DROP COLUMN "public"');
  }
}
