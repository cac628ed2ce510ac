import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** Every setting the application reads, after validation. */
export interface Settings {
  port: number;
  dataDir: string;
  uploadDir: string;
  sessionSecret: string;
  adminPassword: string | undefined;
  trustProxy: boolean | number | string;
  production: boolean;
  /** Largest file accepted, in bytes (MAX_FILE_MB). */
  maxFileBytes: number;
  /** Largest total of attachments per initiative, in bytes (MAX_INITIATIVE_MB). */
  maxInitiativeBytes: number;
  /** PostgreSQL connection URL (DATABASE_URL); without it, SQLite in DATA_DIR. */
  databaseUrl: string | undefined;
  /** Connections per app instance to PostgreSQL (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  /** How long a start waits for an unreachable PostgreSQL, trying again, before it gives up (DATABASE_START_WAIT_SECONDS). */
  databaseStartWaitSeconds: number;
  /**
   * How long a list, a search or an anonymous catalogue page is kept in memory, in seconds
   * (READ_CACHE_SECONDS; 0: never). Dropped at once by any change made through this
   * instance; the time bounds how long another instance's changes take to show.
   */
  readCacheSeconds: number;
  /** Read-only SQLite connections for lists and searches, besides the one that writes (SQLITE_READERS; 0: none). */
  sqliteReaders: number;
  /** The open-data bundle is rebuilt each day from 03:00 (OPEN_DATA_DAILY; false: only when an administrator asks). */
  openDataDaily: boolean;
  /** Background jobs: first delay before a failed job is tried again, in seconds, doubling after (JOB_RETRY_SECONDS, 30). */
  jobRetrySeconds: number;
  /** PostgreSQL: a job running this long is failed and tried again, by any instance (its own may have died) (JOB_EXPIRE_SECONDS, 600). */
  jobExpireSeconds: number;
  /** PostgreSQL: how often jobs past that time are looked for (JOB_CHECK_SECONDS, 60). */
  jobCheckSeconds: number;
  /** Further tries of an e-mail the mail server did not take (no answer, 4xx), with a doubling delay (MAIL_RETRIES, 5). */
  mailRetries: number;
  /** Requests to the JSON API (/api/v1) per minute and address, in each instance (API_REQUESTS_PER_MINUTE, 120; 0: no limit). */
  apiRequestsPerMinute: number;
  /** The mail server notices are also e-mailed through (SMTP_*); null: in-app notices only. */
  smtp: SmtpSettings | null;
  /** The address people open the app at (APP_URL), for links in e-mails; undefined: links name the page only. */
  appUrl: string | undefined;
  /** The novelty check lists an earlier initiative at this similarity or above, 0–1 (NOVELTY_SHOW_AT, 0.25). */
  noveltyShowAt: number;
  /** …and marks it "có thể trùng" at this similarity or above, 0–1, not below the first (NOVELTY_LIKELY_AT, 0.5). */
  noveltyLikelyAt: number;
}

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | undefined;
  password: string | undefined;
  /** The sender, e.g. "Kho sáng kiến <sangkien@vinhlinh.gov.vn>". */
  from: string;
}

