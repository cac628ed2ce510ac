import { APP_HOOK_TIMEOUT, count, createTestApp, DEMO_PASSWORD, signIn, TestApp } from './helpers/test-app';

/**
 * The evidence of an initiative's effect and scope of influence, gathered from the
 * programmes that replicated it, on the initiative's page for those who judge it. Counted
 * by hand from the demo's 2023 reports on SK-2022-0005: adopted by xã Vĩnh Thái, Vĩnh Hòa and
 * Trung Nam (since 01/07/2025 xã Vĩnh Hoàng; first on 01/05/2022) and Hồ Xá (now xã Vĩnh Linh,
 * 28/03/2023); Vĩnh Long in progress; Vĩnh Khê declined for want of budget, the district's
 * office as outside its functions: 2 of the province's communes.
 */
describe('the evidence of effect and scope on an initiative', () => {
  let t: TestApp;
  let qr: number;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    [{ id: qr }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t?.close(), APP_HOOK_TIMEOUT);

  it('shows the council and the secretary the units of today that adopted it, who declined and why, and the scope suggested', async () => {
    const communes = await count(t.db, 'units', `kind IN ('commune', 'ward', 'special_zone') AND "validTo" IS NULL`);
    const secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    const page = await secretary.get(`/initiatives/${qr}`);
    expect(page.status).toBe(200);
    const section = page.text.slice(page.text.indexOf('id="hieu-qua-ap-dung"'), page.text.indexOf('</section>', page.text.indexOf('id="hieu-qua-ap-dung"')));
    expect(section).toContain('Đã áp dụng (2 đơn vị: Xã: 2)');
    expect(section).toMatch(/UBND xã Vĩnh Hoàng <span class="small text-body-secondary">\(Xã\)<\/span> — từ 01\/05\/2022/);
    expect(section).toMatch(/UBND xã Vĩnh Linh <span class="small text-body-secondary">\(Xã\)<\/span> — từ 28\/03\/2023/);
    expect(section).toContain('Đang triển khai: 1 đơn vị.');
    expect(section).toContain('Không áp dụng (2 đơn vị)');
    expect(section).toContain('(nay thuộc UBND xã Bến Quan): Thiếu kinh phí — Kinh phí in và thay mã QR khi thủ tục thay đổi còn thiếu.');
    expect(section).toContain('báo cáo: UBND xã Trung Nam (nay thuộc UBND xã Vĩnh Hoàng); UBND xã Vĩnh Hòa (nay thuộc UBND xã Vĩnh Hoàng); UBND xã Vĩnh Thái (nay thuộc UBND xã Vĩnh Hoàng)');
    expect(section).toContain('Không phù hợp chức năng, nhiệm vụ');
    expect(section).toContain(`<strong>Đề xuất: Cấp cơ sở.</strong> Áp dụng tại 2 đơn vị, trong đó 2/${communes} xã, phường, đặc khu`);
  });

  it('shows an author where it is adopted, not who declined nor the suggested scope', async () => {
    const author = await signIn(t.agent(), 'daumoi.vinhthai', DEMO_PASSWORD);
    const page = await author.get(`/initiatives/${qr}`);
    expect(page.text).toMatch(/Đã được áp dụng tại \(\d+ đơn vị\)/);
    expect(page.text).not.toContain('id="hieu-qua-ap-dung"');
    expect(page.text).not.toContain('Kinh phí in và thay mã QR');
  });

  it('shows anyone in the public catalogue how far it has spread: units of today that adopted it by kind, those in progress, each programme with its dates — never who declined or why', async () => {
    const page = await t.agent().get(`/catalogue/${qr}`);
    expect(page.status).toBe(200);
    const section = page.text.slice(page.text.indexOf('id="progress-heading"'), page.text.indexOf('id="files-heading"'));
    expect(section).toContain('<strong>Đã được 2 đơn vị áp dụng</strong> <span class="text-body-secondary">(đơn vị hiện nay)</span> (Xã: 2); 1 đơn vị đang triển khai.');
    const [programme] = await t.db.query(`SELECT p.title, p."reportDeadline", (SELECT COUNT(*) FROM adoptions a WHERE a."programmeId" = p.id AND a."initiativeId" = ? AND a."removedAt" IS NULL) AS targets FROM programmes p WHERE p.id IN (SELECT "programmeId" FROM adoptions WHERE "initiativeId" = ?)`, [qr, qr]);
    expect(section).toContain(`<th scope="row" class="fw-normal">${programme.title}</th>`);
    expect(section).toMatch(new RegExp(`<td class="text-end">${Number(programme.targets)}</td><td class="text-end">4</td>`));
    expect(page.text).not.toContain('Thiếu kinh phí');
    expect(page.text).not.toContain('Kinh phí in và thay mã QR');
    // Its public files, which the demo has.
    expect(page.text).toMatch(/<li><a href="\/attachments\/\d+">[^<]+<\/a>/);
  });
});
