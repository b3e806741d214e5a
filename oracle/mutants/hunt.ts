/**
 * Hunting a mutant: seeded random oracle runs against the mutant, in the configuration where its bug can show;
 * a run catches the mutant when it fails on the mutant and passes on the honest implementation (same steps,
 * same world seed), so a known divergence of the honest code never counts as a catch.
 */
import fc from 'fast-check';
import type { ProtocolConfig } from '../../model/config.ts';
import { buildVariant } from '../../variants/index.ts';
import type { ProtocolModel } from '../../model/scheme1/machine.ts';
import type { Party } from '../../model/parties.ts';
import { stepsArb } from '../fuzz.ts';
import { runOracle, type Failure, type OracleStep } from '../run.ts';
import type { Mutant } from './mutant.ts';

/** Where each mutant is hunted: the variant and config changes that let its bug show. */
export const HUNT_CONFIG: Readonly<Record<string, { readonly variant: string; readonly deviating: readonly Party[]; readonly hubMayCrash?: boolean }>> = {
  'hub-skips-point-check': { variant: 'scheme1-direct', deviating: ['S'] },
  'hub-buys-superseded': { variant: 'scheme1-direct', deviating: ['A'] },
  'payee-reveals-early': { variant: 'scheme1-direct', deviating: [] },
  'payer-reuses-nonce': { variant: 'scheme1-direct', deviating: ['A'] },
  'accepts-forged': { variant: 'scheme1-direct', deviating: ['S'] },
  'restart-loses-state': { variant: 'scheme1-direct', deviating: [], hubMayCrash: true },
  'watcher-asleep': { variant: 'scheme1-direct', deviating: ['S'] },
};

export function huntModel(mutant: Mutant): ProtocolModel {
  const h = HUNT_CONFIG[mutant.name] ?? { variant: 'scheme1-direct', deviating: ['S'] };
  const base = buildVariant(h.variant).ctx.config;
  const config: ProtocolConfig = { ...base, deviating: h.deviating, ...(h.hubMayCrash === undefined ? {} : { hubMayCrash: h.hubMayCrash }) };
  return buildVariant(h.variant, config);
}

export interface HuntResult {
  readonly mutant: string;
  /** Runs made (up to the catch). */
  readonly runs: number;
  /** 1-based run that caught it; undefined when it survived `maxRuns`. */
  readonly caughtAtRun?: number;
  readonly failure?: Failure;
  readonly steps?: readonly OracleStep[];
}

export function huntMutant(mutant: Mutant, opts: { seed: number; maxRuns: number; maxSteps: number; worldSeed?: number }): HuntResult {
  const model = huntModel(mutant);
  const worldSeed = opts.worldSeed ?? 1;
  const runs = fc.sample(stepsArb({ maxSteps: opts.maxSteps }), { seed: opts.seed, numRuns: opts.maxRuns });
  for (const [i, steps] of runs.entries()) {
    const r = runOracle({ model, seed: worldSeed, mutant }, steps);
    if (r.failure === undefined) continue;
    const honest = runOracle({ model, seed: worldSeed }, steps);
    if (honest.failure !== undefined) continue;
    return { mutant: mutant.name, runs: i + 1, caughtAtRun: i + 1, failure: r.failure, steps: steps.slice(0, r.records.length + 5) };
  }
  return { mutant: mutant.name, runs: runs.length };
}
