import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SessionData, Store } from 'express-session';
import { DataSource, LessThan, Repository } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { SessionRecord } from './session.entity';

const DAY = 24 * 60 * 60 * 1000;

/** express-session store keeping sessions in the application's own database. */
@Injectable()
export class DatabaseSessionStore extends Store implements OnModuleInit, OnModuleDestroy {
  private readonly repo: Repository<SessionRecord>;
  private readonly logger = new Logger('Sessions');
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {
    super();
    this.repo = dataSource.getRepository(SessionRecord);
  }

  /** Removes expired sessions now and then every hour. */
  onModuleInit(): void {
    const prune = () => this.prune().catch((e: Error) => this.logger.error(`Pruning sessions failed: ${e.message}`));
    void prune();
    this.pruneTimer = setInterval(prune, 60 * 60 * 1000);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
  }

  async prune(): Promise<void> {
    await this.uow.write((m) => m.delete(SessionRecord, { expiresAt: LessThan(new Date()) }));
  }

  override get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    this.repo
      .findOne({ where: { id: sid } })
      .then((row) => {
        if (!row || row.expiresAt.getTime() <= Date.now()) return cb(null, null);
        cb(null, JSON.parse(row.data) as SessionData);
      })
      .catch((e) => cb(e));
  }

  override set(sid: string, session: SessionData, cb?: (err?: unknown) => void): void {
    const expiresAt = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + DAY);
    const row = { id: sid, userId: session.userId ?? null, data: JSON.stringify(session), expiresAt };
    this.uow
      .write((m) => m.upsert(SessionRecord, row, ['id']))
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  override touch(sid: string, session: SessionData, cb?: (err?: unknown) => void): void {
    this.set(sid, session, cb);
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.uow
      .write((m) => m.delete(SessionRecord, { id: sid }))
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  /** Signs a user out everywhere (after deactivation or a password reset). */
  async destroyForUser(userId: number): Promise<void> {
    await this.uow.write((m) => m.delete(SessionRecord, { userId }));
  }
}
