/**
 * Setup file of the e2e-postgres project: its suites run on the PostgreSQL server that
 * TEST_DATABASE_URL named when the run began (jest.config.js keeps it under this name, so
 * that the SQLite projects' suites, in the same workers, do not see it).
 */
export const POSTGRES_URL_ENV = 'SANG_KIEN_TEST_POSTGRES';

if (process.env[POSTGRES_URL_ENV]) process.env.TEST_DATABASE_URL = process.env[POSTGRES_URL_ENV];
