import TestAgent from 'supertest/lib/agent';
import { UnitEras1765200000000 } from '../src/database/migrations/1765200000000-UnitEras';
import { UnitsService } from '../src/units/units.service';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, followRefusal, signIn, TestApp, tokenFrom, unitId } from './helpers/test-app';

/** The values of the options of a select, by its name. */
function options(html: string, name: string): string[] {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!select) throw new Error(`no select ${name}`);
  return [...select[1].matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]).filter(Boolean);
}

/** The values of the checkboxes of a name. */
function checkboxes(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<input[^>]*type="checkbox"[^>]*name="${name}"[^>]*value="([^"]*)"`, 'g'))].map((m) => m[1]);
}

describe('units of both eras (two-tier local government since 01/07/2025)', () => {
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
  const uploadUnits = async (content: string) => {
    const page = await admin.get('/units/import');
    return admin.post('/units/import').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from(content), 'don-vi.csv');
  };
  const uploadUsers = async (content: string) => {
    const page = await admin.get('/users/import');
    return admin.post('/users/import').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from(content), 'nguoi-dung.csv');
  };

  describe('kinds', () => {
    it("offers today's kinds first, then those of before 01/07/2025 labelled so; a commune is no longer \"Xã, thị trấn\"", async () => {
      const page = await admin.get('/units/new');
      expect(options(page.text, 'kind')).toEqual([
        'province', 'commune', 'ward', 'special_zone', 'department', 'agency',
        'district', 'urban_district', 'town', 'provincial_city', 'township', 'district_office',
      ]);
      for (const label of ['>Xã<', '>Phường<', '>Đặc khu<', '>Sở, ban, ngành<', '>Huyện (trước 01/07/2025)<', '>Thị trấn (trước 01/07/2025)<', '>Phòng, ban cấp huyện (trước 01/07/2025)<']) {
        expect(page.text).toContain(label);
      }
      expect(page.text).not.toContain('Xã, thị trấn');
    });

    it('refuses a kind of before 01/07/2025 for a new unit, beside the field, with the form as typed; saves nothing', async () => {
      const before = await count(t.db, 'units');
      const res = await admin.post('/units/new').type('form').send({ _csrf: token, code: 'HUYEN-MOI', name: 'Huyện Mới Lập', kind: 'district', parentId: String(await unitId(t.db, 'QT')) });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/id="f-kind-error">Loại &quot;Huyện \(trước 01\/07\/2025\)&quot; chỉ dùng cho đơn vị đã chấm dứt hoạt động đến ngày 30\/06\/2025/);
      expect(res.text).toContain('value="Huyện Mới Lập"');
      expect(await count(t.db, 'units')).toBe(before);
    });

    it('creates a special zone and a department of the province', async () => {
      const qt = String(await unitId(t.db, 'QT'));
      const zone = await admin.post('/units/new').type('form').send({ _csrf: token, code: 'QT-HLA', name: 'Đặc khu Hòn La', kind: 'special_zone', parentId: qt, validFrom: '01/07/2025' });
      expect(zone.status).toBe(303);
      const dept = await admin.post('/units/new').type('form').send({ _csrf: token, code: 'QT-SCT', name: 'Sở Công Thương', kind: 'department', parentId: qt, validFrom: '01/07/2025' });
      expect(dept.status).toBe(303);
      expect(await unit('QT-HLA')).toMatchObject({ kind: 'special_zone', validTo: null });
      expect(await unit('QT-SCT')).toMatchObject({ kind: 'department', validTo: null });
      const page = await admin.get(zone.headers.location);
      expect(page.text).toContain('Mã QT-HLA · Đặc khu');
    });

    it('keeps the kind of before of a unit that has it, and gives one only to a unit ended by 30/06/2025', async () => {
      const vl = await unit('VL');
      // Saving the district as it is stays possible.
      const kept = await admin.post(`/units/${vl.id}/edit`).type('form').send({ _csrf: token, name: vl.name, kind: 'district', parentId: String(vl.parentId) });
      expect(kept.status).toBe(303);
      // A commune in force cannot become a township.
      const vh = await unit('QT-VHOANG');
      const refused = await admin.post(`/units/${vh.id}/edit`).type('form').send({ _csrf: token, name: vh.name, kind: 'township', parentId: String(vh.parentId) });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('chỉ dùng cho đơn vị đã chấm dứt hoạt động đến ngày 30/06/2025');
      expect((await unit('QT-VHOANG')).kind).toBe('commune');
      // A township of the district entered late, as a unit in force, is refused the kind too…
      const created = await admin.post('/units/new').type('form').send({ _csrf: token, code: 'VL-CTU', name: 'UBND thị trấn Cửa Tùng', kind: 'commune', parentId: String(vl.id), validFrom: '01/01/2000' });
      expect(created.status).toBe(303);
      const ctu = await unit('VL-CTU');
      const early = await admin.post(`/units/${ctu.id}/edit`).type('form').send({ _csrf: token, name: ctu.name, kind: 'township', parentId: String(ctu.parentId), validFrom: '01/01/2000' });
      expect(early.status).toBe(400);
      expect((await unit('VL-CTU')).kind).toBe('commune');
      // …and, merged on 01/07/2025 (ended 30/06/2025), may be called a township.
      const merged = await admin.post('/units/merge').type('form').send({
        _csrf: token, predecessorIds: String(ctu.id), target: 'existing', successorId: String(await unitId(t.db, 'QT-CTUNG')), instrument: 'Nghị quyết 1680/NQ-UBTVQH15', effectiveDate: '01/07/2025',
      });
      expect(merged.status).toBe(303);
      expect((await unit('VL-CTU')).validTo).toBe('2025-06-30');
      const given = await admin.post(`/units/${ctu.id}/edit`).type('form').send({ _csrf: token, name: ctu.name, kind: 'township', parentId: String(ctu.parentId), validFrom: '01/01/2000' });
      expect(given.status).toBe(303);
      expect((await admin.get(`/units/${ctu.id}`)).text).toContain('Thị trấn (trước 01/07/2025)');
    });

    it('refuses a kind of before for the new unit of a merger', async () => {
      const res = await admin.post('/units/merge').type('form').send({
        _csrf: token, predecessorIds: String(await unitId(t.db, 'QT-CVIET')), target: 'new', newCode: 'TX-MOI', newName: 'Thị xã Mới', newKind: 'town', instrument: 'NQ 9', effectiveDate: '01/08/2025',
      });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/id="f-newKind-error">Loại &quot;Thị xã \(trước 01\/07\/2025\)&quot; chỉ dùng/);
      expect(await count(t.db, 'units', "code = 'TX-MOI'")).toBe(0);
      expect((await unit('QT-CVIET')).validTo).toBeNull();
    });
  });

  describe('units CSV', () => {
    it('says kinds may be given by their Vietnamese names, and its template gives one', async () => {
      const page = await admin.get('/units/import');
      expect(page.text).toContain('<li>Đặc khu (<code>special_zone</code>)</li>');
      expect(page.text).toContain('<li>Huyện (trước 01/07/2025) (<code>district</code>)</li>');
      const template = (await admin.get('/units/import/template.csv')).text.split('\n');
      expect(template[1]).toBe('QT-XA-01,Xã Ví dụ,Xã,QT,01/07/2025');
    });

    it('takes the Vietnamese names of kinds in any case, with or without marks, as well as the codes', async () => {
      const res = await uploadUnits(
        [
          'Mã đơn vị;Tên đơn vị;Loại đơn vị;Mã đơn vị cấp trên;Có hiệu lực từ ngày',
          'QT-X1;Xã Cửa Tùng;Xã;QT;01/07/2025',
          'QT-X2;Xã Vĩnh Hoàng;xa;QT;01/07/2025',
          'QT-P1;Phường Đông Hà;Phường;QT;01/07/2025',
          'QT-P2;Phường Nam Đông Hà;PHUONG;QT;01/07/2025',
          'QT-S1;Sở Tư pháp;Sở;QT;01/07/2025',
          'QT-S2;Ban Quản lý Khu kinh tế;sở, ban, ngành;QT;01/07/2025',
          'QT-DK;Đặc khu Cồn Cỏ Mới;Đặc khu;QT;01/07/2025',
          'QT-DK2;Đặc khu Thử;dac khu;QT;01/07/2025',
          'QT-C1;Trung tâm Phục vụ hành chính công;agency;QT;01/07/2025',
        ].join('\n'),
      );
      expect(res.status).toBe(303);
      const kinds = Object.fromEntries((await t.db.query(`SELECT code, kind FROM units WHERE code IN ('QT-X1', 'QT-X2', 'QT-P1', 'QT-P2', 'QT-S1', 'QT-S2', 'QT-DK', 'QT-DK2', 'QT-C1')`)).map((u: { code: string; kind: string }) => [u.code, u.kind]));
      expect(kinds).toEqual({ 'QT-X1': 'commune', 'QT-X2': 'commune', 'QT-P1': 'ward', 'QT-P2': 'ward', 'QT-S1': 'department', 'QT-S2': 'department', 'QT-DK': 'special_zone', 'QT-DK2': 'special_zone', 'QT-C1': 'agency' });
    });

    it('names an unknown kind whole, with the accepted names, and imports nothing', async () => {
      const before = await count(t.db, 'units');
      const res = await followRefusal(admin, await uploadUnits('code,name,kind,parent_code,valid_from\nQT-T1,Thôn Một,Thôn xóm mới,QT,\n'));
      expect(res.text).toMatch(/<td>2<\/td><td><code>kind<\/code><\/td><td>Loại đơn vị không hợp lệ: Thôn xóm mới\. Dùng tên hoặc mã: Tỉnh, thành phố trực thuộc trung ương \(province\), Xã \(commune\), Phường \(ward\), Đặc khu \(special_zone\), Sở, ban, ngành \(department\)/);
      expect(await count(t.db, 'units')).toBe(before);
    });

    it('imports a unit of a kind of before 01/07/2025 as history, ended on 30/06/2025', async () => {
      const res = await uploadUnits('code,name,kind,parent_code,valid_from\nGL,UBND huyện Gio Linh,Huyện,QT,01/01/2000\nGL-CV,UBND thị trấn Cửa Việt,Thị trấn,GL,\n');
      expect(res.status).toBe(303);
      const page = await admin.get(res.headers.location);
      expect(page.text).toContain('2 đơn vị loại trước 01/07/2025 được nhập làm lịch sử, đã chấm dứt từ 01/07/2025.');
      expect(await unit('GL')).toMatchObject({ kind: 'district', validFrom: '2000-01-01', validTo: '2025-06-30' });
      expect(await unit('GL-CV')).toMatchObject({ kind: 'township', validTo: '2025-06-30' });
      // A unit of that era cannot begin after it.
      const late = await followRefusal(admin, await uploadUnits('code,name,kind,parent_code,valid_from\nGL-2,Huyện Muộn,huyen,QT,02/07/2025\n'));
      expect(late.text).toMatch(/<td>2<\/td><td><code>valid_from<\/code><\/td><td>Đơn vị loại &quot;Huyện \(trước 01\/07\/2025\)&quot; chỉ có trước ngày 01\/07\/2025/);
      expect(await count(t.db, 'units', "code = 'GL-2'")).toBe(0);
    });
  });

  describe('users CSV', () => {
    it('takes the Vietnamese names of roles, separated by commas or semicolons', async () => {
      const res = await uploadUsers(
        ['username;full_name;position;unit_code;roles', 'canbo.era1;Lê Văn Một;;QT-VHOANG;Đầu mối CCHC', 'canbo.era2;Lê Văn Hai;;QT-VHOANG;"tac gia, THƯ KÝ HỘI ĐỒNG"', 'canbo.era3;Lê Văn Ba;;QT-VHOANG;"Tác giả / cán bộ đề xuất; unit_focal"'].join('\n'),
      );
      expect(res.status).toBe(303);
      const roles = async (u: string) => (await t.db.query('SELECT roles FROM users WHERE username = ?', [u]))[0].roles;
      expect(await roles('canbo.era1')).toBe('unit_focal');
      expect(await roles('canbo.era2')).toBe('author,council_secretary');
      expect(await roles('canbo.era3')).toBe('author,unit_focal');
    });

    it('names an unknown role whole (not split at its spaces), with the accepted names', async () => {
      const before = await count(t.db, 'users');
      const res = await followRefusal(admin, await uploadUsers('username,full_name,position,unit_code,roles\ncanbo.era4,Lê Văn Bốn,,QT-VHOANG,Đầu mối cấp xã\n'));
      expect(res.text).toContain('Vai trò không hợp lệ: Đầu mối cấp xã. Dùng tên hoặc mã vai trò');
      expect(res.text).toContain('Đầu mối CCHC của đơn vị (unit_focal)');
      expect(res.text).not.toContain('Đầu, mối');
      expect(await count(t.db, 'users')).toBe(before);
    });
  });

  describe('ending a unit ("Chấm dứt hoạt động")', () => {
    it('refuses (403) someone who is not an admin before anything of the unit shows, even for an invalid form', async () => {
      const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
      const vt = await unitId(t.db, 'QT-VTHUY');
      const focalToken = await tokenFrom(focal, '/');
      const page = await focal.get(`/units/${vt}/end`);
      expect(page.status).toBe(403);
      expect(page.text).not.toContain('UBND xã Vĩnh Thủy');
      const posted = await focal.post(`/units/${vt}/end`).type('form').send({ _csrf: focalToken, effectiveDate: 'x', instrumentNumber: '' });
      expect(posted.status).toBe(403);
      expect(posted.text).not.toContain('UBND xã Vĩnh Thủy');
      expect(posted.text).not.toContain('Dữ liệu nhập chưa hợp lệ');
      expect((await unit('QT-VTHUY')).validTo).toBeNull();
    });

    it('returns the form with messages beside the fields and what was typed; ends nothing', async () => {
      const bq = await unitId(t.db, 'QT-BQUAN');
      const form = await admin.get(`/units/${bq}/end`);
      expect(form.status).toBe(200);
      expect(form.text).toContain('<h1 class="h3">Chấm dứt hoạt động</h1>');
      const res = await admin.post(`/units/${bq}/end`).type('form').send({ _csrf: token, effectiveDate: '31/02/2026', instrumentNumber: '25/NQ-HĐND', instrumentDate: '', instrumentIssuer: '' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Ngày chấm dứt hoạt động không phải là ngày hợp lệ');
      expect(res.text).toContain('Vui lòng nhập ngày ban hành văn bản.');
      expect(res.text).toContain('Vui lòng nhập cơ quan ban hành văn bản.');
      expect(res.text).toContain('value="25/NQ-HĐND"');
      expect((await unit('QT-BQUAN')).validTo).toBeNull();
      expect(await count(t.db, 'unit_endings', '"unitId" = ?', [bq])).toBe(0);
    });

    it('refuses a taker that has ended, or the unit itself', async () => {
      const bq = await unitId(t.db, 'QT-BQUAN');
      const base = { _csrf: token, effectiveDate: '01/01/2026', instrumentNumber: '25/NQ-HĐND', instrumentDate: '10/12/2025', instrumentIssuer: 'HĐND tỉnh Quảng Trị' };
      const ended = await admin.post(`/units/${bq}/end`).type('form').send({ ...base, transferIds: String(await unitId(t.db, 'VL-HX')) });
      expect(ended.status).toBe(400);
      expect(ended.text).toContain('UBND thị trấn Hồ Xá đã hết hiệu lực, không tiếp nhận nhiệm vụ được.');
      const self = await admin.post(`/units/${bq}/end`).type('form').send({ ...base, transferIds: String(bq) });
      expect(self.status).toBe(400);
      expect(self.text).toContain('không được là chính đơn vị chấm dứt hoạt động');
      expect((await unit('QT-BQUAN')).validTo).toBeNull();
    });

    it('ends a commune with its instrument; those who took over its tasks are named, nothing rolls into them', async () => {
      const [bq, vlinh, vthuy] = [await unitId(t.db, 'QT-BQUAN'), await unitId(t.db, 'QT-VLINH'), await unitId(t.db, 'QT-VTHUY')];
      const successionsBefore = await count(t.db, 'unit_successions');
      const res = await admin.post(`/units/${bq}/end`).type('form').send({
        _csrf: token, effectiveDate: '01/01/2026', instrumentNumber: '25/NQ-HĐND', instrumentDate: '10/12/2025', instrumentIssuer: 'HĐND tỉnh Quảng Trị', transferIds: [String(vlinh), String(vthuy)],
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/units/${bq}`);
      expect((await unit('QT-BQUAN')).validTo).toBe('2025-12-31');
      const [ending] = await t.db.query('SELECT * FROM unit_endings WHERE "unitId" = ?', [bq]);
      expect(ending).toMatchObject({ effectiveDate: '2026-01-01', instrumentNumber: '25/NQ-HĐND', instrumentDate: '2025-12-10', instrumentIssuer: 'HĐND tỉnh Quảng Trị' });
      const takers = (await t.db.query('SELECT "unitId" FROM unit_task_transfers WHERE "endingId" = ? ORDER BY "unitId"', [ending.id])).map((r: { unitId: number }) => Number(r.unitId));
      expect(takers).toEqual([vlinh, vthuy].sort((a, b) => a - b));
      // Not a merger: no succession, so no rates or scope roll into the takers.
      expect(await count(t.db, 'unit_successions')).toBe(successionsBefore);
      expect((await t.app.get(UnitsService).successions()).some((s) => s.predecessorId === bq)).toBe(false);
      expect((await t.app.get(UnitsService).scopeIds(vlinh)).has(bq)).toBe(false);
      const events = await t.db.query(`SELECT * FROM audit_events WHERE action = 'unit.end' AND "entityId" = ?`, [String(bq)]);
      expect(events).toHaveLength(1);
      expect(events[0].summary).toContain('Chấm dứt hoạt động UBND xã Bến Quan từ ngày 01/01/2026 (25/NQ-HĐND ngày 10/12/2025 của HĐND tỉnh Quảng Trị)');

      // Its page, code and records stay, marked.
      const page = await admin.get(`/units/${bq}`);
      expect(page.text).toContain('Đã ghi nhận UBND xã Bến Quan chấm dứt hoạt động từ ngày 01/01/2026.');
      expect(page.text).toContain('Đã chấm dứt từ 01/01/2026');
      expect(page.text).toContain('Mã QT-BQUAN · Xã');
      expect(page.text).toMatch(/<strong>01\/01\/2026<\/strong> — Chấm dứt hoạt động; nhiệm vụ giao cho <a href="\/units\/\d+">/);
      expect(page.text).toContain('Văn bản: 25/NQ-HĐND ngày 10/12/2025 của HĐND tỉnh Quảng Trị');
      expect(page.text).not.toContain(`href="/units/${bq}/end"`);
      const taker = await admin.get(`/units/${vlinh}`);
      expect(taker.text).toMatch(/Tiếp nhận nhiệm vụ của đơn vị đã chấm dứt hoạt động <a href="\/units\/\d+">UBND xã Bến Quan<\/a>/);
      const tree = await admin.get('/units?ended=1');
      expect(tree.text).toMatch(/>UBND xã Bến Quan<\/a>\s*<span class="text-body-secondary small">· QT-BQUAN · Xã · đã chấm dứt từ 01\/01\/2026<\/span>/);
      expect(await count(t.db, 'initiatives', '"unitId" = ?', [bq])).toBeGreaterThan(0);
    });

    it('refuses to end a unit again', async () => {
      const bq = await unitId(t.db, 'QT-BQUAN');
      const res = await admin.post(`/units/${bq}/end`).type('form').send({ _csrf: token, effectiveDate: '01/08/2026', instrumentNumber: 'X', instrumentDate: '01/08/2026', instrumentIssuer: 'Y' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Đơn vị đã hết hiệu lực từ ngày 01/01/2026, không chấm dứt hoạt động lại được.');
      expect(await count(t.db, 'unit_endings', '"unitId" = ?', [bq])).toBe(1);
    });

    it('leaves every picker and filter; a link to its records still shows it', async () => {
      // The commune ended above, and the district that ended on 01/07/2025.
      for (const ended of [String(await unitId(t.db, 'QT-BQUAN')), String(await unitId(t.db, 'VL'))]) {
        expect(options((await admin.get('/units/new')).text, 'parentId')).not.toContain(ended);
        expect(options((await admin.get('/users/new')).text, 'unitId')).not.toContain(ended);
        // A round of its own years may still be entered from its paper files: offered, marked with its last day.
        expect((await admin.get('/rounds/new')).text).toMatch(new RegExp(`<option value="${ended}"[^>]*>[^<]* — đến \\d\\d/\\d\\d/\\d{4}[^<]*</option>`));
        const programme = (await admin.get('/programmes/new')).text;
        expect(options(programme, 'issuingUnitId')).not.toContain(ended);
        expect(checkboxes(programme, 'unitIds')).not.toContain(ended);
        expect(checkboxes(programme, 'unitIds')).toContain(String(await unitId(t.db, 'QT-VHOANG')));
        expect(options((await admin.get('/initiatives')).text, 'unit')).not.toContain(ended);
        expect(options((await admin.get('/initiatives')).text, 'unit')).toContain(String(await unitId(t.db, 'QT-VHOANG')));
        expect(options((await t.agent().get('/catalogue')).text, 'unit')).not.toContain(ended);
      }
      // Chosen by a link, it stays in the filter, and its records are found (the district's, those of its sub-units).
      const bq = String(await unitId(t.db, 'QT-BQUAN'));
      const commune = await admin.get(`/initiatives?unit=${bq}`);
      expect(options(commune.text, 'unit')).toContain(bq);
      expect(commune.text).toContain('Lịch tiếp nhận hồ sơ lưu động tại các thôn vùng gò đồi');
      const vl = String(await unitId(t.db, 'VL'));
      const district = await admin.get(`/initiatives?unit=${vl}`);
      expect(options(district.text, 'unit')).toContain(vl);
      expect(district.text).toContain('Sử dụng tờ rơi tuyên truyền dịch vụ công trực tuyến');
    });
  });

  describe('reminder lists', () => {
    it("drop a unit that ended without a successor from a programme's overdue list and reminders", async () => {
      // A programme of the province for two communes with focal points, past its report deadline with nothing reported.
      const [{ id: initiative }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`);
      const created = await admin.post('/programmes/new').type('form').send({
        _csrf: csrfOf((await admin.get('/programmes/new')).text),
        year: '2025',
        title: 'Nhân rộng sáng kiến năm 2025',
        issuingUnitId: String(await unitId(t.db, 'QT')),
        decisionNumber: '88/QĐ-UBND',
        decisionDate: '01/08/2025',
        reportDeadline: '30/11/2025',
        initiativeIds: String(initiative),
        unitIds: [String(await unitId(t.db, 'QT-VHOANG')), String(await unitId(t.db, 'QT-VLINH'))],
      });
      expect(created.status).toBe(303);
      const programme = { id: Number(created.headers.location.split('/').pop()) };
      const matrix = await admin.get(`/programmes/${programme.id}`);
      const overdue = checkboxes(matrix.text, 'unitIds');
      expect(overdue.length).toBeGreaterThan(0);
      const victim = Number(overdue[0]);
      const [row] = await t.db.query('SELECT code, name FROM units WHERE id = ?', [victim]);
      const end = await admin.post(`/units/${victim}/end`).type('form').send({ _csrf: token, effectiveDate: '01/02/2026', instrumentNumber: '12/QĐ-UBND', instrumentDate: '20/01/2026', instrumentIssuer: 'UBND tỉnh Quảng Trị' });
      expect(end.status).toBe(303);
      const after = await admin.get(`/programmes/${programme.id}`);
      expect(checkboxes(after.text, 'unitIds')).not.toContain(String(victim));
      const notices = await count(t.db, 'notifications', "kind = 'reminder'");
      const remind = await admin.post(`/programmes/${programme.id}/remind`).type('form').send({ _csrf: csrfOf(after.text), unitIds: String(victim), reason: 'Nhắc lại' });
      expect(remind.status).toBe(303);
      expect(await count(t.db, 'notifications', "kind = 'reminder'")).toBe(notices);
      expect(row.code).toBeTruthy();
    });
  });

  describe('an existing install', () => {
    it('keeps working: the migration maps the old kinds and loses nothing (and goes back)', async () => {
      const qt = await unitId(t.db, 'QT');
      const insert = (code: string, name: string, kind: string, parentId: number | null) =>
        t.db.query(`INSERT INTO units (code, name, kind, "parentId", "searchText") VALUES (?, ?, ?, ?, '')`, [code, name, kind, parentId]);
      await insert('OLD-TX', 'UBND thị xã Quảng Trị', 'district', qt);
      await insert('OLD-TP', 'Thành phố Đông Hà', 'district', qt);
      await insert('OLD-H', 'Huyện Hải Lăng', 'district', qt);
      const tx = await unitId(t.db, 'OLD-TX');
      await insert('OLD-TT', 'UBND thị trấn Diên Sanh', 'commune', await unitId(t.db, 'OLD-H'));
      await insert('OLD-XA', 'UBND xã Hải Ba', 'commune', await unitId(t.db, 'OLD-H'));
      await insert('OLD-PNV', 'Phòng Nội vụ thị xã', 'department', tx);
      await insert('OLD-SO', 'Sở Nội vụ cũ', 'department', qt);
      await insert('OLD-AG', 'Trung tâm Văn hóa thị xã', 'agency', tx);
      await insert('QTHT', 'Đơn vị quản trị hệ thống', 'district', null);
      const before = await count(t.db, 'units');
      const kinds = async () => Object.fromEntries((await t.db.query(`SELECT code, kind FROM units WHERE code LIKE 'OLD-%' OR code = 'QTHT' ORDER BY code`)).map((u: { code: string; kind: string }) => [u.code, u.kind]));

      const migration = new UnitEras1765200000000();
      const runner = t.db.createQueryRunner();
      try {
        await migration.down(runner);
        expect(await kinds()).toEqual({ 'OLD-AG': 'agency', 'OLD-H': 'district', 'OLD-PNV': 'department', 'OLD-SO': 'department', 'OLD-TP': 'district', 'OLD-TT': 'commune', 'OLD-TX': 'district', 'OLD-XA': 'commune', QTHT: 'district' });
        await migration.up(runner);
      } finally {
        await runner.release();
      }
      expect(await kinds()).toEqual({ 'OLD-AG': 'agency', 'OLD-H': 'district', 'OLD-PNV': 'district_office', 'OLD-SO': 'department', 'OLD-TP': 'provincial_city', 'OLD-TT': 'township', 'OLD-TX': 'town', 'OLD-XA': 'commune', QTHT: 'province' });
      expect(await unit('VL-NV')).toMatchObject({ kind: 'district_office' });
      expect(await count(t.db, 'units')).toBe(before);
      expect(await count(t.db, 'unit_endings')).toBe(0);
      // The app reads them: a unit's page shows its kind.
      expect((await admin.get(`/units/${tx}`)).text).toContain('Mã OLD-TX · Thị xã (trước 01/07/2025)');
    });
  });
});
