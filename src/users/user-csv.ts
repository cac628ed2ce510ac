import { CsvColumn, csvHeaderRow } from '../common/csv-header';

/**
 * The columns of a users import: the template's header row shows the Vietnamese names; a
 * file may use those (any case, with or without marks) or the codes.
 */
export const USER_CSV_COLUMNS: readonly CsvColumn[] = [
  { key: 'username', title: 'Tên đăng nhập' },
  { key: 'full_name', title: 'Họ và tên' },
  { key: 'position', title: 'Chức vụ' },
  { key: 'unit_code', title: 'Mã đơn vị' },
  { key: 'roles', title: 'Vai trò' },
];

/** The downloadable template: the header row and one example line, comma- or semicolon-separated (Excel with Vietnamese settings). */
export function userCsvTemplate(separator: ',' | ';' = ','): string {
  const example = ['nguyenvana', 'Nguyễn Văn A', 'Công chức Văn phòng - Thống kê', 'VL-VH', 'author|unit_focal'];
  return `\uFEFF${csvHeaderRow(USER_CSV_COLUMNS, separator)}\n${example.join(separator)}\n`;
}
