import { QueryRunner, TableColumnOptions } from 'typeorm';

// Column helpers for migrations written with TypeORM's database-neutral Table API.

export function timestampType(queryRunner: QueryRunner): string {
  return queryRunner.connection.driver.options.type === 'postgres' ? 'timestamp' : 'datetime';
}

export function idColumn(): TableColumnOptions {
  return { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
}

export function timestampColumns(queryRunner: QueryRunner): TableColumnOptions[] {
  const type = timestampType(queryRunner);
  return [
    { name: 'createdAt', type, default: 'CURRENT_TIMESTAMP' },
    { name: 'updatedAt', type, default: 'CURRENT_TIMESTAMP' },
  ];
}

export function text(name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions {
  return { name, type: 'varchar', length: String(length), ...extra };
}
