// npm run db:copy -- --from data/app.sqlite --to postgres://user@host:5432/province
//
// Moves a district's SQLite database into an empty PostgreSQL database, all or nothing: the
// schema is made by the same migrations the application runs, every row of every table is
// copied with its key, sequences are set past the highest id, the search index is carried
// over, and each table's row count is checked on both sides — all in one PostgreSQL
// transaction, committed only once the counts agree. Any failure rolls back the schema
// too, so the target is left as empty as it was and the copy can simply be run again.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import sqlite3 from 'sqlite3';
import { closeSqlite, openSqlite, sqliteAll } from './sqlite-connection';
import { DataSource, MigrationExecutor, QueryRunner } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { MIGRATIONS } from './migrations';
import { searchWords } from './search/initiative-search';
import { InitiativeStatus } from '../initiatives/initiative-status';

/** Tables of SQLite's own or of its full-text index, and the migration log (remade by the migrations). */
const NOT_COPIED = /^(sqlite_|initiatives_fts|migrations$)/;
const BATCH = 500;
/** A table without a primary key is read in the order of its rowid (a WITHOUT ROWID table always has a key). */
const ROWID = 'rowid';
/** The column name under which a keyless table's rowid is read alongside its columns. */
const ROWID_ALIAS = '__copy_rowid';

export interface CopyReport {
  tables: { table: string; rows: number }[];
  searchRows: number;
}

/** A refusal the office can act on: the command prints its message, one line, without a stack trace. */
export class CopyRefusedError extends Error {}

interface TargetColumn {
  name: string;
  type: string;
  /** varchar(n): n. */
  maxLength: number | null;
}

const ident = (name: string) => (name === ROWID ? ROWID : `"${name.replace(/"/g, '""')}"`);
/** A driver's message on one line (PostgreSQL's details may span several). */
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/**
 * The SQLite database being copied, opened read-only: it may be the live file of a running
 * office, so the copy never writes to it and reads it through SQLite alone (a descriptor
 * Node opened on it and closed again would drop SQLite's locks: STACK-NOTES.md). Every read
 * happens in one read transaction, so that the pages, the checks and the row counts see the
 * same rows while the application goes on writing.
 */
export class SqliteSource {
  private constructor(
    private readonly db: sqlite3.Database,
    readonly file: string,
  ) {}

  static async open(file: string): Promise<SqliteSource> {
    // Asked of the file system, not by opening the file; a clearer message than SQLite's.
    if (!existsSync(file)) throw new CopyRefusedError(`Không có tệp SQLite "${file}".`);
    const db = await openSqlite(file, sqlite3.OPEN_READONLY, 5000).catch((e: unknown) => Promise.reject(sourceRefusal(file, e)));
    const source = new SqliteSource(db, file);
    try {
      await source.all('BEGIN');
      // The first read of the file: one that is not an SQLite database is refused here (SQLITE_NOTADB).
      await source.all('PRAGMA schema_version');
    } catch (e) {
      await source.close();
      throw sourceRefusal(file, e);
    }
    return source;
  }

  all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return sqliteAll<T>(this.db, sql, params);
  }

  /** Ends the read transaction with the connection. */
  close(): Promise<void> {
    return closeSqlite(this.db);
  }
}

/** What SQLite said about the source file, as the office can act on it. */
function sourceRefusal(file: string, e: unknown): Error {
  const code = (e as { code?: string }).code ?? '';
  const message = oneLine((e as Error).message ?? String(e));
  if (code === 'SQLITE_NOTADB') return new CopyRefusedError(`Tệp "${file}" không phải cơ sở dữ liệu SQLite.`);
  if (code === 'SQLITE_CORRUPT') return new CopyRefusedError(`Tệp SQLite "${file}" bị hỏng (${message}): hãy chép từ một bản sao lưu còn tốt.`);
  if (['SQLITE_CANTOPEN', 'SQLITE_PERM', 'SQLITE_AUTH', 'SQLITE_READONLY', 'SQLITE_IOERR'].includes(code)) {
    return new CopyRefusedError(`Không mở được tệp SQLite "${file}" để đọc (${message}): hãy kiểm tra quyền đọc tệp và thư mục chứa nó.`);
  }
  return e instanceof Error ? e : new Error(message);
}

