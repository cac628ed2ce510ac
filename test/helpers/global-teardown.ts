import { DEMO_TEMPLATE_ENV, removeDemoTemplate } from './test-app';

/** Jest global teardown: removes the demo template built by the global setup. */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env[DEMO_TEMPLATE_ENV];
  if (dir) await removeDemoTemplate(dir);
  delete process.env[DEMO_TEMPLATE_ENV];
}
