import { formatDate } from '../common/dates';
import { ROUND_STATUS_LABELS, RoundStatus } from './round.entity';

// Rules of a round's receiving dates (pure; tested on their own).

/** The part of a round that its receiving dates are read from. */
export interface ReceivingPeriod {
  name: string;
  submissionStart: string | null;
  submissionEnd: string | null;
}

/** Whether a round receives submissions on this day (its receiving dates, when it has them). */
export function isReceiving(round: Pick<ReceivingPeriod, 'submissionStart' | 'submissionEnd'>, today: string): boolean {
  return (!round.submissionStart || today >= round.submissionStart) && (!round.submissionEnd || today <= round.submissionEnd);
}

/** Why a submission to this round is refused today (outside its receiving dates), or null. */
export function receivingRefusal(round: ReceivingPeriod, today: string): string | null {
  if (isReceiving(round, today)) return null;
  const period = [round.submissionStart ? `từ ${formatDate(round.submissionStart)}` : '', round.submissionEnd ? `đến ${formatDate(round.submissionEnd)}` : ''].filter(Boolean).join(' ');
  return `Đợt xét "${round.name}" nhận hồ sơ ${period}; hôm nay (${formatDate(today)}) ngoài thời gian nhận hồ sơ nên sáng kiến chưa nộp được. Quản trị hệ thống có thể cho phép nộp ngoài thời gian này, kèm lý do.`;
}

/** "01/03/2026 – 31/07/2026", "từ 01/03/2026", or '' without dates. */
export function receivingPeriodLabel(round: Pick<ReceivingPeriod, 'submissionStart' | 'submissionEnd'>): string {
  if (round.submissionStart && round.submissionEnd) return `${formatDate(round.submissionStart)} – ${formatDate(round.submissionEnd)}`;
  if (round.submissionStart) return `từ ${formatDate(round.submissionStart)}`;
  if (round.submissionEnd) return `đến ${formatDate(round.submissionEnd)}`;
  return '';
}

/** A round's name with its year, unless the name already says it ("… năm 2026", not "… năm 2026 (2026)"). */
export function roundTitle(round: { name: string; year: number }): string {
  return round.name.includes(String(round.year)) ? round.name : `${round.name} (${round.year})`;
}

/**
 * A round starts open; only a round of an earlier year (for records entered from the paper
 * files) may start evaluating or closed. Why a starting status is refused, or null.
 */
export function startingStatusRefusal(status: RoundStatus, year: number, thisYear: number): string | null {
  if (status === 'open' || year < thisYear) return null;
  return `Đợt xét năm ${year} bắt đầu ở trạng thái "${ROUND_STATUS_LABELS.open}". Chỉ đợt xét của năm trước năm ${thisYear} (để nhập sáng kiến từ hồ sơ giấy) mới tạo được ở trạng thái "${ROUND_STATUS_LABELS[status]}".`;
}
