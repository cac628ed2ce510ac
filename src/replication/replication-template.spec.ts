import ExcelJS from 'exceljs';
import { deflated, MB, zeros, zip } from '../../test/helpers/zip-writer';
import { AdoptionStatus, NotAdoptedReason } from './adoption-rules';
import { Adoption } from './programme.entity';
import { buildTemplate, readTemplate, TEMPLATE_MAX_ROWS } from './replication-template';

const SHEET = 'xl/worksheets/sheet1.xml';
const NOT_TEMPLATE = 'Tệp không đúng mẫu. Hãy tải tệp mẫu, điền và tải lên lại (định dạng .xlsx).';

const record = (fields: Partial<Adoption>) =>
  ({
    programme: { title: 'Nhân rộng 2025' },
    initiative: { code: 'SK-01', title: 'Một cửa điện tử' },
    unit: { name: 'Xã Vĩnh Hòa' },
    adoptedDate: null,
    reason: null,
    explanation: '',
    adaptation: '',
    ...fields,
  }) as Adoption;

describe(readTemplate.name, () => {
  it('reads back a template made by buildTemplate', async () => {
    const content = await buildTemplate([
      record({ id: 7, status: AdoptionStatus.Adopted, adoptedDate: '2025-03-14', adaptation: 'Rút gọn biểu mẫu' }),
      record({ id: 8, status: AdoptionStatus.NotAdopted, reason: NotAdoptedReason.NoBudget, explanation: 'Chưa có kinh phí' }),
    ]);
    expect(await readTemplate(content)).toEqual({
      rows: [
        { line: 2, recordId: 7, status: AdoptionStatus.Adopted, adoptedDate: '2025-03-14', reason: null, explanation: '', adaptation: 'Rút gọn biểu mẫu', errors: [] },
        { line: 3, recordId: 8, status: AdoptionStatus.NotAdopted, adoptedDate: null, reason: NotAdoptedReason.NoBudget, explanation: 'Chưa có kinh phí', adaptation: '', errors: [] },
      ],
    });
  });

  it('writes text typed as = + - @ with an apostrophe and reads it back as typed', async () => {
    const content = await buildTemplate(
      [
        record({
          id: 9,
          status: AdoptionStatus.NotAdopted,
          reason: NotAdoptedReason.Other,
          programme: { title: '@SUM(1) Nhân rộng' } as Adoption['programme'],
          initiative: { code: null, title: '=HYPERLINK("http://x.invalid")' } as unknown as Adoption['initiative'],
          explanation: '-2+3 thiếu kinh phí',
          adaptation: '=1+1',
        }),
      ],
      () => '+1 Xã Vĩnh Hòa',
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(content as never);
    const row = (book.getWorksheet('Báo cáo áp dụng') as ExcelJS.Worksheet).getRow(2);
    expect([2, 3, 4, 8, 9].map((c) => row.getCell(c).value)).toEqual(["'@SUM(1) Nhân rộng", `'=HYPERLINK("http://x.invalid")`, "'+1 Xã Vĩnh Hòa", "'-2+3 thiếu kinh phí", "'=1+1"]);
    expect(await readTemplate(content)).toMatchObject({ rows: [{ recordId: 9, explanation: '-2+3 thiếu kinh phí', adaptation: '=1+1', errors: [] }] });
  });

  it('refuses a bomb with a message, before exceljs sees it', async () => {
    const bomb = zip([{ name: SHEET, data: zeros(1024), size: 1024 * MB }]);
    expect(await readTemplate(bomb)).toEqual({ error: 'Tệp Excel quá lớn khi giải nén (vượt quá 24 MB) — có thể tệp bị hỏng hoặc không phải tệp mẫu. Không có gì được lưu.' });
  });

  it('refuses a bomb that understates its size as not the template', async () => {
    expect(await readTemplate(zip([{ name: SHEET, data: zeros(1024), size: MB }]))).toEqual({ error: NOT_TEMPLATE });
  });

  it(`refuses more than ${TEMPLATE_MAX_ROWS} data rows, counted in the zip`, async () => {
    const sheet = (rows: number) => Buffer.from(`<worksheet><sheetData>${'<row/>'.repeat(rows)}</sheetData></worksheet>`);
    const withRows = (rows: number) => zip([deflated(SHEET, sheet(rows))]);
    expect(await readTemplate(withRows(TEMPLATE_MAX_ROWS + 2))).toEqual({ error: 'Tệp có quá nhiều dòng (tối đa 20.000 dòng). Hãy chia thành nhiều tệp. Không có gì được lưu.' });
    // Header + 20,000 rows passes the count (and is then not a workbook exceljs can read).
    expect(await readTemplate(withRows(TEMPLATE_MAX_ROWS + 1))).toEqual({ error: NOT_TEMPLATE });
  });

  it('refuses a file that is not a zip as not the template', async () => {
    expect(await readTemplate(Buffer.from('không phải excel'))).toEqual({ error: NOT_TEMPLATE });
  });
});
