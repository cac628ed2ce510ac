import { formatDateTime, todayIso } from '../common/dates';
import { Role } from '../users/roles';

// Who a reminder to report reaches, as a pure function of the units' users: the unit's
// focal points in force; for a unit merged since, those of the unit it now belongs to
// (its records are in their scope). A unit no one can be reached at is said so, with why.

export interface ReminderPerson {
  id: number;
  unitId: number;
  fullName: string;
  roles: Role[];
  active: boolean;
}

export interface Reach {
  reachable: boolean;
  /** The focal points in force who get the reminder. */
  people: ReminderPerson[];
  /** Why no one can be reached ('' when reachable). */
  why: string;
}

export const UNREACHABLE = {
  noFocal: 'chưa có đầu mối CCHC',
  focalLocked: 'tài khoản đầu mối CCHC đã bị khóa',
  noActiveUser: 'đơn vị không có tài khoản nào đang hoạt động',
} as const;

/**
 * For each unit: the focal points a reminder goes to, or why there are none. `rollUp` gives
 * the unit a merged unit now belongs to (itself otherwise); `users` holds every user, active
 * or not, of the units and of those they roll up to.
 */
export function reminderReach(unitIds: number[], users: ReminderPerson[], rollUp: (unitId: number) => number): Map<number, Reach> {
  const byUnit = new Map<number, ReminderPerson[]>();
  for (const u of users) byUnit.set(u.unitId, [...(byUnit.get(u.unitId) ?? []), u]);
  const focalOf = (unitId: number) => (byUnit.get(unitId) ?? []).filter((u) => u.roles.includes(Role.UnitFocal));
  const out = new Map<number, Reach>();
  for (const unitId of unitIds) {
    let people = focalOf(unitId).filter((u) => u.active);
    const successor = rollUp(unitId);
    if (people.length === 0 && successor !== unitId) people = focalOf(successor).filter((u) => u.active);
    if (people.length) {
      out.set(unitId, { reachable: true, people, why: '' });
      continue;
    }
    const own = [...(byUnit.get(unitId) ?? []), ...(successor !== unitId ? (byUnit.get(successor) ?? []) : [])];
    const why = own.some((u) => u.roles.includes(Role.UnitFocal)) ? UNREACHABLE.focalLocked : own.some((u) => u.active) ? UNREACHABLE.noFocal : UNREACHABLE.noActiveUser;
    out.set(unitId, { reachable: false, people: [], why });
  }
  return out;
}

/**
 * The overdue units a reminder may go to: those answered for by a unit in force — the unit
 * itself, or the unit it was merged into. A unit that ended without a successor ("chấm dứt
 * hoạt động"), or whose successor has ended so, leaves the reminder lists: no one reports for it.
 */
export function remindable(unitIds: number[], rollUp: (unitId: number) => number, inForce: (unitId: number) => boolean): number[] {
  return unitIds.filter((u) => inForce(rollUp(u)));
}

/**
 * What a reminder did: units and people reached, units that could not be and why, e-mail
 * sent and failed (null: e-mail not set up); `pending` when some e-mail was still going
 * when the page answered (the counts are then those so far).
 */
export interface ReminderOutcome {
  units: number;
  people: number;
  unreachable: { name: string; why: string }[];
  email: { sent: number; failed: number; pending: boolean } | null;
  /** Units not reminded again: already reminded today (at: their last reminder), and no reason given. */
  skipped?: { name: string; at: Date }[];
  /** Units reminded again within the day, with the reason given. */
  again?: { units: number; reason: string } | null;
}

// At most one reminder a day per unit and programme: the next ones that day are skipped
// for that unit unless the district gives a reason. The audit holds every reminder (the
// units it reached, the reason), and is where the day's reminders are read from.

/** The field of a reminder's audit event listing the units it reached. */
export const REMINDED_UNITS = 'unitIds';
/** The field of a reminder's audit event holding the reason to remind again within the day. */
export const REMIND_AGAIN_REASON = 'reason';

/**
 * The units reminded on `day` (yyyy-mm-dd, Vietnam), with the time of their last reminder,
 * from a programme's audit events (other events, and the e-mail outcomes, list no units).
 */
export function remindedOn(events: { action: string; at: Date; changes: { field: string; after: unknown }[] | null }[], day: string): Map<number, Date> {
  const out = new Map<number, Date>();
  for (const e of events) {
    if (e.action !== 'programme.remind' || todayIso(e.at) !== day) continue;
    const units = e.changes?.find((c) => c.field === REMINDED_UNITS)?.after;
    if (!Array.isArray(units)) continue;
    for (const u of units) {
      const id = Number(u);
      const known = out.get(id);
      if (Number.isInteger(id) && (!known || known < e.at)) out.set(id, e.at);
    }
  }
  return out;
}

/**
 * Which of the units a reminder goes to now: those not reminded today; with a reason, the
 * others too (`again`). Without one, those are skipped.
 */
export function reminderPlan(unitIds: number[], remindedToday: ReadonlyMap<number, Date>, reason: string): { send: number[]; skipped: number[]; again: number[] } {
  const already = unitIds.filter((u) => remindedToday.has(u));
  if (reason.trim()) return { send: unitIds, skipped: [], again: already };
  return { send: unitIds.filter((u) => !remindedToday.has(u)), skipped: already, again: [] };
}

/** "09:15": the time of day in Vietnam. */
const timeOfDay = (at: Date) => formatDateTime(at).slice(-5);

/** The flash after reminders: units reached, those that could not be and why, those not reminded again, and the e-mail. */
export function reminderMessage(o: ReminderOutcome): string {
  const parts: string[] = [];
  const pending = Boolean(o.email?.pending);
  const skipped = o.skipped ?? [];
  if (o.units) parts.push(`Đã gửi nhắc nhở tới ${o.units} đơn vị (${o.people} đầu mối), hiện trên trang chủ của họ${o.email?.sent && !pending ? ` và qua thư điện tử (${o.email.sent} thư)` : ''}.`);
  else if (skipped.length) parts.push('Không gửi nhắc nhở mới.');
  else parts.push('Chưa gửi được nhắc nhở nào: không có đơn vị quá hạn nào được chọn mà liên lạc được.');
  if (o.again?.units) parts.push(`Nhắc lại trong ngày ${o.again.units} đơn vị, lý do: ${o.again.reason}.`);
  if (skipped.length) parts.push(`${skipped.length} đơn vị đã được nhắc hôm nay nên không nhắc lại: ${skipped.map((u) => `${u.name} (lúc ${timeOfDay(u.at)})`).join('; ')}. Muốn nhắc lại trong ngày, ghi lý do nhắc lại.`);
  if (o.unreachable.length) parts.push(`${o.unreachable.length} đơn vị không nhắc được: ${o.unreachable.map((u) => `${u.name} (${u.why})`).join('; ')}.`);
  if (o.email && pending) {
    const sofar = [o.email.sent ? `đã gửi ${o.email.sent} thư` : '', o.email.failed ? `không gửi được ${o.email.failed} thư` : ''].filter(Boolean).join(', ');
    parts.push(`Thư điện tử vẫn đang được gửi (máy chủ thư trả lời chậm)${sofar ? `; đến lúc này ${sofar}` : ''}. Kết quả gửi thư sẽ được ghi vào Nhật ký; nhắc nhở đã hiện trên trang chủ của người nhận.`);
  } else if (o.email?.failed) parts.push(`Không gửi được ${o.email.failed} thư điện tử (máy chủ thư không nhận); nhắc nhở vẫn hiện trên trang chủ của người nhận.`);
  return parts.join(' ');
}
