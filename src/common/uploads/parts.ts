import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/*
 * Parts: files an upload is being received into (UPLOAD_DIR/tmp), until the request that
 * brings them is done. Each is named after the running instance (process) that writes it,
 * and each instance holds a lease, a small file in UPLOAD_DIR/.leases that it rewrites
 * every LEASE_RENEW_MS while it runs and removes when it stops. Another instance that
 * shares the folder removes the parts of an instance only once its lease has not been
 * renewed for LEASE_STALE_MS, or at once when that instance ran on this machine and its
 * process is gone (a kill -9 a moment ago): never the parts of an instance that is alive,
 * whatever the database (two processes may share one folder on SQLite too: a restart that
 * overlaps, a second copy started by mistake). Parts named before they carried their
 * instance are leftovers of an earlier version: removed at once on SQLite, after an hour
 * without writes on PostgreSQL.
 *
 * The ages compare file times with file times: "now" is the time the folder's file system
 * gave our own lease when we just renewed it, so instances whose clocks differ (a shared
 * network folder) judge a lease by the same clock that stamped it.
 */

/** How often a running instance renews its lease (and looks for leftover parts). */
export const LEASE_RENEW_MS = 30 * 1000;
/** A lease not renewed for this long belongs to an instance that is gone (ten renewals missed). */
export const LEASE_STALE_MS = 5 * 60 * 1000;
/**
 * One of our own parts nothing has written to for this long belongs to no request in
 * progress (a request removes its parts when it ends; this only catches what that missed).
 * Also the rule for parts whose instance is unknown (named before parts carried it).
 */
export const PART_IDLE_MS = 60 * 60 * 1000;

const NAME = /^[a-z0-9-]{1,80}$/;
const PART = /^([a-z0-9-]{1,80})_[0-9a-f]{32}\.part$/;
const LEASE = /^([a-z0-9-]{1,80})\.lease$/;

/** A new instance's name: host and process id (for whoever lists the folder) and random bytes (unique). */
export function newInstanceId(host = hostname(), pid = process.pid, random = randomBytes(6).toString('hex')): string {
  return `${hostLabel(host)}-${pid}-${random}`;
}

/** A host name as instance names carry it. */
function hostLabel(host: string): string {
  return host.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'may';
}

/** The name of a new part written by `instance`. */
export function partName(instance: string): string {
  if (!NAME.test(instance)) throw new Error(`not an instance name: ${instance}`);
  return `${instance}_${randomBytes(16).toString('hex')}.part`;
}

/** The instance that wrote a part, or null (a name from before parts carried it, or anything else). */
export function partOwner(name: string): string | null {
  return PART.exec(name)?.[1] ?? null;
}

/** The instance a lease file is of, or null. */
export function leaseOwner(name: string): string | null {
  return LEASE.exec(name)?.[1] ?? null;
}

export interface PartsView {
  /** This instance. */
  self: string;
  /** Whether other instances may use the folder (PostgreSQL) or this one alone (SQLite). */
  shared: boolean;
  /** The time our own lease was renewed, by the folder's clock. */
  now: number;
}

/**
 * Whether the instance is alive, as far as this machine can tell: false when it ran on this
 * host and its process is gone; undefined when it ran elsewhere (its lease then tells).
 * A process id taken again by another process counts as alive: the lease decides later.
 */
