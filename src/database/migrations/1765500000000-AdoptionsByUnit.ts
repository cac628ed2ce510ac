import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The matrix page counts a programme's records per unit, and reads a page of the grid (its
 * 30 units' records), from an index alone: the programme's records in unit order with every
 * column those counts and that page compare (see src/replication/matrix-figures.ts). Without
 * it, each of the 60,000 records of a 100 × 600 programme was read from the table, and the
 * counts sorted them by unit first. The same SQL on SQLite and PostgreSQL.
 */
export class AdoptionsByUnit1765500000000 implements MigrationInterface {
  name = 'AdoptionsByUnit1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_adoptions_programme_unit" ON "adoptions" ("programmeId", "unitId", "initiativeId", "status", "reportedAt", "removedAt")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_adoptions_programme_unit"`);
  }
}
