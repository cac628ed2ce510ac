import { ChangeSet, DataChange, reachedBy } from './data-changes';
import { UnitOfWork } from './unit-of-work';

export interface ReadCacheOptions {
  /** How long an entry is served, in milliseconds; 0 switches the cache off (reference data aside). */
  ttlMs: number;
  /** How long reference data (`reference`) is served at most; 10 minutes by default. */
  referenceMs?: number;
  /** Most entries kept; the oldest goes first. */
  maxEntries?: number;
  /** Most entries of people's own data kept (`personal`); the oldest goes first. 5,000 by default. */
  maxPersonal?: number;
  /**
   * Most bytes kept in entries that say their size (`get`'s `sizeOf`: pages kept as bytes, as
   * the matrix's grid); the oldest goes first. 64 MB by default.
   */
  maxBytes?: number;
}

/** A cached value and what it was read from. */
interface Entry {
  value: unknown;
  until: number;
  dependsOn: ReadonlySet<DataChange> | 'everything';
  /** Its size in bytes when it says one (sizeOf), else 0. */
  bytes: number;
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
 * Reference data (the units and where their records went: read by most pages, changed by
 * rare admin actions) is kept until a change to it, made on this instance or announced by
 * another one (ChangeFeed), whatever `ttlMs` is, even 0; at most `referenceMs` (10 minutes),
 * for an edit made directly in the database. A person's own data that each of their pages
 * reads (their session, their unread notices: `personal`) is kept the same way, the
 * entry depending on the person it turns out to be.
 * A cached value is shared: callers must not change it. Provided by the database module
 * (its time from READ_CACHE_SECONDS).
 */
export class ReadCache {
  private readonly ttlMs: number;
  private readonly referenceMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly maxPersonal: number;
  /** The bytes of the entries of `entries` (those that say their size). */
  private bytes = 0;
  /** Insertion order is age order: the first entry is the oldest. */
  private readonly entries = new Map<string, Entry>();
  /** Reference data: few entries, never pushed out by results. */
  private readonly references = new Map<string, Entry>();
  /** People's own data (personal), at most maxPersonal entries. */
  private readonly people = new Map<string, Entry>();
  private readonly loading = new Map<string, Loading>();
  private currentVersion = 0;

  constructor(
    private readonly uow: Pick<UnitOfWork, 'active' | 'onTransactionEnd'>,
    options: ReadCacheOptions,
  ) {
    this.ttlMs = options.ttlMs;
    this.referenceMs = options.referenceMs ?? 10 * 60_000;
    this.maxEntries = options.maxEntries ?? 500;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.maxPersonal = options.maxPersonal ?? 5000;
    uow.onTransactionEnd((changed) => this.changed(changed));
  }

  /** The data version: bumped by every change made through this instance (whatever it changed). */
  get version(): number {
    return this.currentVersion;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The bytes kept in entries that say their size. */
  get keptBytes(): number {
    return this.bytes;
  }

  /**
   * The value of `key`, from memory if it is fresh, else from `load` (once for every caller
   * waiting). `dependsOn` names what the value is read from; without it, the value goes
   * with any change. `sizeOf`: a large value's size in bytes (a page kept as bytes), counted
   * against the cache's `maxBytes`.
   */
  get<T>(key: string, load: () => Promise<T>, dependsOn?: readonly DataChange[], sizeOf?: (value: T) => number): Promise<T> {
    return this.read(this.entries, key, load, dependsOn ? new Set(dependsOn) : 'everything', this.ttlMs, sizeOf);
  }

  /**
   * Reference data: the value of `key`, kept until what it depends on changes (on any
   * instance), at most `referenceMs`, whether or not the cache of results is on.
   */
  reference<T>(key: string, load: () => Promise<T>, dependsOn: readonly [DataChange, ...DataChange[]]): Promise<T> {
    return this.read(this.references, key, load, new Set(dependsOn), this.referenceMs);
  }

  /**
   * A person's own data, read by each of their pages (their session, their unread notices):
   * the value of `key`, kept like reference data (until what it depends on changes, on any
   * instance; at most `referenceMs`; whatever `ttlMs` is), at most `maxPersonal` entries.
   * `dependsOn` names what the value turned out to depend on (the person's sessions or
   * notices); null: not kept (no such session, or a session of no one). A change made while
   * it loads, whatever it is, leaves it unkept.
   */
  personal<T>(key: string, load: () => Promise<T>, dependsOn: (value: T) => readonly DataChange[] | null): Promise<T> {
    return this.read(this.people, key, load, dependsOn, this.referenceMs);
  }

  private async read<T>(
    store: Map<string, Entry>,
    key: string,
    load: () => Promise<T>,
    dependsOn: Entry['dependsOn'] | ((value: T) => readonly DataChange[] | null),
    lifetimeMs: number,
    sizeOf?: (value: T) => number,
  ): Promise<T> {
    if (lifetimeMs <= 0 || this.uow.active) return load();
    const entry = store.get(key);
    if (entry && entry.until > Date.now()) return entry.value as T;
    if (entry) this.forget(store, key);
    const pending = this.loading.get(key);
    if (pending) return pending.promise as Promise<T>;
    // What a value that names its dependencies once read depends on is not known yet: any change goes.
    const loading: Loading = { promise: Promise.resolve(), dependsOn: typeof dependsOn === 'function' ? 'everything' : dependsOn, stale: false };
    loading.promise = load().then((value) => {
      if (loading.stale) return value;
      const named = typeof dependsOn === 'function' ? dependsOn(value) : null;
      const read = typeof dependsOn === 'function' ? named && new Set(named) : dependsOn;
      if (read) this.keep(store, key, value, read, lifetimeMs, sizeOf ? sizeOf(value) : 0);
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
    const reached = what === 'everything' ? null : reachedBy(what);
    // Whether the change reaches a value read from `dependsOn` (data-changes.ts: the same thing, its parts, its wholes).
    const touches = (dependsOn: ReadonlySet<DataChange> | 'everything') => {
      if (reached === null || dependsOn === 'everything') return true;
      for (const d of dependsOn) if (reached(d)) return true;
      return false;
    };
    for (const store of [this.entries, this.references, this.people]) {
      for (const [key, entry] of store) if (touches(entry.dependsOn)) this.forget(store, key);
    }
    for (const [key, loading] of this.loading) {
      if (!touches(loading.dependsOn)) continue;
      loading.stale = true;
      this.loading.delete(key);
    }
  }

  private keep(store: Map<string, Entry>, key: string, value: unknown, dependsOn: Entry['dependsOn'], lifetimeMs: number, bytes: number): void {
    this.forget(store, key);
    // Reference data is a few small values: only results count their bytes.
    const counted = store === this.entries ? bytes : 0;
    store.set(key, { value, until: Date.now() + lifetimeMs, dependsOn, bytes: counted });
    this.bytes += counted;
    if (store === this.people) {
      while (store.size > this.maxPersonal) this.forget(store, store.keys().next().value as string);
      return;
    }
    if (store !== this.entries) return;
    while (store.size > this.maxEntries || (this.bytes > this.maxBytes && store.size > 0)) this.forget(store, store.keys().next().value as string);
  }

  private forget(store: Map<string, Entry>, key: string): void {
    const entry = store.get(key);
    if (!entry) return;
    this.bytes -= entry.bytes;
    store.delete(key);
  }
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
