import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The installation's identity: one row, made once with the database and carried by its
 * backups and by db:copy. The upload folder is marked with it, so that an application
 * started on another database with the same folder (a demo, a misconfigured instance)
 * never takes that database's files for leftovers and removes them.
 */
export class Installation1765100000000 implements MigrationInterface {
  name = 'Installation1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "installation" ("one" integer NOT NULL PRIMARY KEY CHECK ("one" = 1), "id" varchar(64) NOT NULL)`);
    await q.query(`INSERT INTO "installation" ("one", "id") VALUES (1, '${randomUUID()}')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "installation"`);
  }
}
