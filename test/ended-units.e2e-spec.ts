import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, postFields, signIn, TestApp, unitId, userId } from './helpers/test-app';

// After 01/07/2025 the old district and its communes have ended: nothing new is placed in
// them (initiatives registered today, accounts, programme targets, rounds of later years),
// while their past stays enterable (paper records of their years, rounds of their years,
// with the council members who now work at the province that keeps their records).
describe('units that have ended: nothing new in them, their past still enterable', () => {
  let t: TestApp;
  let admin: TestAgent;
  let token: string;
  let vinhHoa: number;
  let district: number;


  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    token = csrfOf((await admin.get('/')).text);
    vinhHoa = await unitId(t.db, 'VL-VH');
    district = await unitId(t.db, 'VL');
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('refuses an initiative registered today for an ended unit, beside the field, saving nothing', async () => {
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    const page = await author.get('/initiatives/new');
    expect(page.text).not.toContain(`<option value="${vinhHoa}"`);
    const before = await count(t.db, 'initiatives');
    const res = await postFields(author, '/initiatives/new', { _csrf: csrfOf(page.text), title: 'Sáng kiến cho xã đã sáp nhập', unitId: String(vinhHoa), firstAppliedDate: '15/03/2026' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('UBND xã Vĩnh Hòa đã chấm dứt hoạt động từ 01/07/2025: hãy chọn đơn vị hiện nay.');
    expect(res.text).toContain('value="Sáng kiến cho xã đã sáp nhập"');
    expect(await count(t.db, 'initiatives')).toBe(before);
  });

  it('offers ended units, marked, on the paper-record form, and takes a record of their years', async () => {
    const page = await admin.get('/initiatives/paper/new');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(new RegExp(`<option value="${vinhHoa}">[^<]*UBND xã Vĩnh Hòa \\(VL-VH\\) — đến 30/06/2025</option>`));
  });

  it('places no new account in an ended unit, by the form or by CSV', async () => {
    const before = await count(t.db, 'users');
    const form = await postFields(admin, '/users/new', { _csrf: token, username: 'canbo.cu', fullName: 'Cán bộ Cũ', password: 'CanBo@Cu2026', unitId: String(vinhHoa), roles: 'author' });
    expect(form.status).toBe(400);
    expect(form.text).toContain('UBND xã Vĩnh Hòa đã chấm dứt hoạt động từ 01/07/2025: hãy chọn đơn vị hiện nay.');
    const csv = await admin
      .post('/users/import')
      .field('_csrf', token)
      .attach('file', Buffer.from('username,full_name,position,unit_code,roles\ncanbo.cu2,Cán bộ Cũ Hai,,VL-VH,author\n'), 'nguoi-dung.csv');
    expect(csv.status).toBeGreaterThanOrEqual(300);
    const shown = csv.status === 303 ? await admin.get(csv.headers.location) : csv;
    expect(shown.text).toContain('UBND xã Vĩnh Hòa đã chấm dứt hoạt động từ 01/07/2025');
    expect(await count(t.db, 'users')).toBe(before);
  });

  it('refuses an ended unit as a programme target, on creation and on change', async () => {
    const [{ id: initiative }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0001'`);
    const before = await count(t.db, 'programmes');
    const res = await postFields(admin, '/programmes/new', { _csrf: token, year: '2026', title: 'Nhân rộng năm 2026', issuingUnitId: String(await unitId(t.db, 'QT')), initiativeIds: String(initiative), unitIds: [String(await unitId(t.db, 'QT-VHOANG')), String(await unitId(t.db, 'VL-VO'))] });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Đơn vị đã chấm dứt hoạt động, không áp dụng sáng kiến được nữa: UBND xã Vĩnh Ô.');
    expect(await count(t.db, 'programmes')).toBe(before);
    const ok = await postFields(admin, '/programmes/new', { _csrf: token, year: '2026', title: 'Nhân rộng năm 2026', issuingUnitId: String(await unitId(t.db, 'QT')), initiativeIds: String(initiative), unitIds: String(await unitId(t.db, 'QT-VHOANG')) });
    expect(ok.status).toBe(303);
    const id = Number(ok.headers.location.split('/').pop());
    const change = await postFields(admin, `/programmes/${id}/edit`, { _csrf: token, unitIds: String(await unitId(t.db, 'VL-VK')) });
    expect(change.status).toBe(400);
    expect(change.text).toContain('UBND xã Vĩnh Khê');
    expect(await count(t.db, 'programme_units', '"programmeId" = ?', [id])).toBe(1);
  });

  it("refuses a round of the district after its end, takes one of its years, and seats the province's people on its council", async () => {
    expect((await admin.get('/rounds/new')).text).toMatch(new RegExp(`<option value="${district}">[^<]*UBND huyện Vĩnh Linh \\(VL\\) — đến 30/06/2025[^<]*</option>`));
    const late = await postFields(admin, '/rounds/new', { _csrf: token, year: '2026', name: 'Đợt xét của huyện năm 2026', threshold: '70', organisingUnitId: String(district) });
    expect(late.status).toBe(400);
    expect(late.text).toContain('UBND huyện Vĩnh Linh đã chấm dứt hoạt động từ 01/07/2025: chỉ tổ chức được đợt xét đến năm 2025.');
    const paper = await postFields(admin, '/rounds/new', { _csrf: token, year: '2019', name: 'Đợt xét sáng kiến năm 2019 của huyện', threshold: '70', organisingUnitId: String(district), status: 'closed' });
    expect(paper.status).toBe(303);
    const roundId = Number(paper.headers.location.split('/').pop());
    // The district's council of 2019 now works at the province's departments, which keep its records.
    const seat = await postFields(admin, `/rounds/${roundId}/council`, { _csrf: token, userId: String(await userId(t.db, 'hoidong1')), role: 'chair' });
    expect(seat.status).toBe(303);
    expect(await count(t.db, 'council_members', '"roundId" = ?', [roundId])).toBe(1);
    expect((await admin.get(`/rounds/${roundId}/council`)).text).toContain('Đặng Thị Mai Hương');
  });

  it("lets the province's secretary, keeper of the district's records, open the district's 2022 round; not a commune's secretary", async () => {
    const [{ id: round }] = await t.db.query(`SELECT id FROM rounds WHERE year = 2022`);
    const secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    expect((await secretary.get(`/rounds/${round}/results`)).status).toBe(200);
    const commune = await signIn(t.agent(), 'thuky.vinhhoang', DEMO_PASSWORD);
    const refused = await commune.get(`/rounds/${round}/results`);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('Đợt xét sáng kiến cải cách hành chính năm 2022');
  });
});
