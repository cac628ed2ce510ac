import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * The one place that chooses the database: PostgreSQL when a URL is given (a pool of
 * connections per instance), otherwise SQLite in DATA_DIR (foreign keys are switched on
 * by TypeORM's SQLite driver itself).
 */
export function dataSourceOptions(dataDir: string, databaseFile = process.env.DATABASE_FILE || 'app.sqlite', postgres?: { url: string; poolSize: number }): DataSourceOptions {
  const common = {
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: ['error' as const],
  };
  if (postgres) {
    // Values read as SQLite gives them, also in raw queries: dates as 'yyyy-mm-dd' (not a
    // Date at local midnight) and 64-bit integers (counts, sums) as numbers — every one of
    // ours stays far below 2^53.
    types.setTypeParser(types.builtins.DATE, (v: string) => v);
    types.setTypeParser(types.builtins.INT8, (v: string) => Number(v));
    return { type: 'postgres', url: postgres.url, extra: { max: postgres.poolSize }, ...common };
  }
  mkdirSync(dataDir, { recursive: true });
  return {
    type: 'sqlite',
    database: join(dataDir, databaseFile),
    enableWAL: true,
    busyTimeout: 5000,
    ...common,
  };
}
