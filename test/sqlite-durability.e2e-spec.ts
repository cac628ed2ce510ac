import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ChildApp, startChildApp } from './helpers/child-app';
import { hasSqliteShell, sqliteShell } from './helpers/sqlite-shell';
import { ADMIN_TEST_PASSWORD, APP_HOOK_TIMEOUT, csrfOf, signIn, TEST_DATABASE_URL } from './helpers/test-app';

/**
 * Runs SQL in a process of its own, as the sqlite3 shell of an operator or a monitoring job
 * would: the shell where the machine has it, else a Node process with the sqlite3 module
 * (the same SQLite, the same locking). Prints the first column of each row.
 */
function outsideRead(file: string, sql: string): string {
  if (hasSqliteShell) return sqliteShell(file, sql);
  const script = `const s=require('sqlite3');const d=new s.Database(process.argv[1]);d.all(process.argv[2],(e,r)=>{if(e)throw e;console.log(r.map(x=>Object.values(x)[0]).join('\\n'));d.close();});`;
  return execFileSync(process.execPath, ['-e', script, file, sql], { encoding: 'utf8', cwd: join(__dirname, '..') }).trim();
}

/**
 * A confirmed write survives whatever reads the database file from outside while the
 * application runs, and a crash right after. On Linux closing any descriptor of a file
 * drops every POSIX lock the process holds on it, SQLite's included: a health check that
 * opened the database file itself let the next outside sqlite3 believe it was alone,
 * checkpoint and delete the live write-ahead log, and the application went on writing
 * into the deleted file.
 */
(TEST_DATABASE_URL ? describe.skip : describe)('SQLite: no confirmed write is lost to an outside reader', () => {
  let dir: string;
  let app: ChildApp | null = null;
  const env = () => ({ DATA_DIR: join(dir, 'data'), UPLOAD_DIR: join(dir, 'uploads'), DATABASE_FILE: 'app.sqlite', ADMIN_PASSWORD: ADMIN_TEST_PASSWORD, DATABASE_URL: '' });
  const file = () => join(dir, 'data', 'app.sqlite');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sang-kien-durability-'));
  });
  afterAll(async () => {
    await app?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }, APP_HOOK_TIMEOUT);

  it('keeps a field added after /healthz and an outside read, through kill -9 and a restart', async () => {
    app = await startChildApp(env());
    const wal = `${file()}-wal`;
    expect(existsSync(wal)).toBe(true);
    const walInode = statSync(wal).ino;

    expect((await request(app.url).get('/healthz')).status).toBe(200);
    // The outside reader: the README's backup and any monitoring query are such processes.
    expect(Number(outsideRead(file(), 'SELECT COUNT(*) FROM users'))).toBeGreaterThan(0);
    expect(existsSync(wal)).toBe(true);

    const admin = await signIn(request.agent(app.url), 'admin', ADMIN_TEST_PASSWORD);
    const page = await admin.get('/fields');
    const added = await admin.post('/fields').type('form').send({ _csrf: csrfOf(page.text), name: 'Lĩnh vực ghi sau khi kiểm tra' });
    expect(added.status).toBe(303);
    expect((await admin.get('/fields')).text).toContain('Lĩnh vực ghi sau khi kiểm tra');

    // The write-ahead log the application writes into is the one on disk, never a deleted one.
    expect(existsSync(wal)).toBe(true);
    expect(statSync(wal).ino).toBe(walInode);
    expect(outsideRead(file(), `SELECT COUNT(*) FROM fields WHERE name = 'Lĩnh vực ghi sau khi kiểm tra'`)).toBe('1');

    await app.stop('SIGKILL');
    app = await startChildApp(env());
    const after = await signIn(request.agent(app.url), 'admin', ADMIN_TEST_PASSWORD);
    expect((await after.get('/fields')).text).toContain('Lĩnh vực ghi sau khi kiểm tra');
    expect(outsideRead(file(), 'PRAGMA integrity_check')).toBe('ok');
  });
});
