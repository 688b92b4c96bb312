/**
 * The house rules: layers point down only (kernel → modules → orchestration → app), modules never
 * import each other in a loop, adapters see only the contract. `npm test` runs these
 * (test/architecture.test.ts); `npx depcruise src adapters` prints what breaks them.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'kernel-is-the-bottom',
      comment: 'The kernel (db, common, graphql, auth, events, outbox, external refs) serves every module and knows none.',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: { path: '^src/(modules|orchestration|app|contract)/' },
    },
    {
      name: 'contract-stands-alone',
      comment: 'Adapters compile against the contract alone, so it depends on nothing else of the hub.',
      severity: 'error',
      from: { path: '^src/contract/' },
      to: { path: '^src/', pathNot: '^src/contract/' },
    },
    {
      name: 'modules-below-orchestration',
      comment: 'A domain module uses the kernel and lower modules; imports, sync, B2MML and the app sit above it.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/(orchestration|app|contract)/' },
    },
    {
      name: 'orchestration-below-app',
      comment: 'The composition root assembles orchestration; orchestration never reaches back into it.',
      severity: 'error',
      from: { path: '^src/orchestration/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'no-loops-between-modules',
      comment: 'Modules meet through services and events in one direction; a loop means two modules are one.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/modules/[^/]+$' },
      to: { circular: true },
    },
    {
      name: 'no-loops-between-folders',
      comment: 'Files may refer to each other inside one folder (an entity and its children); folders may not.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'adapters-see-only-the-contract',
      comment: 'An adapter implements src/contract and nothing else of the hub.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^src/', pathNot: '^src/contract/' },
    },
    {
      name: 'adapters-stand-apart',
      comment: 'One adapter never imports another.',
      severity: 'error',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'the-hub-never-imports-an-adapter',
      comment: 'Adapters are loaded by name from the configuration.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^adapters/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|generated)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
