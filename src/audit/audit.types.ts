import { FieldChange } from './audit-event.entity';

/** Who acts, as recorded in the audit trail. */
export interface Actor {
  id: number | null;
  name: string;
  ip: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'Hệ thống', ip: '' };

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
