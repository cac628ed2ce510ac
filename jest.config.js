/* global process, module */
// Projects: unit tests beside the code, e2e tests against the real app on a temporary
// SQLite file, the same e2e tests on PostgreSQL when TEST_DATABASE_URL names a server
// (e2e-postgres), and browser journeys in headless Chromium. One run uses every core:
// suites of all projects share the workers.
const swc = ['@swc/jest', require('./test/helpers/swc.cjs')];
const common = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
};

// Kept under another name for the e2e-postgres project's setup file (test/helpers/use-postgres.ts).
const postgres = process.env.TEST_DATABASE_URL && process.env.TEST_DATABASE_URL.trim();
if (postgres) process.env.SANG_KIEN_TEST_POSTGRES = postgres;
delete process.env.TEST_DATABASE_URL;
if (!postgres && process.env.REQUIRE_POSTGRES === '1') {
  throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set (e.g. postgres://root@127.0.0.1:5432/test).');
}

// Tests on the real app: the demo database is seeded once per run and database (a global
// setup named by several projects runs once) and tests get a longer timeout than Jest's 5 s.
const sqliteApp = {
  ...common,
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  setupFiles: ['<rootDir>/test/helpers/use-sqlite.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/app-test-timeout.ts'],
};
const e2e = ['<rootDir>/test/**/*.e2e-spec.ts'];

module.exports = {
  maxWorkers: process.env.JEST_WORKERS || '100%',
  testSequencer: '<rootDir>/test/helpers/sequencer.cjs',
  projects: [
    { ...common, displayName: 'unit', rootDir: '.', testMatch: ['<rootDir>/src/**/*.spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/helpers/app-test-timeout.ts'] },
    { ...sqliteApp, displayName: 'e2e', rootDir: '.', testMatch: e2e },
    ...(postgres
      ? [
          {
            ...common,
            displayName: 'e2e-postgres',
            rootDir: '.',
            testMatch: e2e,
            globalSetup: '<rootDir>/test/helpers/global-setup-postgres.ts',
            globalTeardown: '<rootDir>/test/helpers/global-teardown-postgres.ts',
            setupFiles: ['<rootDir>/test/helpers/use-postgres.ts'],
            setupFilesAfterEnv: ['<rootDir>/test/helpers/app-test-timeout.ts'],
          },
        ]
      : []),
    { ...sqliteApp, displayName: 'browser', rootDir: '.', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
