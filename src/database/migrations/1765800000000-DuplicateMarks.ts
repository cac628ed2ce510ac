import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, timestampColumns } from './columns';

/**
 * The secretary's finding that an initiative repeats one already filed ("trùng với SK-…"):
 * one row per initiative while it stands (see DuplicateMark).
 */
export class DuplicateMarks1765800000000 implements MigrationInterface {
  name = 'DuplicateMarks1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'duplicate_marks',
        columns: [
          idColumn(),
          ...timestampColumns(q),
          { name: 'initiativeId', type: 'integer' },
          { name: 'originalId', type: 'integer' },
          { name: 'reason', type: 'text' },
          { name: 'markedById', type: 'integer', isNullable: true },
          { name: 'markedByName', type: 'varchar', length: '255', default: "''" },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['initiativeId'], referencedTableName: 'initiatives', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          new TableForeignKey({ columnNames: ['originalId'], referencedTableName: 'initiatives', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_duplicate_marks_initiative', columnNames: ['initiativeId'], isUnique: true }),
          new TableIndex({ name: 'IDX_duplicate_marks_original', columnNames: ['originalId'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('duplicate_marks');
  }
}
