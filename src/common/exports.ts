import { Response } from 'express';
import type ExcelJS from 'exceljs';
import { contentDisposition } from './content-disposition';
import { formatDate, formatDateTime, localWallClock } from './dates';
import { toNumber } from './numbers';

// Exports of lists to Excel (.xlsx) and CSV, streamed batch by batch so that a long list
// never sits in memory. Vietnamese headers. Each column says what kind of value it holds
// and the writers apply the rest:
//
// | kind       | value given            | Excel                          | CSV (comma / semicolon)        |
// |------------|------------------------|--------------------------------|--------------------------------|
// | text       | string                 | text, wrapped                  | as is                          |
// | integer    | number                 | number, `0`                    | 12                             |
// | score      | number                 | number, `0.00`                 | 88.88 / 88,88                  |
// | percent    | fraction (0.333)       | number, `0.0%`                 | 33.3% / 33,3%                  |
// | date       | yyyy-mm-dd or Date     | date, `dd/mm/yyyy`             | 05/03/2024                     |
// | datetime   | Date (a UTC instant)   | date, `dd/mm/yyyy hh:mm`, in   | 05/03/2024 09:00, in Vietnam's |
// |            |                        | Vietnam's time                 | time                           |
//
// Numbers are written as numbers, so they sort and sum in Excel; the semicolon CSV is the
// one Excel opens in columns with Vietnamese regional settings (where the comma is the
// decimal separator), so its numbers use the decimal comma.

export type Cell = string | number | Date | null | undefined;

export type ColumnKind = 'text' | 'integer' | 'score' | 'percent' | 'date' | 'datetime';

export interface ExportColumn<T> {
  header: string;
  /** Width in characters (Excel). */
  width: number;
  value: (row: T) => Cell;
  /** What the value is (text when not said); see the table above. */
  kind?: ColumnKind;
}

/** Excel number formats of each kind; text has none. */
export const NUMBER_FORMATS: Record<Exclude<ColumnKind, 'text'>, string> = {
  integer: '0',
  score: '0.00',
  percent: '0.0%',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
};

/** The CSV separator asked for: `?sep=semicolon` (Excel with Vietnamese settings) or the comma. */
export type CsvSeparator = ',' | ';';

export function csvSeparator(sep: unknown): CsvSeparator {
  return sep === 'semicolon' || sep === ';' ? ';' : ',';
}

function isoDay(v: Cell): string | null {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  if (v instanceof Date && !Number.isNaN(v.getTime())) return formatDate(v).split('/').reverse().join('-');
  return null;
}

