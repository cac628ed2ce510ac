import { PassThrough } from 'node:stream';
import { Response } from 'express';
import ExcelJS from 'exceljs';
import { csvField, csvSeparator, ExportColumn, exportedSheets, neutralised, typedText, writeCsv, writeXlsx, xlsxCellValue } from './exports';

describe(csvField.name, () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvField('Xã Vĩnh Hòa, Vĩnh Linh')).toBe('"Xã Vĩnh Hòa, Vĩnh Linh"');
    expect(csvField('a "b"')).toBe('"a ""b"""');
    expect(csvField('dòng 1\ndòng 2')).toBe('"dòng 1\ndòng 2"');
    expect(csvField('a;b')).toBe('"a;b"');
  });
  it('writes dates as dd/mm/yyyy, date-times in Vietnam, empties as nothing', () => {
    expect(csvField('2023-05-01', 'date')).toBe('01/05/2023');
    // 02:00 UTC is 09:00 in Vietnam; 20:00 UTC is already the next day there.
    expect(csvField(new Date('2024-03-05T02:00:00Z'), 'datetime')).toBe('05/03/2024 09:00');
    expect(csvField(new Date('2024-03-05T20:00:00Z'), 'date')).toBe('06/03/2024');
    expect(csvField(null)).toBe('');
    expect(csvField(null, 'score')).toBe('');
  });
  it('writes numbers with the decimal point, or the decimal comma (quoted) in the semicolon variant', () => {
    expect(csvField(88.875, 'score')).toBe('88.88');
    expect(csvField(88.875, 'score', ';')).toBe('88,88');
    expect(csvField(1 / 3, 'percent')).toBe('33.3%');
    expect(csvField(1 / 3, 'percent', ';')).toBe('33,3%');
    expect(csvField(2024, 'integer', ';')).toBe('2024');
    // A decimal comma inside a comma-separated file would split the field: quoted.
    expect(csvField('1,5')).toBe('"1,5"');
  });
  it('neutralises formulas but keeps negative numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-12,5')).toBe('"-12,5"');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(-3.5, 'score', ';')).toBe('-3,5');
  });
});

