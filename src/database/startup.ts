import { DataSource, DataSourceOptions } from 'typeorm';

/**
 * SQLite: ANALYZE the tables that were never analyzed or have grown or shrunk much since,
 * with a limit that keeps it short (0.2 s on 100,000 initiatives). See SqliteStatistics.
 */
export const SQLITE_OPTIMIZE = 'PRAGMA optimize=0x10002';

/** The key of the PostgreSQL advisory lock that instances take to change the schema one at a time. */
const MIGRATIONS_LOCK = 4_764_000_001;

/**
 * Opens the database and brings its schema up to date. On PostgreSQL several instances may
 * start together: each waits for an advisory lock, so one migrates and the others then
 * find nothing left to do.
 */
export async function openDatabase(options: DataSourceOptions): Promise<DataSource> {
  const db = await new DataSource({ ...options, migrationsRun: false }).initialize();
  if (options.type !== 'postgres') {
    await db.runMigrations({ transaction: 'each' });
    // Statistics for the query planner, before any reader opens (see SqliteStatistics).
    await db.query(SQLITE_OPTIMIZE);
    return db;
  }
  const lock = db.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATIONS_LOCK]);
    await db.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATIONS_LOCK]).catch(() => undefined);
    await lock.release();
  }
  return db;
}
