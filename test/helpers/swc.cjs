/* global module */
// How the tests compile TypeScript: each file on its own with SWC (the project compiles with
// isolatedModules; `npm run typecheck` checks the types). The same settings as tsconfig.json:
// CommonJS, ES2022 (class fields as defined properties), legacy decorators with their
// metadata, which Nest and TypeORM read. Used by jest.config.js and ts-register.cjs.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
