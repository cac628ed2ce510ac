import { parse } from 'csv-parse/sync';
import { CsvColumn, headerColumns } from './csv-header';

export interface CsvRow {
  /** Line number in the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface CsvRowError {
  line: number;
  column: string;
  message: string;
}

export class CsvFormatError extends Error {}

/** Comma or semicolon, whichever appears more in the header line (outside quotes). */
export function detectDelimiter(text: string): ',' | ';' {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Parses an uploaded CSV file: UTF-8 with or without BOM, comma or semicolon, a header
 * line naming the columns (by code, or by the Vietnamese name of a `CsvColumn`). Checks
 * that the required columns are there, each once.
 */
export function parseCsv(content: Buffer, requiredColumns: readonly (string | CsvColumn)[]): CsvRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new CsvFormatError('Tệp không được mã hóa UTF-8. Trong Excel, hãy lưu bằng "CSV UTF-8 (Comma delimited)".');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new CsvFormatError('Tệp trống.');

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new CsvFormatError(`Không đọc được tệp CSV${line ? ` (dòng ${line})` : ''}: kiểm tra dấu ngoặc kép và dấu phân cách.`);
  }

  const [header, ...body] = records;
  const columns = headerColumns(header.record, requiredColumns);
  if ('error' in columns) throw new CsvFormatError(columns.error);
  return body
    .filter((r) => r.record.some((v) => v.trim() !== ''))
    .map((r) => {
      const values: Record<string, string> = {};
      columns.keys.forEach((c, i) => {
        if (c !== null) values[c] = (r.record[i] ?? '').trim();
      });
      return { line: r.info.lines, values };
    });
}
