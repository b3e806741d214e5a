/**
 * The architecture's arrows (../shared/ARCHITECTURE.md, README "Layout") as rules that fail CI.
 * `npm run lint:deps` checks them; `npm run lint` runs them with Biome and knip.
 */
/** Tests are integration points: the layering rules bind source files; cycles bind everything. */
const TEST = '\\.test\\.ts$';
const PROTOCOL = '^(model|properties|impl|oracle|traces|analysis|report|baselines)/';
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle between source files.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'checker-is-generic',
      severity: 'error',
      comment: 'checker/ is the generic explicit-state search: it imports no protocol code (only util/).',
      from: { path: '^checker/', pathNot: TEST },
      to: { path: [PROTOCOL, '^cli/'] },
    },
    {
      name: 'impl-knows-no-model',
      severity: 'error',
      comment: 'impl/ is the implementation: it imports neither model/ nor checker/ (nor anything above them).',
      from: { path: '^impl/', pathNot: TEST },
      to: { path: '^(model|checker|properties|oracle|traces|cli|analysis|report)/' },
    },
    {
      name: 'model-imports-no-properties',
      severity: 'error',
      comment: 'Properties are attached to variants above both; model/ never imports properties/.',
      from: { path: '^model/', pathNot: TEST },
      to: { path: '^(properties|oracle|impl|cli|analysis|report)/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment:
        'cli/ wires everything together; nothing of the library imports it (bin/ starts it; bench/ and scripts/ are entry points beside it).',
      from: { pathNot: ['^(cli|bin|bench|scripts)/', TEST] },
      to: { path: '^cli/' },
    },
    {
      name: 'util-is-a-leaf',
      severity: 'error',
      comment: 'util/ imports nothing of the project.',
      from: { path: '^util/', pathNot: TEST },
      to: { path: '^(checker|model|properties|impl|oracle|traces|cli|analysis|report|examples|bench)/' },
    },
    {
      name: 'traces-over-checker',
      severity: 'error',
      comment: 'traces/ (ITF) sits on checker/ results; it imports no protocol code.',
      from: { path: '^traces/', pathNot: TEST },
      to: { path: '^(model|properties|impl|oracle|cli|analysis|report)/' },
    },
    {
      name: 'no-orphans',
      severity: 'warn',
      comment: 'A source file nothing imports (tests, entry points and configs aside) is dead code.',
      from: {
        orphan: true,
        pathNot: [
          '\\.test\\.ts$',
          '(^|/)\\.[^/]+\\.(js|cjs|mjs|ts|json)$',
          '\\.d\\.ts$',
          '(^|/)tsconfig\\.json$',
          '^(bin|bench|scripts)/',
          'vitest\\.(config|setup)\\.ts$',
          'main\\.ts$',
          '^report/client\\.js$',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '^out/', '^docs/', '^dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
