import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL: each search entry filed under its initiative's year and field too, with an
 * index of the public entries by year, by field and by both, each then by id. A search of
 * the public catalogue narrowed to a year or a field then reads its entries from one of
 * these indexes, newest first, instead of matching every entry of the catalogue and then
 * checking each against the initiatives of that year or field (see InitiativeSearch.pgWalk).
 * SQLite's search tables are unchanged: its walk checks each match against the set of the
 * filtered initiatives, read once.
 */
export class SearchFacets1766800000000 implements MigrationInterface {
  name = 'SearchFacets1766800000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type === 'sqlite') return;
    await q.query(`ALTER TABLE "initiatives_search" ADD COLUMN "year" integer, ADD COLUMN "fieldId" integer`);
    await q.query(`UPDATE "initiatives_search" "s" SET "year" = "i"."year", "fieldId" = "i"."fieldId" FROM "initiatives" "i" WHERE "i"."id" = "s"."id"`);
    await q.query(`ALTER TABLE "initiatives_search" ALTER COLUMN "year" SET NOT NULL, ALTER COLUMN "fieldId" SET NOT NULL`);
    await q.query(`CREATE INDEX "IDX_initiatives_search_public_year" ON "initiatives_search" ("year", "id") WHERE "public"`);
    await q.query(`CREATE INDEX "IDX_initiatives_search_public_field" ON "initiatives_search" ("fieldId", "id") WHERE "public"`);
    await q.query(`CREATE INDEX "IDX_initiatives_search_public_year_field" ON "initiatives_search" ("year", "fieldId", "id") WHERE "public"`);
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type === 'sqlite') return;
    for (const name of ['IDX_initiatives_search_public_year', 'IDX_initiatives_search_public_field', 'IDX_initiatives_search_public_year_field']) await q.query(`DROP INDEX IF EXISTS "${name}"`);
    await q.query(`ALTER TABLE "initiatives_search" DROP COLUMN "year", DROP COLUMN "fieldId"`);
  }
}
