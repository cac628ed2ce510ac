import TestAgent from 'supertest/lib/agent';
import { UnitsService } from '../src/units/units.service';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, followRefusal, tokenFrom, unitId, userId } from './helpers/test-app';

describe('units', () => {
  let t: TestApp;
  let admin: TestAgent;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    token = await tokenFrom(admin, '/units/new');
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  const unit = async (code: string) => (await t.db.query('SELECT * FROM units WHERE code = ?', [code]))[0];

  describe('tree and search', () => {
    it('lists units as a tree', async () => {
      const res = await admin.get('/units');
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/Tỉnh Quảng Trị<\/a>[\s\S]*<ul>[\s\S]*UBND xã Vĩnh Hoàng/);
    });

    it.each([
      ['vinh hoang', 'UBND xã Vĩnh Hoàng'],
      ['VĨNH HOÀNG', 'UBND xã Vĩnh Hoàng'],
      ['cua tung', 'UBND xã Cửa Tùng'],
      ['qt-vlinh', 'UBND xã Vĩnh Linh'],
    ])('finds "%s" without caring for diacritics', async (q, name) => {
      const res = await admin.get(`/units?q=${encodeURIComponent(q)}`);
      expect(res.text).toContain(`tree-match">${name}`);
      expect(res.text).not.toContain('tree-match">UBND xã Vĩnh Thủy');
    });
  });

  describe('create', () => {
    it('creates a unit under a parent and records it in the audit', async () => {
      const parentId = await unitId(t.db, 'QT');
      const res = await admin.post('/units/new').type('form').send({ _csrf: token, code: 'QT-HPHUNG', name: 'UBND xã Hướng Phùng', kind: 'commune', parentId, validFrom: '01/07/2025' });
      expect(res.status).toBe(303);
      const row = await unit('QT-HPHUNG');
      expect(res.headers.location).toBe(`/units/${row.id}`);
      expect(row).toMatchObject({ name: 'UBND xã Hướng Phùng', kind: 'commune', parentId, validFrom: '2025-07-01', validTo: null });
      const page = await admin.get(res.headers.location);
      expect(page.text).toContain('Đã tạo đơn vị UBND xã Hướng Phùng.');
      expect(page.text).toContain('từ 01/07/2025');
      const events = await t.db.query(`SELECT * FROM audit_events WHERE action = 'unit.create' AND "entityId" = ?`, [String(row.id)]);
      expect(events).toHaveLength(1);
      expect(events[0].actorName).toContain('admin');
      expect(JSON.parse(events[0].changes)).toEqual(expect.arrayContaining([{ field: 'name', before: null, after: 'UBND xã Hướng Phùng' }]));
    });

    it('returns the form with messages beside the fields and what was typed; saves nothing', async () => {
      const before = await count(t.db, 'units');
      const res = await admin.post('/units/new').type('form').send({ _csrf: token, code: 'mã có dấu', name: '', kind: 'xyz', validFrom: '31/02/2024' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Mã đơn vị chỉ gồm chữ không dấu');
      expect(res.text).toContain('Vui lòng nhập tên đơn vị.');
      expect(res.text).toContain('Vui lòng chọn loại đơn vị.');
      expect(res.text).toContain('Ngày bắt đầu hiệu lực không phải là ngày hợp lệ');
      expect(res.text).toContain('value="mã có dấu"');
      expect(res.text).toContain('value="31/02/2024"');
      expect(res.text).toContain('aria-invalid="true"');
      expect(await count(t.db, 'units')).toBe(before);
    });

    it('never reuses a code, whatever the case', async () => {
      const res = await admin.post('/units/new').type('form').send({ _csrf: token, code: 'vl-vh', name: 'Trùng mã', kind: 'commune' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Mã vl-vh đã được dùng cho một đơn vị khác');
      expect(res.text).toContain('value="Trùng mã"');
    });
  });

  describe('edit', () => {
    it('saves changes and audits before and after values', async () => {
      const id = await unitId(t.db, 'QT-SVHTTDL');
      const res = await admin.post(`/units/${id}/edit`).type('form').send({ _csrf: token, name: 'Sở Văn hóa, Thể thao, Du lịch và Gia đình', kind: 'department', parentId: await unitId(t.db, 'QT') });
      expect(res.status).toBe(303);
      expect((await unit('QT-SVHTTDL')).name).toBe('Sở Văn hóa, Thể thao, Du lịch và Gia đình');
      const [event] = await t.db.query(`SELECT * FROM audit_events WHERE action = 'unit.update' AND "entityId" = ?`, [String(id)]);
      expect(JSON.parse(event.changes)).toEqual([{ field: 'name', before: 'Sở Văn hóa, Thể thao và Du lịch', after: 'Sở Văn hóa, Thể thao, Du lịch và Gia đình' }]);
    });

    it('refuses a parent that would make a loop', async () => {
      const qt = await unitId(t.db, 'QT');
      const res = await admin.post(`/units/${qt}/edit`).type('form').send({ _csrf: token, name: 'Tỉnh Quảng Trị', kind: 'province', parentId: await unitId(t.db, 'QT-VHOANG') });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Không thể chọn chính đơn vị này hoặc đơn vị cấp dưới');
      expect((await unit('QT')).parentId).toBeNull();
    });
  });

  describe('history: rename, merge, split', () => {
    it('renames, keeping the code and the old name in the history', async () => {
      const id = await unitId(t.db, 'QT-GLINH');
      const res = await admin.post(`/units/${id}/rename`).type('form').send({ _csrf: token, newName: 'UBND xã Gio Linh (mới)', instrument: 'Nghị quyết 01/NQ-HĐND', effectiveDate: '01/03/2026' });
      expect(res.status).toBe(303);
      expect(await unit('QT-GLINH')).toMatchObject({ name: 'UBND xã Gio Linh (mới)', code: 'QT-GLINH' });
      const page = await admin.get(`/units/${id}`);
      expect(page.text).toContain('Đổi tên từ &quot;UBND xã Gio Linh&quot; thành &quot;UBND xã Gio Linh (mới)&quot;');
      expect(page.text).toContain('01/03/2026');
      expect(page.text).toContain('Nghị quyết 01/NQ-HĐND');
    });

    it('refuses a merge with missing parts, keeping the choices', async () => {
      const a = await unitId(t.db, 'QT-CTUNG');
      const res = await admin.post('/units/merge').type('form').send({ _csrf: token, predecessorIds: [String(a)], target: 'new', newCode: '', newName: 'Xã mới', newKind: '', instrument: '', effectiveDate: '' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Vui lòng nhập văn bản pháp lý.');
      expect(res.text).toContain('Vui lòng nhập ngày có hiệu lực.');
      expect(res.text).toContain('value="Xã mới"');
      expect(res.text).toMatch(new RegExp(`<option value="${a}" selected>`));
      const service = await admin.post('/units/merge').type('form').send({ _csrf: token, predecessorIds: [String(a)], target: 'new', newCode: '', newName: 'Xã mới', newKind: '', instrument: 'NQ 1', effectiveDate: '01/07/2026' });
      expect(service.status).toBe(400);
      expect(service.text).toContain('Vui lòng nhập mã đơn vị mới.');
      expect(service.text).toContain('Vui lòng chọn loại đơn vị mới.');
      expect((await unit('QT-CTUNG')).validTo).toBeNull();
    });

    it('merges communes into a new one: old units end, history links them, users move', async () => {
      const [lt, qn] = [await unitId(t.db, 'QT-LTHUY'), await unitId(t.db, 'QT-QNINH')];
      await t.db.query(`INSERT INTO users (username, "fullName", "unitId", roles, "passwordHash") VALUES ('canbo.quangninh', 'Cán bộ Quảng Ninh', ?, 'author', 'x')`, [qn]);
      const res = await admin.post('/units/merge').type('form').send({
        _csrf: token,
        predecessorIds: [String(lt), String(qn)],
        target: 'new',
        newCode: 'QT-LNINH',
        newName: 'UBND xã Lệ Ninh',
        newKind: 'commune',
        newParentId: String(await unitId(t.db, 'QT')),
        instrument: 'Nghị quyết 1656/NQ-UBTVQH15',
        effectiveDate: '01/01/2026',
        moveMembers: '1',
      });
      expect(res.status).toBe(303);
      const successor = await unit('QT-LNINH');
      expect(res.headers.location).toBe(`/units/${successor.id}`);
      expect(successor.validFrom).toBe('2026-01-01');
      expect((await unit('QT-LTHUY')).validTo).toBe('2025-12-31');
      expect((await unit('QT-QNINH')).validTo).toBe('2025-12-31');
      const links = await t.db.query(`SELECT * FROM unit_successions WHERE "successorId" = ? ORDER BY "predecessorId"`, [successor.id]);
      expect(links.map((l: { predecessorId: number }) => l.predecessorId)).toEqual([lt, qn].sort((x, y) => x - y));
      expect(links[0]).toMatchObject({ kind: 'merge', instrument: 'Nghị quyết 1656/NQ-UBTVQH15', effectiveDate: '2026-01-01' });
      expect(await count(t.db, 'users', '"unitId" = ?', [successor.id])).toBe(1);
      const page = await admin.get(`/units/${successor.id}`);
      expect(page.text).toContain('Tiếp nhận do sáp nhập các đơn vị');
      expect(page.text).toContain('UBND xã Lệ Thủy');
      // Its people, as the users feature tells the unit's page (UNIT_MEMBERS).
      expect(page.text).toContain('Người dùng (1)');
      expect(page.text).toMatch(/Cán bộ Quảng Ninh<\/a><\/td>\s*<td><\/td>\s*<td>Tác giả \/ cán bộ đề xuất<\/td>\s*<td>Hoạt động<\/td>/);
      const old = await admin.get(`/units/${lt}`);
      expect(old.text).toContain('Hết hiệu lực từ 31/12/2025');
      expect(old.text).toContain('Sáp nhập vào');
      // Ended units leave the tree unless asked for.
      expect((await admin.get('/units')).text).not.toContain('>UBND xã Lệ Thủy</a>');
      expect((await admin.get('/units?ended=1')).text).toContain('>UBND xã Lệ Thủy</a>');
      expect(await count(t.db, 'audit_events', `action = 'unit.merge' AND "entityId" = ?`, [String(successor.id)])).toBe(1);
    });

    it("puts the ended units in the scope of the successor's users", async () => {
      const successor = await unitId(t.db, 'QT-LNINH');
      const scope = await t.app.get(UnitsService).scopeIds(successor);
      expect([...scope].sort()).toEqual([successor, await unitId(t.db, 'QT-LTHUY'), await unitId(t.db, 'QT-QNINH')].sort());
    });

    it('merges into an existing unit and refuses an ended one', async () => {
      const ended = await unitId(t.db, 'QT-LTHUY');
      const refused = await admin.post('/units/merge').type('form').send({ _csrf: token, predecessorIds: String(ended), target: 'existing', successorId: String(await unitId(t.db, 'QT-BTRACH')), instrument: 'NQ 2', effectiveDate: '01/02/2026' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('đã hết hiệu lực từ trước');
      const pn = await unitId(t.db, 'QT-PNHA');
      const res = await admin.post('/units/merge').type('form').send({ _csrf: token, predecessorIds: String(pn), target: 'existing', successorId: String(await unitId(t.db, 'QT-BTRACH')), instrument: 'NQ 3', effectiveDate: '01/02/2026' });
      expect(res.status).toBe(303);
      expect((await unit('QT-PNHA')).validTo).toBe('2026-01-31');
    });

    it('splits a unit into new ones', async () => {
      const id = await unitId(t.db, 'QT-HPHUNG');
      // Sent as a browser does (parts[0][code]=…); the test client would drop the indices.
      const form = (fields: Record<string, string>) => new URLSearchParams({ _csrf: token, ...fields }).toString();
      const bad = await admin.post(`/units/${id}/split`).type('form').send(form({ 'parts[0][code]': 'QT-HPHUNG1', 'parts[0][name]': '', instrument: 'QĐ 5', effectiveDate: '01/03/2026' }));
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('Vui lòng nhập tên đơn vị.');
      expect(bad.text).toContain('value="QT-HPHUNG1"');
      const res = await admin.post(`/units/${id}/split`).type('form').send(
        form({
          'parts[0][code]': 'QT-HPHUNG1',
          'parts[0][name]': 'UBND xã Hướng Phùng Bắc',
          'parts[1][code]': 'QT-HPHUNG2',
          'parts[1][name]': 'UBND xã Hướng Phùng Nam',
          'parts[2][code]': '',
          'parts[2][name]': '',
          instrument: 'Quyết định 5/QĐ-UBND',
          effectiveDate: '01/03/2026',
        }),
      );
      expect(res.status).toBe(303);
      expect((await unit('QT-HPHUNG')).validTo).toBe('2026-02-28');
      expect(await unit('QT-HPHUNG1')).toMatchObject({ kind: 'commune', validFrom: '2026-03-01', parentId: await unitId(t.db, 'QT') });
      expect(await count(t.db, 'unit_successions', '"predecessorId" = ? AND kind = ?', [id, 'split'])).toBe(2);
      expect((await admin.get(`/units/${id}`)).text).toContain('Chia tách thành');
    });
  });

  describe('delete', () => {
    it('never deletes a unit that has records, and says why', async () => {
      const id = await unitId(t.db, 'QT-VHOANG');
      const res = await admin.post(`/units/${id}/delete`).type('form').send({ _csrf: token });
      expect(res.status).toBe(303);
      const page = await admin.get(`/units/${id}`);
      expect(page.text).toContain('Không thể xóa đơn vị &quot;UBND xã Vĩnh Hoàng&quot; vì đơn vị đã có dữ liệu (');
      expect(page.text).toContain('7 người dùng');
      expect(page.text).toContain('2 sáng kiến');
      expect(await count(t.db, 'units', 'id = ?', [id])).toBe(1);
    });

    it('deletes a unit entered by mistake, with nothing attached', async () => {
      const create = await admin.post('/units/new').type('form').send({ _csrf: token, code: 'NHAM-1', name: 'Nhập nhầm', kind: 'agency' });
      const id = Number(create.headers.location.split('/').pop());
      const res = await admin.post(`/units/${id}/delete`).type('form').send({ _csrf: token });
      expect(res.headers.location).toBe('/units');
      expect(await count(t.db, 'units', 'id = ?', [id])).toBe(0);
      expect(await count(t.db, 'audit_events', "action = 'unit.delete' AND \"entityId\" = ?", [String(id)])).toBe(1);
    });
  });

  describe('CSV import', () => {
    const upload = async (content: string | Buffer, name = 'don-vi.csv') => {
      const page = await admin.get('/units/import');
      return admin.post('/units/import').field('_csrf', csrfOf(page.text)).attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), name);
    };

    it('imports nothing when any row is bad, listing every error by row and column', async () => {
      const before = await count(t.db, 'units');
      const csv = [
        'code,name,kind,parent_code,valid_from',
        'CSV-A,Xã Hợp lệ,commune,QT,01/01/2024',
        'CSV-B,,ward,QT,',
        'VL-VH,Trùng mã,commune,QT,',
        'CSV-C,Sai loại,village,QT,',
        'CSV-D,Sai cha,commune,KHONG-CO,',
        'CSV-E,Sai ngày,commune,QT,32/13/2024',
      ].join('\n');
      const res = await followRefusal(admin, await upload(csv));
      expect(res.text).toContain('Chưa nhập dòng nào');
      expect(res.text).toMatch(/<td>3<\/td><td><code>name<\/code><\/td><td>Thiếu tên đơn vị\.<\/td>/);
      expect(res.text).toMatch(/<td>4<\/td><td><code>code<\/code><\/td><td>Mã VL-VH đã có trong hệ thống/);
      expect(res.text).toMatch(/<td>5<\/td><td><code>kind<\/code><\/td>/);
      expect(res.text).toMatch(/<td>6<\/td><td><code>parent_code<\/code><\/td><td>Không tìm thấy đơn vị cấp trên có mã KHONG-CO/);
      expect(res.text).toMatch(/<td>7<\/td><td><code>valid_from<\/code><\/td>/);
      expect(await count(t.db, 'units')).toBe(before);
      expect(await count(t.db, 'units', "code = 'CSV-A'")).toBe(0);
    });

    it('imports all rows, semicolon-separated with BOM, parents later in the file', async () => {
      const csv = '\uFEFFcode;name;kind;parent_code;valid_from\nCSV-X1;Thôn Đông;agency;CSV-X;\nCSV-X;Xã Vĩnh Tú;commune;QT;2024-01-01\n';
      const res = await upload(csv);
      expect(res.status).toBe(303);
      const parent = await unit('CSV-X');
      expect(parent).toMatchObject({ name: 'Xã Vĩnh Tú', validFrom: '2024-01-01', parentId: await unitId(t.db, 'QT') });
      expect((await unit('CSV-X1')).parentId).toBe(parent.id);
      expect((await admin.get('/units')).text).toContain('Đã nhập 2 đơn vị');
      expect(await count(t.db, 'audit_events', "action = 'unit.import' AND summary LIKE '%CSV-X1%'")).toBe(1);
    });

    it('refuses a file that is not UTF-8 or has no file, saying so', async () => {
      const latin1 = Buffer.from('code,name,kind,parent_code,valid_from\nL1,X\xe3 A,commune,,\n', 'latin1');
      const res = await followRefusal(admin, await upload(latin1));
      expect(res.text).toContain('không được mã hóa UTF-8');
      const page = await admin.get('/units/import');
      const none = await followRefusal(admin, await admin.post('/units/import').field('_csrf', csrfOf(page.text)).field('x', '1'));
      expect(none.text).toContain('Vui lòng chọn tệp CSV để nhập.');
    });

    it('serves a template whose header row gives the Vietnamese column names', async () => {
      const res = await admin.get('/units/import/template.csv');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.text.split('\n')[0]).toBe('\uFEFFMã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên,Có hiệu lực từ ngày');
      const page = await admin.get('/units/import');
      expect(page.text).toContain('<li>Mã đơn vị cấp trên (<code>parent_code</code>)</li>');
    });

    it('imports a file whose header row is the template\'s (any case, spaces around), or mixes names and codes', async () => {
      const template = (await admin.get('/units/import/template.csv')).text.split('\n')[0];
      const res = await upload(`${template}\nCSV-TV1,Xã Tên Việt,commune,QT,15/03/2024\n`);
      expect(res.status).toBe(303);
      expect(await unit('CSV-TV1')).toMatchObject({ name: 'Xã Tên Việt', kind: 'commune', validFrom: '2024-03-15', parentId: await unitId(t.db, 'QT') });
      const mixed = await upload('\uFEFF  TÊN ĐƠN VỊ ; mã đơn vị;loại đơn vị ;Parent_Code;có hiệu lực từ ngày\nThôn Tên Việt;CSV-TV2;agency;CSV-TV1;\n');
      expect(mixed.status).toBe(303);
      expect(await unit('CSV-TV2')).toMatchObject({ name: 'Thôn Tên Việt', parentId: (await unit('CSV-TV1')).id });
    });

    it('refuses a file with an unknown column, naming it, and imports nothing', async () => {
      const before = await count(t.db, 'units');
      const res = await followRefusal(admin, await upload('Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã cấp trên,Có hiệu lực từ ngày\nCSV-TV9,Xã Lạ,commune,QT,\n'));
      expect(res.text).toContain('Chưa nhập dòng nào');
      expect(res.text).toContain('Không nhận ra cột: &quot;Mã cấp trên&quot;. Các cột dùng được (tên cột trong tệp mẫu hoặc mã cột): Mã đơn vị (code), Tên đơn vị (name), Loại đơn vị (kind), Mã đơn vị cấp trên (parent_code), Có hiệu lực từ ngày (valid_from).');
      expect(await count(t.db, 'units')).toBe(before);
      expect(await count(t.db, 'units', "code = 'CSV-TV9'")).toBe(0);
    });
  });

  it('records unit writes in the audit page, filterable by action', async () => {
    const res = await admin.get('/audit?action=unit.merge');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Sáp nhập UBND xã Lệ Thủy, UBND xã Quảng Ninh vào UBND xã Lệ Ninh');
    expect(res.text).not.toContain('Tạo đơn vị QT-HPHUNG');
    const all = await admin.get(`/audit?entityType=unit&actor=${await userId(t.db, 'admin')}`);
    expect(all.text).toContain('Tạo đơn vị QT-HPHUNG');
  });
});

describe('units: a CSV file over the size limit', () => {
  it('is refused with a clear message and nothing saved', async () => {
    const t = await createTestApp({ demo: true });
    try {
      const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
      const page = await admin.get('/units/import');
      const before = await count(t.db, 'units');
      const big = Buffer.alloc(6 * 1024 * 1024, 'a');
      const res = await admin.post('/units/import').field('_csrf', csrfOf(page.text)).attach('file', big, 'lon.csv');
      expect(res.status).toBe(413);
      expect(res.text).toContain('vượt quá giới hạn cho phép');
      expect(await count(t.db, 'units')).toBe(before);
    } finally {
      await t.close();
    }
  });
});
