// npm run db:copy -- --from data/app.sqlite --to postgres://user@host:5432/province
//
// Moves a district's SQLite database into an empty PostgreSQL database: the schema is made
// by the same migrations the application runs, then every row of every table is copied
// with its id, sequences are set past the highest id, the search index is carried over,
// and each table's row count is checked on both sides.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { searchWords } from './search/initiative-search';

/** Tables of SQLite's own or of its full-text index, and the migration log (remade by the migrations). */
const NOT_COPIED = /^(sqlite_|initiatives_fts|migrations$)/;
const BATCH = 500;

export interface CopyReport {
  tables: { table: string; rows: number }[];
  searchRows: number;
}

export class CopyRefusedError extends Error {}

interface TargetColumn {
  name: string;
  type: string;
  /** varchar(n): n. */
  maxLength: number | null;
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

/**
 * SQLite keeps text of any length in a column declared varchar(n); PostgreSQL refuses it
 * and the whole copy would stop half-way through with its own message. Every such value
 * is found first and named (table, column, row), so the office can shorten it and copy again.
 */
async function checkLengths(source: DataSource, tables: string[], columns: Map<string, TargetColumn[]>): Promise<void> {
  const tooLong: string[] = [];
  for (const table of tables) {
    const sourceCols = new Set(((await source.query(`SELECT name FROM pragma_table_info('${table.replace(/'/g, "''")}')`)) as { name: string }[]).map((r) => r.name));
    for (const c of columns.get(table) ?? []) {
      if (!c.maxLength || !sourceCols.has(c.name)) continue;
      const rows = (await source.query(`SELECT rowid AS "row", length("${c.name}") AS "n" FROM "${table}" WHERE length("${c.name}") > ? LIMIT 5`, [c.maxLength])) as { row: number; n: number }[];
      for (const r of rows) tooLong.push(`${table}.${c.name} dòng ${r.row}: ${r.n} ký tự (tối đa ${c.maxLength})`);
    }
  }
  if (tooLong.length > 0) {
    throw new CopyRefusedError(`Có giá trị dài hơn cột ở PostgreSQL cho phép; chưa chép gì. Hãy sửa ngắn lại rồi chép lại: ${tooLong.join('; ')}.`);
  }
}

export async function copyDatabase(fromFile: string, toUrl: string, log: (line: string) => void = () => undefined): Promise<CopyReport> {
  // SQLite would make an empty file of a mistyped path.
  if (!existsSync(fromFile)) throw new CopyRefusedError(`Không có tệp SQLite "${fromFile}".`);
  const source = new DataSource({ type: 'sqlite', database: fromFile });
  const target = new DataSource({ ...dataSourceOptions('', undefined, { url: toUrl, poolSize: 2 }), migrationsRun: false });
  await source.initialize();
  await target.initialize();
  try {
    const existing = (await target.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)) as { table_name: string }[];
    if (existing.length > 0) {
      throw new CopyRefusedError(`Cơ sở dữ liệu đích không trống (đã có ${existing.length} bảng, ví dụ "${existing[0].table_name}"). Hãy dùng một cơ sở dữ liệu PostgreSQL mới, trống.`);
    }
    // The same version of the application on both sides: the source has run every migration there is.
    const done = ((await source.query(`SELECT name FROM migrations`).catch(() => [])) as { name: string }[]).map((r) => r.name).sort();
    const known = target.migrations.map((m) => m.name ?? m.constructor.name).sort();
    if (done.join() !== known.join()) {
      throw new CopyRefusedError('Cơ sở dữ liệu SQLite không cùng phiên bản với ứng dụng này: hãy chạy ứng dụng (phiên bản này) trên tệp đó một lần để cập nhật lược đồ, rồi chép lại.');
    }
    await target.runMigrations({ transaction: 'all' });
    log('Đã tạo lược đồ bằng migration.');

    const sourceTables = ((await source.query(`SELECT name FROM sqlite_master WHERE type = 'table'`)) as { name: string }[]).map((r) => r.name).filter((n) => !NOT_COPIED.test(n));
    const columns = new Map<string, TargetColumn[]>();
    for (const row of (await target.query(
      `SELECT table_name, column_name, data_type, is_generated, character_maximum_length FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY ordinal_position`,
    )) as { table_name: string; column_name: string; data_type: string; is_generated: string; character_maximum_length: number | null }[]) {
      if (row.is_generated === 'ALWAYS') continue;
      columns.set(row.table_name, [...(columns.get(row.table_name) ?? []), { name: row.column_name, type: row.data_type, maxLength: row.character_maximum_length }]);
    }
    const missing = sourceTables.filter((t) => !columns.has(t));
    if (missing.length > 0) throw new CopyRefusedError(`Bảng không có ở đích (phiên bản khác nhau?): ${missing.join(', ')}`);
    try {
      await checkLengths(source, sourceTables, columns);
    } catch (e) {
      // The target was empty: leave it empty again, so the copy can be run once the values are fixed.
      const made = (await target.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)) as { table_name: string }[];
      if (made.length) await target.query(`DROP TABLE ${made.map((t) => `"${t.table_name}"`).join(', ')} CASCADE`);
      throw e;
    }

