/**
 * Hunting a mutant, of any scheme: seeded random oracle runs against the mutant, in the configuration where its
 * bug can show (the binding's `huntModel`); a run catches the mutant when it fails on the mutant and passes on
 * the honest implementation (same steps, same world seed), so a known divergence of the honest code never
 * counts as a catch.
 */
import fc from 'fast-check';
import type { BindingTypes, ProtocolBinding } from './binding.ts';
import { stepsArb } from './fuzz.ts';
import { runOracle, type Failure, type OracleStep } from './run.ts';

export interface HuntResult<Cmd = unknown> {
  readonly mutant: string;
  /** Runs made (up to the catch). */
  readonly runs: number;
  /** 1-based run that caught it; undefined when it survived `maxRuns`. */
  readonly caughtAtRun?: number;
  readonly failure?: Failure;
  readonly steps?: readonly OracleStep<Cmd>[];
  /** Not hunted by random runs (the binding says why it is caught elsewhere). */
  readonly notHunted?: true;
}

export function huntMutant<T extends BindingTypes>(
  binding: ProtocolBinding<T>,
  mutant: T['mutant'],
  opts: { seed: number; maxRuns: number; maxSteps: number; worldSeed?: number },
): HuntResult<T['command']> {
  const model = binding.huntModel(mutant);
  if (model === undefined) return { mutant: mutant.name, runs: 0, notHunted: true };
  const worldSeed = opts.worldSeed ?? 1;
  const runs = fc.sample(stepsArb(binding, { maxSteps: opts.maxSteps }), { seed: opts.seed, numRuns: opts.maxRuns });
  for (const [i, steps] of runs.entries()) {
    const r = runOracle(binding, { model, seed: worldSeed, mutant }, steps);
    if (r.failure === undefined) continue;
    const honest = runOracle(binding, { model, seed: worldSeed }, steps);
    if (honest.failure !== undefined) continue;
    return {
      mutant: mutant.name,
      runs: i + 1,
      caughtAtRun: i + 1,
      failure: r.failure,
      steps: steps.slice(0, r.records.length + 5),
    };
  }
  return { mutant: mutant.name, runs: runs.length };
}
