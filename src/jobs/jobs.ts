/**
 * Background work (e-mail, the daily message, the open-data bundle, weekly reminders) as
 * jobs: each kind is defined once by its feature, enqueued with its data, tried again with a
 * growing delay when it throws, and run once whatever the number of instances.
 *
 * - PostgreSQL (DATABASE_URL): a queue kept in the database (pg-boss, PgBossJobs). A job
 *   enqueued inside a transaction is written in that transaction, so it exists exactly when
 *   the change it follows has committed; any instance takes it up; a job still running on an
 *   instance that died is taken up again by another once it has run JOB_EXPIRE_SECONDS;
 *   schedules fire once per time, on one instance.
 * - SQLite (one instance): the same jobs run in this process (InProcessJobs), after the
 *   transaction that enqueued them commits; a job not finished when the process ends is lost.
 *
 * A job may run more than once (at least once: an instance killed after an e-mail left but
 * before the job was marked done sends it again); handlers keep that harmless.
 */

/** A kind of job: its name (letters, digits, '-' and '_'), how often it is tried again, and what it does. */
export interface JobKind<D extends object, R extends object | void = void> {
  readonly name: string;
  /** Further tries after a failure (with a delay doubling from JOB_RETRY_SECONDS); 0: none. */
  readonly retries: number;
  /** Jobs of this kind one instance runs at the same time (1 unless said). */
  readonly concurrency?: number;
  run(data: D): Promise<R>;
}

/**
 * How a job ended: its result, or the error of its last try; or `unknown` when this instance
 * stopped looking before it ended (it stopped, or waited past OUTCOME_WAIT_MS): another
 * instance may still run it.
 */
export type JobOutcome<R> = { ok: true; value: R } | { ok: false; error: string; unknown?: true };

/** Longest anyone waits for a job's outcome (its tries included) before it counts as unknown. */
export const OUTCOME_WAIT_MS = 60 * 60 * 1000;

/** A job enqueued: its id, and its outcome once it has ended (every try included). */
export interface JobTicket<R> {
  readonly id: string;
  outcome(): Promise<JobOutcome<R>>;
}

/** A schedule: the job of `kind` runs at the times of `cron` (minute hour day month weekday), Vietnam's time. */
export interface JobSchedule {
  kind: JobKind<object, object | void>;
  cron: string;
}

/** Vietnam's time zone, in which schedules are read. */
export const SCHEDULE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * The job queue of this instance (provided by JobsModule: PgBossJobs or InProcessJobs).
 * Features define their kinds and schedules while the application starts (onModuleInit);
 * the queue starts them once the application has started.
 */
export abstract class Jobs {
  protected readonly kinds = new Map<string, JobKind<object, object | void>>();
  protected readonly planned: JobSchedule[] = [];

  /** Makes a kind of job known (once per kind, before the application has started). */
  define<D extends object, R extends object | void>(kind: JobKind<D, R>): void {
    checkJobName(kind.name);
    if (this.kinds.has(kind.name)) throw new Error(`job "${kind.name}" defined twice`);
    this.kinds.set(kind.name, kind as unknown as JobKind<object, object | void>);
  }

  /** Runs the kind (defined too) at the times of `cron`, Vietnam's time. */
  schedule(kind: JobKind<object, object | void>, cron: string): void {
    this.planned.push({ kind, cron });
  }

  /**
   * Enqueues a job. Inside a transaction of the unit of work it belongs to that transaction:
   * it is kept (PostgreSQL) or starts (SQLite) only if the transaction commits.
   */
  abstract enqueue<D extends object, R extends object | void>(kind: JobKind<D, R>, data: D): Promise<JobTicket<R>>;
}

/** The delay before try `attempt` (1: the first retry): `baseSeconds`, doubling each time, at most an hour. */
export function retryDelaySeconds(baseSeconds: number, attempt: number): number {
  return Math.min(3600, baseSeconds * 2 ** Math.max(0, attempt - 1));
}

/** A job's name is safe for the queue's table and the logs. */
export function checkJobName(name: string): void {
  if (!/^[a-z][a-z0-9_-]{0,49}$/.test(name)) throw new Error(`job name "${name}": lowercase letters, digits, '-' and '_', at most 50`);
}

/** An error's message, for the log and the outcome. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
