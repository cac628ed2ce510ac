import { CsvColumn, csvHeaderRow } from '../common/csv-header';

/**
 * The columns of a units import: the template's header row shows the Vietnamese names; a
 * file may use those (any case, with or without marks) or the codes.
 */
export const UNIT_CSV_COLUMNS: readonly CsvColumn[] = [
  { key: 'code', title: 'Mã đơn vị' },
  { key: 'name', title: 'Tên đơn vị' },
  { key: 'kind', title: 'Loại đơn vị' },
  { key: 'parent_code', title: 'Mã đơn vị cấp trên' },
  { key: 'valid_from', title: 'Có hiệu lực từ ngày' },
];

/** The downloadable template: the header row and one example line, comma- or semicolon-separated (Excel with Vietnamese settings). */
export function unitCsvTemplate(separator: ',' | ';' = ','): string {
  const example = ['QT-XA-01', 'Xã Ví dụ', 'Xã', 'QT', '01/07/2025'];
  return `\uFEFF${csvHeaderRow(UNIT_CSV_COLUMNS, separator)}\n${example.join(separator)}\n`;
}
