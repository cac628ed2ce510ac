import { buildDemoTemplate, DEMO_TEMPLATE_ENV } from './test-app';

/**
 * Jest global setup of the SQLite projects (e2e and browser): migrates an empty database
 * and seeds the demo once per run into a folder that test apps copy. Workers read the
 * folder from the environment.
 */
export default async function globalSetup(): Promise<void> {
  // No quiet fallback: without templates every test app would migrate and seed on its own,
  // a run several times longer that still passes (a flaky template went unseen that way).
  process.env[DEMO_TEMPLATE_ENV] = await buildDemoTemplate(undefined);
}
