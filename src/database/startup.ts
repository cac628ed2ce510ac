import { Logger } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseErrorLine, databaseTrouble } from './availability';

/**
 * SQLite: ANALYZE the tables that were never analyzed or have grown or shrunk much since,
 * with a limit that keeps it short (0.2 s on 100,000 initiatives). See SqliteStatistics.
 */
export const SQLITE_OPTIMIZE = 'PRAGMA optimize=0x10002';

/** The key of the PostgreSQL advisory lock that instances take to change the schema one at a time. */
const MIGRATIONS_LOCK = 4_764_000_001;

/** The start gave up: the database could not be reached in the time allowed. One line, no stack. */
export class DatabaseStartError extends Error {
  constructor(message: string) {
    super(message);
    // Printed as it is by whoever reports it (Nest's start-up handler prints the stack).
    this.stack = message;
  }
}

/**
 * Connects, trying again while the server cannot be reached (it may be starting with the
 * machine) for up to `waitSeconds`: one log line per attempt, then one line to give up.
 * Other errors (a wrong password, a database that does not exist) fail at once.
 */
async function connect(options: DataSourceOptions, waitSeconds: number): Promise<DataSource> {
  const logger = new Logger('Database');
  const deadline = Date.now() + waitSeconds * 1000;
  for (let attempt = 1, delay = 1000; ; attempt++, delay = Math.min(delay * 2, 15_000)) {
    try {
      return await new DataSource({ ...options, migrationsRun: false }).initialize();
    } catch (e) {
      const line = databaseErrorLine(e);
      if (options.type !== 'postgres') throw e;
      if (databaseTrouble(e) !== 'unreachable' || /^3D000 /.test(line)) {
        throw new DatabaseStartError(`Không mở được cơ sở dữ liệu PostgreSQL: ${line}. Kiểm tra DATABASE_URL (máy, cổng, người dùng, mật khẩu, tên cơ sở dữ liệu).`);
      }
      if (Date.now() + delay > deadline) {
        throw new DatabaseStartError(`Không kết nối được cơ sở dữ liệu PostgreSQL sau ${attempt} lần thử trong ${waitSeconds} s (${line}); dừng khởi động. Kiểm tra máy chủ cơ sở dữ liệu rồi chạy lại.`);
      }
      logger.warn(`Chưa kết nối được cơ sở dữ liệu (${line}); thử lại sau ${delay / 1000} s (lần ${attempt}).`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * Opens the database and brings its schema up to date. On PostgreSQL several instances may
 * start together: each waits for an advisory lock, so one migrates and the others then
 * find nothing left to do.
 */
export async function openDatabase(options: DataSourceOptions, waitSeconds = 0): Promise<DataSource> {
  const db = await connect(options, waitSeconds);
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
