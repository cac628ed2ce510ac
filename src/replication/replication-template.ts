import type ExcelJS from 'exceljs';
import { parseDateInput } from '../common/dates';
import { neutralised, typedText } from '../common/exports';
import { formatInteger } from '../common/numbers';
import { fold } from '../common/text';
import { checkZipLimits, ZipLimitError } from '../common/uploads/zip-limits';
import { ADOPTION_STATUS_LABELS, ADOPTION_STATUSES, AdoptionStatus, NotAdoptedReason, REASON_LABELS, REASONS } from './adoption-rules';
import { Adoption } from './programme.entity';

// The Excel template for reporting many records at once: downloaded pre-filled with the
// records and their current state, filled in, and uploaded back.

// Checked on the zip before exceljs inflates anything (it inflates everything at once).
// A province programme is 50 initiatives × 300 units = 15,000 rows.
/** A real 20,000-row template is about 8 MB inflated; exceljs needs ~14× the inflated size in memory. */
export const TEMPLATE_MAX_INFLATED_BYTES = 24 * 1024 * 1024;
export const TEMPLATE_MAX_ENTRIES = 100;
export const TEMPLATE_MAX_ROWS = 20_000;

const NOT_TEMPLATE = 'Tệp không đúng mẫu. Hãy tải tệp mẫu, điền và tải lên lại (định dạng .xlsx).';
const TOO_MANY_ROWS = `Tệp có quá nhiều dòng (tối đa ${formatInteger(TEMPLATE_MAX_ROWS)} dòng). Hãy chia thành nhiều tệp. Không có gì được lưu.`;

export const TEMPLATE_SHEET = 'Báo cáo áp dụng';
export const TEMPLATE_HEADERS = ['Mã bản ghi', 'Kế hoạch', 'Sáng kiến', 'Đơn vị', 'Tình trạng', 'Ngày áp dụng', 'Lý do không áp dụng', 'Giải thích', 'Điều chỉnh cho phù hợp'];

/** A row of the template, as read back. */
export interface TemplateRow {
  line: number;
  recordId: number | null;
  status: AdoptionStatus | null;
  adoptedDate: string | null;
  reason: NotAdoptedReason | null;
  explanation: string;
  adaptation: string;
  errors: { column: string; message: string }[];
}

const byLabel = <T extends string>(labels: Record<T, string>, codes: readonly T[]) => {
  const map = new Map<string, T>();
  for (const code of codes) {
    map.set(fold(labels[code]), code);
    map.set(code, code);
  }
  return (text: string): T | null => map.get(fold(text)) ?? map.get(text.trim()) ?? null;
};
const statusOf = byLabel(ADOPTION_STATUS_LABELS, ADOPTION_STATUSES);
const reasonOf = byLabel(REASON_LABELS, REASONS);

/** ExcelJS, loaded with the first template (as the lists' exports load it): most processes never build one. */
const excel = async () => (await import('exceljs')).default;

