import TestAgent from 'supertest/lib/agent';
import { APP_HOOK_TIMEOUT, createTestApp, DEMO_PASSWORD, signIn, TestApp } from './helpers/test-app';
import { ReadCache } from '../src/database/read-cache';

/** The main menu of a page (the header's nav). */
function menuOf(html: string): string {
  const m = /<nav class="navbar[^>]*aria-label="Điều hướng chính">([\s\S]*?)<\/nav>/.exec(html);
  if (!m) throw new Error('no main menu on the page');
  return m[1];
}

/** The labels of the menu's links marked as the current page. */
function currentIn(html: string): string[] {
  return [...menuOf(html).matchAll(/<a [^>]*aria-current="page"[^>]*>([^<]*)<\/a>/g)].map((m) => m[1].trim());
}

/** The cells of the first table of class `cls` (tag, attributes, text without tags). */
function tableOf(html: string, cls: string): string {
  const m = new RegExp(`<table class="[^"]*\\b${cls}\\b[^"]*"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!m) throw new Error(`no table .${cls}`);
  return m[0];
}

/** The app's stylesheet as the page links it. */
async function cssFrom(t: TestApp, html: string): Promise<string> {
  const href = /<link rel="stylesheet" href="(\/assets\/css\/app\.css[^"]*)">/.exec(html)?.[1];
  if (!href) throw new Error('no app.css on the page');
  const res = await t.agent().get(href);
  expect(res.status).toBe(200);
  return res.text;
}

describe('pages people live in: the menu and tables on phones', () => {
  let t: TestApp;
  let admin: TestAgent;
  let secretary: TestAgent;
  let member: TestAgent;
  const cssOf = (html: string) => cssFrom(t, html);

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('shows the admin what happened, each action once, and greets without repeating the unit', async () => {
    const page = await admin.get('/');
    expect(page.status).toBe(200);
    const recent = /<section aria-labelledby="recent-heading">([\s\S]*?)<\/section>/.exec(page.text)?.[1] ?? '';
    // A sign-in reads "Đăng nhập", not "Đăng nhập: Đăng nhập".
    expect(recent).toContain('<span><strong>Đăng nhập</strong></span>');
    expect(recent).not.toContain('Đăng nhập</strong>: Đăng nhập');
    // The demo's own entry counts the initiatives it loaded (10: not the 8 of its first list).
    const [{ n }] = await t.db.query('SELECT COUNT(*) AS n FROM initiatives');
    expect(Number(n)).toBe(10);
    expect(recent).toMatch(
      new RegExp(`<strong>Nạp dữ liệu mẫu</strong>: Dữ liệu mẫu: tỉnh Quảng Trị \\(\\d+ đơn vị hiện nay, \\d+ đơn vị của huyện Vĩnh Linh trước 01/07/2025\\), \\d+ người dùng, ${Number(n)} sáng kiến; đợt xét 2022 và kế hoạch nhân rộng 2023 của huyện Vĩnh Linh</span>`),
    );
    // The position already names the unit: it is not said again.
    expect(page.text).toContain('Xin chào Hoàng Minh Tuấn, Chuyên viên Sở Nội vụ, quản trị hệ thống.');
    expect(page.text).not.toContain('quản trị hệ thống — Sở Nội vụ');
    const hd2 = await signIn(t.agent(), 'hoidong2', DEMO_PASSWORD);
    expect((await hd2.get('/')).text).toContain('Xin chào Đặng Thị Mai Hương, Trưởng phòng Quản lý khoa học, Sở Khoa học và Công nghệ.');
    // When it does not, the unit follows.
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    expect((await author.get('/')).text).toContain('Xin chào Ngô Thị Thanh Hà, Công chức Văn phòng HĐND và UBND xã — UBND xã Vĩnh Hoàng.');
  });

  it('groups the admin pages under one keyboard-operable "Quản trị" dropdown', async () => {
    const page = await admin.get('/');
    expect(page.status).toBe(200);
    const menu = menuOf(page.text);
    const group = /<li class="nav-item dropdown">\s*<button class="nav-link dropdown-toggle[^"]*" type="button" id="nav-admin" data-bs-toggle="dropdown" aria-expanded="false">Quản trị<\/button>\s*<ul class="dropdown-menu" aria-labelledby="nav-admin">([\s\S]*?)<\/ul>/.exec(menu);
    expect(group).not.toBeNull();
    const inside = [...(group as RegExpExecArray)[1].matchAll(/<a class="dropdown-item[^"]*" href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(inside).toEqual(['/units Đơn vị', '/users Người dùng', '/fields Lĩnh vực', '/legal-bases Căn cứ pháp lý', '/reminders Nhắc việc tự động', '/audit Nhật ký']);
    // Not on the bar itself any more.
    expect(menu).not.toMatch(/class="nav-link[^"]*" href="\/users"/);
    expect(menu).not.toMatch(/class="nav-link[^"]*" href="\/audit"/);
    // Bootstrap's dropdown script (with Popper) is served and loaded by the page.
    const script = /<script src="(\/vendor\/bootstrap\/js\/bootstrap\.bundle\.min\.js[^"]*)"><\/script>/.exec(page.text);
    expect(script).not.toBeNull();
    const js = await t.agent().get((script as RegExpExecArray)[1]);
    expect(js.status).toBe(200);
    expect(js.text).toContain('dropdown');
    // The brand: the full name for assistive technology, a short one that fits the bar.
    expect(page.text).toContain('<span class="brand-full">Kho sáng kiến <span class="d-none d-sm-inline">cải cách hành chính</span></span>');
    expect(page.text).toContain('<abbr title="cải cách hành chính">CCHC</abbr>');
  });

  it('shows no Quản trị menu to those who administer nothing', async () => {
    for (const agent of [secretary, member]) {
      const menu = menuOf((await agent.get('/')).text);
      expect(menu).not.toContain('Quản trị');
      expect(menu).not.toContain('href="/users"');
    }
  });

  it('marks exactly the current section as the current page', async () => {
    expect(currentIn((await member.get('/')).text)).toEqual(['Việc cần làm']);
    expect(currentIn((await member.get('/initiatives')).text)).toEqual(['Sáng kiến']);
    expect(currentIn((await member.get('/reviews')).text)).toEqual(['Phiếu chấm']);
    expect(currentIn((await member.get('/catalogue')).text)).toEqual(['Danh mục công khai']);
    expect(currentIn((await secretary.get('/rounds')).text)).toEqual(['Đợt xét']);
    // An admin page: its link inside the dropdown, and the group's toggle looks current.
    const users = await admin.get('/users');
    expect(currentIn(users.text)).toEqual(['Người dùng']);
    expect(menuOf(users.text)).toContain('class="nav-link dropdown-toggle active" type="button" id="nav-admin"');
    expect(menuOf((await admin.get('/initiatives')).text)).toContain('class="nav-link dropdown-toggle" type="button" id="nav-admin"');
    // A page of no section marks nothing.
    expect(currentIn((await member.get('/account/password')).text)).toEqual([]);
  });

  it('gives every cell of the initiatives list its column name for the card layout, keeping the table roles', async () => {
    const page = await admin.get('/initiatives');
    expect(page.status).toBe(200);
    const table = tableOf(page.text, 'initiative-table');
    expect(table).toMatch(/^<table class="[^"]*\btable-cards\b[^"]*" role="table">/);
    expect(table).toContain('<thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">Sáng kiến</th>');
    const rows = table.match(/<tr role="row">/g) ?? [];
    expect(rows.length).toBeGreaterThan(2);
    for (const label of ['Đơn vị', 'Lĩnh vực', 'Năm', 'Trạng thái']) {
      expect((table.match(new RegExp(`<td role="cell"[^>]* data-label="${label}">`, 'g')) ?? []).length).toBe(rows.length - 1);
    }
    // The title cell is the card's heading: no label.
    expect((table.match(/<td role="cell" class="card-title-cell">/g) ?? []).length).toBe(rows.length - 1);
  });

  it('shows the public catalogue as cards on phones too', async () => {
    const page = await t.agent().get('/catalogue');
    expect(page.status).toBe(200);
    const table = tableOf(page.text, 'initiative-table');
    expect(table).toContain('table-cards');
    expect(table).toMatch(/<td role="cell" data-label="Đơn vị">[^<]+<\/td>/);
    expect(table).toContain('data-label="Trạng thái"');
  });

  it('shows the authors and indicators of an initiative as cards on phones (its page, the public page, the score sheet)', async () => {
    const [{ id }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0001'`);
    const page = await admin.get(`/initiatives/${id}`);
    expect(page.status).toBe(200);
    const authors = tableOf(page.text, 'authors-table');
    expect(authors).toMatch(/^<table class="[^"]*\btable-cards\b[^"]*" role="table">/);
    expect(authors).toContain('<thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">Họ và tên</th><th scope="col" role="columnheader">Ngày sinh</th>');
    const rows = (authors.match(/<tr role="row">/g) ?? []).length - 1;
    expect(rows).toBeGreaterThan(0);
    expect((authors.match(/<td role="cell" class="card-title-cell">/g) ?? []).length).toBe(rows);
    for (const label of ['Ngày sinh', 'Nơi công tác', 'Chức danh', 'Trình độ chuyên môn', 'Tỷ lệ đóng góp']) {
      expect((authors.match(new RegExp(`<td role="cell"[^>]* data-label="${label}">`, 'g')) ?? []).length).toBe(rows);
    }
    const indicators = tableOf(page.text, 'indicators-table');
    expect(indicators).toContain('table-cards');
    for (const label of ['Đơn vị tính', 'Trước khi áp dụng', 'Sau khi áp dụng']) expect(indicators).toContain(`data-label="${label}"`);
    // The public page: the same cards, without the birth dates.
    const pub = tableOf((await t.agent().get(`/catalogue/${id}`)).text, 'authors-table');
    expect(pub).toContain('table-cards');
    expect(pub).toContain('data-label="Nơi công tác"');
    expect(pub).not.toContain('Ngày sinh');
    // The score sheet shows the initiative through the same partial.
    const [{ id: sheet }] = await t.db.query(`SELECT a.id FROM assignments a JOIN council_members m ON m.id = a."memberId" JOIN users u ON u.id = m."userId" WHERE u.username = 'hoidong1' AND a."initiativeId" = ?`, [id]);
    expect(tableOf((await member.get(`/reviews/${sheet}`)).text, 'authors-table')).toContain('data-label="Tỷ lệ đóng góp"');
    // The card rule for the name (the card's heading) is served.
    const css = await cssOf(page.text);
    expect(css).toContain('.authors-table td.card-title-cell');
  });

  it('keeps the account menu’s caret on the name’s line in the folded menu (below 992 px)', async () => {
    const page = await admin.get('/');
    expect(page.text).toMatch(/<button class="nav-link dropdown-toggle user-toggle"[^>]*>\s*<span class="user-name">Hoàng Minh Tuấn<\/span><span class="user-unit">Sở Nội vụ<\/span>/);
    const css = await cssOf(page.text);
    const folded = /@media \(max-width: 991\.98px\) \{([\s\S]*?)\n\}/.exec(css)?.[1] ?? '';
    // The name and the caret share the first row of a grid; the unit goes under the name.
    expect(folded).toMatch(/\.user-toggle\.dropdown-toggle \{[^}]*display: inline-grid;/);
    expect(folded).toMatch(/\.user-toggle \.user-name \{[^}]*grid-row: 1;/);
    expect(folded).toMatch(/\.user-toggle \.user-unit \{[^}]*grid-row: 2;/);
    expect(folded).toMatch(/\.user-toggle\.dropdown-toggle::after \{[^}]*grid-column: 2; grid-row: 1;/);
  });

  it('keeps the programme’s downloads apart from the tabs of its pages', async () => {
    const [{ id }] = await t.db.query(`SELECT id FROM programmes ORDER BY id LIMIT 1`);
    const tabsOf = (html: string) => /<nav class="nav nav-pills[^"]*" aria-label="Các phần của kế hoạch">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
    const downloadsOf = (html: string) => /<section class="programme-downloads[^"]*" aria-labelledby="tai-xuong-heading">\s*<h2 class="h6 mb-1" id="tai-xuong-heading">Tải xuống<\/h2>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    const exports = [`/programmes/${id}/export.xlsx`, `/programmes/${id}/rates.csv`, `/programmes/${id}/rates.csv?sep=semicolon`, `/programmes/${id}/export.csv`, `/programmes/${id}/export.csv?sep=semicolon`];
    for (const [agent, path, current] of [[admin, `/programmes/${id}`, 'Ma trận áp dụng'], [secretary, `/programmes/${id}/reasons`, 'Lý do và thời gian áp dụng']] as const) {
      const page = await agent.get(path);
      expect(page.status).toBe(200);
      const tabs = tabsOf(page.text);
      const links = [...tabs.matchAll(/<a class="nav-link[^"]*"[^>]* href="([^"]+)">([^<]+)<\/a>/g)].map((m) => m[1]);
      expect(links.slice(0, 2)).toEqual([`/programmes/${id}`, `/programmes/${id}/reasons`]);
      expect(tabs).toContain(`aria-current="page" href="${path}">${current}</a>`);
      // No file among the tabs…
      for (const href of exports) expect(tabs).not.toContain(href);
      expect(tabs).not.toContain('Xuất');
      // …all of them in their own group.
      const downloads = downloadsOf(page.text);
      expect([...downloads.matchAll(/<li><a href="([^"]+)">/g)].map((m) => m[1])).toEqual(exports);
      expect(downloads).not.toContain('nav-link');
      for (const href of exports.slice(1)) expect((await agent.get(href)).status).toBe(200);
    }
    // Only those who may change the programme get its "Điều chỉnh" tab.
    expect(tabsOf((await admin.get(`/programmes/${id}`)).text)).toContain(`href="/programmes/${id}/edit">Điều chỉnh sáng kiến, đơn vị</a>`);
    expect(tabsOf((await secretary.get(`/programmes/${id}`)).text)).not.toContain('/edit');
    // The same tabs on the reasons page.
    expect(tabsOf((await admin.get(`/programmes/${id}/reasons`)).text)).toContain(`href="/programmes/${id}/edit">Điều chỉnh sáng kiến, đơn vị</a>`);
    expect(tabsOf((await secretary.get(`/programmes/${id}/reasons`)).text)).not.toContain('/edit');
  });

  it('labels every cell of the council results for the card layout', async () => {
    const [{ id: roundId }] = await t.db.query(`SELECT id FROM rounds WHERE year = 2022`);
    const page = await secretary.get(`/rounds/${roundId}/results`);
    expect(page.status).toBe(200);
    const table = tableOf(page.text, 'results-table');
    expect(table).toMatch(/^<table class="[^"]*\btable-cards\b[^"]*" role="table">/);
    expect(table).toMatch(/<td role="cell" class="text-end fw-semibold" data-label="Điểm trung bình">\d+(,\d+)?<\/td>/);
    expect(table).toContain('data-label="Số phiếu hợp lệ"');
    expect(table).toContain('data-label="Độ lệch chuẩn"');
    expect(table).toMatch(/data-label="Trung bình: [^"(]+ \(tối đa \d+\)"/);
    expect(table).toContain('data-label="Ngưỡng');
  });
});

