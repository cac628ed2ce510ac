/** The weekly reminders the system can send by itself. */
export type ReminderKind = 'overdue-units' | 'missing-sheets';

export const REMINDER_KINDS: readonly ReminderKind[] = ['overdue-units', 'missing-sheets'];

/** What each reminder is called and does, as the administrator's page says it. */
export const REMINDER_TEXT: Record<ReminderKind, { title: string; what: string }> = {
  'overdue-units': {
    title: 'Nhắc đơn vị quá hạn báo cáo áp dụng',
    what: 'Nhắc đầu mối CCHC của các đơn vị còn sáng kiến chưa báo cáo trong mọi kế hoạch nhân rộng đã quá hạn (trên trang chủ và qua thư điện tử). Đơn vị đã được nhắc trong ngày không bị nhắc lại.',
  },
  'missing-sheets': {
    title: 'Nhắc thành viên hội đồng chưa nộp phiếu chấm',
    what: 'Nhắc mỗi thành viên hội đồng còn phiếu chấm chưa nộp trong các đợt xét đang chấm (xét công nhận sáng kiến và xét hiệu quả áp dụng), kèm số phiếu còn thiếu.',
  },
};

export const WEEKDAY_LABELS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** A reminder's setting: on or off (off until an administrator turns it on), its weekday (0 Sunday … 6 Saturday) and hour, Vietnam's time. */
export interface ReminderSchedule {
  enabled: boolean;
  weekday: number;
  hour: number;
  /** The time of the week's run last claimed. */
  lastRunAt: Date | null;
}

export const DEFAULT_SCHEDULE: ReminderSchedule = { enabled: false, weekday: 1, hour: 8, lastRunAt: null };

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The latest time at or before `now` that falls on `weekday` at `hour`:00, Vietnam's time (UTC+7, no daylight saving). */
export function lastSlot(weekday: number, hour: number, now: Date): Date {
  const local = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  const back = (local.getUTCDay() - weekday + 7) % 7;
  let slot = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour) - VIETNAM_OFFSET_MS - back * DAY_MS;
  if (slot > now.getTime()) slot -= 7 * DAY_MS;
  return new Date(slot);
}

/** The next such time after `now`. */
export function nextSlot(weekday: number, hour: number, now: Date): Date {
  return new Date(lastSlot(weekday, hour, now).getTime() + 7 * DAY_MS);
}

/**
 * The week's time whose run is due at `now`, or null: the reminder is on and its last run was
 * claimed before that time (a run missed while no instance was up happens at the next look).
 */
export function dueSlot(s: ReminderSchedule, now: Date): Date | null {
  if (!s.enabled) return null;
  const slot = lastSlot(s.weekday, s.hour, now);
  return !s.lastRunAt || s.lastRunAt.getTime() < slot.getTime() ? slot : null;
}

/** "Thứ Hai, 08:00" */
export function scheduleLabel(s: Pick<ReminderSchedule, 'weekday' | 'hour'>): string {
  return `${WEEKDAY_LABELS[s.weekday]}, ${String(s.hour).padStart(2, '0')}:00`;
}
