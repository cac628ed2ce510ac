import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { TestApp } from '../helpers/test-app';
import { openPage, servedApp, SCREENSHOTS, skipReason, signInPage } from './browser';

/**
 * Each role's day, at a phone's width and a desktop's, on the province's demo: what to do
 * next is on the home page and one click away; nothing typed is lost; every page passes
 * axe (serious, critical, landmarks of one name) and never scrolls sideways.
 */
(skipReason() ? describe.skip : describe).each([
  ['phone', 360],
  ['desktop', 1366],
])('browser journey: each role’s day (%s)', (name, width) => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  servedApp({ demo: true }, (s) => ({ t, base, browser } = s));

  /** A signed-in page at this width; dialogs (confirmations) are accepted and kept. */
  async function as(username: string) {
    const opened = await openPage(browser, width, { console: true });
    const asked: string[] = [];
    opened.page.on('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await signInPage(opened.page, base, username);
    return { ...opened, asked };
  }

  /** The page never scrolls sideways at this width. */
  async function noSidewaysScroll(page: Page): Promise<void> {
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
  }

  async function finish(opened: { context: { close(): Promise<void> }; errors: string[]; a11y: { finish(): Promise<string[]> } }): Promise<void> {
    expect(opened.errors).toEqual([]);
    expect(await opened.a11y.finish()).toEqual([]);
    await opened.context.close();
  }

  it("the secretary's day: the council's work on the home page, who has not scored, a reminder, and when the round can close", async () => {
    const day = await as('thuky');
    const { page } = day;
    const work = page.locator('section', { has: page.getByRole('heading', { name: 'Việc của hội đồng' }) });
    expect(await work.getByRole('link', { name: /sáng kiến đã nộp đang chờ đưa vào đợt xét/ }).count()).toBe(1);
    await noSidewaysScroll(page);
    await work.getByRole('link', { name: /phiếu chấm chưa nộp \(2 thành viên\)/ }).click();
    await page.waitForURL(/\/rounds\/\d+\/results$/);
    expect(await page.locator('main').textContent()).toMatch(/Chưa nộp phiếu: [^,]+, [^\n<]+/);
    await noSidewaysScroll(page);
    await page.getByRole('button', { name: 'Nhắc 2 thành viên chưa nộp phiếu' }).click();
    await page.waitForSelector('.alert-success');
    const roundId = Number(/\/rounds\/(\d+)/.exec(page.url())?.[1]);
    await page.goto(`${base}/rounds/${roundId}`);
    // Closing is not offered while an initiative has no decision: the page says what is missing.
    expect(await page.getByRole('button', { name: 'Chuyển sang Đã kết thúc' }).count()).toBe(0);
    await noSidewaysScroll(page);
    await page.screenshot({ path: join(SCREENSHOTS, `day-secretary-${name}.png`), fullPage: true });
    await finish(day);
  });

  it("the council member's day: the reminder in the header, a daily message instead, and the sheet's score panel at once", async () => {
    // (An address, as an administrator gives it on the account's form.)
    await t.db.query('UPDATE users SET email = ? WHERE username = ?', ['hoidong2@quangtri.gov.vn', 'hoidong2']);
    const day = await as('hoidong2');
    const { page, asked } = day;
    // The secretary's reminder counts in the header of every page.
    // (On a phone beside the folded menu's button, on a desktop in the menu.)
    const header = page.getByRole('link', { name: /Thông báo\s*\d+\s*chưa đọc/ });
    expect(await header.count()).toBe(1);
    await header.click();
    await page.waitForURL(/\/notifications\?unread=1$/);
    expect(await page.locator('main').textContent()).toContain('phiếu chấm chưa nộp');
    await page.goto(`${base}/notifications`);
    await page.getByLabel(/Một thư tổng hợp mỗi ngày/).check();
    await page.getByRole('button', { name: 'Lưu cách nhận thư' }).click();
    await page.waitForSelector('.alert-success');
    expect(await page.getByLabel(/Một thư tổng hợp mỗi ngày/).isChecked()).toBe(true);
    await noSidewaysScroll(page);
    // The sheet: the score panel one tap away on a phone; an invalid score is shown, not confirmed.
    await page.goto(`${base}/reviews`);
    await page.locator('main li', { hasText: 'SK-2026-0003' }).locator('a[href^="/reviews/"]').first().click();
    await page.waitForURL(/\/reviews\/\d+$/);
    const inputs = page.locator('input.score-input');
    if (width < 992) {
      await page.getByRole('navigation', { name: 'Các phần của phiếu chấm' }).getByRole('link', { name: 'Chấm điểm' }).click();
      expect(await page.evaluate<string>('location.hash')).toBe('#panel-heading');
    }
    await inputs.first().fill('999');
    await page.getByRole('button', { name: 'Nộp phiếu chấm' }).click();
    expect(asked).toEqual([]);
    expect(await page.evaluate<boolean>('document.activeElement === document.querySelector("input.score-input")')).toBe(true);
    await noSidewaysScroll(page);
    await finish(day);
  });

  it("the author's day: a short form, a draft, what submitting needs marked, and a draft deleted", async () => {
    const day = await as('tacgia');
    const { page, asked } = day;
    await page.goto(`${base}/initiatives/new`);
    expect(await page.locator('[name$="[fullName]"]').count()).toBe(1);
    if (width < 576) expect(await page.evaluate<number>('document.documentElement.scrollHeight')).toBeLessThanOrEqual(3600);
    await page.getByLabel('Tên sáng kiến').fill(`Bản nháp trong ngày (${name})`);
    await page.getByLabel('Lĩnh vực').selectOption({ label: 'Cải cách thủ tục hành chính' });
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.waitForURL(/\/initiatives\/\d+$/);
    const id = Number(/\/initiatives\/(\d+)$/.exec(page.url())?.[1]);
    // "Nộp" without the content: back on the form, each missing part marked and linked.
    await page.getByRole('button', { name: 'Nộp sáng kiến' }).click();
    await page.waitForURL(new RegExp(`/initiatives/${id}/edit\\?nop=1#error-summary$`));
    expect(await page.locator('#error-summary').textContent()).toContain('Chưa nộp được');
    await page.locator('#error-summary').getByRole('link', { name: 'Cần điền tính mới để nộp.' }).click();
    expect(await page.evaluate<string>('location.hash')).toBe('#f-novelty');
    expect(await page.locator('#f-novelty').getAttribute('aria-invalid')).toBe('true');
    await noSidewaysScroll(page);
    // Not needed after all: the draft is deleted (asked first), not withdrawn.
    await page.goto(`${base}/initiatives/${id}`);
    expect(await page.getByRole('button', { name: 'Rút sáng kiến' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Xóa bản nháp' }).click();
    await page.waitForURL(`${base}/`);
    expect(asked.some((m) => m.startsWith('Xóa bản nháp này?'))).toBe(true);
    expect(await page.locator('.alert-success').textContent()).toContain('Đã xóa bản nháp');
    await finish(day);
  });

  it("the focal point's day: a report that asks only what its status needs, the list folded on a phone, the catalogue's progress and the open data", async () => {
    const day = await as('daumoi.vinhhoa');
    const { page } = day;
    // The home page leads to the unit's reports to make.
    const report = page.locator('main a[href^="/adoptions/"]').first();
    expect(await report.count()).toBe(1);
    await report.click();
    await page.waitForURL(/\/adoptions\/\d+$/);
    const status = page.getByLabel('Tình trạng áp dụng');
    await status.selectOption('not_adopted');
    expect([await page.getByLabel('Ngày bắt đầu áp dụng (khi đã áp dụng)').isVisible(), await page.getByLabel('Lý do không áp dụng (khi không áp dụng)').isVisible()]).toEqual([false, true]);
    await status.selectOption('adopted');
    expect([await page.getByLabel('Ngày bắt đầu áp dụng (khi đã áp dụng)').isVisible(), await page.getByLabel('Lý do không áp dụng (khi không áp dụng)').isVisible()]).toEqual([true, false]);
    await noSidewaysScroll(page);
    // The list: on a phone the filters wait behind "Lọc", and the exports are one menu.
    await page.goto(`${base}/initiatives?year=2022`);
    const more = page.locator('details.filters-more');
    expect(await more.getAttribute('open')).toBe(width < 992 ? null : '');
    expect(await page.locator('details.export-menu summary').textContent()).toContain('Xuất danh sách');
    await noSidewaysScroll(page);
    // The public catalogue says how far an initiative has spread.
    const [{ id: qr }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0005'`);
    await page.goto(`${base}/catalogue/${qr}`);
    expect(await page.getByRole('heading', { name: 'Tình hình nhân rộng' }).count()).toBe(1);
    expect(await page.locator('main').textContent()).toMatch(/Đã được \d+ đơn vị áp dụng/);
    await noSidewaysScroll(page);
    // From the footer, the open data: its files and dictionary, readable at this width.
    await page.getByRole('contentinfo').getByRole('link', { name: 'Dữ liệu mở' }).click();
    await page.waitForURL(`${base}/open-data`);
    expect(await page.getByRole('heading', { name: 'Từ điển dữ liệu' }).count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('so_don_vi_da_ap_dung');
    await noSidewaysScroll(page);
    await page.screenshot({ path: join(SCREENSHOTS, `day-focal-${name}.png`), fullPage: true });
    await finish(day);
  });
});