function instant(v: Cell): Date | null {
  const d = v instanceof Date ? v : typeof v === 'string' && v !== '' ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

/**
 * The value of a cell as ExcelJS should write it. ExcelJS turns a Date into a serial
 * number from its UTC fields, and Excel has no time zones: a date is given as midnight
 * UTC of its day, a date-time as the wall-clock time in Vietnam carried in UTC fields.
 */
export function xlsxCellValue(kind: ColumnKind, v: Cell): ExcelJS.CellValue {
  switch (kind) {
    case 'integer':
    case 'score':
    case 'percent':
      return toNumber(v);
    case 'date': {
      const day = isoDay(v);
      return day ? new Date(`${day}T00:00:00Z`) : null;
    }
    case 'datetime': {
      const d = instant(v);
      return d ? localWallClock(d) : null;
    }
    default:
      if (v === null || v === undefined) return '';
      if (typeof v === 'string') return neutralised(v);
      return v;
  }
}

/** The rows a list export wrote, per sheet (a CSV file is one sheet without a name). */
export interface ExportedSheet {
  sheet: string;
  rows: number;
}

const EXPORTED = 'exportedSheets';

/**
 * Noted on the response before its end, where the download's audit reads it
 * (audit/download-audit.ts): the writers below do it; a file built whole (the replication
 * templates) says it before sending.
 */
export function noteRows(res: Response, sheet: string, rows: number): void {
  if (!res.locals) return;
  const sheets = (res.locals[EXPORTED] as ExportedSheet[] | undefined) ?? [];
  res.locals[EXPORTED] = [...sheets, { sheet, rows }];
}

/** What the list export of this response wrote, if it was one. */
export function exportedSheets(res: Response): ExportedSheet[] {
  return (res.locals?.[EXPORTED] as ExportedSheet[] | undefined) ?? [];
}

export async function writeXlsx<T>(res: Response, filename: string, sheetName: string, columns: ExportColumn<T>[], batches: AsyncIterable<T[]>): Promise<void> {
  await writeXlsxSheets(res, filename, [{ name: sheetName, columns, batches }]);
}

export interface ExportSheet<T> {
  name: string;
  columns: ExportColumn<T>[];
  batches: AsyncIterable<T[]>;
}

/** A workbook of several sheets, written one after the other. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function writeXlsxSheets(res: Response, filename: string, sheets: ExportSheet<any>[]): Promise<void> {
  res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Loaded on the first export (half a megabyte of code, with its zip libraries): most
  // processes of the application never write a workbook.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  for (const s of sheets) noteRows(res, s.name.slice(0, 31), await addSheet(workbook, s.name, s.columns, s.batches));
  await workbook.commit();
}

/** The style every cell of a column shares. */
function columnStyle(kind: ColumnKind): Partial<ExcelJS.Style> {
  if (kind === 'text') return { alignment: { wrapText: true, vertical: 'top' } };
  return { numFmt: NUMBER_FORMATS[kind], alignment: { vertical: 'top' } };
}

/** Writes a sheet; the number of rows of data it wrote. */
async function addSheet<T>(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheetName: string, columns: ExportColumn<T>[], batches: AsyncIterable<T[]>): Promise<number> {
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const kinds = columns.map((c) => c.kind ?? 'text');
  // One style object per column, given to each of its cells. ExcelJS copies the column's
  // style into a new object per cell, and finds a style's id by the object's identity, or
  // else by writing it out as XML and looking that up: per cell, a third of an export's time.
  const styles = kinds.map(columnStyle);
  // A text cell holding a Date (a column not declared as one) keeps a style of its own, shown as a date.
  const strayDate: Partial<ExcelJS.Style> = { numFmt: NUMBER_FORMATS.date, alignment: { vertical: 'top' } };
  sheet.columns = columns.map((c, i) => ({ key: String(i), width: Math.max(4, c.width), style: styles[i] }));
  const header = sheet.addRow(columns.map((c) => neutralised(c.header)));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.commit();
  let rows = 0;
  for await (const batch of batches) {
    rows += batch.length;
    for (const item of batch) {
      const values = columns.map((c, i) => xlsxCellValue(kinds[i], c.value(item)));
      const row = sheet.addRow(values);
      for (let i = 0; i < columns.length; i++) {
        row.getCell(i + 1).style = kinds[i] === 'text' && values[i] instanceof Date ? strayDate : styles[i];
      }
      row.commit();
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  sheet.commit();
  return rows;
}

/** = + - @ tab CR, looked up by code: a regular expression would first flatten text built by concatenation (every author cell). */
const FORMULA_START = new Set([...'=+-@\t\r'].map((c) => c.charCodeAt(0)));

/**
 * The one helper for a cell of user text in every XLSX and CSV file (the writers below, the
 * replication templates): text a spreadsheet would read as a formula (= + - @, tab or CR
 * first) gets a leading apostrophe, so opening or editing the cell never runs it; plain
 * numbers stay as they are.
 */
export function neutralised(s: string): string {
  return FORMULA_START.has(s.charCodeAt(0)) && !/^-?\d+([.,]\d+)?$/.test(s) ? `'${s}` : s;
}

/**
 * What was typed in a cell that `neutralised` wrote, read back from a file people filled
 * in: the apostrophe before = + - @ (tab, CR) is dropped, anything else is kept as it is.
 */
export function typedText(s: string): string {
  return s.charCodeAt(0) === 0x27 && FORMULA_START.has(s.charCodeAt(1)) ? s.slice(1) : s;
}

/** A number in CSV: at most `digits` decimals, with the separator's decimal mark. */
function csvNumber(n: number, digits: number, separator: CsvSeparator): string {
  const factor = 10 ** digits;
  const rounded = Math.round(n * factor) / factor;
  const s = String(rounded === 0 ? 0 : rounded); // never -0
  return separator === ';' ? s.replace('.', ',') : s;
}

/** The text of one CSV value of a column of this kind. */
export function csvText(kind: ColumnKind, v: Cell, separator: CsvSeparator = ','): string {
  if (v === null || v === undefined) return '';
  switch (kind) {
    case 'integer':
    case 'score':
    case 'percent': {
      const n = toNumber(v);
      if (n === null) return '';
      if (kind === 'percent') return `${csvNumber(n * 100, 1, separator)}%`;
      return csvNumber(n, kind === 'score' ? 2 : 0, separator);
    }
    case 'date':
      return formatDate(isoDay(v) ?? '');
    case 'datetime':
      return formatDateTime(instant(v));
    default:
      if (v instanceof Date) return formatDate(v);
      return typeof v === 'number' ? csvNumber(v, 4, separator) : v;
  }
}

/** One CSV field: quoted when needed; formula-like text neutralised. */
export function csvField(v: Cell, kind: ColumnKind = 'text', separator: CsvSeparator = ','): string {
  const s = kind === 'text' ? neutralised(csvText(kind, v, separator)) : csvText(kind, v, separator);
  // Text with either separator is quoted (a reader guessing the separator is not misled);
  // a number only when it holds this file's separator.
  const quoted = kind === 'text' ? /[",;\r\n]/.test(s) : s.includes(separator);
  return quoted ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV in UTF-8 with a BOM, so Excel opens Vietnamese text correctly; comma-separated with
 * the decimal point, or (`;`) semicolon-separated with the decimal comma for Excel with
 * Vietnamese regional settings.
 */
export async function writeCsv<T>(res: Response, filename: string, columns: ExportColumn<T>[], batches: AsyncIterable<T[]>, separator: CsvSeparator = ','): Promise<void> {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const kinds = columns.map((c) => c.kind ?? 'text');
  res.write(`\uFEFF${columns.map((c) => csvField(c.header, 'text', separator)).join(separator)}\r\n`);
  let rows = 0;
  for await (const batch of batches) {
    rows += batch.length;
    const chunk = batch.map((row) => columns.map((c, i) => csvField(c.value(row), kinds[i], separator)).join(separator)).join('\r\n');
    if (chunk) res.write(`${chunk}\r\n`);
  }
  noteRows(res, '', rows);
  res.end();
}
