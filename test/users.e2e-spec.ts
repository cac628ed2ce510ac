import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, followRefusal, signIn, TestApp, tokenFrom, unitId, userId } from './helpers/test-app';

describe('users', () => {
  let t: TestApp;
  let admin: TestAgent;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    token = await tokenFrom(admin, '/users/new');
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  const user = async (username: string) => (await t.db.query('SELECT * FROM users WHERE username = ?', [username]))[0];

  it('lists users with search (no diacritics needed) and filters', async () => {
    const res = await admin.get('/users?q=duc%20hanh');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Võ Đức Hạnh');
    expect(res.text).not.toContain('Dương Thị Kim Thoa');
    const focal = await admin.get('/users?role=unit_focal');
    expect(focal.text).toContain('Võ Đức Hạnh');
    expect(focal.text).toContain('Dương Thị Kim Thoa');
    expect(focal.text).not.toContain('Trương Quang Vinh');
    const byUnit = await admin.get(`/users?unit=${await unitId(t.db, 'VL-VT')}`);
    expect(byUnit.text).toContain('Dương Thị Kim Thoa');
    expect(byUnit.text).not.toContain('Võ Đức Hạnh');
  });

  it('creates a user with several roles; the password is hashed and must be changed at first sign-in', async () => {
    const res = await admin.post('/users/new').type('form').send({
      _csrf: token,
      username: 'Daumoi.TrungNam',
      fullName: 'Lê Thị Thu Trang',
      position: 'Công chức Văn phòng - Thống kê',
      unitId: String(await unitId(t.db, 'VL-TN')),
      roles: ['author', 'unit_focal'],
      password: 'TamThoi@2026',
    });
    expect(res.status).toBe(303);
    const row = await user('daumoi.trungnam');
    expect(row).toMatchObject({ fullName: 'Lê Thị Thu Trang', roles: 'author,unit_focal', active: 1, mustChangePassword: 1 });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    const [event] = await t.db.query(`SELECT * FROM audit_events WHERE action = 'user.create' AND "entityId" = ?`, [String(row.id)]);
    expect(event.changes).not.toContain('TamThoi');
    expect(event.changes).not.toContain('scrypt');

    const agent = await signIn(t.agent(), 'daumoi.trungnam', 'TamThoi@2026');
    const home = await agent.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/account/password');
    const page = await agent.get('/account/password');
    expect(page.text).toContain('Bạn đang dùng mật khẩu tạm thời');
    const changed = await agent.post('/account/password').type('form').send({ _csrf: csrfOf(page.text), currentPassword: 'TamThoi@2026', newPassword: 'RiengToi@2026', confirmPassword: 'RiengToi@2026' });
    expect(changed.status).toBe(303);
    expect((await agent.get('/')).status).toBe(200);
  });

  it('returns the form with messages and typed values; creates nothing', async () => {
    const before = await count(t.db, 'users');
    const res = await admin.post('/users/new').type('form').send({ _csrf: token, username: 'tacgia', fullName: 'Người Trùng', position: '', unitId: String(await unitId(t.db, 'VL-VH')), roles: 'author', password: 'DuDaiRoi@1' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Tên đăng nhập tacgia đã có người dùng.');
    expect(res.text).toContain('value="Người Trùng"');
    expect(res.text).not.toContain('DuDaiRoi@1');
    const invalid = await admin.post('/users/new').type('form').send({ _csrf: token, username: 'có dấu', fullName: '', unitId: '', roles: 'vua', password: '123' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('Tên đăng nhập gồm 3–64 ký tự');
    expect(invalid.text).toContain('Vui lòng nhập họ và tên.');
    expect(invalid.text).toContain('Vui lòng chọn đơn vị.');
    expect(invalid.text).toContain('Vai trò không hợp lệ.');
    expect(invalid.text).toContain('Mật khẩu ban đầu cần ít nhất 8 ký tự.');
    expect(await count(t.db, 'users')).toBe(before);
  });

  it('changes roles and records the change in the audit', async () => {
    const id = await userId(t.db, 'tacgia');
    const res = await admin.post(`/users/${id}/edit`).type('form').send({ _csrf: token, fullName: 'Ngô Thị Thanh Hà', position: 'Công chức Văn phòng - Thống kê', unitId: String(await unitId(t.db, 'VL-VH')), roles: ['author', 'council_member'] });
    expect(res.status).toBe(303);
    expect((await user('tacgia')).roles).toBe('author,council_member');
    const [event] = await t.db.query(`SELECT * FROM audit_events WHERE action = 'user.roles' AND "entityId" = ?`, [String(id)]);
    expect(JSON.parse(event.changes)).toEqual([{ field: 'roles', before: ['author'], after: ['author', 'council_member'] }]);
    const audit = await admin.get('/audit?action=user.roles');
    expect(audit.text).toContain('Sửa người dùng tacgia');
  });

  it('takes away all roles when no box is ticked', async () => {
    const id = await userId(t.db, 'hoidong3');
    const res = await admin.post(`/users/${id}/edit`).type('form').send({ _csrf: token, fullName: 'Lý Văn Đức', position: '', unitId: String(await unitId(t.db, 'VL-TP')) });
    expect(res.status).toBe(303);
    expect((await user('hoidong3')).roles).toBe('');
  });

  it('deactivates a user: their session ends and they cannot sign in; the audit shows it', async () => {
    const victim = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    expect((await victim.get('/')).status).toBe(200);
    const id = await userId(t.db, 'daumoi.vinhthai');
    const res = await admin.post(`/users/${id}/deactivate`).type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    expect((await user('daumoi.vinhthai')).active).toBe(0);
    expect((await victim.get('/')).status).toBe(303);
    await expect(signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD)).rejects.toThrow(/failed: 400/);
    expect(await count(t.db, 'audit_events', "action = 'user.deactivate' AND \"entityId\" = ?", [String(id)])).toBe(1);
    const page = await admin.get(`/users/${id}/edit`);
    expect(page.text).toContain('Đã khóa');
    await admin.post(`/users/${id}/activate`).type('form').send({ _csrf: token });
    await expect(signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD)).resolves.toBeDefined();
  });

  it('refuses to let an admin lock out themselves or the last admin', async () => {
    const self = await userId(t.db, 'admin');
    const res = await admin.post(`/users/${self}/deactivate`).type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    expect((await admin.get(`/users/${self}/edit`)).text).toContain('Bạn không thể tự khóa tài khoản của chính mình.');
    expect((await user('admin')).active).toBe(1);
    const demote = await admin.post(`/users/${self}/edit`).type('form').send({ _csrf: token, fullName: 'Hoàng Minh Tuấn', position: '', unitId: String(await unitId(t.db, 'VL-NV')), roles: 'author' });
    expect(demote.status).toBe(400);
    expect(demote.text).toContain('Bạn không thể tự bỏ vai trò quản trị của chính mình.');
    expect((await user('admin')).roles).toBe('district_admin');
  });

  it('resets a password: a temporary one shown once, old sessions end, old password stops working', async () => {
    const victim = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const id = await userId(t.db, 'hoidong1');
    const res = await admin.post(`/users/${id}/reset-password`).type('form').send({ _csrf: token });
    expect(res.status).toBe(200);
    const temp = /<code class="fs-6">([A-Za-z0-9]{12})<\/code>/.exec(res.text)?.[1];
    expect(temp).toBeDefined();
    expect((await victim.get('/')).status).toBe(303);
    await expect(signIn(t.agent(), 'hoidong1', DEMO_PASSWORD)).rejects.toThrow();
    const agent = await signIn(t.agent(), 'hoidong1', temp as string);
    expect((await agent.get('/')).headers.location).toBe('/account/password');
    const events = await t.db.query(`SELECT * FROM audit_events WHERE action = 'user.password_reset'`);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(temp);
  });

  describe('CSV import', () => {
    const upload = async (content: string) => {
      const page = await admin.get('/users/import');
      return admin.post('/users/import').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from(content), 'nguoi-dung.csv');
    };

    it('imports nothing when a row is bad, listing errors by row and column', async () => {
      const before = await count(t.db, 'users');
      const res = await followRefusal(admin, await upload(['username,full_name,position,unit_code,roles', 'canbo.a,Cán bộ A,,VL-VH,author', 'tacgia,Trùng,,VL-VH,author', 'canbo.b,,,KHONG,vua', 'canbo.a,Lặp,,VL-VH,'].join('\n')));
      expect(res.text).toMatch(/<td>3<\/td><td><code>username<\/code><\/td><td>Tên đăng nhập tacgia đã có người dùng\./);
      expect(res.text).toMatch(/<td>4<\/td><td><code>full_name<\/code><\/td>/);
      expect(res.text).toMatch(/<td>4<\/td><td><code>unit_code<\/code><\/td><td>Không có đơn vị mã KHONG\./);
      expect(res.text).toMatch(/<td>4<\/td><td><code>roles<\/code><\/td><td>Vai trò không hợp lệ: vua/);
      expect(res.text).toMatch(/<td>5<\/td><td><code>username<\/code><\/td><td>Tên đăng nhập canbo.a bị lặp/);
      expect(await count(t.db, 'users')).toBe(before);
    });

    it('imports all rows and shows each temporary password once', async () => {
      const res = await upload('\uFEFFusername;full_name;position;unit_code;roles\ncanbo.c;Trần Thị C;Công chức Tư pháp - Hộ tịch;VL-VH;author|unit_focal\ncanbo.d;Phạm Văn D;;VL-VT;\n');
      expect(res.status).toBe(200);
      expect(res.text).toContain('Đã nhập 2 người dùng');
      const match = /<td><code>canbo\.c<\/code><\/td><td><code>([A-Za-z0-9]{12})<\/code><\/td>/.exec(res.text);
      expect(match).not.toBeNull();
      expect(await user('canbo.c')).toMatchObject({ roles: 'author,unit_focal', unitId: await unitId(t.db, 'VL-VH'), mustChangePassword: 1 });
      expect((await user('canbo.d')).roles).toBe('');
      await expect(signIn(t.agent(), 'canbo.c', match?.[1] as string)).resolves.toBeDefined();
      expect(await count(t.db, 'audit_events', "action = 'user.import'")).toBe(1);
    });
  });
});
