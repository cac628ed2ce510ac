import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { ChangeSet, DataChange } from './data-changes';
import { entityColumns, EntityColumns, rowReader, RowReader } from './raw-rows';

/**
 * One transaction per form submit, carried by the request's async context (in the spirit
 * of Vendure's TransactionalConnection): a repository used inside `run` joins the
 * transaction without being handed it, a `run` inside a `run` joins the outer one, and
 * code outside any transaction reads normally.
 *
 * SQLite: TypeORM's driver shares one connection between all query runners, so two
 * transactions started at the same time would nest as savepoints of each other; they
 * are queued one after another here. PostgreSQL: each transaction is a real one on a
 * pooled connection, running concurrently with the others (rules that check then write
 * rely on unique constraints or row locks, never on this queue).
 */
@Injectable()
export class UnitOfWork implements OnApplicationShutdown {
  private readonly context = new AsyncLocalStorage<EntityManager>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly endListeners: ((changed: ChangeSet) => void)[] = [];
  /** Work to do once the transaction of a manager commits (dropped if it rolls back). */
  private readonly commitHooks = new WeakMap<EntityManager, (() => Promise<unknown> | unknown)[]>();
  /** What the transaction of a manager declared it changes (see `changes`). */
  private readonly declared = new WeakMap<EntityManager, Set<DataChange>>();
  /** What shared helpers added to it (see `alsoChanges`): counted only if the transaction declares. */
  private readonly added = new WeakMap<EntityManager, Set<DataChange>>();
  /** Tells other instances, inside the transaction, what it changed (see ChangeFeed). */
  private announce: ((manager: EntityManager, changed: ChangeSet) => Promise<unknown>) | null = null;
  private readonly logger = new Logger(UnitOfWork.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Releases the async context when the application closes. An enabled AsyncLocalStorage
   * stays registered with Node for the life of the process and is copied onto every
   * promise created afterwards: a process that starts and closes many applications (a
   * test worker: ~60 per worker per run) would otherwise slow every await down with the
   * contexts of closed applications (a sixth of the e2e run's CPU, half of it garbage).
   */
  onApplicationShutdown(): void {
    this.context.disable();
  }

  /** Where reads outside a transaction go (SQLite's read-only connections, see ReadSource). */
  private reader: (() => EntityManager) | null = null;

  /**
   * The manager of the transaction in progress; outside any, one that reads (on SQLite a
   * read-only connection beside the one that writes, see ReadSource). Work outside a
   * transaction that writes goes through `write`.
   */
  get manager(): EntityManager {
    return this.context.getStore() ?? this.reader?.() ?? this.dataSource.manager;
  }

  /** Sends the reads made outside a transaction to `reader` (null: back to the writing connection). */
  readWith(reader: (() => EntityManager) | null): void {
    this.reader = reader;
  }

  /** Whether the caller runs inside a transaction. */
  get active(): boolean {
    return this.context.getStore() !== undefined;
  }

  /** The repository of an entity, inside the current transaction if there is one. */
  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.manager.getRepository(entity);
  }

  /**
   * Reads `properties` of an entity from rows of hand-written SQL, each value converted as
   * TypeORM converts it (see rowReader): by the application's data source, whichever
   * connection the rows came through.
   */
  rowReader<T extends ObjectLiteral>(entity: EntityTarget<T>, properties: readonly (keyof T & string)[]): RowReader<T> {
    return rowReader(this.dataSource, entity, properties);
  }

  /** Every column of an entity for hand-written SQL, read into an entity as TypeORM reads it (see entityColumns). */
  entityColumns<T extends ObjectLiteral>(entity: EntityTarget<T>, alias: string, prefix: string): EntityColumns<T> {
    return entityColumns(this.dataSource, entity, alias, prefix);
  }

  /**
   * Runs the work in a transaction, or in the one already open. The work may still take
   * the manager as its argument (older call sites); it is the same as `this.manager`.
   */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.context.getStore();
    if (current) return work(current);
    const hooks: (() => Promise<unknown> | unknown)[] = [];
    let changed: ChangeSet = 'everything';
    const done = this.inTurn(async () => {
      try {
        return await this.dataSource.transaction((m) => {
          oneQueryAtATime(m);
          this.commitHooks.set(m, hooks);
          return this.context.run(m, async () => {
            let result: T;
            try {
              result = await work(m);
            } finally {
              changed = this.changedBy(m);
            }
            if (this.announce && (changed === 'everything' || changed.size > 0)) await this.announce(m, changed);
            return result;
          });
        });
      } finally {
        for (const listener of this.endListeners) listener(changed);
      }
    });
    // Committed: what waited for it starts now, outside the transaction (and the SQLite queue).
    return done.then((result) => {
      for (const hook of hooks) this.start(hook);
      return result;
    });
  }

  /**
   * Runs `work` once the current transaction has committed, outside it; never if it rolls
   * back; at once outside a transaction. Not awaited by `run`: what it does (sending
   * e-mail) must not hold or fail the change that was made; a failure is logged.
   */
  afterCommit(work: () => Promise<unknown> | unknown): void {
    const m = this.context.getStore();
    const hooks = m && this.commitHooks.get(m);
    if (hooks) hooks.push(work);
    else this.start(work);
  }

  private start(work: () => Promise<unknown> | unknown): void {
    // Outside the request's transaction context: the work opens its own if it needs one.
    this.context.exit(() => {
      void Promise.resolve()
        .then(work)
        .catch((e: unknown) => this.logger.error(`after-commit work failed: ${e instanceof Error ? e.message : String(e)}`));
    });
  }

