import { Client } from 'pg';
import { buildDemoTemplate, DEMO_TEMPLATE_PG_ENV } from './test-app';
import { POSTGRES_URL_ENV } from './use-postgres';

/** Fails the run with a clear line when the PostgreSQL server does not answer. */
async function checkPostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(`TEST_DATABASE_URL=${url}: PostgreSQL does not answer (${(e as Error).message}).`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Databases left by runs that were interrupted (their process is gone) are dropped. */
async function dropLeftovers(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^sk_(test|demo|empty|copy)_[0-9]+_'`);
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

/**
 * Jest global setup of the e2e-postgres project: checks the server, drops what interrupted
 * runs left, and builds a migrated empty database and the demo once, which test apps copy
 * (CREATE DATABASE … TEMPLATE).
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env[POSTGRES_URL_ENV] as string;
  await checkPostgres(url);
  await dropLeftovers(url);
  // No quiet fallback (see global-setup.ts).
  process.env[DEMO_TEMPLATE_PG_ENV] = await buildDemoTemplate(url);
}
