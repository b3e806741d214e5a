// `npm run mutation` (issue 10): StrykerJS on the refusal guards of impl/node (scripts/mutation/guard-ranges.mjs),
// each mutant judged by a focused `apln conform` (the command runner: a mutant is killed when it exits non-zero).
// Not part of npm test. APLN_MUTATE_FILES narrows the files; APLN_MUTATION_COMMAND replaces the conform command.
import { guardRanges } from './scripts/mutation/guard-ranges.mjs';

const CONFORM =
  'node bin/apln.js conform --suite 4 --runs 5 --depth 4 && node bin/apln.js conform --suite 3 --runs 5 --depth 4';

export default {
  testRunner: 'command',
  commandRunner: { command: process.env.APLN_MUTATION_COMMAND ?? CONFORM },
  mutate: guardRanges(process.cwd()),
  // The guard's condition, not its error message.
  mutator: { excludedMutations: ['StringLiteral'] },
  coverageAnalysis: 'off',
  concurrency: 2,
  timeoutMS: 300000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'out/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  tempDirName: 'out/.stryker-tmp',
  ignorePatterns: ['out', 'docs', 'dist', '.vitest-results.json'],
  cleanTempDir: true,
};