export class SettingsError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Cấu hình không hợp lệ / invalid settings:\n  - ${problems.join('\n  - ')}`);
  }
}

function dir(value: string | undefined, fallback: string): string {
  const raw = value && value.trim() !== '' ? value.trim() : fallback;
  return isAbsolute(raw) ? raw : resolve(process.cwd(), raw);
}

function parseTrustProxy(raw: string | undefined, problems: string[]): boolean | number | string {
  if (raw === undefined || raw.trim() === '') return false;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes'].includes(v)) return true;
  if (['0', 'false', 'no'].includes(v)) return false;
  if (/^\d+$/.test(v)) return Number(v);
  // Express also accepts a list of addresses or subnets ("loopback, 10.0.0.0/8").
  if (/^[\w.:/,\s-]+$/.test(v)) return raw.trim();
  problems.push(`TRUST_PROXY="${raw}": dùng true/false, số lớp proxy, hoặc danh sách địa chỉ`);
  return false;
}

/**
 * Validates the environment. Throws SettingsError listing every bad value, so the
 * person starting the server sees all problems at once.
 */
export function validateEnvironment(env: NodeJS.ProcessEnv): Settings {
  const problems: string[] = [];

  let port = 3000;
  if (env.PORT !== undefined && env.PORT.trim() !== '') {
    port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      problems.push(`PORT="${env.PORT}": phải là số nguyên từ 0 đến 65535`);
    }
  }

  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? env.DATABASE_URL.trim() : undefined;
  if (databaseUrl !== undefined) {
    let url: URL | null = null;
    try {
      url = new URL(databaseUrl);
    } catch {
      url = null;
    }
    if (!url || !['postgres:', 'postgresql:'].includes(url.protocol) || url.pathname.length < 2) {
      problems.push('DATABASE_URL: phải có dạng postgres://người-dùng:mật-khẩu@máy:5432/tên-cơ-sở-dữ-liệu');
    }
    // Several instances share one database: their session cookies must be signed with one secret.
    if (!env.SESSION_SECRET || env.SESSION_SECRET.trim() === '') {
      problems.push('SESSION_SECRET: bắt buộc khi dùng DATABASE_URL (mọi máy chạy ứng dụng phải dùng chung một khóa)');
    }
  }
  let databasePoolSize = 10;
  if (env.DATABASE_POOL_SIZE !== undefined && env.DATABASE_POOL_SIZE.trim() !== '') {
    databasePoolSize = Number(env.DATABASE_POOL_SIZE);
    if (!Number.isInteger(databasePoolSize) || databasePoolSize < 1 || databasePoolSize > 200) {
      problems.push(`DATABASE_POOL_SIZE="${env.DATABASE_POOL_SIZE}": phải là số nguyên từ 1 đến 200`);
    }
  }

  const wholeNumber = (name: string, fallback: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > max) {
      problems.push(`${name}="${raw}": phải là số nguyên từ 0 đến ${max}`);
      return fallback;
    }
    return n;
  };
  const readCacheSeconds = wholeNumber('READ_CACHE_SECONDS', 10, 3600);
  const sqliteReaders = wholeNumber('SQLITE_READERS', 2, 16);
  const databaseStartWaitSeconds = wholeNumber('DATABASE_START_WAIT_SECONDS', 60, 3600);
  const apiRequestsPerMinute = wholeNumber('API_REQUESTS_PER_MINUTE', 120, 100000);
  const positive = (name: string, fallback: number, max: number): number => {
    const n = wholeNumber(name, fallback, max);
    if (n === 0) problems.push(`${name}="${env[name]}": phải là số nguyên từ 1 đến ${max}`);
    return n || fallback;
  };
  const jobRetrySeconds = positive('JOB_RETRY_SECONDS', 30, 3600);
  const jobExpireSeconds = positive('JOB_EXPIRE_SECONDS', 600, 86400);
  const jobCheckSeconds = positive('JOB_CHECK_SECONDS', 60, 3600);
  const mailRetries = wholeNumber('MAIL_RETRIES', 5, 20);
  let openDataDaily = true;
  const openDataRaw = env.OPEN_DATA_DAILY?.trim().toLowerCase();
  if (openDataRaw) {
    if (['0', 'false', 'no'].includes(openDataRaw)) openDataDaily = false;
    else if (!['1', 'true', 'yes'].includes(openDataRaw)) problems.push(`OPEN_DATA_DAILY="${env.OPEN_DATA_DAILY}": dùng true hoặc false`);
  }

  const adminPassword = env.ADMIN_PASSWORD && env.ADMIN_PASSWORD !== '' ? env.ADMIN_PASSWORD : undefined;
  if (adminPassword !== undefined && adminPassword.length < 8) {
    problems.push('ADMIN_PASSWORD: cần ít nhất 8 ký tự');
  }

  const sessionSecretRaw = env.SESSION_SECRET && env.SESSION_SECRET !== '' ? env.SESSION_SECRET : undefined;
  if (sessionSecretRaw !== undefined && sessionSecretRaw.length < 16) {
    problems.push('SESSION_SECRET: cần ít nhất 16 ký tự (hoặc bỏ trống để tự sinh)');
  }

  const megabytes = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || n > 10_000) {
      problems.push(`${name}="${raw}": phải là số megabyte lớn hơn 0`);
      return fallback;
    }
    return n;
  };
  const maxFileMb = megabytes('MAX_FILE_MB', 20);
  const maxInitiativeMb = megabytes('MAX_INITIATIVE_MB', 100);
  if (maxInitiativeMb < maxFileMb) problems.push('MAX_INITIATIVE_MB phải lớn hơn hoặc bằng MAX_FILE_MB');

  const fraction = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw.trim().replace(',', '.'));
    if (!Number.isFinite(n) || n <= 0 || n > 1) {
      problems.push(`${name}="${raw}": phải là một số lớn hơn 0 và không quá 1 (ví dụ 0.25)`);
      return fallback;
    }
    return n;
  };
  const noveltyShowAt = fraction('NOVELTY_SHOW_AT', 0.25);
  const noveltyLikelyAt = fraction('NOVELTY_LIKELY_AT', 0.5);
  if (noveltyLikelyAt < noveltyShowAt) problems.push('NOVELTY_LIKELY_AT phải lớn hơn hoặc bằng NOVELTY_SHOW_AT');

  const smtp = parseSmtp(env, problems);
  const appUrlRaw = env.APP_URL?.trim() || undefined;
  if (appUrlRaw !== undefined && !/^https?:\/\/[^\s/]+/.test(appUrlRaw)) problems.push(`APP_URL="${appUrlRaw}": phải có dạng https://tên-máy[/đường-dẫn]`);
  const appUrl = appUrlRaw?.replace(/\/+$/, '');

  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const dataDir = dir(env.DATA_DIR, 'data');
  const uploadDir = dir(env.UPLOAD_DIR, 'uploads');

  if (problems.length > 0) throw new SettingsError(problems);

  return {
    port,
    dataDir,
    uploadDir,
    sessionSecret: sessionSecretRaw ?? persistentSecret(dataDir),
    adminPassword,
    trustProxy,
    production: env.NODE_ENV === 'production',
    maxFileBytes: Math.round(maxFileMb * 1024 * 1024),
    maxInitiativeBytes: Math.round(maxInitiativeMb * 1024 * 1024),
    databaseUrl,
    databasePoolSize,
    readCacheSeconds,
    databaseStartWaitSeconds,
    sqliteReaders,
    openDataDaily,
    jobRetrySeconds,
    jobExpireSeconds,
    jobCheckSeconds,
    mailRetries,
    apiRequestsPerMinute,
    smtp,
    appUrl,
    noveltyShowAt,
    noveltyLikelyAt,
  };
}

