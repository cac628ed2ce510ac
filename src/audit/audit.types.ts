import { FieldChange } from './audit-event.entity';

/** Who acts, as recorded in the audit trail. */
export interface Actor {
  id: number | null;
  name: string;
  ip: string;
}

/** How an actor is named in the records: "Full name (username)", within the 255 characters its columns hold. */
export function actorName(fullName: string, username: string): string {
  return `${fullName} (${username})`.slice(0, 255);
}

/** The fields whose values differ between two versions of a record. */
export function diffFields<T extends object>(before: Partial<T> | null, after: Partial<T>, fields: (keyof T)[]): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const f of fields) {
    const b = before ? (before[f] ?? null) : null;
    const a = after[f] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) changes.push({ field: String(f), before: b, after: a });
  }
  return changes;
}

/**
 * A client address as people read it: an IPv4 address that reached a dual-stack socket
 * arrives as an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, or `::ffff:7f00:1`) and is
 * shown as plain IPv4. Anything else is kept as it is, trimmed.
 */
export function plainAddress(ip: string | null | undefined): string {
  const value = (ip ?? '').trim();
  // The prefix is `::ffff:` or its long form `0:0:0:0:0:ffff:` (zeros may be padded).
  const mapped = /^(?:::|(?:0{1,4}:){5})ffff:(.+)$/i.exec(value);
  if (!mapped) return value;
  const tail = mapped[1];
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(tail)) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  }
  return value;
}

/**
 * An event as one line of activity: its action's label, then its summary only when the
 * summary says more than the label ("Đăng nhập" is not repeated as "Đăng nhập: Đăng nhập").
 */
export function activityLine(actionLabel: string, summary: string | null | undefined): { actionLabel: string; summary: string | null } {
  const text = (summary ?? '').trim();
  const same = (a: string, b: string) => a.normalize('NFC').toLocaleLowerCase('vi').replace(/[.\s]+$/, '') === b.normalize('NFC').toLocaleLowerCase('vi').replace(/[.\s]+$/, '');
  return { actionLabel, summary: text === '' || same(text, actionLabel) ? null : text };
}
