import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, text, timestampColumns, timestampType } from './columns';

/** Personal access tokens of the read-only JSON API: kept hashed, shown once, revoked by their owner. */
export class ApiTokens1766400000000 implements MigrationInterface {
  name = 'ApiTokens1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'api_tokens',
        columns: [
          idColumn(),
          ...timestampColumns(q),
          { name: 'userId', type: 'integer' },
          text('name', 100),
          text('tokenHash', 64),
          text('prefix', 16),
          { name: 'lastUsedAt', type: timestampType(q), isNullable: true },
          { name: 'revokedAt', type: timestampType(q), isNullable: true },
        ],
        foreignKeys: [new TableForeignKey({ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
        indices: [new TableIndex({ name: 'IDX_api_tokens_hash', columnNames: ['tokenHash'], isUnique: true }), new TableIndex({ name: 'IDX_api_tokens_user', columnNames: ['userId'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('api_tokens');
  }
}
