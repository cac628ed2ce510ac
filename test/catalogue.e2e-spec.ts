import ExcelJS from 'exceljs';
import TestAgent from 'supertest/lib/agent';
import { fold } from '../src/common/text';
import { InitiativesRepository } from '../src/initiatives/initiatives.repository';
import { APP_HOOK_TIMEOUT, binary, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId } from './helpers/test-app';

/** Titles found on a list page, in order. */
const titles = (html: string) => [...html.matchAll(/<a href="\/(?:initiatives|catalogue)\/\d+" class="fw-semibold">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('finding initiatives: search, filters, exports, public catalogue', () => {
  let t: TestApp;
  let admin: TestAgent;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  describe('search', () => {
    const TO_ROI = 'Sử dụng tờ rơi tuyên truyền dịch vụ công trực tuyến';
    const QR = 'Niêm yết, tra cứu thông tin thủ tục hành chính, đăng ký dịch vụ công trực tuyến bằng mã QR Code tại Bộ phận Tiếp nhận và trả kết quả UBND xã Vĩnh Thái';
    const HOP_THU = 'Hộp thư góp ý điện tử về chất lượng phục vụ của Bộ phận Một cửa xã';
    const SO_HOA = 'Số hóa sổ hộ tịch cũ để tra cứu nhanh khi cấp bản sao trích lục';
    const CHU_KY = 'Một số biện pháp nhằm triển khai đồng bộ, hiệu quả hệ thống quản lý văn bản và hồ sơ công việc, ứng dụng chữ ký số trong thực hiện nhiệm vụ tại UBND xã Vĩnh Long';
    const MOT_DAU_MOI = 'Một đầu mối tiếp nhận và trả kết quả cho người dân ba xã cũ sau sắp xếp';

    it.each([
      // "cải cách" is in the body (effects) of one initiative only.
      ['cai cach', [TO_ROI]],
      ['cải cách', [TO_ROI]],
      ['ma QR', [QR, HOP_THU]],
      ['mã qr code', [QR]],
      // "Vĩnh Thái" is in one title and in the body (problem) of another.
      ['Vinh Thai', [QR, MOT_DAU_MOI]],
      ['Vĩnh Thái', [QR, MOT_DAU_MOI]],
      ['duc hanh', [SO_HOA]],
      ['ĐỨC HẠNH', [SO_HOA]],
      ['chu ky so', [CHU_KY]],
    ])('"%s" finds the same initiatives with or without diacritics', async (q, expected) => {
      const res = await admin.get(`/initiatives?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(titles(res.text).sort()).toEqual([...expected].sort());
    });

    it('finds by author name and by code, and nothing for unknown words', async () => {
      expect(titles((await admin.get('/initiatives?q=Nguyen%20Minh%20Thom')).text)).toEqual(['Sử dụng tờ rơi tuyên truyền dịch vụ công trực tuyến']);
      expect(titles((await admin.get('/initiatives?q=SK-2022-0003')).text)[0]).toContain('chữ ký số');
      const none = await admin.get('/initiatives?q=khongtontaitừnày');
      expect(titles(none.text)).toEqual([]);
      expect(none.text).toContain('Không có sáng kiến nào phù hợp');
    });

    it('ranks a broad search among its newest matches only, in the same order on both databases', async () => {
      const repo = t.app.get(InitiativesRepository);
      const q = 'dich vu cong';
      const { ids: everyMatch } = await repo.list({ q, sort: 'newest' }, { everything: true });
      expect(everyMatch.length).toBeGreaterThan(3);
      const newest = [...everyMatch].sort((a, b) => b - a).slice(0, 3);
      const { ids: bounded } = await repo.list({ q }, { everything: true }, undefined, 3);
      // Only the three newest matches are scored, and they come back by relevance.
      expect([...bounded].sort()).toEqual([...newest].sort());
      const { ids: ranked } = await repo.list({ q }, { everything: true });
      expect(bounded).toEqual(ranked.filter((id) => newest.includes(id)));
      // Other filters still apply to the candidates.
      const year = (await repo.shortRows([newest[0]]))[0].year;
      const { ids: ofYear } = await repo.list({ q, year }, { everything: true }, undefined, 2);
      expect(ofYear.length).toBeGreaterThan(0);
      for (const row of await repo.shortRows(ofYear)) expect(row.year).toBe(year);
    });

    it('is not confused by search syntax in the query', async () => {
      for (const q of ['"', 'a OR', '-x', '*', 'NEAR(', "'; DROP TABLE initiatives; --"]) {
        const res = await admin.get(`/initiatives?q=${encodeURIComponent(q)}`);
        expect(res.status).toBe(200);
      }
      expect((await t.db.query('SELECT COUNT(*) AS n FROM initiatives'))[0].n).toBeGreaterThan(0);
    });

    it('does not search confidential information', async () => {
      await t.db.query(`UPDATE initiatives SET "confidentialInfo" = 'mật mã bí mật zyxwv' WHERE code = 'SK-2022-0001'`);
      expect(titles((await admin.get('/initiatives?q=zyxwv')).text)).toEqual([]);
    });
  });

  describe('filters', () => {
    it('filters by year, status, field, level and round', async () => {
      const y2022 = titles((await admin.get('/initiatives?year=2022')).text);
      expect(y2022).toHaveLength(5);
      const drafts = titles((await admin.get('/initiatives?status=draft')).text);
      expect(drafts).toEqual(['Số hóa sổ hộ tịch cũ để tra cứu nhanh khi cấp bản sao trích lục']);
      const so = (await t.db.query(`SELECT id FROM fields WHERE name LIKE 'Xây dựng%'`))[0].id;
      const digital = titles((await admin.get(`/initiatives?field=${so}&status=recognized`)).text);
      expect(digital).toHaveLength(2);
      expect(titles((await admin.get('/initiatives?level=district')).text)).toHaveLength(5);
      const round = (await t.db.query('SELECT id FROM rounds'))[0].id;
      expect(titles((await admin.get(`/initiatives?round=${round}&q=QR`)).text)).toHaveLength(1);
    });

    it('filters by unit including its sub-units', async () => {
      const vt = await unitId(t.db, 'VL-VT');
      expect(titles((await admin.get(`/initiatives?unit=${vt}`)).text)).toEqual([
        'Niêm yết, tra cứu thông tin thủ tục hành chính, đăng ký dịch vụ công trực tuyến bằng mã QR Code tại Bộ phận Tiếp nhận và trả kết quả UBND xã Vĩnh Thái',
      ]);
      // The district holds none itself: its communes' five.
      const district = await unitId(t.db, 'VL');
      expect(titles((await admin.get(`/initiatives?unit=${district}`)).text)).toHaveLength(5);
      // The province: every unit is below it.
      const province = await unitId(t.db, 'QT');
      expect(titles((await admin.get(`/initiatives?unit=${province}`)).text)).toHaveLength(10);
    });

    it('sorts by title', async () => {
      const sorted = titles((await admin.get('/initiatives?sort=title&year=2022')).text);
      expect(sorted).toHaveLength(5);
      expect(sorted).toEqual([...sorted].sort((a, b) => fold(a).localeCompare(fold(b))));
      expect(sorted[0]).toBe('Bộ phận Một cửa xã Vĩnh Hòa hỗ trợ người dân thực hiện các thủ tục hành chính trong lĩnh vực đất đai');
    });

    it('sorts by code with drafts (no code yet) after the coded ones, on both databases', async () => {
      const { ids } = await t.app.get(InitiativesRepository).list({ sort: 'code' }, { everything: true });
      const codeOf = new Map(((await t.db.query('SELECT id, code FROM initiatives')) as { id: number; code: string | null }[]).map((r) => [Number(r.id), r.code]));
      const codes = ids.map((id) => codeOf.get(id) ?? null);
      const firstDraft = codes.indexOf(null);
      expect(firstDraft).toBeGreaterThan(0);
      expect(codes.slice(firstDraft).every((c) => c === null)).toBe(true);
      const coded = codes.slice(0, firstDraft) as string[];
      expect(coded).toEqual([...coded].sort());
    });

    it("shows an author only what they may see: their unit's, and recognised ones", async () => {
      const author = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
      const seen = titles((await author.get('/initiatives')).text);
      expect(seen).toHaveLength(7); // 5 recognised + their unit's submitted one and the one under review
      expect(seen).not.toContain('Số hóa sổ hộ tịch cũ để tra cứu nhanh khi cấp bản sao trích lục');
      expect(seen).not.toContain('Lịch tiếp nhận hồ sơ lưu động tại các thôn vùng gò đồi');
    });
  });

  describe('exports', () => {
    it('exports the filtered list to CSV in UTF-8 with BOM and Vietnamese headers', async () => {
      const res = await admin.get('/initiatives/export.csv?year=2022&sort=code').buffer(true).parse(binary as never);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain("filename*=UTF-8''danh-sach-sang-kien.csv");
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = body.toString('utf8').slice(1).trim().split('\r\n');
      expect(lines[0]).toBe('Mã sáng kiến,Tên sáng kiến,Đơn vị,Lĩnh vực,Đợt xét,Năm,Trạng thái,Phạm vi ảnh hưởng,Tác giả (tỷ lệ đóng góp),Ngày áp dụng lần đầu,Ngày nộp');
      expect(lines).toHaveLength(6);
      expect(lines[1]).toContain('SK-2022-0001,Sử dụng tờ rơi tuyên truyền dịch vụ công trực tuyến,UBND xã Trung Nam');
      expect(lines[1]).toContain('Được công nhận,Cấp huyện,Nguyễn Minh Thơm (100%),01/03/2022,15/09/2022');
      expect(body.toString('utf8')).not.toContain('zyxwv');
    });

    it('exports the same list to Excel with headers, widths and real dates', async () => {
      const res = await admin.get('/initiatives/export.xlsx?year=2022&sort=code').buffer(true).parse(binary as never);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as never);
      const sheet = book.worksheets[0];
      expect(sheet.name).toBe('Sáng kiến');
      expect(sheet.getRow(1).getCell(2).value).toBe('Tên sáng kiến');
      expect(sheet.rowCount).toBe(6);
      expect(sheet.getRow(2).getCell(1).value).toBe('SK-2022-0001');
      const applied = sheet.getRow(2).getCell(10);
      expect(applied.value).toBeInstanceOf(Date);
      expect((applied.value as Date).toISOString().slice(0, 10)).toBe('2022-03-01');
      expect(applied.numFmt).toBe('dd/mm/yyyy');
      expect(sheet.getColumn(2).width).toBe(60);
    });

    it("exports only what the user may see", async () => {
      const author = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
      const res = await author.get('/initiatives/export.csv?status=draft');
      expect(res.text.trim().split('\r\n')).toHaveLength(1);
    });
  });

  describe('public catalogue', () => {
    it('lists recognised initiatives without signing in, with the same search', async () => {
      const anon = t.agent();
      const res = await anon.get('/catalogue');
      expect(res.status).toBe(200);
      expect(titles(res.text)).toHaveLength(5);
      expect(res.text).not.toContain('Hộp thư góp ý điện tử');
      expect(res.text).not.toContain('Số hóa sổ hộ tịch');
      expect(titles((await anon.get('/catalogue?q=vinh%20thai')).text)).toHaveLength(1);
      expect(titles((await anon.get('/catalogue?status=draft')).text)).toHaveLength(5);
    });

    it('hides confidential information, dates of birth and internal files', async () => {
      const [row] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`);
      await t.db.query(`UPDATE initiatives SET "confidentialInfo" = 'Tài khoản quản trị mã QR: bimat' WHERE id = ?`, [row.id]);
      await t.db.query(`UPDATE initiative_authors SET "birthDate" = '1985-04-30' WHERE "initiativeId" = ?`, [row.id]);
      // An internal file next to the public one.
      await t.db.query(
        `INSERT INTO attachments ("ownerType", "ownerId", "originalName", "storedName", "mediaType", size, sha256, visibility, "uploadedById") VALUES ('initiative', ?, 'Biên bản nội bộ.pdf', 'internal-test.pdf', 'application/pdf', 10, 'x', 'internal', 1)`,
        [row.id],
      );
      const anon = t.agent();
      const page = await anon.get(`/catalogue/${row.id}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Võ Thị Thu');
      expect(page.text).toContain('Hướng dẫn tra cứu thủ tục bằng mã QR.pdf');
      expect(page.text).not.toContain('bimat');
      expect(page.text).not.toContain('Thông tin cần bảo mật');
      expect(page.text).not.toContain('30/04/1985');
      expect(page.text).not.toContain('Biên bản nội bộ.pdf');
      const [internal] = await t.db.query(`SELECT id FROM attachments WHERE "storedName" = 'internal-test.pdf'`);
      expect((await anon.get(`/attachments/${internal.id}`)).status).toBe(303);
      const [pub] = await t.db.query(`SELECT id FROM attachments WHERE visibility = 'public'`);
      const file = await anon.get(`/attachments/${pub.id}`);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      // Signed in, the same page inside the application shows the internal details.
      const inside = await admin.get(`/initiatives/${row.id}`);
      expect(inside.text).toContain('bimat');
      expect(inside.text).toContain('30/04/1985');
    });

    it('answers 404 for anything not recognised', async () => {
      const [draft] = await t.db.query(`SELECT id FROM initiatives WHERE status = 'draft'`);
      const [submitted] = await t.db.query(`SELECT id FROM initiatives WHERE status = 'submitted'`);
      expect((await t.agent().get(`/catalogue/${draft.id}`)).status).toBe(404);
      expect((await t.agent().get(`/catalogue/${submitted.id}`)).status).toBe(404);
      expect((await t.agent().get('/catalogue/99999')).status).toBe(404);
    });

    it('sends a visitor who is not signed in from the site title to the public catalogue, and a signed-in user home', async () => {
      const brand = (html: string) => /<a class="navbar-brand" href="([^"]*)"/.exec(html)?.[1];
      const anon = t.agent();
      for (const page of ['/catalogue', '/login']) {
        const res = await anon.get(page);
        expect(res.status).toBe(200);
        expect(brand(res.text)).toBe('/catalogue');
      }
      // Following it shows the catalogue, not the sign-in form.
      const followed = await anon.get(brand((await anon.get('/login')).text) as string);
      expect(followed.status).toBe(200);
      expect(followed.text).toContain('Danh mục sáng kiến cải cách hành chính được công nhận');
      for (const page of ['/', '/catalogue', '/initiatives']) expect(brand((await admin.get(page)).text)).toBe('/');
      const home = await admin.get('/');
      expect(home.status).toBe(200);
    });
  });

  it('shows the fields page to admins, who may add one', async () => {
    const page = await admin.get('/fields');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Cải cách thể chế');
    const res = await admin.post('/fields').type('form').send({ _csrf: csrfOf(page.text), name: 'Cải cách hành chính trong lĩnh vực y tế', active: '1' });
    expect(res.status).toBe(303);
    const dup = await admin.post('/fields').type('form').send({ _csrf: csrfOf(page.text), name: 'cải cách thể chế', active: '1' });
    expect(dup.status).toBe(400);
    expect(dup.text).toContain('Đã có lĩnh vực');
    expect((await t.db.query('SELECT COUNT(*) AS n FROM fields'))[0].n).toBe(7);
  });
});

describe('home page of an author', () => {
  it('lists their drafts waiting to be completed, and a link to file a new one', async () => {
    const t = await createTestApp({ demo: true });
    try {
      const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
      const home = await author.get('/');
      expect(home.text).toContain('Sáng kiến đang chờ bạn hoàn thiện');
      expect(home.text).toContain('Số hóa sổ hộ tịch cũ để tra cứu nhanh khi cấp bản sao trích lục');
      expect(home.text).toContain('href="/initiatives/new"');
      const other = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
      expect((await other.get('/')).text).not.toContain('Số hóa sổ hộ tịch');
      // Reading the public catalogue leaves no session behind.
      const anon = await t.agent().get('/catalogue');
      expect(anon.headers['set-cookie']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('public catalogue: the unit filter after a merger', () => {
  let t: TestApp;
  let admin: TestAgent;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  const options = (html: string) => {
    const select = /<select class="form-select" id="unit" name="unit">([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
    return [...select.matchAll(/<option value="(\d+)"( selected)?>([^<]*)<\/option>/g)].map((m) => ({ value: m[1], selected: Boolean(m[2]), label: m[3].replace(/\u00A0/g, '').trim() }));
  };

  it('lists today\'s real units only, and finds the initiatives of merged units under their successor', async () => {
    // The unit an empty database starts with, kept as it was made.
    await t.db.query(`INSERT INTO units (code, name, kind, "parentId", "searchText") VALUES ('QTHT', 'Đơn vị quản trị hệ thống', 'district', NULL, 'qtht don vi quan tri he thong')`);
    // Two communes of today, each holding a recognised initiative of a commune merged into it.
    const [linh, thuy] = [await unitId(t.db, 'QT-VLINH'), await unitId(t.db, 'QT-VTHUY')];
    const anon = t.agent();
    const before = await anon.get(`/catalogue?unit=${linh}`);
    const [ofVinhLinh] = titles(before.text);
    expect(titles(before.text)).toHaveLength(1);
    const [ofVinhThuy] = titles((await anon.get(`/catalogue?unit=${thuy}`)).text);
    expect(ofVinhThuy).toBeDefined();

    const page = await admin.get('/units/merge');
    const merged = await admin.post('/units/merge').type('form').send({
      _csrf: csrfOf(page.text),
      predecessorIds: [String(linh), String(thuy)],
      target: 'new',
      newCode: 'QT-VLT',
      newName: 'UBND xã Vĩnh Linh Thủy',
      newKind: 'commune',
      newParentId: String(await unitId(t.db, 'QT')),
      instrument: 'Nghị quyết 2001/NQ-UBTVQH15',
      effectiveDate: '01/10/2026',
      moveMembers: '1',
    });
    expect(merged.status).toBe(303);
    const successor = await unitId(t.db, 'QT-VLT');

    const res = await t.agent().get('/catalogue');
    expect(res.status).toBe(200);
    const labels = options(res.text).map((o) => o.label);
    expect(labels).toContain('UBND xã Vĩnh Linh Thủy (QT-VLT)');
    expect(labels).toContain('Tỉnh Quảng Trị (QT)');
    expect(labels).toContain('UBND xã Vĩnh Hoàng (QT-VHOANG)');
    expect(labels).not.toContain('UBND xã Vĩnh Linh (QT-VLINH)');
    expect(labels).not.toContain('UBND xã Vĩnh Thủy (QT-VTHUY)');
    expect(labels).not.toContain('UBND huyện Vĩnh Linh (VL)');
    expect(labels).not.toContain('UBND xã Vĩnh Long (VL-VLO)');
    expect(labels.some((l) => l.includes('QTHT'))).toBe(false);
    expect(res.text).toContain('<label class="form-label" for="unit">Đơn vị hiện nay (gồm đơn vị trực thuộc và cả đơn vị cũ đã sáp nhập)</label>');

    // The successor finds the initiatives of both ended communes.
    const found = await t.agent().get(`/catalogue?unit=${successor}`);
    expect(titles(found.text).sort()).toEqual([ofVinhLinh, ofVinhThuy].sort());
    expect(options(found.text).find((o) => o.selected)?.value).toBe(String(successor));
    // An older link to an ended commune still works, and the form shows what it filters by.
    const old = await t.agent().get(`/catalogue?unit=${linh}`);
    expect(titles(old.text)).toEqual([ofVinhLinh]);
    expect(options(old.text).find((o) => o.selected)?.label).toBe('UBND xã Vĩnh Linh (QT-VLINH)');
  });
});
