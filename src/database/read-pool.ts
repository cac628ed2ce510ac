import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import sqlite3 from 'sqlite3';
import { openSqlite } from './sqlite-connection';
import { DataSource } from 'typeorm';
import { preparingPool, runPrepared } from './raw-query';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from './unit-of-work';

/** How long a reader waits for a lock (a checkpoint of the write-ahead log) before failing. */
const READER_BUSY_TIMEOUT_MS = 5000;

/**
 * Where lists and searches read. SQLite: TypeORM keeps one connection, which every query
 * and every transaction waits for in turn; a broad search there holds up every other page.
 * So a few extra connections, read-only, on the same file answer the lists' queries beside
 * it (write-ahead logging lets them read while it writes, and each statement sees every
 * transaction committed before it started). PostgreSQL: the pool of the data source.
 * Inside a transaction: the transaction itself, so a form sees its own writes.
 */
@Injectable()
export class ReadPool implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ReadPool.name);
  private readers: Reader[] = [];
  private closed = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
  ) {}

  /** How many read-only connections are open (SQLite only). */
  get size(): number {
    return this.readers.length;
  }

  async onModuleInit(): Promise<void> {
    const options = this.dataSource.options;
    const count = this.config.get('sqliteReaders');
    // An in-memory database cannot be opened twice.
    if (options.type !== 'sqlite' || count === 0 || options.database === ':memory:') return;
    for (let i = 0; i < count; i++) this.readers.push({ db: await openReader(options.database), busy: 0 });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const readers = this.readers;
    this.readers = [];
    await Promise.all(readers.map((r) => this.close(r)));
  }

  /**
   * Opens new readers in place of the open ones, which close once their queries are done.
   * A connection loads the planner's statistics when it opens: after ANALYZE, the readers
   * see them only this way (a read-only connection cannot ask to reload them).
   */
  async reopen(): Promise<void> {
    const options = this.dataSource.options;
    if (this.readers.length === 0 || options.type !== 'sqlite') return;
    const fresh: Reader[] = await Promise.all(this.readers.map(() => openReader(options.database).then((db) => ({ db, busy: 0 }))));
    // Shut down meanwhile: the new ones are not needed.
    if (this.closed) return void (await Promise.all(fresh.map((r) => this.close(r))));
    const old = this.readers;
    this.readers = fresh;
    for (const r of old) {
      r.retired = true;
      if (r.busy === 0) void this.close(r);
    }
  }

  private close(r: Reader): Promise<void> {
    return new Promise<void>((resolve) => r.db.close((err) => (err && this.logger.error(`closing a reader: ${err.message}`), resolve())));
  }

  /**
   * Runs a read (SQL with the driver's placeholders, as `getQueryAndParameters()` gives
   * it) on the least busy reader, or in the current transaction, or on the data source.
   */
  query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.uow.active || this.readers.length === 0) return this.uow.manager.query(sql, params) as Promise<T[]>;
    const reader = this.readers.reduce((a, b) => (b.busy < a.busy ? b : a));
    reader.busy++;
    return new Promise<T[]>((resolve, reject) => {
      reader.db.all(sql, params, (err: Error | null, rows: T[]) => {
        reader.busy--;
        if (reader.retired && reader.busy === 0) void this.close(reader);
        if (err) reject(err);
        else resolve(rows);
      });
    });
  }

  /**
   * A read whose text never changes (its values only as parameters, in the database's own
   * placeholders), which on PostgreSQL each connection prepares once and then only executes
   * (see rawQuery's `prepare`): planning a join of five tables took about 1 ms each time, more
   * than running it. Elsewhere (SQLite, or inside a transaction), as query().
   */
  prepared<T>(sql: string, params: unknown[]): Promise<T[]> {
    const pool = this.uow.active ? null : preparingPool(this.dataSource);
    if (!pool) return this.query<T>(sql, params);
    return runPrepared<T>(pool, sql, params);
  }
}

interface Reader {
  db: sqlite3.Database;
  /** Queries in progress. */
  busy: number;
  /** Replaced by reopen: closes once idle. */
  retired?: boolean;
}

function openReader(file: string): Promise<sqlite3.Database> {
  return openSqlite(file, sqlite3.OPEN_READONLY, READER_BUSY_TIMEOUT_MS);
}
