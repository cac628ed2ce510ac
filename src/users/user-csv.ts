import { CsvColumn, csvHeaderRow } from '../common/csv-header';
import { acceptedRoles, parseRole, Role } from './roles';

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
  const example = ['nguyenvana', 'Nguyễn Văn A', 'Công chức Văn phòng - Thống kê', 'VL-VH', 'Tác giả|Đầu mối CCHC'];
  return `\uFEFF${csvHeaderRow(USER_CSV_COLUMNS, separator)}\n${example.join(separator)}\n`;
}

/**
 * The roles of one cell: names or codes separated by "|", "," or ";", never by spaces, since
 * the names have spaces ("Đầu mối CCHC"). `unknown` holds each value not recognised,
 * whole, as typed.
 */
export function parseRolesCell(cell: string): { roles: Role[]; unknown: string[] } {
  const roles: Role[] = [];
  const unknown: string[] = [];
  for (const part of cell.split(/[,;|]/).map((p) => p.trim()).filter(Boolean)) {
    const role = parseRole(part);
    if (!role) unknown.push(part);
    else if (!roles.includes(role)) roles.push(role);
  }
  return { roles, unknown };
}

/** Why a cell of roles is refused, or null. */
export function rolesCellError(unknown: string[]): string | null {
  if (!unknown.length) return null;
  return `Vai trò không hợp lệ: ${unknown.join('; ')}. Dùng tên hoặc mã vai trò, nhiều vai trò cách nhau bởi dấu | , hoặc ;: ${acceptedRoles()}.`;
}
