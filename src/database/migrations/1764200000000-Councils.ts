import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, text, timestampColumns } from './columns';

/** Rounds get their recognition rule and conflict setting; scoring criteria; councils. */
export class Councils1764200000000 implements MigrationInterface {
  name = 'Councils1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('rounds', [
      new TableColumn({ name: 'threshold', type: 'double precision', default: 70 }),
      new TableColumn({ name: 'conflictSameUnit', type: 'boolean', default: false }),
    ]);

    await q.createTable(
      new Table({
        name: 'criteria',
        columns: [
          idColumn(),
          { name: 'roundId', type: 'integer' },
          { name: 'position', type: 'integer', default: 0 },
          text('name', 255),
          { name: 'description', type: 'text', default: "''" },
          { name: 'maxPoints', type: 'double precision' },
          { name: 'weight', type: 'double precision', isNullable: true },
          { name: 'bands', type: 'text', isNullable: true },
          ...timestampColumns(q),
        ],
        foreignKeys: [new TableForeignKey({ columnNames: ['roundId'], referencedTableName: 'rounds', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
        indices: [new TableIndex({ name: 'IDX_criteria_round', columnNames: ['roundId', 'position'] })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'council_members',
        columns: [idColumn(), { name: 'roundId', type: 'integer' }, { name: 'userId', type: 'integer' }, text('role', 20), ...timestampColumns(q)],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['roundId'], referencedTableName: 'rounds', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          new TableForeignKey({ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
        indices: [new TableIndex({ name: 'IDX_council_members_round_user', columnNames: ['roundId', 'userId'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('council_members');
    await q.dropTable('criteria');
    await q.dropColumn('rounds', 'conflictSameUnit');
    await q.dropColumn('rounds', 'threshold');
  }
}
