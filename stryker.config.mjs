// `npm run mutation` (issue 10): StrykerJS on the refusal guards of impl/node (scripts/mutation/guard-ranges.mjs),
// each mutant judged by oracle runs (scripts/mutation/oracle-runner.mjs: the default conformance suites' coverage
// paths, deep paths and random runs, one Stryker test each, loaded once per worker, mutants switched at run time).
// Not part of npm test. APLN_MUTATE_FILES narrows the files; APLN_MUTATION_BUDGET (JSON) sets the oracle runs,
// APLN_MUTATION_CAP_MS the time a mutant gets (scripts/mutation/oracle-runner.mjs), APLN_MUTATION_CONCURRENCY the
// runner processes. After Stryker, scripts/mutation/score-report.ts prints the score over the non-equivalent mutants.
import { guardRanges } from './scripts/mutation/guard-ranges.mjs';

export default {
  plugins: ['./scripts/mutation/oracle-runner.mjs'],
  testRunner: 'apln-oracle',
  mutate: guardRanges(process.cwd()),
  // The guard's condition, not its error message.
  // APLN_MUTATION_EXCLUDE (comma-separated mutator names) leaves out more.
  mutator: {
    excludedMutations: [
      'StringLiteral',
      ...(process.env.APLN_MUTATION_EXCLUDE?.split(',').filter((m) => m !== '') ?? []),
    ],
  },
  // Each mutant runs only the oracle runs that reach its code; one no run reaches is NoCoverage.
  coverageAnalysis: 'perTest',
  // The machine's two cores are shared: one runner process unless APLN_MUTATION_CONCURRENCY says more (each
  // process builds its own set-up worlds: scripts/mutation/oracle-runner.mjs forgets them before every mutant).
  concurrency: Number(process.env.APLN_MUTATION_CONCURRENCY ?? 1),
  timeoutMS: 60000,
  // The dry run is every oracle run of the budget (minutes on a loaded machine).
  dryRunTimeoutMinutes: 60,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'out/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  tempDirName: 'out/.stryker-tmp',
  ignorePatterns: ['out', 'docs', 'dist', '.vitest-results.json'],
  cleanTempDir: true,
};
