import { randomUUID } from 'node:crypto';
import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { parseExpression } from 'cron-parser';
import { UnitOfWork } from '../database/unit-of-work';
import { errorText, JobKind, JobOutcome, Jobs, JobSchedule, JobTicket, retryDelaySeconds, SCHEDULE_TIME_ZONE } from './jobs';

/** The next time of `cron` after `from`, Vietnam's time. */
export function nextTime(cron: string, from: Date): Date {
  return parseExpression(cron, { currentDate: from, tz: SCHEDULE_TIME_ZONE }).next().toDate();
}

/** Longest a timer waits in one go (setTimeout's limit is ~24.8 days). */
const MAX_TIMER_MS = 24 * 60 * 60 * 1000;

/**
 * The queue of one instance on SQLite: jobs run in this process once the transaction that
 * enqueued them commits (as many at once as are enqueued: a kind's concurrency is for the
 * shared queue), tried again with a doubling delay; schedules fire from timers.
 * A job not finished when the process ends is lost (on SQLite there is one instance; the
 * notices it would have e-mailed stay on people's pages).
 */
export class InProcessJobs extends Jobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Scheduled kinds whose run has not ended (a run is not started again meanwhile). */
  private readonly busy = new Set<string>();
  private running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly retrySeconds: number,
  ) {
    super();
  }

  override schedule(kind: JobKind<object, object | void>, cron: string): void {
    nextTime(cron, new Date()); // a malformed time fails at start-up
    super.schedule(kind, cron);
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /** Starts the schedules (the application has started). */
  start(): void {
    for (const s of this.planned) this.plan(s);
  }

  /** Stops the schedules and waits (at most `ms`) for the jobs running. */
  async stop(ms = 10_000): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const all = Promise.allSettled([...this.running]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  async enqueue<D extends object, R extends object | void>(kind: JobKind<D, R>, data: D): Promise<JobTicket<R>> {
    if (!this.kinds.has(kind.name)) throw new Error(`job "${kind.name}" is not defined`);
    let settle: (o: JobOutcome<R>) => void = () => undefined;
    const ended = new Promise<JobOutcome<R>>((resolve) => (settle = resolve));
    // After the commit of the transaction enqueuing it (at once outside one); never after a
    // rollback, nor once the queue has stopped (the process is ending: the job is lost).
    this.uow.afterCommit(() => {
      if (this.stopped) return settle({ ok: false, error: 'the application stopped before the job ran' });
      return this.track(this.attempts(kind, data, 0).then(settle));
    });
    return { id: randomUUID(), outcome: () => ended };
  }

  private async attempts<D extends object, R extends object | void>(kind: JobKind<D, R>, data: D, attempt: number): Promise<JobOutcome<R>> {
    try {
      return { ok: true, value: await kind.run(data) };
    } catch (e) {
      if (attempt >= kind.retries || this.stopped) {
        this.logger.error(`job ${kind.name} failed${attempt ? ` after ${attempt + 1} tries` : ''}: ${errorText(e)}`);
        return { ok: false, error: errorText(e) };
      }
      const seconds = retryDelaySeconds(this.retrySeconds, attempt + 1);
      this.logger.warn(`job ${kind.name} failed (${errorText(e)}); tried again in ${seconds} s`);
      const again = await this.after(seconds * 1000);
      if (!again) return { ok: false, error: errorText(e) };
      return this.attempts(kind, data, attempt + 1);
    }
  }

  /** Waits `ms`; false when the queue stopped meanwhile. */
  private after(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve(!this.stopped);
      }, ms);
      timer.unref();
      this.timers.add(timer);
    });
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
    return work;
  }

  private plan(s: JobSchedule): void {
    if (this.stopped) return;
    const wait = Math.max(0, nextTime(s.cron, new Date()).getTime() - Date.now());
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (wait > MAX_TIMER_MS) return this.plan(s);
        if (!this.busy.has(s.kind.name)) {
          this.busy.add(s.kind.name);
          void this.enqueue(s.kind, {}).then((t) => t.outcome().finally(() => this.busy.delete(s.kind.name)));
        }
        // Planned from a moment past this time, so that it does not fire twice.
        setTimeout(() => this.plan(s), 1000).unref();
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref();
    this.timers.add(timer);
  }
}
