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
 * - `programme:<id>`: one replication programme, its units, initiatives and adoption records.
 *
 * A transaction that declares nothing is taken to have changed everything (the cache drops
 * every entry), so a write that forgets to declare is slower, never stale. A transaction
 * that declares `uow.changes()` with nothing changed nothing cached (an audit entry, a
 * notification, a kept file). The declaration belongs to the outermost write method, the
 * one that knows everything its transaction does: shared helpers (audit, notifications)
 * never declare.
 */
export type DataChange = 'units' | 'fields' | 'users' | 'rounds' | 'initiatives' | `programme:${number}`;

/** What a transaction changed: the declared changes, or everything (nothing declared). */
export type ChangeSet = ReadonlySet<DataChange> | 'everything';

export function programmeChange(id: number): DataChange {
  return `programme:${id}`;
}
