import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { APP_HOOK_TIMEOUT, createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/test-app';
import { browserRequired, openPage, serve, SCREENSHOTS, skipReason } from './browser';

const reason = skipReason();
if (reason) console.warn(reason);

describe('browser: Chromium is available when required', () => {
  (browserRequired ? it : it.skip)('has Chromium, since REQUIRE_BROWSER=1', () => {
    expect(reason).toBeNull();
  });
});

(reason ? describe.skip : describe)('browser journey: the district admin', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    ({ base, browser } = await serve(t.app));
  }, APP_HOOK_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, APP_HOOK_TIMEOUT);

  it.each([
    ['desktop', 1280],
    ['phone', 360],
  ])('signs in, sees the home page, opens the units tree, signs out (%s)', async (name, width) => {
    const { context, page, errors } = await openPage(browser, width, { console: true });

    await page.goto(`${base}/`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.screenshot({ path: join(SCREENSHOTS, `login-${name}.png`), fullPage: true });
    await page.getByRole('button', { name: 'Đăng nhập' }).click();

    await page.waitForURL(`${base}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Việc cần làm');
    expect(await page.locator('.stat-card').count()).toBe(2);
    await page.screenshot({ path: join(SCREENSHOTS, `home-${name}.png`), fullPage: true });

    // On a phone the menu sits behind the toggler.
    if (width < 992) await page.getByRole('button', { name: 'Mở menu' }).click();
    await page.getByRole('link', { name: 'Đơn vị', exact: true }).click();
    await page.waitForURL(/\/units$/);
    expect(await page.locator('.unit-tree').textContent()).toContain('UBND xã Vĩnh Hòa');
    await page.getByLabel('Tìm theo tên hoặc mã (không cần dấu)').fill('vinh thai');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=vinh\+thai/);
    expect(await page.locator('.tree-match').allTextContents()).toEqual(['UBND xã Vĩnh Thái']);
    await page.screenshot({ path: join(SCREENSHOTS, `units-${name}.png`), fullPage: true });

    // Nothing may overflow sideways on a phone.
    // (a string: the test code is type-checked without the DOM library)
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    if (width < 992) await page.getByRole('button', { name: 'Mở menu' }).click();
    // The account menu opens on a click once Bootstrap is ready (on a busy machine a click
    // can land while the collapsing menu is still moving): click until it is open.
    const account = page.getByRole('button', { name: /Hoàng Minh Tuấn/ });
    const signOut = page.getByRole('button', { name: 'Đăng xuất' });
    for (let attempt = 0; attempt < 5 && !(await signOut.isVisible()); attempt++) {
      await account.click();
      await signOut.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
    }
    await signOut.click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${base}/units`);
    await page.waitForURL(/\/login\?next=%2Funits/);

    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
