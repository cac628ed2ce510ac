import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A search index of the recognised initiatives alone, for the public catalogue: its
 * searches read a third of the matches and check none of them against the initiatives'
 * statuses (see InitiativeSearch). SQLite: a second FTS5 table with the same words, kept
 * for recognised initiatives only. PostgreSQL: a `public` flag on the search table and a
 * GIN index of the flagged rows.
 */
export class PublicSearchIndex1766700000000 implements MigrationInterface {
  name = 'PublicSearchIndex1766700000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type === 'sqlite') {
      await q.query(`CREATE VIRTUAL TABLE "initiatives_fts_public" USING fts5("content", tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`);
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
      return;
    }
    await q.query('DROP INDEX IF EXISTS "IDX_initiatives_search_public_document"');
    await q.query('ALTER TABLE "initiatives_search" DROP COLUMN "public"');
  }
}
