// Jest ignores `testTimeout` in a project's config, so tests on the real app set theirs
// here: one that sends many requests can take seconds on a loaded machine.
jest.setTimeout(60_000);
