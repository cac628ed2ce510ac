import { open } from 'node:fs/promises';
import { DataSource } from 'typeorm';

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Throws unless the database can really be read: a row of a real table (a bare SELECT 1
 * touches no data), and for SQLite the file itself as it is on disk now — its open
 * connection keeps answering from cache after the file was removed, made unreadable or
 * overwritten.
 */
export async function checkDatabase(db: DataSource): Promise<void> {
  await db.query('SELECT "id" FROM "users" ORDER BY "id" LIMIT 1');
  if (db.options.type !== 'sqlite') return;
  const handle = await open(db.options.database, 'r');
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    await handle.read(header, 0, header.length, 0);
    if (header.toString('latin1') !== SQLITE_HEADER) throw new Error('the database file is not an SQLite database any more');
  } finally {
    await handle.close();
  }
}
