/**
 * What a write changes, in the words the read cache understands (see ReadCache): a
 * transaction declares it with `uow.changes(...)`, a cached read names what it depends
 * on, and the end of the transaction drops only the entries that depend on what changed.
 *
 * - `units`: units, their names, merges and splits (every page that names or scopes units);
 * - `fields`: the fields of activity;
 * - `users`: accounts, their roles, units and e-mail (who is a unit's focal point);
 * - `rounds`: rounds, their councils and criteria;
 * - `initiatives`: anything shown of an initiative or deciding who sees it (content,
 *   authors, files, status, the council's result, its decision);
 * - `programme:<id>`: one replication programme, its units, initiatives and adoption records;
 * - `programme:<id>:records:<unitId>`: a unit's adoption records in that programme (its
 *   reports), a part of the programme;
 * - `sessions:<userId>`: a person's sessions (signed in or out, a message kept for the next
 *   page, the expiry moved on, ended everywhere); `sessions`: everyone's;
 * - `notices:<userId>`: a person's notices (a new one, one read).
 *
 * Names are nested: `a:b` is a part of `a`. A change reaches what was read from the same
 * thing, from a part of it or from a whole it is part of: a programme's edit drops its
 * figures and every page of its grid; a unit's report drops what was read from the whole
 * programme (its figures) and the grid's page that shows that unit, and leaves its other
 * pages in memory.
 *
 * A transaction that declares nothing is taken to have changed everything (the cache drops
 * every entry), so a write that forgets to declare is slower, never stale. A transaction
 * that declares `uow.changes()` with nothing changed nothing cached (an audit entry, a
 * kept file). The declaration belongs to the outermost write method, the one that knows
 * everything its transaction does: shared helpers (audit, notifications, sessions) never
 * declare; a helper whose writes a cache holds (a person's notices, sessions) adds them
 * with `uow.alsoChanges` (or writes through `uow.writeChanging`), which keeps a
 * transaction that declared nothing changing everything.
 */
export type DataChange =
  | 'units'
  | 'fields'
  | 'users'
  | 'rounds'
  | 'initiatives'
  | `programme:${number}`
  | `programme:${number}:records:${number}`
  | 'sessions'
  | `sessions:${number}`
  | `notices:${number}`;

/** What a transaction changed: the declared changes, or everything (nothing declared). */
export type ChangeSet = ReadonlySet<DataChange> | 'everything';

export function programmeChange(id: number): DataChange {
  return `programme:${id}`;
}

/** A person's sessions (DatabaseSessionStore). */
export function sessionsChange(userId: number): DataChange {
  return `sessions:${userId}`;
}

/** A person's notices (NotificationsService). */
export function noticesChange(userId: number): DataChange {
  return `notices:${userId}`;
}

/** A unit's adoption records in a programme (a report, an import's row): a part of `programme:<id>`. */
export function unitRecordsChange(programmeId: number, unitId: number): DataChange {
  return `programme:${programmeId}:records:${unitId}`;
}

/**
 * Most units of one programme a write names one by one (a page of the grid holds 30); a write
 * to the records of more units declares the whole programme: a long list would cost more to
 * match and to announce to the other instances than the pages it keeps.
 */
export const UNITS_NAMED_AT_MOST = 30;

/** What a write to these records changes: each unit's records, or a whole programme when it touches many of its units. */
export function recordsChanges(records: readonly { programmeId: number; unitId: number }[]): DataChange[] {
  const units = new Map<number, Set<number>>();
  for (const r of records) {
    const set = units.get(r.programmeId) ?? new Set<number>();
    set.add(r.unitId);
    units.set(r.programmeId, set);
  }
  return [...units].flatMap(([programmeId, ids]) => (ids.size > UNITS_NAMED_AT_MOST ? [programmeChange(programmeId)] : [...ids].map((u) => unitRecordsChange(programmeId, u))));
}

/** The wholes a name is part of (`programme:4:records:9` → `programme`, `programme:4`, `programme:4:records`); none for a plain name. */
export function wholesOf(name: string): string[] {
  const out: string[] = [];
  for (let k = name.indexOf(':'); k > 0; k = name.indexOf(':', k + 1)) out.push(name.slice(0, k));
  return out;
}

/**
 * Whether a set of changes reaches a value read from `read`: one of them is the same thing,
 * a part of it (the change is the whole: `programme:4` reaches `programme:4:records:9`) or a
 * whole it is part of (`programme:4:records:9` reaches `programme:4`), never a sibling
 * part. As a test of each name read: linear in the names, whatever the number of changes
 * (an import may name thirty units).
 */
export function reachedBy(changes: ReadonlySet<DataChange>): (read: DataChange) => boolean {
  const wholes = new Set<string>();
  for (const c of changes) for (const w of wholesOf(c)) wholes.add(w);
  return (read) => changes.has(read) || wholes.has(read) || wholesOf(read).some((w) => changes.has(w as DataChange));
}
