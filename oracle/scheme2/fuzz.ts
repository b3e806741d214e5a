/**
 * Scheme-2 model-based random testing with fast-check (a copy of ../fuzz.ts over scheme-2 steps): a run is a
 * list of oracle steps (a model pick, resolved against the actions enabled at that point, or an adversarial
 * stutter); fast-check draws lists from a seed, runs each through `runOracle2`, and shrinks a failing list.
 * The seed and fast-check's path replay the exact counterexample.
 */
import fc from 'fast-check';
import { describeFailure, type Failure } from '../run.ts';
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
  const step: fc.Arbitrary<Oracle2Step> = fc.oneof(
    { weight: opts.modelWeight ?? 6, arbitrary: fc.nat({ max: 1000 }).map((pick): Oracle2Step => ({ kind: 'model', pick })) },
    { weight: 1, arbitrary: adversary2Arb.map((cmd): Oracle2Step => ({ kind: 'adversary', cmd })) },
  );
  return fc.array(step, { minLength: 1, maxLength: opts.maxSteps, size: 'max' });
}

export interface Fuzz2Options {
  readonly runs: number;
  readonly seed: number;
  readonly maxSteps: number;
  readonly shrink?: boolean;
  readonly path?: string;
  /** At most this many runs while shrinking (default 60): a count, so the same seed gives the same result. */
  readonly shrinkBudget?: number;
}

export interface Fuzz2Report {
  readonly runs: number;
  readonly modelSteps: number;
  readonly adversarySteps: number;
  readonly actions: Readonly<Record<string, number>>;
  readonly kinds: readonly string[];
  readonly skipped: readonly string[];
  readonly counterexample?: {
    readonly seed: number;
    readonly path: string;
    readonly steps: readonly Oracle2Step[];
    readonly failure: Failure;
    readonly outcome: Run2Outcome;
    readonly failedAtRun: number;
  };
}

class Oracle2Failure extends Error {
  constructor(readonly failure: Failure) {
    super(describeFailure(failure));
  }
}

export function fuzz2(setup: Run2Setup, opts: Fuzz2Options): Fuzz2Report {
  let modelSteps = 0;
  let adversarySteps = 0;
  let runs = 0;
  let failedAtRun = 0;
  const actions: Record<string, number> = {};
  const skipped = new Set<string>();
  const kinds = new Set<string>();
  const budget = opts.shrinkBudget ?? 60;
  let shrinkRuns = 0;
  const property = fc.property(steps2Arb({ maxSteps: opts.maxSteps }), (steps) => {
    if (failedAtRun !== 0 && ++shrinkRuns > budget) return;
    runs++;
    const r = runOracle2(setup, steps);
    modelSteps += r.modelSteps;
    adversarySteps += r.adversarySteps;
    for (const s of r.skipped) skipped.add(s);
    for (const rec of r.records.slice(1)) {
      actions[rec.label] = (actions[rec.label] ?? 0) + 1;
      if (rec.action !== undefined) kinds.add(rec.action.kind);
    }
    if (r.failure !== undefined) {
      if (failedAtRun === 0) failedAtRun = runs;
      throw new Oracle2Failure(r.failure);
    }
  });
  const details = fc.check(property, { seed: opts.seed, numRuns: opts.runs, endOnFailure: opts.shrink === false, ...(opts.path === undefined ? {} : { path: opts.path }) });
  const base = { runs: failedAtRun === 0 ? runs : failedAtRun, modelSteps, adversarySteps, actions, kinds: [...kinds].sort(), skipped: [...skipped].sort() };
  if (!details.failed || details.counterexample === null) return base;
  const steps = details.counterexample[0];
  const outcome = runOracle2(setup, steps);
  if (outcome.failure === undefined) throw new Error(`fuzz2: the counterexample (seed ${opts.seed}, path ${details.counterexamplePath}) does not fail when replayed`);
  return { ...base, counterexample: { seed: opts.seed, path: details.counterexamplePath ?? '', steps, failure: outcome.failure, outcome, failedAtRun } };
}
