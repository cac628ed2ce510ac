// The databases a bench measures: a SQLite file in the bench's folder, and a fresh
// database on the PostgreSQL server of BENCH_POSTGRES (default
// postgres://root@127.0.0.1:5432/postgres; "off" to skip), dropped afterwards.
import { join } from 'node:path';
import { Client } from 'pg';
import { dataSourceOptions } from '../src/database/data-source-options';

export interface Target {
  database: string;
  /** The application's settings for this database. */
  env: Record<string, string>;
  options: ReturnType<typeof dataSourceOptions>;
  cleanup: () => Promise<void>;
}

export async function sqliteTarget(dir: string): Promise<Target> {
  const env = { DATA_DIR: join(dir, 'data'), DATABASE_FILE: 'bench.sqlite' };
  return { database: 'SQLite', env, options: dataSourceOptions(env.DATA_DIR, env.DATABASE_FILE), cleanup: async () => undefined };
}

/** A fresh database named `<prefix>_<pid>` on the PostgreSQL server, dropped afterwards; null when none answers. */
export async function postgresTarget(prefix: string): Promise<Target | null> {
  const server = process.env.BENCH_POSTGRES ?? 'postgres://root@127.0.0.1:5432/postgres';
  if (server === 'off') return null;
  const admin = new Client({ connectionString: server, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (e) {
    console.log(`\nKhông kết nối được PostgreSQL (${server}): ${(e as Error).message}. Chỉ đo SQLite.`);
    return null;
  }
  const name = `${prefix}_${process.pid}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const poolSize = process.env.BENCH_POOL_SIZE ?? '10';
  return {
    database: 'PostgreSQL',
    env: { DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: poolSize, SESSION_SECRET: 'bench-only-secret-bench-only-secret' },
    options: dataSourceOptions('', undefined, { url: url.toString(), poolSize: Number(poolSize) }),
    cleanup: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}
