import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, text, timestampColumns, timestampType } from './columns';

const fk = (column: string, table: string, onDelete = 'RESTRICT') =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });

/** Replication programmes, their initiatives and target units, adoption records and reports. */
export class Replication1764400000000 implements MigrationInterface {
  name = 'Replication1764400000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = timestampType(q);
    await q.createTable(
      new Table({
        name: 'programmes',
        columns: [
          idColumn(),
          { name: 'year', type: 'integer' },
          text('title', 500),
          { name: 'issuingUnitId', type: 'integer' },
          text('decisionNumber', 100, { default: "''" }),
          { name: 'decisionDate', type: 'date', isNullable: true },
          { name: 'reportDeadline', type: 'date', isNullable: true },
          { name: 'createdById', type: 'integer' },
          ...timestampColumns(q),
        ],
        foreignKeys: [fk('issuingUnitId', 'units'), fk('createdById', 'users')],
        indices: [new TableIndex({ name: 'IDX_programmes_year', columnNames: ['year'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'programme_initiatives',
        columns: [idColumn(), { name: 'programmeId', type: 'integer' }, { name: 'initiativeId', type: 'integer' }],
        foreignKeys: [fk('programmeId', 'programmes', 'CASCADE'), fk('initiativeId', 'initiatives')],
        indices: [new TableIndex({ name: 'IDX_programme_initiatives_unique', columnNames: ['programmeId', 'initiativeId'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'programme_units',
        columns: [idColumn(), { name: 'programmeId', type: 'integer' }, { name: 'unitId', type: 'integer' }, { name: 'removedAt', type: ts, isNullable: true }],
        foreignKeys: [fk('programmeId', 'programmes', 'CASCADE'), fk('unitId', 'units')],
        indices: [new TableIndex({ name: 'IDX_programme_units_unique', columnNames: ['programmeId', 'unitId'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'adoptions',
        columns: [
          idColumn(),
          { name: 'programmeId', type: 'integer' },
          { name: 'initiativeId', type: 'integer' },
          { name: 'unitId', type: 'integer' },
          text('status', 20, { default: "'not_started'" }),
          { name: 'adoptedDate', type: 'date', isNullable: true },
          text('reason', 30, { isNullable: true }),
          { name: 'explanation', type: 'text', default: "''" },
          { name: 'adaptation', type: 'text', default: "''" },
          { name: 'indicators', type: 'text', isNullable: true },
          { name: 'version', type: 'integer', default: 0 },
          { name: 'reportedAt', type: ts, isNullable: true },
          { name: 'reportedById', type: 'integer', isNullable: true },
          { name: 'onBehalf', type: 'boolean', default: false },
          { name: 'removedAt', type: ts, isNullable: true },
          ...timestampColumns(q),
        ],
        foreignKeys: [fk('programmeId', 'programmes', 'CASCADE'), fk('initiativeId', 'initiatives'), fk('unitId', 'units'), fk('reportedById', 'users')],
        indices: [
          new TableIndex({ name: 'IDX_adoptions_unique', columnNames: ['programmeId', 'initiativeId', 'unitId'], isUnique: true }),
          new TableIndex({ name: 'IDX_adoptions_unit', columnNames: ['unitId', 'status'] }),
          new TableIndex({ name: 'IDX_adoptions_initiative', columnNames: ['initiativeId', 'status'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'adoption_reports',
        columns: [
          idColumn(),
          { name: 'adoptionId', type: 'integer' },
          { name: 'version', type: 'integer' },
          text('status', 20),
          { name: 'adoptedDate', type: 'date', isNullable: true },
          text('reason', 30, { isNullable: true }),
          { name: 'explanation', type: 'text', default: "''" },
          { name: 'adaptation', type: 'text', default: "''" },
          { name: 'indicators', type: 'text', isNullable: true },
          { name: 'reportedById', type: 'integer' },
          text('reportedByName', 255, { default: "''" }),
          { name: 'onBehalf', type: 'boolean', default: false },
          { name: 'createdAt', type: ts, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [fk('adoptionId', 'adoptions', 'CASCADE'), fk('reportedById', 'users')],
        indices: [new TableIndex({ name: 'IDX_adoption_reports_version', columnNames: ['adoptionId', 'version'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['adoption_reports', 'adoptions', 'programme_units', 'programme_initiatives', 'programmes']) await q.dropTable(table);
  }
}
