import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import { ChangeSet, DataChange } from './data-changes';
import { ReadCache } from './read-cache';
import { UnitOfWork } from './unit-of-work';

/** The PostgreSQL channel on which each committed transaction says what it changed. */
export const CHANGES_CHANNEL = 'sang_kien_changes';

/** A notification's payload is at most 8000 bytes: past this, a change is sent as "everything". */
const MAX_PAYLOAD = 7000;

/** How long to wait before listening again after the connection was lost. */
const RECONNECT_MS = 1000;

export interface ChangeMessage {
  /** The instance whose transaction it was (it has dropped its own copies already). */
  from: string;
  changes: DataChange[] | 'everything';
}

/** The payload telling other instances what a transaction changed. */
export function changeMessage(from: string, changed: ChangeSet): string {
  const message = JSON.stringify({ from, changes: changed === 'everything' ? 'everything' : [...changed] } satisfies ChangeMessage);
  return message.length <= MAX_PAYLOAD ? message : JSON.stringify({ from, changes: 'everything' } satisfies ChangeMessage);
}

/** What a payload says changed; anything unreadable counts as everything. */
export function readChangeMessage(payload: string | undefined): ChangeMessage | null {
  try {
    const m = JSON.parse(payload ?? '') as Partial<ChangeMessage>;
    if (typeof m.from !== 'string') return null;
    if (m.changes === 'everything') return { from: m.from, changes: 'everything' };
    if (Array.isArray(m.changes) && m.changes.every((c) => typeof c === 'string')) return { from: m.from, changes: m.changes as DataChange[] };
    return { from: m.from, changes: 'everything' };
  } catch {
    return null;
  }
}

/**
 * Several instances on one PostgreSQL database keep their read caches in step: each
 * transaction that commits sends, in the same transaction (NOTIFY is delivered only on
 * commit), what it declared it changes (UnitOfWork); every other instance listens on one
 * connection of its own and drops the same entries at once. Another instance lags by the
 * time a notification takes to arrive (milliseconds on one server); if the listening
 * connection is lost, the instance drops everything and listens again, then once a second
 * until the server answers, and drops everything again once it listens (what it kept
 * meanwhile may have missed changes). On SQLite there is one
 * instance and nothing to do.
 */
@Injectable()
export class ChangeFeed implements OnModuleInit, OnModuleDestroy {
  /** This instance, as its notifications name it. */
  readonly instance = randomUUID();
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly logger = new Logger(ChangeFeed.name);

  constructor(
    private readonly config: AppConfig,
    private readonly cache: ReadCache,
    uow: UnitOfWork,
  ) {
    if (this.shared) uow.announceChangesWith((m, changed) => m.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, changeMessage(this.instance, changed)]));
  }

  /** Whether transactions should tell other instances what they changed. */
  get shared(): boolean {
    return Boolean(this.config.get('databaseUrl'));
  }

  async onModuleInit(): Promise<void> {
    if (this.shared) await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** What another instance said it changed: the same entries go here. */
  received(payload: string | undefined): void {
    const message = readChangeMessage(payload);
    if (message?.from === this.instance) return;
    this.cache.changed(message === null || message.changes === 'everything' ? 'everything' : new Set(message.changes));
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.get('databaseUrl'), application_name: 'sang-kien change feed' });
    client.on('notification', (n) => {
      if (n.channel === CHANGES_CHANNEL) this.received(n.payload);
    });
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      this.client = client;
      // What was kept while no one listened (since the connection was lost, or before the
      // first listen) may have missed a change announced meanwhile.
      this.cache.changed('everything');
    } catch (e) {
      this.lost(client, e);
    }
  }

  private lost(client: Client, e: unknown): void {
    if (this.stopped || (this.client !== null && this.client !== client)) return;
    this.client = null;
    void client.end().catch(() => undefined);
    // Changes made meanwhile were not heard: nothing kept can be trusted.
    this.cache.changed('everything');
    if (this.retry) return;
    if (e) this.logger.warn(`listening for other instances' changes stopped (${e instanceof Error ? e.message : String(e)}); listening again in ${RECONNECT_MS / 1000} s`);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.stopped) void this.listen();
    }, RECONNECT_MS);
  }
}
