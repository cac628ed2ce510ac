import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import TestAgent from 'supertest/lib/agent';
import { AttachmentsService } from '../src/attachments/attachments.service';
import { AuditService } from '../src/audit/audit.service';
import { APP_HOOK_TIMEOUT, count, createTestApp, csrfOf, DEMO_PASSWORD, followRefusal, signIn, TestApp, unitId } from './helpers/test-app';
import { PDF, PNG } from './helpers/files';
import { zeros, zip } from './helpers/zip-writer';

const TITLE = 'Sổ tay điện tử hướng dẫn thủ tục đất đai';

function diskError(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, rename '${path}'`), { code, path });
}

describe('uploads: a row never outlives its file, leftovers never fill the disk', () => {
  let t: TestApp;
  let author: TestAgent;
  let vinhHoa: number;
  let vinhHoang: number;
  let fieldId: number;
  const uploads = () => readdirSync(join(t.dir, 'uploads')).filter((f) => f !== 'tmp');
  const tmpFiles = () => readdirSync(join(t.dir, 'uploads', 'tmp'));

  async function postInitiative(title: string) {
    const page = await author.get('/initiatives/new');
    return author
      .post('/initiatives/new')
      .field('_csrf', csrfOf(page.text))
      .field('title', title)
      .field('unitId', String(vinhHoang))
      .field('fieldId', String(fieldId))
      .field('authors[0][fullName]', 'Ngô Thị Thanh Hà')
      .field('authors[0][share]', '100')
      .field('attachmentVisibility', 'internal')
      .attach('attachments', PDF, 'Tờ trình.pdf')
      .attach('attachments', PNG, 'Ảnh chụp.png');
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    vinhHoa = await unitId(t.db, 'VL-VH');
    vinhHoang = await unitId(t.db, 'QT-VHOANG');
    fieldId = (await t.db.query(`SELECT id FROM fields LIMIT 1`))[0].id;
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);
  afterEach(() => jest.restoreAllMocks());

  it('puts the files in place before their rows are written', async () => {
    const attachments = t.app.get(AttachmentsService);
    const seen: boolean[] = [];
    const record = attachments.record.bind(attachments);
    jest.spyOn(attachments, 'record').mockImplementation(async (files, ...rest) => {
      for (const f of files) seen.push(uploads().includes(f.storedName));
      return record(files, ...rest);
    });
    const res = await postInitiative('Tệp vào chỗ trước khi ghi bản ghi');
    expect(res.status).toBe(303);
    expect(seen).toEqual([true, true]);
  });

  it('saves nothing, keeps what was typed and says so plainly when the upload folder refuses to write (EACCES)', async () => {
    const initiatives = await count(t.db, 'initiatives');
    const rows = await count(t.db, 'attachments');
    const files = uploads();
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(fsp, 'rename').mockImplementation(async (_from, to) => {
      throw diskError('EACCES', String(to));
    });
    const res = await postInitiative(TITLE);
    expect(res.status).toBe(507);
    expect(res.text).toContain('Máy chủ không ghi được tệp');
    expect(res.text).toContain(`value="${TITLE}"`);
    expect(await count(t.db, 'initiatives')).toBe(initiatives);
    expect(await count(t.db, 'attachments')).toBe(rows);
    expect(uploads()).toEqual(files);
    expect(tmpFiles()).toEqual([]);
    // Logged once, with the path.
    const logged = errors.mock.calls.map((c) => String(c[0])).filter((line) => line.includes('EACCES'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(join(t.dir, 'uploads'));
  });

  it('gives a clear message when the disk is full (ENOSPC) for a report with evidence; nothing is half-saved', async () => {
    const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    const [record] = await t.db.query(`SELECT id, version FROM adoptions WHERE "unitId" = ? ORDER BY id LIMIT 1`, [vinhHoa]);
    const reports = await count(t.db, 'adoption_reports');
    const page = await focal.get(`/adoptions/${record.id}`);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(fsp, 'rename').mockImplementation(async (_from, to) => {
      throw diskError('ENOSPC', String(to));
    });
    const res = await focal
      .post(`/adoptions/${record.id}`)
      .field('_csrf', csrfOf(page.text))
      .field('status', 'in_progress')
      .field('explanation', 'Đang in tờ rơi')
      .attach('attachments', PDF, 'Kế hoạch.pdf');
    expect(res.status).toBe(507);
    expect(res.text).toContain('Máy chủ không ghi được tệp');
    expect(res.text).toContain('Đang in tờ rơi');
    expect(await count(t.db, 'adoption_reports')).toBe(reports);
    expect((await t.db.query('SELECT version FROM adoptions WHERE id = ?', [record.id]))[0].version).toBe(record.version);
    expect(tmpFiles()).toEqual([]);
  });

  it('removes the placed files when the database work fails after them', async () => {
    const files = uploads();
    const rows = await count(t.db, 'attachments');
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(t.app.get(AuditService), 'record').mockRejectedValueOnce(new Error('database went away'));
    const res = await postInitiative('Lỗi cơ sở dữ liệu giữa chừng');
    expect(res.status).toBe(500);
    expect(await count(t.db, 'attachments')).toBe(rows);
    expect(uploads()).toEqual(files);
    expect(tmpFiles()).toEqual([]);
  });

  it('removes the files of a request refused by validation when it ends (not after an hour)', async () => {
    const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    const [record] = await t.db.query(`SELECT id FROM adoptions WHERE "unitId" = ? ORDER BY id LIMIT 1`, [vinhHoa]);
    const page = await focal.get(`/adoptions/${record.id}`);
    const res = await focal
      .post(`/adoptions/${record.id}`)
      .field('_csrf', csrfOf(page.text))
      .field('status', 'không-có-tình-trạng-này')
      .field('unexpected', 'x')
      .attach('attachments', PDF, 'a.pdf')
      .attach('attachments', PNG, 'b.png');
    expect(res.status).toBe(400);
    expect(tmpFiles()).toEqual([]);
  });

  it('removes files kept by a refused form once the form can no longer come back (its session idle for 12 hours), with their rows', async () => {
    const res = await postInitiative('');
    expect(res.status).toBe(400);
    const [kept] = await t.db.query(`SELECT id, "storedName" FROM attachments WHERE "ownerId" IS NULL ORDER BY id DESC LIMIT 1`);
    expect(uploads()).toContain(kept.storedName);
    await t.app.get(AttachmentsService).cleanup(Date.now() + 11 * 60 * 60 * 1000);
    expect(uploads()).toContain(kept.storedName); // the form may still be sent again
    await t.app.get(AttachmentsService).cleanup(Date.now() + 13 * 60 * 60 * 1000);
    expect(await count(t.db, 'attachments', 'id = ?', [kept.id])).toBe(0);
    expect(uploads()).not.toContain(kept.storedName);
  });

  it('removes files without a row and stale parts, and reports rows without a file (young files without a row too on SQLite, where no other instance may be about to commit them)', async () => {
    const dir = join(t.dir, 'uploads');
    const old = new Date(Date.now() - 3 * 60 * 60 * 1000);
    writeFileSync(join(dir, 'mo-coi.pdf'), PDF);
    utimesSync(join(dir, 'mo-coi.pdf'), old, old);
    writeFileSync(join(dir, 'vua-dat.pdf'), PDF); // placed a moment ago: its commit may still come
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    writeFileSync(join(dir, 'tmp', 'do-dang.part'), PDF);
    utimesSync(join(dir, 'tmp', 'do-dang.part'), old, old);
    const [lost] = await t.db.query(`SELECT id, "storedName" FROM attachments ORDER BY id LIMIT 1`);
    await fsp.rm(join(dir, lost.storedName));
    const logged = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    const report = await t.app.get(AttachmentsService).reconcile();
    expect(report.missing).toEqual([lost.id]);
    expect(report.parts).toBe(1);
    expect(uploads()).not.toContain('mo-coi.pdf');
    if (t.db.options.type === 'sqlite') {
      expect(report.orphans).toBe(2);
      expect(uploads()).not.toContain('vua-dat.pdf');
    } else {
      expect(report.orphans).toBe(1);
      expect(uploads()).toContain('vua-dat.pdf');
    }
    expect(tmpFiles()).toEqual([]);
    expect(String(logged.mock.calls[0][0])).toContain(`1 bản ghi thiếu tệp (id ${lost.id})`);
    expect((await t.agent().get('/healthz')).status).toBe(200);
  });
});

describe('uploads: Excel imports are bounded, and refused ones come back on a page that F5 does not post', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('refuses an .xlsx that inflates to 1 GB with a clear message, before reading it, on both imports', async () => {
    const bomb = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>'), size: 8, method: 0 },
      { name: 'xl/worksheets/sheet1.xml', data: zeros(1024), size: 1024 * 1024 * 1024 },
    ]);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const vh = await unitId(t.db, 'VL-VH');
    const before = await t.db.query('SELECT id, status, version FROM adoptions ORDER BY id');
    const focal = await signIn(t.agent(), 'daumoi.vinhhoa', DEMO_PASSWORD);
    const page = await focal.get(`/units/${vh}/adoptions`);
    const res = await focal.post(`/units/${vh}/adoptions/import`).field('_csrf', csrfOf(page.text)).attach('file', bomb, 'bao-cao.xlsx');
    expect(res.headers.location).toBe(`/units/${vh}/adoptions`);
    const shown = await followRefusal(focal, res);
    expect(shown.text).toContain('Tệp Excel quá lớn khi giải nén');

    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const [programme] = await t.db.query('SELECT id FROM programmes LIMIT 1');
    const matrix = await admin.get(`/programmes/${programme.id}`);
    const again = await followRefusal(admin, await admin.post(`/programmes/${programme.id}/import`).field('_csrf', csrfOf(matrix.text)).attach('file', bomb, 'bao-cao.xlsx'));
    expect(again.text).toContain('Tệp Excel quá lớn khi giải nén');
    expect(await t.db.query('SELECT id, status, version FROM adoptions ORDER BY id')).toEqual(before);
  });

  it('shows the errors of a refused import once: reloading the page neither posts again nor shows them again', async () => {
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const page = await admin.get('/units/import');
    const res = await admin.post('/units/import').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from('code,name,kind,parent_code,valid_from\nX1,,commune,,\n'), 'don-vi.csv');
    expect(res.status).toBe(303);
    const shown = await followRefusal(admin, res);
    expect(shown.text).toContain('Chưa nhập dòng nào');
    const reloaded = await admin.get(res.headers.location);
    expect(reloaded.status).toBe(200);
    expect(reloaded.text).not.toContain('Chưa nhập dòng nào');
  });

  it('takes the CSRF token of an upload form from its body, never from the address', async () => {
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const page = await admin.get('/units/import');
    // The form carries the token as its first field, and its address has none.
    const form = /<form method="post" action="\/units\/import"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]+">/.exec(page.text);
    expect(form).not.toBeNull();
    expect(page.text).not.toContain('_csrf=');
    const before = await count(t.db, 'units');
    const csv = Buffer.from('code,name,kind,parent_code,valid_from\nURL-1,Xã Qua Địa Chỉ,commune,,\n');
    const inUrl = await admin.post(`/units/import?_csrf=${csrfOf(page.text)}`).attach('file', csv, 'don-vi.csv');
    expect(inUrl.status).toBe(403);
    expect(await count(t.db, 'units')).toBe(before);
    // The token must be the first part: a form that puts anything before it is refused unread.
    const late = await admin.post('/units/import').field('code', 'x').field('_csrf', csrfOf(page.text)).attach('file', csv, 'don-vi.csv');
    expect(late.status).toBe(403);
    expect(await count(t.db, 'units')).toBe(before);
    // A multipart body sent to a route that reads no files is refused too (its token is never read).
    const elsewhere = await admin.post('/units/new').field('_csrf', csrfOf(page.text)).field('code', 'URL-2').field('name', 'Xã Khác').field('kind', 'commune');
    expect(elsewhere.status).toBe(403);
    expect(await count(t.db, 'units')).toBe(before);
  });

  it('answers a cut-off or malformed multipart body with 400 in Vietnamese, not 500', async () => {
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const token = csrfOf((await admin.get('/units/import')).text);
    const cut = `--xyz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\ncode,name`;
    const res = await admin.post('/units/import').set('Content-Type', 'multipart/form-data; boundary=xyz').send(cut);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Không đọc được biểu mẫu gửi lên');
    const noBoundary = await admin.post('/units/import').set('Content-Type', 'multipart/form-data').send('abc');
    expect(noBoundary.status).toBe(400);
  });
});
