import { existsSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

// Real-browser journeys drive Debian's Chromium through playwright-core (no browser
// download). Without Chromium they are skipped with a plain message, unless
// REQUIRE_BROWSER=1 (set by CI), which makes the absence a failure.

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];

export const chromiumPath = CANDIDATES.find((p) => existsSync(p));
export const browserRequired = process.env.REQUIRE_BROWSER === '1';
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');

export function skipReason(): string | null {
  if (chromiumPath) return null;
  return `Browser journeys skipped: no Chromium found (looked at ${CANDIDATES.join(', ')}). Install it with "apt-get install chromium" or set CHROMIUM_PATH.`;
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

/** A fresh page at this width in Vietnamese, collecting the page's script errors (and console errors with `console: true`). */
export async function openPage(browser: Browser, width: number, options: { height?: number; console?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: options.height ?? 800 }, locale: 'vi-VN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (options.console) page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return { context, page, errors };
}