describe('home pages of council members', () => {
  let t: TestApp;
  /** The province's 2026 round: SK-2026-0003 under review, hoidong1 has submitted, hoidong2 keeps a draft, hoidong3 has not begun. */
  let roundId: number;
  const sheetOf = async (username: string) =>
    (await t.db.query(`SELECT a.id FROM assignments a JOIN council_members m ON m.id = a."memberId" JOIN users u ON u.id = m."userId" WHERE u.username = ? AND a."roundId" = ?`, [username, roundId]))[0].id as number;
  const scoringOf = (html: string) => /<section class="mb-4" aria-labelledby="reviews-heading">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    [{ id: roundId }] = await t.db.query(`SELECT id FROM rounds WHERE name = 'Đợt xét sáng kiến cải cách hành chính năm 2026'`);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('lists what is left to score, and "đã chấm 0/1" opens the sheet; an untouched sheet says "Chưa chấm"', async () => {
    const member = await signIn(t.agent(), 'hoidong3', DEMO_PASSWORD);
    const sheet = await sheetOf('hoidong3');
    const section = scoringOf((await member.get('/')).text);
    expect(section).toContain('Phiếu chấm đang chờ bạn');
    expect(section).toContain(`<a href="/reviews/${sheet}">đã chấm 0/1</a>`);
    expect(section).toMatch(new RegExp(`<a href="/reviews/${sheet}">Trả kết quả[^<]*</a>[\\s\\S]*?<span class="badge text-bg-light border align-self-center">Chưa chấm</span>`));
    expect(section).not.toContain('Đang chấm dở');
    const list = await member.get('/reviews');
    expect(list.text).toContain('<span class="badge text-bg-light border align-self-center">Chưa chấm</span>');
  });

  it('shows a draft sheet as begun, unlike an untouched one', async () => {
    const member = await signIn(t.agent(), 'hoidong2', DEMO_PASSWORD);
    const sheet = await sheetOf('hoidong2');
    expect((await t.db.query(`SELECT status FROM reviews WHERE "assignmentId" = ?`, [sheet]))[0].status).toBe('draft');
    const section = scoringOf((await member.get('/')).text);
    expect(section).toContain(`<a href="/reviews/${sheet}">đã chấm 0/1</a>`);
    expect(section).toContain('<span class="badge text-bg-warning align-self-center">Đang chấm dở — đã lưu nháp</span>');
    expect(section).not.toContain('>Chưa chấm<');
    const list = await member.get('/reviews');
    expect(list.text).toContain('<span class="badge text-bg-warning align-self-center">Đang chấm dở — đã lưu nháp</span>');
  });

  it('tells a member who has scored everything so, with the way to the council vote', async () => {
    const member = await signIn(t.agent(), 'hoidong1', DEMO_PASSWORD);
    const home = await member.get('/');
    const section = scoringOf(home.text);
    expect(section).toMatch(/Bạn đã chấm xong tất cả \d+ sáng kiến được giao\./);
    expect(section).toContain('<a href="/reviews">Xem lại các phiếu chấm của bạn</a>');
    expect(section).toContain(`<a href="/rounds/${roundId}/votes">Biểu quyết: Đợt xét sáng kiến cải cách hành chính năm 2026</a>`);
    expect(section).not.toContain('Phiếu chấm đang chờ bạn');
    // The ballot it links to opens for this member.
    expect((await member.get(`/rounds/${roundId}/votes`)).status).toBe(200);
  });

  it('tells a member who has been given nothing yet so', async () => {
    await t.db.query(`UPDATE users SET roles = 'author,council_member' WHERE username = 'tacgia'`);
    const member = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    const section = scoringOf((await member.get('/')).text);
    expect(section).toContain('Chưa có sáng kiến nào được giao cho bạn chấm.');
    expect((await member.get('/reviews')).text).toContain('Chưa có sáng kiến nào được giao cho bạn chấm.');
  });

  it('says there is nothing to do rather than showing a blank page', async () => {
    // A secretary whose rounds still run has their work listed; once none waits for a round,
    // the rounds are decided and closed, nothing is left.
    await t.db.query(`UPDATE initiatives SET status = 'recognized' WHERE status = 'under_review'`);
    const secretary = await signIn(t.agent(), 'thuky', DEMO_PASSWORD);
    const busy = await secretary.get('/');
    expect(busy.text).toContain('Việc của hội đồng');
    expect(busy.text).toContain('mọi sáng kiến đã có quyết định: có thể kết thúc đợt');
    expect(busy.text).not.toContain('Hiện chưa có việc nào cần bạn xử lý.');
    await t.db.query(`UPDATE initiatives SET status = 'withdrawn' WHERE status = 'submitted' AND "roundId" IS NULL`);
    await t.db.query(`UPDATE rounds SET status = 'closed'`);
    // Written behind the application's back: the rounds it keeps as reference data go as after a change of its own.
    t.app.get(ReadCache).changed();
    const home = await secretary.get('/');
    expect(home.status).toBe(200);
    expect(home.text).not.toContain('Sáng kiến quá hạn ra quyết định');
    expect(home.text).not.toContain('Việc của hội đồng');
    expect(home.text).toContain('Hiện chưa có việc nào cần bạn xử lý.');
  });
});

