import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * The one place that knows the database is SQLite: the file, its pragmas
 * (foreign keys are switched on by TypeORM's SQLite driver itself).
 */
export function dataSourceOptions(dataDir: string, databaseFile = process.env.DATABASE_FILE || 'app.sqlite'): DataSourceOptions {
  mkdirSync(dataDir, { recursive: true });
  return {
    type: 'sqlite',
    database: join(dataDir, databaseFile),
    enableWAL: true,
    busyTimeout: 5000,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
  };
}
