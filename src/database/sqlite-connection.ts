import sqlite3 from 'sqlite3';

/*
 * A connection of the sqlite3 driver of its own, beside TypeORM's (the read pool's readers,
 * db:backup, db:copy's source), as promises. The file is always opened through SQLite:
 * never as a plain file from Node (see health.ts for why).
 */

/** Opens `file` with the driver's flags (no OPEN_CREATE: a mistyped path is an error, not an empty database). */
export function openSqlite(file: string, mode: number, busyTimeoutMs?: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (err) => {
      if (err) return reject(err);
      if (busyTimeoutMs !== undefined) db.configure('busyTimeout', busyTimeoutMs);
      resolve(db);
    });
  });
}

/** Every row of a statement (SQL with `?` placeholders). */
export function sqliteAll<T>(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => db.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))));
}

export function closeSqlite(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
}