/** The columns a table is read in the order of: its primary key in key order, whatever their types; else the rowid. */
async function keyOf(source: SqliteSource, table: string): Promise<string[]> {
  const key = await source.all<{ name: string }>(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, [table]);
  return key.length > 0 ? key.map((c) => c.name) : [ROWID];
}

/**
 * A table's rows, page by page, in the order of its key: each page starts after the key of
 * the last row read (a row value for a composite key), so every row is read once whatever
 * the key's type (a text key sorts as text: "-x" before "0") and however many rows there are.
 */
export async function* pagesOf(source: SqliteSource, table: string, batch = BATCH): AsyncGenerator<Record<string, unknown>[]> {
  const key = await keyOf(source, table);
  const keyless = key[0] === ROWID;
  const columns = keyless ? `${ROWID} AS "${ROWID_ALIAS}", *` : '*';
  const order = key.map(ident).join(', ');
  const after = `(${order}) > (${key.map(() => '?').join(', ')})`;
  let last: unknown[] | null = null;
  for (;;) {
    const rows: Record<string, unknown>[] = await source.all(`SELECT ${columns} FROM ${ident(table)}${last ? ` WHERE ${after}` : ''} ORDER BY ${order} LIMIT ${batch}`, last ?? []);
    if (rows.length === 0) return;
    const end: Record<string, unknown> = rows[rows.length - 1];
    last = keyless ? [end[ROWID_ALIAS]] : key.map((k) => end[k]);
    if (keyless) for (const row of rows) delete row[ROWID_ALIAS];
    yield rows;
    if (rows.length < batch) return;
  }
}

/** Tables in an order that inserts every row after the rows it points to (self-references aside). */
function insertionOrder(tables: string[], dependsOn: Map<string, Set<string>>): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (done.has(t) || path.has(t)) return;
    path.add(t);
    for (const d of dependsOn.get(t) ?? []) if (d !== t && tables.includes(d)) visit(d, path);
    done.add(t);
    order.push(t);
  };
  for (const t of [...tables].sort()) visit(t, new Set());
  return order;
}

/** A value as PostgreSQL's column wants it: SQLite keeps booleans as 0/1 and times as UTC text. */
function convert(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value === 1 || value === '1' || value === true;
  if (type.startsWith('timestamp') && typeof value === 'string') {
    const iso = value.includes('T') ? value : value.replace(' ', 'T');
    return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  }
  return value;
}

const INTEGER_RANGE: Record<string, [number, number]> = { smallint: [-32768, 32767], integer: [-2147483648, 2147483647] };

/** A row named by its key, as the office finds it again: `dòng 15`, `dòng id="-x…"`, `dòng (b=1, a="x")`. */
function rowLabel(key: string[], values: unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"` : String(v)));
  if (key.length === 1 && typeof values[0] === 'number') return `dòng ${values[0]}`;
  const pairs = key.map((k, i) => `${k}=${shown[i]}`);
  return `dòng ${pairs.length === 1 ? pairs[0] : `(${pairs.join(', ')})`}`;
}

/**
 * SQLite keeps text of any length in a column declared varchar(n), and any integer in an
 * integer column; PostgreSQL refuses both and the copy would stop half-way with its own
 * message. Every such value, in every table whatever its key, is found first and named
 * (table, column, row), so the office can correct it and copy again.
 */
