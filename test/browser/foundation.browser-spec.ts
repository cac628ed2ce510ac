import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../helpers/test-app';
import { browserRequired, openMenu, openPage, servedApp, SCREENSHOTS, skipReason, signInPage, openNavigation } from './browser';

const reason = skipReason();
if (reason) console.warn(reason);

describe('browser: Chromium is available when required', () => {
  (browserRequired ? it : it.skip)('has Chromium, since REQUIRE_BROWSER=1', () => {
    expect(reason).toBeNull();
  });
});

(reason ? describe.skip : describe)('browser journey: the system admin', () => {
  let browser: Browser;
  let base: string;

  servedApp({ demo: true }, (s) => ({ base, browser } = s));

  it.each([
    ['desktop', 1280],
    ['phone', 360],
  ])('signs in, sees the home page, opens the units tree, signs out (%s)', async (name, width) => {
    const { context, page, errors, a11y } = await openPage(browser, width, { console: true });

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
    if (width < 992) await openNavigation(page);
    // The admin's pages are grouped under one menu.
    await (await openMenu(page, 'Quản trị', ['link', { name: 'Đơn vị', exact: true }])).click();
    await page.waitForURL(/\/units$/);
    expect(await page.locator('.unit-tree').textContent()).toContain('UBND xã Vĩnh Hoàng');
    await page.getByLabel('Tìm theo tên hoặc mã (không cần dấu)').fill('vinh hoang');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=vinh\+hoang/);
    expect(await page.locator('.tree-match').allTextContents()).toEqual(['UBND xã Vĩnh Hoàng']);
    await page.screenshot({ path: join(SCREENSHOTS, `units-${name}.png`), fullPage: true });

    // Nothing may overflow sideways on a phone.
    // (a string: the test code is type-checked without the DOM library)
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    // Every page so far, checked by axe-core while signed in.
    expect(await a11y.finish()).toEqual([]);
    expect(a11y.checked.length).toBeGreaterThanOrEqual(3);

    if (width < 992) await openNavigation(page);
    // The answer to the sign-out is awaited and named, so that a refusal says what it was.
    const signOut = await openMenu(page, /Hoàng Minh Tuấn/, ['button', { name: 'Đăng xuất' }]);
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/logout', { timeout: 60_000 }), signOut.click()]);
    expect(answer.status()).toBe(303);
    await page.waitForURL(/\/login$/, { timeout: 60_000 });
    await page.goto(`${base}/units`);
    await page.waitForURL(/\/login\?next=%2Funits/);

    expect(errors).toEqual([]);
    await context.close();
  }, 150_000);

  it('keeps the header on one line with the account menu in view, without sideways scroll, from 360 to 1920 px', async () => {
    const { context, page, errors, a11y } = await openPage(browser, 1280);
    await signInPage(page, base, 'admin');
    for (const width of [360, 576, 992, 1024, 1100, 1147, 1280, 1366, 1920]) {
      await page.setViewportSize({ width, height: 800 });
      for (const path of ['/', '/initiatives', '/programmes', '/reminders']) {
        await page.goto(`${base}${path}`);
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        // The brand is one line high (a wrapped brand is two or more).
        const brand = await page.evaluate<number>("(() => { const b = document.querySelector('.navbar-brand'); const c = getComputedStyle(b); return (b.getBoundingClientRect().height - parseFloat(c.paddingTop) - parseFloat(c.paddingBottom)) / parseFloat(c.lineHeight); })()");
        expect({ width, path, overflow: overflow <= 0 }).toEqual({ width, path, overflow: true });
        expect({ width, path, oneLine: brand < 1.5 }).toEqual({ width, path, oneLine: true });
        if (width >= 992) {
          const account = page.getByRole('button', { name: /Hoàng Minh Tuấn/ });
          const box = await account.boundingBox();
          expect({ width, path, inView: Boolean(box && box.x >= 0 && box.x + box.width <= width) }).toEqual({ width, path, inView: true });
        }
      }
      await page.screenshot({ path: join(SCREENSHOTS, `header-${width}.png`) });
    }
    expect(errors).toEqual([]);
    expect(await a11y.finish()).toEqual([]);
    await context.close();
  }, 120_000);
});
