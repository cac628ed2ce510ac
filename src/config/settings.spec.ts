import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsError, validateEnvironment } from './settings';

describe(validateEnvironment.name, () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'sk-settings-'));

  it('uses the defaults', () => {
    const dir = dataDir();
    const s = validateEnvironment({ DATA_DIR: dir });
    expect(s).toMatchObject({ port: 3000, dataDir: dir, trustProxy: false, adminPassword: undefined, production: false });
    expect(s.uploadDir).toMatch(/uploads$/);
  });

  it('generates a session secret once and keeps it in DATA_DIR', () => {
    const dir = dataDir();
    const first = validateEnvironment({ DATA_DIR: dir }).sessionSecret;
    expect(first).toHaveLength(64);
    expect(readFileSync(join(dir, 'session-secret'), 'utf8').trim()).toBe(first);
    expect(validateEnvironment({ DATA_DIR: dir }).sessionSecret).toBe(first);
  });

  it('reads TRUST_PROXY as a boolean, a hop count or a list', () => {
    const d = dataDir();
    expect(validateEnvironment({ DATA_DIR: d, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(validateEnvironment({ DATA_DIR: d, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(validateEnvironment({ DATA_DIR: d, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('lists every bad value at once, in a clear message', () => {
    let error: unknown;
    try {
      validateEnvironment({ DATA_DIR: dataDir(), PORT: 'abc', ADMIN_PASSWORD: 'short', SESSION_SECRET: 'x', TRUST_PROXY: 'có' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const problems = (error as SettingsError).problems;
    expect(problems).toHaveLength(4);
    expect((error as Error).message).toContain('PORT="abc"');
    expect((error as Error).message).toContain('ADMIN_PASSWORD');
  });

  it('takes a PostgreSQL URL with a shared session secret, and a pool size', () => {
    const s = validateEnvironment({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://root@127.0.0.1:5432/tinh', SESSION_SECRET: 'mot-khoa-chung-rat-dai', DATABASE_POOL_SIZE: '20' });
    expect(s.databaseUrl).toBe('postgres://root@127.0.0.1:5432/tinh');
    expect(s.databasePoolSize).toBe(20);
    expect(validateEnvironment({ DATA_DIR: dataDir() }).databaseUrl).toBeUndefined();
  });

  it('refuses a database URL that is not PostgreSQL, one without a database, or without a shared session secret', () => {
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), DATABASE_URL: 'mysql://x/y', SESSION_SECRET: 'mot-khoa-chung-rat-dai' })).toThrow(/DATABASE_URL: phải có dạng postgres/);
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://x', SESSION_SECRET: 'mot-khoa-chung-rat-dai' })).toThrow(/DATABASE_URL/);
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://x/y' })).toThrow(/SESSION_SECRET: bắt buộc khi dùng DATABASE_URL/);
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('keeps reads 10 s and opens 2 SQLite readers unless told otherwise (0 switches either off)', () => {
    expect(validateEnvironment({ DATA_DIR: dataDir() })).toMatchObject({ readCacheSeconds: 10, sqliteReaders: 2 });
    expect(validateEnvironment({ DATA_DIR: dataDir(), READ_CACHE_SECONDS: '0', SQLITE_READERS: '0' })).toMatchObject({ readCacheSeconds: 0, sqliteReaders: 0 });
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), READ_CACHE_SECONDS: '1.5' })).toThrow(/READ_CACHE_SECONDS="1.5"/);
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), SQLITE_READERS: '-1' })).toThrow(/SQLITE_READERS="-1": phải là số nguyên từ 0 đến 16/);
  });

  it('lists similar initiatives at 0.25 and marks "có thể trùng" at 0.5 unless told otherwise', () => {
    expect(validateEnvironment({ DATA_DIR: dataDir() })).toMatchObject({ noveltyShowAt: 0.25, noveltyLikelyAt: 0.5 });
    expect(validateEnvironment({ DATA_DIR: dataDir(), NOVELTY_SHOW_AT: '0,3', NOVELTY_LIKELY_AT: '0.7' })).toMatchObject({ noveltyShowAt: 0.3, noveltyLikelyAt: 0.7 });
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), NOVELTY_SHOW_AT: '25' })).toThrow(/NOVELTY_SHOW_AT="25": phải là một số lớn hơn 0 và không quá 1/);
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), NOVELTY_SHOW_AT: 'x' })).toThrow(/NOVELTY_SHOW_AT="x"/);
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), NOVELTY_SHOW_AT: '0.6' })).toThrow(/NOVELTY_LIKELY_AT phải lớn hơn hoặc bằng NOVELTY_SHOW_AT/);
  });

  it('sends no e-mail without SMTP_HOST; with it, needs a sender and reads port and TLS', () => {
    expect(validateEnvironment({ DATA_DIR: dataDir() })).toMatchObject({ smtp: null, appUrl: undefined });
    expect(validateEnvironment({ DATA_DIR: dataDir(), SMTP_HOST: 'mail.vinhlinh.gov.vn', SMTP_FROM: 'Kho sáng kiến <sangkien@vinhlinh.gov.vn>', APP_URL: 'https://sangkien.vinhlinh.gov.vn/' })).toMatchObject({
      smtp: { host: 'mail.vinhlinh.gov.vn', port: 587, secure: false, user: undefined, password: undefined, from: 'Kho sáng kiến <sangkien@vinhlinh.gov.vn>' },
      appUrl: 'https://sangkien.vinhlinh.gov.vn',
    });
    expect(validateEnvironment({ DATA_DIR: dataDir(), SMTP_HOST: 'h', SMTP_FROM: 'a@b.vn', SMTP_SECURE: 'true', SMTP_USER: 'u', SMTP_PASSWORD: 'p' }).smtp).toMatchObject({ port: 465, secure: true, user: 'u', password: 'p' });
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), SMTP_HOST: 'h' })).toThrow(/SMTP_FROM: bắt buộc khi dùng SMTP_HOST/);
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), SMTP_HOST: 'h', SMTP_FROM: 'a@b.vn', SMTP_PORT: 'x', SMTP_USER: 'u' })).toThrow(/SMTP_PORT="x"[\s\S]*SMTP_USER và SMTP_PASSWORD/);
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), SMTP_FROM: 'a@b.vn' })).toThrow(/SMTP_FROM: cần SMTP_HOST/);
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), APP_URL: 'sangkien' })).toThrow(/APP_URL="sangkien"/);
  });
});
