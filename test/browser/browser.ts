import { existsSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';

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
