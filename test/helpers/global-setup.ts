import { Client } from 'pg';
import { buildDemoTemplate, DEMO_TEMPLATE_ENV, TEST_DATABASE_URL } from './test-app';

/** With REQUIRE_POSTGRES=1 (CI), a run without a reachable PostgreSQL fails instead of using SQLite. */
async function checkPostgres(): Promise<void> {
  if (!TEST_DATABASE_URL) {
    if (process.env.REQUIRE_POSTGRES === '1') throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set (e.g. postgres://root@127.0.0.1:5432/test).');
    return;
  }
  const client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(`TEST_DATABASE_URL=${TEST_DATABASE_URL}: PostgreSQL does not answer (${(e as Error).message}).`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Jest global setup (e2e and browser projects): seeds the demo database once per run.
 * Workers and in-band suites read its folder from the environment.
 */
/** Databases left by runs that were interrupted (their process is gone) are dropped. */
async function dropLeftovers(): Promise<void> {
  if (!TEST_DATABASE_URL) return;
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^sk_(test|demo|copy)_[0-9]+_'`);
    for (const { datname } of rows) {
      const pid = Number(datname.split('_')[2]);
      if (pid === process.pid || processAlive(pid)) continue;
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export default async function globalSetup(): Promise<void> {
  await checkPostgres();
  await dropLeftovers();
  try {
    process.env[DEMO_TEMPLATE_ENV] = await buildDemoTemplate();
  } catch (error) {
    // Without a template each suite seeds the demo itself and reports the same error where it belongs.
    console.warn('Demo template not built; suites will seed the demo themselves:', error);
  }
}
