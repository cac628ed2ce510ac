import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SessionData, Store } from 'express-session';
import { LessThan, Not } from 'typeorm';
import { rawQuery } from '../database/raw-query';
import { RowReader } from '../database/raw-rows';
import { UnitOfWork } from '../database/unit-of-work';
import { SessionRecord } from './session.entity';

const DAY = 24 * 60 * 60 * 1000;
/**
 * A session's expiry is written again only when it would move by more than this: every
 * signed-in request would otherwise rewrite its row and wait in the write queue. The
 * idle timeout is then exact to within these few minutes.
 */
export const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

/** express-session store keeping sessions in the application's own database. */
@Injectable()
export class DatabaseSessionStore extends Store implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Sessions');
  private pruneTimer?: NodeJS.Timeout;
  /** Expiry of each session as last read or written here (sid → ms). */
  private readonly stored = new Map<string, number>();

  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  /**
   * Writes of a session still going on. The answer to a request may leave before its
   * session is saved (express-session sends the start of a redirect first), and the next
   * request reads sessions on another connection than the one that writes (SQLite's read-
   * only ones): a read of a session waits for this instance's writes of it, so a flash
   * message or a sign-out is never read as before.
   */
  private readonly writing = new Map<string, Promise<unknown>>();

  /** Runs a write of a session after the ones of it still going on; a read of it waits for them all. */
  private written<T>(sid: string, write: () => Promise<T>): Promise<T> {
    const done = (this.writing.get(sid) ?? Promise.resolve()).then(write, write);
    const settled = done.catch(() => undefined);
    this.writing.set(sid, settled);
    void settled.then(() => {
      if (this.writing.get(sid) === settled) this.writing.delete(sid);
    });
    return done;
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
    const now = Date.now();
    for (const [sid, expires] of this.stored) if (expires <= now) this.stored.delete(sid);
  }

  override get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    (this.writing.get(sid) ?? Promise.resolve())
      .then(() => this.read(sid))
      .then((row) => {
        if (!row || row.expiresAt.getTime() <= Date.now()) {
          this.stored.delete(sid);
          return cb(null, null);
        }
        this.stored.set(sid, row.expiresAt.getTime());
        cb(null, JSON.parse(row.data) as SessionData);
      })
      .catch((e) => cb(e));
  }

  private readRow?: RowReader<Pick<SessionRecord, 'data' | 'expiresAt'>>;

  /**
   * The row of a session (on the reading connection outside a transaction). Every signed-in
   * request reads one: hand-written, as the header's count of unread notices, since
   * building the statement and the entity through TypeORM's `findOne` cost more of the main
   * thread than the read (with that count, about a quarter of a small page's time).
   */
  private async read(sid: string): Promise<Pick<SessionRecord, 'data' | 'expiresAt'> | null> {
    const [row] = await rawQuery<Record<string, unknown>>(this.uow.manager, 'SELECT "data", "expiresAt" FROM "sessions" WHERE "id" = :sid', { sid }, { prepare: true });
    if (!row) return null;
    this.readRow ??= this.uow.rowReader(SessionRecord, ['data', 'expiresAt']);
    return this.readRow(row);
  }

  override set(sid: string, session: SessionData, cb?: (err?: unknown) => void): void {
    const expiresAt = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + DAY);
    const row = { id: sid, userId: session.userId ?? null, data: JSON.stringify(session), expiresAt };
    // A session read from the store is only updated: if it was ended meanwhile (a password
    // change, a deactivation), a request still running must not bring it back.
    const known = this.stored.has(sid);
    this.written(sid, () => this.uow.write((m) => (known ? m.update(SessionRecord, { id: sid }, { userId: row.userId, data: row.data, expiresAt }) : m.upsert(SessionRecord, row, ['id']))))
      .then(() => {
        this.stored.set(sid, expiresAt.getTime());
        cb?.();
      })
      .catch((e) => cb?.(e));
  }

  /** Moves the expiry on (rolling sessions), at most once every few minutes. */
  override touch(sid: string, session: SessionData, cb?: (err?: unknown) => void): void {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires).getTime() : Date.now() + DAY;
    const stored = this.stored.get(sid);
    if (stored !== undefined && expires - stored < TOUCH_INTERVAL_MS) {
      cb?.();
      return;
    }
    const expiresAt = new Date(expires);
    this.written(sid, () => this.uow.write((m) => m.update(SessionRecord, { id: sid }, { expiresAt })))
      .then(() => {
        this.stored.set(sid, expires);
        cb?.();
      })
      .catch((e) => cb?.(e));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.stored.delete(sid);
    this.written(sid, () => this.uow.write((m) => m.delete(SessionRecord, { id: sid })))
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  /** Signs a user out everywhere (after deactivation or a password reset), or everywhere else. */
  async destroyForUser(userId: number, exceptSessionId?: string): Promise<void> {
    await this.uow.write((m) => m.delete(SessionRecord, exceptSessionId ? { userId, id: Not(exceptSessionId) } : { userId }));
  }
}
