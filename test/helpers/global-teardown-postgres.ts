import { DEMO_TEMPLATE_PG_ENV, removeDemoTemplate } from './test-app';
import { POSTGRES_URL_ENV } from './use-postgres';

/** Jest global teardown of the e2e-postgres project: drops the demo template database. */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env[DEMO_TEMPLATE_PG_ENV];
  if (dir) await removeDemoTemplate(dir, process.env[POSTGRES_URL_ENV]);
  delete process.env[DEMO_TEMPLATE_PG_ENV];
}
