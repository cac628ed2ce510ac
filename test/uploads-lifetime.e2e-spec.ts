import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import TestAgent from 'supertest/lib/agent';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AttachmentsService } from '../src/attachments/attachments.service';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TEST_DATABASE_URL, TestApp, unitId, userId } from './helpers/test-app';
import { PDF } from './helpers/files';

type File = { name: string; content: Buffer };

const hex = () => randomBytes(16).toString('hex');
/** A PDF of exactly `size` bytes (its header is what the content check reads). */
const pdfOf = (size: number) => Buffer.concat([PDF, Buffer.alloc(size - PDF.length, 0x20)]);
const stagedIdsIn = (html: string) => [...html.matchAll(/name="staged" value="(\d+)"/g)].map((m) => Number(m[1]));

describe('uploads: files kept by refused forms are capped per person', () => {
  let t: TestApp;
  let vinhHoa: number;
  let fieldId: number;
  const uploads = () => readdirSync(join(t.dir, 'uploads'));

  beforeAll(async () => {
    // Cap: 2 × 20 files, 2 × 0.5 MB (MAX_INITIATIVE_MB) = 1,048,576 bytes.
    t = await createTestApp({ demo: true, env: { MAX_FILE_MB: '0.3', MAX_INITIATIVE_MB: '0.5' } });
    vinhHoa = await unitId(t.db, 'VL-VH');
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
      .field('unitId', String(vinhHoa))
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
  it('on SQLite (one instance), removes every part and every file without a row, however fresh, and keeps the files of rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sang-kien-restart-'));
    const env = { DATA_DIR: join(dir, 'data'), UPLOAD_DIR: join(dir, 'uploads') };
    const uploadDir = env.UPLOAD_DIR;
    try {
      const first = await createTestApp({ sqlite: true, env });
      const kept = `${hex()}.pdf`;
      const admin = await userId(first.db, 'admin');
      await first.db.query(
        `INSERT INTO attachments ("ownerType", "ownerId", "originalName", "storedName", "mediaType", size, sha256, visibility, "uploadedById") VALUES ('initiative', NULL, 'a.pdf', ?, 'application/pdf', ?, ?, 'internal', ?)`,
        [kept, PDF.length, '0'.repeat(64), admin],
      );
      writeFileSync(join(uploadDir, kept), PDF);
      await first.close();

      // What kill -9 leaves a moment before the next start: the dead run's parts, lease and
      // a placed file whose row never committed, all fresh.
      const dead = 'may-chet-4242-0123456789ab';
      mkdirSync(join(uploadDir, '.leases'), { recursive: true });
      writeFileSync(join(uploadDir, '.leases', `${dead}.lease`), '{}');
      writeFileSync(join(uploadDir, 'tmp', `${dead}_${hex()}.part`), PDF);
      writeFileSync(join(uploadDir, 'tmp', `${hex()}.part`), PDF); // named before parts carried their instance
      const orphan = `${hex()}.pdf`;
      writeFileSync(join(uploadDir, orphan), PDF);

      const second = await createTestApp({ sqlite: true, env });
      try {
        const attachments = second.app.get(AttachmentsService);
        const report = await attachments.checkedAtStart;
        expect(report).toMatchObject({ orphans: 1, parts: 2, missing: [] });
        expect(readdirSync(join(uploadDir, 'tmp'))).toEqual([]);
        expect(readdirSync(join(uploadDir, '.leases'))).toEqual([`${attachments.instance}.lease`]);
        expect(existsSync(join(uploadDir, orphan))).toBe(false);
        expect(existsSync(join(uploadDir, kept))).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
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
