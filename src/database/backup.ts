// npm run db:backup -- --to /srv/sao-luu/sang-kien-2026-12-05.sqlite [--from data/app.sqlite]
//
// A consistent copy of the SQLite database while the application runs and writes: SQLite's
// VACUUM INTO, through a connection of this process's own, writes the database as one read
// transaction saw it (every write committed before it began, none after), compacted. The
// copy is written beside its destination under a temporary name, checked with
// PRAGMA integrity_check and only then renamed into place, so a file at the destination is
// always a whole, checked backup. The live database is read through SQLite only (never
// opened as a plain file) and never written to.
import 'reflect-metadata';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import sqlite3 from 'sqlite3';
import { closeSqlite as close, openSqlite, sqliteAll as all } from './sqlite-connection';

export class BackupRefusedError extends Error {}

export interface BackupReport {
  file: string;
  tables: number;
  bytes: number;
}

/** How long the backup waits for a lock held by the application (a checkpoint) before giving up. */
const BUSY_TIMEOUT_MS = 30_000;

/** The SQLite error code of an error from the driver ('SQLITE_NOTADB', …), if it has one. */
const codeOf = (e: unknown): string => String((e as { code?: string })?.code ?? '');

/**
 * Copies the SQLite database `from` into a new file `to` while others may be writing to it.
 * Refuses (BackupRefusedError, a one-line Vietnamese message) a missing source, a source
 * that is not an SQLite database, and a destination that already exists.
 */
export async function backupDatabase(from: string, to: string): Promise<BackupReport> {
  const source = resolve(from);
  const target = resolve(to);
  if (!existsSync(source)) throw new BackupRefusedError(`Không có tệp cơ sở dữ liệu "${from}".`);
  if (target === source) throw new BackupRefusedError('Tệp sao lưu phải khác tệp cơ sở dữ liệu đang dùng.');
  if (existsSync(target)) throw new BackupRefusedError(`Đã có tệp "${to}": hãy chọn tên khác (ví dụ kèm ngày), bản sao lưu không ghi đè tệp nào.`);
  if (!existsSync(dirname(target))) throw new BackupRefusedError(`Không có thư mục "${dirname(to)}".`);

  // Read-write without "create": SQLite needs to take part in the write-ahead log's locking,
  // but a mistyped path must not become an empty database.
  let db: sqlite3.Database;
  try {
    db = await openSqlite(source, sqlite3.OPEN_READWRITE, BUSY_TIMEOUT_MS);
  } catch (e) {
    throw new BackupRefusedError(`Không mở được "${from}": ${(e as Error).message}`);
  }
  const partial = join(dirname(target), `.${basename(target)}.${process.pid}.dang-sao-luu`);
  try {
    try {
      await all(db, 'SELECT COUNT(*) FROM sqlite_master');
    } catch (e) {
      if (codeOf(e) === 'SQLITE_NOTADB') throw new BackupRefusedError(`"${from}" không phải là tệp cơ sở dữ liệu SQLite.`);
      throw e;
    }
    rmSync(partial, { force: true });
    await all(db, 'VACUUM INTO ?', [partial]);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    await close(db);
  }

  // The copy is opened and checked as a database of its own before it takes its name.
  let report: Omit<BackupReport, 'file'>;
  try {
    const copy = await openSqlite(partial, sqlite3.OPEN_READONLY);
    try {
      const check = await all<{ integrity_check: string }>(copy, 'PRAGMA integrity_check');
      if (check.length !== 1 || check[0].integrity_check !== 'ok') {
        throw new Error(`bản sao không qua kiểm tra toàn vẹn: ${check.map((r) => r.integrity_check).join('; ')}`);
      }
      const [{ n }] = await all<{ n: number }>(copy, `SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'`);
      const [{ bytes }] = await all<{ bytes: number }>(copy, 'SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()');
      report = { tables: n, bytes };
    } finally {
      await close(copy);
    }
    renameSync(partial, target);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
  return { file: target, ...report };
}

function argument(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The application's database file, as the settings name it (DATA_DIR, DATABASE_FILE). */
function applicationDatabase(): string {
  const dataDir = process.env.DATA_DIR?.trim() || 'data';
  return join(isAbsolute(dataDir) ? dataDir : resolve(process.cwd(), dataDir), process.env.DATABASE_FILE?.trim() || 'app.sqlite');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const to = argument(args, '--to');
  if (!to) {
    console.error('Cách dùng: npm run db:backup -- --to <tệp sao lưu> [--from <tệp SQLite>, mặc định DATA_DIR/DATABASE_FILE]');
    process.exit(2);
  }
  if (process.env.DATABASE_URL?.trim() && !argument(args, '--from')) {
    console.error('Ứng dụng đang dùng PostgreSQL (DATABASE_URL): sao lưu bằng pg_dump, ví dụ pg_dump -Fc -d "$DATABASE_URL" -f sang-kien.dump (xem README, mục Sao lưu).');
    process.exit(2);
  }
  const from = argument(args, '--from') ?? applicationDatabase();
  backupDatabase(from, to)
    .then((report) => {
      process.stdout.write(`Đã sao lưu ${from} vào ${report.file}: ${report.tables} bảng, ${(report.bytes / 1024 / 1024).toFixed(1)} MB, kiểm tra toàn vẹn: ok.\n`);
    })
    .catch((e: Error) => {
      console.error(e instanceof BackupRefusedError ? e.message : `Sao lưu không thành công: ${e.message}`);
      process.exit(1);
    });
}
