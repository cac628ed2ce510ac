import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildApp, startChildApp } from './helpers/child-app';
import { ADMIN_TEST_PASSWORD, APP_HOOK_TIMEOUT, TEST_DATABASE_URL } from './helpers/test-app';

/** What `npm start` prints: the facts that matter, one line each, without Nest's route list. */
(TEST_DATABASE_URL ? describe.skip : describe)('start-up log', () => {
  let dir: string;
  let app: ChildApp | null = null;
  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, APP_HOOK_TIMEOUT);

  it('says where the application runs, on which database and in which mode, with ISO times and no route lines', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sang-kien-start-'));
    app = await startChildApp({ DATA_DIR: join(dir, 'data'), UPLOAD_DIR: join(dir, 'uploads'), ADMIN_PASSWORD: ADMIN_TEST_PASSWORD, DATABASE_URL: '', LOG_LEVEL: '' });
    // The last lines come right after the server listens.
    for (let i = 0; i < 100 && !app.output().includes('Chế độ:'); i++) await new Promise((r) => setTimeout(r, 50));
    const lines = app.output().replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '').split('\n').filter((l) => l.trim() !== '');
    expect(lines.some((l) => l.includes(`Kho sáng kiến đang chạy tại http://localhost:${new URL(app?.url ?? '').port}`))).toBe(true);
    expect(lines.some((l) => l.includes(`Cơ sở dữ liệu: SQLite ${join(dir, 'data', 'app.sqlite')}; tệp tải lên: ${join(dir, 'uploads')}`))).toBe(true);
    expect(lines.some((l) => l.includes('Chế độ: phát triển'))).toBe(true);
    expect(lines.filter((l) => /RoutesResolver|RouterExplorer|InstanceLoader|Mapped \{/.test(l))).toEqual([]);
    expect(lines.filter((l) => /\b(AM|PM)\b/.test(l))).toEqual([]);
    expect(lines.every((l) => !l.startsWith('[Nest]') || /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/.test(l))).toBe(true);
    // A handful of lines, not ~170.
    expect(lines.length).toBeLessThan(15);
  });
});
