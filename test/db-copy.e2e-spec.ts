import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { copyDatabase, CopyRefusedError, pagesOf, SqliteSource } from '../src/database/copy';
import { dataSourceOptions } from '../src/database/data-source-options';
import { hasSqliteShell, sqliteShell } from './helpers/sqlite-shell';
import { APP_HOOK_TIMEOUT, createTestApp, DEMO_PASSWORD, freshDatabase, signIn, TEST_DATABASE_URL, TestApp } from './helpers/test-app';

const ROOT = join(__dirname, '..');

/** What `npm run db:copy -- --from … --to …` prints: the CLI run in a process of its own from its source. */
function runCli(hook: string, from: string, to: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', hook, join(ROOT, 'src', 'database', 'copy.ts'), '--from', from, '--to', to], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A require hook that transpiles each TypeScript file on its own (the project compiles with isolatedModules). */
function writeTranspileHook(dir: string): string {
  const file = join(dir, 'ts-hook.js');
  writeFileSync(
    file,
    `const { readFileSync } = require('node:fs');
const ts = require(${JSON.stringify(require.resolve('typescript'))});
const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true, emitDecoratorMetadata: true, resolveJsonModule: true };
require.extensions['.ts'] = (module, filename) => module._compile(ts.transpileModule(readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename }).outputText, filename);
`,
  );
  return file;
}

/** A refusal the office reads: one line, no stack trace. */
function expectOneLine(text: string): void {
  expect(text.trim()).not.toContain('\n');
  expect(text).not.toMatch(/^\s+at /m);
}

/** The refusal a promise ends with (a test fails if it resolves or throws anything else). */
async function refusal(p: Promise<unknown>): Promise<CopyRefusedError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CopyRefusedError);
  return error as CopyRefusedError;
}

