import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import pg, { types } from 'pg';
import sqlite3 from 'sqlite3';
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
    // Times are kept in UTC whatever the time zones of the app's machine and of the server:
    // written as UTC, read as UTC, and the database's own CURRENT_TIMESTAMP in UTC too.
    pg.defaults.parseInputDatesAsUTC = true;
    types.setTypeParser(types.builtins.TIMESTAMP, (v: string) => new Date(`${v.replace(' ', 'T')}Z`));
    return {
      type: 'postgres',
      url: postgres.url,
      extra: {
        max: postgres.poolSize,
        connectionTimeoutMillis: 10_000,
        // A stuck lock or a transaction left open never holds the instance for long. No
        // parallel workers per query: many short queries at once are this app's load, and on
        // a small server each search spawning two workers made ten concurrent first-time
        // searches 4× slower (bench, 100,000 initiatives: 7.2 → 28.4 req/s).
        options: '-c TimeZone=UTC -c lock_timeout=15000 -c idle_in_transaction_session_timeout=60000 -c max_parallel_workers_per_gather=0',
      },
      ...common,
    };
  }
  mkdirSync(dataDir, { recursive: true });
  return {
    type: 'sqlite',
    // TypeORM calls the driver's verbose(), which wraps every statement to keep a stack
    // trace (an Error and util.inspect of the SQL per query); errors are logged by TypeORM
    // with their SQL anyway, so the driver is handed over in its plain form.
    driver: { ...sqlite3, verbose: () => sqlite3 },
    database: join(dataDir, databaseFile),
    enableWAL: true,
    busyTimeout: 5000,
    ...common,
  };
}
