import { formatDate, formatDateTime, todayIso } from '../common/dates';

/** The hour (Vietnam's time) of the daily message to those who chose it. */
export const DIGEST_HOUR = 7;

/**
 * The start of today's digest day: today at DIGEST_HOUR in Vietnam, or null before that hour
 * (nothing is due yet). A person is due while their last message was claimed before it.
 */
export function digestDayStart(now: Date): Date | null {
  const start = new Date(`${todayIso(now)}T${String(DIGEST_HOUR).padStart(2, '0')}:00:00+07:00`);
  return now.getTime() >= start.getTime() ? start : null;
}

/** The notices a daily message covers: those since the previous message, or over the last day for a first one. */
export function digestSince(previous: Date | null, dayStart: Date): Date {
  return previous ?? new Date(dayStart.getTime() - 24 * 3600 * 1000);
}

export interface DigestNotice {
  message: string;
  link: string;
  createdAt: Date;
}

/** The subject and text of one person's daily message (notices oldest first). */
export function digestMessage(name: string, notices: DigestNotice[], dayStart: Date, href: (link: string) => string): { subject: string; text: string } {
  // Each notice on its own line, whatever it holds.
  const lines = notices.map((n) => `- ${formatDateTime(n.createdAt)}: ${n.message.replace(/\s+/g, ' ').trim()}\n  Xem: ${href(n.link)}`);
  return {
    subject: `${notices.length} thông báo chưa đọc (thư tổng hợp ngày ${formatDate(dayStart)})`,
    text:
      `Kính gửi ${name},\n\nBạn có ${notices.length} thông báo chưa đọc trong Kho sáng kiến cải cách hành chính:\n\n${lines.join('\n')}\n\n` +
      `Tất cả thông báo: ${href('/notifications')}\n` +
      'Bạn nhận thư này mỗi ngày một lần vì đã chọn "thư tổng hợp mỗi ngày" ở trang Thông báo; đổi lại được ở đó.\n(Thư gửi tự động, vui lòng không trả lời.)\n',
  };
}
