import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { APP_HOOK_TIMEOUT, createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/test-app';

// Real-browser journeys drive Debian's Chromium through playwright-core (no browser
// download). Without Chromium they are skipped with a plain message, unless
// REQUIRE_BROWSER=1 (set by CI), which makes the absence a failure.
//
// Chromium's headless shell first (Debian's chromium-headless-shell: the same Blink and V8,
// and what Playwright itself runs headless): the whole browser's headless mode runs its own
// interface besides the pages, and the province journey took 284 s of CPU with it against
// 137 s with the shell (170 s and 100 s of wall time, on the same machine).
const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter(Boolean) as string[];

export const chromiumPath = CANDIDATES.find((p) => existsSync(p));
export const browserRequired = process.env.REQUIRE_BROWSER === '1';
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');

export function skipReason(): string | null {
  if (chromiumPath) return null;
  return `Browser journeys skipped: no Chromium found (looked at ${CANDIDATES.join(', ')}). Install it with "apt-get install chromium-headless-shell" (or chromium) or set CHROMIUM_PATH.`;
}

export async function launch(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Starts the test app on a free local port and a browser: the journeys' common start. */
export async function serve(app: { listen(port: number, host: string): Promise<unknown>; getHttpServer(): { address(): unknown } }): Promise<{ base: string; browser: Browser }> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { base: `http://127.0.0.1:${port}`, browser: await launch() };
}

/** The app served and Chromium, as a journey's tests use them. */
export interface ServedApp {
  t: TestApp;
  base: string;
  browser: Browser;
}

/**
 * A journey's common set-up and tear-down: before its tests, the test app (as
 * `createTestApp(options)` makes it) is served on a free local port and Chromium is launched,
 * then handed to `ready`; after them, both are closed. Registered in the calling describe
 * block; a journey's own set-up follows in a beforeAll of its own.
 */
export function servedApp(options: Parameters<typeof createTestApp>[0], ready: (s: ServedApp) => void): void {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    t = await createTestApp(options);
    const served = await serve(t.app);
    browser = served.browser;
    ready({ t, ...served });
  }, APP_HOOK_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, APP_HOOK_TIMEOUT);
}

/** Signs in on the sign-in page as `username` and waits for the home page. */
export async function signInPage(page: Page, base: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${base}/`);
}

/**
 * Accessibility: axe-core checks every page a journey loads, when it has loaded. Serious
 * and critical violations, and landmarks of one name, are collected as "address: rule (impact): elements". A page left
 * before its check finished is checked again at the end, opened afresh with the same
 * cookies (`a11y.finish()`), so every page visited is checked once.
 */
export interface A11y {
  violations: string[];
  checked: string[];
  finish(): Promise<string[]>;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// Run in the page (a string: the test code is type-checked without the DOM library).
// Also two landmarks of one name (landmark-unique, "moderate"): a screen reader's list of
// regions cannot tell them apart.
const AXE_RUN = `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
  .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'landmark-unique')
  .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')))`;

async function axeCheck(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate<string[]>(AXE_RUN);
}

function watchAccessibility(context: BrowserContext, page: Page): A11y {
  const pending: Promise<void>[] = [];
  const missed = new Set<string>();
  const a11y: A11y = {
    violations: [],
    checked: [],
    async finish() {
      await Promise.all(pending);
      for (const url of missed) {
        if (a11y.checked.includes(url)) continue;
        const again = await context.newPage();
        try {
          await again.goto(url);
          const found = await axeCheck(again);
          a11y.checked.push(url);
          a11y.violations.push(...found.map((v) => `${url}: ${v}`));
        } finally {
          await again.close();
        }
      }
      return a11y.violations;
    },
  };
  // Each page once, by address and status (a refused form, 400, is another page than the
  // form): a journey comes back to the same page many times.
  const started = new Set<string>();
  let status = 0;
  page.on('response', (res) => {
    if (res.request().isNavigationRequest() && res.frame() === page.mainFrame()) status = res.status();
  });
  page.on('load', () => {
    const url = page.url();
    if (url.startsWith('about:') || /\.(pdf|png|svg|xlsx|csv|docx)(\?|$)/.test(url)) return;
    const key = `${status} ${url}`;
    if (started.has(key)) return;
    started.add(key);
    pending.push(
      axeCheck(page).then(
        (found) => {
          a11y.checked.push(url);
          a11y.violations.push(...found.map((v) => `${url}: ${v}`));
        },
        () => void missed.add(url), // the journey moved on first
      ),
    );
  });
  return a11y;
}

/**
 * A fresh page at this width in Vietnamese, collecting the page's script errors (and
 * console errors with `console: true`) and the accessibility violations of every page it loads.
 */
export async function openPage(browser: Browser, width: number, options: { height?: number; console?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[]; a11y: A11y }> {
  // Reduced motion, as a user who asks for it sees the pages: no smooth scrolling, no
  // transitions (Bootstrap honours the setting). With motion, an element scrolled into view
  // is still moving when a click aims at it, and Playwright waits until it is still: about
  // a second per click, 12 s of the province journey's 45 s.
  const context = await browser.newContext({ viewport: { width, height: options.height ?? 800 }, locale: 'vi-VN', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (options.console) page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return { context, page, errors, a11y: watchAccessibility(context, page) };
}

/**
 * On a narrow screen, opens the collapsed navigation and waits until it has finished
 * opening (Bootstrap's transition), so that the next click lands on a menu that stays put.
 */
export async function openNavigation(page: Page): Promise<void> {
  const nav = page.locator('#main-nav');
  if (await nav.evaluate((el) => el.classList.contains('show'))) return;
  await page.getByRole('button', { name: 'Mở menu' }).click();
  await page.locator('#main-nav.show:not(.collapsing)').waitFor({ state: 'visible', timeout: 10_000 });
}

/**
 * Opens a dropdown of the header (Bootstrap's script must be ready: on a busy machine a
 * first click can land while the collapsing menu is still moving) and returns the item.
 */
export async function openMenu(page: Page, button: string | RegExp, item: Parameters<Page['getByRole']>): Promise<ReturnType<Page['getByRole']>> {
  const toggle = page.getByRole('button', { name: button });
  const target = page.getByRole(...item);
  for (let attempt = 0; attempt < 5 && !(await target.isVisible()); attempt++) {
    await toggle.click();
    await target.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
  }
  return target;
}
