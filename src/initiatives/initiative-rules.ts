import { formatDate } from '../common/dates';

// Rules of the request for recognition (Nghị định 13/2012/NĐ-CP; Thông tư 18/2013/TT-BKHCN).

/** Contribution shares of the authors must add up to 100 % (to the hundredth). */
export function sharesError(shares: number[]): string | null {
  if (shares.length === 0) return 'Cần ít nhất một tác giả.';
  if (shares.some((s) => !Number.isFinite(s) || s <= 0 || s > 100)) return 'Tỷ lệ đóng góp của mỗi tác giả phải lớn hơn 0 và không quá 100%.';
  const total = Math.round(shares.reduce((a, b) => a + b, 0) * 100) / 100;
  if (Math.abs(total - 100) > 0.01) return `Tổng tỷ lệ đóng góp của các tác giả phải bằng 100% (hiện là ${formatPercent(total)}%).`;
  return null;
}

/** Built once: toLocaleString with options builds a formatter at every call (tens of µs). */
const PERCENT = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

export function formatPercent(n: number): string {
  return PERCENT.format(Math.round(n * 100) / 100);
}

/**
 * The request should be filed within one year of the first (trial) application.
 * Returns a warning, never an error: late requests may still be considered.
 */
export function lateFilingWarning(firstAppliedDate: string | null | undefined, filedOn: string): string | null {
  if (!firstAppliedDate) return null;
  const first = new Date(`${firstAppliedDate}T00:00:00Z`);
  const limit = new Date(first);
  limit.setUTCFullYear(limit.getUTCFullYear() + 1);
  if (new Date(`${filedOn}T00:00:00Z`).getTime() <= limit.getTime()) return null;
  return `Sáng kiến được áp dụng lần đầu từ ${formatDate(firstAppliedDate)}, đã quá một năm trước ngày nộp (${formatDate(filedOn)}). Theo quy định, đơn yêu cầu công nhận cần được nộp trong vòng một năm kể từ ngày áp dụng lần đầu.`;
}

/** SK-YYYY-NNNN. */
export function formatInitiativeCode(year: number, n: number): string {
  return `SK-${year}-${String(n).padStart(4, '0')}`;
}
