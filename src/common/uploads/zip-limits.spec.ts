import ExcelJS from 'exceljs';
import { deflated, MB, zeros, zip } from '../../../test/helpers/zip-writer';
import { checkZipLimits, countRows, ZipLimitError, ZipLimits, ZipRefusal } from './zip-limits';

const LIMITS: ZipLimits = { maxEntries: 100, maxInflatedBytes: 64 * MB };

function refusal(content: Buffer, limits: ZipLimits = LIMITS): { reason: ZipRefusal; message: string } {
  try {
    checkZipLimits(content, limits);
  } catch (e) {
    if (e instanceof ZipLimitError) return { reason: e.reason, message: e.message };
    throw e;
  }
  throw new Error('not refused');
}

async function workbook(rows: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Dữ liệu');
  sheet.addRow(['Mã', 'Tên']);
  for (let i = 1; i < rows; i++) sheet.addRow([i, `Dòng ${i}`]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe(checkZipLimits.name, () => {
  it('passes a workbook made by exceljs and says what it measured', async () => {
    const content = await workbook(3);
    const summary = checkZipLimits(content, LIMITS);
    expect(summary.entries).toBeGreaterThan(5);
    expect(summary.inflatedBytes).toBeGreaterThan(content.length);
    expect(summary.rows.get('xl/worksheets/sheet1.xml')).toBe(3);
  });

  it('passes what the test writer makes, stored or deflated', () => {
    const summary = checkZipLimits(zip([deflated('a.xml', '<a/>'), { name: 'b.txt', data: Buffer.from('bbb'), size: 3, method: 0 }, deflated('empty', '')]), LIMITS);
    expect(summary).toEqual({ entries: 3, inflatedBytes: 7, rows: new Map() });
  });

  it('refuses a bomb by its declared size, before inflating anything', () => {
    const bomb = zip([{ name: 'xl/worksheets/sheet1.xml', data: zeros(200), size: 200 * MB }]);
    expect(bomb.length).toBeLessThan(300 * 1024);
    expect(refusal(bomb)).toEqual({ reason: 'too-large', message: 'Tệp Excel quá lớn khi giải nén (vượt quá 64 MB) — có thể tệp bị hỏng hoặc không phải tệp mẫu. Không có gì được lưu.' });
  });

  it('refuses a bomb whose headers lie, inflating no more than they claim', () => {
    const bomb = zip([{ name: 'xl/worksheets/sheet1.xml', data: zeros(200), size: 1024 }]);
    const before = process.memoryUsage().arrayBuffers;
    expect(refusal(bomb).reason).toBe('malformed');
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * MB);
  });

  it.each([
    ['more than declared', 10],
    ['less than declared', 1000],
    ['something from nothing', 0],
  ])('refuses an entry that inflates to %s', (_, size) => {
    expect(refusal(zip([{ ...deflated('a.xml', 'x'.repeat(100)), size }])).reason).toBe('malformed');
  });

  it('counts the budget over all entries and, when asked, per entry', () => {
    const thirty = { data: zeros(30), size: 30 * MB };
    const three = zip([1, 2, 3].map((i) => ({ name: `xl/media/${i}.bin`, ...thirty })));
    expect(refusal(three).reason).toBe('too-large');
    const two = zip([1, 2].map((i) => ({ name: `xl/media/${i}.bin`, ...thirty })));
    expect(checkZipLimits(two, LIMITS).inflatedBytes).toBe(60 * MB);
    expect(refusal(two, { ...LIMITS, maxEntryBytes: 16 * MB }).message).toContain('vượt quá 16 MB');
  });

  it('refuses too many entries', () => {
    const parts = (n: number) => zip(Array.from({ length: n }, (_, i) => deflated(`${i}.xml`, '<a/>')));
    expect(checkZipLimits(parts(100), LIMITS).entries).toBe(100);
    expect(refusal(parts(101))).toEqual({ reason: 'too-many-entries', message: expect.stringContaining('quá nhiều thành phần (hơn 100)') });
  });

  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['text', Buffer.from('không phải excel')],
    ['a lone end-of-directory record', Buffer.from([0x50, 0x4b, 0x05, 0x06])],
  ])('refuses %s as malformed', (_, content) => {
    expect(refusal(content)).toEqual({ reason: 'malformed', message: 'Tệp không phải là tệp Excel (.xlsx) hợp lệ.' });
  });

  it('refuses a truncated workbook, wherever it is cut', async () => {
    const content = await workbook(3);
    for (const length of [30, content.length / 2, content.length - 30, content.length - 1]) {
      expect(refusal(content.subarray(0, Math.floor(length))).reason).toBe('malformed');
    }
  });

  it('refuses data that is not where the directory says', async () => {
    const content = await workbook(3);
    expect(refusal(Buffer.concat([Buffer.from('junk'), content])).reason).toBe('malformed');
    const lying = zip([deflated('a.xml', '<a/>')]);
    lying.writeUInt32LE(7, lying.length - 22 + 16); // directory offset
    expect(refusal(lying).reason).toBe('malformed');
  });

  it.each([
    ['another compression method', { method: 12 }],
    ['encryption', { flags: 1 }],
    ['ZIP64 sizes', { size: 0xffffffff }],
  ])('refuses %s', (_, change) => {
    expect(refusal(zip([{ ...deflated('a.xml', '<a/>'), ...change }])).reason).toBe('malformed');
  });

  it('refuses a sheet with more rows than allowed, from the zip alone', async () => {
    const limits = { ...LIMITS, maxSheetRows: 100 };
    expect(checkZipLimits(await workbook(100), limits).rows.get('xl/worksheets/sheet1.xml')).toBe(100);
    expect(refusal(await workbook(101), limits)).toEqual({ reason: 'too-many-rows', message: expect.stringContaining('quá nhiều dòng (hơn 100 dòng)') });
  });
});

describe(countRows.name, () => {
  it.each([
    ['<sheetData><row r="1"><c r="A1"/></row><row r="2"/><row>\n</row></sheetData>', 3],
    ['<x:sheetData><x:row r="1"/><x:row\tr="2"></x:row></x:sheetData>', 2],
    ['<rowBreaks count="1"/><rows/><sheetFormatPr/>', 0],
    ['<c t="inlineStr"><is><t>&lt;row a:row x:row </t></is></c>', 0],
  ])('counts %s', (xml, count) => {
    expect(countRows(Buffer.from(xml))).toBe(count);
  });
});
