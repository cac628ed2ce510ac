export const STORAGE_REFUSED = 'Máy chủ không ghi được tệp (ổ đĩa đầy hoặc không có quyền ghi). Chưa có gì được lưu; vui lòng thử lại sau hoặc báo quản trị hệ thống.';

const DISK_ERRORS = new Set(['EACCES', 'EPERM', 'ENOSPC', 'EROFS', 'EDQUOT', 'EIO']);

/** An error of the disk itself (full, read-only, no permission), not of the request. */
export function isDiskError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && DISK_ERRORS.has((e as NodeJS.ErrnoException).code ?? '');
}
