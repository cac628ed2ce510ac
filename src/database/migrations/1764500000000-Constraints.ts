import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rules that were only checked before writing, now also held by the database, so they hold
 * when several instances write at once: one chair per council; unit codes unique in any case.
 * (Partial and expression indexes: the same SQL on SQLite and PostgreSQL.)
 */
export class Constraints1764500000000 implements MigrationInterface {
  name = 'Constraints1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX "IDX_council_members_one_chair" ON "council_members" ("roundId") WHERE "role" = 'chair'`);
    await q.query(`CREATE UNIQUE INDEX "IDX_units_code_any_case" ON "units" (LOWER("code"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_units_code_any_case"`);
    await q.query(`DROP INDEX "IDX_council_members_one_chair"`);
  }
}
