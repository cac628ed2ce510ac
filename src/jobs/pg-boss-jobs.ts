import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { UnitOfWork } from '../database/unit-of-work';
import { errorText, JobKind, JobOutcome, Jobs, JobTicket, OUTCOME_WAIT_MS, SCHEDULE_TIME_ZONE } from './jobs';

/** The schema pg-boss keeps its tables in, beside the application's. */
export const JOBS_SCHEMA = 'pgboss';

export interface PgBossJobsOptions {
  url: string;
  /** First retry delay, in seconds (doubling after). */
  retrySeconds: number;
  /** A job running longer (its instance died, or it hangs) is failed, then tried again by any instance. */
  expireSeconds: number;
  /** How often expired jobs are looked for (on one instance at a time). */
  maintenanceSeconds: number;
  /** How often an idle worker asks for jobs enqueued by other instances (one enqueued here wakes it at once). */
  pollingSeconds: number;
}

/** How often the outcomes waited for are read: every 200 ms while one has waited under 5 s, then every second, then every 5 s past a minute. */
function pollPause(youngestWaitMs: number): number {
  return youngestWaitMs < 5_000 ? 200 : youngestWaitMs < 60_000 ? 1000 : 5000;
}

interface Waiter {
  name: string;
  since: number;
  settle: (outcome: JobOutcome<unknown>) => void;
}

/**
 * The queue on PostgreSQL (pg-boss): jobs are rows in the `pgboss` schema, written in the
 * transaction that enqueues them. Every instance runs `concurrency` workers per kind, each
 * taking one job at a time (SELECT … FOR UPDATE SKIP LOCKED: a job goes to one worker of one
 * instance) and the next one at once while there are any; an idle worker asks again every
 * pollingSeconds, or at once when this instance enqueues. A job that fails is tried again
 * with a doubling delay (pg-boss adds some randomness); one that ran past expireSeconds (its
 * instance died) is failed by the maintenance of any instance, then tried again. Each
 * schedule fires once per time across instances.
 */
