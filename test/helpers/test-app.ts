import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { Client } from 'pg';
import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { shutDown } from '../../src/common/graceful-shutdown';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { DemoModule } from '../../src/demo/demo.module';

export { DEMO_PASSWORD } from '../../src/demo/demo-data';

export const ADMIN_TEST_PASSWORD = 'Admin@Test2026';

export interface TestApp {
  app: NestExpressApplication;
  db: DataSource;
  dir: string;
  agent(): TestAgent;
  close(): Promise<void>;
}

/**
 * Timeout for a `beforeAll`/`afterAll` that starts or closes the app: starting takes under
 * a second on an idle machine but many times that on a loaded one, and Jest's default is 5 s.
 */
export const APP_HOOK_TIMEOUT = 120_000;

/** Names the folder where the Jest global setup built the demo database for this run. */
export const DEMO_TEMPLATE_ENV = 'SANG_KIEN_DEMO_TEMPLATE';
/** The same for the PostgreSQL run (a database on the server, copied with CREATE DATABASE … TEMPLATE). */
export const DEMO_TEMPLATE_PG_ENV = 'SANG_KIEN_DEMO_TEMPLATE_PG';

/**
 * With TEST_DATABASE_URL (a PostgreSQL server where the user may create databases), every
 * test app gets a fresh database of its own on that server, dropped when it closes;
 * without it, a temporary SQLite file.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

/** A statement run on a PostgreSQL server (by default TEST_DATABASE_URL's: creating and dropping databases). */
async function onServer(sql: string, server = TEST_DATABASE_URL): Promise<void> {
  const client = new Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty PostgreSQL database (or a copy of `template`); its URL and a way to drop it. */
export async function freshDatabase(prefix: string, template?: string, server = TEST_DATABASE_URL): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`, server);
  const url = new URL(server as string);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, server) };
}

/** The settings of a test application whose files live in `dir`. */
function testEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATA_DIR: join(dir, 'data'),
    UPLOAD_DIR: join(dir, 'uploads'),
    ADMIN_PASSWORD: ADMIN_TEST_PASSWORD,
    DATABASE_FILE: 'test.sqlite',
    // No bundle rebuilt behind a test's back (the open-data tests ask for it).
    OPEN_DATA_DAILY: 'false',
    ...(TEST_DATABASE_URL || extra.DATABASE_URL ? { SESSION_SECRET: 'secret-of-the-test-apps-0123456789' } : {}),
    ...extra,
  };
}

/** Starts the app with `env` set; settings are read at start, so the environment is restored afterwards. */
async function startApp(env: Record<string, string>, demo: boolean): Promise<NestExpressApplication> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(demo ? [DemoModule] : [])] }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
    await configureApp(app);
    // Templates compiled once per app, as in production (configureApp caches them only there):
    // a test app renders the same pages many times and never sees a template change.
    app.set('view cache', true);
    await app.init();
    return app;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Runs the migrations on a new database and closes it: no application, so no first account. */
async function migrate(dataDir: string, postgresUrl?: string): Promise<void> {
  const db = new DataSource({ ...dataSourceOptions(dataDir, EMPTY_DATABASE_FILE, postgresUrl ? { url: postgresUrl, poolSize: 1 } : undefined), migrationsRun: false });
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
  } finally {
    // Closing the last connection folds SQLite's write-ahead log into the file.
    await db.destroy();
  }
}

/**
 * Builds the run's templates in a new folder and returns it: a database with every
 * migration and nothing else (what a test app without the demo starts from), and the demo
 * seeded once (database and upload files). Test apps copy them instead of migrating and
 * seeding again (on PostgreSQL a database of several dozen migrations takes a second to
 * build, a copy a tenth of that). The migrations still run from nothing once per run.
 */
export async function buildDemoTemplate(postgres = TEST_DATABASE_URL): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sang-kien-demo-template-'));
  if (postgres) {
    // PostgreSQL copies a whole database cheaply with CREATE DATABASE … TEMPLATE.
    const empty = await freshDatabase('sk_empty', undefined, postgres);
    // Each named at once, so that the teardown drops it even if what follows fails.
    writeFileSync(join(dir, 'postgres-empty-database'), empty.name);
    await migrate(join(dir, 'data'), empty.url);
    const database = await freshDatabase('sk_demo', undefined, postgres);
    writeFileSync(join(dir, 'postgres-database'), database.name);
    const app = await startApp(testEnv(dir, { DATABASE_URL: database.url }), true);
    await app.close();
    return dir;
  }
  await migrate(join(dir, 'data'));
  const app = await startApp(testEnv(dir), true);
  // Closing the last connection folds the write-ahead log into the database file, so that the
  // file alone is the whole database. (A checkpoint asked for on the open app could meet a
  // start-up job's statement on the writing connection: SQLITE_LOCKED, about one start in two.)
  await app.close();
  const wal = `${templateDatabase(dir, true)}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) throw new Error(`the demo template's write-ahead log was not folded into ${templateDatabase(dir, true)}`);
  return dir;
}