/** Everything in the target's schema: tables, sequences, indexes, views. */
async function relationsIn(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ relname: string }>(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() ORDER BY c.relname`);
    return rows.map((r) => r.relname);
  } finally {
    await client.end();
  }
}

/** The main file and the write-ahead log as the file system sees them (never opened from here). */
function fileState(file: string): { size: number; mtimeMs: number; wal: number } {
  const s = statSync(file);
  return { size: s.size, mtimeMs: s.mtimeMs, wal: existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0 };
}

/**
 * Session ids as express-session makes them (base64url: letters, digits, "-" and "_"),
 * many beginning with "-" or a digit, plus ids that look like numbers, or differ only in case.
 */
function sessionIds(n: number): string[] {
  const starts = ['-', '0', '7', '9', 'a', 'Z', '_'];
  const ids = Array.from({ length: n }, (_, i) => `${starts[i % starts.length]}${randomBytes(18).toString('base64url')}`);
  return [...ids, '-', '-1', '0', '00', '1e3', 'NaN', '9007199254740993', 'abc', 'ABC'];
}

(hasSqliteShell ? describe : describe.skip)('db:copy reads the SQLite file read-only, each table in the order of its own key', () => {
  let dir: string;
  let hook: string;
  let appFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sang-kien-copy-'));
    hook = writeTranspileHook(dir);
    // An application database (every migration run), closed again as after a clean stop.
    const db = new DataSource({ ...dataSourceOptions(dir, 'app.sqlite'), logging: false });
    await db.initialize();
    await db.destroy();
    appFile = join(dir, 'app.sqlite');
  }, APP_HOOK_TIMEOUT);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every row once, in key order: a composite key (in primary-key order), a text key beginning with "-" or digits, a table without a key', async () => {
    const file = join(dir, 'shapes.sqlite');
    sqliteShell(
      file,
      `CREATE TABLE pairs (a TEXT NOT NULL, b INTEGER NOT NULL, v TEXT, PRIMARY KEY (b, a)) WITHOUT ROWID;
       CREATE TABLE texts (id varchar(128) PRIMARY KEY NOT NULL, v TEXT);
       CREATE TABLE heap (v TEXT);
       WITH RECURSIVE x(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM x WHERE i < 29), y(j) AS (SELECT -5 UNION ALL SELECT j + 1 FROM y WHERE j < 4)
       INSERT INTO pairs SELECT CASE i % 3 WHEN 0 THEN '-' || i WHEN 1 THEN i || 'a' ELSE 'k' || i END, j, 'p' FROM x, y;
       WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299)
       INSERT INTO texts SELECT CASE i % 3 WHEN 0 THEN '-' || hex(randomblob(4)) WHEN 1 THEN i || hex(randomblob(2)) ELSE 'k' || i END, 't' || i FROM n;
       WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99)
       INSERT INTO heap SELECT 'same' FROM n;`,
    );
    const source = await SqliteSource.open(file);
    try {
      const read = async (table: string) => {
        const rows: Record<string, unknown>[] = [];
        for await (const page of pagesOf(source, table, 7)) rows.push(...page);
        return rows;
      };
      const pairs = await read('pairs');
      expect(pairs.map((r) => `${r.b}|${r.a}`)).toEqual(sqliteShell(file, `SELECT b || '|' || a FROM pairs ORDER BY b, a;`).split('\n'));
      const texts = await read('texts');
      expect(texts.map((r) => r.id)).toEqual(sqliteShell(file, 'SELECT id FROM texts ORDER BY id;').split('\n'));
      expect(texts.filter((r) => String(r.id).startsWith('-')).length).toBe(100);
      expect(texts.filter((r) => /^\d/.test(String(r.id))).length).toBe(100);
      expect((await read('heap')).length).toBe(100);
    } finally {
      await source.close();
    }
  });

  it('refuses a source that is missing or not an SQLite file, in one line, without touching the target', async () => {
    const nowhere = 'postgres://root@127.0.0.1:1/never_reached';
    const missing = await refusal(copyDatabase(join(dir, 'khong-co.sqlite'), nowhere));
    expect(missing.message).toBe(`Không có tệp SQLite "${join(dir, 'khong-co.sqlite')}".`);
    const text = join(dir, 'ghi-chu.sqlite');
    writeFileSync(text, 'Đây là một tệp văn bản, không phải cơ sở dữ liệu.\n'.repeat(200));
    const before = statSync(text);
    const notSqlite = await refusal(copyDatabase(text, nowhere));
    expect(notSqlite.message).toBe(`Tệp "${text}" không phải cơ sở dữ liệu SQLite.`);
    expect(statSync(text).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(text).size).toBe(before.size);
  });

  it('reads the application database without writing to it, and names a server it cannot reach in one line', async () => {
    const before = fileState(appFile);
    const unreachable = await refusal(copyDatabase(appFile, 'postgres://root@127.0.0.1:1/province'));
    expect(unreachable.message).toMatch(/^Không kết nối được tới máy chủ PostgreSQL 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    expectOneLine(unreachable.message);
    expect(fileState(appFile)).toEqual(before);
  });

  it('prints each refusal of the command as one line without a stack trace, and exits with 1', () => {
    const text = join(dir, 'ghi-chu.txt');
    writeFileSync(text, 'không phải SQLite\n'.repeat(100));
    for (const [from, to, expected] of [
      [join(dir, 'khong-co.sqlite'), 'postgres://root@127.0.0.1:1/x', 'Không có tệp SQLite'],
      [text, 'postgres://root@127.0.0.1:1/x', 'không phải cơ sở dữ liệu SQLite'],
      [appFile, 'postgres://root@127.0.0.1:1/x', 'Không kết nối được tới máy chủ PostgreSQL 127.0.0.1:1'],
    ]) {
      const run = runCli(hook, from, to);
      expect([run.status, run.stderr]).toEqual([1, expect.stringContaining(expected)]);
      expectOneLine(run.stderr);
    }
  });
});

// Moving a district's SQLite database to PostgreSQL needs a PostgreSQL server: this suite
// runs in the PostgreSQL run of the e2e tests (TEST_DATABASE_URL), as CI does.
const withPostgres = TEST_DATABASE_URL && hasSqliteShell ? describe : describe.skip;

withPostgres('npm run db:copy: the demo district moved from SQLite to PostgreSQL', () => {
  let source: TestApp;
  let file: string;
  let target: Awaited<ReturnType<typeof freshDatabase>>;
  let tables: string[];
  let hook: string;
  const ids = sessionIds(1_400);

  beforeAll(async () => {
    source = await createTestApp({ demo: true, sqlite: true });
    hook = writeTranspileHook(source.dir);
    // More units than one batch of the copy, each under a unit made after it (as mergers do).
    for (let i = 0; i < 600; i++) await source.db.query(`INSERT INTO units (code, name, kind, "searchText") VALUES (?, ?, 'commune', '')`, [`COPY-${i}`, `Xã chép ${i}`]);
    await source.db.query(`UPDATE units SET "parentId" = id + 1 WHERE code LIKE 'COPY-%' AND code <> 'COPY-599'`);
    // Sessions are keyed by text: many ids begin with "-" (before "0" as text) or with digits.
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      await source.db.query(`INSERT INTO sessions (id, "userId", data, "expiresAt") VALUES ${chunk.map(() => `(?, NULL, ?, '2030-01-01 00:00:00')`).join(', ')}`, chunk.flatMap((id) => [id, `{"cookie":{},"n":"${id}"}`]));
    }
    await source.db.query(`INSERT INTO code_counters (name, value) VALUES ('-2026', 1), ('10', 2), ('9', 3), ('Đ-2026', 4)`);
    file = join(source.dir, 'data', 'test.sqlite');
    tables = ((await source.db.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'initiatives_fts%' AND name <> 'migrations' ORDER BY name`)) as { name: string }[]).map((r) => r.name);
    target = await freshDatabase('sk_copy');
  }, APP_HOOK_TIMEOUT);
  afterAll(async () => {
    await source?.close();
    await target?.drop();
  }, APP_HOOK_TIMEOUT);

  it('refuses values longer than their PostgreSQL column (a text key too) or beyond its integers, naming them, and leaves the target empty', async () => {
    const [unit] = await source.db.query(`SELECT id, name FROM units WHERE code = 'COPY-0'`);
    const longId = `-${'x'.repeat(129)}`;
    await source.db.query(`UPDATE units SET name = ? WHERE id = ?`, ['X'.repeat(300), unit.id]);
    await source.db.query(`INSERT INTO sessions (id, "userId", data, "expiresAt") VALUES (?, NULL, '{}', '2030-01-01 00:00:00'), ('-big', 5000000000, '{}', '2030-01-01 00:00:00')`, [longId]);
    try {
      const refused = await refusal(copyDatabase(file, target.url));
      expect(refused.message).toMatch(new RegExp(`units\\.name dòng ${unit.id}: 300 ký tự \\(tối đa \\d+\\)`));
      expect(refused.message).toContain(`sessions.id dòng id="${longId.slice(0, 40)}…": 130 ký tự (tối đa 128)`);
      expect(refused.message).toContain(`sessions.userId dòng id="-big": 5000000000`);
      expectOneLine(refused.message);
      expect(await relationsIn(target.url)).toEqual([]);
    } finally {
      await source.db.query(`UPDATE units SET name = ? WHERE id = ?`, [unit.name, unit.id]);
      await source.db.query(`DELETE FROM sessions WHERE id IN (?, '-big')`, [longId]);
    }
  });

  it('a failure half-way leaves the target as empty as it was: no table, sequence or index, not even the schema of the migrations', async () => {
    let lines = 0;
    const failing = copyDatabase(file, target.url, () => {
      if (++lines === 12) throw new Error('Ngắt giữa chừng (thử)');
    });
    await expect(failing).rejects.toThrow('Ngắt giữa chừng (thử)');
    expect(lines).toBe(12);
    expect(await relationsIn(target.url)).toEqual([]);
  });

  it('a row PostgreSQL refuses stops the copy with one line naming the table, and leaves the target empty', async () => {
    // A row pointing at a unit that does not exist (SQLite checks foreign keys only when asked).
    sqliteShell(file, `INSERT INTO unit_renames ("unitId", "oldName", "newName", instrument, "effectiveDate") VALUES (987654321, 'Cũ', 'Mới', 'QĐ 1/2026', '2026-01-01');`);
    try {
      const refused = await refusal(copyDatabase(file, target.url));
      expect(refused.message).toContain('"unit_renames"');
      expect(refused.message).toContain('vẫn trống');
      expectOneLine(refused.message);
      expect(await relationsIn(target.url)).toEqual([]);
    } finally {
      sqliteShell(file, `DELETE FROM unit_renames WHERE "unitId" = 987654321;`);
    }
  });

  it('copies every table (the rerun after those failures) with the same row counts and rows, text keys, ids and sequences intact, without writing to the source', async () => {
    const before = fileState(file);
    const report = await copyDatabase(file, target.url);
    expect(fileState(file)).toEqual(before);
    expect(report.tables.map((t) => t.table).sort()).toEqual(tables);
    expect(report.searchRows).toBeGreaterThan(0);
    const pg = new DataSource({ type: 'postgres', url: target.url });
    await pg.initialize();
    try {
      for (const table of tables) {
        const [a] = await source.db.query(`SELECT COUNT(*) AS n FROM "${table}"`);
        const [b] = await pg.query(`SELECT COUNT(*) AS n FROM "${table}"`);
        expect(`${table} ${Number(b.n)}`).toBe(`${table} ${Number(a.n)}`);
      }
      // Every session, whatever its id begins with (the two databases sort text differently).
      const sessions = (rows: { id: string; data: string }[]) => rows.map((r) => `${r.id} ${r.data}`).sort();
      const copied = sessions(await pg.query('SELECT id, data FROM sessions'));
      expect(copied.length).toBeGreaterThan(1_400);
      expect(copied).toEqual(sessions(await source.db.query('SELECT id, data FROM sessions')));
      for (const id of ids) expect(copied).toContain(`${id} {"cookie":{},"n":"${id}"}`);
      expect((await pg.query(`SELECT name, value FROM code_counters WHERE name IN ('-2026', '10', '9', 'Đ-2026') ORDER BY value`)).map((r: { name: string }) => r.name)).toEqual(['-2026', '10', '9', 'Đ-2026']);
      // A sample of rows, column by column.
      const sample = async (db: DataSource | TestApp['db'], sql: string) => JSON.parse(JSON.stringify(await db.query(sql)));
      for (const sql of [
        'SELECT id, code, title, status, "unitId", "roundId", year, "firstAppliedDate" FROM initiatives ORDER BY id',
        'SELECT id, username, "fullName", "unitId", roles FROM users ORDER BY id',
        'SELECT id, code, name, "parentId", "validFrom", "validTo" FROM units ORDER BY id',
        'SELECT id, "programmeId", "initiativeId", "unitId", status, "adoptedDate", reason, version FROM adoptions ORDER BY id',
        'SELECT id, "storedName", sha256, size, visibility FROM attachments ORDER BY id',
      ]) {
        expect(await sample(pg, sql)).toEqual(await sample(source.db, sql));
      }
      // The same indexes on both (besides primary keys and PostgreSQL's own search table):
      // a migration that rebuilds a SQLite table must not leave one behind.
      const sqliteIndexes = ((await source.db.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name`)) as { name: string }[]).map((r) => r.name);
      const pgIndexes = ((await pg.query(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE 'PK\\_%' AND indexname NOT LIKE '%\\_pkey' AND tablename <> 'initiatives_search' ORDER BY indexname`)) as { name: string }[]).map((r) => r.name);
      expect(sqliteIndexes.sort()).toEqual(pgIndexes.sort());
      expect(sqliteIndexes).toContain('IDX_initiatives_status_fieldId_updatedAt_id');
      // Booleans and times arrive as PostgreSQL types.
      const [admin] = await pg.query(`SELECT active, "createdAt" FROM users WHERE username = 'admin'`);
      expect(admin.active).toBe(true);
      expect(admin.createdAt).toBeInstanceOf(Date);
      // The next id continues after the copied ones.
      const [{ max }] = await pg.query('SELECT MAX(id) AS max FROM units');
      const [{ next }] = await pg.query(`SELECT nextval(pg_get_serial_sequence('units', 'id')) AS next`);
      expect(Number(next)).toBe(Number(max) + 1);
    } finally {
      await pg.destroy();
    }
  });

  it('starts the application on the copy, which shows the demo and finds its initiatives', async () => {
    const copy = await createTestApp({ env: { DATABASE_URL: target.url } });
    try {
      const admin = await signIn(copy.agent(), 'admin', DEMO_PASSWORD);
      const found = await admin.get('/initiatives?q=ma%20QR');
      expect(found.text).toContain('mã QR Code tại Bộ phận Tiếp nhận và trả kết quả UBND xã Vĩnh Thái');
      // The public catalogue's search reads the recognised initiatives' entries, flagged by the copy.
      const inCatalogue = await copy.agent().get('/catalogue?q=ma%20QR');
      expect(inCatalogue.text).toContain('mã QR Code tại Bộ phận Tiếp nhận và trả kết quả UBND xã Vĩnh Thái');
      const flagged = (await copy.db.query('SELECT id FROM initiatives_search WHERE public ORDER BY id')).map((r: { id: number }) => Number(r.id));
      const recognised = (await copy.db.query(`SELECT id FROM initiatives WHERE status = 'recognized' ORDER BY id`)).map((r: { id: number }) => Number(r.id));
      expect(flagged.length).toBeGreaterThan(0);
      expect(flagged).toEqual(recognised);
      const [programme] = await copy.db.query('SELECT id FROM programmes ORDER BY id LIMIT 1');
      const matrix = await admin.get(`/programmes/${programme.id}`);
      expect(matrix.status).toBe(200);
      expect(matrix.text).toContain('UBND xã Vĩnh Hòa');
    } finally {
      await copy.close();
    }
  });

  it('refuses a target that is not empty, changing nothing', async () => {
    const before = await relationsIn(target.url);
    const refused = await refusal(copyDatabase(file, target.url));
    expect(refused.message).toMatch(/^Cơ sở dữ liệu đích không trống/);
    expect(await relationsIn(target.url)).toEqual(before);
  });

  it('says in one line that the target database does not exist, or that the server refuses the user', async () => {
    const url = new URL(target.url);
    url.pathname = `/sk_copy_khong_co_${process.pid}`;
    const unknown = await refusal(copyDatabase(file, url.toString()));
    expect(unknown.message).toContain(`không có cơ sở dữ liệu "sk_copy_khong_co_${process.pid}"`);
    expectOneLine(unknown.message);

    const stranger = new URL(target.url);
    stranger.username = `khong_co_ai_${process.pid}`;
    const refused = await refusal(copyDatabase(file, stranger.toString()));
    expect(refused.message).toContain(`người dùng "khong_co_ai_${process.pid}"`);
    expectOneLine(refused.message);
  });

  it('says in one line that a user may not create the schema (PostgreSQL 15: only the owner creates in "public"), leaving nothing', async () => {
    const role = `sk_copy_role_${process.pid}`;
    const empty = await freshDatabase('sk_copy');
    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE "${role}" LOGIN`);
      const url = new URL(empty.url);
      url.username = role;
      const refused = await refusal(copyDatabase(file, url.toString()));
      expect(refused.message).toContain(`Người dùng "${role}" không đủ quyền`);
      expectOneLine(refused.message);
      expect(await relationsIn(empty.url)).toEqual([]);
    } finally {
      await empty.drop();
      await admin.query(`DROP ROLE IF EXISTS "${role}"`);
      await admin.end();
    }
  });

  it('the command prints those refusals as one line without a stack trace, and exits with 1', () => {
    const unknown = new URL(target.url);
    unknown.pathname = `/sk_copy_khong_co_${process.pid}`;
    const stranger = new URL(target.url);
    stranger.username = `khong_co_ai_${process.pid}`;
    for (const [to, expected] of [
      [unknown.toString(), 'không có cơ sở dữ liệu'],
      [stranger.toString(), `người dùng "khong_co_ai_${process.pid}"`],
      [target.url, 'Cơ sở dữ liệu đích không trống'],
    ]) {
      const run = runCli(hook, file, to);
      expect([run.status, run.stderr]).toEqual([1, expect.stringContaining(expected)]);
      expectOneLine(run.stderr);
    }
  });
});
