import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The indexes of SearchFilterIndexes again, where they are missing. On SQLite, adding a
 * column rebuilds the table from TypeORM's picture of it, and when every migration ran in
 * one go (a new database) that picture was the one taken when Initiatives created the
 * table, before SearchFilterIndexes added these two by SQL: PaperRecords rebuilt the table
 * without them, and every search narrowed by a field read its recognised initiatives from
 * the table again (80 ms instead of 10 on 100,000 initiatives). Databases migrated step by
 * step, and PostgreSQL, kept them; IF NOT EXISTS leaves those alone. The picture is then
 * taken again, so that a later rebuild in the same run keeps them.
 */
export class RestoreSearchFilterIndexes1765000000000 implements MigrationInterface {
  name = 'RestoreSearchFilterIndexes1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS "IDX_initiatives_status_fieldId_updatedAt_id" ON "initiatives" ("status", "fieldId", "updatedAt", "id")`);
    await q.query(`CREATE INDEX IF NOT EXISTS "IDX_initiatives_status_year_fieldId_updatedAt_id" ON "initiatives" ("status", "year", "fieldId", "updatedAt", "id")`);
    await q.getTable('initiatives');
  }

  async down(): Promise<void> {
    // The indexes belong to SearchFilterIndexes, whose own down drops them.
  }
}
