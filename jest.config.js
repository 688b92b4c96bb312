/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type errors are caught once by `npm run typecheck`; here we only transpile, which keeps runs fast.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: { ignoreCodes: [151002] } }],
  },
  // Generous: on a loaded two-core machine a hub's start-up and a browser's launch take many times their usual time.
  testTimeout: 180000,
  maxWorkers: 2,
  setupFiles: ['reflect-metadata'],
};
