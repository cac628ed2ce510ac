import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, text, timestampColumns, timestampType } from './columns';

/** Units and their history, users, sessions, sign-in throttling and the audit trail. */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = timestampType(q);

    await q.createTable(
      new Table({
        name: 'units',
        columns: [
          idColumn(),
          text('code', 32),
          text('name', 255),
          text('kind', 20),
          { name: 'parentId', type: 'integer', isNullable: true },
          { name: 'validFrom', type: 'date', isNullable: true },
          { name: 'validTo', type: 'date', isNullable: true },
          text('searchText', 400, { default: "''" }),
          ...timestampColumns(q),
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['parentId'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_units_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'IDX_units_parent', columnNames: ['parentId'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'unit_successions',
        columns: [
          idColumn(),
          { name: 'predecessorId', type: 'integer' },
          { name: 'successorId', type: 'integer' },
          text('kind', 10),
          text('instrument', 255),
          { name: 'effectiveDate', type: 'date' },
          { name: 'createdAt', type: ts, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['predecessorId'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
          new TableForeignKey({ columnNames: ['successorId'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_unit_successions_pred', columnNames: ['predecessorId'] }),
          new TableIndex({ name: 'IDX_unit_successions_succ', columnNames: ['successorId'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'unit_renames',
        columns: [
          idColumn(),
          { name: 'unitId', type: 'integer' },
          text('oldName', 255),
          text('newName', 255),
          text('instrument', 255),
          { name: 'effectiveDate', type: 'date' },
          { name: 'createdAt', type: ts, default: 'CURRENT_TIMESTAMP' },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['unitId'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
        indices: [new TableIndex({ name: 'IDX_unit_renames_unit', columnNames: ['unitId'] })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          idColumn(),
          text('username', 64),
          text('fullName', 255),
          text('position', 255, { default: "''" }),
          { name: 'unitId', type: 'integer' },
          { name: 'roles', type: 'text', default: "''" },
          { name: 'active', type: 'boolean', default: true },
          text('passwordHash', 255),
          { name: 'mustChangePassword', type: 'boolean', default: false },
          text('searchText', 600, { default: "''" }),
          ...timestampColumns(q),
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['unitId'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_users_username', columnNames: ['username'], isUnique: true }),
          new TableIndex({ name: 'IDX_users_unit', columnNames: ['unitId'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [
          text('id', 128, { isPrimary: true }),
          { name: 'userId', type: 'integer', isNullable: true },
          { name: 'data', type: 'text' },
          { name: 'expiresAt', type: ts },
        ],
        indices: [
          new TableIndex({ name: 'IDX_sessions_user', columnNames: ['userId'] }),
          new TableIndex({ name: 'IDX_sessions_expires', columnNames: ['expiresAt'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'login_failures',
        columns: [idColumn(), text('username', 64), text('ip', 64), { name: 'at', type: ts }],
        indices: [
          new TableIndex({ name: 'IDX_login_failures_username', columnNames: ['username'] }),
          new TableIndex({ name: 'IDX_login_failures_ip', columnNames: ['ip'] }),
          new TableIndex({ name: 'IDX_login_failures_at', columnNames: ['at'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          idColumn(),
          { name: 'at', type: ts, default: 'CURRENT_TIMESTAMP' },
          { name: 'actorId', type: 'integer', isNullable: true },
          text('actorName', 255, { default: "''" }),
          text('action', 64),
          text('entityType', 64),
          text('entityId', 64, { isNullable: true }),
          text('summary', 500, { default: "''" }),
          { name: 'changes', type: 'text', isNullable: true },
          text('ip', 64, { default: "''" }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_audit_at', columnNames: ['at'] }),
          new TableIndex({ name: 'IDX_audit_actor', columnNames: ['actorId'] }),
          new TableIndex({ name: 'IDX_audit_action', columnNames: ['action'] }),
          new TableIndex({ name: 'IDX_audit_entity', columnNames: ['entityType', 'entityId'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_events', 'login_failures', 'sessions', 'users', 'unit_renames', 'unit_successions', 'units']) {
      await q.dropTable(table);
    }
  }
}
