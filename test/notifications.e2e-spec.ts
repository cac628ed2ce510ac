import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, userId } from './helpers/test-app';

/** A person's notices: the unread count in the header of every page, the page of notices, marking all read. */
describe('notifications', () => {
  let t: TestApp;
  let me: number;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    me = await userId(t.db, 'hoidong2');
    await t.db.query(`DELETE FROM notifications WHERE "userId" = ?`, [me]);
    for (const [k, message] of ['Phân công chấm sáng kiến SK-2026-0003', 'Phiếu chấm được mở lại', 'Kết quả xét công nhận'].entries()) {
      await t.db.query('INSERT INTO notifications ("userId", kind, message, link, "readAt") VALUES (?, ?, ?, ?, ?)', [me, 'assignment', message, '/reviews', k === 2 ? new Date('2026-11-01T08:00:00Z') : null]);
    }
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  it('shows the unread count in the header of every page, and lists the notices, unread ones marked', async () => {
    const agent = await signIn(t.agent(), 'hoidong2', DEMO_PASSWORD);
    for (const path of ['/', '/initiatives', '/catalogue']) {
      expect((await agent.get(path)).text).toContain('href="/notifications?unread=1">Thông báo <span class="badge rounded-pill text-bg-warning">2<span class="visually-hidden"> chưa đọc</span></span></a>');
    }
    const page = await agent.get('/notifications');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Phân công chấm sáng kiến SK-2026-0003');
    expect(page.text).toContain('Kết quả xét công nhận');
    expect((page.text.match(/badge text-bg-primary me-1">Mới/g) ?? []).length).toBe(2);
    const unread = await agent.get('/notifications?unread=1');
    expect(unread.text).not.toContain('Kết quả xét công nhận');
    expect(unread.text).toContain('Đánh dấu tất cả là đã đọc (2)');
  });

  it('marks them all read (only this person’s), and the count goes', async () => {
    const other = await userId(t.db, 'hoidong3');
    await t.db.query('INSERT INTO notifications ("userId", kind, message, link) VALUES (?, ?, ?, ?)', [other, 'assignment', 'Của người khác', '/reviews']);
    const agent = await signIn(t.agent(), 'hoidong2', DEMO_PASSWORD);
    const page = await agent.get('/notifications');
    const res = await agent.post('/notifications/read-all').type('form').send({ _csrf: csrfOf(page.text) });
    expect(res.status).toBe(303);
    expect(await count(t.db, 'notifications', `"userId" = ? AND "readAt" IS NULL`, [me])).toBe(0);
    expect(await count(t.db, 'notifications', `"userId" = ? AND "readAt" IS NULL`, [other])).toBe(1);
    const after = await agent.get('/notifications');
    expect(after.text).toContain('Đã đánh dấu 2 thông báo là đã đọc.');
    expect(after.text).toContain('href="/notifications">Thông báo</a>');
    expect((await agent.get('/notifications?unread=1')).text).toContain('Không có thông báo chưa đọc.');
  });

  it('asks a guest to sign in', async () => {
    const res = await t.agent().get('/notifications');
    expect([302, 303]).toContain(res.status);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});
