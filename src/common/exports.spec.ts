import { PassThrough } from 'node:stream';
import { Response } from 'express';
import ExcelJS from 'exceljs';
import { csvField, ExportColumn, neutralised, writeXlsx } from './exports';

describe(csvField.name, () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvField('Xã Vĩnh Hòa, Vĩnh Linh')).toBe('"Xã Vĩnh Hòa, Vĩnh Linh"');
    expect(csvField('a "b"')).toBe('"a ""b"""');
    expect(csvField('dòng 1\ndòng 2')).toBe('"dòng 1\ndòng 2"');
    expect(csvField('a;b')).toBe('"a;b"');
  });
  it('writes dates as dd/mm/yyyy and empties as nothing', () => {
    expect(csvField('2023-05-01', true)).toBe('01/05/2023');
    expect(csvField(null)).toBe('');
  });
  it('neutralises formulas but keeps negative numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-12,5')).toBe('"-12,5"');
    expect(csvField(-3)).toBe('-3');
  });
});

describe(neutralised.name, () => {
  it.each(['=1+1', '+cmd', '+12', '-x', '@SUM(A1)', '\tx', '\rx'])('neutralises %j', (s) => {
    expect(neutralised(s)).toBe(`'${s}`);
  });
  it.each(['', 'Nguyễn Văn A (100%)', '-12', '-3,5', 'a=b'])('keeps %j', (s) => {
    expect(neutralised(s)).toBe(s);
  });
});

describe(writeXlsx.name, () => {
  interface Line {
    code: string;
    year: number | null;
    date: string | Date | null;
    other: string | number | Date;
  }
  const columns: ExportColumn<Line>[] = [
    { header: 'Mã', width: 10, value: (r) => r.code },
    { header: 'Năm', width: 6, value: (r) => r.year },
    { header: 'Ngày', width: 12, value: (r) => r.date, date: true },
    { header: 'Khác', width: 12, value: (r) => r.other },
  ];
  async function* batches(): AsyncGenerator<Line[]> {
    yield [{ code: '=x', year: 2024, date: '2024-03-05', other: new Date('2024-01-02T00:00:00Z') }];
    yield [
      { code: 'SK-1', year: 2023, date: null, other: 'a' },
      { code: 'SK-2', year: null, date: new Date('2023-12-31T00:00:00Z'), other: 5 },
    ];
  }

  it('writes every batch with the column formats (styles shared by a column), a date elsewhere still shown as a date', async () => {
    const res = Object.assign(new PassThrough(), { setHeader: () => undefined });
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    await writeXlsx(res as unknown as Response, 'a.xlsx', 'Dữ liệu', columns, batches());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Dữ liệu') as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).getCell(1).font).toMatchObject({ bold: true });
    expect(sheet.getRow(2).getCell(1).value).toBe("'=x");
    expect(sheet.getRow(2).getCell(1).alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(sheet.getRow(2).getCell(3).value).toEqual(new Date('2024-03-05T00:00:00Z'));
    expect(sheet.getRow(4).getCell(3).numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getRow(2).getCell(4).numFmt).toBe('mm-dd-yy');
    expect(sheet.getRow(4).getCell(4).value).toBe(5);
    expect(sheet.getRow(4).getCell(2).value).toBeNull();
  });
});
