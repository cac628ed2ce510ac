export const STORAGE_REFUSED = 'Máy chủ không ghi được tệp (ổ đĩa đầy hoặc không có quyền ghi). Chưa có gì được lưu; vui lòng thử lại sau hoặc báo quản trị hệ thống.';

const DISK_ERRORS = new Set(['EACCES', 'EPERM', 'ENOSPC', 'EROFS', 'EDQUOT', 'EIO']);
/** SQLite's words for the same (the database file shares the disk). */
const SQLITE_DISK_ERRORS = /SQLITE_(FULL|IOERR|READONLY|CANTOPEN)/;

/** An error of the disk itself (full, read-only, no permission), not of the request. */
export function isDiskError(e: unknown): e is NodeJS.ErrnoException {
  if (!(e instanceof Error)) return false;
  return DISK_ERRORS.has((e as NodeJS.ErrnoException).code ?? '') || SQLITE_DISK_ERRORS.test(e.message);
}
