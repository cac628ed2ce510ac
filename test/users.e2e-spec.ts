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
    const byUnit = await admin.get(`/users?unit=${await unitId(t.db, 'QT-VLINH')}`);
    expect(byUnit.text).toContain('Dương Thị Kim Thoa');
    expect(byUnit.text).not.toContain('Võ Đức Hạnh');
  });

  it('creates a user with several roles; the password is hashed and must be changed at first sign-in', async () => {
    const res = await admin.post('/users/new').type('form').send({
      _csrf: token,
      username: 'Daumoi.CuaTung',
      fullName: 'Nguyễn Thị Thu Hiền',
      position: 'Công chức Văn phòng HĐND và UBND xã',
      unitId: String(await unitId(t.db, 'QT-CTUNG')),
      roles: ['author', 'unit_focal'],
      password: 'TamThoi@2026',
    });
    expect(res.status).toBe(303);
    const row = await user('daumoi.cuatung');
    expect(row).toMatchObject({ fullName: 'Nguyễn Thị Thu Hiền', roles: 'author,unit_focal', active: 1, mustChangePassword: 1 });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    const [event] = await t.db.query(`SELECT * FROM audit_events WHERE action = 'user.create' AND "entityId" = ?`, [String(row.id)]);
    expect(event.changes).not.toContain('TamThoi');
    expect(event.changes).not.toContain('scrypt');

    const agent = await signIn(t.agent(), 'daumoi.cuatung', 'TamThoi@2026');
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
    const res = await admin.post('/users/new').type('form').send({ _csrf: token, username: 'tacgia', fullName: 'Người Trùng', position: '', unitId: String(await unitId(t.db, 'QT-VHOANG')), roles: 'author', password: 'DuDaiRoi@1' });
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

  it('refuses an e-mail address with a line break, in a quoted local part too, beside the field; saves nothing', async () => {
    const id = await userId(t.db, 'daumoi.vinhthai');
    const page = await admin.get(`/users/${id}/edit`);
    const [u] = await t.db.query('SELECT "fullName", position, "unitId", roles, email FROM users WHERE id = ?', [id]);
    const form = (email: string) => {
      const f = new URLSearchParams({ _csrf: csrfOf(page.text), fullName: u.fullName, position: u.position, unitId: String(u.unitId), email });
      for (const r of String(u.roles).split(',')) f.append('roles', r);
      return f.toString();
    };
    for (const email of ['"thoa\r\nBcc: ai@vi.du"@vinhlinh.gov.vn', '"thoa\nvinhthai"@vinhlinh.gov.vn', 'thoa.vinhthai@vinhlinh.gov.vn\r\nBcc: ai@vi.du']) {
      const res = await admin.post(`/users/${id}/edit`).type('form').send(form(email));
      expect(`${JSON.stringify(email)} ${res.status}`).toBe(`${JSON.stringify(email)} 400`);
      expect(res.text).toContain('<div class="invalid-feedback" id="f-email-error">Địa chỉ thư điện tử không được chứa ký tự xuống dòng hay ký tự điều khiển.</div>');
      expect(res.text).toContain(`value="${u.fullName}"`);
    }
    const created = await admin.post('/users/new').type('form').send({ _csrf: token, username: 'canbo.thudientu', fullName: 'Cán bộ Thư', position: '', email: '"a\r\nb"@vinhlinh.gov.vn', unitId: String(await unitId(t.db, 'QT-VHOANG')), roles: 'author', password: 'TamThoi@2026' });
    expect(created.status).toBe(400);
    expect(created.text).toContain('id="f-email-error">Địa chỉ thư điện tử không được chứa ký tự xuống dòng');
    expect(await count(t.db, 'users', 'username = ?', ['canbo.thudientu'])).toBe(0);
    expect((await t.db.query('SELECT email FROM users WHERE id = ?', [id]))[0].email).toBe(u.email);
  });

  it('changes roles and records the change in the audit', async () => {
    const id = await userId(t.db, 'tacgia');
    const res = await admin.post(`/users/${id}/edit`).type('form').send({ _csrf: token, fullName: 'Ngô Thị Thanh Hà', position: 'Công chức Văn phòng HĐND và UBND xã', unitId: String(await unitId(t.db, 'QT-VHOANG')), roles: ['author', 'council_member'] });
    expect(res.status).toBe(303);
    expect((await user('tacgia')).roles).toBe('author,council_member');
    const [event] = await t.db.query(`SELECT * FROM audit_events WHERE action = 'user.roles' AND "entityId" = ?`, [String(id)]);
    expect(JSON.parse(event.changes)).toEqual([{ field: 'roles', before: ['author'], after: ['author', 'council_member'] }]);
    const audit = await admin.get('/audit?action=user.roles');
    expect(audit.text).toContain('Sửa người dùng tacgia');
  });

  it('takes away all roles when no box is ticked', async () => {
    const id = await userId(t.db, 'hoidong3');
    const res = await admin.post(`/users/${id}/edit`).type('form').send({ _csrf: token, fullName: 'Lý Văn Đức', position: '', unitId: String(await unitId(t.db, 'QT-STP')) });
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
    const demote = await admin.post(`/users/${self}/edit`).type('form').send({ _csrf: token, fullName: 'Hoàng Minh Tuấn', position: '', unitId: String(await unitId(t.db, 'QT-SNV')), roles: 'author' });
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
      const res = await followRefusal(admin, await upload(['username,full_name,position,unit_code,roles', 'canbo.a,Cán bộ A,,QT-VHOANG,author', 'tacgia,Trùng,,QT-VHOANG,author', 'canbo.b,,,KHONG,vua', 'canbo.a,Lặp,,QT-VHOANG,'].join('\n')));
      expect(res.text).toMatch(/<td>3<\/td><td><code>username<\/code><\/td><td>Tên đăng nhập tacgia đã có người dùng\./);
      expect(res.text).toMatch(/<td>4<\/td><td><code>full_name<\/code><\/td>/);
      expect(res.text).toMatch(/<td>4<\/td><td><code>unit_code<\/code><\/td><td>Không có đơn vị mã KHONG\./);
      expect(res.text).toMatch(/<td>4<\/td><td><code>roles<\/code><\/td><td>Vai trò không hợp lệ: vua/);
      expect(res.text).toMatch(/<td>5<\/td><td><code>username<\/code><\/td><td>Tên đăng nhập canbo.a bị lặp/);
      expect(await count(t.db, 'users')).toBe(before);
    });

    it('imports all rows and shows each temporary password once', async () => {
      const posted = await upload('\uFEFFusername;full_name;position;unit_code;roles\ncanbo.c;Trần Thị C;Công chức Tư pháp - Hộ tịch;QT-VHOANG;author|unit_focal\ncanbo.d;Phạm Văn D;;QT-VLINH;\n');
      // The result is a page of its own, reached by a redirect: a reload never posts the file again.
      expect(posted.status).toBe(303);
      expect(posted.headers.location).toBe('/users/import/result');
      const res = await admin.get('/users/import/result');
      expect(res.status).toBe(200);
      expect(res.text).toContain('Đã nhập 2 người dùng');
      const match = /<td><code>canbo\.c<\/code><\/td><td><code>([A-Za-z0-9]{12})<\/code><\/td>/.exec(res.text);
      expect(match).not.toBeNull();
      expect(await user('canbo.c')).toMatchObject({ roles: 'author,unit_focal', unitId: await unitId(t.db, 'QT-VHOANG'), mustChangePassword: 1 });
      expect((await user('canbo.d')).roles).toBe('');
      await expect(signIn(t.agent(), 'canbo.c', match?.[1] as string)).resolves.toBeDefined();
      expect(await count(t.db, 'audit_events', "action = 'user.import'")).toBe(1);
    });

    it('serves a template whose header row gives the Vietnamese column names, and imports a file headed like it', async () => {
      const template = await admin.get('/users/import/template.csv');
      expect(template.status).toBe(200);
      const header = template.text.split('\n')[0];
      expect(header).toBe('\uFEFFTên đăng nhập,Họ và tên,Chức vụ,Mã đơn vị,Vai trò');
      const res = await upload(`${header}\ncanbo.tv1,Lê Văn Tiếng Việt,,QT-VHOANG,author\n`);
      expect(res.status).toBe(303);
      expect(await user('canbo.tv1')).toMatchObject({ fullName: 'Lê Văn Tiếng Việt', unitId: await unitId(t.db, 'QT-VHOANG'), roles: 'author' });
      // Any case, spaces around, names and codes mixed.
      const mixed = await upload(' HỌ VÀ TÊN ;tên đăng nhập;  chức vụ;UNIT_CODE; vai trò \nTrần Thị Hoa;canbo.tv2;Công chức Tư pháp;QT-VLINH;unit_focal\n');
      expect(mixed.status).toBe(303);
      expect(await user('canbo.tv2')).toMatchObject({ fullName: 'Trần Thị Hoa', position: 'Công chức Tư pháp', roles: 'unit_focal' });
    });

    it('refuses a file with an unknown column, naming it, and creates nobody', async () => {
      const before = await count(t.db, 'users');
      const res = await followRefusal(admin, await upload('Tên đăng nhập,Họ và tên,Chức vụ,Mã đơn vị,Vai trò,Điện thoại\ncanbo.tv9,Người Lạ,,QT-VHOANG,author,0912\n'));
      expect(res.text).toContain('Chưa nhập dòng nào');
      expect(res.text).toContain('Không nhận ra cột: &quot;Điện thoại&quot;. Các cột dùng được (tên cột trong tệp mẫu hoặc mã cột): Tên đăng nhập (username), Họ và tên (full_name), Chức vụ (position), Mã đơn vị (unit_code), Vai trò (roles).');
      expect(await count(t.db, 'users')).toBe(before);
    });
  });

  describe('temporary passwords after an import', () => {
    const importFile = async (agent: TestAgent, lines: string[]) => {
      const page = await agent.get('/users/import');
      return agent.post('/users/import').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from(['username,full_name,position,unit_code,roles', ...lines].join('\n')), 'dot-2.csv');
    };
    const shownPasswords = (html: string) => new Map([...html.matchAll(/<td><code>([a-z0-9._-]+)<\/code><\/td><td><code>([A-Za-z0-9]{12})<\/code><\/td>/g)].map((m) => [m[1], m[2]]));

    it('shows them once, offers them once as a CSV file to the admin who imported, and says so on a reload', async () => {
      const posted = await importFile(admin, ['canbo.f1,Đỗ Thị Phương,,QT-VHOANG,author', 'canbo.f2,"Lê Văn Phúc, Jr",,QT-VLINH,']);
      expect(posted.status).toBe(303);
      const first = await admin.get(posted.headers.location);
      expect(first.status).toBe(200);
      const shown = shownPasswords(first.text);
      expect([...shown.keys()]).toEqual(['canbo.f1', 'canbo.f2']);
      expect(first.text).toContain('chỉ hiện <strong>một lần</strong>');
      expect(first.text).toContain('href="/users/import/result/passwords.csv"');
      expect(first.text).toContain('không ghi chúng vào nhật ký thao tác');

      // F5: the page answers, without the passwords, and says they were shown; the file is still offered.
      const reload = await admin.get('/users/import/result');
      expect(reload.status).toBe(200);
      expect(reload.text).toContain('đã được hiển thị</strong> một lần và không hiện lại');
      for (const password of shown.values()) expect(reload.text).not.toContain(password);
      expect(reload.text).toContain('href="/users/import/result/passwords.csv"');

      // Nothing readable is left in the stored session or in the audit log.
      const sessions = (await t.db.query('SELECT data FROM sessions')) as { data: string }[];
      const events = JSON.stringify(await t.db.query('SELECT * FROM audit_events'));
      for (const password of shown.values()) {
        expect(sessions.some((row) => row.data.includes(password))).toBe(false);
        expect(events).not.toContain(password);
      }

      const file = await admin.get('/users/import/result/passwords.csv');
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toContain('text/csv');
      expect(file.headers['content-disposition']).toContain('attachment');
      expect(file.text).toBe(
        `\uFEFFTên đăng nhập,Họ và tên,Mật khẩu tạm thời\r\ncanbo.f1,Đỗ Thị Phương,${shown.get('canbo.f1')}\r\ncanbo.f2,"Lê Văn Phúc, Jr",${shown.get('canbo.f2')}\r\n`,
      );
      await expect(signIn(t.agent(), 'canbo.f2', shown.get('canbo.f2') as string)).resolves.toBeDefined();

      const again = await admin.get('/users/import/result/passwords.csv');
      expect(again.status).toBe(410);
      expect(again.headers['content-type']).toContain('text/html');
      expect(again.text).toContain('Không tải được tệp mật khẩu lần nữa.');
      for (const password of shown.values()) expect(again.text).not.toContain(password);
      const after = await admin.get('/users/import/result');
      expect(after.status).toBe(200);
      expect(after.text).toContain('<strong>đã được tải về</strong> một lần');
      expect(after.text).not.toContain('href="/users/import/result/passwords.csv"');
    });

    it('refuses the file to another admin (404) and to non-admins (403), leaving it to the importer', async () => {
      const token2 = await tokenFrom(admin, '/users/new');
      const created = await admin.post('/users/new').type('form').send({
        _csrf: token2,
        username: 'quantri.hai',
        fullName: 'Quản trị viên thứ hai',
        position: '',
        unitId: String(await unitId(t.db, 'QT-SNV')),
        roles: ['district_admin'],
        password: 'QuanTri@2026',
      });
      expect(created.status).toBe(303);
      const other = await signIn(t.agent(), 'quantri.hai', 'QuanTri@2026');
      const changePage = await other.get('/account/password');
      await other.post('/account/password').type('form').send({ _csrf: csrfOf(changePage.text), currentPassword: 'QuanTri@2026', newPassword: 'QuanTriHai@2026', confirmPassword: 'QuanTriHai@2026' });

      const posted = await importFile(admin, ['canbo.f3,Ngô Văn Ba,,QT-VHOANG,author']);
      expect(posted.status).toBe(303);

      const refused = await other.get('/users/import/result/passwords.csv');
      expect(refused.status).toBe(404);
      expect(refused.text).toContain('Không có tệp mật khẩu tạm thời nào đang chờ tải trong phiên làm việc của bạn.');
      expect(refused.text).not.toContain('canbo.f3');
      const otherPage = await other.get('/users/import/result');
      expect(otherPage.status).toBe(200);
      expect(otherPage.text).toContain('Không có mật khẩu tạm thời nào đang chờ');
      expect(otherPage.text).not.toContain('canbo.f3');

      const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
      expect((await author.get('/users/import/result/passwords.csv')).status).toBe(403);
      expect((await author.get('/users/import/result')).status).toBe(403);
      expect((await t.agent().get('/users/import/result/passwords.csv')).status).toBe(303); // to the sign-in page

      // The importer still gets it, once, without having opened the page.
      const file = await admin.get('/users/import/result/passwords.csv');
      expect(file.status).toBe(200);
      expect(file.text).toMatch(/^\uFEFFTên đăng nhập,Họ và tên,Mật khẩu tạm thời\r\ncanbo\.f3,Ngô Văn Ba,[A-Za-z0-9]{12}\r\n$/);
      expect((await admin.get('/users/import/result/passwords.csv')).status).toBe(410);
    });
  });
});
