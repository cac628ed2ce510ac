import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import sqlite3 from 'sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from './unit-of-work';

/** How many read-only TypeORM connections serve the pages' reads on SQLite (at most). */
const MAX_READ_CONNECTIONS = 2;

/**
 * SQLite: the pages' reads outside a transaction go to read-only connections of their own
 * on the same file, so that they never wait behind a transaction on the connection that
 * writes (TypeORM keeps one connection, and every statement on it runs in turn: a report's
 * transaction waited for the matrix reads of a hundred pages, and the pages for it). Write-
 * ahead logging lets them read while it writes; each statement sees every transaction
 * committed before it began, so a page after a save shows it. Writes always go through the
 * unit of work (`run`, `write`), on the writing connection; a write tried on a reader is
 * refused by SQLite ("attempt to write a readonly database"). PostgreSQL pools its
 * connections already: nothing to do.
 */
@Injectable()
export class ReadSource implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ReadSource.name);
  private readers: DataSource[] = [];
  /** How many times the readers were opened again (each set has names of its own). */
  private generation = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
  ) {}

  /** How many read-only connections serve the pages. */
  get size(): number {
    return this.readers.length;
  }

  async onModuleInit(): Promise<void> {
    const options = this.dataSource.options;
    const count = Math.min(MAX_READ_CONNECTIONS, this.config.get('sqliteReaders'));
    // An in-memory database cannot be opened twice.
    if (options.type !== 'sqlite' || count === 0 || options.database === ':memory:') return;
    for (let i = 0; i < count; i++) {
      const reader = new DataSource({
        ...options,
        name: this.nameOf(i),
        // No OPEN_CREATE: the file is the one the writer opened.
        flags: sqlite3.OPEN_READONLY,
        // The file is in WAL mode already (the writer set it); a reader cannot set it.
        enableWAL: false,
        migrations: [],
        migrationsRun: false,
        synchronize: false,
      } as DataSourceOptions);
      this.readers.push(await reader.initialize());
    }
    let next = 0;
    this.uow.readWith(() => this.readers[next++ % this.readers.length].manager);
    this.logger.debug(`${count} read-only connection(s) serve the pages' reads`);
  }

  /**
   * New connections in place of the open ones, which close once their statements are done:
   * a connection loads the planner's statistics when it opens (see SqliteStatistics).
   */
  async reopen(): Promise<void> {
    if (this.readers.length === 0) return;
    const old = this.readers;
    this.generation++;
    this.readers = await Promise.all(old.map((r, i) => new DataSource({ ...r.options, name: this.nameOf(i) } as DataSourceOptions).initialize()));
    // Statements already started on the old ones finish first (sqlite3 closes after them).
    await Promise.all(old.map((r) => r.destroy().catch(() => undefined)));
  }

  private nameOf(index: number): string {
    return `reads-${this.generation}-${index}`;
  }

  async onModuleDestroy(): Promise<void> {
    this.uow.readWith(null);
    const readers = this.readers;
    this.readers = [];
    await Promise.all(readers.map((r) => r.destroy().catch(() => undefined)));
  }
}
