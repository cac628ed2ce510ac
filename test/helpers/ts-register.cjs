/* eslint-disable @typescript-eslint/no-require-imports -- a require hook is CommonJS by nature */
/* global require */
// Lets a child process run the application's TypeScript as it is (`node -r
// ./test/helpers/ts-register.js src/main.ts`), for tests that must kill a real server
// process. Each file is transpiled on its own (the project compiles with isolatedModules).
const { readFileSync } = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  resolveJsonModule: true,
  inlineSourceMap: true,
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
