import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * One transaction per form submit. TypeORM's SQLite driver shares a single connection
 * between all query runners, so two transactions started at the same time would nest
 * as savepoints of each other; writes are therefore queued one after another here.
 */
@Injectable()
export class UnitOfWork {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => this.dataSource.transaction(work));
    // Keep the queue going whatever the outcome of this piece of work.
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Runs a write outside a transaction, but still after queued transactions. */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => work(this.dataSource.manager));
    this.queue = next.catch(() => undefined);
    return next;
  }
}