/** `unitName` may add where an ended unit went ("UBND xã Phú Mỹ (nay thuộc Xã Phú Mỹ Thuận)"). */
export async function buildTemplate(records: Adoption[], unitName: (r: Adoption) => string = (r) => r.unit?.name ?? ''): Promise<Buffer> {
  const book = new (await excel()).Workbook();
  const sheet = book.addWorksheet(TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  // The explanation and adaptation columns hold what people typed and are the cells they
  // edit: as text ('@'), what starts with = stays text when edited instead of becoming a formula.
  sheet.columns = [10, 30, 45, 26, 18, 14, 32, 40, 30].map((width, i) => (i >= 7 ? { width, style: { numFmt: '@' } } : { width }));
  const header = sheet.addRow(TEMPLATE_HEADERS);
  header.font = { bold: true };
  for (const r of records) {
    // Every text cell through the exports' one helper: what people typed (titles, unit
    // names, explanations) that starts with = + - @ gets its apostrophe, as in every export.
    const text = [
      r.programme?.title ?? '',
      `${r.initiative?.code ?? ''} ${r.initiative?.title ?? ''}`.trim(),
      unitName(r),
      ADOPTION_STATUS_LABELS[r.status],
      r.adoptedDate ? r.adoptedDate.split('-').reverse().join('/') : '',
      r.reason ? REASON_LABELS[r.reason] : '',
      r.explanation,
      r.adaptation,
    ].map(neutralised);
    sheet.addRow([r.id, ...text]);
  }
  // Drop-down lists for the status and the reason, from a hidden sheet.
  const lists = book.addWorksheet('Danh mục', { state: 'hidden' });
  ADOPTION_STATUSES.forEach((s, i) => (lists.getCell(i + 1, 1).value = ADOPTION_STATUS_LABELS[s]));
  REASONS.forEach((r, i) => (lists.getCell(i + 1, 2).value = REASON_LABELS[r]));
  for (let row = 2; row <= records.length + 1; row++) {
    sheet.getCell(row, 5).dataValidation = { type: 'list', allowBlank: false, formulae: [`'Danh mục'!$A$1:$A$${ADOPTION_STATUSES.length}`] };
    sheet.getCell(row, 7).dataValidation = { type: 'list', allowBlank: true, formulae: [`'Danh mục'!$B$1:$B$${REASONS.length}`] };
    sheet.getCell(row, 6).numFmt = '@';
  }
  for (const col of [1, 2, 3, 4]) sheet.getColumn(col).font = { color: { argb: 'FF555555' } };
  return Buffer.from(await book.xlsx.writeBuffer());
}

function text(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text ?? '');
  if (typeof value === 'object' && 'result' in value) return String((value as { result: unknown }).result ?? '');
  if (typeof value === 'object' && 'richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
  return String(value).trim();
}

/** Reads an uploaded template; each row carries its own format errors. An error for the person if unreadable. */
export async function readTemplate(content: Buffer): Promise<{ rows: TemplateRow[] } | { error: string }> {
  try {
    // The header row comes on top of the data rows.
    checkZipLimits(content, { maxEntries: TEMPLATE_MAX_ENTRIES, maxInflatedBytes: TEMPLATE_MAX_INFLATED_BYTES, maxSheetRows: TEMPLATE_MAX_ROWS + 1 });
  } catch (e) {
    if (!(e instanceof ZipLimitError)) throw e;
    return { error: e.reason === 'malformed' ? NOT_TEMPLATE : e.reason === 'too-many-rows' ? TOO_MANY_ROWS : e.message };
  }
  const book = new (await excel()).Workbook();
  try {
    await book.xlsx.load(content as never);
  } catch {
    return { error: NOT_TEMPLATE };
  }
  const sheet = book.getWorksheet(TEMPLATE_SHEET) ?? book.worksheets[0];
  if (!sheet || text(sheet.getCell(1, 1).value) !== TEMPLATE_HEADERS[0]) return { error: NOT_TEMPLATE };
  const rows: TemplateRow[] = [];
  sheet.eachRow((row, line) => {
    if (line === 1) return;
    const cells = TEMPLATE_HEADERS.map((_, i) => text(row.getCell(i + 1).value));
    if (cells.every((c) => c === '')) return;
    const errors: TemplateRow['errors'] = [];
    const id = Number(cells[0]);
    if (!Number.isInteger(id) || id <= 0) errors.push({ column: TEMPLATE_HEADERS[0], message: 'Thiếu hoặc sai mã bản ghi (không sửa cột này).' });
    const status = statusOf(cells[4]);
    if (!status) errors.push({ column: TEMPLATE_HEADERS[4], message: `Tình trạng "${cells[4]}" không hợp lệ; chọn trong danh sách.` });
    let adoptedDate: string | null = null;
    if (cells[5]) {
      adoptedDate = parseDateInput(cells[5]);
      if (!adoptedDate) errors.push({ column: TEMPLATE_HEADERS[5], message: `Ngày "${cells[5]}" không hợp lệ (dd/mm/yyyy).` });
    }
    let reason: NotAdoptedReason | null = null;
    if (cells[6]) {
      reason = reasonOf(cells[6]);
      if (!reason) errors.push({ column: TEMPLATE_HEADERS[6], message: `Lý do "${cells[6]}" không có trong danh sách.` });
    }
    // The apostrophe the template put before text starting with = + - @ is not part of what was typed.
    rows.push({ line, recordId: Number.isInteger(id) && id > 0 ? id : null, status, adoptedDate, reason, explanation: typedText(cells[7]), adaptation: typedText(cells[8]), errors });
  });
  return { rows };
}
