// Jest ignores `testTimeout` in a project's config, so every project sets its timeout here:
// a test that sends many requests to the real app, or builds and reads real workbooks and
// archives, can take seconds on a loaded machine (the tests must pass with both cores busy).
jest.setTimeout(60_000);
