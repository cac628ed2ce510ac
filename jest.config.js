// Three projects: unit tests beside the code, e2e tests against the real app on a
// temporary SQLite file, and browser journeys in headless Chromium.
const tsJest = ['ts-jest', {}];
const common = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
};
// Tests on the real app: the demo database is seeded once per run (a global setup named
// by both projects runs once) and tests get a longer timeout than Jest's 5 s.
const app = {
  ...common,
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/helpers/app-test-timeout.ts'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', rootDir: '.', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...app, displayName: 'e2e', rootDir: '.', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...app, displayName: 'browser', rootDir: '.', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
