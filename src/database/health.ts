import { stat } from 'node:fs/promises';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { UnitOfWork } from './unit-of-work';

/** Which file a path names: the same path may come to name another file (replaced, removed). */
interface FileIdentity {
  dev: number;
  ino: number;
}

/**
 * Whether the database can really be read. Reads a row of a real table (a bare SELECT 1
 * touches no data) through the application's own connection. For SQLite it also checks,
 * with `stat` only, that the file the connection has open is still the one at that path
 * and that its write-ahead log is still there: the connection keeps answering from its
 * cache after the file was removed or replaced, and it writes into a log that someone
 * deleted — what it writes there is lost at the next restart.
 *
 * The database file, its `-wal` and `-shm` are never opened from Node: on Linux closing
 * any descriptor of a file drops every POSIX lock this process holds on it, SQLite's
 * included, and the next outside `sqlite3` process then believes it is alone, checkpoints
 * and deletes the live write-ahead log.
 */
@Injectable()
export class DatabaseHealth implements OnModuleInit {
  private database: FileIdentity | null = null;
  private wal: FileIdentity | null = null;

  constructor(private readonly uow: UnitOfWork) {}

  private get file(): string | null {
    const options = this.uow.manager.connection.options;
    return options.type === 'sqlite' && options.database !== ':memory:' ? options.database : null;
  }

  /** The files as the application opened them (migrations ran: the log exists in WAL mode). */
  async onModuleInit(): Promise<void> {
    const file = this.file;
    if (!file) return;
    this.database = await identity(file);
    this.wal = await identity(`${file}-wal`).catch(() => null);
  }

  /** Throws with the reason unless the database can be read and its files are the application's own. */
  async check(): Promise<void> {
    await this.uow.manager.query('SELECT "id" FROM "users" ORDER BY "id" LIMIT 1');
    const file = this.file;
    if (!file || !this.database) return;
    const now = await identity(file).catch(() => null);
    if (!now) throw new Error('the database file is gone');
    if (!same(now, this.database)) throw new Error('the database file was replaced by another');
    if (this.wal) {
      const wal = await identity(`${file}-wal`).catch(() => null);
      if (!wal || !same(wal, this.wal)) throw new Error('the write-ahead log the application writes into was removed');
    }
  }
}

async function identity(path: string): Promise<FileIdentity> {
  const s = await stat(path);
  return { dev: s.dev, ino: s.ino };
}

const same = (a: FileIdentity, b: FileIdentity) => a.dev === b.dev && a.ino === b.ino;