async function checkLimits(source: SqliteSource, tables: string[], columns: Map<string, TargetColumn[]>): Promise<void> {
  const refused: string[] = [];
  for (const table of tables) {
    const sourceCols = new Set((await source.all<{ name: string }>(`SELECT name FROM pragma_table_info(?)`, [table])).map((r) => r.name));
    const key = await keyOf(source, table);
    const keyColumns = key.map((k, i) => `${ident(k)} AS "k${i}"`).join(', ');
    const keyValues = (row: Record<string, unknown>) => key.map((_, i) => row[`k${i}`]);
    for (const c of columns.get(table) ?? []) {
      if (!sourceCols.has(c.name)) continue;
      const col = ident(c.name);
      if (c.maxLength) {
        const rows = await source.all<Record<string, unknown> & { n: number }>(`SELECT ${keyColumns}, length(${col}) AS "n" FROM ${ident(table)} WHERE length(${col}) > ? LIMIT 5`, [c.maxLength]);
        for (const r of rows) refused.push(`${table}.${c.name} ${rowLabel(key, keyValues(r))}: ${r.n} ký tự (tối đa ${c.maxLength})`);
      }
      const range = INTEGER_RANGE[c.type];
      if (range) {
        const rows = await source.all<Record<string, unknown> & { v: number }>(
          `SELECT ${keyColumns}, ${col} AS "v" FROM ${ident(table)} WHERE typeof(${col}) IN ('integer', 'real') AND (${col} < ? OR ${col} > ?) LIMIT 5`,
          range,
        );
        for (const r of rows) refused.push(`${table}.${c.name} ${rowLabel(key, keyValues(r))}: ${r.v} (số nguyên từ ${range[0]} đến ${range[1]})`);
      }
    }
  }
  if (refused.length > 0) {
    throw new CopyRefusedError(`Có giá trị vượt giới hạn cột ở PostgreSQL; chưa chép gì, cơ sở dữ liệu đích vẫn trống. Hãy sửa lại rồi chép lại: ${refused.join('; ')}.`);
  }
}

/** The target as the messages name it: never the URL itself, which may hold a password. */
interface TargetName {
  server: string;
  database: string;
  user: string;
}

function targetName(url: string): TargetName {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all: refused just below, as one of another scheme is.
  }
  if (!parsed || (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')) {
    throw new CopyRefusedError('Địa chỉ đích phải có dạng postgres://người_dùng@máy_chủ:cổng/tên_cơ_sở_dữ_liệu.');
  }
  const user = decodeURIComponent(parsed.username) || process.env.PGUSER || process.env.USER || '';
  return { server: `${parsed.hostname || 'localhost'}:${parsed.port || 5432}`, database: decodeURIComponent(parsed.pathname.slice(1)) || user, user };
}

/** Whether an error came from PostgreSQL about a statement (an SQLSTATE code), as opposed to a fault of this program. */
const fromPostgres = (e: unknown): e is Error & { code: string; detail?: string } => /^[0-9A-Z]{5}$/.test(String((e as { code?: unknown }).code ?? ''));

const UNREACHABLE = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'];

/** A PostgreSQL error about the target itself (missing, unreachable, no access) as one line; null for any other. */
function accessRefusal(to: TargetName, e: unknown): CopyRefusedError | null {
  const error = e as { code?: string; errors?: { code?: string }[]; message?: string };
  const code = error.code ?? error.errors?.find((x) => x.code)?.code ?? '';
  const message = oneLine(error.message ?? String(e));
  if (code === '3D000') {
    return new CopyRefusedError(`Máy chủ PostgreSQL ${to.server} không có cơ sở dữ liệu "${to.database}": hãy tạo một cơ sở dữ liệu trống (CREATE DATABASE "${to.database}") rồi chép lại.`);
  }
  if (code === '28P01' || code === '28000') {
    return new CopyRefusedError(`Máy chủ PostgreSQL ${to.server} không cho người dùng "${to.user}" vào cơ sở dữ liệu "${to.database}" (${message}): hãy kiểm tra tên người dùng và mật khẩu trong --to.`);
  }
  if (code === '42501') {
    return new CopyRefusedError(
      `Người dùng "${to.user}" không đủ quyền trên cơ sở dữ liệu "${to.database}" ở ${to.server} (${message}): cần quyền kết nối và tạo bảng, ví dụ là chủ của cơ sở dữ liệu (CREATE DATABASE … OWNER "${to.user}"). Chưa chép gì.`,
    );
  }
  // pg-pool reports its connection timeout without a code.
  if (UNREACHABLE.includes(code) || (!fromPostgres(e) && /timeout|timed out/i.test(message))) {
    return new CopyRefusedError(`Không kết nối được tới máy chủ PostgreSQL ${to.server} (${code || message}): hãy kiểm tra tên máy, cổng và máy chủ có đang chạy.`);
  }
  return null;
}

