import { ADMIN_TEST_PASSWORD, APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, tokenFrom, userId } from './helpers/test-app';

describe('sign-in, sessions and passwords', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('shows the sign-in form with username and password fields', async () => {
    const res = await t.agent().get('/login');
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="username"');
    expect(res.text).toContain('name="password"');
    expect(res.text).toContain('Đăng nhập');
  });

  it('signs in, starting a new session only then, with HttpOnly SameSite=Lax cookie', async () => {
    const agent = t.agent();
    const page = await agent.get('/login');
    // An anonymous visitor has no session: the sign-in form is protected by a cookie of its own.
    const before = /sk\.sid=([^;]+)/.exec(String(page.headers['set-cookie']))?.[1];
    expect(before).toBeUndefined();
    expect(String(page.headers['set-cookie'])).toMatch(/sk\.csrf=[^;]+;.*HttpOnly/i);
    const res = await agent.post('/login').type('form').send({ _csrf: csrfOf(page.text), username: 'tacgia', password: DEMO_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = String(res.headers['set-cookie']);
    const after = /sk\.sid=([^;]+)/.exec(cookie)?.[1];
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Ngô Thị Thanh Hà');
    expect(home.text).toContain('UBND xã Vĩnh Hoàng');
    // The session is kept server-side, in the database.
    expect(await count(t.db, 'sessions', '"userId" = ?', [await userId(t.db, 'tacgia')])).toBeGreaterThan(0);
  });

  it('accepts the username in any case', async () => {
    await expect(signIn(t.agent(), 'TacGia', DEMO_PASSWORD)).resolves.toBeDefined();
  });

  it('refuses a wrong password with a Vietnamese message and keeps the username', async () => {
    const agent = t.agent();
    const token = await tokenFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, username: 'hoidong1', password: 'sai-mat-khau' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    expect(res.text).toContain('value="hoidong1"');
    expect(res.text).not.toContain('sai-mat-khau');
    expect((await agent.get('/')).status).toBe(303);
  });

  it('asks for both fields when empty', async () => {
    const agent = t.agent();
    const token = await tokenFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, username: '', password: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Vui lòng nhập tên đăng nhập.');
    expect(res.text).toContain('Vui lòng nhập mật khẩu.');
  });

  it('throttles a username after 5 failures, even with the right password, with a clear message', async () => {
    const agent = t.agent();
    let token = await tokenFrom(agent, '/login');
    for (let i = 0; i < 5; i++) {
      const res = await agent.post('/login').type('form').send({ _csrf: token, username: 'hoidong3', password: `sai-${i}` });
      expect(res.status).toBe(400);
      token = csrfOf(res.text);
    }
    const blocked = await agent.post('/login').type('form').send({ _csrf: token, username: 'hoidong3', password: DEMO_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toMatch(/Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau \d+ phút\./);
    // Another account from the same address is not blocked by this one's failures.
    await expect(signIn(t.agent(), 'hoidong2', DEMO_PASSWORD)).resolves.toBeDefined();
  });

  it('throttles an address after 20 failures across usernames', async () => {
    const agent = t.agent();
    let token = await tokenFrom(agent, '/login');
    // Earlier tests in this file already failed from this address; fill up to the limit.
    const already = await count(t.db, 'login_failures', 'ip LIKE ?', ['%127.0.0.1%']);
    for (let i = already; i < 20; i++) {
      const res = await agent.post('/login').type('form').send({ _csrf: token, username: `khong-co-${i}`, password: 'x' });
      expect(res.status).toBe(400);
      token = csrfOf(res.text);
    }
    const blocked = await agent.post('/login').type('form').send({ _csrf: token, username: 'daumoi.vinhthai', password: DEMO_PASSWORD });
    expect(blocked.status).toBe(429);
    await t.db.query('DELETE FROM login_failures');
  });

  it('signs out with POST and the session no longer works', async () => {
    const agent = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    const token = await tokenFrom(agent, '/');
    const res = await agent.post('/logout').type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
    const after = await agent.get('/');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/login?next=%2F');
  });

  it('sends a signed-out visitor to sign in and back to the page asked for', async () => {
    const agent = t.agent();
    const res = await agent.get('/units?q=vinh');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Funits%3Fq%3Dvinh');
    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('value="/units?q&#x3D;vinh"'); // Handlebars escapes =
    const login = await agent.post('/login').type('form').send({ _csrf: csrfOf(page.text), username: 'admin', password: DEMO_PASSWORD, next: '/units?q=vinh' });
    expect(login.headers.location).toBe('/units?q=vinh');
  });

  it('never redirects off-site after sign-in', async () => {
    const agent = t.agent();
    const token = await tokenFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, username: 'admin', password: DEMO_PASSWORD, next: '//evil.example/x' });
    expect(res.headers.location).toBe('/');
  });

  it('lets every user change their own password, checking the current one', async () => {
    const agent = await signIn(t.agent(), 'hoidong2', DEMO_PASSWORD);
    let token = await tokenFrom(agent, '/account/password');
    const wrong = await agent.post('/account/password').type('form').send({ _csrf: token, currentPassword: 'sai', newPassword: 'MatKhauMoi@1', confirmPassword: 'MatKhauMoi@1' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Mật khẩu hiện tại không đúng.');
    token = csrfOf(wrong.text);
    const mismatch = await agent.post('/account/password').type('form').send({ _csrf: token, currentPassword: DEMO_PASSWORD, newPassword: 'MatKhauMoi@1', confirmPassword: 'khac' });
    expect(mismatch.text).toContain('Mật khẩu nhập lại không khớp.');
    const short = await agent.post('/account/password').type('form').send({ _csrf: token, currentPassword: DEMO_PASSWORD, newPassword: 'ngan', confirmPassword: 'ngan' });
    expect(short.text).toContain('Mật khẩu mới cần ít nhất 8 ký tự.');
    const ok = await agent.post('/account/password').type('form').send({ _csrf: token, currentPassword: DEMO_PASSWORD, newPassword: 'MatKhauMoi@1', confirmPassword: 'MatKhauMoi@1' });
    expect(ok.status).toBe(303);
    await expect(signIn(t.agent(), 'hoidong2', 'MatKhauMoi@1')).resolves.toBeDefined();
    await expect(signIn(t.agent(), 'hoidong2', DEMO_PASSWORD)).rejects.toThrow(/failed: 400/);
    const events = await t.db.query(`SELECT summary, changes FROM audit_events WHERE action = 'user.password_change'`);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain('MatKhauMoi');
  });
});

describe('first start on an empty database', () => {
  it('creates admin with ADMIN_PASSWORD, as district administrator', async () => {
    const t = await createTestApp();
    try {
      const rows = await t.db.query(`SELECT username, roles, "passwordHash" FROM users`);
      expect(rows).toHaveLength(1);
      expect(rows[0].username).toBe('admin');
      expect(rows[0].roles).toBe('district_admin');
      expect(rows[0].passwordHash).not.toContain(ADMIN_TEST_PASSWORD);
      const agent = await signIn(t.agent(), 'admin', ADMIN_TEST_PASSWORD);
      expect((await agent.get('/units')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('generates a password when ADMIN_PASSWORD is not set', async () => {
    const t = await createTestApp({ env: { ADMIN_PASSWORD: '' } });
    try {
      const rows = await t.db.query(`SELECT "passwordHash" FROM users WHERE username = 'admin'`);
      expect(rows[0].passwordHash).toMatch(/^scrypt\$/);
      await expect(signIn(t.agent(), 'admin', ADMIN_TEST_PASSWORD)).rejects.toThrow();
    } finally {
      await t.close();
    }
  });
});
