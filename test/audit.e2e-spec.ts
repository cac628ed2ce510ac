import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, createTestApp, DEMO_PASSWORD, signIn, TestApp } from './helpers/test-app';

describe('audit page: client addresses', () => {
  let t: TestApp;
  let admin: TestAgent;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('records and shows an IPv4 client as plain IPv4, not as an IPv4-mapped IPv6 address', async () => {
    // The test server listens on every address (::), so IPv4 requests arrive as ::ffff:127.0.0.1.
    const rows = (await t.db.query(`SELECT ip FROM audit_events WHERE action = 'auth.login' ORDER BY id DESC`)) as { ip: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0].ip).toBe('127.0.0.1');
    const page = await admin.get('/audit?action=auth.login');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div class="small text-body-secondary">127.0.0.1</div>');
    expect(page.text).not.toContain('::ffff:');
  });

  it('shows rows recorded before the change as plain IPv4 too', async () => {
    await t.db.query(`INSERT INTO audit_events ("actorId", "actorName", action, "entityType", "entityId", summary, ip) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      null,
      'Khách',
      'auth.login_failed',
      'session',
      null,
      'Đăng nhập sai: dia-chi-cu',
      '::ffff:10.20.30.40',
    ]);
    const page = await admin.get('/audit?q=dia-chi-cu');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Đăng nhập sai: dia-chi-cu');
    expect(page.text).toContain('<div class="small text-body-secondary">10.20.30.40</div>');
    expect(page.text).not.toContain('::ffff:');
  });
});
