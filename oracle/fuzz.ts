/**
 * Model-based random testing with fast-check: a run is a list of oracle steps (a model pick, resolved against
 * the actions the model enables at that point, or an adversarial stutter); fast-check draws lists from a
 * seed, runs each through `runOracle`, and shrinks a failing list to a short one. The seed and fast-check's
 * path replay the exact counterexample (`fc.check` with `{ seed, path }`).
 */
import fc from 'fast-check';
import type { BindingTypes, ProtocolBinding } from './binding.ts';
import { countGuards, type GuardCounts } from './guard-coverage.ts';
import { describeFailure, runOracle, type Failure, type OracleStep, type RunOutcome, type RunSetup } from './run.ts';

/** Oracle steps over the binding's stutters: mostly model picks, one in `1 + modelWeight` an adversarial stutter. */
export function stepsArb<T extends BindingTypes>(
  binding: ProtocolBinding<T>,
  opts: { maxSteps: number; modelWeight?: number },
): fc.Arbitrary<OracleStep<T['command']>[]> {
  type Step = OracleStep<T['command']>;
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: opts.modelWeight ?? 6, arbitrary: fc.nat({ max: 1000 }).map((pick): Step => ({ kind: 'model', pick })) },
    { weight: 1, arbitrary: binding.adversary.arbitrary.map((cmd): Step => ({ kind: 'adversary', cmd })) },
  );
  return fc.array(step, { minLength: 1, maxLength: opts.maxSteps, size: 'max' });
}

export interface FuzzOptions {
  readonly runs: number;
  /** fast-check's seed (integer). */
  readonly seed: number;
  readonly maxSteps: number;
  /** Shrink a failure to a short counterexample (default true); off, the run stops at the first failure. */
  readonly shrink?: boolean;
  /** Replays one fast-check path (with its seed). */
  readonly path?: string;
  /**
   * At most this many runs while shrinking (default 60): past it every candidate passes, so the shrinker
   * stops where it is. A count, not a clock, so the same seed still gives the same counterexample.
   */
  readonly shrinkBudget?: number;
  /** Called after each random run before any failure (1-based), with the guards it refused with. */
  readonly onRun?: (run: number, guards: readonly string[]) => void;
}

/** What `fuzzRuns` needs from a run's outcome (an in-process run's, or an adapter run's). */
interface FuzzedRun {
  readonly records: readonly { readonly label: string; readonly action?: { readonly kind: string } }[];
  readonly failure?: Failure;
  readonly modelSteps: number;
  readonly adversarySteps: number;
  readonly skipped: readonly string[];
  /** The guards the implementation refused with (in-process runs; an adapter's implementation names none). */
  readonly guards?: readonly string[];
}

/** A fuzz report of a binding's runs. */
export type FuzzReport<T extends BindingTypes> = FuzzReportOf<OracleStep<T['command']>, RunOutcome<T>>;

interface FuzzReportOf<Step, Outcome> {
  readonly runs: number;
  /** Model steps and adversarial steps run on the implementation, over all runs (shrinking included). */
  readonly modelSteps: number;
  readonly adversarySteps: number;
  /** Action labels taken on the implementation, with counts. */
  readonly actions: Readonly<Record<string, number>>;
  /** Model action kinds taken on the implementation. */
  readonly kinds: readonly string[];
  readonly skipped: readonly string[];
  /** Refusals per guard (impl/node/guards.ts) over all runs. */
  readonly guards: GuardCounts;
  readonly counterexample?: {
    readonly seed: number;
    readonly path: string;
    readonly steps: readonly Step[];
    /** The run's own config (sampled runs: `fuzzSampled`), as the decoder takes it. */
    readonly config?: Readonly<Record<string, unknown>>;
    readonly failure: Failure;
    readonly outcome: Outcome;
    /** 1-based: the run in which the first failure showed. */
    readonly failedAtRun: number;
  };
}

class OracleFailure extends Error {
  constructor(readonly failure: Failure) {
    super(describeFailure(failure));
  }
}

