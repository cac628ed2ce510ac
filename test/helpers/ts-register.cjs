/* eslint-disable @typescript-eslint/no-require-imports -- a require hook is CommonJS by nature */
/* global require */
// Lets a child process run the application's TypeScript as it is (`node -r
// ./test/helpers/ts-register.cjs src/main.ts`), for tests that must kill a real server
// process. Each file is compiled on its own by SWC, with the settings the tests use (swc.cjs).
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');
const options = require('./swc.cjs');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename, swcrc: false, configFile: false });
  module._compile(code, filename);
};
