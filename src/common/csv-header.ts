import { fold } from './text';

/**
 * A column of an import: its code, and the Vietnamese name the template's header row
 * shows. A header cell may give either (any case, spaces around, with or without marks).
 */
export interface CsvColumn {
  key: string;
  title: string;
}

/** The header row of a template: the columns' Vietnamese names. */
export function csvHeaderRow(columns: readonly CsvColumn[], separator: ',' | ';' = ','): string {
  return columns.map((c) => (/[",;]/.test(c.title) ? `"${c.title.replace(/"/g, '""')}"` : c.title)).join(separator);
}

const columnOf = (c: string | CsvColumn): CsvColumn => (typeof c === 'string' ? { key: c, title: c } : c);
const named = (c: CsvColumn) => (c.title === c.key ? c.key : `${c.title} (${c.key})`);

/**
 * The column code each header cell names, by position (null: a blank cell), or why the
 * header is refused. Columns given with a title refuse a cell that names none of them
 * (plain codes keep ignoring extra columns); every column must be there, once.
 */
export function headerColumns(header: string[], wanted: readonly (string | CsvColumn)[]): { keys: (string | null)[] } | { error: string } {
  const columns = wanted.map(columnOf);
  const titled = columns.some((c) => c.title !== c.key);
  const byName = new Map<string, CsvColumn>();
  for (const c of columns) {
    byName.set(c.key.toLowerCase(), c);
    byName.set(fold(c.title), c);
  }
  const unknown: string[] = [];
  const seen = new Set<string>();
  const twice = new Set<string>();
  const keys = header.map((cell) => {
    const name = cell.trim();
    if (name === '') return null;
    const column = byName.get(name.toLowerCase()) ?? byName.get(fold(name));
    if (!column) {
      if (titled) unknown.push(name);
      return titled ? null : name.toLowerCase();
    }
    if (seen.has(column.key)) twice.add(named(column));
    seen.add(column.key);
    return column.key;
  });
  const expected = titled ? columns.map(named).join(', ') : columns.map((c) => c.key).join(',');
  if (unknown.length > 0) {
    return { error: `Không nhận ra cột: ${unknown.map((u) => `"${u}"`).join(', ')}. Các cột dùng được (tên cột trong tệp mẫu hoặc mã cột): ${expected}.` };
  }
  if (twice.size > 0) return { error: `Cột bị lặp: ${[...twice].join(', ')}. Mỗi cột chỉ ghi một lần ở dòng đầu tiên.` };
  const missing = columns.filter((c) => !seen.has(c.key));
  if (missing.length > 0) {
    return {
      error: titled
        ? `Thiếu cột: ${missing.map(named).join(', ')}. Dòng đầu tiên phải có các cột: ${expected}.`
        : `Thiếu cột: ${missing.map((c) => c.key).join(', ')}. Dòng đầu tiên phải là: ${expected}`,
    };
  }
  return { keys };
}
