import { join } from 'node:path';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { pdfText } from '../helpers/pdf';
import { ADMIN_TEST_PASSWORD, APP_HOOK_TIMEOUT, TestApp } from '../helpers/test-app';
import { A11y, openPage, servedApp, SCREENSHOTS, skipReason } from './browser';

// A province of 2026 set up from an empty installation, entirely through its pages: the
// system administrator imports the units (a province, its Sở Nội vụ, a commune, a ward and
// the district of before 01/07/2025), records the district's end and the authorities'
// profiles, imports the people; the province's council (run from Sở Nội vụ) and the
// commune's (run by the commune itself) each recognise an initiative the commune's author
// filed; the certificates are printed to PDF. The district's 2019 round, entered from its
// paper files, is organised by the district and seats the province's people (who keep the
// district's records); its paper record prints the district and the council of its day,
// and later changes (a profile, a member's position) leave every document already issued
// as it was. Each step is asserted where it happens.

/** dd/mm/yyyy of a day, in Vietnam. */
function vnDate(d: Date): string {
  const [y, m, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d).split('-');
  return `${day}/${m}/${y}`;
}

const TODAY = vnDate(new Date());
const YEAR = TODAY.slice(6);
const [TODAY_D, TODAY_M] = TODAY.split('/');
/** "Quảng Trị, ngày 06 tháng 12 năm 2026": the date line of a document dated today. */
const todayLine = (place: string) => `${place}, ngày ${TODAY_D} tháng ${TODAY_M} năm ${YEAR}`;

const UNITS_CSV = [
  'Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên,Có hiệu lực từ ngày',
  'QTR,UBND tỉnh Quảng Trị,Tỉnh,,',
  'QTR-SNV,Sở Nội vụ tỉnh Quảng Trị,Sở,QTR,',
  'QTR-XBL,UBND xã Bến Lương,Xã,QTR,01/07/2025',
  'QTR-PDG,UBND phường Đông Giang,Phường,QTR,01/07/2025',
  'QTR-HBL,UBND huyện Bến Lương,Huyện,QTR,01/01/2000',
].join('\n');

interface Person {
  username: string;
  fullName: string;
  position: string;
  unit: string;
  roles: string;
}

const PEOPLE: Person[] = [
  { username: 'thuky.snv', fullName: 'Phạm Thị Thu Trang', position: 'Chuyên viên Sở Nội vụ', unit: 'QTR-SNV', roles: 'Thư ký hội đồng' },
  { username: 'hd.tinh1', fullName: 'Nguyễn Quang Huy', position: 'Phó Chủ tịch UBND tỉnh', unit: 'QTR', roles: 'Thành viên hội đồng' },
  { username: 'hd.tinh2', fullName: 'Trần Thị Lan Anh', position: 'Giám đốc Sở Nội vụ', unit: 'QTR-SNV', roles: 'Thành viên hội đồng' },
  { username: 'hd.tinh3', fullName: 'Lê Đình Khoa', position: 'Phó Giám đốc Sở Nội vụ', unit: 'QTR-SNV', roles: 'Thành viên hội đồng' },
  { username: 'qt.benluong', fullName: 'Võ Văn Tâm', position: 'Công chức Văn phòng - Thống kê', unit: 'QTR-XBL', roles: 'Quản trị đơn vị' },
  { username: 'thuky.benluong', fullName: 'Đỗ Thị Hạnh', position: 'Công chức Nội vụ xã', unit: 'QTR-XBL', roles: 'Thư ký hội đồng' },
  { username: 'hd.xa1', fullName: 'Hồ Văn Bình', position: 'Chủ tịch UBND xã', unit: 'QTR-XBL', roles: 'Thành viên hội đồng' },
  { username: 'hd.xa2', fullName: 'Mai Thị Cúc', position: 'Phó Chủ tịch UBND xã', unit: 'QTR-XBL', roles: 'Thành viên hội đồng' },
  { username: 'tacgia.benluong', fullName: 'Phan Văn Đạt', position: 'Công chức Tư pháp - Hộ tịch', unit: 'QTR-XBL', roles: 'Tác giả' },
];
const USERS_CSV = ['Tên đăng nhập,Họ và tên,Chức vụ,Mã đơn vị,Vai trò', ...PEOPLE.map((p) => [p.username, p.fullName, p.position, p.unit, p.roles].join(','))].join('\n');
const person = (username: string): Person => PEOPLE.find((p) => p.username === username)!;
/** Every imported person's own password, set at the first sign-in. */
const OWN_PASSWORD = 'TinhQuangTri@2026';

