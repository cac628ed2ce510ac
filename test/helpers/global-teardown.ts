import { rmSync } from 'node:fs';
import { DEMO_TEMPLATE_ENV } from './test-app';

/** Jest global teardown: removes the demo template built by the global setup. */
export default function globalTeardown(): void {
  const dir = process.env[DEMO_TEMPLATE_ENV];
  if (dir) rmSync(dir, { recursive: true, force: true });
  delete process.env[DEMO_TEMPLATE_ENV];
}