  /**
   * Declares what the current transaction changes (see data-changes.ts), for the read
   * cache: at its end only the entries depending on that are dropped. Called with nothing,
   * it says the transaction changes nothing cached. A transaction that never calls it is
   * taken to change everything. Refused outside a transaction.
   */
  changes(...what: DataChange[]): void {
    this.addTo(this.declared, 'changes', what);
  }

  /**
   * Adds to what the current transaction changes what a shared helper wrote there that a
   * cache holds (a person's notices). It declares nothing: a transaction that declares
   * nothing itself still changes everything. Refused outside a transaction.
   */
  alsoChanges(...what: DataChange[]): void {
    this.addTo(this.added, 'alsoChanges', what);
  }

  /** Adds `what` to the current transaction's set in `sets` (declared or added); refused outside a transaction. */
  private addTo(sets: WeakMap<EntityManager, Set<DataChange>>, method: string, what: DataChange[]): void {
    const m = this.context.getStore();
    if (!m) throw new Error(`UnitOfWork.${method} outside a transaction`);
    let set = sets.get(m);
    if (!set) sets.set(m, (set = new Set()));
    for (const c of what) set.add(c);
  }

  /** What the transaction of `m` changed: what it declared and what helpers added, or everything. */
  private changedBy(m: EntityManager): ChangeSet {
    const declared = this.declared.get(m);
    if (!declared) return 'everything';
    const added = this.added.get(m);
    return added ? new Set([...declared, ...added]) : declared;
  }

  /**
   * A shared helper's write of something a cache holds (a session, a notice marked read):
   * inside the current transaction, with `what` added to what it changes (alsoChanges).
   * Outside one, when other instances must be told (PostgreSQL, see ChangeFeed), in a
   * transaction of its own that declares `what` and tells them as it commits; else (SQLite:
   * one instance) as a plain write (`write`), after which this instance's caches drop `what`,
   * failed or not: a transaction would add its BEGIN and COMMIT to SQLite's one write queue,
   * where every other save waits (a session is written after many a page).
   */
  writeChanging<T>(what: DataChange[], work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.active) {
      this.alsoChanges(...what);
      return work(this.manager);
    }
    if (this.announce) {
      return this.run((m) => {
        this.changes(...what);
        return work(m);
      });
    }
    const changed = new Set(what);
    return this.write(work).finally(() => {
      for (const listener of this.endListeners) listener(changed);
    });
  }

  /**
   * Has each transaction of `run` that changed something cached tell it, last thing before
   * it commits, through `announce` (ChangeFeed: a PostgreSQL NOTIFY, delivered on commit
   * only, to the other instances).
   */
  announceChangesWith(announce: (manager: EntityManager, changed: ChangeSet) => Promise<unknown>): void {
    this.announce = announce;
  }

  /**
   * Calls `listener` each time a transaction of `run` ends, committed or rolled back, with
   * what it declared it changes, and after a plain write of `writeChanging` with what it
   * names (not after `write`: sign-in throttling, a file kept, expired sessions pruned
   * change nothing that is cached). Caches drop their copies of what changed there.
   */
  onTransactionEnd(listener: (changed: ChangeSet) => void): void {
    this.endListeners.push(listener);
  }

  /**
   * Locks rows of an entity's table until the current transaction ends, so that a rule that
   * reads then writes (the next report version, a status transition, one sheet per member)
   * holds against a concurrent transaction of another instance. The table is the one
   * TypeORM's metadata names for the entity. Feature code calls its repository's
   * `lockForUpdate(ids)` (or the owning feature's), which comes here.
   *
   * PostgreSQL: SELECT … FOR NO KEY UPDATE, in id order (no deadlock between two lockers).
   * SQLite: nothing to do, its transactions run one at a time (`run` queues them), so no
   * other transaction can read or write meanwhile. This is the one place that says so.
   */
  async lockRows(entity: EntityTarget<ObjectLiteral>, ids: number[]): Promise<void> {
    const m = this.context.getStore();
    if (!m) throw new Error('UnitOfWork.lockRows outside a transaction');
    // Resolved on both databases, so that an entity TypeORM does not know fails on SQLite too.
    const table = this.dataSource.getMetadata(entity).tableName;
    if (this.dataSource.options.type !== 'postgres' || ids.length === 0) return;
    // NO KEY UPDATE: ids never change, so rows pointing here may still be inserted meanwhile.
    await m.query(`SELECT "id" FROM "${table}" WHERE "id" = ANY($1) ORDER BY "id" FOR NO KEY UPDATE`, [[...new Set(ids)]]);
  }

  /** Runs a write outside a transaction (or inside the current one), in turn with transactions on SQLite. */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.context.getStore();
    if (current) return work(current);
    return this.inTurn(() => work(this.dataSource.manager));
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'sqlite') return work();
    const next = this.queue.then(work);
    // Keep the queue going whatever the outcome of this piece of work.
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/**
 * A transaction holds one connection, and a connection runs one query at a time: work
 * that starts several reads at once (Promise.all) inside a transaction has them wait for
 * each other here. pg queues them itself today but warns that version 9 will refuse;
 * sqlite3 queues them on its single connection.
 */
function oneQueryAtATime(manager: EntityManager): void {
  const runner = manager.queryRunner;
  if (!runner) return;
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  let last: Promise<unknown> = Promise.resolve();
  runner.query = ((...args: unknown[]) => {
    const next = last.then(
      () => query(...args),
      () => query(...args),
    );
    last = next.catch(() => undefined);
    return next;
  }) as typeof runner.query;
}