(skipReason() ? describe.skip : describe)('browser journey: a province and a commune from an empty installation, to their certificates, and a 2019 paper record', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const scriptErrors: string[] = [];
  const watched: A11y[] = [];
  const sessions = new Map<string, { context: BrowserContext; page: Page }>();
  const temporary = new Map<string, string>();

  servedApp({}, (s) => ({ t, base, browser } = s));

  afterAll(async () => {
    for (const { context } of sessions.values()) await context.close().catch(() => undefined);
  }, APP_HOOK_TIMEOUT);

  const idOf = async (sql: string, params: unknown[] = []): Promise<number> => {
    const rows = (await t.db.query(sql, params)) as { id: number }[];
    if (!rows[0]) throw new Error(`nothing found: ${sql} ${JSON.stringify(params)}`);
    return Number(rows[0].id);
  };
  const unitIdOf = (code: string) => idOf('SELECT id FROM units WHERE code = ?', [code]);
  const userIdOf = (username: string) => idOf('SELECT id FROM users WHERE username = ?', [username]);

  /** The text of the page's error summary or alerts, shown beside a failed expectation. */
  async function said(page: Page): Promise<string> {
    const parts = await page.locator('#error-summary, .alert, .invalid-feedback, h1').allTextContents();
    return parts.map((p) => p.replace(/\s+/g, ' ').trim()).join(' | ').slice(0, 800);
  }

  /** The page is at this path (what it says is shown when it is not). */
  async function expectAt(page: Page, path: RegExp | string): Promise<void> {
    const at = new URL(page.url()).pathname;
    expect({ at, said: await said(page) }).toEqual({ at: typeof path === 'string' ? path : expect.stringMatching(path), said: expect.any(String) });
  }

  /** The page says its success (containing `text`; what else it says is shown when it does not). */
  async function expectSuccess(page: Page, text = ''): Promise<void> {
    const success = (await page.locator('.alert-success').allTextContents()).map((p) => p.replace(/\s+/g, ' ').trim()).join(' | ');
    expect({ success, said: await said(page) }).toEqual({ success: expect.stringContaining(text), said: expect.any(String) });
    expect(success).not.toBe('');
  }

  /** Chooses the option of a select whose text contains `text` (options may be indented). */
  async function choose(select: Locator, text: string): Promise<boolean> {
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as unknown as { value: string }).value, text: (o as unknown as { textContent: string }).textContent ?? '' })));
    const found = options.find((o) => o.text.includes(text));
    if (!found) return false;
    await select.selectOption(found.value);
    return true;
  }

  /** The person's page, signed in (at the first sign-in, with the temporary password changed as the page asks). */
  async function as(username: string): Promise<Page> {
    const open = sessions.get(username);
    if (open) return open.page;
    const { context, page, errors, a11y } = await openPage(browser, 1280, { console: true });
    page.on('dialog', (d) => void d.accept());
    watched.push(a11y);
    sessions.set(username, { context, page });
    const password = username === 'admin' ? ADMIN_TEST_PASSWORD : temporary.get(username);
    if (!password) throw new Error(`no temporary password for ${username}`);
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((u) => u.pathname !== '/login');
    if (new URL(page.url()).pathname === '/account/password') {
      expect(await page.getByRole('status').first().textContent()).toContain('mật khẩu tạm thời');
      await page.getByLabel('Mật khẩu hiện tại').fill(password);
      await page.locator('#f-newPassword').fill(OWN_PASSWORD);
      await page.getByLabel('Nhập lại mật khẩu mới').fill(OWN_PASSWORD);
      await page.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
      await page.waitForURL(`${base}/`);
    }
    expect(new URL(page.url()).pathname).toBe('/');
    page.on('close', () => scriptErrors.push(...errors.map((e) => `${username}: ${e}`)));
    return page;
  }

  /** Posts a form by its button and waits for the page that answers (a redirect's target or the form again). */
  async function submit(page: Page, button: Locator): Promise<void> {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 60_000 }), button.click()]);
  }

  /** The certificate of an initiative printed to A4 PDF from the browser, page by page, spaces folded. */
  async function printCertificate(page: Page, initiativeId: number, name: string): Promise<string[]> {
    await page.goto(`${base}/initiatives/${initiativeId}/certificate`);
    await page.evaluate('document.fonts.ready');
    const file = join(SCREENSHOTS, `${name}.pdf`);
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: file, format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    return pdfText(file).map((p) => p.replace(/\s+/g, ' '));
  }

  /** The minutes of a round printed to A4 PDF: all its pages' text as one, spaces folded. */
  async function printMinutes(page: Page, roundId: number, name: string): Promise<string> {
    await page.goto(`${base}/rounds/${roundId}/minutes`);
    await page.evaluate('document.fonts.ready');
    const file = join(SCREENSHOTS, `${name}.pdf`);
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: file, format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    return pdfText(file).join('\n').replace(/\s+/g, ' ');
  }

  /** The position the minutes on the page give a member (the first table: the council's composition). */
  async function positionInMinutes(page: Page, username: string): Promise<string> {
    const row = page.locator('article.minutes table').first().locator('tr', { hasText: person(username).fullName });
    return ((await row.locator('td').nth(2).textContent()) ?? '').trim();
  }

  /** A round made on /rounds/new by the signed-in manager; its organiser is the one the form offers them. */
  async function newRound(page: Page, name: string, organiser: string, threshold: string): Promise<number> {
    await page.goto(`${base}/rounds`);
    await page.goto(`${base}/rounds/new`);
    await page.locator('#f-year').fill(YEAR);
    await page.getByLabel('Tên đợt xét').fill(name);
    // The organiser the form offers is the authority the manager's unit serves.
    expect(await page.getByLabel('Đơn vị tổ chức').locator('option:checked').textContent()).toContain(organiser);
    await page.getByLabel('Nhận hồ sơ từ ngày').fill(`01/01/${YEAR}`);
    await page.getByLabel('Đến ngày').fill(`31/12/${YEAR}`);
    await page.getByLabel('Ngưỡng công nhận: điểm trung bình tối thiểu').fill(threshold);
    await submit(page, page.getByRole('button', { name: 'Lưu', exact: true }));
    await expectAt(page, /^\/rounds\/\d+$/);
    return Number(new URL(page.url()).pathname.split('/').pop());
  }

  /** Seats people on a round's council through /rounds/:id/council. */
  async function seat(page: Page, roundId: number, seats: [string, string][]): Promise<void> {
    await page.goto(`${base}/rounds/${roundId}`);
    await page.getByRole('link', { name: 'Hội đồng', exact: true }).click();
    await page.waitForURL(/\/council$/);
    for (const [username, role] of seats) {
      const p = person(username);
      expect(await choose(page.getByLabel('Người dùng'), p.fullName)).toBe(true);
      await page.getByLabel('Vai trò trong hội đồng').selectOption({ label: role });
      await submit(page, page.getByRole('button', { name: 'Thêm', exact: true }));
      expect(await page.locator('table').first().textContent()).toContain(p.fullName);
    }
  }

  /** The author registers an initiative on the form, leaves the round to the council, submits it. */
  async function register(page: Page, title: string): Promise<number> {
    await page.goto(`${base}/initiatives/new`);
    await page.getByLabel('Tên sáng kiến').fill(title);
    await page.getByLabel('Lĩnh vực').selectOption({ label: 'Cải cách thủ tục hành chính' });
    await page.getByLabel('Ngày áp dụng lần đầu hoặc áp dụng thử').fill(`01/01/${YEAR}`);
    // The first author is the signed-in person, sharing 100%.
    expect(await page.locator('[name="authors[0][fullName]"]').inputValue()).toBe(person('tacgia.benluong').fullName);
    await page.locator('[name="authors[0][share]"]').fill('100');
    await page.getByLabel('Thực trạng, vấn đề cần giải quyết').fill('Người dân phải đi lại nhiều lần để bổ sung hồ sơ tại Bộ phận Một cửa.');
    await page.getByLabel('Nội dung giải pháp').fill('Tra cứu và hẹn bổ sung hồ sơ qua mã QR niêm yết tại Bộ phận Một cửa, nhắc qua tin nhắn.');
    await page.locator('#f-novelty').fill('Lần đầu áp dụng mã QR cho việc hẹn bổ sung hồ sơ.');
    await page.locator('#f-effects').fill('Giảm số lần đi lại của người dân.');
    await submit(page, page.getByRole('button', { name: 'Lưu', exact: true }));
    expect(page.url()).toMatch(/\/initiatives\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await submit(page, page.getByRole('button', { name: 'Nộp sáng kiến' }));
    expect(await page.locator('.alert-success').textContent()).toMatch(/Mã sáng kiến: SK-\d{4}-\d{4}/);
    return id;
  }

  /** The round's manager puts a waiting initiative into the round from "Chưa có đợt xét". */
  async function attach(page: Page, initiativeId: number, roundName: string): Promise<void> {
    await page.goto(`${base}/initiatives/awaiting-round`);
    const item = page.locator('li.card', { has: page.locator(`a[href="/initiatives/${initiativeId}"]`) });
    expect(await item.count()).toBe(1);
    expect(await choose(item.getByRole('combobox'), roundName)).toBe(true);
    await submit(page, item.getByRole('button', { name: 'Đưa vào đợt xét' }));
    await expectSuccess(page, `vào đợt xét "${roundName}"`);
    const roundId = (await t.db.query('SELECT "roundId" FROM initiatives WHERE id = ?', [initiativeId]))[0].roundId;
    expect(roundId).toBeTruthy();
  }

  /** The round's manager assigns the members (not the secretary) to score the initiative. */
  async function assign(page: Page, roundId: number, initiativeId: number, usernames: string[]): Promise<void> {
    await page.goto(`${base}/rounds/${roundId}`);
    await page.getByRole('link', { name: 'Phân công chấm' }).click();
    await page.waitForURL(/\/assignments$/);
    const row = page.locator('tr', { has: page.locator(`a[href="/initiatives/${initiativeId}"]`) });
    for (const username of usernames) await row.getByLabel(new RegExp(`^${person(username).fullName} chấm`)).check();
    await submit(page, page.getByRole('button', { name: 'Lưu phân công' }));
    await expectSuccess(page, `Đã lưu phân công: thêm ${usernames.length}`);
    const assigned = await t.db.query('SELECT COUNT(*) AS n FROM assignments WHERE "initiativeId" = ?', [initiativeId]);
    expect(Number(assigned[0].n)).toBe(usernames.length);
  }

  /** A member scores their sheet (every criterion 4 under its maximum), submits it, and votes "Đồng ý". */
  async function scoreAndVote(username: string, roundId: number, initiativeId: number): Promise<void> {
    const page = await as(username);
    await page.goto(`${base}/`);
    await page.goto(`${base}/reviews`);
    const sheet = page.locator(`a[href^="/reviews/"]`).first();
    expect(await sheet.count()).toBe(1);
    await sheet.click();
    await page.waitForURL(/\/reviews\/\d+$/);
    const inputs = page.locator('input.score-input');
    for (let k = 0; k < (await inputs.count()); k++) {
      const max = Number(await inputs.nth(k).getAttribute('data-max'));
      await inputs.nth(k).fill(String(max - 4));
    }
    await submit(page, page.getByRole('button', { name: 'Nộp phiếu chấm' }));
    await expectSuccess(page, 'Đã nộp phiếu chấm.');
    await page.goto(`${base}/rounds/${roundId}/votes`);
    const item = page.locator(`#sk-${initiativeId}`);
    expect(await item.count()).toBe(1);
    await item.getByLabel('Đồng ý', { exact: true }).check();
    await submit(page, item.getByRole('button', { name: 'Gửi biểu quyết' }));
    expect(await page.locator(`#sk-${initiativeId}`).textContent()).toContain('Biểu quyết đã ghi: Đồng ý');
  }

  interface Signing {
    level: string;
    number: string;
    place: string;
    mode: string;
    headTitle: string;
    signerTitle: string;
    signerName: string;
  }

  /** The secretary records their own vote from the meeting, then the decision, confirmed when asked. */
  async function decide(page: Page, initiativeId: number, secretary: string, signing: Signing): Promise<void> {
    await page.goto(`${base}/initiatives/${initiativeId}/decision`);
    const own = page.getByLabel(`Biểu quyết của ${person(secretary).fullName}`);
    if ((await own.count()) > 0 && (await own.evaluate((e) => (e as unknown as { tagName: string }).tagName)) === 'SELECT') {
      await own.selectOption({ label: 'Đồng ý' });
      await submit(page, page.getByRole('button', { name: /Lưu biểu quyết/ }));
    }
    expect(await page.locator('input[name="outcome"]:checked').count()).toBe(0);
    // The place the form offers is the authority's, as its profile says.
    expect(await page.getByLabel('Địa danh ghi ở ngày tháng').inputValue()).toBe(signing.place);
    await page.getByLabel('Công nhận sáng kiến').check();
    await page.getByLabel('Phạm vi ảnh hưởng (khi công nhận)').selectOption({ label: signing.level });
    await page.getByLabel('Số quyết định').fill(signing.number);
    await page.getByLabel('Ngày quyết định').fill(TODAY);
    await page.getByLabel('Cách ký').selectOption({ label: signing.mode });
    await page.getByLabel('Chức danh người đứng đầu (hoặc tập thể khi ký TM.)').fill(signing.headTitle);
    await page.getByLabel('Chức danh của người ký (khi ký KT. hoặc TM.)').fill(signing.signerTitle);
    await page.getByLabel('Họ tên người ký').fill(signing.signerName);
    await submit(page, page.getByRole('button', { name: 'Ghi quyết định' }));
    await expectSuccess(page);
  }

  /** The system administrator sets a person's position on /users/:id/edit. */
  async function setPosition(admin: Page, username: string, position: string): Promise<void> {
    const id = await userIdOf(username);
    await admin.goto(`${base}/users/${id}/edit`);
    await admin.getByLabel('Chức vụ').fill(position);
    await submit(admin, admin.getByRole('button', { name: 'Lưu', exact: true }));
    await expectSuccess(admin, `Đã lưu người dùng ${username}.`);
    expect((await t.db.query('SELECT position FROM users WHERE id = ?', [id]))[0].position).toBe(position);
  }

  it('sets up the province, runs a province round and a commune round to their certificates, and keeps a 2019 paper record as it was', async () => {
    // ---- 1. The system administrator: units, the district's end, the authorities -------------
    const admin = await as('admin');
    await page_units_import(admin);

    const province = await unitIdOf('QTR');
    const commune = await unitIdOf('QTR-XBL');
    const district = await unitIdOf('QTR-HBL');
    const kinds = (await t.db.query('SELECT code, kind, "validTo" FROM units WHERE code LIKE ? ORDER BY code', ['QTR%'])) as { code: string; kind: string; validTo: string | null }[];
    expect(kinds.map((k) => [k.code, k.kind])).toEqual([
      ['QTR', 'province'],
      ['QTR-HBL', 'district'],
      ['QTR-PDG', 'ward'],
      ['QTR-SNV', 'department'],
      ['QTR-XBL', 'commune'],
    ]);

    // The district ends with the two-tier government, by its instrument; the province takes over its tasks.
    // Imported already ended (30/06/2025, no instrument), its page offers to record how it ended.
    await admin.goto(`${base}/units/${district}`);
    expect(await admin.locator('main').textContent()).toContain('Hết hiệu lực từ 30/06/2025');
    await admin.getByRole('link', { name: 'Ghi văn bản chấm dứt hoạt động' }).click();
    await admin.waitForURL(`${base}/units/${district}/end`);
    expect(await admin.getByRole('status').first().textContent()).toContain('chưa ghi văn bản chấm dứt hoạt động');
    // The day it ended is given: the instrument is recorded for that day.
    expect(await admin.getByLabel('Chấm dứt hoạt động từ ngày').inputValue()).toBe('01/07/2025');
    await admin.getByLabel('Số, ký hiệu văn bản').fill('1680/NQ-UBTVQH15');
    await admin.getByLabel('Ngày ban hành').fill('16/06/2025');
    await admin.getByLabel('Cơ quan ban hành').fill('Ủy ban Thường vụ Quốc hội');
    expect(await choose(admin.getByLabel('Đơn vị tiếp nhận nhiệm vụ (không bắt buộc)'), 'UBND tỉnh Quảng Trị')).toBe(true);
    await submit(admin, admin.getByRole('button', { name: 'Ghi nhận chấm dứt hoạt động' }));
    await expectAt(admin, `/units/${district}`);
    await expectSuccess(admin, 'Đã ghi nhận UBND huyện Bến Lương chấm dứt hoạt động từ ngày 01/07/2025.');
    const districtPage = ((await admin.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(districtPage).toContain('Đã chấm dứt từ 01/07/2025');
    expect(districtPage).toContain('01/07/2025 — Chấm dứt hoạt động; nhiệm vụ giao cho UBND tỉnh Quảng Trị.');
    expect(districtPage).toContain('Văn bản: 1680/NQ-UBTVQH15 ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội');
    expect(await admin.getByRole('link', { name: 'Ghi văn bản chấm dứt hoạt động' }).count()).toBe(0);
    const [ending] = (await t.db.query('SELECT "effectiveDate", "instrumentNumber" FROM unit_endings WHERE "unitId" = ?', [district])) as { effectiveDate: string; instrumentNumber: string }[];
    expect(ending).toMatchObject({ effectiveDate: '2025-07-01', instrumentNumber: '1680/NQ-UBTVQH15' });
    expect((await t.db.query('SELECT "validTo" FROM units WHERE id = ?', [district]))[0].validTo).toBe('2025-06-30');
    // The province's page says it took over the district's tasks.
    await admin.goto(`${base}/units/${province}`);
    expect(((await admin.locator('main').textContent()) ?? '').replace(/\s+/g, ' ')).toContain('Tiếp nhận nhiệm vụ của đơn vị đã chấm dứt hoạt động');

    /** A version of an authority profile, on /units/:id/authority from the unit's page. */
    async function profile(unitId: number, from: string, lines: string, name: string, place: string, symbol: string, headTitle: string): Promise<void> {
      await admin.goto(`${base}/units/${unitId}`);
      await admin.getByRole('link', { name: 'Thông tin cơ quan ban hành' }).click();
      await admin.waitForURL(/\/authority$/);
      await admin.getByLabel('Áp dụng từ ngày').fill(from);
      await admin.getByLabel('Tên cơ quan ở đầu văn bản (mỗi dòng một dòng in)').fill(lines);
      await admin.getByLabel('Tên cơ quan trong câu văn').fill(name);
      await admin.getByLabel('Địa danh ghi ở ngày tháng').fill(place);
      await admin.getByLabel('Ký hiệu quyết định').fill(symbol);
      await admin.getByLabel('Chức danh người đứng đầu').fill(headTitle);
      await submit(admin, admin.getByRole('button', { name: 'Lưu phiên bản' }));
      expect({ unitId, refused: await admin.locator('#error-summary').count(), said: await said(admin) }).toEqual({ unitId, refused: 0, said: expect.any(String) });
      expect(await admin.locator('#current-heading').textContent()).toContain(`(từ ${from})`);
    }
    await profile(province, '01/07/2025', 'ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ', 'Ủy ban nhân dân tỉnh Quảng Trị', 'Quảng Trị', 'QĐ-UBND', 'Chủ tịch');
    await profile(commune, '01/07/2025', 'ỦY BAN NHÂN DÂN\nXÃ BẾN LƯƠNG', 'Ủy ban nhân dân xã Bến Lương', 'Bến Lương', 'QĐ-UBND', 'Chủ tịch');
    // The district as its documents were headed in its years.
    await profile(district, '01/01/2015', 'ỦY BAN NHÂN DÂN\nHUYỆN BẾN LƯƠNG', 'Ủy ban nhân dân huyện Bến Lương', 'Bến Lương', 'QĐ-UBND', 'Chủ tịch');
    await admin.screenshot({ path: join(SCREENSHOTS, 'province-authority.png'), fullPage: true });

    // ---- 2. The people, by CSV; each changes the temporary password at the first sign-in --------
    await admin.goto(`${base}/users/import`);
    await admin.getByLabel('Tệp CSV').setInputFiles({ name: 'nguoi-dung-quang-tri.csv', mimeType: 'text/csv', buffer: Buffer.from(USERS_CSV, 'utf8') });
    await submit(admin, admin.getByRole('button', { name: 'Nhập', exact: true }));
    expect(admin.url()).toContain('/users/import/result');
    for (const row of await admin.locator('table tbody tr').all()) {
      const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
      temporary.set(cells[1], cells[2]);
    }
    expect([...temporary.keys()].sort()).toEqual(PEOPLE.map((p) => p.username).sort());
    for (const p of PEOPLE) {
      const [row] = (await t.db.query('SELECT position, roles FROM users WHERE username = ?', [p.username])) as { position: string; roles: string }[];
      expect(row.position).toBe(p.position);
    }

    // ---- 3. The rounds: the province's from Sở Nội vụ, the commune's by the commune ------------
    const provinceSecretary = await as('thuky.snv');
    const provinceRoundName = `Đợt xét sáng kiến cải cách hành chính cấp tỉnh năm ${YEAR}`;
    const provinceRound = await newRound(provinceSecretary, provinceRoundName, 'UBND tỉnh Quảng Trị', '50');
    expect(await provinceSecretary.locator('main, body').first().textContent()).toContain('công nhận Cấp tỉnh');
    await seat(provinceSecretary, provinceRound, [
      ['hd.tinh1', 'Chủ tịch hội đồng'],
      ['hd.tinh2', 'Phó Chủ tịch hội đồng'],
      ['hd.tinh3', 'Thành viên'],
      ['thuky.snv', 'Thư ký hội đồng'],
    ]);

    const communeAdmin = await as('qt.benluong');
    const communeRoundName = `Đợt xét sáng kiến xã Bến Lương năm ${YEAR}`;
    const communeRound = await newRound(communeAdmin, communeRoundName, 'UBND xã Bến Lương', '50');
    expect(await communeAdmin.locator('main, body').first().textContent()).toContain('công nhận Cấp cơ sở');
    const communeSecretary = await as('thuky.benluong');
    await seat(communeSecretary, communeRound, [
      ['hd.xa1', 'Chủ tịch hội đồng'],
      ['hd.xa2', 'Thành viên'],
      ['thuky.benluong', 'Thư ký hội đồng'],
    ]);

    // The author files two initiatives; two rounds take the commune's, so each waits for its council.
    const author = await as('tacgia.benluong');
    const forProvince = await register(author, 'Hẹn bổ sung hồ sơ đất đai qua mã QR tại Bộ phận Một cửa');
    const forCommune = await register(author, 'Nhắn tin nhắc lịch trả kết quả thủ tục hành chính cho người cao tuổi');
    await attach(provinceSecretary, forProvince, provinceRoundName);
    await attach(communeSecretary, forCommune, communeRoundName);

    await assign(provinceSecretary, provinceRound, forProvince, ['hd.tinh1', 'hd.tinh2', 'hd.tinh3']);
    await assign(communeSecretary, communeRound, forCommune, ['hd.xa1', 'hd.xa2']);
    for (const username of ['hd.tinh1', 'hd.tinh2', 'hd.tinh3']) await scoreAndVote(username, provinceRound, forProvince);
    for (const username of ['hd.xa1', 'hd.xa2']) await scoreAndVote(username, communeRound, forCommune);

    const provinceSigning: Signing = { level: 'Cấp tỉnh', number: '2150/QĐ-UBND', place: 'Quảng Trị', mode: 'Cấp phó ký thay (KT.)', headTitle: 'CHỦ TỊCH', signerTitle: 'PHÓ CHỦ TỊCH', signerName: 'Hoàng Nam Sơn' };
    await decide(provinceSecretary, forProvince, 'thuky.snv', provinceSigning);
    await provinceSecretary.screenshot({ path: join(SCREENSHOTS, 'province-decision.png'), fullPage: true });
    const communeSigning: Signing = { level: 'Cấp cơ sở', number: '87/QĐ-UBND', place: 'Bến Lương', mode: 'Người đứng đầu ký', headTitle: 'CHỦ TỊCH', signerTitle: '', signerName: person('hd.xa1').fullName };
    await decide(communeSecretary, forCommune, 'thuky.benluong', communeSigning);

    // ---- 4. The certificates, printed to A4 by the author ---------------------------------------
    const expectProvinceCertificate = (pages: string[], when: string) => {
      expect({ when, pages: pages.length }).toEqual({ when, pages: 1 });
      const [text] = pages;
      expect(text).toContain('ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ');
      expect(text).toContain(`Số: ${provinceSigning.number}`);
      expect(text).toContain(todayLine('Quảng Trị'));
      expect(text).toMatch(/KT\. CHỦ TỊCH PHÓ CHỦ TỊCH .*Hoàng Nam Sơn/);
      expect(text).toContain('Cấp tỉnh');
      expect(text).not.toMatch(/HUYỆN|XÃ BẾN LƯƠNG/);
    };
    const expectCommuneCertificate = (pages: string[], when: string) => {
      expect({ when, pages: pages.length }).toEqual({ when, pages: 1 });
      const [text] = pages;
      expect(text).toContain('ỦY BAN NHÂN DÂN XÃ BẾN LƯƠNG');
      expect(text).toContain(`Số: ${communeSigning.number}`);
      expect(text).toContain(todayLine('Bến Lương'));
      expect(text).toMatch(new RegExp(`CHỦ TỊCH .*${person('hd.xa1').fullName}`));
      expect(text).not.toContain('KT.');
      expect(text).not.toMatch(/TỈNH QUẢNG TRỊ|HUYỆN/);
    };
    expectProvinceCertificate(await printCertificate(author, forProvince, 'province-certificate'), 'province, as recorded');
    expectCommuneCertificate(await printCertificate(author, forCommune, 'commune-certificate'), 'commune, as recorded');
    await author.screenshot({ path: join(SCREENSHOTS, 'province-commune-certificate.png'), fullPage: true });
    const provinceMinutes = await printMinutes(provinceSecretary, provinceRound, 'province-minutes');
    expect(provinceMinutes).toContain(person('hd.tinh1').position);
    expect(await positionInMinutes(provinceSecretary, 'hd.tinh1')).toBe(person('hd.tinh1').position);

    // ---- 5. The district's 2019 round and a paper record of it, entered after the district ended --
    // The district's council of 2019 was the province's people of today, in their positions of then.
    const positions2019: Record<string, string> = { 'hd.tinh1': 'Chủ tịch UBND huyện Bến Lương', 'hd.tinh3': 'Trưởng phòng Nội vụ huyện Bến Lương' };
    for (const [username, position] of Object.entries(positions2019)) await setPosition(admin, username, position);

    // The round of the paper files, organised by the district, already over.
    const round2019Name = 'Đợt xét sáng kiến huyện Bến Lương năm 2019 (nhập từ hồ sơ giấy)';
    /** /rounds/new filled for a round of the district, of this year, as a paper round over. */
    async function districtRoundForm(year: string): Promise<void> {
      await admin.goto(`${base}/rounds/new`);
      await admin.locator('#f-year').fill(year);
      await admin.getByLabel('Tên đợt xét').fill(round2019Name);
      // The district ended, but its years' rounds are still its own: it is offered as their organiser.
      expect(await choose(admin.getByLabel('Đơn vị tổ chức'), 'UBND huyện Bến Lương')).toBe(true);
      await admin.getByLabel('Nhận hồ sơ từ ngày').fill('01/06/2019');
      await admin.getByLabel('Đến ngày').fill('30/08/2019');
      await admin.getByLabel('Trạng thái khi tạo').selectOption({ label: 'Đã kết thúc' });
      await admin.getByLabel('Ngưỡng công nhận: điểm trung bình tối thiểu').fill('70');
      await submit(admin, admin.getByRole('button', { name: 'Lưu', exact: true }));
    }
    // Not for a year after it ended…
    await districtRoundForm(YEAR);
    await expectAt(admin, '/rounds/new');
    expect(await admin.locator('#f-organisingUnitId-error').textContent()).toContain(`UBND huyện Bến Lương đã chấm dứt hoạt động từ 01/07/2025: chỉ tổ chức được đợt xét đến năm 2025.`);
    // …but for its years.
    await districtRoundForm('2019');
    await expectAt(admin, /^\/rounds\/\d+$/);
    await expectSuccess(admin, `Đã tạo đợt xét "${round2019Name}"`);
    const round2019 = Number(new URL(admin.url()).pathname.split('/').pop());
    const round2019Page = ((await admin.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(round2019Page).toContain('UBND huyện Bến Lương');
    expect(round2019Page).toContain('công nhận Cấp huyện');
    expect(round2019Page).toContain('Đã kết thúc');
    // The province keeps the district's records: its council secretary manages the district's
    // round, and seats the province's people on its council.
    await seat(provinceSecretary, round2019, [
      ['hd.tinh1', 'Chủ tịch hội đồng'],
      ['hd.tinh3', 'Thành viên'],
    ]);
    const council2019 = ((await provinceSecretary.locator('table').first().textContent()) ?? '').replace(/\s+/g, ' ');
    for (const position of Object.values(positions2019)) expect(council2019).toContain(position);

    // The initiative of the district, as the unit was then.
    await admin.goto(`${base}/initiatives/paper/new`);
    expect(await choose(admin.getByLabel('Đợt xét sáng kiến'), round2019Name)).toBe(true);
    await admin.getByLabel('Ngày nộp đơn (theo hồ sơ)').fill('15/08/2019');
    await admin.getByLabel('Tên sáng kiến').fill('Bộ phận Một cửa huyện hỗ trợ người dân thực hiện thủ tục đất đai');
    const unitSelect = admin.locator('#f-unitId');
    expect(await unitSelect.locator('option').allTextContents()).toContainEqual(expect.stringMatching(/UBND huyện Bến Lương \(QTR-HBL\) — đến 30\/06\/2025$/));
    expect(await choose(unitSelect, 'UBND huyện Bến Lương')).toBe(true);
    await admin.getByLabel('Lĩnh vực').selectOption({ label: 'Cải cách thủ tục hành chính' });
    await admin.getByLabel('Ngày áp dụng lần đầu hoặc áp dụng thử').fill('01/03/2019');
    await admin.locator('[name="authors[0][fullName]"]').fill('Lê Văn Thành');
    await admin.locator('[name="authors[0][share]"]').fill('100');
    await admin.getByLabel('Thực trạng, vấn đề cần giải quyết').fill('Hồ sơ đất đai bị trả lại nhiều lần.');
    await admin.getByLabel('Nội dung giải pháp').fill('Công chức Một cửa hướng dẫn, kiểm tra hồ sơ trước khi tiếp nhận.');
    await admin.locator('#f-novelty').fill('Kiểm tra trước khi tiếp nhận.');
    await admin.locator('#f-effects').fill('Giảm hồ sơ bị trả lại.');
    await submit(admin, admin.getByRole('button', { name: 'Lưu', exact: true }));
    await expectAt(admin, /^\/initiatives\/\d+$/);
    await expectSuccess(admin, 'từ hồ sơ giấy');
    const paper = Number(new URL(admin.url()).pathname.split('/').pop());
    const paperPage = (await admin.locator('body').textContent()) ?? '';
    expect(paperPage).toContain('Nhập từ hồ sơ giấy');
    expect(paperPage).toMatch(/SK-2019-\d{4}/);
    const [paperRow] = (await t.db.query('SELECT "unitId", "roundId" FROM initiatives WHERE id = ?', [paper])) as { unitId: number; roundId: number }[];
    expect({ unitId: Number(paperRow.unitId), roundId: Number(paperRow.roundId) }).toEqual({ unitId: district, roundId: round2019 });

    // Its decision of 20/12/2019, by the district, each member's vote from the paper minutes.
    await admin.goto(`${base}/initiatives/${paper}/decision`);
    await admin.getByLabel('Công nhận sáng kiến').check();
    for (const username of ['hd.tinh1', 'hd.tinh3']) await admin.getByLabel(`Biểu quyết của ${person(username).fullName}`).selectOption({ label: 'Đồng ý' });
    await admin.getByLabel('Điểm trung bình').fill('82,5');
    // The round's organiser is the authority the form gives.
    expect(await admin.getByLabel('Cơ quan ra quyết định').locator('option:checked').textContent()).toContain('UBND huyện Bến Lương');
    await admin.getByLabel('Số quyết định').fill('312/QĐ-UBND');
    await admin.getByLabel('Ngày quyết định').fill('20/12/2019');
    await admin.getByLabel('Địa danh ghi ở ngày tháng').fill('Bến Lương');
    await admin.getByLabel('Cách ký').selectOption({ label: 'Người đứng đầu ký' });
    await admin.getByLabel('Chức danh người đứng đầu (hoặc tập thể khi ký TM.)').fill('CHỦ TỊCH');
    await admin.getByLabel('Họ tên người ký').fill('Trần Minh Châu');
    // Every level is offered before the first submit; the district's is Cấp huyện.
    const levels = (await admin.getByLabel('Phạm vi ảnh hưởng (khi công nhận)').locator('option').allTextContents()).map((o) => o.trim());
    expect(levels).toEqual(expect.arrayContaining(['Cấp cơ sở', 'Cấp huyện', 'Cấp tỉnh']));
    expect(await choose(admin.getByLabel('Phạm vi ảnh hưởng (khi công nhận)'), 'Cấp huyện')).toBe(true);
    await submit(admin, admin.getByRole('button', { name: 'Ghi quyết định' }));
    await expectSuccess(admin);
    const [decision2019] = (await t.db.query('SELECT "number", level, "authorityUnitId" FROM decisions WHERE "initiativeId" = ?', [paper])) as { number: string; level: string; authorityUnitId: number }[];
    expect({ ...decision2019, authorityUnitId: Number(decision2019.authorityUnitId) }).toEqual({ number: '312/QĐ-UBND', level: 'district', authorityUnitId: district });

    // The members' positions of today, once the paper record is in.
    await setPosition(admin, 'hd.tinh1', person('hd.tinh1').position);
    await setPosition(admin, 'hd.tinh3', person('hd.tinh3').position);

    const expectPaperCertificate = (pages: string[], when: string) => {
      expect({ when, pages: pages.length }).toEqual({ when, pages: 1 });
      const [text] = pages;
      expect(text).toContain('ỦY BAN NHÂN DÂN HUYỆN BẾN LƯƠNG');
      expect(text).toContain('Số: 312/QĐ-UBND');
      expect(text).toContain('Bến Lương, ngày 20 tháng 12 năm 2019');
      expect(text).toMatch(/CHỦ TỊCH .*Trần Minh Châu/);
      expect(text).toContain('Cấp huyện');
      expect(text).not.toMatch(/TỈNH QUẢNG TRỊ|XÃ BẾN LƯƠNG/);
    };
    /** The 2019 minutes: the district's council of that day, in its positions of then. */
    const expectMinutes2019 = async (minutes: string) => {
      for (const [username, position] of Object.entries(positions2019)) {
        expect(minutes).toContain(position);
        expect(await positionInMinutes(admin, username)).toBe(position);
      }
      expect(minutes).toContain('312/QĐ-UBND');
      expect(minutes).not.toContain(person('hd.tinh1').position);
      expect(minutes).not.toContain(person('hd.tinh3').position);
    };
    expectPaperCertificate(await printCertificate(admin, paper, 'paper-2019-certificate'), '2019, as recorded');
    await expectMinutes2019(await printMinutes(admin, round2019, 'paper-2019-minutes'));

    // ---- Afterwards: new profiles, a member's new position -------------------------------------
    // The same day's version is corrected (a version of the same day replaces it): everything it heads changes from now on.
    await profile(province, '01/07/2025', 'UBND TỈNH QUẢNG TRỊ', 'Ủy ban nhân dân tỉnh Quảng Trị', 'Đông Hà', 'QĐ-UBT', 'Chủ tịch');
    await profile(district, '01/01/2015', 'UBND HUYỆN BẾN LƯƠNG CŨ', 'Ủy ban nhân dân huyện Bến Lương cũ', 'Hồ Xá', 'QĐ-HBL', 'Chủ tịch');
    await profile(commune, '01/07/2025', 'UBND XÃ BẾN LƯƠNG', 'Ủy ban nhân dân xã Bến Lương', 'Cửa Tùng', 'QĐ-XBL', 'Chủ tịch');
    await setPosition(admin, 'hd.tinh1', 'Chủ tịch Ủy ban nhân dân tỉnh');

    expectPaperCertificate(await printCertificate(admin, paper, 'paper-2019-certificate-after'), '2019, after the changes');
    const minutes2019After = await printMinutes(admin, round2019, 'paper-2019-minutes-after');
    await expectMinutes2019(minutes2019After);
    expect(minutes2019After).not.toContain('Chủ tịch Ủy ban nhân dân tỉnh');
    expect(minutes2019After).not.toMatch(/HUYỆN BẾN LƯƠNG CŨ|Hồ Xá/);
    expectProvinceCertificate(await printCertificate(author, forProvince, 'province-certificate-after'), 'province, after the changes');
    expectCommuneCertificate(await printCertificate(author, forCommune, 'commune-certificate-after'), 'commune, after the changes');
    const provinceMinutesAfter = await printMinutes(provinceSecretary, provinceRound, 'province-minutes-after');
    expect(provinceMinutesAfter).toContain(person('hd.tinh1').position);
    expect(await positionInMinutes(provinceSecretary, 'hd.tinh1')).toBe(person('hd.tinh1').position);
    expect(provinceMinutesAfter).not.toContain('Chủ tịch Ủy ban nhân dân tỉnh');
    expect(provinceMinutesAfter).not.toContain(positions2019['hd.tinh1']);
    expect(provinceMinutesAfter).not.toMatch(/Đông Hà, ngày/);

    for (const { page } of sessions.values()) await page.close();
    const violations: string[] = [];
    for (const a11y of watched) violations.push(...(await a11y.finish()));
    expect(violations).toEqual([]);
    // The one form refused on purpose (the district's round of a year after it ended) answers 400, which Chromium logs.
    const refusals = scriptErrors.filter((e) => /status of 400 \(Bad Request\)/.test(e));
    expect(refusals.every((e) => e.startsWith('admin: '))).toBe(true);
    expect(scriptErrors.filter((e) => !refusals.includes(e))).toEqual([]);
  }, 600_000);

  /** The units CSV imported on /units/import. */
  async function page_units_import(admin: Page): Promise<void> {
    await admin.goto(`${base}/units`);
    await admin.goto(`${base}/units/import`);
    await admin.getByLabel('Tệp CSV').setInputFiles({ name: 'don-vi-quang-tri.csv', mimeType: 'text/csv', buffer: Buffer.from(UNITS_CSV, 'utf8') });
    await submit(admin, admin.getByRole('button', { name: 'Nhập', exact: true }));
    await expectAt(admin, '/units');
    expect(await admin.locator('.alert-success').textContent()).toContain('Đã nhập 5 đơn vị');
  }
});
