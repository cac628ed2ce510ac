import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { seed, seedProgramme } from '../../bench/seed';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { APP_HOOK_TIMEOUT, createTestApp, TestApp } from '../helpers/test-app';
import { openPage, serve, SCREENSHOTS, skipReason } from './browser';

const PASSWORD = 'Matrix@Test2026';

(skipReason() ? describe.skip : describe)('browser journey: the district opens a 50 × 300 adoption matrix and pages through it', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'sang-kien-matrix-'));

  beforeAll(async () => {
    // A province's programme: 50 initiatives × 300 units, 15,000 records, seeded directly.
    const db = new DataSource(dataSourceOptions(dir, 'matrix.sqlite'));
    await db.initialize();
    await seed(db, { units: 420, initiatives: 300, attachments: 0 }, PASSWORD);
    await seedProgramme(db, { initiatives: 50, units: 300 });
    await db.destroy();
    t = await createTestApp({ sqlite: true, env: { DATA_DIR: dir, DATABASE_FILE: 'matrix.sqlite' } });
    ({ base, browser } = await serve(t.app));
  }, APP_HOOK_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  }, APP_HOOK_TIMEOUT);

  it.each([
    ['desktop', 1280],
    ['phone', 360],
  ])('summary, grid page by page, a unit’s records, a record (%s)', async (name, width) => {
    const { context, page, errors, a11y } = await openPage(browser, width, { console: true });

    await page.goto(`${base}/login?next=%2Fprogrammes%2F1`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${base}/programmes/1`);

    // The summary first: every initiative's rate and the groups of units.
    expect(await page.locator('#theo-sang-kien + .table-responsive tbody tr').count()).toBe(50);
    expect(await page.locator('#theo-nhom + .table-responsive tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.stat-card').filter({ hasText: 'đơn vị áp dụng' }).locator('.stat-value').textContent()).toBe('300');

    // The grid: 30 units as rows, 50 initiatives as columns, no link inside the cells.
    const grid = page.locator('table.adoption-matrix');
    expect(await grid.locator('caption').textContent()).toBe('Hàng: đơn vị 1–30 trong 300; cột: sáng kiến.');
    expect(await grid.locator('tbody tr').count()).toBe(30);
    expect(await grid.locator('tbody td a').count()).toBe(0);
    expect(await grid.locator('tbody tr').first().locator('td').count()).toBe(51);
    await page.screenshot({ path: join(SCREENSHOTS, `matrix-${name}.png`) });
    await page.locator('#ma-tran').screenshot({ path: join(SCREENSHOTS, `matrix-grid-${name}.png`) });

    if (width < 576) {
      // On a phone each unit is a card: its name across, then each initiative's code with its state, three a line.
      const card = grid.locator('tbody tr').first();
      const cardBox = await card.boundingBox();
      const firstCell = await card.locator('td').first().boundingBox();
      const secondCell = await card.locator('td').nth(1).boundingBox();
      expect(cardBox!.width).toBeLessThanOrEqual(360);
      expect(firstCell!.x).toBeLessThan(secondCell!.x);
      expect(Math.round(firstCell!.y)).toBe(Math.round(secondCell!.y));
      expect(await card.locator('td').first().getAttribute('data-label')).toMatch(/^SK-\d{4}-\d+$/);
      expect(await grid.locator('tbody').getAttribute('role')).toBe('rowgroup');
      await card.screenshot({ path: join(SCREENSHOTS, 'matrix-unit-card-phone.png') });
    } else {
      // On a desktop the top-left header stays put when the grid scrolls sideways, above the unit names.
      const wrap = page.locator('.matrix-wrap');
      await wrap.evaluate((el) => el.scrollBy(400, 200));
      const corner = await grid.locator('thead th').first().boundingBox();
      const wrapBox = await wrap.boundingBox();
      expect(Math.round(corner!.x)).toBe(Math.round(wrapBox!.x));
      expect(Math.round(corner!.y)).toBe(Math.round(wrapBox!.y));
      await wrap.evaluate((el) => el.scrollTo(0, 0));
    }

    // The page itself never scrolls sideways; the grid scrolls in its own frame.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    // From the top, a few tab stops reach "Đến ma trận áp dụng" (past the summary's 50 and more links).
    await page.locator('h1').click();
    let stops = 0;
    for (; stops < 6; stops++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate<string>('document.activeElement.textContent')) === 'Đến ma trận áp dụng') break;
    }
    expect(stops).toBeLessThan(6);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#ma-tran-heading$/);
    // The skip link leads past the table to its paging, which stays reachable: the next tab stop is a page link.
    const skip = page.getByRole('link', { name: 'Bỏ qua bảng ma trận' });
    await skip.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#sau-ma-tran$/);
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.closest("nav") ? document.activeElement.closest("nav").getAttribute("aria-label") : ""')).toBe('Phân trang');

    // Next page, then the last one.
    await page.getByRole('link', { name: 'Sau ›' }).click();
    await page.waitForURL(/page=2#ma-tran$/);
    expect(await grid.locator('caption').textContent()).toBe('Hàng: đơn vị 31–60 trong 300; cột: sáng kiến.');
    await page.goto(`${base}/programmes/1?page=10`);
    expect(await grid.locator('caption').textContent()).toBe('Hàng: đơn vị 271–300 trong 300; cột: sáng kiến.');

    // Filter: one group of units, not adopted only (the others dimmed).
    await page.getByLabel('Nhóm đơn vị', { exact: true }).selectOption({ label: 'Phường' });
    await page.getByLabel('Tình trạng', { exact: true }).selectOption({ label: 'Không áp dụng' });
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL(/kind=ward/);
    expect(await grid.locator('tbody td.m-not_adopted:not(.dim)').count()).toBeGreaterThan(0);
    expect(await grid.locator('tbody td.m-adopted:not(.dim)').count()).toBe(0);

    // A unit's row leads to its 50 records, each to its record page.
    const unitLink = grid.locator('tbody th a').first();
    const unitName = (await unitLink.textContent()) ?? '';
    await unitLink.click();
    await page.waitForURL(/\/programmes\/1\/units\/\d+$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(unitName);
    expect(await page.locator('table a[href^="/adoptions/"]').count()).toBe(50);
    await page.locator('table a[href^="/adoptions/"]').first().click();
    await page.waitForURL(/\/adoptions\/\d+$/);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    // The report shows what the chosen status needs: the date when adopted, the reason when not.
    const status = page.getByLabel('Tình trạng áp dụng');
    const date = page.getByLabel('Ngày bắt đầu áp dụng (khi đã áp dụng)');
    const reason = page.getByLabel('Lý do không áp dụng (khi không áp dụng)');
    await status.selectOption('adopted');
    expect([await date.isVisible(), await reason.isVisible()]).toEqual([true, false]);
    await status.selectOption('not_adopted');
    expect([await date.isVisible(), await reason.isVisible()]).toEqual([false, true]);
    await status.selectOption('in_progress');
    expect([await date.isVisible(), await reason.isVisible(), await page.getByLabel('Giải thích').isVisible()]).toEqual([false, false, true]);

    // The reasons page: its wide table scrolls in a frame the keyboard can reach.
    await page.goto(`${base}/programmes/1/reasons`);
    expect(await page.locator('#per-initiative-heading + .table-responsive tbody tr').count()).toBe(50);

    expect(errors).toEqual([]);
    expect(await a11y.finish()).toEqual([]);
    expect(a11y.checked.length).toBeGreaterThanOrEqual(3);
    await context.close();
  }, 120_000);
});