    const references = (await target.query(
      `SELECT tc.table_name AS "table", kcu.column_name AS "column", ccu.table_name AS "refers"
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
         JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
        WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()`,
    )) as { table: string; column: string; refers: string }[];
    const dependsOn = new Map<string, Set<string>>();
    for (const r of references) dependsOn.set(r.table, new Set([...(dependsOn.get(r.table) ?? []), r.refers]));
    const selfColumns = (table: string) => references.filter((r) => r.table === table && r.refers === table).map((r) => r.column);

    const report: CopyReport = { tables: [], searchRows: 0 };
    await target.transaction(async (m) => {
      // Rows some migrations seed (the six reform fields) come from the source instead.
      await m.query(`TRUNCATE ${sourceTables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
      for (const table of insertionOrder(sourceTables, dependsOn)) {
        const cols = columns.get(table) as TargetColumn[];
        const sourceCols = new Set(((await source.query(`SELECT name FROM pragma_table_info('${table.replace(/'/g, "''")}')`)) as { name: string }[]).map((r) => r.name));
        const shared = cols.filter((c) => sourceCols.has(c.name));
        const later = selfColumns(table).filter((c) => sourceCols.has(c));
        const hasId = shared.some((c) => c.name === 'id');
        let copied = 0;
        // A row may point at a later row of its own table: those links are set once all rows are in.
        const links: [number, string, unknown][] = [];
        for (let offset = 0, lastId = 0; ; offset += BATCH) {
          const rows = (await (hasId
            ? source.query(`SELECT * FROM "${table}" WHERE "id" > ? ORDER BY "id" LIMIT ${BATCH}`, [lastId])
            : source.query(`SELECT * FROM "${table}" LIMIT ${BATCH} OFFSET ${offset}`))) as Record<string, unknown>[];
          if (rows.length === 0) break;
          if (hasId) lastId = Number(rows[rows.length - 1].id);
          const values: unknown[] = [];
          const tuples = rows.map((row) => {
            const placeholders = shared.map((c) => {
              values.push(later.includes(c.name) ? null : convert(row[c.name], c.type));
              return `$${values.length}`;
            });
            return `(${placeholders.join(', ')})`;
          });
          await m.query(`INSERT INTO "${table}" (${shared.map((c) => `"${c.name}"`).join(', ')}) VALUES ${tuples.join(', ')}`, values);
          for (const column of later) for (const row of rows) if (row[column] !== null && row[column] !== undefined) links.push([Number(row.id), column, row[column]]);
          copied += rows.length;
        }
        for (const [id, column, value] of links) await m.query(`UPDATE "${table}" SET "${column}" = $1 WHERE "id" = $2`, [value, id]);
        if (shared.some((c) => c.name === 'id' && c.type === 'integer')) {
          const [sequence] = (await m.query(`SELECT pg_get_serial_sequence('"${table}"', 'id') AS name`)) as { name: string | null }[];
          if (sequence?.name) await m.query(`SELECT setval($1, COALESCE(MAX("id"), 1), MAX("id") IS NOT NULL) FROM "${table}"`, [sequence.name]);
        }
        report.tables.push({ table, rows: copied });
        log(`${table}: ${copied} dòng`);
      }
      // The search index, folded into the words both databases index.
      const fts = (await source.query(`SELECT name FROM sqlite_master WHERE name = 'initiatives_fts'`)) as unknown[];
      if (fts.length > 0) {
        for (let offset = 0; ; offset += BATCH) {
          const rows = (await source.query(`SELECT rowid AS id, "content" FROM "initiatives_fts" ORDER BY rowid LIMIT ${BATCH} OFFSET ${offset}`)) as { id: number; content: string }[];
          if (rows.length === 0) break;
          for (const r of rows) await m.query('INSERT INTO "initiatives_search" ("id", "content") VALUES ($1, $2)', [r.id, searchWords(r.content).join(' ')]);
          report.searchRows += rows.length;
        }
      }
    });

    // Counted again on both sides, after the commit.
    const mismatches: string[] = [];
    for (const { table } of report.tables) {
      const [a] = (await source.query(`SELECT COUNT(*) AS n FROM "${table}"`)) as { n: number }[];
      const [b] = (await target.query(`SELECT COUNT(*) AS n FROM "${table}"`)) as { n: number | string }[];
      if (Number(a.n) !== Number(b.n)) mismatches.push(`${table}: ${a.n} → ${b.n}`);
    }
    if (mismatches.length > 0) throw new Error(`Số dòng không khớp sau khi chép: ${mismatches.join('; ')}`);
    return report;
  } finally {
    await source.destroy();
    await target.destroy();
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
