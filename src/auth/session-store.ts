import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SessionData, Store } from 'express-session';
import { LessThan, Not } from 'typeorm';
import { DataChange, sessionsChange } from '../database/data-changes';
import { rawQuery } from '../database/raw-query';
import { RowReader } from '../database/raw-rows';
import { ReadCache } from '../database/read-cache';
import { UnitOfWork } from '../database/unit-of-work';
import { SessionRecord } from './session.entity';

const DAY = 24 * 60 * 60 * 1000;
/**
 * A session's expiry is written again only when it would move by more than this: every
 * signed-in request would otherwise rewrite its row and wait in the write queue. The
 * idle timeout is then exact to within these few minutes.
 */
export const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

type StoredSession = Pick<SessionRecord, 'userId' | 'data' | 'expiresAt'>;

/**
 * express-session store keeping sessions in the application's own database. Every
 * signed-in request reads its session: a signed-in person's is kept in the read cache
 * (`personal`) until it changes. Each write of a session declares the person's sessions
 * changed (`sessions:<userId>`), so this instance drops its copy at once and the others
 * (ChangeFeed, PostgreSQL) as soon as the write commits: a sign-out, a password reset or a
 * deactivation ends the sessions on every instance.
 */
@Injectable()
export class DatabaseSessionStore extends Store implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Sessions');
  private pruneTimer?: NodeJS.Timeout;
  /**
   * Each session as last read here or as the writes asked of it here make it: its expiry (ms)
   * and whose it is; `ended` once signed out here (until the hourly pruning), so that a request
   * of it still running only updates, never brings it back.
   */
  private readonly stored = new Map<string, { expires: number; userId: number | null; ended?: true }>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly cache: ReadCache,
  ) {
    super();
  }

  /**
   * What a write of this session changes: the sessions of whoever it was and is now (a sign-in
   * or sign-out changes whose it is). A session this instance never read is a new one, kept
   * nowhere (a request of a session reads it first, here; anonymous visitors have none until a
   * sign-in, whose new session replaces one never stored): whose it is now, if anyone's.
   */
  private changes(sid: string, now?: number | null): DataChange[] {
    const before = this.stored.get(sid);
    if (!before) return now ? [sessionsChange(now)] : [];
    return [...new Set([before.userId, now ?? null])].filter((u): u is number => u !== null).map(sessionsChange);
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
    for (const [sid, { expires }] of this.stored) if (expires <= now) this.stored.delete(sid);
  }

  override get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    (this.writing.get(sid) ?? Promise.resolve())
      .then(() => this.cache.personal(`session:${sid}`, () => this.read(sid), (row) => (row?.userId ? [sessionsChange(row.userId)] : null)))
      .then((row) => {
        if (!row || row.expiresAt.getTime() <= Date.now()) {
          if (!this.stored.get(sid)?.ended) this.stored.delete(sid);
          return cb(null, null);
        }
        this.stored.set(sid, { expires: row.expiresAt.getTime(), userId: row.userId });
        cb(null, JSON.parse(row.data) as SessionData);
      })
      .catch((e) => cb(e));
  }

  private readRow?: RowReader<StoredSession>;

  /**
   * The row of a session (on the reading connection outside a transaction). Every signed-in
   * request reads one: hand-written, as the header's count of unread notices, since
   * building the statement and the entity through TypeORM's `findOne` cost more of the main
   * thread than the read (with that count, about a quarter of a small page's time).
   */
  private async read(sid: string): Promise<StoredSession | null> {
    const [row] = await rawQuery<Record<string, unknown>>(this.uow.manager, 'SELECT "userId", "data", "expiresAt" FROM "sessions" WHERE "id" = :sid', { sid }, { prepare: true });
    if (!row) return null;
    this.readRow ??= this.uow.rowReader(SessionRecord, ['userId', 'data', 'expiresAt']);
    return this.readRow(row);
  }

  override set(sid: string, session: SessionData, cb?: (err?: unknown) => void): void {
    const expiresAt = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + DAY);
    const row = { id: sid, userId: session.userId ?? null, data: JSON.stringify(session), expiresAt };
    // A session read from the store is only updated: if it was ended meanwhile (a password
    // change, a deactivation), a request still running must not bring it back.
    const known = this.stored.has(sid);
    const changes = this.changes(sid, row.userId);
    // Known at once, in the order of the calls: a write queued after this one (a sign-out)
    // declares whose the session will then be. An ended session stays ended.
    const ended = this.stored.get(sid)?.ended;
    this.stored.set(sid, { expires: ended ? 0 : expiresAt.getTime(), userId: row.userId, ...(ended ? { ended } : {}) });
    this.written(sid, () => this.uow.writeChanging(changes, (m) => (known ? m.update(SessionRecord, { id: sid }, { userId: row.userId, data: row.data, expiresAt }) : m.upsert(SessionRecord, row, ['id']))))
      .then(() => cb?.())
      .catch((e) => this.failed(sid, e, cb));
  }

  /** Moves the expiry on (rolling sessions), at most once every few minutes. */
  override touch(sid: string, session: SessionData, cb?: (err?: unknown) => void): void {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires).getTime() : Date.now() + DAY;
    const stored = this.stored.get(sid);
    // Not yet due, or signed out here (a request still running must not write it).
    if (stored !== undefined && (stored.ended || expires - stored.expires < TOUCH_INTERVAL_MS)) {
      cb?.();
      return;
    }
    const expiresAt = new Date(expires);
    // A copy kept with the earlier expiry would end the session early: it goes too.
    const userId = session.userId ?? null;
    const changes = this.changes(sid, userId);
    this.stored.set(sid, { expires, userId });
    this.written(sid, () => this.uow.writeChanging(changes, (m) => m.update(SessionRecord, { id: sid }, { expiresAt })))
      .then(() => cb?.())
      .catch((e) => this.failed(sid, e, cb));
  }

  /** A write that failed: what this instance knew of the session is no longer sure. */
  private failed(sid: string, e: unknown, cb?: (err?: unknown) => void): void {
    this.stored.delete(sid);
    cb?.(e);
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    const changes = this.changes(sid);
    // Ended: a save of it by a request still running updates nothing (see set).
    this.stored.set(sid, { expires: 0, userId: this.stored.get(sid)?.userId ?? null, ended: true });
    this.written(sid, () => this.uow.writeChanging(changes, (m) => m.delete(SessionRecord, { id: sid })))
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  /** Signs a user out everywhere (after deactivation or a password reset), or everywhere else. */
  async destroyForUser(userId: number, exceptSessionId?: string): Promise<void> {
    await this.uow.writeChanging([sessionsChange(userId)], (m) => m.delete(SessionRecord, exceptSessionId ? { userId, id: Not(exceptSessionId) } : { userId }));
  }
}
