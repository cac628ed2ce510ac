import { createServer, Server, Socket, connect } from 'node:net';
import { ChildApp, startChildApp } from './helpers/child-app';
import { ADMIN_TEST_PASSWORD, APP_HOOK_TIMEOUT, createTestApp, csrfOf, freshDatabase, signIn, TEST_DATABASE_URL, TestApp } from './helpers/test-app';

/**
 * A TCP relay between the application and PostgreSQL that the test can cut and restore,
 * as a network outage or a database restart would: cut, every open connection breaks and
 * nothing listens on its port; restored, it listens again on the same port.
 */
class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The URL of `url`'s database reached through the relay. */
function through(url: string, relay: Relay): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(relay.port);
  return u.toString();
}

(TEST_DATABASE_URL ? describe : describe.skip)('PostgreSQL going away and coming back', () => {
  const server = new URL(TEST_DATABASE_URL ?? 'postgres://127.0.0.1:5432/x');
  const relay = new Relay(server.hostname, Number(server.port || 5432));
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let t: TestApp;

  beforeAll(async () => {
    await relay.up();
    database = await freshDatabase('sk_test');
    // Nothing served from the read cache: every page here asks the database.
    t = await createTestApp({ env: { DATABASE_URL: through(database.url, relay), READ_CACHE_SECONDS: '0' } });
  }, APP_HOOK_TIMEOUT);
  afterAll(async () => {
    await relay.up().catch(() => undefined);
    await t?.close();
    await relay.down();
    await database?.drop();
  }, APP_HOOK_TIMEOUT);

  it('answers 503 "thử lại sau" with Retry-After on every page while it is unreachable, and recovers by itself', async () => {
    const admin = await signIn(t.agent(), 'admin', ADMIN_TEST_PASSWORD);
    expect((await admin.get('/')).status).toBe(200);
    const guest = t.agent();
    expect((await guest.get('/catalogue')).status).toBe(200);
    const loginPage = await guest.get('/login');
    const logs: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (logs.push(String(chunk)), true));
    const spyErr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (logs.push(String(chunk)), true));

    await relay.down();
    try {
      for (const res of [await guest.get('/catalogue'), await admin.get('/'), await admin.get('/initiatives'), await guest.post('/login').type('form').send({ _csrf: csrfOf(loginPage.text), username: 'admin', password: ADMIN_TEST_PASSWORD })]) {
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('30');
        expect(res.text).toContain('Vui lòng thử lại sau ít phút');
        expect(res.text).not.toContain('Lỗi hệ thống');
      }
      const health = await guest.get('/healthz');
      expect(health.status).toBe(503);
      expect(health.headers['retry-after']).toBe('30');
    } finally {
      spy.mockRestore();
      spyErr.mockRestore();
    }
    // Logged on one line, not a stack trace per request.
    expect(logs.join('').split('\n').filter((l) => /^\s+at /.test(l))).toEqual([]);

    await relay.up();
    // The pool drops its broken connections and opens new ones: no restart needed.
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await admin.get('/')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe(200);
    expect((await guest.get('/catalogue')).status).toBe(200);
    expect((await t.agent().get('/healthz')).status).toBe(200);
  });

  it('answers 503 (not 500) when the database comes back without the application\'s tables', async () => {
    if (relay.port && !(await t.agent().get('/healthz')).ok) await relay.up().catch(() => undefined);
    await t.db.query('DROP SCHEMA public CASCADE');
    await t.db.query('CREATE SCHEMA public');
    const res = await t.agent().get('/catalogue');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.text).toContain('không thấy bảng dữ liệu');
  });
});

(TEST_DATABASE_URL ? describe : describe.skip)('Starting against an unreachable PostgreSQL', () => {
  let app: ChildApp | null = null;
  afterAll(() => app?.stop('SIGKILL'), APP_HOOK_TIMEOUT);

  it('logs one Vietnamese line per attempt and one to give up, no stack trace, and exits', async () => {
    const closed = new Relay('127.0.0.1', 1);
    await closed.up();
    await closed.down(); // a port where nothing listens now
    const url = `postgres://root@127.0.0.1:${closed.port}/test`;
    const result = await startChildApp({ DATABASE_URL: url, DATABASE_START_WAIT_SECONDS: '4', SESSION_SECRET: 'secret-of-the-test-apps-0123456789' }).then(
      (a) => ((app = a), null),
      (e: Error) => e.message,
    );
    // The start never succeeds here: the process ended, and this is what it printed.
    expect(result).toContain('the application ended before it answered');
    const lines = (result as string).split('\n');
    const attempts = lines.filter((l) => l.includes('Chưa kết nối được cơ sở dữ liệu'));
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts[0]).toContain('ECONNREFUSED');
    expect(attempts[0]).toContain('thử lại sau 1 s (lần 1)');
    expect(lines.filter((l) => l.includes('Không kết nối được cơ sở dữ liệu PostgreSQL sau'))).toHaveLength(1);
    expect(lines.filter((l) => /^\s+at /.test(l))).toEqual([]);
    expect(lines.filter((l) => /Unable to connect|Retrying/.test(l))).toEqual([]);
  });
});
