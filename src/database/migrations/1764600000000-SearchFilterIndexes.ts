import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Searches narrowed by field (alone or with a year) read the initiatives that pass their
 * filters from an index alone: the set each match of the words is checked against (the
 * public catalogue: status, year, field), and the newest of them in order. Without these,
 * every recognised initiative of the year was read from the table for its field (4,700
 * rows, or 33,000 without a year, on 100,000 initiatives). The same SQL on SQLite and
 * PostgreSQL.
 */
export class SearchFilterIndexes1764600000000 implements MigrationInterface {
  name = 'SearchFilterIndexes1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_initiatives_status_fieldId_updatedAt_id" ON "initiatives" ("status", "fieldId", "updatedAt", "id")`);
    await q.query(`CREATE INDEX "IDX_initiatives_status_year_fieldId_updatedAt_id" ON "initiatives" ("status", "year", "fieldId", "updatedAt", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_initiatives_status_year_fieldId_updatedAt_id"`);
    await q.query(`DROP INDEX "IDX_initiatives_status_fieldId_updatedAt_id"`);
  }
}
