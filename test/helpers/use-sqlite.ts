// Setup file of the SQLite projects (e2e, browser): a worker that ran a PostgreSQL suite
// before has TEST_DATABASE_URL set; these suites run on a temporary SQLite file.
delete process.env.TEST_DATABASE_URL;