/** Runs `opts.runs` random runs of `setup` under fast-check; returns figures and the (shrunk) counterexample. */
export function fuzz<T extends BindingTypes>(
  binding: ProtocolBinding<T>,
  setup: RunSetup<T>,
  opts: FuzzOptions,
): FuzzReport<T> {
  return fuzzRuns(
    stepsArb(binding, { maxSteps: opts.maxSteps }).map((steps) => ({ steps })),
    ({ steps }) => runOracle(binding, setup, steps),
    opts,
    'fuzz',
  );
}

/**
 * Random runs that each draw their own config (and coalition) from `configs` beside their steps, on the model
 * `models` gives for it (oracle/config-arb.ts); a counterexample carries its config, shrunk toward the suite's.
 */
export function fuzzSampled<T extends BindingTypes>(
  binding: ProtocolBinding<T>,
  setup: Omit<RunSetup<T>, 'model'>,
  configs: fc.Arbitrary<Readonly<Record<string, unknown>>>,
  models: (config: Readonly<Record<string, unknown>>) => unknown,
  opts: FuzzOptions,
): FuzzReport<T> {
  const arb = fc
    .tuple(configs, stepsArb(binding, { maxSteps: opts.maxSteps }))
    .map(([config, steps]) => ({ config, steps }));
  return fuzzRuns(
    arb,
    ({ config, steps }) => runOracle(binding, { ...setup, model: models(config) as T['model'] }, steps),
    opts,
    'fuzz',
  );
}

/**
 * The fast-check loop: `opts.runs` step lists drawn from `arb`, each run through `run`;
 * a failing list is shrunk (within `shrinkBudget` runs) and replayed once more to carry its outcome.
 */
function fuzzRuns<
  Step,
  Input extends { readonly config?: Readonly<Record<string, unknown>>; readonly steps: readonly Step[] },
  Outcome extends FuzzedRun,
>(
  arb: fc.Arbitrary<Input>,
  run: (input: Input) => Outcome,
  opts: FuzzOptions,
  who: string,
): FuzzReportOf<Step, Outcome> {
  let modelSteps = 0;
  let adversarySteps = 0;
  let runs = 0;
  let failedAtRun = 0;
  const actions: Record<string, number> = {};
  const skipped = new Set<string>();
  const kinds = new Set<string>();
  const guards: Record<string, number> = {};
  const budget = opts.shrinkBudget ?? 60;
  let shrinkRuns = 0;
  const property = fc.property(arb, (input) => {
    if (failedAtRun !== 0 && ++shrinkRuns > budget) return;
    runs++;
    const r = run(input);
    modelSteps += r.modelSteps;
    adversarySteps += r.adversarySteps;
    for (const s of r.skipped) skipped.add(s);
    countGuards(guards, r.guards ?? []);
    if (failedAtRun === 0) opts.onRun?.(runs, r.guards ?? []);
    for (const rec of r.records.slice(1)) {
      actions[rec.label] = (actions[rec.label] ?? 0) + 1;
      if (rec.action !== undefined) kinds.add(rec.action.kind);
    }
    if (r.failure !== undefined) {
      if (failedAtRun === 0) failedAtRun = runs;
      throw new OracleFailure(r.failure);
    }
  });
  const details = fc.check(property, {
    seed: opts.seed,
    numRuns: opts.runs,
    endOnFailure: opts.shrink === false,
    ...(opts.path === undefined ? {} : { path: opts.path }),
  });
  const base = {
    runs: failedAtRun === 0 ? runs : failedAtRun,
    modelSteps,
    adversarySteps,
    actions,
    kinds: [...kinds].sort(),
    skipped: [...skipped].sort(),
    guards,
  };
  if (!details.failed || details.counterexample === null) return base;
  const input = details.counterexample[0];
  const outcome = run(input);
  if (outcome.failure === undefined)
    throw new Error(
      `${who}: the counterexample (seed ${opts.seed}, path ${details.counterexamplePath}) does not fail when replayed`,
    );
  return {
    ...base,
    counterexample: {
      seed: opts.seed,
      path: details.counterexamplePath ?? '',
      steps: input.steps,
      ...(input.config === undefined ? {} : { config: input.config }),
      failure: outcome.failure,
      outcome,
      failedAtRun,
    },
  };
}
