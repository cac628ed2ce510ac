import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ReadPool } from './read-pool';
import { SQLITE_OPTIMIZE } from './startup';
import { UnitOfWork } from './unit-of-work';
import { ReadSource } from './read-source';

const HOUR = 60 * 60 * 1000;

/**
 * SQLite's query planner chooses from the statistics that ANALYZE writes, which nothing
 * else keeps. Without them (every database the application made until now) a broad search
 * of the catalogue read the recognised initiatives one by one and ran the whole search on
 * each (9 s on 100,000 initiatives instead of 20 ms), and statistics taken when a district
 * had ten initiatives would do the same once it has thousands. So PRAGMA optimize, which
 * analyzes only the tables never analyzed or grown or shrunk much since: at start (see
 * openDatabase, before the readers open) and every hour here, after which the read-only
 * connections are reopened when the statistics changed. PostgreSQL analyzes by itself
 * (autovacuum).
 */
@Injectable()
export class SqliteStatistics implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SqliteStatistics.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly reads: ReadPool,
    private readonly readSource: ReadSource,
  ) {}

  private get sqlite(): boolean {
    return this.uow.manager.connection.options.type === 'sqlite';
  }

  onApplicationBootstrap(): void {
    if (!this.sqlite) return;
    this.timer = setInterval(() => void this.update().catch((e: Error) => this.logger.error(`Updating the statistics failed: ${e.message}`)), HOUR);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Brings the statistics up to date; true when they changed (the readers then use them). */
  async update(): Promise<boolean> {
    if (!this.sqlite) return false;
    const changed = await this.uow.run(async (m) => {
      this.uow.changes(); // the planner's statistics: nothing any cache holds
      const before = await this.snapshot();
      await m.query(SQLITE_OPTIMIZE);
      return (await this.snapshot()) !== before;
    });
    if (changed) await Promise.all([this.reads.reopen(), this.readSource.reopen()]);
    return changed;
  }

  private async snapshot(): Promise<string> {
    const exists = await this.uow.manager.query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'`);
    return exists.length ? JSON.stringify(await this.uow.manager.query('SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx')) : '';
  }
}
