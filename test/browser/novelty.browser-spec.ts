import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { APP_HOOK_TIMEOUT, createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/test-app';
import { openPage, serve, SCREENSHOTS, skipReason } from './browser';

(skipReason() ? describe.skip : describe)('browser journey: the novelty check while an author drafts, on a phone', () => {
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

  it('shows an earlier similar initiative as the title is typed without marks, at 360 px without scrolling sideways', async () => {
    const { context, page, errors, a11y } = await openPage(browser, 360, { height: 780, console: true });
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('tacgia');
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${base}/`);

    await page.goto(`${base}/initiatives/new`);
    const panel = page.locator('[data-novelty-list]');
    expect(await panel.textContent()).toContain('Gõ tên sáng kiến');
    await page.getByLabel('Tên sáng kiến').pressSequentially('niem yet ma qr code tra cuu thu tuc hanh chinh', { delay: 5 });
    await panel.getByRole('link', { name: 'SK-2022-0005' }).waitFor({ timeout: 15_000 });
    expect(await panel.textContent()).toContain('UBND xã Vĩnh Thái (nay thuộc UBND xã Vĩnh Hoàng)');
    await page.screenshot({ path: join(SCREENSHOTS, 'novelty-live-phone.png'), fullPage: true });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    expect(errors).toEqual([]);
    expect(await a11y.finish()).toEqual([]);
    await context.close();
  });
});
