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

  it('says plainly that PostgreSQL is not supported yet', () => {
    expect(() => validateEnvironment({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://x' })).toThrow(/DATABASE_URL/);
  });
});
