import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientRequest, request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { InFlightRequests, shutDown } from '../src/common/graceful-shutdown';
import { ChildApp, startChildApp } from './helpers/child-app';
import { eventually } from './helpers/eventually';
import { ADMIN_TEST_PASSWORD, APP_HOOK_TIMEOUT, createTestApp, csrfOf, TEST_DATABASE_URL } from './helpers/test-app';

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

/**
 * A stop (SIGTERM: a restart, an upgrade, one of several instances taken out) answers the
 * requests already being answered before the database closes, and takes no new connection.
 */
describe('stop', () => {
  it('finishes a request still arriving when the stop begins, refusing new connections meanwhile', async () => {
    const t = await createTestApp();
    let stopping: Promise<void> | null = null;
    let req: ClientRequest | null = null;
    try {
      await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const login = await t.agent().get('/login');
      const cookie = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
      const body = new URLSearchParams({ _csrf: csrfOf(login.text), username: 'admin', password: 'sai-mat-khau' }).toString();
      // A sign-in whose form is still on its way: the server has its headers, not all its body.
      const sent = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/login', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } });
      req = sent;
      const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
        sent.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        sent.on('error', reject);
      });
      sent.write(body.slice(0, 10));
      const inFlight = t.app.get(InFlightRequests);
      expect(await eventually(() => inFlight.size === 1)).toBe(true);

      stopping = t.close();
      // No new connection once the stop has begun.
      const refused = await new Promise<string>((resolve) => {
        const probe = httpRequest({ host: '127.0.0.1', port, path: '/healthz' }, () => resolve('answered'));
        probe.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        probe.end();
      });
      expect(refused).toBe('ECONNREFUSED');

      // The rest of the form: the sign-in is judged on the database, still open.
      sent.end(body.slice(10));
      const res = await answered;
      expect(res.status).toBe(400);
      expect(res.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng');
      await stopping;
    } finally {
      // A failed expectation leaves no half-sent request holding the stop.
      req?.destroy();
      await (stopping ?? t.close());
    }
  }, APP_HOOK_TIMEOUT);

  it('stops after its wait even when a request never finishes arriving', async () => {
    const t = await createTestApp();
    let req: ClientRequest | null = null;
    try {
      await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      // A form whose end never comes (a client gone quiet).
      const sent = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '1000' } });
      req = sent;
      const cut = new Promise<string>((resolve) => sent.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message)));
      sent.write('username=admin');
      const inFlight = t.app.get(InFlightRequests);
      expect(await eventually(() => inFlight.size === 1)).toBe(true);
      // A wait of a tenth of a second: then its connection is cut and the stop ends.
      await shutDown(t.app, 100);
      expect(await cut).toBe('ECONNRESET');
      expect(inFlight.size).toBe(0);
    } finally {
      req?.destroy();
      rmSync(t.dir, { recursive: true, force: true });
    }
  }, APP_HOOK_TIMEOUT);
});
