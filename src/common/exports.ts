import { Response } from 'express';
import ExcelJS from 'exceljs';
import { contentDisposition } from './content-disposition';
import { formatDate } from './dates';

// Exports of lists to Excel (.xlsx) and CSV, streamed batch by batch so that a long list
// never sits in memory. Vietnamese headers; dates as dd/mm/yyyy.

export type Cell = string | number | Date | null | undefined;

export interface ExportColumn<T> {
  header: string;
  /** Width in characters (Excel). */
  width: number;
  value: (row: T) => Cell;
  /** The value is a date (a Date, or yyyy-mm-dd). */
  date?: boolean;
}

function toDate(v: Cell): Date | null {
  if (v instanceof Date) return v;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
  return null;
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
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  for (const s of sheets) await addSheet(workbook, s.name, s.columns, s.batches);
  await workbook.commit();
}

function xlsxValue<T>(c: ExportColumn<T>, row: T): Cell {
  const v = c.value(row);
  if (c.date) return toDate(v);
  return typeof v === 'string' ? neutralised(v) : (v ?? '');
}

async function addSheet<T>(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheetName: string, columns: ExportColumn<T>[], batches: AsyncIterable<T[]>): Promise<void> {
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  // One style object per column, given to each of its cells. ExcelJS copies the column's
  // style into a new object per cell, and finds a style's id by the object's identity, or
  // else by writing it out as XML and looking that up: per cell, a third of an export's time.
  const styles: Partial<ExcelJS.Style>[] = columns.map((c) => (c.date ? { numFmt: 'dd/mm/yyyy' } : { alignment: { wrapText: true, vertical: 'top' } }));
  sheet.columns = columns.map((c, i) => ({ key: String(i), width: c.width, style: styles[i] }));
  const header = sheet.addRow(columns.map((c) => neutralised(c.header)));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.commit();
  for await (const batch of batches) {
    for (const item of batch) {
      const values = columns.map((c) => xlsxValue(c, item));
      const row = sheet.addRow(values);
      for (let i = 0; i < columns.length; i++) {
        // A style's id also follows the first value's type when it has no number format:
        // a date in a column not declared as one keeps a style of its own (shown as a date).
        if (columns[i].date || !(values[i] instanceof Date)) row.getCell(i + 1).style = styles[i];
      }
      row.commit();
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  sheet.commit();
}

/** = + - @ tab CR, looked up by code: a regular expression would first flatten text built by concatenation (every author cell). */
const FORMULA_START = new Set([...'=+-@\t\r'].map((c) => c.charCodeAt(0)));

/**
 * Text a spreadsheet would read as a formula (= + - @, tab or CR first) gets a leading
 * apostrophe, so opening or editing the cell never runs it; plain numbers stay as they are.
 */
export function neutralised(s: string): string {
  return FORMULA_START.has(s.charCodeAt(0)) && !/^-?\d+([.,]\d+)?$/.test(s) ? `'${s}` : s;
}

/** One CSV field: quoted when needed; formula-like text neutralised. */
export function csvField(v: Cell, date = false): string {
  const s = neutralised(v === null || v === undefined ? '' : date ? formatDate(v as string | Date) : v instanceof Date ? formatDate(v) : String(v));
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV in UTF-8 with a BOM, so Excel opens Vietnamese text correctly. */
export async function writeCsv<T>(res: Response, filename: string, columns: ExportColumn<T>[], batches: AsyncIterable<T[]>): Promise<void> {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.write(`\uFEFF${columns.map((c) => csvField(c.header)).join(',')}\r\n`);
  for await (const batch of batches) {
    const chunk = batch.map((row) => columns.map((c) => csvField(c.value(row), c.date)).join(',')).join('\r\n');
    if (chunk) res.write(`${chunk}\r\n`);
  }
  res.end();
}
