import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { Logger } from '@nestjs/common';
import { AttachmentsService } from '../src/attachments/attachments.service';
import { newInstanceId } from '../src/common/uploads/parts';
import { ChildApp, startChildApp } from './helpers/child-app';
import { ADMIN_TEST_PASSWORD, APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TEST_DATABASE_URL, TestApp, unitId, userId } from './helpers/test-app';
import { PDF } from './helpers/files';

type File = { name: string; content: Buffer };

const hex = () => randomBytes(16).toString('hex');
/** A PDF of exactly `size` bytes (its header is what the content check reads). */
const pdfOf = (size: number) => Buffer.concat([PDF, Buffer.alloc(size - PDF.length, 0x20)]);
const stagedIdsIn = (html: string) => [...html.matchAll(/name="staged" value="(\d+)"/g)].map((m) => Number(m[1]));

describe('uploads: files kept by refused forms are capped per person', () => {
  let t: TestApp;
  let vinhHoang: number;
  let fieldId: number;
  const uploads = () => readdirSync(join(t.dir, 'uploads'));

  beforeAll(async () => {
    // Cap: 2 × 20 files, 2 × 0.5 MB (MAX_INITIATIVE_MB) = 1,048,576 bytes.
    t = await createTestApp({ demo: true, env: { MAX_FILE_MB: '0.3', MAX_INITIATIVE_MB: '0.5' } });
    vinhHoang = await unitId(t.db, 'QT-VHOANG');
    fieldId = (await t.db.query(`SELECT id FROM fields LIMIT 1`))[0].id;
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  /** The new-initiative form; refused (400) when `title` is empty. */
  async function post(agent: TestAgent, title: string, files: File[], staged: number[] = []) {
    const page = await agent.get('/initiatives/new');
    let req = agent
      .post('/initiatives/new')
      .field('_csrf', csrfOf(page.text))
      .field('title', title)
      .field('unitId', String(vinhHoang))
      .field('fieldId', String(fieldId))
      .field('authors[0][fullName]', 'Ngô Thị Thanh Hà')
      .field('authors[0][share]', '100')
      .field('attachmentVisibility', 'internal');
    for (const id of staged) req = req.field('staged', String(id));
    for (const f of files) req = req.attach('attachments', f.content, f.name);
    return req;
  }
  const pdfs = (prefix: string, n: number, size = PDF.length): File[] => Array.from({ length: n }, (_, i) => ({ name: `${prefix}-${i}.pdf`, content: pdfOf(size) }));
  const rowsOf = (ids: number[]) => t.db.query(`SELECT id, "storedName", "ownerId" FROM attachments WHERE id IN (${ids.join(',')}) ORDER BY id`) as Promise<{ id: number; storedName: string; ownerId: number | null }[]>;
  const stagedCount = async (user: number) => count(t.db, 'attachments', '"ownerId" IS NULL AND "uploadedById" = ?', [user]);

  it('drops the oldest kept files of a person (rows and files) once a new refused form would take them past 40 files; a form naming them comes back without them, and a save naming them is refused plainly', async () => {
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    const me = await userId(t.db, 'tacgia');
    const first = await post(author, '', pdfs('mot', 20));
    expect(first.status).toBe(400);
    const firstIds = stagedIdsIn(first.text);
    expect(firstIds).toHaveLength(20);
    const firstRows = await rowsOf(firstIds);
    const second = await post(author, '', pdfs('hai', 20));
    expect(second.status).toBe(400);
    expect(stagedIdsIn(second.text)).toHaveLength(20);
    expect(await stagedCount(me)).toBe(40);

    const third = await post(author, '', pdfs('ba', 5));
    expect(third.status).toBe(400);
    expect(stagedIdsIn(third.text)).toHaveLength(5);
    expect(await stagedCount(me)).toBe(40);
    // The five oldest went, row and file; the rest of the first form stays.
    const left = await rowsOf(firstIds);
    expect(left.map((r) => r.id)).toEqual(firstIds.slice(5));
    for (const r of firstRows.slice(0, 5)) expect(uploads()).not.toContain(r.storedName);
    for (const r of firstRows.slice(5)) expect(uploads()).toContain(r.storedName);

    // The first form sent back, still refused: no 500, the dropped files are not listed.
    const back = await post(author, '', [], firstIds);
    expect(back.status).toBe(400);
    expect(stagedIdsIn(back.text)).toEqual(firstIds.slice(5));
    expect(back.text).not.toContain('mot-0.pdf');
    expect(back.text).toContain('mot-5.pdf');

    // Sent complete while still naming a dropped file: refused with a message, nothing saved.
    const initiatives = await count(t.db, 'initiatives');
    const refused = await post(author, 'Sáng kiến có tệp đã bị bỏ', [], firstIds);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Tệp giữ lại từ lần gửi trước');
    expect(await count(t.db, 'initiatives')).toBe(initiatives);
    expect(stagedIdsIn(refused.text)).toEqual(firstIds.slice(5));
    // Sent again as the form now lists them: saved with the 15 that are left.
    const saved = await post(author, 'Sáng kiến có tệp đã bị bỏ', [], stagedIdsIn(refused.text));
    expect(saved.status).toBe(303);
    const id = Number(saved.headers.location.split('/').pop());
    expect(await count(t.db, 'attachments', '"ownerId" = ?', [id])).toBe(15);
  });

  it('counts bytes too: a person past 2 × MAX_INITIATIVE_MB loses the oldest kept files first', async () => {
    const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    const me = await userId(t.db, 'daumoi.vinhhoa');
    const first = await post(focal, '', pdfs('lon-mot', 2, 300_000));
    expect(first.status).toBe(400);
    const firstIds = stagedIdsIn(first.text);
    const firstRows = await rowsOf(firstIds);
    // 4 × 300,000 bytes > 1,048,576: the oldest one goes.
    const second = await post(focal, '', pdfs('lon-hai', 2, 300_000));
    expect(second.status).toBe(400);
    expect(stagedIdsIn(second.text)).toHaveLength(2);
    expect(await stagedCount(me)).toBe(3);
    expect((await rowsOf(firstIds)).map((r) => r.id)).toEqual([firstIds[1]]);
    expect(uploads()).not.toContain(firstRows[0].storedName);
    expect(uploads()).toContain(firstRows[1].storedName);
  });
});

describe('uploads: leftovers of a killed run are removed by the next start', () => {
  let dir: string;
  let child: ChildApp | null = null;
  afterAll(async () => {
    await child?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }, APP_HOOK_TIMEOUT);

  it('on SQLite (one instance): after kill -9 during an upload, the next start removes every part and every file without a row, however fresh, and keeps the files of rows', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sang-kien-restart-'));
    const env = { DATA_DIR: join(dir, 'data'), UPLOAD_DIR: join(dir, 'uploads'), DATABASE_FILE: 'app.sqlite', ADMIN_PASSWORD: ADMIN_TEST_PASSWORD, DATABASE_URL: '' };
    const uploadDir = env.UPLOAD_DIR;
    const tmp = () => readdirSync(join(uploadDir, 'tmp'));
    child = await startChildApp(env);
    const admin = await signIn(request.agent(child.url), 'admin', ADMIN_TEST_PASSWORD);
    // A refused form keeps its file: a row and its file, which must stay.
    const token = csrfOf((await admin.get('/initiatives/new')).text);
    const refused = await admin.post('/initiatives/new').field('_csrf', token).field('title', '').field('attachmentVisibility', 'internal').attach('attachments', PDF, 'Giữ lại.pdf');
    expect(refused.status).toBe(400);
    const kept = readdirSync(uploadDir).filter((f) => f.endsWith('.pdf'));
    expect(kept).toHaveLength(1);

    // An upload still arriving when the process is killed: its part stays in tmp.
    const boundary = 'ranh-gioi-0123456789';
    const upload = admin.post('/initiatives/new').set('Content-Type', `multipart/form-data; boundary=${boundary}`).set('Content-Length', String(10 * 1024 * 1024));
    upload.on('error', () => undefined);
    upload.write(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`);
    upload.write(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="dang-gui.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    upload.write(pdfOf(256 * 1024));
    for (let i = 0; i < 400 && !tmp().some((f) => f.endsWith('.part')); i++) await new Promise((r) => setTimeout(r, 50));
    const parts = tmp();
    expect(parts).toHaveLength(1);
    await child.stop('SIGKILL');
    child = null;
    expect(tmp()).toEqual(parts);
    expect(readdirSync(join(uploadDir, '.leases'))).toHaveLength(1); // the killed instance's, renewed a moment ago
    // A kill between placing a file and its row's commit leaves a file without a row, just placed.
    const orphan = `${hex()}.pdf`;
    writeFileSync(join(uploadDir, orphan), PDF);
    writeFileSync(join(uploadDir, 'tmp', `${hex()}.part`), PDF); // a part named before parts carried their instance

    const next = await createTestApp({ sqlite: true, env });
    try {
      const attachments = next.app.get(AttachmentsService);
      const report = await attachments.checkedAtStart;
      expect(report).toMatchObject({ orphans: 1, parts: 2, missing: [] });
      expect(tmp()).toEqual([]);
      expect(readdirSync(join(uploadDir, '.leases'))).toEqual([`${attachments.instance}.lease`]);
      expect(existsSync(join(uploadDir, orphan))).toBe(false);
      expect(existsSync(join(uploadDir, kept[0]))).toBe(true);
    } finally {
      await next.close();
    }
  }, APP_HOOK_TIMEOUT);
});

(TEST_DATABASE_URL ? describe : describe.skip)('uploads: instances on PostgreSQL sharing one upload folder', () => {
  let a: TestApp;
  let b: TestApp | undefined;
  afterAll(async () => {
    await b?.close();
    await a?.close();
  }, APP_HOOK_TIMEOUT);

  it("a starting instance keeps a live instance's parts, removes a dead instance's, and lets young files without a row wait for their commit", async () => {
    a = await createTestApp();
    const first = a.app.get(AttachmentsService);
    await first.checkedAtStart;
    const uploadDir = join(a.dir, 'uploads');
    const livePart = `${first.instance}_${hex()}.part`;
    writeFileSync(join(uploadDir, 'tmp', livePart), PDF); // an upload arriving on the live instance
    const dead = 'may-chet-4242-0123456789ab';
    const long = new Date(Date.now() - 60 * 60 * 1000);
    writeFileSync(join(uploadDir, '.leases', `${dead}.lease`), '{}');
    utimesSync(join(uploadDir, '.leases', `${dead}.lease`), long, long); // not renewed for an hour
    const deadPart = `${dead}_${hex()}.part`;
    writeFileSync(join(uploadDir, 'tmp', deadPart), PDF); // written just before it died
    const young = `${hex()}.pdf`;
    writeFileSync(join(uploadDir, young), PDF); // placed a moment ago: its commit may still come

    const url = (a.db.options as PostgresConnectionOptions).url as string;
    b = await createTestApp({ env: { DATABASE_URL: url, UPLOAD_DIR: uploadDir } });
    const second = b.app.get(AttachmentsService);
    await second.checkedAtStart;
    expect(second.instance).not.toBe(first.instance);
    expect(readdirSync(join(uploadDir, 'tmp'))).toEqual([livePart]);
    expect(readdirSync(join(uploadDir, '.leases')).sort()).toEqual([`${first.instance}.lease`, `${second.instance}.lease`].sort());
    expect(existsSync(join(uploadDir, young))).toBe(true);
    // Once it is older than a commit can take, the hourly clean-up removes it.
    await second.cleanup(Date.now() + 2 * 60 * 60 * 1000);
    expect(existsSync(join(uploadDir, young))).toBe(false);
    expect(readdirSync(join(uploadDir, 'tmp'))).toEqual([livePart]);
  });
});

describe('uploads: files that may be another process\'s are never taken for leftovers', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sang-kien-owner-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an application on another database with the same upload folder removes none of its files and says why', async () => {
    const uploadDir = join(dir, 'uploads');
    const first = await createTestApp({ sqlite: true, env: { DATA_DIR: join(dir, 'data-1'), UPLOAD_DIR: uploadDir } });
    await first.app.get(AttachmentsService).checkedAtStart;
    await first.close();
    const mark = readFileSync(join(uploadDir, '.installation'), 'utf8').trim();
    expect(mark).toMatch(/^[0-9a-f-]{36}$/);
    // The first database's files (no row in the other database), fresh and old.
    const fresh = `${hex()}.pdf`;
    const old = `${hex()}.pdf`;
    writeFileSync(join(uploadDir, fresh), PDF);
    writeFileSync(join(uploadDir, old), PDF);
    const long = new Date(Date.now() - 3 * 60 * 60 * 1000);
    utimesSync(join(uploadDir, old), long, long);

    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const other = await createTestApp({ sqlite: true, env: { DATA_DIR: join(dir, 'data-2'), UPLOAD_DIR: uploadDir } });
    try {
      const attachments = other.app.get(AttachmentsService);
      expect(await attachments.checkedAtStart).toMatchObject({ orphans: 0 });
      await attachments.cleanup(Date.now() + 2 * 60 * 60 * 1000);
      expect(existsSync(join(uploadDir, fresh))).toBe(true);
      expect(existsSync(join(uploadDir, old))).toBe(true);
      expect(readFileSync(join(uploadDir, '.installation'), 'utf8').trim()).toBe(mark);
      expect(logged.mock.calls.map((c) => String(c[0])).join('\n')).toContain('thuộc một cơ sở dữ liệu khác');
    } finally {
      logged.mockRestore();
      await other.close();
    }
  }, APP_HOOK_TIMEOUT);

  it('on SQLite, another live process on the same folder keeps its part in progress and its just-placed file', async () => {
    const t = await createTestApp({ sqlite: true, env: { DATA_DIR: join(dir, 'data-3'), UPLOAD_DIR: join(dir, 'uploads-3') } });
    try {
      const attachments = t.app.get(AttachmentsService);
      await attachments.checkedAtStart;
      const uploadDir = join(dir, 'uploads-3');
      // A second process of this machine, alive (this test's own process id), with a fresh lease.
      const live = newInstanceId(hostname(), process.pid, randomBytes(6).toString('hex'));
      writeFileSync(join(uploadDir, '.leases', `${live}.lease`), '{}');
      const part = `${live}_${hex()}.part`;
      writeFileSync(join(uploadDir, 'tmp', part), PDF);
      const placed = `${hex()}.pdf`; // its row not committed yet
      writeFileSync(join(uploadDir, placed), PDF);

      const report = await attachments.reconcile();
      expect(report).toMatchObject({ orphans: 0, parts: 0 });
      expect(readdirSync(join(uploadDir, 'tmp'))).toEqual([part]);
      expect(existsSync(join(uploadDir, placed))).toBe(true);

      // Once that process is gone (its lease removed by a clean stop), the next check takes both.
      rmSync(join(uploadDir, '.leases', `${live}.lease`));
      expect(await attachments.reconcile()).toMatchObject({ orphans: 1, parts: 1 });
      expect(existsSync(join(uploadDir, placed))).toBe(false);
    } finally {
      await t.close();
    }
  }, APP_HOOK_TIMEOUT);
});
