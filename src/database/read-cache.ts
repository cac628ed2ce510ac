import { UnitOfWork } from './unit-of-work';

export interface ReadCacheOptions {
  /** How long an entry is served, in milliseconds; 0 switches the cache off. */
  ttlMs: number;
  /** Most entries kept; the oldest goes first. */
  maxEntries?: number;
}

/**
 * Results of expensive reads (a page of a broad search, its count, an anonymous catalogue
 * page), shared by every request of this instance:
 * - dropped at once when a transaction of the unit of work ends (committed or rolled
 *   back), so a change made here shows on the very next read;
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
  private readonly entries = new Map<string, { value: unknown; until: number }>();
  private readonly loading = new Map<string, Promise<unknown>>();
  private currentVersion = 0;

  constructor(
    private readonly uow: Pick<UnitOfWork, 'active' | 'onTransactionEnd'>,
    options: ReadCacheOptions,
  ) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? 500;
    uow.onTransactionEnd(() => this.changed());
  }

  /** The data version: bumped by every change made through this instance. */
  get version(): number {
    return this.currentVersion;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value of `key`, from memory if it is fresh, else from `load` (once for every caller waiting). */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0 || this.uow.active) return load();
    const entry = this.entries.get(key);
    if (entry && entry.until > Date.now()) return entry.value as T;
    if (entry) this.entries.delete(key);
    const pending = this.loading.get(key);
    if (pending) return pending as Promise<T>;
    const version = this.currentVersion;
    const loading = load().then((value) => {
      if (version === this.currentVersion) this.keep(key, value);
      return value;
    });
    this.loading.set(key, loading);
    const clear = () => {
      if (this.loading.get(key) === loading) this.loading.delete(key);
    };
    loading.then(clear, clear);
    return loading;
  }

  /** Forgets everything, and every load in progress: what they read may be out of date. */
  changed(): void {
    this.currentVersion++;
    this.entries.clear();
    this.loading.clear();
  }

  private keep(key: string, value: unknown): void {
    this.entries.delete(key);
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
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
