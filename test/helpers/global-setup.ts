import { buildDemoTemplate, DEMO_TEMPLATE_ENV } from './test-app';

/**
 * Jest global setup of the SQLite projects (e2e and browser): migrates an empty database
 * and seeds the demo once per run into a folder that test apps copy. Workers read the
 * folder from the environment.
 */
export default async function globalSetup(): Promise<void> {
  try {
    process.env[DEMO_TEMPLATE_ENV] = await buildDemoTemplate(undefined);
  } catch (error) {
    // Without a template each suite seeds the demo itself and reports the same error where it belongs.
    console.warn('Demo template not built; suites will seed the demo themselves:', error);
  }
}