/** Removes a demo template (its folder, and its PostgreSQL database if it has one). */
export async function removeDemoTemplate(dir: string, server = TEST_DATABASE_URL): Promise<void> {
  // A small text file naming the template's PostgreSQL database (never a SQLite file).
  for (const file of ['postgres-database', 'postgres-empty-database']) {
    const nameFile = join(dir, file);
    if (existsSync(nameFile)) await onServer(`DROP DATABASE IF EXISTS "${readFileSync(nameFile, 'utf8').trim()}" WITH (FORCE)`, server);
  }
  rmSync(dir, { recursive: true, force: true });
}

/** The file name of the migrated, empty database in a template's data folder. */
const EMPTY_DATABASE_FILE = 'empty.sqlite';

/** The database file of a template: the template is laid out as testEnv() lays out a folder. */
const templateDatabase = (dir: string, demo: boolean): string => join(dir, 'data', demo ? 'test.sqlite' : EMPTY_DATABASE_FILE);

/** What a test app copies: the run's demo database, or its migrated empty one; on PostgreSQL the database's name. */
interface Template {
  dir: string;
  demo: boolean;
  postgresDatabase: string | null;
}

/** The template of this run for that database and content, if the global setup built it. */
function runTemplate(postgres: boolean, demo: boolean): Template | null {
  const dir = process.env[postgres ? DEMO_TEMPLATE_PG_ENV : DEMO_TEMPLATE_ENV];
  if (!dir) return null;
  if (!postgres) return existsSync(templateDatabase(dir, demo)) ? { dir, demo, postgresDatabase: null } : null;
  const nameFile = join(dir, demo ? 'postgres-database' : 'postgres-empty-database');
  return existsSync(nameFile) ? { dir, demo, postgresDatabase: readFileSync(nameFile, 'utf8').trim() } : null;
}

/** PostgreSQL: a fresh copy of this run's demo database, for an application started another way (a child process). */
export async function demoPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = runTemplate(true, true);
  if (!template?.postgresDatabase) throw new Error('no PostgreSQL demo template in this run');
  return freshDatabase('sk_test', template.postgresDatabase);
}

/**
 * A copy of the empty database is another installation: its own id (the id decides which
 * upload folder's files belong to a database), as a database migrated on its own would
 * have. A copy of the demo keeps its template's id, which its copied upload folder names
 * (a copy of an installation, database and files, as a restored backup is).
 */
async function newInstallationId(database: { url: string } | null, file: string): Promise<void> {
  const sql = `UPDATE "installation" SET "id" = '${randomUUID()}' WHERE "one" = 1`;
  if (database) return onServer(sql, database.url);
  await new Promise<void>((resolve, reject) => {
    const db = new sqlite3.Database(file, (open) => {
      if (open) return reject(open);
      db.run(sql, (run) => db.close((close) => (run ?? close ? reject(run ?? close) : resolve())));
    });
  });
}

/**
 * On PostgreSQL, tests' own SQL may use SQLite's `?` placeholders: they become $1, $2 …;
 * and booleans read back as SQLite stores them (1/0), so a test asserts the same values on
 * both (identifiers are quoted in the tests, so the same statement runs on both).
 */
function portableQueries(db: DataSource): DataSource {
  if (db.options.type !== 'postgres') return db;
  const asSqlite = (rows: unknown) =>
    Array.isArray(rows)
      ? rows.map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v])))
      : rows;
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
      return async (sql: string, params?: unknown[]) => {
        let n = 0;
        return asSqlite(await target.query(sql.replace(/\?/g, () => `$${++n}`), params));
      };
    },
  });
}