describe(csvSeparator.name, () => {
  it('is the semicolon only when asked for', () => {
    expect(csvSeparator('semicolon')).toBe(';');
    expect(csvSeparator(';')).toBe(';');
    expect(csvSeparator(undefined)).toBe(',');
    expect(csvSeparator(['semicolon', 'x'])).toBe(',');
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

describe(typedText.name, () => {
  it.each(['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', 'Nguyễn Văn A', '-12', "'quoted", "'", ''])('reads back %j as typed once neutralised', (s) => {
    expect(typedText(neutralised(s))).toBe(s);
  });
  it('keeps an apostrophe before anything else', () => {
    expect(typedText("'Tổ công nghệ số")).toBe("'Tổ công nghệ số");
  });
});

describe(xlsxCellValue.name, () => {
  it('gives Excel the wall-clock time in Vietnam in UTC fields, dates at midnight UTC, numbers as numbers', () => {
    expect(xlsxCellValue('datetime', new Date('2024-03-05T02:00:00Z'))).toEqual(new Date('2024-03-05T09:00:00Z'));
    expect(xlsxCellValue('datetime', new Date('2024-03-05T20:30:00Z'))).toEqual(new Date('2024-03-06T03:30:00Z'));
    expect(xlsxCellValue('date', '2024-03-05')).toEqual(new Date('2024-03-05T00:00:00Z'));
    expect(xlsxCellValue('date', new Date('2024-03-05T20:00:00Z'))).toEqual(new Date('2024-03-06T00:00:00Z'));
    expect(xlsxCellValue('score', '88.88')).toBe(88.88);
    expect(xlsxCellValue('percent', null)).toBeNull();
    expect(xlsxCellValue('text', '=x')).toBe("'=x");
  });
});

function sink() {
  const res = Object.assign(new PassThrough(), { setHeader: () => undefined, locals: {} });
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  return { res: res as unknown as Response, body: () => Buffer.concat(chunks) };
}

describe(writeXlsx.name, () => {
  interface Line {
    code: string;
    year: number | null;
    date: string | Date | null;
    other: string | number | Date;
    mean: number | null;
    rate: number | null;
    at: Date | null;
  }
  const columns: ExportColumn<Line>[] = [
    { header: 'Mã', width: 10, value: (r) => r.code },
    { header: 'Năm', width: 6, value: (r) => r.year, kind: 'integer' },
    { header: 'Ngày', width: 12, value: (r) => r.date, kind: 'date' },
    { header: 'Khác', width: 12, value: (r) => r.other },
    { header: 'Trung bình', width: 11, value: (r) => r.mean, kind: 'score' },
    { header: 'Tỷ lệ', width: 9, value: (r) => r.rate, kind: 'percent' },
    { header: 'Lúc nộp', width: 17, value: (r) => r.at, kind: 'datetime' },
  ];
  async function* batches(): AsyncGenerator<Line[]> {
    yield [{ code: '=x', year: 2024, date: '2024-03-05', other: new Date('2024-01-02T00:00:00Z'), mean: 88.875, rate: 1 / 3, at: new Date('2024-03-05T02:00:00Z') }];
    yield [
      { code: 'SK-1', year: 2023, date: null, other: 'a', mean: null, rate: null, at: null },
      { code: 'SK-2', year: null, date: new Date('2023-12-31T00:00:00Z'), other: 5, mean: 70, rate: 0.25, at: null },
    ];
  }

  it('writes every batch with numbers as numbers, the formats and widths of each column, times in Vietnam', async () => {
    const { res, body } = sink();
    await writeXlsx(res, 'a.xlsx', 'Dữ liệu', columns, batches());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body() as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Dữ liệu') as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(4);
    expect(columns.map((_, i) => sheet.getColumn(i + 1).width)).toEqual([10, 6, 12, 12, 11, 9, 17]);
    expect(sheet.getRow(1).getCell(1).font).toMatchObject({ bold: true });
    expect(sheet.getRow(2).getCell(1).value).toBe("'=x");
    expect(sheet.getRow(2).getCell(1).alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(sheet.getRow(2).getCell(2).value).toBe(2024);
    expect(sheet.getRow(2).getCell(2).numFmt).toBe('0');
    expect(sheet.getRow(2).getCell(3).value).toEqual(new Date('2024-03-05T00:00:00Z'));
    expect(sheet.getRow(4).getCell(3).numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getRow(2).getCell(4).numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getRow(4).getCell(4).value).toBe(5);
    expect(sheet.getRow(4).getCell(2).value).toBeNull();
    expect(sheet.getRow(2).getCell(5).value).toBe(88.875);
    expect(sheet.getRow(2).getCell(5).numFmt).toBe('0.00');
    expect(sheet.getRow(4).getCell(5).value).toBe(70);
    expect(sheet.getRow(2).getCell(6).value).toBeCloseTo(1 / 3, 10);
    expect(sheet.getRow(2).getCell(6).numFmt).toBe('0.0%');
    expect(sheet.getRow(3).getCell(6).value).toBeNull();
    expect(sheet.getRow(2).getCell(7).value).toEqual(new Date('2024-03-05T09:00:00Z'));
    expect(sheet.getRow(2).getCell(7).numFmt).toBe('dd/mm/yyyy hh:mm');
    // What the download's audit reads: the rows of data written.
    expect(exportedSheets(res)).toEqual([{ sheet: 'Dữ liệu', rows: 3 }]);
  });
});

describe(writeCsv.name, () => {
  const columns: ExportColumn<{ name: string; mean: number; rate: number }>[] = [
    { header: 'Tên', width: 10, value: (r) => r.name },
    { header: 'Trung bình', width: 10, value: (r) => r.mean, kind: 'score' },
    { header: 'Tỷ lệ', width: 10, value: (r) => r.rate, kind: 'percent' },
  ];
  async function* rows() {
    yield [{ name: 'Xã Vĩnh Hòa, Vĩnh Linh', mean: 88.875, rate: 0.965 }];
  }

  it('writes the comma variant with the decimal point, behind a BOM', async () => {
    const { res, body } = sink();
    await writeCsv(res, 'a.csv', columns, rows());
    expect(body().toString('utf8')).toBe('\uFEFFTên,Trung bình,Tỷ lệ\r\n"Xã Vĩnh Hòa, Vĩnh Linh",88.88,96.5%\r\n');
    expect(exportedSheets(res)).toEqual([{ sheet: '', rows: 1 }]);
  });

  it('writes the semicolon variant with the decimal comma', async () => {
    const { res, body } = sink();
    await writeCsv(res, 'a.csv', columns, rows(), ';');
    expect(body().toString('utf8')).toBe('\uFEFFTên;Trung bình;Tỷ lệ\r\n"Xã Vĩnh Hòa, Vĩnh Linh";88,88;96,5%\r\n');
  });
});
