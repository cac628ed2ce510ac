import TestAgent from 'supertest/lib/agent';
import { DatabaseSessionStore, TOUCH_INTERVAL_MS } from '../src/auth/session-store';
import { sessionsChange } from '../src/database/data-changes';
import { ReadCache } from '../src/database/read-cache';
import { eventually } from './helpers/eventually';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TEST_DATABASE_URL, TestApp, userId } from './helpers/test-app';

// Several instances share a database on PostgreSQL only.
const onPostgres = TEST_DATABASE_URL ? it : it.skip;

/** A sign-in attempt from a given address (only believed when TRUST_PROXY says so). */
async function attempt(agent: TestAgent, username: string, password: string, address?: string) {
  const page = await agent.get('/login');
  const post = agent.post('/login').type('form');
  if (address) post.set('X-Forwarded-For', address);
  return post.send({ _csrf: csrfOf(page.text), username, password });
}

describe('sign-in throttling that cannot be turned against the owner (behind a proxy, TRUST_PROXY=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true, env: { TRUST_PROXY: '1' } });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('slows the address that guesses, while the owner signs in from their own address', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(t.agent(), 'admin', `sai-${i}`, '203.0.113.5')).status).toBe(400);
    const blocked = await attempt(t.agent(), 'admin', DEMO_PASSWORD, '203.0.113.5');
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Đăng nhập sai quá nhiều lần');
    expect((await attempt(t.agent(), 'admin', DEMO_PASSWORD, '198.51.100.7')).status).toBe(303);
  });

  it('stops guessing spread over many addresses, but not the browser the owner signed in from before', async () => {
    const owner = t.agent();
    expect((await attempt(owner, 'thuky', DEMO_PASSWORD, '198.51.100.20')).status).toBe(303);
    await owner.post('/logout').type('form').send({ _csrf: csrfOf((await owner.get('/')).text) });
    for (let i = 0; i < 30; i++) await attempt(t.agent(), 'thuky', `sai-${i}`, `203.0.113.${100 + i}`);
    expect((await attempt(t.agent(), 'thuky', DEMO_PASSWORD, '203.0.113.250')).status).toBe(429);
    // The owner's browser, from yet another address (a colleague's network, a phone).
    expect((await attempt(owner, 'thuky', DEMO_PASSWORD, '192.0.2.44')).status).toBe(303);
  });

  it('forgets the browsers an account signed in from once its password changes', async () => {
    const owner = t.agent();
    expect((await attempt(owner, 'daumoi.vinhthai', DEMO_PASSWORD, '198.51.100.30')).status).toBe(303);
    const form = await owner.get('/account/password');
    const changed = await owner
      .post('/account/password')
      .set('X-Forwarded-For', '198.51.100.30')
      .type('form')
      .send({ _csrf: csrfOf(form.text), currentPassword: DEMO_PASSWORD, newPassword: 'MatKhauMoi@2026', confirmPassword: 'MatKhauMoi@2026' });
    expect(changed.status).toBe(303);
    await owner.post('/logout').type('form').send({ _csrf: csrfOf((await owner.get('/')).text) });
    for (let i = 0; i < 30; i++) await attempt(t.agent(), 'daumoi.vinhthai', `sai-${i}`, `198.51.100.${100 + i}`);
    // The mark this browser got with the old password counts for nothing now.
    expect((await attempt(owner, 'daumoi.vinhthai', 'MatKhauMoi@2026', '192.0.2.45')).status).toBe(429);
  });
});

describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('never believes X-Forwarded-For unless TRUST_PROXY is set', async () => {
    for (let i = 0; i < 5; i++) await attempt(t.agent(), 'hoidong2', `sai-${i}`, `203.0.113.${i}`);
    // Every attempt came from the same socket address, whatever the header said.
    expect((await attempt(t.agent(), 'hoidong2', DEMO_PASSWORD, '198.51.100.9')).status).toBe(429);
    const rows = (await t.db.query(`SELECT DISTINCT ip FROM login_failures WHERE username = 'hoidong2'`)) as { ip: string }[];
    expect(rows.map((r) => r.ip).some((ip) => ip.includes('203.0.113'))).toBe(false);
  });

  it('ends the other sessions of a user who changes their password, keeping the current one', async () => {
    const here = await signIn(t.agent(), 'hoidong3', DEMO_PASSWORD);
    const elsewhere = await signIn(t.agent(), 'hoidong3', DEMO_PASSWORD);
    expect((await elsewhere.get('/')).status).toBe(200);
    const form = await here.get('/account/password');
    const res = await here.post('/account/password').type('form').send({ _csrf: csrfOf(form.text), currentPassword: DEMO_PASSWORD, newPassword: 'MatKhauMoi@2026', confirmPassword: 'MatKhauMoi@2026' });
    expect(res.status).toBe(303);
    expect((await here.get('/')).status).toBe(200);
    const after = await elsewhere.get('/');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
    expect(await count(t.db, 'sessions', '"userId" = ?', [await userId(t.db, 'hoidong3')])).toBe(1);
  });

  it('reads a session whose expiry has passed as signed out, whatever its cookie says', async () => {
    const agent = await signIn(t.agent(), 'hoidong.vinhhoang1', DEMO_PASSWORD);
    expect((await agent.get('/notifications')).status).toBe(200);
    const id = await userId(t.db, 'hoidong.vinhhoang1');
    await t.db.query(`UPDATE sessions SET "expiresAt" = '2020-01-01 00:00:00' WHERE "userId" = ?`, [id]);
    // Written as another instance writes it, which says so (the copy kept here goes).
    t.app.get(ReadCache).changed(new Set([sessionsChange(id)]));
    const after = await agent.get('/notifications');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/login?next=%2Fnotifications');
  });

  it('does not bring back an ended session when a request of it that was still running saves it', async () => {
    await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const id = await userId(t.db, 'hoidong1');
    const [{ id: sid, data }] = await t.db.query('SELECT id, data FROM sessions WHERE "userId" = ?', [id]);
    const store = t.app.get(DatabaseSessionStore);
    // The request read its session, then the user's sessions were ended, then it saved (a flash message).
    await new Promise<void>((resolve, reject) => store.get(sid, (e) => (e ? reject(e) : resolve())));
    await store.destroyForUser(id);
    const changed = { ...JSON.parse(data), flash: [{ type: 'success', message: 'Đã lưu.' }] };
    await new Promise<void>((resolve, reject) => store.set(sid, changed, (e) => (e ? reject(e) : resolve())));
    expect(await count(t.db, 'sessions', 'id = ?', [sid])).toBe(0);
  });

  it('stores no session for anonymous pages, while the sign-in form stays protected against forgery', async () => {
    const before = await count(t.db, 'sessions');
    for (let i = 0; i < 5; i++) {
      expect((await t.agent().get('/login')).status).toBe(200);
      expect((await t.agent().get('/catalogue')).status).toBe(200);
    }
    expect(await count(t.db, 'sessions')).toBe(before);
    // A token from another visitor's page (a forged form) does not sign in.
    const other = await t.agent().get('/login');
    const forged = await t.agent().post('/login').type('form').send({ _csrf: csrfOf(other.text), username: 'tacgia', password: DEMO_PASSWORD });
    expect(forged.status).toBe(403);
    expect(await count(t.db, 'sessions')).toBe(before);
    // A browser that says the form came from another site is refused, even with a valid pair.
    const mine = t.agent();
    const page = await mine.get('/login');
    const crossSite = await mine.post('/login').set('Sec-Fetch-Site', 'cross-site').type('form').send({ _csrf: csrfOf(page.text), username: 'tacgia', password: DEMO_PASSWORD });
    expect(crossSite.status).toBe(403);
    // The visitor's own page does.
    expect((await attempt(t.agent(), 'tacgia', DEMO_PASSWORD)).status).toBe(303);
    expect(await count(t.db, 'sessions')).toBe(before + 1);
  });

  it('touches a session at most once every few minutes, keeping the idle timeout', async () => {
    const agent = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    const id = await userId(t.db, 'daumoi.vinhthai');
    const row = async () => ((await t.db.query('SELECT id, "expiresAt", data FROM sessions WHERE "userId" = ?', [id])) as { id: string; expiresAt: string; data: string }[])[0];
    await agent.get('/'); // the first page with a form stores its CSRF token: a real change, saved
    const first = await row();
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 5));
      expect((await agent.get('/healthz')).status).toBe(200);
      expect((await agent.get('/')).status).toBe(200);
    }
    expect(new Date((await row()).expiresAt).getTime()).toBe(new Date(first.expiresAt).getTime());
    // Once the expiry would move by more than the interval, it is written.
    const store = t.app.get(DatabaseSessionStore);
    const later = new Date(Date.now() + 12 * 60 * 60 * 1000 + TOUCH_INTERVAL_MS + 60_000);
    await new Promise<void>((resolve, reject) => store.touch(first.id, { ...JSON.parse(first.data), cookie: { expires: later } }, (e) => (e ? reject(e) : resolve())));
    expect(new Date((await row()).expiresAt).getTime()).toBeGreaterThan(new Date(first.expiresAt).getTime());
  });

  it("keeps a signed-in person's session in memory until a change to their sessions, made here or announced by another instance", async () => {
    const agent = await signIn(t.agent(), 'hoidong.vinhhoang2', DEMO_PASSWORD);
    const id = await userId(t.db, 'hoidong.vinhhoang2');
    // The first page with a form stores its CSRF token (a change of the session); then it stays.
    for (let i = 0; i < 3; i++) expect((await agent.get('/')).status).toBe(200);
    // Removed behind the application's back: the session kept in memory is not read again…
    const [row] = await t.db.query('SELECT * FROM sessions WHERE "userId" = ?', [id]);
    await t.db.query('DELETE FROM sessions WHERE "userId" = ?', [id]);
    expect((await agent.get('/')).status).toBe(200);
    // …until another instance says this person's sessions changed.
    t.app.get(ReadCache).changed(new Set([sessionsChange(id)]));
    expect((await agent.get('/')).status).toBe(303);
    // A change of another person's sessions leaves this one's copy.
    const other = await signIn(t.agent(), 'hoidong.vinhhoang3', DEMO_PASSWORD);
    for (let i = 0; i < 2; i++) expect((await other.get('/')).status).toBe(200);
    const otherId = await userId(t.db, 'hoidong.vinhhoang3');
    await t.db.query('DELETE FROM sessions WHERE "userId" = ?', [otherId]);
    t.app.get(ReadCache).changed(new Set([sessionsChange(id)]));
    expect((await other.get('/')).status).toBe(200);
    expect(row.userId).toBe(id);
  });

  onPostgres(
    'signs a person out on every instance at once: a sign-out on one is the next request of the same session on another',
    async () => {
      const other = await createTestApp({ env: { DATABASE_URL: String((t.db.options as { url?: string }).url) } });
      try {
        const here = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
        const page = await here.get('/');
        const cookie = here.jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false }).map((c) => `${c.name}=${c.value}`).join('; ');
        // The same browser's next requests reach the other instance (a proxy shares them), which keeps its session.
        const reads = jest.spyOn(other.app.get(DatabaseSessionStore) as unknown as { read: (sid: string) => Promise<unknown> }, 'read');
        for (let i = 0; i < 3; i++) expect((await other.agent().get('/').set('Cookie', cookie)).status).toBe(200);
        expect(reads).toHaveBeenCalledTimes(1);
        expect((await here.post('/logout').type('form').send({ _csrf: csrfOf(page.text) })).status).toBe(303);
        const signedOut = await eventually(async () => (await other.agent().get('/').set('Cookie', cookie)).status === 303, 10);
        expect(signedOut).toBe(true);
      } finally {
        await other.close();
      }
    },
    APP_HOOK_TIMEOUT,
  );
});