/**
 * The real application on a temporary SQLite file and upload folder, configured by the
 * same configureApp() as production, on a copy of the run's migrated empty database, or
 * with `demo` of its demo database and files (the seeder then finds data and does nothing;
 * migrations run as usual and find nothing to do). Without templates (a suite run outside
 * Jest's global setup) the app migrates, and seeds the demo, itself.
 */
export async function createTestApp(options: { demo?: boolean; env?: Record<string, string>; sqlite?: boolean } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'sang-kien-test-'));
  // A fresh PostgreSQL database, unless the test names its own (env.DATABASE_URL) or asks for SQLite.
  const postgres = Boolean(TEST_DATABASE_URL) && !options.sqlite && !options.env?.DATABASE_URL;
  // A test that names its own database (a folder, a file or a URL) starts on that one, as it is.
  const ownDatabase = ['DATABASE_URL', 'DATA_DIR', 'DATABASE_FILE'].some((k) => options.env?.[k] !== undefined);
  const template = ownDatabase ? null : runTemplate(postgres, !!options.demo);
  const database = postgres ? await freshDatabase('sk_test', template?.postgresDatabase ?? undefined) : null;
  const env = testEnv(dir, { ...(database ? { DATABASE_URL: database.url } : {}), ...options.env });
  const file = join(env.DATA_DIR, env.DATABASE_FILE);
  if (template) {
    if (!database) {
      mkdirSync(env.DATA_DIR, { recursive: true });
      copyFileSync(templateDatabase(template.dir, template.demo), file);
    }
    if (template.demo) cpSync(join(template.dir, 'uploads'), env.UPLOAD_DIR, { recursive: true });
    else await newInstallationId(database, file);
  }
  let app: NestExpressApplication;
  try {
    app = await startApp(env, !!options.demo);
  } catch (e) {
    await database?.drop();
    throw e;
  }
  return {
    app,
    db: portableQueries(app.get(DataSource)),
    dir,
    agent: () => request.agent(app.getHttpServer()),
    close: async () => {
      try {
        // As a stop signal stops the application (the requests being answered first).
        await shutDown(app);
      } finally {
        await database?.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The CSRF token of a rendered page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /_csrf=([A-Za-z0-9_-]+)/.exec(html);
  if (!m) throw new Error('no CSRF token in page');
  return m[1];
}

/** Signs in through the real form; returns the agent with its session cookie. */
export async function signIn(agent: TestAgent, username: string, password: string): Promise<TestAgent> {
  const page = await agent.get('/login');
  const res = await agent.post('/login').type('form').send({ _csrf: csrfOf(page.text), username, password });
  if (res.status !== 303) throw new Error(`sign-in as ${username} failed: ${res.status}`);
  return agent;
}

/** Posts a form as a browser encodes it: a field with several values (a multiple select, checkboxes) repeats its name. */
export function postFields(agent: TestAgent, path: string, fields: Record<string, string | string[]>) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
  return agent.post(path).type('form').send(form.toString());
}

/** GETs a page and returns its CSRF token, for the form posted next. */
export async function tokenFrom(agent: TestAgent, path: string): Promise<string> {
  const res = await agent.get(path);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return csrfOf(res.text);
}

/** Id of a unit by its code. */
export async function unitId(db: DataSource, code: string): Promise<number> {
  const rows = (await db.query('SELECT id FROM units WHERE code = ?', [code])) as { id: number }[];
  if (!rows[0]) throw new Error(`no unit ${code}`);
  return rows[0].id;
}

/** Id of a user by username. */
export async function userId(db: DataSource, username: string): Promise<number> {
  const rows = (await db.query('SELECT id FROM users WHERE username = ?', [username])) as { id: number }[];
  if (!rows[0]) throw new Error(`no user ${username}`);
  return rows[0].id;
}

export async function count(db: DataSource, table: string, where = '1=1', params: unknown[] = []): Promise<number> {
  const rows = (await db.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params)) as { n: number }[];
  return Number(rows[0].n);
}

/** Reads a binary response body (an .xlsx download) into a Buffer. */
export function binary(res: NodeJS.ReadableStream, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * A refused upload (an import with errors) redirects to the page of its form, so that
 * reloading that page posts nothing again; returns that page, which shows the errors.
 */
export async function followRefusal(agent: TestAgent, res: request.Response): Promise<request.Response> {
  if (res.status !== 303) throw new Error(`expected a redirect (303) after a refused upload, got ${res.status}`);
  return agent.get(res.headers.location);
}
