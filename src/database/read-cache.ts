import { ChangeSet, DataChange } from './data-changes';
import { UnitOfWork } from './unit-of-work';

export interface ReadCacheOptions {
  /** How long an entry is served, in milliseconds; 0 switches the cache off. */
  ttlMs: number;
  /** Most entries kept; the oldest goes first. */
  maxEntries?: number;
}

/** A cached value and what it was read from. */
interface Entry {
  value: unknown;
  until: number;
  dependsOn: ReadonlySet<DataChange> | 'everything';
}

/** A load in progress; `stale` once something it reads has changed meanwhile. */
interface Loading {
  promise: Promise<unknown>;
  dependsOn: ReadonlySet<DataChange> | 'everything';
  stale: boolean;
}

/**
 * Results of expensive reads (a page of a broad search, its count, an anonymous catalogue
 * page), shared by every request of this instance:
 * - each names what it depends on (data-changes.ts); when a transaction of the unit of
 *   work ends (committed or rolled back), the entries depending on what it declared it
 *   changes are dropped at once (all of them if it declared nothing), so a change made
 *   here shows on the very next read, and a report of one unit leaves the catalogue and
 *   the searches in memory;
 * - kept at most `ttlMs`, so a change made by another instance (PostgreSQL) shows soon;
 * - loaded once for all the callers that ask for a key meanwhile, and a load that started
 *   before a change is handed to its callers but not kept;
 * - never used inside a transaction: a form sees its own writes.
 * A cached value is shared: callers must not change it. Provided by the database module
 * (its time from READ_CACHE_SECONDS).
 */
export class ReadCache {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  /** Insertion order is age order: the first entry is the oldest. */
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Loading>();
  private currentVersion = 0;

  constructor(
    private readonly uow: Pick<UnitOfWork, 'active' | 'onTransactionEnd'>,
    options: ReadCacheOptions,
  ) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? 500;
    uow.onTransactionEnd((changed) => this.changed(changed));
  }

  /** The data version: bumped by every change made through this instance (whatever it changed). */
  get version(): number {
    return this.currentVersion;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The value of `key`, from memory if it is fresh, else from `load` (once for every caller
   * waiting). `dependsOn` names what the value is read from; without it, the value goes
   * with any change.
   */
  async get<T>(key: string, load: () => Promise<T>, dependsOn?: readonly DataChange[]): Promise<T> {
    if (this.ttlMs <= 0 || this.uow.active) return load();
    const entry = this.entries.get(key);
    if (entry && entry.until > Date.now()) return entry.value as T;
    if (entry) this.entries.delete(key);
    const pending = this.loading.get(key);
    if (pending) return pending.promise as Promise<T>;
    const loading: Loading = { promise: Promise.resolve(), dependsOn: dependsOn ? new Set(dependsOn) : 'everything', stale: false };
    loading.promise = load().then((value) => {
      if (!loading.stale) this.keep(key, value, loading.dependsOn);
      return value;
    });
    this.loading.set(key, loading);
    const clear = () => {
      if (this.loading.get(key) === loading) this.loading.delete(key);
    };
    loading.promise.then(clear, clear);
    return loading.promise as Promise<T>;
  }

  /**
   * Forgets what depends on the change (everything by default), and the loads in
   * progress that read it: what they read may be out of date.
   */
  changed(what: ChangeSet = 'everything'): void {
    this.currentVersion++;
    for (const [key, entry] of this.entries) if (touches(what, entry.dependsOn)) this.entries.delete(key);
    for (const [key, loading] of this.loading) {
      if (!touches(what, loading.dependsOn)) continue;
      loading.stale = true;
      this.loading.delete(key);
    }
  }

  private keep(key: string, value: unknown, dependsOn: Entry['dependsOn']): void {
    this.entries.delete(key);
    this.entries.set(key, { value, until: Date.now() + this.ttlMs, dependsOn });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** Whether a change reaches a value read from `dependsOn`. */
function touches(what: ChangeSet, dependsOn: ReadonlySet<DataChange> | 'everything'): boolean {
  if (what === 'everything' || dependsOn === 'everything') return true;
  for (const c of what) if (dependsOn.has(c)) return true;
  return false;
}

/**
 * A cache key of plain data: the same content gives the same key whatever the order of
 * object properties; undefined properties are left out.
 */
export function cacheKey(prefix: string, value: unknown): string {
  const normal = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(normal);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .sort()
          .map((k) => [k, normal((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return `${prefix}:${JSON.stringify(normal(value))}`;
}