/**
 * SMTP_HOST switches e-mail on; SMTP_FROM is then required, SMTP_PORT defaults to 587
 * (465 with SMTP_SECURE=true), SMTP_USER and SMTP_PASSWORD go together.
 */
function parseSmtp(env: NodeJS.ProcessEnv, problems: string[]): SmtpSettings | null {
  const host = env.SMTP_HOST?.trim();
  if (!host) {
    for (const name of ['SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_FROM', 'SMTP_SECURE']) {
      if (env[name]?.trim()) problems.push(`${name}: cần SMTP_HOST (máy chủ thư) để gửi thư điện tử`);
    }
    return null;
  }
  let secure = false;
  const secureRaw = env.SMTP_SECURE?.trim().toLowerCase();
  if (secureRaw) {
    if (['1', 'true', 'yes'].includes(secureRaw)) secure = true;
    else if (!['0', 'false', 'no'].includes(secureRaw)) problems.push(`SMTP_SECURE="${env.SMTP_SECURE}": dùng true hoặc false`);
  }
  let port = secure ? 465 : 587;
  if (env.SMTP_PORT?.trim()) {
    port = Number(env.SMTP_PORT);
    if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`SMTP_PORT="${env.SMTP_PORT}": phải là số nguyên từ 1 đến 65535`);
  }
  const user = env.SMTP_USER?.trim() || undefined;
  const password = env.SMTP_PASSWORD || undefined;
  if (Boolean(user) !== Boolean(password)) problems.push('SMTP_USER và SMTP_PASSWORD: cần cả hai (hoặc bỏ trống cả hai nếu máy chủ thư không yêu cầu đăng nhập)');
  const from = env.SMTP_FROM?.trim();
  if (!from) problems.push('SMTP_FROM: bắt buộc khi dùng SMTP_HOST (địa chỉ người gửi, ví dụ "Kho sáng kiến <sangkien@vinhlinh.gov.vn>")');
  else if (!/[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+/.test(from)) problems.push(`SMTP_FROM="${from}": không phải địa chỉ thư điện tử`);
  return { host, port, secure, user, password, from: from ?? '' };
}

/** A generated secret kept in DATA_DIR so that restarts keep people signed in. */
function persistentSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 16) return stored;
  }
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
