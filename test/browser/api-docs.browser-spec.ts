import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { openPage, servedApp, SCREENSHOTS, skipReason } from './browser';

/** The API's reading page (Swagger UI) works with the app's content security policy, from files of its own. */
(skipReason() ? describe.skip : describe)('browser: the JSON API’s documentation page', () => {
  let browser: Browser;
  let base: string;

  servedApp({ demo: true }, (s) => ({ base, browser } = s));

  it('shows the endpoints, public and with a token, fetching nothing from elsewhere, without script errors', async () => {
    const { context, page, errors } = await openPage(browser, 1366, { console: true });
    const elsewhere: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    });
    await page.goto(`${base}/api/docs`);
    await page.waitForSelector('.opblock-summary-path', { timeout: 30_000 });
    const paths = await page.locator('.opblock-summary-path').allTextContents();
    expect(paths.map((p) => p.replace(/\u200b/g, '').trim()).sort()).toEqual(['/api/v1/initiatives', '/api/v1/initiatives/{id}', '/api/v1/internal/initiatives', '/api/v1/internal/initiatives/{id}', '/api/v1/me', '/api/v1/programmes']);
    // The token is given through the page's "Authorize".
    expect(await page.getByRole('button', { name: /Authorize/ }).count()).toBeGreaterThan(0);
    expect(await page.locator('.info .title').textContent()).toContain('Kho sáng kiến');
    await page.screenshot({ path: join(SCREENSHOTS, 'api-docs.png'), fullPage: false });
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
