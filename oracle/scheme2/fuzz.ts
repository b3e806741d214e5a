/**
 * Scheme-2 model-based random testing with fast-check: ../fuzz.ts's loop (`fuzzRuns`) over scheme-2 steps (a
 * model pick, resolved against the actions enabled at that point, or one of scheme 2's adversarial stutters),
 * each run through `runOracle2`. The seed and fast-check's path replay the exact counterexample.
 */
import fc from 'fast-check';
import { fuzzRuns, stepsArbOf, type FuzzOptions, type FuzzReportOf } from '../fuzz.ts';
import type { Adversary2Command } from './adversary.ts';
import { runOracle2, type Oracle2Step, type Run2Outcome, type Run2Setup } from './run.ts';

export const adversary2Arb: fc.Arbitrary<Adversary2Command> = fc.oneof(
  fc.record({ kind: fc.constant('restart' as const), node: fc.constantFrom('A' as const, 'S' as const, 'B' as const, 'M' as const) }),
  fc.constant({ kind: 'replay' as const }),
  fc.constant({ kind: 'forgedOffer' as const }),
  fc.constant({ kind: 'forgedBundle' as const }),
  fc.constant({ kind: 'forgedHandoff' as const }),
  fc.constant({ kind: 'staleCancel' as const }),
);

export function steps2Arb(opts: { maxSteps: number; modelWeight?: number }): fc.Arbitrary<Oracle2Step[]> {
  return stepsArbOf(adversary2Arb, opts);
}

export type Fuzz2Options = FuzzOptions;
export type Fuzz2Report = FuzzReportOf<Oracle2Step, Run2Outcome>;

/** Scheme 2's random runs: ../fuzz.ts's loop (`fuzzRuns`) over scheme-2 steps and `runOracle2`. */
export function fuzz2(setup: Run2Setup, opts: Fuzz2Options): Fuzz2Report {
  return fuzzRuns(steps2Arb({ maxSteps: opts.maxSteps }), (steps) => runOracle2(setup, steps), opts, 'fuzz2');
}
