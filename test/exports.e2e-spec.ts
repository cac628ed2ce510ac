import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import TestAgent from 'supertest/lib/agent';
import { Decision } from '../src/decisions/decision.entity';
import { Initiative } from '../src/initiatives/initiative.entity';
import { Adoption } from '../src/replication/programme.entity';
import { APP_HOOK_TIMEOUT, binary, createTestApp, csrfOf, DEMO_PASSWORD, signIn, TestApp } from './helpers/test-app';

// Exports Excel users can work with (numbers as numbers, times in Vietnam, widths, a
// semicolon CSV) and one Vietnamese number format on the pages (issue 11, items 8 and 9).

async function workbook(agent: TestAgent, path: string): Promise<ExcelJS.Workbook> {
  const res = await agent.get(path).buffer(true).parse(binary as never);
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.body as never);
  return book;
}

/** Each column's header → its index (1-based) on the first row. */
function headerIndex(sheet: ExcelJS.Worksheet): Map<string, number> {
  const map = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => map.set(String(cell.value), col));
  return map;
}

/** The row whose first cell is `code`. */
function rowOf(sheet: ExcelJS.Worksheet, code: string): ExcelJS.Row {
  for (let r = 2; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(1).value === code) return sheet.getRow(r);
  throw new Error(`no row ${code}`);
}

/** Every column of every sheet has a width set. */
function expectWidths(book: ExcelJS.Workbook): void {
  for (const sheet of book.worksheets) {
    for (let c = 1; c <= sheet.columnCount; c++) expect({ sheet: sheet.name, column: c, width: (sheet.getColumn(c).width ?? 0) > 0 }).toEqual({ sheet: sheet.name, column: c, width: true });
  }
}

function csvRows(body: string, delimiter: ',' | ';'): string[][] {
  expect(body.charCodeAt(0)).toBe(0xfeff);
  return parse(body.slice(1), { delimiter, relax_column_count: false }) as string[][];
}

