import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { downloadRoutes } from './download-routes';
import { APP_HOOK_TIMEOUT, binary, count, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp, unitId, userId } from './helpers/test-app';
import { PDF } from './helpers/files';

const BIRTH = '1985-04-03';
const SHOWN_BIRTH = '03/04/1985';
const SECRET = 'Tài khoản quản trị cổng dịch vụ: mật khẩu riêng';
const PARTICIPANTS = 'Nguyễn Văn Tham Gia, cán bộ địa chính';

describe('who reads personal data and confidential information', () => {
  let t: TestApp;
  let recognised: number;
  let submitted: number;
  let internalFile: number;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    // A recognised initiative of xã Vĩnh Hòa (round 2022) and a submitted one of xã Vĩnh Linh (no round yet).
    recognised = (await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0002'`))[0].id;
    submitted = (await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2026-0001'`))[0].id;
    for (const id of [recognised, submitted]) {
      await t.db.query(`UPDATE initiatives SET "confidentialInfo" = ?, participants = ? WHERE id = ?`, [SECRET, PARTICIPANTS, id]);
      await t.db.query(`UPDATE initiative_authors SET "birthDate" = ? WHERE "initiativeId" = ?`, [BIRTH, id]);
    }
    writeFileSync(join(t.dir, 'uploads', 'noi-bo-kiem-thu.pdf'), PDF);
    await t.db.query(
      `INSERT INTO attachments ("ownerType", "ownerId", "originalName", "storedName", "mediaType", size, sha256, visibility, "uploadedById") VALUES ('initiative', ?, 'Hồ sơ nội bộ.pdf', 'noi-bo-kiem-thu.pdf', 'application/pdf', ?, ?, 'internal', 1)`,
      [recognised, PDF.length, '0'.repeat(64)],
    );
    internalFile = (await t.db.query(`SELECT id FROM attachments WHERE "storedName" = 'noi-bo-kiem-thu.pdf'`))[0].id;
    // A council member who sits only on the province's 2026 round's council (the recognised initiative is of 2022).
    await t.db.query(
      `INSERT INTO users (username, "fullName", position, "unitId", roles, active, "passwordHash", "mustChangePassword") SELECT 'hoidong4', 'Thành viên đợt 2026', '', "unitId", 'council_member', active, "passwordHash", "mustChangePassword" FROM users WHERE username = 'hoidong3'`,
    );
    await t.db.query(
      `INSERT INTO council_members ("roundId", "userId", role) SELECT r.id, u.id, 'member' FROM rounds r, users u WHERE r.name = 'Đợt xét sáng kiến cải cách hành chính năm 2026' AND u.username = 'hoidong4'`,
    );
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  const privateParts = (html: string) => [SHOWN_BIRTH, SECRET, PARTICIPANTS, 'Hồ sơ nội bộ.pdf'].filter((s) => html.includes(s));

  it.each([
    ['a focal point of another unit', 'daumoi.vinhthai'],
    ['an official of the same unit who is not an author', 'tacgia'],
    ['a council member of another round', 'hoidong4'],
    ['a council member, of an initiative not yet in any round', 'hoidong3'],
  ])('shows %s only what the public catalogue shows, and refuses the internal files', async (_who, username) => {
    const agent = await signIn(t.agent(), username, DEMO_PASSWORD);
    const id = username === 'hoidong3' ? submitted : recognised;
    const page = await agent.get(`/initiatives/${id}`);
    expect(page.status).toBe(200);
    expect(privateParts(page.text)).toEqual([]);
    if (id === recognised) expect((await agent.get(`/attachments/${internalFile}`)).status).toBe(403);
  });

  it.each([
    ['the focal point of its unit', 'daumoi.vinhhoa'],
    ['a member of its round’s council', 'hoidong1'],
    ['the secretary', 'thuky'],
    ['the system admin', 'admin'],
  ])('shows %s the dates of birth, the confidential text and the internal files; reading one is audited', async (_who, username) => {
    const agent = await signIn(t.agent(), username, DEMO_PASSWORD);
    const page = await agent.get(`/initiatives/${recognised}`);
    expect(privateParts(page.text)).toEqual([SHOWN_BIRTH, SECRET, PARTICIPANTS, 'Hồ sơ nội bộ.pdf']);
    const audits = await count(t.db, 'audit_events', `action = 'attachment.read'`);
    const file = await agent.get(`/attachments/${internalFile}`);
    expect(file.status).toBe(200);
    expect(file.headers['cache-control']).toContain('no-store');
    expect(await count(t.db, 'audit_events', `action = 'attachment.read'`)).toBe(audits + 1);
  });
});

describe('bounded input, ids, headers, exports and health', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  it('answers a form of more than 5,000 fields with 413 in Vietnamese (not a 500), even anonymously', async () => {
    const fields = Array.from({ length: 5001 }, (_, i) => `f${i}=x`).join('&');
    const res = await t.agent().post('/login').type('form').send(`username=admin&password=x&${fields}`);
    expect(res.status).toBe(413);
    expect(res.text).toContain('quá nhiều trường');
    expect(res.text).not.toMatch(/at \w+ \(/); // no stack trace
    const json = await t.agent().post('/login').set('Accept', 'application/json').type('json').send('{"broken"');
    expect(json.status).toBe(400);
    expect(json.body.message).toContain('không đọc được');
  });

  it('drops NUL characters from what a form sends (PostgreSQL refuses them: a 500 before), the same on both databases', async () => {
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const page = await admin.get('/fields');
    const res = await admin.post('/fields').type('form').send(`_csrf=${encodeURIComponent(csrfOf(page.text))}&name=${encodeURIComponent('Lĩnh vực\0 thử nghiệm')}`);
    expect(res.status).toBe(303);
    expect(await t.db.query(`SELECT name FROM fields WHERE name LIKE ?`, ['Lĩnh vực%thử nghiệm'])).toEqual([{ name: 'Lĩnh vực thử nghiệm' }]);
    // The reminder's reason, which went into the audit as typed.
    const programme = (await t.db.query(`SELECT id FROM programmes ORDER BY id LIMIT 1`))[0].id as number;
    const matrix = await admin.get(`/programmes/${programme}`);
    const remind = await admin.post(`/programmes/${programme}/remind`).type('form').send(`_csrf=${encodeURIComponent(csrfOf(matrix.text))}&reason=${encodeURIComponent('nhắc\0 lại')}`);
    expect(remind.status).toBeLessThan(500);
  });

  it('reads ids as decimal digits only: 0x10, 1e1, +5 and 07.0 are not ids', async () => {
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    for (const path of ['/initiatives/0x10', '/initiatives/1e1', '/initiatives/+5', '/initiatives/07.0', '/units/0x9', '/adoptions/0x1', '/catalogue/0x2', '/attachments/0x1']) {
      const res = await admin.get(path);
      expect(`${path} ${res.status}`).toBe(`${path} 404`);
    }
    expect((await admin.get('/initiatives/2')).status).toBe(200);
  });

  it('refuses a date of birth in the future with a message beside the field; nothing is saved', async () => {
    const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
    const before = await count(t.db, 'initiatives');
    const page = await author.get('/initiatives/new');
    const fieldId = (await t.db.query(`SELECT id FROM fields LIMIT 1`))[0].id;
    const res = await author
      .post('/initiatives/new')
      .field('_csrf', csrfOf(page.text))
      .field('title', 'Ngày sinh ở tương lai')
      .field('unitId', String(await unitId(t.db, 'QT-VHOANG')))
      .field('fieldId', String(fieldId))
      .field('authors[0][fullName]', 'Ngô Thị Thanh Hà')
      .field('authors[0][birthDate]', '01/01/2099')
      .field('authors[0][share]', '100')
      .field('attachmentVisibility', 'internal');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Ngày sinh không được sau ngày hôm nay.');
    expect(res.text).toContain('value="Ngày sinh ở tương lai"');
    expect(await count(t.db, 'initiatives')).toBe(before);
  });

  it('keeps signed-in pages, exports and internal downloads out of every cache; lets the public catalogue be cached', async () => {
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    for (const path of ['/', '/initiatives', '/initiatives/export.csv', '/initiatives/export.xlsx', '/catalogue', '/programmes']) {
      const res = await admin.get(path);
      expect(`${path} ${res.headers['cache-control']}`).toBe(`${path} no-store`);
    }
    const anonymous = await t.agent().get('/catalogue');
    expect(anonymous.headers['cache-control']).toBe('public, max-age=300');
    expect(anonymous.headers['set-cookie']).toBeUndefined();
    expect((await t.agent().get('/login')).headers['cache-control']).toBe('no-store');
  });

  it('writes formula-like text in XLSX exports with a leading apostrophe, as the CSV does', async () => {
    await t.db.query(`UPDATE initiatives SET title = '=HYPERLINK("http://x.invalid","Bấm vào đây")' WHERE code = 'SK-2022-0001'`);
    await t.db.query(`UPDATE initiatives SET title = '@SUM(1+1) Sáng kiến' WHERE code = 'SK-2022-0003'`);
    const admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const res = await admin.get('/initiatives/export.xlsx').buffer(true).parse(binary as never);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    const titles: string[] = [];
    book.worksheets[0].eachRow((row) => titles.push(String(row.getCell(2).value)));
    expect(titles).toContain(`'=HYPERLINK("http://x.invalid","Bấm vào đây")`);
    expect(titles).toContain(`'@SUM(1+1) Sáng kiến`);
    expect(titles.filter((s) => /^[=+\-@]/.test(s))).toEqual([]);
    const csv = await admin.get('/initiatives/export.csv');
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x.invalid"",""Bấm vào đây"")"`);
  });
});

describe('/healthz reads a real table', () => {
  it('answers 503 when the database can no longer be read', async () => {
    const t = await createTestApp();
    try {
      expect((await t.agent().get('/healthz')).status).toBe(200);
      if (t.db.options.type === 'postgres') {
        // A table the application cannot read any more.
        await t.db.query('ALTER TABLE "users" RENAME TO "users_gone"');
      } else {
        // Another file put in the database's place (never opening the live file itself:
        // closing a descriptor of it would drop SQLite's locks in this process).
        const other = join(t.dir, 'data', 'other.sqlite');
        writeFileSync(other, Buffer.alloc(4096, 0x41));
        renameSync(other, join(t.dir, 'data', 'test.sqlite'));
      }
      const res = await t.agent().get('/healthz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'error', database: 'unreachable' });
    } finally {
      await t.close().catch(() => undefined);
    }
  }, APP_HOOK_TIMEOUT);

  it('answers 503 when the write-ahead log SQLite writes into was deleted (what is written there would be lost)', async () => {
    const t = await createTestApp({ sqlite: true });
    try {
      expect((await t.agent().get('/healthz')).status).toBe(200);
      rmSync(join(t.dir, 'data', 'test.sqlite-wal'));
      const res = await t.agent().get('/healthz');
      expect(res.status).toBe(503);
    } finally {
      await t.close().catch(() => undefined);
    }
  }, APP_HOOK_TIMEOUT);
});

/**
 * Text people type that a spreadsheet would read as a formula (= + - @ first) reaches no
 * export as one: every XLSX and CSV route is fetched with such text in the fields it shows,
 * and every cell and field of every file is checked. The routes are listed here, and the
 * list must be every file route of the controllers.
 */
describe('formula-like text typed by people, on every XLSX and CSV route', () => {
  const TITLE = '=HYPERLINK("http://x.invalid","Bấm vào đây")';
  const UNIT = '+1 UBND xã Vĩnh Thái';
  const PROGRAMME = '@SUM(1) Nhân rộng sáng kiến';
  const EXPLANATION = '-2+3 thiếu kinh phí';
  const ADAPTATION = '=1+1';
  const AUTHOR = '@Tác giả';
  const FIELD = '-Lĩnh vực';
  const CRITERION = '=Tính mới';
  const IMPORTED = '=cmd|"/c calc"!A1';
  const FORMULA_LIKE = /^[=+\-@\t\r]/;
  const plainNumber = (s: string) => /^-?\d+([.,]\d+)?$/.test(s);

  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    const [initiative] = await t.db.query(`SELECT id, "roundId", "fieldId" FROM initiatives WHERE code = 'SK-2022-0001'`);
    ids.round = Number(initiative.roundId);
    ids.unit = await unitId(t.db, 'VL-VT');
    ids.user = await userId(t.db, 'tacgia');
    [{ id: ids.programme }] = await t.db.query(`SELECT id FROM programmes WHERE year = 2023`);
    await t.db.query(`UPDATE initiatives SET title = ? WHERE id = ?`, [TITLE, initiative.id]);
    await t.db.query(`UPDATE initiative_authors SET "fullName" = ? WHERE "initiativeId" = ?`, [AUTHOR, initiative.id]);
    await t.db.query(`UPDATE fields SET name = ? WHERE id = ?`, [FIELD, initiative.fieldId]);
    await t.db.query(`UPDATE criteria SET name = ? WHERE "roundId" = ?`, [CRITERION, ids.round]);
    await t.db.query(`UPDATE units SET name = ? WHERE id = ?`, [UNIT, ids.unit]);
    await t.db.query(`UPDATE programmes SET title = ? WHERE id = ?`, [PROGRAMME, ids.programme]);
    await t.db.query(`UPDATE adoptions SET status = 'not_adopted', reason = 'other', explanation = ?, adaptation = ? WHERE "programmeId" = ? AND "unitId" = ?`, [EXPLANATION, ADAPTATION, ids.programme, ids.unit]);
    // Temporary passwords of an import, offered once as CSV.
    const page = await admin.get('/users/import');
    const posted = await admin
      .post('/users/import')
      .field('_csrf', csrfOf(page.text))
      .attach('file', Buffer.from(['username,full_name,position,unit_code,roles', `canbo.congthuc,"${IMPORTED.replace(/"/g, '""')}",-Chuyên viên,QT-VHOANG,author`].join('\n')), 'nguoi-dung.csv');
    expect(posted.status).toBe(303);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  /** Every file route, with the ids of this test's records. */
  const routes = () => [
    '/initiatives/export.xlsx',
    '/initiatives/export.csv',
    '/initiatives/export.csv?sep=semicolon',
    `/programmes/${ids.programme}/export.xlsx`,
    `/programmes/${ids.programme}/export.csv`,
    `/programmes/${ids.programme}/export.csv?sep=semicolon`,
    `/programmes/${ids.programme}/rates.csv`,
    `/programmes/${ids.programme}/template.xlsx`,
    `/units/${ids.unit}/adoptions/template.xlsx`,
    `/rounds/${ids.round}/results.xlsx`,
    '/users/import/template.csv',
    '/units/import/template.csv',
    '/users/import/result/passwords.csv',
    '/account/recognitions.xlsx',
    '/account/recognitions.csv',
    `/users/${ids.user}/recognitions.xlsx`,
    `/users/${ids.user}/recognitions.csv`,
  ];

  it('lists every XLSX and CSV route of the controllers', () => {
    const pattern = (path: string) => path.replace(/\?.*$/, '').replace(/\/\d+\//g, '/:id/');
    expect([...new Set(routes().map(pattern))].sort()).toEqual(downloadRoutes().filter((r) => !r.endsWith('.docx')));
  });

  it('writes no cell or field that begins with = + - @ without the apostrophe, whatever was typed', async () => {
    const seen: string[] = [];
    const offending: string[] = [];
    for (const path of routes()) {
      const res = await admin.get(path).buffer(true).parse(binary as never);
      expect(`${path} ${res.status}`).toBe(`${path} 200`);
      const body = res.body as Buffer;
      if (path.includes('.xlsx')) {
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(body as never);
        for (const sheet of book.worksheets) {
          sheet.eachRow((row) =>
            row.eachCell((cell) => {
              const where = `${path} ${sheet.name}!${cell.address}`;
              if (cell.type === ExcelJS.ValueType.Formula) offending.push(`${where} formula ${String(cell.formula)}`);
              const text = cell.type === ExcelJS.ValueType.RichText ? (cell.value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('') : typeof cell.value === 'string' ? cell.value : null;
              if (text === null) return;
              seen.push(text);
              if (FORMULA_LIKE.test(text) && !plainNumber(text)) offending.push(`${where} ${text}`);
            }),
          );
        }
      } else {
        const text = body.toString('utf8');
        expect(text.charCodeAt(0)).toBe(0xfeff);
        const rows = parse(text.slice(1), { delimiter: path.includes('sep=semicolon') ? ';' : ',', relax_column_count: true }) as string[][];
        for (const [r, row] of rows.entries()) {
          for (const field of row) {
            seen.push(field);
            if (FORMULA_LIKE.test(field) && !plainNumber(field)) offending.push(`${path} row ${r + 1}: ${field}`);
          }
        }
      }
    }
    expect(offending).toEqual([]);
    // The text typed did reach the files, neutralised.
    for (const typed of [TITLE, UNIT, PROGRAMME, EXPLANATION, ADAPTATION, AUTHOR, FIELD, IMPORTED]) expect(seen.some((s) => s.startsWith(`'${typed}`))).toBe(true);
    expect(seen.some((s) => s.includes(CRITERION))).toBe(true);
  });

  it('reads back the template as typed: the apostrophe it added is not saved', async () => {
    const res = await admin.get(`/units/${ids.unit}/adoptions/template.xlsx`).buffer(true).parse(binary as never);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    const content = Buffer.from(await book.xlsx.writeBuffer());
    const page = await admin.get(`/units/${ids.unit}/adoptions`);
    const posted = await admin.post(`/units/${ids.unit}/adoptions/import`).field('_csrf', csrfOf(page.text)).attach('file', content, 'bao-cao.xlsx');
    expect(posted.status).toBe(303);
    const rows = (await t.db.query(`SELECT explanation, adaptation FROM adoptions WHERE "programmeId" = ? AND "unitId" = ?`, [ids.programme, ids.unit])) as { explanation: string; adaptation: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toEqual({ explanation: EXPLANATION, adaptation: ADAPTATION });
  });
});