export class PgBossJobs extends Jobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private readonly boss: PgBoss;
  private started: Promise<void> | null = null;
  private stopped = false;
  /** Idle workers of each kind, woken when a job of theirs is enqueued here. */
  private readonly idle = new Map<string, Set<() => void>>();
  private readonly loops: Promise<void>[] = [];
  /** Jobs whose outcome someone waits for, by id. */
  private readonly waiters = new Map<string, Waiter[]>();
  private polling: Promise<void> | null = null;
  /** Cuts the poller's pause short (a new waiter is read for at once). */
  private pollNow: (() => void) | null = null;
  /** Jobs this instance's workers are running, by id: their kind's name. */
  private readonly running = new Map<string, string>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly options: PgBossJobsOptions,
  ) {
    super();
    this.boss = new PgBoss({
      connectionString: options.url,
      schema: JOBS_SCHEMA,
      application_name: 'sang-kien jobs',
      max: 4,
      maintenanceIntervalSeconds: options.maintenanceSeconds,
    });
    this.boss.on('error', (e: Error) => this.logger.error(`job queue: ${e.message}`));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /** Opens the queue (creating or upgrading its schema), its queues, workers and schedules, once: if it fails, the application does not start. */
  start(): Promise<void> {
    this.started ??= this.open();
    return this.started;
  }

  private async open(): Promise<void> {
    await this.boss.start();
    const scheduled = new Set(this.planned.map((s) => s.kind.name));
    for (const kind of this.kinds.values()) {
      const settings = { name: kind.name, retryLimit: kind.retries, retryDelay: this.options.retrySeconds, retryBackoff: true, expireInSeconds: this.options.expireSeconds };
      // Created by the first instance ever; the settings of this start apply from now on.
      await this.boss.createQueue(kind.name, settings);
      await this.boss.updateQueue(kind.name, settings);
      for (let i = 0; i < (kind.concurrency ?? 1); i++) this.loops.push(this.work(kind));
      // A schedule this instance's settings turn off (every instance has the same settings).
      // Schedules of kinds it does not know are left (a newer instance's, during an upgrade).
      if (!scheduled.has(kind.name)) await this.boss.unschedule(kind.name);
    }
    for (const s of this.planned) await this.boss.schedule(s.kind.name, s.cron, {}, { tz: SCHEDULE_TIME_ZONE });
  }

  /** One worker: takes a job of `kind`, runs it, marks it done or failed, and takes the next. */
  private async work(kind: JobKind<object, object | void>): Promise<void> {
    while (!this.stopped) {
      const [job] = await this.boss.fetch<object>(kind.name, { batchSize: 1 }).catch((e: unknown) => {
        this.logger.warn(`jobs ${kind.name}: could not be fetched (${errorText(e)})`);
        return [];
      });
      if (!job) {
        await this.rest(kind.name);
        continue;
      }
      this.running.set(job.id, kind.name);
      let value: object | void;
      try {
        value = await kind.run(job.data);
      } catch (e) {
        this.running.delete(job.id);
        this.logger.warn(`job ${kind.name} ${job.id} failed: ${errorText(e)}`);
        await this.boss.fail(kind.name, job.id, { message: errorText(e) }).catch((f: unknown) => this.logger.error(`job ${kind.name} ${job.id}: its failure was not recorded (${errorText(f)}); it is tried again once it expires`));
        continue;
      }
      this.running.delete(job.id);
      // Done, even if this cannot be recorded (it is then run again once it expires: at least once).
      await this.boss.complete(kind.name, job.id, value ?? {}).catch((f: unknown) => this.logger.error(`job ${kind.name} ${job.id} done, but not recorded as done (${errorText(f)})`));
    }
  }

  /** Waits pollingSeconds, or until a job of `name` is enqueued here, or the queue stops. */
  private rest(name: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const waiting = this.idle.get(name) ?? new Set<() => void>();
      this.idle.set(name, waiting);
      const wake = () => {
        clearTimeout(timer);
        waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, this.options.pollingSeconds * 1000);
      waiting.add(wake);
    });
  }

  private wake(name?: string): void {
    for (const [kind, waiting] of this.idle) if (!name || kind === name) for (const wake of [...waiting]) wake();
  }

  /**
   * Lets the jobs running end (at most `ms`); those still running are then failed, so that
   * any instance tries them again after the retry delay rather than after their expiry; closes.
   */
  async stop(ms = 10_000): Promise<void> {
    this.stopped = true;
    this.wake();
    this.pollNow?.();
    for (const waiting of this.waiters.values()) for (const w of waiting) w.settle({ ok: false, error: 'this instance stopped before the job ended', unknown: true });
    this.waiters.clear();
    if (!this.started) return;
    await this.started.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(this.loops), new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
    for (const [id, name] of this.running) await this.boss.fail(name, id, { message: 'the instance running it stopped' }).catch(() => undefined);
    await this.polling;
    await this.boss.stop({ graceful: false, wait: true });
  }

  async enqueue<D extends object, R extends object | void>(kind: JobKind<D, R>, data: D): Promise<JobTicket<R>> {
    if (!this.kinds.has(kind.name)) throw new Error(`job "${kind.name}" is not defined`);
    await this.start();
    const runner = this.uow.active ? this.uow.manager.queryRunner : undefined;
    // Inside a transaction: the job's row is written by it, and exists only if it commits.
    const db = runner ? { executeSql: async (text: string, values: unknown[]) => ({ rows: (await runner.query(text, values, true)).records }) } : undefined;
    const id = await this.boss.send(kind.name, data, db ? { db } : {});
    if (!id) throw new Error(`job ${kind.name} not enqueued`);
    // Taken by a worker here as soon as it is visible (committed), not at its next poll; its
    // outcome can be looked for from then on (never, after a rollback: it does not exist).
    const committed = new Promise<void>((resolve) =>
      this.uow.afterCommit(() => {
        this.wake(kind.name);
        resolve();
      }),
    );
    let outcome: Promise<JobOutcome<R>> | null = null;
    return { id, outcome: () => (outcome ??= committed.then(() => this.outcome<R>(kind.name, id))) };
  }

  /** Waits for the job to end on whichever instance runs it, at most OUTCOME_WAIT_MS. */
  private outcome<R>(name: string, id: string): Promise<JobOutcome<R>> {
    if (this.stopped) return Promise.resolve({ ok: false, error: 'this instance stopped before the job ended', unknown: true });
    return new Promise((settle) => {
      const waiting = this.waiters.get(id) ?? [];
      waiting.push({ name, since: Date.now(), settle: settle as Waiter['settle'] });
      this.waiters.set(id, waiting);
      this.polling ??= this.poll().finally(() => (this.polling = null));
      this.pollNow?.();
    });
  }

  /**
   * Reads the state of every job waited for in one query (by queue and id: the tables' keys),
   * on pg-boss's own connections, while any is waited for: often while one has just started
   * waiting, less often as the waits go on.
   */
  private async poll(): Promise<void> {
    while (this.waiters.size && !this.stopped) {
      const youngest = Math.min(...[...this.waiters.values()].flat().map((w) => Date.now() - w.since));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.pollNow = null;
          resolve();
        }, pollPause(youngest));
        this.pollNow = () => {
          clearTimeout(timer);
          this.pollNow = null;
          resolve();
        };
      });
      if (this.stopped || !this.waiters.size) return;
      const ids = [...this.waiters.keys()];
      const names = [...new Set([...this.waiters.values()].flat().map((w) => w.name))];
      const sql = `SELECT id::text AS id, state, output FROM ${JOBS_SCHEMA}.job WHERE name = ANY($1::text[]) AND id = ANY($2::uuid[]) UNION ALL SELECT id::text, state, output FROM ${JOBS_SCHEMA}.archive WHERE name = ANY($1::text[]) AND id = ANY($2::uuid[])`;
      const rows = await this.boss
        .getDb()
        .executeSql(sql, [names, ids])
        .then((r) => (r?.rows ?? []) as { id: string; state: string; output: unknown }[])
        .catch((e: unknown) => {
          this.logger.warn(`the state of ${ids.length} jobs could not be read (${errorText(e)})`);
          return [];
        });
      const now = Date.now();
      for (const id of ids) {
        const row = rows.find((r) => r.id === id);
        const ended: JobOutcome<unknown> | null =
          row?.state === 'completed' ? { ok: true, value: row.output } : row?.state === 'failed' || row?.state === 'cancelled' ? { ok: false, error: failure(row.output, row.state) } : null;
        const waiting = this.waiters.get(id) ?? [];
        const left = waiting.filter((w) => {
          const outcome = ended ?? (now - w.since > OUTCOME_WAIT_MS ? { ok: false as const, error: 'not ended after an hour', unknown: true as const } : null);
          if (outcome) w.settle(outcome);
          return !outcome;
        });
        if (left.length) this.waiters.set(id, left);
        else this.waiters.delete(id);
      }
    }
  }
}

/** The message a failed job left: ours ({ message }), or pg-boss's for an expired one ({ value: { message } }). */
function failure(output: unknown, state: string): string {
  const o = output as { message?: unknown; value?: { message?: unknown } } | null;
  return String(o?.message ?? o?.value?.message ?? state);
}
