import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestContext } from '../src/common/request-context';
import { backupDatabase, BackupRefusedError } from '../src/database/backup';
import { FieldsService } from '../src/fields/fields.service';
import { APP_HOOK_TIMEOUT, createTestApp, TEST_DATABASE_URL, TestApp } from './helpers/test-app';

const ROOT = join(__dirname, '..');

/** `npm run db:backup` as an operator runs it: a process of its own. */
function runBackup(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', join(ROOT, 'test', 'helpers', 'ts-register.cjs'), join(ROOT, 'src', 'database', 'backup.ts'), ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/**
 * The backup is taken while the application runs and writes, by a process of its own, and
 * restores into a fresh instance with every write confirmed before it started.
 */
(TEST_DATABASE_URL ? describe.skip : describe)('npm run db:backup (SQLite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true, sqlite: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  const file = () => join(t.dir, 'data', 'test.sqlite');

  it('copies a consistent database under continuous writes; the copy restores with every write confirmed before the backup began', async () => {
    const fields = t.app.get(FieldsService);
    const confirmed: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const name = `Lĩnh vực ghi liên tục ${i}`;
        await fields.create(RequestContext.system(), name);
        confirmed.push(name);
      }
    })();
    while (confirmed.length < 20) await new Promise((r) => setTimeout(r, 10));

    const before = confirmed.length;
    const target = join(t.dir, 'sao-luu.sqlite');
    const result = await runBackup(['--from', file(), '--to', target]);
    const during = confirmed.length - before;
    writing = false;
    await writer;

    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('kiểm tra toàn vẹn: ok');
    // No half-written copy is left beside it.
    expect(readdirSync(t.dir).filter((f) => f.includes('dang-sao-luu'))).toEqual([]);
    // Writes did go on while the backup ran (otherwise this test would prove nothing about them).
    expect(during).toBeGreaterThan(0);

    const restoreDir = join(t.dir, 'khoi-phuc');
    mkdirSync(restoreDir, { recursive: true });
    copyFileSync(target, join(restoreDir, 'restored.sqlite'));
    const restored = await createTestApp({ sqlite: true, env: { DATA_DIR: restoreDir, DATABASE_FILE: 'restored.sqlite' } });
    try {
      expect(await restored.db.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      const names = new Set(((await restored.db.query(`SELECT name FROM fields`)) as { name: string }[]).map((r) => r.name));
      expect(confirmed.slice(0, before).filter((n) => !names.has(n))).toEqual([]);
      // The demo came along too, and the restored instance answers.
      expect(Number((await restored.db.query(`SELECT COUNT(*) AS n FROM initiatives`))[0].n)).toBeGreaterThan(0);
      expect((await restored.agent().get('/healthz')).status).toBe(200);
    } finally {
      await restored.close();
    }
  });

  it('is one moment of the database while writes go on during the copy itself: every write whole (a field with its audit entry), none confirmed before it began missing', async () => {
    // Ballast, so that the copy takes long enough for writes to land while it runs.
    await t.db.query(`CREATE TABLE "ballast" ("x" text)`);
    await t.db.query(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150000) INSERT INTO "ballast" ("x") SELECT printf('%0100d', i) FROM n`);
    const fields = t.app.get(FieldsService);
    const confirmed: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const name = `Lĩnh vực trong lúc sao lưu ${i}`;
        await fields.create(RequestContext.system(), name);
        confirmed.push(name);
      }
    })();
    while (confirmed.length < 5) await new Promise((r) => setTimeout(r, 10));
    const before = confirmed.length;
    const target = join(t.dir, 'sao-luu-trong-luc-ghi.sqlite');
    // In this process, beside the application's own connection (SQLite coordinates both).
    await backupDatabase(file(), target);
    const during = confirmed.length - before;
    writing = false;
    await writer;
    expect(during).toBeGreaterThan(0);

    const restoreDir = join(t.dir, 'khoi-phuc-2');
    mkdirSync(restoreDir, { recursive: true });
    copyFileSync(target, join(restoreDir, 'restored.sqlite'));
    const restored = await createTestApp({ sqlite: true, env: { DATA_DIR: restoreDir, DATABASE_FILE: 'restored.sqlite' } });
    try {
      const names = ((await restored.db.query(`SELECT name FROM fields WHERE name LIKE 'Lĩnh vực trong lúc sao lưu %'`)) as { name: string }[]).map((r) => r.name);
      const audited = ((await restored.db.query(`SELECT summary FROM audit_events WHERE action = 'field.create' AND summary LIKE '%trong lúc sao lưu%'`)) as { summary: string }[]).map((r) => r.summary);
      // A prefix of the writes, each with its audit entry (one transaction each), nothing half.
      expect(confirmed.slice(0, before).filter((n) => !names.includes(n))).toEqual([]);
      expect(names.sort()).toEqual(confirmed.slice(0, names.length).sort());
      expect(audited.sort()).toEqual(names.map((n) => `Thêm lĩnh vực "${n}"`).sort());
    } finally {
      await restored.close();
    }
  });

  it('refuses to overwrite a file, a source that is not an SQLite database, and a missing source, in one Vietnamese line', async () => {
    const existing = join(t.dir, 'da-co.sqlite');
    writeFileSync(existing, 'không ghi đè');
    await expect(backupDatabase(file(), existing)).rejects.toThrow(new BackupRefusedError(`Đã có tệp "${existing}": hãy chọn tên khác (ví dụ kèm ngày), bản sao lưu không ghi đè tệp nào.`));

    const notDb = join(t.dir, 'khong-phai.sqlite');
    writeFileSync(notDb, Buffer.alloc(8192, 0x41));
    await expect(backupDatabase(notDb, join(t.dir, 'x.sqlite'))).rejects.toThrow(`"${notDb}" không phải là tệp cơ sở dữ liệu SQLite.`);
    expect(existsSync(join(t.dir, 'x.sqlite'))).toBe(false);

    const missing = await runBackup(['--from', join(t.dir, 'khong-co.sqlite'), '--to', join(t.dir, 'y.sqlite')]);
    expect(missing.code).toBe(1);
    expect(missing.err.trim()).toBe(`Không có tệp cơ sở dữ liệu "${join(t.dir, 'khong-co.sqlite')}".`);
    expect(existsSync(join(t.dir, 'khong-co.sqlite'))).toBe(false);
  });
});
