import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
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
 * The real application on a temporary SQLite file and upload folder, configured by the
 * same configureApp() as production. With `demo`, the Vĩnh Linh demo data is loaded.
 */
export async function createTestApp(options: { demo?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'sang-kien-test-'));
  const env: Record<string, string> = {
    DATA_DIR: join(dir, 'data'),
    UPLOAD_DIR: join(dir, 'uploads'),
    ADMIN_PASSWORD: ADMIN_TEST_PASSWORD,
    DATABASE_FILE: 'test.sqlite',
    ...options.env,
  };
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(options.demo ? [DemoModule] : [])] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
  await configureApp(app);
  await app.init();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return {
    app,
    db: app.get(DataSource),
    dir,
    agent: () => request.agent(app.getHttpServer()),
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
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
