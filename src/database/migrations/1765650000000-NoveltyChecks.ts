import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, timestampType } from './columns';

/**
 * The novelty check kept with an initiative at each submission: the list of similar
 * earlier initiatives its author saw (JSON: code, year, unit, status, score, shared words),
 * with the thresholds it was drawn with. The council reads it beside "Tính mới"; the
 * minutes' annex lists it. Written once per submission, never changed.
 */
export class NoveltyChecks1765650000000 implements MigrationInterface {
  name = 'NoveltyChecks1765650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'novelty_checks',
        columns: [
          idColumn(),
          { name: 'initiativeId', type: 'integer' },
          { name: 'checkedAt', type: timestampType(q) },
          { name: 'checkedById', type: 'integer', isNullable: true },
          { name: 'checkedByName', type: 'varchar', length: '255', default: "''" },
          { name: 'showAt', type: 'real' },
          { name: 'likelyAt', type: 'real' },
          { name: 'items', type: 'text' },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['initiativeId'], referencedTableName: 'initiatives', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          new TableForeignKey({ columnNames: ['checkedById'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'SET NULL' }),
        ],
        indices: [new TableIndex({ name: 'IDX_novelty_checks_initiative', columnNames: ['initiativeId', 'checkedAt'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('novelty_checks');
  }
}
