import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, postFields, signIn, TestApp, unitId } from './helpers/test-app';

// A commune runs its own replication programme for the units below it: its unit
// administrator creates and changes it, reminds its units and reports for a unit (marked
// "đơn vị tổ chức báo cáo thay"), and sees nothing of the province's or the old district's
// programmes. The province's system administrator still runs every programme.
describe('programmes organised by a commune (its unit administrator)', () => {
  let t: TestApp;
  let commune: TestAgent;
  let admin: TestAgent;
  let token: string;
  let vinhHoang: number;
  let economy: number;
  let culture: number;
  let recognised: number;
  let programmeId: number;
  let districtProgramme: number;


  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    commune = await signIn(t.agent(), 'quantri.vinhhoang', DEMO_PASSWORD);
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    vinhHoang = await unitId(t.db, 'QT-VHOANG');
    token = csrfOf((await commune.get('/units/new')).text);
    // The commune's own offices, entered by its administrator.
    for (const [code, name] of [
      ['VHOANG-KT', 'Phòng Kinh tế xã Vĩnh Hoàng'],
      ['VHOANG-VHXH', 'Phòng Văn hóa - Xã hội xã Vĩnh Hoàng'],
    ]) {
      const res = await postFields(commune, '/units/new', { _csrf: token, code, name, kind: 'agency', parentId: String(vinhHoang) });
      expect(res.status).toBe(303);
    }
    economy = await unitId(t.db, 'VHOANG-KT');
    culture = await unitId(t.db, 'VHOANG-VHXH');
    [{ id: recognised }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0002'`);
    [{ id: districtProgramme }] = await t.db.query(`SELECT id FROM programmes WHERE year = 2023`);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('lets the commune administrator create a programme issued by the commune, for the units below it by default', async () => {
    const page = await commune.get('/programmes/new');
    expect(page.status).toBe(200);
    // Issued by the commune by default; the province is not among the issuers offered.
    expect(page.text).toMatch(new RegExp(`<option value="${vinhHoang}" selected>UBND xã Vĩnh Hoàng \\(QT-VHOANG\\)</option>`));
    expect(page.text).not.toContain(`<option value="${await unitId(t.db, 'QT')}"`);
    const res = await postFields(commune, '/programmes/new', {
      _csrf: csrfOf(page.text),
      year: '2026',
      title: 'Nhân rộng sáng kiến trong xã Vĩnh Hoàng năm 2026',
      issuingUnitId: String(vinhHoang),
      decisionNumber: '45/QĐ-UBND',
      decisionDate: '01/10/2026',
      reportDeadline: '31/12/2026',
      initiativeIds: String(recognised),
    });
    expect(res.status).toBe(303);
    programmeId = Number(res.headers.location.split('/').pop());
    const targets = (await t.db.query(`SELECT "unitId" FROM programme_units WHERE "programmeId" = ? ORDER BY "unitId"`, [programmeId])).map((r: { unitId: number }) => Number(r.unitId));
    expect(targets).toEqual([economy, culture].sort((a, b) => a - b));
    const matrix = await commune.get(`/programmes/${programmeId}`);
    expect(matrix.status).toBe(200);
    expect(matrix.text).toContain('Phòng Kinh tế xã Vĩnh Hoàng');
    expect(matrix.text).toContain(`href="/programmes/${programmeId}/edit"`);
  });

  it('lists only its own programmes and refuses the district’s 2023 programme with 403, naming nothing of it', async () => {
    const list = await commune.get('/programmes');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Nhân rộng sáng kiến trong xã Vĩnh Hoàng năm 2026');
    expect(list.text).not.toContain('Kế hoạch nhân rộng sáng kiến cải cách hành chính năm 2023');
    for (const path of [`/programmes/${districtProgramme}`, `/programmes/${districtProgramme}/edit`, `/programmes/${districtProgramme}/reasons`, `/programmes/${districtProgramme}/export.csv`]) {
      const res = await commune.get(path);
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('Kế hoạch nhân rộng sáng kiến cải cách hành chính năm 2023');
    }
    const before = await count(t.db, 'programme_units', '"programmeId" = ?', [districtProgramme]);
    const refused = await postFields(commune, `/programmes/${districtProgramme}/edit`, { _csrf: token, unitIds: String(economy) });
    expect(refused.status).toBe(403);
    expect(await count(t.db, 'programme_units', '"programmeId" = ?', [districtProgramme])).toBe(before);
  });

  it('refuses, beside the field and saving nothing, an issuer or a target outside the commune', async () => {
    const before = await count(t.db, 'programmes');
    const province = await postFields(commune, '/programmes/new', { _csrf: token, year: '2026', title: 'Kế hoạch của tỉnh', issuingUnitId: String(await unitId(t.db, 'QT')), initiativeIds: String(recognised) });
    expect(province.status).toBe(400);
    expect(province.text).toContain('Bạn chỉ lập được kế hoạch do đơn vị mình hoặc đơn vị trực thuộc ban hành.');
    expect(province.text).toContain('value="Kế hoạch của tỉnh"');
    const elsewhere = await postFields(commune, '/programmes/new', { _csrf: token, year: '2026', title: 'Ra ngoài xã', issuingUnitId: String(vinhHoang), initiativeIds: String(recognised), unitIds: [String(economy), String(await unitId(t.db, 'QT-VLINH'))] });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.text).toContain('Chỉ chọn được đơn vị thuộc phạm vi bạn quản lý');
    expect(await count(t.db, 'programmes')).toBe(before);
    const added = await postFields(commune, `/programmes/${programmeId}/edit`, { _csrf: token, unitIds: String(await unitId(t.db, 'QT-VLINH')) });
    expect(added.status).toBe(400);
    expect(await count(t.db, 'programme_units', '"programmeId" = ?', [programmeId])).toBe(2);
  });

  it('refuses an ended unit as the issuer of a new programme', async () => {
    const before = await count(t.db, 'programmes');
    const res = await postFields(admin, '/programmes/new', { _csrf: csrfOf((await admin.get('/programmes/new')).text), year: '2026', title: 'Của huyện đã giải thể', issuingUnitId: String(await unitId(t.db, 'VL')), initiativeIds: String(recognised) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('UBND huyện Vĩnh Linh đã chấm dứt hoạt động, không ban hành kế hoạch mới được.');
    expect(await count(t.db, 'programmes')).toBe(before);
  });

  it('reports for one of its units, the record saying the organiser reported on its behalf', async () => {
    const [{ id: record }] = await t.db.query(`SELECT id FROM adoptions WHERE "programmeId" = ? AND "unitId" = ?`, [programmeId, economy]);
    const page = await commune.get(`/adoptions/${record}`);
    expect(page.status).toBe(200);
    const res = await postFields(commune, `/adoptions/${record}`, { _csrf: csrfOf(page.text), status: 'adopted', adoptedDate: '15/10/2026' });
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT status, "onBehalf" FROM adoptions WHERE id = ?`, [record]);
    expect(row.status).toBe('adopted');
    expect(Boolean(Number(row.onBehalf))).toBe(true);
    expect((await commune.get(`/adoptions/${record}`)).text).toContain('Đơn vị tổ chức báo cáo thay: UBND xã Vĩnh Hoàng');
  });

  it('may not report on the district’s records, even for the old communes merged into it', async () => {
    const [{ id: record }] = await t.db.query(`SELECT a.id FROM adoptions a JOIN units u ON u.id = a."unitId" WHERE a."programmeId" = ? AND u.code = 'VL-VH' LIMIT 1`, [districtProgramme]);
    const res = await postFields(commune, `/adoptions/${record}`, { _csrf: token, status: 'adopted', adoptedDate: '15/10/2023' });
    expect(res.status).toBe(403);
    const [{ n }] = await t.db.query(`SELECT COUNT(*) AS n FROM adoption_reports WHERE "adoptionId" = ? AND "reportedById" = (SELECT id FROM users WHERE username = 'quantri.vinhhoang')`, [record]);
    expect(Number(n)).toBe(0);
  });

  it('leaves the commune’s programme to the province’s administrator too, and to council secretaries to read only', async () => {
    expect((await admin.get(`/programmes/${programmeId}/edit`)).status).toBe(200);
    const secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    const matrix = await secretary.get(`/programmes/${programmeId}`);
    expect(matrix.status).toBe(200);
    expect(matrix.text).not.toContain(`href="/programmes/${programmeId}/edit"`);
    expect((await secretary.get(`/programmes/${programmeId}/edit`)).status).toBe(403);
  });
});
