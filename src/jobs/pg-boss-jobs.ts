import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { UnitOfWork } from '../database/unit-of-work';
import { errorText, JobKind, JobOutcome, Jobs, JobTicket, SCHEDULE_TIME_ZONE } from './jobs';

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
  /** How often an idle worker asks for jobs (a job enqueued here is taken at once). */
  pollingSeconds: number;
}

/** How often the outcome of a job is read while someone waits for it. */
const OUTCOME_POLL_MS = 200;

/**
 * The queue on PostgreSQL (pg-boss): jobs are rows in the `pgboss` schema, written in the
 * transaction that enqueues them; every instance works every queue (a job is taken by one
 * instance with SELECT … FOR UPDATE SKIP LOCKED), tries again with a doubling delay, fails a
 * job that ran past expireSeconds (its instance died) so that another instance runs it, and
 * fires each schedule once per time across instances.
 */
export class PgBossJobs extends Jobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private readonly boss: PgBoss;
  private readonly workers = new Map<string, string>();
  private started: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly options: PgBossJobsOptions,
  ) {
    super();
    this.boss = new PgBoss({
      connectionString: options.url,
      schema: JOBS_SCHEMA,
      application_name: 'sang-kien jobs',
      max: 3,
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

  /** Opens the queue (creating or upgrading its schema), its queues, workers and schedules. */
  start(): Promise<void> {
    this.started ??= this.open();
    return this.started;
  }

  private async open(): Promise<void> {
    await this.boss.start();
    for (const kind of this.kinds.values()) {
      const settings = { name: kind.name, retryLimit: kind.retries, retryDelay: this.options.retrySeconds, retryBackoff: true, expireInSeconds: this.options.expireSeconds };
      // Created by the first instance ever; the settings of this start apply from now on.
      await this.boss.createQueue(kind.name, settings);
      await this.boss.updateQueue(kind.name, settings);
      const id = await this.boss.work<object>(kind.name, { pollingIntervalSeconds: this.options.pollingSeconds, batchSize: 1 }, async ([job]) => {
        const value = await kind.run(job.data);
        return value ?? {};
      });
      this.workers.set(kind.name, id);
    }
    const scheduled = new Set(this.planned.map((s) => s.kind.name));
    for (const s of this.planned) await this.boss.schedule(s.kind.name, s.cron, {}, { tz: SCHEDULE_TIME_ZONE });
    // A schedule switched off since the last start no longer fires.
    for (const s of await this.boss.getSchedules()) if (!scheduled.has(s.name)) await this.boss.unschedule(s.name);
  }

  /** Lets the jobs running end (at most `ms`; those still running are failed, to be tried again) and closes. */
  async stop(ms = 10_000): Promise<void> {
    this.stopped = true;
    if (!this.started) return;
    await this.started.catch(() => undefined);
    await this.boss.stop({ graceful: true, wait: true, timeout: ms });
  }

  async enqueue<D extends object, R extends object | void>(kind: JobKind<D, R>, data: D): Promise<JobTicket<R>> {
    if (!this.kinds.has(kind.name)) throw new Error(`job "${kind.name}" is not defined`);
    await this.start();
    const runner = this.uow.active ? this.uow.manager.queryRunner : undefined;
    // Inside a transaction: the job's row is written by it, and exists only if it commits.
    const db = runner ? { executeSql: async (text: string, values: unknown[]) => ({ rows: (await runner.query(text, values, true)).records }) } : undefined;
    const id = await this.boss.send(kind.name, data, db ? { db } : {});
    if (!id) throw new Error(`job ${kind.name} not enqueued`);
    // Taken by this instance's worker as soon as it is visible (committed), not at its next
    // poll; its outcome is looked for from then on (never, after a rollback: it does not exist).
    const committed = new Promise<void>((resolve) =>
      this.uow.afterCommit(() => {
        const worker = this.workers.get(kind.name);
        if (worker && !this.stopped) this.boss.notifyWorker(worker);
        resolve();
      }),
    );
    let outcome: Promise<JobOutcome<R>> | null = null;
    return { id, outcome: () => (outcome ??= committed.then(() => this.outcome<R>(kind.name, id))) };
  }

  /** Waits for the job to end on whichever instance runs it (read every OUTCOME_POLL_MS). */
  private async outcome<R>(name: string, id: string): Promise<JobOutcome<R>> {
    for (;;) {
      if (this.stopped) return { ok: false, error: 'the queue of this instance stopped before the job ended' };
      const job = await this.boss.getJobById<object>(name, id, { includeArchive: true }).catch((e: unknown) => {
        this.logger.warn(`job ${name} ${id}: its state could not be read (${errorText(e)})`);
        return null;
      });
      const output = (job as { output?: unknown } | null)?.output;
      if (job?.state === 'completed') return { ok: true, value: output as R };
      if (job?.state === 'failed' || job?.state === 'cancelled') return { ok: false, error: String((output as { message?: string } | null)?.message ?? job.state) };
      await new Promise((r) => setTimeout(r, OUTCOME_POLL_MS));
    }
  }
}
