import { HtmlBytes } from '../src/common/html-bytes';
import { readdirSync } from 'node:fs';
import { request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import TestAgent from 'supertest/lib/agent';
import { formatDate, todayIso } from '../src/common/dates';
import { APP_HOOK_TIMEOUT, binary, count, createTestApp, csrfOf, DEMO_PASSWORD, followRefusal, signIn, TestApp, unitId, userId } from './helpers/test-app';

/** The page with the matrix cells' card labels (role, data-label: the layout of a phone) left out, for the cells' own markup. */
const unlabelled = (html: string) => html.replace(/ role="(cell|row|rowheader|columnheader|rowgroup|table)"( data-label="[^"]*")?/g, '');

describe('replication: programmes, reports, matrix', () => {
  let t: TestApp;
  let admin: TestAgent;
  let token: string;
  let programmeId: number;
  let recognized: number[];
  const record = async (code: string, unitCode: string) =>
    (await t.db.query(`SELECT a.id FROM adoptions a JOIN initiatives i ON i.id = a."initiativeId" JOIN units u ON u.id = a."unitId" WHERE i.code = ? AND u.code = ? AND a."programmeId" = ?`, [code, unitCode, programmeId]))[0].id as number;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    token = csrfOf((await admin.get('/programmes/new')).text);
    recognized = (await t.db.query(`SELECT id FROM initiatives WHERE status = 'recognized' ORDER BY code`)).map((r: { id: number }) => r.id);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('shows the demo 2023 programme with its mix of reports and reasons', async () => {
    const [demo] = await t.db.query(`SELECT id FROM programmes WHERE year = 2023`);
    const page = await admin.get(`/programmes/${demo.id}?view=initiatives`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Kế hoạch nhân rộng sáng kiến cải cách hành chính năm 2023');
    expect(page.text).toContain('Thiếu trang thiết bị');
    expect(page.text).toContain('Chưa có cơ chế, chính sách hỗ trợ');
    expect(unlabelled(page.text)).toMatch(/<td class="m-not_started( od)?"><span aria-hidden="true">○<\/span><span class="visually-hidden">Chưa triển khai(, quá hạn)?<\/span><\/td>/);
  });

  it('refuses a programme without initiatives, keeping what was typed', async () => {
    const before = await count(t.db, 'programmes');
    const res = await admin.post('/programmes/new').type('form').send({ _csrf: token, year: '2025', title: 'Thử', issuingUnitId: String(await unitId(t.db, 'QT')) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Vui lòng chọn ít nhất một sáng kiến được công nhận.');
    expect(res.text).toContain('value="Thử"');
    expect(await count(t.db, 'programmes')).toBe(before);
  });

  it('creates a programme: one record per initiative and target unit (default: every active unit under the issuer)', async () => {
    const form = new URLSearchParams({ _csrf: token, year: '2025', title: 'Nhân rộng sáng kiến cải cách hành chính năm 2025', issuingUnitId: String(await unitId(t.db, 'QT')), decisionNumber: '125/QĐ-UBND', decisionDate: '15/08/2025', reportDeadline: '30/11/2025' });
    for (const id of recognized) form.append('initiativeIds', String(id));
    const res = await admin.post('/programmes/new').type('form').send(form.toString());
    expect(res.status).toBe(303);
    programmeId = Number(res.headers.location.split('/').pop());
    const units = await count(t.db, 'programme_units', '"programmeId" = ?', [programmeId]);
    expect(units).toBe(43); // the 43 units in force under Tỉnh Quảng Trị: 11 departments and agencies, 32 communes, wards and special zone
    expect(await count(t.db, 'adoptions', '"programmeId" = ?', [programmeId])).toBe(5 * 43);
    const page = await admin.get(res.headers.location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('UBND xã Vĩnh Hoàng');
    expect(unlabelled(page.text)).toMatch(/<td class="m-not_started( od)?"><span aria-hidden="true">○<\/span><span class="visually-hidden">Chưa triển khai(, quá hạn)?<\/span><\/td>/);
    expect(page.text).toContain('0/215');
  });

  it("accepts a focal point's report for their unit and keeps each report as a version", async () => {
    const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    const id = await record('SK-2022-0005', 'QT-VHOANG');
    let page = await focal.get(`/adoptions/${id}`);
    expect(page.status).toBe(200);
    let res = await focal.post(`/adoptions/${id}`).type('form').send({ _csrf: csrfOf(page.text), status: 'in_progress', explanation: 'Đang in mã QR' });
    expect(res.status).toBe(303);
    page = await focal.get(`/adoptions/${id}`);
    res = await focal.post(`/adoptions/${id}`).type('form').send({ _csrf: csrfOf(page.text), status: 'adopted', adoptedDate: '10/09/2025', adaptation: 'Thêm mã QR cho thủ tục đất đai' });
    expect(res.status).toBe(303);
    const [row] = await t.db.query('SELECT status, "adoptedDate", version, "onBehalf" FROM adoptions WHERE id = ?', [id]);
    expect(row).toMatchObject({ status: 'adopted', adoptedDate: '2025-09-10', version: 2, onBehalf: 0 });
    expect(await count(t.db, 'adoption_reports', '"adoptionId" = ?', [id])).toBe(2);
    page = await focal.get(`/adoptions/${id}`);
    expect(page.text).toContain('Đang in mã QR');
    expect(page.text).toContain('Thêm mã QR cho thủ tục đất đai');
  });

  it('keeps evidence files and indicators measured at the unit with a report', async () => {
    const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    const id = await record('SK-2022-0003', 'QT-VHOANG');
    const page = await focal.get(`/adoptions/${id}`);
    expect(page.text).toContain('value="Tỷ lệ văn bản phát hành có ký số"');
    const res = await focal
      .post(`/adoptions/${id}`)
      .field('_csrf', csrfOf(page.text))
      .field('status', 'adopted')
      .field('adoptedDate', '01/10/2025')
      .field('indicators[0][name]', 'Tỷ lệ văn bản phát hành có ký số')
      .field('indicators[0][unitOfMeasure]', '%')
      .field('indicators[0][before]', '30')
      .field('indicators[0][after]', '92,5')
      .attach('attachments', Buffer.from('%PDF-1.4\nminh chung\n'), 'Báo cáo ký số quý II.pdf');
    expect(res.status).toBe(303);
    const [row] = await t.db.query('SELECT indicators FROM adoptions WHERE id = ?', [id]);
    expect(JSON.parse(row.indicators)).toEqual([{ name: 'Tỷ lệ văn bản phát hành có ký số', unitOfMeasure: '%', before: 30, after: 92.5 }]);
    const [file] = await t.db.query(`SELECT id, "ownerType" FROM attachments WHERE "ownerId" = ? AND "ownerType" = 'adoption'`, [id]);
    expect(file).toBeDefined();
    const shown = await focal.get(`/adoptions/${id}`);
    expect(shown.text).toContain('Báo cáo ký số quý II.pdf');
    expect(shown.text).toContain('30 → 92,5'); // Vietnamese decimal comma on every page (issue 11, item 9)
    expect((await focal.get(`/attachments/${file.id}`)).status).toBe(200);
    const other = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    expect((await other.get(`/attachments/${file.id}`)).status).toBe(403);
  });

  it('tells the initiative’s authors when another unit adopts it, and shows where it is adopted', async () => {
    const author = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    const home = await author.get('/');
    expect(home.text).toContain('UBND xã Vĩnh Hoàng đã áp dụng sáng kiến');
    const [qr] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`);
    const page = await author.get(`/initiatives/${qr.id}`);
    expect(page.text).toMatch(/Đã được áp dụng tại \(\d+ đơn vị\)/);
    expect(page.text).toContain('UBND xã Vĩnh Hoàng — từ 10/09/2025');
  });

  it('refuses "not adopted" without a reason, and "other" without an explanation; nothing is saved', async () => {
    const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    const id = await record('SK-2022-0004', 'QT-VHOANG');
    const page = await focal.get(`/adoptions/${id}`);
    const noReason = await focal.post(`/adoptions/${id}`).type('form').send({ _csrf: csrfOf(page.text), status: 'not_adopted' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Vui lòng chọn lý do không áp dụng.');
    const other = await focal.post(`/adoptions/${id}`).type('form').send({ _csrf: csrfOf(page.text), status: 'not_adopted', reason: 'other', explanation: ' ' });
    expect(other.status).toBe(400);
    expect(other.text).toContain('Với &quot;Lý do khác&quot;, vui lòng giải thích cụ thể.');
    expect(await count(t.db, 'adoption_reports', '"adoptionId" = ?', [id])).toBe(0);
    const ok = await focal.post(`/adoptions/${id}`).type('form').send({ _csrf: csrfOf(page.text), status: 'not_adopted', reason: 'no_equipment', explanation: 'Tổ công nghệ số chưa có điện thoại thông minh' });
    expect(ok.status).toBe(303);
  });

  it("gives 403 to a focal point reporting for another unit, whatever they post", async () => {
    const focal = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    const id = await record('SK-2022-0005', 'QT-VHOANG');
    expect((await focal.get(`/adoptions/${id}`)).status).toBe(403);
    const own = await focal.get(`/adoptions/${await record('SK-2022-0005', 'QT-VLINH')}`);
    expect(own.status).toBe(200);
    const res = await focal.post(`/adoptions/${id}`).type('form').send({ _csrf: csrfOf(own.text), status: 'not_adopted', reason: 'no_budget' });
    expect(res.status).toBe(403);
    expect((await t.db.query('SELECT status FROM adoptions WHERE id = ?', [id]))[0].status).toBe('adopted');
    expect((await focal.get(`/units/${await unitId(t.db, 'QT-VHOANG')}/adoptions`)).status).toBe(403);
  });

  it('lets the province report on behalf of a unit, marked as such', async () => {
    const id = await record('SK-2022-0001', 'QT-CTUNG');
    const page = await admin.get(`/adoptions/${id}`);
    expect(page.text).toContain('báo cáo thay cho đơn vị');
    // The province goes back to the programme from the breadcrumb; a unit goes back to its records.
    expect(page.text).toMatch(/<li class="breadcrumb-item"><a href="\/programmes\/\d+">/);
    const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    expect((await focal.get(`/adoptions/${await record('SK-2022-0001', 'QT-VHOANG')}`)).text).not.toMatch(/<li class="breadcrumb-item"><a href="\/programmes\//);
    await admin.post(`/adoptions/${id}`).type('form').send({ _csrf: csrfOf(page.text), status: 'not_adopted', reason: 'no_equipment' });
    const [row] = await t.db.query('SELECT "onBehalf" FROM adoptions WHERE id = ?', [id]);
    expect(row.onBehalf).toBe(1);
    expect((await admin.get(`/adoptions/${id}`)).text).toContain('<span class="badge text-bg-info">Đơn vị tổ chức báo cáo thay: Tỉnh Quảng Trị</span>');
    const [event] = await t.db.query(`SELECT summary FROM audit_events WHERE action = 'adoption.report' AND "entityId" = ? ORDER BY id DESC LIMIT 1`, [String(id)]);
    expect(event.summary).toContain(': Không áp dụng (Đơn vị tổ chức báo cáo thay: Tỉnh Quảng Trị)');
  });

  it('sends the matrix page whole as UTF-8 HTML, its grid kept as bytes the same on every view', async () => {
    // Sent as bytes: the grid is never turned back into text on the way (the helper does that only where a page has no place for bytes).
    const asText = jest.spyOn(HtmlBytes.prototype, 'toString');
    try {
      for (const view of ['initiatives', 'units']) {
        const path = `/programmes/${programmeId}?view=${view}&kind=commune`;
        const first = await admin.get(path);
        const again = await admin.get(path).set('Accept-Encoding', 'identity');
        expect(first.status).toBe(200);
        expect(again.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(again.text).toBe(first.text);
        expect(Number(again.headers['content-length'])).toBe(Buffer.byteLength(again.text));
        // HEAD: the headers of the GET (its length with them), no body.
        const head = await admin.head(path).set('Accept-Encoding', 'identity');
        expect(head.status).toBe(200);
        expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(head.headers['content-length']).toBe(again.headers['content-length']);
        expect(head.text ?? '').toBe('');
        // No mark left where the grid's bytes go (a character of the private use area), and the grid in its table.
        expect(again.text).not.toMatch(/\uE000/);
        expect(again.text).toMatch(/<tbody( role="rowgroup")?>\s*<tr( role="row")?><th scope="row"( role="rowheader")?><a href="\/programmes\/\d+\/(initiatives|units)\/\d+"[^>]*>[^<]+<\/a>[^\n]*?<\/th><td class="(m-|text-body-secondary)/);
        expect(again.text.trimEnd()).toMatch(/<\/html>$/);
      }
      expect(asText).not.toHaveBeenCalled();
    } finally {
      asText.mockRestore();
    }
  });

  it('shows matrix figures that match the reports, with overdue units marked', async () => {
    // The communes' grid: every commune a column, on one page.
    const page = await admin.get(`/programmes/${programmeId}?view=initiatives&kind=commune`);
    expect(page.text).toContain('2/215'); // two adoptions reported above, out of 215 records
    // Reported today, long after the deadline (30/11/2025): late, with the day it was sent.
    expect(unlabelled(page.text)).toContain(`<td class="m-adopted"><span aria-hidden="true">●</span><span class="visually-hidden">Đã áp dụng</span><small>10/09/2025</small><small>báo cáo muộn (${formatDate(todayIso())})</small></td>`);
    // No link per cell: one per row and column header (5 initiatives + 23 communes), each to its records.
    expect(page.text).not.toContain('href="/adoptions/');
    expect(page.text.match(/href="\/programmes\/\d+\/(units|initiatives)\/\d+"/g)).toHaveLength(5 + 23 + 5); // + the summary's 5 initiatives
    expect(page.text).toContain('Thiếu trang thiết bị');
    // The deadline (30/11/2025) has passed: every unit without a final answer is overdue.
    expect(page.text).toContain('⚠ quá hạn');
    expect(page.text).toContain('<span class="visually-hidden">Chưa triển khai, quá hạn</span>');
    expect(page.text).toMatch(/<span class="stat-value">\d+<\/span><span class="stat-label">đơn vị quá hạn báo cáo/);
    const filtered = await admin.get(`/programmes/${programmeId}?status=not_adopted`);
    expect(unlabelled(filtered.text)).toMatch(/<td class="m-not_started od dim">/);
    expect(unlabelled(filtered.text)).toMatch(/<td class="m-not_adopted">/);
    const transposed = await admin.get(`/programmes/${programmeId}?view=units`);
    expect(transposed.text).toContain('Hàng: đơn vị 1–30 trong 43; cột: sáng kiến.');
  });

  it('opens a row of the matrix in full: a unit\'s records, an initiative\'s records, each linking to its record', async () => {
    const cuaTung = await unitId(t.db, 'QT-CTUNG');
    const unitPage = await admin.get(`/programmes/${programmeId}/units/${cuaTung}`);
    expect(unitPage.status).toBe(200);
    expect(unitPage.text).toContain('<h1 class="h3">UBND xã Cửa Tùng</h1>');
    expect(unitPage.text.match(/href="\/adoptions\/\d+"/g)).toHaveLength(5);
    expect(unitPage.text).toContain(`href="/adoptions/${await record('SK-2022-0001', 'QT-CTUNG')}"`);
    expect(unitPage.text).toContain('Thiếu trang thiết bị');
    const [first] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0001'`);
    const initiativePage = await admin.get(`/programmes/${programmeId}/initiatives/${first.id}`);
    expect(initiativePage.status).toBe(200);
    expect(initiativePage.text.match(/href="\/adoptions\/\d+"/g)).toHaveLength(43);
    expect(initiativePage.text).toContain('UBND xã Cửa Tùng');
    // Not in the programme: 404; a unit's focal point does not open the province's matrix.
    expect((await admin.get(`/programmes/${programmeId}/units/${await unitId(t.db, 'QT')}`)).status).toBe(404);
    expect((await admin.get(`/programmes/${programmeId}/initiatives/999999`)).status).toBe(404);
    const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    expect((await focal.get(`/programmes/${programmeId}/units/${cuaTung}`)).status).toBe(403);
    expect((await focal.get(`/programmes/${programmeId}/initiatives/${first.id}`)).status).toBe(403);
  });

  it('summarises rates per initiative and per group of units, with the overdue units folded', async () => {
    const page = await admin.get(`/programmes/${programmeId}`);
    expect(page.text).toContain('Tỷ lệ theo sáng kiến');
    expect(page.text).toMatch(/<a href="\/programmes\/\d+\?kind=commune#ma-tran">Xã<\/a><\/td><td class="text-end">\d+<\/td>/);
    expect(page.text).toContain('<details class="card card-body mb-3" id="qua-han">');
    expect(page.text).toContain('<a class="visually-hidden-focusable" href="#sau-ma-tran">Bỏ qua bảng ma trận</a>');
    expect(page.text).toContain('id="sau-ma-tran"');
    const communes = await admin.get(`/programmes/${programmeId}?kind=ward`);
    expect(communes.status).toBe(200);
  });

  it('counts the reasons, per initiative and overall, with the explanations', async () => {
    const [demo] = await t.db.query(`SELECT id FROM programmes WHERE year = 2023`);
    const page = await admin.get(`/programmes/${demo.id}/reasons`);
    expect(page.status).toBe(200);
    const expected = (await t.db.query(`SELECT reason, COUNT(*) AS n FROM adoptions WHERE "programmeId" = ? AND status = 'not_adopted' GROUP BY reason`, [demo.id])) as { reason: string; n: number }[];
    const equipment = expected.find((r) => r.reason === 'no_equipment')?.n;
    expect(page.text).toContain(`<td>Thiếu trang thiết bị</td><td class="text-end">${equipment}</td>`);
    expect(page.text).toContain('Thành viên Tổ công nghệ số cộng đồng ở xã miền núi không có điện thoại thông minh.');
    expect(page.text).toContain('data-chart-type="bar"');
    expect(page.text).toContain('/vendor/chart.js/chart.umd.min.js');
    expect(page.text).toMatch(/\d+ ngày/);
    expect((await admin.get('/vendor/chart.js/chart.umd.min.js')).status).toBe(200);
  });

  it('exports the matrix and the reasons to Excel (one sheet each) and CSV', async () => {
    const [demo] = await t.db.query(`SELECT id FROM programmes WHERE year = 2023`);
    const xlsx = await admin.get(`/programmes/${demo.id}/export.xlsx`).buffer(true).parse(binary as never);
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Ma trận áp dụng', 'Tỷ lệ áp dụng', 'Lý do không áp dụng', 'Tất cả báo cáo']);
    const matrix = book.worksheets[0];
    expect(matrix.rowCount).toBe(6);
    expect(matrix.getRow(1).values).toEqual(expect.arrayContaining(['Mã sáng kiến', 'Tên sáng kiến', 'UBND xã Vĩnh Hòa (nay thuộc UBND xã Vĩnh Hoàng)', 'Tỷ lệ áp dụng (theo đơn vị lúc báo cáo)', 'Tỷ lệ áp dụng (theo đơn vị hiện nay)']));
    const reasons = book.worksheets[2];
    const notAdopted = (await t.db.query(`SELECT COUNT(*) AS n FROM adoptions WHERE "programmeId" = ? AND status = 'not_adopted'`, [demo.id]))[0].n;
    expect(reasons.rowCount).toBe(Number(notAdopted) + 1);
    const csv = await admin.get(`/programmes/${demo.id}/export.csv`);
    expect(csv.status).toBe(200);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Mã sáng kiến,Tên sáng kiến,Đơn vị,Đơn vị hiện nay,Tình trạng,Ngày áp dụng,Lý do không áp dụng,Giải thích,Điều chỉnh cho phù hợp,Ngày báo cáo,Báo cáo muộn,Đơn vị tổ chức báo cáo thay');
    expect(lines).toHaveLength(5 * 12 + 1);
    expect(csv.text).toContain('UBND xã Vĩnh Ô (nay thuộc UBND xã Bến Quan),UBND xã Bến Quan,Không áp dụng,,Thiếu trang thiết bị');
  });

  it('sends reminders to the focal points of overdue units, shown on their home page', async () => {
    const vinhLinh = await unitId(t.db, 'QT-VLINH');
    const page = await admin.get(`/programmes/${programmeId}`);
    expect(page.text).toContain('Đơn vị quá hạn báo cáo');
    expect(page.text).toContain('đầu mối: Dương Thị Kim Thoa');
    const res = await admin.post(`/programmes/${programmeId}/remind`).type('form').send({ _csrf: token, unitIds: String(vinhLinh) });
    expect(res.status).toBe(303);
    const focal = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    expect((await focal.get('/')).text).toContain('Nhắc báo cáo kết quả áp dụng sáng kiến: &quot;Nhân rộng sáng kiến cải cách hành chính năm 2025&quot;');
    expect(await count(t.db, 'audit_events', "action = 'programme.remind'")).toBe(1);
  });

  it('changes a programme: added units get records; removing a unit that reported needs confirmation and keeps its history', async () => {
    const province = await unitId(t.db, 'QT');
    const vinhHoang = await unitId(t.db, 'QT-VHOANG');
    const before = await count(t.db, 'adoptions', '"programmeId" = ?', [programmeId]);
    const page = await admin.get(`/programmes/${programmeId}/edit`);
    expect(page.status).toBe(200);
    let res = await admin.post(`/programmes/${programmeId}/edit`).type('form').send({ _csrf: csrfOf(page.text), unitIds: String(province) });
    expect(res.status).toBe(303);
    expect(await count(t.db, 'adoptions', '"programmeId" = ?', [programmeId])).toBe(before + 5);
    res = await admin.post(`/programmes/${programmeId}/edit`).type('form').send({ _csrf: csrfOf(page.text), removeUnitIds: String(vinhHoang) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Đánh dấu &quot;Tôi xác nhận&quot; để bỏ');
    expect(await count(t.db, 'adoptions', '"programmeId" = ? AND "removedAt" IS NOT NULL', [programmeId])).toBe(0);
    res = await admin.post(`/programmes/${programmeId}/edit`).type('form').send({ _csrf: csrfOf(page.text), removeUnitIds: String(vinhHoang), confirm: '1' });
    expect(res.status).toBe(303);
    expect(await count(t.db, 'adoptions', '"programmeId" = ? AND "unitId" = ? AND "removedAt" IS NOT NULL', [programmeId, vinhHoang])).toBe(5);
    expect(await count(t.db, 'adoption_reports r JOIN adoptions a ON a.id = r."adoptionId"', 'a."programmeId" = ? AND a."unitId" = ?', [programmeId, vinhHoang])).toBeGreaterThan(0);
    const matrix = await admin.get(`/programmes/${programmeId}?view=initiatives&kind=commune`);
    expect(matrix.text).toContain('>UBND xã Vĩnh Linh</a>');
    expect(matrix.text).not.toContain('>UBND xã Vĩnh Hoàng</a>');
    // Added back: its records and history return.
    await admin.post(`/programmes/${programmeId}/edit`).type('form').send({ _csrf: csrfOf(page.text), unitIds: String(vinhHoang) });
    expect(await count(t.db, 'adoptions', '"programmeId" = ? AND "unitId" = ? AND "removedAt" IS NULL', [programmeId, vinhHoang])).toBe(5);
  });

  describe('the Excel template', () => {
    const download = async (agent: TestAgent, path: string) => {
      const res = await agent.get(path).buffer(true).parse(binary as never);
      expect(res.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as never);
      return book;
    };
    const upload = async (agent: TestAgent, path: string, book: ExcelJS.Workbook, page: string) =>
      agent.post(path).field('_csrf', csrfOf((await agent.get(page)).text)).attach('file', Buffer.from(await book.xlsx.writeBuffer()), 'bao-cao.xlsx');

    it('round trip: a valid file updates every changed row', async () => {
      const focal = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
      const vinhLinh = await unitId(t.db, 'QT-VLINH');
      const book = await download(focal, `/units/${vinhLinh}/adoptions/template.xlsx`);
      const sheet = book.getWorksheet('Báo cáo áp dụng') as ExcelJS.Worksheet;
      const ids: number[] = [];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        ids.push(Number(row.getCell(1).value));
        expect(['UBND xã Vĩnh Linh', 'UBND thị trấn Hồ Xá (nay thuộc UBND xã Vĩnh Linh)', 'UBND xã Vĩnh Long (nay thuộc UBND xã Vĩnh Linh)']).toContain(row.getCell(4).value);
      });
      expect(ids.length).toBe(15); // 5 in the new programme + 5 in the demo programme for each of the two communes merged into it
      const mine = (await t.db.query('SELECT id FROM adoptions WHERE "programmeId" = ? AND "unitId" = ? ORDER BY id', [programmeId, vinhLinh])).map((r: { id: number }) => r.id);
      sheet.eachRow((row, n) => {
        if (n === 1 || !mine.includes(Number(row.getCell(1).value))) return;
        row.getCell(5).value = 'Đã áp dụng';
        row.getCell(6).value = '01/09/2025';
      });
      // One record's kept reports run ahead of its version (rows loaded from outside the
      // application): its report from the file comes after them, the others after their version.
      const versionsBefore = new Map<number, number>((await t.db.query(`SELECT id, version FROM adoptions WHERE id IN (${mine.join(',')})`)).map((r: { id: number; version: number }) => [r.id, Number(r.version)]));
      const lagging = mine[2];
      const admin = await userId(t.db, 'admin');
      await t.db.query('INSERT INTO adoption_reports ("adoptionId", version, status, explanation, adaptation, "reportedById", "reportedByName", "onBehalf") VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [lagging, (versionsBefore.get(lagging) as number) + 4, 'in_progress', '', '', admin, 'Nhập từ hồ sơ giấy', false]);
      const reportsBefore = await count(t.db, 'adoption_reports');
      const res = await upload(focal, `/units/${vinhLinh}/adoptions/import`, book, `/units/${vinhLinh}/adoptions`);
      expect(res.status).toBe(303);
      const rows = await t.db.query(`SELECT id, status, "adoptedDate", version FROM adoptions WHERE id IN (${mine.join(',')})`);
      expect(rows.every((r: { status: string; adoptedDate: string }) => r.status === 'adopted' && r.adoptedDate === '2025-09-01')).toBe(true);
      for (const r of rows as { id: number; version: number }[]) {
        const expected = (versionsBefore.get(r.id) as number) + (r.id === lagging ? 5 : 1);
        expect([r.id, Number(r.version)]).toEqual([r.id, expected]);
        expect(await count(t.db, 'adoption_reports', '"adoptionId" = ? AND version = ? AND status = ?', [r.id, expected, 'adopted'])).toBe(1);
      }
      expect(await count(t.db, 'adoption_reports')).toBe(reportsBefore + 5);
      expect((await focal.get(`/units/${vinhLinh}/adoptions`)).text).toContain('Đã cập nhật 5 bản ghi');
      // The same file again changes nothing: no report, no version.
      expect((await upload(focal, `/units/${vinhLinh}/adoptions/import`, book, `/units/${vinhLinh}/adoptions`)).status).toBe(303);
      expect(await count(t.db, 'adoption_reports')).toBe(reportsBefore + 5);
      expect(await t.db.query(`SELECT id, status, "adoptedDate", version FROM adoptions WHERE id IN (${mine.join(',')})`)).toEqual(rows);
      expect((await focal.get(`/units/${vinhLinh}/adoptions`)).text).toContain('Đã cập nhật 0 bản ghi');
    });

    it('a file with one bad row changes nothing and lists the error by row and column', async () => {
      const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
      const vinhHoang = await unitId(t.db, 'QT-VHOANG');
      const before = await t.db.query('SELECT id, status, version FROM adoptions WHERE "unitId" = ? ORDER BY id', [vinhHoang]);
      const book = await download(focal, `/units/${vinhHoang}/adoptions/template.xlsx`);
      const sheet = book.getWorksheet('Báo cáo áp dụng') as ExcelJS.Worksheet;
      sheet.getRow(2).getCell(5).value = 'Đang triển khai';
      sheet.getRow(3).getCell(5).value = 'Không áp dụng';
      sheet.getRow(3).getCell(7).value = '';
      sheet.getRow(4).getCell(1).value = 999999;
      const res = await followRefusal(focal, await upload(focal, `/units/${vinhHoang}/adoptions/import`, book, `/units/${vinhHoang}/adoptions`));
      expect(res.text).toContain('Chưa nhập dòng nào');
      expect(res.text).toMatch(/<td>3<\/td><td><code>Lý do không áp dụng<\/code><\/td><td>Vui lòng chọn lý do không áp dụng\.<\/td>/);
      expect(res.text).toMatch(/<td>4<\/td><td><code>Mã bản ghi<\/code><\/td><td>Bản ghi 999999 không thuộc phạm vi báo cáo của bạn\.<\/td>/);
      expect(await t.db.query('SELECT id, status, version FROM adoptions WHERE "unitId" = ? ORDER BY id', [vinhHoang])).toEqual(before);
    });

    it('refuses a file that is not the template', async () => {
      const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
      const vinhHoang = await unitId(t.db, 'QT-VHOANG');
      const page = await focal.get(`/units/${vinhHoang}/adoptions`);
      const res = await followRefusal(focal, await focal.post(`/units/${vinhHoang}/adoptions/import`).field('_csrf', csrfOf(page.text)).attach('file', Buffer.from('không phải excel'), 'x.xlsx'));
      expect(res.text).toContain('Tệp không đúng mẫu.');
    });
  });

  it("lists a unit's records for its focal point, on the home page and the unit's page", async () => {
    const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    const home = await focal.get('/');
    expect(home.text).toContain('Sáng kiến đơn vị được giao áp dụng — cần báo cáo');
    expect(home.text).toMatch(/\d+ đã báo cáo xong/);
    const unitPage = await focal.get(`/units/${await unitId(t.db, 'QT-VHOANG')}/adoptions`);
    expect(unitPage.status).toBe(200);
    expect(unitPage.text).toContain('<span aria-hidden="true">●</span> Đã áp dụng');
    expect((await focal.get('/programmes')).status).toBe(403);
  });

  it('pages a large programme\'s grid by 30 units, rows being units, keeping the filters; the summary covers every unit', async () => {
    const unitsToken = csrfOf((await admin.get('/units/new')).text);
    const parentId = String(await unitId(t.db, 'QT'));
    const form = new URLSearchParams({ _csrf: csrfOf((await admin.get(`/programmes/${programmeId}/edit`)).text) });
    // With the province's units, more than 30 and at most 60 units: two pages.
    for (let n = 1; n <= 10; n++) {
      const code = `QT-TN${String(n).padStart(2, '0')}`;
      const res = await admin.post('/units/new').type('form').send({ _csrf: unitsToken, code, name: `UBND xã Thử Nghiệm ${String(n).padStart(2, '0')}`, kind: 'commune', parentId, validFrom: '01/07/2025' });
      expect(res.status).toBe(303);
      form.append('unitIds', String(await unitId(t.db, code)));
    }
    expect((await admin.post(`/programmes/${programmeId}/edit`).type('form').send(form.toString())).status).toBe(303);
    const total = await count(t.db, 'programme_units', '"programmeId" = ? AND "removedAt" IS NULL', [programmeId]);
    expect(total).toBeGreaterThan(40);

    const first = await admin.get(`/programmes/${programmeId}?status=not_started`);
    expect(first.status).toBe(200);
    expect(first.text).toContain(`Hàng: đơn vị 1–30 trong ${total}; cột: sáng kiến.`);
    expect(unlabelled(first.text).match(/<tr><th scope="row"><a href="\/programmes\/\d+\/units\/\d+">/g)).toHaveLength(30);
    expect(first.text).toContain(`<span class="stat-value">${total}</span><span class="stat-label">đơn vị áp dụng</span>`);
    expect(first.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&')).toContain('href="?status=not_started&page=2#ma-tran" rel="next"');
    const second = await admin.get(`/programmes/${programmeId}?status=not_started&page=2`);
    expect(second.text).toContain(`Hàng: đơn vị 31–${total} trong ${total}; cột: sáng kiến.`);
    expect(unlabelled(second.text).match(/<tr><th scope="row"><a href="\/programmes\/\d+\/units\/\d+">/g)).toHaveLength(total - 30);
    // A unit appears on one page only.
    expect(first.text.includes('>UBND xã Thử Nghiệm 01</a>') !== second.text.includes('>UBND xã Thử Nghiệm 01</a>')).toBe(true);
    // Past the last page: the last page.
    expect((await admin.get(`/programmes/${programmeId}?page=99`)).text).toContain(`31–${total} trong ${total}`);
    // Every unit is in the export.
    const xlsx = await admin.get(`/programmes/${programmeId}/export.xlsx`).buffer(true).parse(binary as never);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    expect(book.worksheets[0].getRow(1).cellCount).toBe(2 + total + 2); // + the rate counted both ways
  });
});

describe('replication after units merge: successors shown everywhere, rates counted both ways', () => {
  let t: TestApp;
  let admin: TestAgent;
  let programmeId: number;
  let initiativeId: number;
  let merged: number;
  const plain = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  const xlsx = async (path: string) => {
    const res = await admin.get(path).buffer(true).parse(binary as never);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    return book;
  };
  const merge = async (codes: string[], newCode: string, newName: string, effectiveDate: string) => {
    const page = await admin.get('/units/merge');
    const form = new URLSearchParams({ _csrf: csrfOf(page.text), target: 'new', newCode, newName, newKind: 'commune', newParentId: String(await unitId(t.db, 'QT')), instrument: 'Nghị quyết 1656/NQ-UBTVQH15', effectiveDate, moveMembers: '1' });
    for (const c of codes) form.append('predecessorIds', String(await unitId(t.db, c)));
    const res = await admin.post('/units/merge').type('form').send(form.toString());
    expect(res.status).toBe(303);
    return unitId(t.db, newCode);
  };

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    // The 2025 programme: one initiative, four communes; Vĩnh Hoàng adopted it, the others did not.
    [{ id: initiativeId }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`);
    const form = new URLSearchParams({ _csrf: csrfOf((await admin.get('/programmes/new')).text), year: '2025', title: 'Nhân rộng sáng kiến năm 2025', issuingUnitId: String(await unitId(t.db, 'QT')), decisionNumber: '12/QĐ-UBND', decisionDate: '15/08/2025', reportDeadline: '30/11/2025', initiativeIds: String(initiativeId) });
    for (const c of ['QT-VHOANG', 'QT-VLINH', 'QT-BQUAN', 'QT-VTHUY']) form.append('unitIds', String(await unitId(t.db, c)));
    const created = await admin.post('/programmes/new').type('form').send(form.toString());
    expect(created.status).toBe(303);
    programmeId = Number(created.headers.location.split('/').pop());
    const records = (await t.db.query(`SELECT a.id, u.code FROM adoptions a JOIN units u ON u.id = a."unitId" WHERE a."programmeId" = ?`, [programmeId])) as { id: number; code: string }[];
    for (const r of records) {
      const page = await admin.get(`/adoptions/${r.id}`);
      const body = r.code === 'QT-VHOANG' ? { status: 'adopted', adoptedDate: '10/10/2025' } : { status: 'not_adopted', reason: 'no_budget', explanation: `Chưa bố trí được kinh phí (${r.code})` };
      expect((await admin.post(`/adoptions/${r.id}`).type('form').send({ _csrf: csrfOf(page.text), ...body })).status).toBe(303);
    }
    // The units reported in November 2025, before the deadline (a report filed later would be late, outside the report-time reading).
    await t.db.query(`UPDATE adoption_reports SET "createdAt" = '2025-11-01 03:00:00' WHERE "adoptionId" IN (SELECT id FROM adoptions WHERE "programmeId" = ?)`, [programmeId]);
    await t.db.query(`UPDATE adoptions SET "reportedAt" = '2025-11-01 03:00:00' WHERE "programmeId" = ?`, [programmeId]);
    // 2026: Vĩnh Hoàng and Vĩnh Linh become one commune.
    merged = await merge(['QT-VHOANG', 'QT-VLINH'], 'QT-VHL', 'Xã Vĩnh Hoàng Linh', '01/01/2026');
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('shows "nay thuộc" beside each merged unit, and a closed programme\'s rate as reported (25 %), saying so, with today\'s (33,3 %) beside it', async () => {
    const page = await admin.get(`/programmes/${programmeId}?view=initiatives`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('>UBND xã Vĩnh Hoàng</a><small class="fw-normal">nay thuộc Xã Vĩnh Hoàng Linh</small>');
    expect(page.text).toContain('>UBND xã Vĩnh Linh</a><small class="fw-normal">nay thuộc Xã Vĩnh Hoàng Linh</small>');
    expect(page.text).toContain('<span class="stat-value">25%</span><span class="stat-label">tỷ lệ áp dụng chung theo đơn vị lúc báo cáo (1/4)</span>');
    expect(page.text).toContain('Đang xem tỷ lệ <strong>theo đơn vị lúc báo cáo</strong> (mặc định của kế hoạch này)');
    expect(page.text).toContain('Tỷ lệ chung theo đơn vị hiện nay: <strong>33,3%</strong> (1/3)');
    expect(page.text).toContain('UBND xã Vĩnh Hoàng (nay thuộc Xã Vĩnh Hoàng Linh)');
    expect(page.text).toContain('ít nhất một đơn vị hợp thành nó (hoặc chính nó) đã áp dụng');
    expect(page.text).toMatch(/<td><a href="\/programmes\/\d+\?kind=commune#ma-tran">Xã<\/a><\/td><td class="text-end">4<\/td><td class="text-end">1\/4<\/td><td class="text-end fw-semibold">25%<\/td>/);
  });

  it("switches to today's units and back, keeping the filters and the page", async () => {
    const now = await admin.get(`/programmes/${programmeId}?status=adopted&kind=commune&view=initiatives&rates=now`);
    expect(now.status).toBe(200);
    expect(now.text).toContain('<span class="stat-value">33,3%</span><span class="stat-label">tỷ lệ áp dụng chung theo đơn vị hiện nay (1/3)</span>');
    expect(now.text).toContain('Đang xem tỷ lệ <strong>theo đơn vị hiện nay</strong>.');
    expect(now.text).toMatch(/<td class="text-end">3<\/td><td class="text-end">1\/3<\/td><td class="text-end fw-semibold">33,3%<\/td>/);
    expect(plain(now.text)).toContain('href="?status=adopted&kind=commune&view=initiatives&rates=then">Xem tỷ lệ theo đơn vị lúc báo cáo</a>');
    // The filter form keeps the choice.
    expect(now.text).toContain('<input type="hidden" name="rates" value="now">');
    const back = await admin.get(`/programmes/${programmeId}?status=adopted&kind=commune&view=initiatives&rates=then`);
    expect(back.text).toContain('tỷ lệ áp dụng chung theo đơn vị lúc báo cáo (1/4)');
  });

  it('follows a chain of mergers to the current unit', async () => {
    await merge(['QT-VHL', 'QT-BQUAN'], 'QT-VLM', 'Xã Vĩnh Linh Mới', '01/06/2026');
    const page = await admin.get(`/programmes/${programmeId}?view=initiatives&rates=now`);
    expect(page.text).toContain('>UBND xã Vĩnh Hoàng</a><small class="fw-normal">nay thuộc Xã Vĩnh Linh Mới</small>');
    expect(page.text).not.toContain('nay thuộc Xã Vĩnh Hoàng Linh');
    expect(page.text).toContain('tỷ lệ áp dụng chung theo đơn vị hiện nay (1/2)');
    expect(page.text).toContain('Tỷ lệ chung theo đơn vị lúc báo cáo: <strong>25%</strong> (1/4)');
  });

  it('shows the successor on the slice pages, the record page, the unit\'s list and the initiative\'s adoptions', async () => {
    const vinhHoang = await unitId(t.db, 'QT-VHOANG');
    const unitPage = await admin.get(`/programmes/${programmeId}/units/${vinhHoang}`);
    expect(unitPage.text).toContain('<strong>nay thuộc Xã Vĩnh Linh Mới</strong>');
    const initiativePage = await admin.get(`/programmes/${programmeId}/initiatives/${initiativeId}`);
    expect(initiativePage.text).toContain('<div class="small text-body-secondary">nay thuộc Xã Vĩnh Linh Mới</div>');
    const [record] = await t.db.query(`SELECT id FROM adoptions WHERE "programmeId" = ? AND "unitId" = ?`, [programmeId, vinhHoang]);
    expect((await admin.get(`/adoptions/${record.id}`)).text).toContain('<strong>UBND xã Vĩnh Hoàng</strong> (nay thuộc Xã Vĩnh Linh Mới)');
    const list = await admin.get(`/units/${await unitId(t.db, 'QT-VLM')}/adoptions`);
    expect(list.text).toContain('<td>UBND xã Vĩnh Hoàng<div class="small text-body-secondary">nay thuộc Xã Vĩnh Linh Mới</div></td>');
    expect((await admin.get(`/initiatives/${initiativeId}`)).text).toContain('UBND xã Vĩnh Hoàng (nay thuộc Xã Vĩnh Linh Mới)');
    expect(merged).toBeGreaterThan(0);
    // The reasons page's explanations and the reporting template name the successor too.
    expect((await admin.get(`/programmes/${programmeId}/reasons`)).text).toContain('UBND xã Vĩnh Linh (nay thuộc Xã Vĩnh Linh Mới)');
    const template = await xlsx(`/programmes/${programmeId}/template.xlsx`);
    const units: unknown[] = [];
    (template.getWorksheet('Báo cáo áp dụng') as ExcelJS.Worksheet).eachRow((row, n) => n > 1 && units.push(row.getCell(4).value));
    expect(units).toEqual(expect.arrayContaining(['UBND xã Vĩnh Hoàng (nay thuộc Xã Vĩnh Linh Mới)', 'UBND xã Vĩnh Thủy']));
  });

  it('exports the successor and both rates: XLSX (matrix columns and a rates sheet) and CSV (records and rates)', async () => {
    const book = await xlsx(`/programmes/${programmeId}/export.xlsx`);
    const matrix = book.getWorksheet('Ma trận áp dụng') as ExcelJS.Worksheet;
    const header = matrix.getRow(1).values as unknown[];
    expect(header).toEqual(expect.arrayContaining(['UBND xã Vĩnh Hoàng (nay thuộc Xã Vĩnh Linh Mới)', 'UBND xã Vĩnh Thủy', 'Tỷ lệ áp dụng (theo đơn vị lúc báo cáo)', 'Tỷ lệ áp dụng (theo đơn vị hiện nay)']));
    const row = matrix.getRow(2).values as unknown[];
    expect(row.slice(-2)).toEqual([0.25, 0.5]);
    const rates = book.getWorksheet('Tỷ lệ áp dụng') as ExcelJS.Worksheet;
    const whole = rates.getRows(1, rates.rowCount)?.find((r) => r.getCell(2).value === 'Cả kế hoạch');
    expect(whole && [1, 4, 0.25, 1, 2, 0.5].map((_, k) => whole.getCell(3 + k).value)).toEqual([1, 4, 0.25, 1, 2, 0.5]);
    const csv = await admin.get(`/programmes/${programmeId}/export.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('UBND xã Vĩnh Hoàng (nay thuộc Xã Vĩnh Linh Mới),Xã Vĩnh Linh Mới,Đã áp dụng');
    expect(csv.text).toContain('UBND xã Vĩnh Thủy,UBND xã Vĩnh Thủy,Không áp dụng');
    const ratesCsv = await admin.get(`/programmes/${programmeId}/rates.csv`);
    expect(ratesCsv.status).toBe(200);
    const lines = ratesCsv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Mã sáng kiến,Tên sáng kiến,Đã áp dụng (theo đơn vị lúc báo cáo),Số đơn vị (theo đơn vị lúc báo cáo),Tỷ lệ (theo đơn vị lúc báo cáo),Đã áp dụng (theo đơn vị hiện nay),Số đơn vị (theo đơn vị hiện nay),Tỷ lệ (theo đơn vị hiện nay)');
    expect(lines.find((l) => l.startsWith(',Cả kế hoạch,'))).toBe(',Cả kế hoạch,1,4,25%,1,2,50%');
    const focal = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    expect((await focal.get(`/programmes/${programmeId}/rates.csv`)).status).toBe(403);
  });
});

describe('closed figures stay closed: the report-time reading is the state at the deadline; later reports are late', () => {
  let t: TestApp;
  let admin: TestAgent;
  let programmeId: number;
  let initiativeId: number;
  const lateDay = formatDate(todayIso());
  const recordOf = async (unitCode: string) => (await t.db.query(`SELECT a.id FROM adoptions a JOIN units u ON u.id = a."unitId" WHERE a."programmeId" = ? AND u.code = ?`, [programmeId, unitCode]))[0].id as number;
  const reportAs = async (agent: TestAgent, id: number, body: Record<string, string>) => agent.post(`/adoptions/${id}`).type('form').send({ _csrf: csrfOf((await agent.get(`/adoptions/${id}`)).text), ...body });
  const xlsx = async (path: string) => {
    const res = await admin.get(path).buffer(true).parse(binary as never);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    return book;
  };

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    // A 2025 programme, reports due 30/11/2025: Vĩnh Hoàng reported "adopted" and Vĩnh Linh "not adopted" in time; Bến Quan and Vĩnh Thủy nothing.
    [{ id: initiativeId }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`);
    const form = new URLSearchParams({ _csrf: csrfOf((await admin.get('/programmes/new')).text), year: '2025', title: 'Nhân rộng sáng kiến năm 2025', issuingUnitId: String(await unitId(t.db, 'QT')), decisionNumber: '12/QĐ-UBND', decisionDate: '15/08/2025', reportDeadline: '30/11/2025', initiativeIds: String(initiativeId) });
    for (const c of ['QT-VHOANG', 'QT-VLINH', 'QT-BQUAN', 'QT-VTHUY']) form.append('unitIds', String(await unitId(t.db, c)));
    const created = await admin.post('/programmes/new').type('form').send(form.toString());
    expect(created.status).toBe(303);
    programmeId = Number(created.headers.location.split('/').pop());
    expect((await reportAs(admin, await recordOf('QT-VHOANG'), { status: 'adopted', adoptedDate: '10/10/2025' })).status).toBe(303);
    expect((await reportAs(admin, await recordOf('QT-VLINH'), { status: 'not_adopted', reason: 'no_budget' })).status).toBe(303);
    // Those two reports were sent in November 2025, before the deadline.
    await t.db.query(`UPDATE adoption_reports SET "createdAt" = '2025-11-01 03:00:00' WHERE "adoptionId" IN (SELECT id FROM adoptions WHERE "programmeId" = ?)`, [programmeId]);
    await t.db.query(`UPDATE adoptions SET "reportedAt" = '2025-11-01 03:00:00' WHERE "programmeId" = ? AND version > 0`, [programmeId]);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('keeps the report-time reading at 1/4 when a unit reports after the deadline; today\'s reading counts the late report (2/4)', async () => {
    const before = await admin.get(`/programmes/${programmeId}?view=initiatives`);
    expect(before.text).toContain('tỷ lệ áp dụng chung theo đơn vị lúc báo cáo (1/4)');
    expect((await reportAs(admin, await recordOf('QT-VTHUY'), { status: 'adopted', adoptedDate: '01/11/2026' })).status).toBe(303);
    const page = await admin.get(`/programmes/${programmeId}?view=initiatives`);
    expect(page.text).toContain('<span class="stat-value">25%</span><span class="stat-label">tỷ lệ áp dụng chung theo đơn vị lúc báo cáo (1/4)</span>');
    expect(page.text).toContain('Tỷ lệ chung theo đơn vị hiện nay: <strong>50%</strong> (2/4)');
    // The late cell carries the mark with its date.
    expect(unlabelled(page.text)).toContain(`<td class="m-adopted"><span aria-hidden="true">●</span><span class="visually-hidden">Đã áp dụng</span><small>01/11/2026</small><small>báo cáo muộn (${lateDay})</small></td>`);
    const now = await admin.get(`/programmes/${programmeId}?view=initiatives&rates=now`);
    expect(now.text).toContain('tỷ lệ áp dụng chung theo đơn vị hiện nay (2/4)');
    // A unit that answered in time and changes its answer late: the answer it sent stays in the report-time reading.
    expect((await reportAs(admin, await recordOf('QT-VLINH'), { status: 'adopted', adoptedDate: '01/10/2026' })).status).toBe(303);
    const again = await admin.get(`/programmes/${programmeId}?view=initiatives`);
    expect(again.text).toContain('tỷ lệ áp dụng chung theo đơn vị lúc báo cáo (1/4)');
    expect(again.text).toContain('Tỷ lệ chung theo đơn vị hiện nay: <strong>75%</strong> (3/4)');
    expect(again.text).toContain('báo cáo muộn: gửi sau hạn báo cáo');
  });

  it('marks the late report on the record (status and history), the unit\'s list and the rows of the matrix', async () => {
    const vinhThuy = await recordOf('QT-VTHUY');
    const record = await admin.get(`/adoptions/${vinhThuy}`);
    expect(record.text).toContain(`<span class="late-mark text-warning-emphasis">báo cáo muộn (${lateDay})</span>`);
    expect(record.text).toContain('Tại hạn báo cáo (30/11/2025): Chưa triển khai');
    expect(record.text).toMatch(new RegExp(`Đã áp dụng từ 01/11/2026 · [^<]+ <span class="badge text-bg-warning">báo cáo muộn \\(${lateDay.replace(/\//g, '\\/')}\\)</span>`));
    // Vĩnh Linh's in-time report keeps no mark in its history; its late one has it.
    const vinhLinh = await admin.get(`/adoptions/${await recordOf('QT-VLINH')}`);
    expect(vinhLinh.text).toContain('Tại hạn báo cáo (30/11/2025): Không áp dụng');
    expect(vinhLinh.text.match(/<span class="badge text-bg-warning">báo cáo muộn/g)).toHaveLength(1);
    // Vĩnh Hoàng reported in time: no mark anywhere.
    const vinhHoang = await admin.get(`/adoptions/${await recordOf('QT-VHOANG')}`);
    expect(vinhHoang.text).not.toContain('late-mark');
    expect(vinhHoang.text).not.toContain('Tại hạn báo cáo');
    expect(vinhHoang.text).not.toContain('<span class="badge text-bg-warning">');
    const list = await admin.get(`/units/${await unitId(t.db, 'QT-VTHUY')}/adoptions`);
    expect(list.text).toContain(`<span class="late-mark text-warning-emphasis">báo cáo muộn (${lateDay})</span>`);
    const slice = await admin.get(`/programmes/${programmeId}/initiatives/${initiativeId}`);
    expect(slice.text).toContain(`<span class="late-mark text-warning-emphasis">báo cáo muộn (${lateDay})</span>`);
    expect(slice.text).toContain('<span class="stat-value">25%</span><span class="stat-label">tỷ lệ áp dụng theo đơn vị lúc báo cáo (1/4)</span>');
    // Before the deadline's end a report would not be late: the form says when it will be.
    expect(record.text).toContain('Hạn báo cáo đã qua (30/11/2025): báo cáo gửi bây giờ được ghi là báo cáo muộn');
  });

  it('exports the mark (a "Báo cáo muộn" column, the matrix cell) and both readings', async () => {
    const csv = await admin.get(`/programmes/${programmeId}/export.csv`);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Mã sáng kiến,Tên sáng kiến,Đơn vị,Đơn vị hiện nay,Tình trạng,Ngày áp dụng,Lý do không áp dụng,Giải thích,Điều chỉnh cho phù hợp,Ngày báo cáo,Báo cáo muộn,Đơn vị tổ chức báo cáo thay');
    const vinhThuy = lines.find((l) => l.includes(',UBND xã Vĩnh Thủy,UBND xã Vĩnh Thủy,'));
    expect(vinhThuy).toContain(`,${lateDay},Tỉnh Quảng Trị`);
    const vinhHoang = lines.find((l) => l.includes(',UBND xã Vĩnh Hoàng,UBND xã Vĩnh Hoàng,'));
    expect(vinhHoang).toMatch(/,,Tỉnh Quảng Trị$/);
    const book = await xlsx(`/programmes/${programmeId}/export.xlsx`);
    const all = book.getWorksheet('Tất cả báo cáo') as ExcelJS.Worksheet;
    expect(all.getRow(1).values).toEqual(expect.arrayContaining(['Báo cáo muộn', 'Đơn vị tổ chức báo cáo thay']));
    const matrix = book.getWorksheet('Ma trận áp dụng') as ExcelJS.Worksheet;
    expect(matrix.getRow(2).values).toEqual(expect.arrayContaining([`Đã áp dụng (01/11/2026) · báo cáo muộn (${lateDay})`]));
    expect((matrix.getRow(2).values as unknown[]).slice(-2)).toEqual([0.25, 0.75]);
    const rates = await admin.get(`/programmes/${programmeId}/rates.csv`);
    expect(rates.text).toContain(',Cả kế hoạch,1,4,25%,3,4,75%');
  });

  describe('a unit that has ended', () => {
    let focal: TestAgent;
    beforeAll(async () => {
      // 01/07/2026: Vĩnh Linh and Bến Quan become Xã Vĩnh Linh Bến Quan (Vĩnh Linh ends on 30/06/2026); its focal point moves there.
      const page = await admin.get('/units/merge');
      const form = new URLSearchParams({ _csrf: csrfOf(page.text), target: 'new', newCode: 'QT-VLBQ', newName: 'Xã Vĩnh Linh Bến Quan', newKind: 'commune', newParentId: String(await unitId(t.db, 'QT')), instrument: 'Nghị quyết 1656/NQ-UBTVQH15', effectiveDate: '01/07/2026', moveMembers: '1' });
      for (const c of ['QT-VLINH', 'QT-BQUAN']) form.append('predecessorIds', String(await unitId(t.db, c)));
      expect((await admin.post('/units/merge').type('form').send(form.toString())).status).toBe(303);
      focal = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    }, APP_HOOK_TIMEOUT);

    it('refuses an adoption dated after the unit ended, naming the successor; the form comes back as typed and nothing is saved', async () => {
      const benQuan = await recordOf('QT-BQUAN');
      const before = await t.db.query('SELECT status, "adoptedDate", version FROM adoptions WHERE id = ?', [benQuan]);
      const res = await reportAs(focal, benQuan, { status: 'adopted', adoptedDate: '01/09/2026', adaptation: 'In mã QR cho bộ phận một cửa' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('UBND xã Bến Quan đã kết thúc hoạt động ngày 30/06/2026, không ghi được ngày áp dụng sau ngày đó. Việc áp dụng từ 01/09/2026 vui lòng báo cáo cho đơn vị kế thừa: Xã Vĩnh Linh Bến Quan.');
      expect(res.text).toMatch(/id="f-adoptedDate" name="adoptedDate" value="01\/09\/2026"[^>]*aria-invalid="true"/);
      expect(res.text).toContain('In mã QR cho bộ phận một cửa');
      expect(await t.db.query('SELECT status, "adoptedDate", version FROM adoptions WHERE id = ?', [benQuan])).toEqual(before);
      expect(await count(t.db, 'adoption_reports', '"adoptionId" = ?', [benQuan])).toBe(0);
      // Up to its last day, the unit's own adoption is taken (late, as the deadline passed long ago).
      expect((await reportAs(focal, benQuan, { status: 'adopted', adoptedDate: '30/06/2026' })).status).toBe(303);
      expect((await t.db.query('SELECT "adoptedDate" FROM adoptions WHERE id = ?', [benQuan]))[0].adoptedDate).toBe('2026-06-30');
    });

    it('refuses the same in the Excel template, by row and column, saving no row', async () => {
      const vinhLinhBenQuan = await unitId(t.db, 'QT-VLBQ');
      const res = await focal.get(`/units/${vinhLinhBenQuan}/adoptions/template.xlsx`).buffer(true).parse(binary as never);
      expect(res.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as never);
      const sheet = book.getWorksheet('Báo cáo áp dụng') as ExcelJS.Worksheet;
      const vinhLinh = await recordOf('QT-VLINH');
      let line = 0;
      sheet.eachRow((row, n) => {
        if (Number(row.getCell(1).value) !== vinhLinh) return;
        line = n;
        row.getCell(5).value = 'Đã áp dụng';
        row.getCell(6).value = '01/09/2026';
      });
      expect(line).toBeGreaterThan(1);
      const before = await count(t.db, 'adoption_reports');
      const upload = await focal.post(`/units/${vinhLinhBenQuan}/adoptions/import`).field('_csrf', csrfOf((await focal.get(`/units/${vinhLinhBenQuan}/adoptions`)).text)).attach('file', Buffer.from(await book.xlsx.writeBuffer()), 'bao-cao.xlsx');
      const shown = await followRefusal(focal, upload);
      expect(shown.text).toContain(`<td>${line}</td><td><code>Ngày áp dụng</code></td><td>UBND xã Vĩnh Linh đã kết thúc hoạt động ngày 30/06/2026, không ghi được ngày áp dụng sau ngày đó. Việc áp dụng từ 01/09/2026 vui lòng báo cáo cho đơn vị kế thừa: Xã Vĩnh Linh Bến Quan.</td>`);
      expect(await count(t.db, 'adoption_reports')).toBe(before);
    });
  });
});

describe('the adoptions import is for those who may report for the unit: refused (403) before the upload is read', () => {
  let t: TestApp;
  let author: TestAgent;
  let vinhHoang: number;
  let hamlet: number;
  const tmpFiles = () => readdirSync(join(t.dir, 'uploads', 'tmp'));

  /**
   * Posts an upload of `size` bytes after the token (what the form sends first). `finished`:
   * the whole body is sent; otherwise it is announced as 50 MB and only its first part ever
   * sent, so the answer must come while the body is unfinished (a server that read the upload
   * before refusing would wait for the rest). A server that refuses without reading may close
   * the connection while the body is being written: that is expected here.
   */
  async function postRaw(agent: TestAgent, path: string, page: string, size: number, finished: boolean): Promise<{ status: number; body: string }> {
    const shown = await agent.get(page);
    const cookie = String((shown as unknown as { req: { getHeader(name: string): unknown } }).req.getHeader('cookie'));
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const boundary = 'sang-kien-boundary-7d1f';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrfOf(shown.text)}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bao-cao.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const length = finished ? head.length + size + tail.length : 50 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(length) } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e)));
      req.write(head);
      req.write(Buffer.alloc(size, 0x50));
      if (finished) req.end(tail);
    });
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    vinhHoang = await unitId(t.db, 'QT-VHOANG');
    // A unit under xã Vĩnh Hoàng: in the scope of its people, another unit's page.
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const created = await admin.post('/units/new').type('form').send({ _csrf: csrfOf((await admin.get('/units/new')).text), code: 'QT-VHOANG-MC', name: 'Bộ phận Một cửa xã Vĩnh Hoàng', kind: 'agency', parentId: String(vinhHoang), validFrom: '01/07/2025' });
    expect(created.status).toBe(303);
    hamlet = await unitId(t.db, 'QT-VHOANG-MC');
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('shows a plain author the unit\'s records without the import form or the template, which is refused (403)', async () => {
    for (const id of [vinhHoang, hamlet]) {
      const page = await author.get(`/units/${id}/adoptions`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain(`action="/units/${id}/adoptions/import"`);
      expect(page.text).not.toContain(`/units/${id}/adoptions/template.xlsx`);
      expect(page.text).not.toContain('Báo cáo nhiều sáng kiến một lúc bằng tệp Excel');
      expect((await author.get(`/units/${id}/adoptions/template.xlsx`)).status).toBe(403);
    }
    expect((await author.get(`/units/${vinhHoang}/adoptions`)).text).toContain('Sáng kiến đơn vị được giao áp dụng');
    // The unit's focal point still has both.
    const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    const page = await focal.get(`/units/${vinhHoang}/adoptions`);
    expect(page.text).toContain(`action="/units/${vinhHoang}/adoptions/import"`);
    expect(page.text).toContain(`href="/units/${vinhHoang}/adoptions/template.xlsx"`);
  });

  it('refuses the upload (403) before reading it: a whole file, and a body still being sent; nothing written or saved', async () => {
    const reports = await count(t.db, 'adoption_reports');
    const audit = await count(t.db, 'audit_events');
    // A whole file over the import's limit (5 MB): refused for who is posting, not for its size.
    const big = await postRaw(author, `/units/${vinhHoang}/adoptions/import`, `/units/${vinhHoang}/adoptions`, 6 * 1024 * 1024, true);
    expect(big.status).toBe(403);
    expect(big.body).toContain('Chỉ đầu mối CCHC của đơn vị (hoặc đơn vị tổ chức kế hoạch) được báo cáo kết quả áp dụng cho đơn vị này.');
    for (const id of [vinhHoang, hamlet]) {
      const unfinished = await postRaw(author, `/units/${id}/adoptions/import`, `/units/${id}/adoptions`, 1024 * 1024, false);
      expect(unfinished.status).toBe(403);
      expect(unfinished.body).not.toContain('Chưa nhập dòng nào');
    }
    expect(tmpFiles()).toEqual([]);
    expect(await count(t.db, 'adoption_reports')).toBe(reports);
    expect(await count(t.db, 'audit_events')).toBe(audit);
  });
});

describe('reminders: at most one a day per unit and programme, unless the province gives a reason', () => {
  let t: TestApp;
  let admin: TestAgent;
  let programmeId: number;
  let vinhHoang: number;
  let vinhLinh: number;
  const notices = () => count(t.db, 'notifications', "kind = 'reminder'");
  const remindEvents = () => count(t.db, 'audit_events', "action = 'programme.remind'");
  const matrix = () => admin.get(`/programmes/${programmeId}`);
  const remind = async (unitIds: number[], extra: Record<string, string> = {}, token?: string) => {
    const form = new URLSearchParams({ _csrf: token ?? csrfOf((await matrix()).text), ...extra });
    for (const id of unitIds) form.append('unitIds', String(id));
    return admin.post(`/programmes/${programmeId}/remind`).type('form').send(form.toString());
  };
  const flashAfter = async (res: { status: number; headers: Record<string, string> }) => {
    expect(res.status).toBe(303);
    return (await admin.get(res.headers.location)).text;
  };
  const at = '\\(lúc \\d\\d:\\d\\d\\)';

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    vinhHoang = await unitId(t.db, 'QT-VHOANG');
    vinhLinh = await unitId(t.db, 'QT-VLINH');
    const form = new URLSearchParams({ _csrf: csrfOf((await admin.get('/programmes/new')).text), year: '2025', title: 'Nhân rộng sáng kiến năm 2025 — nhắc báo cáo', issuingUnitId: String(await unitId(t.db, 'QT')), decisionNumber: '9/QĐ-UBND', decisionDate: '01/09/2025', reportDeadline: '30/11/2025' });
    form.append('initiativeIds', String((await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`))[0].id));
    for (const id of [vinhHoang, vinhLinh]) form.append('unitIds', String(id));
    const created = await admin.post('/programmes/new').type('form').send(form.toString());
    expect(created.status).toBe(303);
    programmeId = Number(created.headers.location.split('/').pop());
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('sends a double click once: two reminders of the same unit posted at the same time remind it once', async () => {
    const before = await notices();
    const token = csrfOf((await matrix()).text);
    const answers = await Promise.all([remind([vinhLinh], {}, token), remind([vinhLinh], {}, token)]);
    expect(answers.map((r) => r.status)).toEqual([303, 303]);
    expect(await notices()).toBe(before + 1);
    expect(await remindEvents()).toBe(1);
  });

  it('skips a unit already reminded today and says so on the page; nothing is sent or recorded', async () => {
    const before = await notices();
    const shown = await flashAfter(await remind([vinhLinh]));
    expect(shown).toMatch(new RegExp(`1 đơn vị đã được nhắc hôm nay nên không nhắc lại: UBND xã Vĩnh Linh ${at}\\. Muốn nhắc lại trong ngày, ghi lý do nhắc lại\\.`));
    expect(shown).not.toContain('Đã gửi nhắc nhở tới');
    expect(await notices()).toBe(before);
    expect(await remindEvents()).toBe(1);
    // The overdue list says when it was reminded, and leaves it unticked.
    const page = await matrix();
    expect(page.text).toMatch(new RegExp(`UBND xã Vĩnh Linh — đầu mối: Dương Thị Kim Thoa <span class="text-body-secondary">\\(đã nhắc hôm nay lúc \\d\\d:\\d\\d\\)</span>`));
    expect(page.text).toMatch(new RegExp(`name="unitIds" value="${vinhLinh}" id="remind-${vinhLinh}">`));
    expect(page.text).toMatch(new RegExp(`name="unitIds" value="${vinhHoang}" id="remind-${vinhHoang}" checked>`));
  });

  it('reminds the units not reminded today and skips the others, in one go', async () => {
    const before = await notices();
    const shown = await flashAfter(await remind([vinhHoang, vinhLinh]));
    expect(shown).toContain('Đã gửi nhắc nhở tới 1 đơn vị (1 đầu mối), hiện trên trang chủ của họ.');
    expect(shown).toMatch(new RegExp(`1 đơn vị đã được nhắc hôm nay nên không nhắc lại: UBND xã Vĩnh Linh ${at}`));
    expect(await notices()).toBe(before + 1);
    const [event] = await t.db.query(`SELECT summary FROM audit_events WHERE action = 'programme.remind' ORDER BY id DESC LIMIT 1`);
    expect(event.summary).toContain('không nhắc lại 1 đơn vị đã được nhắc hôm nay: UBND xã Vĩnh Linh');
  });

  it('reminds again within the day when the province gives a reason, kept in the audit', async () => {
    const before = await notices();
    const reason = 'Sắp họp giao ban, cần số liệu trước 14 giờ';
    const shown = await flashAfter(await remind([vinhLinh], { reason }));
    expect(shown).toContain('Đã gửi nhắc nhở tới 1 đơn vị (1 đầu mối), hiện trên trang chủ của họ.');
    expect(shown).toContain(`Nhắc lại trong ngày 1 đơn vị, lý do: ${reason}.`);
    expect(await notices()).toBe(before + 1);
    const [event] = await t.db.query(`SELECT summary, changes FROM audit_events WHERE action = 'programme.remind' ORDER BY id DESC LIMIT 1`);
    expect(event.summary).toContain(`nhắc lại trong ngày 1 đơn vị (UBND xã Vĩnh Linh), lý do: ${reason}`);
    expect(JSON.parse(event.changes)).toEqual(expect.arrayContaining([{ field: 'reason', before: null, after: reason }]));
    expect((await admin.get(`/audit?action=programme.remind`)).text).toContain(reason);
  });

  it('refuses a reason too long beside the field, keeping what was typed and ticked; nothing is sent', async () => {
    const before = await notices();
    const events = await remindEvents();
    const reason = `Cần số liệu gấp ${'x'.repeat(500)}`;
    const res = await remind([vinhLinh], { reason });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<div class="invalid-feedback" id="f-reason-error">Lý do nhắc lại không được dài quá 500 ký tự.</div>');
    expect(res.text).toContain(`value="${reason}"`);
    expect(res.text).toContain('<details class="card card-body mb-3" id="qua-han" open>');
    expect(res.text).toMatch(new RegExp(`name="unitIds" value="${vinhLinh}" id="remind-${vinhLinh}" checked>`));
    expect(res.text).toMatch(new RegExp(`name="unitIds" value="${vinhHoang}" id="remind-${vinhHoang}">`));
    expect(await notices()).toBe(before);
    expect(await remindEvents()).toBe(events);
  });
});