describe('exports and the number format', () => {
  let t: TestApp;
  let admin: TestAgent;
  let initiativeId: number;
  let roundId: number;
  let programmeId: number;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await signIn(t.agent(), 'admin', DEMO_PASSWORD);
    [{ id: initiativeId }] = await t.db.query(`SELECT id FROM initiatives WHERE code = 'SK-2022-0001'`);
    initiativeId = Number(initiativeId);
    // Submitted at 09:00 in Vietnam (02:00 UTC); a mean of 88.875; a decision's mean of 88.88.
    await t.db.getRepository(Initiative).update(initiativeId, { submittedAt: new Date('2022-09-15T02:00:00Z') });
    await t.db.getRepository(Decision).update({ initiativeId }, { meanTotal: 88.88 });
    [{ id: roundId }] = await t.db.query(`SELECT "roundId" AS id FROM initiatives WHERE id = ?`, [initiativeId]);
    roundId = Number(roundId);
    [{ id: programmeId }] = await t.db.query(`SELECT id FROM programmes WHERE year = 2023`);
    programmeId = Number(programmeId);
  }, APP_HOOK_TIMEOUT);
  afterAll(() => t.close(), APP_HOOK_TIMEOUT);

  describe('the list of initiatives', () => {
    it('goes to Excel with the year as a number, dates as dates and the submission time in Vietnam, every column with a width', async () => {
      const book = await workbook(admin, '/initiatives/export.xlsx?year=2022&sort=code');
      expectWidths(book);
      const sheet = book.worksheets[0];
      const col = headerIndex(sheet);
      const row = rowOf(sheet, 'SK-2022-0001');
      const year = row.getCell(col.get('Năm') as number);
      expect(year.value).toBe(2022);
      expect(year.numFmt).toBe('0');
      const submitted = row.getCell(col.get('Ngày nộp') as number);
      // Excel has no time zones: the cell holds 09:00, the time in Vietnam, not 02:00 UTC.
      expect(submitted.value).toEqual(new Date('2022-09-15T09:00:00Z'));
      expect(submitted.numFmt).toBe('dd/mm/yyyy hh:mm');
      const applied = row.getCell(col.get('Ngày áp dụng lần đầu') as number);
      expect(applied.value).toBeInstanceOf(Date);
      expect(applied.numFmt).toBe('dd/mm/yyyy');
    });

    it('offers a semicolon CSV beside the comma one, which splits into the same columns with the time in Vietnam', async () => {
      const page = await admin.get('/initiatives?year=2022');
      expect(page.text).toContain('href="/initiatives/export.csv?year&#x3D;2022"');
      expect(page.text).toContain('href="/initiatives/export.csv?year&#x3D;2022&amp;sep=semicolon">Xuất CSV (dấu chấm phẩy, cho Excel tiếng Việt)</a>');
      expect((await admin.get('/initiatives')).text).toContain('href="/initiatives/export.csv?sep=semicolon"');

      const comma = csvRows((await admin.get('/initiatives/export.csv?year=2022&sort=code')).text, ',');
      const semicolon = csvRows((await admin.get('/initiatives/export.csv?year=2022&sort=code&sep=semicolon')).text, ';');
      expect(semicolon).toEqual(comma);
      expect(semicolon[0]).toHaveLength(11);
      expect(semicolon[0][0]).toBe('Mã sáng kiến');
      const row = semicolon.find((r) => r[0] === 'SK-2022-0001') as string[];
      expect(row[semicolon[0].indexOf('Năm')]).toBe('2022');
      expect(row[semicolon[0].indexOf('Ngày nộp')]).toBe('15/09/2022 09:00');
      expect(row[semicolon[0].indexOf('Tác giả (tỷ lệ đóng góp)')]).toBe('Nguyễn Minh Thơm (100%)');
      // A line of the semicolon file is not cut at its commas.
      const raw = (await admin.get('/initiatives/export.csv?year=2022&sep=semicolon')).text.split('\r\n');
      expect(raw[0]).toBe('\uFEFFMã sáng kiến;Tên sáng kiến;Đơn vị;Lĩnh vực;Đợt xét;Năm;Trạng thái;Phạm vi ảnh hưởng;Tác giả (tỷ lệ đóng góp);Ngày áp dụng lần đầu;Ngày nộp');
    });
  });

  describe("a round's results", () => {
    it('go to Excel with means, extremes and deviations as numbers formatted 0.00, ranks and counts as integers', async () => {
      const book = await workbook(admin, `/rounds/${roundId}/results.xlsx`);
      expectWidths(book);
      const sheet = book.worksheets[0];
      const col = headerIndex(sheet);
      let rows = 0;
      for (let r = 2; r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        const mean = row.getCell(col.get('Điểm trung bình') as number);
        expect(typeof mean.value).toBe('number');
        expect(mean.numFmt).toBe('0.00');
        for (const h of ['Thấp nhất', 'Cao nhất', 'Độ lệch chuẩn']) {
          expect(typeof row.getCell(col.get(h) as number).value).toBe('number');
          expect(row.getCell(col.get(h) as number).numFmt).toBe('0.00');
        }
        const criterionMeans = [...col.keys()].filter((h) => h.startsWith('TB: '));
        expect(criterionMeans.length).toBeGreaterThan(0);
        for (const h of criterionMeans) expect(row.getCell(col.get(h) as number).numFmt).toBe('0.00');
        expect(row.getCell(col.get('Xếp hạng') as number).value).toBe(r - 1);
        expect(row.getCell(col.get('Số phiếu hợp lệ') as number).numFmt).toBe('0');
        rows++;
      }
      expect(rows).toBe(5);
      // Sorted by mean, highest first: the numbers say so.
      const means = Array.from({ length: rows }, (_, i) => sheet.getRow(i + 2).getCell(col.get('Điểm trung bình') as number).value as number);
      expect(means).toEqual([...means].sort((a, b) => b - a));
    });

    it('show means with the decimal comma and two decimals on the page', async () => {
      const page = await admin.get(`/rounds/${roundId}/results`);
      expect(page.status).toBe(200);
      const cells = [...page.text.matchAll(/data-label="Điểm trung bình">([^<]*)</g)].map((m) => m[1]);
      expect(cells).toHaveLength(5);
      for (const c of cells) expect(c).toMatch(/^\d+,\d\d$/);
    });
  });

  describe('a replication programme', () => {
    it('goes to Excel with rates as fractions formatted 0.0 %, report times in Vietnam, widths on every sheet', async () => {
      const [record] = await t.db.query(`SELECT id FROM adoptions WHERE "programmeId" = ? AND "reportedAt" IS NOT NULL ORDER BY id LIMIT 1`, [programmeId]);
      await t.db.getRepository(Adoption).update(Number(record.id), { reportedAt: new Date('2023-06-01T02:30:00Z') });
      const book = await workbook(admin, `/programmes/${programmeId}/export.xlsx`);
      expectWidths(book);
      const matrix = book.worksheets[0];
      const col = headerIndex(matrix);
      const rateColumns = [...col.keys()].filter((h) => h.startsWith('Tỷ lệ áp dụng'));
      expect(rateColumns.length).toBeGreaterThan(0);
      const adopted = (await t.db.query(
        `SELECT i.code, SUM(CASE WHEN a.status = 'adopted' THEN 1 ELSE 0 END) AS adopted, COUNT(*) AS total FROM adoptions a JOIN initiatives i ON i.id = a."initiativeId" WHERE a."programmeId" = ? GROUP BY i.code`,
        [programmeId],
      )) as { code: string; adopted: number; total: number }[];
      for (const { code, adopted: a, total } of adopted) {
        const cell = rowOf(matrix, code).getCell(col.get(rateColumns[0]) as number);
        expect(cell.numFmt).toBe('0.0%');
        expect(cell.value).toBeCloseTo(Number(a) / Number(total), 10);
      }
      const all = book.getWorksheet('Tất cả báo cáo') as ExcelJS.Worksheet;
      const allCol = headerIndex(all);
      const times = [] as Date[];
      for (let r = 2; r <= all.rowCount; r++) {
        const cell = all.getRow(r).getCell(allCol.get('Ngày báo cáo') as number);
        if (cell.value instanceof Date) {
          expect(cell.numFmt).toBe('dd/mm/yyyy hh:mm');
          times.push(cell.value);
        }
      }
      expect(times).toContainEqual(new Date('2023-06-01T09:30:00Z'));
    });

    it('offers a semicolon CSV next to the comma one on the programme page; both hold the same records', async () => {
      const page = await admin.get(`/programmes/${programmeId}`);
      expect(page.text).toContain(`href="/programmes/${programmeId}/export.csv"`);
      expect(page.text).toContain(`href="/programmes/${programmeId}/export.csv?sep=semicolon">Xuất CSV (dấu chấm phẩy, cho Excel tiếng Việt)</a>`);
      const comma = csvRows((await admin.get(`/programmes/${programmeId}/export.csv`)).text, ',');
      const semicolon = csvRows((await admin.get(`/programmes/${programmeId}/export.csv?sep=semicolon`)).text, ';');
      expect(semicolon).toEqual(comma);
      expect(semicolon.length).toBeGreaterThan(10);
      const reported = semicolon[0].indexOf('Ngày báo cáo');
      expect(semicolon.slice(1).some((r) => r[reported] === '01/06/2023 09:30')).toBe(true);
      for (const r of semicolon.slice(1)) expect(r[reported]).toMatch(/^(\d\d\/\d\d\/\d{4} \d\d:\d\d)?$/);
    });

    it('offers the rates CSV with semicolons too: rates with the decimal comma there, the decimal point in the comma file', async () => {
      const page = await admin.get(`/programmes/${programmeId}`);
      expect(page.text).toContain(`href="/programmes/${programmeId}/rates.csv?sep=semicolon">Xuất tỷ lệ (CSV dấu chấm phẩy, cho Excel tiếng Việt)</a>`);
      const comma = csvRows((await admin.get(`/programmes/${programmeId}/rates.csv`)).text, ',');
      const semicolon = csvRows((await admin.get(`/programmes/${programmeId}/rates.csv?sep=semicolon`)).text, ';');
      expect(semicolon[0]).toEqual(comma[0]);
      expect(semicolon).toHaveLength(comma.length);
      const rate = semicolon[0].findIndex((h) => h.startsWith('Tỷ lệ'));
      const rates = semicolon.slice(1).map((r) => r[rate]).filter(Boolean);
      expect(rates.length).toBeGreaterThan(0);
      for (const [i, r] of rates.entries()) {
        expect(r).toMatch(/^\d+(,\d)?%$/);
        expect(comma.slice(1).map((c) => c[rate]).filter(Boolean)[i]).toBe(r.replace(',', '.'));
      }
      expect(rates.some((r) => r.includes(','))).toBe(true);
    });

    it('refuses the semicolon CSV, like the comma one, to someone who may not export it', async () => {
      const author = await signIn(t.agent(), 'tacgia', DEMO_PASSWORD);
      for (const path of [`/programmes/${programmeId}/export.csv?sep=semicolon`, `/programmes/${programmeId}/export.csv`]) {
        const res = await author.get(path);
        expect(res.status).toBe(403);
        expect(res.text).not.toContain('Mã sáng kiến');
      }
    });

    it('shows rates and counts in the Vietnamese format', async () => {
      const page = await admin.get(`/programmes/${programmeId}`);
      expect(page.text).not.toMatch(/\d\.\d%/);
      expect(page.text).toMatch(/<span class="stat-value">\d+(,\d)?%<\/span>/);
    });
  });

  describe('import templates and the temporary passwords', () => {
    it.each([
      ['/users/import', '/users/import/template.csv', ['Tên đăng nhập', 'Họ và tên', 'Chức vụ', 'Mã đơn vị', 'Vai trò']],
      ['/units/import', '/units/import/template.csv', ['Mã đơn vị', 'Tên đơn vị', 'Loại đơn vị', 'Mã đơn vị cấp trên', 'Có hiệu lực từ ngày']],
    ])('%s offers its template with semicolons as well, in the same columns', async (page, template, header) => {
      expect((await admin.get(page)).text).toContain(`<a href="${template}?sep=semicolon">Tệp mẫu dấu chấm phẩy (cho Excel tiếng Việt)</a>`);
      const comma = csvRows((await admin.get(template)).text, ',');
      const semicolon = csvRows((await admin.get(`${template}?sep=semicolon`)).text, ';');
      expect(semicolon).toEqual(comma);
      expect(semicolon[0]).toEqual(header);
      expect(semicolon[1]).toHaveLength(header.length);
    });

    it('imports users from the semicolon template as Excel saves it, and gives their passwords in a semicolon file once', async () => {
      const template = (await admin.get('/users/import/template.csv?sep=semicolon')).text;
      const file = `${template.split('\n')[0]}\r\ncanbo.cp1;Lê Thị Chấm Phẩy;Công chức Văn hóa, Xã hội;QT-VHOANG;author\r\n`;
      const form = await admin.get('/users/import');
      const posted = await admin.post('/users/import').field('_csrf', csrfOf(form.text)).attach('file', Buffer.from(file), 'nguoi-dung.csv');
      expect(posted.status).toBe(303);
      const result = await admin.get(posted.headers.location);
      expect(result.text).toContain('href="/users/import/result/passwords.csv?sep=semicolon"');
      const [[user]] = [await t.db.query(`SELECT "fullName", position FROM users WHERE username = 'canbo.cp1'`)];
      expect(user).toEqual({ fullName: 'Lê Thị Chấm Phẩy', position: 'Công chức Văn hóa, Xã hội' });
      const passwords = csvRows((await admin.get('/users/import/result/passwords.csv?sep=semicolon')).text, ';');
      expect(passwords[0]).toEqual(['Tên đăng nhập', 'Họ và tên', 'Mật khẩu tạm thời']);
      expect(passwords[1].slice(0, 2)).toEqual(['canbo.cp1', 'Lê Thị Chấm Phẩy']);
      await expect(signIn(t.agent(), 'canbo.cp1', passwords[1][2])).resolves.toBeDefined();
      // Once, whichever separator.
      expect((await admin.get('/users/import/result/passwords.csv')).status).toBe(410);
    });
  });

  describe('one number format on the pages', () => {
    it("shows a decision's mean score on the initiative page as 88,88", async () => {
      const page = await admin.get(`/initiatives/${initiativeId}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('điểm trung bình 88,88');
      expect(page.text).not.toContain('88.88');
    });

    it("shows the council's means in its minutes as on the results page: comma, two decimals", async () => {
      const minutes = await admin.get(`/rounds/${roundId}/minutes`);
      expect(minutes.status).toBe(200);
      const means = [...minutes.text.matchAll(/Điểm trung bình: <strong>([^<]*)<\/strong>/g)].map((m) => m[1]);
      expect(means.length).toBeGreaterThan(0);
      for (const m of means) expect(m).toMatch(/^\d+,\d\d$/);
    });

    it("shows what a unit measured on its adoption record as 96,5 and puts it in the form as 96,5", async () => {
      const [record] = await t.db.query(`SELECT a.id FROM adoptions a JOIN units u ON u.id = a."unitId" WHERE a."programmeId" = ? AND u.code = 'VL-VH' ORDER BY a.id LIMIT 1`, [programmeId]);
      await t.db.getRepository(Adoption).update(Number(record.id), { indicators: [{ name: 'Tỷ lệ hồ sơ giải quyết đúng hạn', unitOfMeasure: '%', before: 1234.5, after: 96.5 }] });
      const page = await admin.get(`/adoptions/${record.id}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Tỷ lệ hồ sơ giải quyết đúng hạn (%): 1.234,5 → 96,5');
      expect(page.text).toMatch(/value="96,5"/);
      expect(page.text).not.toContain('96.5');
    });
  });
});
