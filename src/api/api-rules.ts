// The rules of the read-only JSON API: reading a list's query (pages of at most 100), the
// ETag of an answer, and the limit of requests per address. Pure; tested beside.
import { createHash } from 'node:crypto';
import { isLevel, isStatus } from '../initiatives/initiative-status';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

export interface ApiListQuery {
  q?: string;
  year?: number;
  field?: number;
  unit?: number;
  level?: string;
  /** Internal lists only (with a token): the initiatives' status. */
  status?: string;
  page: number;
  pageSize: number;
}

/** A query parameter the API cannot read, with the message that says why. */
export class ApiQueryError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

function positive(name: string, raw: string | undefined, max = 1_000_000_000): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new ApiQueryError(name, `Tham số ${name} phải là số nguyên dương${max < 1_000_000_000 ? ` không quá ${max}` : ''}.`);
  return Number(raw);
}

/** The list's query, or ApiQueryError naming the first parameter it cannot read; `internal` also reads a status. */
export function readListQuery(query: Record<string, unknown>, internal = false): ApiListQuery {
  const text = (name: string): string | undefined => {
    const v = query[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new ApiQueryError(name, `Tham số ${name} chỉ được có một giá trị.`);
    return v.trim();
  };
  const level = text('level');
  if (level && !isLevel(level)) throw new ApiQueryError('level', 'Tham số level phải là một trong: unit, district, province, national.');
  const status = internal ? text('status') : undefined;
  if (status && !isStatus(status)) throw new ApiQueryError('status', 'Tham số status phải là một trạng thái của sáng kiến (draft, submitted, under_review, recognized, …).');
  const q = text('q');
  if (q && q.length > 200) throw new ApiQueryError('q', 'Tham số q không được dài quá 200 ký tự.');
  return {
    q: q || undefined,
    year: positive('year', text('year'), 2100),
    field: positive('field', text('field')),
    unit: positive('unit', text('unit')),
    level: level || undefined,
    ...(internal ? { status: status || undefined } : {}),
    page: positive('page', text('page'), 100_000) ?? 1,
    pageSize: positive('pageSize', text('pageSize'), MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE,
  };
}

/** A weak ETag of an answer's JSON: the same data gives the same tag on every instance. */
export function etagOf(body: unknown): string {
  return `W/"${createHash('sha1').update(JSON.stringify(body) ?? '').digest('base64url')}"`;
}

/** Whether an If-None-Match header names this tag (a list of tags, or *). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => t.trim() === '*' || t.trim() === etag || t.trim() === etag.replace(/^W\//, ''));
}

/**
 * Requests per key (an address) in fixed windows of a minute, kept in this instance's
 * memory: a client above the limit is told how many seconds to wait. Several instances each
 * count their own share (a client may reach the limit on each).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** null when the request may go on; otherwise the seconds until the window ends. */
  take(key: string): number | null {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= 60_000) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      // Forget the windows that have ended, now and then (the map never grows without end).
      if (this.windows.size > 10_000) for (const [k, old] of this.windows) if (now - old.start >= 60_000) this.windows.delete(k);
    }
    if (w.count >= this.perMinute) return Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000));
    w.count++;
    return null;
  }
}

/** A new personal access token: "sk_" and 32 random bytes, URL-safe. */
export function newToken(random: (n: number) => Buffer): string {
  return `sk_${random(32).toString('base64url')}`;
}

/** What is kept of a token: its SHA-256 (hex). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token of an Authorization header ("Bearer sk_…"), or null. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(sk_[A-Za-z0-9_-]{20,100})\s*$/.exec(header ?? '');
  return m ? m[1] : null;
}

/** A token's last use is written at most this often (a read does not write on every request). */
export const TOKEN_USE_RECORDED_EVERY_MS = 60 * 60 * 1000;