async function connectTarget(to: TargetName, url: string): Promise<DataSource> {
  // No query log: a failed INSERT would print its rows; failures are reported here, in one line.
  const target = new DataSource({ ...dataSourceOptions('', undefined, { url, poolSize: 2 }), migrationsRun: false, logging: false });
  try {
    await target.initialize();
  } catch (e) {
    throw accessRefusal(to, e) ?? new CopyRefusedError(`Không kết nối được tới PostgreSQL ${to.server}, cơ sở dữ liệu "${to.database}": ${oneLine((e as Error).message ?? String(e))}`);
  }
  return target;
}

export async function copyDatabase(fromFile: string, toUrl: string, log: (line: string) => void = () => undefined): Promise<CopyReport> {
  const to = targetName(toUrl);
  const source = await SqliteSource.open(fromFile);
  try {
    // The same version of the application on both sides: the source has run every migration there is.
    const hasLog = await source.all(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`);
    if (hasLog.length === 0) throw new CopyRefusedError(`Tệp SQLite "${fromFile}" không phải cơ sở dữ liệu của ứng dụng này (không có bảng migrations).`);
    const done = (await source.all<{ name: string }>(`SELECT name FROM migrations`)).map((r) => r.name).sort();
    const known = MIGRATIONS.map((M) => new M().name ?? M.name).sort();
    if (done.join() !== known.join()) {
      throw new CopyRefusedError('Cơ sở dữ liệu SQLite không cùng phiên bản với ứng dụng này: hãy chạy ứng dụng (phiên bản này) trên tệp đó một lần để cập nhật lược đồ, rồi chép lại.');
    }
    const target = await connectTarget(to, toUrl);
    try {
      const runner = target.createQueryRunner();
      try {
        return await copyInOneTransaction(source, target, runner, to, log);
      } finally {
        await runner.release();
      }
    } finally {
      await target.destroy();
    }
  } finally {
    await source.close();
  }
}

/**
 * Schema and rows in one PostgreSQL transaction (its DDL is transactional): the migrations,
 * the checks, the rows and the counts, then the commit. Whatever fails before the commit
 * rolls all of it back, the tables the migrations made included.
 */
async function copyInOneTransaction(source: SqliteSource, target: DataSource, runner: QueryRunner, to: TargetName, log: (line: string) => void): Promise<CopyReport> {
  let table = '';
  try {
    await runner.connect();
    await runner.startTransaction();
    // Reading SQLite between two statements may take a while on a large file: the server's
    // limit on idle transactions guards the application's, not this one.
    await runner.query(`SET LOCAL idle_in_transaction_session_timeout = 0`);
    const existing = (await runner.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)) as { table_name: string }[];
    if (existing.length > 0) {
      throw new CopyRefusedError(`Cơ sở dữ liệu đích không trống (đã có ${existing.length} bảng, ví dụ "${existing[0].table_name}"). Hãy dùng một cơ sở dữ liệu PostgreSQL mới, trống.`);
    }
    const migrations = new MigrationExecutor(target, runner);
    // Inside the transaction already open on this runner: the executor neither commits nor rolls back.
    migrations.transaction = 'all';
    await migrations.executePendingMigrations();
    log('Đã tạo lược đồ bằng migration (chưa lưu cho tới khi chép xong).');

    const sourceTables = (await source.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)).map((r) => r.name).filter((n) => !NOT_COPIED.test(n));
    const columns = new Map<string, TargetColumn[]>();
    for (const row of (await runner.query(
      `SELECT table_name, column_name, data_type, is_generated, character_maximum_length FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY ordinal_position`,
    )) as { table_name: string; column_name: string; data_type: string; is_generated: string; character_maximum_length: number | null }[]) {
      if (row.is_generated === 'ALWAYS') continue;
      columns.set(row.table_name, [...(columns.get(row.table_name) ?? []), { name: row.column_name, type: row.data_type, maxLength: row.character_maximum_length }]);
    }
    const missing = sourceTables.filter((t) => !columns.has(t));
    if (missing.length > 0) throw new CopyRefusedError(`Bảng không có ở đích (phiên bản khác nhau?): ${missing.join(', ')}. Chưa chép gì.`);
    await checkLimits(source, sourceTables, columns);

    const references = (await runner.query(
      `SELECT tc.table_name AS "table", kcu.column_name AS "column", ccu.table_name AS "refers"
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
         JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
        WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()`,
    )) as { table: string; column: string; refers: string }[];
    const dependsOn = new Map<string, Set<string>>();
    for (const r of references) dependsOn.set(r.table, new Set([...(dependsOn.get(r.table) ?? []), r.refers]));
    const selfColumns = (t: string) => references.filter((r) => r.table === t && r.refers === t).map((r) => r.column);

    const report: CopyReport = { tables: [], searchRows: 0 };
    // Rows some migrations seed (the six reform fields) come from the source instead.
    await runner.query(`TRUNCATE ${sourceTables.map(ident).join(', ')} RESTART IDENTITY CASCADE`);
    for (table of insertionOrder(sourceTables, dependsOn)) {
      const cols = columns.get(table) as TargetColumn[];
      const sourceCols = new Set((await source.all<{ name: string }>(`SELECT name FROM pragma_table_info(?)`, [table])).map((r) => r.name));
      const shared = cols.filter((c) => sourceCols.has(c.name));
      const typeOf = (name: string) => shared.find((c) => c.name === name)?.type ?? '';
      const key = await keyOf(source, table);
      // A row may point at a later row of its own table: those links are set, by key, once all rows are in.
      const keyed = key.every((k) => shared.some((c) => c.name === k));
      const later = keyed ? selfColumns(table).filter((c) => sourceCols.has(c) && !key.includes(c)) : [];
      const links: { key: unknown[]; column: string; value: unknown }[] = [];
      let copied = 0;
      for await (const rows of pagesOf(source, table)) {
        const values: unknown[] = [];
        const tuples = rows.map((row) => {
          const placeholders = shared.map((c) => {
            values.push(later.includes(c.name) ? null : convert(row[c.name], c.type));
            return `$${values.length}`;
          });
          return `(${placeholders.join(', ')})`;
        });
        await runner.query(`INSERT INTO ${ident(table)} (${shared.map((c) => ident(c.name)).join(', ')}) VALUES ${tuples.join(', ')}`, values);
        for (const column of later) for (const row of rows) if (row[column] !== null && row[column] !== undefined) links.push({ key: key.map((k) => row[k]), column, value: row[column] });
        copied += rows.length;
      }
      const where = `(${key.map(ident).join(', ')}) = (${key.map((_, i) => `$${i + 2}`).join(', ')})`;
      for (const l of links) {
        await runner.query(`UPDATE ${ident(table)} SET ${ident(l.column)} = $1 WHERE ${where}`, [convert(l.value, typeOf(l.column)), ...l.key.map((v, i) => convert(v, typeOf(key[i])))]);
      }
      if (shared.some((c) => c.name === 'id' && c.type === 'integer')) {
        const [sequence] = (await runner.query(`SELECT pg_get_serial_sequence($1, 'id') AS name`, [ident(table)])) as { name: string | null }[];
        if (sequence?.name) await runner.query(`SELECT setval($1, COALESCE(MAX("id"), 1), MAX("id") IS NOT NULL) FROM ${ident(table)}`, [sequence.name]);
      }
      report.tables.push({ table, rows: copied });
      log(`${table}: ${copied} dòng`);
    }

    // The search index, folded into the words both databases index.
    table = 'initiatives_search';
    let searchSource = 0;
    if ((await source.all(`SELECT name FROM sqlite_master WHERE name = 'initiatives_fts'`)).length > 0) {
      for (let last: number | null = null; ; ) {
        const rows: { id: number; content: string }[] = await source.all(
          `SELECT rowid AS "id", "content" FROM "initiatives_fts"${last === null ? '' : ' WHERE rowid > ?'} ORDER BY rowid LIMIT ${BATCH}`,
          last === null ? [] : [last],
        );
        if (rows.length === 0) break;
        // Each entry filed under its initiative's year and field, copied before it.
        await runner.query(
          `INSERT INTO "initiatives_search" ("id", "content", "year", "fieldId")
             SELECT "v"."id", "v"."content", "i"."year", "i"."fieldId" FROM (VALUES ${rows.map((_, i) => `($${2 * i + 1}::integer, $${2 * i + 2}::text)`).join(', ')}) "v"("id", "content") JOIN "initiatives" "i" ON "i"."id" = "v"."id"`,
          rows.flatMap((r) => [r.id, searchWords(r.content).join(' ')]),
        );
        report.searchRows += rows.length;
        last = rows[rows.length - 1].id;
      }
      const [{ n }] = await source.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "initiatives_fts"`);
      searchSource = n;
      // The public catalogue's entries (SQLite's second index holds the same words).
      await runner.query(`UPDATE "initiatives_search" "s" SET "public" = true FROM "initiatives" "i" WHERE "i"."id" = "s"."id" AND "i"."status" = $1`, [InitiativeStatus.Recognized]);
    }

    // Counted on both sides before the commit: the source in the same read transaction as the pages.
    table = '';
    const mismatches: string[] = [];
    for (const { table: t, rows } of [...report.tables, { table: 'initiatives_search', rows: report.searchRows }]) {
      const [a] = t === 'initiatives_search' ? [{ n: searchSource }] : await source.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM ${ident(t)}`);
      const [b] = (await runner.query(`SELECT COUNT(*) AS "n" FROM ${ident(t)}`)) as { n: number | string }[];
      if (Number(a.n) !== rows || Number(b.n) !== rows) mismatches.push(`${t}: ${a.n} → ${b.n}`);
    }
    if (mismatches.length > 0) {
      throw new CopyRefusedError(`Số dòng không khớp giữa hai bên (${mismatches.join('; ')}); chưa lưu gì, cơ sở dữ liệu đích vẫn trống.`);
    }
    await runner.commitTransaction();
    return report;
  } catch (e) {
    // Nothing is committed: rolling back removes the rows and the schema alike. Should the
    // rollback itself fail (the connection lost), PostgreSQL discards the open transaction
    // with its connection, so the first error is the one worth reporting.
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    if (e instanceof CopyRefusedError) throw e;
    const unreadable = String((e as { code?: unknown }).code).startsWith('SQLITE_') ? sourceRefusal(source.file, e) : null;
    if (unreadable instanceof CopyRefusedError) throw unreadable;
    const refusal = accessRefusal(to, e);
    if (refusal) throw refusal;
    if (fromPostgres(e) && table) {
      throw new CopyRefusedError(
        `PostgreSQL không nhận dữ liệu của bảng "${table}" (${e.code}: ${oneLine(e.message)}${e.detail ? `; ${oneLine(e.detail)}` : ''}); chưa chép gì, cơ sở dữ liệu đích vẫn trống. Hãy sửa dữ liệu trong tệp SQLite rồi chép lại.`,
      );
    }
    throw e;
  }
}

function argument(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const from = argument(args, '--from');
  const to = argument(args, '--to');
  if (!from || !to) {
    console.error('Cách dùng: npm run db:copy -- --from <tệp SQLite> --to <postgres://…>');
    process.exit(2);
  }
  copyDatabase(from, to, (line) => process.stdout.write(`${line}\n`))
    .then((report) => {
      const rows = report.tables.reduce((a, t) => a + t.rows, 0);
      process.stdout.write(`Xong: ${report.tables.length} bảng, ${rows} dòng, ${report.searchRows} mục tìm kiếm; số dòng từng bảng khớp hai bên.\n`);
    })
    .catch((e: Error) => {
      console.error(e instanceof CopyRefusedError ? e.message : e);
      process.exit(1);
    });
}
