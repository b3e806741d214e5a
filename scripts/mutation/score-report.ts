/**
 * Prints the score of a Stryker JSON report over the non-equivalent mutants (score.ts): `npm run mutation` runs it
 * after Stryker. Usage: node --import tsx scripts/mutation/score-report.ts [REPORT] [--min PERCENT]
 * (default REPORT out/mutation/mutation.json). Exit 1 when the score is below --min; 2 on a bad report.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InputError } from '../../util/input-error.ts';
import { EQUIVALENT_MUTANTS } from './equivalents.ts';
import { formatScore, mutationScore, parseReport } from './score.ts';

try {
  let args: ReturnType<typeof parseArgs<{ options: { min: { type: 'string' } }; allowPositionals: true }>>;
  try {
    args = parseArgs({ options: { min: { type: 'string' } }, allowPositionals: true });
  } catch (e) {
    throw new InputError('arguments', e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = args;
  const file = positionals[0] ?? 'out/mutation/mutation.json';
  const min = values.min === undefined ? undefined : Number(values.min);
  if (min !== undefined && !(Number.isFinite(min) && min >= 0 && min <= 100))
    throw new InputError('--min', `expected a percentage, got ${values.min}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(file, e instanceof Error ? e.message : String(e));
  }
  const score = mutationScore(parseReport(raw, file), EQUIVALENT_MUTANTS);
  process.stdout.write(`${formatScore(score).join('\n')}\n`);
  process.exitCode = min !== undefined && 100 * score.all.score < min ? 1 : 0;
} catch (e) {
  if (!(e instanceof InputError)) throw e;
  process.stderr.write(`mutation score: ${e.message}\n`);
  process.exitCode = 2;
}
