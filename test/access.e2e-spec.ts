import { APP_HOOK_TIMEOUT, count, createTestApp, DEMO_PASSWORD, signIn, TestApp, tokenFrom, unitId, userId } from './helpers/test-app';

describe('access, CSRF, headers and health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('GET /healthz answers 200 with the database checked, without signing in', async () => {
    const sessions = await count(t.db, 'sessions');
    const res = await t.agent().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await count(t.db, 'sessions')).toBe(sessions);
  });

  it('sets security headers with a content security policy that forbids inline scripts', async () => {
    const res = await t.agent().get('/login');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('pages carry no inline script and load assets from this server only', async () => {
    const agent = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    for (const path of ['/', '/units', '/users', '/audit', '/units/new']) {
      const html = (await agent.get(path)).text;
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/src="\/(vendor|assets)\//);
        expect(body.trim()).toBe('');
      }
      expect(html).not.toMatch(/(src|href)="https?:\/\//);
      expect(html).not.toMatch(/\son[a-z]+="/); // no inline event handlers
    }
    expect((await agent.get('/vendor/bootstrap/css/bootstrap.min.css')).status).toBe(200);
    expect((await agent.get('/assets/js/app.js')).status).toBe(200);
  });

  it('refuses a POST without a valid CSRF token with 403 and changes nothing', async () => {
    const agent = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const before = await count(t.db, 'units');
    const none = await agent.post('/units/new').type('form').send({ code: 'CSRF-1', name: 'Không được tạo', kind: 'commune' });
    expect(none.status).toBe(403);
    expect(none.text).toContain('Biểu mẫu đã hết hạn');
    const forged = await agent.post('/units/new').type('form').send({ _csrf: 'gia-mao', code: 'CSRF-1', name: 'Không được tạo', kind: 'commune' });
    expect(forged.status).toBe(403);
    // A token from another session does not work either.
    const otherToken = await tokenFrom(await signIn(t.agent(), 'admin', DEMO_PASSWORD), '/units/new');
    const crossed = await agent.post('/units/new').type('form').send({ _csrf: otherToken, code: 'CSRF-1', name: 'Không được tạo', kind: 'commune' });
    expect(crossed.status).toBe(403);
    expect(await count(t.db, 'units')).toBe(before);
    // Sign-in and sign-out are protected too.
    expect((await t.agent().post('/login').type('form').send({ username: 'admin', password: DEMO_PASSWORD })).status).toBe(403);
    expect((await agent.post('/logout').type('form').send({})).status).toBe(403);
    expect((await agent.get('/')).status).toBe(200);
  });

  it('answers 403 in Vietnamese to a signed-in user without the role, for pages and forms', async () => {
    const agent = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    for (const path of ['/units', '/units/new', '/users', '/users/new', '/users/import', '/audit', '/units/import']) {
      const res = await agent.get(path);
      expect(res.status).toBe(403);
      expect(res.text).toContain('Không có quyền truy cập');
    }
    const token = await tokenFrom(agent, '/');
    const before = await count(t.db, 'units');
    const res = await agent.post('/units/new').type('form').send({ _csrf: token, code: 'X-403', name: 'Không được tạo', kind: 'commune' });
    expect(res.status).toBe(403);
    const target = await userId(t.db, 'hoidong1');
    const deact = await agent.post(`/users/${target}/deactivate`).type('form').send({ _csrf: token });
    expect(deact.status).toBe(403);
    expect(await count(t.db, 'units')).toBe(before);
    expect(await count(t.db, 'users', 'id = ? AND active = ?', [target, 1])).toBe(1);
  });

  it("answers 403 for another unit's data, and shows the user's own unit", async () => {
    const agent = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    const own = await agent.get(`/units/${await unitId(t.db, 'QT-VHOANG')}`);
    expect(own.status).toBe(200);
    expect(own.text).toContain('UBND xã Vĩnh Hoàng');
    expect(own.text).toContain('Võ Đức Hạnh');
    expect(own.text).not.toContain('Xóa đơn vị');
    const other = await agent.get(`/units/${await unitId(t.db, 'QT-VLINH')}`);
    expect(other.status).toBe(403);
    expect(other.text).toContain('Bạn chỉ được truy cập dữ liệu của đơn vị mình');
    const parent = await agent.get(`/units/${await unitId(t.db, 'QT')}`);
    expect(parent.status).toBe(403);
  });

  it('lets a department see its sub-units (scope includes descendants)', async () => {
    // hoidong1 works at the department QT-SNV; put a sub-unit under it.
    const snv = await unitId(t.db, 'QT-SNV');
    await t.db.query(`INSERT INTO units (code, name, kind, "parentId", "searchText") VALUES ('QT-SNV-1', 'Phòng Cải cách hành chính', 'agency', ?, 'qt-snv-1 phong cai cach hanh chinh')`, [snv]);
    const agent = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    expect((await agent.get(`/units/${await unitId(t.db, 'QT-SNV-1')}`)).status).toBe(200);
    expect((await agent.get(`/units/${await unitId(t.db, 'QT-STP')}`)).status).toBe(403);
  });

  it('answers 404 (not 500) for unknown pages and ids', async () => {
    const agent = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const missing = await agent.get('/units/999999');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Không tìm thấy đơn vị.');
    expect((await agent.get('/units/abc')).status).toBe(404);
    expect((await agent.get('/khong-co-trang-nay')).status).toBe(404);
    // A signed-in person's way back is their home page.
    expect(missing.text).toContain('<a href="/" class="btn btn-primary">Về trang chủ</a>');
  });

  it('sends a visitor who is not signed in from an error page to the public catalogue, not to the sign-in page', async () => {
    const missing = await t.agent().get('/catalogue/999999');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('<a href="/catalogue" class="btn btn-primary">Xem kho sáng kiến</a>');
    expect(missing.text).not.toContain('Về trang chủ');
  });

  it('shows navigation by role', async () => {
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const adminHome = (await admin.get('/')).text;
    expect(adminHome).toContain('href="/users"');
    expect(adminHome).toContain('href="/audit"');
    expect(adminHome).toMatch(/\d+<\/span><span class="stat-label">đơn vị đang hoạt động/);
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    const authorHome = (await author.get('/')).text;
    expect(authorHome).not.toContain('href="/users"');
    expect(authorHome).not.toContain('href="/audit"');
    expect(authorHome).toContain(`href="/units/${await unitId(t.db, 'QT-VHOANG')}"`);
  });
});
