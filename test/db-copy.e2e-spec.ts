import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { copyDatabase, CopyRefusedError } from '../src/database/copy';
import { APP_HOOK_TIMEOUT, createTestApp, DEMO_PASSWORD, freshDatabase, signIn, TEST_DATABASE_URL, TestApp } from './helpers/test-app';

// Moving a district's SQLite database to PostgreSQL needs a PostgreSQL server: this suite
// runs in the PostgreSQL run of the e2e tests (TEST_DATABASE_URL), as CI does.
const withPostgres = TEST_DATABASE_URL ? describe : describe.skip;

withPostgres('npm run db:copy: the demo district moved from SQLite to PostgreSQL', () => {
  let source: TestApp;
  let file: string;
  let target: Awaited<ReturnType<typeof freshDatabase>>;
  let tables: string[];

  beforeAll(async () => {
    source = await createTestApp({ demo: true, sqlite: true });
    // More units than one batch of the copy, each under a unit made after it (as mergers do).
    for (let i = 0; i < 600; i++) await source.db.query(`INSERT INTO units (code, name, kind, "searchText") VALUES (?, ?, 'commune', '')`, [`COPY-${i}`, `Xã chép ${i}`]);
    await source.db.query(`UPDATE units SET "parentId" = id + 1 WHERE code LIKE 'COPY-%' AND code <> 'COPY-599'`);
    file = join(source.dir, 'data', 'test.sqlite');
    await source.db.query('PRAGMA wal_checkpoint(TRUNCATE)');
    tables = ((await source.db.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'initiatives_fts%' AND name <> 'migrations' ORDER BY name`)) as { name: string }[]).map((r) => r.name);
    target = await freshDatabase('sk_copy');
  }, APP_HOOK_TIMEOUT);
  afterAll(async () => {
    await source?.close();
    await target?.drop();
  }, APP_HOOK_TIMEOUT);

  it('refuses a value longer than its PostgreSQL column, naming it, and leaves the target empty', async () => {
    const [unit] = await source.db.query(`SELECT id, name FROM units WHERE code = 'COPY-0'`);
    await source.db.query(`UPDATE units SET name = ? WHERE id = ?`, ['X'.repeat(300), unit.id]);
    await source.db.query('PRAGMA wal_checkpoint(TRUNCATE)');
    try {
      await expect(copyDatabase(file, target.url)).rejects.toThrow(new RegExp(`units\\.name dòng ${unit.id}: 300 ký tự \\(tối đa \\d+\\)`));
      const pg = new DataSource({ type: 'postgres', url: target.url });
      await pg.initialize();
      const left = await pg.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`);
      await pg.destroy();
      expect(left).toEqual([]);
    } finally {
      await source.db.query(`UPDATE units SET name = ? WHERE id = ?`, [unit.name, unit.id]);
      await source.db.query('PRAGMA wal_checkpoint(TRUNCATE)');
    }
  });

  it('copies every table with the same row counts and rows, ids and sequences intact', async () => {
    const report = await copyDatabase(file, target.url);
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
      const [programme] = await copy.db.query('SELECT id FROM programmes ORDER BY id LIMIT 1');
      const matrix = await admin.get(`/programmes/${programme.id}`);
      expect(matrix.status).toBe(200);
      expect(matrix.text).toContain('UBND xã Vĩnh Hòa');
    } finally {
      await copy.close();
    }
  });

  it('refuses a target that is not empty, changing nothing', async () => {
    await expect(copyDatabase(file, target.url)).rejects.toBeInstanceOf(CopyRefusedError);
  });
});