export function instanceRunsHere(instance: string, host = hostname(), alive: (pid: number) => boolean = processAlive): boolean | undefined {
  const m = /^(.*)-(\d+)-[0-9a-f]{12}$/.exec(instance);
  if (!m || m[1] !== hostLabel(host)) return undefined;
  return alive(Number(m[2]));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a lease renewed at `mtimeMs` (undefined: there is none) is of an instance still running. */
export function leaseIsLive(mtimeMs: number | undefined, now: number): boolean {
  return mtimeMs !== undefined && now - mtimeMs <= LEASE_STALE_MS;
}

/**
 * Whether a part is a leftover to remove. `ownerLease`: when its owner's lease was last
 * renewed (undefined: it has none; an instance takes its lease before it writes a part).
 * `ownerAlive`: see instanceRunsHere.
 */
export function isLeftoverPart(part: { name: string; mtimeMs: number }, view: PartsView, ownerLease: number | undefined, ownerAlive?: boolean): boolean {
  const owner = partOwner(part.name);
  const idle = view.now - part.mtimeMs > PART_IDLE_MS;
  if (owner === view.self) return idle;
  if (owner === null) return !view.shared || idle;
  if (ownerAlive === false) return true;
  return !leaseIsLive(ownerLease, view.now);
}

/** Whether another instance's lease is left over: its process gone from this machine, or not renewed for LEASE_STALE_MS. */
export function isLeftoverLease(owner: string, mtimeMs: number, view: PartsView, ownerAlive?: boolean): boolean {
  if (owner === view.self) return false;
  return ownerAlive === false || !leaseIsLive(mtimeMs, view.now);
}

/** This instance's parts and lease in an upload folder. */
export class InstanceParts {
  readonly instance = newInstanceId();
  private readonly startedAt = new Date().toISOString();

  constructor(
    readonly tmpDir: string,
    readonly leaseDir: string,
  ) {}

  get leasePath(): string {
    return join(this.leaseDir, `${this.instance}.lease`);
  }

  /** A name for a new part of this instance. */
  newPart(): string {
    return partName(this.instance);
  }

  /**
   * Takes or renews the lease; returns when it was renewed by the folder's clock. Written
   * (not only touched), so that the file system stamps it with its own time.
   */
  async renew(): Promise<number> {
    await mkdir(this.leaseDir, { recursive: true });
    await writeFile(this.leasePath, `${JSON.stringify({ host: hostname(), pid: process.pid, startedAt: this.startedAt, renewedAt: new Date().toISOString() })}\n`);
    return (await stat(this.leasePath)).mtimeMs;
  }

  /** Gives the lease up (a clean stop: nothing of ours is left to wait for). */
  async release(): Promise<void> {
    await rm(this.leasePath, { force: true });
  }

  /**
   * Renews the lease, then removes leftover parts (see isLeftoverPart), then the leases of
   * instances that are gone (after their parts: a stop between leaves parts without a
   * lease, which count as an instance gone). Returns how many parts were removed.
   */
  async sweep(shared: boolean): Promise<number> {
    const view: PartsView = { self: this.instance, shared, now: await this.renew() };
    // Read when first needed, not listed beforehand: an instance that starts meanwhile takes
    // its lease before it writes a part, so its lease is there when its part is seen.
    const leases = new Map<string, number | undefined>();
    const leaseOf = async (owner: string | null): Promise<number | undefined> => {
      if (owner === null || owner === this.instance) return undefined;
      if (!leases.has(owner)) leases.set(owner, (await stat(join(this.leaseDir, `${owner}.lease`)).catch(() => null))?.mtimeMs);
      return leases.get(owner);
    };
    let removed = 0;
    for (const name of await readdir(this.tmpDir).catch(() => [] as string[])) {
      const p = join(this.tmpDir, name);
      const info = await stat(p).catch(() => null);
      if (!info?.isFile()) continue;
      const owner = partOwner(name);
      if (isLeftoverPart({ name, mtimeMs: info.mtimeMs }, view, await leaseOf(owner), owner ? instanceRunsHere(owner) : undefined)) {
        await rm(p, { force: true });
        removed++;
      }
    }
    for (const name of await readdir(this.leaseDir).catch(() => [] as string[])) {
      const owner = leaseOwner(name);
      if (owner === null || owner === this.instance) continue;
      const info = await stat(join(this.leaseDir, name)).catch(() => null);
      if (info && isLeftoverLease(owner, info.mtimeMs, view, instanceRunsHere(owner))) await rm(join(this.leaseDir, name), { force: true });
    }
    return removed;
  }

  /**
   * Whether another instance that is alive uses the folder now: a lease of another
   * instance, renewed lately, whose process is not known to be gone.
   */
  async othersAlive(): Promise<boolean> {
    const now = await this.renew();
    for (const name of await readdir(this.leaseDir).catch(() => [] as string[])) {
      const owner = leaseOwner(name);
      if (owner === null || owner === this.instance) continue;
      const info = await stat(join(this.leaseDir, name)).catch(() => null);
      if (info && !isLeftoverLease(owner, info.mtimeMs, { self: this.instance, shared: true, now }, instanceRunsHere(owner))) return true;
    }
    return false;
  }
}
